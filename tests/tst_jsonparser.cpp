// SPDX-License-Identifier: MIT
// The JSON reader: every modelled field, pre-order ids, depth beyond QJsonDocument's limit, and broken input.
// Fixtures: tests/data/json/<case>.json (valid) and broken-<case>.json (must fail with line, column, sentence).
#include "plan/jsonparser.h"
#include "plan/planparser.h"
#include "testdata.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTest>

using namespace PlanLens;

class TestJsonParser : public QObject
{
    Q_OBJECT
private slots:
    void parsesFixtures_data();
    void parsesFixtures();
    void mapsEveryField();
    void keepsUnknownKeys();
    void nodesArePreOrder();
    void readsDeepChainBeyondQJsonDocumentLimit();
    void decodesEscapes();
    void acceptsBareNodeAndAutoExplainObject();
    void rejectsBroken_data();
    void rejectsBroken();
    void neverCrashesOnAnyPrefix();
    void xmlReadsIoTimings();

private:
    static QString read(const QString &name) { return Test::readTestData(QStringLiteral("json/") + name); }
    static Plan parseOk(const QString &text) { return Test::parsedOrEmpty(text); }
};

void TestJsonParser::parsesFixtures_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("nodes");
    QTest::addColumn<QString>("root");
    QTest::addColumn<double>("executionMs");   // -1: absent
    QTest::newRow("one-line.json") << "one-line.json" << 2 << "Limit" << 0.025;
    QTest::newRow("all-fields.json") << "all-fields.json" << 4 << "Hash Join" << 12.345;
    // auto_explain has no "Execution Time"; the log line's duration stands in for it.
    QTest::newRow("auto-explain-json.log") << "auto-explain-json.log" << 1 << "Index Scan" << 0.986;
}

void TestJsonParser::parsesFixtures()
{
    QFETCH(QString, file);
    QFETCH(int, nodes);
    QFETCH(QString, root);
    QFETCH(double, executionMs);
    const QString text = read(file);
    QVERIFY2(!text.isEmpty(), qPrintable(file));
    QCOMPARE(detectPlanFormat(text), PlanFormat::Json);
    const Result<Plan> r = parsePlan(text);
    QVERIFY2(!isError(r), qPrintable(Test::errorText(r)));
    const Plan &p = std::get<Plan>(r);
    QCOMPARE(p.sourceFormat, PlanFormat::Json);
    QCOMPARE(p.nodes.size(), nodes);
    QCOMPARE(p.root().nodeType, root);
    if (executionMs < 0)
        QVERIFY(!p.executionMs);
    else
        QCOMPARE(p.executionMs.value_or(-1), executionMs);
}

void TestJsonParser::mapsEveryField()
{
    const Plan p = parseOk(read(QStringLiteral("all-fields.json")));
    QCOMPARE(p.nodes.size(), 4);
    const PlanNode &hj = p.nodes[0];
    QCOMPARE(hj.nodeType, QStringLiteral("Hash Join"));
    QCOMPARE(hj.joinType, QStringLiteral("Left"));
    QCOMPARE(hj.textLabel(), QStringLiteral("Hash Left Join"));
    QCOMPARE(hj.startupCost.value_or(-1), 10.5);
    QCOMPARE(hj.totalCost.value_or(-1), 250.75);
    QCOMPARE(hj.planRows.value_or(-1), 1000.0);
    QCOMPARE(hj.planWidth.value_or(-1), 16.0);
    QCOMPARE(hj.actualStartupMs.value_or(-1), 1.25);
    QCOMPARE(hj.actualTotalMs.value_or(-1), 9.5);
    QCOMPARE(hj.actualRows.value_or(-1), 990.0);
    QCOMPARE(hj.actualLoops.value_or(-1), 1.0);
    QCOMPARE(hj.output, (QStringList{QStringLiteral("a.id"), QStringLiteral("b.v"), QStringLiteral("f(a.x, b.y)")}));
    QVERIFY(hj.innerUnique);
    QCOMPARE(hj.hashCond, QStringLiteral("(a.b_id = b.id)"));
    QCOMPARE(hj.joinFilter, QStringLiteral("(a.x <> b.y)"));
    QCOMPARE(hj.rowsRemovedByJoinFilter.value_or(-1), 10.0);
    QVERIFY(hj.hasBuffers);
    QCOMPARE(hj.buffers.sharedHit, 40);
    QCOMPARE(hj.buffers.sharedRead, 2);
    QCOMPARE(hj.buffers.tempRead, 7);
    QCOMPARE(hj.buffers.tempWritten, 8);
    // PostgreSQL 17 splits I/O time by shared/local/temp; the model keeps the split and the sums.
    QCOMPARE(hj.ioReadMs.value_or(-1), 0.75);
    QCOMPARE(hj.ioWriteMs.value_or(-1), 0.125);
    QCOMPARE(hj.io.sharedReadMs.value_or(-1), 0.5);
    QCOMPARE(hj.io.tempReadMs.value_or(-1), 0.25);
    QCOMPARE(hj.io.tempWriteMs.value_or(-1), 0.125);
    QVERIFY(!hj.extra.contains(QStringLiteral("Temp I/O Read Time")));
    QCOMPARE(hj.detail().walRecords.value_or(-1), 3.0);
    QCOMPARE(hj.detail().walFpi.value_or(-1), 1.0);
    QCOMPARE(hj.detail().walBytes.value_or(-1), 512.0);

    const PlanNode &ix = p.nodes[1];
    QCOMPARE(ix.parentRelationship, QStringLiteral("Outer"));
    QCOMPARE(ix.scanDirection, QStringLiteral("Backward"));
    QCOMPARE(ix.indexName, QStringLiteral("a_pkey"));
    QCOMPARE(ix.relationName, QStringLiteral("a \"quoted\""));
    QCOMPARE(ix.schema, QStringLiteral("public"));
    QCOMPARE(ix.alias, QStringLiteral("a"));
    QCOMPARE(ix.indexCond, QStringLiteral("(a.id > 10)"));
    QCOMPARE(ix.filter, QStringLiteral("(a.x IS NOT NULL)"));
    QCOMPARE(ix.rowsRemovedByFilter.value_or(-1), 5.0);
    QCOMPARE(ix.rowsRemovedByIndexRecheck.value_or(-1), 0.0);

    const PlanNode &h = p.nodes[2];
    QCOMPARE(h.parentRelationship, QStringLiteral("Inner"));
    QCOMPARE(h.detail().hashBuckets.value_or(-1), 4096.0);
    QCOMPARE(h.detail().originalHashBuckets.value_or(-1), 1024.0);
    QCOMPARE(h.detail().hashBatches.value_or(-1), 2.0);
    QCOMPARE(h.detail().originalHashBatches.value_or(-1), 1.0);
    QCOMPARE(h.detail().peakMemoryUsageKb.value_or(-1), 41.0);

    // Top level.
    QCOMPARE(p.queryId, QStringLiteral("-2395857206232416123"));   // all 19 digits, not a rounded double
    QCOMPARE(p.planningMs.value_or(-1), 0.4);
    QCOMPARE(p.executionMs.value_or(-1), 12.345);
    QCOMPARE(p.planningBuffers.sharedHit, 12);
    QCOMPARE(p.planningBuffers.sharedRead, 1);
    QCOMPARE(p.planningMemoryUsedKb.value_or(-1), 20.0);
    QCOMPARE(p.planningMemoryAllocatedKb.value_or(-1), 32.0);
    QVERIFY(!p.extra.contains(QStringLiteral("Planning")));
    QCOMPARE(p.settings.size(), 2);
    QCOMPARE(p.triggers.size(), 2);
    QCOMPARE(p.triggers[0].name, QStringLiteral("a_b_fk"));   // a constraint trigger is named by its constraint
    QCOMPARE(p.triggers[0].relation, QStringLiteral("a"));
    QCOMPARE(p.triggers[0].timeMs.value_or(-1), 1.5);
    QCOMPARE(p.triggers[0].calls.value_or(-1), 990.0);
    QCOMPARE(p.triggers[1].name, QStringLiteral("audit"));
    QVERIFY(p.jit.present);
    QCOMPARE(p.jit.functions.value_or(-1), 6.0);
    QCOMPARE(p.jit.generationMs.value_or(-1), 0.6);   // PostgreSQL 17's {"Deform", "Total"} object
    QVERIFY(p.jit.deformMs.has_value());
    QCOMPARE(p.jit.optimizationMs.value_or(-1), 0.3);
    QCOMPARE(p.jit.emissionMs.value_or(-1), 2.0);
    QCOMPARE(p.jit.totalMs.value_or(-1), 2.9);
    QVERIFY(p.jit.extra.contains(QStringLiteral("Options")));
    QVERIFY(p.hasAnalyze);
    QVERIFY(p.hasTiming);
    QVERIFY(p.hasBuffers);
    QVERIFY(p.hasCosts);
}

void TestJsonParser::keepsUnknownKeys()
{
    const Plan p = parseOk(read(QStringLiteral("all-fields.json")));
    const QJsonValue future = p.nodes[0].extra.value(u"Some Future Key");
    QVERIFY(future.isObject());
    QCOMPARE(future.toObject().value(u"Nested").toArray().at(2).toObject().value(u"Deep").toString(),
             QStringLiteral("yes"));
    // SERIALIZE is modelled on the plan (PostgreSQL 17), not kept as an unknown key.
    QVERIFY(p.serialization.present);
    QCOMPARE(p.serialization.outputKb.value_or(-1), 12.0);
    QVERIFY(!p.extra.contains(QStringLiteral("Serialization")));
    // Modelled keys do not linger in extra.
    QVERIFY(!p.nodes[0].extra.contains(QStringLiteral("Hash Cond")));
    QVERIFY(!p.nodes[0].extra.contains(QStringLiteral("Plans")));
}

void TestJsonParser::nodesArePreOrder()
{
    const Plan p = parseOk(read(QStringLiteral("all-fields.json")));
    QCOMPARE(p.nodes.size(), 4);
    for (int i = 0; i < p.nodes.size(); ++i)
        QCOMPARE(p.nodes[i].id, i);
    QCOMPARE(p.nodes[0].parent, -1);
    QCOMPARE(p.nodes[0].children, (QList<int>{1, 2}));
    QCOMPARE(p.nodes[1].parent, 0);
    QCOMPARE(p.nodes[2].parent, 0);
    QCOMPARE(p.nodes[2].children, QList<int>{3});
    QCOMPARE(p.nodes[3].parent, 2);
    QCOMPARE(p.nodes[3].depth, 2);
    QCOMPARE(p.nodes[3].nodeType, QStringLiteral("Seq Scan"));
}

void TestJsonParser::readsDeepChainBeyondQJsonDocumentLimit()
{
    // A 3000-node chain is 6000 JSON levels: QJsonDocument gives up at 1024.
    const int depth = 3000;
    QString s = QStringLiteral("[{\"Plan\": ");
    for (int i = 0; i < depth; ++i) {
        s += QStringLiteral("{\"Node Type\": \"Limit\", \"Total Cost\": %1, \"Actual Total Time\": %2, "
                            "\"Actual Loops\": 1, \"Actual Rows\": 1, \"Plan Rows\": 1")
                 .arg(depth - i)
                 .arg(depth - i);
        if (i + 1 < depth)
            s += QStringLiteral(", \"Plans\": [");
    }
    for (int i = 0; i < depth; ++i)
        s += i == 0 ? QStringLiteral("}") : QStringLiteral("]}");
    s += QStringLiteral(", \"Execution Time\": 3001}]");
    QJsonParseError err;
    QJsonDocument::fromJson(s.toUtf8(), &err);
    QCOMPARE(err.error, QJsonParseError::DeepNesting);

    const Plan p = parseOk(s);
    QCOMPARE(p.nodes.size(), depth);
    QCOMPARE(p.nodes.last().depth, depth - 1);
    QCOMPARE(p.nodes.last().parent, depth - 2);
    QCOMPARE(p.executionMs.value_or(-1), 3001.0);
    // Each level took 1 ms of its own.
    QCOMPARE(p.nodes[17].exclusiveMs, 1.0);
}

void TestJsonParser::decodesEscapes()
{
    const Plan p = parseOk(QStringLiteral(
        R"J([{"Plan": {"Node Type": "Seq Scan", "Relation Name": "caf\u00e9", "Filter": "(a = 'x\"y\\z')", "Output": ["line1\nline2"]}}])J"));
    QCOMPARE(p.nodes.size(), 1);
    QCOMPARE(p.root().relationName, QStringLiteral("café"));
    QCOMPARE(p.root().filter, QStringLiteral("(a = 'x\"y\\z')"));
    QCOMPARE(p.root().output, QStringList{QStringLiteral("line1\nline2")});
}

void TestJsonParser::acceptsBareNodeAndAutoExplainObject()
{
    const Plan bare = parseOk(QStringLiteral(R"({"Node Type": "Result", "Plans": [{"Node Type": "Seq Scan"}]})"));
    QCOMPARE(bare.nodes.size(), 2);
    QCOMPARE(bare.nodes[1].parent, 0);
    const Plan ae = parseOk(QStringLiteral(R"({"Query Text": "select 1", "Plan": {"Node Type": "Result"}})"));
    QCOMPARE(ae.nodes.size(), 1);
    QCOMPARE(ae.queryText, QStringLiteral("select 1"));
}

void TestJsonParser::rejectsBroken_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("line");
    QTest::addColumn<QString>("message");
    QTest::newRow("broken-truncated.json") << "broken-truncated.json" << 25 << "truncated";
    QTest::newRow("broken-bad-number.json") << "broken-bad-number.json" << 5 << "expected a number";
    QTest::newRow("broken-trailing-comma.json") << "broken-trailing-comma.json" << 6 << "expected a key in double quotes";
    QTest::newRow("broken-no-plan.json") << "broken-no-plan.json" << 2 << "no \"Plan\"";
    QTest::newRow("broken-empty-array.json") << "broken-empty-array.json" << 1 << "array is empty";
    QTest::newRow("broken-no-node-type.json") << "broken-no-node-type.json" << 1 << "no \"Node Type\"";
}

void TestJsonParser::rejectsBroken()
{
    QFETCH(QString, file);
    QFETCH(int, line);
    QFETCH(QString, message);
    const QString text = read(file);
    QVERIFY(!text.isEmpty());
    const Result<Plan> r = parsePlan(text);
    QVERIFY(isError(r));
    const ParseError e = std::get<ParseError>(r);
    QVERIFY2(e.message.contains(message), qPrintable(e.toString()));
    QCOMPARE(e.line, line);
    QVERIFY(e.column >= 1);
    QVERIFY2(e.toString().startsWith(QStringLiteral("line %1, column ").arg(line)), qPrintable(e.toString()));
}

void TestJsonParser::xmlReadsIoTimings()
{
    // explain.c's XML writes "I/O Read Time" as <I-O-Read-Time>: it must land in the model, not in extra.
    const QString xml = QStringLiteral(
        "<explain xmlns=\"http://www.postgresql.org/2009/explain\"><Query><Plan>"
        "<Node-Type>Seq Scan</Node-Type><Relation-Name>t</Relation-Name><Alias>t</Alias>"
        "<Startup-Cost>0.00</Startup-Cost><Total-Cost>10.00</Total-Cost><Plan-Rows>100</Plan-Rows>"
        "<Plan-Width>4</Plan-Width><Actual-Startup-Time>0.010</Actual-Startup-Time>"
        "<Actual-Total-Time>1.500</Actual-Total-Time><Actual-Rows>100</Actual-Rows><Actual-Loops>1</Actual-Loops>"
        "<Shared-Hit-Blocks>1</Shared-Hit-Blocks><Shared-Read-Blocks>4</Shared-Read-Blocks>"
        "<I-O-Read-Time>0.750</I-O-Read-Time><I-O-Write-Time>0.000</I-O-Write-Time>"
        "</Plan><Planning-Time>0.1</Planning-Time><Execution-Time>1.6</Execution-Time></Query></explain>");
    const Result<Plan> r = parsePlan(xml);
    if (const auto *e = std::get_if<ParseError>(&r))
        QFAIL(qPrintable(e->toString()));
    const Plan &p = std::get<Plan>(r);
    QCOMPARE(p.sourceFormat, PlanFormat::Xml);
    QVERIFY(p.root().ioReadMs.has_value());
    QCOMPARE(*p.root().ioReadMs, 0.75);
    QVERIFY(!p.root().extra.contains(QStringLiteral("I O Read Time")));
}

void TestJsonParser::neverCrashesOnAnyPrefix()
{
    // Every prefix of a valid plan is either the plan (the whole text) or an error; and random byte flips are
    // either plans or errors too. What matters is that none of them crashes or hangs.
    const QString text = read(QStringLiteral("all-fields.json"));
    int errors = 0;
    for (qsizetype n = 0; n < text.size(); n += 7)
        errors += isError(parseJsonPlan(QStringView(text).left(n))) ? 1 : 0;
    QCOMPARE(errors, int((text.size() + 6) / 7));
    QRandomGenerator rng(42);
    for (int i = 0; i < 300; ++i) {
        QString t = text;
        for (int k = 0; k < 4; ++k)
            t[rng.bounded(int(t.size()))] = QChar(u"{}[],:\"\\0aZ \n"[rng.bounded(13)]);
        const Result<Plan> r = parsePlan(t);
        if (!isError(r))
            QVERIFY(!std::get<Plan>(r).nodes.isEmpty());
    }
}

QTEST_GUILESS_MAIN(TestJsonParser)
#include "tst_jsonparser.moc"
