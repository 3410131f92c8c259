// SPDX-License-Identifier: MIT
#pragma once

#include "rewriterule.h"

namespace PlanLens {

// A correlated scalar subquery in the select list (a SubPlan run once per outer row) → LEFT JOIN LATERAL, and, when it
// aggregates over one equality, the join + GROUP BY form that computes every group in one pass.
class LateralJoinRule : public RewriteRule
{
public:
    QString id() const override { return QStringLiteral("lateral-join"); }
    QList<Rewrite> propose(const RewriteInput &in) const override;
};

} // namespace PlanLens
