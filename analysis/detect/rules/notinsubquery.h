// SPDX-License-Identifier: MIT
#pragma once

#include "detect/detector.h"

namespace PlanLens {

// NOT IN over a subquery: a per-row or hashed SubPlan, and wrong results as soon as the subquery yields a NULL.
class NotInSubqueryDetector : public Detector
{
public:
    QString id() const override { return QStringLiteral("not-in-subquery"); }
    QString title() const override { return QStringLiteral("NOT IN (subquery)"); }
    void detect(const DetectInput &in, QList<Finding> &out) const override;
};

} // namespace PlanLens
