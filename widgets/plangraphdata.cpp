// SPDX-License-Identifier: MIT
#include "plangraphdata.h"

#include <algorithm>
#include <cmath>

namespace PlanLens {

LayoutOptions planGraphLayoutOptions(LayoutDirection direction)
{
    LayoutOptions o;
    o.direction = direction;
    o.nodeSize = QSizeF(248, 96);
    o.siblingGap = 26;
    o.subtreeGap = 48;
    o.levelGap = direction == LayoutDirection::TopDown ? 70 : 96;
    return o;
}

bool PlanGraphSettings::adoptGroups(const PlanGraphSettings &laidOut)
{
    if (groupsKnown || !laidOut.groupsKnown)
        return false;
    // A layout result reaches the view only when no later request changed the settings (generation counter), so
    // its collapse state is the view's own plus the groups' default.
    groupsKnown = true;
    groups = laidOut.groups;
    collapsed = laidOut.collapsed;
    return true;
}

float planGraphEdgeWidth(double rows)
{
    if (!(rows > 0))
        return 1.0f;
    return float(std::clamp(1.0 + 1.35 * std::log10(1.0 + rows), 1.0, 10.0));
}

PlanGraphData preparePlanGraph(const Plan &plan, const PlanGraphSettings &settings)
{
    PlanGraphData d;
    d.settings = settings;
    d.layout = planGraphLayoutOptions(settings.direction);
    const int n = int(plan.nodes.size());
    if (n == 0)
        return d;
    PlanGraphSettings &s = d.settings;
    if (!s.groupsKnown) {
        // The first layout of a plan finds its partition groups (one pass over the nodes) and closes each.
        s.groupsKnown = true;
        if (s.groupPartitions)
            s.groups = findPartitionGroups(plan);
        if (!s.groups.isEmpty() && s.collapsed.size() < n)
            s.collapsed.resize(n, false);
        for (const PartitionGroup &g : std::as_const(s.groups))
            s.collapsed[g.appendId] = true;
    }
    d.layout.collapsed = s.collapsed;
    d.scale = PlanColorScale(plan, settings.metric);
    if (settings.scaleMax > 0 && !d.scale.isFallback())
        d.scale.widenTo(settings.scaleMax);
    const QList<QRectF> rects = layoutTree(plan, d.layout);
    d.bounds = layoutBounds(rects);
    d.nodes.resize(n);

    // Descendant counts, children first (nodes are in pre-order: a child's id is larger than its parent's).
    QList<int> below(n, 0);
    for (int v = n - 1; v >= 0; --v) {
        const int p = plan.nodes[v].parent;
        if (p >= 0 && p < v)
            below[p] += below[v] + 1;
    }

    const bool topDown = settings.direction == LayoutDirection::TopDown;
    for (int v = 0; v < n; ++v) {
        const PlanNode &node = plan.nodes[v];
        PlanGraphData::Node &g = d.nodes[v];
        g.rect = rects[v];
        if (!g.rect.isNull())
            ++d.visibleCount;
        g.fill = d.scale.colour(node).rgb();
        const double rows = plan.hasAnalyze ? node.totalActualRows() : node.planRows.value_or(0);
        g.edgeWidth = planGraphEdgeWidth(rows);
        g.hasChildren = !node.children.isEmpty();
        const bool collapsed = s.isCollapsed(v);
        if (collapsed)
            g.hiddenBelow = below[v];
        float lo = 0, hi = 0;
        bool any = false;
        if (!collapsed && !g.rect.isNull()) {
            for (int c : node.children) {
                if (c < 0 || c >= n || rects[c].isNull())
                    continue;
                const float centre = float(topDown ? rects[c].center().x() : rects[c].center().y());
                lo = any ? std::min(lo, centre) : centre;
                hi = any ? std::max(hi, centre) : centre;
                any = true;
            }
        }
        g.visibleChildren = any;
        g.busFrom = lo;
        g.busTo = hi;
    }

    for (const PartitionGroup &group : std::as_const(s.groups)) {
        if (group.appendId >= n)
            continue;
        d.nodes[group.appendId].groupHead = true;
        if (s.isCollapsed(group.appendId))   // closed, the card stands for the partitions too: so does its colour
            d.nodes[group.appendId].fill = d.scale.colour(partitionGroupAsNode(plan, group)).rgb();
    }

    // The pill under (or beside) a collapsed card and a partition group's card reaches past the card: the bounds an
    // export draws and a fit shows hold it (PartitionCard::expanderText; "▴ group 25" is about 80 px wide).
    for (int v = 0; v < n; ++v) {
        const PlanGraphData::Node &g = d.nodes[v];
        if ((g.hiddenBelow > 0 || g.groupHead) && !g.rect.isNull())
            d.bounds |= topDown ? QRectF(g.rect.left(), g.rect.bottom(), g.rect.width(), 12)
                                : QRectF(g.rect.right(), g.rect.top(), 110, g.rect.height());
    }

    // Heavy hitters: the three largest exclusive times (only when the plan has timing).
    if (plan.hasAnalyze && plan.hasTiming) {
        QList<int> ids;
        for (int v = 0; v < n; ++v)
            if (!plan.nodes[v].neverExecuted && plan.nodes[v].exclusiveMs > 0)
                ids.append(v);
        const qsizetype k = std::min<qsizetype>(3, ids.size());
        std::partial_sort(ids.begin(), ids.begin() + k, ids.end(), [&plan](int a, int b) {
            return plan.nodes[a].exclusiveMs > plan.nodes[b].exclusiveMs
                || (plan.nodes[a].exclusiveMs == plan.nodes[b].exclusiveMs && a < b);
        });
        for (qsizetype i = 0; i < k; ++i) {
            d.hottest.append(ids[i]);
            d.nodes[ids[i]].hotRank = quint8(i + 1);
        }
    }
    return d;
}

} // namespace PlanLens
