// SPDX-License-Identifier: MIT
#pragma once

#include "rewriterule.h"

namespace PlanLens {

// NOT IN (subquery) → NOT EXISTS. Only equivalent when neither side can be NULL: NOT IN returns no row at all once the
// subquery yields a NULL, and is NULL (so filters the row) for a NULL probe; NOT EXISTS returns the row in both cases.
// The preconditions say so and the catalog checks test NOT NULL.
class NotExistsRule : public RewriteRule
{
public:
    QString id() const override { return QStringLiteral("not-exists"); }
    QList<Rewrite> propose(const RewriteInput &in) const override;
};

} // namespace PlanLens
