// SPDX-License-Identifier: MIT
// The create-statistics advice verified on a throwaway cluster (issue 13, item 8): the verifier creates the
// statistics and ANALYZEs inside a transaction it always rolls back, plans the statement again and reports the
// scan's estimate before and after next to the actual rows. Afterwards the statistics object does not exist, also
// when the probe fails half-way (the name is taken). `planlens rewrite --verify --json` carries the figures.
#include "plan/planparser.h"
#include "queryscalar.h"
#include "rewrite/rewrite.h"
#include "rewrite/rewriteverifier.h"
#include "sql/sqlscript.h"
#include "testcluster.h"
#include "verifyrewrites.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace PlanLens;

namespace {

const QString kSql = QStringLiteral("SELECT id, street FROM zc_addresses a WHERE a.zip = '10042' AND a.city = 'city 21'");
const QString kStats = QStringLiteral("zc_addresses_zip_city_stats");

} // namespace

class TestStatisticsVerify : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void estimateImprovesAndIsRolledBack();
    void failureIsRolledBackToo();
    void cliReportsTheEstimates();
    void stopLeavesNoTransaction();

private:
    QList<Rewrite> propose(PgConnection &conn);
    QList<QList<RewriteVerification>> verify(PgConnection &conn, const QList<Rewrite> &rewrites);
    Test::TestCluster m_pg;
};

void TestStatisticsVerify::initTestCase()
{
    QString error;
    QVERIFY2(m_pg.start(&error), qPrintable(error));
    // city is a function of zip (two zip codes per city): the planner multiplies 1/100 by 1/50.
    QVERIFY2(m_pg.exec(QStringLiteral(
                 "CREATE TABLE zc_addresses (id int PRIMARY KEY, zip text NOT NULL, city text NOT NULL, street text NOT NULL);"
                 "INSERT INTO zc_addresses SELECT i, lpad((10000 + i % 100)::text, 5, '0'), 'city ' || (i % 100) / 2,"
                 " 'street ' || i % 997 FROM generate_series(1, 100000) i;"
                 "CREATE INDEX zc_addresses_zip_idx ON zc_addresses (zip);"
                 "ANALYZE zc_addresses;"),
                 &error),
             qPrintable(error));
}

QList<Rewrite> TestStatisticsVerify::propose(PgConnection &conn)
{
    return PlanLens::Test::proposeOnServer(conn, kSql, QStringLiteral("create-statistics"));
}

QList<QList<RewriteVerification>> TestStatisticsVerify::verify(PgConnection &conn, const QList<Rewrite> &rewrites)
{
    RewriteVerifier::Options options;
    options.runs = 1;
    const auto out = PlanLens::Test::verifyRewrites(conn, std::get<SqlScript>(parseSqlScript(kSql)), rewrites, options, 60000);
    if (!out.error.isEmpty())
        qWarning() << "verifier:" << out.error;
    return out.results;
}

void TestStatisticsVerify::estimateImprovesAndIsRolledBack()
{
    PgConnection conn;
    QSignalSpy ok(&conn, &PgConnection::connected);
    conn.connectToServer(m_pg.conninfo());
    QVERIFY(ok.wait(15000));

    const QList<Rewrite> proposed = propose(conn);
    QCOMPARE(proposed.size(), 1);
    QCOMPARE(proposed.first().statements.first(),
             QStringLiteral("CREATE STATISTICS zc_addresses_zip_city_stats (dependencies, mcv) ON zip, city FROM zc_addresses"));

    const QList<QList<RewriteVerification>> results = verify(conn, proposed);
    QCOMPARE(results.size(), 1);
    QCOMPARE(results.first().size(), 1);
    const RewriteVerification &v = results.first().first();
    QVERIFY2(v.error.isEmpty(), qPrintable(v.error));
    QVERIFY2(v.statistics.has_value(), qPrintable(v.note));
    const StatisticsEffect &e = *v.statistics;
    QVERIFY(e.estimateBefore && e.estimateAfter && e.actualRows);
    qInfo("estimate before %g, after %g, actual %g (%s)", *e.estimateBefore, *e.estimateAfter, *e.actualRows,
          qPrintable(e.nodeAfter));
    QCOMPARE(*e.actualRows, 1000.0);
    QVERIFY2(*e.estimateBefore * 10 <= *e.actualRows, "the fixture must start 10x off");
    // Closer to the actual rows, and within a factor of two of them.
    QVERIFY(std::abs(*e.estimateAfter - *e.actualRows) < std::abs(*e.estimateBefore - *e.actualRows));
    QVERIFY2(*e.estimateAfter >= *e.actualRows / 2 && *e.estimateAfter <= *e.actualRows * 2,
             qPrintable(QString::number(*e.estimateAfter)));
    QVERIFY(e.rolledBack);
    QVERIFY2(v.note.contains(QStringLiteral("rolled back")), qPrintable(v.note));
    const QJsonObject json = v.toJson().value(QStringLiteral("statistics")).toObject();
    QCOMPARE(json.value(QStringLiteral("estimate_before")).toDouble(), *e.estimateBefore);
    QCOMPARE(json.value(QStringLiteral("estimate_after")).toDouble(), *e.estimateAfter);
    QCOMPARE(json.value(QStringLiteral("actual_rows")).toDouble(), 1000.0);

    // Rolled back: no statistics object, and the session is not left inside a transaction.
    bool fine = false;
    QCOMPARE(PlanLens::Test::queryScalar(conn, QStringLiteral("SELECT count(*) FROM pg_statistic_ext WHERE stxname = '%1'").arg(kStats), &fine),
             QStringLiteral("0"));
    QVERIFY(fine);
    // The catalog check ran and held (there were no statistics on these columns).
    QCOMPARE(PlanLens::Test::queryScalar(conn, proposed.first().checks.first().sql), QStringLiteral("t"));
    // And the planner is back to its old estimate (the new pg_statistic rows went with the transaction).
    const QString again = PlanLens::Test::queryScalar(conn, QStringLiteral("EXPLAIN (FORMAT JSON) ") + kSql);
    Result<Plan> plan = parsePlan(again);
    QVERIFY(std::holds_alternative<Plan>(plan));
    QCOMPARE(std::get<Plan>(plan).root().planRows, e.estimateBefore);
}

void TestStatisticsVerify::failureIsRolledBackToo()
{
    PgConnection conn;
    QSignalSpy ok(&conn, &PgConnection::connected);
    conn.connectToServer(m_pg.conninfo());
    QVERIFY(ok.wait(15000));
    const QList<Rewrite> proposed = propose(conn);
    QCOMPARE(proposed.size(), 1);
    // Another object already holds the name: CREATE STATISTICS fails inside the probe's transaction.
    QString error;
    QVERIFY2(m_pg.exec(QStringLiteral("CREATE STATISTICS %1 (ndistinct) ON zip, street FROM zc_addresses").arg(kStats), &error),
             qPrintable(error));
    const QList<QList<RewriteVerification>> results = verify(conn, proposed);
    QVERIFY2(m_pg.exec(QStringLiteral("DROP STATISTICS %1").arg(kStats), &error), qPrintable(error));
    QCOMPARE(results.size(), 1);
    QCOMPARE(results.first().size(), 1);
    const RewriteVerification &v = results.first().first();
    QCOMPARE(v.errorSqlState, QStringLiteral("42710"));   // duplicate_object
    QVERIFY(!v.statistics);
    // The failed transaction was rolled back: the connection takes new statements (25P02 otherwise).
    bool fine = false;
    QCOMPARE(PlanLens::Test::queryScalar(conn, QStringLiteral("SELECT 41 + 1"), &fine), QStringLiteral("42"));
    QVERIFY(fine);
}

void TestStatisticsVerify::cliReportsTheEstimates()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    PgConnection conn;
    QSignalSpy ok(&conn, &PgConnection::connected);
    conn.connectToServer(m_pg.conninfo());
    QVERIFY(ok.wait(15000));
    const QString plan = PlanLens::Test::queryScalar(conn, QStringLiteral("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ") + kSql);
    QFile p(dir.filePath(QStringLiteral("plan.json"))), s(dir.filePath(QStringLiteral("q.sql")));
    QVERIFY(p.open(QIODevice::WriteOnly) && s.open(QIODevice::WriteOnly));
    p.write(plan.toUtf8());
    s.write(kSql.toUtf8());
    p.close();
    s.close();
    QProcess cli;
    cli.start(QStringLiteral(PLANLENS_BINARY),
              {QStringLiteral("rewrite"), s.fileName(), QStringLiteral("--plan"), p.fileName(), QStringLiteral("--dsn"),
               m_pg.conninfo(), QStringLiteral("--verify"), QStringLiteral("--runs"), QStringLiteral("1"),
               QStringLiteral("--json")});
    QVERIFY(cli.waitForFinished(120000));
    QVERIFY2(cli.exitCode() == 0, cli.readAllStandardError().constData());
    const QJsonArray rewrites = QJsonDocument::fromJson(cli.readAllStandardOutput()).object().value(QStringLiteral("rewrites")).toArray();
    int found = 0;
    for (const QJsonValue &r : rewrites) {
        if (r.toObject().value(QStringLiteral("rule")).toString() != u"create-statistics") continue;
        ++found;
        const QJsonObject stats = r.toObject().value(QStringLiteral("verified")).toObject().value(QStringLiteral("statistics")).toObject();
        QVERIFY2(stats.value(QStringLiteral("estimate_after")).toDouble() > 10 * stats.value(QStringLiteral("estimate_before")).toDouble(),
                 qPrintable(QJsonDocument(stats).toJson()));
        QCOMPARE(stats.value(QStringLiteral("actual_rows")).toDouble(), 1000.0);
        QCOMPARE(stats.value(QStringLiteral("rolled_back")).toBool(), true);
    }
    QCOMPARE(found, 1);
    QCOMPARE(PlanLens::Test::queryScalar(conn, QStringLiteral("SELECT count(*) FROM pg_statistic_ext")), QStringLiteral("0"));
}

void TestStatisticsVerify::stopLeavesNoTransaction()
{
    // Stopped at each step of the probe in turn (the n-th query the verifier sends after announcing the probe):
    // the connection ends up outside any transaction, with no statistics object and no lock on the table.
    PgConnection conn;
    QSignalSpy ok(&conn, &PgConnection::connected);
    conn.connectToServer(m_pg.conninfo());
    QVERIFY(ok.wait(15000));
    const QList<Rewrite> proposed = propose(conn);
    QCOMPARE(proposed.size(), 1);
    int stoppedRuns = 0;
    for (int step = 0; step < 5; ++step) {
        RewriteVerifier verifier(&conn);
        QSignalSpy failed(&verifier, &RewriteVerifier::failed);
        bool probing = false;
        int sent = 0;
        connect(&verifier, &RewriteVerifier::progress, this, [&](const QString &m) {
            probing = probing || m.startsWith(QStringLiteral("create-statistics: planning"));
            if (probing && step == 0) verifier.stop();
        });
        connect(&conn, &PgConnection::queryFinished, &verifier, [&] {
            if (probing && ++sent == step && verifier.isRunning()) verifier.stop();
        });
        RewriteVerifier::Options options;
        options.runs = 1;
        verifier.start(std::get<SqlScript>(parseSqlScript(kSql)), proposed, options);
        QTRY_VERIFY_WITH_TIMEOUT(!verifier.isRunning(), 60000);
        QTRY_VERIFY_WITH_TIMEOUT(!conn.isBusy(), 10000);
        QTest::qWait(200); // a ROLLBACK sent after the stop is answered
        QTRY_VERIFY_WITH_TIMEOUT(!conn.isBusy(), 10000);
        if (!failed.isEmpty()) ++stoppedRuns;
        QCOMPARE(PlanLens::Test::queryScalar(conn, QStringLiteral("SELECT xact_start = query_start FROM pg_stat_activity WHERE pid = pg_backend_pid()")),
                 QStringLiteral("t"));
        QCOMPARE(PlanLens::Test::queryScalar(conn, QStringLiteral("SELECT count(*) FROM pg_statistic_ext")), QStringLiteral("0"));
    }
    QVERIFY2(stoppedRuns >= 4, qPrintable(QString::number(stoppedRuns)));
}

QTEST_GUILESS_MAIN(TestStatisticsVerify)
#include "tst_statisticsverify.moc"
