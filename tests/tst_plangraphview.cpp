// SPDX-License-Identifier: MIT
// The plan graph offscreen: what is drawn (cards, colours, grey never-executed nodes, level of detail), find,
// selection and keyboard navigation, collapse, the text view and details kept in sync, exports. Every picture is
// saved under PLANLENS_BUILD_DIR/screenshots/ to be looked at.
#include "graphplans.h"
#include "graphviewtesting.h"
#include "nodedetails.h"
#include "plangraphcallout.h"
#include "planexport.h"
#include "plangraphfindbar.h"
#include "plangraphminimap.h"
#include "plangraphnodeitem.h"
#include "plangraphscene.h"
#include "plangraphview.h"
#include "planlegend.h"
#include "plannodeformat.h"
#include "plantextmodel.h"
#include "plantextview.h"
#include "planview.h"
#include "plan/planparser.h"
#include "testdata.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QSplitter>
#include <QToolBar>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTest>

using namespace PlanLens;

namespace {

// The pixel a little inside a card's bottom-left corner (away from the text), in an exported image.
QColor cardPixel(PlanGraphScene &scene, const QImage &image, const PlanExportOptions &o, int id)
{
    const QRectF r = scene.cardRect(id);
    const QPointF p = planExportTransform(scene, o).map(QPointF(r.left() + 5, r.bottom() - 3));
    return image.pixelColor(p.toPoint());
}

bool near(const QColor &a, const QColor &b, int tolerance = 6)
{
    return std::abs(a.red() - b.red()) <= tolerance && std::abs(a.green() - b.green()) <= tolerance
        && std::abs(a.blue() - b.blue()) <= tolerance;
}

QPoint viewportPointOf(PlanGraphView &view, int id)
{
    return view.mapFromScene(view.graphScene()->cardRect(id).center());
}

} // namespace

class TestPlanGraphView : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void drawsOneCardPerNode();
    void hottestNodeIsTheHotEndAndNeverExecutedIsGrey();
    void heavyHittersAndFindingBadges();
    void estimateOnlyPlanIsColouredByCost();
    void estimateErrorUsesADivergingScale();
    void farOutCardsAreBoxesWithoutText();
    void findMovesBetweenMatches();
    void findBarCountsMatches();
    void selectionByClickAndSignal();
    void keyboardMovesToParentChildAndSibling();
    void collapseHidesTheSubtreeAndSelectionReveals();
    void leftRightPutsChildrenToTheRight();
    void textViewReadsLikePsqlAndFollowsSelection();
    void detailsShowEveryFieldAndRawKeys();
    void exportsPngSvgPdf();
    void largePlanOpensWithMinimap();
    void planViewScreenshot();
    void seedPlansDrawEveryCardAndHottest_data();
    void seedPlansDrawEveryCardAndHottest();
    void hoverReportsTheCardAndHighlightRingsIt();
    void planViewFoldsDetailsAway();

private:
    Plan m_incident;
};

void TestPlanGraphView::initTestCase()
{
    m_incident = Test::GraphPlans::incidentLike();
    QCOMPARE(m_incident.nodes.size(), 12);
}

void TestPlanGraphView::drawsOneCardPerNode()
{
    PlanGraphView view;
    QVERIFY(Test::showPlan(view, m_incident, QSize(1200, 800)));
    QCOMPARE(view.graphScene()->nodeCount(), 12);
    QCOMPARE(Test::visibleCards(*view.graphScene()), 12);
    // Every card is where the layout put it, and no two cards overlap.
    for (int a = 0; a < 12; ++a) {
        QCOMPARE(view.graphScene()->nodeItem(a)->pos(), view.graphScene()->cardRect(a).topLeft());
        for (int b = a + 1; b < 12; ++b)
            QVERIFY(!view.graphScene()->cardRect(a).intersects(view.graphScene()->cardRect(b)));
    }
    QVERIFY(view.grab().save(Test::screenshotPath(QStringLiteral("graph-incident-view.png"))));
}

void TestPlanGraphView::hottestNodeIsTheHotEndAndNeverExecutedIsGrey()
{
    PlanGraphScene scene;
    scene.setGraph(m_incident, preparePlanGraph(m_incident, {}));
    const int hot = Test::hottestByExclusiveTime(m_incident);
    QCOMPARE(m_incident.nodes[hot].relationName, QStringLiteral("tracks"));
    QCOMPARE(scene.cardFill(hot), PlanColorScale::hotColour());
    QCOMPARE(scene.cardFill(10), PlanColorScale::neverExecutedFill());
    QCOMPARE(scene.cardFill(11), PlanColorScale::neverExecutedFill());
    // A cool node is far from the hot end.
    QVERIFY(!near(scene.cardFill(9), PlanColorScale::hotColour(), 60));

    // And that is what ends up in the picture.
    PlanExportOptions o;
    o.summary = QStringLiteral("incident-like plan");
    const QImage image = renderPlanGraph(scene, o);
    QVERIFY(!image.isNull());
    QVERIFY(image.save(Test::screenshotPath(QStringLiteral("graph-incident-export.png"))));
    QVERIFY2(near(cardPixel(scene, image, o, hot), PlanColorScale::hotColour()),
             qPrintable(cardPixel(scene, image, o, hot).name()));
    QVERIFY2(near(cardPixel(scene, image, o, 11), PlanColorScale::neverExecutedFill()),
             qPrintable(cardPixel(scene, image, o, 11).name()));
}

void TestPlanGraphView::heavyHittersAndFindingBadges()
{
    PlanGraphView view;
    view.setPlan(m_incident);
    QVERIFY(Test::waitForGraph(view));
    // The three largest exclusive times, computed here independently, carry #1..#3.
    QList<int> ids;
    for (const PlanNode &n : m_incident.nodes)
        ids.append(n.id);
    std::sort(ids.begin(), ids.end(),
              [this](int a, int b) { return m_incident.nodes[a].exclusiveMs > m_incident.nodes[b].exclusiveMs; });
    for (int rank = 0; rank < 3; ++rank) {
        const QList<PlanBadge> b = view.graphScene()->badgesFor(ids[rank]);
        QVERIFY(!b.isEmpty());
        QCOMPARE(b.first().text, QStringLiteral("#%1").arg(rank + 1));
    }
    QVERIFY(view.graphScene()->badgesFor(ids[3]).isEmpty());

    PlanBadges findings;
    findings[2] = {{QStringLiteral("OR"), QStringLiteral("OR across two access paths defeats the index."), QColor(0x8e, 0x24, 0xaa)}};
    findings[9] = {{QStringLiteral("ok"), QStringLiteral("Fine."), QColor(Qt::darkGreen)}};
    view.setBadges(findings);
    QCOMPARE(view.graphScene()->badgesFor(2).size(), 2);
    QCOMPARE(view.graphScene()->badgesFor(2).last().text, QStringLiteral("OR"));
    QCOMPARE(view.graphScene()->badgesFor(9).size(), 1);
    // A new plan drops the old plan's badges.
    view.setPlan(m_incident);
    QVERIFY(Test::waitForGraph(view));
    QCOMPARE(view.graphScene()->badgesFor(9).size(), 0);
}

void TestPlanGraphView::estimateOnlyPlanIsColouredByCost()
{
    const Plan plan = Test::GraphPlans::generate(Test::GraphPlans::Shape::Random, 40, 4, /*analyze=*/false);
    QVERIFY(!plan.hasAnalyze);
    PlanGraphView view;
    view.resize(1400, 900);
    view.setPlan(plan);
    QVERIFY(Test::waitForGraph(view));
    const PlanColorScale scale = view.colorScale();
    QCOMPARE(scale.requested(), PlanMetric::ExclusiveTime);
    QCOMPARE(scale.metric(), PlanMetric::Cost);
    QVERIFY(scale.caption().contains(QStringLiteral("not in this plan")));
    int costliest = 0;
    for (const PlanNode &n : plan.nodes)
        if (n.exclusiveCost > plan.nodes[costliest].exclusiveCost)
            costliest = n.id;
    QCOMPARE(view.graphScene()->cardFill(costliest), PlanColorScale::hotColour());
    // No heavy-hitter ranks without timing.
    QVERIFY(view.graphScene()->badgesFor(costliest).isEmpty());
    PlanExportOptions o;
    o.summary = QStringLiteral("estimate-only plan (no ANALYZE): coloured by cost");
    QVERIFY(renderPlanGraph(*view.graphScene(), o).save(Test::screenshotPath(QStringLiteral("graph-estimate-only.png"))));
}

void TestPlanGraphView::estimateErrorUsesADivergingScale()
{
    PlanGraphScene scene;
    PlanGraphSettings s;
    s.metric = PlanMetric::EstimateError;
    scene.setGraph(m_incident, preparePlanGraph(m_incident, s));
    const PlanColorScale &scale = scene.data().scale;
    QVERIFY(scale.isDiverging());
    // Node 2: 14,000 rows where 700,000 were expected (÷50): blue side. Node 1: 20 for 5000 (÷250): bluer.
    // Node 6: 400 × 3 loops vs 1100 × 3: close to neutral.
    const QColor over = scene.cardFill(2);
    QVERIFY2(over.blue() > over.red() + 40, qPrintable(over.name()));
    QVERIFY(PlanColorScale::isMisestimate(m_incident.nodes[2]));
    QVERIFY(!PlanColorScale::isMisestimate(m_incident.nodes[6]));
    const QColor fine = scene.cardFill(7);   // 1 row for 1 estimated
    QVERIFY2(near(fine, scale.colourAt(0), 4), qPrintable(fine.name()));
    // An under-estimate lands on the red side.
    Plan under = m_incident;
    under.nodes[4].estimateFactor = 120;
    scene.setGraph(under, preparePlanGraph(under, s));
    const QColor red = scene.cardFill(4);
    QVERIFY2(red.red() > red.blue() + 40, qPrintable(red.name()));
    PlanExportOptions o;
    o.summary = QStringLiteral("coloured by row estimate error");
    QVERIFY(renderPlanGraph(scene, o).save(Test::screenshotPath(QStringLiteral("graph-estimate-error.png"))));
}

void TestPlanGraphView::farOutCardsAreBoxesWithoutText()
{
    PlanGraphScene scene;
    scene.setGraph(m_incident, preparePlanGraph(m_incident, {}));
    const int hot = Test::hottestByExclusiveTime(m_incident);
    auto distinctColoursInCard = [&scene, hot](int width) {
        PlanExportOptions o;
        o.legend = false;
        o.width = width;
        const QImage image = renderPlanGraph(scene, o);
        const QRect card = planExportTransform(scene, o).mapRect(scene.cardRect(hot)).toAlignedRect().adjusted(2, 2, -2, -2);
        QSet<QRgb> colours;
        for (int y = card.top(); y <= card.bottom(); ++y)
            for (int x = card.left(); x <= card.right(); ++x)
                colours.insert(image.pixel(x, y));
        return colours.size();
    };
    const QRectF b = scene.data().bounds;
    // At 1:1 the card carries text (many shades); at a third of that it is one flat colour.
    QVERIFY(distinctColoursInCard(int(b.width()) + 80) > 20);
    QCOMPARE(distinctColoursInCard(int(b.width() * 0.3) + 48), 1);
}

void TestPlanGraphView::findMovesBetweenMatches()
{
    PlanGraphView view;
    QVERIFY(Test::showPlan(view, m_incident, QSize(1000, 700)));
    QSignalSpy selected(&view, &PlanGraphView::nodeSelected);

    // "track" is in the hash condition of 1 (t.track_id), the relation of 2 (tracks), the relation and index of 3
    // (track_collaborators...): three matches, in plan order.
    const QList<int> expected{1, 2, 3};
    QCOMPARE(view.find(QStringLiteral("TRACK")), expected.size());
    QCOMPARE(view.findHits(), expected);
    QCOMPARE(view.selectedNode(), expected.first());
    QVERIFY(view.graphScene()->isFindHit(expected.last()));
    QVERIFY(!view.graphScene()->isFindHit(0));
    view.findNext();
    QCOMPARE(view.selectedNode(), expected[1]);
    view.findPrevious();
    view.findPrevious();   // wraps around
    QCOMPARE(view.selectedNode(), expected.last());
    QVERIFY(selected.count() >= 3);

    // Condition text, index name, node type.
    QCOMPARE(view.find(QStringLiteral("hashed subplan")), 1);
    QCOMPARE(view.selectedNode(), 2);
    QCOMPARE(view.find(QStringLiteral("users_pkey")), 1);
    QCOMPARE(view.selectedNode(), 9);
    QCOMPARE(view.find(QStringLiteral("Index Scan")), 2);   // 7 and 9; "Index Only Scan" does not contain it
    QCOMPARE(view.find(QStringLiteral("index")), 3);        // ... but does contain "Index"
    QCOMPARE(view.find(QStringLiteral("no such thing")), 0);
    QVERIFY(view.findHits().isEmpty());
}

void TestPlanGraphView::findBarCountsMatches()
{
    PlanGraphView view;
    QVERIFY(Test::showPlan(view, m_incident, QSize(1000, 700)));
    view.setFocus();
    QTest::keyClick(&view, Qt::Key_F, Qt::ControlModifier);
    QVERIFY(view.findBar()->isVisible());
    auto *edit = view.findBar()->findChild<QLineEdit *>(QStringLiteral("FindText"));
    QVERIFY(edit);
    QTest::keyClicks(edit, QStringLiteral("Seq Scan"));
    QTest::keyClick(edit, Qt::Key_Return);   // searches at once instead of waiting for the debounce
    QCOMPARE(view.findHits(), (QList<int>{2, 6, 11}));   // the three Seq Scans
    auto *count = view.findBar()->findChild<QLabel *>(QStringLiteral("FindCount"));
    QCOMPARE(count->text(), QStringLiteral("1 of 3"));
    QTest::keyClick(edit, Qt::Key_Return);
    QCOMPARE(count->text(), QStringLiteral("2 of 3"));
    QCOMPARE(view.selectedNode(), view.findHits()[1]);
    QVERIFY(view.grab().save(Test::screenshotPath(QStringLiteral("graph-find.png"))));
    QTest::keyClick(edit, Qt::Key_Escape);
    QVERIFY(!view.findBar()->isVisible());
}

void TestPlanGraphView::selectionByClickAndSignal()
{
    PlanGraphView view;
    QVERIFY(Test::showPlan(view, m_incident, QSize(1400, 900)));
    QSignalSpy selected(&view, &PlanGraphView::nodeSelected);
    view.selectNode(5);
    QCOMPARE(selected.count(), 1);
    QCOMPARE(selected.last().first().toInt(), 5);
    view.selectNode(5);   // no change, no signal (so two views can be wired both ways)
    QCOMPARE(selected.count(), 1);
    QCOMPARE(view.graphScene()->selectedNode(), 5);

    // A click on a card selects it.
    const QPoint p = viewportPointOf(view, 9);
    QVERIFY(view.viewport()->rect().contains(p));
    QTest::mouseClick(view.viewport(), Qt::LeftButton, {}, p);
    QCOMPARE(view.selectedNode(), 9);
    QCOMPARE(selected.last().first().toInt(), 9);
    // A click on empty background keeps the selection.
    QTest::mouseClick(view.viewport(), Qt::LeftButton, {}, QPoint(3, 3));
    QCOMPARE(view.selectedNode(), 9);
}

void TestPlanGraphView::keyboardMovesToParentChildAndSibling()
{
    PlanGraphView view;
    QVERIFY(Test::showPlan(view, m_incident, QSize(1200, 800)));
    view.setFocus();
    QTest::keyClick(&view, Qt::Key_Home);
    QCOMPARE(view.selectedNode(), 0);
    QTest::keyClick(&view, Qt::Key_Down);
    QCOMPARE(view.selectedNode(), m_incident.nodes[0].children.first());   // 1
    QTest::keyClick(&view, Qt::Key_Down);
    QCOMPARE(view.selectedNode(), 2);
    QTest::keyClick(&view, Qt::Key_Right);   // next sibling of 2 under 1
    QCOMPARE(view.selectedNode(), m_incident.nodes[1].children[1]);
    QTest::keyClick(&view, Qt::Key_Left);
    QCOMPARE(view.selectedNode(), 2);
    QTest::keyClick(&view, Qt::Key_Left);    // no previous sibling: stays
    QCOMPARE(view.selectedNode(), 2);
    QTest::keyClick(&view, Qt::Key_Up);
    QCOMPARE(view.selectedNode(), 1);
    // Zoom keys.
    view.resetZoom();
    QTest::keyClick(&view, Qt::Key_Minus);
    QVERIFY(view.zoom() < 1.0);
    QTest::keyClick(&view, Qt::Key_Plus);
    QTest::keyClick(&view, Qt::Key_Plus);
    QVERIFY(view.zoom() > 1.0);
    QTest::keyClick(&view, Qt::Key_1);
    QCOMPARE(view.zoom(), 1.0);
}

void TestPlanGraphView::collapseHidesTheSubtreeAndSelectionReveals()
{
    PlanGraphView view;
    QVERIFY(Test::showPlan(view, m_incident, QSize(1200, 800)));
    QSignalSpy ready(&view, &PlanGraphView::graphReady);
    view.setCollapsed(4, true);   // Hash → Nested Loop → two scans
    QVERIFY(ready.wait(10000));
    QVERIFY(view.isCollapsed(4));
    QCOMPARE(Test::visibleCards(*view.graphScene()), 12 - 3);
    for (int id : {5, 6, 7})
        QVERIFY(!view.graphScene()->isNodeVisible(id));
    QCOMPARE(view.graphScene()->data().nodes[4].hiddenBelow, 3);
    QVERIFY(view.grab().save(Test::screenshotPath(QStringLiteral("graph-collapsed.png"))));

    // Selecting a hidden node (from find, the text view, a finding) expands what hides it.
    view.selectNode(6);
    QVERIFY(ready.wait(10000));
    QVERIFY(!view.isCollapsed(4));
    QCOMPARE(Test::visibleCards(*view.graphScene()), 12);
    QCOMPARE(view.graphScene()->selectedNode(), 6);

    // Double-click collapses too.
    const QPoint p = viewportPointOf(view, 1);
    QTest::mouseDClick(view.viewport(), Qt::LeftButton, {}, p);
    QVERIFY(ready.wait(10000));
    QVERIFY(view.isCollapsed(1));
    QCOMPARE(Test::visibleCards(*view.graphScene()), 12 - 8);
    view.expandAll();
    QVERIFY(ready.wait(10000));
    QCOMPARE(Test::visibleCards(*view.graphScene()), 12);
}

void TestPlanGraphView::leftRightPutsChildrenToTheRight()
{
    PlanGraphView view;
    view.resize(1400, 800);
    view.setPlan(m_incident);
    QVERIFY(Test::waitForGraph(view));
    QSignalSpy ready(&view, &PlanGraphView::graphReady);
    view.setDirection(LayoutDirection::LeftRight);
    QVERIFY(ready.wait(10000));
    for (const PlanNode &n : m_incident.nodes)
        for (int c : n.children)
            QVERIFY(view.graphScene()->cardRect(c).left() > view.graphScene()->cardRect(n.id).right());
    QCOMPARE(Test::visibleCards(*view.graphScene()), 12);
    PlanExportOptions o;
    o.summary = QStringLiteral("left-right layout");
    QVERIFY(renderPlanGraph(*view.graphScene(), o).save(Test::screenshotPath(QStringLiteral("graph-left-right.png"))));
}

void TestPlanGraphView::textViewReadsLikePsqlAndFollowsSelection()
{
    PlanTextView text;
    text.resize(900, 500);
    text.setPlan(m_incident, PlanColorScale(m_incident, PlanMetric::ExclusiveTime));
    PlanTextModel *m = text.textModel();
    // The root at column 0; its children "  ->  "; their children 6 further; an InitPlan header at the detail
    // column of its parent with its node 2 further in; details 6 in from the arrow.
    QCOMPARE(m->lineText(m->rowForNode(0)).left(5), QStringLiteral("Sort "));
    QVERIFY(m->lineText(m->rowForNode(1)).startsWith(QStringLiteral("  ->  Hash Join")));
    QVERIFY2(m->lineText(m->rowForNode(2)).startsWith(QStringLiteral("        ->  Seq Scan on tracks t")),
             qPrintable(m->lineText(m->rowForNode(2))));
    QCOMPARE(m->lineText(m->rowForNode(2) + 1), QStringLiteral("              Filter: ((owner_id = 42) OR (hashed SubPlan 1))"));
    QCOMPARE(m->lineText(m->rowForNode(3) - 1), QStringLiteral("              SubPlan 1"));
    QVERIFY(m->lineText(m->rowForNode(3)).startsWith(QStringLiteral("                ->  Index Only Scan using track_collaborators_user_id_idx")));
    QVERIFY(m->lineText(m->rowForNode(10)).contains(QStringLiteral("(never executed)")));
    QCOMPARE(m->lineText(m->rowCount() - 1), QStringLiteral("Execution Time: %1 ms").arg(*m_incident.executionMs, 0, 'f', 3));
    // Every line belongs to the node above it (or to the footer).
    for (int r = 0; r < m->rowCount(); ++r)
        QVERIFY(m->nodeForRow(r) >= -1 && m->nodeForRow(r) < 12);
    QCOMPARE(m->data(m->index(m->rowForNode(2)), PlanTextModel::FillRole).value<QColor>(), PlanColorScale::hotColour());

    QSignalSpy selected(&text, &PlanTextView::nodeSelected);
    text.selectNode(7);
    QCOMPARE(text.currentIndex().row(), m->rowForNode(7));
    QCOMPARE(text.selectedText(), m->lineText(m->rowForNode(7)));
    text.copySelection();
    QCOMPARE(QApplication::clipboard()->text(), m->lineText(m->rowForNode(7)));
    // Moving the cursor onto a detail line selects that line's node.
    text.setCurrentIndex(m->index(m->rowForNode(2) + 1));
    QCOMPARE(text.selectedNode(), 2);
    QCOMPARE(selected.last().first().toInt(), 2);
    QVERIFY(text.text().contains(QStringLiteral("Execution Time")));
    QVERIFY(text.grab().save(Test::screenshotPath(QStringLiteral("text-view.png"))));
}

void TestPlanGraphView::detailsShowEveryFieldAndRawKeys()
{
    NodeDetails details;
    details.setPlan(m_incident);
    QCOMPARE(details.valueOf(QStringLiteral("Nodes")), QStringLiteral("12"));
    details.showNode(2);
    QCOMPARE(details.valueOf(QStringLiteral("Relation")), QStringLiteral("tracks"));
    QCOMPARE(details.valueOf(QStringLiteral("Filter")), m_incident.nodes[2].filter);
    QCOMPARE(details.valueOf(QStringLiteral("Rows removed by filter")), QStringLiteral("986,000"));
    QCOMPARE(details.valueOf(QStringLiteral("Estimate factor")).left(3), QStringLiteral("÷50"));
    details.showNode(11);
    QCOMPARE(details.valueOf(QStringLiteral("Never executed")), QStringLiteral("yes"));
    QCOMPARE(details.valueOf(QStringLiteral("Some Future Key")), QStringLiteral("kept verbatim"));
    QCOMPARE(details.valueOf(QStringLiteral("Async Capable")), QStringLiteral("false"));
    details.resize(500, 700);
    QVERIFY(details.grab().save(Test::screenshotPath(QStringLiteral("node-details.png"))));
}

void TestPlanGraphView::exportsPngSvgPdf()
{
    PlanGraphView view;
    view.resize(900, 600);
    view.setPlan(m_incident);
    QVERIFY(Test::waitForGraph(view));
    for (const char *suffix : {"png", "svg", "pdf"}) {
        const QString file = Test::screenshotPath(QStringLiteral("graph-export.%1").arg(QLatin1String(suffix)));
        QFile::remove(file);
        PlanExportOptions o;
        o.summary = QStringLiteral("export test");
        QString error;
        QVERIFY2(exportPlanGraph(*view.graphScene(), file, o, &error), qPrintable(error));
        QFile f(file);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray head = f.read(8);
        QVERIFY(f.size() > 2000);
        if (qstrcmp(suffix, "png") == 0)
            QVERIFY(head.startsWith("\x89PNG"));
        else if (qstrcmp(suffix, "svg") == 0)
            QVERIFY(f.readAll().contains("Seq Scan"));   // the text is there as text
        else
            QVERIFY(head.startsWith("%PDF"));
    }
    // The visible part only: smaller than the whole graph.
    view.resetZoom();
    view.centerOnNode(2);
    PlanExportOptions part;
    part.area = view.visibleSceneRect();
    part.legend = false;
    const QImage image = renderPlanGraph(*view.graphScene(), part);
    QVERIFY(image.width() < planExportSize(*view.graphScene(), {}).width() || image.height() < planExportSize(*view.graphScene(), {}).height());
    QString error;
    QVERIFY(!exportPlanGraph(*view.graphScene(), Test::screenshotPath(QStringLiteral("graph.bmp")), {}, &error));
    QVERIFY(error.contains(QStringLiteral(".png")));
}

void TestPlanGraphView::largePlanOpensWithMinimap()
{
    const Plan plan = Test::GraphPlans::generate(Test::GraphPlans::Shape::Random, 20'000, 9);
    PlanGraphView view;
    view.resize(1200, 800);
    view.show();
    QSignalSpy progress(&view, &PlanGraphView::layoutProgress);
    view.setPlan(plan);
    QVERIFY(view.isBusy());
    QVERIFY(Test::waitForGraph(view, 120000));
    QCOMPARE(view.graphScene()->nodeCount(), 20'000);
    QCOMPARE(Test::visibleCards(*view.graphScene()), 20'000);
    QVERIFY(progress.count() >= 2);   // built in slices, with progress
    QCOMPARE(progress.last().at(0).toInt(), 20'000);
    QVERIFY(view.minimap()->isVisible());
    // Too big to read when fitted: it opens close up on the heaviest node, the minimap showing where that is.
    const int hottest = Test::hottestByExclusiveTime(plan);
    QVERIFY(view.zoom() >= PlanGraphScene::kTextLod);
    QVERIFY(view.visibleSceneRect().contains(view.graphScene()->cardRect(hottest)));
    QVERIFY(view.grab().save(Test::screenshotPath(QStringLiteral("graph-20k-open.png"))));
    view.fitToWindow();
    QVERIFY(view.zoom() < PlanGraphScene::kBoxLod);   // the whole: coloured dots only
    QVERIFY(view.grab().save(Test::screenshotPath(QStringLiteral("graph-20k-fit.png"))));
    // Finding a node far away brings it into view at a readable size.
    const int target = 19'000;
    view.selectNode(target);
    QVERIFY(view.zoom() >= PlanGraphScene::kTextLod);
    QVERIFY(view.visibleSceneRect().contains(view.graphScene()->cardRect(target)));
    QVERIFY(view.grab().save(Test::screenshotPath(QStringLiteral("graph-20k-zoomed.png"))));
    // The minimap frame follows the view.
    QVERIFY(!view.minimap()->viewportFrame().isEmpty());
}

void TestPlanGraphView::planViewScreenshot()
{
    PlanView pv;
    pv.resize(1600, 900);
    pv.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pv));
    pv.setPlan(m_incident);
    QVERIFY(Test::waitForGraph(*pv.graphView()));
    pv.setSidePaneVisible(true);
    QSignalSpy selected(&pv, &PlanView::nodeSelected);
    pv.selectNode(2);
    QCOMPARE(selected.count(), 1);
    QCOMPARE(pv.graphView()->selectedNode(), 2);
    QCOMPARE(pv.textView()->selectedNode(), 2);
    QCOMPARE(pv.details()->node(), 2);
    // Selecting in the text view moves the graph and the details.
    pv.textView()->setCurrentIndex(pv.textView()->textModel()->index(pv.textView()->textModel()->rowForNode(9)));
    QCOMPARE(pv.graphView()->selectedNode(), 9);
    QCOMPARE(pv.details()->node(), 9);
    QCOMPARE(selected.last().first().toInt(), 9);
    QVERIFY(pv.summary().startsWith(QStringLiteral("12 nodes")));
    pv.graphView()->fitToWindow();
    pv.selectNode(2);
    QTest::qWait(50);
    QVERIFY(pv.grab().save(Test::screenshotPath(QStringLiteral("planview.png"))));
}

// Issue 6.7: the seed plans the demo opens on (incident A before/after, incident B's page and preload queries),
// read from tests/data/plans as captured from PostgreSQL, drawn the same way as the hand-built plan above.
void TestPlanGraphView::seedPlansDrawEveryCardAndHottest_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("findText");   // a word that must be found on at least one card
    QTest::newRow("incident-a-before") << QStringLiteral("incident-a-before.json") << QStringLiteral("tracks");
    QTest::newRow("incident-a-after") << QStringLiteral("incident-a-after.json") << QStringLiteral("tracks");
    QTest::newRow("incident-b-before-page") << QStringLiteral("incident-b-before-page.json") << QStringLiteral("projects");
    QTest::newRow("incident-b-before-preload") << QStringLiteral("incident-b-before-preload.json")
                                               << QStringLiteral("project_authorizations");
}

void TestPlanGraphView::seedPlansDrawEveryCardAndHottest()
{
    QFETCH(QString, file);
    QFETCH(QString, findText);
    QFile f(QStringLiteral(PLANLENS_TEST_DATA "/plans/") + file);
    QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable(f.fileName()));
    const Result<Plan> parsed = parsePlanUtf8(f.readAll());
    QVERIFY2(!isError(parsed), qPrintable(Test::errorText(parsed)));
    const Plan plan = std::get<Plan>(parsed);
    QVERIFY(plan.nodes.size() >= 3);   // incident B's page query: Limit, Index Scan Backward, its SubPlan
    QVERIFY(plan.hasAnalyze && plan.hasTiming);

    PlanGraphView view;
    QVERIFY(Test::showPlan(view, plan, QSize(1200, 800)));
    // One card per node, minus the ones under a collapsed node.
    int hidden = 0;
    for (const PlanNode &n : plan.nodes) {
        for (int a = n.parent; a >= 0; a = plan.nodes[a].parent) {
            if (view.isCollapsed(a)) {
                ++hidden;
                break;
            }
        }
    }
    QCOMPARE(view.graphScene()->nodeCount(), int(plan.nodes.size()));
    QCOMPARE(Test::visibleCards(*view.graphScene()), int(plan.nodes.size()) - hidden);
    if (hidden == 0) {   // no two visible cards overlap
        for (int a = 0; a < plan.nodes.size(); ++a)
            for (int b = a + 1; b < plan.nodes.size(); ++b)
                QVERIFY(!view.graphScene()->cardRect(a).intersects(view.graphScene()->cardRect(b)));
    }
    QVERIFY(view.grab().save(Test::screenshotPath(QStringLiteral("graph-seed-") + file.chopped(5) + QStringLiteral(".png"))));

    // The node with the most exclusive time is the hot end of the scale, on screen and in an export.
    const int hot = Test::hottestByExclusiveTime(plan);
    QVERIFY(hot >= 0);
    QVERIFY(plan.nodes[hot].exclusiveMs > 0);
    QCOMPARE(view.graphScene()->cardFill(hot), PlanColorScale::hotColour());
    for (const PlanNode &n : plan.nodes)   // and no other card is hotter than a strictly cooler node may be
        if (!n.neverExecuted && n.exclusiveMs < plan.nodes[hot].exclusiveMs * 0.5)
            QVERIFY2(view.graphScene()->cardFill(n.id) != PlanColorScale::hotColour(), qPrintable(QString::number(n.id)));
    PlanGraphScene scene;
    scene.setGraph(plan, preparePlanGraph(plan, {}));
    QCOMPARE(scene.cardFill(hot), PlanColorScale::hotColour());
    PlanExportOptions o;
    const QImage image = renderPlanGraph(scene, o);
    QVERIFY(!image.isNull());
    QVERIFY2(near(cardPixel(scene, image, o, hot), PlanColorScale::hotColour()),
             qPrintable(cardPixel(scene, image, o, hot).name()));

    // Find (what Ctrl+F runs) and selection.
    QSignalSpy selected(&view, &PlanGraphView::nodeSelected);
    const int hits = view.find(findText);
    QVERIFY2(hits >= 1, qPrintable(findText));
    QCOMPARE(view.findHits().size(), hits);
    QCOMPARE(view.selectedNode(), view.findHits().first());
    for (int id : view.findHits())
        QVERIFY(view.graphScene()->isFindHit(id));
    if (hits > 1) {
        view.findNext();
        QCOMPARE(view.selectedNode(), view.findHits()[1]);
    }
    QVERIFY(selected.count() >= 1);
    view.selectNode(hot);
    QCOMPARE(view.selectedNode(), hot);
    QVERIFY(view.visibleSceneRect().intersects(view.graphScene()->cardRect(hot)));
    QCOMPARE(view.find(QStringLiteral("no such thing anywhere")), 0);
}

void TestPlanGraphView::hoverReportsTheCardAndHighlightRingsIt()
{
    PlanGraphView view;
    QVERIFY(Test::showPlan(view, m_incident, QSize(1200, 760)));
    Test::releaseTestMouseButtons(view.viewport());
    QSignalSpy hovered(&view, &PlanGraphView::nodeHovered);
    QTest::mouseMove(view.viewport(), viewportPointOf(view, 3));
    QTRY_COMPARE(view.hoveredNode(), 3);
    QCOMPARE(hovered.last().at(0).toInt(), 3);
    QTest::mouseMove(view.viewport(), QPoint(3, 3));   // the background
    QTRY_COMPARE(view.hoveredNode(), -1);
    QCOMPARE(hovered.last().at(0).toInt(), -1);

    // The highlight ring: its own colour, outside the card, distinct from the selection's blue.
    const QRect card = view.mapFromScene(view.graphScene()->cardRect(5)).boundingRect();
    // Magenta somewhere just above the card, where the ring runs; none before.
    auto magentaAboveCard = [&card](const QImage &image) {
        for (int y = card.top() - 12; y < card.top(); ++y) {
            const QColor c = image.pixelColor(card.center().x() + 40, y);
            if (c.red() > 150 && c.blue() > 150 && c.green() < 100)
                return true;
        }
        return false;
    };
    QVERIFY(!magentaAboveCard(view.grab().toImage()));
    view.setHighlightedNode(5);
    QCOMPARE(view.highlightedNode(), 5);
    QCOMPARE(view.graphScene()->highlightedNode(), 5);
    const QImage withRing = view.grab().toImage();
    QVERIFY(withRing.save(Test::screenshotPath(QStringLiteral("graph-highlight.png"))));
    QVERIFY(magentaAboveCard(withRing));
    view.setHighlightedNode(-1);
    QCOMPARE(view.highlightedNode(), -1);
}

void TestPlanGraphView::planViewFoldsDetailsAway()
{
    PlanView pv;
    pv.resize(1440, 820);
    pv.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pv));
    pv.setPlan(Test::loadTestPlan(QStringLiteral("incident-a-before")));
    QVERIFY(Test::waitForGraph(*pv.graphView()));
    // The graph is the hero: the text and details pane is folded away, the legend is one line.
    QVERIFY(!pv.isSidePaneVisible());
    QVERIFY(!pv.textView()->isVisible());
    QVERIFY(pv.graphView()->width() >= pv.width() - 4);
    QVERIFY2(pv.legend()->height() <= 32, qPrintable(QString::number(pv.legend()->height())));
    QVERIFY(pv.graphView()->isCardDetail());
    QVERIFY(pv.grab().save(Test::screenshotPath(QStringLiteral("planview-hero.png"))));
    auto *details = pv.findChild<QAction *>(QStringLiteral("DetailsAction"));
    QVERIFY(details);
    QVERIFY(details->isCheckable());
    QVERIFY(!details->isChecked());
    // Folded, the pane formats nothing (a 100k-node plan's text is a long stall); opened, it shows the plan and
    // the node selected meanwhile.
    QCOMPARE(pv.textView()->textModel()->rowCount(), 0);
    pv.selectNode(3);
    details->trigger();
    QVERIFY(pv.isSidePaneVisible());
    QVERIFY(pv.textView()->isVisible());
    QVERIFY(pv.details()->isVisible());
    QVERIFY(pv.textView()->textModel()->rowCount() > 10);
    QCOMPARE(pv.details()->node(), 3);
    QCOMPARE(pv.textView()->selectedNode(), 3);
    QVERIFY(pv.graphView()->width() < pv.width() * 0.8);
    pv.selectNode(2);
    QCOMPARE(pv.details()->node(), 2);
    QVERIFY(pv.grab().save(Test::screenshotPath(QStringLiteral("planview-details.png"))));
    pv.setSidePaneVisible(false);
    QVERIFY(!details->isChecked());
    QVERIFY(!pv.textView()->isVisible());
}

QTEST_MAIN(TestPlanGraphView)
#include "tst_plangraphview.moc"
