// SPDX-License-Identifier: MIT
#include "verifyrewrites.h"

#include "db/pgconnection.h"

#include <QEventLoop>
#include <QTimer>

namespace PlanLens::Test {

VerifyOutcome verifyRewrites(const QString &conninfo, const SqlScript &script, const QList<Rewrite> &rewrites,
                             const RewriteVerifier::Options &options, int timeoutMs)
{
    VerifyOutcome out;
    PgConnection conn;
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
    conn.connectToServer(conninfo);
    verifier.start(script, rewrites, options);
    loop.exec();
    return out;
}

} // namespace PlanLens::Test
