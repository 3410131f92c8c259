// SPDX-License-Identifier: MIT
#include "statisticssuggestion.h"

#include "detect/detectinput.h"
#include "detect/estimates.h"
#include "detect/planconditions.h"
#include "format/units.h"
#include "plan/plan.h"
#include "sql/sqlscript.h"
#include "sql/sqlspan.h"
#include "sqltree.h"

#include <QJsonArray>

#include <algorithm>

namespace PlanLens {

using namespace SqlTree;

namespace {

// The columns of `condition` (a plan condition, printed as SQL) when every conjunct compares one column of
// the scanned relation with a value: =, IN / = ANY, <, >, <=, >=, BETWEEN, IS NULL. Anything else (OR, a
// function or cast of the column, another relation's column, a pattern) gives an empty list: extended
// statistics on the plain columns would not describe it.
bool plainComparisons(const QString &condition, const QStringList &names, QStringList *columns)
{
    if (condition.isEmpty()) return true;
    const auto parsed = parseSqlScript(QStringLiteral("SELECT 1 WHERE ") + condition);
    if (isError(parsed)) return false; // "(hashed SubPlan 1)" and the like
    const SqlScript &s = std::get<SqlScript>(parsed);
    if (s.statements.size() != 1) return false;
    const QJsonObject sel = body(s.statements.first().tree);
    auto own = [&](const QJsonValue &v) {
        const QStringList f = columnRef(v);
        if (f.isEmpty() || f.last() == u"*" || f.size() > 2 || (f.size() == 2 && !names.contains(f.first())))
            return QString();
        return f.last();
    };
    auto value = [](const QJsonValue &v) {
        return !containsType(v, QLatin1StringView("ColumnRef")) && !containsType(v, QLatin1StringView("SubLink"))
            && !containsType(v, QLatin1StringView("ParamRef"));
    };
    for (const QJsonValue &c : conjuncts(sel.value(QStringLiteral("whereClause")))) {
        const QJsonObject b = body(c);
        QString col;
        if (is(c, QLatin1StringView("A_Expr"))) {
            const QString kind = b.value(QStringLiteral("kind")).toString();
            const QString op = operatorName(c);
            const bool eq = (kind == u"AEXPR_OP" || kind == u"AEXPR_OP_ANY" || kind == u"AEXPR_IN") && op == u"=";
            const bool range = (kind == u"AEXPR_OP" && (op == u"<" || op == u">" || op == u"<=" || op == u">="))
                || kind == u"AEXPR_BETWEEN";
            if (!eq && !range) return false;
            const QJsonValue l = b.value(QStringLiteral("lexpr"));
            const QJsonValue r = b.value(QStringLiteral("rexpr"));
            col = value(r) ? own(l) : QString();
            if (col.isEmpty() && kind == u"AEXPR_OP" && value(l)) col = own(r);
        } else if (is(c, QLatin1StringView("NullTest"))) {
            col = own(b.value(QStringLiteral("arg")));
        }
        if (col.isEmpty()) return false;
        if (!columns->contains(col)) *columns << col;
    }
    return true;
}

} // namespace

QString StatisticsSuggestion::name() const
{
    QString n = relation + u'_' + columns.join(u'_') + QStringLiteral("_stats");
    // NAMEDATALEN - 1: PostgreSQL would truncate a longer name itself; do it here so the advice shows the real one.
    while (n.toUtf8().size() > 63)
        n.chop(1);
    return n;
}

QString StatisticsSuggestion::qualifiedRelation() const
{
    return schema.isEmpty() || schema == u"public" ? quoteSqlIdentifier(relation)
                                                   : quoteSqlIdentifier(schema) + u'.' + quoteSqlIdentifier(relation);
}

QString StatisticsSuggestion::ddl() const
{
    QStringList cols;
    for (const QString &c : columns)
        cols << quoteSqlIdentifier(c);
    // The statistics object goes into the table's schema (unqualified it would go into the first schema of the
    // search_path).
    const QString qualifiedName = schema.isEmpty() || schema == u"public"
        ? quoteSqlIdentifier(name())
        : quoteSqlIdentifier(schema) + u'.' + quoteSqlIdentifier(name());
    return QStringLiteral("CREATE STATISTICS %1 (dependencies, mcv) ON %2 FROM %3")
        .arg(qualifiedName, cols.join(QStringLiteral(", ")), qualifiedRelation());
}

QString StatisticsSuggestion::analyzeSql() const
{
    return QStringLiteral("ANALYZE %1").arg(qualifiedRelation());
}

namespace StatisticsSuggestions {

std::optional<StatisticsSuggestion> forScan(const DetectInput &in, int i)
{
    const PlanNode &n = in.node(i);
    if (!DetectInput::isScan(n) || n.relationName.isEmpty() || n.nodeType == u"Tid Scan")
        return std::nullopt;
    if (!in.plan().hasAnalyze || n.neverExecuted || !n.estimateFactor || !n.planRows || !n.actualRows)
        return std::nullopt;
    // Under-estimates only: multiplying the selectivities of dependent columns errs low.
    const double f = *n.estimateFactor;
    if (f < kMinFactor || !Estimates::isOrigin(in, i, f)) return std::nullopt;
    // Enough rows to matter, or fewer rows whose consequence (the node planned on them, else the scan) takes a
    // fifth of the time.
    const double rows = std::max(*n.planRows, *n.actualRows) * in.loops(i);
    const int consumer = Estimates::consumer(in, i);
    const double share = in.inclusiveShare(consumer >= 0 ? consumer : i);
    if (rows < kMinRows && !(rows >= kMinRowsWhenCostly && share >= kMinShareWhenFewRows)) return std::nullopt;
    QStringList names { n.relationName };
    if (!n.alias.isEmpty() && n.alias != n.relationName) names << n.alias;
    QStringList columns;
    for (const QString &c : Conditions::scanConditions(n))
        if (!plainComparisons(c, names, &columns)) return std::nullopt;
    if (columns.size() < 2) return std::nullopt;
    StatisticsSuggestion s;
    s.schema = n.schema;
    s.relation = n.relationName;
    s.alias = names.size() > 1 ? n.alias : QString();
    s.columns = columns.mid(0, kMaxColumns);
    s.node = i;
    s.nodeName = n.displayName();
    s.planRows = n.planRows.value_or(0) * in.loops(i);
    s.actualRows = in.totalRows(i);
    return s;
}

QList<StatisticsSuggestion> forPlan(const Plan &plan)
{
    QList<StatisticsSuggestion> out;
    if (!plan.hasAnalyze || plan.nodes.isEmpty()) return out;
    const DetectInput in(plan, nullptr, DetectContext {});
    for (int i = 0; i < in.nodeCount(); ++i) {
        const auto s = forScan(in, i);
        if (!s) continue;
        const bool seen = std::any_of(out.cbegin(), out.cend(), [&](const StatisticsSuggestion &o) {
            return o.schema == s->schema && o.relation == s->relation && o.columns == s->columns;
        });
        if (!seen) out << *s;
    }
    return out;
}

int findScan(const Plan &plan, const StatisticsSuggestion &s)
{
    int fallback = -1;
    for (int i = 0; i < plan.nodes.size(); ++i) {
        const PlanNode &n = plan.nodes.at(i);
        if (!DetectInput::isScan(n) || n.relationName != s.relation) continue;
        if (!s.alias.isEmpty() && !n.alias.isEmpty() && n.alias != s.alias) continue;
        QStringList names { n.relationName };
        if (!n.alias.isEmpty() && n.alias != n.relationName) names << n.alias;
        QStringList columns;
        bool plain = true;
        for (const QString &c : Conditions::scanConditions(n))
            plain = plain && plainComparisons(c, names, &columns);
        std::sort(columns.begin(), columns.end());
        QStringList wanted = s.columns;
        std::sort(wanted.begin(), wanted.end());
        if (plain && columns == wanted) return i;
        if (fallback < 0) fallback = i;
    }
    return fallback;
}

std::optional<StatisticsSuggestion> fromDdl(const QString &createStatistics)
{
    const auto parsed = parseSqlScript(createStatistics);
    if (isError(parsed)) return std::nullopt;
    const SqlScript &script = std::get<SqlScript>(parsed);
    if (script.statements.size() != 1) return std::nullopt;
    const QJsonObject stmt = script.statements.first().tree;
    if (!is(stmt, QLatin1StringView("CreateStatsStmt"))) return std::nullopt;
    const QJsonObject b = body(stmt);
    const QJsonArray relations = b.value(QStringLiteral("relations")).toArray();
    if (relations.size() != 1) return std::nullopt;
    const QJsonObject rv = body(relations.first());
    StatisticsSuggestion s;
    s.schema = rv.value(QStringLiteral("schemaname")).toString();
    s.relation = rv.value(QStringLiteral("relname")).toString();
    for (const QJsonValue &e : b.value(QStringLiteral("exprs")).toArray()) {
        const QString name = body(e).value(QStringLiteral("name")).toString();
        if (name.isEmpty()) return std::nullopt; // an expression: not what ddl() writes
        s.columns << name;
    }
    if (s.relation.isEmpty() || s.columns.isEmpty()) return std::nullopt;
    return s;
}

StatisticsEffect effect(const Plan &before, const Plan &after, const StatisticsSuggestion &suggestion)
{
    StatisticsEffect e;
    e.relation = suggestion.relation;
    const int b = findScan(before, suggestion);
    const int a = findScan(after, suggestion);
    if (b >= 0) {
        e.nodeBefore = before.nodes.at(b).displayName();
        e.estimateBefore = before.nodes.at(b).planRows;
    }
    if (a >= 0) {
        const PlanNode &n = after.nodes.at(a);
        e.nodeAfter = n.displayName();
        e.estimateAfter = n.planRows;
        if (after.hasAnalyze && !n.neverExecuted) e.actualRows = n.actualRows;
    }
    if (!before.nodes.isEmpty()) e.costBefore = before.root().totalCost.value_or(0);
    if (!after.nodes.isEmpty()) e.costAfter = after.root().totalCost.value_or(0);
    return e;
}

} // namespace StatisticsSuggestions

namespace {

QJsonValue optionalNumber(const std::optional<double> &v)
{
    return v ? QJsonValue(*v) : QJsonValue(QJsonValue::Null);
}

} // namespace

QJsonObject StatisticsEffect::toJson() const
{
    return QJsonObject { { QStringLiteral("relation"), relation },
        { QStringLiteral("node_before"), nodeBefore.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(nodeBefore) },
        { QStringLiteral("node_after"), nodeAfter.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(nodeAfter) },
        { QStringLiteral("estimate_before"), optionalNumber(estimateBefore) },
        { QStringLiteral("estimate_after"), optionalNumber(estimateAfter) },
        { QStringLiteral("actual_rows"), optionalNumber(actualRows) },
        { QStringLiteral("cost_before"), costBefore }, { QStringLiteral("cost_after"), costAfter },
        { QStringLiteral("rolled_back"), rolledBack } };
}

QString StatisticsEffect::sentence() const
{
    if (!estimateBefore || !estimateAfter)
        return QStringLiteral("The scan of %1 was not found in the plans.").arg(relation);
    QString s = QStringLiteral("%1: estimated %2 rows, with the statistics %3")
                    .arg(nodeAfter, Units::count(*estimateBefore), Units::count(*estimateAfter));
    if (actualRows) s += QStringLiteral("; actual %1").arg(Units::count(*actualRows));
    if (nodeBefore != nodeAfter) s += QStringLiteral(" (the plan changed from %1)").arg(nodeBefore);
    return s + u'.';
}

} // namespace PlanLens
