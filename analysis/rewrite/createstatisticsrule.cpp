// SPDX-License-Identifier: MIT
#include "createstatisticsrule.h"

#include "catalogchecks.h"
#include "format/units.h"
#include "plan/plan.h"
#include "statisticssuggestion.h"

namespace PlanLens {

namespace {

// No extended statistics object of the relation covers these columns yet (then ANALYZE, not CREATE, is the fix).
CatalogCheck noSuchStatistics(const StatisticsSuggestion &s)
{
    QStringList quoted;
    for (const QString &c : s.columns)
        quoted << u'\'' + QString(c).replace(u'\'', QStringLiteral("''")) + u'\'';
    CatalogCheck c;
    c.id = QStringLiteral("no-such-statistics");
    c.precondition = QStringLiteral("No extended statistics object of %1 covers (%2) yet.")
                         .arg(s.relation, s.columns.join(QStringLiteral(", ")));
    c.sql = QStringLiteral("SELECT NOT EXISTS (\n"
                           "  SELECT 1 FROM pg_statistic_ext e\n"
                           "  WHERE e.stxrelid = %1\n"
                           "    AND (SELECT array_agg(a.attname::text) FROM pg_attribute a\n"
                           "         WHERE a.attrelid = e.stxrelid AND a.attnum = ANY (e.stxkeys)) @> ARRAY[%2]\n"
                           ") AS holds")
                .arg(CatalogChecks::regclass(s.schema == u"public" ? QString() : s.schema, s.relation),
                    quoted.join(QStringLiteral(", ")));
    c.whenFalse = QStringLiteral("Extended statistics on these columns exist: run ANALYZE %1 (they are empty until "
                                 "then), or raise their statistics target (ALTER STATISTICS … SET STATISTICS).")
                      .arg(s.relation);
    return c;
}

} // namespace

QList<Rewrite> CreateStatisticsRule::propose(const RewriteInput &in) const
{
    QList<Rewrite> out;
    if (!in.plan) return out;
    for (const StatisticsSuggestion &s : StatisticsSuggestions::forPlan(*in.plan)) {
        const QString cols = s.columns.join(QStringLiteral(", "));
        Rewrite r;
        r.rule = id();
        r.title = QStringLiteral("Statistics on %1 (%2)").arg(s.relation, cols);
        r.statements = { s.ddl(), s.analyzeSql() };
        r.explanation
            = QStringLiteral("%1 was planned for %2 rows and returned %3, an under-estimate %4. PostgreSQL estimates the "
                             "conditions on %5 as if the columns were independent and multiplies their "
                             "selectivities; when one column depends on another (a city on its zip code) the "
                             "product is far too small, and joins, sorts and memory above the scan are sized on "
                             "it. Extended statistics tell the planner: dependencies (how far one column "
                             "determines another, for = and IN) and mcv (the most common value combinations, also "
                             "for ranges). ANALYZE fills them. The estimate then follows the data for every query "
                             "that filters on these columns.")
                  .arg(s.nodeName, Units::count(s.planRows), Units::count(s.actualRows),
                      Units::factor(s.actualRows / std::max(s.planRows, 1.0)), cols);
        r.preconditions << QStringLiteral("CREATE STATISTICS and ANALYZE need the table's owner (or a superuser).")
                        << QStringLiteral("ANALYZE %1 reads a sample of the table (300 × the statistics target rows) "
                                          "and takes a SHARE UPDATE EXCLUSIVE lock: it does not block reads or "
                                          "writes.")
                               .arg(s.relation);
        r.checks << noSuchStatistics(s);
        r.mapping.kind = QStringLiteral("none");
        r.mapping.description = QStringLiteral("Statistics change no result, only the estimates and the plan.");
        out << r;
    }
    return out;
}

} // namespace PlanLens
