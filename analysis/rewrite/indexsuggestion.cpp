// SPDX-License-Identifier: MIT
#include "indexsuggestion.h"

#include "plan/plan.h"
#include "sql/sqlscript.h"
#include "sql/sqlspan.h"
#include "sqltree.h"

namespace PlanLens {

using namespace SqlTree;

namespace {

// PostgreSQL prints plan conditions and sort keys as SQL: parse them as a WHERE clause or an ORDER BY list.
std::optional<QJsonObject> parsedSelect(const QString &sql)
{
    const auto parsed = parseSqlScript(sql);
    if (isError(parsed)) return std::nullopt; // e.g. "(hashed SubPlan 1)": not SQL, and not an index's business
    const SqlScript &s = std::get<SqlScript>(parsed);
    if (s.statements.size() != 1) return std::nullopt;
    return body(s.statements.first().tree);
}

// The names a column of the scanned relation may be qualified with.
QStringList namesOf(const PlanNode &scan)
{
    QStringList names { scan.relationName };
    if (!scan.alias.isEmpty()) names << scan.alias;
    return names;
}

// The column of the relation a ColumnRef names, or empty.
QString ownColumn(const QJsonValue &node, const QStringList &names)
{
    const QStringList f = columnRef(node);
    if (f.isEmpty() || f.last() == u"*" || f.size() > 2 || (f.size() == 2 && !names.contains(f.first())))
        return QString();
    return f.last();
}

// The column of `t.col OP value`, for a value that mentions no column.
QString comparedColumn(const QJsonObject &aexpr, const QStringList &names)
{
    const QJsonValue l = aexpr.value(QStringLiteral("lexpr"));
    const QJsonValue r = aexpr.value(QStringLiteral("rexpr"));
    auto column = [&](const QJsonValue &side, const QJsonValue &other) {
        if (containsType(other, QLatin1StringView("ColumnRef")) || containsType(other, QLatin1StringView("SubLink")))
            return QString();
        return ownColumn(side, names);
    };
    const QString a = column(l, r);
    return a.isEmpty() ? column(r, l) : a;
}

void addUnique(QStringList &list, const QString &value)
{
    if (!value.isEmpty() && !list.contains(value)) list << value;
}

// `col LIKE 'abc%'` (printed `col ~~ 'abc%'::text`): a pattern with a fixed prefix.
bool isPrefixPattern(const QJsonValue &value)
{
    QJsonValue v = value;
    if (is(v, QLatin1StringView("TypeCast"))) v = body(v).value(QStringLiteral("arg"));
    if (!is(v, QLatin1StringView("A_Const"))) return false;
    const QString pattern = stringValue(v);
    return pattern.size() > 1 && pattern.at(0) != u'%' && pattern.at(0) != u'_' && pattern.at(0) != u'\\';
}

// The equality and range columns of a condition on one relation (LIKE prefixes also in `prefix`).
void treeColumns(const QJsonValue &where, const QStringList &names, QStringList *equality, QStringList *range,
    QStringList *prefix = nullptr)
{
    for (const QJsonValue &c : conjuncts(where)) {
        const QJsonObject b = body(c);
        const QString kind = b.value(QStringLiteral("kind")).toString();
        if (is(c, QLatin1StringView("A_Expr"))) {
            const QString op = operatorName(c);
            if (kind == u"AEXPR_OP" && (op == u"~~" || op == u"LIKE") && prefix
                && isPrefixPattern(b.value(QStringLiteral("rexpr")))) {
                addUnique(*prefix, ownColumn(b.value(QStringLiteral("lexpr")), names));
                continue;
            }
            bool eq = false;
            if ((kind == u"AEXPR_OP" || kind == u"AEXPR_OP_ANY" || kind == u"AEXPR_IN") && op == u"=")
                eq = true;
            else if (!((kind == u"AEXPR_OP" && (op == u"<" || op == u">" || op == u"<=" || op == u">="))
                         || kind == u"AEXPR_BETWEEN"))
                continue;
            const QString col = comparedColumn(b, names);
            if (eq)
                addUnique(*equality, col);
            else if (range)
                addUnique(*range, col);
        } else if (is(c, QLatin1StringView("NullTest"))
            && b.value(QStringLiteral("nulltesttype")).toString() == u"IS_NULL") {
            addUnique(*equality, ownColumn(b.value(QStringLiteral("arg")), names));
        }
    }
}

void conditionColumns(const QString &condition, const QStringList &names, QStringList *equality, QStringList *range,
    QStringList *prefix = nullptr)
{
    if (condition.isEmpty()) return;
    const auto sel = parsedSelect(QStringLiteral("SELECT 1 WHERE ") + condition);
    if (sel) treeColumns(sel->value(QStringLiteral("whereClause")), names, equality, range, prefix);
}

IndexSuggestion onRelation(const PlanNode &scan)
{
    IndexSuggestion s;
    s.schema = scan.schema;
    s.relation = scan.relationName;
    return s;
}

} // namespace

QStringList IndexSuggestion::keys() const
{
    QStringList out;
    auto quoted = [](const QString &column) { return quoteSqlIdentifier(column); };
    if (!expression.isEmpty()) out << expression;
    for (const QString &c : equality)
        out << quoted(c);
    for (const QString &c : join)
        if (!equality.contains(c)) out << quoted(c);
    for (const QString &k : sort) {
        const qsizetype space = k.indexOf(u' ');
        out << (space < 0 ? quoted(k) : quoted(k.left(space)) + k.mid(space));
    }
    if (!range.isEmpty() && !equality.contains(range.first()))
        out << quoted(range.first()) + (patternOps.contains(range.first()) ? QStringLiteral(" text_pattern_ops") : QString());
    return out;
}

QStringList IndexSuggestion::columns() const
{
    QStringList out;
    for (const QString &c : equality)
        addUnique(out, c);
    for (const QString &c : join)
        addUnique(out, c);
    for (const QString &k : sort)
        addUnique(out, k.section(u' ', 0, 0));
    if (!range.isEmpty()) addUnique(out, range.first());
    return out;
}

QString IndexSuggestion::qualifiedRelation() const
{
    return schema.isEmpty() || schema == u"public" ? quoteSqlIdentifier(relation)
                                                   : quoteSqlIdentifier(schema) + u'.' + quoteSqlIdentifier(relation);
}

QString IndexSuggestion::ddl() const
{
    return QStringLiteral("CREATE INDEX CONCURRENTLY ON %1 (%2)").arg(qualifiedRelation(), keys().join(QStringLiteral(", ")));
}

namespace IndexSuggestions {

std::optional<IndexSuggestion> forFilter(const PlanNode &scan)
{
    if (scan.relationName.isEmpty() || scan.filter.isEmpty()) return std::nullopt;
    const QStringList names = namesOf(scan);
    QStringList equality, range, prefix;
    conditionColumns(scan.filter, names, &equality, &range, &prefix);
    if (equality.isEmpty() && range.isEmpty() && prefix.isEmpty()) return std::nullopt;
    IndexSuggestion s = onRelation(scan);
    // What the scan's index already narrows by comes first: the new index replaces it for this query.
    for (const QString *cond : { &scan.indexCond, &scan.recheckCond })
        conditionColumns(*cond, names, &s.equality, nullptr);
    for (const QString &c : equality)
        addUnique(s.equality, c);
    for (const QString &c : range + prefix)
        if (!s.equality.contains(c)) addUnique(s.range, c);
    for (const QString &c : prefix)
        if (!s.equality.contains(c) && !range.contains(c)) s.patternOps << c;
    return s;
}

int sortBelowLimit(const Plan &plan, int limitNode)
{
    if (limitNode < 0 || limitNode >= plan.nodes.size() || plan.nodes.at(limitNode).nodeType != u"Limit") return -1;
    for (int c = limitNode; c >= 0;) {
        int next = -1;
        for (int k : plan.nodes.at(c).children)
            if (!plan.nodes.at(k).isSubplanChild()) next = k;
        if (next < 0) return -1;
        if (plan.nodes.at(next).nodeType == u"Sort") return next;
        if (plan.nodes.at(next).nodeType != u"Gather Merge") return -1;
        c = next;
    }
    return -1;
}

std::optional<IndexSuggestion> forSortLimit(const Plan &plan, int sortNode)
{
    if (sortNode < 0 || sortNode >= plan.nodes.size()) return std::nullopt;
    const PlanNode &sort = plan.nodes.at(sortNode);
    if (sort.children.isEmpty() || sort.sortKey.isEmpty()) return std::nullopt;
    const PlanNode &scan = plan.nodes.at(sort.children.first());
    if (scan.relationName.isEmpty()) return std::nullopt; // a join or an aggregate: no one table to index
    const QStringList names = namesOf(scan);
    IndexSuggestion s = onRelation(scan);
    for (const QString *cond : { &scan.indexCond, &scan.recheckCond, &scan.filter })
        conditionColumns(*cond, names, &s.equality, nullptr);
    const auto sel = parsedSelect(QStringLiteral("SELECT 1 ORDER BY ") + sort.sortKey.join(QStringLiteral(", ")));
    if (!sel) return std::nullopt;
    for (const QJsonValue &k : sel->value(QStringLiteral("sortClause")).toArray()) {
        const QJsonObject b = body(k);
        const QString column = ownColumn(b.value(QStringLiteral("node")), names);
        if (column.isEmpty() || b.value(QStringLiteral("sortby_dir")).toString() == u"SORTBY_USING")
            return std::nullopt; // an expression or another relation's column: not this simple index
        if (s.equality.contains(column)) continue; // one value only: its order is no question
        QString key = column;
        if (b.value(QStringLiteral("sortby_dir")).toString() == u"SORTBY_DESC") key += QStringLiteral(" DESC");
        const QString nulls = b.value(QStringLiteral("sortby_nulls")).toString();
        if (nulls == u"SORTBY_NULLS_FIRST") key += QStringLiteral(" NULLS FIRST");
        if (nulls == u"SORTBY_NULLS_LAST") key += QStringLiteral(" NULLS LAST");
        s.sort << key;
    }
    if (s.sort.isEmpty()) return std::nullopt;
    return s;
}

QList<IndexSuggestion> forOr(const PlanNode &scan)
{
    if (scan.relationName.isEmpty() || scan.filter.isEmpty() || !scan.filter.contains(QLatin1StringView(" OR ")))
        return {};
    const auto sel = parsedSelect(QStringLiteral("SELECT 1 WHERE ") + scan.filter);
    if (!sel) return {};
    const QJsonValue where = sel->value(QStringLiteral("whereClause"));
    if (!isBoolOp(where, QLatin1StringView("OR_EXPR")) || containsType(where, QLatin1StringView("SubLink"))) return {};
    const QStringList names = namesOf(scan);
    QList<IndexSuggestion> out;
    QStringList leading;
    for (const QJsonValue &arm : body(where).value(QStringLiteral("args")).toArray()) {
        IndexSuggestion s = onRelation(scan);
        QStringList range, prefix;
        treeColumns(arm, names, &s.equality, &range, &prefix);
        for (const QString &c : range + prefix)
            if (!s.equality.contains(c)) addUnique(s.range, c);
        for (const QString &c : prefix)
            if (!s.equality.contains(c) && !range.contains(c)) s.patternOps << c;
        // An arm no index can serve (a function, another OR, a column of another table): the whole OR reads the
        // table whatever the other arms' indexes, so there is no index advice to give.
        if (s.columns().isEmpty()) return {};
        // Only the leading column decides whether a Bitmap Index Scan serves the arm: arms that lead with the
        // same column share one index.
        if (leading.contains(s.columns().first())) continue;
        leading << s.columns().first();
        out << s;
    }
    if (out.size() < 2) return {}; // one column: an index on it (or = ANY) serves the whole OR
    return out;
}

int limitAboveIndexWalk(const Plan &plan, int scanNode)
{
    if (scanNode < 0 || scanNode >= plan.nodes.size()) return -1;
    const PlanNode &scan = plan.nodes.at(scanNode);
    if ((scan.nodeType != u"Index Scan" && scan.nodeType != u"Index Only Scan") || scan.isSubplanChild()) return -1;
    for (int p = scan.parent; p >= 0; p = plan.nodes.at(p).parent) {
        const PlanNode &n = plan.nodes.at(p);
        if (n.nodeType == u"Limit") return p;
        // Rows handed on in the scan's order; anything else (Sort, Aggregate, a join) is not a walk for the Limit.
        if (n.nodeType != u"Gather Merge" && n.nodeType != u"Result") return -1;
    }
    return -1;
}

std::optional<IndexSuggestion> forLimitWalk(const Plan &plan, int scanNode, const SqlScript &script)
{
    if (limitAboveIndexWalk(plan, scanNode) < 0) return std::nullopt;
    const PlanNode &scan = plan.nodes.at(scanNode);
    if (scan.relationName.isEmpty() || scan.filter.isEmpty()) return std::nullopt;
    const QStringList names = namesOf(scan);
    IndexSuggestion s = onRelation(scan);
    conditionColumns(scan.indexCond, names, &s.equality, nullptr);
    const qsizetype fromIndex = s.equality.size();
    conditionColumns(scan.filter, names, &s.equality, nullptr);
    if (s.equality.size() == fromIndex) return std::nullopt; // the Filter adds no column to put before the keys
    for (int i = int(script.statements.size()) - 1; i >= 0; --i) {
        const QJsonObject sel = body(script.statements.at(i).tree);
        if (!is(script.statements.at(i).tree, QLatin1StringView("SelectStmt")) || !sel.contains(QStringLiteral("sortClause"))
            || !sel.contains(QStringLiteral("limitCount")))
            continue;
        const QList<TableRef> from = tables(sel.value(QStringLiteral("fromClause")).toArray());
        if (from.size() != 1 || from.first().relname != scan.relationName) continue;
        // The query's own spelling of the relation qualifies its ORDER BY columns.
        const QStringList own { from.first().relname, from.first().visibleName() };
        QStringList keys;
        for (const QJsonValue &k : sel.value(QStringLiteral("sortClause")).toArray()) {
            const QJsonObject b = body(k);
            const QString column = ownColumn(b.value(QStringLiteral("node")), own);
            if (column.isEmpty() || b.value(QStringLiteral("sortby_dir")).toString() == u"SORTBY_USING")
                return std::nullopt; // an expression or an output alias: not this simple index
            if (s.equality.contains(column)) continue;
            QString key = column;
            if (b.value(QStringLiteral("sortby_dir")).toString() == u"SORTBY_DESC") key += QStringLiteral(" DESC");
            const QString nulls = b.value(QStringLiteral("sortby_nulls")).toString();
            if (nulls == u"SORTBY_NULLS_FIRST") key += QStringLiteral(" NULLS FIRST");
            if (nulls == u"SORTBY_NULLS_LAST") key += QStringLiteral(" NULLS LAST");
            keys << key;
        }
        if (keys.isEmpty()) return std::nullopt;
        s.sort = keys;
        return s;
    }
    return std::nullopt;
}

std::optional<IndexSuggestion> forOrderedLimit(const Plan &plan, int scanNode, const SqlScript *scriptOrNull)
{
    if (scriptOrNull)
        if (auto walk = forLimitWalk(plan, scanNode, *scriptOrNull)) return walk;
    if (scanNode < 0 || scanNode >= plan.nodes.size()) return std::nullopt;
    const PlanNode &scan = plan.nodes.at(scanNode);
    const int sort = scan.parent;
    if (scan.filter.isEmpty() || sort < 0 || plan.nodes.at(sort).nodeType != u"Sort"
        || plan.nodes.at(sort).children.value(0) != scanNode)
        return std::nullopt;
    int limit = plan.nodes.at(sort).parent;
    while (limit >= 0 && plan.nodes.at(limit).nodeType == u"Gather Merge")
        limit = plan.nodes.at(limit).parent;
    if (limit < 0 || sortBelowLimit(plan, limit) != sort) return std::nullopt;
    QStringList fromIndex;
    conditionColumns(scan.indexCond, namesOf(scan), &fromIndex, nullptr);
    auto s = forSortLimit(plan, sort);
    if (!s || s->equality.size() == fromIndex.size()) return std::nullopt; // the Filter adds no column to put first
    return s;
}

std::optional<IndexSuggestion> forNestedLoop(const Plan &plan, int joinNode, int innerNode)
{
    if (joinNode < 0 || innerNode < 0 || joinNode >= plan.nodes.size() || innerNode >= plan.nodes.size())
        return std::nullopt;
    const PlanNode &join = plan.nodes.at(joinNode);
    const PlanNode &inner = plan.nodes.at(innerNode);
    if (inner.relationName.isEmpty()) return std::nullopt;
    const QString condition = join.joinFilter.isEmpty() ? inner.filter : join.joinFilter;
    if (condition.isEmpty()) return std::nullopt;
    const auto sel = parsedSelect(QStringLiteral("SELECT 1 WHERE ") + condition);
    if (!sel) return std::nullopt;
    const QStringList names = namesOf(inner);
    IndexSuggestion s = onRelation(inner);
    for (const QJsonValue &c : conjuncts(sel->value(QStringLiteral("whereClause")))) {
        if (!is(c, QLatin1StringView("A_Expr")) || operatorName(c) != u"="
            || body(c).value(QStringLiteral("kind")).toString() != u"AEXPR_OP")
            continue;
        const QJsonValue l = body(c).value(QStringLiteral("lexpr"));
        const QJsonValue r = body(c).value(QStringLiteral("rexpr"));
        // inner.col = other.col: the other side must be a column qualified with another relation's name.
        auto otherRelation = [&](const QJsonValue &v) {
            const QStringList f = columnRef(v);
            return f.size() == 2 && !names.contains(f.first());
        };
        const QString lc = ownColumn(l, names), rc = ownColumn(r, names);
        if (!lc.isEmpty() && otherRelation(r))
            addUnique(s.join, lc);
        else if (!rc.isEmpty() && otherRelation(l))
            addUnique(s.join, rc);
    }
    if (s.join.isEmpty()) return std::nullopt;
    return s;
}

} // namespace IndexSuggestions

} // namespace PlanLens
