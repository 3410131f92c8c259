// SPDX-License-Identifier: MIT
#pragma once

#include "detect/detector.h"

namespace PlanLens {

// Where a row estimate first goes wrong by 10x or more, and the plan choices that were made on it.
class RowMisestimateDetector : public Detector
{
public:
    QString id() const override { return QStringLiteral("row-misestimate"); }
    QString title() const override { return QStringLiteral("Row estimate off by 10x or more"); }
    void detect(const DetectInput &in, QList<Finding> &out) const override;
};

} // namespace PlanLens
