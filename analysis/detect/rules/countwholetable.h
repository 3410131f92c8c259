// SPDX-License-Identifier: MIT
#pragma once

#include "detect/detector.h"

namespace PlanLens {

struct Plan;

// `SELECT count(*) FROM t` (no WHERE, or one that keeps most rows) over a large table: an exact count reads every
// row (or every index entry) to print one number, typically for a page counter ("1,234,567 results"). The advice is
// an approximation, stated as one: pg_class.reltuples for the whole table, or a count capped at 1,001 rows ("1,000+")
// (approximate-count).
class CountWholeTableDetector : public Detector
{
public:
    // The scan under the count must read at least this many rows and keep at least this share of them.
    static constexpr double kMinRows = 100000;
    static constexpr double kMinKeptShare = 0.5;

    QString id() const override { return QStringLiteral("count-whole-table"); }
    QString title() const override { return QStringLiteral("count(*) reads the whole table"); }
    void detect(const DetectInput &in, QList<Finding> &out) const override;

    // The scan node a plain count(*) at the plan's root reads (Aggregate → [Gather → Partial Aggregate →] scan of
    // one relation), when it reads at least kMinRows rows and keeps kMinKeptShare of them; else -1. The
    // approximate-count rewrite uses the same test.
    static int countedScan(const Plan &plan);
};

} // namespace PlanLens
