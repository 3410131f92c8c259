// SPDX-License-Identifier: MIT
// The tidy-tree layout as a pure function: geometric properties on many tree shapes, and linear work counted by
// the layout's own instrumentation (never by a clock).
#include "graphplans.h"
#include "layout/treelayout.h"

#include <QTest>

#include <algorithm>

using namespace PlanLens;
using Test::GraphPlans::Shape;

Q_DECLARE_METATYPE(Shape)
Q_DECLARE_METATYPE(PlanLens::LayoutDirection)

namespace {

qreal breadthStart(const QRectF &r, LayoutDirection d) { return d == LayoutDirection::TopDown ? r.left() : r.top(); }
qreal breadthEnd(const QRectF &r, LayoutDirection d) { return d == LayoutDirection::TopDown ? r.right() : r.bottom(); }
qreal breadthCentre(const QRectF &r, LayoutDirection d)
{
    return d == LayoutDirection::TopDown ? r.center().x() : r.center().y();
}
qreal depthStart(const QRectF &r, LayoutDirection d) { return d == LayoutDirection::TopDown ? r.top() : r.left(); }
qreal depthEnd(const QRectF &r, LayoutDirection d) { return d == LayoutDirection::TopDown ? r.bottom() : r.right(); }

// Sizes that differ per node, so the layout cannot rely on uniform boxes.
QList<QSizeF> mixedSizes(int n)
{
    QList<QSizeF> s(n);
    QRandomGenerator rng(99);
    for (int i = 0; i < n; ++i)
        s[i] = QSizeF(80 + rng.bounded(200), 40 + rng.bounded(80));
    return s;
}

// No two visible boxes overlap. Boxes of one depth share a band, so it is enough to check that bands do not
// overlap and that, inside a band, boxes sorted along the breadth axis do not overlap their neighbour.
QString overlapProblem(const Plan &plan, const QList<QRectF> &rects, LayoutDirection d)
{
    QMap<int, QList<int>> byDepth;
    for (int v = 0; v < plan.nodes.size(); ++v)
        if (!rects[v].isNull())
            byDepth[plan.nodes[v].depth].append(v);
    qreal previousBandEnd = -1e300;
    for (auto it = byDepth.begin(); it != byDepth.end(); ++it) {
        QList<int> &ids = it.value();
        qreal bandStart = 1e300, bandEnd = -1e300;
        for (int v : ids) {
            bandStart = std::min(bandStart, depthStart(rects[v], d));
            bandEnd = std::max(bandEnd, depthEnd(rects[v], d));
        }
        if (bandStart < previousBandEnd)
            return QStringLiteral("depth %1 overlaps the depth above").arg(it.key());
        previousBandEnd = bandEnd;
        std::sort(ids.begin(), ids.end(),
                  [&](int a, int b) { return breadthStart(rects[a], d) < breadthStart(rects[b], d); });
        for (qsizetype i = 1; i < ids.size(); ++i)
            if (breadthStart(rects[ids[i]], d) < breadthEnd(rects[ids[i - 1]], d) - 1e-6)
                return QStringLiteral("nodes %1 and %2 overlap").arg(ids[i - 1]).arg(ids[i]);
    }
    return {};
}

} // namespace

class TestTreeLayout : public QObject
{
    Q_OBJECT
private slots:
    void twoLeavesByHand();
    void properties_data();
    void properties();
    void bruteForceNoOverlapOnSmallTrees();
    void leftRightIsTopDownTransposed();
    void collapsedSubtreeIsHidden();
    void siblingsKeepTheirGap();
    void malformedTreesStillLayOut();
    void workIsLinear_data();
    void workIsLinear();
};

void TestTreeLayout::twoLeavesByHand()
{
    // Root with two leaves, boxes 100x50, sibling gap 20, level gap 30: leaves at x 0 and 120, the root centred
    // between the leaves' centres (50 and 170), i.e. at 110, so its left edge is at 60.
    LayoutOptions o;
    o.nodeSize = {100, 50};
    o.siblingGap = 20;
    o.levelGap = 30;
    const QList<QRectF> r = layoutTree(QList<int>{-1, 0, 0}, o);
    QCOMPARE(r.size(), 3);
    QCOMPARE(r[1], QRectF(0, 80, 100, 50));
    QCOMPARE(r[2], QRectF(120, 80, 100, 50));
    QCOMPARE(r[0], QRectF(60, 0, 100, 50));
    QCOMPARE(layoutBounds(r), QRectF(0, 0, 220, 130));
}

void TestTreeLayout::properties_data()
{
    QTest::addColumn<Shape>("shape");
    QTest::addColumn<int>("n");
    QTest::addColumn<LayoutDirection>("direction");
    QTest::addColumn<bool>("mixed");
    const QList<QPair<const char *, Shape>> shapes{{"chain", Shape::Chain},   {"star", Shape::Star},
                                                   {"binary", Shape::Binary}, {"random", Shape::Random},
                                                   {"caterpillar", Shape::Caterpillar},
                                                   {"union-all", Shape::UnionAll}};
    for (const auto &[name, shape] : shapes)
        for (int n : {1, 2, 7, 300, 5000})
            for (bool mixed : {false, true}) {
                QTest::addRow("%s-%d-td%s", name, n, mixed ? "-mixed" : "") << shape << n << LayoutDirection::TopDown
                                                                              << mixed;
                QTest::addRow("%s-%d-lr%s", name, n, mixed ? "-mixed" : "") << shape << n << LayoutDirection::LeftRight
                                                                              << mixed;
            }
}

void TestTreeLayout::properties()
{
    QFETCH(Shape, shape);
    QFETCH(int, n);
    QFETCH(LayoutDirection, direction);
    QFETCH(bool, mixed);
    const Plan plan = Test::GraphPlans::generate(shape, n);
    LayoutOptions o;
    o.direction = direction;
    if (mixed)
        o.nodeSizes = mixedSizes(n);
    const QList<QRectF> r = layoutTree(plan, o);
    QCOMPARE(r.size(), n);
    for (int v = 0; v < n; ++v) {
        QVERIFY2(!r[v].isNull(), qPrintable(QString::number(v)));
        QCOMPARE(r[v].size(), mixed ? o.nodeSizes[v] : o.nodeSize);
    }
    // The drawing starts at the origin.
    const QRectF bounds = layoutBounds(r);
    QCOMPARE(bounds.topLeft(), QPointF(0, 0));

    const QString overlap = overlapProblem(plan, r, direction);
    QVERIFY2(overlap.isEmpty(), qPrintable(overlap));

    for (const PlanNode &node : plan.nodes) {
        // Children below (or right of) their parent, in their order, with the parent centred over them.
        const QList<int> &c = node.children;
        for (qsizetype i = 0; i < c.size(); ++i) {
            QVERIFY(depthStart(r[c[i]], direction) > depthEnd(r[node.id], direction));
            if (i > 0)
                QVERIFY2(breadthCentre(r[c[i - 1]], direction) < breadthCentre(r[c[i]], direction),
                         qPrintable(QStringLiteral("children %1, %2 of %3").arg(c[i - 1]).arg(c[i]).arg(node.id)));
        }
        if (!c.isEmpty()) {
            const qreal mid = (breadthCentre(r[c.first()], direction) + breadthCentre(r[c.last()], direction)) / 2;
            QVERIFY2(qAbs(breadthCentre(r[node.id], direction) - mid) < 1e-6,
                     qPrintable(QStringLiteral("node %1 not centred: %2 vs %3")
                                    .arg(node.id)
                                    .arg(breadthCentre(r[node.id], direction))
                                    .arg(mid)));
        }
    }
}

void TestTreeLayout::bruteForceNoOverlapOnSmallTrees()
{
    // Independent of the band argument above: every pair, on many random small trees with mixed sizes.
    for (quint32 seed = 1; seed <= 60; ++seed) {
        const Plan plan = Test::GraphPlans::generate(Shape::Random, 60, seed);
        LayoutOptions o;
        o.nodeSizes = mixedSizes(60);
        o.direction = seed % 2 ? LayoutDirection::TopDown : LayoutDirection::LeftRight;
        const QList<QRectF> r = layoutTree(plan, o);
        for (int a = 0; a < r.size(); ++a)
            for (int b = a + 1; b < r.size(); ++b)
                QVERIFY2(!r[a].intersects(r[b]), qPrintable(QStringLiteral("seed %1: %2 and %3").arg(seed).arg(a).arg(b)));
    }
}

void TestTreeLayout::leftRightIsTopDownTransposed()
{
    const Plan plan = Test::GraphPlans::generate(Shape::Random, 500, 11);
    LayoutOptions td;
    td.nodeSize = {200, 80};
    LayoutOptions lr = td;
    lr.direction = LayoutDirection::LeftRight;
    lr.nodeSize = {80, 200};
    const QList<QRectF> a = layoutTree(plan, td);
    const QList<QRectF> b = layoutTree(plan, lr);
    for (int v = 0; v < a.size(); ++v)
        QCOMPARE(b[v], QRectF(a[v].y(), a[v].x(), a[v].height(), a[v].width()));
}

void TestTreeLayout::collapsedSubtreeIsHidden()
{
    const Plan plan = Test::GraphPlans::generate(Shape::Binary, 63);
    LayoutOptions o;
    o.collapsed.fill(false, 63);
    o.collapsed[1] = true;   // hides 3..6, 7..14, ... (the left half below node 1)
    const QList<QRectF> r = layoutTree(plan, o);
    int hidden = 0;
    for (int v = 0; v < 63; ++v) {
        bool under = false;
        for (int p = plan.nodes[v].parent; p >= 0; p = plan.nodes[p].parent)
            under = under || p == 1;
        QCOMPARE(r[v].isNull(), under);
        hidden += r[v].isNull();
    }
    QCOMPARE(hidden, 30);
    QVERIFY(overlapProblem(plan, r, o.direction).isEmpty());
    // The collapsed node is now a leaf: the whole drawing is narrower than the expanded one.
    QVERIFY(layoutBounds(r).width() < layoutBounds(layoutTree(plan)).width());
}

void TestTreeLayout::siblingsKeepTheirGap()
{
    const Plan plan = Test::GraphPlans::generate(Shape::Random, 2000, 5);
    LayoutOptions o;
    o.siblingGap = 17;
    o.subtreeGap = 41;
    o.levelGap = 23;
    const QList<QRectF> r = layoutTree(plan, o);
    for (const PlanNode &node : plan.nodes) {
        for (qsizetype i = 1; i < node.children.size(); ++i)
            QVERIFY(r[node.children[i]].left() - r[node.children[i - 1]].right() >= 17 - 1e-6);
        for (int c : node.children)
            QVERIFY(qAbs(r[c].top() - r[node.id].bottom() - 23) < 1e-6);
    }
}

void TestTreeLayout::malformedTreesStillLayOut()
{
    // A node listed under two parents and a cycle unreachable from the root: the layout ends, places each
    // reachable node once and leaves the unreachable ones out.
    Plan plan;
    plan.nodes.resize(6);
    for (int i = 0; i < 6; ++i)
        plan.nodes[i].id = i;
    plan.nodes[0].children = {1, 2};
    plan.nodes[1].parent = 0;
    plan.nodes[1].children = {2};
    plan.nodes[2].parent = 0;
    plan.nodes[3].parent = 4;   // 3 <-> 4 cycle, 5 under 4
    plan.nodes[3].children = {4};
    plan.nodes[4].parent = 3;
    plan.nodes[4].children = {3, 5};
    plan.nodes[5].parent = 4;
    const QList<QRectF> r = layoutTree(plan);
    QCOMPARE(r.size(), 6);
    QVERIFY(!r[0].isNull() && !r[1].isNull() && !r[2].isNull());
    QVERIFY(r[3].isNull() && r[4].isNull() && r[5].isNull());
    QVERIFY(!r[0].intersects(r[1]) && !r[1].intersects(r[2]) && !r[0].intersects(r[2]));
}

void TestTreeLayout::workIsLinear_data()
{
    QTest::addColumn<Shape>("shape");
    QTest::newRow("chain") << Shape::Chain;
    QTest::newRow("star") << Shape::Star;
    QTest::newRow("binary") << Shape::Binary;
    QTest::newRow("random") << Shape::Random;
    QTest::newRow("caterpillar") << Shape::Caterpillar;
    QTest::newRow("union-all") << Shape::UnionAll;
    // A root over sqrt(n) chains of sqrt(n) nodes: re-walking whole contours for each new sibling would be
    // quadratic here.
    QTest::newRow("broom") << Shape::Broom;
}

void TestTreeLayout::workIsLinear()
{
    // Work is counted by the layout itself (node visits + contour steps). Linear means: a bounded number of steps
    // per node, and ten times the nodes costs ten times the work (not a hundred times).
    QFETCH(Shape, shape);
    LayoutStats small, big;
    layoutTree(Test::GraphPlans::generate(shape, 10'000), {}, &small);
    const QList<QRectF> r = layoutTree(Test::GraphPlans::generate(shape, 100'000), {}, &big);
    QCOMPARE(r.size(), 100'000);
    qInfo("work for 10k: %lld, for 100k: %lld (%.2f per node)", small.work(), big.work(), big.work() / 1e5);
    QVERIFY(small.nodeVisits >= 4 * 10'000);   // the counter does count (every pass touches every node)
    QVERIFY2(big.work() <= 10 * 100'000, qPrintable(QString::number(big.work())));
    const double ratio = double(big.work()) / double(small.work());
    QVERIFY2(ratio > 9.0 && ratio < 11.0, qPrintable(QString::number(ratio)));
}

QTEST_GUILESS_MAIN(TestTreeLayout)
#include "tst_treelayout.moc"
