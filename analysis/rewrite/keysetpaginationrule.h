// SPDX-License-Identifier: MIT
#pragma once

#include "rewriterule.h"

namespace PlanLens {

// LIMIT n OFFSET k with a large k reads and throws away k rows. Keyset pagination continues after the previous page's
// last sort key instead: WHERE (a, b) < ($last_a, $last_b). Needs a total order (a unique key in the ORDER BY) and NOT
// NULL sort columns.
class KeysetPaginationRule : public RewriteRule
{
public:
    QString id() const override { return QStringLiteral("keyset-pagination"); }
    QList<Rewrite> propose(const RewriteInput &in) const override;
};

} // namespace PlanLens
