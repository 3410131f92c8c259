// SPDX-License-Identifier: MIT
#pragma once

#include "rewriterule.h"

namespace PlanLens {

// `date_trunc('day', col) = X` and `col::date = X` → `col >= X AND col < X + interval '1 day'` (`X::date + 1` for
// the date cast): the bare column is compared, so an index on it serves the condition (the non-sargable-predicate
// finding). Same rows when X is the start of a day (otherwise the Before matches nothing); the verifier checks it
// for the values given.
class DateRangeRule : public RewriteRule
{
public:
    QString id() const override { return QStringLiteral("date-range-predicate"); }
    QList<Rewrite> propose(const RewriteInput &in) const override;
};

} // namespace PlanLens
