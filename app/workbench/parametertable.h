// SPDX-License-Identifier: MIT
#pragma once

#include "db/runresult.h"

#include <QWidget>

class QTableWidget;

namespace PlanLens {

// Values for $1, $2, … and named parameters of both scripts ($ids needs none: it is bound from the previous
// statement's first column).
class ParameterTable : public QWidget
{
    Q_OBJECT
public:
    explicit ParameterTable(QWidget *parent = nullptr);

    QList<RunParameter> parameters() const;
    void setParameters(const QList<RunParameter> &parameters);
    // Adds a row for every parameter of the scripts that has none yet; returns their names.
    QStringList addMissing(const QStringList &scripts);

signals:
    void statusMessage(const QString &text);
    void detectRequested();

private:
    void addRow(const QString &name, const QString &value, const QString &type);

    QTableWidget *m_table = nullptr;
};

} // namespace PlanLens
