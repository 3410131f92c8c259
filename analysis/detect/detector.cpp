// SPDX-License-Identifier: MIT
#include "detector.h"

#include "detectinput.h"

#include <algorithm>
#include <cmath>

namespace PlanLens {

Finding Detector::makeFinding(const DetectInput &in, int nodeId, double severity) const
{
    Finding f;
    f.rule = id();
    f.severity = std::isfinite(severity) ? std::clamp(severity, 0.0, 1.0) : 0.0;
    f.level = findingLevelForSeverity(f.severity);
    f.nodeId = nodeId;
    if (nodeId >= 0)
        f.nodeIds.append(nodeId);
    f.statement = in.statementIndex();
    return f;
}

} // namespace PlanLens
