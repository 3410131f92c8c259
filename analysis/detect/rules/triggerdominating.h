// SPDX-License-Identifier: MIT
#pragma once

#include "detect/detector.h"

namespace PlanLens {

// Trigger functions account for a large share of the statement's time.
class TriggerDominatingDetector : public Detector
{
public:
    QString id() const override { return QStringLiteral("trigger-dominating"); }
    QString title() const override { return QStringLiteral("Triggers dominate the statement"); }
    void detect(const DetectInput &in, QList<Finding> &out) const override;
};

} // namespace PlanLens
