// SPDX-License-Identifier: MIT
// LIKE '%x%' / ILIKE on a large table (issue 13, item 6), offline: like-leading-wildcard's advice is the pg_trgm
// SQL and names the create-trigram-index rewrite, which writes the same two statements from the same function.
// Fixtures: plans/like-infix-trigram.json|.txt (ILIKE on a Seq Scan of 200,000 rows: fires) and
// plans/like-infix-trigram-indexed.json|.txt (the same with the GIN index: quiet), captured by scripts/capture-plans;
// detect/like-leading-wildcard.json (LIKE), plans/parallel-gather.json ('%ab%': too short for trigrams, no rewrite);
// small TEXT plans written here for Index/Bitmap Heap Scan filters, casts, schemas and quoting.
#include "detectfixtures.h"

#include "rewrite/createtrigramindexrule.h"
#include "rewrite/rewrite.h"
#include "rewrite/rolledbackindexprobe.h"

#include <QTest>

using namespace PlanLens;
using namespace Test::DetectFixtures;

namespace {

const QString kRule = QStringLiteral("like-leading-wildcard");
const QString kRewrite = QStringLiteral("create-trigram-index");

Plan textPlan(const QString &text)
{
    const Result<Plan> r = parsePlan(text);
    if (const auto *e = std::get_if<ParseError>(&r)) {
        qWarning("%s", qPrintable(e->toString()));
        return {};
    }
    return std::get<Plan>(r);
}

// One scan line (with its Filter) that removes 99,000 rows to keep 1,000.
QString scanPlan(const QString &scanLine, const QString &filter, const QString &extra = QString())
{
    return QStringLiteral("%1  (cost=0.00..4000.00 rows=10 width=40) (actual time=0.1..80.0 rows=1000 loops=1)\n"
                          "%3"
                          "  Filter: %2\n"
                          "  Rows Removed by Filter: 99000\n"
                          "Planning Time: 0.1 ms\n"
                          "Execution Time: 80.5 ms\n")
        .arg(scanLine, filter, extra);
}

} // namespace

class TestTrigramIndex : public QObject
{
    Q_OBJECT
private slots:
    void firesWithTheTrigramSql_data();
    void firesWithTheTrigramSql();
    void quietWithTheIndex_data();
    void quietWithTheIndex();
    void rewriteStatements();
    void indexAndBitmapScanFilters_data();
    void indexAndBitmapScanFilters();
    void shortPatternNamesNoRewrite();
    void literalRun_data();
    void literalRun();
    void probeDdl_data();
    void probeDdl();
};

void TestTrigramIndex::firesWithTheTrigramSql_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("ddl");
    QTest::newRow("ilike json") << "plans/like-infix-trigram.json"
                                << "CREATE INDEX CONCURRENTLY ON tg_products USING gin (name gin_trgm_ops)";
    QTest::newRow("ilike text") << "plans/like-infix-trigram.txt"
                                << "CREATE INDEX CONCURRENTLY ON tg_products USING gin (name gin_trgm_ops)";
    QTest::newRow("like") << "detect/like-leading-wildcard.json"
                          << "CREATE INDEX CONCURRENTLY ON tracks USING gin (title gin_trgm_ops)";
}

void TestTrigramIndex::firesWithTheTrigramSql()
{
    QFETCH(QString, file);
    QFETCH(QString, ddl);
    const Fixture fx = load(file);
    QVERIFY2(fx.error.isEmpty(), qPrintable(fx.error));
    QVERIFY(fx.sql);
    const QList<Finding> fs = ofRule(findings(fx), kRule);
    QCOMPARE(fs.size(), 1);
    const Finding &f = fs.first();
    QCOMPARE(f.rewriteId, kRewrite);
    QVERIFY2(f.advice.contains(QStringLiteral("CREATE EXTENSION IF NOT EXISTS pg_trgm; ") + ddl + u';'), qPrintable(f.advice));
    QVERIFY2(f.advice.contains(QStringLiteral("HypoPG cannot plan GIN indexes")), qPrintable(f.advice));
    QVERIFY2(f.advice.contains(QStringLiteral("handles ILIKE itself")), qPrintable(f.advice));
    QVERIFY(f.hasSpan());
    const QList<Rewrite> rs = ofRule(proposeRewrites(*fx.sql, &fx.plan), kRewrite);
    QCOMPARE(rs.size(), 1);
    QCOMPARE(rs.first().statements.last(), ddl);
}

void TestTrigramIndex::quietWithTheIndex_data()
{
    QTest::addColumn<QString>("file");
    QTest::newRow("json") << "plans/like-infix-trigram-indexed.json";
    QTest::newRow("text") << "plans/like-infix-trigram-indexed.txt";
}

void TestTrigramIndex::quietWithTheIndex()
{
    QFETCH(QString, file);
    const Fixture fx = load(file);
    QVERIFY2(fx.error.isEmpty(), qPrintable(fx.error));
    QVERIFY(fx.sql);
    // The plan reads the GIN index: the pattern is an index condition now, no Filter is left to flag.
    bool bitmapIndexScan = false;
    for (const PlanNode &n : fx.plan.nodes)
        bitmapIndexScan = bitmapIndexScan || (n.nodeType == u"Bitmap Index Scan" && n.indexName == u"tg_products_name_trgm_idx");
    QVERIFY(bitmapIndexScan);
    QVERIFY(ofRule(findings(fx), kRule).isEmpty());
    QVERIFY(ofRule(proposeRewrites(*fx.sql, &fx.plan), kRewrite).isEmpty());
}

void TestTrigramIndex::rewriteStatements()
{
    const Fixture fx = load(QStringLiteral("plans/like-infix-trigram.json"));
    QVERIFY2(fx.error.isEmpty(), qPrintable(fx.error));
    const QList<Rewrite> rs = ofRule(proposeRewrites(*fx.sql, &fx.plan), kRewrite);
    QCOMPARE(rs.size(), 1);
    const Rewrite &r = rs.first();
    QCOMPARE(r.statements, (QStringList { QStringLiteral("CREATE EXTENSION IF NOT EXISTS pg_trgm"),
                               QStringLiteral("CREATE INDEX CONCURRENTLY ON tg_products USING gin (name gin_trgm_ops)") }));
    QVERIFY(r.replaces.isEmpty()); // an addition
    QCOMPARE(r.mapping.kind, QStringLiteral("none"));
    QCOMPARE(r.title, QStringLiteral("Trigram index on tg_products (name)"));
    QVERIFY2(r.explanation.contains(QStringLiteral("HypoPG cannot plan GIN indexes")), qPrintable(r.explanation));
    QVERIFY2(r.explanation.contains(QStringLiteral("ILIKE '%blue lamp%'")), qPrintable(r.explanation));
    QCOMPARE(r.checks.size(), 3);
    QCOMPARE(r.checks.at(0).id, QStringLiteral("extension-available"));
    QVERIFY(r.checks.at(0).sql.contains(QStringLiteral("pg_available_extensions")));
    // A varchar column and an integer cast to text print alike: the catalog tells.
    QCOMPARE(r.checks.at(1).id, QStringLiteral("text-column"));
    QVERIFY(r.checks.at(1).sql.contains(QStringLiteral("a.attname = 'name'")));
    QCOMPARE(r.checks.at(2).id, QStringLiteral("no-such-index"));
    QVERIFY(r.checks.at(2).sql.contains(QStringLiteral("'gin_trgm_ops', 'gist_trgm_ops'")));
    QVERIFY(r.checks.at(2).sql.contains(QStringLiteral("a.attname = 'name'")));
    for (const CatalogCheck &c : r.checks)
        QVERIFY(c.required);
}

void TestTrigramIndex::indexAndBitmapScanFilters_data()
{
    QTest::addColumn<QString>("plan");
    QTest::addColumn<QString>("ddl");
    QTest::newRow("index scan, ilike")
        << scanPlan(QStringLiteral("Index Scan using products_category_idx on products p"),
               QStringLiteral("(p.name ~~* '%lamp%'::text)"), QStringLiteral("  Index Cond: (p.category_id = 3)\n"))
        << "CREATE INDEX CONCURRENTLY ON products USING gin (name gin_trgm_ops)";
    QTest::newRow("bitmap heap scan, varchar")
        << QStringLiteral("Bitmap Heap Scan on products p  (cost=10.00..4000.00 rows=10 width=40) (actual "
                          "time=0.1..80.0 rows=1000 loops=1)\n"
                          "  Recheck Cond: (p.category_id = 3)\n"
                          "  Filter: ((p.title)::text ~~ '%lamp shade%'::text)\n"
                          "  Rows Removed by Filter: 99000\n"
                          "  ->  Bitmap Index Scan on products_category_idx  (cost=0.00..9.00 rows=100000 width=0) "
                          "(actual time=0.05..5.0 rows=100000 loops=1)\n"
                          "        Index Cond: (p.category_id = 3)\n"
                          "Planning Time: 0.1 ms\n"
                          "Execution Time: 80.5 ms\n")
        << "CREATE INDEX CONCURRENTLY ON products USING gin (title gin_trgm_ops)";
    QTest::newRow("schema and quoting")
        << scanPlan(QStringLiteral("Seq Scan on app.\"Products\" p"), QStringLiteral("(p.\"Name\" ~~ '%lamp%'::text)"))
        << "CREATE INDEX CONCURRENTLY ON app.\"Products\" USING gin (\"Name\" gin_trgm_ops)";
}

void TestTrigramIndex::indexAndBitmapScanFilters()
{
    QFETCH(QString, plan);
    QFETCH(QString, ddl);
    const Plan p = textPlan(plan);
    QVERIFY(!p.isEmpty());
    const QList<Finding> fs = ofRule(runDetectors(p, nullptr), kRule);
    QCOMPARE(fs.size(), 1);
    QCOMPARE(fs.first().rewriteId, kRewrite); // without SQL: the rewrite the statement needs
    QVERIFY2(fs.first().advice.contains(ddl), qPrintable(fs.first().advice));
    const QList<TrigramIndexSuggestion> s = CreateTrigramIndexRule::forPlan(p);
    QCOMPARE(s.size(), 1);
    QCOMPARE(s.first().ddl(), ddl);
}

void TestTrigramIndex::shortPatternNamesNoRewrite()
{
    // '%ab%' has no trigram to look up: the finding stays, the index is not offered.
    const Fixture fx = load(QStringLiteral("plans/parallel-gather.json"));
    QVERIFY2(fx.error.isEmpty(), qPrintable(fx.error));
    const QList<Finding> fs = ofRule(findings(fx), kRule);
    QCOMPARE(fs.size(), 1);
    QVERIFY(fs.first().rewriteId.isEmpty());
    QVERIFY2(fs.first().advice.contains(QStringLiteral("at least 3 characters between the wildcards")),
        qPrintable(fs.first().advice));
    QVERIFY(CreateTrigramIndexRule::forPlan(fx.plan).isEmpty());
    // A NOT LIKE or a cast to another type is no trigram case either.
    QVERIFY(CreateTrigramIndexRule::forPlan(
        textPlan(scanPlan(QStringLiteral("Seq Scan on t"), QStringLiteral("(t.name !~~ '%lamp%'::text)")))).isEmpty());
    QVERIFY(CreateTrigramIndexRule::forPlan(
        textPlan(scanPlan(QStringLiteral("Seq Scan on t"), QStringLiteral("(lower(t.name) ~~ '%lamp%'::text)")))).isEmpty());
    QCOMPARE(CreateTrigramIndexRule::forPlan(
                 textPlan(scanPlan(QStringLiteral("Seq Scan on t"), QStringLiteral("(t.name ~~ '%1234%'::text)")))).size(),
        1);
}

void TestTrigramIndex::literalRun_data()
{
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<int>("run");
    QTest::newRow("infix") << "'%blue lamp%'::text" << 9;
    QTest::newRow("short") << "'%ab%'::text" << 2;
    QTest::newRow("underscores") << "'_a_bc_%'" << 2;
    QTest::newRow("escaped") << "'%50\\%off%'::text" << 6;
    QTest::newRow("quote") << "'%o''neil%'::text" << 6;
}

void TestTrigramIndex::literalRun()
{
    QFETCH(QString, pattern);
    QFETCH(int, run);
    QCOMPARE(CreateTrigramIndexRule::longestLiteralRun(pattern), run);
}

void TestTrigramIndex::probeDdl_data()
{
    QTest::addColumn<QString>("ddl");
    QTest::addColumn<QString>("probe");
    QTest::newRow("concurrently") << "CREATE INDEX CONCURRENTLY ON tg_products USING gin (name gin_trgm_ops)"
                                  << "CREATE INDEX planlens_rolled_back_probe ON tg_products USING gin (name gin_trgm_ops)";
    QTest::newRow("named") << "create index if not exists my_idx on app.t (a)"
                           << "CREATE INDEX planlens_rolled_back_probe ON app.t (a)";
    QTest::newRow("not an index") << "CREATE EXTENSION IF NOT EXISTS pg_trgm" << "";
}

void TestTrigramIndex::probeDdl()
{
    QFETCH(QString, ddl);
    QFETCH(QString, probe);
    QCOMPARE(RolledBackIndexProbe::probeDdl(ddl), probe);
}

QTEST_GUILESS_MAIN(TestTrigramIndex)
#include "tst_trigramindex.moc"
