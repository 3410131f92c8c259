// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QString>

namespace PlanLens {

class DetectInput;

// Shared reasoning about row estimates (row-misestimate, stale-statistics, srf-default-estimate).
namespace Estimates {

// Minimum factor (either way) that counts as a misestimate.
constexpr double kFactor = 10.0;

// The node's estimate factor (actual / planned rows, both clamped at one) when it counts as a misestimate:
// at least 10x off, several hundred rows involved, and not an over-estimate that only reflects rows the
// executor never asked for (below a Limit, in an EXISTS-like SubPlan, on a Merge Join or semi/anti join side).
// Returns 1 when the node is estimated well enough or cannot be judged.
double misestimate(const DetectInput &in, int node);

// True when the node is misestimated but none of its own inputs is, in the same direction: the error starts
// here (children that are InitPlans/SubPlans do not feed rows and are not counted).
bool isOrigin(const DetectInput &in, int node, double factor);

// The ancestors that inherit the error (same direction, 10x or more), nearest first.
QList<int> propagation(const DetectInput &in, int node, double factor);

// The first ancestor that decides something on the estimate (a join, Hash, Sort, hashed Aggregate, Memoize),
// looking through nodes that pass rows on unchanged; -1 when the estimate feeds no such decision.
int consumer(const DetectInput &in, int node);

// min(1, log10(f) / 3) for f = the factor either way: 10x → 0.33, 1000x → 1.
double magnitude(double factor);

} // namespace Estimates
} // namespace PlanLens
