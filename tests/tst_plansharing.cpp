// SPDX-License-Identifier: MIT
// A plan is held once. The widgets that show it keep copies that share its nodes with the caller (Qt's implicit
// sharing); reading a node through a non-const path detaches the copy, which copies every node: at 20,000 nodes
// 18 MB and about 100 ms on the GUI thread, once per click (a find that selected a node took 77-120 ms that way).
// Every interaction below must leave each widget's plan sharing the caller's nodes.
#include "graphplans.h"
#include "planflamegraph.h"
#include "planflameview.h"
#include "planoperationsmodel.h"
#include "plangraphscene.h"
#include "plangraphview.h"
#include "plantextmodel.h"
#include "plantextview.h"
#include "planview.h"

#include <QApplication>
#include <QSignalSpy>
#include <QTest>

using namespace PlanLens;

class TestPlanSharing : public QObject
{
    Q_OBJECT
private slots:
    void viewsShareTheCallersNodes();
};

void TestPlanSharing::viewsShareTheCallersNodes()
{
    const Plan plan = Test::GraphPlans::generate(Test::GraphPlans::Shape::Random, 2000);
    const PlanNode *const nodes = plan.nodes.constData();

    PlanView view;
    view.resize(1440, 900);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    PlanGraphView *graph = view.graphView();
    QSignalSpy ready(graph, &PlanGraphView::graphReady);
    view.setPlan(plan);
    QVERIFY(ready.wait(20000));

    int checks = 0;
    auto shared = [&](const char *after) {
        ++checks;
        for (const auto &[who, p] : {std::pair{"PlanView", &view.plan()}, std::pair{"PlanGraphView", &graph->plan()},
                                     std::pair{"PlanGraphScene", &graph->graphScene()->plan()}}) {
            if (p->nodes.constData() != nodes) {
                QTest::qFail(qPrintable(QStringLiteral("%1 copied the plan's nodes after %2")
                                            .arg(QLatin1StringView(who), QLatin1StringView(after))),
                             __FILE__, __LINE__);
                return false;
            }
        }
        return true;
    };
    QVERIFY(shared("setPlan"));

    // A node with children under a collapsed ancestor: find and select must reveal it (revealNode walks parents).
    int inner = -1;
    for (const PlanNode &n : plan.nodes)
        if (n.depth >= 3 && !n.children.isEmpty()) {
            inner = n.id;
            break;
        }
    QVERIFY(inner > 0);
    const int ancestor = plan.nodes[plan.nodes[inner].parent].parent;
    ready.clear();
    graph->setCollapsed(ancestor, true);
    QVERIFY(ready.wait(20000));
    QVERIFY(shared("collapsing a subtree"));

    graph->selectNode(inner);
    QVERIFY(!graph->isCollapsed(ancestor));
    QVERIFY(shared("selecting a node inside a collapsed subtree"));
    if (graph->isBusy())
        QVERIFY(ready.wait(20000));

    QVERIFY(graph->find(plan.nodes[inner].nodeType) > 0);
    graph->findNext();
    graph->findPrevious();
    QVERIFY(shared("find, F3 and Shift+F3"));

    graph->setCollapsed(inner, true);
    if (graph->isBusy())
        QVERIFY(ready.wait(20000));
    graph->setCollapsed(inner, false);
    if (graph->isBusy())
        QVERIFY(ready.wait(20000));
    QVERIFY(shared("collapsing and expanding a node"));

    // Double-click on a card toggles it; the theme's palette change recolours every card.
    graph->centerOnNode(inner);
    QTest::qWait(50);
    const QPoint at = graph->mapFromScene(graph->graphScene()->cardRect(inner).center());
    QTest::mouseDClick(graph->viewport(), Qt::LeftButton, {}, at);
    if (graph->isBusy())
        QVERIFY(ready.wait(20000));
    QVERIFY(shared("double-clicking a card"));
    QEvent paletteChange(QEvent::ApplicationPaletteChange);
    QCoreApplication::sendEvent(graph->graphScene(), &paletteChange);
    QVERIFY(shared("a palette change"));

    // The other pages and the details pane read the same plan.
    view.setSidePaneVisible(true);
    view.selectNode(inner);
    for (PlanView::Page page : {PlanView::Page::Flame, PlanView::Page::Operations, PlanView::Page::Graph}) {
        view.setPage(page);
        QTest::qWait(20);
    }
    QVERIFY(shared("the side pane and every page"));
    for (const auto &[who, p] : {std::pair{"PlanFlameGraph", &view.flameView()->flameGraph()->plan()},
                                 std::pair{"PlanOperationsModel", &view.operationsModel()->plan()},
                                 std::pair{"PlanTextModel", &view.textView()->textModel()->plan()}})
        QVERIFY2(p->nodes.constData() == nodes, who);
    QCOMPARE(checks, 8);
}

QTEST_MAIN(TestPlanSharing)
#include "tst_plansharing.moc"
