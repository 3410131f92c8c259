// SPDX-License-Identifier: MIT
#include "approximatecountrule.h"

#include "catalogchecks.h"
#include "detect/rules/countwholetable.h"
#include "format/units.h"
#include "plan/plan.h"
#include "rulesupport.h"
#include "sqltree.h"

namespace PlanLens {

using namespace SqlTree;

namespace {

// The name of the count column when the select list is exactly count(*) ("count", or its alias); else empty.
QString countColumn(const QJsonObject &sel)
{
    const QJsonArray targets = sel.value(QStringLiteral("targetList")).toArray();
    if (targets.size() != 1) return QString();
    const QJsonObject target = body(targets.first());
    const QJsonValue call = target.value(QStringLiteral("val"));
    if (!is(call, QLatin1StringView("FuncCall")) || funcName(call) != u"count") return QString();
    const QJsonObject b = body(call);
    if (!b.value(QStringLiteral("agg_star")).toBool() || b.contains(QStringLiteral("over"))
        || b.contains(QStringLiteral("agg_filter")) || b.value(QStringLiteral("agg_distinct")).toBool())
        return QString();
    const QString name = target.value(QStringLiteral("name")).toString();
    return name.isEmpty() ? QStringLiteral("count") : name;
}

QString approximateMapping()
{
    return QStringLiteral("An approximation, not the exact count: the verifier reports the After's value next to the "
                          "Before's exact count; the rows are not expected to be equal.");
}

} // namespace

QList<Rewrite> ApproximateCountRule::propose(const RewriteInput &in) const
{
    QList<Rewrite> out;
    if (!in.plan) return out;
    const int scan = CountWholeTableDetector::countedScan(*in.plan);
    if (scan < 0) return out;
    const PlanNode &counted = in.plan->nodes.at(scan);
    for (int si = 0; si < in.script.statements.size(); ++si) {
        if (!RuleSupport::isPlainSelect(in.script.statements.at(si))) continue;
        const StatementText st(in.script, si, in.tokens);
        const QJsonObject sel = body(st.tree());
        bool plain = sel.value(QStringLiteral("op")).toString() == u"SETOP_NONE";
        for (const char *k : { "groupClause", "havingClause", "distinctClause", "windowClause", "sortClause",
                 "limitCount", "limitOffset", "lockingClause", "withClause" })
            plain = plain && !sel.contains(QLatin1StringView(k));
        const QJsonArray from = sel.value(QStringLiteral("fromClause")).toArray();
        if (!plain || from.size() != 1 || !is(from.at(0), QLatin1StringView("RangeVar"))) continue;
        const TableRef table = tables(from).value(0);
        if (table.relname != counted.relationName) continue;
        const QString column = countColumn(sel);
        if (column.isEmpty()) continue;
        const QString name = quoteSqlIdentifier(column);
        const bool hasWhere = sel.contains(QStringLiteral("whereClause"));
        const TokRange targets = st.targetList(sel);
        if (!targets.isValid()) continue;
        // The statement with its select list replaced by 1, LIMIT kCap + 1 inside a counting SELECT.
        const QString inner = st.edited({ SqlEdit { st.startOf(targets.first), st.endOf(targets.last), QStringLiteral("1") } });
        const QString capped = QStringLiteral("SELECT count(*) AS %1\nFROM (%2\n      LIMIT %3) AS capped")
                                   .arg(name, inner, QString::number(kCap + 1));
        const double exact = counted.totalActualRows();
        const QString regclass = CatalogChecks::regclass(table.schemaname, table.relname);

        Rewrite r;
        r.rule = id();
        r.replaces = { si };
        r.mapping.kind = QStringLiteral("approximate");
        r.mapping.description = approximateMapping();
        r.preconditions << QStringLiteral("The number is for display (a page counter, \"about N results\"): an "
                                          "approximation is acceptable. Nothing that needs the exact count (billing, "
                                          "a check, a loop bound) may use it.");
        RewriteVariant cap;
        cap.id = QStringLiteral("capped");
        cap.title = QStringLiteral("Count at most %1 rows (\"%2+\")").arg(Units::count(kCap + 1), Units::count(kCap));
        cap.when = QStringLiteral("When the page shows \"%1+\" beyond %1 rows: exact below the cap.").arg(Units::count(kCap));
        cap.statements = { capped };
        cap.mapping = r.mapping;
        cap.explanation = QStringLiteral("The Limit stops the scan after %1 rows: the result is exact up to %2 and %1 "
                                         "means \"more than %2\", whatever the table's size.")
                              .arg(Units::count(kCap + 1), Units::count(kCap));
        if (!hasWhere) {
            r.title = QStringLiteral("Estimated row count of %1 (pg_class.reltuples)").arg(table.relname);
            r.statements = { QStringLiteral("SELECT reltuples::bigint AS %1\nFROM pg_class\nWHERE oid = %2")
                                 .arg(name, regclass) };
            r.explanation = QStringLiteral("count(*) reads all %1 rows of %2 to return one number. PostgreSQL keeps an "
                                           "estimate of the table's row count in pg_class.reltuples, updated by VACUUM, "
                                           "ANALYZE and autovacuum (and CREATE INDEX): reading it is one catalog "
                                           "lookup. It is an estimate: rows written since the last of those are not "
                                           "in it, and ANALYZE extrapolates from a sample.")
                                .arg(Units::count(exact), table.relname);
            CatalogCheck analyzed;
            analyzed.id = QStringLiteral("reltuples-known");
            analyzed.precondition = QStringLiteral("%1 was vacuumed or analyzed at least once (reltuples is -1 before).")
                                        .arg(table.relname);
            analyzed.sql = QStringLiteral("SELECT reltuples >= 0 AS holds FROM pg_class WHERE oid = %1").arg(regclass);
            analyzed.whenFalse = QStringLiteral("%1 was never vacuumed or analyzed: reltuples is -1. Run ANALYZE %1, "
                                                "or use the capped count.")
                                     .arg(table.relname);
            r.checks << analyzed;
            r.preconditions << analyzed.precondition;
            r.variants << cap;
            r.fallbackVariant = cap.id;
        } else {
            r.title = QStringLiteral("Count of %1 capped at %2 rows (\"%3+\")")
                          .arg(table.relname, Units::count(kCap + 1), Units::count(kCap));
            r.statements = { capped };
            r.explanation = QStringLiteral("count(*) reads %1 rows of %2 that the condition keeps to return one number. "
                                           "Counting at most %3 rows stops the scan there: the result is exact up to "
                                           "%4, and %3 means \"more than %4\" (show \"%4+\").")
                                .arg(Units::count(exact), table.relname, Units::count(kCap + 1), Units::count(kCap));
        }
        out << r;
    }
    return out;
}

} // namespace PlanLens
