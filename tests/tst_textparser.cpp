// SPDX-License-Identifier: MIT
// The TEXT reader and input cleaning. Fixtures: tests/data/text/<case>.plan (psql output as pasted), *.log
// (auto_explain server log), broken-<case>.plan (must fail). The frame/quoting variants hold the same plan as
// plain.plan and must read exactly like it.
#include "plan/planinput.h"
#include "plan/planparser.h"
#include "testdata.h"
#include "plancompare.h"

#include <QBuffer>
#include <QFile>
#include <QProcess>
#include <QTemporaryFile>
#include <QJsonArray>
#include <QTest>

using namespace PlanLens;

class TestTextParser : public QObject
{
    Q_OBJECT
private slots:
    void parsesFixtures_data();
    void parsesFixtures();
    void framesReadLikePlain_data();
    void framesReadLikePlain();
    void readsOldVersions();
    void readsAutoExplainLog();
    void readsParallelVerboseDetails();
    void readsTimingOffAndNeverExecuted();
    void readsCostsOffWithoutAnalyze();
    void readsSubplanHeadingsAndNodeNames();
    void readsPropertyLines();
    void keepsUnrecognisedLines();
    void rejectsBroken_data();
    void rejectsBroken();
    void cleaningCopiesOnlyWhatChanged();
    void readsFilesChunkByChunk();

private:
    static QString read(const QString &name) { return Test::readTestData(QStringLiteral("text/") + name); }
    static Plan parseOk(const QString &text) { return Test::parsedOrEmpty(text); }
};

void TestTextParser::parsesFixtures_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("nodes");
    QTest::addColumn<QString>("root");
    QTest::addColumn<double>("executionMs");   // -1: absent
    QTest::newRow("plain.plan") << "plain.plan" << 3 << "Nested Loop" << 2.110;
    QTest::newRow("pg90-total-runtime.plan") << "pg90-total-runtime.plan" << 4 << "Hash Join" << 0.616;
    QTest::newRow("pg84-sort-aggregate.plan") << "pg84-sort-aggregate.plan" << 6 << "Sort" << 102388.011;
    QTest::newRow("auto-explain-text.log") << "auto-explain-text.log" << 2 << "Aggregate" << 12.345;
    QTest::newRow("timing-off-never-executed.plan") << "timing-off-never-executed.plan" << 3 << "Nested Loop" << 0.020;
    QTest::newRow("costs-off-no-analyze.plan") << "costs-off-no-analyze.plan" << 4 << "Hash Join" << -1.0;
    QTest::newRow("verbose-parallel-workers.plan") << "verbose-parallel-workers.plan" << 2 << "Gather" << 45.0;
}

void TestTextParser::parsesFixtures()
{
    QFETCH(QString, file);
    QFETCH(int, nodes);
    QFETCH(QString, root);
    QFETCH(double, executionMs);
    const QString text = read(file);
    QVERIFY2(!text.isEmpty(), qPrintable(file));
    QCOMPARE(detectPlanFormat(text), PlanFormat::Text);
    const Result<Plan> r = parsePlan(text);
    QVERIFY2(!isError(r), qPrintable(Test::errorText(r)));
    const Plan &p = std::get<Plan>(r);
    QCOMPARE(p.sourceFormat, PlanFormat::Text);
    QCOMPARE(p.nodes.size(), nodes);
    QCOMPARE(p.root().nodeType, root);
    if (executionMs < 0)
        QVERIFY(!p.executionMs);
    else
        QCOMPARE(p.executionMs.value_or(-1), executionMs);
    for (int i = 0; i < p.nodes.size(); ++i) {
        QCOMPARE(p.nodes[i].id, i);
        if (i > 0)
            QVERIFY(p.nodes[i].parent >= 0 && p.nodes[i].parent < i);
    }
}

void TestTextParser::framesReadLikePlain_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<bool>("trailer");   // false: the variant has no Planning/Execution Time lines
    QTest::newRow("psql-ascii-border1.plan") << "psql-ascii-border1.plan" << true;
    QTest::newRow("psql-ascii-border2.plan") << "psql-ascii-border2.plan" << true;
    QTest::newRow("psql-unicode-border2.plan") << "psql-unicode-border2.plan" << true;
    QTest::newRow("dbeaver.plan") << "dbeaver.plan" << true;
    QTest::newRow("csv-lines.plan") << "csv-lines.plan" << true;
    QTest::newRow("single-quoted-lines.plan") << "single-quoted-lines.plan" << true;
    QTest::newRow("wrapped-60.plan") << "wrapped-60.plan" << true;
    QTest::newRow("auto-explain-plain.log") << "auto-explain-plain.log" << false;
}

void TestTextParser::framesReadLikePlain()
{
    QFETCH(QString, file);
    QFETCH(bool, trailer);
    Plan plain = parseOk(read(QStringLiteral("plain.plan")));
    QCOMPARE(plain.nodes.size(), 3);
    const Plan variant = parseOk(read(file));
    if (!trailer) {
        plain.planningMs.reset();
        plain.executionMs = variant.executionMs;   // auto_explain's duration stands in
    }
    const QStringList diff = PlanCompare::compare(variant, plain);
    QVERIFY2(diff.isEmpty(), qPrintable(diff.join(u'\n')));
    QCOMPARE(variant.nodes[1].filter, QStringLiteral("(username = 'depesz'::text)"));
}

void TestTextParser::readsOldVersions()
{
    const Plan p = parseOk(read(QStringLiteral("pg90-total-runtime.plan")));
    QCOMPARE(p.nodes.size(), 4);
    QCOMPARE(p.nodes[0].hashCond, QStringLiteral("(c.relnamespace = n.oid)"));
    QCOMPARE(p.nodes[1].alias, QStringLiteral("c"));
    QCOMPARE(p.nodes[1].relationName, QStringLiteral("pg_class"));
    QCOMPARE(p.nodes[1].parentRelationship, QStringLiteral("Outer"));
    QCOMPARE(p.nodes[2].parentRelationship, QStringLiteral("Inner"));
    QCOMPARE(p.nodes[2].detail().hashBuckets.value_or(-1), 1024.0);
    QCOMPARE(p.nodes[2].detail().hashBatches.value_or(-1), 1.0);
    QCOMPARE(p.nodes[2].detail().peakMemoryUsageKb.value_or(-1), 9.0);
    QCOMPARE(p.nodes[3].filter, QStringLiteral("(nspname <> 'pg_catalog'::name)"));
    QCOMPARE(p.executionMs.value_or(-1), 0.616);

    const Plan old = parseOk(read(QStringLiteral("pg84-sort-aggregate.plan")));
    QCOMPARE(old.nodes[0].detail().sortMethod, QStringLiteral("quicksort"));   // 8.4 printed two spaces after the colon
    QCOMPARE(old.nodes[0].detail().sortSpaceType, QStringLiteral("Memory"));
    QCOMPARE(old.nodes[0].detail().sortSpaceUsedKb.value_or(-1), 3536.0);
    QCOMPARE(old.nodes[1].nodeType, QStringLiteral("Aggregate"));
    QCOMPARE(old.nodes[1].strategy, QStringLiteral("Hashed"));
    QCOMPARE(old.nodes[1].textLabel(), QStringLiteral("HashAggregate"));
    QCOMPARE(old.nodes[4].nodeType, QStringLiteral("Materialize"));
    QCOMPARE(old.nodes[4].actualLoops.value_or(-1), 50000.0);
    QCOMPARE(old.nodes[2].joinFilter, QStringLiteral("((aas.nr)::text = ANY ((ARRAY[ak.k1, ak.k2])::text[]))"));
}

void TestTextParser::readsAutoExplainLog()
{
    const Plan p = parseOk(read(QStringLiteral("auto-explain-text.log")));
    QCOMPARE(p.nodes.size(), 2);
    QCOMPARE(p.queryText, QStringLiteral("SELECT count(*)\n  FROM orders\n  WHERE status = 'open';"));
    QCOMPARE(p.extra.value(u"Log Duration").toDouble(), 12.345);
    QCOMPARE(p.nodes[1].rowsRemovedByFilter.value_or(-1), 580.0);
    // The next log entry is not part of the plan.
    QVERIFY(!p.extra.contains(QStringLiteral("Text Lines")));
}

void TestTextParser::readsParallelVerboseDetails()
{
    const Plan p = parseOk(read(QStringLiteral("verbose-parallel-workers.plan")));
    QCOMPARE(p.nodes.size(), 2);
    const PlanNode &g = p.nodes[0];
    QCOMPARE(g.workersPlanned.value_or(-1), 2);
    QCOMPARE(g.workersLaunched.value_or(-1), 2);
    QCOMPARE(g.output, QStringList{QStringLiteral("id")});
    QCOMPARE(g.buffers.sharedHit, 300);
    QCOMPARE(g.buffers.sharedRead, 100);
    const PlanNode &s = p.nodes[1];
    QCOMPARE(s.nodeType, QStringLiteral("Seq Scan"));
    QVERIFY(s.parallelAware);
    QCOMPARE(s.textLabel(), QStringLiteral("Parallel Seq Scan"));
    QCOMPARE(s.schema, QStringLiteral("public"));
    QCOMPARE(s.relationName, QStringLiteral("big"));
    QCOMPARE(s.alias, QStringLiteral("big"));
    QCOMPARE(s.rowsRemovedByFilter.value_or(-1), 33303.0);
    QCOMPARE(s.detail().workers.size(), 2);
    QCOMPARE(s.detail().workers[0].number, 0);
    QCOMPARE(s.detail().workers[0].actualStartupMs.value_or(-1), 1.5);
    QCOMPARE(s.detail().workers[0].actualTotalMs.value_or(-1), 29.0);
    QCOMPARE(s.detail().workers[0].actualRows.value_or(-1), 28.0);
    QCOMPARE(s.detail().workers[0].buffers.sharedHit, 100);
    QCOMPARE(s.detail().workers[0].buffers.sharedRead, 30);
    QCOMPARE(s.detail().workers[1].number, 1);
    QCOMPARE(s.detail().workers[1].buffers.sharedRead, 40);
    QCOMPARE(p.settings.size(), 2);
    QCOMPARE(p.settings[1], (QPair<QString, QString>{QStringLiteral("work_mem"), QStringLiteral("64MB")}));
    QCOMPARE(p.planningBuffers.sharedHit, 12);
    QCOMPARE(p.planningMs.value_or(-1), 0.3);
    QVERIFY(p.jit.present);
    QCOMPARE(p.jit.functions.value_or(-1), 4.0);
    QCOMPARE(p.jit.generationMs.value_or(-1), 0.5);
    QCOMPARE(p.jit.emissionMs.value_or(-1), 3.0);
    QCOMPARE(p.jit.totalMs.value_or(-1), 3.7);
    QCOMPARE(p.jit.extra.value(u"Options").toObject().value(u"Expressions").toBool(), true);
    // Gather: 40 ms; the scan ran in 3 processes at once, 30 ms each: the Gather's own time is 10 ms.
    QCOMPARE(s.inclusiveMs, 30.0);
    QCOMPARE(g.exclusiveMs, 10.0);
}

void TestTextParser::readsTimingOffAndNeverExecuted()
{
    const Plan p = parseOk(read(QStringLiteral("timing-off-never-executed.plan")));
    QVERIFY(p.hasAnalyze);
    QVERIFY(!p.hasTiming);
    QVERIFY(!p.nodes[0].actualTotalMs);
    QCOMPARE(p.nodes[0].actualRows.value_or(-1), 0.0);
    QCOMPARE(p.nodes[1].rowsRemovedByFilter.value_or(-1), 5.0);
    const PlanNode &b = p.nodes[2];
    QVERIFY(b.neverExecuted);
    // As JSON says it: rows 0, loops 0, and no times when TIMING was off.
    QCOMPARE(b.actualLoops.value_or(-1), 0.0);
    QCOMPARE(b.actualRows.value_or(-1), 0.0);
    QVERIFY(!b.actualTotalMs);
    QVERIFY(!b.estimateFactor);
}

void TestTextParser::readsCostsOffWithoutAnalyze()
{
    const Plan p = parseOk(read(QStringLiteral("costs-off-no-analyze.plan")));
    QCOMPARE(p.nodes.size(), 4);
    QVERIFY(!p.hasCosts);
    QVERIFY(!p.hasAnalyze);
    QCOMPARE(p.nodes[0].joinType, QStringLiteral("Inner"));
    QCOMPARE(p.nodes[3].parent, 2);
    QCOMPARE(p.nodes[3].filter, QStringLiteral("flag"));
    QVERIFY(!p.nodes[3].totalCost);
}

void TestTextParser::readsSubplanHeadingsAndNodeNames()
{
    const QString text = QStringLiteral(
        "Result  (cost=1.10..1.11 rows=1 width=4) (actual time=0.100..0.101 rows=1 loops=1)\n"
        "  One-Time Filter: ($0 > 0)\n"
        "  InitPlan 1 (returns $0)\n"
        "    ->  Aggregate  (cost=1.05..1.06 rows=1 width=8) (actual time=0.050..0.051 rows=1 loops=1)\n"
        "          ->  Seq Scan on t  (cost=0.00..1.04 rows=4 width=0) (actual time=0.010..0.020 rows=4 loops=1)\n"
        "  CTE w\n"
        "    ->  Values Scan on \"*VALUES*\"  (cost=0.00..0.03 rows=2 width=4) (actual time=0.001..0.002 rows=2 loops=1)\n"
        "  ->  Hash Right Anti Join  (cost=0.00..0.04 rows=1 width=4) (actual time=0.010..0.011 rows=1 loops=1)\n"
        "        Hash Cond: (x.a = y.a)\n"
        "        ->  CTE Scan on w x  (cost=0.00..0.04 rows=2 width=4) (actual time=0.003..0.005 rows=2 loops=1)\n"
        "        ->  Hash  (cost=0.01..0.01 rows=1 width=4) (never executed)\n"
        "              ->  Function Scan on pg_catalog.generate_series y  (cost=0.00..0.01 rows=1 width=4) (never executed)\n"
        "  SubPlan 2\n"
        "    ->  Index Only Scan Backward using \"My Idx\" on public.\"My Table\" m  (cost=0.29..4.30 rows=1 width=4) (actual time=0.004..0.004 rows=1 loops=3)\n"
        "          Index Cond: (m.id = x.a)\n"
        "          Heap Fetches: 0\n"
        "Planning Time: 0.100 ms\n"
        "Execution Time: 0.200 ms\n");
    const Plan p = parseOk(text);
    QCOMPARE(p.nodes.size(), 9);
    QCOMPARE(p.nodes[1].parentRelationship, QStringLiteral("InitPlan"));
    QCOMPARE(p.nodes[1].subplanName, QStringLiteral("InitPlan 1 (returns $0)"));
    QCOMPARE(p.nodes[2].parentRelationship, QStringLiteral("Outer"));
    QCOMPARE(p.nodes[3].subplanName, QStringLiteral("CTE w"));
    QCOMPARE(p.nodes[3].alias, QStringLiteral("*VALUES*"));
    QCOMPARE(p.nodes[4].nodeType, QStringLiteral("Hash Join"));
    QCOMPARE(p.nodes[4].joinType, QStringLiteral("Right Anti"));
    QCOMPARE(p.nodes[4].parentRelationship, QStringLiteral("Outer"));
    QCOMPARE(p.nodes[5].detail().cteName, QStringLiteral("w"));
    QCOMPARE(p.nodes[5].alias, QStringLiteral("x"));
    QVERIFY(p.nodes[6].neverExecuted);
    QCOMPARE(p.nodes[6].parentRelationship, QStringLiteral("Inner"));
    QCOMPARE(p.nodes[7].detail().functionName, QStringLiteral("generate_series"));
    QCOMPARE(p.nodes[7].schema, QStringLiteral("pg_catalog"));
    QCOMPARE(p.nodes[7].alias, QStringLiteral("y"));
    const PlanNode &ios = p.nodes[8];
    QCOMPARE(ios.parent, 0);
    QCOMPARE(ios.parentRelationship, QStringLiteral("SubPlan"));
    QCOMPARE(ios.subplanName, QStringLiteral("SubPlan 2"));
    QCOMPARE(ios.nodeType, QStringLiteral("Index Only Scan"));
    QCOMPARE(ios.scanDirection, QStringLiteral("Backward"));
    QCOMPARE(ios.indexName, QStringLiteral("My Idx"));
    QCOMPARE(ios.schema, QStringLiteral("public"));
    QCOMPARE(ios.relationName, QStringLiteral("My Table"));
    QCOMPARE(ios.alias, QStringLiteral("m"));
    QCOMPARE(ios.heapFetches.value_or(-1), 0.0);
    QCOMPARE(ios.rowsRemovedByIndexRecheck.value_or(-1), 0.0);   // as JSON prints it
    QCOMPARE(p.nodes[0].detail().oneTimeFilter, QStringLiteral("($0 > 0)"));
}

void TestTextParser::readsPropertyLines()
{
    const QString text = QStringLiteral(
        "Insert on public.t  (cost=0.00..10.00 rows=0 width=0) (actual time=1.000..1.000 rows=0 loops=1)\n"
        "  Conflict Resolution: NOTHING\n"
        "  Tuples Inserted: 10\n"
        "  Buffers: shared hit=50 read=5 dirtied=3 written=1, local hit=2 read=1 dirtied=1 written=1, temp read=4 written=6\n"
        "  I/O Timings: shared read=0.500 write=0.100, temp read=0.200 write=0.300\n"
        "  WAL: records=12 fpi=2 bytes=1400\n"
        "  ->  Sort  (cost=5.00..6.00 rows=10 width=8) (actual time=0.500..0.600 rows=10 loops=1)\n"
        "        Sort Key: s.a, (f(s.b, 1)) DESC\n"
        "        Sort Method: external merge  Disk: 1024kB\n"
        "        ->  HashAggregate  (cost=2.00..4.00 rows=10 width=8) (actual time=0.300..0.400 rows=10 loops=1)\n"
        "              Group Key: s.a\n"
        "              Planned Partitions: 4  Batches: 5  Memory Usage: 4145kB  Disk Usage: 10000kB\n"
        "              ->  Memoize  (cost=0.30..1.00 rows=1 width=8) (actual time=0.010..0.020 rows=1 loops=20)\n"
        "                    Cache Key: s.a\n"
        "                    Cache Mode: logical\n"
        "                    Hits: 15  Misses: 5  Evictions: 1  Overflows: 0  Memory Usage: 2kB\n"
        "                    ->  Bitmap Heap Scan on s  (cost=0.20..0.90 rows=1 width=8) (actual time=0.005..0.006 rows=1 loops=5)\n"
        "                          Recheck Cond: (a = 1)\n"
        "                          Rows Removed by Index Recheck: 7\n"
        "                          Heap Blocks: exact=3 lossy=9\n"
        "                          ->  Bitmap Index Scan on s_a  (cost=0.00..0.20 rows=1 width=0) (actual time=0.001..0.001 rows=1 loops=5)\n"
        "                                Index Cond: (a = 1)\n"
        "Trigger for constraint t_fk on t: time=0.500 calls=10\n"
        "Trigger audit: time=0.250 calls=10\n"
        "Planning Time: 0.1 ms\n"
        "Execution Time: 2.5 ms\n");
    const Plan p = parseOk(text);
    QCOMPARE(p.nodes.size(), 6);
    const PlanNode &ins = p.nodes[0];
    QCOMPARE(ins.nodeType, QStringLiteral("ModifyTable"));
    QCOMPARE(ins.detail().operation, QStringLiteral("Insert"));
    QCOMPARE(ins.schema, QStringLiteral("public"));
    QCOMPARE(ins.extra.value(u"Conflict Resolution").toString(), QStringLiteral("NOTHING"));
    QCOMPARE(ins.extra.value(u"Tuples Inserted").toDouble(), 10.0);
    const Buffers &b = ins.buffers;
    QCOMPARE(b.sharedHit, 50);
    QCOMPARE(b.sharedRead, 5);
    QCOMPARE(b.sharedDirtied, 3);
    QCOMPARE(b.sharedWritten, 1);
    QCOMPARE(b.localHit, 2);
    QCOMPARE(b.localRead, 1);
    QCOMPARE(b.localDirtied, 1);
    QCOMPARE(b.localWritten, 1);
    QCOMPARE(b.tempRead, 4);
    QCOMPARE(b.tempWritten, 6);
    QCOMPARE(ins.ioReadMs.value_or(-1), 0.7);
    QCOMPARE(ins.ioWriteMs.value_or(-1), 0.4);
    QCOMPARE(ins.detail().walRecords.value_or(-1), 12.0);
    QCOMPARE(ins.detail().walFpi.value_or(-1), 2.0);
    QCOMPARE(ins.detail().walBytes.value_or(-1), 1400.0);
    const PlanNode &sort = p.nodes[1];
    QCOMPARE(sort.sortKey, (QStringList{QStringLiteral("s.a"), QStringLiteral("(f(s.b, 1)) DESC")}));
    QCOMPARE(sort.detail().sortMethod, QStringLiteral("external merge"));
    QCOMPARE(sort.detail().sortSpaceType, QStringLiteral("Disk"));
    QCOMPARE(sort.detail().sortSpaceUsedKb.value_or(-1), 1024.0);
    const PlanNode &agg = p.nodes[2];
    QCOMPARE(agg.groupKey, QStringList{QStringLiteral("s.a")});
    QCOMPARE(agg.extra.value(u"HashAgg Batches").toDouble(), 5.0);
    QCOMPARE(agg.extra.value(u"Planned Partitions").toDouble(), 4.0);
    QCOMPARE(agg.detail().peakMemoryUsageKb.value_or(-1), 4145.0);
    QCOMPARE(agg.detail().diskUsageKb.value_or(-1), 10000.0);
    const PlanNode &mem = p.nodes[3];
    QCOMPARE(mem.detail().cacheKey, QStringLiteral("s.a"));
    QCOMPARE(mem.detail().cacheHits.value_or(-1), 15.0);
    QCOMPARE(mem.detail().cacheMisses.value_or(-1), 5.0);
    QCOMPARE(mem.detail().cacheEvictions.value_or(-1), 1.0);
    QCOMPARE(mem.detail().cacheOverflows.value_or(-1), 0.0);
    QCOMPARE(mem.detail().peakMemoryUsageKb.value_or(-1), 2.0);
    const PlanNode &bhs = p.nodes[4];
    QCOMPARE(bhs.recheckCond, QStringLiteral("(a = 1)"));
    QCOMPARE(bhs.rowsRemovedByIndexRecheck.value_or(-1), 7.0);
    QCOMPARE(bhs.detail().exactHeapBlocks.value_or(-1), 3.0);
    QCOMPARE(bhs.detail().lossyHeapBlocks.value_or(-1), 9.0);
    QCOMPARE(p.nodes[5].indexName, QStringLiteral("s_a"));
    QCOMPARE(p.triggers.size(), 2);
    QCOMPARE(p.triggers[0].name, QStringLiteral("t_fk"));
    QCOMPARE(p.triggers[0].relation, QStringLiteral("t"));
    QCOMPARE(p.triggers[0].calls.value_or(-1), 10.0);
    QCOMPARE(p.triggers[1].name, QStringLiteral("audit"));
    QCOMPARE(p.triggers[1].timeMs.value_or(-1), 0.25);
}

void TestTextParser::keepsUnrecognisedLines()
{
    const Plan p = parseOk(QStringLiteral("Seq Scan on t  (cost=0.00..1.00 rows=1 width=4)\n"
                                          "  Something New In PG 30: yes please\n"
                                          "  a line PostgreSQL never printed\n"
                                          "# a trailing comment\n"));
    QCOMPARE(p.nodes.size(), 1);
    QCOMPARE(p.root().extra.value(u"Something New In PG 30").toString(), QStringLiteral("yes please"));
    QCOMPARE(p.root().extra.value(u"Text Lines").toArray().first().toString(),
             QStringLiteral("a line PostgreSQL never printed"));
    QCOMPARE(p.extra.value(u"Text Lines").toArray().first().toString(), QStringLiteral("# a trailing comment"));
}

void TestTextParser::rejectsBroken_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("message");
    QTest::newRow("broken-truncated-figures.plan") << "broken-truncated-figures.plan" << 1 << 1 << "truncated";
    QTest::newRow("broken-bad-number.plan") << "broken-bad-number.plan" << 2 << 28 << "expected a number after 'cost='";
    QTest::newRow("broken-no-plan.plan") << "broken-no-plan.plan" << 1 << 1 << "expected a plan node line like";
}

void TestTextParser::rejectsBroken()
{
    QFETCH(QString, file);
    QFETCH(int, line);
    QFETCH(int, column);
    QFETCH(QString, message);
    const Result<Plan> r = parsePlan(read(file));
    QVERIFY(isError(r));
    const ParseError e = std::get<ParseError>(r);
    QVERIFY2(e.message.contains(message), qPrintable(e.toString()));
    QCOMPARE(e.line, line);
    QCOMPARE(e.column, column);
}

// A 20 MB plan must not be copied once per cleaning step: when nothing inside the plan changes, the cleaned text
// is a view of the input; when a line changes, the text is put together once and reads like the plain plan.
void TestTextParser::cleaningCopiesOnlyWhatChanged()
{
    const QString plain = read(QStringLiteral("plain.plan"));
    const QString padded = QStringLiteral("\n\n") + plain + QStringLiteral("\n\n");
    const CleanedInput bare = cleanPlanInput(padded);
    QVERIFY(bare.cleaned.isNull());
    QVERIFY(bare.text.data() >= padded.constData() && bare.text.data() + bare.text.size() <= padded.constData() + padded.size());
    QCOMPARE(bare.text, QStringView(plain).trimmed());
    QCOMPARE(bare.sourceLine.first(), 3);

    // Changed lines: CRLF line ends, a psql frame, each line in single quotes with doubled quotes inside.
    QString crlf = plain;
    crlf.replace(u'\n', QStringLiteral("\r\n"));
    QString quoted;
    for (const QString &line : plain.split(u'\n'))
        quoted += u'\'' + QString(line).replace(u'\'', QStringLiteral("''")) + QStringLiteral("'\n");
    for (const QString &changed : {crlf, quoted, read(QStringLiteral("psql-unicode-border2.plan"))}) {
        const CleanedInput c = cleanPlanInput(changed);
        QVERIFY(!c.cleaned.isNull());
        QVERIFY(c.text.data() == c.cleaned.constData());
        QVERIFY(!c.text.contains(u'\r'));
        const QStringList diff = PlanCompare::compare(parseOk(changed), parseOk(plain));
        QVERIFY2(diff.isEmpty(), qPrintable(diff.join(u'\n')));
    }
}

// `planlens analyze FILE` decodes a TEXT file in 1 MB chunks: a character cut by a chunk's end must come out whole.
void TestTextParser::readsFilesChunkByChunk()
{
    const QString literal = QString(600'000, QChar(0x00E9));   // 'é': two bytes each, so some straddle 1 MB
    const QString planText = QStringLiteral(
        "Seq Scan on caf\u00E9s c  (cost=0.00..10.00 rows=1 width=4) (actual time=0.010..0.020 rows=1 loops=1)\n"
        "  Filter: (name = '%1'::text)\n"
        "  Rows Removed by Filter: 7\n"
        "Planning Time: 0.100 ms\n"
        "Execution Time: 0.200 ms\n").arg(literal);
    const QByteArray bytes = planText.toUtf8();
    QVERIFY(bytes.size() > (1 << 20));
    QVERIFY2((uchar(bytes[1 << 20]) & 0xC0) == 0x80, "the first chunk must end inside a character");

    QTemporaryFile file;
    QVERIFY(file.open());
    QCOMPARE(file.write(bytes), bytes.size());
    QVERIFY(file.seek(0));
    const Result<Plan> fromFile = parsePlanDevice(file);
    QVERIFY2(!isError(fromFile), qPrintable(Test::errorText(fromFile)));
    const Plan &p = std::get<Plan>(fromFile);
    QCOMPARE(p.nodes.size(), 1);
    QCOMPARE(p.nodes[0].relationName, QStringLiteral("caf\u00E9s"));
    QCOMPARE(p.nodes[0].filter, QStringLiteral("(name = '%1'::text)").arg(literal));
    QCOMPARE(p.nodes[0].rowsRemovedByFilter.value_or(-1), 7.0);

    // The same bytes from a pipe, and a JSON file, read the same way `parsePlanUtf8` reads them.
    QProcess pipe;   // sequential, like stdin: no size to plan for
    pipe.start(QStringLiteral("cat"), {file.fileName()});
    QVERIFY(pipe.waitForFinished());
    const Result<Plan> fromPipe = parsePlanDevice(pipe);
    QVERIFY(!isError(fromPipe));
    QCOMPARE(std::get<Plan>(fromPipe).nodes.value(0).filter, p.nodes[0].filter);
    const QByteArray json = Test::readTestData(QStringLiteral("plans/incident-a-before.json")).toUtf8();
    QBuffer jsonDevice;
    jsonDevice.setData(json);
    QVERIFY(jsonDevice.open(QIODevice::ReadOnly));
    const Result<Plan> fromJson = parsePlanDevice(jsonDevice);
    QVERIFY(!isError(fromJson));
    const QStringList diff = PlanCompare::compare(std::get<Plan>(fromJson), std::get<Plan>(parsePlanUtf8(json)));
    QVERIFY2(diff.isEmpty(), qPrintable(diff.join(u'\n')));
    QCOMPARE(std::get<Plan>(fromJson).sourceFormat, PlanFormat::Json);
}

QTEST_GUILESS_MAIN(TestTextParser)
#include "tst_textparser.moc"
