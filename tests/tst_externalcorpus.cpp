// SPDX-License-Identifier: MIT
// The plans other tools test with (../shared/external, read in place, never copied here): one row per line of
// expected.tsv. Each must parse with the facts the tsv gives (blank = not asserted); expect_error=yes must fail
// with a message that names where and what.
#include "plan/planparser.h"
#include "testdata.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSet>
#include <QTest>

using namespace PlanLens;

namespace {

const QString externalDir = QStringLiteral(PLANLENS_SHARED_DIR "/external");

// Where our reading deliberately differs from the tool the fact came from, with the reason. Such a file must
// then parse (and the test says so), instead of failing.
struct Deviation {
    const char *file;
    const char *why;
};
const Deviation deviations[] = {
    {"pev2__08-plan-without-cost__02-source.txt",
     "EXPLAIN (COSTS OFF) without ANALYZE is real PostgreSQL output (its regression tests are full of it); pev2 "
     "cannot read node lines without figures and its test expects a throw, PlanLens reads the 5 nodes"},
};

const char *deviationFor(const QString &file)
{
    for (const Deviation &d : deviations)
        if (file == QLatin1String(d.file))
            return d.why;
    return nullptr;
}

// The plans the corpus holds (../shared/external/README.md); expected.tsv has one data row for each.
constexpr int kCorpusPlans = 285;

struct ExpectedRow {
    QString file, format, nodeCount, topNodeType, executionMs;
    bool expectError = false;
};

// The data rows of expected.tsv (first line: the column names), as parses_data feeds them to parses.
QList<ExpectedRow> readExpected(QString *error)
{
    QList<ExpectedRow> out;
    QFile tsv(externalDir + QStringLiteral("/expected.tsv"));
    if (!tsv.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read %1").arg(tsv.fileName());
        return out;
    }
    const QList<QByteArray> lines = tsv.readAll().split('\n');
    QStringList header;
    for (const QByteArray &raw : lines) {
        if (raw.trimmed().isEmpty())
            continue;
        const QStringList cols = QString::fromUtf8(raw).split(u'\t');
        if (header.isEmpty()) {
            header = cols;
            continue;
        }
        auto col = [&](const char *name) { return cols.value(header.indexOf(QLatin1String(name))); };
        out << ExpectedRow{col("file"), col("format"), col("node_count"), col("top_node_type"),
                           col("execution_time_ms"), col("expect_error") == u"yes"};
    }
    return out;
}

} // namespace

class TestExternalCorpus : public QObject
{
    Q_OBJECT
private slots:
    void corpusIsThere();
    void everyRowIsRead();
    void parses_data();
    void parses();
};

void TestExternalCorpus::corpusIsThere()
{
    QFile tsv(externalDir + QStringLiteral("/expected.tsv"));
    QVERIFY2(tsv.exists(), qPrintable(QStringLiteral("missing %1 (set PLANLENS_SHARED_DIR)").arg(tsv.fileName())));
}

void TestExternalCorpus::everyRowIsRead()
{
    // Counted apart from the reader: every line of the tsv but the header and blank ones is a plan.
    QFile tsv(externalDir + QStringLiteral("/expected.tsv"));
    QVERIFY2(tsv.open(QIODevice::ReadOnly), qPrintable(tsv.fileName()));
    const QByteArray bytes = tsv.readAll();
    int dataLines = -1;   // the header
    for (const QByteArray &line : bytes.split('\n'))
        dataLines += line.trimmed().isEmpty() ? 0 : 1;
    QString error;
    const QList<ExpectedRow> rows = readExpected(&error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(rows.size(), dataLines);
    QCOMPARE(rows.size(), kCorpusPlans);

    // Each row names a plan file that exists, once; and the folder holds no plan the tsv leaves out.
    const QDir plans(externalDir + QStringLiteral("/plans"));
    QSet<QString> listed;
    for (const ExpectedRow &r : rows) {
        QVERIFY2(!r.file.isEmpty(), "a row without a file name");
        QVERIFY2(!listed.contains(r.file), qPrintable(QStringLiteral("listed twice: ") + r.file));
        listed.insert(r.file);
        QVERIFY2(QFileInfo(plans.filePath(r.file)).isFile(),
                 qPrintable(QStringLiteral("expected.tsv lists %1, which is not in %2").arg(r.file, plans.path())));
    }
    const QStringList files = plans.entryList(QDir::Files, QDir::Name);
    for (const QString &f : files)
        QVERIFY2(listed.contains(f), qPrintable(QStringLiteral("%1 is not in expected.tsv").arg(f)));
    QCOMPARE(files.size(), rows.size());
}

void TestExternalCorpus::parses_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("format");
    QTest::addColumn<QString>("nodeCount");
    QTest::addColumn<QString>("topNodeType");
    QTest::addColumn<QString>("executionMs");
    QTest::addColumn<bool>("expectError");
    QString error;
    const QList<ExpectedRow> rows = readExpected(&error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(rows.size(), kCorpusPlans);   // a row per plan, or the data-driven test quietly runs fewer
    for (const ExpectedRow &r : rows)
        QTest::newRow(qPrintable(r.file)) << r.file << r.format << r.nodeCount << r.topNodeType << r.executionMs
                                          << r.expectError;
}

void TestExternalCorpus::parses()
{
    QFETCH(QString, file);
    QFETCH(QString, format);
    QFETCH(QString, nodeCount);
    QFETCH(QString, topNodeType);
    QFETCH(QString, executionMs);
    QFETCH(bool, expectError);
    QFile f(externalDir + QStringLiteral("/plans/") + file);
    QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable(f.fileName()));
    const QString text = QString::fromUtf8(f.readAll());
    const Result<Plan> r = parsePlan(text);
    const char *deviation = deviationFor(file);

    if (expectError && !deviation) {
        QVERIFY2(isError(r), "parsed, but the source's own test expects an error");
        const ParseError e = std::get<ParseError>(r);
        QVERIFY(e.line > 0);
        QVERIFY2(e.message.contains(QStringLiteral("expected")), qPrintable(e.toString()));
        return;
    }
    QVERIFY2(!isError(r), qPrintable(Test::errorText(r)));
    const Plan &p = std::get<Plan>(r);
    QVERIFY(!p.nodes.isEmpty());
    if (deviation)
        qInfo("%s: %s", qPrintable(file), deviation);

    // The format column: json/xml/yaml, "-framed" when inside a psql frame, else text.
    const QString base = format.section(u'-', 0, 0);
    const PlanFormat expected = base == u"json" ? PlanFormat::Json
        : base == u"xml"                        ? PlanFormat::Xml
        : base == u"yaml"                       ? PlanFormat::Yaml
                                                : PlanFormat::Text;
    QCOMPARE(p.sourceFormat, expected);

    // node_count counts nodes reachable through sub_nodes, initplans, subplans and ctes (Pg::Explain) or every
    // object under Plan/Plans (JSON): our node list holds exactly those.
    if (!nodeCount.isEmpty())
        QCOMPARE(p.nodes.size(), nodeCount.toInt());
    // Facts from TEXT sources name the node as EXPLAIN TEXT prints it ("HashAggregate", "Merge" for MERGE);
    // pev2 also writes a nested loop join as "Nested Loop Join". Ours: JSON's "Node Type" plus textLabel().
    if (!topNodeType.isEmpty()) {
        const PlanNode &root = p.root();
        const QStringList names{root.nodeType, root.textLabel(), root.nodeType + QStringLiteral(" Join")};
        QVERIFY2(names.contains(topNodeType),
                 qPrintable(QStringLiteral("root is %1, expected %2").arg(names.join(u'/'), topNodeType)));
    }
    if (!executionMs.isEmpty()) {
        QVERIFY2(p.executionMs.has_value(), "no execution time read");
        QCOMPARE(*p.executionMs, executionMs.toDouble());
    }
}

QTEST_GUILESS_MAIN(TestExternalCorpus)
#include "tst_externalcorpus.moc"
