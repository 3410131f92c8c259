// SPDX-License-Identifier: MIT
#include "preloadleftjoinrule.h"

#include "catalogchecks.h"
#include "rulesupport.h"
#include "sqltree.h"

namespace PlanLens {

using namespace SqlTree;

namespace {

// A column of the preload's only table: qualified by its name/alias, or not qualified at all.
std::optional<QString> ownColumn(const QJsonValue &node, const QString &tableName)
{
    const QStringList f = columnRef(node);
    if (f.size() == 1 && f.first() != u"*") return f.first();
    if (f.size() == 2 && f.first() == tableName && f.last() != u"*") return f.last();
    return std::nullopt;
}

bool onlyOwnColumns(const QJsonValue &node, const QString &tableName)
{
    bool ok = true;
    visit(node, [&](const QJsonObject &n, const QString &t) {
        if (t == u"SubLink" || (t == u"ColumnRef" && !ownColumn(n, tableName))) ok = false;
        return ok;
    });
    return ok;
}

QJsonObject withoutTargets(const QJsonObject &select)
{
    QJsonObject o = withoutLocations(select).toObject();
    o.remove(QStringLiteral("targetList"));
    return o;
}

struct Preload {
    TableRef table;
    QString tableName; // how the preload's columns name the table (alias or table name)
    QJsonValue tableNode; // the RangeVar
    int aggTarget = -1; // index of MAX(...) in the target list
    int keyTarget = -1; // index of the key column
    QString aggFunc; // "max"
    QJsonValue aggNode; // the FuncCall
    QString valueColumn; // access_level
    QString keyColumn; // project_id
    QJsonValue subLink;
    QJsonObject pageSelect; // the IN subquery (the page query with its target list replaced)
    QJsonValue pageKey; // the subquery's only target: projects.id
    QJsonArray otherConjuncts; // user_id = X, ...
    QList<TokRange> otherRanges;
};

std::optional<Preload> matchPreload(const StatementText &st)
{
    const QJsonObject sel = body(st.tree());
    for (const char *k : { "distinctClause", "havingClause", "sortClause", "limitCount", "limitOffset", "withClause",
             "windowClause", "lockingClause", "intoClause" })
        if (sel.contains(QLatin1StringView(k))) return std::nullopt;
    const QJsonArray from = sel.value(QStringLiteral("fromClause")).toArray();
    if (from.size() != 1 || !is(from.at(0), QLatin1StringView("RangeVar"))) return std::nullopt;
    Preload p;
    p.table = tables(from).first();
    p.tableName = p.table.visibleName();
    p.tableNode = from.at(0);

    const QJsonArray targets = sel.value(QStringLiteral("targetList")).toArray();
    if (targets.size() != 2) return std::nullopt;
    for (int i = 0; i < 2; ++i) {
        const QJsonValue v = body(targets.at(i)).value(QStringLiteral("val"));
        const QString fn = funcName(v);
        if (fn == u"max" || fn == u"min") {
            const QJsonObject fb = body(v);
            const QJsonArray args = fb.value(QStringLiteral("args")).toArray();
            if (args.size() != 1 || fb.contains(QStringLiteral("agg_star"))
                || fb.contains(QStringLiteral("agg_distinct")) || fb.contains(QStringLiteral("agg_filter"))
                || fb.contains(QStringLiteral("over")) || fb.contains(QStringLiteral("agg_order")))
                return std::nullopt;
            const auto col = ownColumn(args.at(0), p.tableName);
            if (!col) return std::nullopt;
            p.aggTarget = i;
            p.aggFunc = fn;
            p.aggNode = v;
            p.valueColumn = *col;
        } else if (const auto col = ownColumn(v, p.tableName)) {
            p.keyTarget = i;
            p.keyColumn = *col;
        }
    }
    if (p.aggTarget < 0 || p.keyTarget < 0) return std::nullopt;

    const QJsonArray group = sel.value(QStringLiteral("groupClause")).toArray();
    if (group.size() != 1 || ownColumn(group.at(0), p.tableName) != p.keyColumn) return std::nullopt;

    const QJsonValue where = sel.value(QStringLiteral("whereClause"));
    const QJsonArray conj = conjuncts(where);
    const TokRange whereRange = st.clauseExpression(where);
    const QList<TokRange> ranges = isBoolOp(where, QLatin1StringView("AND_EXPR")) ? st.boolArguments(where, whereRange)
                                                                                  : QList<TokRange> { whereRange };
    if (conj.isEmpty() || ranges.size() != conj.size()) return std::nullopt;
    for (int i = 0; i < conj.size(); ++i) {
        const QJsonValue c = conj.at(i);
        if (is(c, QLatin1StringView("SubLink"))) {
            const QJsonObject b = body(c);
            const QJsonArray oper = b.value(QStringLiteral("operName")).toArray();
            if (!p.subLink.isNull() || b.value(QStringLiteral("subLinkType")).toString() != u"ANY_SUBLINK"
                || (!oper.isEmpty() && (oper.size() != 1 || stringValue(oper.at(0)) != u"="))
                || ownColumn(b.value(QStringLiteral("testexpr")), p.tableName) != p.keyColumn)
                return std::nullopt;
            const QJsonValue sub = b.value(QStringLiteral("subselect"));
            const QJsonArray subTargets = body(sub).value(QStringLiteral("targetList")).toArray();
            if (!is(sub, QLatin1StringView("SelectStmt")) || subTargets.size() != 1 || !outerQualifiers(sub).isEmpty())
                return std::nullopt;
            const QJsonValue key = body(subTargets.at(0)).value(QStringLiteral("val"));
            const QStringList kf = columnRef(key);
            if (kf.isEmpty() || kf.size() > 2 || kf.last() == u"*") return std::nullopt;
            p.subLink = c;
            p.pageSelect = body(sub);
            p.pageKey = key;
        } else {
            if (!onlyOwnColumns(c, p.tableName)) return std::nullopt;
            p.otherConjuncts.append(c);
            p.otherRanges << ranges.at(i);
        }
    }
    if (p.subLink.isNull()) return std::nullopt;
    return p;
}

// Columns of the preload's table fixed by `col = value` conditions (user_id = X).
QStringList fixedColumns(const Preload &p)
{
    QStringList out;
    for (const QJsonValue &c : p.otherConjuncts) {
        if (operatorName(c) != u"=") continue;
        const QJsonObject b = body(c);
        const auto l = ownColumn(b.value(QStringLiteral("lexpr")), p.tableName);
        const auto r = ownColumn(b.value(QStringLiteral("rexpr")), p.tableName);
        if (l && !containsType(b.value(QStringLiteral("rexpr")), QLatin1StringView("ColumnRef")))
            out << *l;
        else if (r && !containsType(b.value(QStringLiteral("lexpr")), QLatin1StringView("ColumnRef")))
            out << *r;
    }
    return out;
}

} // namespace

QList<Rewrite> PreloadLeftJoinRule::propose(const RewriteInput &in) const
{
    QList<Rewrite> out;
    const QList<SqlStatement> &stmts = in.script.statements;
    for (int j = 1; j < stmts.size(); ++j) {
        if (!RuleSupport::isPlainSelect(stmts.at(j))) continue;
        const StatementText pre(in.script, j, in.tokens);
        const auto p = matchPreload(pre);
        if (!p) continue;
        // The page query: an earlier statement equal to the IN subquery but for the target list.
        int i = j - 1;
        const QJsonObject wanted = withoutTargets(p->pageSelect);
        for (; i >= 0; --i)
            if (RuleSupport::isPlainSelect(stmts.at(i)) && withoutTargets(body(stmts.at(i).tree)) == wanted) break;
        if (i < 0) continue;
        const StatementText page(in.script, i, in.tokens);
        const QJsonObject ps = body(page.tree());
        if (ps.contains(QStringLiteral("distinctClause")) || ps.contains(QStringLiteral("groupClause"))
            || ps.contains(QStringLiteral("havingClause")) || ps.contains(QStringLiteral("lockingClause"))
            || (ps.contains(QStringLiteral("op")) && ps.value(QStringLiteral("op")).toString() != u"SETOP_NONE"))
            continue;
        // The join can only refer to a table of the last FROM item ("FROM a, b LEFT JOIN x ON x.k = a.id" is
        // an invalid reference to a).
        const QJsonArray pageFrom = ps.value(QStringLiteral("fromClause")).toArray();
        const QStringList keyRef = columnRef(p->pageKey);
        const QString keyQualifier = keyRef.size() == 2 ? keyRef.first() : QString();
        const auto keyTable = RuleSupport::resolveTable(pageFrom, keyQualifier);
        if (pageFrom.isEmpty() || !keyTable) continue;
        bool inLastItem = false;
        for (const TableRef &t : tables(QJsonArray { pageFrom.last() }))
            inLastItem = inLastItem || t.location == keyTable->location;
        if (!inLastItem) continue;

        const int fromLast = page.fromClauseLastToken();
        const TokRange targets = page.targetList();
        if (fromLast < 0 || !targets.isValid()) continue;

        QSet<QString> taken = allNames(page.tree()) + allNames(pre.tree());
        taken.insert(p->table.relname);
        const QString alias = freshName(p->table.relname, taken);
        const QString a = quoteSqlIdentifier(alias);

        const QString tableText = pre.text(pre.qualifiedName(pre.firstToken(p->tableNode)));
        const QString keyText = pre.text(pre.qualifiedName(pre.firstToken(p->pageKey)));
        QStringList on { QStringLiteral("%1.%2 = %3").arg(a, quoteSqlIdentifier(p->keyColumn), keyText) };
        for (int k = 0; k < p->otherConjuncts.size(); ++k)
            on << pre.requalified(p->otherRanges.at(k), p->otherConjuncts.at(k), p->tableName, true, alias);
        const QString onText = on.join(QStringLiteral(" AND "));
        const QString valueText = QStringLiteral("%1.%2").arg(a, quoteSqlIdentifier(p->valueColumn));

        const bool multi = page.isMultiLine();
        const QString joinSep = multi ? u'\n' + page.lineIndent(fromLast) : QStringLiteral(" ");
        const QString targetSep
            = multi && !in.tokens.isWord(page.lineFirstToken(targets.last), QLatin1StringView("SELECT"))
            ? u'\n' + page.lineIndent(targets.last)
            : QStringLiteral(" ");

        // SELECT * would also return the joined table's columns: name the page's own tables instead.
        QList<SqlEdit> common;
        const QJsonArray pageTargets = ps.value(QStringLiteral("targetList")).toArray();
        bool starOk = true;
        for (const QJsonValue &t : pageTargets) {
            const QJsonValue v = body(t).value(QStringLiteral("val"));
            if (columnRef(v) == QStringList { QStringLiteral("*") }) {
                QStringList names;
                for (const QJsonValue &item : pageFrom) {
                    if (!is(item, QLatin1StringView("RangeVar")) && !is(item, QLatin1StringView("JoinExpr")))
                        starOk = false;
                }
                for (const TableRef &tr : tables(pageFrom))
                    names << quoteSqlIdentifier(tr.visibleName()) + QStringLiteral(".*");
                const int tok = page.firstToken(v);
                common << SqlEdit { page.startOf(tok), page.endOf(tok), names.join(QStringLiteral(", ")) };
            }
        }
        if (!starOk) continue;
        common << SqlEdit { page.endOf(targets.last), page.endOf(targets.last), u',' + targetSep + valueText };

        Rewrite r;
        r.rule = id();
        r.replaces = { i, j };
        QList<SqlEdit> join = common;
        join << SqlEdit { page.endOf(fromLast), page.endOf(fromLast),
            joinSep + QStringLiteral("LEFT OUTER JOIN %1 AS %2 ON %3").arg(tableText, a, onText) };
        r.statements = { page.edited(join) };

        const QString aggText = pre.text(pre.qualifiedName(pre.firstToken(p->aggNode)));
        QList<SqlEdit> lateral = common;
        lateral << SqlEdit { page.endOf(fromLast), page.endOf(fromLast),
            joinSep
                + QStringLiteral("LEFT JOIN LATERAL (SELECT %1(%2) AS %3 FROM %4 AS %5 WHERE %6) AS %5 ON true")
                      .arg(aggText, valueText, quoteSqlIdentifier(p->valueColumn), tableText, a, onText) };

        QStringList fixed = fixedColumns(*p);
        QStringList keyCols = fixed;
        keyCols << p->keyColumn;
        const QString colsText = keyCols.join(QStringLiteral(", "));
        const QString aggUpper = p->aggFunc.toUpper();
        const QString unique = QStringLiteral("%1 has at most one row per (%2): the join then adds exactly one value "
                                              "to each page row, the one %3() picked, and repeats no page row. A "
                                              "primary key or unique index on columns within (%2) proves it.")
                                   .arg(p->table.relname, colsText, aggUpper);
        r.preconditions << unique;
        CatalogCheck check = CatalogChecks::uniqueWithin(p->table.schemaname, p->table.relname, keyCols);
        check.precondition = unique;
        // Not proven by the catalog, the invariant may still hold in the data today (the engineers' join in
        // GitLab's MR relied on exactly that): the verifier then asks the data, among the rows the preload reads.
        // Conditions with parameters are left out, which only widens the check.
        QStringList dataConditions;
        for (int k = 0; k < p->otherConjuncts.size(); ++k)
            if (!containsType(p->otherConjuncts.at(k), QLatin1StringView("ParamRef")))
                dataConditions << pre.text(p->otherRanges.at(k));
        const QString fromText = p->table.alias.isEmpty()
            ? tableText
            : tableText + QStringLiteral(" AS ") + quoteSqlIdentifier(p->table.alias);
        check.dataSql = CatalogChecks::duplicateKeySql(fromText, keyCols, dataConditions);
        check.dataInvariant = QStringLiteral("one %1 row per (%2)").arg(p->table.relname, colsText);
        check.enforceSql = CatalogChecks::uniqueIndexSql(p->table.schemaname, p->table.relname, keyCols);
        check.whenFalse = QStringLiteral("No unique index or primary key of %1 lies within (%2), so nothing proves "
                                         "one row per (%2): the join could repeat page rows and change the page. Use "
                                         "the LATERAL variant, which keeps %3(), or, if (%2) is meant to be unique, "
                                         "enforce it: %4")
                              .arg(p->table.relname, colsText, aggUpper, check.enforceSql);
        r.checks << check;
        r.preconditions << QStringLiteral("The application reads the level from the page query's new last column "
                                          "(%1) instead of a second query; the page rows themselves do not change "
                                          "(LEFT OUTER JOIN keeps page rows without a match, with NULL).")
                               .arg(valueText);
        if (const auto order = RuleSupport::orderTotalCheck(ps)) r.checks << *order;

        const QJsonArray preTargets = body(pre.tree()).value(QStringLiteral("targetList")).toArray();
        auto outputName = [&](int idx, const QString &fallback) {
            const QString n = body(preTargets.at(idx)).value(QStringLiteral("name")).toString();
            return n.isEmpty() ? fallback : n;
        };
        r.mapping.kind = QStringLiteral("preload-join");
        r.mapping.afterKeyColumnName = keyRef.last();
        r.mapping.preloadKeyColumn = p->keyTarget;
        r.mapping.preloadValueColumn = p->aggTarget;
        r.mapping.beforePageStatement = i;
        r.mapping.beforePreloadStatement = j;
        r.mapping.description
            = QStringLiteral("after(%1, %2) where %2 is not null = before.preload(%3, %4); the After's other columns "
                             "= the Before's page rows")
                  .arg(keyRef.last(), p->valueColumn, outputName(p->keyTarget, p->keyColumn),
                      outputName(p->aggTarget, p->aggFunc));

        r.title = QStringLiteral("One query: LEFT OUTER JOIN %1 AS %2 instead of preloading with IN (page query)")
                      .arg(p->table.relname, alias);
        QString collision;
        bool inFrom = false;
        for (const TableRef &t : tables(pageFrom))
            inFrom = inFrom || t.relname == p->table.relname || t.alias == p->table.relname;
        if (inFrom)
            collision = QStringLiteral(" The page query already joins %1, so the join gets the fresh alias %2: a "
                                       "second unaliased %1 fails with 42712 DuplicateAlias (table name specified "
                                       "more than once).")
                            .arg(p->table.relname, alias);
        else
            collision = QStringLiteral(" The alias %1 is fresh: it names nothing else in the page query.").arg(alias);
        r.explanation = QStringLiteral("The preload repeats the page query inside IN (…): PostgreSQL runs the page "
                                       "query twice, and joining the IN list with all of the user's %1 rows can be "
                                       "planned badly. Joining %1 to the page query once returns the level with each "
                                       "page row; ORDER BY and LIMIT are unchanged, so the join only probes the "
                                       "page's rows (by %2).%3")
                            .arg(p->table.relname, colsText, collision);

        RewriteVariant lat;
        lat.id = QStringLiteral("lateral");
        lat.title = QStringLiteral("LEFT JOIN LATERAL (SELECT %1(…)) AS %2: no uniqueness needed").arg(aggUpper, alias);
        lat.when = QStringLiteral("The catalog does not prove one %1 row per (%2): the LATERAL subquery keeps %3() "
                                  "and returns exactly one row per page row.")
                       .arg(p->table.relname, colsText, aggUpper);
        lat.statements = { page.edited(lateral) };
        lat.mapping = r.mapping;
        lat.explanation = QStringLiteral("An aggregate without GROUP BY returns one row even when nothing matches "
                                         "(NULL), so the LEFT JOIN LATERAL … ON true keeps every page row once and "
                                         "probes %1 per page row through its index.")
                              .arg(p->table.relname);
        r.variants << lat;
        r.fallbackVariant = lat.id;
        out << r;
    }
    return out;
}

} // namespace PlanLens
