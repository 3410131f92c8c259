// SPDX-License-Identifier: MIT
#pragma once

#include "rewriterule.h"

namespace PlanLens {

// A long IN (1, 2, ...) list or IN (VALUES ...) → = ANY($vals) with the values bound as one array: one statement text
// for every list length (one plan cache and pg_stat_statements entry), and for VALUES no join with a VALUES scan.
class AnyArrayRule : public RewriteRule
{
public:
    QString id() const override { return QStringLiteral("any-array"); }
    QList<Rewrite> propose(const RewriteInput &in) const override;
};

} // namespace PlanLens
