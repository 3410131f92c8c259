// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

class QWidget;

namespace PlanLens {

// File › Export Anonymized…: asks for a file name, then writes the plan with names and literals replaced by tokens
// (same format as it was pasted) and, when there is SQL, the SQL anonymized with the same tokens as <name>.sql
// beside it. Says what went wrong in a message box; writes nothing then.
void exportAnonymized(QWidget *parent, const QString &planText, const QString &sql);

// The same without the dialogs: writes planPath (and <name>.sql when sql is not blank). Returns the SQL file written
// (empty without SQL) or sets *error to a sentence and writes nothing.
QString writeAnonymized(const QString &planPath, const QString &planText, const QString &sql, QString *error);

} // namespace PlanLens
