// SPDX-License-Identifier: MIT
#pragma once

#include "detect/detector.h"

namespace PlanLens {

// A Nested Loop whose inner side is a Seq Scan run once per outer row.
class NestedLoopSeqScanDetector : public Detector
{
public:
    QString id() const override { return QStringLiteral("nested-loop-seq-scan"); }
    QString title() const override { return QStringLiteral("Nested loop rescans a table"); }
    void detect(const DetectInput &in, QList<Finding> &out) const override;
};

} // namespace PlanLens
