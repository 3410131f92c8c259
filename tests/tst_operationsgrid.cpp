// SPDX-License-Identifier: MIT
// The operations grid ("top operations") offscreen: its columns and figures, the default sort by self time, the
// filter, the selection kept in sync with the graph, and in CompareView the before/after grid of incident A
// (tests/data/plans) with its delta column. Pictures go to PLANLENS_BUILD_DIR/screenshots/.
#include "compareoperationsmodel.h"
#include "compareview.h"
#include "format/units.h"
#include "graphplans.h"
#include "plan/planparser.h"
#include "plangraphscene.h"
#include "plangraphview.h"
#include "planoperationsmodel.h"
#include "planoperationsview.h"
#include "planview.h"
#include "testdata.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTabWidget>
#include <QTableView>
#include <QTest>

#include <cmath>

using namespace PlanLens;

namespace {

QStringList headers(const QAbstractItemModel &m)
{
    QStringList h;
    for (int c = 0; c < m.columnCount(); ++c)
        h << m.headerData(c, Qt::Horizontal).toString();
    return h;
}

QString cell(const QAbstractItemModel &m, int row, int column)
{
    return m.index(row, column).data().toString();
}

// The node id shown in a proxy row (column 0 is "#").
int idAt(const QSortFilterProxyModel &proxy, int row)
{
    return proxy.index(row, PlanOperationsModel::IdColumn).data(PlanOperationsModel::NodeIdRole).toInt();
}

} // namespace

class TestOperationsGrid : public QObject
{
    Q_OBJECT
private slots:
    void columnsShowEveryFigure();
    void sortsBySelfTimeByDefault();
    void filtersByTypeRelationAndCondition();
    void selectionFollowsTheGraphBothWays();
    void bigPlanFillsAndSorts();
    void incidentAOperationsPage();
    void compareGridHasBeforeAfterAndDelta();
};

void TestOperationsGrid::columnsShowEveryFigure()
{
    const Plan plan = Test::GraphPlans::incidentLike();
    PlanOperationsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setPlan(plan);
    QCOMPARE(model.rowCount(), plan.nodes.size());
    const QStringList h = headers(model);
    for (const char *name : {"#", "Operation", "Relation / index", "Self time", "Self %", "Total time", "Rows",
                             "Est. rows", "Estimate", "Loops", "Hit", "Read", "Temp", "I/O time"})
        QVERIFY2(h.contains(QLatin1String(name)), name);
    // The seq scan on tracks, row 2 (one row per node, by id).
    const PlanNode &n = plan.nodes[2];
    QCOMPARE(cell(model, 2, PlanOperationsModel::OperationColumn), QStringLiteral("Seq Scan"));
    QCOMPARE(cell(model, 2, PlanOperationsModel::RelationColumn), QStringLiteral("tracks t"));
    QCOMPARE(cell(model, 2, PlanOperationsModel::SelfTimeColumn), Units::duration(n.exclusiveMs));
    QCOMPARE(cell(model, 2, PlanOperationsModel::SelfShareColumn), Units::percent(n.timeShare));
    QCOMPARE(cell(model, 2, PlanOperationsModel::RowsColumn), QStringLiteral("14,000"));
    QCOMPARE(cell(model, 2, PlanOperationsModel::PlanRowsColumn), QStringLiteral("700,000"));
    QCOMPARE(cell(model, 2, PlanOperationsModel::EstimateColumn), Units::estimateFactor(14000.0 / 700000.0));
    QVERIFY(cell(model, 2, PlanOperationsModel::EstimateColumn).startsWith(QStringLiteral("÷")));
    QCOMPARE(cell(model, 2, PlanOperationsModel::SharedHitColumn), Units::count(double(n.exclusiveBuffers.sharedHit)));
    QCOMPARE(cell(model, 7, PlanOperationsModel::LoopsColumn), QStringLiteral("892"));
    QCOMPARE(cell(model, 7, PlanOperationsModel::RelationColumn), QStringLiteral("projects p · projects_pkey"));
    // Never executed: said so, no time.
    QCOMPARE(cell(model, 11, PlanOperationsModel::RowsColumn), QStringLiteral("never executed"));
    QVERIFY(cell(model, 11, PlanOperationsModel::SelfTimeColumn).isEmpty());
    // PostgreSQL 18's fractional rows are kept.
    Plan fractional = plan;
    fractional.nodes[7].actualRows = 0.5;
    model.setPlan(fractional);
    QCOMPARE(cell(model, 7, PlanOperationsModel::RowsColumn), QStringLiteral("0.5"));
}

void TestOperationsGrid::sortsBySelfTimeByDefault()
{
    const Plan plan = Test::GraphPlans::generate(Test::GraphPlans::Shape::Random, 200);
    PlanOperationsModel model;
    model.setPlan(plan);
    PlanOperationsView view(&model, PlanOperationsModel::SelfTimeColumn, PlanOperationsModel::RelationColumn);
    QSortFilterProxyModel *proxy = view.proxyModel();
    QCOMPARE(proxy->rowCount(), 200);
    QCOMPARE(view.tableView()->horizontalHeader()->sortIndicatorSection(), int(PlanOperationsModel::SelfTimeColumn));
    QCOMPARE(view.tableView()->horizontalHeader()->sortIndicatorOrder(), Qt::DescendingOrder);
    for (int r = 1; r < proxy->rowCount(); ++r)
        QVERIFY(plan.nodes[idAt(*proxy, r - 1)].exclusiveMs >= plan.nodes[idAt(*proxy, r)].exclusiveMs);
    // Numbers sort as numbers, not as text: rows ascending.
    view.tableView()->sortByColumn(PlanOperationsModel::RowsColumn, Qt::AscendingOrder);
    for (int r = 1; r < proxy->rowCount(); ++r)
        QVERIFY(*plan.nodes[idAt(*proxy, r - 1)].actualRows <= *plan.nodes[idAt(*proxy, r)].actualRows);
    // The estimate column ranks how far off, either way.
    view.tableView()->sortByColumn(PlanOperationsModel::EstimateColumn, Qt::DescendingOrder);
    auto off = [&](int r) { return std::abs(std::log10(*plan.nodes[idAt(*proxy, r)].estimateFactor)); };
    for (int r = 1; r < proxy->rowCount(); ++r)
        QVERIFY(off(r - 1) >= off(r));
}

void TestOperationsGrid::filtersByTypeRelationAndCondition()
{
    const Plan plan = Test::GraphPlans::incidentLike();
    PlanOperationsModel model;
    model.setPlan(plan);
    PlanOperationsView view(&model, PlanOperationsModel::SelfTimeColumn, PlanOperationsModel::RelationColumn);
    QSortFilterProxyModel *proxy = view.proxyModel();
    auto shownIds = [&] {
        QList<int> ids;
        for (int r = 0; r < proxy->rowCount(); ++r)
            ids << idAt(*proxy, r);
        std::sort(ids.begin(), ids.end());
        return ids;
    };
    view.filterEdit()->setText(QStringLiteral("hash join"));   // typed: through the line edit
    QCOMPARE(shownIds(), QList<int>{1});
    // Case-insensitive, relations and conditions: tracks, track_collaborators, and the join on t.track_id.
    view.setFilterText(QStringLiteral("TRACK"));
    QCOMPARE(shownIds(), (QList<int>{1, 2, 3}));
    view.setFilterText(QStringLiteral("owner_id"));            // condition text
    QCOMPARE(shownIds(), QList<int>{2});
    view.setFilterText(QStringLiteral("projects_pkey"));       // index
    QCOMPARE(shownIds(), QList<int>{7});
    view.setFilterText(QStringLiteral("no such thing"));
    QCOMPARE(proxy->rowCount(), 0);
    auto *count = view.findChild<QLabel *>(QStringLiteral("OperationsCount"));
    QVERIFY(count);
    QCOMPARE(count->text(), QStringLiteral("0 of 12 operations"));
    view.setFilterText(QString());
    QCOMPARE(proxy->rowCount(), 12);
    QCOMPARE(count->text(), QStringLiteral("12 operations"));
}

void TestOperationsGrid::selectionFollowsTheGraphBothWays()
{
    const Plan plan = Test::GraphPlans::incidentLike();
    PlanView view;
    view.resize(1200, 700);
    view.setPlan(plan);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QVERIFY(QTest::qWaitFor([&] { return !view.graphView()->isBusy(); }, 20000));
    view.selectNode(4);   // before the grid was ever shown: it picks the selection up when it appears
    view.pageAction(PlanView::Page::Operations)->trigger();
    QCOMPARE(view.page(), PlanView::Page::Operations);
    PlanOperationsView *ops = view.operationsView();
    QVERIFY(ops->isVisible());
    QCOMPARE(ops->currentSourceRow(), 4);
    // Default sort: self time, hottest first.
    QCOMPARE(idAt(*ops->proxyModel(), 0), 2);

    // Clicking a row selects the node in the graph (and says so).
    QSignalSpy spy(&view, &PlanView::nodeSelected);
    QTableView *table = ops->tableView();
    const QModelIndex second = ops->proxyModel()->index(1, PlanOperationsModel::OperationColumn);
    const int secondId = idAt(*ops->proxyModel(), 1);
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, table->visualRect(second).center());
    QCOMPARE(view.graphView()->selectedNode(), secondId);
    QCOMPARE(view.selectedNode(), secondId);
    QVERIFY(!spy.isEmpty());
    QCOMPARE(spy.last().at(0).toInt(), secondId);
    // And the other way round.
    view.graphView()->selectNode(9);
    QCOMPARE(ops->currentSourceRow(), 9);
    QCOMPARE(table->selectionModel()->selectedRows().size(), 1);
    QCOMPARE(idAt(*ops->proxyModel(), table->selectionModel()->selectedRows().first().row()), 9);
    // Keys move through the sorted rows and select as they go.
    table->setFocus();
    const int row9 = table->currentIndex().row();
    QTest::keyClick(table, Qt::Key_Down);
    QCOMPARE(view.graphView()->selectedNode(), idAt(*ops->proxyModel(), row9 + 1));
}

void TestOperationsGrid::bigPlanFillsAndSorts()
{
    // As big as bench/bench_graph's plans: 20,000 nodes.
    const Plan plan = Test::GraphPlans::generate(Test::GraphPlans::Shape::Random, 20000);
    PlanOperationsModel model;
    PlanOperationsView view(&model, PlanOperationsModel::SelfTimeColumn, PlanOperationsModel::RelationColumn);
    view.resize(1200, 700);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QElapsedTimer t;
    t.start();
    model.setPlan(plan);
    view.fitColumns();
    view.restoreDefaultSort();
    const QImage first = view.grab().toImage();
    const qint64 fillMs = t.restart();
    view.setFilterText(QStringLiteral("users"));
    const qint64 firstFilterMs = t.restart();
    view.setFilterText(QStringLiteral("tracks"));
    const qint64 filterMs = t.restart();
    view.setCurrentSourceRow(12345);
    const qint64 selectMs = t.elapsed();
    qInfo("20000 nodes: fill+sort+paint %lld ms, first filter %lld ms, next filter %lld ms (%d rows), select %lld ms",
          fillMs, firstFilterMs, filterMs, view.proxyModel()->rowCount(), selectMs);
    QVERIFY(!first.isNull());
    QVERIFY(view.proxyModel()->rowCount() > 0 && view.proxyModel()->rowCount() < 20000);
    // Speed is bench/'s business (no timed assertions in tests): the figures above are for reading only.
}

void TestOperationsGrid::incidentAOperationsPage()
{
    const Plan plan = Test::loadTestPlan(QStringLiteral("incident-a-before"));
    QVERIFY(!plan.isEmpty());
    PlanView view;
    view.resize(1440, 860);
    view.setPlan(plan);
    view.setPage(PlanView::Page::Operations);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QSortFilterProxyModel *proxy = view.operationsView()->proxyModel();
    QCOMPARE(proxy->rowCount(), plan.nodes.size());
    int hottest = 0;
    for (const PlanNode &n : plan.nodes)
        if (n.exclusiveMs > plan.nodes[hottest].exclusiveMs)
            hottest = n.id;
    QCOMPARE(idAt(*proxy, 0), hottest);
    view.selectNode(hottest);
    const QImage img = view.grab().toImage();
    QVERIFY(img.save(Test::screenshotPath(QStringLiteral("operations-incident-a.png"))));
    // Every column is wide enough for its header and the figures (nothing shows as "…" in the top row).
    QTableView *table = view.operationsView()->tableView();
    for (int c = PlanOperationsModel::SelfTimeColumn; c < PlanOperationsModel::ColumnCount; ++c) {
        const QString text = proxy->index(0, c).data().toString();
        QVERIFY2(table->fontMetrics().horizontalAdvance(text) + 8 <= table->columnWidth(c),
                 qPrintable(QStringLiteral("column %1: %2").arg(c).arg(text)));
    }
}

void TestOperationsGrid::compareGridHasBeforeAfterAndDelta()
{
    const Plan before = Test::loadTestPlan(QStringLiteral("incident-a-before"));
    const Plan after = Test::loadTestPlan(QStringLiteral("incident-a-after"));
    QVERIFY(!before.isEmpty() && !after.isEmpty());
    CompareView view;
    view.resize(1440, 860);
    QSignalSpy ready(&view, &CompareView::diffAvailable);
    view.setPlans(before, after);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QVERIFY(ready.wait(20000));
    for (PlanGraphView *g : {view.beforeGraph(), view.afterGraph()})
        QVERIFY(QTest::qWaitFor([g] { return !g->isBusy(); }, 20000));

    // The grid is filled when the user opens its tab (Changes & charts › Operations), not before.
    CompareOperationsModel *model = view.operationsModel();
    QCOMPARE(model->rowCount(), 0);
    PlanOperationsView *ops = view.operationsView();
    view.setDrawerOpen(true);
    view.tabs()->setCurrentWidget(ops);
    QVERIFY(QTest::qWaitFor([ops] { return ops->isVisible(); }));
    QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const PlanDiff &d = view.diff();
    QCOMPARE(model->rowCount(), d.matched.size() + d.removed.size() + d.added.size());
    QVERIFY(!d.matched.isEmpty());
    const QStringList h = headers(*model);
    for (const char *name : {"Before self", "After self", "Δ self", "Ratio", "Rows before", "Rows after"})
        QVERIFY2(h.contains(QString::fromUtf8(name)), name);

    // Each row's delta is after − before self time of the pair the diff matched; one side empty when unmatched.
    int matchedRows = 0, oneSided = 0;
    for (int r = 0; r < model->rowCount(); ++r) {
        const NodePair p = model->pairAt(r);
        const double b = p.beforeId >= 0 ? before.nodes[p.beforeId].exclusiveMs : 0;
        const double a = p.afterId >= 0 ? after.nodes[p.afterId].exclusiveMs : 0;
        QCOMPARE(cell(*model, r, CompareOperationsModel::DeltaColumn), Units::signedDuration(a - b));
        if (p.beforeId >= 0 && p.afterId >= 0) {
            ++matchedRows;
            QCOMPARE(d.afterOf(p.beforeId), p.afterId);
        } else {
            ++oneSided;
            QVERIFY(cell(*model, r, p.beforeId < 0 ? CompareOperationsModel::BeforeSelfColumn
                                                   : CompareOperationsModel::AfterSelfColumn)
                        .isEmpty());
        }
    }
    QCOMPARE(matchedRows, d.matched.size());
    QCOMPARE(oneSided, d.removed.size() + d.added.size());

    // Default sort: the largest change first (the fix made the seq scan much faster).
    QSortFilterProxyModel *proxy = ops->proxyModel();
    auto absDelta = [&](int proxyRow) {
        const NodePair p = model->pairAt(proxy->mapToSource(proxy->index(proxyRow, 0)).row());
        return std::abs((p.afterId >= 0 ? after.nodes[p.afterId].exclusiveMs : 0)
                        - (p.beforeId >= 0 ? before.nodes[p.beforeId].exclusiveMs : 0));
    };
    for (int r = 1; r < proxy->rowCount(); ++r)
        QVERIFY(absDelta(r - 1) >= absDelta(r));
    QVERIFY(proxy->index(0, CompareOperationsModel::DeltaColumn).data().toString().startsWith(QStringLiteral("−")));

    // Selecting a row selects the node on both sides.
    int matchedProxyRow = -1;
    for (int r = 0; r < proxy->rowCount() && matchedProxyRow < 0; ++r) {
        const NodePair p = model->pairAt(proxy->mapToSource(proxy->index(r, 0)).row());
        if (p.beforeId > 0 && p.afterId > 0)
            matchedProxyRow = r;
    }
    QVERIFY(matchedProxyRow >= 0);
    const NodePair pair = model->pairAt(proxy->mapToSource(proxy->index(matchedProxyRow, 0)).row());
    QTableView *table = ops->tableView();
    table->scrollTo(proxy->index(matchedProxyRow, 0));
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {},
                      table->visualRect(proxy->index(matchedProxyRow, CompareOperationsModel::OperationColumn)).center());
    QCOMPARE(view.beforeGraph()->selectedNode(), pair.beforeId);
    QCOMPARE(view.afterGraph()->selectedNode(), pair.afterId);
    const QImage img = view.grab().toImage();
    QVERIFY(img.save(Test::screenshotPath(QStringLiteral("compare-operations-incident-a.png"))));

    // A node only the after plan has: its row selects it and clears the before side.
    if (!d.added.isEmpty()) {
        const int row = model->rowOf(-1, d.added.first());
        QVERIFY(row >= 0);
        ops->setCurrentSourceRow(-1);
        const QModelIndex pi = proxy->mapFromSource(model->index(row, CompareOperationsModel::OperationColumn));
        table->scrollTo(pi);
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, table->visualRect(pi).center());
        QCOMPARE(view.afterGraph()->selectedNode(), d.added.first());
        QCOMPARE(view.beforeGraph()->selectedNode(), -1);
    }
    // Selecting in a graph moves the grid's current row to the pair.
    view.selectBeforeNode(d.matched.last().beforeId);
    QCOMPARE(model->pairAt(ops->currentSourceRow()).beforeId, d.matched.last().beforeId);
    QCOMPARE(model->pairAt(ops->currentSourceRow()).afterId, d.matched.last().afterId);
}

QTEST_MAIN(TestOperationsGrid)
#include "tst_operationsgrid.moc"
