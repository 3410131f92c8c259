// SPDX-License-Identifier: MIT
#include "workersnotlaunched.h"

#include "detect/detectinput.h"
#include "format/units.h"

namespace PlanLens {

void WorkersNotLaunchedDetector::detect(const DetectInput &in, QList<Finding> &out) const
{
    for (int i = 0; i < in.nodeCount(); ++i) {
        const PlanNode &n = in.node(i);
        if (!n.workersPlanned || !n.workersLaunched || *n.workersLaunched >= *n.workersPlanned)
            continue;
        const int planned = *n.workersPlanned;
        const int launched = *n.workersLaunched;
        // The parallel part was costed for planned+1 processes (the leader helps) and ran with launched+1.
        const double lost = 1.0 - double(launched + 1) / double(planned + 1);
        Finding f = makeFinding(in, i, in.inclusiveShare(i) * lost);
        const QString maxWorkers = in.setting(QStringLiteral("max_parallel_workers"));
        const QString maxProcs = in.setting(QStringLiteral("max_worker_processes"));
        f.message = QStringLiteral("%1 planned %2 parallel worker(s) but launched %3: the part below it (%4 of the "
                                   "query) ran with %5 process(es) instead of %6.")
                        .arg(n.displayName(), QString::number(planned), QString::number(launched),
                             Units::percent(in.inclusiveShare(i)), QString::number(launched + 1), QString::number(planned + 1));
        f.advice = QStringLiteral("Workers come from a pool shared by all sessions: max_parallel_workers (%1) and "
                                  "max_worker_processes (%2). When other queries hold them, this one runs with fewer "
                                  "and its plan, chosen for %3 workers, can be slower than a serial plan. Raise the "
                                  "pool if the machine has idle cores, or lower max_parallel_workers_per_gather so "
                                  "plans do not count on workers that are rarely free.")
                       .arg(maxWorkers.isEmpty() ? QStringLiteral("default 8") : maxWorkers,
                            maxProcs.isEmpty() ? QStringLiteral("default 8") : maxProcs, QString::number(planned));
        f.evidence.insert(QStringLiteral("workers_planned"), planned);
        f.evidence.insert(QStringLiteral("workers_launched"), launched);
        f.evidence.insert(QStringLiteral("time_share"), in.inclusiveShare(i));
        out << f;
    }
}

} // namespace PlanLens
