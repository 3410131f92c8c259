// SPDX-License-Identifier: MIT
// Inputs the fuzzers of tests/fuzz/ found (and hand-made nasty ones) must keep giving a plan or a readable error:
// every file in tests/data/fuzz/ goes through the front door (parsePlanUtf8, parsePlan) and parseSqlScript.
// A few inputs too large to keep in the repository (5,000 levels of "->", a 1 MB line) are generated here.
// Naming: <target>-<short-name>.bin for crashers of fuzz_<target>, handmade-<name>.bin for the hand-made ones.
#include "plan/planparser.h"
#include "sql/sqlscript.h"
#include "testdata.h"

#include <QDir>
#include <QFile>
#include <QTest>

using namespace PlanLens;

class TestFuzzRegressions : public QObject
{
    Q_OBJECT
private slots:
    void neverCrashes_data();
    void neverCrashes();
    void namesParamsAfterTheLargestInt();
};

namespace {

QByteArray deepTextPlan(int levels)
{
    const QByteArray figures = "  (cost=0.00..1.00 rows=1 width=4) (actual time=0.010..0.020 rows=1 loops=1)\n";
    QByteArray out = "Limit" + figures;
    for (int i = 1; i < levels; ++i)
        out += QByteArray(i + 1, ' ') + "->  Nested Loop" + figures;
    return out;
}

} // namespace

void TestFuzzRegressions::neverCrashes_data()
{
    QTest::addColumn<QByteArray>("input");
    const QDir dir(QStringLiteral(PLANLENS_TEST_DATA "/fuzz"));
    const QStringList files = dir.entryList(QDir::Files, QDir::Name);
    QVERIFY2(!files.isEmpty(), "tests/data/fuzz/ holds no inputs");
    for (const QString &name : files) {
        QFile f(dir.filePath(name));
        QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable(f.fileName()));
        QTest::newRow(qPrintable(name)) << f.readAll();
    }
    QTest::newRow("generated: TEXT plan, 5,000 levels of ->") << deepTextPlan(5000);
    QTest::newRow("generated: JSON plan, 1 MB single line")
        << "[{\"Plan\": {\"Node Type\": \"Seq Scan\", \"Filter\": \"" + QByteArray(1 << 20, 'x') + "\"}}]";
    QTest::newRow("generated: TEXT plan, 1 MB single line")
        << "Seq Scan on t  (cost=0.00..1.00 rows=1 width=4)  Filter: (" + QByteArray(1 << 20, 'x');
    QTest::newRow("generated: 1 MB of '(' in one line") << QByteArray(1 << 20, '(');
    QTest::newRow("generated: JSON, 100,000 levels of [") << QByteArray(100000, '[') + QByteArray(100000, ']');
}

void TestFuzzRegressions::neverCrashes()
{
    QFETCH(QByteArray, input);

    // A plan with nodes, or an error with a sentence. Never a crash, hang or empty plan.
    const auto expectPlanOrError = [](const Result<Plan> &r, const char *what) {
        if (isError(r)) {
            const ParseError &e = std::get<ParseError>(r);
            QVERIFY2(!e.message.trimmed().isEmpty(), what);
            QVERIFY2(e.line >= 0 && e.column >= 0, what);
        } else {
            const Plan &plan = std::get<Plan>(r);
            QVERIFY2(!plan.isEmpty(), what);
            // Counts come from doubles: out of range they must be refused, not converted (undefined behaviour
            // that showed as garbage such as INT64_MIN; fuzz_text's first crasher).
            const auto sane = [](const Buffers &b) {
                for (qint64 c : {b.sharedHit, b.sharedRead, b.sharedDirtied, b.sharedWritten, b.localHit,
                                 b.localRead, b.localDirtied, b.localWritten, b.tempRead, b.tempWritten})
                    if (c < -qint64(1e15) || c > qint64(1e15))
                        return false;
                return true;
            };
            QVERIFY2(sane(plan.planningBuffers), what);
            for (const PlanNode &n : plan.nodes) {
                QVERIFY2(sane(n.buffers), what);
                for (const WorkerStats &w : n.detail().workers)
                    QVERIFY2(sane(w.buffers), what);
                for (const std::optional<int> &i : {n.workersPlanned, n.workersLaunched, n.detail().subplansRemoved})
                    QVERIFY2(!i || (*i >= -1000000000 && *i <= 1000000000), what);
            }
            (void)planToAnalyzeJson(plan);
        }
    };
    expectPlanOrError(parsePlanUtf8(input), "parsePlanUtf8");
    if (QTest::currentTestFailed())
        return;
    expectPlanOrError(parsePlan(QString::fromUtf8(input)), "parsePlan");
    if (QTest::currentTestFailed())
        return;

    const Result<SqlScript> sql = parseSqlScript(QString::fromUtf8(input));
    if (isError(sql))
        QVERIFY2(!std::get<ParseError>(sql).message.trimmed().isEmpty(), "parseSqlScript");
}

// Named parameters are numbered after the highest positional one: $2147483647 made that number overflow.
void TestFuzzRegressions::namesParamsAfterTheLargestInt()
{
    const Result<SqlScript> r = parseSqlScript(QStringLiteral("SELECT $2147483647, $ids"));
    QVERIFY2(!isError(r), qPrintable(Test::errorText(r)));
    const SqlScript &s = std::get<SqlScript>(r);
    QCOMPARE(s.namedParams, QStringList{QStringLiteral("ids")});
    QCOMPARE(s.statements.size(), 1);
    bool named = false;
    for (const ParamUse &p : s.statements.first().params) {
        QVERIFY(p.number > 0);
        named = named || p.name == u"ids";
    }
    QVERIFY(named);
}

QTEST_GUILESS_MAIN(TestFuzzRegressions)
#include "tst_fuzzregressions.moc"
