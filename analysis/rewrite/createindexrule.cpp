// SPDX-License-Identifier: MIT
#include "createindexrule.h"

#include "catalogchecks.h"
#include "format/units.h"
#include "plan/plan.h"
#include "rulesupport.h"
#include "sqltree.h"

#include <algorithm>

namespace PlanLens {

using namespace SqlTree;

namespace {

// The filter must throw away this many rows, and this many times more than it keeps, to be worth an index.
constexpr double kMinRemoved = 1000;
constexpr double kMinRatio = 10;

struct FilterColumns {
    QStringList equality;
    QStringList range;
};

// The column of `t.col OP value`, for a value that mentions no column.
QString comparedColumn(const QJsonObject &aexpr, const QStringList &names)
{
    const QJsonValue l = aexpr.value(QStringLiteral("lexpr"));
    const QJsonValue r = aexpr.value(QStringLiteral("rexpr"));
    auto column = [&](const QJsonValue &side, const QJsonValue &other) {
        const QStringList f = columnRef(side);
        if (f.isEmpty() || f.last() == u"*" || (f.size() == 2 && !names.contains(f.first())) || f.size() > 2)
            return QString();
        if (containsType(other, QLatin1StringView("ColumnRef")) || containsType(other, QLatin1StringView("SubLink")))
            return QString();
        return f.last();
    };
    const QString a = column(l, r);
    return a.isEmpty() ? column(r, l) : a;
}

// Parses a plan's Filter text (PostgreSQL prints it as SQL) into the columns an index could serve.
std::optional<FilterColumns> filterColumns(const QString &filter, const QStringList &names)
{
    const auto parsed = parseSqlScript(QStringLiteral("SELECT 1 WHERE ") + filter);
    if (isError(parsed)) return std::nullopt; // e.g. "(hashed SubPlan 1)": not SQL, and not an index's business
    const SqlScript &s = std::get<SqlScript>(parsed);
    if (s.statements.size() != 1) return std::nullopt;
    FilterColumns out;
    for (const QJsonValue &c : conjuncts(body(s.statements.first().tree).value(QStringLiteral("whereClause")))) {
        const QJsonObject b = body(c);
        const QString kind = b.value(QStringLiteral("kind")).toString();
        QString col;
        bool equality = false;
        if (is(c, QLatin1StringView("A_Expr"))) {
            const QString op = operatorName(c);
            if (kind == u"AEXPR_OP" && op == u"=") {
                equality = true;
            } else if (kind == u"AEXPR_OP" && (op == u"<" || op == u">" || op == u"<=" || op == u">=")) {
                equality = false;
            } else if ((kind == u"AEXPR_OP_ANY" || kind == u"AEXPR_IN") && op == u"=") {
                equality = true;
            } else if (kind == u"AEXPR_BETWEEN") {
                equality = false;
            } else {
                continue;
            }
            col = comparedColumn(b, names);
        } else if (is(c, QLatin1StringView("NullTest"))
            && b.value(QStringLiteral("nulltesttype")).toString() == u"IS_NULL") {
            const QStringList f = columnRef(b.value(QStringLiteral("arg")));
            col = f.isEmpty() ? QString() : f.last();
            equality = true;
        }
        if (col.isEmpty()) continue;
        QStringList &list = equality ? out.equality : out.range;
        if (!list.contains(col)) list << col;
    }
    return out;
}

} // namespace

QList<Rewrite> CreateIndexRule::propose(const RewriteInput &in) const
{
    QList<Rewrite> out;
    if (!in.plan || !in.plan->hasAnalyze) return out;
    QStringList seen;
    for (const PlanNode &n : in.plan->nodes) {
        if (n.nodeType != u"Seq Scan" || n.filter.isEmpty() || !n.rowsRemovedByFilter || n.relationName.isEmpty())
            continue;
        const double loops = n.actualLoops.value_or(1);
        const double removed = *n.rowsRemovedByFilter * loops;
        const double kept = n.totalActualRows();
        if (removed < kMinRemoved || removed < kMinRatio * std::max(kept, 1.0)) continue;
        QStringList names { n.relationName };
        if (!n.alias.isEmpty()) names << n.alias;
        const auto cols = filterColumns(n.filter, names);
        if (!cols || (cols->equality.isEmpty() && cols->range.isEmpty())) continue;
        QStringList key = cols->equality;
        if (!cols->range.isEmpty() && !key.contains(cols->range.first())) key << cols->range.first();
        const QString relation = n.schema.isEmpty() || n.schema == u"public"
            ? quoteSqlIdentifier(n.relationName)
            : quoteSqlIdentifier(n.schema) + u'.' + quoteSqlIdentifier(n.relationName);
        QStringList quoted;
        for (const QString &k : key)
            quoted << quoteSqlIdentifier(k);
        const QString sql
            = QStringLiteral("CREATE INDEX CONCURRENTLY ON %1 (%2)").arg(relation, quoted.join(QStringLiteral(", ")));
        if (seen.contains(sql)) continue;
        seen << sql;

        Rewrite r;
        r.rule = id();
        r.statements = { sql };
        r.title = QStringLiteral("Index %1 (%2)").arg(n.relationName, key.join(QStringLiteral(", ")));
        QString order;
        if (!cols->equality.isEmpty())
            order = QStringLiteral("The columns compared with = come first (%1): for given values the index then holds "
                                   "the matching rows in one contiguous range.")
                        .arg(cols->equality.join(QStringLiteral(", ")));
        if (!cols->range.isEmpty())
            order += QStringLiteral("%1The range column %2 comes last: after a range condition the following columns "
                                    "of a B-tree can no longer narrow the scan, so only one range column is useful.")
                         .arg(order.isEmpty() ? QString() : QStringLiteral(" "), cols->range.first());
        r.explanation = QStringLiteral("The Seq Scan on %1 reads every row and throws away %2 of them (Rows Removed by "
                                       "Filter) to keep %3, for the filter %4. An index on (%5) finds those rows "
                                       "directly. %6")
                            .arg(n.relationName, Units::count(removed), Units::count(kept), n.filter,
                                 key.join(QStringLiteral(", ")), order);
        r.preconditions << QStringLiteral("Every write to %1 maintains one more index: each INSERT, and each UPDATE of "
                                          "an indexed column.")
                               .arg(n.relationName)
                        << QStringLiteral("CREATE INDEX CONCURRENTLY does not block writes while it builds, but cannot "
                                          "run inside a transaction block (and PlanLens runs every statement in one: "
                                          "build it with psql).");
        CatalogCheck none
            = CatalogChecks::noIndexStartingWith(n.schema == u"public" ? QString() : n.schema, n.relationName, key);
        none.precondition = QStringLiteral("No index of %1 starts with (%2) yet.")
                                .arg(n.relationName, key.join(QStringLiteral(", ")));
        none.whenFalse = QStringLiteral("An index with these leading columns exists: the planner chose not to use it "
                                        "(statistics, or the filter is not selective for these values).");
        r.checks << none;
        CatalogCheck hypo = CatalogChecks::extensionInstalled(QStringLiteral("hypopg"));
        hypo.precondition
            = QStringLiteral("With the HypoPG extension, the plan with this index can be seen without "
                             "building it: SELECT * FROM hypopg_create_index('%1'); then EXPLAIN the "
                             "query.")
                  .arg(QString(sql).remove(QStringLiteral(" CONCURRENTLY")).replace(u'\'', QStringLiteral("''")));
        hypo.whenFalse = QStringLiteral("HypoPG is not installed: build the index on a copy, or try it with EXPLAIN "
                                        "after building.");
        r.checks << hypo;
        r.mapping.kind = QStringLiteral("none");
        r.mapping.description = QStringLiteral("An index changes no result, only the plan.");
        out << r;
    }
    return out;
}

} // namespace PlanLens
