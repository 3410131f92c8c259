// SPDX-License-Identifier: MIT
#pragma once

#include "rewriterule.h"

namespace PlanLens {

// Incident A (seed 000): `WHERE (t.owner_id = X OR t.track_id IN (SELECT track_id FROM c WHERE ...))`.
// The OR across an indexed column and a semi-join sublink makes PostgreSQL read the whole table and test a
// hashed SubPlan per row. The fix fetches the ids first (step 1 = the subquery, verbatim) and passes them
// back as an array: `t.track_id = ANY($ids)`, which the planner turns into a BitmapOr of two index scans.
// Also recognised: `= ANY (SELECT ...)` and the correlated `EXISTS (SELECT 1 FROM c WHERE c.k = t.k AND ...)`.
// Variants: the owner-only query for an empty step 1, and `= ANY(ARRAY(SELECT ...))` in one statement.
class PrefetchAnyArrayRule : public RewriteRule
{
public:
    QString id() const override { return QStringLiteral("prefetch-any-array"); }
    QList<Rewrite> propose(const RewriteInput &in) const override;
};

} // namespace PlanLens
