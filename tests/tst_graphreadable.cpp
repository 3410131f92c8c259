// SPDX-License-Identifier: MIT
// The plan graph at the size the workbench gives it: every plan opens at card detail with the hot path in view,
// wider plans fit their width along that path, and the findings' callouts sit beside their cards with Rewrite…
// and × working. Pictures are saved under PLANLENS_BUILD_DIR/screenshots/ to be looked at.
#include "graphplans.h"
#include "graphviewtesting.h"
#include "plangraphcallout.h"
#include "plangraphscene.h"
#include "plangraphview.h"
#include "testdata.h"

#include <QApplication>
#include <QImage>
#include <QSet>
#include <QSignalSpy>
#include <QTest>

using namespace PlanLens;

class TestGraphReadable : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void opensAtCardDetail_data();
    void opensAtCardDetail();
    void largerPlanFitsWidthAlongTheHotPath();
    void calloutsSitBesideTheirCards();

private:
    Plan m_incident;
};

void TestGraphReadable::initTestCase()
{
    m_incident = Test::GraphPlans::incidentLike();
    QCOMPARE(m_incident.nodes.size(), 12);
}

// The product issue: at 1440x900 the graph area is about 1050x640 device pixels; the demo's plans must open with
// every card at full detail (operation, relation, self time, rows, estimate) without the user zooming. Rows: seed
// plans of tests/data/plans, plus the hand-built 12-node plan.
void TestGraphReadable::opensAtCardDetail_data()
{
    QTest::addColumn<QString>("file");   // a plan of tests/data/plans; empty: Test::GraphPlans::incidentLike()
    QTest::newRow("incident-a-before") << QStringLiteral("incident-a-before");
    QTest::newRow("incident-a-after") << QStringLiteral("incident-a-after");
    QTest::newRow("incident-b-before-preload") << QStringLiteral("incident-b-before-preload");
    QTest::newRow("incident-like-12") << QString();
}

void TestGraphReadable::opensAtCardDetail()
{
    QFETCH(QString, file);
    const Plan plan = file.isEmpty() ? m_incident : Test::loadTestPlan(file);
    QVERIFY(!plan.isEmpty());
    PlanGraphView view;
    QVERIFY(Test::showPlan(view, plan, QSize(1050, 640)));
    QVERIFY2(view.isCardDetail(), qPrintable(QString::number(view.zoom())));
    QVERIFY(view.zoom() <= 1.0);
    // The hottest node is on screen (its callout is what the user reads first), and the hot path across; so is the
    // root whenever the path from it down to that node fits the height at card detail.
    const QRectF visible = view.visibleSceneRect();
    const QRectF hotCard = view.graphScene()->cardRect(Test::hotPathOf(view).last());
    QVERIFY(visible.contains(hotCard));
    if (hotCard.bottom() + 32 - view.graphScene()->data().bounds.top() <= visible.height())
        QVERIFY(visible.contains(view.graphScene()->cardRect(0)));
    else
        QVERIFY(hotCard.bottom() > visible.bottom() - 80);   // the screen ends just past it, the path above fills it
    for (int id : Test::hotPathOf(view)) {
        const QRectF r = view.graphScene()->cardRect(id);
        QVERIFY2(r.left() >= visible.left() - 1 && r.right() <= visible.right() + 1, qPrintable(QString::number(id)));
    }
    const QString name = file.isEmpty() ? QStringLiteral("incident-like") : file;
    QVERIFY(view.grab().save(Test::screenshotPath(QStringLiteral("graph-open-") + name + QStringLiteral(".png"))));

    // A resize keeps the policy while the user has not zoomed; a zoom of the user's own is kept.
    view.resize(1300, 760);
    QApplication::processEvents();
    QVERIFY(view.isCardDetail());
    QVERIFY(view.visibleSceneRect().contains(view.graphScene()->cardRect(0)));
    view.zoomIn();
    const qreal chosen = view.zoom();
    view.resize(1000, 600);
    QApplication::processEvents();
    QCOMPARE(view.zoom(), chosen);
}

// A plan too wide to show whole at card detail: it opens fitted to its width (never below kCardLod), root at the
// top, the hot path across in view; 0 still fits the whole, however small that makes the cards.
void TestGraphReadable::largerPlanFitsWidthAlongTheHotPath()
{
    const Plan plan = Test::GraphPlans::generate(Test::GraphPlans::Shape::Random, 60, 7);
    PlanGraphView view;
    QVERIFY(Test::showPlan(view, plan, QSize(1050, 640)));
    const QRectF bounds = view.graphScene()->data().bounds;
    QVERIFY2(std::min(view.viewport()->width() / bounds.width(), view.viewport()->height() / bounds.height())
                 < PlanGraphScene::kCardLod,
             "the plan must be too big to fit whole at card detail");
    QVERIFY(view.isCardDetail());
    const QRectF visible = view.visibleSceneRect();
    QVERIFY(visible.contains(view.graphScene()->cardRect(0)));
    QVERIFY(view.graphScene()->cardRect(0).top() - visible.top() < 80);   // the root starts the screen
    // The part of the hot path on the first screen is in view across.
    for (int id : Test::hotPathOf(view)) {
        const QRectF r = view.graphScene()->cardRect(id);
        if (r.top() > visible.bottom())
            break;
        QVERIFY2(r.left() >= visible.left() - 1 && r.right() <= visible.right() + 1, qPrintable(QString::number(id)));
    }
    QVERIFY(view.grab().save(Test::screenshotPath(QStringLiteral("graph-open-random-60.png"))));
    // Scrolled elsewhere (here: a node brought into view), a resize keeps the place looked at.
    const int far = int(plan.nodes.size()) - 1;
    view.centerOnNode(far);
    QVERIFY(view.visibleSceneRect().intersects(view.graphScene()->cardRect(far)));
    view.resize(1000, 620);
    QApplication::processEvents();
    QVERIFY(view.isCardDetail());
    QVERIFY(view.visibleSceneRect().intersects(view.graphScene()->cardRect(far)));

    view.setFocus();
    QTest::keyClick(&view, Qt::Key_0);   // explicit fit-whole: the user's choice, may go below card detail
    QApplication::processEvents();   // the scroll bars go once the whole fits
    QVERIFY(!view.isCardDetail());
    QVERIFY(view.visibleSceneRect().contains(bounds));
    view.fitReadable();
    QVERIFY(view.isCardDetail());

    // Left-right: the same policy with the axes swapped (the root at the left).
    QSignalSpy ready(&view, &PlanGraphView::graphReady);
    view.setDirection(LayoutDirection::LeftRight);
    QVERIFY(ready.wait(10000));
    QVERIFY(view.isCardDetail());
    {
        // The root starts the screen, unless the hottest node would then be off it: then that node ends it.
        const QRectF shown = view.visibleSceneRect();
        const QRectF hotCard = view.graphScene()->cardRect(Test::hotPathOf(view).last());
        QVERIFY(shown.contains(hotCard));
        if (hotCard.right() + 32 - view.graphScene()->data().bounds.left() <= shown.width()) {
            QVERIFY(shown.contains(view.graphScene()->cardRect(0)));
            QVERIFY(view.graphScene()->cardRect(0).left() - shown.left() < 80);
        } else {
            QVERIFY(hotCard.right() > shown.right() - 80);
        }
    }
    QVERIFY(view.grab().save(Test::screenshotPath(QStringLiteral("graph-open-random-60-left-right.png"))));
}

void TestGraphReadable::calloutsSitBesideTheirCards()
{
    PlanGraphView view;
    QVERIFY(Test::showPlan(view, m_incident, QSize(1200, 760)));
    const int hot = Test::hottestByExclusiveTime(m_incident);
    const QList<PlanCallout> callouts{
        {hot, 2, QStringLiteral("OR + IN (subquery) defeats the index"),
         QStringLiteral("1.0 M rows read to keep 9: the OR with a subquery makes PostgreSQL scan tracks in full "
                        "instead of using the owner and collaborator indexes. Prefetch the ids, then use = ANY."),
         QStringLiteral("prefetch-any")},
        {4, 1, QStringLiteral("Hash spilled to disk"), QStringLiteral("4 batches; work_mem 4 MB."), QString()},
        {9, 0, QStringLiteral("Row estimate off ×40"), QStringLiteral("ANALYZE the table."), QString()},
        {1, 0, QStringLiteral("A fourth one"), QStringLiteral("Not shown: three at most."), QString()},
    };
    view.setCallouts(callouts);
    QCOMPARE(view.callouts().size(), PlanGraphScene::kMaxCallouts);
    const PlanGraphScene *scene = view.graphScene();
    QList<QRectF> boxes;
    for (int i = 0; i < PlanGraphScene::kMaxCallouts; ++i) {
        const int id = callouts[i].nodeId;
        const QRectF box = view.calloutRect(id);
        const QRectF card = scene->cardRect(id);
        QVERIFY2(!box.isNull(), qPrintable(QString::number(id)));
        // Beside its card: to its right, overlapping its height band, and covering no card at all.
        QVERIFY(box.left() > card.right());
        QVERIFY2(box.top() <= card.bottom() + 40 && box.bottom() >= card.top() - 40, qPrintable(QString::number(id)));
        for (int n = 0; n < m_incident.nodes.size(); ++n)
            QVERIFY2(!box.intersects(scene->cardRect(n)), qPrintable(QStringLiteral("%1 covers %2").arg(id).arg(n)));
        for (const QRectF &other : std::as_const(boxes))
            QVERIFY(!box.intersects(other));
        boxes.append(box);
        // The fit shows them (they widen the scene), at card detail here.
        QVERIFY(view.visibleSceneRect().contains(box));
    }
    QVERIFY(view.calloutRect(1).isNull());
    QVERIFY(view.isCardDetail());
    QVERIFY(view.grab().save(Test::screenshotPath(QStringLiteral("graph-callouts.png"))));
    {
        // Still text, not a blank box, at the least zoom the graph opens with.
        view.setZoom(PlanGraphScene::kCardLod);
        view.centerOn(boxes.first().center());
        const QImage image = view.grab().toImage();
        QVERIFY(image.save(Test::screenshotPath(QStringLiteral("graph-callouts-card-lod.png"))));
        const QRect box = view.mapFromScene(boxes.first()).boundingRect().adjusted(8, 4, -4, -4)
                              .intersected(QRect(QPoint(0, 0), image.size() / image.devicePixelRatio()));
        QSet<QRgb> colours;
        for (int y = box.top(); y <= box.bottom(); ++y)
            for (int x = box.left(); x <= box.right(); ++x)
                colours.insert(image.pixel(x * image.devicePixelRatio(), y * image.devicePixelRatio()));
        QVERIFY2(colours.size() > 20, qPrintable(QString::number(colours.size())));
        view.fitReadable();
    }

    // "Rewrite…" asks for the rewrite; the body selects the node; "×" hides the callout.
    auto *item = scene->calloutItem(hot);
    QVERIFY(item);
    QVERIFY(!item->rewriteRect().isNull());
    QVERIFY(item->messageLines().size() <= 3);
    Test::releaseTestMouseButtons(view.viewport());
    QSignalSpy rewrite(&view, &PlanGraphView::rewriteRequested);
    const QPoint pill = view.mapFromScene(item->mapToScene(item->rewriteRect().center()));
    QVERIFY(view.viewport()->rect().contains(pill));
    QTest::mouseMove(view.viewport(), pill);
    QCOMPARE(view.viewport()->cursor().shape(), Qt::PointingHandCursor);
    QTest::mouseClick(view.viewport(), Qt::LeftButton, {}, pill);
    QCOMPARE(rewrite.count(), 1);
    QCOMPARE(rewrite[0].at(0).toString(), QStringLiteral("prefetch-any"));
    QCOMPARE(rewrite[0].at(1).toInt(), hot);
    QVERIFY(view.selectedNode() != hot);   // a click on the pill is not a selection
    const QPoint body = view.mapFromScene(view.calloutRect(4).topLeft() + QPointF(30, 30));
    QTest::mouseMove(view.viewport(), body);
    QCOMPARE(view.viewport()->cursor().shape(), Qt::OpenHandCursor);
    QTest::mouseClick(view.viewport(), Qt::LeftButton, {}, body);
    QCOMPARE(view.selectedNode(), 4);
    QCOMPARE(rewrite.count(), 1);
    QSignalSpy dismissed(&view, &PlanGraphView::calloutDismissed);
    auto *nine = scene->calloutItem(9);
    QVERIFY(nine);
    QVERIFY(nine->rewriteRect().isNull());   // no rewrite, no pill
    QTest::mouseClick(view.viewport(), Qt::LeftButton, {},
                      view.mapFromScene(nine->mapToScene(nine->closeRect().center())));
    QCOMPARE(dismissed.count(), 1);
    QVERIFY(view.calloutRect(9).isNull());
    QCOMPARE(view.callouts().size(), 2);

    // Collapsing a node hides its subtree's callouts; a new plan drops them.
    QSignalSpy ready(&view, &PlanGraphView::graphReady);
    const int parentOfHot = m_incident.nodes[hot].parent;
    view.setCollapsed(parentOfHot, true);
    QVERIFY(ready.wait(10000));
    QVERIFY(view.calloutRect(hot).isNull());
    view.setCollapsed(parentOfHot, false);
    QVERIFY(ready.wait(10000));
    QVERIFY(!view.calloutRect(hot).isNull());
    view.setPlan(m_incident);
    QVERIFY(Test::waitForGraph(view));
    QVERIFY(view.callouts().isEmpty());
    QVERIFY(view.calloutRect(hot).isNull());
}

QTEST_MAIN(TestGraphReadable)
#include "tst_graphreadable.moc"
