// SPDX-License-Identifier: MIT
// The plan node's memory diet (issue 17, item 4): OptionalDouble keeps std::optional<double>'s meaning in 8 bytes,
// and the properties few nodes carry live in a shared PlanNodeDetail allocated only for the nodes that have them.
#include "common/testdata.h"
#include "plan/plan.h"

#include <QTest>

#include <cmath>
#include <limits>

using namespace PlanLens;

class TestNodeMemory : public QObject
{
    Q_OBJECT
private slots:
    void optionalDoubleReadsLikeStdOptional();
    void nodeStaysSmall();
    void detailOnlyWhereTheServerPrintedIt();
    void detailIsCopiedOnWrite();
};

void TestNodeMemory::optionalDoubleReadsLikeStdOptional()
{
    OptionalDouble none;
    QVERIFY(!none.has_value());
    QVERIFY(!none);
    QCOMPARE(none.value_or(-1), -1.0);
    QVERIFY(none == std::nullopt);
    QVERIFY(none < 0.0);                       // absent orders first, as std::optional does
    QVERIFY(!(none > -1e300));
    QVERIFY(!std::optional<double>(none).has_value());   // (GCC 12 -O1 + ASan warns on comparing two such optionals)

    OptionalDouble zero = 0.0;
    QVERIFY(zero.has_value());
    QCOMPARE(*zero, 0.0);
    QVERIFY(zero != none);
    QVERIFY(zero == 0.0);

    // Every double can be held, NaN and infinities included: "absent" is a NaN no arithmetic produces.
    const double qnan = std::numeric_limits<double>::quiet_NaN();
    OptionalDouble nan = qnan;
    QVERIFY(nan.has_value());
    QVERIFY(std::isnan(*nan));
    OptionalDouble inf = std::numeric_limits<double>::infinity();
    QVERIFY(inf.has_value());
    QVERIFY(inf > 1e308);

    // Round trips with std::optional<double>.
    const std::optional<double> some = 12.5;
    OptionalDouble fromSome = some;
    QCOMPARE(*fromSome, 12.5);
    fromSome = std::optional<double>();
    QVERIFY(!fromSome.has_value());
    fromSome = 3.0;
    fromSome.reset();
    QVERIFY(!fromSome);
}

void TestNodeMemory::nodeStaysSmall()
{
    // 1,736 bytes before the diet; a 100,000-node plan is held whole by the window.
    QVERIFY2(sizeof(PlanNode) <= 960, qPrintable(QString::number(sizeof(PlanNode))));
    QCOMPARE(sizeof(OptionalDouble), sizeof(double));
}

void TestNodeMemory::detailOnlyWhereTheServerPrintedIt()
{
    const Plan plan = Test::loadTestPlan(QStringLiteral("hash-join-batches"));
    QVERIFY(!plan.isEmpty());
    int hashes = 0, without = 0;
    for (const PlanNode &n : plan.nodes) {
        if (n.nodeType == u"Hash") {
            ++hashes;
            QVERIFY(n.hasDetail());
            QVERIFY(n.detail().hashBatches.value_or(0) > 1);
        } else if (!n.hasDetail()) {
            ++without;
            QVERIFY(!n.detail().hashBatches);     // the shared empty detail reads as nothing printed
            QVERIFY(n.detail().sortMethod.isEmpty());
        }
    }
    QVERIFY(hashes >= 1);
    QVERIFY(without >= 1);
}

void TestNodeMemory::detailIsCopiedOnWrite()
{
    PlanNode a;
    a.nodeType = QStringLiteral("Sort");
    QVERIFY(!a.hasDetail());
    a.editDetail().sortMethod = QStringLiteral("quicksort");
    QVERIFY(a.hasDetail());

    PlanNode b = a;
    QCOMPARE(b, a);
    b.editDetail().sortMethod = QStringLiteral("external merge");
    QCOMPARE(a.detail().sortMethod, QStringLiteral("quicksort"));
    QCOMPARE(b.detail().sortMethod, QStringLiteral("external merge"));
    QVERIFY(!(a == b));

    // Equal contents are equal nodes, whether or not both allocated a detail.
    PlanNode c;
    c.nodeType = QStringLiteral("Sort");
    PlanNode d = c;
    d.editDetail();
    QCOMPARE(c, d);
}

QTEST_GUILESS_MAIN(TestNodeMemory)
#include "tst_nodememory.moc"
