// SPDX-License-Identifier: MIT
#pragma once

#include "rewrite.h"
#include "sqltree.h"

#include <optional>

// Pieces several rules share.
namespace PlanLens::RuleSupport {

// The table a column qualifier names in a FROM list (alias first, then table name); an empty qualifier
// resolves when the list holds one table.
std::optional<SqlTree::TableRef> resolveTable(const QJsonArray &fromClause, const QString &qualifier);

// For a statement with ORDER BY over plain columns of one table: the check that tells whether the order is
// total (a unique index within the sort columns), so a verifier may compare rows in order. Not required.
std::optional<CatalogCheck> orderTotalCheck(const QJsonObject &select);

// A named parameter that the script does not use yet: $ids, else $ids_2, ...
QString freshParamName(const SqlScript &script, const QString &base);

// The ResultMapping "same rows" (order-insensitive; in order when an order-total check holds).
ResultMapping sameRows(const QString &description = {});

// True when the statement is a plain SELECT the rules may rewrite (parsed, no writes, no EXPLAIN).
bool isPlainSelect(const SqlStatement &st);

// True when a SELECT body's rows can be split over the arms of a UNION: no set operation, GROUP BY, HAVING,
// DISTINCT, WINDOW, ORDER BY, LIMIT/OFFSET, FOR UPDATE or WITH (each would have to move over the union).
bool splitsIntoArms(const QJsonObject &select);

// What a function call is, as far as the parse tree and the catalog facts tell:
//   Window     the call has OVER (...)
//   Aggregate  count(*), or DISTINCT / FILTER / ORDER BY / WITHIN GROUP inside the call (only aggregates take
//              them), or the catalog facts list the name as an aggregate (prokind 'a')
//   Plain      the catalog facts are known and list the name as neither aggregate nor window function
//   Unknown    offline (no facts) and nothing in the tree says: `stddev(x)` and `lower(x)` look alike
// No name list is consulted: which built-ins are aggregates is the catalog's business.
enum class CallKind { Plain, Aggregate, Window, Unknown };
CallKind callKind(const QJsonValue &funcCall, const CatalogFacts *facts);
// The kinds of every function call in the expression, not counting those inside subqueries.
QList<CallKind> callKinds(const QJsonValue &expr, const CatalogFacts *facts);

// "t.owner_id = 42001" → "owner_id" for simple comparisons of a column of `qualifier` with anything.
QStringList comparedColumns(const QJsonValue &expr, const QString &qualifier, bool unqualifiedToo);

} // namespace PlanLens::RuleSupport
