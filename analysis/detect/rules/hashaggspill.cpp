// SPDX-License-Identifier: MIT
#include "hashaggspill.h"

#include "detect/detectinput.h"
#include "format/units.h"

namespace PlanLens {

void HashAggSpillDetector::detect(const DetectInput &in, QList<Finding> &out) const
{
    for (int i = 0; i < in.nodeCount(); ++i) {
        const PlanNode &n = in.node(i);
        if (n.nodeType != u"Aggregate" || (n.strategy != u"Hashed" && n.strategy != u"Mixed"))
            continue;
        const double batches = n.extra.value(QStringLiteral("HashAgg Batches")).toDouble(1);
        const double diskKb = n.detail().diskUsageKb.value_or(0);
        if (diskKb <= 0 && batches <= 1)
            continue;
        Finding f = makeFinding(in, i, in.exclusiveShare(i));
        const double peakKb = n.detail().peakMemoryUsageKb.value_or(0);
        const double needKb = peakKb + diskKb;
        const double groups = in.totalRows(i);
        f.message = QStringLiteral("%1 grouped %2 rows into %3 groups but its hash table outgrew memory: %4 batches, "
                                   "%5 written to disk. The planner expected %6 groups. The aggregate takes %7 of the "
                                   "query.")
                        .arg(n.displayName(), Units::count(in.node(i).children.isEmpty() ? 0 : in.totalRows(n.children.first())),
                             Units::count(groups), Units::count(batches), Units::kilobytes(diskKb),
                             Units::count(n.planRows.value_or(0) * in.loops(i)), Units::percent(in.exclusiveShare(i)));
        f.advice = QStringLiteral("Keeping all groups in memory needs about %1 (peak %2 plus %3 spilled); hash memory "
                                  "is work_mem × hash_mem_multiplier (work_mem now %4). Raise it for this query (SET "
                                  "LOCAL work_mem), or, if the group estimate is far off, fix the statistics of the "
                                  "GROUP BY columns so the planner picks a sort-based aggregate when the groups are many.")
                       .arg(Units::kilobytes(needKb), Units::kilobytes(peakKb), Units::kilobytes(diskKb), Units::kilobytes(in.workMemKb()));
        f.evidence.insert(QStringLiteral("batches"), batches);
        f.evidence.insert(QStringLiteral("disk_kb"), diskKb);
        f.evidence.insert(QStringLiteral("peak_memory_kb"), peakKb);
        f.evidence.insert(QStringLiteral("memory_needed_kb"), needKb);
        f.evidence.insert(QStringLiteral("groups"), groups);
        f.evidence.insert(QStringLiteral("planned_groups"), n.planRows.value_or(0) * in.loops(i));
        f.evidence.insert(QStringLiteral("work_mem_kb"), in.workMemKb());
        f.evidence.insert(QStringLiteral("time_share"), in.exclusiveShare(i));
        out << f;
    }
}

} // namespace PlanLens
