// SPDX-License-Identifier: MIT
#include "distinctsemijoin.h"

#include "detect/detectinput.h"
#include "format/units.h"
#include "rewrite/distincttoexistsrule.h"

namespace PlanLens {

void DistinctSemiJoinDetector::detect(const DetectInput &in, QList<Finding> &out) const
{
    // The SQL tells that the select list reads one table and DISTINCT is plain; the plan alone cannot (a GROUP BY
    // without aggregates looks the same).
    if (!in.plan().hasAnalyze || !in.sql() || in.statementIndex() < 0) return;
    double joinRows = 0, kept = 0;
    const int node = DistinctToExistsRule::distinctNode(in.plan(), &joinRows, &kept);
    if (node < 0) return;
    const std::optional<DistinctJoin> d = DistinctToExistsRule::analyse(*in.sql(), in.statementIndex(), in.tokens());
    if (!d) return;
    const double wasted = 1 - kept / joinRows;
    Finding f = makeFinding(in, node, in.inclusiveShare(node) * wasted);
    f.spanStart = d->spanStart;
    f.spanEnd = d->spanEnd;
    const int join = in.node(node).children.value(0, -1);
    f.message = QStringLiteral("%1 removes the copies the join with %2 made: %3 rows go in, %4 distinct %5 rows come "
                               "out (%6 of the query). %2 only filters: the select list reads %5 alone.")
                    .arg(in.node(node).textLabel(), d->filterRelation, Units::count(joinRows), Units::count(kept),
                        d->keptRelation, Units::percent(in.inclusiveShare(node)));
    f.advice = QStringLiteral("Ask for a semi-join: %1. PostgreSQL stops at the first matching %2 row and has no "
                              "duplicates to remove. Same rows when %3's rows are distinct already (a primary key; "
                              "checked by the rewrite).")
                   .arg(d->after, d->filterRelation, d->keptRelation);
    f.rewriteId = in.rewriteIfProposed(QStringLiteral("distinct-to-exists"));
    if (join >= 0) f.nodeIds << join;
    f.evidence.insert(QStringLiteral("rows_in"), joinRows);
    f.evidence.insert(QStringLiteral("rows_out"), kept);
    f.evidence.insert(QStringLiteral("kept_table"), d->keptRelation);
    f.evidence.insert(QStringLiteral("filter_table"), d->filterRelation);
    f.evidence.insert(QStringLiteral("time_share"), in.inclusiveShare(node));
    out << f;
}

} // namespace PlanLens
