// SPDX-License-Identifier: MIT
#pragma once

#include "detect/detector.h"

namespace PlanLens {

// A scan filter that converts the column (implicitly or not) before comparing, so no index on the column applies.
class ImplicitCastDetector : public Detector
{
public:
    QString id() const override { return QStringLiteral("implicit-cast"); }
    QString title() const override { return QStringLiteral("Cast on the column prevents index use"); }
    void detect(const DetectInput &in, QList<Finding> &out) const override;
};

} // namespace PlanLens
