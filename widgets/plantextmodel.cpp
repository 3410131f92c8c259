// SPDX-License-Identifier: MIT
#include "plantextmodel.h"
#include "releaseonworker.h"
#include "plannodeformat.h"
#include "format/units.h"

#include <QPoint>

namespace PlanLens {

PlanTextModel::PlanTextModel(QObject *parent)
    : QAbstractListModel(parent)
{
}

void PlanTextModel::setPlan(const Plan &plan, const PlanColorScale &scale)
{
    beginResetModel();
    releaseOnWorker(std::exchange(m_plan, plan));
    m_scale = scale;
    m_lines.clear();
    m_nodeRow.fill(-1, plan.nodes.size());
    const int n = int(plan.nodes.size());
    m_lines.reserve(n * 3);
    // Columns as PostgreSQL indents: a child's "->" sits at its parent's detail column, details 6 further in;
    // an InitPlan/SubPlan/CTE child gets a header line at the parent's detail column and its "->" 2 further.
    QList<int> arrowCol(n, 0);
    QList<int> stack;
    for (int v = n - 1; v >= 0; --v)
        if (plan.nodes[v].parent < 0)
            stack.append(v);
    QList<bool> seen(n, false);
    while (!stack.isEmpty()) {
        const int v = stack.takeLast();
        if (seen[v])
            continue;
        seen[v] = true;
        const PlanNode &node = plan.nodes[v];
        const bool root = node.parent < 0;
        if (!root && (!node.subplanName.isEmpty() || node.isSubplanChild())) {
            const int parentDetail = plan.nodes[node.parent].parent < 0 ? 2 : arrowCol[node.parent] + 6;
            m_lines.append({v, SubplanHeader, parentDetail, false, NodeFormat::edgeLabel(node)});
        }
        m_nodeRow[v] = int(m_lines.size());
        m_lines.append({v, NodeLine, root ? 0 : arrowCol[v], !root, NodeFormat::psqlNodeLine(plan, node)});
        const int detail = root ? 2 : arrowCol[v] + 6;
        for (const QString &l : NodeFormat::psqlDetailLines(plan, node))
            m_lines.append({v, DetailLine, detail, false, l});
        for (qsizetype i = node.children.size() - 1; i >= 0; --i) {
            const int c = node.children[i];
            if (c < 0 || c >= n || seen[c])
                continue;
            const PlanNode &child = plan.nodes[c];
            arrowCol[c] = detail + ((!child.subplanName.isEmpty() || child.isSubplanChild()) ? 2 : 0);
            stack.append(c);
        }
    }
    auto footer = [this](const QString &s) { m_lines.append({-1, FooterLine, 0, false, s}); };
    if (plan.planningMemoryUsedKb || plan.planningMemoryAllocatedKb)
        footer(QStringLiteral("Planning Memory: used=%1kB  allocated=%2kB")
                   .arg(QString::number(plan.planningMemoryUsedKb.value_or(0), 'f', 0),
                        QString::number(plan.planningMemoryAllocatedKb.value_or(0), 'f', 0)));
    if (plan.planningMs)
        footer(QStringLiteral("Planning Time: %1 ms").arg(QString::number(*plan.planningMs, 'f', 3)));
    if (plan.serialization.present) {
        const Serialization &z = plan.serialization;
        footer(QStringLiteral("Serialization: %1output=%2kB  format=%3")
                   .arg(z.timeMs ? QStringLiteral("time=%1 ms  ").arg(QString::number(*z.timeMs, 'f', 3)) : QString(),
                        QString::number(z.outputKb.value_or(0), 'f', 0), z.format));
    }
    for (const Trigger &t : plan.triggers)
        footer(QStringLiteral("Trigger %1%2: time=%3 calls=%4")
                   .arg(t.name, t.relation.isEmpty() ? QString() : QStringLiteral(" on ") + t.relation,
                        QString::number(t.timeMs.value_or(0), 'f', 3), QString::number(t.calls.value_or(0), 'f', 0)));
    if (plan.jit.present)
        footer(QStringLiteral("JIT: Functions: %1  Timing: Total %2 ms")
                   .arg(QString::number(plan.jit.functions.value_or(0), 'f', 0),
                        QString::number(plan.jit.totalMs.value_or(0), 'f', 3)));
    if (plan.executionMs)
        footer(QStringLiteral("Execution Time: %1 ms").arg(QString::number(*plan.executionMs, 'f', 3)));
    endResetModel();
}

void PlanTextModel::setColorScale(const PlanColorScale &scale)
{
    m_scale = scale;
    if (!m_lines.isEmpty())
        emit dataChanged(index(0), index(int(m_lines.size()) - 1), {FillRole, MetricTextRole});
}

int PlanTextModel::rowForNode(int id) const
{
    return id >= 0 && id < m_nodeRow.size() ? m_nodeRow[id] : -1;
}

int PlanTextModel::nodeForRow(int row) const
{
    return row >= 0 && row < m_lines.size() ? m_lines[row].node : -1;
}

QString PlanTextModel::lineText(int row) const
{
    if (row < 0 || row >= m_lines.size())
        return {};
    const Line &l = m_lines[row];
    return QString(l.indent, u' ') + (l.arrow ? QStringLiteral("->  ") : QString()) + l.text;
}

QString PlanTextModel::text() const
{
    QStringList all;
    all.reserve(m_lines.size());
    for (int r = 0; r < m_lines.size(); ++r)
        all << lineText(r);
    return all.join(u'\n');
}

int PlanTextModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_lines.size());
}

QVariant PlanTextModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Line &l = m_lines[index.row()];
    switch (role) {
    case Qt::DisplayRole:
    case Qt::EditRole:
        return lineText(index.row());
    case Qt::ToolTipRole:
        if (l.kind == NodeLine)
            return NodeFormat::toolTipHtml(m_plan, m_plan.nodes[l.node]);
        return {};
    case NodeIdRole:
        return l.node;
    case KindRole:
        return int(l.kind);
    case FillRole:
        if (l.kind == NodeLine)
            return m_scale.colour(m_plan.nodes[l.node]);
        return {};
    case TitleSpanRole:
        if (l.kind == NodeLine)
            return QPoint(l.indent + (l.arrow ? 4 : 0), int(NodeFormat::title(m_plan.nodes[l.node]).size()));
        return {};
    case MetricTextRole:
        if (l.kind == NodeLine) {
            const auto v = m_scale.value(m_plan.nodes[l.node]);
            if (!v)
                return m_plan.nodes[l.node].neverExecuted ? QStringLiteral("never") : QString();
            if (m_scale.metric() == PlanMetric::Buffers)
                return Units::compactCount(*v);
            return m_scale.formatValue(*v);
        }
        return {};
    default:
        return {};
    }
}

} // namespace PlanLens
