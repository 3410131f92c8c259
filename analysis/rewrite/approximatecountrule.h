// SPDX-License-Identifier: MIT
#pragma once

#include "rewriterule.h"

namespace PlanLens {

// `SELECT count(*) FROM t [WHERE …]` that reads a large table to print one number (the count-whole-table finding)
// → an approximation, stated as one (ResultMapping "approximate": the verifier reports the approximate and the exact
// value and the speed-up; the rows are not expected to be equal):
//   no WHERE   SELECT reltuples::bigint AS count FROM pg_class WHERE oid = 't'::regclass (the planner's estimate,
//              kept by VACUUM, ANALYZE and autovacuum); variant `capped`: the count capped at 1,001 rows;
//   WHERE      SELECT count(*) AS count FROM (SELECT 1 FROM t WHERE … LIMIT 1001) AS capped: exact up to 1,000,
//              1,001 means "1,000+".
class ApproximateCountRule : public RewriteRule
{
public:
    // A capped count reads at most kCap + 1 rows; kCap + 1 means "more than kCap".
    static constexpr int kCap = 1000;

    QString id() const override { return QStringLiteral("approximate-count"); }
    QList<Rewrite> propose(const RewriteInput &in) const override;
};

} // namespace PlanLens
