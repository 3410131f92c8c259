// SPDX-License-Identifier: MIT
#pragma once

#include "detect/detector.h"

namespace PlanLens {

// An Index Only Scan that still fetches heap rows because the visibility map is stale (pages changed since the
// last VACUUM): advice VACUUM (ANALYZE) and autovacuum settings for the table.
class IndexOnlyHeapFetchesDetector : public Detector
{
public:
    QString id() const override { return QStringLiteral("index-only-heap-fetches"); }
    QString title() const override { return QStringLiteral("Index-only scan visits the heap: visibility map is stale"); }
    void detect(const DetectInput &in, QList<Finding> &out) const override;
};

} // namespace PlanLens
