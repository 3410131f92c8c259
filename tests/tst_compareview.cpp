// SPDX-License-Identifier: MIT
// The CompareView and its charts as a user sees them, on the demo's incident A (tests/data/plans), grabbed
// offscreen to PNGs in PLANLENS_BUILD_DIR/screenshots/.
#include "charts/estimatechart.h"
#include "charts/nodetimechart.h"
#include "charts/runtimechart.h"
#include "compareview.h"
#include "plan/planparser.h"
#include "plangraphscene.h"
#include "plangraphview.h"
#include "testdata.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QApplication>
#include <QLabel>
#include <QListWidget>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTest>
#include <QToolButton>

#include <algorithm>

using namespace PlanLens;

namespace {

int findNode(const Plan &plan, const QString &type, const QString &relation)
{
    for (const PlanNode &n : plan.nodes)
        if (n.nodeType == type && (relation.isEmpty() || n.relationName == relation))
            return n.id;
    return -1;
}

// Distinct colours in a widget's grab: a drawn chart or graph has many, an empty one a handful.
int colourCount(const QImage &img)
{
    QSet<QRgb> colours;
    for (int y = 0; y < img.height(); y += 3)
        for (int x = 0; x < img.width(); x += 3)
            colours.insert(img.pixel(x, y));
    return int(colours.size());
}

} // namespace

class TestCompareView : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void incidentAShowsBothGraphsLinked();
    void changeRowSelectsItsNodes();
    void stackedLayoutPutsAfterBelowBefore();
    void nodeTimeChartHoversAndExports();
    void estimateChartPlotsEveryExecutedNode();
    void runTimeChartSummarisesRuns();
    void scriptsOfSeveralStatementsPairTheMainOnes();
    void graphsAreFullHeightAndReadable();
    void drawerSlidesOverTheGraphs();
    void hoverRingsTheMatchOnTheOtherSide();

private:
    bool showIncidentA(CompareView &view);
    Plan m_before;
    Plan m_after;
};

void TestCompareView::initTestCase()
{
    m_before = Test::loadTestPlan(QStringLiteral("incident-a-before"));
    m_after = Test::loadTestPlan(QStringLiteral("incident-a-after"));
    QVERIFY(!m_before.isEmpty());
    QVERIFY(!m_after.isEmpty());
}

bool TestCompareView::showIncidentA(CompareView &view)
{
    QSignalSpy ready(&view, &CompareView::diffAvailable);
    view.setPlans(m_before, m_after);
    if (!ready.wait(20000))
        return false;
    for (PlanGraphView *g : {view.beforeGraph(), view.afterGraph()})
        if (!QTest::qWaitFor([g] { return !g->isBusy(); }, 20000))
            return false;
    return true;
}

void TestCompareView::incidentAShowsBothGraphsLinked()
{
    CompareView view;
    view.resize(1400, 900);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QVERIFY(showIncidentA(view));

    // Both graphs hold their plan, side by side.
    QCOMPARE(view.beforeGraph()->graphScene()->nodeCount(), m_before.nodes.size());
    QCOMPARE(view.afterGraph()->graphScene()->nodeCount(), m_after.nodes.size());
    QCOMPARE(view.orientation(), Qt::Horizontal);
    const QPoint leftPos = view.beforeGraph()->mapTo(&view, QPoint(0, 0));
    const QPoint rightPos = view.afterGraph()->mapTo(&view, QPoint(0, 0));
    QVERIFY(rightPos.x() >= leftPos.x() + view.beforeGraph()->width());
    QVERIFY(view.headlineText().startsWith(QStringLiteral("Execution ")));
    QCOMPARE(view.headlineText(), view.diff().headline.title());
    QCOMPARE(view.changeList()->count(), view.diff().changes.size());

    // One colour scale for both sides: the largest exclusive time of either plan.
    double maxBefore = 0, maxAfter = 0;
    for (const PlanNode &n : m_before.nodes)
        maxBefore = std::max(maxBefore, n.exclusiveMs);
    for (const PlanNode &n : m_after.nodes)
        maxAfter = std::max(maxAfter, n.exclusiveMs);
    QCOMPARE(view.sharedScaleMax(), std::max(maxBefore, maxAfter));
    QCOMPARE(view.afterGraph()->colorScale().maxValue(), view.sharedScaleMax());
    QCOMPARE(view.beforeGraph()->colorScale().maxValue(), view.sharedScaleMax());

    // Removed and added nodes carry their badges.
    const int gather = findNode(m_before, QStringLiteral("Gather Merge"), {});
    const int bitmapOr = findNode(m_after, QStringLiteral("BitmapOr"), {});
    QCOMPARE(view.beforeGraph()->badges().value(gather).value(0).text, QStringLiteral("gone"));
    QCOMPARE(view.afterGraph()->badges().value(bitmapOr).value(0).text, QStringLiteral("new"));

    // Selecting the tracks scan on the left selects its match on the right and brings it into view.
    const int seq = findNode(m_before, QStringLiteral("Seq Scan"), QStringLiteral("tracks"));
    const int bhs = findNode(m_after, QStringLiteral("Bitmap Heap Scan"), QStringLiteral("tracks"));
    QVERIFY(seq >= 0 && bhs >= 0);
    QSignalSpy afterSelected(&view, &CompareView::afterNodeSelected);
    view.beforeGraph()->selectNode(seq);
    QCOMPARE(view.afterGraph()->selectedNode(), bhs);
    QCOMPARE(afterSelected.last().at(0).toInt(), bhs);
    QVERIFY(view.afterGraph()->visibleSceneRect().intersects(view.afterGraph()->graphScene()->cardRect(bhs)));
    QVERIFY2(view.selectionText().contains(QStringLiteral("matched by relation")), qPrintable(view.selectionText()));
    QCOMPARE(view.afterGraph()->badges().value(bhs).value(0).text, QStringLiteral("Δ"));
    // And the other way round; a node without a match clears the other side.
    view.afterGraph()->selectNode(0);
    QCOMPARE(view.beforeGraph()->selectedNode(), 0);
    view.afterGraph()->selectNode(bitmapOr);
    QCOMPARE(view.beforeGraph()->selectedNode(), -1);
    QVERIFY(view.selectionText().endsWith(QStringLiteral("only in the after plan")));

    view.beforeGraph()->selectNode(seq);
    QApplication::processEvents();
    const QImage img = view.grab().toImage();
    QVERIFY(img.save(Test::screenshotPath(QStringLiteral("compareview-incident-a.png"))));
    // Each graph's area was painted with cards, not left blank.
    for (PlanGraphView *g : {view.beforeGraph(), view.afterGraph()}) {
        const QRect area(g->mapTo(&view, QPoint(0, 0)) * img.devicePixelRatio(), g->size() * img.devicePixelRatio());
        QVERIFY2(colourCount(img.copy(area)) > 20, qPrintable(g->objectName()));
    }
}

void TestCompareView::changeRowSelectsItsNodes()
{
    CompareView view;
    view.resize(1200, 800);
    view.show();
    QVERIFY(showIncidentA(view));
    const QList<Change> &changes = view.diff().changes;
    qsizetype row = -1;
    for (qsizetype i = 0; i < changes.size(); ++i)
        if (changes[i].kind == u"access-path")
            row = i;
    QVERIFY(row >= 0);
    view.setDrawerOpen(true);   // the change list lives in the drawer
    QListWidget *list = view.changeList();
    QVERIFY(list->isVisible());
    const QRect rect = list->visualItemRect(list->item(int(row)));
    QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, rect.center());
    QCOMPARE(view.beforeGraph()->selectedNode(), changes[row].beforeId);
    QCOMPARE(view.afterGraph()->selectedNode(), changes[row].afterId);
    // A removed node's change selects it on the left and nothing on the right.
    for (qsizetype i = 0; i < changes.size(); ++i)
        if (changes[i].kind == u"node-removed") {
            view.selectChange(int(i));
            QCOMPARE(view.beforeGraph()->selectedNode(), changes[i].beforeId);
            QCOMPARE(view.afterGraph()->selectedNode(), -1);
        }
}

void TestCompareView::stackedLayoutPutsAfterBelowBefore()
{
    CompareView view;
    view.resize(1000, 1000);
    view.show();
    QVERIFY(showIncidentA(view));
    view.setOrientation(Qt::Vertical);
    QApplication::processEvents();
    const QPoint top = view.beforeGraph()->mapTo(&view, QPoint(0, 0));
    const QPoint bottom = view.afterGraph()->mapTo(&view, QPoint(0, 0));
    QVERIFY(bottom.y() >= top.y() + view.beforeGraph()->height());
    QCOMPARE(top.x(), bottom.x());
}

void TestCompareView::nodeTimeChartHoversAndExports()
{
    CompareView view;
    view.resize(1200, 900);
    view.show();
    QVERIFY(showIncidentA(view));
    view.setDrawerOpen(true);
    view.tabs()->setCurrentWidget(view.nodeTimeChart());
    QApplication::processEvents();
    NodeTimeChart *chart = view.nodeTimeChart();
    chart->replot();
    const QList<NodeTimeChart::Row> &rows = chart->rows();
    QCOMPARE(rows.size(), std::min<qsizetype>(view.diff().matched.size(), NodeTimeChart::maxRows()));
    // The heaviest row first, and it is the tracks scan; figures come from the plans.
    const int seq = findNode(m_before, QStringLiteral("Seq Scan"), QStringLiteral("tracks"));
    QCOMPARE(rows[0].beforeId, seq);
    QCOMPARE(rows[0].beforeMs, m_before.nodes[seq].exclusiveMs);
    QCOMPARE(rows[0].label, QStringLiteral("tracks t · Parallel Seq Scan → Bitmap Heap Scan"));
    QCOMPARE(rows[0].afterMs, m_after.nodes[rows[0].afterId].exclusiveMs);
    for (qsizetype i = 1; i < rows.size(); ++i)
        QVERIFY(std::max(rows[i - 1].beforeMs, rows[i - 1].afterMs) >= std::max(rows[i].beforeMs, rows[i].afterMs));

    // Hover on the top row's before bar: the tool tip names the node and both times.
    const ChartWidget::Hover h = chart->hoverAt(chart->barCentre(0, false));
    QVERIFY2(h.text.startsWith(rows[0].label), qPrintable(h.text));
    QVERIFY2(h.text.contains(formatDurationMs(rows[0].beforeMs)), qPrintable(h.text));
    QTest::mouseMove(chart, chart->barCentre(0, false).toPoint());
    QTRY_COMPARE(chart->lastHoverText(), h.text);
    QVERIFY(chart->hoverAt(QPointF(2, 2)).text.isEmpty());
    // Wheel zoom changes the time axis only.
    const QCPRange before = chart->xAxis->range();
    chart->xAxis->scaleRange(0.5, before.center());
    QVERIFY(chart->xAxis->range().size() < before.size());
    chart->resetView();
    QCOMPARE(chart->xAxis->range().lower, 0.0);

    const QString png = Test::screenshotPath(QStringLiteral("compare-node-times.png"));
    const QString pdf = Test::screenshotPath(QStringLiteral("compare-node-times.pdf"));
    QFile::remove(png);
    QFile::remove(pdf);
    QVERIFY(chart->exportTo(png, 900, 500));
    QVERIFY(chart->exportTo(pdf, 900, 500));
    const QImage img(png);
    QCOMPARE(img.size(), QSize(900, 500));
    QVERIFY(colourCount(img) > 10);
    QFile f(pdf);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QVERIFY(f.read(5) == QByteArray("%PDF-"));
}

void TestCompareView::estimateChartPlotsEveryExecutedNode()
{
    EstimateChart chart;
    chart.resize(700, 600);
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    chart.setPlans(m_before, m_after);
    int executed = 0;
    for (const Plan *p : {&m_before, &m_after})
        for (const PlanNode &n : p->nodes)
            if (n.planRows && n.actualRows && !n.neverExecuted)
                ++executed;
    QCOMPARE(chart.points().size(), executed);
    QCOMPARE(chart.xAxis->scaleType(), QCPAxis::stLogarithmic);
    QCOMPARE(chart.yAxis->scaleType(), QCPAxis::stLogarithmic);
    // The misestimated tracks scan of the before plan: its point sits far below the diagonal.
    const int seq = findNode(m_before, QStringLiteral("Seq Scan"), QStringLiteral("tracks"));
    qsizetype index = -1;
    for (qsizetype i = 0; i < chart.points().size(); ++i)
        if (!chart.points()[i].after && chart.points()[i].nodeId == seq)
            index = i;
    QVERIFY(index >= 0);
    const QPointF px = chart.pointPixel(int(index));
    QVERIFY(px.y() > chart.yAxis->coordToPixel(chart.xAxis->pixelToCoord(px.x())) + 50); // below y = x
    const QString text = chart.hoverAt(px).text;
    QVERIFY2(text.startsWith(QStringLiteral("Before · Parallel Seq Scan on tracks t")), qPrintable(text));
    QVERIFY2(text.contains(formatEstimateFactor(*m_before.nodes[seq].estimateFactor)), qPrintable(text));
    QSignalSpy clicked(&chart, &EstimateChart::nodeClicked);
    QTest::mouseClick(&chart, Qt::LeftButton, {}, px.toPoint());
    QCOMPARE(clicked.size(), 1);
    QCOMPARE(clicked[0].at(1).toInt(), seq);
    QVERIFY(chart.exportTo(Test::screenshotPath(QStringLiteral("compare-estimates.png")), 700, 600));
}

void TestCompareView::runTimeChartSummarisesRuns()
{
    // Run times as the runner reports them (ms per execution), both sides interleaved in the real run.
    const QList<double> before{512.3, 498.1, 505.7, 530.2, 501.9, 497.4, 650.0};
    const QList<double> after{7.4, 7.1, 7.9, 6.8, 7.2, 7.0, 7.3};
    RunTimeChart chart;
    chart.resize(600, 500);
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    chart.setRunTimes(before, after);
    QList<double> sorted = before;
    std::sort(sorted.begin(), sorted.end());
    QCOMPARE(chart.beforeSummary().median, sorted[3]);
    QCOMPARE(chart.beforeSummary().count, 7);
    QCOMPARE(chart.beforeSummary().max, 650.0);
    QCOMPARE(chart.beforeSummary().outliers, QList<double>{650.0}); // beyond 1.5 IQR of the others
    QVERIFY(chart.beforeSummary().upperWhisker < 650.0);
    QVERIFY(chart.isLogScale()); // 500 ms against 7 ms
    QVERIFY2(chart.title().contains(formatSpeedup(sorted[3] / 7.2)), qPrintable(chart.title()));
    const QString hover = chart.hoverAt(chart.runPixel(true, 2)).text;
    QCOMPARE(hover, QStringLiteral("After, run 3 of 7: %1").arg(formatDurationMs(7.9)));
    QVERIFY(chart.exportTo(Test::screenshotPath(QStringLiteral("compare-run-times.png")), 600, 500));

    // In the compare view the tab only shows with runs.
    CompareView view;
    const int tab = view.tabs()->indexOf(view.runTimeChart());
    QVERIFY(!view.tabs()->isTabVisible(tab));
    view.setRunTimes(before, after);
    QVERIFY(view.tabs()->isTabVisible(tab));
    view.setRunTimes({}, {});
    QVERIFY(!view.tabs()->isTabVisible(tab));
}

void TestCompareView::scriptsOfSeveralStatementsPairTheMainOnes()
{
    const Plan lookup = Test::loadTestPlan(QStringLiteral("incident-a-after-ids"));
    QVERIFY(!lookup.isEmpty());
    CompareView view;
    view.resize(1200, 800);
    view.show();
    QSignalSpy ready(&view, &CompareView::diffAvailable);
    view.setScripts({m_before}, {lookup, m_after});
    QVERIFY(ready.wait(20000));
    QCOMPARE(view.scriptDiff().mainAfter, 1);
    QCOMPARE(view.afterPlan().nodes.size(), m_after.nodes.size());
    QVERIFY(view.findChild<QWidget *>(QStringLiteral("CompareStatementBox"))->isVisibleTo(&view));
    QVERIFY(view.findChild<QLabel *>(QStringLiteral("CompareHeadline")) != nullptr);
    // A newer comparison replaces an older one still running.
    view.setPlans(lookup, lookup);
    view.setPlans(m_before, m_after);
    QTRY_VERIFY(!view.isBusy());
    QCOMPARE(view.beforePlan().nodes.size(), m_before.nodes.size());
    QVERIFY(!view.findChild<QWidget *>(QStringLiteral("CompareStatementBox"))->isVisibleTo(&view));
}

// The product issue: Compare is two readable plans. At 1100x700 both graphs take the full height but for one
// header line, and both open with every card at full detail.
void TestCompareView::graphsAreFullHeightAndReadable()
{
    CompareView view;
    view.resize(1100, 700);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QVERIFY(showIncidentA(view));
    QApplication::processEvents();
    QVERIFY(!view.isDrawerOpen());
    auto *headline = view.findChild<QLabel *>(QStringLiteral("CompareHeadline"));
    QVERIFY(headline && headline->isVisible());
    QVERIFY2(headline->height() < 34, qPrintable(QString::number(headline->height())));   // one line
    QCOMPARE(view.headlineText(), view.diff().headline.title());
    QVERIFY(!headline->text().contains(u'\n'));
    const int header = headline->mapTo(&view, QPoint(0, headline->height())).y();
    for (PlanGraphView *g : {view.beforeGraph(), view.afterGraph()}) {
        QVERIFY2(g->isCardDetail(), qPrintable(QStringLiteral("%1 at %2").arg(g->objectName()).arg(g->zoom())));
        QVERIFY2(g->viewport()->height() >= 0.9 * (view.height() - header) - 2,
                 qPrintable(QStringLiteral("%1: %2 of %3").arg(g->objectName()).arg(g->viewport()->height()).arg(view.height())));
        QVERIFY(g->viewport()->height() >= 0.8 * view.height());
        QVERIFY(g->visibleSceneRect().contains(g->graphScene()->cardRect(0)));   // the root on screen
    }
    QVERIFY(view.grab().save(Test::screenshotPath(QStringLiteral("compareview-readable-1100x700.png"))));
    // The selection line floats over the graphs only while there is a selection.
    auto *selection = view.findChild<QLabel *>(QStringLiteral("CompareSelection"));
    QVERIFY(selection && !selection->isVisible());
    view.selectBeforeNode(0);
    QVERIFY(selection->isVisible());
    QVERIFY(selection->geometry().bottom() <= selection->parentWidget()->height());

    // Stacked still works: one above the other, both full width.
    view.setOrientation(Qt::Vertical);
    QApplication::processEvents();
    const QPoint top = view.beforeGraph()->mapTo(&view, QPoint(0, 0));
    const QPoint bottom = view.afterGraph()->mapTo(&view, QPoint(0, 0));
    QVERIFY(bottom.y() >= top.y() + view.beforeGraph()->height());
    QVERIFY(view.beforeGraph()->width() >= view.width() - 4);
    QVERIFY(view.grab().save(Test::screenshotPath(QStringLiteral("compareview-stacked.png"))));
}

void TestCompareView::drawerSlidesOverTheGraphs()
{
    CompareView view;
    view.resize(1100, 700);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QVERIFY(showIncidentA(view));
    const int graphHeight = view.beforeGraph()->height();
    auto *button = view.findChild<QToolButton *>(QStringLiteral("CompareDrawerButton"));
    QVERIFY(button && button->isVisible());
    QVERIFY(!view.tabs()->isVisible());
    QTest::mouseClick(button, Qt::LeftButton);
    QVERIFY(view.isDrawerOpen());
    QVERIFY(view.tabs()->isVisible());
    QApplication::processEvents();
    // Over the graphs, not instead of them: the graphs keep their height.
    QCOMPARE(view.beforeGraph()->height(), graphHeight);
    const QRect drawer(view.drawer()->mapTo(&view, QPoint(0, 0)), view.drawer()->size());
    const QRect graph(view.beforeGraph()->mapTo(&view, QPoint(0, 0)), view.beforeGraph()->size());
    QVERIFY(drawer.intersects(graph));
    QVERIFY(drawer.top() > graph.top() + 80);   // the upper part of the graphs stays in view
    QCOMPARE(view.changeList()->count(), view.diff().changes.size());
    // Its height is dragged at its top edge.
    auto *grip = view.findChild<QWidget *>(QStringLiteral("CompareDrawerGrip"));
    QVERIFY(grip);
    const int before = view.drawer()->height();
    QTest::mousePress(grip, Qt::LeftButton, {}, QPoint(grip->width() / 2, 3));
    QTest::mouseMove(grip, QPoint(grip->width() / 2, -57));
    QTest::mouseRelease(grip, Qt::LeftButton, {}, QPoint(grip->width() / 2, -57));
    QVERIFY2(view.drawer()->height() > before + 30, qPrintable(QString::number(view.drawer()->height())));
    QVERIFY(view.grab().save(Test::screenshotPath(QStringLiteral("compareview-drawer.png"))));
    QTest::mouseClick(button, Qt::LeftButton);
    QVERIFY(!view.isDrawerOpen());
    QVERIFY(!view.tabs()->isVisible());
}

void TestCompareView::hoverRingsTheMatchOnTheOtherSide()
{
    CompareView view;
    view.resize(1300, 800);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QVERIFY(showIncidentA(view));
    const int seq = findNode(m_before, QStringLiteral("Seq Scan"), QStringLiteral("tracks"));
    const int bhs = findNode(m_after, QStringLiteral("Bitmap Heap Scan"), QStringLiteral("tracks"));
    QCOMPARE(view.diff().afterOf(seq), bhs);
    PlanGraphView *left = view.beforeGraph();
    PlanGraphView *right = view.afterGraph();
    left->centerOnNode(seq);
    const QPoint onSeq = left->mapFromScene(left->graphScene()->cardRect(seq).center());
    QVERIFY(left->viewport()->rect().contains(onSeq));
    QTest::mouseMove(left->viewport(), onSeq);
    QTRY_COMPARE(right->highlightedNode(), bhs);
    QCOMPARE(left->highlightedNode(), -1);
    QVERIFY(view.grab().save(Test::screenshotPath(QStringLiteral("compareview-hover-match.png"))));
    QTest::mouseMove(left->viewport(), QPoint(4, left->viewport()->height() - 4));   // off the cards
    QTRY_COMPARE(right->highlightedNode(), -1);
    // The other way round, and a node without a match rings nothing.
    emit right->nodeHovered(0);
    QCOMPARE(left->highlightedNode(), view.diff().beforeOf(0));
    const int bitmapOr = findNode(m_after, QStringLiteral("BitmapOr"), {});
    emit right->nodeHovered(bitmapOr);
    QCOMPARE(left->highlightedNode(), -1);
    emit right->nodeHovered(-1);
    QCOMPARE(left->highlightedNode(), -1);
}

QTEST_MAIN(TestCompareView)
#include "tst_compareview.moc"
