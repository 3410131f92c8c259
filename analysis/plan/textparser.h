// SPDX-License-Identifier: MIT
#pragma once

#include "plan.h"

#include <QStringView>

namespace PlanLens {

// Reads EXPLAIN output in TEXT format as psql prints it (frames already removed by parsePlan(); any uniform
// indentation, tabs counted as four spaces): node lines with "->" arrows and "(cost=… rows=… width=…)",
// "(actual time=… rows=… loops=…)", "(actual rows=… loops=…)" (TIMING OFF) or "(never executed)", and the
// COSTS OFF forms; the property lines of PostgreSQL 8.4 to 18 (VERBOSE Output, Buffers, I/O Timings, WAL,
// Sort/Hash/Memoize/HashAgg details, Worker N blocks, Rows Removed by …, Heap Fetches, …); InitPlan/SubPlan/CTE
// headings; and the trailer (Planning/Execution Time, "Total runtime", Planning: buffers and memory,
// Serialization, Triggers, JIT, Settings, Query Identifier) and auto_explain's "Query Text:".
// Lines broken by a terminal or an editor (unbalanced parentheses, or less indented text that is not a plan
// line) are joined back. Lines it does not recognise are kept in extra["Text Lines"] of their node (or of the
// plan). Fields that JSON always prints but TEXT omits when zero or default (Rows Removed by Filter: 0, Exact
// Heap Blocks: 0, Join Type Inner, Partial Mode Simple, Original Hash Buckets, Scan Direction Forward, Alias =
// relation name) are filled in, so TEXT and JSON of one execution give equal Plans.
Result<Plan> parseTextPlan(QStringView text);

} // namespace PlanLens
