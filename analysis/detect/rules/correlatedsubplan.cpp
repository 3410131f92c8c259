// SPDX-License-Identifier: MIT
#include "correlatedsubplan.h"

#include "detect/detectinput.h"
#include "detect/sqlfacts.h"
#include "format/units.h"

namespace PlanLens {

void CorrelatedSubplanDetector::detect(const DetectInput &in, QList<Finding> &out) const
{
    if (!in.plan().hasAnalyze)
        return;
    // Scalar and EXISTS subqueries of the statement: when there is exactly one, it is the one to point at.
    QList<QJsonObject> sublinks;
    if (const SqlStatement *st = in.statement(); st && in.sql()->mayContain("SubLink")) {
        SqlFacts::visit(SqlFacts::statementRoot(st->tree), [&](const QString &type, const QJsonObject &body) {
            if (type == u"SubLink") {
                const QString k = body.value(QStringLiteral("subLinkType")).toString();
                if (k == u"EXPR_SUBLINK" || k == u"EXISTS_SUBLINK" || k == u"ANY_SUBLINK")
                    sublinks << QJsonObject{{QStringLiteral("SubLink"), body}};
            }
            return true;
        });
    }
    QList<int> hits;
    for (int i = 0; i < in.nodeCount(); ++i) {
        const PlanNode &n = in.node(i);
        if (n.parentRelationship != u"SubPlan" || n.neverExecuted)
            continue;
        const double loops = in.loops(i);
        if (loops < 10 || in.inclusiveShare(i) < 0.2)
            continue;
        // A CTE Scan per row is cte-scanned-many-times; NOT (SubPlan n) is not-in-subquery.
        if (n.nodeType == u"CTE Scan")
            continue;
        const PlanNode &p = in.node(n.parent);
        const QString name = n.subplanName.section(u' ', 0, 1);
        if ((p.filter + p.joinFilter).contains(QStringLiteral("NOT (") + name + u')'))
            continue;
        hits << i;
    }
    for (int i : hits) {
        const PlanNode &n = in.node(i);
        const double loops = in.loops(i);
        Finding f = makeFinding(in, i, in.inclusiveShare(i));
        for (int c = i + 1; c < in.subtreeEnd(i); ++c)
            f.nodeIds << c;
        f.rewriteId = in.rewriteIfProposed(QStringLiteral("lateral-join"));
        if (hits.size() == 1 && sublinks.size() == 1) {
            const SqlFacts::Span span = SqlFacts::expressionSpan(*in.sql(), in.tokens(), sublinks.first(), in.statement()->end);
            if (span.isValid()) {
                f.spanStart = span.start;
                f.spanEnd = span.end;
            }
        }
        const PlanNode &p = in.node(n.parent);
        f.message = QStringLiteral("%1 runs once for every row of %2: %3 times%4, %5 in all (%6 of the query).")
                        .arg(n.subplanName.isEmpty() ? QStringLiteral("The subquery") : n.subplanName, p.displayName(),
                             Units::count(loops),
                             in.hasTiming() ? QStringLiteral(" at %1 each").arg(Units::duration(n.actualTotalMs.value_or(0))) : QString(),
                             in.hasTiming() ? Units::duration(n.inclusiveMs) : QStringLiteral("—"), Units::percent(in.inclusiveShare(i)));
        f.advice = QStringLiteral("A correlated subquery is evaluated row by row. Compute it once for all rows: join a "
                                  "grouped derived table (LEFT JOIN (SELECT key, count(*) … GROUP BY key) s ON …), or "
                                  "use a LATERAL join the planner can reorder; for EXISTS, PostgreSQL already plans a "
                                  "semi-join unless the subquery sits under an OR or in the SELECT list.");
        f.evidence.insert(QStringLiteral("loops"), loops);
        f.evidence.insert(QStringLiteral("ms_per_loop"), n.actualTotalMs.value_or(0));
        f.evidence.insert(QStringLiteral("total_ms"), n.inclusiveMs);
        f.evidence.insert(QStringLiteral("time_share"), in.inclusiveShare(i));
        out << f;
    }
}

} // namespace PlanLens
