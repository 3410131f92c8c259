// SPDX-License-Identifier: MIT
#include "lateraljoinrule.h"

#include "format/units.h"
#include "plan/plan.h"
#include "rulesupport.h"
#include "sqltree.h"

#include <algorithm>

namespace PlanLens {

using namespace SqlTree;

namespace {

// An aggregate call somewhere in the expression (from the tree or the catalog facts), not counting those inside
// subqueries. A call of unknown kind (offline) does not count: were it an aggregate, the outer query would
// aggregate while its correlated subquery reads an ungrouped outer column, which PostgreSQL rejects ("subquery
// uses ungrouped column from outer query"), so the statement could not have run.
bool hasAggregate(const QJsonValue &expr, const CatalogFacts *facts)
{
    const QList<RuleSupport::CallKind> kinds = RuleSupport::callKinds(expr, facts);
    return kinds.contains(RuleSupport::CallKind::Aggregate);
}

// One correlated scalar subquery of the select list and how to join it instead.
struct Scalar {
    TokRange whole; // ( SELECT ... ) in the select list
    QString name; // the output column name
    QString alias; // the LATERAL subquery's alias
    QString lateral; // " LEFT JOIN LATERAL (...) AS alias ON true"
    QString reference; // alias.name
    bool grouped = false; // the join + GROUP BY form exists
    QString groupedJoin; // " LEFT JOIN (SELECT k, agg AS name ... GROUP BY k) AS alias ON alias.k = outer"
    QString groupedReference; // coalesce(alias.name, 0) for count
    QString function;
};

} // namespace

QList<Rewrite> LateralJoinRule::propose(const RewriteInput &in) const
{
    QList<Rewrite> out;
    for (int si = 0; si < in.script.statements.size(); ++si) {
        if (!RuleSupport::isPlainSelect(in.script.statements.at(si))) continue;
        const StatementText st(in.script, si, in.tokens);
        const QJsonObject sel = body(st.tree());
        bool plain = sel.value(QStringLiteral("op")).toString() == u"SETOP_NONE";
        for (const char *k : { "groupClause", "havingClause", "distinctClause", "windowClause" })
            plain = plain && !sel.contains(QLatin1StringView(k));
        const QJsonArray from = sel.value(QStringLiteral("fromClause")).toArray();
        const QJsonArray targets = sel.value(QStringLiteral("targetList")).toArray();
        if (!plain || from.isEmpty()) continue;
        if (std::any_of(targets.cbegin(), targets.cend(),
                [&](const QJsonValue &t) { return hasAggregate(body(t).value(QStringLiteral("val")), in.catalog); }))
            continue; // the outer query aggregates: the subquery would have to move into its GROUP BY
        const int fromLast = st.fromClauseLastToken();
        if (fromLast < 0) continue;
        // LATERAL sees the FROM items before it in the same join: only the last item's tables.
        QSet<QString> lastItemNames;
        for (const TableRef &t : tables(QJsonArray { from.last() }))
            lastItemNames.insert(t.visibleName());
        QSet<QString> taken = allNames(st.tree());
        const QString sep = st.isMultiLine() ? u'\n' + st.lineIndent(fromLast) : QStringLiteral(" ");

        QList<Scalar> scalars;
        bool allGrouped = true;
        for (const QJsonValue &t : targets) {
            const QJsonValue v = body(t).value(QStringLiteral("val"));
            if (!is(v, QLatin1StringView("SubLink"))
                || body(v).value(QStringLiteral("subLinkType")).toString() != u"EXPR_SUBLINK")
                continue;
            const QJsonValue sub = body(v).value(QStringLiteral("subselect"));
            const QJsonObject sb = body(sub);
            const QJsonArray subTargets = sb.value(QStringLiteral("targetList")).toArray();
            const QStringList outerRefs = outerQualifiers(sub);
            if (!is(sub, QLatin1StringView("SelectStmt")) || subTargets.size() != 1 || outerRefs.isEmpty()
                || sb.value(QStringLiteral("op")).toString() != u"SETOP_NONE")
                continue;
            if (!std::all_of(
                    outerRefs.cbegin(), outerRefs.cend(), [&](const QString &q) { return lastItemNames.contains(q); }))
                continue;
            // At most one row per outer row: an aggregate without GROUP BY (exactly one row) or LIMIT 1.
            const QJsonValue innerVal = body(subTargets.at(0)).value(QStringLiteral("val"));
            const QString fn = funcName(innerVal);
            // An aggregate without GROUP BY returns exactly one row. Offline a plain-looking call (`max(x)`) is of
            // unknown kind: it is accepted, because a scalar subquery that returns a second row is an error, so
            // wherever the original statement runs the subquery returned at most one row and the LEFT JOIN LATERAL
            // returns the same rows. A window function returns one row per input row: never.
            const RuleSupport::CallKind kind = RuleSupport::callKind(innerVal, in.catalog);
            const bool aggregate = (kind == RuleSupport::CallKind::Aggregate || kind == RuleSupport::CallKind::Unknown)
                && !sb.contains(QStringLiteral("groupClause")) && !sb.contains(QStringLiteral("havingClause"));
            const QJsonObject limit = body(sb.value(QStringLiteral("limitCount")));
            const bool limitOne
                = limit.value(QStringLiteral("ival")).toObject().value(QStringLiteral("ival")).toInt() == 1;
            if (!aggregate && !limitOne) continue;
            Scalar s;
            TokRange inside;
            if (!st.subLinkRange(v, &s.whole, nullptr, &inside)) continue;
            s.name = body(t).value(QStringLiteral("name")).toString();
            const QString innerName = body(subTargets.at(0)).value(QStringLiteral("name")).toString();
            if (s.name.isEmpty())
                s.name = !innerName.isEmpty()        ? innerName
                    : !fn.isEmpty()                  ? fn
                    : !columnRef(innerVal).isEmpty() ? columnRef(innerVal).last()
                                                     : QStringLiteral("value");
            s.alias = freshName(s.name + QStringLiteral("_sub"), taken);
            taken.insert(s.alias);
            s.function = fn;
            const TokRange subTargetRange = st.targetList(sb);
            if (!subTargetRange.isValid()) continue;
            const QString named = innerName.isEmpty() ? QStringLiteral(" AS ") + quoteSqlIdentifier(s.name) : QString();
            const QString innerText = applySqlEdits(in.script.text, st.startOf(inside.first), st.endOf(inside.last),
                { SqlEdit { st.endOf(subTargetRange.last), st.endOf(subTargetRange.last), named } });
            const QString a = quoteSqlIdentifier(s.alias);
            s.lateral = sep + QStringLiteral("LEFT JOIN LATERAL (%1) AS %2 ON true").arg(innerText, a);
            s.reference = a + u'.' + quoteSqlIdentifier(s.name);

            // Join + GROUP BY: one correlated equality, everything else about the subquery's own table.
            const QJsonArray subFrom = sb.value(QStringLiteral("fromClause")).toArray();
            const QJsonValue where = sb.value(QStringLiteral("whereClause"));
            const QJsonArray conj = conjuncts(where);
            int corr = -1;
            QJsonValue innerKey, outerKey;
            bool simple = aggregate && subFrom.size() == 1 && is(subFrom.at(0), QLatin1StringView("RangeVar"))
                && !sb.contains(QStringLiteral("limitCount")) && !sb.contains(QStringLiteral("withClause"));
            const QSet<QString> own = allNames(sub);
            for (int i = 0; simple && i < conj.size(); ++i) {
                if (qualifiersNotIn(conj.at(i), own).isEmpty()) continue;
                const QJsonValue l = body(conj.at(i)).value(QStringLiteral("lexpr"));
                const QJsonValue r = body(conj.at(i)).value(QStringLiteral("rexpr"));
                const bool lOuter = !qualifiersNotIn(l, own).isEmpty(), rOuter = !qualifiersNotIn(r, own).isEmpty();
                if (corr >= 0 || operatorName(conj.at(i)) != u"=" || columnRef(l).isEmpty() || columnRef(r).isEmpty()
                    || lOuter == rOuter) {
                    simple = false;
                    break;
                }
                corr = i;
                innerKey = lOuter ? r : l;
                outerKey = lOuter ? l : r;
            }
            const QString keyColumn = simple && corr >= 0 ? columnRef(innerKey).last() : QString();
            if (!simple || corr < 0 || keyColumn == s.name) {
                allGrouped = false;
                scalars << s;
                continue;
            }
            const TokRange whereRange = st.clauseExpression(where);
            const QList<TokRange> conjRanges = isBoolOp(where, QLatin1StringView("AND_EXPR"))
                ? st.boolArguments(where, whereRange)
                : QList<TokRange> { whereRange };
            const int fromTok = st.firstToken(subFrom.at(0));
            const int whereKw = st.findWord(fromTok, { QStringLiteral("WHERE") });
            if (conjRanges.size() != conj.size() || fromTok < 0 || whereKw <= fromTok) {
                allGrouped = false;
                scalars << s;
                continue;
            }
            QStringList rest;
            for (int i = 0; i < conj.size(); ++i)
                if (i != corr) rest << st.text(conjRanges.at(i));
            const QString keyText = st.text(st.qualifiedName(st.firstToken(innerKey)));
            const QString aggText = st.text(subTargetRange) + named;
            QString grouped
                = QStringLiteral("SELECT %1, %2 FROM %3").arg(keyText, aggText, st.text(fromTok, whereKw - 1));
            if (!rest.isEmpty()) grouped += QStringLiteral(" WHERE ") + rest.join(QStringLiteral(" AND "));
            grouped += QStringLiteral(" GROUP BY ") + keyText;
            s.grouped = true;
            s.groupedJoin = sep
                + QStringLiteral("LEFT JOIN (%1) AS %2 ON %2.%3 = %4")
                      .arg(grouped, a, quoteSqlIdentifier(keyColumn),
                          st.text(st.qualifiedName(st.firstToken(outerKey))));
            // count() over no rows is 0 in the scalar subquery; the outer join gives NULL there.
            s.groupedReference = fn == u"count" ? QStringLiteral("coalesce(%1, 0)").arg(s.reference) : s.reference;
            scalars << s;
        }
        if (scalars.isEmpty()) continue;

        QList<SqlEdit> lateral, grouped;
        QString lateralJoins, groupedJoins;
        QStringList names;
        for (const Scalar &s : scalars) {
            lateral << SqlEdit { st.startOf(s.whole.first), st.endOf(s.whole.last), s.reference };
            grouped << SqlEdit { st.startOf(s.whole.first), st.endOf(s.whole.last), s.groupedReference };
            lateralJoins += s.lateral;
            groupedJoins += s.groupedJoin;
            names << s.name;
        }
        lateral << SqlEdit { st.endOf(fromLast), st.endOf(fromLast), lateralJoins };
        grouped << SqlEdit { st.endOf(fromLast), st.endOf(fromLast), groupedJoins };

        Rewrite r;
        r.rule = id();
        r.replaces = { si };
        r.statements = { st.edited(lateral) };
        r.title = QStringLiteral("LEFT JOIN LATERAL instead of the correlated subquery for %1")
                      .arg(names.join(QStringLiteral(", ")));
        r.preconditions << QStringLiteral("The subquery returns at most one row per outer row (an aggregate without "
                                          "GROUP BY, or LIMIT 1): as a scalar subquery a second row is an error, as a "
                                          "join it would repeat the outer row. Without a connection PlanLens cannot "
                                          "tell an aggregate `f(x)` from a plain function; wherever the original "
                                          "statement runs without that error the rows are the same.")
                        << QStringLiteral("LEFT JOIN … ON true keeps the outer rows the subquery finds nothing for, "
                                          "with NULL, as the scalar subquery did.");
        r.mapping = RuleSupport::sameRows();
        QString loops;
        if (in.plan) {
            double most = 0;
            for (const PlanNode &n : in.plan->nodes)
                if (n.parentRelationship == u"SubPlan" && n.actualLoops) most = std::max(most, *n.actualLoops);
            if (most > 1) loops = QStringLiteral(" (the plan shows it running %1 times)").arg(Units::count(most));
        }
        r.explanation = QStringLiteral("A correlated scalar subquery in the select list runs as a SubPlan once per "
                                       "outer row%1. As a LATERAL join it becomes part of the join tree, where the "
                                       "planner can choose the join method and cache repeated keys (Memoize); the "
                                       "join + GROUP BY variant aggregates every group in one pass and joins once, "
                                       "which wins when many outer rows are returned.")
                            .arg(loops);
        if (allGrouped) {
            RewriteVariant v;
            v.id = QStringLiteral("join-aggregate");
            v.title = QStringLiteral("LEFT JOIN (SELECT key, aggregate … GROUP BY key): all groups in one pass");
            v.when = QStringLiteral("Many outer rows: one hash aggregate over the subquery's table instead of one "
                                    "probe per row.");
            v.statements = { st.edited(grouped) };
            v.mapping = r.mapping;
            v.explanation = QStringLiteral("The subquery's correlation is one equality, so grouping by that column "
                                           "computes the value for every outer row at once; count() of no rows is 0, "
                                           "hence coalesce(…, 0).");
            r.variants << v;
        }
        out << r;
    }
    return out;
}

} // namespace PlanLens
