// SPDX-License-Identifier: MIT
// deriveMetrics() on small plans whose exclusive times are worked out by hand in the comments: loops, parallel
// workers, InitPlan, correlated SubPlan, CTE read twice, never-executed nodes; plus buffers, estimate factor,
// shares and idempotence. Each row of exclusive_data() is one plan (JSON as PostgreSQL prints it, trimmed to
// the keys that matter) and the exclusive ms of each node in pre-order.
#include "plan/planparser.h"

#include <QFile>
#include <QTest>

using namespace PlanLens;

Q_DECLARE_METATYPE(QList<double>)

namespace {

// One plan node as JSON; `more` adds keys, `plans` the children.
QString node(const QString &type, double totalMs, double loops, const QString &more = {}, const QStringList &plans = {})
{
    QString s = QStringLiteral(R"({"Node Type": "%1", "Plan Rows": 10, "Total Cost": 100, "Actual Startup Time": 0, )"
                               R"("Actual Total Time": %2, "Actual Rows": 10, "Actual Loops": %3)")
                    .arg(type)
                    .arg(totalMs, 0, 'f', 3)
                    .arg(loops);
    if (!more.isEmpty())
        s += QStringLiteral(", ") + more;
    if (!plans.isEmpty())
        s += QStringLiteral(R"(, "Plans": [)") + plans.join(QStringLiteral(", ")) + u']';
    return s + u'}';
}

QString plan(const QString &root, double executionMs)
{
    return QStringLiteral(R"([{"Plan": %1, "Execution Time": %2}])").arg(root).arg(executionMs);
}

Plan parse(const QString &json)
{
    const Result<Plan> r = parsePlan(json);
    if (isError(r)) {
        qWarning("%s", qPrintable(std::get<ParseError>(r).toString()));
        return {};
    }
    return std::get<Plan>(r);
}

} // namespace

class TestMetrics : public QObject
{
    Q_OBJECT
private slots:
    void exclusive_data();
    void exclusive();
    void exclusiveOnCapturedPlans_data();
    void exclusiveOnCapturedPlans();
    void exclusiveBuffers();
    void neverExecuted();
    void estimateFactor();
    void sharesAddUp();
    void idempotent();
    void formatsFactors();
};

void TestMetrics::exclusive_data()
{
    QTest::addColumn<QString>("json");
    QTest::addColumn<QList<double>>("exclusive");

    // Loops: the inner Index Scan averages 0.007 ms over 1000 loops = 7 ms in all.
    // Nested Loop 10 - Seq Scan 2 - Index Scan 7 = 1.
    QTest::newRow("nested-loop-inner-loops")
        << plan(node(QStringLiteral("Nested Loop"), 10, 1, {},
                     {node(QStringLiteral("Seq Scan"), 2, 1, QStringLiteral(R"("Parent Relationship": "Outer")")),
                      node(QStringLiteral("Index Scan"), 0.007, 1000, QStringLiteral(R"("Parent Relationship": "Inner")"))}),
                10.5)
        << QList<double>{1, 2, 7};

    // Workers: under a Gather with 2 workers launched, a node with loops=3 ran once in each of 3 processes at the
    // same time: its time is the printed average (not × 3). The inner Index Scan's 3000 loops are 1000 per
    // process: 0.01 × 1000 = 10. Nested Loop 50 - 20 - 10 = 20; Gather 60 - 50 = 10. Sum 10+20+20+10 = 60.
    QTest::newRow("gather-workers-loops")
        << plan(node(QStringLiteral("Gather"), 60, 1, QStringLiteral(R"("Workers Planned": 2, "Workers Launched": 2)"),
                     {node(QStringLiteral("Nested Loop"), 50, 3, QStringLiteral(R"("Parent Relationship": "Outer")"),
                           {node(QStringLiteral("Seq Scan"), 20, 3,
                                 QStringLiteral(R"("Parent Relationship": "Outer", "Parallel Aware": true)")),
                            node(QStringLiteral("Index Scan"), 0.01, 3000, QStringLiteral(R"("Parent Relationship": "Inner")"))})}),
                61)
        << QList<double>{10, 20, 20, 10};

    // Fewer workers than planned: 1 launched, loops=2 (leader + 1 worker); Gather Merge 100 - Sort 80 = 20,
    // Sort 80 - Seq Scan 50 = 30.
    QTest::newRow("gather-merge-one-worker-launched")
        << plan(node(QStringLiteral("Gather Merge"), 100, 1, QStringLiteral(R"("Workers Planned": 2, "Workers Launched": 1)"),
                     {node(QStringLiteral("Sort"), 80, 2, QStringLiteral(R"("Parent Relationship": "Outer")"),
                           {node(QStringLiteral("Seq Scan"), 50, 2, QStringLiteral(R"("Parent Relationship": "Outer")"))})}),
                101)
        << QList<double>{20, 30, 50};

    // InitPlan: it runs when the Seq Scan's filter first reads $0, so its 5 ms are inside the Seq Scan's 28 ms,
    // not the Aggregate's own time. Aggregate 30 - Seq Scan 28 = 2; Limit 5 - Index Scan 4.9 = 0.1;
    // Index Scan 4.9; Seq Scan 28 - 5 = 23. Sum 2+0.1+4.9+23 = 30.
    QTest::newRow("initplan-read-by-child-filter")
        << plan(node(QStringLiteral("Aggregate"), 30, 1, {},
                     {node(QStringLiteral("Limit"), 5, 1,
                           QStringLiteral(R"J("Parent Relationship": "InitPlan", "Subplan Name": "InitPlan 1 (returns $0)")J"),
                           {node(QStringLiteral("Index Scan"), 4.9, 1, QStringLiteral(R"("Parent Relationship": "Outer")"))}),
                      node(QStringLiteral("Seq Scan"), 28, 1,
                           QStringLiteral(R"J("Parent Relationship": "Outer", "Filter": "(x > $0)")J"))}),
                30.2)
        << QList<double>{2, 0.1, 4.9, 23};

    // The same with PostgreSQL 17's naming: "InitPlan 1" referenced as "(InitPlan 1).col1".
    QTest::newRow("initplan-pg17-naming")
        << plan(node(QStringLiteral("Aggregate"), 30, 1, {},
                     {node(QStringLiteral("Limit"), 5, 1,
                           QStringLiteral(R"("Parent Relationship": "InitPlan", "Subplan Name": "InitPlan 1")"),
                           {node(QStringLiteral("Index Scan"), 4.9, 1, QStringLiteral(R"("Parent Relationship": "Outer")"))}),
                      node(QStringLiteral("Seq Scan"), 28, 1,
                           QStringLiteral(R"J("Parent Relationship": "Outer", "Filter": "(x > (InitPlan 1).col1)")J"))}),
                30.2)
        << QList<double>{2, 0.1, 4.9, 23};

    // InitPlan read by the node it hangs under (a Result's One-Time Filter): Result 6 - InitPlan 5 = 1.
    QTest::newRow("initplan-read-by-parent")
        << plan(node(QStringLiteral("Result"), 6, 1, QStringLiteral(R"J("One-Time Filter": "($0 > 1)")J"),
                     {node(QStringLiteral("Aggregate"), 5, 1,
                           QStringLiteral(R"J("Parent Relationship": "InitPlan", "Subplan Name": "InitPlan 1 (returns $0)")J"))}),
                6)
        << QList<double>{1, 5};

    // Correlated SubPlan: 0.3 ms × 100 loops = 30 ms inside the Seq Scan's 50. Seq Scan 50 - 30 = 20.
    QTest::newRow("correlated-subplan-loops")
        << plan(node(QStringLiteral("Seq Scan"), 50, 1, QStringLiteral(R"J("Filter": "(SubPlan 1)")J"),
                     {node(QStringLiteral("Index Scan"), 0.3, 100,
                           QStringLiteral(R"("Parent Relationship": "SubPlan", "Subplan Name": "SubPlan 1")"))}),
                50)
        << QList<double>{20, 30};

    // CTE read twice: the Hash Join builds its hash first, so CTE Scan y (27 ms) ran the CTE (25 ms) and
    // CTE Scan x (4 ms) read stored rows. y 27 - 25 = 2; x 4; Hash 29 - 27 = 2; Hash Join 35 - 4 - 29 = 2;
    // the CTE's Seq Scan 25. Sum 2+25+4+2+2 = 35.
    QTest::newRow("cte-scanned-twice")
        << plan(node(QStringLiteral("Hash Join"), 35, 1, {},
                     {node(QStringLiteral("Seq Scan"), 25, 1,
                           QStringLiteral(R"("Parent Relationship": "InitPlan", "Subplan Name": "CTE c")")),
                      node(QStringLiteral("CTE Scan"), 4, 1,
                           QStringLiteral(R"("Parent Relationship": "Outer", "CTE Name": "c", "Alias": "x")")),
                      node(QStringLiteral("Hash"), 29, 1, QStringLiteral(R"("Parent Relationship": "Inner")"),
                           {node(QStringLiteral("CTE Scan"), 27, 1,
                                 QStringLiteral(R"("Parent Relationship": "Outer", "CTE Name": "c", "Alias": "y")"))})}),
                35)
        << QList<double>{2, 25, 4, 2, 2};
}

void TestMetrics::exclusive()
{
    QFETCH(QString, json);
    QFETCH(QList<double>, exclusive);
    const Plan p = parse(json);
    QCOMPARE(p.nodes.size(), exclusive.size());
    double sum = 0;
    for (int i = 0; i < p.nodes.size(); ++i) {
        QVERIFY2(qAbs(p.nodes[i].exclusiveMs - exclusive[i]) < 1e-9,
                 qPrintable(QStringLiteral("node %1 (%2): exclusive %3, expected %4")
                                .arg(i).arg(p.nodes[i].nodeType).arg(p.nodes[i].exclusiveMs).arg(exclusive[i])));
        sum += p.nodes[i].exclusiveMs;
    }
    // No double counting: the exclusive times add up to the root's time.
    QVERIFY2(qAbs(sum - p.nodes[0].inclusiveMs) < 1e-9, qPrintable(QString::number(sum)));
}

void TestMetrics::exclusiveOnCapturedPlans_data()
{
    // Plans captured from PostgreSQL 15 (tests/data/plans, scripts/capture-plans), untrimmed; one node each whose
    // exclusive time is easy to get wrong, worked out by hand from the JSON's figures with the rules of
    // metrics.cpp: inclusive = "Actual Total Time" (a per-loop average) × loops; under a Gather the loops are
    // divided among the processes (workers launched + leader), never below one; a SubPlan's time is in the
    // node it hangs under; a CTE's time is in the CTE Scans that read it, not in the node it hangs under.
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("node");   // pre-order index
    QTest::addColumn<QString>("nodeType");
    QTest::addColumn<double>("expectedMs");

    // Gather (node 1, 302.270 ms, loops 1; Workers Launched 2) over a Partial Aggregate with loops 3: the leader
    // and 2 workers, one loop each, running at the same time, so the child's time is its printed average
    // 114.962 × (3 loops / 3 processes) = 114.962, not × 3 (344.886 would exceed the Gather's own time).
    // 302.270 - 114.962 = 187.308.
    QTest::newRow("parallel-gather: Gather") << "plans/parallel-gather.json" << 1 << "Gather" << 187.308;

    // Index Scan on small (node 0, 24.362 ms, loops 1) computes the correlated scalar SubPlan 2 (a Result, 1.206 ms
    // average over 20 loops, one per outer row) in its output list: 1.206 × 20 = 24.120 is inside its time.
    // 24.362 - 24.120 = 0.242.
    QTest::newRow("subplan-correlated: outer Index Scan") << "plans/subplan-correlated.json" << 0 << "Index Scan"
                                                          << 0.242;

    // Hash Join (node 0, 176.896 ms) has three children: CTE g (an Aggregate, 176.746 ms, hung under it as
    // InitPlan), CTE Scan a (176.741 ms: it pulled the CTE's rows first, so it ran the CTE) and Hash (0.046 ms).
    // The CTE's time is inside CTE Scan a's, not subtracted again: 176.896 - 176.741 - 0.046 = 0.109.
    QTest::newRow("cte-materialized: Hash Join") << "plans/cte-materialized.json" << 0 << "Hash Join" << 0.109;
}

void TestMetrics::exclusiveOnCapturedPlans()
{
    QFETCH(QString, file);
    QFETCH(int, node);
    QFETCH(QString, nodeType);
    QFETCH(double, expectedMs);
    QFile f(QStringLiteral(PLANLENS_TEST_DATA "/") + file);
    QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable(f.fileName()));
    const Plan p = parse(QString::fromUtf8(f.readAll()));
    QVERIFY(node < p.nodes.size());
    QCOMPARE(p.nodes[node].nodeType, nodeType);
    QVERIFY2(qAbs(p.nodes[node].exclusiveMs - expectedMs) < 0.01,
             qPrintable(QStringLiteral("%1 node %2 (%3): exclusive %4 ms, expected %5 ms")
                            .arg(file).arg(node).arg(nodeType).arg(p.nodes[node].exclusiveMs).arg(expectedMs)));
    // Whatever the node, no exclusive time is negative and none exceeds the plan's total.
    for (const PlanNode &n : p.nodes)
        QVERIFY(n.exclusiveMs >= 0 && n.exclusiveMs <= p.totalMs() + 1e-9);
}

void TestMetrics::exclusiveBuffers()
{
    // Buffers are totals over loops and workers, inclusive of children: Nested Loop 100 - 90 - 6 = 4 hits.
    const Plan p = parse(plan(
        node(QStringLiteral("Nested Loop"), 5, 1, QStringLiteral(R"("Shared Hit Blocks": 100, "Shared Read Blocks": 7)"),
             {node(QStringLiteral("Seq Scan"), 4, 1,
                   QStringLiteral(R"("Parent Relationship": "Outer", "Shared Hit Blocks": 90, "Shared Read Blocks": 7)")),
              node(QStringLiteral("Index Scan"), 0.001, 3,
                   QStringLiteral(R"("Parent Relationship": "Inner", "Shared Hit Blocks": 6, "Shared Read Blocks": 0)"))}),
        5));
    QCOMPARE(p.nodes[0].exclusiveBuffers.sharedHit, 4);
    QCOMPARE(p.nodes[0].exclusiveBuffers.sharedRead, 0);
    QCOMPARE(p.nodes[1].exclusiveBuffers.sharedHit, 90);
    QCOMPARE(p.nodes[2].exclusiveBuffers.sharedHit, 6);
}

void TestMetrics::neverExecuted()
{
    // EXPLAIN ANALYZE prints loops=0 for a node the executor never ran.
    const Plan p = parse(plan(node(QStringLiteral("Nested Loop"), 5, 1, {},
                                   {node(QStringLiteral("Seq Scan"), 4, 1, QStringLiteral(R"("Parent Relationship": "Outer")")),
                                    node(QStringLiteral("Index Scan"), 0, 0, QStringLiteral(R"("Parent Relationship": "Inner")"))}),
                              5));
    const PlanNode &n = p.nodes[2];
    QVERIFY(n.neverExecuted);
    QCOMPARE(n.inclusiveMs, 0.0);
    QCOMPARE(n.exclusiveMs, 0.0);
    QVERIFY(!n.estimateFactor);
    QCOMPARE(n.totalActualRows(), 0.0);
    QCOMPARE(p.nodes[0].exclusiveMs, 1.0);
}

void TestMetrics::estimateFactor()
{
    // Plan rows and actual rows are both per loop: 500 found per loop where 10 were expected is ×50 whatever
    // the loops; 2 found where 1000 were expected is ÷500; 0 where 1 was expected is no misestimate (the
    // planner never estimates fewer than one row).
    const Plan p = parse(plan(
        node(QStringLiteral("Append"), 10, 1, QStringLiteral(R"("Plan Rows": 1000, "Actual Rows": 2)"),
             {node(QStringLiteral("Seq Scan"), 1, 7, QStringLiteral(R"("Plan Rows": 10, "Actual Rows": 500)")),
              node(QStringLiteral("Seq Scan"), 1, 1, QStringLiteral(R"("Plan Rows": 1, "Actual Rows": 0)"))}),
        10));
    QCOMPARE(p.nodes[0].estimateFactor.value_or(-1), 0.002);
    QCOMPARE(p.nodes[1].estimateFactor.value_or(-1), 50.0);
    QCOMPARE(p.nodes[2].estimateFactor.value_or(-1), 1.0);
    QCOMPARE(p.nodes[1].totalActualRows(), 3500.0);
}

void TestMetrics::sharesAddUp()
{
    // Costs: root 300, children 100 + 100 (node() gives every node a cost of 100 unless overridden).
    const Plan p = parse(plan(node(QStringLiteral("Hash Join"), 8, 1, QStringLiteral(R"("Total Cost": 300)"),
                                   {node(QStringLiteral("Seq Scan"), 3, 1), node(QStringLiteral("Hash"), 4, 1)}),
                              10));
    QCOMPARE(p.nodes[0].exclusiveCost, 100.0);
    QCOMPARE(p.nodes[0].costShare, 100.0 / 300.0);
    // Time shares are of the execution time (10 ms): 1, 3 and 4 ms.
    QCOMPARE(p.nodes[0].timeShare, 0.1);
    QCOMPARE(p.nodes[1].timeShare, 0.3);
    QCOMPARE(p.nodes[2].timeShare, 0.4);
}

void TestMetrics::idempotent()
{
    Plan p = parse(plan(node(QStringLiteral("Nested Loop"), 10, 1, {},
                             {node(QStringLiteral("Seq Scan"), 2, 1), node(QStringLiteral("Index Scan"), 0.007, 1000)}),
                        10.5));
    const Plan once = p;
    deriveMetrics(p);
    deriveMetrics(p);
    QVERIFY(p == once);
}

void TestMetrics::formatsFactors()
{
    QCOMPARE(formatEstimateFactor(50), QStringLiteral("×50"));
    QCOMPARE(formatEstimateFactor(0.002), QStringLiteral("÷500"));
    QCOMPARE(formatEstimateFactor(1), QStringLiteral("×1"));
}

QTEST_GUILESS_MAIN(TestMetrics)
#include "tst_metrics.moc"
