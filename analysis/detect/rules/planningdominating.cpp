// SPDX-License-Identifier: MIT
#include "planningdominating.h"

#include "detect/detectinput.h"
#include "format/units.h"

namespace PlanLens {

void PlanningDominatingDetector::detect(const DetectInput &in, QList<Finding> &out) const
{
    const Plan &p = in.plan();
    if (!p.planningMs || !p.executionMs)
        return;
    const double plan = *p.planningMs;
    const double exec = *p.executionMs;
    // A few milliseconds of planning are normal (more on the first query of a connection, which loads the
    // catalog caches); it matters when it exceeds the execution and is large in absolute terms.
    if (plan < 10 || plan <= exec)
        return;
    // The first statement on a new connection also loads the catalog caches: planning then reads a hundred or
    // more catalog blocks even for a one-table query, at roughly 0.05-0.15 ms each (measured on the corpus).
    // When the planning time is no more than that loading explains, or the plan is too small (< 10 nodes) for
    // its planning to be expensive, it is the connection warming up, not this query's planning cost, and it is
    // not reported.
    const qint64 catalogBlocks = p.planningBuffers.sharedHit + p.planningBuffers.sharedRead;
    if (catalogBlocks >= 50 && (plan < 0.25 * double(catalogBlocks) || p.nodes.size() < 10))
        return;
    const double share = plan / (plan + exec);
    Finding f = makeFinding(in, -1, share);
    f.nodeIds.clear();
    int joins = 0, scans = 0;
    for (const PlanNode &n : p.nodes) {
        joins += DetectInput::isJoin(n) ? 1 : 0;
        scans += DetectInput::isScan(n) ? 1 : 0;
    }
    f.message = QStringLiteral("Planning took %1, more than the execution (%2): %3 of the statement's time. The plan "
                               "has %4 joins over %5 scans.")
                    .arg(Units::duration(plan), Units::duration(exec), Units::percent(share), QString::number(joins), QString::number(scans));
    f.advice = QStringLiteral("Plan once, execute many times: use a prepared statement (the driver's server-side "
                              "prepare) so PostgreSQL can reuse a generic plan. The planner's search grows quickly with "
                              "the number of joined tables (join_collapse_limit, from_collapse_limit) and of partitions; "
                              "keep them moderate. If planning reads many buffers, check catalog bloat and the "
                              "statistics targets.");
    f.evidence.insert(QStringLiteral("planning_ms"), plan);
    f.evidence.insert(QStringLiteral("execution_ms"), exec);
    f.evidence.insert(QStringLiteral("joins"), joins);
    f.evidence.insert(QStringLiteral("time_share"), share);
    out << f;
}

} // namespace PlanLens
