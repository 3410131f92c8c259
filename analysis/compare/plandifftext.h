// SPDX-License-Identifier: MIT
#pragma once

#include "plan/plan.h"

#include <QHash>
#include <QList>
#include <QSet>
#include <QString>

#include <optional>

namespace PlanLens::PlanDiffText {

// The words and figures the plan comparison (plandiff.cpp) uses to name nodes and their changes: labels, access
// paths, spills, parallelism. Internal to analysis/compare.

// The subplan a node runs in ("SubPlan 1", "InitPlan 2 (returns $1)", "CTE x"), or empty for the main query.
QString subplanOf(const Plan &plan, int id);

// How often each relation is scanned over both plans, to know when an alias is needed to tell scans apart.
QHash<QString, QSet<QString>> aliasesByRelation(const Plan &a, const Plan &b);

// What a node reads: "orders o" (relation and alias), "CTE x", a function, or its alias.
QString objectName(const PlanNode &n);

// The scans below a node, as "customers c, orders o" (at most three, then "…"). Looks at no more than a few
// hundred nodes, so labelling every join of a huge plan stays linear.
QString scansBelow(const Plan &plan, int id);

// What a Bitmap Heap Scan's bitmap is made of: "a + b" for BitmapOr, "a & b" for BitmapAnd.
QString bitmapIndexes(const Plan &plan, int id, bool nested);

// A node as a user recognises it: "Seq Scan on tracks t", "Hash Join of orders o, customers c",
// "Sort by events.payload", plus the subplan it runs in.
QString nodeLabel(const Plan &plan, int id);

// The access path of a scan: "Seq Scan", "Index Only Scan using x", "Bitmap Heap Scan using a + b".
QString accessPath(const Plan &plan, int id);

// The statement's execution time, else the root's inclusive time when the plan has timing.
std::optional<double> executionMs(const Plan &plan);

// How far off an estimate is, as a factor ≥ 1 whichever the direction (×10 and ÷10 are both 10).
double estimateError(double factor);

// A node that wrote to disk because its memory was too small, described; nullopt when it did not.
std::optional<QString> spillOf(const PlanNode &n);

// How a node that did not spill kept its work in memory: "quicksort, 25 kB in memory", "1 batch", ….
QString inMemoryOf(const PlanNode &n);

// Gather and Gather Merge nodes with their launched (else planned) workers.
struct Parallelism {
    QList<int> gathers;
    int workers = 0;
};

Parallelism parallelismOf(const Plan &plan);

// Every relation the plan reads.
QSet<QString> relationsOf(const Plan &plan);

} // namespace PlanLens::PlanDiffText
