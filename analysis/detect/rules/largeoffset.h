// SPDX-License-Identifier: MIT
#pragma once

#include "detect/detector.h"

namespace PlanLens {

// A Limit that skips thousands of rows (OFFSET): they are all read and discarded.
class LargeOffsetDetector : public Detector
{
public:
    QString id() const override { return QStringLiteral("large-offset"); }
    QString title() const override { return QStringLiteral("Large OFFSET reads rows to throw them away"); }
    void detect(const DetectInput &in, QList<Finding> &out) const override;
};

} // namespace PlanLens
