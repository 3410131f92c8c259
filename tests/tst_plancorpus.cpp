// SPDX-License-Identifier: MIT
// The captured corpus: tests/data/plans/<case>.json and <case>.txt, EXPLAIN (ANALYZE, BUFFERS, VERBOSE) of the
// same statement on the same data in both formats, from a real PostgreSQL. Both must parse, and TEXT must
// give the JSON's Plan on every field TEXT carries (PlanCompare, Runs::Separate: PostgreSQL prints one format
// per execution, so times, buffers and the workers' split of rows are compared by presence only).
#include "plan/planparser.h"
#include "plancompare.h"

#include <QDir>
#include <QFile>
#include <QTest>

using namespace PlanLens;

class TestPlanCorpus : public QObject
{
    Q_OBJECT
private slots:
    void hasEnoughPairs();
    void textEqualsJson_data();
    void textEqualsJson();
    void framedCopiesReadAlike_data();
    void framedCopiesReadAlike();

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
    QVERIFY2(p.size() >= 40, qPrintable(QStringLiteral("only %1 JSON/TEXT pairs in %2").arg(p.size()).arg(dir().path())));
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
    QVERIFY2(!isError(json), isError(json) ? qPrintable(std::get<ParseError>(json).toString()) : "");
    QVERIFY2(!isError(text), isError(text) ? qPrintable(std::get<ParseError>(text).toString()) : "");
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
    for (const QString &f : d.entryList(QDir::Files, QDir::Name)) {
        const QString base = f.section(u'.', 0, 0);
        const QString ext = f.section(u'.', -1);
        const QString bare = dir().filePath(base + u'.' + ext);
        if (QFile::exists(bare))
            QTest::newRow(qPrintable(f)) << d.filePath(f) << bare;
    }
}

void TestPlanCorpus::framedCopiesReadAlike()
{
    QFETCH(QString, framed);
    QFETCH(QString, bare);
    const Result<Plan> a = load(framed, PlanFormat::Unknown);
    const Result<Plan> b = load(bare, PlanFormat::Unknown);
    QVERIFY2(!isError(a), isError(a) ? qPrintable(std::get<ParseError>(a).toString()) : "");
    QVERIFY(!isError(b));
    const QStringList diff = PlanCompare::compare(std::get<Plan>(a), std::get<Plan>(b), PlanCompare::Runs::Separate);
    QVERIFY2(diff.isEmpty(), qPrintable(diff.join(u'\n')));
}

QTEST_GUILESS_MAIN(TestPlanCorpus)
#include "tst_plancorpus.moc"
