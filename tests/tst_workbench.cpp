// SPDX-License-Identifier: MIT
// The whole workbench as a user drives it, on the demo database of the CTest fixture (PLANLENS_DEMO_DIR):
// load incident A, run the pair, read the verdict, the plans, the findings and the proposed rewrite, try the
// rewrite as After; the same for incident B; a failing statement is marked; sessions keep no password.
// Screenshots go to build/screenshots/.
#include "compareview.h"
#include "db/demodatabase.h"
#include "db/pgconnection.h"
#include "findingspanel.h"
#include "mainwindow.h"
#include "plangraphview.h"
#include "planview.h"
#include "rewritepanel.h"
#include "sqleditor.h"
#include "workbench/parametertable.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QLabel>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace PlanLens;

class TestWorkbench : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void incidentARunFindsAndFixes();
    void incidentBTryAsAfterChecksTheMapping();
    void emptyPrefetchFormForAUserWithoutCollaborations();
    void failingStatementIsMarkedAndTextKept();
    void writesAreRefusedInTheWindow();
    void escapeCancelsALongRun();
    void sessionRoundTripKeepsNoPassword();
    void planFilesOpenOffTheGuiThread();
    void parameterTableSkipsArrayParameters();

private:
    static void grab(QWidget *w, const QString &name);
    static bool waitRun(MainWindow &w, int timeoutMs = 240000);
    QString m_demoDir;
};

void TestWorkbench::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("PlanLensTest"));
    QCoreApplication::setApplicationName(QStringLiteral("PlanLensWorkbenchTest"));
    QSettings().clear();
    m_demoDir = qEnvironmentVariable("PLANLENS_DEMO_DIR");
    QVERIFY2(!m_demoDir.isEmpty(), "PLANLENS_DEMO_DIR is not set: run through ctest (demo fixture)");
}

void TestWorkbench::grab(QWidget *w, const QString &name)
{
    const QString out = QStringLiteral(PLANLENS_BUILD_DIR "/screenshots/") + name + QStringLiteral(".png");
    QDir().mkpath(QFileInfo(out).path());
    QVERIFY(w->grab().save(out));
}

bool TestWorkbench::waitRun(MainWindow &w, int timeoutMs)
{
    QSignalSpy finished(&w, &MainWindow::runFinished);
    return finished.wait(timeoutMs);
}

void TestWorkbench::incidentARunFindsAndFixes()
{
    MainWindow w;
    w.resize(1500, 1000);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    w.loadExample(QStringLiteral("incident-a"));
    QCOMPARE(w.conninfo(), DemoDatabase(m_demoDir).conninfo(QStringLiteral("tracks")));
    w.setRunRounds(3, 1);

    QSignalSpy finished(&w, &MainWindow::runFinished);
    w.runPair();
    QVERIFY(w.isRunning());
    QVERIFY2(finished.wait(240000), qPrintable(w.verdictText()));
    QCOMPARE(finished.first().first().toBool(), true);

    // The verdict says what a reviewer wants to know first.
    const QString verdict = w.verdictText();
    QVERIFY2(verdict.contains(QStringLiteral("rows equal")), qPrintable(verdict));
    QVERIFY2(verdict.contains(QStringLiteral("faster")), qPrintable(verdict));
    QVERIFY2(w.connectionText().contains(QStringLiteral("tracks")), qPrintable(w.connectionText()));

    // Both plans are on screen, with the mode they were measured in.
    const Plan &before = w.planView(MainWindow::BeforeSide)->plan();
    const Plan &after = w.planView(MainWindow::AfterSide)->plan();
    QVERIFY(!before.isEmpty() && !after.isEmpty());
    QVERIFY(before.hasAnalyze);
    bool bitmapOr = false;
    for (const PlanNode &n : after.nodes)
        bitmapOr |= n.nodeType == u"BitmapOr";
    QVERIFY2(bitmapOr, "the After plan of incident A uses a BitmapOr");
    // The plan's header is one short line in the plan toolbar; the whole of it (EXPLAIN options, min/max) is its tooltip.
    const QLabel *header = w.findChild<QLabel *>(QStringLiteral("BeforePlanHeader"));
    QVERIFY2(header->text().contains(QStringLiteral("median")), qPrintable(header->text()));
    QVERIFY2(header->toolTip().contains(QStringLiteral("EXPLAIN (ANALYZE")), qPrintable(header->toolTip()));

    // The Before side's finding names the OR at the SQL span and the scan node, and points at the rewrite.
    const QList<Finding> &findings = w.findingsPanel(MainWindow::BeforeSide)->findings();
    const auto orSublink = std::find_if(findings.cbegin(), findings.cend(),
                                        [](const Finding &f) { return f.rule == u"or-sublink-defeats-index"; });
    QVERIFY2(orSublink != findings.cend(), "or-sublink-defeats-index is found on the Before side");
    QVERIFY(orSublink->hasSpan());
    const QString span = w.beforeEditor()->text().mid(orSublink->spanStart, orSublink->spanEnd - orSublink->spanStart);
    QVERIFY2(span.contains(QStringLiteral("OR")) && span.contains(QStringLiteral("track_collaborators")), qPrintable(span));
    QVERIFY(!w.beforeEditor()->marks().isEmpty());
    QVERIFY(w.planView(MainWindow::BeforeSide)->graphView()->badges().contains(orSublink->nodeId));

    // Selecting the finding selects its node in the graph and its span in the editor.
    w.findingsPanel(MainWindow::BeforeSide)->selectFinding(int(orSublink - findings.cbegin()));
    QCOMPARE(w.planView(MainWindow::BeforeSide)->selectedNode(), orSublink->nodeId);
    int selFrom = -1, selIndexFrom = -1, selTo = -1, selIndexTo = -1;
    w.beforeEditor()->getSelection(&selFrom, &selIndexFrom, &selTo, &selIndexTo);
    QVERIFY(w.beforeEditor()->hasSelectedText());
    QVERIFY(w.beforeEditor()->selectedText().contains(QStringLiteral("track_collaborators")));

    // The rewrite the seed shipped is proposed.
    RewritePanel *rewrites = w.rewritePanel();
    QVERIFY(rewrites->count() > 0);
    QVERIFY(rewrites->showRule(QStringLiteral("prefetch-any-array")));
    const QString afterScript = rewrites->currentAfterScript();
    QVERIFY2(afterScript.contains(QStringLiteral("ANY($ids)")), qPrintable(afterScript));
    w.planTabs()->setCurrentWidget(w.compareView());
    QTRY_VERIFY_WITH_TIMEOUT(!w.compareView()->isBusy(), 20000);
    QTRY_VERIFY_WITH_TIMEOUT(!w.compareView()->beforeGraph()->isBusy() && !w.compareView()->afterGraph()->isBusy(), 20000);
    QTest::qWait(100);
    QVERIFY2(w.compareView()->headlineText().contains(QStringLiteral("×")), qPrintable(w.compareView()->headlineText()));
    grab(&w, QStringLiteral("workbench-incident-a-compare"));
    w.planTabs()->setCurrentIndex(0);
    QTest::qWait(200);
    grab(&w, QStringLiteral("workbench-incident-a-before"));

    // Try it as After: the After pane gets the rewrite (undoable), the verifier runs it and checks the rows.
    w.afterEditor()->setText(QStringLiteral("SELECT 'my own after'"));
    QSignalSpy tried(&w, &MainWindow::runFinished);
    rewrites->findChild<QPushButton *>(QStringLiteral("TryAsAfter"))->click();
    QVERIFY(w.afterEditor()->text().contains(QStringLiteral("ANY($ids)")));
    QVERIFY2(tried.wait(240000), qPrintable(w.verdictText()));
    QVERIFY2(w.verdictText().contains(QStringLiteral("rows equal")), qPrintable(w.verdictText()));
    QVERIFY2(w.verdictText().contains(QStringLiteral("faster")), qPrintable(w.verdictText()));
    w.afterEditor()->undo();
    QCOMPARE(w.afterEditor()->text(), QStringLiteral("SELECT 'my own after'"));
    grab(&w, QStringLiteral("workbench-incident-a-tried"));
}

void TestWorkbench::incidentBTryAsAfterChecksTheMapping()
{
    MainWindow w;
    w.resize(1500, 1000);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    w.loadExample(QStringLiteral("incident-b"));
    w.setRunRounds(2, 1);
    w.runPair();
    QVERIFY2(waitRun(w), qPrintable(w.verdictText()));
    const QList<Finding> &findings = w.findingsPanel(MainWindow::BeforeSide)->findings();
    QVERIFY2(std::any_of(findings.cbegin(), findings.cend(),
                         [](const Finding &f) { return f.rule == u"in-subquery-refetch"; }),
             "in-subquery-refetch is found on the Before side");
    RewritePanel *rewrites = w.rewritePanel();
    QVERIFY(rewrites->showRule(QStringLiteral("preload-left-join")));
    const QString joined = rewrites->currentAfterScript();
    QVERIFY2(joined.contains(QRegularExpression(QStringLiteral("LEFT OUTER JOIN \"?project_authorizations\"? AS \\w+"))),
             qPrintable(joined));
    // The catalog check of the uniqueness precondition ran when the rewrites were proposed.
    QTRY_VERIFY_WITH_TIMEOUT(!w.isRunning(), 20000);
    rewrites->findChild<QPushButton *>(QStringLiteral("TryAsAfter"))->click();
    QVERIFY2(waitRun(w), qPrintable(w.verdictText()));
    QVERIFY2(w.verdictText().contains(QStringLiteral("rows equal")), qPrintable(w.verdictText()));
    grab(&w, QStringLiteral("workbench-incident-b-tried"));
}

void TestWorkbench::emptyPrefetchFormForAUserWithoutCollaborations()
{
    // User 61010 has no collaborations: step 1 returns nothing, and the form for that case (the owner-only
    // query) is what the app would run. Trying that form as After verifies it under its condition.
    MainWindow w;
    w.resize(1400, 900);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    w.loadExample(QStringLiteral("incident-a"));
    w.beforeEditor()->setText(w.beforeEditor()->text().replace(QStringLiteral("42001"), QStringLiteral("61010")));
    w.afterEditor()->setText(w.afterEditor()->text().replace(QStringLiteral("42001"), QStringLiteral("61010")));
    w.setRunRounds(2, 1);
    w.runPair();
    QVERIFY2(waitRun(w), qPrintable(w.verdictText()));
    QTRY_VERIFY_WITH_TIMEOUT(!w.isRunning(), 20000);   // catalog checks after the run
    RewritePanel *rewrites = w.rewritePanel();
    QVERIFY(rewrites->showRule(QStringLiteral("prefetch-any-array")));
    auto *variants = rewrites->findChild<QComboBox *>(QStringLiteral("RewriteVariant"));
    const Rewrite &rw = rewrites->rewrites().at(rewrites->currentIndex());
    int emptyForm = -1;
    for (int i = 0; i < rw.variants.size(); ++i)
        if (rw.variants.at(i).condition == u"previous-empty")
            emptyForm = i + 1;   // the combo lists the main form first
    QVERIFY2(emptyForm > 0, "the prefetch rewrite offers a form for an empty step 1");
    variants->setCurrentIndex(emptyForm);
    QCOMPARE(rewrites->currentFormId(), rw.variants.at(emptyForm - 1).id);
    rewrites->findChild<QPushButton *>(QStringLiteral("TryAsAfter"))->click();
    QVERIFY2(waitRun(w), qPrintable(w.verdictText()));
    QVERIFY2(w.verdictText().contains(QStringLiteral("rows equal")), qPrintable(w.verdictText()));
    // Step 1 still runs (it is how the app learns the list is empty); the query after it is the owner-only one.
    const QString afterText = w.afterEditor()->text();
    const QString lastStatement = afterText.mid(afterText.lastIndexOf(QStringLiteral("SELECT t.track_id")));
    QVERIFY2(lastStatement.contains(QStringLiteral("WHERE t.owner_id = 61010")), qPrintable(afterText));
    QVERIFY2(!lastStatement.contains(QStringLiteral("track_collaborators")) && !lastStatement.contains(QStringLiteral("ANY")),
             qPrintable(afterText));

    // For a user with collaborations the same form does not apply, and the verdict says why instead of
    // comparing a wrong query.
    w.loadExample(QStringLiteral("incident-a"));
    w.runPair();
    QVERIFY2(waitRun(w), qPrintable(w.verdictText()));
    QTRY_VERIFY_WITH_TIMEOUT(!w.isRunning(), 20000);
    QVERIFY(rewrites->showRule(QStringLiteral("prefetch-any-array")));
    variants->setCurrentIndex(emptyForm);
    rewrites->findChild<QPushButton *>(QStringLiteral("TryAsAfter"))->click();
    QVERIFY2(waitRun(w), qPrintable(w.verdictText()));
    QVERIFY2(w.verdictText().contains(QStringLiteral("Not applicable")), qPrintable(w.verdictText()));
}

void TestWorkbench::failingStatementIsMarkedAndTextKept()
{
    MainWindow w;
    w.show();
    w.setConninfo(DemoDatabase(m_demoDir).conninfo(QStringLiteral("tracks")));
    const QString before = QStringLiteral("SELECT 1;\nSELECT no_such_column FROM tracks LIMIT 1");
    w.beforeEditor()->setText(before);
    w.afterEditor()->setText(QStringLiteral("SELECT 1"));
    w.setRunRounds(1, 0);
    QSignalSpy finished(&w, &MainWindow::runFinished);
    w.runPair();
    QVERIFY(finished.wait(60000));
    QCOMPARE(finished.first().first().toBool(), false);
    QVERIFY2(w.verdictText().contains(QStringLiteral("no_such_column")), qPrintable(w.verdictText()));
    QVERIFY2(w.verdictText().contains(QStringLiteral("statement 2")), qPrintable(w.verdictText()));
    QCOMPARE(w.beforeEditor()->text(), before);
    QCOMPARE(w.beforeEditor()->marks().size(), 1);
    QCOMPARE(before.mid(w.beforeEditor()->marks().first().start, 14), QStringLiteral("no_such_column"));

    // A wrong DSN: a readable sentence, the window stays usable, the text stays.
    w.setConninfo(QStringLiteral("host=/nonexistent-socket-dir port=1 dbname=x"));
    QSignalSpy finished2(&w, &MainWindow::runFinished);
    w.runPair();
    QVERIFY(finished2.wait(30000));
    QVERIFY2(w.verdictText().contains(QStringLiteral("/nonexistent-socket-dir")), qPrintable(w.verdictText()));
    QCOMPARE(w.beforeEditor()->text(), before);
    QVERIFY(!w.isRunning());
}

void TestWorkbench::writesAreRefusedInTheWindow()
{
    MainWindow w;
    w.setConninfo(DemoDatabase(m_demoDir).conninfo(QStringLiteral("tracks")));
    w.beforeEditor()->setText(QStringLiteral("DELETE FROM tracks WHERE track_id = 1"));
    w.afterEditor()->setText(QStringLiteral("SELECT 1"));
    QSignalSpy finished(&w, &MainWindow::runFinished);
    w.runPair();   // refused before anything is sent: the signal may come at once
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
    QVERIFY2(w.verdictText().contains(QStringLiteral("allow writes"), Qt::CaseInsensitive), qPrintable(w.verdictText()));
}

void TestWorkbench::escapeCancelsALongRun()
{
    MainWindow w;
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    w.setConninfo(DemoDatabase(m_demoDir).conninfo(QStringLiteral("tracks")));
    const QString before = QStringLiteral("SELECT pg_sleep(30)");
    w.beforeEditor()->setText(before);
    w.afterEditor()->setText(QStringLiteral("SELECT 1"));
    w.setRunRounds(1, 0);
    QSignalSpy finished(&w, &MainWindow::runFinished);
    w.runPair();
    QTRY_VERIFY_WITH_TIMEOUT(w.verdictText().contains(QStringLiteral("Running")), 10000);
    QTest::qWait(500);   // the sleep is on the server now
    QElapsedTimer t;
    t.start();
    w.activateWindow();
    w.beforeEditor()->setFocus();   // where the user typed: Esc must work from the editor too
    QTest::keyClick(w.beforeEditor(), Qt::Key_Escape);
    QVERIFY(finished.wait(5000));
    QVERIFY2(t.elapsed() < 2000, qPrintable(QString::number(t.elapsed())));
    QCOMPARE(finished.first().first().toBool(), false);
    QVERIFY2(w.verdictText().contains(QStringLiteral("Stopped")), qPrintable(w.verdictText()));
    QCOMPARE(w.beforeEditor()->text(), before);
    QVERIFY(!w.isRunning());

    // The connection is usable right away.
    w.beforeEditor()->setText(QStringLiteral("SELECT 2"));
    QSignalSpy again(&w, &MainWindow::runFinished);
    w.runPair();
    QVERIFY(again.wait(20000));
    QCOMPARE(again.first().first().toBool(), true);
}

void TestWorkbench::sessionRoundTripKeepsNoPassword()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("review.planlens"));
    {
        MainWindow w;
        w.loadExample(QStringLiteral("incident-a"));
        w.setConninfo(QStringLiteral("host=db.example port=5433 dbname=app user=dba password=s3cret-pw"));
        QString error;
        QVERIFY2(w.saveSession(file, &error), qPrintable(error));
        w.close();   // writes QSettings too
    }
    QFile f(file);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray saved = f.readAll();
    QVERIFY(!saved.contains("s3cret-pw"));
    QVERIFY(saved.contains("host=db.example"));
    QSettings settings;
    QFile ini(settings.fileName());
    QVERIFY(ini.open(QIODevice::ReadOnly));
    QVERIFY2(!ini.readAll().contains("s3cret-pw"), qPrintable(settings.fileName()));

    MainWindow again;
    again.beforeEditor()->setText(QString());
    QString error;
    QVERIFY2(again.loadSession(file, &error), qPrintable(error));
    QVERIFY(again.beforeEditor()->text().contains(QStringLiteral("track_collaborators")));
    QVERIFY(again.conninfo().contains(QStringLiteral("dbname=app")));
    QVERIFY(!again.conninfo().contains(QStringLiteral("s3cret-pw")));

    QFile junk(dir.filePath(QStringLiteral("junk.planlens")));
    QVERIFY(junk.open(QIODevice::WriteOnly));
    junk.write("{not json");
    junk.close();
    QVERIFY(!again.loadSession(junk.fileName(), &error));
    QVERIFY2(error.contains(QStringLiteral("not a PlanLens session")), qPrintable(error));
}

void TestWorkbench::planFilesOpenOffTheGuiThread()
{
    MainWindow w;
    w.resize(1200, 800);
    w.show();
    QSignalSpy shown(&w, &MainWindow::planShown);
    QSignalSpy failed(&w, &MainWindow::planFailed);
    w.openPlanFile(QStringLiteral(PLANLENS_TEST_DATA "/plans/incident-a-before.json"), MainWindow::BeforeSide);
    w.openPlanFile(QStringLiteral(PLANLENS_TEST_DATA "/plans/incident-a-after.txt"), MainWindow::AfterSide);
    QTRY_COMPARE_WITH_TIMEOUT(shown.size(), 2, 20000);
    QVERIFY(failed.isEmpty());
    QVERIFY(!w.planView(MainWindow::BeforeSide)->plan().isEmpty());
    QVERIFY(!w.findingsPanel(MainWindow::BeforeSide)->findings().isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(!w.compareView()->diff().matched.isEmpty(), 20000);

    // A file that is not a plan: a sentence, nothing shown changes.
    QTemporaryDir dir;
    QFile junk(dir.filePath(QStringLiteral("notes.txt")));
    QVERIFY(junk.open(QIODevice::WriteOnly));
    junk.write("Hello, this is not a query plan.\n");
    junk.close();
    w.openPlanFile(junk.fileName(), MainWindow::BeforeSide);
    QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 20000);
    QVERIFY2(failed.first().at(1).toString().contains(QStringLiteral("notes.txt")), qPrintable(failed.first().at(1).toString()));
    QVERIFY(!w.planView(MainWindow::BeforeSide)->plan().isEmpty());
    grab(&w, QStringLiteral("workbench-plan-files"));
}

QTEST_MAIN(TestWorkbench)
void TestWorkbench::parameterTableSkipsArrayParameters()
{
    // "Find parameters" lists only what needs a value: the runner binds $ids, $ids_2, $ids_3, … from the previous
    // statement and a rewrite's declared array parameters ($picked) from theirs. $idsx is an ordinary name.
    ParameterTable table;
    table.setParameters({RunParameter{QStringLiteral("1"), QStringLiteral("5"), QString(), false}});
    const QStringList scripts{
        QStringLiteral("SELECT id FROM t WHERE k = $1;\nSELECT * FROM t WHERE id = ANY($ids) AND k = $2"),
        QStringLiteral("SELECT id, k FROM t;\nSELECT * FROM t WHERE id = ANY($ids_2) AND k = ANY($ids_13) "
                       "AND id = ANY($picked) AND label = $idsx AND k <> $other")};
    const QStringList found = table.addMissing(scripts, {QStringLiteral("picked")});
    QCOMPARE(found, (QStringList{QStringLiteral("2"), QStringLiteral("idsx"), QStringLiteral("other")}));
    QStringList names;
    for (const RunParameter &p : table.parameters())
        names << p.name;
    QCOMPARE(names, (QStringList{QStringLiteral("1"), QStringLiteral("2"), QStringLiteral("idsx"), QStringLiteral("other")}));
    // Not declared, $picked needs a value; found again, nothing is added twice.
    QCOMPARE(table.addMissing(scripts), QStringList{QStringLiteral("picked")});
    QCOMPARE(table.addMissing(scripts), QStringList());
}

#include "tst_workbench.moc"
