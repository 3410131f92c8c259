// SPDX-License-Identifier: MIT
#include "findingsmodel.h"
#include "theme.h"

#include "plan/plan.h"

namespace PlanLens {

FindingsModel::FindingsModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void FindingsModel::setFindings(const QList<Finding> &findings, const Plan *plan)
{
    beginResetModel();
    m_findings = findings;
    // Only the nodes the findings name: a 100,000-node plan would otherwise cost 100,000 strings here.
    m_nodeNames.clear();
    if (plan)
        for (const Finding &f : findings)
            if (f.nodeId >= 0 && f.nodeId < plan->nodes.size() && !m_nodeNames.contains(f.nodeId))
                m_nodeNames.insert(f.nodeId, plan->nodes.at(f.nodeId).displayName());
    endResetModel();
}

void FindingsModel::clear()
{
    setFindings({});
}

const Finding *FindingsModel::findingAt(int row) const
{
    return row >= 0 && row < m_findings.size() ? &m_findings.at(row) : nullptr;
}

int FindingsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_findings.size());
}

int FindingsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QColor FindingsModel::levelColor(FindingLevel level)
{
    // Also the fill of the finding's badge on its card: the same in both themes, white text reads on it.
    switch (level) {
    case FindingLevel::Critical: return Theme::levelBadge(2);
    case FindingLevel::Warning: return Theme::levelBadge(1);
    case FindingLevel::Info: break;
    }
    return Theme::levelBadge(0);
}

QVariant FindingsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Finding &f = m_findings.at(index.row());
    switch (role) {
    case FindingIndexRole: return index.row();
    case NodeIdRole: return f.nodeId;
    case SpanStartRole: return f.hasSpan() ? f.spanStart : -1;
    case SpanEndRole: return f.hasSpan() ? f.spanEnd : -1;
    case RuleRole: return f.rule;
    case LevelRole: return int(f.level);
    default: break;
    }
    const int col = index.column();
    if (role == Qt::DisplayRole) {
        switch (col) {
        case SeverityColumn:
            return QStringLiteral("%1 %2").arg(findingLevelName(f.level)).arg(qRound(f.severity * 100));
        case RuleColumn: return f.rule;
        case NodeColumn:
            if (f.nodeId < 0)
                return QStringLiteral("—");
            return m_nodeNames.contains(f.nodeId) ? QStringLiteral("#%1 %2").arg(f.nodeId).arg(m_nodeNames.value(f.nodeId))
                                                 : QStringLiteral("#%1").arg(f.nodeId);
        case MessageColumn: return f.message;
        default: return {};
        }
    }
    if (role == SortRole) {
        switch (col) {
        case SeverityColumn: return f.severity;
        case NodeColumn: return f.nodeId;
        case RuleColumn: return f.rule;
        case MessageColumn: return f.message;
        default: return {};
        }
    }
    if (role == Qt::DecorationRole && col == SeverityColumn)
        return levelColor(f.level);
    if (role == Qt::ToolTipRole) {
        QString tip = f.message;
        if (!f.advice.isEmpty())
            tip += QStringLiteral("\n\n") + f.advice;
        return tip;
    }
    if (role == Qt::TextAlignmentRole && col == SeverityColumn)
        return QVariant(Qt::AlignLeft | Qt::AlignVCenter);
    return {};
}

QVariant FindingsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case SeverityColumn: return tr("Severity");
    case RuleColumn: return tr("Rule");
    case NodeColumn: return tr("Node");
    case MessageColumn: return tr("Message");
    default: return {};
    }
}

} // namespace PlanLens
