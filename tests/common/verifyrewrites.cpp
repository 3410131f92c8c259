// SPDX-License-Identifier: MIT
#include "verifyrewrites.h"

#include "db/pgconnection.h"
#include "plan/planparser.h"
#include "queryscalar.h"
#include "sql/sqlscript.h"

#include <QEventLoop>
#include <QTimer>

namespace PlanLens::Test {

VerifyOutcome verifyRewrites(PgConnection &conn, const SqlScript &script, const QList<Rewrite> &rewrites,
                             const RewriteVerifier::Options &options, int timeoutMs)
{
    VerifyOutcome out;
    RewriteVerifier verifier(&conn);
    QEventLoop loop;
    QObject::connect(&verifier, &RewriteVerifier::finished, &loop,
        [&](const QList<Rewrite> &r, const QList<QList<RewriteVerification>> &res) {
            out.rewrites = r;
            out.results = res;
            loop.quit();
        });
    QObject::connect(&verifier, &RewriteVerifier::failed, &loop, [&](const QString &m) {
        out.error = m;
        loop.quit();
    });
    QTimer::singleShot(timeoutMs, &loop, [&] {
        out.error = QStringLiteral("verification timed out");
        verifier.stop();
        loop.quit();
    });
    verifier.start(script, rewrites, options);
    loop.exec();
    return out;
}

VerifyOutcome verifyRewrites(const QString &conninfo, const SqlScript &script, const QList<Rewrite> &rewrites,
                             const RewriteVerifier::Options &options, int timeoutMs)
{
    PgConnection conn;
    conn.connectToServer(conninfo);
    return verifyRewrites(conn, script, rewrites, options, timeoutMs);
}

QList<Rewrite> proposeOnServer(PgConnection &conn, const QString &sql, const QString &rule, const QString &explainOptions)
{
    const Result<Plan> plan = parsePlan(queryScalar(conn, QStringLiteral("EXPLAIN (%1) %2").arg(explainOptions, sql)));
    const Result<SqlScript> script = parseSqlScript(sql);
    if (!std::holds_alternative<Plan>(plan) || !std::holds_alternative<SqlScript>(script))
        return {};
    QList<Rewrite> out;
    for (const Rewrite &rw : proposeRewrites(std::get<SqlScript>(script), &std::get<Plan>(plan)))
        if (rw.rule == rule)
            out << rw;
    return out;
}

} // namespace PlanLens::Test
