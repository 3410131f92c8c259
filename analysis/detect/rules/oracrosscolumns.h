// SPDX-License-Identifier: MIT
#pragma once

#include "detect/detector.h"

namespace PlanLens {

struct PlanNode;

// `WHERE a = 1 OR b = 2` on one table, read by a Seq Scan that filters the OR: PostgreSQL serves such an OR only
// with a BitmapOr of one index per arm, so when one column has no index every row is read and tested. The advice is
// the missing index(es) (create-index, one statement per column) or one SELECT per arm joined by UNION
// (or-to-union). A BitmapOr plan (both columns indexed) is not a Seq Scan and stays quiet; an OR with a subquery
// is or-sublink-defeats-index's.
class OrAcrossColumnsDetector : public Detector
{
public:
    // The filter must throw away this many rows, and this many times more than it keeps; the scan must take
    // kMinShare of the time. The create-index and or-to-union rewrites use the same row figures.
    static constexpr double kMinRemoved = 10000;
    static constexpr double kMinRatio = 10;
    static constexpr double kMinShare = 0.1;

    QString id() const override { return QStringLiteral("or-across-columns"); }
    QString title() const override { return QStringLiteral("OR of two columns reads the whole table"); }
    void detect(const DetectInput &in, QList<Finding> &out) const override;

    // A (Parallel) Seq Scan whose Filter is an OR of arms on different columns (IndexSuggestions::forOr) and
    // that removes enough rows for an index per arm to be worth it.
    static bool worthIt(const PlanNode &scan);
};

} // namespace PlanLens
