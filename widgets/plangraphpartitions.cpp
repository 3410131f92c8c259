// SPDX-License-Identifier: MIT
#include "plangraphpartitions.h"
#include "plangraphdata.h"
#include "plannodeformat.h"
#include "theme.h"

#include "format/units.h"

#include <QStringList>

namespace PlanLens::PartitionCard {

namespace {

QString groupShare(const Plan &plan, const PartitionGroup &g)
{
    const PlanNode n = partitionGroupAsNode(plan, g);
    return NodeFormat::shareText(plan, n);
}

QString blocksText(const Plan &plan, const PartitionGroup &g)
{
    if (!plan.hasBuffers || g.buffers.isZero())
        return {};
    // "blks" as pg_stat_statements spells it (shared_blks_hit): the card's third line is its longest.
    return Units::compactCount(double(g.buffers.total())) + QStringLiteral(" blks");
}

} // namespace

Lines lines(const Plan &plan, const PartitionGroup &g)
{
    Lines l;
    const PlanNode &append = plan.nodes[g.appendId];
    l.title = QStringLiteral("%1 partitions of %2").arg(g.count()).arg(g.table);
    l.share = groupShare(plan, g);

    QStringList sub{NodeFormat::title(append)};
    if (g.subplansRemoved.value_or(0) > 0)
        sub << QStringLiteral("%1 pruned").arg(*g.subplansRemoved);
    if (g.neverExecuted > 0)
        sub << QStringLiteral("%1 never executed").arg(g.neverExecuted);
    sub << g.scanTypes.join(QStringLiteral(", "));
    l.subtitle = sub.join(QStringLiteral(" · "));

    QStringList fig;
    if (plan.hasAnalyze) {
        if (plan.hasTiming)
            fig << Units::duration(g.inclusiveMs);
        fig << Units::compactRows(g.rows) + QStringLiteral(" rows");
    } else {
        fig << QStringLiteral("cost ") + Units::compactCount(g.totalCost)
            << Units::compactCount(g.planRows) + QStringLiteral(" rows est.");
    }
    if (const QString b = blocksText(plan, g); !b.isEmpty())
        fig << b;
    l.figures = QStringLiteral("Σ ") + fig.join(QStringLiteral(" · "));   // added up over the partitions

    if (g.worst >= 0) {
        const PlanNode &w = plan.nodes[g.worst];
        QString figure;
        if (plan.hasAnalyze && plan.hasTiming)
            figure = Units::duration(g.worstMs);
        else if (plan.hasAnalyze)
            figure = Units::compactRows(w.totalActualRows()) + QStringLiteral(" rows");
        else
            figure = QStringLiteral("cost ") + Units::compactCount(w.totalCost.value_or(0));
        l.worst = QStringLiteral("worst: %1 %2").arg(g.worstName, figure);
    }
    return l;
}

QString expanderText(const PlanGraphData &data, int id)
{
    if (id < 0 || id >= data.nodes.size())
        return {};
    const PlanGraphData::Node &g = data.nodes[id];
    const bool closed = g.hiddenBelow > 0;
    if (g.groupHead) {
        if (const PartitionGroup *group = data.settings.groupOf(id))
            return closed ? QStringLiteral("▾ show %1").arg(group->count())
                          : QStringLiteral("▴ group %1").arg(group->count());
    }
    return closed ? QStringLiteral("+%1").arg(NodeFormat::count(g.hiddenBelow)) : QString();
}

QString toolTipHtml(const Plan &plan, const PartitionGroup &g)
{
    const Lines l = lines(plan, g);
    QString h = QStringLiteral("<p><b>%1</b>, drawn as one card: double-click, Return or the ▾ pill shows each "
                               "partition.</p><table cellspacing=0>")
                    .arg(l.title.toHtmlEscaped());
    auto row = [&h](const QString &k, const QString &v) {
        h += QStringLiteral("<tr><td style='color:%1;padding-right:10px'>%2</td><td>%3</td></tr>")
                 .arg(Theme::css(Theme::Role::TextMuted), k.toHtmlEscaped(), v.toHtmlEscaped());
    };
    row(QStringLiteral("Scans"), g.scanTypes.join(QStringLiteral(", ")));
    if (g.subplansRemoved)
        row(QStringLiteral("Pruned"), QStringLiteral("%1 partition(s) removed before they ran (Subplans Removed)")
                                          .arg(*g.subplansRemoved));
    if (g.neverExecuted > 0)
        row(QStringLiteral("Never executed"), QString::number(g.neverExecuted));
    if (plan.hasAnalyze && plan.hasTiming)
        row(QStringLiteral("Time, all partitions"), Units::duration(g.inclusiveMs));
    if (plan.hasAnalyze)
        row(QStringLiteral("Rows, all partitions"), Units::rows(g.rows) + QStringLiteral(" (est. ")
                                                        + Units::count(g.planRows) + u')');
    row(QStringLiteral("Cost, all partitions"), Units::count(g.totalCost));
    if (plan.hasBuffers)
        row(QStringLiteral("Buffers, all partitions"), NodeFormat::blocks(double(g.buffers.total())));
    row(QStringLiteral("Worst partition"), l.worst.mid(7));
    return h + QStringLiteral("</table><hr/>");
}

} // namespace PlanLens::PartitionCard
