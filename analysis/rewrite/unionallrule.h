// SPDX-License-Identifier: MIT
#pragma once

#include "rewriterule.h"

namespace PlanLens {

// An OR whose branches test columns of two different tables of a join → one SELECT per branch, UNION ALL, each later
// branch excluding rows of the earlier ones with (cond) IS NOT TRUE: each branch can use an index on its own table, and
// duplicates are neither created nor removed.
class UnionAllRule : public RewriteRule
{
public:
    QString id() const override { return QStringLiteral("union-all"); }
    QList<Rewrite> propose(const RewriteInput &in) const override;
};

} // namespace PlanLens
