// SPDX-License-Identifier: MIT
#pragma once

#include "db/explainrunner.h"
#include "rewrite/rewrite.h"
#include "rewrite/rewriteverifier.h"
#include "sql/sqlscript.h"

#include <QObject>
#include <QPointer>

#include <functional>

namespace PlanLens {

class PgConnection;

// The run state machine of the window: a pair run (ExplainRunner), a "try as After" (RewriteVerifier on one
// form of one rewrite), and the catalog checks of the proposed rewrites (RewriteVerifier, checks only), all on
// the one connection and never two at once. A run or a try asked for while the catalog checks go waits for
// them instead of being refused. Everything is asynchronous on the GUI thread (libpq's non-blocking API).
class RunController : public QObject
{
    Q_OBJECT
public:
    explicit RunController(PgConnection *connection, QObject *parent = nullptr);

    bool isRunning() const;               // a run, a try or the catalog checks
    bool isBusyForUser() const;           // a run or a try (not the background checks)
    RunFailure lastFailure() const { return m_runner->lastFailure(); }

    // Starts the pair, with withTriedArrayParams(request). Returns false when the request was refused at once
    // (runFailed follows).
    bool runPair(const RunRequest &request);
    // The request with the array parameters of the rewrite last tried as After (RewriteVerifier::afterArrayParams)
    // when it declares none itself: running the After pane again after "Try as After" binds them as the try did.
    // A declaration is kept only while the After script still uses its name, each time after the statement it
    // comes from.
    RunRequest withTriedArrayParams(const RunRequest &request) const;
    // ExplainRunner::check() of withTriedArrayParams(request).
    QString check(const RunRequest &request) const;
    // The names the last tried rewrite declares as array parameters (they need no parameter table row).
    QStringList triedArrayParamNames() const;
    void tryRewrite(const SqlScript &before, const Rewrite &rewrite, const RewriteVerifier::Options &options);
    void checkPreconditions(const SqlScript &before, const QList<Rewrite> &rewrites);
    void stop();

    // Queues an action to run once the background catalog checks are done; false when none are running.
    bool deferUntilChecksDone(std::function<void()> action);

signals:
    void busyChanged(bool busy);                 // a run or a try started or ended
    void progress(const QString &message, int round, int totalRounds);
    void runSucceeded(const PlanLens::RunResult &result);
    void runFailed(const QString &message);      // lastFailure() says where
    void runStopped(const PlanLens::RunResult &partial, bool beforeStart);
    void tryProgress(const QString &message);
    void tryFinished(const PlanLens::Rewrite &rewrite, const PlanLens::RewriteVerification &result);
    void tryFailed(const QString &message);
    void preconditionsChecked(const QList<PlanLens::Rewrite> &rewrites);
    void preconditionsFailed(const QString &message);

private:
    void setBusy(bool busy);
    void runDeferred();

    PgConnection *m_conn;
    ExplainRunner *m_runner;
    QPointer<RewriteVerifier> m_verifier;
    bool m_verifyingTry = false;
    bool m_busy = false;
    QList<RunArrayParam> m_triedArrayParams;   // of the rewrite last tried as After, in its After script
    std::function<void()> m_afterChecks;
};

} // namespace PlanLens
