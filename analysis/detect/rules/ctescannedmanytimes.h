// SPDX-License-Identifier: MIT
#pragma once

#include "detect/detector.h"

namespace PlanLens {

// A materialised CTE read over and over (no index on a CTE result), typically once per outer row.
class CteScannedManyTimesDetector : public Detector
{
public:
    QString id() const override { return QStringLiteral("cte-scanned-many-times"); }
    QString title() const override { return QStringLiteral("CTE scanned many times"); }
    void detect(const DetectInput &in, QList<Finding> &out) const override;
};

} // namespace PlanLens
