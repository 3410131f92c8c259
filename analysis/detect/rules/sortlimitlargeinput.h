// SPDX-License-Identifier: MIT
#pragma once

#include "detect/detector.h"

namespace PlanLens {

// A Limit over a Sort of many rows: an index on the sort keys would return the first rows directly.
class SortLimitLargeInputDetector : public Detector
{
public:
    QString id() const override { return QStringLiteral("sort-limit-large-input"); }
    QString title() const override { return QStringLiteral("ORDER BY ... LIMIT sorts a large input"); }
    void detect(const DetectInput &in, QList<Finding> &out) const override;

    // Fires when the Sort reads at least this many rows, and this many times the rows the Limit returns.
    // The create-index rewrite uses the same figures, so the rewrite this rule names always comes.
    static constexpr double kMinSortedRows = 10000;
    static constexpr double kMinSortedPerReturned = 100;
};

} // namespace PlanLens
