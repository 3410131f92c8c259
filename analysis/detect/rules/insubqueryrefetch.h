// SPDX-License-Identifier: MIT
#pragma once

#include "detect/detector.h"

namespace PlanLens {

// Incident B: an IN (SELECT ... ORDER BY ... LIMIT ...) that repeats the page query, or re-reads the outer table.
class InSubqueryRefetchDetector : public Detector
{
public:
    QString id() const override { return QStringLiteral("in-subquery-refetch"); }
    QString title() const override { return QStringLiteral("IN (subquery with LIMIT) fetches the page again"); }
    void detect(const DetectInput &in, QList<Finding> &out) const override;
};

} // namespace PlanLens
