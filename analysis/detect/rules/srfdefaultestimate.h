// SPDX-License-Identifier: MIT
#pragma once

#include "detect/detector.h"

namespace PlanLens {

// A Function Scan planned with the default 1000 rows (prorows) that returned a very different number.
class SrfDefaultEstimateDetector : public Detector
{
public:
    QString id() const override { return QStringLiteral("srf-default-estimate"); }
    QString title() const override { return QStringLiteral("Set-returning function uses the default estimate"); }
    void detect(const DetectInput &in, QList<Finding> &out) const override;
};

} // namespace PlanLens
