// SPDX-License-Identifier: MIT
#pragma once

#include "compare/plandiff.h"

#include <QAbstractTableModel>
#include <QHash>

namespace PlanLens {

// The operations of a before/after pair in one grid: a row per matched pair (before and after self time, the
// change and the ratio, rows on both sides), then a row per node only one side has, its other side empty. Rows
// come from the PlanDiff CompareView already computed; nothing is matched again here. Uses PlanOperationsModel's
// SortRole and FilterRole so PlanOperationsView can show it.
class CompareOperationsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        IdsColumn,           // "5 → 4"; "3 → –" only before, "– → 7" only after
        OperationColumn,     // "Seq Scan → Bitmap Heap Scan" when the matched pair changed type
        RelationColumn,
        BeforeSelfColumn,
        AfterSelfColumn,
        DeltaColumn,         // after − before; sorts by size, either way
        RatioColumn,         // before ÷ after as a speed-up: "×118 faster"
        BeforeRowsColumn,
        AfterRowsColumn,
        StatusColumn,        // matched, changed, only before, only after
        ColumnCount
    };
    enum Role { BeforeIdRole = Qt::UserRole + 10, AfterIdRole };

    explicit CompareOperationsModel(QObject *parent = nullptr);

    void setComparison(const Plan &before, const Plan &after, const PlanDiff &diff);
    void clear();

    NodePair pairAt(int row) const;
    // The row of a selection (a node on either side; a matched pair is found from either id); -1 when none.
    int rowOf(int beforeId, int afterId) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    const PlanNode *beforeNode(int row) const;
    const PlanNode *afterNode(int row) const;
    QVariant display(int row, int column) const;
    QVariant sortValue(int row, int column) const;
    std::optional<double> selfMs(const PlanNode *node, bool after) const;

    Plan m_before;
    Plan m_after;
    QList<NodePair> m_rows;
    QHash<int, int> m_rowOfBefore;
    QHash<int, int> m_rowOfAfter;
};

} // namespace PlanLens
