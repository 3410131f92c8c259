// SPDX-License-Identifier: MIT
#include "stalestatistics.h"

#include "detect/detectinput.h"
#include "detect/estimates.h"
#include "detect/planconditions.h"
#include "format/units.h"

namespace PlanLens {

bool StaleStatisticsDetector::isSingleColumnScan(const PlanNode &n)
{
    if (!(DetectInput::isScan(n) || n.nodeType == u"Bitmap Index Scan"))
        return false;
    const QString cond = Conditions::scanConditions(n).join(QStringLiteral(" AND "));
    if (Conditions::mentionsSubplan(cond) || Conditions::referencesOtherRelation(cond, n))
        return false;
    QStringList cols;
    for (const Conditions::ColumnUse &u : Conditions::columnUses(cond)) {
        if (!u.castTo.isEmpty() || !u.function.isEmpty() || Conditions::isPatternOperator(u.opAfter))
            return false;
        // (score + 0) = 4242 compares an expression, which has no statistics of its own: non-sargable-predicate.
        static const QStringList arithmetic{QStringLiteral("+"), QStringLiteral("-"), QStringLiteral("*"),
                                            QStringLiteral("/"), QStringLiteral("%"), QStringLiteral("^"),
                                            QStringLiteral("||")};
        if (arithmetic.contains(u.opAfter) || arithmetic.contains(u.opBefore))
            return false;
        if (!cols.contains(u.column))
            cols << u.column;
    }
    return cols.size() <= 1;
}

void StaleStatisticsDetector::detect(const DetectInput &in, QList<Finding> &out) const
{
    for (int i = 0; i < in.nodeCount(); ++i) {
        const PlanNode &n = in.node(i);
        if (!isSingleColumnScan(n))
            continue;
        const double f = Estimates::misestimate(in, i);
        if (f == 1 || !Estimates::isOrigin(in, i, f))
            continue;
        const int consumer = Estimates::consumer(in, i);
        // Without a decision above it the wrong estimate changed nothing in this plan, but the statistics are
        // still wrong for every other query on the table: report it, discounted.
        const double impact = consumer >= 0 ? in.inclusiveShare(consumer) : 0.3 * in.inclusiveShare(i);
        Finding fd = makeFinding(in, i, impact * Estimates::magnitude(f));
        fd.nodeIds << Estimates::propagation(in, i, f);
        const double loops = in.loops(i);
        const QString cond = Conditions::scanConditions(n).join(QStringLiteral(" AND "));
        const QStringList cols = Conditions::ownColumns(cond, n);
        fd.message = QStringLiteral("%1 expected %2 rows and got %3 (%4)%5. For a %6 PostgreSQL's column statistics "
                                    "should be close, so they probably describe an older state of %7.")
                         .arg(n.displayName(), Units::count(n.planRows.value_or(0) * loops), Units::count(in.totalRows(i)),
                              Units::factor(f),
                              consumer >= 0 ? QStringLiteral("; %1 was planned on that estimate").arg(in.node(consumer).nodeType)
                                            : QString(),
                              cols.isEmpty() ? QStringLiteral("scan without conditions")
                                             : QStringLiteral("plain condition on %1").arg(cols.first()),
                              n.relationName.isEmpty() ? QStringLiteral("the table") : n.relationName);
        const QString table = n.relationName.isEmpty() ? QStringLiteral("the table")
                                                       : (n.schema.isEmpty() ? n.relationName : n.schema + u'.' + n.relationName);
        fd.advice = QStringLiteral("Run ANALYZE %1 and compare the plan. Check pg_stat_user_tables (last_autoanalyze, "
                                   "n_mod_since_analyze): after bulk loads or on large tables, autovacuum may analyze "
                                   "too rarely; lower autovacuum_analyze_scale_factor for %1, or ANALYZE right after "
                                   "the load. If the estimate stays off, raise the column's statistics target.")
                        .arg(table);
        fd.evidence.insert(QStringLiteral("relation"), n.relationName);
        fd.evidence.insert(QStringLiteral("condition"), cond);
        fd.evidence.insert(QStringLiteral("plan_rows"), n.planRows.value_or(0) * loops);
        fd.evidence.insert(QStringLiteral("actual_rows"), in.totalRows(i));
        fd.evidence.insert(QStringLiteral("factor"), f);
        fd.evidence.insert(QStringLiteral("decided_node"), consumer);
        out << fd;
    }
}

} // namespace PlanLens
