// SPDX-License-Identifier: MIT
// No false alarms: every plan of the corpus (data/plans) and of the detector cases (data/detect) is run through
// every rule, and the rule ids found must equal the reviewed list in data/expected-findings.tsv
// ("<path under tests/data> TAB <sorted ids, comma-separated, or ->"). A new finding or a lost one fails.
// Compare-only: the table is rewritten from what the rules find only when PLANLENS_BLESS=1 is set (then review
// the change with git diff); no side file is written otherwise.
#include "detectfixtures.h"

#include <QFile>
#include <QHash>
#include <QTest>

using namespace PlanLens;
using namespace Test::DetectFixtures;

class TestFalseAlarms : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void everyPlanIsReviewed();
    void findingsMatchReview_data();
    void findingsMatchReview();
    void cleanupTestCase();

private:
    QHash<QString, QStringList> m_expected;
    QStringList m_actualLines;
};

void TestFalseAlarms::initTestCase()
{
    const QString text = readText(dataDir() + QStringLiteral("/expected-findings.tsv"));
    QVERIFY2(!text.isEmpty(), "tests/data/expected-findings.tsv is missing");
    for (const QString &line : text.split(u'\n')) {
        if (line.trimmed().isEmpty() || line.startsWith(u'#'))
            continue;
        const QStringList cols = line.split(u'\t');
        QVERIFY2(cols.size() >= 2, qPrintable(QStringLiteral("bad line: ") + line));
        QStringList ids;
        if (cols.at(1).trimmed() != u"-")
            ids = cols.at(1).trimmed().split(u',', Qt::SkipEmptyParts);
        ids.sort();
        m_expected.insert(cols.at(0).trimmed(), ids);
    }
}

void TestFalseAlarms::everyPlanIsReviewed()
{
    QStringList missing;
    for (const QString &f : allPlanFiles())
        if (!m_expected.contains(f))
            missing << f;
    QVERIFY2(missing.isEmpty(), qPrintable(QStringLiteral("plans without a reviewed line in expected-findings.tsv: ")
                                           + missing.join(QStringLiteral(", "))));
    QCOMPARE(allPlanFiles().size(), kPlanFiles);
    QCOMPARE(m_expected.size(), kPlanFiles);   // and no reviewed line for a plan that is gone
}

void TestFalseAlarms::findingsMatchReview_data()
{
    QTest::addColumn<QString>("file");
    for (const QString &f : allPlanFiles())
        QTest::newRow(qPrintable(f)) << f;
}

void TestFalseAlarms::findingsMatchReview()
{
    QFETCH(QString, file);
    const Fixture fx = load(file);
    QVERIFY2(fx.error.isEmpty(), qPrintable(fx.error));
    const QList<Finding> fs = findings(fx);
    const QStringList actual = ruleIds(fs);
    m_actualLines << file + u'\t' + (actual.isEmpty() ? QStringLiteral("-") : actual.join(u','));
    if (!m_expected.contains(file))
        QFAIL(qPrintable(QStringLiteral("%1 has no reviewed line in expected-findings.tsv").arg(file)));
    const QStringList expected = m_expected.value(file);
    if (actual != expected) {
        qInfo().noquote() << QStringLiteral("  found: %1").arg(m_actualLines.last());
        for (const Finding &f : fs)
            qInfo().noquote() << QStringLiteral("  %1 [%2 %3] node %4: %5")
                                     .arg(f.rule, findingLevelName(f.level), QString::number(f.severity, 'f', 2))
                                     .arg(f.nodeId)
                                     .arg(f.message);
    }
    QCOMPARE(actual.join(u','), expected.join(u','));
}

void TestFalseAlarms::cleanupTestCase()
{
    if (qgetenv("PLANLENS_BLESS") != "1")
        return;
    // PLANLENS_BLESS=1: the table becomes what the rules found, its comment header kept. Only after a run over
    // every plan (not a single row picked on the command line), so that blessing cannot drop reviewed lines.
    QVERIFY2(m_actualLines.size() == kPlanFiles, "PLANLENS_BLESS=1 needs a run over every plan");
    const QString path = dataDir() + QStringLiteral("/expected-findings.tsv");
    QStringList lines;
    for (const QString &line : readText(path).split(u'\n'))
        if (line.startsWith(u'#'))
            lines << line;
    lines += m_actualLines;   // in allPlanFiles() order (plans/, then detect/), the order the table keeps
    QFile out(path);
    QVERIFY2(out.open(QIODevice::WriteOnly | QIODevice::Truncate), qPrintable(path));
    out.write((lines.join(u'\n') + u'\n').toUtf8());
    qInfo("PLANLENS_BLESS=1: rewrote %s; review it with git diff", qPrintable(path));
}

QTEST_GUILESS_MAIN(TestFalseAlarms)
#include "tst_falsealarms.moc"
