// SPDX-License-Identifier: MIT
// False alarms on plans nobody here wrote: every rule runs over the 285 plans of other tools' test suites
// (../shared/external, read in place, never copied here; plan only, they come without their SQL). The rule ids
// found per plan must equal the reviewed table data/expected-findings-external.tsv ("<file> TAB <sorted ids,
// comma-separated, or ->"; plans that do not parse are not listed). A new finding or a lost one fails; the table
// is rewritten from what the rules find only with PLANLENS_BLESS=1 (then review it with git diff). The counts per
// rule are printed (docs/rules.md keeps them). And on these plans and on our own corpus, a statement that ran in
// under a millisecond never gets a critical finding.
#include "detectfixtures.h"

#include <QFile>
#include <QHash>
#include <QMap>
#include <QTest>

using namespace PlanLens;
using namespace Test::DetectFixtures;

namespace {

const QString externalDir = QStringLiteral(PLANLENS_SHARED_DIR "/external");
const QString reviewPath = QStringLiteral(PLANLENS_TEST_DATA "/expected-findings-external.tsv");

// The plans the corpus holds (../shared/external/README.md), and how many of them PlanLens parses (the rest are
// the broken inputs the source tools expect an error for; tst_externalcorpus checks those errors).
constexpr int kCorpusPlans = 285;
constexpr int kParsedPlans = 284;

// File names of expected.tsv's data rows, in its order.
QStringList corpusFiles()
{
    QStringList out;
    const QString text = readText(externalDir + QStringLiteral("/expected.tsv"));
    const QStringList lines = text.split(u'\n', Qt::SkipEmptyParts);
    for (qsizetype i = 1; i < lines.size(); ++i)
        out << lines.at(i).section(u'\t', 0, 0);
    return out;
}

QString describe(const Finding &f)
{
    return QStringLiteral("%1 [%2 %3] node %4: %5")
        .arg(f.rule, findingLevelName(f.level), QString::number(f.severity, 'f', 2))
        .arg(f.nodeId)
        .arg(f.message);
}

} // namespace

class TestExternalFindings : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void findingsMatchReview_data();
    void findingsMatchReview();
    void reviewCoversTheParsedPlans();
    void noCriticalUnderOneMillisecond();
    void cleanupTestCase();

private:
    QHash<QString, QString> m_expected;       // file -> "id,id" or "-"
    QStringList m_actualLines;                // what the rules found, in corpus order
    QMap<QString, int> m_plansPerRule;
    int m_parsed = 0;
};

void TestExternalFindings::initTestCase()
{
    QVERIFY2(QFile::exists(externalDir + QStringLiteral("/expected.tsv")),
             qPrintable(QStringLiteral("the external corpus is missing: ") + externalDir));
    const QString text = readText(reviewPath);
    QVERIFY2(!text.isEmpty(), "tests/data/expected-findings-external.tsv is missing");
    for (const QString &line : text.split(u'\n')) {
        if (line.trimmed().isEmpty() || line.startsWith(u'#'))
            continue;
        const QStringList cols = line.split(u'\t');
        QVERIFY2(cols.size() == 2, qPrintable(QStringLiteral("bad line: ") + line));
        m_expected.insert(cols.at(0), cols.at(1).trimmed());
    }
}

void TestExternalFindings::findingsMatchReview_data()
{
    QTest::addColumn<QString>("file");
    const QStringList files = corpusFiles();
    QCOMPARE(files.size(), kCorpusPlans);
    for (const QString &f : files)
        QTest::newRow(qPrintable(f)) << f;
}

void TestExternalFindings::findingsMatchReview()
{
    QFETCH(QString, file);
    const QString text = readText(externalDir + QStringLiteral("/plans/") + file);
    QVERIFY2(!text.isEmpty(), qPrintable(QStringLiteral("cannot read ") + file));
    const Result<Plan> r = parsePlan(text);
    if (isError(r)) {
        QVERIFY2(!m_expected.contains(file), "listed in the review, but does not parse any more");
        return;   // a broken input: tst_externalcorpus asserts its error
    }
    ++m_parsed;
    const QList<Finding> fs = runDetectors(std::get<Plan>(r), nullptr);
    const QStringList ids = ruleIds(fs);
    for (const QString &id : ids)
        ++m_plansPerRule[id];
    const QString actual = ids.isEmpty() ? QStringLiteral("-") : ids.join(u',');
    m_actualLines << file + u'\t' + actual;
    QVERIFY2(m_expected.contains(file), "parses, but has no reviewed line in expected-findings-external.tsv");
    if (actual != m_expected.value(file))
        for (const Finding &f : fs)
            qInfo().noquote() << "  " << describe(f);
    QCOMPARE(actual, m_expected.value(file));
}

void TestExternalFindings::reviewCoversTheParsedPlans()
{
    // Counted here, not from findingsMatchReview's rows: this holds even when a single row was picked to run.
    int parsed = 0;
    QStringList unreviewed;
    for (const QString &f : corpusFiles()) {
        if (isError(parsePlan(readText(externalDir + QStringLiteral("/plans/") + f))))
            continue;
        ++parsed;
        if (!m_expected.contains(f))
            unreviewed << f;
    }
    QCOMPARE(parsed, kParsedPlans);
    QVERIFY2(unreviewed.isEmpty(), qPrintable(unreviewed.join(QStringLiteral(", "))));
    QCOMPARE(m_expected.size(), kParsedPlans);   // no reviewed line for a plan that is gone
}

void TestExternalFindings::noCriticalUnderOneMillisecond()
{
    struct Source {
        QString path;
        QString text;
    };
    QList<Source> sources;
    for (const QString &f : corpusFiles())
        sources << Source{f, readText(externalDir + QStringLiteral("/plans/") + f)};
    for (const QString &f : allPlanFiles())
        sources << Source{f, readText(dataDir() + u'/' + f)};
    QCOMPARE(sources.size(), kCorpusPlans + kPlanFiles);

    int fast = 0;
    int fastWithFindings = 0;
    QStringList offenders;
    for (const Source &s : sources) {
        const Result<Plan> r = parsePlan(s.text);
        if (isError(r))
            continue;
        const Plan &plan = std::get<Plan>(r);
        if (!plan.executionMs || *plan.executionMs >= kCriticalFloorMs)
            continue;
        ++fast;
        const QList<Finding> fs = runDetectors(plan, nullptr);
        if (!fs.isEmpty())
            ++fastWithFindings;
        for (const Finding &f : fs)
            if (f.level == FindingLevel::Critical)
                offenders << s.path + QStringLiteral(": ") + describe(f);
    }
    // The check has plans to judge, and some of them do have findings whose level it constrains.
    QVERIFY2(fast >= 50, qPrintable(QStringLiteral("only %1 plans under 1 ms").arg(fast)));
    QVERIFY2(fastWithFindings >= 1, "no plan under 1 ms has a finding: the check judges nothing");
    QVERIFY2(offenders.isEmpty(), qPrintable(offenders.join(u'\n')));
    qInfo("%d plans ran under 1 ms, %d of them with findings, none critical", fast, fastWithFindings);
}

void TestExternalFindings::cleanupTestCase()
{
    if (m_actualLines.size() != m_parsed || m_parsed == 0)
        return;
    QStringList counts;
    for (auto it = m_plansPerRule.cbegin(); it != m_plansPerRule.cend(); ++it)
        counts << QStringLiteral("%1 %2").arg(it.key()).arg(it.value());
    qInfo("plans per rule over %d parsed external plans: %s", m_parsed, qPrintable(counts.join(QStringLiteral(", "))));
    if (qgetenv("PLANLENS_BLESS") != "1")
        return;
    QVERIFY2(m_parsed == kParsedPlans || m_expected.isEmpty(), "PLANLENS_BLESS=1 needs a run over every plan");
    QStringList lines;
    for (const QString &line : readText(reviewPath).split(u'\n'))
        if (line.startsWith(u'#'))
            lines << line;
    lines += m_actualLines;
    QFile out(reviewPath);
    QVERIFY2(out.open(QIODevice::WriteOnly | QIODevice::Truncate), qPrintable(reviewPath));
    out.write((lines.join(u'\n') + u'\n').toUtf8());
    qInfo("PLANLENS_BLESS=1: rewrote %s; review it with git diff", qPrintable(reviewPath));
}

QTEST_GUILESS_MAIN(TestExternalFindings)
#include "tst_externalfindings.moc"
