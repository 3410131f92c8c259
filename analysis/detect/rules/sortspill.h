// SPDX-License-Identifier: MIT
#pragma once

#include "detect/detector.h"

namespace PlanLens {

// A Sort that did not fit in work_mem and wrote temporary files.
class SortSpillDetector : public Detector
{
public:
    QString id() const override { return QStringLiteral("sort-spill"); }
    QString title() const override { return QStringLiteral("Sort spills to disk"); }
    void detect(const DetectInput &in, QList<Finding> &out) const override;
};

} // namespace PlanLens
