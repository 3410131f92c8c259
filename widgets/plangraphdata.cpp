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
    d.layout.collapsed = settings.collapsed;
    const int n = int(plan.nodes.size());
    if (n == 0)
        return d;
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
        const bool collapsed = v < settings.collapsed.size() && settings.collapsed[v];
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
