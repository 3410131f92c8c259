// SPDX-License-Identifier: MIT
#include "rulesupport.h"

#include "catalogchecks.h"

namespace PlanLens::RuleSupport {

using namespace SqlTree;

std::optional<TableRef> resolveTable(const QJsonArray &fromClause, const QString &qualifier)
{
    const QList<TableRef> ts = tables(fromClause);
    if (qualifier.isEmpty()) {
        if (ts.size() == 1 && fromClause.size() == 1) return ts.first();
        return std::nullopt;
    }
    for (const TableRef &t : ts)
        if (t.alias == qualifier) return t;
    for (const TableRef &t : ts)
        if (t.alias.isEmpty() && t.relname == qualifier) return t;
    return std::nullopt;
}

std::optional<CatalogCheck> orderTotalCheck(const QJsonObject &select)
{
    const QJsonArray sort = select.value(QStringLiteral("sortClause")).toArray();
    if (sort.isEmpty()) return std::nullopt;
    QString qualifier;
    QStringList columns;
    for (const QJsonValue &s : sort) {
        const QStringList f = columnRef(body(s).value(QStringLiteral("node")));
        if (f.isEmpty() || f.size() > 2 || f.last() == u"*") return std::nullopt;
        const QString q = f.size() == 2 ? f.first() : QString();
        if (!columns.isEmpty() && q != qualifier) return std::nullopt;
        qualifier = q;
        columns << f.last();
    }
    const auto t = resolveTable(select.value(QStringLiteral("fromClause")).toArray(), qualifier);
    if (!t) return std::nullopt;
    CatalogCheck c = CatalogChecks::uniqueWithin(t->schemaname, t->relname, columns);
    c.id = QStringLiteral("order-total");
    c.required = false;
    c.precondition = QStringLiteral("Rows are compared in order only when the ORDER BY is total: a unique index "
                                    "of %1 lies within (%2).")
                         .arg(t->relname, columns.join(QStringLiteral(", ")));
    c.whenFalse = QStringLiteral("Rows with equal sort keys may come in any order (and, under LIMIT, a different "
                                 "one of them may be cut): rows are compared as sets.");
    return c;
}

QString freshParamName(const SqlScript &script, const QString &base)
{
    QSet<QString> taken;
    for (const QString &n : script.namedParams)
        taken.insert(n);
    return freshName(base, taken);
}

ResultMapping sameRows(const QString &description)
{
    ResultMapping m;
    m.kind = QStringLiteral("same-rows");
    m.description = description.isEmpty()
        ? QStringLiteral("The last statement of the After script returns the same rows as the Before script's.")
        : description;
    return m;
}

bool isPlainSelect(const SqlStatement &st)
{
    // A SELECT that only calls a function PlanLens cannot prove read-only (writeReason "calls f(), ...") is still a
    // query worth rewriting; running it is what needs "allow writes", and the verifier says so if it fails.
    const bool onlyCalls = st.writes && st.writeReason.startsWith(QLatin1StringView("calls "));
    return st.kind == StatementKind::Select && (!st.writes || onlyCalls) && is(st.tree, QLatin1StringView("SelectStmt"));
}

bool splitsIntoArms(const QJsonObject &select)
{
    if (select.value(QStringLiteral("op")).toString() != u"SETOP_NONE")
        return false;
    for (const char *k : {"groupClause", "havingClause", "distinctClause", "windowClause", "sortClause", "limitCount",
                          "limitOffset", "lockingClause", "withClause"})
        if (select.contains(QLatin1StringView(k)))
            return false;
    return true;
}

QStringList comparedColumns(const QJsonValue &expr, const QString &qualifier, bool unqualifiedToo)
{
    QStringList out;
    if (!is(expr, QLatin1StringView("A_Expr"))) return out;
    const QJsonObject b = body(expr);
    for (const QString &side : { QStringLiteral("lexpr"), QStringLiteral("rexpr") }) {
        const QStringList f = columnRef(b.value(side));
        if (f.size() == 2 && f.first() == qualifier && f.last() != u"*")
            out << f.last();
        else if (f.size() == 1 && unqualifiedToo && f.first() != u"*")
            out << f.first();
    }
    return out;
}

CallKind callKind(const QJsonValue &funcCall, const CatalogFacts *facts)
{
    if (!is(funcCall, QLatin1StringView("FuncCall"))) return CallKind::Plain;
    const QJsonObject b = body(funcCall);
    if (b.contains(QStringLiteral("over"))) return CallKind::Window;
    // The grammar accepts these only on aggregate calls (PostgreSQL rejects them on a plain function).
    for (const char *k : { "agg_star", "agg_distinct", "agg_filter", "agg_order", "agg_within_group" }) {
        const QJsonValue v = b.value(QLatin1StringView(k));
        if (!v.isUndefined() && !v.isNull() && v != QJsonValue(false)) return CallKind::Aggregate;
    }
    if (!facts) return CallKind::Unknown;
    QStringList parts;
    for (const QJsonValue &n : b.value(QStringLiteral("funcname")).toArray())
        parts << stringValue(n);
    const QString name = parts.join(u'.');
    if (facts->aggregates.contains(name)) return CallKind::Aggregate;
    if (facts->windowFunctions.contains(name)) return CallKind::Window;
    return CallKind::Plain;
}

QList<CallKind> callKinds(const QJsonValue &expr, const CatalogFacts *facts)
{
    QList<CallKind> out;
    visit(expr, [&](const QJsonObject &n, const QString &t) {
        if (t == u"SubLink") return false;
        if (t == u"FuncCall") out << callKind(n, facts);
        return true;
    });
    return out;
}

} // namespace PlanLens::RuleSupport
