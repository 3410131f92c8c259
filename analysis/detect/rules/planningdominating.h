// SPDX-License-Identifier: MIT
#pragma once

#include "detect/detector.h"

namespace PlanLens {

// Planning time larger than execution time.
class PlanningDominatingDetector : public Detector
{
public:
    QString id() const override { return QStringLiteral("planning-dominating"); }
    QString title() const override { return QStringLiteral("Planning takes longer than execution"); }
    void detect(const DetectInput &in, QList<Finding> &out) const override;
};

} // namespace PlanLens
