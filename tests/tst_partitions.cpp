// SPDX-License-Identifier: MIT
// Partition groups: an Append / Merge Append over many partitions of one table is one "N partitions" card.
// Fixtures: tests/data/plans/partitions-monthly/<case>.(txt|json), EXPLAIN (ANALYZE, BUFFERS) captured from
// PostgreSQL 15 on the table of its setup.sql (24 monthly partitions and a default one); each file is one case.
// The sums are checked against figures added up here from the plan's nodes and against what PostgreSQL printed
// on the Append itself; then the graph: one card by default, opened and closed by the expander, a double-click
// and Return, and opened by selecting a partition.
#include "plan/partitiongroup.h"
#include "plangraphdata.h"
#include "plangraphnodeitem.h"
#include "plangraphpartitions.h"
#include "plangraphscene.h"
#include "plangraphview.h"
#include "graphviewtesting.h"
#include "testdata.h"

#include <QImage>
#include <QSignalSpy>
#include <QTest>

#include <algorithm>
#include <cstdlib>

using namespace PlanLens;

namespace {

Plan loadMonthly(const QString &file)
{
    return Test::parsedOrEmpty(Test::readTestData(QStringLiteral("plans/partitions-monthly/") + file));
}

int firstAppend(const Plan &plan)
{
    for (const PlanNode &n : plan.nodes)
        if (n.nodeType == u"Append" || n.nodeType == u"Merge Append")
            return n.id;
    return -1;
}

} // namespace

class TestPartitions : public QObject
{
    Q_OBJECT
private slots:
    void groupsOnFixtures_data();
    void groupsOnFixtures();
    void textAndJsonGiveTheSameGroup_data();
    void textAndJsonGiveTheSameGroup();
    void notAGroup();
    void cardLines();
    void sceneDrawsTheGroupClosedByDefault();
    void expanderDoubleClickAndReturnToggle();
    void selectingAPartitionOpensItsGroup();
    void selectedBeforeTheLayoutStaysVisible();
    void screenshots();
};

void TestPartitions::groupsOnFixtures_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("appendType");   // what the card's subtitle starts with
    QTest::addColumn<int>("count");
    QTest::addColumn<int>("pruned");          // Subplans Removed
    QTest::addColumn<QString>("scanType");
    QTest::addColumn<QString>("worst");      // empty: the partitions take about as long, which one is worst varies
    QTest::addColumn<bool>("appendRowsAreTheSum");   // the Append returned every row its partitions did (no LIMIT)
    for (const char *ext : {".txt", ".json"}) {
        const QString e = QString::fromLatin1(ext);
        QTest::newRow(qPrintable(QStringLiteral("append") + e)) << QStringLiteral("append") + e << QStringLiteral("Append") << 25 << 0
                                                 << QStringLiteral("Seq Scan") << QStringLiteral("events_2026_03") << true;
        QTest::newRow(qPrintable(QStringLiteral("merge-append") + e)) << QStringLiteral("merge-append") + e << QStringLiteral("Merge Append") << 25 << 0
                                                       << QStringLiteral("Index Scan") << QString()
                                                       << false;
        QTest::newRow(qPrintable(QStringLiteral("pruned") + e)) << QStringLiteral("pruned") + e << QStringLiteral("Append") << 6 << 19
                                                 << QStringLiteral("Seq Scan") << QString() << true;
        QTest::newRow(qPrintable(QStringLiteral("parallel-append") + e)) << QStringLiteral("parallel-append") + e << QStringLiteral("Parallel Append")
                                                          << 25 << 0 << QStringLiteral("Parallel Seq Scan")
                                                          << QStringLiteral("events_2026_03") << false;
    }
}

void TestPartitions::groupsOnFixtures()
{
    QFETCH(QString, file);
    QFETCH(QString, appendType);
    QFETCH(int, count);
    QFETCH(int, pruned);
    QFETCH(QString, scanType);
    QFETCH(QString, worst);
    QFETCH(bool, appendRowsAreTheSum);
    const Plan plan = loadMonthly(file);
    QVERIFY(!plan.isEmpty());
    const QList<PartitionGroup> groups = findPartitionGroups(plan);
    QCOMPARE(groups.size(), 1);
    const PartitionGroup &g = groups.first();
    QCOMPARE(g.appendId, firstAppend(plan));
    const PlanNode &append = plan.nodes[g.appendId];
    QCOMPARE(g.count(), count);
    QCOMPARE(g.stem, QStringLiteral("events"));
    QCOMPARE(g.table, QStringLiteral("events"));
    QCOMPARE(g.scanTypes, QStringList{scanType});
    QCOMPARE(g.subplansRemoved.value_or(-1), pruned);
    QVERIFY(PartitionCard::lines(plan, g).subtitle.startsWith(appendType));
    // Shares of the closed card: at most the whole plan, even where parallel partitions add up every process.
    const PlanNode folded = partitionGroupAsNode(plan, g);
    QVERIFY(folded.timeShare > plan.nodes[g.appendId].timeShare && folded.timeShare <= 1.0);
    QVERIFY(folded.costShare <= 1.0);

    // The sums, added up here from the Append's children, one by one.
    double ms = 0, rows = 0, cost = 0;
    Buffers buffers;
    QStringList relations;
    int worstId = -1;
    for (int c : append.children) {
        const PlanNode &m = plan.nodes[c];
        QCOMPARE(m.parentRelationship, QStringLiteral("Member"));
        QVERIFY(m.relationName.startsWith(QStringLiteral("events_")));
        QVERIFY(m.alias.startsWith(QStringLiteral("events_")));
        relations << m.relationName;
        ms += m.inclusiveMs;
        rows += m.totalActualRows();
        cost += m.totalCost.value_or(0);
        buffers += m.buffers;
        if (worstId < 0 || m.inclusiveMs > plan.nodes[worstId].inclusiveMs)
            worstId = c;
    }
    QCOMPARE(relations.size(), count);
    QCOMPARE(g.members, append.children);
    QCOMPARE(g.inclusiveMs, ms);
    QCOMPARE(g.rows, rows);
    QCOMPARE(g.totalCost, cost);
    QCOMPARE(g.buffers, buffers);
    QVERIFY(ms > 0 && rows > 0 && buffers.total() > 0);
    QCOMPARE(g.worst, worstId);
    QCOMPARE(g.worstName, plan.nodes[worstId].relationName);
    QCOMPARE(g.worstMs, plan.nodes[worstId].inclusiveMs);
    if (!worst.isEmpty())   // the campaign month (setup.sql) is the heaviest when all partitions are read
        QCOMPARE(g.worstName, worst);
    // What PostgreSQL printed on the Append itself: its buffers are its partitions' (it reads no page of its own),
    // and without a LIMIT above it, its rows too.
    QCOMPARE(append.buffers, buffers);
    if (appendRowsAreTheSum)
        QCOMPARE(append.totalActualRows(), rows);
    // Self time of every node under the Append's children: here each partition is one scan, so its own.
    double self = 0;
    for (int c : append.children)
        self += plan.nodes[c].exclusiveMs;
    QCOMPARE(g.exclusiveMs, self);
}

void TestPartitions::textAndJsonGiveTheSameGroup_data()
{
    QTest::addColumn<QString>("base");
    for (const char *b : {"append", "merge-append", "pruned", "parallel-append"})
        QTest::newRow(b) << QString::fromLatin1(b);
}

void TestPartitions::textAndJsonGiveTheSameGroup()
{
    // Two executions (one per format): times differ, the structure and the pruning do not.
    QFETCH(QString, base);
    const QList<PartitionGroup> text = findPartitionGroups(loadMonthly(base + QStringLiteral(".txt")));
    const QList<PartitionGroup> json = findPartitionGroups(loadMonthly(base + QStringLiteral(".json")));
    QCOMPARE(text.size(), 1);
    QCOMPARE(json.size(), 1);
    QCOMPARE(text[0].appendId, json[0].appendId);
    QCOMPARE(text[0].members, json[0].members);
    QCOMPARE(text[0].scans, json[0].scans);
    QCOMPARE(text[0].table, json[0].table);
    QCOMPARE(text[0].scanTypes, json[0].scanTypes);
    QCOMPARE(text[0].subplansRemoved, json[0].subplansRemoved);
    QCOMPARE(text[0].totalCost, json[0].totalCost);
}

void TestPartitions::notAGroup()
{
    // The corpus (tests/data/plans): quarterly partitions of events under a Parallel Append are a group of four …
    const QList<PartitionGroup> parallel = findPartitionGroups(Test::loadTestPlan(QStringLiteral("parallel-append")));
    QCOMPARE(parallel.size(), 1);
    QCOMPARE(parallel[0].count(), 4);
    QCOMPARE(parallel[0].table, QStringLiteral("events"));
    // … a UNION ALL of 200 scans of one table is not (small, small_1, …: one relation) …
    const Plan unionAll = Test::loadTestPlan(QStringLiteral("union-all-200"));
    QVERIFY(unionAll.nodes.size() > 200);
    QCOMPARE(findPartitionGroups(unionAll).size(), 0);
    // … nor one partition left by pruning (Subplans Removed: 3) …
    const Plan generic = Test::loadTestPlan(QStringLiteral("partition-pruning-generic-plan"));
    const int a = firstAppend(generic);
    QVERIFY(a >= 0);
    QCOMPARE(generic.nodes[a].detail().subplansRemoved.value_or(0), 3);
    QCOMPARE(findPartitionGroups(generic).size(), 0);
    // … nor partitions under two different aliases (two tables), nor fewer than three.
    Plan mixed = loadMonthly(QStringLiteral("append.json"));
    const int m = firstAppend(mixed);
    QVERIFY(m >= 0);
    QCOMPARE(findPartitionGroups(mixed).size(), 1);
    mixed.nodes[mixed.nodes[m].children.last()].alias = QStringLiteral("other_1");
    QCOMPARE(findPartitionGroups(mixed).size(), 0);
    Plan two = loadMonthly(QStringLiteral("append.json"));
    two.nodes[m].children = two.nodes[m].children.mid(0, kMinPartitionGroup - 1);
    QCOMPARE(findPartitionGroups(two).size(), 0);
    two.nodes[m].children = loadMonthly(QStringLiteral("append.json")).nodes[m].children.mid(0, kMinPartitionGroup);
    QCOMPARE(findPartitionGroups(two).size(), 1);
}

void TestPartitions::cardLines()
{
    const Plan pruned = loadMonthly(QStringLiteral("pruned.txt"));
    const QList<PartitionGroup> groups = findPartitionGroups(pruned);
    QCOMPARE(groups.size(), 1);
    const PartitionCard::Lines l = PartitionCard::lines(pruned, groups[0]);
    QCOMPARE(l.title, QStringLiteral("6 partitions of events"));
    QCOMPARE(l.subtitle, QStringLiteral("Append · 19 pruned · Seq Scan"));
    QVERIFY2(l.figures.startsWith(QStringLiteral("Σ ")) && l.figures.contains(QStringLiteral(" rows"))
                 && l.figures.contains(QStringLiteral(" blks")),
             qPrintable(l.figures));
    QVERIFY2(l.worst.startsWith(QStringLiteral("worst: ") + groups[0].worstName + u' '), qPrintable(l.worst));
    QVERIFY(groups[0].worstName.startsWith(QStringLiteral("events_20")));
    QVERIFY(!l.share.isEmpty());

    // Without ANALYZE: costs and estimates, the costliest partition.
    Plan estimate = pruned;
    estimate.hasAnalyze = estimate.hasTiming = false;
    const PartitionCard::Lines e = PartitionCard::lines(estimate, groups[0]);
    QVERIFY2(e.figures.startsWith(QStringLiteral("Σ cost ")) && e.figures.contains(QStringLiteral("rows est.")),
             qPrintable(e.figures));
    QVERIFY2(e.worst.contains(QStringLiteral(" cost ")), qPrintable(e.worst));
}

void TestPartitions::sceneDrawsTheGroupClosedByDefault()
{
    // What `planlens render` and the exporters do: a scene from preparePlanGraph() with the default settings.
    const Plan plan = loadMonthly(QStringLiteral("append.json"));
    const int a = firstAppend(plan);
    QVERIFY(a >= 0);
    const PlanGraphData data = preparePlanGraph(plan, {});
    QVERIFY(data.settings.groupsKnown);
    QCOMPARE(data.settings.groups.size(), 1);
    QVERIFY(data.settings.isCollapsed(a));
    QVERIFY(data.nodes[a].groupHead);
    QCOMPARE(data.nodes[a].hiddenBelow, 25);
    PlanGraphScene scene;
    scene.setGraph(plan, data);
    QCOMPARE(Test::visibleCards(scene), int(plan.nodes.size()) - 25);
    QCOMPARE(Test::visibleCards(scene), 2);   // the HashAggregate and the group
    QVERIFY(scene.closedGroup(a));
    QVERIFY(scene.toolTipHtml(a).contains(QStringLiteral("25 partitions of events")));
    QVERIFY(!scene.expanderRect(a).isNull());
    const QColor closedFill = scene.cardFill(a);
    // A partition among the three heaviest nodes lends its rank badge to the closed card.
    int best = 0;
    for (qsizetype r = 0; r < data.hottest.size() && best == 0; ++r)
        if (plan.nodes[data.hottest[r]].parent == a || data.hottest[r] == a)
            best = int(r + 1);
    QVERIFY(best > 0);
    const QList<PlanBadge> badges = scene.badgesFor(a);
    QVERIFY(!badges.isEmpty());
    QCOMPARE(badges.first().text, QStringLiteral("#%1").arg(best));

    // Left to right, the pill sits right of the card.
    PlanGraphSettings lr;
    lr.direction = LayoutDirection::LeftRight;
    PlanGraphScene sideways;
    sideways.setGraph(plan, preparePlanGraph(plan, lr));
    QVERIFY(sideways.closedGroup(a));
    QVERIFY(sideways.expanderRect(a).left() >= sideways.cardRect(a).right());
    QVERIFY(sideways.data().bounds.contains(sideways.expanderRect(a)));   // an export shows it whole
    QVERIFY(scene.data().bounds.contains(scene.expanderRect(a)));
    QCOMPARE(Test::visibleCards(sideways), 2);

    // Grouping off: every card, and the Append coloured by its own (small) self time.
    PlanGraphSettings off;
    off.groupPartitions = false;
    const PlanGraphData all = preparePlanGraph(plan, off);
    QCOMPARE(all.settings.groups.size(), 0);
    PlanGraphScene every;
    every.setGraph(plan, all);
    QCOMPARE(Test::visibleCards(every), int(plan.nodes.size()));
    QVERIFY(!every.closedGroup(a));
    QVERIFY(every.expanderRect(a).isNull());
    QVERIFY(closedFill != every.cardFill(a));   // closed, the card is as hot as its partitions together

    // The groups known (a view sends them back): not found again, and the collapse given is kept.
    PlanGraphSettings known = data.settings;
    known.collapsed[a] = false;
    const PlanGraphData open = preparePlanGraph(plan, known);
    QVERIFY(!open.settings.isCollapsed(a));
    QCOMPARE(open.visibleCount, int(plan.nodes.size()));
    QVERIFY(open.nodes[a].groupHead);
}

void TestPartitions::expanderDoubleClickAndReturnToggle()
{
    PlanGraphView view;
    view.resize(1440, 900);
    view.show();
    const Plan plan = loadMonthly(QStringLiteral("merge-append.txt"));
    const int a = firstAppend(plan);
    const int total = int(plan.nodes.size());
    view.setPlan(plan);
    QVERIFY(Test::waitForGraph(view));
    PlanGraphScene *scene = view.graphScene();
    QVERIFY(view.isCollapsed(a));
    QCOMPARE(Test::visibleCards(*scene), total - 25);

    // A press on the "▾ show 25" pill opens the group …
    const QRectF pill = scene->expanderRect(a);
    QVERIFY(!pill.isNull());
    view.centerOn(pill.center());
    QTest::mouseClick(view.viewport(), Qt::LeftButton, {}, view.mapFromScene(pill.center()));
    QVERIFY(Test::waitForGraph(view));
    QVERIFY(!view.isCollapsed(a));
    QCOMPARE(Test::visibleCards(*scene), total);
    QVERIFY(!scene->closedGroup(a));
    // … and the "▴ group 25" pill closes it again.
    const QRectF back = scene->expanderRect(a);
    QVERIFY(!back.isNull());
    view.centerOn(back.center());
    QTest::mouseClick(view.viewport(), Qt::LeftButton, {}, view.mapFromScene(back.center()));
    QVERIFY(Test::waitForGraph(view));
    QVERIFY(view.isCollapsed(a));
    QCOMPARE(Test::visibleCards(*scene), total - 25);

    // A double-click on the card, then Return on the selected card.
    view.centerOn(scene->cardRect(a).center());
    QTest::mouseDClick(view.viewport(), Qt::LeftButton, {}, view.mapFromScene(scene->cardRect(a).center()));
    QVERIFY(Test::waitForGraph(view));
    QCOMPARE(Test::visibleCards(*scene), total);
    QTest::mouseRelease(view.viewport(), Qt::LeftButton, {}, QPoint(1, 1));   // QTest's button state (tst_plangraphview)
    view.selectNode(a);
    QCOMPARE(view.selectedNode(), a);
    QTest::keyClick(&view, Qt::Key_Return);
    QVERIFY(Test::waitForGraph(view));
    QVERIFY(view.isCollapsed(a));
    QCOMPARE(Test::visibleCards(*scene), total - 25);
}

void TestPartitions::selectingAPartitionOpensItsGroup()
{
    PlanGraphView view;
    view.resize(1440, 900);
    const Plan plan = loadMonthly(QStringLiteral("append.txt"));
    const int a = firstAppend(plan);
    view.setPlan(plan);
    QVERIFY(Test::waitForGraph(view));
    const PartitionGroup *g = view.graphScene()->closedGroup(a);
    QVERIFY(g);
    const int worst = g->worst;
    QVERIFY(!view.graphScene()->isNodeVisible(worst));
    // From the findings panel, the flame graph or the grid: selectNode().
    view.selectNode(worst);
    QVERIFY(Test::waitForGraph(view));
    QVERIFY(!view.isCollapsed(a));
    QVERIFY(view.graphScene()->isNodeVisible(worst));
    QCOMPARE(view.graphScene()->selectedNode(), worst);
    // The find bar: closed again, a partition's name opens it.
    view.setCollapsed(a, true);
    QVERIFY(Test::waitForGraph(view));
    QVERIFY(!view.graphScene()->isNodeVisible(worst));
    QCOMPARE(view.find(QStringLiteral("events_2025_07")), 1);
    QVERIFY(Test::waitForGraph(view));
    QVERIFY(!view.isCollapsed(a));
    QCOMPARE(view.plan().nodes[view.selectedNode()].relationName, QStringLiteral("events_2025_07"));
    QVERIFY(view.graphScene()->isNodeVisible(view.selectedNode()));
}

void TestPartitions::selectedBeforeTheLayoutStaysVisible()
{
    // A partition selected while the first layout (which finds and closes the groups) is still running.
    PlanGraphView view;
    view.resize(1440, 900);
    const Plan plan = loadMonthly(QStringLiteral("pruned.json"));
    const int a = firstAppend(plan);
    const int member = plan.nodes[a].children.at(2);
    view.setPlan(plan);
    QVERIFY(view.isBusy());
    view.selectNode(member);
    QVERIFY(Test::waitForGraph(view));
    QVERIFY(!view.isCollapsed(a));
    QVERIFY(view.graphScene()->isNodeVisible(member));
    QCOMPARE(view.graphScene()->selectedNode(), member);
    // Another plan: its group closed again.
    view.setPlan(loadMonthly(QStringLiteral("pruned.txt")));
    QVERIFY(Test::waitForGraph(view));
    QVERIFY(view.isCollapsed(a));
    QVERIFY(!view.graphScene()->isNodeVisible(member));
}

void TestPartitions::screenshots()
{
    // Pictures to look at (PLANLENS_BUILD_DIR/screenshots/partitions-*.png); the card's text is checked through
    // the lines it paints and its hover text.
    for (const char *base : {"append", "pruned", "parallel-append"}) {
        PlanGraphView view;
        view.resize(1440, 900);
        view.show();
        const Plan plan = loadMonthly(QString::fromLatin1(base) + QStringLiteral(".json"));
        view.setPlan(plan);
        QVERIFY(Test::waitForGraph(view));
        const int a = firstAppend(plan);
        const PartitionGroup *g = view.graphScene()->closedGroup(a);
        QVERIFY(g);
        const QString title = PartitionCard::lines(plan, *g).title;
        QVERIFY(view.graphScene()->toolTipHtml(a).contains(title));
        QVERIFY(view.graphScene()->toolTipHtml(a).contains(g->worstName));
        QVERIFY(view.visibleSceneRect().intersects(view.graphScene()->cardRect(a)));
        const QImage closed = view.grab().toImage();
        QVERIFY(closed.save(Test::screenshotPath(QStringLiteral("partitions-%1-closed.png").arg(QLatin1String(base)))));
        // The card is painted in its colour (not the background) where the layout put it.
        const QPoint inside = view.mapFromScene(view.graphScene()->cardRect(a).bottomLeft() + QPointF(14, -6));
        const QColor painted = closed.pixelColor(inside), fill = view.graphScene()->cardFill(a);
        QVERIFY2(std::abs(painted.red() - fill.red()) + std::abs(painted.green() - fill.green())
                         + std::abs(painted.blue() - fill.blue()) <= 12,
                 qPrintable(painted.name() + u' ' + fill.name()));
        view.setCollapsed(a, false);
        QVERIFY(Test::waitForGraph(view));
        view.fitToWindow();
        QVERIFY(view.grab().toImage().save(
            Test::screenshotPath(QStringLiteral("partitions-%1-open.png").arg(QLatin1String(base)))));
    }
}

QTEST_MAIN(TestPartitions)
#include "tst_partitions.moc"
