// SPDX-License-Identifier: MIT
#include "jitdominating.h"

#include "detect/detectinput.h"
#include "format/units.h"

namespace PlanLens {

void JitDominatingDetector::detect(const DetectInput &in, QList<Finding> &out) const
{
    const JitInfo &jit = in.plan().jit;
    const double total = in.plan().executionMs.value_or(in.totalMs());
    if (!jit.present || !jit.totalMs || total <= 0)
        return;
    // JIT time is part of the execution time.
    const double share = *jit.totalMs / total;
    if (*jit.totalMs < 10 || share < 0.2)
        return;
    Finding f = makeFinding(in, -1, share);
    f.nodeIds.clear();
    const double rootCost = in.plan().nodes.isEmpty() ? 0 : in.plan().root().totalCost.value_or(0);
    const QString above = in.setting(QStringLiteral("jit_above_cost"));
    f.message = QStringLiteral("JIT compilation took %1 of the %2 execution (%3): %4 functions; inlining %5, "
                               "optimization %6, emission %7.")
                    .arg(Units::duration(*jit.totalMs), Units::duration(total), Units::percent(share), Units::count(jit.functions.value_or(0)),
                         Units::duration(jit.inliningMs.value_or(0)), Units::duration(jit.optimizationMs.value_or(0)),
                         Units::duration(jit.emissionMs.value_or(0)));
    f.advice = QStringLiteral("JIT starts when the plan's cost (%1 here) exceeds jit_above_cost (%2); for short queries "
                              "the compilation costs more than it saves. Raise jit_above_cost, jit_inline_above_cost and "
                              "jit_optimize_above_cost, or SET jit = off for this workload (often right for OLTP). "
                              "A cost far above the real work also points at misestimates.")
                   .arg(Units::count(rootCost), above.isEmpty() ? QStringLiteral("default 100,000") : above);
    f.evidence.insert(QStringLiteral("jit_ms"), *jit.totalMs);
    f.evidence.insert(QStringLiteral("execution_ms"), total);
    f.evidence.insert(QStringLiteral("functions"), jit.functions.value_or(0));
    f.evidence.insert(QStringLiteral("inlining_ms"), jit.inliningMs.value_or(0));
    f.evidence.insert(QStringLiteral("optimization_ms"), jit.optimizationMs.value_or(0));
    f.evidence.insert(QStringLiteral("emission_ms"), jit.emissionMs.value_or(0));
    f.evidence.insert(QStringLiteral("plan_cost"), rootCost);
    f.evidence.insert(QStringLiteral("time_share"), share);
    out << f;
}

} // namespace PlanLens
