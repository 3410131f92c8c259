// SPDX-License-Identifier: MIT
// The flame graph (icicle of exclusive time) offscreen: its geometry checked against subtree sums computed here,
// selection synced with PlanView's graph, zoom and unzoom, what the grab shows (colours, labels), and the time to
// lay out and paint bench-sized plans. Pictures go to PLANLENS_BUILD_DIR/screenshots/.
#include "../bench/benchplans.h"
#include "format/units.h"
#include "graphplans.h"
#include "plan/planparser.h"
#include "planflamegraph.h"
#include "planflameview.h"
#include "plangraphscene.h"
#include "plangraphview.h"
#include "planoperationsmodel.h"
#include "planoperationsview.h"
#include "planview.h"
#include "testdata.h"

#include <QAbstractButton>
#include <QAction>
#include <QApplication>
#include <QHelpEvent>
#include <QToolTip>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>
#include <QTableView>
#include <QToolBar>
#include <QTest>

#include <cmath>
#include <functional>

using namespace PlanLens;

namespace {

bool waitGraph(PlanGraphView *g)
{
    return QTest::qWaitFor([g] { return !g->isBusy() && g->graphScene()->isComplete(); }, 20000);
}

// Subtree sums of exclusive time computed recursively, apart from the widget's own backward pass.
double subtreeMs(const Plan &plan, int id, QHash<int, double> &memo)
{
    if (memo.contains(id))
        return memo[id];
    double sum = std::max(0.0, plan.nodes[id].exclusiveMs);
    for (int c : plan.nodes[id].children)
        sum += subtreeMs(plan, c, memo);
    memo[id] = sum;
    return sum;
}

QPoint centerOf(const QRectF &r)
{
    return r.center().toPoint();
}

// Pixels in the rectangle far from the fill in brightness: label glyphs (dark on pale, white on deep red).
int textPixels(const QImage &img, const QRect &r, const QColor &fill)
{
    int n = 0;
    for (int y = r.top(); y <= r.bottom(); ++y)
        for (int x = r.left(); x <= r.right(); ++x)
            if (std::abs(qGray(img.pixel(x, y)) - qGray(fill.rgb())) > 80)
                ++n;
    return n;
}

} // namespace

class TestFlameGraph : public QObject
{
    Q_OBJECT
private slots:
    void widthsFollowSubtreeTime_data();
    void widthsFollowSubtreeTime();
    void withoutTimingWidthsAreCost();
    void clickSelectsAndSyncsWithTheGraph();
    void zoomsIntoASubtreeAndBack();
    void grabShowsColoursAndLabels();
    void incidentAFlamePage();
    void benchPlansLayOutAndPaint();
};

void TestFlameGraph::widthsFollowSubtreeTime_data()
{
    QTest::addColumn<int>("shape");
    QTest::addColumn<int>("count");
    QTest::newRow("incident-like") << -1 << 12;
    QTest::newRow("random-300") << int(Test::GraphPlans::Shape::Random) << 300;
    QTest::newRow("binary-127") << int(Test::GraphPlans::Shape::Binary) << 127;
    QTest::newRow("star-50") << int(Test::GraphPlans::Shape::Star) << 50;
}

void TestFlameGraph::widthsFollowSubtreeTime()
{
    QFETCH(int, shape);
    QFETCH(int, count);
    const Plan plan = shape < 0 ? Test::GraphPlans::incidentLike()
                                : Test::GraphPlans::generate(Test::GraphPlans::Shape(shape), count);
    PlanFlameGraph flame;
    flame.resize(1000, 600);
    flame.setPlan(plan, PlanColorScale(plan, PlanMetric::ExclusiveTime));
    flame.show();
    QVERIFY(QTest::qWaitForWindowExposed(&flame));
    const double W = flame.width();
    QHash<int, double> memo;
    const double total = subtreeMs(plan, 0, memo);
    QVERIFY(total > 0);
    QCOMPARE(flame.barRect(0), QRectF(0, PlanFlameGraph::kTopMargin, W, PlanFlameGraph::kRowHeight));
    int bars = 0;
    for (const PlanNode &n : plan.nodes) {
        const QRectF r = flame.barRect(n.id);
        const double expected = W * subtreeMs(plan, n.id, memo) / total;
        if (r.isNull()) {
            // No bar: no time, or narrower than the cut-off somewhere up its path.
            QVERIFY2(expected < 1.0 || subtreeMs(plan, n.id, memo) == 0,
                     qPrintable(QStringLiteral("node %1 (%2 px) has no bar").arg(n.id).arg(expected)));
            continue;
        }
        ++bars;
        QVERIFY2(std::abs(r.width() - expected) < 1e-6 * W,
                 qPrintable(QStringLiteral("node %1: width %2, expected %3").arg(n.id).arg(r.width()).arg(expected)));
        if (n.parent < 0)
            continue;
        const QRectF p = flame.barRect(n.parent);
        QVERIFY2(!p.isNull(), "a bar's parent has a bar");
        QVERIFY(r.left() >= p.left() - 1e-6 && r.right() <= p.right() + 1e-6);
        QCOMPARE(r.top(), p.bottom());
        QCOMPARE(flame.nodeAt(r.center()), n.id);
    }
    // The parent's own time is what its children leave uncovered.
    for (const PlanNode &n : plan.nodes) {
        const QRectF r = flame.barRect(n.id);
        if (r.isNull())
            continue;
        double covered = 0;
        for (int c : n.children)
            covered += W * subtreeMs(plan, c, memo) / total;
        QVERIFY(std::abs((r.width() - covered) - W * std::max(0.0, n.exclusiveMs) / total) < 1e-6 * W);
    }
    QVERIFY(bars >= std::min<qsizetype>(plan.nodes.size() / 3, 10));
}

void TestFlameGraph::withoutTimingWidthsAreCost()
{
    const Plan plan = Test::GraphPlans::generate(Test::GraphPlans::Shape::Random, 60, 3, false);
    PlanFlameGraph flame;
    flame.resize(800, 400);
    flame.setPlan(plan, PlanColorScale(plan, PlanMetric::Cost));
    flame.show();
    QVERIFY(QTest::qWaitForWindowExposed(&flame));
    QVERIFY(flame.usesCost());
    double totalCost = 0;
    for (const PlanNode &n : plan.nodes)
        totalCost += n.exclusiveCost;
    // A leaf's width is its share of the cost.
    for (const PlanNode &n : plan.nodes) {
        if (!n.children.isEmpty() || flame.barRect(n.id).isNull())
            continue;
        QVERIFY(std::abs(flame.barRect(n.id).width() - flame.width() * n.exclusiveCost / totalCost) < 1e-6 * flame.width());
    }
}

void TestFlameGraph::clickSelectsAndSyncsWithTheGraph()
{
    const Plan plan = Test::GraphPlans::incidentLike();
    PlanView view;
    view.resize(1200, 700);
    view.setPlan(plan);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QVERIFY(waitGraph(view.graphView()));
    QCOMPARE(view.page(), PlanView::Page::Graph);   // the default
    view.pageAction(PlanView::Page::Flame)->trigger();
    QCOMPARE(view.page(), PlanView::Page::Flame);
    PlanFlameGraph *flame = view.flameView()->flameGraph();
    QVERIFY(flame->isVisible());
    QVERIFY(!view.graphView()->isVisible());
    QVERIFY(QTest::qWaitFor([flame] { return !flame->barRect(0).isNull(); }));

    QSignalSpy spy(&view, &PlanView::nodeSelected);
    QVERIFY(!flame->barRect(2).isNull());
    QTest::mouseClick(flame, Qt::LeftButton, {}, centerOf(flame->barRect(2)));
    QCOMPARE(flame->selectedNode(), 2);
    QCOMPARE(view.selectedNode(), 2);
    QCOMPARE(view.graphView()->selectedNode(), 2);
    QVERIFY(!spy.isEmpty());
    QCOMPARE(spy.last().at(0).toInt(), 2);

    // The other way: a selection made in the graph (or by another view) shows in the flame graph.
    view.graphView()->selectNode(6);
    QCOMPARE(flame->selectedNode(), 6);
    view.selectNode(1);
    QCOMPARE(flame->selectedNode(), 1);
    QCOMPARE(view.graphView()->selectedNode(), 1);

    // "Colour by" recolours the flame graph too, with the graph's scale.
    view.setMetric(PlanMetric::EstimateError);
    QCOMPARE(flame->colorScale().metric(), PlanMetric::EstimateError);
    QCOMPARE(flame->colorScale().colour(plan.nodes[2]), PlanColorScale(plan, PlanMetric::EstimateError).colour(plan.nodes[2]));
    QCOMPARE(QColor(flame->grab().toImage().pixel(int(flame->barRect(2).right()) - 4, int(flame->barRect(2).top()) + 3)),
             PlanColorScale(plan, PlanMetric::EstimateError).colour(plan.nodes[2]));
    view.setMetric(PlanMetric::ExclusiveTime);

    // Back on the graph page the graph's own tool bar items come back.
    auto fitAction = [&view] {
        for (QAction *a : view.toolBar()->actions())
            if (a->text() == u"Fit")
                return a;
        return static_cast<QAction *>(nullptr);
    };
    QVERIFY(fitAction() && !fitAction()->isVisible());   // the graph's zoom does nothing on the flame page
    view.setPage(PlanView::Page::Graph);
    QVERIFY(view.graphView()->isVisible());
    QVERIFY(fitAction()->isVisible());
    QCOMPARE(view.graphView()->selectedNode(), 1);
}

void TestFlameGraph::zoomsIntoASubtreeAndBack()
{
    const Plan plan = Test::GraphPlans::incidentLike();
    PlanFlameView view;
    view.resize(900, 400);
    view.setPlan(plan, PlanColorScale(plan, PlanMetric::ExclusiveTime));
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    PlanFlameGraph *flame = view.flameGraph();
    const double W = flame->width();
    QVERIFY(!flame->canZoomOut());
    QSignalSpy zooms(flame, &PlanFlameGraph::zoomChanged);

    // Double-click zooms: the Hash Join's subtree (node 1) takes the full width, the Sort above it is gone.
    QTest::mouseDClick(flame, Qt::LeftButton, {}, centerOf(flame->barRect(1)));
    QCOMPARE(flame->zoomRoot(), 1);
    QCOMPARE(zooms.size(), 1);
    QCOMPARE(flame->barRect(1).width(), W);
    QCOMPARE(flame->barRect(1).top(), double(PlanFlameGraph::kTopMargin));
    QVERIFY(flame->barRect(0).isNull());
    QVERIFY(flame->barRect(10).isNull());   // the CTE under the root, outside the zoom
    QVERIFY(view.breadcrumbText().contains(QStringLiteral("Hash Join")));
    QVERIFY(view.breadcrumbText().startsWith(QStringLiteral("Whole plan")));
    // The seq scan is now wider: it was a share of the whole, now of the Hash Join's subtree.
    QHash<int, double> memo;
    QVERIFY(std::abs(flame->barRect(2).width() - W * subtreeMs(plan, 2, memo) / subtreeMs(plan, 1, memo)) < 1e-6 * W);

    // A click on the selected bar zooms further (select first, then click again).
    QTest::mouseClick(flame, Qt::LeftButton, {}, centerOf(flame->barRect(2)));
    QCOMPARE(flame->selectedNode(), 2);
    QCOMPARE(flame->zoomRoot(), 1);
    QTest::mouseClick(flame, Qt::LeftButton, {}, centerOf(flame->barRect(2)));
    QCOMPARE(flame->zoomRoot(), 2);
    QCOMPARE(flame->zoomPath(), (QList<int>{0, 1, 2}));

    // Esc goes up one level, the Up button too, down to the whole plan.
    flame->setFocus();
    QTest::keyClick(flame, Qt::Key_Escape);
    QCOMPARE(flame->zoomRoot(), 1);
    auto *up = view.findChild<QAbstractButton *>(QStringLiteral("FlameUpButton"));
    QVERIFY(up && up->isEnabled());
    up->click();
    QCOMPARE(flame->zoomRoot(), 0);
    QVERIFY(!up->isEnabled());
    QCOMPARE(flame->barRect(0).width(), W);

    // Selecting a node outside the zoomed subtree (from another view) zooms back out so it can be seen.
    flame->zoomTo(5);
    QCOMPARE(flame->zoomRoot(), 5);
    flame->selectNode(2);
    QCOMPARE(flame->zoomRoot(), 0);
    QVERIFY(!flame->barRect(2).isNull());
}

void TestFlameGraph::grabShowsColoursAndLabels()
{
    const Plan plan = Test::GraphPlans::incidentLike();
    PlanFlameGraph flame;
    flame.resize(1000, 300);
    const PlanColorScale scale(plan, PlanMetric::ExclusiveTime);
    flame.setPlan(plan, scale);
    flame.show();
    QVERIFY(QTest::qWaitForWindowExposed(&flame));
    const QImage img = flame.grab().toImage();
    QVERIFY(img.save(Test::screenshotPath(QStringLiteral("flamegraph-incident-like.png"))));

    // The seq scan on tracks is the hot node: its bar (a leaf apart from its SubPlan) has the scale's hot end.
    const QRectF hot = flame.barRect(2);
    QVERIFY(hot.width() > 0.8 * flame.width());   // 912 ms of about 1,021
    const QPoint inHot(int(hot.right()) - 6, int(hot.top()) + 3);
    QCOMPARE(QColor(img.pixel(inHot)), scale.colour(plan.nodes[2]));
    QCOMPARE(QColor(img.pixel(inHot)), PlanColorScale::hotColour());
    // A cooler node is drawn in its own, paler colour.
    const QRectF cool = flame.barRect(6);
    QVERIFY(!cool.isNull());
    QCOMPARE(QColor(img.pixel(int(cool.right()) - 3, int(cool.bottom()) - 3)), scale.colour(plan.nodes[6]));
    QVERIFY(QColor(img.pixel(int(cool.right()) - 3, int(cool.bottom()) - 3)) != PlanColorScale::hotColour());
    // Labels: glyphs in the left part of the wide bars, none in the empty area below the deepest row.
    for (int id : {0, 1, 2}) {
        const QRectF bar = flame.barRect(id);
        const QRect text(int(bar.left()) + 4, int(bar.top()) + 3, 140, PlanFlameGraph::kRowHeight - 7);
        QVERIFY2(textPixels(img, text, scale.colour(plan.nodes[id])) > 30, qPrintable(QString::number(id)));
    }
    // Nothing is drawn below the deepest row (nodes 6 and 7, four rows under the root).
    const int below = PlanFlameGraph::kTopMargin + 5 * PlanFlameGraph::kRowHeight;
    QVERIFY(below < img.height());
    QCOMPARE(textPixels(img, QRect(0, below, img.width(), img.height() - below), flame.palette().color(QPalette::Base)),
             0);
    // Never-executed nodes take no time, so no bar (the graph and the grid still list them).
    QVERIFY(flame.barRect(10).isNull());
    QVERIFY(flame.barRect(11).isNull());

    // Hover: the tool tip names the node under the mouse with its figures.
    QHelpEvent help(QEvent::ToolTip, centerOf(hot), flame.mapToGlobal(centerOf(hot)));
    QApplication::sendEvent(&flame, &help);
    QVERIFY(QTest::qWaitFor([] { return QToolTip::isVisible(); }, 2000));
    const QString tip = QToolTip::text();
    for (const QString &part : {QStringLiteral("Seq Scan"), QStringLiteral("tracks"), Units::duration(912.5),
                                Units::percent(plan.nodes[2].timeShare), QStringLiteral("14,000")})
        QVERIFY2(tip.contains(part), qPrintable(part + QStringLiteral(" not in ") + tip));
    QToolTip::hideText();

    // The selection is ringed in the highlight colour.
    flame.selectNode(6);
    const QImage sel = flame.grab().toImage();
    QCOMPARE(QColor(sel.pixel(int(cool.center().x()), int(cool.top()) + 1)), flame.palette().color(QPalette::Highlight));
}

void TestFlameGraph::incidentAFlamePage()
{
    const Plan plan = Test::loadTestPlan(QStringLiteral("incident-a-before"));
    QVERIFY(!plan.isEmpty());
    PlanView view;
    view.resize(1440, 860);
    view.setPlan(plan);
    view.setPage(PlanView::Page::Flame);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QVERIFY(waitGraph(view.graphView()));
    PlanFlameGraph *flame = view.flameView()->flameGraph();
    // Select the hottest node so the picture shows a selection.
    int hottest = 0;
    for (const PlanNode &n : plan.nodes)
        if (n.exclusiveMs > plan.nodes[hottest].exclusiveMs)
            hottest = n.id;
    view.selectNode(hottest);
    QCOMPARE(flame->selectedNode(), hottest);
    const QImage img = view.grab().toImage();
    QVERIFY(img.save(Test::screenshotPath(QStringLiteral("flamegraph-incident-a.png"))));
    // The flame graph takes the graph's place: most of the page.
    const QRect shown = flame->visibleRegion().boundingRect();
    QVERIFY2(double(shown.width()) * shown.height() >= 0.6 * view.width() * view.height(),
             qPrintable(QStringLiteral("%1x%2 of %3x%4").arg(shown.width()).arg(shown.height()).arg(view.width()).arg(view.height())));
    // The hottest node's bar is the widest stretch of its colour.
    const QRectF r = flame->barRect(hottest);
    QVERIFY(!r.isNull());
    QVERIFY(r.width() > 0.3 * flame->width());
}

void TestFlameGraph::benchPlansLayOutAndPaint()
{
    // bench/benchplans.h: a 20,000-node EXPLAIN (ANALYZE, BUFFERS) shaped like real plans, through the parser.
    auto parsed = parsePlan(QString::fromUtf8(Bench::toJson(Bench::generateTree(20000))));
    QVERIFY(!isError(parsed));
    const Plan big = std::get<Plan>(parsed);
    QCOMPARE(big.nodes.size(), 20000);
    const Plan chain = Test::GraphPlans::generate(Test::GraphPlans::Shape::Chain, 2000);
    for (const Plan *plan : {&big, &chain}) {
        PlanFlameView view;
        view.resize(1440, 800);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        const PlanColorScale scale(*plan, PlanMetric::ExclusiveTime);
        QElapsedTimer t;
        t.start();
        view.setPlan(*plan, scale);
        const qint64 setMs = t.restart();
        const QImage img = view.grab().toImage();
        const qint64 paintMs = t.restart();
        view.flameGraph()->selectNode(int(plan->nodes.size()) - 1);
        const QImage again = view.grab().toImage();
        const qint64 repaintMs = t.elapsed();
        int bars = 0;
        for (int i = 0; i < plan->nodes.size(); ++i)
            bars += !view.flameGraph()->barRect(i).isNull();
        qInfo("%lld nodes: setPlan+layout %lld ms, first paint %lld ms, select+repaint %lld ms, %d bars drawn",
              qint64(plan->nodes.size()), setMs, paintMs, repaintMs, bars);
        QVERIFY(!img.isNull() && !again.isNull());
        QVERIFY(bars > 0);
        // Speed is bench/'s business (no timed assertions in tests): the figures above are for reading only.
    }
}

QTEST_MAIN(TestFlameGraph)
#include "tst_flamegraph.moc"
