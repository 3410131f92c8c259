// SPDX-License-Identifier: MIT
#pragma once

#include "rewriterule.h"

namespace PlanLens {

// From the plan (StatisticsSuggestions): a scan whose conditions AND plain comparisons on two or more columns of
// one table and whose estimate is 10x or more under the actual rows (row-misestimate's correlated-columns case)
// → `CREATE STATISTICS t_a_b_stats (dependencies, mcv) ON a, b FROM t` and `ANALYZE t`, an addition that changes
// no result. With --verify the verifier creates the statistics inside a transaction it rolls back, plans the
// statement again and reports the scan's estimate before and after (RewriteVerification::statistics).
class CreateStatisticsRule : public RewriteRule
{
public:
    QString id() const override { return QStringLiteral("create-statistics"); }
    QList<Rewrite> propose(const RewriteInput &in) const override;
};

} // namespace PlanLens
