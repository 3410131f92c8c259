// SPDX-License-Identifier: MIT
#pragma once

#include "detect/detector.h"

namespace PlanLens {

// A large scan that throws away most of the rows it reads: an index on the filtered columns would read only the rest.
class RowsRemovedByFilterDetector : public Detector
{
public:
    QString id() const override { return QStringLiteral("rows-removed-by-filter"); }
    QString title() const override { return QStringLiteral("Scan discards most rows it reads"); }
    void detect(const DetectInput &in, QList<Finding> &out) const override;
};

} // namespace PlanLens
