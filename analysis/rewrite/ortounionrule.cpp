// SPDX-License-Identifier: MIT
#include "ortounionrule.h"

#include "catalogchecks.h"
#include "detect/rules/oracrosscolumns.h"
#include "plan/plan.h"
#include "rulesupport.h"
#include "sqltree.h"

#include <algorithm>

namespace PlanLens {

using namespace SqlTree;

namespace {

// The columns of the one table an OR arm tests, in order; nothing when it tests a subquery, another table or `*`.
std::optional<QStringList> armColumns(const QJsonValue &arm, const TableRef &table)
{
    if (containsType(arm, QLatin1StringView("SubLink"))) return std::nullopt;
    QStringList columns;
    bool ok = true;
    visit(arm, [&](const QJsonObject &n, const QString &t) {
        if (t != u"ColumnRef") return true;
        const QStringList f = columnRef(n);
        if (f.isEmpty() || f.last() == u"*" || f.size() > 2
            || (f.size() == 2 && f.first() != table.visibleName() && f.first() != table.relname)) {
            ok = false;
            return false;
        }
        if (!columns.contains(f.last())) columns << f.last();
        return false;
    });
    if (!ok || columns.isEmpty()) return std::nullopt;
    return columns;
}

// The plain columns of the select list (`*` → empty list and *star set).
QStringList selectedColumns(const QJsonObject &sel, const TableRef &table, bool *star)
{
    QStringList out;
    for (const QJsonValue &t : sel.value(QStringLiteral("targetList")).toArray()) {
        const QJsonValue val = body(t).value(QStringLiteral("val"));
        const QStringList f = columnRef(val);
        if (f.isEmpty()) continue;
        if (f.last() == u"*") {
            *star = true;
            continue;
        }
        if (f.size() == 1 || f.first() == table.visibleName() || f.first() == table.relname) out << f.last();
    }
    return out;
}

// SELECT * returns every column: any valid unique index without predicate or expression makes the rows distinct.
CatalogCheck anyUniqueKey(const TableRef &t)
{
    CatalogCheck c;
    c.id = QStringLiteral("unique-key");
    c.sql = QStringLiteral("SELECT EXISTS (\n"
                           "  SELECT 1 FROM pg_index i\n"
                           "  WHERE i.indrelid = %1 AND i.indisunique AND i.indisvalid\n"
                           "    AND i.indpred IS NULL AND i.indexprs IS NULL\n"
                           ") AS holds")
                .arg(CatalogChecks::regclass(t.schemaname, t.relname));
    return c;
}

} // namespace

QList<Rewrite> OrToUnionRule::propose(const RewriteInput &in) const
{
    QList<Rewrite> out;
    if (!in.plan || !in.plan->hasAnalyze) return out;
    // Only where the plan shows the OR filtered by a Seq Scan (the or-across-columns finding's figures).
    QStringList relations;
    for (const PlanNode &n : in.plan->nodes)
        if (OrAcrossColumnsDetector::worthIt(n)) relations << n.relationName;
    if (relations.isEmpty()) return out;
    for (int si = 0; si < in.script.statements.size(); ++si) {
        if (!RuleSupport::isPlainSelect(in.script.statements.at(si))) continue;
        const StatementText st(in.script, si, in.tokens);
        const QJsonObject sel = body(st.tree());
        // ORDER BY, LIMIT, DISTINCT and aggregates would have to move over the UNION: not this rule's job.
        const bool plain = RuleSupport::splitsIntoArms(sel);
        const QJsonArray from = sel.value(QStringLiteral("fromClause")).toArray();
        if (!plain || from.size() != 1 || !is(from.at(0), QLatin1StringView("RangeVar"))) continue;
        const TableRef table = tables(from).value(0);
        if (!relations.contains(table.relname)) continue;
        // An aggregate over the union of two arms would compute twice; offline an unknown call may be one.
        const QList<RuleSupport::CallKind> calls = RuleSupport::callKinds(sel.value(QStringLiteral("targetList")), in.catalog);
        if (std::any_of(calls.cbegin(), calls.cend(), [](RuleSupport::CallKind k) { return k != RuleSupport::CallKind::Plain; }))
            continue;
        const QJsonValue where = sel.value(QStringLiteral("whereClause"));
        if (where.isUndefined()) continue;
        const TokRange whereRange = st.clauseExpression(where);
        QJsonValue orNode;
        TokRange orRange;
        if (isBoolOp(where, QLatin1StringView("OR_EXPR"))) {
            orNode = where;
            orRange = whereRange;
        } else if (isBoolOp(where, QLatin1StringView("AND_EXPR"))) {
            const QJsonArray args = body(where).value(QStringLiteral("args")).toArray();
            const QList<TokRange> ranges = st.boolArguments(where, whereRange);
            for (int i = 0; i < args.size() && ranges.size() == args.size(); ++i)
                if (isBoolOp(args.at(i), QLatin1StringView("OR_EXPR"))) {
                    orNode = args.at(i);
                    orRange = ranges.at(i);
                    break;
                }
        }
        if (orNode.isNull() || orNode.isUndefined() || !orRange.isValid()) continue;
        const bool wholeWhere = orRange.first == whereRange.first && orRange.last == whereRange.last;
        const QJsonArray arms = body(orNode).value(QStringLiteral("args")).toArray();
        const QList<TokRange> armRanges = st.boolArguments(orNode, orRange);
        if (armRanges.size() != arms.size()) continue;
        QStringList leading;
        bool ok = true;
        for (const QJsonValue &arm : arms) {
            const auto cols = armColumns(arm, table);
            if (!cols) {
                ok = false;
                break;
            }
            if (!leading.contains(cols->first())) leading << cols->first();
        }
        if (!ok || leading.size() < 2) continue;

        QStringList conditions;
        for (const TokRange &r : armRanges)
            conditions << st.text(st.stripParens(r));
        auto armStatement = [&](const QString &condition) {
            const QString text = wholeWhere ? condition : u'(' + condition + u')';
            return st.edited({ SqlEdit { st.startOf(orRange.first), st.endOf(orRange.last), text } });
        };
        QStringList unionParts, allParts;
        for (int i = 0; i < conditions.size(); ++i) {
            unionParts << armStatement(conditions.at(i));
            QString cond = conditions.at(i);
            for (int j = 0; j < i; ++j)
                cond += QStringLiteral(" AND (%1) IS NOT TRUE").arg(conditions.at(j));
            allParts << armStatement(cond);
        }
        Rewrite r;
        r.rule = id();
        r.replaces = { si };
        r.statements = { unionParts.join(QStringLiteral("\nUNION\n")) };
        r.title = QStringLiteral("UNION of one SELECT per OR arm (%1: %2)").arg(table.relname, leading.join(QStringLiteral(", ")));
        bool star = false;
        const QStringList selected = selectedColumns(sel, table, &star);
        CatalogCheck unique = star ? anyUniqueKey(table) : CatalogChecks::uniqueWithin(table.schemaname, table.relname, selected);
        unique.precondition = star
            ? QStringLiteral("%1 has a unique key (SELECT * returns it): the original returns no duplicate rows, so "
                             "UNION, which removes duplicates, returns the same rows.")
                  .arg(table.relname)
            : QStringLiteral("A unique key of %1 lies within the selected columns (%2): the original returns no "
                             "duplicate rows, so UNION, which removes duplicates, returns the same rows.")
                  .arg(table.relname, selected.join(QStringLiteral(", ")));
        unique.whenFalse = QStringLiteral("No unique key in the select list: rows the original returns twice would "
                                          "come once. Use the UNION ALL form, which keeps them.");
        r.checks << unique;
        CatalogCheck indexed = CatalogChecks::columnsLeadIndexes(table.schemaname, table.relname, leading);
        indexed.precondition = QStringLiteral("Every column the arms test leads an index of %1 (%2); an arm without one "
                                              "still reads the whole table.")
                                   .arg(table.relname, leading.join(QStringLiteral(", ")));
        indexed.whenFalse = QStringLiteral("An arm's column has no index: that arm reads the whole table and the "
                                           "rewrite gains little. Create the index (create-index) first.");
        indexed.required = false;
        r.checks << indexed;
        r.preconditions << unique.precondition
                        << QStringLiteral("The statement has no ORDER BY, LIMIT, DISTINCT, GROUP BY, aggregate or "
                                          "window function: those would have to apply over the whole UNION.")
                        << indexed.precondition;
        r.mapping = RuleSupport::sameRows();
        r.explanation = QStringLiteral("PostgreSQL serves an OR with indexes only through a BitmapOr of one index per "
                                       "arm; when it does not (an arm's column without an index, or an estimate that "
                                       "favours the Seq Scan), it reads all of %1 and tests the OR on every row. One "
                                       "SELECT per arm lets each arm use its own column's index; UNION then removes "
                                       "the duplicates, so a row that matches both arms comes once, as with OR.")
                            .arg(table.relname);
        RewriteVariant all;
        all.id = QStringLiteral("union-all");
        all.title = QStringLiteral("UNION ALL, later arms excluding the earlier ones");
        all.when = QStringLiteral("When no unique key is selected (the original may return duplicate rows), or to skip "
                                  "UNION's duplicate removal.");
        all.statements = { allParts.join(QStringLiteral("\nUNION ALL\n")) };
        all.mapping = RuleSupport::sameRows();
        all.explanation = QStringLiteral("Each row comes from the first arm it matches: `(earlier condition) IS NOT "
                                         "TRUE` removes it from the later arms (IS NOT TRUE rather than NOT, so that a "
                                         "NULL counts as not matched). Rows the original returns twice still come "
                                         "twice, and no sort or hash removes duplicates.");
        r.variants << all;
        r.fallbackVariant = all.id;
        out << r;
    }
    return out;
}

} // namespace PlanLens
