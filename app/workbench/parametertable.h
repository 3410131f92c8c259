// SPDX-License-Identifier: MIT
#pragma once

#include "db/runresult.h"

#include <QWidget>

class QTableWidget;

namespace PlanLens {

// Values for $1, $2, … and named parameters of both scripts. The array parameters the runner binds itself need
// none: $ids, $ids_2, $ids_3, … (the previous statement's first column) and those a rewrite declares.
class ParameterTable : public QWidget
{
    Q_OBJECT
public:
    explicit ParameterTable(QWidget *parent = nullptr);

    QList<RunParameter> parameters() const;
    void setParameters(const QList<RunParameter> &parameters);
    // Adds a row for every parameter of the scripts that has none yet and that the runner does not bind itself
    // (the default array names, ExplainRunner::isDefaultArrayParamName(), and arrayParamNames, the names a
    // rewrite declares as array parameters); returns the names added.
    QStringList addMissing(const QStringList &scripts, const QStringList &arrayParamNames = {});

signals:
    void statusMessage(const QString &text);
    void detectRequested();

private:
    void addRow(const QString &name, const QString &value, const QString &type);

    QTableWidget *m_table = nullptr;
};

} // namespace PlanLens
