// SPDX-License-Identifier: MIT
#include "detectors.h"

#include "detectinput.h"
#include "rules/orsublinkdefeatsindex.h"
#include "rules/insubqueryrefetch.h"
#include "rules/rowmisestimate.h"
#include "rules/stalestatistics.h"
#include "rules/sortspill.h"
#include "rules/hashbatches.h"
#include "rules/hashaggspill.h"
#include "rules/rowsremovedbyfilter.h"
#include "rules/lossybitmap.h"
#include "rules/indexonlyheapfetches.h"
#include "rules/nestedloopseqscan.h"
#include "rules/largeoffset.h"
#include "rules/notinsubquery.h"
#include "rules/correlatedsubplan.h"
#include "rules/ctescannedmanytimes.h"
#include "rules/partitionnotpruned.h"
#include "rules/workersnotlaunched.h"
#include "rules/jitdominating.h"
#include "rules/planningdominating.h"
#include "rules/srfdefaultestimate.h"
#include "rules/implicitcast.h"
#include "rules/likeleadingwildcard.h"
#include "rules/sortlimitlargeinput.h"
#include "rules/triggerdominating.h"
#include "rules/nonsargable.h"
#include "rules/oracrosscolumns.h"
#include "rules/countwholetable.h"
#include "rules/distinctsemijoin.h"

#include <algorithm>

namespace PlanLens {

const QList<const Detector *> &allDetectors()
{
    static const OrSublinkDefeatsIndexDetector s0;
    static const InSubqueryRefetchDetector s1;
    static const RowMisestimateDetector s2;
    static const StaleStatisticsDetector s3;
    static const SortSpillDetector s4;
    static const HashBatchesDetector s5;
    static const HashAggSpillDetector s6;
    static const RowsRemovedByFilterDetector s7;
    static const LossyBitmapDetector s8;
    static const IndexOnlyHeapFetchesDetector s9;
    static const NestedLoopSeqScanDetector s10;
    static const LargeOffsetDetector s11;
    static const NotInSubqueryDetector s12;
    static const CorrelatedSubplanDetector s13;
    static const CteScannedManyTimesDetector s14;
    static const PartitionNotPrunedDetector s15;
    static const WorkersNotLaunchedDetector s16;
    static const JitDominatingDetector s17;
    static const PlanningDominatingDetector s18;
    static const SrfDefaultEstimateDetector s19;
    static const ImplicitCastDetector s20;
    static const LikeLeadingWildcardDetector s21;
    static const SortLimitLargeInputDetector s22;
    static const TriggerDominatingDetector s23;
    static const NonSargablePredicateDetector s24;
    static const OrAcrossColumnsDetector sOrAcrossColumns;
    static const CountWholeTableDetector sCountWholeTable;
    static const DistinctSemiJoinDetector sDistinctSemiJoin;
    // The registry: the two seed incidents first, then the catalog.
    static const QList<const Detector *> list{
        &s0,
        &s1,
        &s2,
        &s3,
        &s4,
        &s5,
        &s6,
        &s7,
        &s8,
        &s9,
        &s10,
        &s11,
        &s12,
        &s13,
        &s14,
        &s15,
        &s16,
        &s17,
        &s18,
        &s19,
        &s20,
        &s21,
        &s22,
        &s23,
        &s24,
        &sOrAcrossColumns,
        &sCountWholeTable,
        &sDistinctSemiJoin,
    };
    return list;
}

const Detector *detectorById(const QString &id)
{
    for (const Detector *d : allDetectors())
        if (d->id() == id)
            return d;
    return nullptr;
}

QStringList detectorIds()
{
    QStringList ids;
    for (const Detector *d : allDetectors())
        ids << d->id();
    return ids;
}

QList<Finding> runDetectors(const Plan &plan, const SqlScript *sqlOrNull, const DetectContext &context)
{
    QList<Finding> out;
    if (plan.nodes.isEmpty())
        return out;
    const DetectInput input(plan, sqlOrNull, context);
    for (const Detector *d : allDetectors()) {
        QList<Finding> found;
        d->detect(input, found);
        for (Finding &f : found) {
            if (f.severity < context.minSeverity)
                continue;
            // A statement that executed in under a millisecond is not an emergency, whatever its shares say.
            if (f.level == FindingLevel::Critical && plan.executionMs && *plan.executionMs < kCriticalFloorMs)
                f.level = FindingLevel::Warning;
            out << f;
        }
    }
    std::stable_sort(out.begin(), out.end(), [](const Finding &a, const Finding &b) {
        if (a.severity != b.severity)
            return a.severity > b.severity;
        if (a.nodeId != b.nodeId)
            return a.nodeId < b.nodeId;
        return a.rule < b.rule;
    });
    return out;
}

} // namespace PlanLens
