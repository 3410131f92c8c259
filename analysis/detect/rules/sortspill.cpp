// SPDX-License-Identifier: MIT
#include "sortspill.h"

#include "detect/detectinput.h"
#include "format/units.h"

#include <QJsonArray>

#include <algorithm>

namespace PlanLens {

void SortSpillDetector::detect(const DetectInput &in, QList<Finding> &out) const
{
    for (int i = 0; i < in.nodeCount(); ++i) {
        const PlanNode &n = in.node(i);
        if (n.nodeType != u"Sort" && n.nodeType != u"Incremental Sort")
            continue;
        // The leader's figures, then each worker's (parallel sorts report per worker).
        double diskKb = 0;
        int spilled = 0;
        if (n.detail().sortSpaceType == u"Disk" || n.detail().sortMethod.startsWith(u"external")) {
            diskKb = std::max(diskKb, n.detail().sortSpaceUsedKb.value_or(0));
            ++spilled;
        }
        for (const WorkerStats &w : n.detail().workers) {
            if (w.extra.value(QStringLiteral("Sort Space Type")).toString() == u"Disk"
                || w.extra.value(QStringLiteral("Sort Method")).toString().startsWith(u"external")) {
                diskKb = std::max(diskKb, w.extra.value(QStringLiteral("Sort Space Used")).toDouble());
                ++spilled;
            }
        }
        if (spilled == 0)
            continue;
        Finding f = makeFinding(in, i, in.exclusiveShare(i));
        const double workMem = in.workMemKb();
        // An in-memory sort of the same rows needs more than the temporary files hold (tuple headers and the
        // SortTuple array): about 2-3x in practice.
        const double needKb = diskKb * 3;
        f.message = QStringLiteral("%1 wrote %2 to disk (%3): its rows did not fit in work_mem (%4). The sort takes "
                                   "%5 of the query%6.")
                        .arg(n.displayName(), Units::kilobytes(diskKb), n.detail().sortMethod.isEmpty() ? QStringLiteral("external sort") : n.detail().sortMethod,
                             Units::kilobytes(workMem), Units::percent(in.exclusiveShare(i)),
                             in.hasTiming() ? QStringLiteral(", %1 of its own").arg(Units::duration(n.exclusiveMs)) : QString());
        f.advice = QStringLiteral("Sorting in memory would need work_mem of roughly %1 (about three times the %2 "
                                  "written to disk). Raise it for this query only (SET LOCAL work_mem = '%3' in its "
                                  "transaction, or per role), not globally: every sort and hash of every connection "
                                  "may use that much. An index on the sort keys (%4) avoids the sort altogether.")
                       .arg(Units::kilobytes(needKb), Units::kilobytes(diskKb), QStringLiteral("%1MB").arg(qlonglong(needKb / 1024) + 1),
                            n.sortKey.join(QStringLiteral(", ")));
        f.evidence.insert(QStringLiteral("sort_method"), n.detail().sortMethod);
        f.evidence.insert(QStringLiteral("disk_kb"), diskKb);
        f.evidence.insert(QStringLiteral("work_mem_kb"), workMem);
        f.evidence.insert(QStringLiteral("work_mem_needed_kb"), needKb);
        f.evidence.insert(QStringLiteral("sort_key"), QJsonArray::fromStringList(n.sortKey));
        f.evidence.insert(QStringLiteral("rows"), in.totalRows(i));
        f.evidence.insert(QStringLiteral("processes_spilled"), spilled);
        f.evidence.insert(QStringLiteral("time_share"), in.exclusiveShare(i));
        out << f;
    }
}

} // namespace PlanLens
