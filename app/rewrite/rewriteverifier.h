// SPDX-License-Identifier: MIT
#pragma once

#include "db/explainrunner.h"
#include "db/pgconnection.h"
#include "db/runresult.h"
#include "rewrite/rewrite.h"
#include "rewrite/statisticssuggestion.h"
#include "approximatecount.h"
#include "rolledbackindexprobe.h"

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPointer>

#include <functional>
#include <optional>

namespace PlanLens {

// The result rows of one statement, kept to compare the two sides.
struct RowSet {
    QStringList columns;
    QList<PgRow> rows;
};

// How one form of a rewrite (the main statements or a variant) fared against the Before script.
struct RewriteVerification {
    QString form; // "main" or the variant's id
    bool ran = false; // the pair was timed
    std::optional<bool> rowsEqual; // per the rewrite's ResultMapping; empty when not compared
    QString firstDifference; // a sentence naming the first differing row, empty when equal
    std::optional<double> speedup; // Before median / After median
    std::optional<double> beforeMedianMs;
    std::optional<double> afterMedianMs;
    QString note; // why something was not done ("step 1 returned rows: not applicable")
    QString error; // the After failed on the server (SQLSTATE and message)
    QString errorSqlState;
    RunResult run; // the runner's full result (plans of both sides)
    // create-statistics: the scan's estimate before and after the statistics, planned inside a rolled-back
    // transaction (RewriteVerifier::probeStatistics).
    std::optional<StatisticsEffect> statistics;
    // create-trigram-index: the statement's time and plan without and with the index, built for real inside a
    // transaction that is always rolled back (RolledBackIndexProbe: HypoPG cannot plan a GIN index).
    std::optional<IndexProbeEffect> indexProbe;
    // The `verified` object of `planlens rewrite --json` (docs/cli.md).
    QJsonObject toJson() const;
};

// Tests rewrites on a live database, on the thread that owns the connection (no blocking: each step is one
// asynchronous query, the timing is the ExplainRunner's). For each rewrite:
//   1. runs its catalog checks (CatalogCheck::holds is filled in);
//   2. fetches the rows of the Before script and of the After script, both in ONE transaction
//      (BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY ... ROLLBACK), so every statement of both scripts reads
//      the same snapshot and a concurrent write cannot fake (or hide) a difference; the After's array
//      parameters are bound as the rewrite declares them (Rewrite::arrayParams), and $ids / $ids_2 / ... from
//      the previous statement's first column otherwise, as the runner does. The rows are compared as the
//      rewrite's ResultMapping says: the same rows (in order only when the ORDER BY is proven total), or, for
//      incident B, the page rows plus the preload's (key, value) pairs;
//   3. times Before against After with ExplainRunner (interleaved runs) for the speed-up.
// A form whose required precondition failed is not timed or compared unless Options::verifyFailed is set: the
// report then says so instead of presenting a wrong rewrite. Variants are verified too.
// A create-statistics rewrite changes no rows: it is verified by planning the statement again with the statistics
// inside a transaction that is always rolled back (probeStatistics), and the result states the scan's estimate
// before and after next to the actual rows.
class RewriteVerifier : public QObject
{
    Q_OBJECT
public:
    struct Options {
        QList<RunParameter> parameters; // values of $1.. and named parameters of the Before script
        int runs = 5;
        int warmup = 1;
        int timeoutMs = 60000;
        bool verifyVariants = true;
        QString onlyForm;             // non-empty: verify just this form ("main" or a variant id), e.g. the
                                      // one "Try as After" put in the After pane; its condition still applies
        bool verifyFailed = false; // compare forms whose required precondition does not hold anyway
        bool checksOnly = false; // run the catalog checks, nothing else
    };

    explicit RewriteVerifier(PgConnection *connection, QObject *parent = nullptr);
    ~RewriteVerifier() override;

    // The connection must be connected (or connecting: the verifier waits for connected()).
    void start(const SqlScript &before, const QList<Rewrite> &rewrites, const Options &options);
    void stop();
    bool isRunning() const { return m_running; }

    // Opens the transaction in which rows are fetched (Before and After together): one snapshot for all of them.
    static QString fetchTransactionSql(int timeoutMs);
    // A rewrite's array parameters as indexes into its After script (Rewrite::arrayParams count from the
    // rewrite's first statement, which stands where the first replaced statement stood).
    static QList<ExplainRunner::ArrayParam> afterArrayParams(const Rewrite &rewrite);

    // Compares two row sets as `mapping` says (pure: used by start() and by the tests).
    // beforeRows holds one RowSet per Before statement, afterRows one per After statement.
    static RewriteVerification compare(
        const ResultMapping &mapping, const QList<RowSet> &beforeRows, const QList<RowSet> &afterRows, bool ordered);

signals:
    void progress(const QString &message);
    // rewrites: the input with CatalogCheck::holds filled in; results[i]: main form first, then each variant.
    void finished(const QList<PlanLens::Rewrite> &rewrites, const QList<QList<PlanLens::RewriteVerification>> &results);
    void failed(const QString &message);

private:
    using Next = std::function<void()>;

    void next();
    void finish();
    void fail(const QString &message);
    void exec(const PgQuery &query, std::function<void(const PgResult &)> done);
    void onQueryFinished(quint64 id, const PgResult &result);
    // After stop(): ends the transaction a probe or a row fetch left open (once the connection is idle), so that
    // neither the statistics object nor its locks outlive the stop.
    void rollbackAfterStop();
    // One script to fetch rows of: its text, parameter values and declared array parameters.
    struct FetchScript {
        QString sql;
        QList<RunParameter> params;
        QList<ExplainRunner::ArrayParam> arrayParams;
    };
    using FetchDone = std::function<void(
        const QList<QList<RowSet>> &rows, const QString &error, const QString &sqlState, int failedScript)>;
    // Runs the scripts' statements, one script after the other, in one read-only REPEATABLE READ transaction
    // (rolled back) and keeps every statement's rows, per script.
    void fetchRows(const QList<FetchScript> &scripts, FetchDone done);
    void fetchStatement(int index);
    void queueRewrite(int r);
    // With HypoPG installed and an index suggestion: EXPLAIN the statement without and with the hypothetical
    // index (hypopg_create_index, then hypopg_reset), into Rewrite::hypothetical.
    void hypothesise(int r);
    bool bindParameters(const SqlStatement &statement, PgQuery *query) const;
    // The Before script's statement an addition (index, statistics) is for: its last planned statement, or -1.
    int plannedStatement() const;
    // create-statistics: BEGIN; EXPLAIN; CREATE STATISTICS …; ANALYZE t; EXPLAIN (ANALYZE) of a SELECT; ROLLBACK
    // (always, on errors too), then `done` with the estimates in RewriteVerification::statistics.
    void probeStatistics(int r, RewriteVerification base, std::function<void(const RewriteVerification &)> done);
    void queueForm(int r, int variant); // variant -1: the main form

    QPointer<PgConnection> m_conn;
    Options m_options;
    SqlScript m_before;
    QString m_beforeSql;
    QList<Rewrite> m_rewrites;
    QList<QList<RewriteVerification>> m_results;
    QList<Next> m_queue;
    bool m_running = false;
    bool m_stopped = false;
    quint64 m_pendingId = 0;
    bool m_inTransaction = false; // a BEGIN of ours was sent and its ROLLBACK not yet
    std::function<void(const PgResult &)> m_pendingDone;
    QPointer<ExplainRunner> m_runner;
    // Fetched once up front so that a failing Before script ends the verification early; each form compares
    // against the Before rows fetched in its own transaction, next to its After rows.
    std::optional<QList<RowSet>> m_beforeRows;

    // fetchRows state
    struct Fetch {
        QList<SqlScript> scripts;
        QList<FetchScript> inputs;
        int script = 0; // the script being fetched
        QList<QList<RowSet>> rows; // per script, per statement
        FetchDone done;
    };
    Fetch m_fetch;
};

} // namespace PlanLens

Q_DECLARE_METATYPE(PlanLens::RewriteVerification)
