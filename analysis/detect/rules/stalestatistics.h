// SPDX-License-Identifier: MIT
#pragma once

#include "detect/detector.h"

namespace PlanLens {

struct PlanNode;

// A plain scan whose one-column condition is estimated 10x off: typically statistics older than the data.
class StaleStatisticsDetector : public Detector
{
public:
    QString id() const override { return QStringLiteral("stale-statistics"); }
    QString title() const override { return QStringLiteral("Statistics look out of date"); }
    void detect(const DetectInput &in, QList<Finding> &out) const override;

    // A relation scan whose conditions compare at most one column of its own, plainly (no function, cast,
    // pattern, subquery or outer reference): an estimate that PostgreSQL's per-column statistics should get
    // right, so a 10x error points at the statistics themselves.
    static bool isSingleColumnScan(const PlanNode &node);
};

} // namespace PlanLens
