// SPDX-License-Identifier: MIT
#pragma once

#include "db/pgconnection.h"
#include "rewrite/rewrite.h"

#include <QJsonObject>
#include <QString>

#include <functional>
#include <optional>

namespace PlanLens {

struct RewriteVerification;

// What an index built for real changed (RolledBackIndexProbe): the statement's time and plan without and with it.
// Times are EXPLAIN ANALYZE's Execution Time (medians of kRuns runs each, after one warm-up run), costs the root's.
struct IndexProbeEffect {
    QString indexDdl; // the statement that was built: "CREATE INDEX planlens_rolled_back_probe ON t USING gin (…)"
    QString planBefore; // the access paths, in plan order: "Seq Scan on tg_products"
    QString planAfter; // "Bitmap Heap Scan on tg_products | Bitmap Index Scan using planlens_rolled_back_probe"
    bool usesIndex = false; // the After plan reads the new index
    std::optional<double> beforeMs; // empty when the statement was only planned (it writes)
    std::optional<double> afterMs;
    double costBefore = 0;
    double costAfter = 0;
    double buildMs = 0; // the CREATE INDEX, as the client waited for it
    bool rolledBack = false; // the transaction that built the index was rolled back
    // The `index_probe` object of `verified` in `planlens rewrite --json` (docs/cli.md).
    QJsonObject toJson() const;
    // "Built for real and rolled back: 84.1 ms → 0.9 ms (×93), Seq Scan on t → Bitmap Index Scan using …"
    QString sentence() const;
};

// Verifies an index HypoPG cannot simulate (a GIN trigram index: create-trigram-index) by building it for real in a
// transaction that is always rolled back:
//   BEGIN; SET LOCAL statement_timeout = T;
//   <the rewrite's other statements: CREATE EXTENSION IF NOT EXISTS pg_trgm>;
//   EXPLAIN (ANALYZE, FORMAT JSON) <statement>  × (1 + kRuns);
//   CREATE INDEX planlens_rolled_back_probe ON … (the rewrite's index without CONCURRENTLY, which a transaction
//   block refuses);  EXPLAIN (ANALYZE, FORMAT JSON) <statement> × kRuns;  ROLLBACK
// The ROLLBACK is sent on every path, failures included (and by RewriteVerifier::stop() through the shared
// in-transaction flag). The index, and an extension created for it, go away with the transaction. While it is
// open, the build's SHARE lock blocks writes to the table (reads go on): up to the statement timeout per step.
// A statement that is not a plain SELECT is only planned (EXPLAIN without ANALYZE). The verifier runs it through
// its own query queue (Context::exec), so a stop() cancels it like any other step.
class RolledBackIndexProbe
{
public:
    static constexpr int kRuns = 3;
    static constexpr const char *kIndexName = "planlens_rolled_back_probe";

    using Exec = std::function<void(const PgQuery &, std::function<void(const PgResult &)>)>;
    struct Context {
        Exec exec; // sends one query and calls back with its result
        bool *inTransaction = nullptr; // the verifier's flag: true from BEGIN until ROLLBACK is sent
    };
    // What to probe: the rewrite (its checks, statements) and the Before statement with its bound parameters
    // (statement null: none to plan, or its parameters have no values).
    struct Request {
        const Rewrite *rewrite = nullptr;
        const SqlStatement *statement = nullptr;
        QList<PgParam> params;
        int timeoutMs = 60000;
    };

    // The index statement of a rewrite, as the probe builds it: CONCURRENTLY removed, named kIndexName (so the
    // After plan can be searched for it). Empty when `createIndex` is not a CREATE INDEX … ON statement.
    static QString probeDdl(const QString &createIndex);

    // Runs the probe and calls `done` once with `base` completed: indexProbe, speedup and the medians, a note, or
    // the error of the step that failed.
    static void run(const Context &context, const Request &request, const RewriteVerification &base,
        std::function<void(const RewriteVerification &)> done);
};

} // namespace PlanLens
