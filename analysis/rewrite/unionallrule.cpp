// SPDX-License-Identifier: MIT
#include "unionallrule.h"

#include "catalogchecks.h"
#include "rulesupport.h"
#include "sqltree.h"

#include <QMap>

#include <algorithm>

namespace PlanLens {

using namespace SqlTree;

namespace {

// The one table an OR branch tests (by column qualifier), or nothing when it tests several or a subquery.
std::optional<TableRef> branchTable(const QJsonValue &branch, const QJsonArray &from, QStringList *columns)
{
    if (containsType(branch, QLatin1StringView("SubLink"))) return std::nullopt;
    std::optional<TableRef> table;
    bool ok = true;
    visit(branch, [&](const QJsonObject &n, const QString &t) {
        if (t != u"ColumnRef") return true;
        const QStringList f = columnRef(n);
        const auto resolved = RuleSupport::resolveTable(from, f.size() == 2 ? f.first() : QString());
        if (!resolved || f.last() == u"*" || (table && table->location != resolved->location)) {
            ok = false;
            return false;
        }
        table = resolved;
        if (!columns->contains(f.last())) columns->append(f.last());
        return false;
    });
    return ok ? table : std::nullopt;
}

} // namespace

QList<Rewrite> UnionAllRule::propose(const RewriteInput &in) const
{
    QList<Rewrite> out;
    for (int si = 0; si < in.script.statements.size(); ++si) {
        if (!RuleSupport::isPlainSelect(in.script.statements.at(si))) continue;
        const StatementText st(in.script, si, in.tokens);
        const QJsonObject sel = body(st.tree());
        // ORDER BY, LIMIT, DISTINCT and aggregates would have to move over the UNION ALL: not this rule's job.
        const bool plain = RuleSupport::splitsIntoArms(sel);
        const QJsonArray from = sel.value(QStringLiteral("fromClause")).toArray();
        if (!plain || tables(from).size() < 2) continue;
        // An aggregate or a window function computes over all rows of the statement: split per branch it would
        // compute over each branch's rows instead. Offline a plain-looking call (`stddev(x)`, `my_agg(x)`) may be
        // an aggregate that only the catalog can name, so only calls the catalog facts prove plain are allowed.
        const QList<RuleSupport::CallKind> calls = RuleSupport::callKinds(sel.value(QStringLiteral("targetList")), in.catalog);
        const bool aggregates = std::any_of(
            calls.cbegin(), calls.cend(), [](RuleSupport::CallKind k) { return k != RuleSupport::CallKind::Plain; });
        const QJsonValue where = sel.value(QStringLiteral("whereClause"));
        if (aggregates || where.isUndefined()) continue;
        const TokRange whereRange = st.clauseExpression(where);
        QJsonValue orNode;
        TokRange orRange;
        if (isBoolOp(where, QLatin1StringView("OR_EXPR"))) {
            orNode = where;
            orRange = whereRange;
        } else if (isBoolOp(where, QLatin1StringView("AND_EXPR"))) {
            const QJsonArray args = body(where).value(QStringLiteral("args")).toArray();
            const QList<TokRange> ranges = st.boolArguments(where, whereRange);
            for (int i = 0; i < args.size() && i < ranges.size(); ++i)
                if (isBoolOp(args.at(i), QLatin1StringView("OR_EXPR")) && ranges.size() == args.size()) {
                    orNode = args.at(i);
                    orRange = ranges.at(i);
                    break;
                }
        }
        if (orNode.isNull() || !orRange.isValid()) continue;
        const QJsonArray branches = body(orNode).value(QStringLiteral("args")).toArray();
        const QList<TokRange> branchRanges = st.boolArguments(orNode, orRange);
        if (branchRanges.size() != branches.size()) continue;
        QMap<int, TableRef> byLocation;
        QMap<int, QStringList> columnsByTable;
        bool ok = true;
        for (const QJsonValue &b : branches) {
            QStringList cols;
            const auto t = branchTable(b, from, &cols);
            if (!t) {
                ok = false;
                break;
            }
            byLocation.insert(t->location, *t);
            for (const QString &c : cols)
                if (!columnsByTable[t->location].contains(c)) columnsByTable[t->location] << c;
        }
        if (!ok || byLocation.size() < 2) continue;

        QStringList conditions;
        for (const TokRange &r : branchRanges)
            conditions << st.text(st.stripParens(r));
        QStringList parts;
        for (int i = 0; i < conditions.size(); ++i) {
            QString cond = conditions.at(i);
            for (int j = 0; j < i; ++j)
                cond += QStringLiteral(" AND (%1) IS NOT TRUE").arg(conditions.at(j));
            parts << st.edited({ SqlEdit { st.startOf(orRange.first), st.endOf(orRange.last), u'(' + cond + u')' } });
        }
        Rewrite r;
        r.rule = id();
        r.replaces = { si };
        r.statements = { parts.join(QStringLiteral("\nUNION ALL\n")) };
        QStringList names;
        for (const TableRef &t : byLocation)
            names << t.relname;
        r.title = QStringLiteral("UNION ALL of one SELECT per OR branch (%1)").arg(names.join(QStringLiteral(", ")));
        r.preconditions << QStringLiteral("A row that matches several branches comes from the first of them only: "
                                          "`(earlier condition) IS NOT TRUE` removes it from the later branches (IS "
                                          "NOT TRUE rather than NOT, so that a NULL condition counts as not matched). "
                                          "Rows the original returns twice are still returned twice.")
                        << QStringLiteral("The statement has no ORDER BY, LIMIT, DISTINCT, aggregate or window "
                                          "function: those would have to be applied over the whole UNION ALL. A "
                                          "function call in the select list counts as a possible aggregate unless "
                                          "the catalog says otherwise (planlens rewrite --dsn reads it).");
        for (auto it = byLocation.cbegin(); it != byLocation.cend(); ++it) {
            const QString sentence = QStringLiteral("%1 has an index that leads with a column its branch tests (%2); "
                                                    "otherwise that branch still reads the whole table.")
                                         .arg(it->relname, columnsByTable.value(it.key()).join(QStringLiteral(", ")));
            CatalogCheck c = CatalogChecks::columnsLeadIndexes(
                it->schemaname, it->relname, columnsByTable.value(it.key()).mid(0, 1));
            c.precondition = sentence;
            c.whenFalse = QStringLiteral("No index of %1 starts with %2: the branch gains nothing from the split.")
                              .arg(it->relname, columnsByTable.value(it.key()).value(0));
            r.checks << c;
        }
        r.mapping = RuleSupport::sameRows();
        r.explanation = QStringLiteral("An OR across columns of %1 can only be evaluated once the tables are joined, "
                                       "so no index on either table can narrow the join's input: PostgreSQL joins "
                                       "everything, then filters. With one SELECT per branch each condition can drive "
                                       "an index scan on its own table; UNION ALL concatenates the branches without "
                                       "the sort or hash that UNION would need to remove duplicates.")
                            .arg(names.join(QStringLiteral(" and ")));
        out << r;
    }
    return out;
}

} // namespace PlanLens
