// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace PlanLens {

struct Plan;
struct PlanNode;
struct SqlScript;

// An index the plan asks for, worked out from the plan alone. The detectors that advise an index
// (sort-limit-large-input, nested-loop-seq-scan) and the create-index rewrite use the same functions, so a
// finding names `create-index` exactly when the rewrite can write the index.
struct IndexSuggestion {
    QString schema; // as the plan prints it ("public")
    QString relation;
    QStringList equality; // columns compared with = (or IN, IS NULL): they come first
    QStringList range; // one range column after the equality columns (filter suggestions only)
    QStringList patternOps; // range columns tested with LIKE 'prefix%': text_pattern_ops serves any collation
    QStringList sort; // ORDER BY keys with their direction: "created_at DESC"
    QStringList join; // the inner relation's join columns (nested loop suggestions)
    QString expression; // an expression key, written for CREATE INDEX ("lower(email)", "(score + 0)"): it comes first
    // The index key: equality, then join, then sort keys (with direction), then the range column.
    QStringList keys() const;
    // The plain column names of the key, in order (no direction): for the "no such index" check.
    QStringList columns() const;
    // "tracks" or "app.tracks", quoted where needed.
    QString qualifiedRelation() const;
    // CREATE INDEX CONCURRENTLY ON tracks (owner_id, created_at DESC)
    QString ddl() const;
};

namespace IndexSuggestions {

// A scan whose Filter tests columns an ordinary index can serve (=, IN, IS NULL, <, >, BETWEEN, LIKE 'prefix%'):
// the columns the scan's index condition already uses, the filter's equality columns, then its first range
// column. Nothing when the filter has no such column (casts, functions, subqueries, leading wildcards).
std::optional<IndexSuggestion> forFilter(const PlanNode &scan);

// The Sort a Limit reads through (Limit → [Gather Merge] → Sort), or -1.
int sortBelowLimit(const Plan &plan, int limitNode);

// ORDER BY … LIMIT: the input scan's equality columns, then the Sort's keys with their direction. Nothing when
// the Sort's input is not a scan of one relation or a sort key is not a plain column of it.
std::optional<IndexSuggestion> forSortLimit(const Plan &plan, int sortNode);

// A scan whose whole Filter is an OR of arms that test different columns of its relation (`a = 1 OR b = 2`): one
// index per arm (the arm's equality columns, then one range column), so that PostgreSQL can combine them in a
// BitmapOr. Empty when an arm tests nothing an ordinary index serves (a function, a subquery, another relation),
// or when every arm leads with the same column (one index serves them all).
QList<IndexSuggestion> forOr(const PlanNode &scan);

// The Limit that reads an Index Scan (or Index Only Scan) in index order, through nodes that pass rows on (Gather
// Merge, Result), with no Sort between: the planner walks the index of the ORDER BY keys and stops after the LIMIT's
// rows. -1 for any other scan.
int limitAboveIndexWalk(const Plan &plan, int scanNode);

// ORDER BY b LIMIT n walked on an index of the ORDER BY keys while the scan's Filter tests other columns
// (limit-index-walk: the Filter throws rows away until n match): the equality columns of the Index Cond and of
// the Filter, then the ORDER BY keys of the statement (a SELECT of the script that reads the scan's relation, has
// ORDER BY and LIMIT; the last such statement) with their direction. Nothing without such a statement, when a
// sort key is not a plain column of the relation, or when the Filter has no equality column to put first.
std::optional<IndexSuggestion> forLimitWalk(const Plan &plan, int scanNode, const SqlScript &script);

// ORDER BY … LIMIT over a filtered scan: the walk above (the ORDER BY keys from the statement), or a Sort under the
// Limit that reads the scan directly (Limit → [Gather Merge] → Sort → scan; the keys from its Sort Key, so no
// statement is needed): the Filter's equality columns, then the ORDER BY keys with their direction. Nothing when
// the Filter has no equality column to put first or a key is not a plain column of the relation.
std::optional<IndexSuggestion> forOrderedLimit(const Plan &plan, int scanNode, const SqlScript *scriptOrNull);

// A Nested Loop whose inner side is a scan: the inner relation's columns the join compares for equality with
// another relation's column (Join Filter, or the inner scan's Filter when the planner put it there).
std::optional<IndexSuggestion> forNestedLoop(const Plan &plan, int joinNode, int innerNode);

} // namespace IndexSuggestions

} // namespace PlanLens
