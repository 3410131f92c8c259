// SPDX-License-Identifier: MIT
#pragma once

#include "detect/detector.h"

namespace PlanLens {

// A Gather that planned parallel workers but got fewer (max_parallel_workers exhausted).
class WorkersNotLaunchedDetector : public Detector
{
public:
    QString id() const override { return QStringLiteral("workers-not-launched"); }
    QString title() const override { return QStringLiteral("Parallel workers not launched"); }
    void detect(const DetectInput &in, QList<Finding> &out) const override;
};

} // namespace PlanLens
