// SPDX-License-Identifier: MIT
#pragma once

#include "detect/detector.h"

namespace PlanLens {

// Incident A: "col = X OR other IN (SELECT ...)" makes PostgreSQL filter the whole table through a SubPlan.
class OrSublinkDefeatsIndexDetector : public Detector
{
public:
    QString id() const override { return QStringLiteral("or-sublink-defeats-index"); }
    QString title() const override { return QStringLiteral("OR with a subquery defeats the index"); }
    void detect(const DetectInput &in, QList<Finding> &out) const override;
};

} // namespace PlanLens
