// SPDX-License-Identifier: MIT
#pragma once

#include "detect/detector.h"

namespace PlanLens {

// A scan filter that converts the column (implicitly or not) before comparing, so no index on the column applies;
// and a join whose key types differ (issue 13.6): a Hash/Merge Cond, Join Filter or parameterised scan Filter that
// converts one relation's key to the other side's type (`(c.id)::numeric = o.customer_id`), so the key's index
// cannot serve the join (CastJoinKeyRule::forPlan, shared with the cast-join-key rewrite).
class ImplicitCastDetector : public Detector
{
public:
    QString id() const override { return QStringLiteral("implicit-cast"); }
    QString title() const override { return QStringLiteral("Cast on the column prevents index use"); }
    void detect(const DetectInput &in, QList<Finding> &out) const override;

private:
    void joinCasts(const DetectInput &in, QList<Finding> &out) const;
};

} // namespace PlanLens
