// SPDX-License-Identifier: MIT
// The demo's incident A pair through the runner, as the window and `planlens run` run it: same rows on both
// sides and the fix more than 50x faster (medians of 7 interleaved runs after 2 warm-ups). Uses the shared
// demo cluster of the CTest fixture (PLANLENS_DEMO_DIR).
#include "db/demodatabase.h"
#include "db/explainrunner.h"
#include "db/pgconnection.h"
#include "testcluster.h"

#include <QFile>
#include <QSignalSpy>
#include <QTest>

using namespace PlanLens;

class TestRunDemo : public QObject
{
    Q_OBJECT
private slots:
    void incidentAPair();
};

void TestRunDemo::incidentAPair()
{
    const QString dir = Test::TestCluster::demoDir();
    QVERIFY2(!dir.isEmpty(), "PLANLENS_DEMO_DIR is not set: run through ctest (demo fixture)");
    DemoDatabase demo(dir);
    QVERIFY2(demo.isRunning(), qPrintable(QStringLiteral("the demo cluster in %1 is not running").arg(dir)));

    DemoDatabase::Example incident;
    for (const DemoDatabase::Example &e : DemoDatabase::examples())
        if (e.id == u"incident-a")
            incident = e;
    QCOMPARE(incident.database, QStringLiteral("tracks"));
    QVERIFY(incident.afterSql.contains(QStringLiteral("$ids")));

    PgConnection conn;
    QSignalSpy connected(&conn, &PgConnection::connected);
    conn.connectToServer(demo.conninfo(QStringLiteral("tracks")));
    QVERIFY2(connected.wait(15000), qPrintable(conn.lastError()));

    ExplainRunner runner(&conn);
    QSignalSpy ready(&runner, &ExplainRunner::resultReady);
    QSignalSpy failed(&runner, &ExplainRunner::runFailed);
    RunRequest req;
    req.beforeSql = incident.beforeSql;
    req.afterSql = incident.afterSql;
    QVERIFY(runner.start(req));
    QVERIFY(ready.wait(300000) || !failed.isEmpty());
    QVERIFY2(failed.isEmpty(), qPrintable(failed.value(0).value(0).toString()));
    const RunResult r = ready.first().first().value<RunResult>();

    qInfo("incident A: before median %.3f ms (min %.3f, max %.3f), after median %.3f ms (min %.3f, max %.3f), "
          "speed-up %.1fx, rows %lld/%lld, rows_equal %d",
          *r.before.medianMs, *r.before.minMs, *r.before.maxMs, *r.after.medianMs, *r.after.minMs, *r.after.maxMs,
          r.speedup.value_or(0), qlonglong(r.before.rows.value_or(-1)), qlonglong(r.after.rows.value_or(-1)),
          int(r.rowsEqual.value_or(false)));
    QCOMPARE(r.runs, 7);
    QCOMPARE(r.warmup, 2);
    QCOMPARE(r.before.runsMs.size(), 7);
    QVERIFY(r.before.rows.value_or(0) > 0);
    QCOMPARE(r.rowsEqual, std::optional<bool>(true));
    QVERIFY2(r.speedup && *r.speedup > 50, qPrintable(QStringLiteral("speed-up %1x").arg(r.speedup.value_or(0))));
    // the after side ran as two statements, the second bound to the first's ids
    QCOMPARE(r.after.statements.size(), 2);
    QVERIFY2(r.after.statements.at(1).note.startsWith(QStringLiteral("$ids bound to")), qPrintable(r.after.statements.at(1).note));
    QVERIFY(r.before.statements.first().explainJson.contains(QStringLiteral("\"Seq Scan\"")));
    QVERIFY(r.after.statements.at(1).explainJson.contains(QStringLiteral("BitmapOr")));
}

QTEST_GUILESS_MAIN(TestRunDemo)
#include "tst_rundemo.moc"
