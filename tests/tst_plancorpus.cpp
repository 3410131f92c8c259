// SPDX-License-Identifier: MIT
// The captured corpus: tests/data/plans/<case>.json and <case>.txt, EXPLAIN (ANALYZE, BUFFERS, VERBOSE) of the
// same statement on the same data in both formats, from a real PostgreSQL. Both must parse, and TEXT must
// give the JSON's Plan on every field TEXT carries (PlanCompare, Runs::Separate: PostgreSQL prints one format
// per execution, so times, buffers and the workers' split of rows are compared by presence only).
#include "plan/planparser.h"
#include "plancompare.h"
#include "testdata.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTest>

using namespace PlanLens;

namespace {
// The corpus as captured: exact, so that a lost or unpaired file fails instead of shrinking the suite.
constexpr int kPlanPairs = 98;          // data/plans/<case>.json + <case>.txt
constexpr int kFramedCopies = 8;        // data/plans-framed/<case>.<style>.(json|txt), each with its bare file
constexpr int kSameExecutionPairs = 4;  // data/same-execution/<case>.json + <case>.txt
} // namespace

class TestPlanCorpus : public QObject
{
    Q_OBJECT
private slots:
    void hasEnoughPairs();
    void textEqualsJson_data();
    void textEqualsJson();
    void framedCopiesReadAlike_data();
    void framedCopiesReadAlike();
    void textEqualsJsonOfSameExecution_data();
    void textEqualsJsonOfSameExecution();

private:
    static QDir dir() { return QDir(QStringLiteral(PLANLENS_TEST_DATA "/plans")); }
    static QStringList pairs()
    {
        QStringList out;
        const QDir d = dir();
        for (const QString &f : d.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name)) {
            const QString base = f.chopped(5);
            if (d.exists(base + QStringLiteral(".txt")))
                out << base;
        }
        return out;
    }
    static Result<Plan> load(const QString &path, PlanFormat format)
    {
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly))
            return ParseError{0, 0, QStringLiteral("cannot read ") + path};
        return parsePlan(QString::fromUtf8(f.readAll()), format);
    }
};

void TestPlanCorpus::hasEnoughPairs()
{
    const QStringList p = pairs();
    QCOMPARE(p.size(), kPlanPairs);
    // No half pair: every file of the folder belongs to one of them.
    const QStringList files = dir().entryList({QStringLiteral("*.json"), QStringLiteral("*.txt")}, QDir::Files);
    QCOMPARE(files.size(), 2 * kPlanPairs);
}

void TestPlanCorpus::textEqualsJson_data()
{
    QTest::addColumn<QString>("base");
    for (const QString &b : pairs())
        QTest::newRow(qPrintable(b)) << b;
}

void TestPlanCorpus::textEqualsJson()
{
    QFETCH(QString, base);
    const Result<Plan> json = load(dir().filePath(base + QStringLiteral(".json")), PlanFormat::Unknown);
    const Result<Plan> text = load(dir().filePath(base + QStringLiteral(".txt")), PlanFormat::Unknown);
    QVERIFY2(!isError(json), qPrintable(Test::errorText(json)));
    QVERIFY2(!isError(text), qPrintable(Test::errorText(text)));
    QCOMPARE(std::get<Plan>(json).sourceFormat, PlanFormat::Json);
    QCOMPARE(std::get<Plan>(text).sourceFormat, PlanFormat::Text);
    const QStringList diff = PlanCompare::compare(std::get<Plan>(text), std::get<Plan>(json), PlanCompare::Runs::Separate);
    QVERIFY2(diff.isEmpty(), qPrintable(QStringLiteral("%1 field(s) differ:\n").arg(diff.size()) + diff.join(u'\n')));
}

// tests/data/plans-framed/<case>.<style>.(json|txt): the same statement as psql printed it in a frame (captured
// in another run); it must read like the bare file, run-dependent figures compared by presence.
void TestPlanCorpus::framedCopiesReadAlike_data()
{
    QTest::addColumn<QString>("framed");
    QTest::addColumn<QString>("bare");
    const QDir d(QStringLiteral(PLANLENS_TEST_DATA "/plans-framed"));
    const QStringList files = d.entryList(QDir::Files, QDir::Name);
    QCOMPARE(files.size(), kFramedCopies);
    for (const QString &f : files) {
        const QString base = f.section(u'.', 0, 0);
        const QString ext = f.section(u'.', -1);
        const QString bare = dir().filePath(base + u'.' + ext);
        QVERIFY2(QFile::exists(bare), qPrintable(QStringLiteral("%1 has no bare copy %2").arg(f, bare)));
        QTest::newRow(qPrintable(f)) << d.filePath(f) << bare;
    }
}

void TestPlanCorpus::framedCopiesReadAlike()
{
    QFETCH(QString, framed);
    QFETCH(QString, bare);
    const Result<Plan> a = load(framed, PlanFormat::Unknown);
    const Result<Plan> b = load(bare, PlanFormat::Unknown);
    QVERIFY2(!isError(a), qPrintable(Test::errorText(a)));
    QVERIFY(!isError(b));
    const QStringList diff = PlanCompare::compare(std::get<Plan>(a), std::get<Plan>(b), PlanCompare::Runs::Separate);
    QVERIFY2(diff.isEmpty(), qPrintable(diff.join(u'\n')));
}

// Issue 4.2: tests/data/same-execution/<case>.txt is the TEXT PostgreSQL prints for the execution whose JSON is
// <case>.json (see the README there): every field TEXT carries must be equal, figures included (Runs::Same).
void TestPlanCorpus::textEqualsJsonOfSameExecution_data()
{
    QTest::addColumn<QString>("base");
    const QDir d(QStringLiteral(PLANLENS_TEST_DATA "/same-execution"));
    int rows = 0;
    for (const QString &f : d.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name)) {
        const QString base = f.chopped(5);
        if (d.exists(base + QStringLiteral(".txt"))) {
            QTest::newRow(qPrintable(base)) << d.filePath(base);
            ++rows;
        }
    }
    QCOMPARE(rows, kSameExecutionPairs);
}

void TestPlanCorpus::textEqualsJsonOfSameExecution()
{
    QFETCH(QString, base);
    const Result<Plan> json = load(base + QStringLiteral(".json"), PlanFormat::Unknown);
    const Result<Plan> text = load(base + QStringLiteral(".txt"), PlanFormat::Unknown);
    QVERIFY2(!isError(json), qPrintable(Test::errorText(json)));
    QVERIFY2(!isError(text), qPrintable(Test::errorText(text)));
    const Plan &j = std::get<Plan>(json);
    const Plan &t = std::get<Plan>(text);
    QCOMPARE(j.sourceFormat, PlanFormat::Json);
    QCOMPARE(t.sourceFormat, PlanFormat::Text);
    QVERIFY(t.hasAnalyze && t.executionMs.has_value());
    const QStringList diff = PlanCompare::compare(t, j, PlanCompare::Runs::Same);
    QVERIFY2(diff.isEmpty(), qPrintable(QStringLiteral("%1 field(s) differ:\n").arg(diff.size()) + diff.join(u'\n')));

    // The comparison sees figures: the TEXT of the other run (tests/data/plans) is not this execution.
    const QString other = dir().filePath(QFileInfo(base).fileName() + QStringLiteral(".txt"));
    if (QFile::exists(other)) {
        const Result<Plan> otherRun = load(other, PlanFormat::Unknown);
        QVERIFY(!isError(otherRun));
        QVERIFY(PlanCompare::compare(std::get<Plan>(otherRun), j, PlanCompare::Runs::Separate).isEmpty());
        QVERIFY2(!PlanCompare::compare(std::get<Plan>(otherRun), j, PlanCompare::Runs::Same).isEmpty(),
                 "a separate run's TEXT compared equal on every figure: Runs::Same does not compare figures");
    }
}

QTEST_GUILESS_MAIN(TestPlanCorpus)
#include "tst_plancorpus.moc"
