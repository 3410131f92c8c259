// SPDX-License-Identifier: MIT
#pragma once

#include "plan/plan.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace PlanLens {

// An Append or Merge Append (Parallel Append too) whose children scan the partitions of one table: what the graph
// draws as one "24 partitions of events" card. Figures are added up from the plan's own (derived) ones.
struct PartitionGroup {
    int appendId = -1;
    QList<int> members;              // the Append's children (InitPlans and SubPlans left out), in plan order
    QList<int> scans;                // the scan of each member: the member itself, or the one under its Sort etc.
    QString stem;                    // the alias PostgreSQL numbered: "events" from events_1, events_2, …
    QString table;                   // the partitioned table as far as the plan tells (see partitionTableName)
    QStringList scanTypes;           // "Seq Scan", "Index Scan", … (textLabel of each scan, first seen first)

    // Added up over the members. Times, rows and buffers need ANALYZE (and BUFFERS); costs are always there.
    double inclusiveMs = 0;          // the members' total times (PlanNode::inclusiveMs)
    double exclusiveMs = 0;          // self time of every node in the members' subtrees
    double exclusiveCost = 0;
    double timeShare = 0;            // of the plan, the members' subtrees (exclusive shares added up)
    double costShare = 0;
    double rows = 0;                 // rows the members returned, over all loops
    double planRows = 0;             // the planner's estimate of the same, over all loops
    double totalCost = 0;            // the members' total costs
    Buffers buffers;                 // the members' buffers as printed (inclusive of what is under them)
    Buffers exclusiveBuffers;        // the subtrees' exclusive buffers (equal to buffers, unless a member is a CTE…)
    int neverExecuted = 0;           // members pruned at run time per loop: PostgreSQL prints "(never executed)"

    // The member that cost the most: by time when timed, else by rows returned, else by estimated cost.
    int worst = -1;                  // member id
    QString worstName;               // its partition, e.g. "events_2026_03"
    double worstMs = 0;              // its inclusive time (0 without timing)

    std::optional<int> subplansRemoved;   // partitions pruned before they ran ("Subplans Removed: 19")

    int count() const { return int(members.size()); }
    bool operator==(const PartitionGroup &) const = default;
};

// Fewer children than this are drawn as they are: a group saves room only over many partitions.
inline constexpr int kMinPartitionGroup = 3;

// Every Append / Merge Append of the plan whose children (at least kMinPartitionGroup, InitPlans and SubPlans
// aside) are each a scan, or a Sort / Incremental Sort / Materialize / Result / Gather over one, of distinct
// relations that PostgreSQL aliased from one stem (events_1, events_2, … for the partitions of events).
// Sorted by appendId. Linear in the number of nodes; pure, safe off the GUI thread.
QList<PartitionGroup> findPartitionGroups(const Plan &plan);

// The group of an Append id, or nullptr (binary search over findPartitionGroups' order).
const PartitionGroup *partitionGroupOf(const QList<PartitionGroup> &groups, int appendId);

// The Append with its group's figures folded in, so a colour scale or a share reads the closed group as one node:
// its self time and time share become the Append's inclusive ones; exclusive cost, buffers and cost share are added
// up (a share at most 1).
PlanNode partitionGroupAsNode(const Plan &plan, const PartitionGroup &group);

} // namespace PlanLens
