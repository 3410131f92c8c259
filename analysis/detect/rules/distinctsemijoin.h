// SPDX-License-Identifier: MIT
#pragma once

#include "detect/detector.h"

namespace PlanLens {

// SELECT DISTINCT over a join used as a semi-join (issue 13.6): the select list reads one table, the other only
// filters, and the plan's Unique or Aggregate removes most of the join's rows again (DistinctToExistsRule).
class DistinctSemiJoinDetector : public Detector
{
public:
    QString id() const override { return QStringLiteral("distinct-semi-join"); }
    QString title() const override { return QStringLiteral("DISTINCT removes the copies a filtering join made"); }
    void detect(const DetectInput &in, QList<Finding> &out) const override;
};

} // namespace PlanLens
