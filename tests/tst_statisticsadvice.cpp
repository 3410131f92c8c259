// SPDX-License-Identifier: MIT
// Where an expert would speak (issue 13, item 8), offline: correlated columns of one table get CREATE STATISTICS
// (row-misestimate's advice and the create-statistics rewrite), an Index Only Scan with many heap fetches gets
// VACUUM (ANALYZE). Fixtures: plans/<case>.json|.txt captured by scripts/capture-plans from cases/<case>.sql
// (correlated-zip-city fires, independent-zip-parity is quiet; ios-stale-visibility-map fires, ios-vacuumed is
// quiet), plus small TEXT plans written here for aliases, quoting, non-plain conditions and the time thresholds.
#include "detectfixtures.h"
#include "common/testdata.h"

#include "rewrite/rewrite.h"
#include "rewrite/statisticssuggestion.h"

#include <QJsonArray>
#include <QTest>

using namespace PlanLens;
using namespace Test::DetectFixtures;

namespace {

// A scan of `relation` with `filter`, planned for `planRows` and returning `rows`, under a Nested Loop whose inner
// side takes the rest of `totalMs` (the scan takes `scanMs`).
QString nestedLoopPlan(const QString &scanLine, const QString &filter, double scanMs, double totalMs)
{
    return QStringLiteral("Nested Loop  (cost=0.29..900.00 rows=20 width=8) (actual time=0.1..%1 rows=200 loops=1)\n"
                          "  ->  %2 (actual time=0.05..%3 rows=200 loops=1)\n"
                          "        Filter: %4\n"
                          "  ->  Index Scan using orders_pk on orders o  (cost=0.29..8.30 rows=1 width=4) "
                          "(actual time=0.01..0.4 rows=1 loops=200)\n"
                          "        Index Cond: (o.id = a.id)\n"
                          "Planning Time: 0.1 ms\n"
                          "Execution Time: %1 ms\n")
        .arg(totalMs)
        .arg(scanLine)
        .arg(scanMs)
        .arg(filter);
}

} // namespace

class TestStatisticsAdvice : public QObject
{
    Q_OBJECT
private slots:
    void correlatedColumnsGetCreateStatistics_data();
    void correlatedColumnsGetCreateStatistics();
    void independentColumnsAreQuiet_data();
    void independentColumnsAreQuiet();
    void rewriteWritesTheStatistics();
    void aliasAndQuoting();
    void onlyPlainAndedComparisons_data();
    void onlyPlainAndedComparisons();
    void fewRowsCountWhenTheyCostAFifth();
    void ddlRoundTripsAndEffectReadsBothPlans();
    void staleVisibilityMapGetsVacuum_data();
    void staleVisibilityMapGetsVacuum();
    void vacuumedIndexOnlyScanIsQuiet_data();
    void vacuumedIndexOnlyScanIsQuiet();
    void heapFetchesTakingAFifthAreAWarning();
};

void TestStatisticsAdvice::correlatedColumnsGetCreateStatistics_data()
{
    QTest::addColumn<QString>("file");
    QTest::newRow("json") << "plans/correlated-zip-city.json";
    QTest::newRow("text") << "plans/correlated-zip-city.txt";
}

void TestStatisticsAdvice::correlatedColumnsGetCreateStatistics()
{
    QFETCH(QString, file);
    const Fixture fx = load(file);
    QVERIFY2(fx.error.isEmpty(), qPrintable(fx.error));
    QVERIFY(fx.sql);
    const QList<Finding> fs = ofRule(findings(fx), QStringLiteral("row-misestimate"));
    QCOMPARE(fs.size(), 1);
    const Finding &f = fs.first();
    QCOMPARE(fx.plan.nodes.at(f.nodeId).nodeType, QStringLiteral("Bitmap Heap Scan"));
    QVERIFY2(f.advice.startsWith(QStringLiteral("CREATE STATISTICS zc_addresses_zip_city_stats (dependencies, mcv) ON "
                                                "zip, city FROM zc_addresses; ANALYZE zc_addresses;")),
             qPrintable(f.advice));
    QCOMPARE(f.rewriteId, QStringLiteral("create-statistics"));
    QCOMPARE(f.evidence.value(QStringLiteral("relation")).toString(), QStringLiteral("zc_addresses"));
    QCOMPARE(f.evidence.value(QStringLiteral("columns")).toArray(),
             QJsonArray({QStringLiteral("zip"), QStringLiteral("city")}));
    QCOMPARE(f.evidence.value(QStringLiteral("plan_rows")).toDouble(), 20.0);
    QCOMPARE(f.evidence.value(QStringLiteral("actual_rows")).toDouble(), 1000.0);
    // The one-line fix for every query on these columns: a warning even with nothing planned on the estimate.
    QCOMPARE(f.level, FindingLevel::Warning);
    QVERIFY2(f.message.contains(QStringLiteral("zip, city")), qPrintable(f.message));
}

void TestStatisticsAdvice::independentColumnsAreQuiet_data()
{
    QTest::addColumn<QString>("file");
    QTest::newRow("json") << "plans/independent-zip-parity.json";
    QTest::newRow("text") << "plans/independent-zip-parity.txt";
}

void TestStatisticsAdvice::independentColumnsAreQuiet()
{
    QFETCH(QString, file);
    const Fixture fx = load(file);
    QVERIFY2(fx.error.isEmpty(), qPrintable(fx.error));
    QVERIFY(fx.sql);
    QVERIFY(!fx.plan.nodes.isEmpty());
    QCOMPARE(ofRule(findings(fx), QStringLiteral("row-misestimate")).size(), 0);
    QCOMPARE(ofRule(proposeRewrites(*fx.sql, &fx.plan), QStringLiteral("create-statistics")).size(), 0);
    QCOMPARE(StatisticsSuggestions::forPlan(fx.plan).size(), 0);
}

void TestStatisticsAdvice::rewriteWritesTheStatistics()
{
    const Fixture fx = load(QStringLiteral("plans/correlated-zip-city.json"));
    QVERIFY2(fx.error.isEmpty(), qPrintable(fx.error));
    QVERIFY(fx.sql);
    const QList<Rewrite> rs = ofRule(proposeRewrites(*fx.sql, &fx.plan), QStringLiteral("create-statistics"));
    QCOMPARE(rs.size(), 1);
    const Rewrite &r = rs.first();
    QCOMPARE(r.statements,
             QStringList({QStringLiteral("CREATE STATISTICS zc_addresses_zip_city_stats (dependencies, mcv) ON zip, "
                                         "city FROM zc_addresses"),
                          QStringLiteral("ANALYZE zc_addresses")}));
    QVERIFY(r.replaces.isEmpty());   // an addition: the query stays as it is
    QCOMPARE(r.mapping.kind, QStringLiteral("none"));
    QCOMPARE(r.checks.size(), 1);
    QCOMPARE(r.checks.first().id, QStringLiteral("no-such-statistics"));
    QVERIFY2(r.checks.first().sql.contains(QStringLiteral("'zc_addresses'::regclass")), qPrintable(r.checks.first().sql));
    QVERIFY2(r.explanation.contains(QStringLiteral("planned for 20 rows and returned 1,000")), qPrintable(r.explanation));
    // Without a plan there is nothing to go on.
    QCOMPARE(ofRule(proposeRewrites(*fx.sql, nullptr), QStringLiteral("create-statistics")).size(), 0);
}

void TestStatisticsAdvice::aliasAndQuoting()
{
    // Names come from the plan's Relation Name, never the alias; columns as the condition prints them.
    const Plan aliased = ::Test::parsedOrEmpty(QStringLiteral(
        "Seq Scan on addresses a  (cost=0.00..2041.00 rows=20 width=14) (actual time=0.02..9.1 rows=1000 loops=1)\n"
        "  Filter: ((a.zip = '10042'::text) AND (a.city = 'city 21'::text))\n"
        "  Rows Removed by Filter: 99000\n"
        "Planning Time: 0.1 ms\nExecution Time: 9.5 ms\n"));
    QList<StatisticsSuggestion> s = StatisticsSuggestions::forPlan(aliased);
    QCOMPARE(s.size(), 1);
    QCOMPARE(s.first().ddl(),
             QStringLiteral("CREATE STATISTICS addresses_zip_city_stats (dependencies, mcv) ON zip, city FROM addresses"));
    QCOMPARE(s.first().alias, QStringLiteral("a"));
    QCOMPARE(s.first().analyzeSql(), QStringLiteral("ANALYZE addresses"));

    // Mixed case and a schema: quoted, and the statistics object lives in the table's schema.
    const Plan quoted = ::Test::parsedOrEmpty(QStringLiteral(
        "Seq Scan on geo.\"Addresses\" x  (cost=0.00..2041.00 rows=20 width=14) (actual time=0.02..9.1 rows=1000 loops=1)\n"
        "  Output: x.id\n"
        "  Filter: ((x.\"Zip\" = '10042'::text) AND (x.city = 'city 21'::text))\n"
        "Planning Time: 0.1 ms\nExecution Time: 9.5 ms\n"));
    s = StatisticsSuggestions::forPlan(quoted);
    QCOMPARE(s.size(), 1);
    QCOMPARE(s.first().ddl(), QStringLiteral("CREATE STATISTICS geo.\"Addresses_Zip_city_stats\" (dependencies, mcv) ON "
                                             "\"Zip\", city FROM geo.\"Addresses\""));
}

void TestStatisticsAdvice::onlyPlainAndedComparisons_data()
{
    QTest::addColumn<QString>("filter");
    QTest::addColumn<bool>("suggested");
    QTest::newRow("equality") << "((a.zip = '1'::text) AND (a.city = 'c'::text))" << true;
    QTest::newRow("range and IN") << "((a.zip >= '1'::text) AND (a.city = ANY ('{c,d}'::text[])))" << true;
    QTest::newRow("one column") << "((a.zip >= '1'::text) AND (a.zip < '2'::text))" << false;
    QTest::newRow("OR") << "((a.zip = '1'::text) OR (a.city = 'c'::text))" << false;
    QTest::newRow("function") << "((lower(a.zip) = '1'::text) AND (a.city = 'c'::text))" << false;
    QTest::newRow("pattern") << "((a.zip ~~ '1%'::text) AND (a.city = 'c'::text))" << false;
    QTest::newRow("not equal") << "((a.zip <> '1'::text) AND (a.city = 'c'::text))" << false;
}

void TestStatisticsAdvice::onlyPlainAndedComparisons()
{
    QFETCH(QString, filter);
    QFETCH(bool, suggested);
    const Plan p = ::Test::parsedOrEmpty(QStringLiteral(
        "Seq Scan on addresses a  (cost=0.00..2041.00 rows=20 width=14) (actual time=0.02..9.1 rows=1000 loops=1)\n"
        "  Filter: %1\n"
        "Planning Time: 0.1 ms\nExecution Time: 9.5 ms\n").arg(filter));
    QCOMPARE(p.nodes.size(), 1);
    QCOMPARE(StatisticsSuggestions::forPlan(p).size(), suggested ? 1 : 0);
}

void TestStatisticsAdvice::fewRowsCountWhenTheyCostAFifth()
{
    // 200 rows planned as 2: below the 500-row floor, but the Nested Loop planned on the estimate takes the whole
    // query. A fifth of the time is enough; when the same scan feeds nothing costly (a tiny share) it stays quiet.
    const QString scan = QStringLiteral("Seq Scan on addresses a  (cost=0.00..2041.00 rows=2 width=14)");
    const QString filter = QStringLiteral("((a.zip = '10042'::text) AND (a.city = 'city 21'::text))");
    const Plan costly = ::Test::parsedOrEmpty(nestedLoopPlan(scan, filter, 2, 100));
    QCOMPARE(costly.nodes.size(), 3);
    const QList<StatisticsSuggestion> s = StatisticsSuggestions::forPlan(costly);
    QCOMPARE(s.size(), 1);
    QCOMPARE(s.first().node, 1);
    const QList<Finding> fs = ofRule(runDetectors(costly, nullptr), QStringLiteral("row-misestimate"));
    QCOMPARE(fs.size(), 1);
    QVERIFY2(fs.first().severity >= 0.2, qPrintable(QString::number(fs.first().severity)));

    // The same 200 rows alone in a plan: 100% of a trivial statement is still the scan, so it is reported; but
    // with 30 rows (below even the costly floor) nothing is.
    const Plan tiny = ::Test::parsedOrEmpty(QStringLiteral(
        "Seq Scan on addresses a  (cost=0.00..2041.00 rows=2 width=14) (actual time=0.02..9.1 rows=30 loops=1)\n"
        "  Filter: %1\n"
        "Planning Time: 0.1 ms\nExecution Time: 9.5 ms\n").arg(filter));
    QCOMPARE(tiny.nodes.size(), 1);
    QCOMPARE(StatisticsSuggestions::forPlan(tiny).size(), 0);
}

void TestStatisticsAdvice::ddlRoundTripsAndEffectReadsBothPlans()
{
    const auto parsed = StatisticsSuggestions::fromDdl(QStringLiteral(
        "CREATE STATISTICS geo.\"Addresses_Zip_city_stats\" (dependencies, mcv) ON \"Zip\", city FROM geo.\"Addresses\""));
    QVERIFY(parsed);
    QCOMPARE(parsed->schema, QStringLiteral("geo"));
    QCOMPARE(parsed->relation, QStringLiteral("Addresses"));
    QCOMPARE(parsed->columns, QStringList({QStringLiteral("Zip"), QStringLiteral("city")}));
    QVERIFY(!StatisticsSuggestions::fromDdl(QStringLiteral("ANALYZE t")));
    QVERIFY(!StatisticsSuggestions::fromDdl(QStringLiteral("CREATE STATISTICS s ON (lower(a)) FROM t")));

    // Plain EXPLAIN before, EXPLAIN ANALYZE after (as the verifier runs them), conditions unqualified.
    const Plan before = ::Test::parsedOrEmpty(QStringLiteral(
        "Bitmap Heap Scan on zc_addresses  (cost=11.80..801.81 rows=20 width=14)\n"
        "  Recheck Cond: (zip = '10042'::text)\n"
        "  Filter: (city = 'city 21'::text)\n"
        "  ->  Bitmap Index Scan on zc_addresses_zip_idx  (cost=0.00..11.79 rows=1000 width=0)\n"
        "        Index Cond: (zip = '10042'::text)\n"));
    const Plan after = ::Test::parsedOrEmpty(QStringLiteral(
        "Seq Scan on zc_addresses  (cost=0.00..2291.00 rows=990 width=14) (actual time=0.1..9.0 rows=1000 loops=1)\n"
        "  Filter: ((zip = '10042'::text) AND (city = 'city 21'::text))\n"
        "  Rows Removed by Filter: 99000\n"
        "Planning Time: 0.1 ms\nExecution Time: 9.5 ms\n"));
    QVERIFY(!before.nodes.isEmpty() && !after.nodes.isEmpty());
    const StatisticsEffect e = StatisticsSuggestions::effect(before, after, *StatisticsSuggestions::fromDdl(QStringLiteral(
        "CREATE STATISTICS zc_addresses_zip_city_stats (dependencies, mcv) ON zip, city FROM zc_addresses")));
    QCOMPARE(e.estimateBefore, std::optional<double>(20));
    QCOMPARE(e.estimateAfter, std::optional<double>(990));
    QCOMPARE(e.actualRows, std::optional<double>(1000));
    QCOMPARE(e.nodeBefore, QStringLiteral("Bitmap Heap Scan on zc_addresses"));
    QCOMPARE(e.nodeAfter, QStringLiteral("Seq Scan on zc_addresses"));
    QCOMPARE(e.costBefore, 801.81);
    QVERIFY2(e.sentence().contains(QStringLiteral("estimated 20 rows, with the statistics 990; actual 1,000")),
             qPrintable(e.sentence()));
    const QJsonObject json = e.toJson();
    QCOMPARE(json.value(QStringLiteral("estimate_before")).toDouble(), 20.0);
    QCOMPARE(json.value(QStringLiteral("estimate_after")).toDouble(), 990.0);
    QCOMPARE(json.value(QStringLiteral("actual_rows")).toDouble(), 1000.0);
    QCOMPARE(json.value(QStringLiteral("rolled_back")).toBool(), false);
}

void TestStatisticsAdvice::staleVisibilityMapGetsVacuum_data()
{
    QTest::addColumn<QString>("file");
    QTest::newRow("json") << "plans/ios-stale-visibility-map.json";
    QTest::newRow("text") << "plans/ios-stale-visibility-map.txt";
}

void TestStatisticsAdvice::staleVisibilityMapGetsVacuum()
{
    QFETCH(QString, file);
    const Fixture fx = load(file);
    QVERIFY2(fx.error.isEmpty(), qPrintable(fx.error));
    const QList<Finding> fs = ofRule(findings(fx), QStringLiteral("index-only-heap-fetches"));
    QCOMPARE(fs.size(), 1);
    const Finding &f = fs.first();
    QVERIFY2(f.advice.startsWith(QStringLiteral("VACUUM (ANALYZE) ios_stale;")), qPrintable(f.advice));
    QVERIFY2(f.advice.contains(QStringLiteral("ALTER TABLE ios_stale SET (autovacuum_vacuum_insert_scale_factor")),
             qPrintable(f.advice));
    QVERIFY2(f.message.contains(QStringLiteral("visibility map of ios_stale is stale")), qPrintable(f.message));
    QCOMPARE(f.evidence.value(QStringLiteral("heap_fetches")).toDouble(), 60200.0);
    QCOMPARE(f.level, FindingLevel::Critical);   // every row a heap fetch, the whole query
}

void TestStatisticsAdvice::vacuumedIndexOnlyScanIsQuiet_data()
{
    QTest::addColumn<QString>("file");
    QTest::newRow("json") << "plans/ios-vacuumed.json";
    QTest::newRow("text") << "plans/ios-vacuumed.txt";
}

void TestStatisticsAdvice::vacuumedIndexOnlyScanIsQuiet()
{
    QFETCH(QString, file);
    const Fixture fx = load(file);
    QVERIFY2(fx.error.isEmpty(), qPrintable(fx.error));
    QCOMPARE(fx.plan.nodes.first().nodeType, QStringLiteral("Index Only Scan"));
    QCOMPARE(fx.plan.nodes.first().heapFetches, std::optional<double>(0));
    QCOMPARE(ofRule(findings(fx), QStringLiteral("index-only-heap-fetches")).size(), 0);
}

void TestStatisticsAdvice::heapFetchesTakingAFifthAreAWarning()
{
    // The Index Only Scan takes a fifth of the query and fetches half its rows from the heap: a warning, not a
    // footnote (the heap visits are most of the scan's time).
    const Plan p = ::Test::parsedOrEmpty(QStringLiteral(
        "Hash Join  (cost=10.00..5000.00 rows=60000 width=8) (actual time=1.0..100.0 rows=60000 loops=1)\n"
        "  Hash Cond: (s.v = k.v)\n"
        "  ->  Index Only Scan using s_v_id_idx on s  (cost=0.42..1900.00 rows=60000 width=8) "
        "(actual time=0.1..20.0 rows=60000 loops=1)\n"
        "        Index Cond: ((s.v >= 100) AND (s.v <= 400))\n"
        "        Heap Fetches: 30000\n"
        "  ->  Hash  (cost=5.00..5.00 rows=300 width=4) (actual time=70.0..70.0 rows=300 loops=1)\n"
        "        ->  Seq Scan on k  (cost=0.00..5.00 rows=300 width=4) (actual time=0.01..69.0 rows=300 loops=1)\n"
        "Planning Time: 0.1 ms\nExecution Time: 100.0 ms\n"));
    QCOMPARE(p.nodes.size(), 4);
    const QList<Finding> fs = ofRule(runDetectors(p, nullptr), QStringLiteral("index-only-heap-fetches"));
    QCOMPARE(fs.size(), 1);
    QCOMPARE(fs.first().level, FindingLevel::Warning);
}

QTEST_GUILESS_MAIN(TestStatisticsAdvice)
#include "tst_statisticsadvice.moc"
