// SPDX-License-Identifier: MIT
#pragma once

#include "detect/detector.h"

namespace PlanLens {

// A LIKE/ILIKE pattern that starts with % or _: no btree index can serve it.
class LikeLeadingWildcardDetector : public Detector
{
public:
    QString id() const override { return QStringLiteral("like-leading-wildcard"); }
    QString title() const override { return QStringLiteral("LIKE with a leading wildcard"); }
    void detect(const DetectInput &in, QList<Finding> &out) const override;
};

} // namespace PlanLens
