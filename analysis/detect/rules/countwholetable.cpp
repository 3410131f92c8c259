// SPDX-License-Identifier: MIT
#include "countwholetable.h"

#include "detect/detectinput.h"
#include "detect/planconditions.h"
#include "format/units.h"

#include <algorithm>

namespace PlanLens {

namespace {

// The one child that is not an InitPlan/SubPlan, or -1.
int onlyChild(const Plan &plan, int node)
{
    int out = -1;
    for (int c : plan.nodes.at(node).children) {
        if (plan.nodes.at(c).isSubplanChild()) return -1;
        if (out >= 0) return -1;
        out = c;
    }
    return out;
}

bool countsRows(const PlanNode &agg)
{
    // VERBOSE prints the aggregate's output: it must be the count alone. Without VERBOSE the SQL decides.
    return agg.output.isEmpty() || agg.output == QStringList { QStringLiteral("count(*)") };
}

} // namespace

int CountWholeTableDetector::countedScan(const Plan &plan)
{
    if (!plan.hasAnalyze || plan.nodes.isEmpty()) return -1;
    const PlanNode &root = plan.nodes.first();
    if (root.nodeType != u"Aggregate" || root.strategy != u"Plain" || !root.groupKey.isEmpty() || !countsRows(root))
        return -1;
    int scan = onlyChild(plan, 0);
    if (scan >= 0 && plan.nodes.at(scan).nodeType == u"Gather") {
        const int partial = onlyChild(plan, scan);
        if (partial < 0 || plan.nodes.at(partial).nodeType != u"Aggregate" || plan.nodes.at(partial).partialMode != u"Partial")
            return -1;
        scan = onlyChild(plan, partial);
    }
    if (scan < 0) return -1;
    const PlanNode &s = plan.nodes.at(scan);
    static const QStringList scans { QStringLiteral("Seq Scan"), QStringLiteral("Index Only Scan"),
        QStringLiteral("Index Scan"), QStringLiteral("Bitmap Heap Scan") };
    if (!scans.contains(s.nodeType) || s.relationName.isEmpty()) return -1;
    // A subquery in the condition (NOT IN, EXISTS …) is what the other rules look at, not the count.
    if (Conditions::mentionsSubplan(s.filter)) return -1;
    for (int c : s.children)
        if (plan.nodes.at(c).isSubplanChild()) return -1;
    const double kept = s.totalActualRows();
    const double read = kept + s.rowsRemovedByFilter.value_or(0) * s.actualLoops.value_or(1);
    if (read < kMinRows || kept < kMinKeptShare * read) return -1;
    return scan;
}

void CountWholeTableDetector::detect(const DetectInput &in, QList<Finding> &out) const
{
    const int scan = countedScan(in.plan());
    if (scan < 0) return;
    // With the SQL, only `SELECT count(*) FROM t [WHERE …]` is a page counter the rewrite can replace.
    const QString rewrite = in.rewriteIfProposed(QStringLiteral("approximate-count"));
    if (in.sql() && rewrite.isEmpty()) return;
    const PlanNode &s = in.node(scan);
    const double kept = in.totalRows(scan);
    const bool filtered = !s.filter.isEmpty() || !s.indexCond.isEmpty() || !s.recheckCond.isEmpty();
    // An exact count is what the statement asks for: it is a finding only where an approximation would do, so it
    // never outweighs a real fault of the plan (at most a warning).
    Finding f = makeFinding(in, 0, 0.45 * in.inclusiveShare(0));
    f.nodeIds << scan;
    if (!in.sql()) f.confidence = in.node(0).output.isEmpty() ? 0.5 : 0.7;
    f.rewriteId = rewrite;
    const QString table = s.schema.isEmpty() || s.schema == u"public" ? s.relationName : s.schema + u'.' + s.relationName;
    f.message = QStringLiteral("count(*) reads %1 rows of %2 (%3) to return one number%4.")
                    .arg(Units::count(kept), table,
                        in.hasTiming() ? Units::duration(in.node(0).inclusiveMs) : s.displayName(),
                        filtered ? QStringLiteral(", for a condition that keeps most of the table") : QString());
    const QString capped = QStringLiteral("SELECT count(*) FROM (SELECT 1 FROM %1%2 LIMIT 1001) AS s;")
                               .arg(table, filtered ? QStringLiteral(" WHERE …") : QString());
    f.advice = filtered
        ? QStringLiteral("If the number is for a page counter, an approximation is enough: count at most 1,001 rows "
                         "and show \"1,000+\" when the cap is reached: %1 It reads 1,001 rows instead of %2.")
              .arg(capped, Units::count(kept))
        : QStringLiteral("If the number is for a page counter, an approximation is enough: the planner's row "
                         "estimate, kept up to date by VACUUM, ANALYZE and autovacuum: SELECT reltuples::bigint FROM "
                         "pg_class WHERE oid = '%1'::regclass; (an estimate, not the exact count), or a capped count "
                         "shown as \"1,000+\": %2")
              .arg(table, capped);
    f.evidence.insert(QStringLiteral("relation"), s.relationName);
    f.evidence.insert(QStringLiteral("rows_counted"), kept);
    f.evidence.insert(QStringLiteral("filtered"), filtered);
    f.evidence.insert(QStringLiteral("scan"), s.displayName());
    f.evidence.insert(QStringLiteral("time_share"), in.inclusiveShare(0));
    out << f;
}

} // namespace PlanLens
