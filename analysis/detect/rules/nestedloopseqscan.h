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

    // Fires when the inner Seq Scan runs at least this many times and reads this many rows in all (the
    // create-index rewrite uses the same figures).
    static constexpr double kMinLoops = 100;
    static constexpr double kMinRowsScanned = 100000;
};

} // namespace PlanLens
