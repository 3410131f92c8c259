// SPDX-License-Identifier: MIT
#pragma once

#include "rewriterule.h"

#include <optional>

namespace PlanLens {

struct Plan;

// A trigram index the plan asks for: a scan whose Filter matches one of its own text columns with LIKE (~~) or
// ILIKE (~~*) against a constant pattern that starts with a wildcard ('%blue%') and throws most rows away. No
// btree index serves such a pattern; pg_trgm's gin_trgm_ops serves LIKE and ILIKE alike (no lower(col) needed).
struct TrigramIndexSuggestion {
    QString schema; // as the plan prints it ("public")
    QString relation;
    QString column;
    QString op; // "~~" (LIKE) or "~~*" (ILIKE)
    QString pattern; // as the plan prints it: "'%blue%'"
    int node = -1; // the scan, index into Plan::nodes
    QString nodeName; // "Seq Scan on tg_products"
    double removed = 0; // rows removed by the filter and rows kept, × loops
    double kept = 0;

    // "tg_products" or "app.tg_products", quoted where needed
    QString qualifiedRelation() const;
    // CREATE EXTENSION IF NOT EXISTS pg_trgm
    static QString extensionSql();
    // CREATE INDEX CONCURRENTLY ON tg_products USING gin (name gin_trgm_ops)
    QString ddl() const;
};

// From the plan: for each such scan the index `CREATE INDEX CONCURRENTLY ON t USING gin (col gin_trgm_ops)`,
// after `CREATE EXTENSION IF NOT EXISTS pg_trgm`: an addition that changes no result. HypoPG cannot plan a GIN
// index, so with --verify the verifier builds it for real inside a transaction it always rolls back
// (RolledBackIndexProbe) and reports the statement's time and plan without and with it.
class CreateTrigramIndexRule : public RewriteRule
{
public:
    // The filter must throw away this many rows to be worth an index (like-leading-wildcard's threshold).
    static constexpr double kMinRemoved = 1000;
    // A trigram index can only narrow the search with a run of at least this many characters between wildcards.
    static constexpr int kMinLiteralRun = 3;

    QString id() const override { return QStringLiteral("create-trigram-index"); }
    QList<Rewrite> propose(const RewriteInput &in) const override;

    // The suggestion for the scan `node`, or nothing.
    static std::optional<TrigramIndexSuggestion> forScan(const Plan &plan, int node);
    // Every suggestion of the plan, one per relation and column (the first scan wins).
    static QList<TrigramIndexSuggestion> forPlan(const Plan &plan);
    // The longest run of characters between wildcards (% and _, a backslash escapes) in a pattern as the plan
    // prints it ('%blue%'::text → 4).
    static int longestLiteralRun(const QString &pattern);
};

} // namespace PlanLens
