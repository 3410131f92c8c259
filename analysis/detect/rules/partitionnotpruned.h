// SPDX-License-Identifier: MIT
#pragma once

#include "detect/detector.h"

namespace PlanLens {

// An Append over the partitions of a table that scans partitions which cannot hold matching rows.
class PartitionNotPrunedDetector : public Detector
{
public:
    QString id() const override { return QStringLiteral("partition-not-pruned"); }
    QString title() const override { return QStringLiteral("Partitions not pruned"); }
    void detect(const DetectInput &in, QList<Finding> &out) const override;
};

} // namespace PlanLens
