// SPDX-License-Identifier: MIT
#include "lossybitmap.h"

#include "detect/detectinput.h"
#include "format/units.h"

namespace PlanLens {

void LossyBitmapDetector::detect(const DetectInput &in, QList<Finding> &out) const
{
    for (int i = 0; i < in.nodeCount(); ++i) {
        const PlanNode &n = in.node(i);
        if (n.nodeType != u"Bitmap Heap Scan" || n.detail().lossyHeapBlocks.value_or(0) <= 0)
            continue;
        const double lossy = *n.detail().lossyHeapBlocks;
        const double exact = n.detail().exactHeapBlocks.value_or(0);
        const double ratio = lossy / (lossy + exact);
        if (ratio < 0.05)
            continue;
        Finding f = makeFinding(in, i, in.inclusiveShare(i) * ratio);
        const double recheck = n.rowsRemovedByIndexRecheck.value_or(0) * in.loops(i);
        // A TIDBitmap keeps one entry per heap page when exact (~64 bytes with the hash overhead).
        const double needKb = (lossy + exact) * 64.0 / 1024.0;
        f.message = QStringLiteral("%1 ran out of bitmap memory: %2 of %3 heap blocks were only remembered as whole "
                                   "pages (lossy), so every row on them was rechecked against %4%5. The scan takes %6 of "
                                   "the query.")
                        .arg(n.displayName(), Units::count(lossy), Units::count(lossy + exact),
                             n.recheckCond.isEmpty() ? QStringLiteral("the condition") : n.recheckCond,
                             recheck > 0 ? QStringLiteral(" (%1 rows removed by the recheck)").arg(Units::count(recheck)) : QString(),
                             Units::percent(in.inclusiveShare(i)));
        f.advice = QStringLiteral("The bitmap is limited by work_mem (%1); an exact bitmap of %2 pages needs roughly %3. "
                                  "Raise work_mem for this query (SET LOCAL work_mem), or make the condition more "
                                  "selective (a multicolumn index) so fewer pages match.")
                       .arg(Units::kilobytes(in.workMemKb()), Units::count(lossy + exact), Units::kilobytes(needKb));
        f.evidence.insert(QStringLiteral("lossy_blocks"), lossy);
        f.evidence.insert(QStringLiteral("exact_blocks"), exact);
        f.evidence.insert(QStringLiteral("rows_removed_by_recheck"), recheck);
        f.evidence.insert(QStringLiteral("work_mem_kb"), in.workMemKb());
        f.evidence.insert(QStringLiteral("time_share"), in.inclusiveShare(i));
        out << f;
    }
}

} // namespace PlanLens
