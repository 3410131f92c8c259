// SPDX-License-Identifier: MIT
#pragma once

#include "detect/detector.h"

namespace PlanLens {

// An Index Only Scan that still fetches heap rows because the visibility map is not up to date.
class IndexOnlyHeapFetchesDetector : public Detector
{
public:
    QString id() const override { return QStringLiteral("index-only-heap-fetches"); }
    QString title() const override { return QStringLiteral("Index-only scan visits the heap"); }
    void detect(const DetectInput &in, QList<Finding> &out) const override;
};

} // namespace PlanLens
