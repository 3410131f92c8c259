// SPDX-License-Identifier: MIT
#pragma once

#include "detect/finding.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QColor>
#include <QList>
#include <QStringList>

namespace PlanLens {

struct Plan;

// The findings of one plan as a table: severity, rule, node, message. Sort through a QSortFilterProxyModel on
// SortRole (severity and node sort as numbers). Row r is findings().at(r).
class FindingsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { SeverityColumn, RuleColumn, NodeColumn, MessageColumn, ColumnCount };
    enum Role {
        SortRole = Qt::UserRole,         // a number for severity/node, text otherwise
        FindingIndexRole,                // int: index into findings()
        NodeIdRole,                      // int: the finding's node, -1 for none
        SpanStartRole,                   // int: QString index, -1 without span
        SpanEndRole,
        RuleRole,                        // QString: the rule id
        LevelRole,                       // int: FindingLevel
    };

    explicit FindingsModel(QObject *parent = nullptr);

    // `plan` (optional) names the nodes ("#3 Seq Scan on tracks t").
    void setFindings(const QList<Finding> &findings, const Plan *plan = nullptr);
    void clear();
    const QList<Finding> &findings() const { return m_findings; }
    const Finding *findingAt(int row) const;

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    static QColor levelColor(FindingLevel level);

private:
    QList<Finding> m_findings;
    QHash<int, QString> m_nodeNames;   // by node id, for the nodes the findings name
};

} // namespace PlanLens
