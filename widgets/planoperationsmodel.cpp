// SPDX-License-Identifier: MIT
#include "planoperationsmodel.h"
#include "releaseonworker.h"
#include "format/units.h"
#include "planmetric.h"
#include "plannodeformat.h"
#include "theme.h"

#include <QColor>

#include <cmath>

namespace PlanLens {

namespace {

// What an absent figure sorts as: below every real one, so a descending sort puts the nodes without it last.
constexpr double kAbsent = -1.0;

bool timed(const Plan &plan, const PlanNode &node)
{
    return plan.hasAnalyze && plan.hasTiming && !node.neverExecuted;
}

} // namespace

PlanOperationsModel::PlanOperationsModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void PlanOperationsModel::setPlan(const Plan &plan)
{
    beginResetModel();
    releaseOnWorker(std::exchange(m_plan, plan));
    m_filterTexts.clear();
    endResetModel();
}

int PlanOperationsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_plan.nodes.size());
}

int PlanOperationsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString PlanOperationsModel::relationText(const PlanNode &node)
{
    QStringList parts;
    if (!node.relationName.isEmpty())
        parts << (node.alias.isEmpty() || node.alias == node.relationName ? node.relationName
                                                                           : node.relationName + u' ' + node.alias);
    if (!node.indexName.isEmpty())
        parts << node.indexName;
    if (!node.detail().cteName.isEmpty())
        parts << QStringLiteral("CTE %1").arg(node.detail().cteName);
    if (!node.detail().functionName.isEmpty())
        parts << node.detail().functionName + QStringLiteral("()");
    if (parts.isEmpty() && !node.subplanName.isEmpty())
        parts << node.subplanName;
    return parts.join(QStringLiteral(" · "));
}

QString PlanOperationsModel::filterText(const PlanNode &node)
{
    QStringList parts{node.nodeType,     NodeFormat::title(node), node.relationName, node.schema,
                      node.alias,        node.indexName,          node.detail().cteName,      node.detail().functionName,
                      node.subplanName,  node.filter,             node.joinFilter,   node.indexCond,
                      node.recheckCond,  node.hashCond,           node.detail().mergeCond,    node.detail().tidCond,
                      node.detail().oneTimeFilter};
    parts << node.sortKey << node.groupKey;
    parts.removeAll(QString());
    return parts.join(u'\n');
}

QVariant PlanOperationsModel::display(const PlanNode &n, int column) const
{
    const bool t = timed(m_plan, n);
    const bool executed = m_plan.hasAnalyze && !n.neverExecuted;
    switch (column) {
    case IdColumn: return QString::number(n.id);
    case OperationColumn: return NodeFormat::title(n);
    case RelationColumn: return relationText(n);
    case SelfTimeColumn: return t ? Units::duration(n.exclusiveMs) : QString();
    case SelfShareColumn: return t ? Units::percent(n.timeShare) : QString();
    case TotalTimeColumn: return t ? Units::duration(n.inclusiveMs) : QString();
    case RowsColumn:
        if (n.neverExecuted)
            return tr("never executed");
        return n.actualRows ? Units::rows(*n.actualRows) : QString();
    case PlanRowsColumn: return n.planRows ? Units::count(*n.planRows) : QString();
    case EstimateColumn: return executed && n.estimateFactor ? Units::estimateFactor(*n.estimateFactor) : QString();
    case LoopsColumn: return n.actualLoops ? Units::count(*n.actualLoops) : QString();
    case SharedHitColumn: return n.hasBuffers ? Units::count(double(n.exclusiveBuffers.sharedHit)) : QString();
    case SharedReadColumn: return n.hasBuffers ? Units::count(double(n.exclusiveBuffers.sharedRead)) : QString();
    case TempColumn:
        return n.hasBuffers ? Units::count(double(n.exclusiveBuffers.tempRead + n.exclusiveBuffers.tempWritten))
                            : QString();
    case IoTimeColumn:
        if (!n.ioReadMs && !n.ioWriteMs)
            return QString();
        return Units::duration(n.ioReadMs.value_or(0) + n.ioWriteMs.value_or(0));
    }
    return {};
}

QVariant PlanOperationsModel::sortValue(const PlanNode &n, int column) const
{
    const bool t = timed(m_plan, n);
    switch (column) {
    case IdColumn: return n.id;
    case OperationColumn: return NodeFormat::title(n);
    case RelationColumn: return relationText(n);
    case SelfTimeColumn: return t ? n.exclusiveMs : kAbsent;
    case SelfShareColumn: return t ? n.timeShare : kAbsent;
    case TotalTimeColumn: return t ? n.inclusiveMs : kAbsent;
    case RowsColumn: return n.actualRows && !n.neverExecuted ? *n.actualRows : kAbsent;
    case PlanRowsColumn: return n.planRows.value_or(kAbsent);
    case EstimateColumn:
        // By how far off, either way: ÷1000 ranks with ×1000, so one descending sort lists the worst estimates.
        if (!m_plan.hasAnalyze || n.neverExecuted || !n.estimateFactor || !(*n.estimateFactor > 0))
            return kAbsent;
        return std::abs(std::log10(*n.estimateFactor));
    case LoopsColumn: return n.actualLoops.value_or(kAbsent);
    case SharedHitColumn: return n.hasBuffers ? double(n.exclusiveBuffers.sharedHit) : kAbsent;
    case SharedReadColumn: return n.hasBuffers ? double(n.exclusiveBuffers.sharedRead) : kAbsent;
    case TempColumn:
        return n.hasBuffers ? double(n.exclusiveBuffers.tempRead + n.exclusiveBuffers.tempWritten) : kAbsent;
    case IoTimeColumn:
        return n.ioReadMs || n.ioWriteMs ? n.ioReadMs.value_or(0) + n.ioWriteMs.value_or(0) : kAbsent;
    }
    return {};
}

QVariant PlanOperationsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const PlanNode &n = m_plan.nodes[index.row()];
    switch (role) {
    case Qt::DisplayRole: return display(n, index.column());
    case SortRole: return sortValue(n, index.column());
    case FilterRole:
        if (m_filterTexts.isEmpty()) {
            m_filterTexts.reserve(m_plan.nodes.size());
            for (const PlanNode &node : m_plan.nodes)
                m_filterTexts << filterText(node);
        }
        return m_filterTexts[index.row()];
    case NodeIdRole: return n.id;
    case Qt::TextAlignmentRole:
        if (index.column() == OperationColumn || index.column() == RelationColumn)
            return QVariant(Qt::AlignLeft | Qt::AlignVCenter);
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    case Qt::ForegroundRole:
        if (n.neverExecuted)
            return PlanColorScale::neverExecutedText();
        if (index.column() == EstimateColumn && PlanColorScale::isMisestimate(n))
            return Theme::colour(Theme::Role::WorseText);
        return {};
    case Qt::ToolTipRole:
        if (index.column() == OperationColumn || index.column() == RelationColumn)
            return NodeFormat::toolTipHtml(m_plan, n);
        if (index.column() == RowsColumn && n.actualRows && n.actualLoops && *n.actualLoops > 1)
            return tr("%1 rows per loop × %2 loops = %3 rows")
                .arg(Units::rows(*n.actualRows), Units::count(*n.actualLoops), Units::count(n.totalActualRows()));
        return {};
    default: return {};
    }
}

QVariant PlanOperationsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    static const char *const names[ColumnCount] = {
        "#",         "Operation",   "Relation / index", "Self time", "Self %", "Total time", "Rows",
        "Est. rows", "Estimate",    "Loops",            "Hit",       "Read",   "Temp",       "I/O time"};
    static const char *const tips[ColumnCount] = {
        "Node id (pre-order, as the graph numbers them)",
        "The node type as EXPLAIN prints it",
        "Relation and alias, index, CTE, function or subplan",
        "Time spent in the node itself, over all loops (children, workers and subplans subtracted)",
        "Self time as a share of the plan's execution time",
        "Time of the node with everything under it, over all loops",
        "Actual rows per loop, as printed",
        "Rows the planner expected per loop",
        "Actual ÷ estimated rows: ×N under-estimated, ÷N over-estimated (sorts by how far off, either way)",
        "How many times the node ran",
        "Shared blocks found in the buffer cache, the node's own (children's subtracted)",
        "Shared blocks read from the OS or disk, the node's own",
        "Temporary blocks read and written (sorts, hashes spilling to disk), the node's own",
        "Time spent reading and writing blocks (track_io_timing), as printed: includes the children's"};
    if (section < 0 || section >= ColumnCount)
        return {};
    switch (role) {
    case Qt::DisplayRole: return tr(names[section]);
    case Qt::ToolTipRole: return tr(tips[section]);
    case Qt::TextAlignmentRole:
        return QVariant((section == OperationColumn || section == RelationColumn ? Qt::AlignLeft : Qt::AlignRight)
                        | Qt::AlignVCenter);
    default: return {};
    }
}

} // namespace PlanLens
