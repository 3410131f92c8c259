// SPDX-License-Identifier: MIT
#pragma once

#include "rewriterule.h"

namespace PlanLens {

// From the plan: a Seq Scan whose filter throws away most rows → CREATE INDEX on the filter's columns, equality columns
// first, then one range column. With HypoPG installed the plan with a hypothetical index can be shown; here it is only
// mentioned.
class CreateIndexRule : public RewriteRule
{
public:
    QString id() const override { return QStringLiteral("create-index"); }
    QList<Rewrite> propose(const RewriteInput &in) const override;
};

} // namespace PlanLens
