// SPDX-License-Identifier: MIT
#pragma once

#include "plan/partitiongroup.h"

#include <QString>

namespace PlanLens {

struct PlanGraphData;

// What the graph shows for a partition group (plan/partitiongroup.h): the closed card that stands for an Append and
// its partitions, its hover text and the pill that opens and closes it. Formatting only, like NodeFormat.
namespace PartitionCard {

struct Lines {
    QString title;      // "24 partitions of events"
    QString share;      // the group's share of the plan's time (or cost): "87%"
    QString subtitle;   // "Append · 19 pruned · Seq Scan"
    QString figures;    // "Σ 61.2 ms · 140k rows · 2,150 blks"
    QString worst;      // "worst: events_2026_03 9.8 ms"
};
Lines lines(const Plan &plan, const PartitionGroup &group);

// The pill under a card that opens or closes it: "▾ show 24" (a closed group), "▴ group 24" (an open one), "+N"
// (any other collapsed node); empty when the node has none.
QString expanderText(const PlanGraphData &data, int id);

// The hover text's part about the group (before the Append's own figures).
QString toolTipHtml(const Plan &plan, const PartitionGroup &group);

} // namespace PartitionCard

} // namespace PlanLens
