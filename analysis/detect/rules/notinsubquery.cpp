// SPDX-License-Identifier: MIT
#include "notinsubquery.h"

#include "detect/detectinput.h"
#include "detect/sqlfacts.h"
#include "format/units.h"

#include <QJsonArray>
#include <QRegularExpression>

namespace PlanLens {

void NotInSubqueryDetector::detect(const DetectInput &in, QList<Finding> &out) const
{
    // NOT IN (subquery) in the SQL: BoolExpr NOT over an ANY SubLink.
    QList<QJsonObject> sqlNotIns;
    if (const SqlStatement *st = in.statement(); st && in.sql()->mayContain("NOT_EXPR") && in.sql()->mayContain("SubLink")) {
        SqlFacts::visit(SqlFacts::statementRoot(st->tree), [&](const QString &type, const QJsonObject &body) {
            if (type != u"BoolExpr" || body.value(QStringLiteral("boolop")).toString() != u"NOT_EXPR")
                return true;
            const QJsonObject arg = body.value(QStringLiteral("args")).toArray().at(0).toObject();
            if (arg.value(QStringLiteral("SubLink")).toObject().value(QStringLiteral("subLinkType")).toString() == u"ANY_SUBLINK")
                sqlNotIns << QJsonObject{{QStringLiteral("BoolExpr"), body}};
            return true;
        });
    }
    static const QRegularExpression notSubplan(QStringLiteral("NOT \\((hashed )?SubPlan (\\d+)\\)"));
    int used = 0;
    for (int i = 0; i < in.nodeCount(); ++i) {
        const PlanNode &n = in.node(i);
        const QString cond = n.filter + u' ' + n.joinFilter;
        const QRegularExpressionMatch m = notSubplan.match(cond);
        if (!m.hasMatch())
            continue;
        const bool hashed = !m.captured(1).isEmpty();
        const QString name = QStringLiteral("SubPlan ") + m.captured(2);
        int sub = -1;
        for (int c = i + 1; c < in.subtreeEnd(i); ++c)
            if (in.node(c).subplanName == name || in.node(c).subplanName.startsWith(name + u' '))
                sub = c;
        const double subLoops = sub >= 0 ? in.loops(sub) : 0;
        // A hashed NOT IN runs the subquery once and probes a hash table: fast, but still wrong with NULLs.
        // Unhashed (the subquery's result did not fit in work_mem) it runs once per row.
        const double weight = hashed ? 0.3 : 1.0;
        Finding f = makeFinding(in, i, in.inclusiveShare(i) * weight);
        if (sub >= 0)
            for (int c = sub; c < in.subtreeEnd(sub); ++c)
                f.nodeIds << c;
        f.rewriteId = in.rewriteIfProposed(QStringLiteral("not-exists"));
        if (used < sqlNotIns.size()) {
            const SqlFacts::Span span = SqlFacts::expressionSpan(*in.sql(), in.tokens(), sqlNotIns.at(used++), in.statement()->end);
            if (span.isValid()) {
                f.spanStart = span.start;
                f.spanEnd = span.end;
            }
        }
        if (hashed)
            f.message = QStringLiteral("%1 filters with NOT IN (subquery): PostgreSQL hashes the subquery's result "
                                       "(%2) and cannot turn it into an anti-join. If the subquery ever returns a NULL, "
                                       "NOT IN returns no row at all. The filtering node takes %3 of the query.")
                            .arg(n.displayName(), name, Units::percent(in.inclusiveShare(i)));
        else
            f.message = QStringLiteral("%1 filters with NOT IN (subquery) and the subquery's result did not fit in "
                                       "work_mem, so %2 is scanned again for every row: %3 times. This takes %4 of the "
                                       "query.")
                            .arg(n.displayName(), name, Units::count(subLoops), Units::percent(in.inclusiveShare(i)));
        f.advice = QStringLiteral("Write it as NOT EXISTS (SELECT 1 FROM … WHERE inner.col = outer.col): PostgreSQL runs "
                                  "that as a hash or merge anti-join, whatever the size, and it means what is usually "
                                  "intended when the column can be NULL (NOT IN yields no row once the list holds a NULL).");
        f.evidence.insert(QStringLiteral("condition"), cond.trimmed());
        f.evidence.insert(QStringLiteral("hashed"), hashed);
        f.evidence.insert(QStringLiteral("subplan_loops"), subLoops);
        f.evidence.insert(QStringLiteral("time_share"), in.inclusiveShare(i));
        out << f;
    }
}

} // namespace PlanLens
