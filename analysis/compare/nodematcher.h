// SPDX-License-Identifier: MIT
#pragma once

#include "plan/plan.h"

#include <QList>
#include <QString>

namespace PlanLens {

// Why two nodes were paired; the diff summary and the tests read it.
enum class MatchReason {
    None,
    Relation, // same scanned object (relation, function, CTE, index of a Bitmap Index Scan), alias and role
    Shape,    // same kind of operator above the same matched scans (a join over the same tables, ...)
    Position, // same kind of operator at the same place under an already matched parent
};
QString matchReasonName(MatchReason r);

// A one-to-one pairing of the nodes of two plans. Every node is matched at most once; the rest is added
// (only in `after`) or removed (only in `before`).
struct NodeMatching {
    QList<int> afterOf;              // indexed by before node id: the after node id, or -1 (removed)
    QList<int> beforeOf;             // indexed by after node id: the before node id, or -1 (added)
    QList<MatchReason> reasonOf;     // indexed by before node id
};

// Matches in three passes:
//  1. scans (and other nodes that name the object they read) by that object, preferring the same alias,
//     subplan context, node type and index: `Seq Scan on tracks t` pairs with `Bitmap Heap Scan on tracks t`
//     although the access path changed; Bitmap Index Scans pair by index name;
//  2. inner nodes bottom-up by shape: an operator pairs with the before operator of the same family (join,
//     aggregate, sort, hash, gather, ...) whose matched scans overlap most with its own (Dice coefficient),
//     so a Merge Join over orders and customers pairs with the Nested Loop over the same two tables;
//  3. what is left by position: the roots, then the unmatched children of matched parents when exactly one
//     child of the same family is left on each side.
// Cost: O(n · depth²) in the worst case (deep chains), linear-ish for ordinary plans.
NodeMatching matchNodes(const Plan &before, const Plan &after);

// The operator as EXPLAIN's TEXT format names it: "Parallel Seq Scan", "HashAggregate",
// "Finalize GroupAggregate", whatever the plan's source format was.
QString operatorName(const PlanNode &node);

// The family used to pair inner nodes: "join", "aggregate", "sort", "hash", "gather", "bitmap", "limit",
// "cache", "append", "setop", "window", "scan", "modify"; other operators are their own family (node type).
QString operatorFamily(const PlanNode &node);

} // namespace PlanLens
