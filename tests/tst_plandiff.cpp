// SPDX-License-Identifier: MIT
// analysis/compare on real plan pairs: tests/data/compare/<name>-before.json / <name>-after.json were captured
// from PostgreSQL 15 by tests/data/compare/capture.sh (one pair per plan change); the demo incidents come from
// tests/data/plans/. Plans built in code cover what a capture cannot pin down (duplicate aliases, no ANALYZE).
#include "compare/plandiff.h"
#include "plan/planparser.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include <cmath>

using namespace PlanLens;

namespace {

QString compareData(const QString &name)
{
    return QStringLiteral(PLANLENS_TEST_DATA "/compare/") + name;
}

QString readAll(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(f.readAll());
}

// The JSON as PostgreSQL printed it, read without the plan parser, to check figures independently.
QJsonObject rawTop(const QString &path)
{
    return QJsonDocument::fromJson(readAll(path).toUtf8()).array().at(0).toObject();
}

// Ids of the nodes whose display name (operator + object) is `label`, in pre-order.
QList<int> find(const Plan &plan, const QString &nodeType, const QString &object = {})
{
    QList<int> out;
    for (const PlanNode &n : plan.nodes)
        if (n.nodeType == nodeType
            && (object.isEmpty() || n.relationName == object || n.indexName == object || n.alias == object))
            out << n.id;
    return out;
}

int only(const QList<int> &ids)
{
    return ids.size() == 1 ? ids.front() : -100 - int(ids.size());
}

// A plan built in code: nodes in pre-order, parents by id; deriveMetrics() fills the figures.
struct Builder {
    Plan plan;
    int add(int parent, const QString &type, const QString &relation = {}, const QString &alias = {},
            double rows = 10, double planRows = 10, double totalMs = 1)
    {
        PlanNode n;
        n.id = int(plan.nodes.size());
        n.parent = parent;
        n.depth = parent < 0 ? 0 : plan.nodes[parent].depth + 1;
        n.nodeType = type;
        n.relationName = relation;
        n.alias = alias.isEmpty() ? relation : alias;
        n.actualRows = rows;
        n.planRows = planRows;
        n.actualLoops = 1;
        n.actualTotalMs = totalMs;
        n.actualStartupMs = 0;
        n.startupCost = 0;
        n.totalCost = totalMs * 10;
        if (parent >= 0) {
            n.parentRelationship = plan.nodes[parent].children.isEmpty() ? QStringLiteral("Outer") : QStringLiteral("Inner");
            plan.nodes[parent].children << n.id;
        }
        plan.nodes << n;
        return n.id;
    }
    Plan done(double executionMs)
    {
        plan.hasAnalyze = plan.hasTiming = true;
        plan.executionMs = executionMs;
        deriveMetrics(plan);
        return plan;
    }
};

} // namespace

class TestPlanDiff : public QObject
{
    Q_OBJECT
private slots:
    void everyPairMatchesItselfCompletely_data();
    void everyPairMatchesItselfCompletely();
    void incidentAMatchesAndNamesTheAccessPath();
    void incidentAScriptPairsTheQueryNotTheLookup();
    void incidentBPairsThePreloadWithTheJoin();
    void orToAnyMatchesSeqScanToBitmapHeapScan();
    void orToAnyScriptPairsTheMainStatements();
    void indexAddedEndsParallelSeqScan();
    void joinOrderPairsJoinsByTheirTables();
    void mergeJoinBecomesNestedLoop();
    void sortSpillRemovedByWorkMem();
    void jitNoLongerUsed();
    void anyTwoPlansMatchOneToOne();
    void headlineFiguresComeFromThePlans_data();
    void headlineFiguresComeFromThePlans();
    void jsonHasTheContractFields();
    void aliasesTellSelfJoinScansApart();
    void renamedAliasStillMatchesByRelation();
    void estimateMadeWorseIsReported();
    void withoutAnalyzeComparesCost();
    void emptyPlansGiveNoMatches();

private:
    static Plan load(const QString &path)
    {
        const QString text = readAll(path);
        auto r = parsePlan(text);
        if (isError(r)) {
            qWarning("%s: %s", qPrintable(path), qPrintable(std::get<ParseError>(r).toString()));
            return {};
        }
        return std::get<Plan>(r);
    }
    static Plan loadCompare(const QString &name) { return load(compareData(name + QStringLiteral(".json"))); }
    static QString demoFile(const QString &name) { return QStringLiteral(PLANLENS_TEST_DATA "/plans/") + name + QStringLiteral(".json"); }
    static Plan loadDemo(const QString &name) { return load(demoFile(name)); }
};

void TestPlanDiff::everyPairMatchesItselfCompletely_data()
{
    // One row per captured plan in tests/data/compare and tests/data/plans: a plan compared with itself
    // matches every node.
    QTest::addColumn<QString>("file");
    for (const char *sub : {"compare", "plans"}) {
        const QDir dir(QStringLiteral(PLANLENS_TEST_DATA "/") + QLatin1String(sub));
        const QStringList files = dir.entryList({QStringLiteral("*.json")});
        QVERIFY(files.size() >= 10);
        for (const QString &f : files)
            QTest::newRow(qPrintable(QLatin1String(sub) + u'/' + f)) << dir.filePath(f);
    }
}

void TestPlanDiff::everyPairMatchesItselfCompletely()
{
    QFETCH(QString, file);
    const Plan p = load(file);
    QVERIFY(!p.isEmpty());
    const PlanDiff d = comparePlans(p, p);
    QCOMPARE(d.matched.size(), p.nodes.size());
    for (const NodePair &m : d.matched)
        QCOMPARE(m.afterId, m.beforeId);
    QVERIFY(d.added.isEmpty());
    QVERIFY(d.removed.isEmpty());
    QVERIFY2(d.changes.isEmpty(), qPrintable(d.toText()));
    if (p.executionMs || (p.hasTiming && p.root().actualTotalMs && p.root().inclusiveMs > 0))
        QCOMPARE(d.headline.speedup.value_or(-1), 1.0); // SUMMARY OFF: the root's time stands in
    else
        QVERIFY(!d.headline.speedup); // EXPLAIN without ANALYZE (or TIMING OFF): no time to compare
}

void TestPlanDiff::incidentAMatchesAndNamesTheAccessPath()
{
    // The demo's incident A (tests/data/plans, captured from the demo database): OR ... IN (SELECT ...) made
    // PostgreSQL scan all of tracks; the fix's = ANY($ids) reads it through a BitmapOr of two indexes.
    const Plan before = loadDemo(QStringLiteral("incident-a-before"));
    const Plan after = loadDemo(QStringLiteral("incident-a-after"));
    QVERIFY(!before.isEmpty() && !after.isEmpty());
    const PlanDiff d = comparePlans(before, after);
    const int seq = only(find(before, QStringLiteral("Seq Scan"), QStringLiteral("tracks")));
    const int bhs = only(find(after, QStringLiteral("Bitmap Heap Scan"), QStringLiteral("tracks")));
    QVERIFY(seq >= 0 && bhs >= 0);
    QCOMPARE(d.afterOf(seq), bhs);
    QCOMPARE(d.matching.reasonOf[seq], MatchReason::Relation);
    QCOMPARE(d.afterOf(0), 0); // the LIMIT of the page
    for (const QString &rel : {QStringLiteral("aggregate_plays"), QStringLiteral("aggregate_track")})
        QCOMPARE(d.afterOf(only(find(before, QStringLiteral("Index Scan"), rel))),
                 only(find(after, QStringLiteral("Index Scan"), rel)));
    // The two nested loops stay nested loops, each over the same tables.
    const QList<int> loopsBefore = find(before, QStringLiteral("Nested Loop"));
    const QList<int> loopsAfter = find(after, QStringLiteral("Nested Loop"));
    QCOMPARE(loopsBefore.size(), 2);
    QCOMPARE(d.afterOf(loopsBefore[0]), loopsAfter[0]);
    QCOMPARE(d.afterOf(loopsBefore[1]), loopsAfter[1]);

    const int bitmapOr = only(find(after, QStringLiteral("BitmapOr")));
    QList<int> added{bitmapOr};
    added += after.nodes[bitmapOr].children;
    QCOMPARE(d.added, added);
    QList<int> removed = find(before, QStringLiteral("Gather Merge"));
    removed += find(before, QStringLiteral("Index Only Scan"), QStringLiteral("track_collaborators"));
    QCOMPARE(d.removed, removed);

    const QList<Change> paths = d.changesOfKind(QStringLiteral("access-path"));
    QCOMPARE(paths.size(), 1);
    QVERIFY(before.nodes[seq].parallelAware); // captured as a parallel scan: the wording says so
    QCOMPARE(paths[0].text,
             QStringLiteral("tracks: Parallel Seq Scan → Bitmap Heap Scan using tracks_owner_id_idx + tracks_pkey"));
    QCOMPARE(d.changesOfKind(QStringLiteral("parallelism")).size(), 1);
    QCOMPARE(d.changesOfKind(QStringLiteral("estimate-fixed")).value(0).beforeId, seq);
    QCOMPARE(d.changesOfKind(QStringLiteral("time")).value(0).beforeId, seq);
    QVERIFY(*d.headline.speedup > 10);
}

void TestPlanDiff::incidentAScriptPairsTheQueryNotTheLookup()
{
    const QList<Plan> before{loadDemo(QStringLiteral("incident-a-before"))};
    const QList<Plan> after{loadDemo(QStringLiteral("incident-a-after-ids")), loadDemo(QStringLiteral("incident-a-after"))};
    const ScriptDiff s = compareScripts(before, after);
    QCOMPARE(s.mainAfter, 1);
    QCOMPARE(s.statements.size(), 1);
    QCOMPARE(s.statements[0].afterIndex, 1);
    QCOMPARE(s.onlyAfter, QList<int>{0});
    const double total = rawTop(demoFile(QStringLiteral("incident-a-after-ids")))[u"Execution Time"].toDouble()
        + rawTop(demoFile(QStringLiteral("incident-a-after")))[u"Execution Time"].toDouble();
    QVERIFY(qFuzzyCompare(*s.afterTotalMs, total));
    QCOMPARE(s.statements[0].diff.changesOfKind(QStringLiteral("access-path")).size(), 1);
}

void TestPlanDiff::incidentBPairsThePreloadWithTheJoin()
{
    // Incident B's before runs the page query, then the preload that repeats it in IN (SELECT ...); the
    // after is one query. The slower before statement is the main one; the other has no partner.
    const QStringList names{QStringLiteral("incident-b-before-page"), QStringLiteral("incident-b-before-preload")};
    const QList<Plan> before{loadDemo(names[0]), loadDemo(names[1])};
    const QList<Plan> after{loadDemo(QStringLiteral("incident-b-after"))};
    const double ms0 = rawTop(demoFile(names[0]))[u"Execution Time"].toDouble();
    const double ms1 = rawTop(demoFile(names[1]))[u"Execution Time"].toDouble();
    const ScriptDiff s = compareScripts(before, after);
    QCOMPARE(s.mainBefore, ms1 > ms0 ? 1 : 0);
    QCOMPARE(s.mainAfter, 0);
    QCOMPARE(s.onlyBefore, QList<int>{ms1 > ms0 ? 0 : 1});
    const PlanDiff &d = s.statements[0].diff;
    const Plan &mb = before[s.mainBefore];
    const Plan &ma = after[0];
    // The page's index scan on projects is the same scan on both sides.
    const int projectsBefore = only(find(mb, QStringLiteral("Index Scan"), QStringLiteral("projects")));
    const int projectsAfter = only(find(ma, QStringLiteral("Index Scan"), QStringLiteral("projects")));
    QCOMPARE(d.afterOf(projectsBefore), projectsAfter);
    // Every scan of project_authorizations has a partner: the join replaces the subqueries' scans.
    for (int id : find(mb, QStringLiteral("Index Only Scan"), QStringLiteral("project_authorizations")))
        QVERIFY2(d.afterOf(id) >= 0, qPrintable(mb.nodes[id].displayName()));
    QCOMPARE(d.changesOfKind(QStringLiteral("rows-returned")).size(), mb.root().totalActualRows() == ma.root().totalActualRows() ? 0 : 1);
}

void TestPlanDiff::orToAnyMatchesSeqScanToBitmapHeapScan()
{
    const Plan before = loadCompare(QStringLiteral("or-to-any-before"));
    const Plan after = loadCompare(QStringLiteral("or-to-any-after"));
    QVERIFY(!before.isEmpty() && !after.isEmpty());
    const PlanDiff d = comparePlans(before, after);

    const int seq = only(find(before, QStringLiteral("Seq Scan"), QStringLiteral("tracks")));
    const int bhs = only(find(after, QStringLiteral("Bitmap Heap Scan"), QStringLiteral("tracks")));
    QVERIFY(seq >= 0 && bhs >= 0);
    QCOMPARE(d.afterOf(seq), bhs);
    QCOMPARE(d.matching.reasonOf[seq], MatchReason::Relation);
    QCOMPARE(d.afterOf(0), 0); // Sort ↔ Sort
    // The BitmapOr and its two Bitmap Index Scans exist only after; the SubPlan's index-only scan only before.
    const int bitmapOr = only(find(after, QStringLiteral("BitmapOr")));
    QList<int> added{bitmapOr};
    added += after.nodes[bitmapOr].children;
    QCOMPARE(d.added, added);
    QCOMPARE(d.removed, find(before, QStringLiteral("Index Only Scan"), QStringLiteral("track_collaborators")));

    const QList<Change> paths = d.changesOfKind(QStringLiteral("access-path"));
    QCOMPARE(paths.size(), 1);
    QCOMPARE(paths[0].text, QStringLiteral("tracks: Seq Scan → Bitmap Heap Scan using tracks_owner_id_idx + tracks_pkey"));
    QCOMPARE(paths[0].beforeId, seq);
    QCOMPARE(paths[0].afterId, bhs);

    // The planner expected a quarter of the table; the Sort above inherits the error and is not repeated.
    const QList<Change> fixed = d.changesOfKind(QStringLiteral("estimate-fixed"));
    QCOMPARE(fixed.size(), 1);
    QCOMPARE(fixed[0].beforeId, seq);
    QVERIFY2(fixed[0].text.startsWith(QStringLiteral("Row estimate fixed on Seq Scan on tracks t → Bitmap Heap Scan on tracks t: ÷")),
             qPrintable(fixed[0].text));

    const QList<Change> addedChanges = d.changesOfKind(QStringLiteral("node-added"));
    QCOMPARE(addedChanges.size(), 1);
    QCOMPARE(addedChanges[0].afterId, bitmapOr);
    QCOMPARE(addedChanges[0].text, QStringLiteral("Added BitmapOr of tracks_owner_id_idx + tracks_pkey, with 2 more added nodes below it"));
    const QList<Change> removedChanges = d.changesOfKind(QStringLiteral("node-removed"));
    QCOMPARE(removedChanges.size(), 1);
    QVERIFY2(removedChanges[0].text.endsWith(QStringLiteral("on track_collaborators tc (SubPlan 1)")),
             qPrintable(removedChanges[0].text));
    // The biggest time change is the scan of tracks.
    const QList<Change> times = d.changesOfKind(QStringLiteral("time"));
    QVERIFY(!times.isEmpty());
    QCOMPARE(times[0].beforeId, seq);
    QVERIFY(times[0].deltaMs < 0);
    QVERIFY(d.changesOfKind(QStringLiteral("rows-returned")).isEmpty());
}

void TestPlanDiff::orToAnyScriptPairsTheMainStatements()
{
    const QList<Plan> before{loadCompare(QStringLiteral("or-to-any-before"))};
    const QList<Plan> after{loadCompare(QStringLiteral("or-to-any-after-lookup")),
                            loadCompare(QStringLiteral("or-to-any-after"))};
    const ScriptDiff s = compareScripts(before, after);
    QCOMPARE(s.mainBefore, 0);
    QCOMPARE(s.mainAfter, 1);
    QCOMPARE(s.statements.size(), 1);
    QCOMPARE(s.statements[0].beforeIndex, 0);
    QCOMPARE(s.statements[0].afterIndex, 1);
    QCOMPARE(s.onlyAfter, QList<int>{0});
    QVERIFY(s.onlyBefore.isEmpty());
    const double lookupMs = rawTop(compareData(QStringLiteral("or-to-any-after-lookup.json")))[u"Execution Time"].toDouble();
    const double queryMs = rawTop(compareData(QStringLiteral("or-to-any-after.json")))[u"Execution Time"].toDouble();
    const double beforeMs = rawTop(compareData(QStringLiteral("or-to-any-before.json")))[u"Execution Time"].toDouble();
    QVERIFY(lookupMs > 0 && queryMs > 0);
    QVERIFY(qFuzzyCompare(*s.afterTotalMs, lookupMs + queryMs));
    QVERIFY(qFuzzyCompare(*s.speedup, beforeMs / (lookupMs + queryMs)));
    const QString text = s.toText(before, after);
    QVERIFY2(text.contains(QStringLiteral("Statement 1 → statement 2 (main")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("Only after: statement 1 (Aggregate")), qPrintable(text));
}

void TestPlanDiff::indexAddedEndsParallelSeqScan()
{
    const Plan before = loadCompare(QStringLiteral("index-added-before"));
    const Plan after = loadCompare(QStringLiteral("index-added-after"));
    const PlanDiff d = comparePlans(before, after);
    const int seq = only(find(before, QStringLiteral("Seq Scan"), QStringLiteral("events")));
    const int bhs = only(find(after, QStringLiteral("Bitmap Heap Scan"), QStringLiteral("events")));
    QCOMPARE(d.afterOf(seq), bhs);
    QCOMPARE(d.afterOf(0), 0); // Limit
    QCOMPARE(d.afterOf(only(find(before, QStringLiteral("Sort")))), only(find(after, QStringLiteral("Sort"))));
    const int gather = only(find(before, QStringLiteral("Gather Merge")));
    QCOMPARE(d.removed, QList<int>{gather});
    QCOMPARE(d.added, find(after, QStringLiteral("Bitmap Index Scan")));

    QCOMPARE(d.changesOfKind(QStringLiteral("access-path")).value(0).text,
             QStringLiteral("events: Parallel Seq Scan → Bitmap Heap Scan using events_user_id_idx"));
    const QList<Change> par = d.changesOfKind(QStringLiteral("parallelism"));
    QCOMPARE(par.size(), 1);
    const int launched = *before.nodes[gather].workersLaunched;
    QCOMPARE(par[0].text, QStringLiteral("No longer parallel: Gather Merge with %1 workers removed").arg(launched));
    QCOMPARE(par[0].beforeId, gather);
}

void TestPlanDiff::joinOrderPairsJoinsByTheirTables()
{
    // Before (join_collapse_limit = 1): (order_items ⋈ orders) ⋈ customers as hash joins under a parallel
    // partial aggregate. After: (customers ⋈ orders) ⋈ order_items as nested loops.
    const Plan before = loadCompare(QStringLiteral("join-order-before"));
    const Plan after = loadCompare(QStringLiteral("join-order-after"));
    const PlanDiff d = comparePlans(before, after);
    for (const QString &rel : {QStringLiteral("order_items"), QStringLiteral("orders"), QStringLiteral("customers")}) {
        int b = -1, a = -1;
        for (const PlanNode &n : before.nodes)
            if (n.relationName == rel)
                b = n.id;
        for (const PlanNode &n : after.nodes)
            if (n.relationName == rel)
                a = n.id;
        QCOMPARE(d.afterOf(b), a);
    }
    // Each join pairs with the join of the same two tables (the same join condition), not the one at the
    // same height: the hash join on o.customer_id = c.id is the nested loop that probes orders by customer.
    auto joinWith = [](const Plan &p, const QString &cond) {
        for (const PlanNode &n : p.nodes)
            if (n.hashCond.contains(cond) || (n.nodeType == u"Nested Loop" && !n.children.isEmpty()
                                              && p.nodes[n.children.last()].indexCond.contains(cond)))
                return n.id;
        return -1;
    };
    const int hashCustomers = joinWith(before, QStringLiteral("(o.customer_id = c.id)"));
    const int nestCustomers = joinWith(after, QStringLiteral("(o.customer_id = c.id)"));
    const int hashItems = joinWith(before, QStringLiteral("(oi.order_id = o.id)"));
    const int nestItems = joinWith(after, QStringLiteral("(oi.order_id = o.id)"));
    QVERIFY(hashCustomers >= 0 && nestCustomers >= 0 && hashItems >= 0 && nestItems >= 0);
    QCOMPARE(d.afterOf(hashCustomers), nestCustomers);
    QCOMPARE(d.afterOf(hashItems), nestItems);
    QCOMPARE(d.matching.reasonOf[hashCustomers], MatchReason::Shape);
    // The final aggregate is the root on both sides; the partial one, the Gather Merge, the Sort and both
    // Hashes are gone.
    QCOMPARE(d.afterOf(0), 0);
    for (int id : d.removed)
        QVERIFY2(QStringList({QStringLiteral("Aggregate"), QStringLiteral("Gather Merge"), QStringLiteral("Sort"),
                              QStringLiteral("Hash")})
                     .contains(before.nodes[id].nodeType),
                 qPrintable(before.nodes[id].nodeType));
    QCOMPARE(d.removed.size(), 5);
    QVERIFY(d.added.isEmpty());

    const QList<Change> joins = d.changesOfKind(QStringLiteral("join-method"));
    QCOMPARE(joins.size(), 2);
    QStringList texts;
    for (const Change &c : joins)
        texts << c.text;
    QVERIFY2(texts.contains(QStringLiteral("Join of customers c, orders o: Hash Join → Nested Loop")), qPrintable(texts.join(u'\n')));
    QVERIFY2(texts.contains(QStringLiteral("Join of customers c, orders o, order_items oi: Parallel Hash Join → Nested Loop")),
             qPrintable(texts.join(u'\n')));
    QCOMPARE(d.changesOfKind(QStringLiteral("node-type")).value(0).text,
             QStringLiteral("Finalize GroupAggregate → HashAggregate by c.name, o.id"));
    QCOMPARE(d.changesOfKind(QStringLiteral("parallelism")).size(), 1);
    QCOMPARE(d.changesOfKind(QStringLiteral("access-path")).size(), 2); // orders and order_items: index scans now
}

void TestPlanDiff::mergeJoinBecomesNestedLoop()
{
    const Plan before = loadCompare(QStringLiteral("merge-to-nestloop-before"));
    const Plan after = loadCompare(QStringLiteral("merge-to-nestloop-after"));
    const PlanDiff d = comparePlans(before, after);
    QCOMPARE(before.root().nodeType, QStringLiteral("Merge Join"));
    QCOMPARE(after.root().nodeType, QStringLiteral("Nested Loop"));
    QCOMPARE(d.matched.size(), 3);
    QCOMPARE(d.afterOf(0), 0);
    // orders is the merge join's outer side but the nested loop's inner side: matched by relation anyway.
    const int ordersBefore = only(find(before, QStringLiteral("Index Scan"), QStringLiteral("orders")));
    const int ordersAfter = only(find(after, QStringLiteral("Index Scan"), QStringLiteral("orders")));
    QVERIFY(before.nodes[ordersBefore].parentRelationship != after.nodes[ordersAfter].parentRelationship);
    QCOMPARE(d.afterOf(ordersBefore), ordersAfter);
    QCOMPARE(d.changesOfKind(QStringLiteral("join-method")).value(0).text,
             QStringLiteral("Join of customers c, orders o: Merge Join → Nested Loop"));
    QVERIFY(d.changesOfKind(QStringLiteral("access-path")).isEmpty()); // the same two index scans
    // Walking 160k index entries of orders was the cost: the top time change names it.
    QCOMPARE(d.changesOfKind(QStringLiteral("time")).value(0).beforeId, ordersBefore);
}

void TestPlanDiff::sortSpillRemovedByWorkMem()
{
    const Plan before = loadCompare(QStringLiteral("sort-spill-before"));
    const Plan after = loadCompare(QStringLiteral("sort-spill-after"));
    const PlanDiff d = comparePlans(before, after);
    QCOMPARE(d.matched.size(), 2);
    const PlanNode &sb = before.root();
    const PlanNode &sa = after.root();
    QCOMPARE(sb.detail().sortSpaceType, QStringLiteral("Disk"));
    const QList<Change> spill = d.changesOfKind(QStringLiteral("spill-removed"));
    QCOMPARE(spill.size(), 1);
    // 7,760 kB and 14,010 kB, as sizes read everywhere (Units::kilobytes).
    QCOMPARE(*sb.detail().sortSpaceUsedKb, 7760.0);
    QCOMPARE(*sa.detail().sortSpaceUsedKb, 14010.0);
    QCOMPARE(spill[0].text, QStringLiteral("Sort by events.payload no longer spills to disk: external merge, 7.6 MB on disk → "
                                           "quicksort, 13.7 MB in memory"));
    QVERIFY(d.changesOfKind(QStringLiteral("spill-added")).isEmpty());
    // Reversed, the same pair is a spill added.
    const PlanDiff r = comparePlans(after, before);
    QCOMPARE(r.changesOfKind(QStringLiteral("spill-added")).size(), 1);
    QCOMPARE(sb.buffers.tempRead + sb.buffers.tempWritten, qint64(3887));
    QVERIFY2(d.headline.details().join(u'\n').contains(QStringLiteral(", temp 3,887 → 0")),
             qPrintable(d.headline.details().join(u'\n')));
}

void TestPlanDiff::jitNoLongerUsed()
{
    const Plan before = loadCompare(QStringLiteral("jit-off-before"));
    const Plan after = loadCompare(QStringLiteral("jit-off-after"));
    QVERIFY(before.jit.present && !after.jit.present);
    const PlanDiff d = comparePlans(before, after);
    const QList<Change> jit = d.changesOfKind(QStringLiteral("jit"));
    QCOMPARE(jit.size(), 1);
    QCOMPARE(jit[0].text, QStringLiteral("JIT compilation no longer used (it took %1 for %2 functions)")
                              .arg(formatDurationMs(*before.jit.totalMs))
                              .arg(*before.jit.functions));
    QCOMPARE(d.matched.size(), 2);
    QCOMPARE(comparePlans(after, before).changesOfKind(QStringLiteral("jit")).value(0).text.left(24),
             QStringLiteral("JIT compilation now used"));
}

void TestPlanDiff::anyTwoPlansMatchOneToOne()
{
    // Every ordered pair of the corpus: unrelated plans too. The matching stays a partial bijection, pairs only
    // compatible nodes, and every change points at nodes that exist.
    QList<Plan> plans;
    const QDir dir(QStringLiteral(PLANLENS_TEST_DATA "/plans"));
    for (const QString &f : dir.entryList({QStringLiteral("*.json")}))
        plans << load(dir.filePath(f));
    QVERIFY(plans.size() >= 20);
    int comparisons = 0;
    for (const Plan &b : std::as_const(plans)) {
        for (const Plan &a : std::as_const(plans)) {
            const PlanDiff d = comparePlans(b, a);
            QCOMPARE(d.matched.size() + d.removed.size(), b.nodes.size());
            QCOMPARE(d.matched.size() + d.added.size(), a.nodes.size());
            for (const NodePair &p : d.matched) {
                QCOMPARE(d.beforeOf(p.afterId), p.beforeId);
                QCOMPARE(operatorFamily(b.nodes[p.beforeId]), operatorFamily(a.nodes[p.afterId]));
            }
            for (const Change &c : d.changes) {
                QVERIFY(c.beforeId < b.nodes.size() && c.afterId < a.nodes.size());
                QVERIFY(!c.text.isEmpty());
            }
            ++comparisons;
        }
    }
    QCOMPARE(comparisons, plans.size() * plans.size());
}

void TestPlanDiff::headlineFiguresComeFromThePlans_data()
{
    QTest::addColumn<QString>("name");
    for (const char *n : {"or-to-any", "index-added", "join-order", "merge-to-nestloop", "sort-spill", "jit-off"})
        QTest::newRow(n) << QString::fromLatin1(n);
}

void TestPlanDiff::headlineFiguresComeFromThePlans()
{
    QFETCH(QString, name);
    const QString bf = compareData(name + QStringLiteral("-before.json"));
    const QString af = compareData(name + QStringLiteral("-after.json"));
    const PlanDiff d = comparePlans(load(bf), load(af));
    const QJsonObject rb = rawTop(bf);
    const QJsonObject ra = rawTop(af);
    const double eb = rb[u"Execution Time"].toDouble();
    const double ea = ra[u"Execution Time"].toDouble();
    QCOMPARE(*d.headline.beforeMs, eb);
    QCOMPARE(*d.headline.afterMs, ea);
    QVERIFY(qFuzzyCompare(*d.headline.speedup, eb / ea));
    QCOMPARE(*d.headline.beforePlanningMs, rb[u"Planning Time"].toDouble());
    const QJsonObject rootB = rb[u"Plan"].toObject();
    const QJsonObject rootA = ra[u"Plan"].toObject();
    QCOMPARE(d.headline.beforeBuffers->sharedHit, rootB[u"Shared Hit Blocks"].toInteger());
    QCOMPARE(d.headline.afterBuffers->sharedRead, rootA[u"Shared Read Blocks"].toInteger());
    QCOMPARE(*d.headline.beforeRows, rootB[u"Actual Rows"].toDouble() * rootB[u"Actual Loops"].toDouble());
    QCOMPARE(d.headline.title(), QStringLiteral("Execution %1 → %2 (%3)")
                                     .arg(formatDurationMs(eb), formatDurationMs(ea), formatSpeedup(eb / ea)));
    // Same rows on both sides in every captured pair: no rows-returned warning.
    QVERIFY(d.changesOfKind(QStringLiteral("rows-returned")).isEmpty());
    // Change ids point at real nodes of the right side.
    for (const Change &c : d.changes) {
        QVERIFY(c.beforeId < 0 || d.afterOf(c.beforeId) == c.afterId || c.afterId < 0);
        QVERIFY(c.beforeId >= -1 && c.afterId >= -1);
    }
}

void TestPlanDiff::jsonHasTheContractFields()
{
    const Plan before = loadCompare(QStringLiteral("or-to-any-before"));
    const Plan after = loadCompare(QStringLiteral("or-to-any-after"));
    const PlanDiff d = comparePlans(before, after);
    const QJsonObject j = planDiffToJson(d);
    QCOMPARE(j[u"speedup"].toDouble(), *d.headline.speedup);
    const QJsonArray matched = j[u"matched"].toArray();
    QCOMPARE(matched.size(), d.matched.size());
    QCOMPARE(matched[1].toArray()[0].toInt(), d.matched[1].beforeId);
    QCOMPARE(matched[1].toArray()[1].toInt(), d.matched[1].afterId);
    QCOMPARE(j[u"added"].toArray().size(), d.added.size());
    QCOMPARE(j[u"removed"].toArray().size(), d.removed.size());
    const QJsonArray changes = j[u"changes"].toArray();
    QCOMPARE(changes.size(), d.changes.size());
    bool sawNull = false;
    for (qsizetype i = 0; i < changes.size(); ++i) {
        const QJsonObject c = changes[i].toObject();
        QCOMPARE(c[u"kind"].toString(), d.changes[i].kind);
        QCOMPARE(c[u"text"].toString(), d.changes[i].text);
        QCOMPARE(c[u"before_id"].isNull(), d.changes[i].beforeId < 0);
        sawNull = sawNull || c[u"after_id"].isNull();
    }
    QVERIFY(sawNull); // the removed subplan scan has no after node
}

void TestPlanDiff::aliasesTellSelfJoinScansApart()
{
    // Before: a hash join of orders o1 with orders o2; after: the same self-join as a nested loop, written
    // the other way round. Same relation twice: the alias decides.
    Builder b;
    b.add(-1, QStringLiteral("Hash Join"));
    b.add(0, QStringLiteral("Seq Scan"), QStringLiteral("orders"), QStringLiteral("o1"));
    b.add(0, QStringLiteral("Hash"));
    b.add(2, QStringLiteral("Seq Scan"), QStringLiteral("orders"), QStringLiteral("o2"));
    Builder a;
    a.add(-1, QStringLiteral("Nested Loop"));
    a.add(0, QStringLiteral("Seq Scan"), QStringLiteral("orders"), QStringLiteral("o2"));
    a.add(0, QStringLiteral("Index Scan"), QStringLiteral("orders"), QStringLiteral("o1"));
    a.plan.nodes[2].indexName = QStringLiteral("orders_pkey");
    const PlanDiff d = comparePlans(b.done(10), a.done(5));
    QCOMPARE(d.afterOf(1), 2);
    QCOMPARE(d.afterOf(3), 1);
    QCOMPARE(d.afterOf(0), 0);
    QCOMPARE(d.removed, QList<int>{2}); // the Hash
    const QList<Change> paths = d.changesOfKind(QStringLiteral("access-path"));
    QCOMPARE(paths.size(), 1);
    QCOMPARE(paths[0].text, QStringLiteral("orders o1: Seq Scan → Index Scan using orders_pkey"));
    QCOMPARE(d.changesOfKind(QStringLiteral("join-method")).value(0).text,
             QStringLiteral("Join of orders o2, orders o1: Hash Join → Nested Loop"));
}

void TestPlanDiff::renamedAliasStillMatchesByRelation()
{
    Builder b;
    b.add(-1, QStringLiteral("Sort"));
    b.add(0, QStringLiteral("Seq Scan"), QStringLiteral("tracks"), QStringLiteral("t"));
    Builder a;
    a.add(-1, QStringLiteral("Sort"));
    a.add(0, QStringLiteral("Seq Scan"), QStringLiteral("tracks"), QStringLiteral("tr"));
    const PlanDiff d = comparePlans(b.done(3), a.done(3));
    QCOMPARE(d.matched.size(), 2);
    QCOMPARE(d.matching.reasonOf[1], MatchReason::Relation);
    QVERIFY(d.changesOfKind(QStringLiteral("access-path")).isEmpty());
}

void TestPlanDiff::estimateMadeWorseIsReported()
{
    Builder b;
    b.add(-1, QStringLiteral("Seq Scan"), QStringLiteral("events"), {}, 6000, 4000);
    Builder a;
    a.add(-1, QStringLiteral("Index Scan"), QStringLiteral("events"), {}, 6000, 20);
    a.plan.nodes[0].indexName = QStringLiteral("events_kind_idx");
    const PlanDiff d = comparePlans(b.done(10), a.done(20));
    const QList<Change> worse = d.changesOfKind(QStringLiteral("estimate-worse"));
    QCOMPARE(worse.size(), 1);
    QCOMPARE(worse[0].text, QStringLiteral("Row estimate made worse on Seq Scan on events → Index Scan using events_kind_idx "
                                           "on events: ×1.5 (4,000 planned, 6,000 actual) → ×300 (20 planned, 6,000 actual)"));
    QCOMPARE(d.headline.title(), QStringLiteral("Execution 10.0 ms → 20.0 ms (×2 slower)"));

    // PostgreSQL 18's per-loop averages keep their fraction: "6,000.5 actual", not the rounded "6,001".
    Builder fb;
    fb.add(-1, QStringLiteral("Seq Scan"), QStringLiteral("events"), {}, 6000.5, 4000);
    Builder fa;
    fa.add(-1, QStringLiteral("Seq Scan"), QStringLiteral("events"), {}, 6000.5, 20);
    const QList<Change> fractional = comparePlans(fb.done(10), fa.done(20)).changesOfKind(QStringLiteral("estimate-worse"));
    QCOMPARE(fractional.size(), 1);
    QVERIFY2(fractional[0].text.endsWith(QStringLiteral("(4,000 planned, 6,000.5 actual) → ×300 (20 planned, 6,000.5 actual)")),
             qPrintable(fractional[0].text));
}

void TestPlanDiff::withoutAnalyzeComparesCost()
{
    Builder b;
    b.add(-1, QStringLiteral("Seq Scan"), QStringLiteral("events"));
    Builder a;
    a.add(-1, QStringLiteral("Seq Scan"), QStringLiteral("events"));
    Plan pb = b.plan;
    Plan pa = a.plan;
    for (Plan *p : {&pb, &pa}) {
        p->nodes[0].actualRows.reset();
        p->nodes[0].actualTotalMs.reset();
        p->nodes[0].actualStartupMs.reset();
        p->nodes[0].actualLoops.reset();
        deriveMetrics(*p);
    }
    pb.nodes[0].totalCost = 1200;
    pa.nodes[0].totalCost = 300;
    const PlanDiff d = comparePlans(pb, pa);
    QVERIFY(!d.headline.speedup);
    QCOMPARE(d.headline.title(), QStringLiteral("Estimated cost 1,200 → 300 (×4 cheaper)"));
    QVERIFY(planDiffToJson(d)[u"speedup"].isNull());
}

void TestPlanDiff::emptyPlansGiveNoMatches()
{
    Builder a;
    a.add(-1, QStringLiteral("Result"));
    const PlanDiff d = comparePlans(Plan{}, a.done(1));
    QVERIFY(d.matched.isEmpty());
    QCOMPARE(d.added, QList<int>{0});
    QCOMPARE(mainStatementIndex({}), -1);
    const ScriptDiff s = compareScripts({}, {a.plan});
    QVERIFY(s.statements.isEmpty());
    QCOMPARE(s.onlyAfter, QList<int>{0});
}

QTEST_GUILESS_MAIN(TestPlanDiff)
#include "tst_plandiff.moc"
