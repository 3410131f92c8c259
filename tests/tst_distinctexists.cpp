// SPDX-License-Identifier: MIT
// SELECT DISTINCT over a join used as a semi-join (issue 13, item 6), offline: distinct-semi-join fires when the
// select list reads one table, the other only filters and the plan's Unique/Aggregate throws most of the join's rows
// away; the distinct-to-exists rewrite writes the EXISTS form from the parse tree, with the unique-rows check.
// Fixtures: plans/distinct-join-semi.json|.txt (270,000 joined rows → 2,000 authors: fires) and
// plans/distinct-join-exists.json|.txt (the EXISTS form: quiet), captured by scripts/capture-plans; SQL variants
// written here for the shapes the rewrite takes and refuses.
#include "detectfixtures.h"

#include "rewrite/distincttoexistsrule.h"
#include "rewrite/rewrite.h"
#include "sql/sqlspan.h"

#include <QTest>

using namespace PlanLens;
using namespace Test::DetectFixtures;

namespace {

const QString kRule = QStringLiteral("distinct-semi-join");
const QString kRewrite = QStringLiteral("distinct-to-exists");

// The rewrite of a one-statement script, or "" when none is proposed.
QString rewritten(const QString &sql)
{
    const SqlScript s = scriptOrEmpty(sql);
    const QList<Rewrite> rs = ofRule(proposeRewrites(s, nullptr), kRewrite);
    return rs.isEmpty() ? QString() : rs.first().statements.first();
}

} // namespace

class TestDistinctExists : public QObject
{
    Q_OBJECT
private slots:
    void fires_data();
    void fires();
    void quietOnTheExistsForm_data();
    void quietOnTheExistsForm();
    void rewriteAndCheck();
    void shapes_data();
    void shapes();
    void noSqlNoFinding();
};

void TestDistinctExists::fires_data()
{
    QTest::addColumn<QString>("file");
    QTest::newRow("json") << "plans/distinct-join-semi.json";
    QTest::newRow("text") << "plans/distinct-join-semi.txt";
}

void TestDistinctExists::fires()
{
    QFETCH(QString, file);
    const Fixture fx = load(file);
    QVERIFY2(fx.error.isEmpty(), qPrintable(fx.error));
    QVERIFY(fx.sql);
    const QList<Finding> fs = ofRule(findings(fx), kRule);
    QCOMPARE(fs.size(), 1);
    const Finding &f = fs.first();
    QCOMPARE(fx.plan.nodes.at(f.nodeId).nodeType, QStringLiteral("Aggregate"));
    QCOMPARE(f.rewriteId, kRewrite);
    QCOMPARE(f.evidence.value(QStringLiteral("rows_in")).toDouble(), 270000.0);
    QCOMPARE(f.evidence.value(QStringLiteral("rows_out")).toDouble(), 2000.0);
    QVERIFY2(f.message.startsWith(QStringLiteral("HashAggregate removes the copies the join with dx_books made: "
                                                 "270,000 rows go in, 2,000 distinct dx_authors rows come out")),
        qPrintable(f.message));
    QVERIFY2(f.advice.contains(QStringLiteral("SELECT a.* FROM dx_authors a WHERE EXISTS (SELECT 1 FROM dx_books b "
                                              "WHERE b.author_id = a.id AND b.genre = 'novel')")),
        qPrintable(f.advice));
    QVERIFY(f.hasSpan());
    QCOMPARE(fx.sql->text.mid(f.spanStart, f.spanEnd - f.spanStart), QStringLiteral("DISTINCT a.*"));
}

void TestDistinctExists::quietOnTheExistsForm_data()
{
    QTest::addColumn<QString>("file");
    QTest::newRow("json") << "plans/distinct-join-exists.json";
    QTest::newRow("text") << "plans/distinct-join-exists.txt";
}

void TestDistinctExists::quietOnTheExistsForm()
{
    QFETCH(QString, file);
    const Fixture fx = load(file);
    QVERIFY2(fx.error.isEmpty(), qPrintable(fx.error));
    QVERIFY(fx.sql);
    QCOMPARE(fx.plan.root().joinType, QStringLiteral("Semi"));
    QVERIFY(ofRule(findings(fx), kRule).isEmpty());
    QVERIFY(ofRule(proposeRewrites(*fx.sql, &fx.plan), kRewrite).isEmpty());
}

void TestDistinctExists::rewriteAndCheck()
{
    const Fixture fx = load(QStringLiteral("plans/distinct-join-semi.json"));
    QVERIFY2(fx.error.isEmpty(), qPrintable(fx.error));
    const QList<Rewrite> rs = ofRule(proposeRewrites(*fx.sql, &fx.plan), kRewrite);
    QCOMPARE(rs.size(), 1);
    const Rewrite &r = rs.first();
    QCOMPARE(r.statements,
        QStringList { QStringLiteral("SELECT a.* FROM dx_authors a WHERE EXISTS (SELECT 1 FROM dx_books b WHERE "
                                     "b.author_id = a.id AND b.genre = 'novel')") });
    QCOMPARE(r.mapping.kind, QStringLiteral("same-rows"));
    QCOMPARE(r.checks.size(), 1);
    QCOMPARE(r.checks.first().id, QStringLiteral("unique-key"));
    QVERIFY(r.checks.first().required);
    QVERIFY(r.checks.first().sql.contains(QStringLiteral("'dx_authors'::regclass")));
    QVERIFY(r.checks.first().sql.contains(QStringLiteral("NOT a.attnotnull")));
    QVERIFY2(r.explanation.contains(QStringLiteral("the join returns 270,000 rows and HashAggregate removes all but 2,000")),
        qPrintable(r.explanation));
}

void TestDistinctExists::shapes_data()
{
    QTest::addColumn<QString>("sql");
    QTest::addColumn<QString>("after"); // "" when the rewrite must not come
    QTest::newRow("a on the right, a-only condition stays out, ORDER BY and LIMIT kept")
        << "SELECT DISTINCT a.id, a.name FROM books b JOIN authors a ON a.id = b.author_id "
           "WHERE b.year > 2000 AND a.country = 'fr' ORDER BY a.name LIMIT 10;"
        << "SELECT a.id, a.name FROM authors a WHERE EXISTS (SELECT 1 FROM books b WHERE a.id = b.author_id AND "
           "b.year > 2000) AND a.country = 'fr' ORDER BY a.name LIMIT 10";
    QTest::newRow("OR keeps its parentheses")
        << "SELECT DISTINCT a.* FROM authors AS a INNER JOIN books AS b ON b.author_id = a.id WHERE b.genre = 'x' OR b.year < 1900"
        << "SELECT a.* FROM authors a WHERE EXISTS (SELECT 1 FROM books b WHERE b.author_id = a.id AND (b.genre = 'x' "
           "OR b.year < 1900))";
    QTest::newRow("select list reads both") << "SELECT DISTINCT a.id, b.genre FROM authors a JOIN books b ON b.author_id = a.id" << "";
    QTest::newRow("DISTINCT ON") << "SELECT DISTINCT ON (a.id) a.* FROM authors a JOIN books b ON b.author_id = a.id" << "";
    QTest::newRow("no DISTINCT") << "SELECT a.* FROM authors a JOIN books b ON b.author_id = a.id" << "";
    QTest::newRow("LEFT JOIN") << "SELECT DISTINCT a.* FROM authors a LEFT JOIN books b ON b.author_id = a.id" << "";
    QTest::newRow("unqualified column") << "SELECT DISTINCT a.* FROM authors a JOIN books b ON b.author_id = a.id WHERE genre = 'x'" << "";
    QTest::newRow("a call in the select list") << "SELECT DISTINCT lower(a.name) FROM authors a JOIN books b ON b.author_id = a.id" << "";
    QTest::newRow("GROUP BY") << "SELECT DISTINCT a.id FROM authors a JOIN books b ON b.author_id = a.id GROUP BY a.id" << "";
    QTest::newRow("three tables")
        << "SELECT DISTINCT a.* FROM authors a JOIN books b ON b.author_id = a.id JOIN shops s ON s.id = b.shop_id" << "";
}

void TestDistinctExists::shapes()
{
    QFETCH(QString, sql);
    QFETCH(QString, after);
    QCOMPARE(rewritten(sql), after);
}

void TestDistinctExists::noSqlNoFinding()
{
    // Without the SQL a DISTINCT and a GROUP BY without aggregates look alike: nothing is said.
    const Fixture fx = load(QStringLiteral("plans/distinct-join-semi.json"), false);
    QVERIFY2(fx.error.isEmpty(), qPrintable(fx.error));
    QVERIFY(!fx.sql);
    QVERIFY(ofRule(findings(fx), kRule).isEmpty());
    double in = 0, out = 0;
    QVERIFY(DistinctToExistsRule::distinctNode(fx.plan, &in, &out) >= 0);
}

QTEST_GUILESS_MAIN(TestDistinctExists)
#include "tst_distinctexists.moc"
