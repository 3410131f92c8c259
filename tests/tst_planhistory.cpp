// SPDX-License-Identifier: MIT
// The plan history (issue 15, item 2): runs and tried rewrites become versions with their plan and medians, the
// session file keeps them (format 3) and older files still open, the history strip lists them beside a chart of
// their medians, and two versions chosen there go into the Compare view. Runs are RunResults built here from
// tests/data plans and sent through the window's RunController signals, as a real run would send them.
#include "compareview.h"
#include "plangraphview.h"
#include "charts/historychart.h"
#include "charts/runtimechart.h"
#include "historystrip.h"
#include "mainwindow.h"
#include "session.h"
#include "testdata.h"
#include "workbench/historycontroller.h"
#include "workbench/planhistory.h"
#include "workbench/runcontroller.h"

#include <QFileInfo>
#include <QJsonDocument>
#include <QListWidget>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSplitter>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

using namespace PlanLens;

namespace {

const QString kBeforeSql = QStringLiteral("SELECT id, kind, created_at FROM events WHERE kind = 'x' ORDER BY created_at LIMIT 20");
const QString kAfterSql = QStringLiteral("SELECT id, kind, created_at FROM events WHERE kind = 'x' ORDER BY created_at DESC LIMIT 20");
const QString kRewriteSql = QStringLiteral("SELECT count(*) FROM a WHERE NOT EXISTS (SELECT FROM b WHERE b.a = a.id)");

SideResult side(const QString &sql, const QString &planFile, const QList<double> &runsMs, qint64 rows)
{
    SideResult s;
    s.sql = sql;
    StatementRun st;
    st.index = 0;
    st.text = sql;
    st.end = int(sql.size());
    st.explained = true;
    st.executed = true;
    st.runsMs = runsMs;
    st.rows = rows;
    st.explainJson = Test::readTestData(planFile);
    st.plan = Test::parsedOrEmpty(st.explainJson);
    s.statements << st;
    s.runsMs = runsMs;
    s.rows = rows;
    return s;
}

RunResult pairRun(const QString &afterSql, const QString &afterPlan, const QList<double> &afterMs)
{
    RunResult r;
    r.runs = 3;
    r.roundsDone = 3;
    r.complete = true;
    r.server = QStringLiteral("test");
    r.startedAt = QDateTime(QDate(2026, 12, 5), QTime(9, 12, 3), Qt::UTC);
    r.before = side(kBeforeSql, QStringLiteral("compare/index-added-before.json"), {226.9, 230.1, 228.4}, 20);
    r.after = side(afterSql, afterPlan, afterMs, 20);
    r.computeStats();
    return r;
}

RewriteVerification verification(const RunResult &run)
{
    RewriteVerification v;
    v.form = QStringLiteral("main");
    v.ran = true;
    v.rowsEqual = true;
    v.beforeMedianMs = run.before.medianMs;
    v.afterMedianMs = run.after.medianMs;
    v.speedup = run.speedup;
    v.run = run;
    return v;
}

Rewrite rewrite(const QString &rule)
{
    Rewrite r;
    r.rule = rule;
    r.title = QStringLiteral("A test rewrite");
    return r;
}

} // namespace

class TestPlanHistory : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void labelsAndDeduplication();
    void sessionRoundTrip();
    void olderFormatsStillOpen();
    void stripAndChartInTheWindow();
    void twoVersionsGoIntoCompare();
    void collapsedStripCostsTheGraphNoHeight();
    void openedSessionBringsItsHistory();
};

void TestPlanHistory::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QSettings().clear();
    QVERIFY(!Test::loadTestPlan(QStringLiteral("anti-join")).isEmpty());
    QVERIFY(!Test::parsedOrEmpty(Test::readTestData(QStringLiteral("compare/index-added-after.json"))).isEmpty());
}

void TestPlanHistory::labelsAndDeduplication()
{
    PlanHistory h;
    const RunResult first = pairRun(kAfterSql, QStringLiteral("compare/index-added-after.json"), {1.2, 1.1, 1.3});
    QCOMPARE(h.addRun(first), 2);
    // The same pair again: the Before (same script, same plan shape) is not repeated; the After is run again.
    QCOMPARE(h.addRun(first), 1);
    const RunResult tried = pairRun(kRewriteSql, QStringLiteral("plans/anti-join.json"), {40, 42, 41});
    QCOMPARE(h.addTried(QStringLiteral("prefetch-any-array"), QStringLiteral("main"), tried, {}), 1);
    RunResult edited = pairRun(kAfterSql + QStringLiteral(" -- edited"), QStringLiteral("compare/index-added-after.json"),
                               {2, 2, 2});
    edited.before.sql += QStringLiteral(" -- also edited");   // a changed Before is a new version
    QCOMPARE(h.addRun(edited), 2);
    const QStringList labels = [&] {
        QStringList l;
        for (const PlanVersion &v : h.versions())
            l << v.label;
        return l;
    }();
    QCOMPARE(labels, (QStringList{QStringLiteral("Original"), QStringLiteral("After"), QStringLiteral("After (run again)"),
                                  QStringLiteral("Rewrite 1: prefetch-any-array"), QStringLiteral("Before 2"),
                                  QStringLiteral("After (edited)")}));
    QCOMPARE(h.at(0).medianMs.value_or(-1), 228.4);
    QCOMPARE(h.at(3).medianMs.value_or(-1), 41.0);
    QCOMPARE(h.at(3).kind, PlanVersion::Kind::Rewrite);
    QCOMPARE(h.at(3).plan.root().nodeType, QStringLiteral("Aggregate"));
    for (int i = 0; i < h.size(); ++i)
        QCOMPARE(h.at(i).id, i + 1);
}

void TestPlanHistory::sessionRoundTrip()
{
    PlanHistory h;
    h.addRun(pairRun(kAfterSql, QStringLiteral("compare/index-added-after.json"), {1.2, 1.1, 1.3}));
    const RunResult tried = pairRun(kRewriteSql, QStringLiteral("plans/anti-join.json"), {40, 42, 41});
    h.addTried(QStringLiteral("prefetch-any-array"), QStringLiteral("main"), tried,
               QJsonObject{{QStringLiteral("rows_equal"), true}, {QStringLiteral("speedup"), 5.5}});
    QCOMPARE(h.size(), 3);

    Session s;
    s.beforeSql = kBeforeSql;
    s.history = h.versions();
    const QJsonObject json = s.toJson();
    QCOMPARE(json.value(QStringLiteral("planlens_session")).toInt(), 3);
    QCOMPARE(json.value(QStringLiteral("history")).toArray().size(), 3);
    QString error;
    const Session back = Session::fromJson(json, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(back.history.size(), 3);
    for (int i = 0; i < 3; ++i) {
        const PlanVersion &a = h.at(i);
        const PlanVersion &b = back.history.at(i);
        QCOMPARE(b.id, a.id);
        QCOMPARE(b.kind, a.kind);
        QCOMPARE(b.label, a.label);
        QCOMPARE(b.when, a.when);
        QCOMPARE(b.sql, a.sql);
        QCOMPARE(b.runsMs, a.runsMs);
        QCOMPARE(b.medianMs, a.medianMs);
        QCOMPARE(b.rows, a.rows);
        QCOMPARE(b.planJson, a.planJson);
        QVERIFY(!b.plan.isEmpty());
        QCOMPARE(b.plan.nodes.size(), a.plan.nodes.size());
        QCOMPARE(PlanHistory::shapeOf(b.plan), PlanHistory::shapeOf(a.plan));
    }
    QCOMPARE(back.history.at(2).rule, QStringLiteral("prefetch-any-array"));
    QCOMPARE(back.history.at(2).verification.value(QStringLiteral("speedup")).toDouble(), 5.5);
    QCOMPARE(back.history.at(0).medianMs.value_or(-1), 228.4);
    QCOMPARE(back.history.at(1).plan.root().nodeType, QStringLiteral("Limit"));
    QCOMPARE(back.history.at(2).plan.root().nodeType, QStringLiteral("Aggregate"));
    // One plan per version and no per-run plans: the file grows by about one EXPLAIN text per version.
    qsizetype planChars = 0;
    for (const PlanVersion &v : h.versions())
        planChars += v.planJson.size();
    const QByteArray file = QJsonDocument(json).toJson(QJsonDocument::Compact);
    QVERIFY2(file.size() < 3 * planChars, qPrintable(QString::number(file.size())));
}

void TestPlanHistory::olderFormatsStillOpen()
{
    // A format 2 file, in the shape format 2 wrote: a run and a tried rewrite, no history.
    const RunResult run = pairRun(kRewriteSql, QStringLiteral("plans/anti-join.json"), {40, 42, 41});
    QJsonObject v2{{QStringLiteral("planlens_session"), 2},
                   {QStringLiteral("before_sql"), kBeforeSql},
                   {QStringLiteral("after_sql"), kRewriteSql},
                   {QStringLiteral("mode"), QStringLiteral("analyze")},
                   {QStringLiteral("runs"), 3},
                   {QStringLiteral("run"), Session::runToJson(run)}};
    QString error;
    Session s = Session::fromJson(v2, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(s.run);
    QCOMPARE(s.history.size(), 2);
    QCOMPARE(s.history.at(0).label, QStringLiteral("Original"));
    QCOMPARE(s.history.at(1).label, QStringLiteral("After"));
    QCOMPARE(s.history.at(1).medianMs.value_or(-1), 41.0);
    QCOMPARE(s.history.at(1).plan.root().nodeType, QStringLiteral("Aggregate"));

    v2.insert(QStringLiteral("tried"), QJsonObject{{QStringLiteral("rule"), QStringLiteral("prefetch-any-array")},
                                                    {QStringLiteral("form"), QStringLiteral("main")},
                                                    {QStringLiteral("after_sql"), kRewriteSql}});
    s = Session::fromJson(v2, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(s.history.size(), 2);
    QCOMPARE(s.history.at(1).label, QStringLiteral("Rewrite 1: prefetch-any-array"));
    QCOMPARE(s.history.at(1).kind, PlanVersion::Kind::Rewrite);

    // Format 1: no run, so no history; still opens.
    const QJsonObject v1{{QStringLiteral("planlens_session"), 1}, {QStringLiteral("before_sql"), kBeforeSql}};
    s = Session::fromJson(v1, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(s.beforeSql, kBeforeSql);
    QVERIFY(s.history.isEmpty());
    QVERIFY(!s.toJson().contains(QStringLiteral("history")));
}

void TestPlanHistory::stripAndChartInTheWindow()
{
    MainWindow w;
    w.resize(1440, 900);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    auto *history = w.findChild<HistoryController *>();
    auto *runs = w.findChild<RunController *>();
    QVERIFY(history && runs);
    HistoryStrip *strip = history->strip();
    QCOMPARE(strip->count(), 0);
    QVERIFY(!strip->isExpanded());
    QVERIFY(strip->summaryButton()->isHidden());

    QSignalSpy finished(&w, &MainWindow::runFinished);
    emit runs->runSucceeded(pairRun(kAfterSql, QStringLiteral("compare/index-added-after.json"), {1.2, 1.1, 1.3}));
    QCOMPARE(strip->count(), 2);
    QVERIFY(!strip->isExpanded());   // one pair is no history yet: the strip stays closed
    QVERIFY(!strip->summaryButton()->isHidden());
    QCOMPARE(strip->summaryButton()->text(), QStringLiteral("History: 2 versions ▸"));
    QVERIFY(finished.wait(30000));

    const RunResult tried = pairRun(kRewriteSql, QStringLiteral("plans/anti-join.json"), {40, 42, 41});
    emit runs->tryFinished(rewrite(QStringLiteral("prefetch-any-array")), verification(tried));
    QCOMPARE(strip->count(), 3);
    QVERIFY(strip->isExpanded());    // a second version of the query: the strip opens by itself, once
    QVERIFY(strip->isVisible());
    QCOMPARE(strip->list()->count(), 3);
    QVERIFY(strip->list()->item(2)->text().contains(QStringLiteral("Rewrite 1: prefetch-any-array")));
    QCOMPARE(strip->chart()->trendGraph()->data()->size(), 3);
    QCOMPARE(strip->chart()->sideGraph(false)->data()->size() + strip->chart()->sideGraph(true)->data()->size(), 3);
    QCOMPARE(strip->chart()->sideGraph(false)->data()->at(0)->value, 228.4);
    QVERIFY(strip->chart()->isLogScale());   // 228 ms against 1.2 ms: more than 100×
    QVERIFY(!strip->chart()->pointPixel(2).isNull());
    QVERIFY(strip->chart()->hoverAt(strip->chart()->pointPixel(2)).text.contains(QStringLiteral("Rewrite 1")));

    // The window's session carries the history (HistoryController::addTo), and it reads back.
    Session s;
    history->addTo(&s);
    QString error;
    const Session back = Session::fromJson(s.toJson(), &error);
    QCOMPARE(back.history.size(), 3);
    QCOMPARE(back.history.at(2).label, QStringLiteral("Rewrite 1: prefetch-any-array"));

    // Closed by the user, it stays closed when more versions come.
    strip->summaryButton()->click();
    QVERIFY(!strip->isExpanded());
    emit runs->runSucceeded(pairRun(kAfterSql, QStringLiteral("compare/index-added-after.json"), {1.2, 1.1, 1.3}));
    QCOMPARE(strip->count(), 4);
    QVERIFY(!strip->isExpanded());
    strip->setExpanded(true);
    QVERIFY(finished.wait(30000));

    strip->setChecked(0, 2);
    QCOMPARE(strip->checkedRows(), (QList<int>{0, 2}));
    QVERIFY(strip->compareButton()->isEnabled());
    strip->resize(1200, 220);
    const QImage img = strip->grab().toImage();
    QVERIFY(!img.isNull());
    QVERIFY(img.width() > 100 && img.height() > 100);
    QVERIFY(img.save(Test::screenshotPath(QStringLiteral("history-strip.png"))));
    QVERIFY(QFileInfo(Test::screenshotPath(QStringLiteral("history-strip.png"))).size() > 1000);
}

void TestPlanHistory::twoVersionsGoIntoCompare()
{
    MainWindow w;
    w.resize(1440, 900);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    auto *history = w.findChild<HistoryController *>();
    auto *runs = w.findChild<RunController *>();
    QSignalSpy finished(&w, &MainWindow::runFinished);
    emit runs->runSucceeded(pairRun(kAfterSql, QStringLiteral("compare/index-added-after.json"), {1.2, 1.1, 1.3}));
    QVERIFY(finished.wait(30000));
    const RunResult tried = pairRun(kRewriteSql, QStringLiteral("plans/anti-join.json"), {40, 42, 41});
    emit runs->tryFinished(rewrite(QStringLiteral("prefetch-any-array")), verification(tried));
    QVERIFY(finished.wait(30000));
    CompareView *compare = w.compareView();
    QTRY_VERIFY_WITH_TIMEOUT(!compare->isBusy(), 30000);
    // The window compares the tried rewrite's pair: Before against the rewrite (an Aggregate).
    QCOMPARE(compare->afterPlan().root().nodeType, QStringLiteral("Aggregate"));

    // Choose the Original and the first After, then Compare: their plans replace those in the Compare view.
    HistoryStrip *strip = history->strip();
    QCOMPARE(strip->count(), 3);
    QVERIFY(!strip->compareButton()->isEnabled());
    strip->list()->item(0)->setSelected(true);
    QVERIFY(!strip->compareButton()->isEnabled());
    strip->list()->item(1)->setSelected(true);
    QVERIFY(strip->compareButton()->isEnabled());
    QSignalSpy diff(compare, &CompareView::diffAvailable);
    w.planTabs()->setCurrentIndex(0);
    strip->compareButton()->click();
    QVERIFY(history->isCompareShowingHistory());
    QCOMPARE(w.planTabs()->currentWidget(), compare);
    QVERIFY(diff.wait(30000));
    const PlanVersion &original = history->history().at(0);
    const PlanVersion &after = history->history().at(1);
    QCOMPARE(compare->beforePlan().nodes.size(), original.plan.nodes.size());
    QCOMPARE(compare->afterPlan().nodes.size(), after.plan.nodes.size());
    QCOMPARE(compare->afterPlan().root().nodeType, QStringLiteral("Limit"));
    QCOMPARE(compare->sideName(0), QStringLiteral("1. Original"));
    QCOMPARE(compare->sideName(1), QStringLiteral("2. After"));
    QCOMPARE(compare->runTimeChart()->afterSummary().count, 3);

    // A third choice replaces the oldest; the older version is always Before.
    strip->list()->item(2)->setSelected(true);
    QCOMPARE(strip->checkedRows(), (QList<int>{1, 2}));
    QSignalSpy requested(strip, &HistoryStrip::compareRequested);
    QVERIFY(strip->compareChecked());
    QCOMPARE(requested.size(), 1);
    QCOMPARE(requested.at(0).at(0).toInt(), 1);
    QCOMPARE(requested.at(0).at(1).toInt(), 2);
    QVERIFY(diff.wait(30000));
    QCOMPARE(compare->beforePlan().root().nodeType, QStringLiteral("Limit"));
    QCOMPARE(compare->afterPlan().root().nodeType, QStringLiteral("Aggregate"));
    QCOMPARE(compare->afterPlan().nodes.size(), history->history().at(2).plan.nodes.size());

    QTRY_VERIFY_WITH_TIMEOUT(!compare->beforeGraph()->isBusy() && !compare->afterGraph()->isBusy(), 30000);
    QTest::qWait(100);   // the graphs paint (nothing timed is asserted)
    QVERIFY(w.grab().save(Test::screenshotPath(QStringLiteral("history-compare.png"))));

    // Out of range or the same version twice: refused, the view keeps what it shows.
    QVERIFY(!history->compareVersions(0, 0));
    QVERIFY(!history->compareVersions(0, 7));
}

void TestPlanHistory::collapsedStripCostsTheGraphNoHeight()
{
    MainWindow w;
    w.resize(1440, 900);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    auto *history = w.findChild<HistoryController *>();
    QTabWidget *tabs = w.planTabs();
    QTRY_VERIFY(tabs->currentWidget()->height() > 0);
    const int pageHeight = tabs->currentWidget()->height();
    const int tabsHeight = tabs->height();
    // Versions arrive: the summary button shows in the tab bar's corner, the strip stays closed.
    PlanHistory h;
    h.addRun(pairRun(kAfterSql, QStringLiteral("compare/index-added-after.json"), {1.2, 1.1, 1.3}));
    history->setHistory(h.versions());
    QVERIFY(!history->strip()->summaryButton()->isHidden());
    QVERIFY(!history->strip()->isExpanded());
    for (int i = 0; i < 3; ++i) {   // the layouts settle: pending layout requests are done, nothing is timed
        QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
        QCoreApplication::processEvents();
    }
    QCOMPARE(tabs->height(), tabsHeight);
    QCOMPARE(tabs->currentWidget()->height(), pageHeight);
    // Opened, it takes its height from the plans; closed again, the plans get it back.
    history->strip()->setExpanded(true);
    QTRY_VERIFY(tabs->height() < tabsHeight);
    history->strip()->setExpanded(false);
    QTRY_COMPARE(tabs->height(), tabsHeight);
}

void TestPlanHistory::openedSessionBringsItsHistory()
{
    PlanHistory h;
    h.addRun(pairRun(kAfterSql, QStringLiteral("compare/index-added-after.json"), {1.2, 1.1, 1.3}));
    h.addTried(QStringLiteral("prefetch-any-array"), QStringLiteral("main"),
               pairRun(kRewriteSql, QStringLiteral("plans/anti-join.json"), {40, 42, 41}), {});
    Session s;
    s.beforeSql = kBeforeSql;
    s.history = h.versions();
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString file = dir.filePath(QStringLiteral("three.planlens"));
    QString error;
    QVERIFY2(s.save(file, &error), qPrintable(error));

    MainWindow w;
    auto *history = w.findChild<HistoryController *>();
    QVERIFY(history);
    QVERIFY(history->history().isEmpty());
    QVERIFY2(w.loadSession(file, &error), qPrintable(error));
    QCOMPARE(history->history().size(), 3);
    QCOMPARE(history->strip()->count(), 3);
    QCOMPARE(history->history().at(2).label, QStringLiteral("Rewrite 1: prefetch-any-array"));
    QCOMPARE(history->history().at(2).plan.root().nodeType, QStringLiteral("Aggregate"));
    QVERIFY(history->compareVersions(0, 2));
    QCOMPARE(w.planTabs()->currentWidget(), w.compareView());
}

QTEST_MAIN(TestPlanHistory)
#include "tst_planhistory.moc"
