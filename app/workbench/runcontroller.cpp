// SPDX-License-Identifier: MIT
#include "runcontroller.h"

#include <QTimer>

namespace PlanLens {

RunController::RunController(PgConnection *connection, QObject *parent)
    : QObject(parent)
    , m_conn(connection)
    , m_runner(new ExplainRunner(connection, this))
{
    connect(m_runner, &ExplainRunner::progress, this,
            [this](const RunProgress &p) { emit progress(p.message, p.round, p.totalRounds); });
    connect(m_runner, &ExplainRunner::resultReady, this, [this](const RunResult &r) {
        setBusy(false);
        emit runSucceeded(r);
    });
    connect(m_runner, &ExplainRunner::runFailed, this, [this](const QString &m) {
        setBusy(false);
        emit runFailed(m);
    });
    connect(m_runner, &ExplainRunner::stopped, this, [this](const RunResult &partial) {
        setBusy(false);
        emit runStopped(partial, false);
    });
}

bool RunController::isRunning() const
{
    return m_runner->isRunning() || (m_verifier && m_verifier->isRunning());
}

bool RunController::isBusyForUser() const
{
    return m_runner->isRunning() || (m_verifier && m_verifier->isRunning() && m_verifyingTry);
}

void RunController::setBusy(bool busy)
{
    if (m_busy == busy)
        return;
    m_busy = busy;
    emit busyChanged(busy);
}

bool RunController::runPair(const RunRequest &request)
{
    setBusy(true);
    if (!m_runner->start(withTriedArrayParams(request))) {
        setBusy(false);   // runFailed() follows with the reason
        return false;
    }
    return true;
}

RunRequest RunController::withTriedArrayParams(const RunRequest &request) const
{
    if (!request.afterArrayParams.isEmpty() || m_triedArrayParams.isEmpty())
        return request;
    const Result<SqlScript> parsed = parseSqlScript(request.afterSql);
    const auto *script = std::get_if<SqlScript>(&parsed);
    if (!script)
        return request;   // the check names the syntax error
    RunRequest out = request;
    for (const RunArrayParam &a : m_triedArrayParams) {
        bool used = false;
        bool valid = true;
        for (qsizetype i = 0; i < script->statements.size(); ++i) {
            for (const ParamUse &u : script->statements.at(i).params) {
                if (u.name != a.name)
                    continue;
                used = true;
                // Edited since the try so that the name comes first: the declaration no longer fits.
                if (i <= a.fromStatement || a.column < 0)
                    valid = false;
            }
        }
        if (used && valid)
            out.afterArrayParams << a;
    }
    return out;
}

QString RunController::check(const RunRequest &request) const
{
    return ExplainRunner::check(withTriedArrayParams(request));
}

QStringList RunController::triedArrayParamNames() const
{
    QStringList names;
    for (const RunArrayParam &a : m_triedArrayParams)
        names << a.name;
    return names;
}

void RunController::tryRewrite(const SqlScript &before, const Rewrite &rewrite, const RewriteVerifier::Options &options)
{
    // The verifier binds the rewrite's array parameters itself; a later run of the After pane needs them too.
    m_triedArrayParams = RewriteVerifier::afterArrayParams(rewrite);
    m_verifier = new RewriteVerifier(m_conn, this);
    m_verifyingTry = true;
    RewriteVerifier *v = m_verifier;
    connect(v, &RewriteVerifier::progress, this, &RunController::tryProgress);
    connect(v, &RewriteVerifier::finished, this,
            [this, v](const QList<Rewrite> &rewrites, const QList<QList<RewriteVerification>> &results) {
                v->deleteLater();
                setBusy(false);
                if (rewrites.isEmpty() || results.isEmpty() || results.first().isEmpty()) {
                    emit tryFailed(tr("The rewrite was not tried."));
                    return;
                }
                emit tryFinished(rewrites.first(), results.first().first());
            });
    connect(v, &RewriteVerifier::failed, this, [this, v](const QString &m) {
        v->deleteLater();
        setBusy(false);
        emit tryFailed(m);
    });
    setBusy(true);
    v->start(before, {rewrite}, options);
}

void RunController::checkPreconditions(const SqlScript &before, const QList<Rewrite> &rewrites)
{
    if (rewrites.isEmpty() || !m_conn->isConnected() || m_conn->isBusy() || isRunning())
        return;
    m_verifier = new RewriteVerifier(m_conn, this);
    m_verifyingTry = false;
    RewriteVerifier *v = m_verifier;
    RewriteVerifier::Options options;
    options.checksOnly = true;
    connect(v, &RewriteVerifier::finished, this,
            [this, v](const QList<Rewrite> &checked, const QList<QList<RewriteVerification>> &) {
                v->deleteLater();
                emit preconditionsChecked(checked);
                runDeferred();
            });
    connect(v, &RewriteVerifier::failed, this, [this, v](const QString &m) {
        v->deleteLater();
        emit preconditionsFailed(m);
        runDeferred();
    });
    v->start(before, rewrites, options);
}

void RunController::stop()
{
    if (m_afterChecks) {
        m_afterChecks = nullptr;
        emit runStopped(RunResult(), true);
    }
    if (m_runner->isRunning())
        m_runner->stop();
    if (m_verifier && m_verifier->isRunning())
        m_verifier->stop();
}

bool RunController::deferUntilChecksDone(std::function<void()> action)
{
    // The catalog checks take a moment on the same connection: what the user asked for meanwhile runs as soon
    // as they are done, instead of being refused.
    if (!m_verifier || !m_verifier->isRunning() || m_verifyingTry || m_runner->isRunning())
        return false;
    m_afterChecks = std::move(action);
    return true;
}

void RunController::runDeferred()
{
    if (!m_afterChecks)
        return;
    auto action = std::move(m_afterChecks);
    m_afterChecks = nullptr;
    QTimer::singleShot(0, this, action);
}

} // namespace PlanLens
