// SPDX-License-Identifier: MIT
#include "orsublinkdefeatsindex.h"

#include "detect/detectinput.h"
#include "detect/planconditions.h"
#include "detect/sqlfacts.h"
#include "format/units.h"

#include <QJsonArray>

#include <algorithm>

namespace PlanLens {

namespace {

// An OR in a WHERE clause with a subquery (IN or EXISTS) on one side and a plain condition on the other.
struct OrSublink {
    QJsonObject orExpr;          // the BoolExpr, typed
    QJsonObject select;          // the SelectStmt body whose WHERE holds it
    QString sublinkKind;         // ANY_SUBLINK (IN) or EXISTS_SUBLINK
    bool negated = false;        // NOT IN / NOT EXISTS: the prefetch rewrite does not apply
    QStringList plainColumns;    // columns the plain side compares ("owner_id")
};

bool isSublink(const QJsonValue &arg, QString *kind, bool *negated)
{
    QJsonObject o = arg.toObject();
    *negated = false;
    if (o.contains(QStringLiteral("BoolExpr"))) {   // NOT IN / NOT EXISTS defeat the index just the same
        const QJsonObject b = o.value(QStringLiteral("BoolExpr")).toObject();
        if (b.value(QStringLiteral("boolop")).toString() != u"NOT_EXPR")
            return false;
        o = b.value(QStringLiteral("args")).toArray().at(0).toObject();
        *negated = true;
    }
    if (!o.contains(QStringLiteral("SubLink")))
        return false;
    const QString k = o.value(QStringLiteral("SubLink")).toObject().value(QStringLiteral("subLinkType")).toString();
    if (k != u"ANY_SUBLINK" && k != u"EXISTS_SUBLINK")
        return false;
    *kind = k;
    return true;
}

QList<OrSublink> findOrSublinks(const QJsonObject &root)
{
    QList<OrSublink> out;
    SqlFacts::visit(root, [&](const QString &type, const QJsonObject &select) {
        if (type != u"SelectStmt")
            return true;
        SqlFacts::visit(select.value(QStringLiteral("whereClause")), [&](const QString &t, const QJsonObject &body) {
            if (t == u"SubLink")
                return false;   // nested queries are visited as SelectStmts of their own
            if (t != u"BoolExpr" || body.value(QStringLiteral("boolop")).toString() != u"OR_EXPR")
                return true;
            OrSublink hit;
            bool plain = false;
            for (const QJsonValue &arg : body.value(QStringLiteral("args")).toArray()) {
                QString kind;
                bool negated = false;
                if (isSublink(arg, &kind, &negated)) {
                    // A positive IN / EXISTS is what the prefetch rewrite turns into an id list: it wins.
                    if (hit.sublinkKind.isEmpty() || (hit.negated && !negated)) {
                        hit.sublinkKind = kind;
                        hit.negated = negated;
                    }
                    continue;
                }
                plain = true;
                SqlFacts::visit(arg, [&](const QString &at, const QJsonObject &ab) {
                    if (at == u"SubLink")
                        return false;
                    if (at == u"ColumnRef") {
                        const QJsonArray fields = ab.value(QStringLiteral("fields")).toArray();
                        const QString col = fields.last().toObject().value(QStringLiteral("String")).toObject()
                                                .value(QStringLiteral("sval")).toString();
                        if (!col.isEmpty() && !hit.plainColumns.contains(col))
                            hit.plainColumns << col;
                    }
                    return true;
                });
            }
            if (plain && !hit.sublinkKind.isEmpty()) {
                hit.orExpr = QJsonObject{{QStringLiteral("BoolExpr"), body}};
                hit.select = select;
                out << hit;
            }
            return true;
        });
        return true;
    });
    return out;
}

bool orWithSubplan(const QString &filter)
{
    return Conditions::mentionsSubplan(filter) && filter.contains(QStringLiteral(" OR "));
}

// True when every SubPlan the filter tests sits under NOT (...): "(owner_id = 1) OR (NOT (hashed SubPlan 1))"
// is a NOT IN / NOT EXISTS, for which fetching the ids first does not help.
bool onlyNegatedSubplans(const QString &filter)
{
    QString rest = filter;
    for (qsizetype at = rest.indexOf(QStringLiteral("NOT (")); at >= 0; at = rest.indexOf(QStringLiteral("NOT ("), at)) {
        qsizetype end = at + 4, depth = 0;
        for (; end < rest.size(); ++end) {
            if (rest.at(end) == u'(') ++depth;
            if (rest.at(end) == u')' && --depth == 0) break;
        }
        const QString group = rest.mid(at, end - at + 1);
        if (Conditions::mentionsSubplan(group))
            rest.remove(at, end - at + 1);
        else
            at = end;
    }
    return !Conditions::mentionsSubplan(rest);
}

} // namespace

void OrSublinkDefeatsIndexDetector::detect(const DetectInput &in, QList<Finding> &out) const
{
    QList<OrSublink> sqlHits;
    if (const SqlStatement *st = in.statement(); st && in.sql()->mayContain("OR_EXPR") && in.sql()->mayContain("SubLink"))
        sqlHits = findOrSublinks(SqlFacts::statementRoot(st->tree));

    for (int i = 0; i < in.nodeCount(); ++i) {
        const PlanNode &n = in.node(i);
        const bool seq = n.nodeType == u"Seq Scan";
        const bool fullIndex = (n.nodeType == u"Index Scan" || n.nodeType == u"Index Only Scan") && n.indexCond.isEmpty();
        if ((!seq && !fullIndex) || !orWithSubplan(n.filter))
            continue;

        const double loops = in.loops(i);
        const double returned = in.totalRows(i);
        const double removed = n.rowsRemovedByFilter.value_or(0) * loops;
        double confidence = 1.0;
        if (in.plan().hasAnalyze) {
            // The OR only hurts when the scan reads many rows to keep few: with a LIMIT over an ordered
            // index scan that stops early (incident B's page query) it costs nothing.
            if (removed < 1000 || removed < 10 * std::max(returned, 1.0))
                continue;
        } else {
            if (n.planRows.value_or(0) < 1000 || in.inclusiveShare(i) < 0.2)
                continue;
            confidence = 0.5;
        }

        // The SQL OR whose SELECT reads this scan's relation.
        const OrSublink *hit = nullptr;
        for (const OrSublink &h : sqlHits) {
            for (const SqlFacts::Relation &r : SqlFacts::fromRelations(h.select)) {
                if (r.matches(n.relationName, n.alias) || (!hit && r.name == n.relationName))
                    hit = &h;
            }
        }
        if (!hit)
            confidence = std::min(confidence, 0.6);

        const double readFraction = in.plan().hasAnalyze ? removed / std::max(removed + returned, 1.0) : 1.0;
        Finding f = makeFinding(in, i, in.inclusiveShare(i) * readFraction);
        f.confidence = confidence;
        for (int s = i + 1; s < in.subtreeEnd(i); ++s)
            f.nodeIds << s;

        const QString where = n.displayName();
        QString condition;
        if (hit) {
            const bool exists = hit->sublinkKind == u"EXISTS_SUBLINK";
            const QString col = hit->plainColumns.isEmpty() ? QStringLiteral("the column")
                                                              : hit->plainColumns.join(QStringLiteral(", "));
            const QString sublink = QStringLiteral("%1%2 (subquery)")
                                        .arg(hit->negated ? QStringLiteral("NOT ") : QString(),
                                             exists ? QStringLiteral("EXISTS") : QStringLiteral("IN"));
            condition = QStringLiteral("the WHERE clause ORs a condition on %1 with %2, ").arg(col, sublink);
            // prefetch-any-array turns an IN, and a simple correlated EXISTS, into an id list; a NOT IN / NOT EXISTS
            // would need every id that is absent, which it does not fetch.
            if (!hit->negated)
                f.rewriteId = in.rewriteIfProposed(QStringLiteral("prefetch-any-array"));
            const SqlFacts::Span span = SqlFacts::expressionSpan(*in.sql(), in.tokens(), hit->orExpr, in.statement()->end);
            if (span.isValid()) {
                f.spanStart = span.start;
                f.spanEnd = span.end;
            }
            f.evidence.insert(QStringLiteral("plain_columns"), QJsonArray::fromStringList(hit->plainColumns));
            f.evidence.insert(QStringLiteral("subquery_kind"),
                              QString(hit->negated ? QStringLiteral("not-") : QString())
                                  + (exists ? QStringLiteral("exists") : QStringLiteral("in")));
        } else {
            condition = QStringLiteral("its filter ORs a condition with a subquery, ");
            f.rewriteId = n.filter.contains(QStringLiteral("hashed SubPlan")) && !onlyNegatedSubplans(n.filter)
                ? in.rewriteIfProposed(QStringLiteral("prefetch-any-array"))
                : QString();
        }
        const bool negated = hit ? hit->negated : onlyNegatedSubplans(n.filter);
        if (in.plan().hasAnalyze) {
            f.message = QStringLiteral("%1 reads %2 rows to keep %3: %4so no index can serve the scan and every row "
                                       "goes through the subquery's SubPlan. The planner expected %5 rows "
                                       "(its fixed guess for such an OR); the scan takes %6 of the query.")
                            .arg(where, Units::count(removed + returned), Units::count(returned), condition,
                                 Units::count(n.planRows.value_or(0) * loops), Units::percent(in.inclusiveShare(i)));
        } else {
            f.message = QStringLiteral("%1 filters the whole table: %2so no index can serve the scan (estimated %3 "
                                       "rows, %4 of the cost).")
                            .arg(where, condition, Units::count(n.planRows.value_or(0)), Units::percent(in.inclusiveShare(i)));
        }
        f.advice = negated
            ? QStringLiteral(
                  "PostgreSQL cannot combine an index condition with a subquery under OR, so it scans the table. A NOT "
                  "IN / NOT EXISTS branch matches the rows whose id is absent from the subquery, so fetching the "
                  "subquery's ids first does not narrow the scan. Split the OR into a UNION ALL of an index-friendly "
                  "query for the plain condition and an anti-join (NOT EXISTS on its own) for the other branch, the "
                  "second excluding the rows of the first (\"AND (plain condition) IS NOT TRUE\").")
            : QStringLiteral(
                  "PostgreSQL cannot combine an index condition with a subquery under OR, so it scans the table. Fetch "
                  "the subquery's ids first (usually a tiny index lookup) and pass them as an array: \"col = X OR id = "
                  "ANY($ids)\" lets the planner BitmapOr two index scans; when the list is empty, run the plain query. "
                  "Alternatively split the OR into a UNION ALL of two index-friendly queries.");
        f.evidence.insert(QStringLiteral("negated"), negated);
        f.evidence.insert(QStringLiteral("relation"), n.relationName);
        f.evidence.insert(QStringLiteral("filter"), n.filter);
        f.evidence.insert(QStringLiteral("plan_rows"), n.planRows.value_or(0) * loops);
        if (in.plan().hasAnalyze) {
            f.evidence.insert(QStringLiteral("actual_rows"), returned);
            f.evidence.insert(QStringLiteral("rows_removed_by_filter"), removed);
            f.evidence.insert(QStringLiteral("loops"), loops);
        }
        f.evidence.insert(QStringLiteral("time_share"), in.inclusiveShare(i));
        f.evidence.insert(QStringLiteral("from_sql"), hit != nullptr);
        out << f;
    }
}

} // namespace PlanLens
