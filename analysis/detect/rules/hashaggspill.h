// SPDX-License-Identifier: MIT
#pragma once

#include "detect/detector.h"

namespace PlanLens {

// A hashed Aggregate that exceeded its memory and spilled groups to disk.
class HashAggSpillDetector : public Detector
{
public:
    QString id() const override { return QStringLiteral("hashagg-spill"); }
    QString title() const override { return QStringLiteral("Hash aggregate spills to disk"); }
    void detect(const DetectInput &in, QList<Finding> &out) const override;
};

} // namespace PlanLens
