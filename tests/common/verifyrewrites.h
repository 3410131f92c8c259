// SPDX-License-Identifier: MIT
#pragma once
// Proposing rewrites from a plan a test server returns, and running the RewriteVerifier to its end: what the pg
// tests of rewrites share.

#include "rewrite/rewrite.h"
#include "rewrite/rewriteverifier.h"

#include <QList>
#include <QString>

namespace PlanLens {
class PgConnection;
}

namespace PlanLens::Test {

struct VerifyOutcome {
    QList<Rewrite> rewrites;                      // as checked (catalog and data checks answered)
    QList<QList<RewriteVerification>> results;    // per rewrite, per form
    QString error;                                // the verifier's failure, or "verification timed out"
};

// Verifies `rewrites` of `script` on `conn` with `options` and waits at most `timeoutMs` (then the verifier is
// stopped and the outcome says it timed out).
VerifyOutcome verifyRewrites(PgConnection &conn, const SqlScript &script, const QList<Rewrite> &rewrites,
                             const RewriteVerifier::Options &options, int timeoutMs);
// The same on a connection of its own to `conninfo`.
VerifyOutcome verifyRewrites(const QString &conninfo, const SqlScript &script, const QList<Rewrite> &rewrites,
                             const RewriteVerifier::Options &options, int timeoutMs);

// The rewrites of rule `rule` proposed for `sql` from the plan that EXPLAIN (`explainOptions`) returns on `conn`;
// empty when the plan or the SQL does not parse.
QList<Rewrite> proposeOnServer(PgConnection &conn, const QString &sql, const QString &rule,
                               const QString &explainOptions = QStringLiteral("ANALYZE, BUFFERS, FORMAT JSON"));

} // namespace PlanLens::Test
