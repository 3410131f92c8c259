// SPDX-License-Identifier: MIT
#pragma once

#include "layout/treelayout.h"
#include "plan/partitiongroup.h"
#include "planmetric.h"

#include <QList>
#include <QRectF>
#include <QRgb>

namespace PlanLens {

// What the user chose for the graph.
struct PlanGraphSettings {
    PlanMetric metric = PlanMetric::ExclusiveTime;
    LayoutDirection direction = LayoutDirection::TopDown;
    QList<bool> collapsed;   // by node id; may be shorter than the plan (missing = expanded)
    double scaleMax = 0;     // > 0: colour against this maximum (shared by two compared plans), not the plan's own

    // An Append / Merge Append over many partitions of one table (plan/partitiongroup.h) is one card, "24 partitions
    // of events", until it is expanded: its node starts collapsed, and the card shows the partitions' sums. The
    // groups are found once per plan, by the first preparePlanGraph() (groupsKnown false), which returns them with
    // the default collapse in PlanGraphData::settings; the view adopts them (adoptGroups) and sends them back.
    bool groupPartitions = true;
    bool groupsKnown = false;
    QList<PartitionGroup> groups;   // sorted by Append id

    void clearPlanState() { collapsed.clear(); groupsKnown = false; groups.clear(); }   // a new plan
    // Takes the groups and the collapse state from a layout's settings once per plan; true when it did.
    bool adoptGroups(const PlanGraphSettings &laidOut);
    const PartitionGroup *groupOf(int appendId) const { return partitionGroupOf(groups, appendId); }
    bool isCollapsed(int id) const { return id >= 0 && id < collapsed.size() && collapsed[id]; }
};

// Everything the graph needs to draw a plan apart from the plan itself: positions and colours. Computed by
// preparePlanGraph() off the GUI thread (layout is the costly part); text is formatted lazily when a card is
// painted, so 100,000 nodes cost a few compact arrays, not a million strings.
struct PlanGraphData {
    struct Node {
        QRectF rect;              // scene coordinates; null when hidden under a collapsed ancestor
        QRgb fill = 0;            // card colour for the chosen metric
        float edgeWidth = 1;      // the edge from this node up to its parent (log of the rows it sends up)
        float busFrom = 0;        // children's connector, along the breadth axis (scene), when it has visible ones
        float busTo = 0;
        int hiddenBelow = 0;      // descendants hidden because this node is collapsed
        quint8 hotRank = 0;       // 1..3 for the three nodes with the most exclusive time
        bool hasChildren = false;
        bool visibleChildren = false;
        bool groupHead = false;   // an Append over partitions (settings.groupOf): collapsed, it is drawn as the group
    };
    QList<Node> nodes;            // by node id
    QRectF bounds;
    PlanGraphSettings settings;
    LayoutOptions layout;
    PlanColorScale scale;
    QList<int> hottest;           // ids, hottest first (at most three)
    int visibleCount = 0;

    bool isEmpty() const { return nodes.isEmpty(); }
};

// Card size and gaps used for every plan (the cards are equal; long names are elided).
LayoutOptions planGraphLayoutOptions(LayoutDirection direction);

// Pure: safe to run through QtConcurrent.
PlanGraphData preparePlanGraph(const Plan &plan, const PlanGraphSettings &settings);

// Edge width in scene units for a number of rows (log scale, 1 .. 10).
float planGraphEdgeWidth(double rows);

} // namespace PlanLens
