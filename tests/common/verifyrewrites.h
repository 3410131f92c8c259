// SPDX-License-Identifier: MIT
#pragma once
// Runs the RewriteVerifier to its end on a connection of its own: what the pg tests of rewrites share.

#include "rewrite/rewrite.h"
#include "rewrite/rewriteverifier.h"

#include <QList>
#include <QString>

namespace PlanLens::Test {

struct VerifyOutcome {
    QList<Rewrite> rewrites;                      // as checked (catalog and data checks answered)
    QList<QList<RewriteVerification>> results;    // per rewrite, per form
    QString error;                                // the verifier's failure, or "verification timed out"
};

// Connects to `conninfo`, verifies `rewrites` of `script` with `options` and waits at most `timeoutMs` (then the
// verifier is stopped and the outcome says it timed out).
VerifyOutcome verifyRewrites(const QString &conninfo, const SqlScript &script, const QList<Rewrite> &rewrites,
                             const RewriteVerifier::Options &options, int timeoutMs);

} // namespace PlanLens::Test
