// SPDX-License-Identifier: MIT
// What PostgreSQL 16–18 print, read exactly (issue 16). Fixtures: tests/data/pg17-18/<case>.<plan|json|yaml|xml>,
// one case written in every format explain.c has; each _data() row is one file, and every row of a test expects
// the same figures. Real PostgreSQL 18 transcripts are read from the shared folder (PLANLENS_SHARED_DIR), never
// copied here.
#include "format/units.h"
#include "nodedetails.h"
#include "planexport.h"
#include "plangraphdata.h"
#include "plangraphscene.h"
#include "plannodeformat.h"
#include "plantextmodel.h"
#include "plan/planfields.h"
#include "plan/planparser.h"

#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

using namespace PlanLens;

namespace {

QString readFile(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(f.readAll());
}

QString fixture(const QString &name)
{
    return QStringLiteral(PLANLENS_TEST_DATA "/pg17-18/") + name;
}

QString external(const QString &name)
{
    return QStringLiteral(PLANLENS_SHARED_DIR "/external/pg17-18/") + name;
}

// Parses a file; an unreadable or unparsable file fails the calling test with the parser's sentence.
std::optional<Plan> load(const QString &path, QString *why)
{
    const QString text = readFile(path);
    if (text.isEmpty()) {
        *why = QStringLiteral("cannot read ") + path;
        return std::nullopt;
    }
    const Result<Plan> r = parsePlan(text);
    if (const auto *e = std::get_if<ParseError>(&r)) {
        *why = path + QStringLiteral(": ") + e->toString();
        return std::nullopt;
    }
    return std::get<Plan>(r);
}

#define LOAD(var, path)                                                                                               \
    QString var##Why;                                                                                                 \
    const std::optional<Plan> var##Opt = load(path, &var##Why);                                                       \
    QVERIFY2(var##Opt.has_value(), qPrintable(var##Why));                                                             \
    const Plan &var = *var##Opt

void addFormats(const char *base, std::initializer_list<const char *> exts)
{
    for (const char *ext : exts) {
        const QString name = QLatin1String(base) + u'.' + QLatin1String(ext);
        QTest::newRow(qPrintable(name)) << fixture(name);
    }
}

const PlanNode *nodeOfType(const Plan &plan, const QString &type)
{
    for (const PlanNode &n : plan.nodes)
        if (n.nodeType == type)
            return &n;
    return nullptr;
}

} // namespace

class TestPgFidelity : public QObject
{
    Q_OBJECT
private slots:
    void serializationBelongsToTheQuery_data();
    void serializationBelongsToTheQuery();
    void realPg18SerializationKeepsRootBuffers_data();
    void realPg18SerializationKeepsRootBuffers();
    void planningMemoryIsNamed_data();
    void planningMemoryIsNamed();
    void ioTimingsSplitByKind_data();
    void ioTimingsSplitByKind();
    void ioTimingsOfOlderVersions_data();
    void ioTimingsOfOlderVersions();
    void walBuffersFull_data();
    void walBuffersFull();
    void jitDeform_data();
    void jitDeform();
    void fractionalRowsKept_data();
    void fractionalRowsKept();
    void fractionalRowsShown();
    void realPg18FractionalRows();
    void pg18NodeFields_data();
    void pg18NodeFields();
    void pg18NodeFieldsShown();
    void disabledNodeIsTaggedOnTheCard();
    void serverVersionHint_data();
    void serverVersionHint();
    void serverVersionFromConnection();
    void analyzeJsonExtended();
};

// --- 1. SERIALIZE (17) ---

void TestPgFidelity::serializationBelongsToTheQuery_data()
{
    QTest::addColumn<QString>("file");
    addFormats("pg17-serialize-memory", {"plan", "json", "yaml", "xml"});
}

void TestPgFidelity::serializationBelongsToTheQuery()
{
    QFETCH(QString, file);
    LOAD(p, file);
    QCOMPARE(p.nodes.size(), 1);
    // The root keeps its own buffers: the indented lines under "Serialization:" are not the node's.
    QCOMPARE(p.root().buffers.sharedHit, 1);
    QCOMPARE(p.root().buffers.sharedRead, 2);
    QCOMPARE(p.root().io.sharedReadMs.value_or(-1), 0.05);
    QVERIFY(!p.root().extra.contains(QStringLiteral("Text Lines")));
    const Serialization &s = p.serialization;
    QVERIFY(s.present);
    QCOMPARE(s.timeMs.value_or(-1), 4.69);
    QCOMPARE(s.outputKb.value_or(-1), 31251.0);
    QCOMPARE(s.format, QStringLiteral("text"));
    QVERIFY(s.hasBuffers);
    QCOMPARE(s.buffers.sharedHit, 200);
    QCOMPARE(s.buffers.sharedRead, 7);
    QCOMPARE(s.io.sharedReadMs.value_or(-1), 0.321);
    QCOMPARE(s.io.sharedWriteMs.value_or(-1), 0.01);
    QCOMPARE(s.io.tempReadMs.value_or(-1), 0.2);
    QVERIFY(s.extra.isEmpty());
    QVERIFY(!p.extra.contains(QStringLiteral("Serialization")));
    QVERIFY(!p.extra.contains(QStringLiteral("Text Lines")));
    QCOMPARE(p.executionMs.value_or(-1), 4.812);
}

void TestPgFidelity::realPg18SerializationKeepsRootBuffers_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<double>("serializationMs");
    QTest::newRow("pg18_serialize_memory.txt") << external(QStringLiteral("pg18_serialize_memory.txt")) << 4.690;
    QTest::newRow("pg18_serialize_memory.json") << external(QStringLiteral("pg18_serialize_memory.json")) << 25.481;
}

void TestPgFidelity::realPg18SerializationKeepsRootBuffers()
{
    QFETCH(QString, file);
    QFETCH(double, serializationMs);
    LOAD(p, file);
    QCOMPARE(p.root().buffers.sharedHit, 1);
    QCOMPARE(p.serialization.buffers.sharedHit, 200);
    QCOMPARE(p.serialization.timeMs.value_or(-1), serializationMs);
    QCOMPARE(p.serialization.outputKb.value_or(-1), 31251.0);
    QCOMPARE(p.planningBuffers.sharedHit, 6);
    QCOMPARE(p.planningMemoryUsedKb.value_or(-1), 6.0);
    QCOMPARE(p.planningMemoryAllocatedKb.value_or(-1), 8.0);
    QCOMPARE(p.root().actualRows.value_or(-1), 100.0);
    QVERIFY(!p.root().extra.contains(QStringLiteral("Text Lines")));
}

// --- 2. MEMORY (17) ---

void TestPgFidelity::planningMemoryIsNamed_data()
{
    QTest::addColumn<QString>("file");
    addFormats("pg17-serialize-memory", {"plan", "json", "yaml", "xml"});
}

void TestPgFidelity::planningMemoryIsNamed()
{
    QFETCH(QString, file);
    LOAD(p, file);
    QCOMPARE(p.planningMemoryUsedKb.value_or(-1), 6.0);
    QCOMPARE(p.planningMemoryAllocatedKb.value_or(-1), 8.0);
    QCOMPARE(p.planningBuffers.sharedHit, 6);
    QVERIFY(!p.extra.contains(QStringLiteral("Planning")));   // nothing left over in extra

    // Shown with the planning time: the plan's summary line and the plan section of the details.
    const QString summary = NodeFormat::planSummary(p);
    QVERIFY2(summary.contains(QStringLiteral("planning 0.065 ms · planner memory 6 kB")), qPrintable(summary));
    NodeDetails details;
    details.setPlan(p);
    QCOMPARE(details.valueOf(QStringLiteral("Planner memory used")), QStringLiteral("6 kB"));
    QCOMPARE(details.valueOf(QStringLiteral("Planner memory allocated")), QStringLiteral("8 kB"));
    QCOMPARE(details.valueOf(QStringLiteral("Output format")), QStringLiteral("text"));   // the Serialization section
    PlanTextModel text;
    text.setPlan(p, PlanColorScale(p, PlanMetric::ExclusiveTime));
    const QString all = text.text();
    QVERIFY2(all.contains(QStringLiteral("Planning Memory: used=6kB  allocated=8kB\nPlanning Time: 0.065 ms")),
             qPrintable(all));
    QVERIFY2(all.contains(QStringLiteral("Serialization: time=4.690 ms  output=31251kB  format=text")), qPrintable(all));
}

// --- 3. I/O Timings by kind ---

void TestPgFidelity::ioTimingsSplitByKind_data()
{
    QTest::addColumn<QString>("file");
    addFormats("pg18-node-fields", {"plan", "json", "yaml", "xml"});
}

void TestPgFidelity::ioTimingsSplitByKind()
{
    QFETCH(QString, file);
    LOAD(p, file);
    const PlanNode &n = p.root();
    QCOMPARE(n.io.sharedReadMs.value_or(-1), 0.12);
    QCOMPARE(n.io.localReadMs.value_or(-1), 0.01);
    QCOMPARE(n.io.localWriteMs.value_or(-1), 0.02);
    QCOMPARE(n.io.tempReadMs.value_or(-1), 0.3);
    QCOMPARE(n.io.tempWriteMs.value_or(-1), 0.4);
    QVERIFY(!n.io.sharedLocalReadMs);
    // The total, for metrics and older readers.
    QVERIFY(n.ioReadMs.has_value());
    QVERIFY(qFuzzyCompare(*n.ioReadMs, 0.43));
    QVERIFY(qFuzzyCompare(n.ioWriteMs.value_or(-1), 0.42));
    QVERIFY(!n.extra.contains(QStringLiteral("Temp I/O Read Time")));
    QCOMPARE(n.buffers.localWritten, 1);
    QCOMPARE(n.buffers.tempWritten, 3);

    // Shown per kind.
    NodeDetails details;
    details.setPlan(p);
    details.showNode(0);
    QCOMPARE(details.valueOf(QStringLiteral("I/O read time (temp)")), QStringLiteral("0.300 ms"));
    QCOMPARE(details.valueOf(QStringLiteral("I/O write time (local)")), QStringLiteral("0.020 ms"));
    QCOMPARE(details.valueOf(QStringLiteral("I/O read time")), QStringLiteral("0.430 ms"));
    QVERIFY(NodeFormat::psqlDetailLines(p, n).contains(
        QStringLiteral("I/O Timings: shared read=0.120, local read=0.010 write=0.020, temp read=0.300 write=0.400")));
}

void TestPgFidelity::ioTimingsOfOlderVersions_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<double>("sharedLocalRead");
    QTest::addColumn<double>("sharedLocalWrite");   // -1: absent
    QTest::addColumn<double>("tempRead");           // -1: absent
    QTest::addColumn<double>("totalRead");
    QTest::addColumn<QString>("psqlLine");
    const QString pg16 = QStringLiteral("I/O Timings: shared/local read=0.700 write=0.100, temp read=0.250 write=0.300");
    QTest::newRow("io-timings-pg16.plan") << fixture(QStringLiteral("io-timings-pg16.plan")) << 0.7 << 0.1 << 0.25
                                          << 0.95 << pg16;
    QTest::newRow("io-timings-pg16.json") << fixture(QStringLiteral("io-timings-pg16.json")) << 0.7 << 0.1 << 0.25
                                          << 0.95 << pg16;
    QTest::newRow("io-timings-pg14.plan") << fixture(QStringLiteral("io-timings-pg14.plan")) << 0.7 << 0.05 << -1.0
                                          << 0.7 << QStringLiteral("I/O Timings: read=0.700 write=0.050");
}

void TestPgFidelity::ioTimingsOfOlderVersions()
{
    QFETCH(QString, file);
    QFETCH(double, sharedLocalRead);
    QFETCH(double, sharedLocalWrite);
    QFETCH(double, tempRead);
    QFETCH(double, totalRead);
    QFETCH(QString, psqlLine);
    LOAD(p, file);
    const PlanNode &n = p.root();
    QCOMPARE(n.io.sharedLocalReadMs.value_or(-1), sharedLocalRead);
    QCOMPARE(n.io.sharedLocalWriteMs.value_or(-1), sharedLocalWrite);
    QCOMPARE(n.io.tempReadMs.value_or(-1), tempRead);
    QVERIFY(!n.io.sharedReadMs && !n.io.localReadMs);
    QVERIFY(qFuzzyCompare(n.ioReadMs.value_or(-1), totalRead));
    QVERIFY2(NodeFormat::psqlDetailLines(p, n).contains(psqlLine),
             qPrintable(NodeFormat::psqlDetailLines(p, n).join(u'\n')));
    QVERIFY(p.serverVersionHint.isEmpty());   // nothing here is newer than 16
}

// --- 4. WAL buffers full (18) ---

void TestPgFidelity::walBuffersFull_data()
{
    QTest::addColumn<QString>("file");
    addFormats("pg18-node-fields", {"plan", "json", "yaml", "xml"});
}

void TestPgFidelity::walBuffersFull()
{
    QFETCH(QString, file);
    LOAD(p, file);
    const PlanNode &n = p.root();
    QCOMPARE(n.detail().walRecords.value_or(-1), 3.0);
    QCOMPARE(n.detail().walFpi.value_or(-1), 1.0);
    QCOMPARE(n.detail().walBytes.value_or(-1), 512.0);
    QCOMPARE(n.detail().walBuffersFull.value_or(-1), 2.0);
    QVERIFY(!n.extra.contains(QStringLiteral("WAL full")));
    QVERIFY(!n.extra.contains(QStringLiteral("WAL Buffers Full")));
    QVERIFY(NodeFormat::psqlDetailLines(p, n).contains(QStringLiteral("WAL: records=3 fpi=1 bytes=512 buffers full=2")));
}

// --- 5. JIT deform (17) ---

void TestPgFidelity::jitDeform_data()
{
    QTest::addColumn<QString>("file");
    addFormats("pg17-serialize-memory", {"plan", "json", "yaml", "xml"});
}

void TestPgFidelity::jitDeform()
{
    QFETCH(QString, file);
    LOAD(p, file);
    QVERIFY(p.jit.present);
    QCOMPARE(p.jit.generationMs.value_or(-1), 0.34);
    QCOMPARE(p.jit.deformMs.value_or(-1), 0.1);
    QCOMPARE(p.jit.optimizationMs.value_or(-1), 0.2);
    QCOMPARE(p.jit.totalMs.value_or(-1), 2.04);
    QVERIFY(!p.jit.extra.contains(QStringLiteral("Generation")));
    QVERIFY(!p.jit.extra.contains(QStringLiteral("Text Lines")));
}

// --- 6. Fractional rows (18) ---

void TestPgFidelity::fractionalRowsKept_data()
{
    QTest::addColumn<QString>("file");
    addFormats("pg18-node-fields", {"plan", "json", "yaml", "xml"});
}

void TestPgFidelity::fractionalRowsKept()
{
    QFETCH(QString, file);
    LOAD(p, file);
    const PlanNode *ix = nodeOfType(p, QStringLiteral("Index Scan"));
    QVERIFY(ix);
    QCOMPARE(ix->actualRows.value_or(-1), 0.25);
    QCOMPARE(ix->actualLoops.value_or(-1), 4.0);
    QCOMPARE(ix->totalActualRows(), 1.0);   // rows × loops uses the fraction: 0.25 × 4, not 0 × 4
    // The estimate compares all loops' rows with the per-loop estimate × loops: 1 row against 4 estimated.
    QVERIFY(ix->estimateFactor.has_value());
    QCOMPARE(p.root().actualRows.value_or(-1), 1.0);
    const QJsonObject json = planToAnalyzeJson(p);
    QCOMPARE(json.value(u"nodes").toArray().at(ix->id).toObject().value(u"actual_rows").toDouble(), 0.25);
}

void TestPgFidelity::fractionalRowsShown()
{
    LOAD(p, fixture(QStringLiteral("pg18-node-fields.plan")));
    const PlanNode *ix = nodeOfType(p, QStringLiteral("Index Scan"));
    QVERIFY(ix);
    const QString line = NodeFormat::psqlNodeLine(p, *ix);
    QVERIFY2(line.contains(QStringLiteral("rows=0.25 loops=4")), qPrintable(line));
    // Whole rows print as before, without decimals.
    QVERIFY2(NodeFormat::psqlNodeLine(p, p.root()).contains(QStringLiteral("rows=1 loops=1")),
             qPrintable(NodeFormat::psqlNodeLine(p, p.root())));
    const QString tip = NodeFormat::toolTipHtml(p, *ix);
    QVERIFY2(tip.contains(QStringLiteral("0.25 per loop")), qPrintable(tip));
    NodeDetails details;
    details.setPlan(p);
    details.showNode(ix->id);
    QCOMPARE(details.valueOf(QStringLiteral("Actual rows")), QStringLiteral("0.25"));
    QCOMPARE(details.valueOf(QStringLiteral("Rows (all loops)")), QStringLiteral("1"));

    // A single loop with half a row on average: the card and the text view keep the fraction.
    Plan half = p;
    PlanNode &h = half.nodes[ix->id];
    h.actualLoops = 1;
    h.actualRows = 0.5;
    deriveMetrics(half);
    const QString figures = NodeFormat::figuresLine(half, half.nodes[ix->id]);
    QVERIFY2(figures.contains(QStringLiteral("0.5 rows")), qPrintable(figures));
    PlanTextModel text;
    text.setPlan(half, PlanColorScale(half, PlanMetric::ExclusiveTime));
    QVERIFY2(text.text().contains(QStringLiteral("rows=0.50 loops=1")), qPrintable(text.text()));
}

void TestPgFidelity::realPg18FractionalRows()
{
    LOAD(p, external(QStringLiteral("pg18_fractional_rows.txt")));
    QCOMPARE(p.nodes.size(), 4);
    const PlanNode *limit = nodeOfType(p, QStringLiteral("Limit"));
    const PlanNode *seq = nodeOfType(p, QStringLiteral("Seq Scan"));
    QVERIFY(limit && seq);
    QCOMPARE(limit->actualRows.value_or(-1), 0.25);
    QCOMPARE(limit->totalActualRows(), 1.0);
    QCOMPARE(seq->actualRows.value_or(-1), 0.25);
    QCOMPARE(seq->rowsRemovedByFilter.value_or(-1), 6.0);
    QCOMPARE(p.root().actualRows.value_or(-1), 1.0);
    QCOMPARE(p.serverVersionHint, QStringLiteral("≥ 18"));
}

// --- 7. Index Searches, Disabled, Storage (18) ---

void TestPgFidelity::pg18NodeFields_data()
{
    QTest::addColumn<QString>("file");
    addFormats("pg18-node-fields", {"plan", "json", "yaml", "xml"});
}

void TestPgFidelity::pg18NodeFields()
{
    QFETCH(QString, file);
    LOAD(p, file);
    const PlanNode *seq = nodeOfType(p, QStringLiteral("Seq Scan"));
    const PlanNode *mat = nodeOfType(p, QStringLiteral("Materialize"));
    const PlanNode *ix = nodeOfType(p, QStringLiteral("Index Scan"));
    QVERIFY(seq && mat && ix);
    QCOMPARE(seq->detail().disabled.value_or(false), true);
    QCOMPARE(mat->detail().disabled.value_or(false), false);
    QCOMPARE(ix->detail().indexSearches.value_or(-1), 4.0);
    QVERIFY(!seq->detail().indexSearches);
    QCOMPARE(mat->detail().storageType, QStringLiteral("Memory"));
    QCOMPARE(mat->detail().maxStorageKb.value_or(-1), 17.0);
    for (const PlanNode &n : p.nodes) {
        for (const char *key : {"Disabled", "Index Searches", "Storage", "Maximum Storage", "Text Lines"})
            QVERIFY2(!n.extra.contains(QLatin1String(key)), key);
    }
}

void TestPgFidelity::pg18NodeFieldsShown()
{
    LOAD(p, fixture(QStringLiteral("pg18-node-fields.plan")));
    const PlanNode *seq = nodeOfType(p, QStringLiteral("Seq Scan"));
    const PlanNode *mat = nodeOfType(p, QStringLiteral("Materialize"));
    const PlanNode *ix = nodeOfType(p, QStringLiteral("Index Scan"));
    QVERIFY(seq && mat && ix);
    NodeDetails details;
    details.setPlan(p);
    details.showNode(seq->id);
    QCOMPARE(details.valueOf(QStringLiteral("Disabled")), QStringLiteral("yes"));
    details.showNode(mat->id);
    QCOMPARE(details.valueOf(QStringLiteral("Storage")), QStringLiteral("Memory"));
    QCOMPARE(details.valueOf(QStringLiteral("Maximum storage")), QStringLiteral("17 kB"));
    QCOMPARE(details.valueOf(QStringLiteral("Disabled")), QString());
    details.showNode(ix->id);
    QCOMPARE(details.valueOf(QStringLiteral("Index searches")), QStringLiteral("4"));
    QVERIFY(NodeFormat::psqlDetailLines(p, *seq).contains(QStringLiteral("Disabled: true")));
    QVERIFY(NodeFormat::psqlDetailLines(p, *ix).contains(QStringLiteral("Index Searches: 4")));
    QVERIFY(NodeFormat::psqlDetailLines(p, *mat).contains(QStringLiteral("Storage: Memory  Maximum Storage: 17kB")));
    QVERIFY(NodeFormat::toolTipHtml(p, *seq).contains(QStringLiteral("Disabled")));
    QVERIFY(!NodeFormat::toolTipHtml(p, *mat).contains(QStringLiteral("Disabled")));
}

void TestPgFidelity::disabledNodeIsTaggedOnTheCard()
{
    // The same plan drawn with and without "Disabled": only the disabled card's top edge changes.
    LOAD(p, fixture(QStringLiteral("pg18-node-fields.plan")));
    const PlanNode *seq = nodeOfType(p, QStringLiteral("Seq Scan"));
    QVERIFY(seq);
    Plan plain = p;
    plain.nodes[seq->id].editDetail().disabled.reset();
    auto draw = [](const Plan &plan, QRect *seqBand, QRect *rootBand, int seqId) {
        PlanGraphScene scene;
        scene.setGraph(plan, preparePlanGraph(plan, {}));
        PlanExportOptions o;
        o.legend = false;
        const QTransform t = planExportTransform(scene, o);
        auto band = [&](int id) {
            const QRectF r = scene.cardRect(id);
            return t.mapRect(QRectF(r.left(), r.top() - 10, r.width(), 20)).toAlignedRect();
        };
        *seqBand = band(seqId);
        *rootBand = band(0);
        return renderPlanGraph(scene, o);
    };
    QRect seqBand, rootBand, seqBand2, rootBand2;
    const QImage tagged = draw(p, &seqBand, &rootBand, seq->id);
    const QImage untagged = draw(plain, &seqBand2, &rootBand2, seq->id);
    QCOMPARE(tagged.size(), untagged.size());
    QCOMPARE(seqBand, seqBand2);
    QVERIFY(tagged.save(QStringLiteral(PLANLENS_BUILD_DIR "/pgfidelity-disabled-card.png")));
    auto differing = [&](const QRect &r) {
        int n = 0;
        for (int y = std::max(0, r.top()); y <= std::min(r.bottom(), tagged.height() - 1); ++y)
            for (int x = std::max(0, r.left()); x <= std::min(r.right(), tagged.width() - 1); ++x)
                n += tagged.pixel(x, y) != untagged.pixel(x, y);
        return n;
    };
    QVERIFY2(differing(seqBand) > 20, "no tag drawn on the disabled card");
    QCOMPARE(differing(rootBand), 0);
}

// --- 8. Server version ---

void TestPgFidelity::serverVersionHint_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("hint");
    for (const char *ext : {"plan", "json", "yaml", "xml"}) {
        const QString a = QStringLiteral("pg17-serialize-memory.") + QLatin1String(ext);
        QTest::newRow(qPrintable(a)) << fixture(a) << QStringLiteral("≥ 17");
        const QString b = QStringLiteral("pg18-node-fields.") + QLatin1String(ext);
        QTest::newRow(qPrintable(b)) << fixture(b) << QStringLiteral("≥ 18");
    }
    QTest::newRow("io-timings-pg16.plan") << fixture(QStringLiteral("io-timings-pg16.plan")) << QString();
    // PostgreSQL 18's own output: "rows=100.00" in TEXT, "Disabled": false in JSON.
    QTest::newRow("real pg18 text") << external(QStringLiteral("pg18_serialize_memory.txt")) << QStringLiteral("≥ 18");
    QTest::newRow("real pg18 json") << external(QStringLiteral("pg18_serialize_memory.json")) << QStringLiteral("≥ 18");
}

void TestPgFidelity::serverVersionHint()
{
    QFETCH(QString, file);
    QFETCH(QString, hint);
    LOAD(p, file);
    QCOMPARE(p.serverVersionHint, hint);
    QCOMPARE(p.serverVersion, 0);
    const QString summary = NodeFormat::planSummary(p);
    QCOMPARE(summary.contains(QStringLiteral("PostgreSQL ") + hint), !hint.isEmpty());
    const QJsonValue v = planToAnalyzeJson(p).value(u"server_version");
    QCOMPARE(v.isNull(), hint.isEmpty());
    if (!hint.isEmpty())
        QCOMPARE(v.toString(), hint);
}

void TestPgFidelity::serverVersionFromConnection()
{
    LOAD(p, fixture(QStringLiteral("pg17-serialize-memory.json")));
    Plan q = p;
    setServerVersion(q, 180001);
    QCOMPARE(q.serverVersion, 180001);
    QCOMPARE(q.serverVersionHint, QStringLiteral("PostgreSQL 18.1"));
    QVERIFY(NodeFormat::planSummary(q).endsWith(QStringLiteral("PostgreSQL 18.1")));
    NodeDetails details;
    details.setPlan(q);
    QCOMPARE(details.valueOf(QStringLiteral("Server version")), QStringLiteral("PostgreSQL 18.1"));
    QCOMPARE(planToAnalyzeJson(q).value(u"server_version_num").toInt(), 180001);
    setServerVersion(q, 90624);
    QCOMPARE(q.serverVersionHint, QStringLiteral("PostgreSQL 9.6.24"));
    // Unknown (0) leaves what the plan proved.
    Plan r = p;
    setServerVersion(r, 0);
    QCOMPARE(r.serverVersionHint, QStringLiteral("≥ 17"));
}

void TestPgFidelity::analyzeJsonExtended()
{
    LOAD(p, fixture(QStringLiteral("pg18-node-fields.json")));
    const QJsonObject o = planToAnalyzeJson(p);
    // Keys documented before issue 16 stay.
    for (const char *k : {"format", "node_count", "planning_ms", "execution_ms", "total_ms", "root_type", "has_analyze",
                          "has_timing", "has_buffers", "has_costs", "triggers", "jit", "nodes"})
        QVERIFY2(o.contains(QLatin1String(k)), k);
    for (const char *k : {"planning_memory", "serialization", "server_version", "server_version_num"})
        QVERIFY2(o.contains(QLatin1String(k)), k);
    const QJsonArray nodes = o.value(u"nodes").toArray();
    const QJsonObject root = nodes.at(0).toObject();
    QCOMPARE(root.value(u"io_timings").toObject().value(u"temp_write_ms").toDouble(), 0.4);
    QVERIFY(qFuzzyCompare(root.value(u"io_read_ms").toDouble(), 0.43));
    QCOMPARE(root.value(u"wal").toObject().value(u"buffers_full").toDouble(), 2.0);
    const PlanNode *seq = nodeOfType(p, QStringLiteral("Seq Scan"));
    const PlanNode *mat = nodeOfType(p, QStringLiteral("Materialize"));
    const PlanNode *ix = nodeOfType(p, QStringLiteral("Index Scan"));
    QVERIFY(seq && mat && ix);
    QCOMPARE(nodes.at(seq->id).toObject().value(u"disabled").toBool(), true);
    QCOMPARE(nodes.at(mat->id).toObject().value(u"disabled").toBool(true), false);
    QCOMPARE(nodes.at(ix->id).toObject().value(u"index_searches").toDouble(), 4.0);
    QCOMPARE(nodes.at(mat->id).toObject().value(u"storage").toObject().value(u"max_kb").toDouble(), 17.0);
    for (const char *k : {"id", "parent", "type", "actual_rows", "loops", "buffers", "exclusive_buffers"})
        QVERIFY2(root.contains(QLatin1String(k)), k);

    LOAD(q, fixture(QStringLiteral("pg17-serialize-memory.plan")));
    const QJsonObject s = planToAnalyzeJson(q).value(u"serialization").toObject();
    QCOMPARE(s.value(u"output_kb").toDouble(), 31251.0);
    QCOMPARE(s.value(u"buffers").toObject().value(u"shared_hit").toInt(), 200);
    QCOMPARE(planToAnalyzeJson(q).value(u"planning_memory").toObject().value(u"used_kb").toDouble(), 6.0);
    QCOMPARE(planToAnalyzeJson(q).value(u"jit").toObject().value(u"deform_ms").toDouble(), 0.1);
}

QTEST_MAIN(TestPgFidelity)
#include "tst_pgfidelity.moc"
