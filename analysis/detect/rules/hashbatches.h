// SPDX-License-Identifier: MIT
#pragma once

#include "detect/detector.h"

namespace PlanLens {

// A Hash that did not fit in work_mem x hash_mem_multiplier and ran in several batches on disk.
class HashBatchesDetector : public Detector
{
public:
    QString id() const override { return QStringLiteral("hash-batches"); }
    QString title() const override { return QStringLiteral("Hash join split into batches"); }
    void detect(const DetectInput &in, QList<Finding> &out) const override;
};

} // namespace PlanLens
