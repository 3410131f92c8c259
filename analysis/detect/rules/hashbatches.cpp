// SPDX-License-Identifier: MIT
#include "hashbatches.h"

#include "detect/detectinput.h"
#include "format/units.h"

#include <algorithm>

namespace PlanLens {

void HashBatchesDetector::detect(const DetectInput &in, QList<Finding> &out) const
{
    for (int i = 0; i < in.nodeCount(); ++i) {
        const PlanNode &n = in.node(i);
        if (n.nodeType != u"Hash" || n.detail().hashBatches.value_or(1) <= 1)
            continue;
        const int join = n.parent;
        const double share = in.exclusiveShare(i) + (join >= 0 ? in.exclusiveShare(join) : 0);
        Finding f = makeFinding(in, join >= 0 ? join : i, share);
        f.nodeIds << i;
        const double batches = *n.detail().hashBatches;
        const double original = n.detail().originalHashBatches.value_or(batches);
        const double peakKb = n.detail().peakMemoryUsageKb.value_or(0);
        // Each batch holds about the peak memory; the whole table in one batch needs all of them together.
        const double needKb = peakKb * batches;
        const QString hashMult = in.setting(QStringLiteral("hash_mem_multiplier"));
        f.message = QStringLiteral("The hash table of %1 did not fit in memory: it ran in %2 batches%3, writing both "
                                   "inputs to temporary files and reading them back. Hash and join take %4 of the "
                                   "query.")
                        .arg(join >= 0 ? in.node(join).displayName() : n.displayName(), Units::count(batches),
                             original < batches ? QStringLiteral(" (planned %1: the inner side was larger than estimated)")
                                                      .arg(Units::count(original))
                                                : QString(),
                             Units::percent(share));
        f.advice = QStringLiteral("A single batch needs about %1 of hash memory (work_mem × hash_mem_multiplier; now "
                                  "work_mem = %2, hash_mem_multiplier = %3). Raise work_mem for this query (SET LOCAL) "
                                  "or hash_mem_multiplier, or make the hashed (inner) side smaller: select fewer "
                                  "columns, filter it earlier, or let the smaller table be hashed.")
                       .arg(Units::kilobytes(needKb), Units::kilobytes(in.workMemKb()), hashMult.isEmpty() ? QStringLiteral("default") : hashMult);
        f.evidence.insert(QStringLiteral("batches"), batches);
        f.evidence.insert(QStringLiteral("original_batches"), original);
        f.evidence.insert(QStringLiteral("peak_memory_kb"), peakKb);
        f.evidence.insert(QStringLiteral("memory_needed_kb"), needKb);
        f.evidence.insert(QStringLiteral("work_mem_kb"), in.workMemKb());
        f.evidence.insert(QStringLiteral("hashed_rows"), in.totalRows(i));
        f.evidence.insert(QStringLiteral("time_share"), share);
        out << f;
    }
}

} // namespace PlanLens
