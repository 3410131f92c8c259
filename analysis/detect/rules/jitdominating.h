// SPDX-License-Identifier: MIT
#pragma once

#include "detect/detector.h"

namespace PlanLens {

// JIT compilation takes a large share of the execution time.
class JitDominatingDetector : public Detector
{
public:
    QString id() const override { return QStringLiteral("jit-dominating"); }
    QString title() const override { return QStringLiteral("JIT compilation dominates"); }
    void detect(const DetectInput &in, QList<Finding> &out) const override;
};

} // namespace PlanLens
