// SPDX-License-Identifier: MIT
// Faults in the middle of a run, in the window, against a real throwaway cluster: the backend terminated while the
// Before runs and while the After runs, the server stopped (immediate) and started again, one side hitting the
// statement timeout, and a network path that stops answering (a TCP relay the test pauses: the answer timeout
// fires; Esc ends the run while the path is still dead), and the backend terminated while Try as After compares
// the rows (its statement waits on a lock another session holds) and during the rewrites' catalog checks (the relay
// holds their query while the backend is terminated). Each ends with a clear message, the editors keep their text,
// and the next run works without restarting anything.
#include "mainwindow.h"
#include "rewritepanel.h"
#include "sqleditor.h"
#include "stallproxy.h"
#include "testcluster.h"
#include "testdata.h"
#include "workbench/runcontroller.h"
#include "workbench/runsettings.h"

#include <QFuture>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTest>
#include <QThreadPool>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>

using namespace PlanLens;

class TestFaults : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void backendTerminated_data();
    void backendTerminated();
    void serverStopsMidRunAndComesBack();
    void statementTimeoutOnOneSideKeepsTheOther();
    void stalledNetworkTimesOut();
    void stalledNetworkEscapeStops();
    void tryAsAfterLosesItsBackend();
    void catalogChecksLoseTheirBackend();

private:
    struct Window;
    // Runs the pair and waits for runFinished; returns its ok flag, or nullopt when it never came.
    static std::optional<bool> runAndWait(MainWindow &w, int timeoutMs);
    // On a thread of its own (psql blocks, and the run needs this thread's event loop to go on): waits until a
    // PlanLens backend runs a statement containing `marker`, then terminates it (or, terminate=false, only waits).
    QFuture<QString> whenRunning(const QString &marker, bool terminate);
    void checkNextRunWorks(MainWindow &w);
    // Starts `proxy` in front of the test cluster; `viaProxy` is the conninfo that goes through it.
    bool listenInFront(PlanLens::Test::StallProxy &proxy, QString *viaProxy);

    PlanLens::Test::TestCluster m_pg;
    QThreadPool m_pool;   // psql helpers that wait on the server: not the global pool, which Qt itself borrows
};

void TestFaults::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    m_pool.setMaxThreadCount(4);
    QString error;
    QVERIFY2(m_pg.start(&error), qPrintable(error));
    QVERIFY2(m_pg.exec(QStringLiteral("CREATE TABLE t AS SELECT g AS id FROM generate_series(1, 1000) g;"), &error),
             qPrintable(error));
    // Incident A's shape in small, for Try as After: an owner OR a collaboration, and the prefetch rewrite for it.
    QVERIFY2(m_pg.exec(QStringLiteral(
                 "CREATE TABLE tracks (track_id int PRIMARY KEY, owner_id int NOT NULL, title text NOT NULL);"
                 "CREATE INDEX ON tracks (owner_id);"
                 "CREATE TABLE track_collaborators (track_id int NOT NULL, collaborator_user_id int NOT NULL,"
                 "  status text NOT NULL, PRIMARY KEY (collaborator_user_id, track_id));"
                 "INSERT INTO tracks SELECT g, g % 500, 'track ' || g FROM generate_series(1, 50000) g;"
                 "INSERT INTO track_collaborators SELECT g, 7, 'accepted' FROM generate_series(3, 50000, 997) g;"
                 "ANALYZE;"),
                       &error),
             qPrintable(error));
}

std::optional<bool> TestFaults::runAndWait(MainWindow &w, int timeoutMs)
{
    QSignalSpy finished(&w, &MainWindow::runFinished);
    w.runPair();
    if (!finished.wait(timeoutMs))
        return std::nullopt;
    return finished.first().first().toBool();
}

QFuture<QString> TestFaults::whenRunning(const QString &marker, bool terminate)
{
    const QString action = terminate ? QStringLiteral("count(pg_terminate_backend(pid))") : QStringLiteral("count(*)");
    const QString sql = QStringLiteral(
        "DO $$ DECLARE n int := 0; BEGIN\n"
        "  FOR i IN 1..200 LOOP\n"
        "    PERFORM pg_stat_clear_snapshot();\n"   // pg_stat_activity is read once per transaction otherwise
        "    SELECT %2 INTO n FROM pg_stat_activity\n"
        "     WHERE application_name = 'planlens' AND state = 'active' AND query LIKE '%%1%';\n"
        "    EXIT WHEN n > 0;\n"
        "    PERFORM pg_sleep(0.1);\n"
        "  END LOOP;\n"
        "  IF n = 0 THEN RAISE EXCEPTION 'no PlanLens backend ran %', '%1'; END IF;\n"
        "END $$;")
                            .arg(marker, action);
    return QtConcurrent::run(&m_pool, [this, sql] {
        QString error;
        return m_pg.exec(sql, &error) ? QString() : (error.isEmpty() ? QStringLiteral("psql failed") : error);
    });
}

bool TestFaults::listenInFront(PlanLens::Test::StallProxy &proxy, QString *viaProxy)
{
    QString error;
    const QString socket = m_pg.cluster().dir() + QStringLiteral("/.s.PGSQL.%1").arg(m_pg.cluster().port());
    if (!proxy.listen(socket, &error)) {
        qWarning("StallProxy: %s", qPrintable(error));
        return false;
    }
    *viaProxy = m_pg.conninfo() + QStringLiteral(" host=127.0.0.1 port=%1").arg(proxy.port());
    return true;
}

void TestFaults::checkNextRunWorks(MainWindow &w)
{
    w.beforeEditor()->setText(QStringLiteral("SELECT count(*) FROM t"));
    w.afterEditor()->setText(QStringLiteral("SELECT count(*) FROM t WHERE id > 0"));
    const std::optional<bool> ok = runAndWait(w, 60000);
    QVERIFY2(ok.has_value(), "the next run did not finish");
    QVERIFY2(*ok, qPrintable(w.verdictText()));
    QVERIFY2(w.verdictText().contains(QStringLiteral("rows equal")), qPrintable(w.verdictText()));
}

void TestFaults::backendTerminated_data()
{
    QTest::addColumn<QString>("before");
    QTest::addColumn<QString>("after");
    QTest::addColumn<QString>("marker");
    QTest::newRow("during the Before") << QStringLiteral("SELECT 1;\nSELECT pg_sleep(30) AS before_marker")
                                       << QStringLiteral("SELECT 2") << QStringLiteral("before_marker");
    QTest::newRow("during the After") << QStringLiteral("SELECT count(*) FROM t")
                                      << QStringLiteral("SELECT pg_sleep(30) AS after_marker") << QStringLiteral("after_marker");
}

void TestFaults::backendTerminated()
{
    QFETCH(QString, before);
    QFETCH(QString, after);
    QFETCH(QString, marker);
    MainWindow w;
    w.show();
    w.setConninfo(m_pg.conninfo());
    w.beforeEditor()->setText(before);
    w.afterEditor()->setText(after);
    w.setRunRounds(1, 0);
    QSignalSpy finished(&w, &MainWindow::runFinished);
    w.runPair();
    const QFuture<QString> terminated = whenRunning(marker, true);
    QVERIFY(finished.wait(30000));
    QCOMPARE(terminated.result(), QString());
    QCOMPARE(finished.first().first().toBool(), false);
    const QString verdict = w.verdictText();
    QVERIFY2(verdict.contains(QStringLiteral("connection to the server was lost")), qPrintable(verdict));
    QVERIFY2(verdict.contains(QStringLiteral("administrator command")), qPrintable(verdict));
    QVERIFY2(verdict.contains(QStringLiteral("next run reconnects")), qPrintable(verdict));
    QCOMPARE(w.beforeEditor()->text(), before);
    QCOMPARE(w.afterEditor()->text(), after);
    QVERIFY(!w.isRunning());
    checkNextRunWorks(w);
}

void TestFaults::serverStopsMidRunAndComesBack()
{
    MainWindow w;
    w.show();
    w.setConninfo(m_pg.conninfo());
    const QString after = QStringLiteral("SELECT pg_sleep(30) AS stop_marker");
    w.beforeEditor()->setText(QStringLiteral("SELECT 1"));
    w.afterEditor()->setText(after);
    w.setRunRounds(1, 0);
    QSignalSpy finished(&w, &MainWindow::runFinished);
    w.runPair();
    const QFuture<QString> running = whenRunning(QStringLiteral("stop_marker"), false);
    QTRY_VERIFY_WITH_TIMEOUT(running.isFinished(), 30000);
    QVERIFY2(running.result().isEmpty(), qPrintable(running.result() + QStringLiteral(" | verdict: ") + w.verdictText()));
    QString error;
    QVERIFY2(m_pg.cluster().stop(&error, true), qPrintable(error));
    QVERIFY(finished.wait(20000));
    QCOMPARE(finished.first().first().toBool(), false);
    QVERIFY2(w.verdictText().contains(QStringLiteral("connection to the server was lost")), qPrintable(w.verdictText()));
    QCOMPARE(w.afterEditor()->text(), after);

    // While the server is down, Connect says so and nothing hangs; once it is back, Connect works again.
    w.connectToDatabase();
    QTRY_VERIFY_WITH_TIMEOUT(!w.connectionText().contains(QStringLiteral("Connecting")), 20000);
    QVERIFY2(!w.connectionText().startsWith(QStringLiteral("Connected")), qPrintable(w.connectionText()));
    QVERIFY2(m_pg.start(&error), qPrintable(error));
    w.connectToDatabase();
    QTRY_VERIFY_WITH_TIMEOUT(w.connectionText().startsWith(QStringLiteral("Connected")), 20000);
    checkNextRunWorks(w);
}

void TestFaults::statementTimeoutOnOneSideKeepsTheOther()
{
    MainWindow w;
    w.show();
    w.setConninfo(m_pg.conninfo());
    RunSettings *settings = w.findChild<RunSettings *>();
    QVERIFY(settings);
    settings->setTimeoutMs(1000);
    w.beforeEditor()->setText(QStringLiteral("SELECT count(*) FROM t"));
    w.afterEditor()->setText(QStringLiteral("SELECT pg_sleep(20)"));
    w.setRunRounds(3, 0);
    const std::optional<bool> ok = runAndWait(w, 30000);
    QVERIFY(ok.has_value());
    const QString verdict = w.verdictText();
    QVERIFY2(verdict.contains(QStringLiteral("After timed out")), qPrintable(verdict));
    QVERIFY2(verdict.contains(QStringLiteral("over the 1 s statement timeout")), qPrintable(verdict));
    // The side's header names the statement.
    const QLabel *header = w.findChild<QLabel *>(QStringLiteral("AfterPlanHeader"));
    QVERIFY(header);
    QVERIFY2((header->text() + header->toolTip()).contains(QStringLiteral("statement 1 (line 1)")),
             qPrintable(header->text() + u'|' + header->toolTip()));
    QVERIFY2(verdict.contains(QStringLiteral("Before ")) && verdict.contains(QStringLiteral("median of 3 runs")),
             qPrintable(verdict));
    QVERIFY2(!verdict.contains(QStringLiteral("faster")) && !verdict.contains(QStringLiteral("rows equal")),
             qPrintable(verdict));
    w.resize(1440, 900);
    QVERIFY(w.grab().save(::Test::screenshotPath(QStringLiteral("faults-one-side-timeout.png"))));
    QTest::keyClick(&w, Qt::Key_2, Qt::AltModifier);   // the After tab: why it has no plan
    QVERIFY(w.grab().save(::Test::screenshotPath(QStringLiteral("faults-one-side-timeout-after.png"))));
    settings->setTimeoutMs(60000);
    checkNextRunWorks(w);
}

void TestFaults::stalledNetworkTimesOut()
{
    PlanLens::Test::StallProxy proxy;
    QString viaProxy;
    QVERIFY(listenInFront(proxy, &viaProxy));

    MainWindow w;
    w.show();
    w.setConninfo(viaProxy);
    w.findChild<RunSettings *>()->setTimeoutMs(1000);
    w.connectToDatabase();
    QTRY_VERIFY_WITH_TIMEOUT(w.connectionText().startsWith(QStringLiteral("Connected")), 20000);
    const QString before = QStringLiteral("SELECT count(*) FROM t");
    w.beforeEditor()->setText(before);
    w.afterEditor()->setText(QStringLiteral("SELECT 1"));
    w.setRunRounds(1, 0);

    proxy.setStalled(true);
    // The event loop keeps turning while the path is dead: this timer keeps firing.
    int ticks = 0;
    QTimer tick;
    connect(&tick, &QTimer::timeout, this, [&ticks] { ++ticks; });
    tick.start(50);
    const std::optional<bool> ok = runAndWait(w, 30000);
    tick.stop();
    QVERIFY2(ok.has_value(), "the run hung on a stalled network path");
    QCOMPARE(*ok, false);
    QVERIFY2(ticks > 20, qPrintable(QString::number(ticks)));
    const QString verdict = w.verdictText();
    QVERIFY2(verdict.contains(QStringLiteral("No answer from the server")), qPrintable(verdict));
    QVERIFY2(verdict.contains(QStringLiteral("stalls")), qPrintable(verdict));
    QVERIFY2(verdict.contains(QStringLiteral("next run reconnects")), qPrintable(verdict));
    QCOMPARE(w.beforeEditor()->text(), before);

    proxy.setStalled(false);
    w.findChild<RunSettings *>()->setTimeoutMs(60000);
    checkNextRunWorks(w);
}

void TestFaults::stalledNetworkEscapeStops()
{
    PlanLens::Test::StallProxy proxy;
    QString viaProxy;
    QVERIFY(listenInFront(proxy, &viaProxy));

    MainWindow w;
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    w.setConninfo(viaProxy);
    w.connectToDatabase();
    QTRY_VERIFY_WITH_TIMEOUT(w.connectionText().startsWith(QStringLiteral("Connected")), 20000);
    const QString before = QStringLiteral("SELECT pg_sleep(0.2)");
    w.beforeEditor()->setText(before);
    w.afterEditor()->setText(QStringLiteral("SELECT 1"));
    w.setRunRounds(1, 0);

    proxy.setStalled(true);
    QSignalSpy finished(&w, &MainWindow::runFinished);
    w.runPair();
    QTRY_VERIFY_WITH_TIMEOUT(w.isRunning(), 5000);
    QTest::qWait(300);
    w.activateWindow();
    w.beforeEditor()->setFocus();
    QTest::keyClick(w.beforeEditor(), Qt::Key_Escape);
    // The cancel request cannot get through either: PlanLens gives it PgConnection::kCancelAnswerMs, then closes.
    QVERIFY2(finished.wait(20000), "Esc did not end the run on a stalled path");
    QCOMPARE(finished.first().first().toBool(), false);
    QVERIFY2(w.verdictText().contains(QStringLiteral("Stopped")), qPrintable(w.verdictText()));
    QCOMPARE(w.beforeEditor()->text(), before);
    QVERIFY(!w.isRunning());

    proxy.setStalled(false);
    checkNextRunWorks(w);
}

void TestFaults::tryAsAfterLosesItsBackend()
{
    MainWindow w;
    w.show();
    w.setConninfo(m_pg.conninfo());
    const QString before = QStringLiteral(
        "SELECT track_id, title FROM tracks\n"
        "WHERE owner_id = 7\n"
        "   OR track_id IN (SELECT track_id FROM track_collaborators WHERE collaborator_user_id = 7 AND status = 'accepted')\n"
        "ORDER BY track_id LIMIT 50");
    w.beforeEditor()->setText(before);
    w.afterEditor()->setText(before);
    w.setRunRounds(1, 0);
    const std::optional<bool> ran = runAndWait(w, 60000);
    QVERIFY2(ran && *ran, qPrintable(w.verdictText()));
    QTRY_VERIFY_WITH_TIMEOUT(!w.isRunning() && !w.isAdviceBusy(), 20000);   // the rewrites' catalog checks too
    RewritePanel *rewrites = w.rewritePanel();
    QVERIFY(rewrites->showRule(QStringLiteral("prefetch-any-array")));

    // Another session locks track_collaborators: the first statement of the try that reads it waits on the server,
    // and is terminated there.
    QFuture<QString> locker = QtConcurrent::run(&m_pool, [this] {
        QString error;
        m_pg.exec(QStringLiteral("BEGIN; LOCK TABLE track_collaborators IN ACCESS EXCLUSIVE MODE; "
                                 "SELECT pg_sleep(30) AS lock_marker; COMMIT;"),
                  &error);
        return error;
    });
    auto lockHeld = [this] {
        QString error;
        return m_pg.exec(QStringLiteral(
                             "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_locks l JOIN pg_class c ON c.oid = l.relation"
                             " WHERE c.relname = 'track_collaborators' AND l.mode = 'AccessExclusiveLock' AND l.granted)"
                             " THEN RAISE EXCEPTION 'not yet'; END IF; END $$;"),
                         &error);
    };
    QTRY_VERIFY_WITH_TIMEOUT(lockHeld(), 20000);
    QSignalSpy finished(&w, &MainWindow::runFinished);
    const QFuture<QString> terminated = whenRunning(QStringLiteral("track_collaborators"), true);
    rewrites->findChild<QPushButton *>(QStringLiteral("TryAsAfter"))->click();
    const QString tried = w.afterEditor()->text();
    QVERIFY2(tried.contains(QStringLiteral("ANY($ids)")), qPrintable(tried));
    QVERIFY2(finished.wait(40000), qPrintable(w.verdictText()));
    QVERIFY2(terminated.result().isEmpty(), qPrintable(terminated.result() + QStringLiteral(" | ") + w.verdictText()));
    QCOMPARE(finished.first().first().toBool(), false);
    QVERIFY2(w.verdictText().contains(QStringLiteral("connection to the server was lost")), qPrintable(w.verdictText()));
    QCOMPARE(w.beforeEditor()->text(), before);
    QCOMPARE(w.afterEditor()->text(), tried);   // the tried rewrite stays where Try put it (Ctrl+Z brings the old one)

    // Let the lock go, then the window runs again on a new connection.
    QString error;
    QVERIFY2(m_pg.exec(QStringLiteral("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                      "WHERE query LIKE '%lock_marker%' AND pid <> pg_backend_pid();"),
                       &error),
             qPrintable(error));
    locker.waitForFinished();
    checkNextRunWorks(w);
}

void TestFaults::catalogChecksLoseTheirBackend()
{
    PlanLens::Test::StallProxy proxy;
    QString viaProxy;
    QVERIFY(listenInFront(proxy, &viaProxy));

    MainWindow w;
    w.show();
    w.setConninfo(viaProxy);
    const QString before = QStringLiteral(
        "SELECT track_id, title FROM tracks\n"
        "WHERE owner_id = 7\n"
        "   OR track_id IN (SELECT track_id FROM track_collaborators WHERE collaborator_user_id = 7 AND status = 'accepted')\n"
        "ORDER BY track_id LIMIT 50");
    w.beforeEditor()->setText(before);
    w.afterEditor()->setText(before);
    w.setRunRounds(1, 0);
    auto *runs = w.findChild<RunController *>();
    QVERIFY(runs);
    QSignalSpy checksFailed(runs, &RunController::preconditionsFailed);
    QSignalSpy checksDone(runs, &RunController::preconditionsChecked);
    // The path stops answering as soon as the run is over: what the connection sends next is the rewrites' catalog
    // checks, which then wait in the relay.
    connect(&w, &MainWindow::runFinished, &proxy, [&proxy] { proxy.setStalled(true); });
    const std::optional<bool> ran = runAndWait(w, 60000);
    QVERIFY2(ran && *ran, qPrintable(w.verdictText()));
    QTRY_VERIFY_WITH_TIMEOUT(runs->isRunning() && !runs->isBusyForUser(), 20000);   // the checks are in flight
    QCOMPARE(checksDone.count(), 0);

    // The backend, idle on the server side (its query is still in the relay), is terminated; then the relay lets the
    // query through to the closed connection.
    QString error;
    QVERIFY2(m_pg.exec(QStringLiteral(
                 "DO $$ BEGIN IF (SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                 " WHERE application_name = 'planlens') = 0 THEN RAISE EXCEPTION 'no PlanLens backend'; END IF; END $$;"),
                       &error),
             qPrintable(error));
    proxy.setStalled(false);
    QTRY_COMPARE_WITH_TIMEOUT(checksFailed.count(), 1, 20000);
    QCOMPARE(checksDone.count(), 0);
    QVERIFY(!runs->isRunning());
    // The checks' failure names the lost connection, and so does the status line (the connection's own message,
    // which follows the checks' "Could not check the rewrites' preconditions: ...").
    const QString why = checksFailed.first().first().toString();
    QVERIFY2(why.contains(QStringLiteral("connection")), qPrintable(why));
    const QString status = w.statusBar()->currentMessage();
    QVERIFY2(status.contains(QStringLiteral("connection to the server was lost")), qPrintable(status));
    QCOMPARE(w.beforeEditor()->text(), before);
    QCOMPARE(w.afterEditor()->text(), before);
    checkNextRunWorks(w);
}

QTEST_MAIN(TestFaults)
#include "tst_faults.moc"
