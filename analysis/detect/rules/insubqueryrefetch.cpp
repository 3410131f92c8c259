// SPDX-License-Identifier: MIT
#include "insubqueryrefetch.h"

#include "detect/detectinput.h"
#include "detect/sqlfacts.h"
#include "format/units.h"

#include <QJsonArray>
#include <QSet>

#include <algorithm>

namespace PlanLens {

namespace {

struct Candidate {
    QJsonObject sublink;         // typed SubLink
    QJsonObject outer;           // SelectStmt body holding it
    QJsonObject sub;             // the subquery's SelectStmt body
    int repeats = -1;            // index of the script statement it repeats, -1 if none
    QStringList sharedTables;    // tables read both outside and inside the subquery
};

QList<Candidate> findCandidates(const DetectInput &in)
{
    QList<Candidate> out;
    const SqlStatement *st = in.statement();
    const SqlScript &script = *in.sql();
    if (!script.mayContain("SubLink") || !script.mayContain("limitCount"))
        return out;
    SqlFacts::visit(SqlFacts::statementRoot(st->tree), [&](const QString &type, const QJsonObject &outer) {
        if (type != u"SelectStmt")
            return true;
        SqlFacts::visit(outer.value(QStringLiteral("whereClause")), [&](const QString &t, const QJsonObject &body) {
            if (t != u"SubLink")
                return true;
            if (body.value(QStringLiteral("subLinkType")).toString() != u"ANY_SUBLINK")
                return false;
            const QJsonObject sub = body.value(QStringLiteral("subselect")).toObject()
                                        .value(QStringLiteral("SelectStmt")).toObject();
            if (sub.isEmpty() || !sub.contains(QStringLiteral("limitCount")))
                return false;
            Candidate c;
            c.sublink = QJsonObject{{QStringLiteral("SubLink"), body}};
            c.outer = outer;
            c.sub = sub;
            // Does another statement of the script run the same query (the page the application just fetched)?
            const SqlFacts::Span paren = SqlFacts::parenthesizedSpan(script, in.tokens(), body.value(QStringLiteral("subselect")));
            const QString fp = paren.isValid() ? sqlFingerprint(script.text.mid(paren.start + 1, paren.end - paren.start - 2))
                                               : QString();
            const QJsonValue shape = SqlFacts::shapeWithoutTargets(sub);
            for (int k = 0; k < script.statements.size() && c.repeats < 0; ++k) {
                if (k == in.statementIndex())
                    continue;
                const SqlStatement &other = script.statements.at(k);
                const QJsonObject otherSelect = SqlFacts::statementRoot(other.tree).value(QStringLiteral("SelectStmt")).toObject();
                if ((!fp.isEmpty() && fp == other.fingerprint)
                    || (!otherSelect.isEmpty() && SqlFacts::shapeWithoutTargets(otherSelect) == shape))
                    c.repeats = k;
            }
            QSet<QString> outerTables;
            for (const SqlFacts::Relation &r : SqlFacts::fromRelations(outer))
                outerTables.insert(r.name);
            for (const SqlFacts::Relation &r : SqlFacts::allRelations(body.value(QStringLiteral("subselect"))))
                if (outerTables.contains(r.name) && !c.sharedTables.contains(r.name))
                    c.sharedTables << r.name;
            if (c.repeats >= 0 || !c.sharedTables.isEmpty())
                out << c;
            return false;
        });
        return true;
    });
    return out;
}

QSet<QString> relationsIn(const DetectInput &in, int from, int to)
{
    QSet<QString> r;
    for (int i = from; i < to; ++i)
        if (!in.node(i).relationName.isEmpty())
            r.insert(in.node(i).relationName);
    return r;
}

// The Limit of an IN (subquery ... LIMIT): a Limit that is not at the top of the plan and that sits on one
// side of a join (the IN became a semi-join or a join over the unique-ified subquery), or in a SubPlan.
int subqueryLimit(const DetectInput &in, const QSet<QString> &mustRead, QString *sharedOut)
{
    for (int i = 1; i < in.nodeCount(); ++i) {
        const PlanNode &n = in.node(i);
        if (n.nodeType != u"Limit")
            continue;
        bool onTopChain = true;
        for (int a = n.parent; a >= 0; a = in.node(a).parent)
            if (!(in.node(a).children.size() == 1 || in.node(a).nodeType == u"Limit"))
                onTopChain = false;
        if (onTopChain && !n.isSubplanChild())
            continue;
        const QSet<QString> inside = relationsIn(in, i, in.subtreeEnd(i));
        if (!mustRead.isEmpty() && !inside.intersects(mustRead))
            continue;
        // Relations read by the rest of the plan.
        QSet<QString> outside = relationsIn(in, 0, i);
        outside.unite(relationsIn(in, in.subtreeEnd(i), in.nodeCount()));
        for (const QString &r : inside)
            if (outside.contains(r)) {
                *sharedOut = r;
                break;
            }
        if (!mustRead.isEmpty() || !sharedOut->isEmpty())
            return i;
    }
    return -1;
}

// The subquery's top in the plan: the Limit plus what makes its output unique for the join above it
// (HashAggregate, Unique, Sort) or the Subquery Scan named ANY_subquery.
int subqueryTop(const DetectInput &in, int limit)
{
    int top = limit;
    for (int a = in.node(limit).parent; a >= 0; a = in.node(a).parent) {
        const PlanNode &p = in.node(a);
        if (p.children.size() != 1 || DetectInput::isJoin(p))
            break;
        if (p.nodeType == u"Aggregate" || p.nodeType == u"Unique" || p.nodeType == u"Sort"
            || p.nodeType == u"Subquery Scan" || p.nodeType == u"Hash" || p.nodeType == u"Materialize")
            top = a;
        else
            break;
    }
    return top;
}

} // namespace

void InSubqueryRefetchDetector::detect(const DetectInput &in, QList<Finding> &out) const
{
    if (in.statement()) {
        for (const Candidate &c : findCandidates(in)) {
            QSet<QString> subTables;
            for (const SqlFacts::Relation &r : SqlFacts::allRelations(c.sub))
                subTables.insert(r.name);
            QString sharedInPlan;
            const int limit = subqueryLimit(in, subTables, &sharedInPlan);
            const int top = limit >= 0 ? subqueryTop(in, limit) : -1;
            // Severity: what the subquery costs in this plan; without a matching plan node, a low default.
            const double share = top >= 0 ? in.inclusiveShare(top) : 0.3;
            Finding f = makeFinding(in, top, share);
            if (top >= 0)
                for (int i = top + 1; i < in.subtreeEnd(top); ++i)
                    f.nodeIds << i;
            const SqlFacts::Span span = SqlFacts::expressionSpan(*in.sql(), in.tokens(), c.sublink, in.statement()->end);
            if (span.isValid()) {
                f.spanStart = span.start;
                f.spanEnd = span.end;
            }
            f.rewriteId = in.rewriteIfProposed(QStringLiteral("preload-left-join"));
            const qint64 limitRows = SqlFacts::constantInteger(c.sub.value(QStringLiteral("limitCount")));
            QString what = limitRows >= 0 ? QStringLiteral("IN (SELECT … LIMIT %1)").arg(limitRows)
                                          : QStringLiteral("IN (SELECT … LIMIT …)");
            QStringList reasons;
            if (c.repeats >= 0)
                reasons << QStringLiteral("repeats statement %1 of the script (the page query), so the page is "
                                          "planned and executed twice")
                               .arg(c.repeats + 1);
            if (!c.sharedTables.isEmpty())
                reasons << QStringLiteral("reads %1 again, which the outer query reads too")
                               .arg(c.sharedTables.join(QStringLiteral(", ")));
            QString cost;
            if (top >= 0 && in.hasTiming())
                cost = QStringLiteral(" Here the subquery takes %1 (%2 of this statement).")
                           .arg(Units::duration(in.node(top).inclusiveMs), Units::percent(share));
            else if (top >= 0)
                cost = QStringLiteral(" Here the subquery is %1 of this statement's cost.").arg(Units::percent(share));
            f.message = QStringLiteral("The %1 subquery %2.%3").arg(what, reasons.join(QStringLiteral(" and ")), cost);
            f.advice = QStringLiteral(
                "Load the extra data together with the page instead of re-running the page as a subquery: LEFT JOIN "
                "the detail table (aliased, with its own conditions in the ON clause) to the page query, or pass the "
                "page's ids as an array (= ANY($ids)). The page's ORDER BY … LIMIT is then evaluated once, and the "
                "planner no longer has to estimate a semi-join over a LIMIT.");
            f.evidence.insert(QStringLiteral("repeats_statement"), c.repeats >= 0 ? QJsonValue(c.repeats) : QJsonValue());
            f.evidence.insert(QStringLiteral("shared_tables"), QJsonArray::fromStringList(c.sharedTables));
            f.evidence.insert(QStringLiteral("limit"), limitRows >= 0 ? QJsonValue(double(limitRows)) : QJsonValue());
            if (top >= 0) {
                f.evidence.insert(QStringLiteral("subquery_node"), top);
                f.evidence.insert(QStringLiteral("time_share"), share);
                if (in.hasTiming())
                    f.evidence.insert(QStringLiteral("subquery_ms"), in.node(top).inclusiveMs);
            }
            out << f;
        }
        return;
    }

    // Without SQL: a Limit on one side of a join whose subtree reads a table the rest of the plan reads too.
    QString shared;
    const int limit = subqueryLimit(in, {}, &shared);
    if (limit < 0 || shared.isEmpty())
        return;
    bool underJoin = false;
    for (int a = in.node(limit).parent; a >= 0; a = in.node(a).parent)
        underJoin = underJoin || DetectInput::isJoin(in.node(a));
    if (!underJoin)
        return;
    // Shapes that read a table twice for a reason, not a page query re-run:
    // - a Limit over grouped rows (the top N areas by count, joined back to their rows);
    // - a Limit run once per outer row (a correlated subquery: correlated-subplan's case, not a preload);
    // - a DELETE/UPDATE whose target comes from `id IN (SELECT … LIMIT n)`: the usual way to work in batches.
    for (int i = limit + 1; i < in.subtreeEnd(limit); ++i)
        if (in.node(i).nodeType == u"Aggregate")
            return;
    if (in.node(limit).actualLoops.value_or(1) > 1 || in.node(0).nodeType == u"ModifyTable")
        return;
    const int top = subqueryTop(in, limit);
    Finding f = makeFinding(in, top, in.inclusiveShare(top));
    f.confidence = 0.5;
    for (int i = top + 1; i < in.subtreeEnd(top); ++i)
        f.nodeIds << i;
    f.rewriteId = in.rewriteIfProposed(QStringLiteral("preload-left-join"));
    f.message = QStringLiteral("A LIMIT subquery joined back to %1 reads %1 again: this is the shape of an "
                               "\"IN (SELECT … ORDER BY … LIMIT …)\" preload that re-runs a page query (%2 of the plan).")
                    .arg(shared, Units::percent(in.inclusiveShare(top)));
    f.advice = QStringLiteral("Give the SQL (--sql) to confirm. Load the extra data with a LEFT JOIN on the page query, "
                              "or pass the page's ids as an array, instead of re-running the page as a subquery.");
    f.evidence.insert(QStringLiteral("shared_tables"), QJsonArray{shared});
    f.evidence.insert(QStringLiteral("subquery_node"), top);
    f.evidence.insert(QStringLiteral("time_share"), in.inclusiveShare(top));
    out << f;
}

} // namespace PlanLens
