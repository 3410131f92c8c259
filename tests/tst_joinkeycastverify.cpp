// SPDX-License-Identifier: MIT
// The cast-join-key rewrite verified on a throwaway cluster (issue 13, item 6): an int key joined with a numeric
// column (`c.id = o.customer_id`, compared as `(c.id)::numeric`) becomes `c.id = o.customer_id::bigint`; the
// verifier compares the rows in one snapshot and times both. The same rows while every customer_id is a whole
// number; one fractional value (7.5 rounds to 8) makes the rows differ, and the verifier says so.
#include "plan/planparser.h"
#include "queryscalar.h"
#include "rewrite/rewrite.h"
#include "rewrite/rewriteverifier.h"
#include "sql/sqlscript.h"
#include "testcluster.h"
#include "verifyrewrites.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

using namespace PlanLens;

namespace {

const QString kSql = QStringLiteral("SELECT o.id, o.amount, c.name FROM ic_orders o JOIN ic_customers c ON c.id = "
                                    "o.customer_id WHERE o.placed_on = '2024-03-01'");

} // namespace

class TestJoinKeyCastVerify : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void sameRowsAndTheKeyIsProbed();
    void aFractionalValueChangesTheRows();

private:
    QList<Rewrite> propose(PgConnection &conn);
    RewriteVerification verify(PgConnection &conn, const Rewrite &rewrite, int runs);
    Test::TestCluster m_pg;
};

void TestJoinKeyCastVerify::initTestCase()
{
    QString error;
    QVERIFY2(m_pg.start(&error), qPrintable(error));
    // The fixture's data (plans/cases/join-cast-numeric-key.sql).
    QVERIFY2(m_pg.exec(QStringLiteral(
                 "CREATE TABLE ic_customers (id int PRIMARY KEY, name text NOT NULL);"
                 "INSERT INTO ic_customers SELECT i, 'customer ' || i FROM generate_series(1, 200000) i;"
                 "CREATE TABLE ic_orders (id int PRIMARY KEY, customer_id numeric NOT NULL, placed_on date NOT NULL,"
                 " amount numeric(10, 2) NOT NULL);"
                 "INSERT INTO ic_orders SELECT i, 1 + (i * 7919) % 200000, date '2024-01-01' + i % 365, (i % 500) / 5.0"
                 " FROM generate_series(1, 200000) i;"
                 "CREATE INDEX ic_orders_placed_on_idx ON ic_orders (placed_on);"
                 "ANALYZE ic_customers; ANALYZE ic_orders;"),
                 &error),
        qPrintable(error));
}

QList<Rewrite> TestJoinKeyCastVerify::propose(PgConnection &conn)
{
    return PlanLens::Test::proposeOnServer(conn, kSql, QStringLiteral("cast-join-key"), QStringLiteral("ANALYZE, FORMAT JSON"));
}

RewriteVerification TestJoinKeyCastVerify::verify(PgConnection &conn, const Rewrite &rewrite, int runs)
{
    RewriteVerifier::Options options;
    options.runs = runs;
    const auto out = PlanLens::Test::verifyRewrites(conn, std::get<SqlScript>(parseSqlScript(kSql)), { rewrite }, options, 180000);
    const QList<QList<RewriteVerification>> &results = out.results;
    const QList<Rewrite> &rewrites = out.rewrites;
    if (results.size() != 1 || results.first().isEmpty() || rewrites.size() != 1) return {};
    RewriteVerification v = results.first().first();
    // The checks' answers travel in the rewrite: the integer-key check must have held.
    for (const CatalogCheck &c : rewrites.first().checks)
        if (c.id == u"integer-key" && c.holds != std::optional<bool>(true)) v.note = QStringLiteral("integer-key did not hold");
    return v;
}

void TestJoinKeyCastVerify::sameRowsAndTheKeyIsProbed()
{
    PgConnection conn;
    QSignalSpy ok(&conn, &PgConnection::connected);
    conn.connectToServer(m_pg.conninfo());
    QVERIFY(ok.wait(15000));
    const QList<Rewrite> proposed = propose(conn);
    QCOMPARE(proposed.size(), 1);
    QCOMPARE(proposed.first().statements.first(),
        QStringLiteral("SELECT o.id, o.amount, c.name FROM ic_orders o JOIN ic_customers c ON c.id = "
                       "o.customer_id::bigint WHERE o.placed_on = '2024-03-01'"));
    const RewriteVerification v = verify(conn, proposed.first(), 5);
    QVERIFY2(v.error.isEmpty(), qPrintable(v.error));
    QVERIFY2(v.note != u"integer-key did not hold", qPrintable(v.note));
    QCOMPARE(v.rowsEqual, std::optional<bool>(true));
    QVERIFY(v.ran);
    QVERIFY(v.speedup && v.beforeMedianMs && v.afterMedianMs);
    const QJsonObject json = v.toJson();
    const QString before = json.value(QStringLiteral("before_plans")).toArray().first().toString();
    const QString after = json.value(QStringLiteral("after_plans")).toArray().first().toString();
    qInfo("before %.2f ms (%s), after %.2f ms (%s), x%.1f", *v.beforeMedianMs, qPrintable(before), *v.afterMedianMs,
        qPrintable(after), *v.speedup);
    QVERIFY2(before.contains(QStringLiteral("Seq Scan on ic_customers c")), qPrintable(before));
    QVERIFY2(after.contains(QStringLiteral("Index Scan using ic_customers_pkey on ic_customers c")), qPrintable(after));
    QVERIFY2(!after.contains(QStringLiteral("Seq Scan on ic_customers")), qPrintable(after));
}

void TestJoinKeyCastVerify::aFractionalValueChangesTheRows()
{
    // The precondition broken: 7.5 matches no customer in the Before, customer 8 in the After (7.5::bigint = 8).
    QString error;
    QVERIFY2(m_pg.exec(QStringLiteral("INSERT INTO ic_orders VALUES (300001, 7.5, '2024-03-01', 1)"), &error), qPrintable(error));
    PgConnection conn;
    QSignalSpy ok(&conn, &PgConnection::connected);
    conn.connectToServer(m_pg.conninfo());
    QVERIFY(ok.wait(15000));
    const QList<Rewrite> proposed = propose(conn);
    QCOMPARE(proposed.size(), 1);
    const RewriteVerification v = verify(conn, proposed.first(), 1);
    QVERIFY2(m_pg.exec(QStringLiteral("DELETE FROM ic_orders WHERE id = 300001"), &error), qPrintable(error));
    QCOMPARE(v.rowsEqual, std::optional<bool>(false));
    QVERIFY2(v.firstDifference.contains(QStringLiteral("300001")) && v.firstDifference.contains(QStringLiteral("After")),
        qPrintable(v.firstDifference));
}

QTEST_GUILESS_MAIN(TestJoinKeyCastVerify)
#include "tst_joinkeycastverify.moc"
