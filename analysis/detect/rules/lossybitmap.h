// SPDX-License-Identifier: MIT
#pragma once

#include "detect/detector.h"

namespace PlanLens {

// A Bitmap Heap Scan whose bitmap exceeded work_mem and degraded to whole pages, so every row on them is rechecked.
class LossyBitmapDetector : public Detector
{
public:
    QString id() const override { return QStringLiteral("lossy-bitmap"); }
    QString title() const override { return QStringLiteral("Bitmap heap scan went lossy"); }
    void detect(const DetectInput &in, QList<Finding> &out) const override;
};

} // namespace PlanLens
