// SPDX-License-Identifier: MIT
// The throwaway-cluster harness itself: starts, answers EXPLAIN (ANALYZE, FORMAT JSON) through libpq, stops.
#include "testcluster.h"

#include <libpq-fe.h>

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace PlanLens;

class TestLocalCluster : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void explainAnalyzeJsonThroughLibpq();
    void stopAndRestart();
    void unreachableClusterIsReported();

private:
    Test::TestCluster m_pg;
};

void TestLocalCluster::initTestCase()
{
    QString error;
    QVERIFY2(m_pg.start(&error), qPrintable(error));
    QVERIFY2(m_pg.exec(QStringLiteral("CREATE TABLE t AS SELECT g AS id, g % 7 AS k FROM generate_series(1, 10000) g; "
                                      "CREATE INDEX ON t (k); ANALYZE t;"), &error), qPrintable(error));
}

void TestLocalCluster::explainAnalyzeJsonThroughLibpq()
{
    PGconn *c = PQconnectdb(m_pg.conninfo().toUtf8().constData());
    QVERIFY2(PQstatus(c) == CONNECTION_OK, PQerrorMessage(c));
    PGresult *r = PQexec(c, "EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) SELECT count(*) FROM t WHERE k = 3");
    QCOMPARE(PQresultStatus(r), PGRES_TUPLES_OK);
    QCOMPARE(PQntuples(r), 1);
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray(PQgetvalue(r, 0, 0)));
    PQclear(r);
    PQfinish(c);
    const QJsonObject top = doc.array().at(0).toObject();
    QCOMPARE(top.value(QStringLiteral("Plan")).toObject().value(QStringLiteral("Node Type")).toString(),
             QStringLiteral("Aggregate"));
    QVERIFY(top.value(QStringLiteral("Execution Time")).toDouble() > 0);
    QCOMPARE(top.value(QStringLiteral("Plan")).toObject().value(QStringLiteral("Actual Rows")).toInt(), 1);
}

void TestLocalCluster::stopAndRestart()
{
    QString error;
    QVERIFY(m_pg.cluster().isRunning());
    QVERIFY2(m_pg.cluster().stop(&error), qPrintable(error));
    QVERIFY(!m_pg.cluster().isRunning());
    QVERIFY2(m_pg.start(&error), qPrintable(error));
    QVERIFY(m_pg.cluster().isRunning());
    QVERIFY(QFileInfo::exists(m_pg.cluster().dir() + QStringLiteral("/port")));
}

void TestLocalCluster::unreachableClusterIsReported()
{
    LocalCluster nowhere(m_pg.cluster().dir() + QStringLiteral("-missing"), 1);
    QVERIFY(!nowhere.exists());
    QVERIFY(!nowhere.isRunning());
    QString error;
    QVERIFY(!nowhere.runPsql(QStringLiteral("postgres"), QStringLiteral("SELECT 1"), false, &error));
    QVERIFY2(error.contains(QStringLiteral("psql")), qPrintable(error));
}

QTEST_GUILESS_MAIN(TestLocalCluster)
#include "tst_localcluster.moc"
