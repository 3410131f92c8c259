// SPDX-License-Identifier: MIT
#pragma once

#include "pgconnection.h"
#include "runchecks.h"
#include "runresult.h"

#include <QObject>
#include <QPointer>

namespace PlanLens {

struct RunProgress {
    int round = 0;          // 1-based over all rounds, warm-ups included
    int totalRounds = 0;
    bool warmup = false;    // not measured
    QString side;           // "before" or "after"
    QString message;        // "Run 3 of 7: after"
};

// Where and why a run failed, for marking the statement in the editor.
struct RunFailure {
    QString side;           // "before", "after", or empty (connection, parameters)
    int statement = -1;     // 0-based statement index in that side's script
    int position = -1;      // QString index in that side's script where the server located the error, or -1
    QString sqlState;
    QString message;        // the sentence runFailed() carried
};

// Runs a before/after pair of scripts on a PgConnection, on the thread that owns both (the GUI thread):
// every step is one asynchronous query, so nothing blocks. The CLI runs the same class in a QEventLoop.
//
// Each side is split and classified by parseSqlScript() in RunChecks, before anything is sent. Transaction
// commands are refused; statements that write are refused unless RunRequest::allowWrites (estimate mode only
// plans them, which executes nothing).
// A side runs in `BEGIN READ ONLY` (or `BEGIN` when writes are allowed and present), with
// `SET LOCAL statement_timeout`, and always ends in ROLLBACK.
//
// Rounds: W warm-ups, then N measured rounds, each running before then after (B A B A ...) in one backend.
// The plans are captured in the LAST warm-up round (an extra unmeasured round when W is 0): caches are as warm
// as in the measured rounds, and no measured round carries EXPLAIN's overhead. Each measured round times the
// plain execution of every statement on the client, rows fetched and counted (as psql's \timing does), and
// hashes the rows of the last statement.
class ExplainRunner : public QObject
{
    Q_OBJECT
public:
    explicit ExplainRunner(PgConnection *connection, QObject *parent = nullptr);
    ~ExplainRunner() override;

    // A named parameter bound from an earlier statement's result, as one array (a rewrite's `array_params`).
    using ArrayParam = RunArrayParam;
    // The default array parameter names: $ids, and $ids_2, $ids_3, ... which a rewrite takes when the script
    // already uses $ids. Without a declaration such a parameter is the first column of the previous statement.
    static bool isDefaultArrayParamName(const QString &name);

    // Checks a request without the server (RunChecks): both scripts parse, no statement is refused, every
    // parameter has a value. Empty when the request may run, else the sentence runFailed() would carry.
    // The After script binds request.afterArrayParams; a parameter table row with a value still overrides them.
    static QString check(const RunRequest &request);
    // The same with afterArrayParams added to the request's.
    static QString check(const RunRequest &request, const QList<ArrayParam> &afterArrayParams);
    // A PostgreSQL array literal of the values: {1,2,NULL,"a b"} (elements quoted as array_in expects).
    static QString arrayLiteral(const PgRow &values);

    // Starts a run (connecting or reconnecting first if needed). Returns false when the request is refused
    // or a run is already going; runFailed() then follows from the event loop.
    bool start(const RunRequest &request);
    // The same with afterArrayParams added to the request's.
    bool start(const RunRequest &request, const QList<ArrayParam> &afterArrayParams);
    // Cancels the running statement on the server and ends the series; stopped() follows once the
    // transaction is rolled back.
    void stop();
    bool isRunning() const { return m_phase != Phase::Idle; }
    PgConnection *connection() const { return m_conn; }
    RunFailure lastFailure() const { return m_failure; }

signals:
    void started();
    void progress(const PlanLens::RunProgress &progress);
    void resultReady(const PlanLens::RunResult &result);
    void runFailed(const QString &message);
    void stopped(const PlanLens::RunResult &partial);

private:
    enum class Phase { Idle, Connecting, ResolvingTypes, Running, CleaningUp, Parsing };
    enum class StepKind { Begin, Savepoint, ReleaseSavepoint, Prepare, Explain, Deallocate, Exec, Rollback };
    struct Step {
        StepKind kind;
        int statement = -1;
    };
    using Param = RunChecks::Param;
    using Stmt = RunChecks::Stmt;
    using Side = RunChecks::Side;

    void onConnected();
    void onConnectionFailed(const QString &message);
    void onQueryFinished(quint64 id, const PgResult &result);
    void onCancelFinished();

    void resolveTypes();
    void beginRun();
    void startSideRound();
    void buildSteps();
    void runStep();
    void stepDone(const PgResult &result);
    void sideRoundDone();
    bool send(PgQuery query);
    QList<PgParam> paramsFor(int statement, QString *note) const;
    QString executeLiterals(int statement) const;

    void fail(const QString &message, const QString &side = QString(), int statement = -1, int position = -1,
              const QString &sqlState = QString());
    void cleanUp();
    void finishCleanUp();
    void parseAndFinish(bool complete);

    QPointer<PgConnection> m_conn;
    Phase m_phase = Phase::Idle;
    RunRequest m_request;
    Side m_sides[2];
    QList<unsigned int> m_typeOids;      // per parameter table row, 0 = infer
    RunResult m_result;
    int m_serverVersion = 0;             // PQserverVersion when the run began

    int m_round = 0;                     // 0-based, warm-ups first
    int m_totalRounds = 0;
    int m_explainRound = 0;
    int m_side = 0;
    QList<Step> m_steps;
    int m_stepIndex = 0;
    QList<PgResult> m_stmtResults;       // this side-round's last result per statement
    double m_roundMs = 0;
    quint64 m_queryId = 0;

    bool m_stopRequested = false;
    bool m_failed = false;
    bool m_rollbackRetried = false;
    bool m_sideTimedOut[2] = {false, false};   // hit statement_timeout: skipped for the rest of the run
    RunFailure m_failure;
    quint64 m_generation = 0;
};

} // namespace PlanLens

Q_DECLARE_METATYPE(PlanLens::RunProgress)
