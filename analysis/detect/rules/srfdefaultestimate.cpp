// SPDX-License-Identifier: MIT
#include "srfdefaultestimate.h"

#include "detect/detectinput.h"
#include "detect/estimates.h"
#include "format/units.h"

#include <algorithm>
#include <cmath>

namespace PlanLens {

void SrfDefaultEstimateDetector::detect(const DetectInput &in, QList<Finding> &out) const
{
    for (int i = 0; i < in.nodeCount(); ++i) {
        const PlanNode &n = in.node(i);
        // 1000 rows is PostgreSQL's default prorows for a set-returning function without a support function.
        if (n.nodeType != u"Function Scan" || n.planRows.value_or(0) != 1000)
            continue;
        const double f = Estimates::misestimate(in, i);
        if (f == 1)
            continue;
        const int consumer = Estimates::consumer(in, i);
        const double impact = consumer >= 0 ? in.inclusiveShare(consumer) : 0.3 * in.inclusiveShare(i);
        Finding fd = makeFinding(in, i, impact * Estimates::magnitude(f));
        if (consumer >= 0)
            fd.nodeIds << consumer;
        const QString fn = n.detail().functionName.isEmpty() ? QStringLiteral("the function") : n.detail().functionName;
        const double perCall = in.totalRows(i) / std::max(1.0, in.loops(i));
        fd.message = QStringLiteral("%1 was planned with PostgreSQL's default of 1,000 rows for a set-returning "
                                    "function and returned %2 (%3)%4.")
                         .arg(n.displayName(), Units::count(in.totalRows(i)), Units::factor(f),
                              consumer >= 0 ? QStringLiteral("; %1 was chosen on that estimate").arg(in.node(consumer).displayName())
                                            : QString());
        fd.advice = QStringLiteral("Tell the planner what %1 returns: ALTER FUNCTION %1(...) ROWS %2; or attach a support "
                                   "function (SUPPORT) that estimates from the arguments. A LANGUAGE sql function with a "
                                   "single SELECT can be inlined and then needs neither.")
                        .arg(fn, QString::number(std::llround(std::max(1.0, perCall))));   // SQL, not a display figure
        fd.evidence.insert(QStringLiteral("function"), fn);
        fd.evidence.insert(QStringLiteral("plan_rows"), 1000);
        fd.evidence.insert(QStringLiteral("actual_rows"), in.totalRows(i));
        fd.evidence.insert(QStringLiteral("factor"), f);
        fd.evidence.insert(QStringLiteral("decided_node"), consumer);
        out << fd;
    }
}

} // namespace PlanLens
