// SPDX-License-Identifier: MIT
#pragma once

#include "plan/plan.h"

#include <QAbstractTableModel>

namespace PlanLens {

// Every node of one plan as a row of figures ("top operations"): what each operation cost by itself, so sorting by
// self time ranks where the time went. Display text goes through Units; SortRole gives the raw figure (numbers
// sort as numbers, absent figures sort below every present one); FilterRole is the text a filter matches (node
// type, relation, index, alias, names and every condition); NodeIdRole the node id.
class PlanOperationsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        IdColumn,
        OperationColumn,
        RelationColumn,     // relation (and alias), or index, CTE, function, subplan name
        SelfTimeColumn,
        SelfShareColumn,
        TotalTimeColumn,
        RowsColumn,         // actual rows per loop, as printed (PostgreSQL 18's fractions kept)
        PlanRowsColumn,
        EstimateColumn,     // actual ÷ estimated rows: "×12", "÷40"
        LoopsColumn,
        SharedHitColumn,    // the node's own blocks (children's subtracted)
        SharedReadColumn,
        TempColumn,         // own temp blocks read + written
        IoTimeColumn,       // read + write time as printed (includes the children's)
        ColumnCount
    };
    enum Role { SortRole = Qt::UserRole + 1, FilterRole, NodeIdRole };

    explicit PlanOperationsModel(QObject *parent = nullptr);

    void setPlan(const Plan &plan);
    const Plan &plan() const { return m_plan; }
    int rowOfNode(int id) const { return id >= 0 && id < m_plan.nodes.size() ? id : -1; }   // one row per node, by id

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // The text a filter looks in, shared with the compare grid.
    static QString filterText(const PlanNode &node);
    static QString relationText(const PlanNode &node);

private:
    QVariant display(const PlanNode &node, int column) const;
    QVariant sortValue(const PlanNode &node, int column) const;

    Plan m_plan;
    // FilterRole's text per node, built on the first filter: every keystroke refilters every row, and joining
    // twenty strings per node 20,000 times is most of a keystroke's time.
    mutable QStringList m_filterTexts;
};

} // namespace PlanLens
