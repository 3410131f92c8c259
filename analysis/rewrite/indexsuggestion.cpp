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
void conditionColumns(const QString &condition, const QStringList &names, QStringList *equality, QStringList *range,
    QStringList *prefix = nullptr)
{
    if (condition.isEmpty()) return;
    const auto sel = parsedSelect(QStringLiteral("SELECT 1 WHERE ") + condition);
    if (!sel) return;
    for (const QJsonValue &c : conjuncts(sel->value(QStringLiteral("whereClause")))) {
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
