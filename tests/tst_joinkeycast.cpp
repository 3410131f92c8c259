// SPDX-License-Identifier: MIT
// A join whose key types differ (issue 13, item 6), offline: implicit-cast reports the join condition that converts
// an integer key (`(c.id)::numeric = o.customer_id`), with the ALTER TABLE advice, and names the cast-join-key
// rewrite, which moves the cast to the other side (`c.id = o.customer_id::bigint`).
// Fixtures: plans/join-cast-numeric-key.json|.txt (Hash Join over a Seq Scan of 200,000 customers: fires) and
// plans/join-cast-aligned.json|.txt (the other side cast: an index nested loop, quiet), captured by
// scripts/capture-plans; small TEXT plans written here for a cast the query writes (text), a Join Filter and the
// thresholds.
#include "detectfixtures.h"
#include "common/testdata.h"

#include "rewrite/castjoinkeyrule.h"
#include "rewrite/rewrite.h"

#include <QTest>

using namespace PlanLens;
using namespace Test::DetectFixtures;

namespace {

const QString kRule = QStringLiteral("implicit-cast");
const QString kRewrite = QStringLiteral("cast-join-key");

// A Hash Join on `cond` over a Seq Scan of customers c reading `customers` rows, returning `joined` rows.
QString hashJoin(const QString &cond, int customers, int joined)
{
    return QStringLiteral("Hash Join  (cost=1018.45..5297.89 rows=544 width=25) (actual time=17.2..91.7 rows=%3 loops=1)\n"
                          "  Hash Cond: %1\n"
                          "  ->  Seq Scan on customers c  (cost=0.00..3274.00 rows=200000 width=19) (actual "
                          "time=0.018..60.0 rows=%2 loops=1)\n"
                          "  ->  Hash  (cost=1011.65..1011.65 rows=544 width=16) (actual time=17.0..17.0 rows=%3 loops=1)\n"
                          "        ->  Seq Scan on orders o  (cost=0.00..1011.65 rows=544 width=16) (actual "
                          "time=3.9..16.8 rows=%3 loops=1)\n"
                          "Planning Time: 1.4 ms\n"
                          "Execution Time: 92.0 ms\n")
        .arg(cond)
        .arg(customers)
        .arg(joined);
}

} // namespace

class TestJoinKeyCast : public QObject
{
    Q_OBJECT
private slots:
    void firesOnTheJoin_data();
    void firesOnTheJoin();
    void quietWhenTheOtherSideIsCast_data();
    void quietWhenTheOtherSideIsCast();
    void rewriteMovesTheCast();
    void writtenTextCast();
    void textCastNeedsTheSql();
    void joinFilter();
    void thresholds();
};

void TestJoinKeyCast::firesOnTheJoin_data()
{
    QTest::addColumn<QString>("file");
    QTest::newRow("json") << "plans/join-cast-numeric-key.json";
    QTest::newRow("text") << "plans/join-cast-numeric-key.txt";
}

void TestJoinKeyCast::firesOnTheJoin()
{
    QFETCH(QString, file);
    const Fixture fx = load(file);
    QVERIFY2(fx.error.isEmpty(), qPrintable(fx.error));
    QVERIFY(fx.sql);
    const QList<Finding> fs = ofRule(findings(fx), kRule);
    QCOMPARE(fs.size(), 1);
    const Finding &f = fs.first();
    QCOMPARE(fx.plan.nodes.at(f.nodeId).nodeType, QStringLiteral("Hash Join"));
    QCOMPARE(f.rewriteId, kRewrite);
    QVERIFY(f.hasSpan());
    QCOMPARE(fx.sql->text.mid(f.spanStart, f.spanEnd - f.spanStart), QStringLiteral("c.id = o.customer_id"));
    QVERIFY2(f.message.contains(QStringLiteral("ic_customers.id is converted to numeric on every row to match "
                                               "ic_orders.customer_id")),
        qPrintable(f.message));
    QVERIFY2(f.message.contains(QStringLiteral("reads 200,000 rows for 548 joined")), qPrintable(f.message));
    QVERIFY2(f.advice.contains(QStringLiteral("ALTER TABLE ic_orders ALTER COLUMN customer_id TYPE bigint;")),
        qPrintable(f.advice));
    QVERIFY2(f.advice.contains(QStringLiteral("c.id = o.customer_id::bigint")), qPrintable(f.advice));
    QCOMPARE(f.evidence.value(QStringLiteral("rows_read")).toDouble(), 200000.0);
    QCOMPARE(f.evidence.value(QStringLiteral("rows_joined")).toDouble(), 548.0);
    QCOMPARE(f.evidence.value(QStringLiteral("explicit")).toBool(), false);
}

void TestJoinKeyCast::quietWhenTheOtherSideIsCast_data()
{
    QTest::addColumn<QString>("file");
    QTest::newRow("json") << "plans/join-cast-aligned.json";
    QTest::newRow("text") << "plans/join-cast-aligned.txt";
}

void TestJoinKeyCast::quietWhenTheOtherSideIsCast()
{
    QFETCH(QString, file);
    const Fixture fx = load(file);
    QVERIFY2(fx.error.isEmpty(), qPrintable(fx.error));
    QVERIFY(fx.sql);
    bool probesKey = false;
    for (const PlanNode &n : fx.plan.nodes)
        probesKey = probesKey || (n.nodeType == u"Index Scan" && n.indexName == u"ic_customers_pkey");
    QVERIFY(probesKey);
    QVERIFY(ofRule(findings(fx), kRule).isEmpty());
    QVERIFY(CastJoinKeyRule::forPlan(fx.plan).isEmpty());
    QVERIFY(ofRule(proposeRewrites(*fx.sql, &fx.plan), kRewrite).isEmpty());
}

void TestJoinKeyCast::rewriteMovesTheCast()
{
    const Fixture fx = load(QStringLiteral("plans/join-cast-numeric-key.json"));
    QVERIFY2(fx.error.isEmpty(), qPrintable(fx.error));
    const QList<Rewrite> rs = ofRule(proposeRewrites(*fx.sql, &fx.plan), kRewrite);
    QCOMPARE(rs.size(), 1);
    const Rewrite &r = rs.first();
    QCOMPARE(r.statements.size(), 1);
    QCOMPARE(r.statements.first(),
        QStringLiteral("SELECT o.id, o.amount, c.name FROM ic_orders o JOIN ic_customers c ON c.id = "
                       "o.customer_id::bigint WHERE o.placed_on = '2024-03-01'"));
    QCOMPARE(r.mapping.kind, QStringLiteral("same-rows"));
    QCOMPARE(r.replaces.size(), 1);
    QCOMPARE(r.checks.size(), 2);
    QCOMPARE(r.checks.at(0).id, QStringLiteral("integer-key"));
    QVERIFY(r.checks.at(0).required);
    QVERIFY(r.checks.at(0).sql.contains(QStringLiteral("a.attname = 'id'")));
    QVERIFY(!r.checks.at(1).required);
    QVERIFY2(r.preconditions.first().contains(QStringLiteral("SELECT 1 FROM ic_orders WHERE customer_id <> "
                                                             "trunc(customer_id) LIMIT 1")),
        qPrintable(r.preconditions.first()));
    QVERIFY2(r.preconditions.at(1).contains(QStringLiteral("ALTER TABLE ic_orders ALTER COLUMN customer_id TYPE bigint")),
        qPrintable(r.preconditions.at(1)));
}

void TestJoinKeyCast::writtenTextCast()
{
    // The query converts the key itself (an ORM comparing an id with a text reference): the cast goes.
    const Plan p = ::Test::parsedOrEmpty(hashJoin(QStringLiteral("((c.id)::text = o.customer_ref)"), 200000, 548));
    QVERIFY(!p.isEmpty());
    const SqlScript sql = scriptOrEmpty(QStringLiteral(
        "SELECT o.id, c.name FROM orders o JOIN customers c ON (c.id::text = o.customer_ref) WHERE o.day = 3;"));
    const QList<Finding> fs = ofRule(runDetectors(p, &sql), kRule);
    QCOMPARE(fs.size(), 1);
    QCOMPARE(fs.first().rewriteId, kRewrite);
    QVERIFY2(fs.first().message.contains(QStringLiteral("as the query asks")), qPrintable(fs.first().message));
    const QList<Rewrite> rs = ofRule(proposeRewrites(sql, &p), kRewrite);
    QCOMPARE(rs.size(), 1);
    QCOMPARE(rs.first().statements.first(),
        QStringLiteral("SELECT o.id, c.name FROM orders o JOIN customers c ON (c.id = o.customer_ref::bigint) WHERE o.day = 3"));
    QVERIFY2(rs.first().preconditions.first().contains(QStringLiteral("!~ '^(0|-?[1-9][0-9]*)$'")),
        qPrintable(rs.first().preconditions.first()));
    // The other order of the sides.
    const SqlScript swapped = scriptOrEmpty(QStringLiteral(
        "SELECT o.id, c.name FROM orders o JOIN customers c ON o.customer_ref = c.id::text WHERE o.day = 3;"));
    const QList<Rewrite> rs2 = ofRule(proposeRewrites(swapped, &p), kRewrite);
    QCOMPARE(rs2.size(), 1);
    QCOMPARE(rs2.first().statements.first(),
        QStringLiteral("SELECT o.id, c.name FROM orders o JOIN customers c ON o.customer_ref::bigint = c.id WHERE o.day = 3"));
}

void TestJoinKeyCast::textCastNeedsTheSql()
{
    // (c.code)::text is also how a varchar column looks, whose index serves text comparisons: without a cast
    // written in the query, nothing is said.
    const Plan p = ::Test::parsedOrEmpty(hashJoin(QStringLiteral("((c.code)::text = o.customer_ref)"), 200000, 548));
    QVERIFY(!p.isEmpty());
    QVERIFY(ofRule(runDetectors(p, nullptr), kRule).isEmpty());
    const SqlScript sql = scriptOrEmpty(QStringLiteral("SELECT o.id FROM orders o JOIN customers c ON c.code = o.customer_ref;"));
    QVERIFY(ofRule(runDetectors(p, &sql), kRule).isEmpty());
    QVERIFY(ofRule(proposeRewrites(sql, &p), kRewrite).isEmpty());
    // A numeric cast needs no SQL: only an integer converts to numeric implicitly.
    const Plan n = ::Test::parsedOrEmpty(hashJoin(QStringLiteral("(o.customer_id = (c.id)::numeric)"), 200000, 548));
    const QList<Finding> fs = ofRule(runDetectors(n, nullptr), kRule);
    QCOMPARE(fs.size(), 1);
    QCOMPARE(fs.first().rewriteId, kRewrite);
}

void TestJoinKeyCast::joinFilter()
{
    const Plan p = ::Test::parsedOrEmpty(QStringLiteral(
        "Nested Loop  (cost=0.00..900000.00 rows=20 width=8) (actual time=0.1..950.0 rows=20 loops=1)\n"
        "  Join Filter: ((c.id)::numeric = o.customer_id)\n"
        "  Rows Removed by Join Filter: 3999980\n"
        "  ->  Seq Scan on orders o  (cost=0.00..20.00 rows=20 width=8) (actual time=0.01..0.1 rows=20 loops=1)\n"
        "  ->  Materialize  (cost=0.00..4000.00 rows=200000 width=4) (actual time=0.01..20.0 rows=200000 loops=20)\n"
        "        ->  Seq Scan on customers c  (cost=0.00..3000.00 rows=200000 width=4) (actual time=0.01..30.0 "
        "rows=200000 loops=1)\n"
        "Planning Time: 0.1 ms\n"
        "Execution Time: 950.0 ms\n"));
    QVERIFY(!p.isEmpty());
    const QList<JoinKeyCast> casts = CastJoinKeyRule::forPlan(p);
    QCOMPARE(casts.size(), 1);
    QCOMPARE(casts.first().conditionKind, QStringLiteral("Join Filter"));
    QCOMPARE(casts.first().castRelation, QStringLiteral("customers"));
    QCOMPARE(casts.first().otherRelation, QStringLiteral("orders"));
    QCOMPARE(ofRule(runDetectors(p, nullptr), kRule).size(), 1);
}

void TestJoinKeyCast::thresholds()
{
    // Most customers join (an index would not help), or too few are read: quiet.
    QVERIFY(CastJoinKeyRule::forPlan(::Test::parsedOrEmpty(hashJoin(QStringLiteral("((c.id)::numeric = o.customer_id)"), 200000, 50000)))
                .isEmpty());
    QVERIFY(CastJoinKeyRule::forPlan(::Test::parsedOrEmpty(hashJoin(QStringLiteral("((c.id)::numeric = o.customer_id)"), 5000, 10)))
                .isEmpty());
    QCOMPARE(CastJoinKeyRule::forPlan(::Test::parsedOrEmpty(hashJoin(QStringLiteral("((c.id)::numeric = o.customer_id)"), 200000, 19999)))
                 .size(),
        1);
}

QTEST_GUILESS_MAIN(TestJoinKeyCast)
#include "tst_joinkeycast.moc"
