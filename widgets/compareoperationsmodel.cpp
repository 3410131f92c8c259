// SPDX-License-Identifier: MIT
#include "compareoperationsmodel.h"
#include "releaseonworker.h"
#include "format/units.h"
#include "planoperationsmodel.h"
#include "plannodeformat.h"
#include "theme.h"

#include <QColor>

#include <cmath>

namespace PlanLens {

namespace {

constexpr double kAbsent = -1.0;   // sorts below every real figure (see PlanOperationsModel)

QString pairText(const QString &before, const QString &after)
{
    if (before.isEmpty() || after.isEmpty() || before == after)
        return before.isEmpty() ? after : before;
    return before + QStringLiteral(" → ") + after;
}

QColor betterColour() { return Theme::colour(Theme::Role::BetterText); }
QColor worseColour() { return Theme::colour(Theme::Role::WorseText); }

} // namespace

CompareOperationsModel::CompareOperationsModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void CompareOperationsModel::setComparison(const Plan &before, const Plan &after, const PlanDiff &diff)
{
    beginResetModel();
    releaseOnWorker(std::exchange(m_before, before));
    releaseOnWorker(std::exchange(m_after, after));
    m_rows.clear();
    m_rowOfBefore.clear();
    m_rowOfAfter.clear();
    auto add = [this](int b, int a) {
        // Ids out of range would be a diff of other plans: keep the grid consistent rather than crash.
        if (b >= m_before.nodes.size() || a >= m_after.nodes.size())
            return;
        if (b >= 0)
            m_rowOfBefore.insert(b, int(m_rows.size()));
        if (a >= 0)
            m_rowOfAfter.insert(a, int(m_rows.size()));
        m_rows.append(NodePair{b, a});
    };
    for (const NodePair &p : diff.matched)
        add(p.beforeId, p.afterId);
    for (int b : diff.removed)
        add(b, -1);
    for (int a : diff.added)
        add(-1, a);
    endResetModel();
}

void CompareOperationsModel::clear()
{
    setComparison({}, {}, {});
}

NodePair CompareOperationsModel::pairAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows[row] : NodePair{};
}

int CompareOperationsModel::rowOf(int beforeId, int afterId) const
{
    if (beforeId >= 0)
        return m_rowOfBefore.value(beforeId, -1);
    return afterId >= 0 ? m_rowOfAfter.value(afterId, -1) : -1;
}

int CompareOperationsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int CompareOperationsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

const PlanNode *CompareOperationsModel::beforeNode(int row) const
{
    const int id = m_rows[row].beforeId;
    return id >= 0 ? &m_before.nodes[id] : nullptr;
}

const PlanNode *CompareOperationsModel::afterNode(int row) const
{
    const int id = m_rows[row].afterId;
    return id >= 0 ? &m_after.nodes[id] : nullptr;
}

std::optional<double> CompareOperationsModel::selfMs(const PlanNode *node, bool after) const
{
    const Plan &plan = after ? m_after : m_before;
    if (!node || !plan.hasAnalyze || !plan.hasTiming)
        return std::nullopt;
    return node->neverExecuted ? 0.0 : node->exclusiveMs;
}

QVariant CompareOperationsModel::display(int row, int column) const
{
    const PlanNode *b = beforeNode(row);
    const PlanNode *a = afterNode(row);
    const auto bt = selfMs(b, false);
    const auto at = selfMs(a, true);
    auto rows = [](const PlanNode *n) {
        if (!n)
            return QString();
        if (n->neverExecuted)
            return tr("never executed");
        return n->actualRows ? Units::rows(*n->actualRows) : QString();
    };
    switch (column) {
    case IdsColumn:
        return QStringLiteral("%1 → %2").arg(b ? QString::number(b->id) : QStringLiteral("–"),
                                             a ? QString::number(a->id) : QStringLiteral("–"));
    case OperationColumn: return pairText(b ? NodeFormat::title(*b) : QString(), a ? NodeFormat::title(*a) : QString());
    case RelationColumn:
        return pairText(b ? PlanOperationsModel::relationText(*b) : QString(),
                        a ? PlanOperationsModel::relationText(*a) : QString());
    case BeforeSelfColumn: return bt ? Units::duration(*bt) : QString();
    case AfterSelfColumn: return at ? Units::duration(*at) : QString();
    case DeltaColumn:
        // A node only one side has changes the time by all of its own.
        if (!bt && !at)
            return QString();
        return Units::signedDuration(at.value_or(0) - bt.value_or(0));
    case RatioColumn:
        if (!bt || !at || !(*bt > 0) || !(*at > 0))
            return QString();
        return Units::speedup(*bt / *at);
    case BeforeRowsColumn: return rows(b);
    case AfterRowsColumn: return rows(a);
    case StatusColumn:
        if (!a)
            return tr("only before");
        if (!b)
            return tr("only after");
        return NodeFormat::title(*b) == NodeFormat::title(*a) ? tr("matched") : tr("changed");
    }
    return {};
}

QVariant CompareOperationsModel::sortValue(int row, int column) const
{
    const PlanNode *b = beforeNode(row);
    const PlanNode *a = afterNode(row);
    const auto bt = selfMs(b, false);
    const auto at = selfMs(a, true);
    switch (column) {
    case IdsColumn: return b ? double(b->id) : 1e9 + a->id;   // before order, then the nodes only after has
    case OperationColumn:
    case RelationColumn:
    case StatusColumn: return display(row, column);
    case BeforeSelfColumn: return bt.value_or(kAbsent);
    case AfterSelfColumn: return at.value_or(kAbsent);
    case DeltaColumn:
        // By size, either way: the biggest wins and the biggest losses come first in one descending sort.
        return bt || at ? std::abs(at.value_or(0) - bt.value_or(0)) : kAbsent;
    case RatioColumn:
        return bt && at && *bt > 0 && *at > 0 ? std::log10(*bt / *at) : -1e9;
    case BeforeRowsColumn: return b && b->actualRows ? *b->actualRows : kAbsent;
    case AfterRowsColumn: return a && a->actualRows ? *a->actualRows : kAbsent;
    }
    return {};
}

QVariant CompareOperationsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const int row = index.row();
    switch (role) {
    case Qt::DisplayRole: return display(row, index.column());
    case PlanOperationsModel::SortRole: return sortValue(row, index.column());
    case PlanOperationsModel::FilterRole: {
        QString text;
        if (const PlanNode *b = beforeNode(row))
            text += PlanOperationsModel::filterText(*b);
        if (const PlanNode *a = afterNode(row))
            text += u'\n' + PlanOperationsModel::filterText(*a);
        return text;
    }
    case BeforeIdRole: return m_rows[row].beforeId;
    case AfterIdRole: return m_rows[row].afterId;
    case Qt::TextAlignmentRole:
        if (index.column() == OperationColumn || index.column() == RelationColumn || index.column() == StatusColumn)
            return QVariant(Qt::AlignLeft | Qt::AlignVCenter);
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    case Qt::ForegroundRole:
        if (index.column() == DeltaColumn || index.column() == RatioColumn) {
            const auto bt = selfMs(beforeNode(row), false);
            const auto at = selfMs(afterNode(row), true);
            const double delta = at.value_or(0) - bt.value_or(0);
            // Under a hundredth of a millisecond is EXPLAIN's noise: neither better nor worse.
            if (std::abs(delta) >= 0.01)
                return delta < 0 ? betterColour() : worseColour();
        }
        return {};
    case Qt::ToolTipRole:
        if (index.column() == OperationColumn || index.column() == RelationColumn) {
            QStringList parts;
            if (const PlanNode *b = beforeNode(row))
                parts << tr("<b>Before</b> (#%1)").arg(b->id) + NodeFormat::toolTipHtml(m_before, *b);
            if (const PlanNode *a = afterNode(row))
                parts << tr("<b>After</b> (#%1)").arg(a->id) + NodeFormat::toolTipHtml(m_after, *a);
            return parts.join(QStringLiteral("<hr>"));
        }
        return {};
    default: return {};
    }
}

QVariant CompareOperationsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return {};
    static const char *const names[ColumnCount] = {"#",          "Operation",   "Relation / index", "Before self",
                                                   "After self", "Δ self",      "Ratio",            "Rows before",
                                                   "Rows after", "Status"};
    static const char *const tips[ColumnCount] = {
        "Node ids: before → after (– when that side has no such node)",
        "The node type; \"A → B\" when the matched node changed type",
        "Relation and alias, index, CTE, function or subplan",
        "Self time in the before plan, over all loops",
        "Self time in the after plan, over all loops",
        "After − before self time; a node only one side has counts in full. Sorts by size, either way",
        "Before ÷ after self time as a speed-up",
        "Actual rows per loop in the before plan",
        "Actual rows per loop in the after plan",
        "Matched (same operation), changed (matched, other operation), or only on one side"};
    switch (role) {
    case Qt::DisplayRole: return tr(names[section]);
    case Qt::ToolTipRole: return tr(tips[section]);
    case Qt::TextAlignmentRole:
        return QVariant((section == OperationColumn || section == RelationColumn || section == StatusColumn
                             ? Qt::AlignLeft
                             : Qt::AlignRight)
                        | Qt::AlignVCenter);
    default: return {};
    }
}

} // namespace PlanLens
