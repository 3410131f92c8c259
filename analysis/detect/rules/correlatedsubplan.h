// SPDX-License-Identifier: MIT
#pragma once

#include "detect/detector.h"

namespace PlanLens {

// A SubPlan executed for every row of its parent (a correlated subquery).
class CorrelatedSubplanDetector : public Detector
{
public:
    QString id() const override { return QStringLiteral("correlated-subplan"); }
    QString title() const override { return QStringLiteral("Subquery runs once per row"); }
    void detect(const DetectInput &in, QList<Finding> &out) const override;
};

} // namespace PlanLens
