// SPDX-License-Identifier: MIT
// Find in the plan graph (Ctrl+F): which nodes a text matches and which of them is current. The view runs it on
// every search, so it matches with a precomputed case-insensitive matcher; these are the answers it must keep.
#include "plan/planparser.h"
#include "plangraphnavigation.h"

#include <QTest>

using namespace PlanLens;
using GraphNavigation::Matches;

namespace {

// Ids in plan order: 0 Sort, 1 HashAggregate, 2 Hash Join, 3 CTE Scan on recent, 4 Hash, 5 Index Scan.
const char kPlan[] = R"json([{"Plan": {
  "Node Type": "Sort", "Sort Key": ["t.created_at DESC"], "Startup Cost": 1, "Total Cost": 2, "Plan Rows": 1, "Plan Width": 8,
  "Plans": [{
    "Node Type": "Aggregate", "Strategy": "Hashed", "Parent Relationship": "Outer", "Group Key": ["t.genre"],
    "Startup Cost": 1, "Total Cost": 2, "Plan Rows": 1, "Plan Width": 8,
    "Plans": [{
      "Node Type": "Hash Join", "Join Type": "Inner", "Parent Relationship": "Outer", "Hash Cond": "(t.id = r.track_id)",
      "Startup Cost": 1, "Total Cost": 2, "Plan Rows": 1, "Plan Width": 8,
      "Plans": [
        {"Node Type": "CTE Scan", "CTE Name": "recent", "Alias": "r", "Parent Relationship": "Outer",
         "Startup Cost": 1, "Total Cost": 2, "Plan Rows": 1, "Plan Width": 8},
        {"Node Type": "Hash", "Parent Relationship": "Inner", "Startup Cost": 1, "Total Cost": 2, "Plan Rows": 1, "Plan Width": 8,
         "Plans": [{"Node Type": "Index Scan", "Parent Relationship": "Outer", "Index Name": "tracks_pkey",
                    "Relation Name": "tracks", "Alias": "t", "Index Cond": "(owner_id = 7)",
                    "Startup Cost": 1, "Total Cost": 2, "Plan Rows": 1, "Plan Width": 8}]}
      ]}]}]}}])json";

} // namespace

class TestGraphFind : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void matchesAnyTextOfANode_data();
    void matchesAnyTextOfANode();
    void currentStartsAtOrAfterTheSelection();
    void stepCycles();

private:
    Plan m_plan;
};

void TestGraphFind::initTestCase()
{
    const Result<Plan> r = parsePlan(QString::fromUtf8(kPlan));
    QVERIFY(!isError(r));
    m_plan = std::get<Plan>(r);
    QCOMPARE(m_plan.nodes.size(), 6);
    QCOMPARE(m_plan.nodes[3].detail().cteName, QStringLiteral("recent"));
}

void TestGraphFind::matchesAnyTextOfANode_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QList<int>>("hits");
    QTest::newRow("type, other case") << QStringLiteral("hash join") << QList<int>{2};
    QTest::newRow("shared word") << QStringLiteral("HASH") << QList<int>{1, 2, 4};
    QTest::newRow("title only (strategy)") << QStringLiteral("hashaggregate") << QList<int>{1};
    QTest::newRow("index name") << QStringLiteral("TRACKS_PKEY") << QList<int>{5};
    QTest::newRow("relation") << QStringLiteral("tracks") << QList<int>{5};
    QTest::newRow("CTE name (detail)") << QStringLiteral("Recent") << QList<int>{3};
    QTest::newRow("sort key") << QStringLiteral("created_at desc") << QList<int>{0};
    QTest::newRow("group key") << QStringLiteral("t.genre") << QList<int>{1};
    QTest::newRow("condition, trimmed") << QStringLiteral("  owner_id = 7 ") << QList<int>{5};
    QTest::newRow("hash condition") << QStringLiteral("r.track_id") << QList<int>{2};
    QTest::newRow("one letter") << QStringLiteral("x") << QList<int>{5};   // "Index Scan"
    QTest::newRow("literal, not a pattern") << QStringLiteral("(owner_id") << QList<int>{5};
    QTest::newRow("regex-like text") << QStringLiteral(".*") << QList<int>{};
    QTest::newRow("longer than every text") << QString(32767, u'x') << QList<int>{};   // QLineEdit's cap
    QTest::newRow("nothing") << QStringLiteral("no such text") << QList<int>{};
    QTest::newRow("blank") << QStringLiteral("   ") << QList<int>{};
}

void TestGraphFind::matchesAnyTextOfANode()
{
    QFETCH(QString, text);
    QFETCH(QList<int>, hits);
    Matches m;
    m.find(m_plan, text, 0);
    QCOMPARE(m.hits, hits);
    QCOMPARE(m.current, hits.isEmpty() ? -1 : 0);
    QCOMPARE(m.text, text.trimmed());
}

void TestGraphFind::currentStartsAtOrAfterTheSelection()
{
    Matches m;
    m.find(m_plan, QStringLiteral("hash"), 2);   // the selection is a match: it stays current
    QCOMPARE(m.hits, (QList<int>{1, 2, 4}));
    QCOMPARE(m.current, 1);
    m.find(m_plan, QStringLiteral("hash"), 3);   // the next match after the selection
    QCOMPARE(m.current, 2);
    m.find(m_plan, QStringLiteral("hash"), 5);   // none after it: back to the first
    QCOMPARE(m.current, 0);
}

void TestGraphFind::stepCycles()
{
    Matches m;
    QCOMPARE(m.step(1), -1);
    m.find(m_plan, QStringLiteral("hash"), 0);
    QCOMPARE(m.step(1), 2);
    QCOMPARE(m.step(1), 4);
    QCOMPARE(m.step(1), 1);
    QCOMPARE(m.step(-1), 4);
}

QTEST_GUILESS_MAIN(TestGraphFind)
#include "tst_graphfind.moc"
