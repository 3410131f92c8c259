// SPDX-License-Identifier: MIT
// The plan-first window as a DBA meets it, on the demo database of the CTest fixture: after Run pair on incident A
// at 1440x900 and 1920x1080 the plan graph takes most of the window at card detail, the scripts fold to a line
// per side (Ctrl+E), findings and rewrites sit beside the graph, the finding has a callout on its node and a mark
// on its SQL span, focus mode (F11) leaves the graphs and the verdict and restores the rest, and
// `planlens --screenshot` photographs the window. Screenshots go to build/screenshots/ (looked at by hand).
#include "compareview.h"
#include "db/demodatabase.h"
#include "findingspanel.h"
#include "mainwindow.h"
#include "plangraphscene.h"
#include "plangraphview.h"
#include "planview.h"
#include "rewritepanel.h"
#include "scriptpane.h"
#include "sqleditor.h"

#include <QDir>
#include <QDockWidget>
#include <QFileInfo>
#include <QImage>
#include <QLabel>
#include <QMenuBar>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace PlanLens;

class TestWorkbenchLayout : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void planGetsTheWindow_data();
    void planGetsTheWindow();
    void adviceSitsOnTheNodeAndTheSpan();
    void foldingAndFocusRestore();
    void windowPhotographsItself();

private:
    void runIncidentA(MainWindow &w, const QSize &size);
    static void grab(QWidget *w, const QString &name);
    static double share(const QWidget *part, const QWidget *window);
    QString m_demoDir;
};

void TestWorkbenchLayout::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("PlanLensTest"));
    QCoreApplication::setApplicationName(QStringLiteral("PlanLensLayoutTest"));
    QSettings().clear();
    m_demoDir = qEnvironmentVariable("PLANLENS_DEMO_DIR");
    QVERIFY2(!m_demoDir.isEmpty(), "PLANLENS_DEMO_DIR is not set: run through ctest (demo fixture)");
}

void TestWorkbenchLayout::grab(QWidget *w, const QString &name)
{
    const QString out = QStringLiteral(PLANLENS_BUILD_DIR "/screenshots/") + name + QStringLiteral(".png");
    QDir().mkpath(QFileInfo(out).path());
    QVERIFY(w->grab().save(out));
}

double TestWorkbenchLayout::share(const QWidget *part, const QWidget *window)
{
    if (!part->isVisible())
        return 0;
    return double(part->width()) * part->height() / (double(window->width()) * window->height());
}

void TestWorkbenchLayout::runIncidentA(MainWindow &w, const QSize &size)
{
    QSettings().clear();   // a first start: the default layout
    w.resize(size);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QVERIFY(w.loadExample(QStringLiteral("incident-a")));
    QCOMPARE(w.conninfo(), DemoDatabase(m_demoDir).conninfo(QStringLiteral("tracks")));
    w.setRunRounds(2, 1);
    QSignalSpy finished(&w, &MainWindow::runFinished);
    w.runPair();
    QVERIFY2(finished.wait(240000), qPrintable(w.verdictText()));
    QVERIFY2(finished.first().first().toBool(), qPrintable(w.verdictText()));
    QTRY_VERIFY_WITH_TIMEOUT(!w.isRunning() && !w.isAdviceBusy(), 30000);
    QCOMPARE(w.size(), size);                     // nothing on screen asks for a wider window
    QVERIFY2(w.minimumSizeHint().width() <= size.width(), qPrintable(QString::number(w.minimumSizeHint().width())));
}

void TestWorkbenchLayout::planGetsTheWindow_data()
{
    QTest::addColumn<QSize>("size");
    QTest::newRow("1440x900") << QSize(1440, 900);
    QTest::newRow("1920x1080") << QSize(1920, 1080);
}

void TestWorkbenchLayout::planGetsTheWindow()
{
    QFETCH(QSize, size);
    const QString tag = QStringLiteral("-%1x%2").arg(size.width()).arg(size.height());
    MainWindow w;
    runIncidentA(w, size);

    // The verdict is one header line, the scripts are folded to a line per side.
    auto *verdict = w.findChild<QLabel *>(QStringLiteral("Verdict"));
    QVERIFY(verdict->isVisible());
    QVERIFY2(verdict->height() < 40, qPrintable(QString::number(verdict->height())));
    QVERIFY2(w.verdictText().contains(QStringLiteral("faster")), qPrintable(w.verdictText()));
    QVERIFY(w.scriptPane()->isCollapsed());
    QVERIFY2(w.scriptPane()->height() <= 60, qPrintable(QString::number(w.scriptPane()->height())));
    QVERIFY(w.scriptPane()->summaryText(MainWindow::BeforeSide).contains(QStringLiteral("track_collaborators")));

    // Findings and rewrites sit beside the graph, not under it.
    auto *findings = w.findChild<QDockWidget *>(QStringLiteral("FindingsDock"));
    auto *rewrites = w.findChild<QDockWidget *>(QStringLiteral("RewritesDock"));
    QVERIFY(findings->isVisible() && rewrites->isVisible());
    QCOMPARE(w.dockWidgetArea(findings), Qt::RightDockWidgetArea);
    QCOMPARE(w.dockWidgetArea(rewrites), Qt::RightDockWidgetArea);

    // Before: the active graph covers at least 55 % of the window, at card detail, every card drawn.
    for (int side = 0; side < 2; ++side) {
        w.planTabs()->setCurrentIndex(side);
        PlanGraphView *g = w.planView(MainWindow::Side(side))->graphView();
        QTRY_VERIFY_WITH_TIMEOUT(!g->isBusy(), 20000);
        QTest::qWait(100);
        const double s = share(g, &w);
        QVERIFY2(s >= 0.55, qPrintable(QStringLiteral("side %1: graph share %2").arg(side).arg(s)));
        QVERIFY2(g->isCardDetail(), qPrintable(QStringLiteral("side %1: zoom %2").arg(side).arg(g->zoom())));
        const QPoint right = g->mapTo(&w, QPoint(g->width(), 0));
        QVERIFY(findings->geometry().left() >= right.x() - 2);
        QVERIFY(g->plan().nodes.size() <= 15);
        const QRectF visible = g->visibleSceneRect();
        int inView = 0;
        for (int id = 0; id < g->plan().nodes.size(); ++id)
            inView += visible.intersects(g->graphScene()->cardRect(id)) ? 1 : 0;
        QVERIFY2(inView > 0, "cards are in view");
        grab(&w, (side == 0 ? QStringLiteral("layout-before") : QStringLiteral("layout-after")) + tag);
    }

    // Compare: two graphs side by side at full height, both at card detail.
    w.planTabs()->setCurrentWidget(w.compareView());
    CompareView *c = w.compareView();
    QTRY_VERIFY_WITH_TIMEOUT(!c->isBusy() && !c->beforeGraph()->isBusy() && !c->afterGraph()->isBusy(), 20000);
    QTest::qWait(200);
    for (PlanGraphView *g : {c->beforeGraph(), c->afterGraph()}) {
        QVERIFY2(g->isCardDetail(), qPrintable(QStringLiteral("compare zoom %1").arg(g->zoom())));
        QVERIFY2(g->height() >= 0.8 * c->height(), qPrintable(QStringLiteral("%1 of %2").arg(g->height()).arg(c->height())));
    }
    QVERIFY2(share(c->beforeGraph(), &w) + share(c->afterGraph(), &w) >= 0.55,
             qPrintable(QString::number(share(c->beforeGraph(), &w) + share(c->afterGraph(), &w))));
    QVERIFY(c->beforeGraph()->mapTo(&w, QPoint(0, 0)).x() < c->afterGraph()->mapTo(&w, QPoint(0, 0)).x());
    grab(&w, QStringLiteral("layout-compare") + tag);

    // A tried rewrite: the verdict says so, the graphs keep their room.
    QVERIFY(w.rewritePanel()->showRule(QStringLiteral("prefetch-any-array")));
    QSignalSpy tried(&w, &MainWindow::runFinished);
    w.rewritePanel()->findChild<QPushButton *>(QStringLiteral("TryAsAfter"))->click();
    QVERIFY2(tried.wait(240000), qPrintable(w.verdictText()));
    QVERIFY2(w.verdictText().contains(QStringLiteral("rows equal")), qPrintable(w.verdictText()));
    QTRY_VERIFY_WITH_TIMEOUT(!c->isBusy() && !c->beforeGraph()->isBusy() && !c->afterGraph()->isBusy(), 20000);
    QTest::qWait(200);
    QVERIFY(w.scriptPane()->isCollapsed());
    grab(&w, QStringLiteral("layout-tried") + tag);
}

void TestWorkbenchLayout::adviceSitsOnTheNodeAndTheSpan()
{
    MainWindow w;
    runIncidentA(w, QSize(1440, 900));
    const QList<Finding> &findings = w.findingsPanel(MainWindow::BeforeSide)->findings();
    const auto f = std::find_if(findings.cbegin(), findings.cend(),
                                [](const Finding &x) { return x.rule == u"or-sublink-defeats-index"; });
    QVERIFY(f != findings.cend());
    QVERIFY(f->hasSpan() && f->nodeId >= 0);

    // On the graph: a callout at the node, not covering any card, whose "Rewrite…" opens the rewrite.
    w.planTabs()->setCurrentIndex(MainWindow::BeforeSide);
    PlanGraphView *g = w.planView(MainWindow::BeforeSide)->graphView();
    QTRY_VERIFY_WITH_TIMEOUT(!g->isBusy(), 20000);
    const QRectF callout = g->calloutRect(f->nodeId);
    QVERIFY2(!callout.isNull(), "the finding's node carries a callout");
    for (int id = 0; id < g->plan().nodes.size(); ++id)
        QVERIFY2(!callout.intersects(g->graphScene()->cardRect(id)), qPrintable(QString::number(id)));
    bool named = false;
    for (const PlanCallout &c : g->callouts())
        named |= c.nodeId == f->nodeId && c.rewriteId == f->rewriteId && !c.message.isEmpty();
    QVERIFY2(named, "the callout names the finding's rewrite");
    auto *rewritesDock = w.findChild<QDockWidget *>(QStringLiteral("RewritesDock"));
    rewritesDock->hide();
    emit g->rewriteRequested(f->rewriteId, f->nodeId);
    QVERIFY(rewritesDock->isVisible());
    QVERIFY(w.rewritePanel()->currentIndex() >= 0);
    QCOMPARE(w.rewritePanel()->rewrites().at(w.rewritePanel()->currentIndex()).rule, f->rewriteId);

    // In the editor: the span carries a squiggle mark and a margin marker; its popup offers Try as After.
    SqlEditor *e = w.beforeEditor();
    const int mark = e->markAt(f->spanStart + 1);
    QVERIFY2(mark >= 0, "the finding's span is marked");
    QCOMPARE(e->marks().at(mark).rewriteId, f->rewriteId);
    int line = 0, index = 0;
    e->lineIndexFromPosition(e->positionFromIndex(f->spanStart), &line, &index);
    QVERIFY(e->hasMarginMarker(line));
    w.scriptPane()->setCollapsed(false);
    e->showMarkPopup(mark);
    QTRY_VERIFY(e->markPopup() && e->markPopup()->isVisible());
    QVERIFY(e->markPopup()->findChild<QPushButton *>(QStringLiteral("MarkPopupTry")));
    grab(&w, QStringLiteral("layout-mark-popup"));
}

void TestWorkbenchLayout::foldingAndFocusRestore()
{
    MainWindow w;
    runIncidentA(w, QSize(1440, 900));
    ScriptPane *scripts = w.scriptPane();
    QVERIFY(scripts->isCollapsed());
    const QString before = w.beforeEditor()->text();

    // Ctrl+E opens the scripts, and again folds them; the text never changes.
    w.activateWindow();
    QTest::keyClick(&w, Qt::Key_E, Qt::ControlModifier);
    QVERIFY(!scripts->isCollapsed());
    QVERIFY2(scripts->height() >= 100, qPrintable(QString::number(scripts->height())));
    QVERIFY(w.beforeEditor()->isVisible());
    QTest::keyClick(&w, Qt::Key_E, Qt::ControlModifier);
    QVERIFY(scripts->isCollapsed());
    QCOMPARE(w.beforeEditor()->text(), before);
    // Clicking a folded line opens that side to edit.
    auto *line = scripts->findChild<QLabel *>(QStringLiteral("AfterSummary"));
    QTest::mouseClick(line, Qt::LeftButton);
    QVERIFY(!scripts->isCollapsed());
    QVERIFY(w.afterEditor()->hasFocus() || QApplication::focusWidget() == w.afterEditor());
    scripts->setCollapsed(true);

    // F11: only the graphs and the verdict; again: everything as it was.
    w.planTabs()->setCurrentIndex(MainWindow::BeforeSide);
    PlanGraphView *g = w.planView(MainWindow::BeforeSide)->graphView();
    QTest::qWait(100);
    const double normal = share(g, &w);
    auto *findings = w.findChild<QDockWidget *>(QStringLiteral("FindingsDock"));
    w.activateWindow();
    QTest::keyClick(&w, Qt::Key_F11);
    QVERIFY(w.isFocusMode());
    QTest::qWait(100);
    QVERIFY(!findings->isVisible());
    QVERIFY(!w.menuBar()->isVisible());
    QVERIFY(!w.statusBar()->isVisible());
    QVERIFY(!scripts->isVisible());
    QVERIFY(w.findChild<QLabel *>(QStringLiteral("Verdict"))->isVisible());
    QVERIFY2(share(g, &w) > normal + 0.1, qPrintable(QStringLiteral("%1 → %2").arg(normal).arg(share(g, &w))));
    grab(&w, QStringLiteral("layout-focus"));
    // Esc still stops runs, Ctrl+Return still runs: the shortcuts live on the window.
    QSignalSpy finished(&w, &MainWindow::runFinished);
    QTest::keyClick(&w, Qt::Key_Return, Qt::ControlModifier);
    QVERIFY2(finished.wait(240000), qPrintable(w.verdictText()));
    QTRY_VERIFY_WITH_TIMEOUT(!w.isRunning(), 20000);
    QTest::keyClick(&w, Qt::Key_F11);
    QVERIFY(!w.isFocusMode());
    QTest::qWait(100);
    QVERIFY(findings->isVisible());
    QVERIFY(w.menuBar()->isVisible());
    QVERIFY(scripts->isVisible() && scripts->isCollapsed());
    QCOMPARE(w.dockWidgetArea(findings), Qt::RightDockWidgetArea);
}

void TestWorkbenchLayout::windowPhotographsItself()
{
    QTemporaryDir dir;
    const QString out = dir.filePath(QStringLiteral("shot.png"));
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), dir.filePath(QStringLiteral("config")));   // no user settings
    p.setProcessEnvironment(env);
    const QString dsn = DemoDatabase(m_demoDir).conninfo(QStringLiteral("tracks"));
    p.start(QStringLiteral(PLANLENS_BINARY), {QStringLiteral("--example"), QStringLiteral("incident-a"),
                                              QStringLiteral("--dsn"), dsn, QStringLiteral("--run"),
                                              QStringLiteral("--screenshot"), out, QStringLiteral("--size"),
                                              QStringLiteral("1280x800")});
    QVERIFY(p.waitForFinished(240000));
    QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
    const QImage img(out);
    QCOMPARE(img.size(), QSize(1280, 800));
    // The verdict is in the picture: the header's green "ok" tone is there.
    int green = 0;
    for (int x = 0; x < img.width(); x += 2)
        for (int y = 0; y < 60; ++y)
            green += img.pixel(x, y) == qRgb(0xe3, 0xf4, 0xe1) ? 1 : 0;
    QVERIFY2(green > 200, qPrintable(QString::number(green)));
    QFile::copy(out, QStringLiteral(PLANLENS_BUILD_DIR "/screenshots/cli-screenshot-1280x800.png"));

    // A run that fails: non-zero, with the reason.
    QProcess bad;
    bad.setProcessEnvironment(env);
    bad.start(QStringLiteral(PLANLENS_BINARY), {QStringLiteral("--example"), QStringLiteral("incident-a"),
                                                QStringLiteral("--dsn"), QStringLiteral("host=/nonexistent-dir port=1 dbname=x"),
                                                QStringLiteral("--run"), QStringLiteral("--screenshot"),
                                                dir.filePath(QStringLiteral("bad.png"))});
    QVERIFY(bad.waitForFinished(60000));
    QVERIFY(bad.exitCode() != 0);
    QVERIFY2(bad.readAllStandardError().contains("nonexistent-dir"), "the reason is on stderr");
    QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("bad.png"))));
    QProcess size;
    size.start(QStringLiteral(PLANLENS_BINARY), {QStringLiteral("--screenshot"), out, QStringLiteral("--size"), QStringLiteral("big")});
    QVERIFY(size.waitForFinished(30000));
    QCOMPARE(size.exitCode(), 2);
}

QTEST_MAIN(TestWorkbenchLayout)
#include "tst_workbenchlayout.moc"
