// SPDX-License-Identifier: MIT
#include "notexistsrule.h"

#include "catalogchecks.h"
#include "rulesupport.h"
#include "sqltree.h"

#include <algorithm>

namespace PlanLens {

using namespace SqlTree;

namespace {

const char *const kNotAllowed[] = { "groupClause", "havingClause", "limitCount", "limitOffset", "distinctClause",
    "windowClause", "withClause", "valuesLists" };

// "b.user_id" as written, or "bans.user_id" when the user wrote the bare column and the table is known.
QString qualifiedColumn(const StatementText &st, const QJsonValue &ref, const QJsonArray &from, QString *qualifier)
{
    const QStringList f = columnRef(ref);
    if (f.size() == 2) {
        *qualifier = f.first();
        return st.text(st.qualifiedName(st.firstToken(ref)));
    }
    const auto t = RuleSupport::resolveTable(from, QString());
    if (f.size() != 1 || !t) return {};
    *qualifier = t->visibleName();
    return quoteSqlIdentifier(t->visibleName()) + u'.' + quoteSqlIdentifier(f.first());
}

} // namespace

QList<Rewrite> NotExistsRule::propose(const RewriteInput &in) const
{
    QList<Rewrite> out;
    if (!in.script.mayContain("NOT_EXPR") || !in.script.mayContain("SubLink"))
        return out;
    for (int si = 0; si < in.script.statements.size(); ++si) {
        if (!RuleSupport::isPlainSelect(in.script.statements.at(si))) continue;
        const StatementText st(in.script, si, in.tokens);
        QList<SqlEdit> edits;
        QStringList preconditions;
        QList<CatalogCheck> checks;
        QStringList probes;
        QList<TokRange> done; // rewritten NOT INs: a NOT IN nested in one is left alone (edits must not overlap)
        visit(st.tree(), [&](const QJsonObject &node, const QString &type) {
            if (type != u"SelectStmt") return true;
            const QJsonObject sel = node.value(type).toObject();
            const QJsonValue where = sel.value(QStringLiteral("whereClause"));
            if (where.isUndefined()) return true;
            const QJsonArray conj = conjuncts(where);
            const TokRange whereRange = st.clauseExpression(where);
            const QList<TokRange> ranges = isBoolOp(where, QLatin1StringView("AND_EXPR"))
                ? st.boolArguments(where, whereRange)
                : QList<TokRange> { whereRange };
            if (ranges.size() != conj.size()) return true;
            for (int ci = 0; ci < conj.size(); ++ci) {
                if (!isBoolOp(conj.at(ci), QLatin1StringView("NOT_EXPR"))) continue;
                const QJsonValue link = body(conj.at(ci)).value(QStringLiteral("args")).toArray().at(0);
                const QJsonObject lb = body(link);
                if (!is(link, QLatin1StringView("SubLink"))
                    || lb.value(QStringLiteral("subLinkType")).toString() != u"ANY_SUBLINK"
                    || lb.contains(QStringLiteral("operName")))
                    continue;
                const QJsonValue probe = lb.value(QStringLiteral("testexpr"));
                const QJsonValue sub = lb.value(QStringLiteral("subselect"));
                const QJsonObject sb = body(sub);
                const QJsonArray targets = sb.value(QStringLiteral("targetList")).toArray();
                if (columnRef(probe).isEmpty() || !is(sub, QLatin1StringView("SelectStmt")) || targets.size() != 1
                    || sb.value(QStringLiteral("op")).toString() != u"SETOP_NONE")
                    continue;
                bool plain = true;
                for (const char *k : kNotAllowed)
                    plain = plain && !sb.contains(QLatin1StringView(k));
                const QJsonValue inner = body(targets.at(0)).value(QStringLiteral("val"));
                if (!plain || columnRef(inner).isEmpty() || columnRef(inner).contains(QStringLiteral("*"))) continue;
                const QJsonArray subFrom = sb.value(QStringLiteral("fromClause")).toArray();
                const QJsonArray outerFrom = sel.value(QStringLiteral("fromClause")).toArray();
                QString innerQ, outerQ;
                const QString innerText = qualifiedColumn(st, inner, subFrom, &innerQ);
                const QString outerText = qualifiedColumn(st, probe, outerFrom, &outerQ);
                // The outer column is written inside the subquery now: a subquery table of the same name would
                // capture it.
                if (innerText.isEmpty() || outerText.isEmpty() || allNames(sub).contains(outerQ)) continue;
                TokRange whole, test, inside;
                if (!st.subLinkRange(link, &whole, &test, &inside)) continue;
                TokRange bare = ranges.at(ci);
                for (TokRange s = st.stripParens(bare); s.first != bare.first; s = st.stripParens(bare))
                    bare = s;
                if (bare.first != whole.first || bare.last != whole.last) continue;
                if (std::any_of(done.cbegin(), done.cend(),
                        [&](TokRange d) { return whole.first <= d.last && d.first <= whole.last; }))
                    continue;
                const TokRange subTargets = st.targetList(sb);
                if (!subTargets.isValid()) continue;

                QList<SqlEdit> local;
                const QString cond = QStringLiteral("%1 = %2").arg(innerText, outerText);
                local << SqlEdit { st.startOf(whole.first), st.startOf(inside.first), QStringLiteral("NOT EXISTS (") };
                local << SqlEdit { st.startOf(subTargets.first), st.endOf(subTargets.last), QStringLiteral("1") };
                const QJsonValue subWhere = sb.value(QStringLiteral("whereClause"));
                if (!subWhere.isUndefined()) {
                    const TokRange r = st.clauseExpression(subWhere);
                    if (!r.isValid()) continue;
                    // AND binds tighter than OR: a top-level OR must be grouped before the new condition.
                    if (isBoolOp(subWhere, QLatin1StringView("OR_EXPR"))) {
                        local << SqlEdit { st.startOf(r.first), st.startOf(r.first), QStringLiteral("(") };
                        local << SqlEdit { st.endOf(r.last), st.endOf(r.last), QStringLiteral(") AND ") + cond };
                    } else {
                        local << SqlEdit { st.endOf(r.last), st.endOf(r.last), QStringLiteral(" AND ") + cond };
                    }
                } else {
                    const int fromLast = st.fromClauseLastToken(sb);
                    if (fromLast < 0) continue;
                    local << SqlEdit { st.endOf(fromLast), st.endOf(fromLast), QStringLiteral(" WHERE ") + cond };
                }
                edits << local;
                done << whole;
                probes << st.text(test);

                const QString innerNull = QStringLiteral("%1 is never NULL in the subquery's rows: once the subquery "
                                                         "yields a NULL, `NOT IN` is never true (the query returns no "
                                                         "rows), while NOT EXISTS ignores it.")
                                              .arg(innerText);
                const QString outerNull = QStringLiteral("%1 is never NULL: for a NULL %1, `NOT IN` is NULL and drops "
                                                         "the row (unless the subquery is empty), while NOT EXISTS "
                                                         "keeps it.")
                                              .arg(outerText);
                preconditions << innerNull << outerNull;
                const auto innerTable = RuleSupport::resolveTable(subFrom, innerQ);
                const auto outerTable = RuleSupport::resolveTable(outerFrom, outerQ);
                for (const auto &[table, column, sentence] :
                    { std::tuple { innerTable, columnRef(inner).last(), innerNull },
                        std::tuple { outerTable, columnRef(probe).last(), outerNull } }) {
                    if (!table) continue;
                    CatalogCheck c = CatalogChecks::notNull(table->schemaname, table->relname, column);
                    c.precondition = sentence;
                    c.whenFalse = QStringLiteral("%1.%2 may hold NULL: NOT IN and NOT EXISTS can return different "
                                                 "rows. Keep NOT IN, or state the intent first (exclude NULLs "
                                                 "explicitly on both sides) and then rewrite.")
                                      .arg(table->relname, column);
                    checks << c;
                }
            }
            return true;
        });
        if (edits.isEmpty()) continue;
        Rewrite r;
        r.rule = id();
        r.replaces = { si };
        r.statements = { st.edited(edits) };
        r.title
            = QStringLiteral("NOT EXISTS instead of `%1 NOT IN (SELECT …)`").arg(probes.join(QStringLiteral("`, `")));
        r.preconditions = preconditions;
        r.checks = checks;
        r.mapping = RuleSupport::sameRows(QStringLiteral("The same rows, provided the NOT NULL preconditions hold."));
        r.explanation = QStringLiteral("PostgreSQL cannot turn `NOT IN (subquery)` into an anti-join, because NOT IN "
                                       "treats NULLs differently, so it runs the subquery as a SubPlan: hashed while "
                                       "its rows fit in work_mem, otherwise scanned again for every outer row. "
                                       "NOT EXISTS is planned as an anti-join (Hash Anti Join, Merge Anti Join, or a "
                                       "Nested Loop Anti Join probing an index).");
        out << r;
    }
    return out;
}

} // namespace PlanLens
