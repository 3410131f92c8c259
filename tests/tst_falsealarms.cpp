// SPDX-License-Identifier: MIT
// No false alarms: every plan of the corpus (data/plans) and of the detector cases (data/detect) is run through
// every rule, and the rule ids found must equal the reviewed list in data/expected-findings.tsv
// ("<path under tests/data> TAB <sorted ids, comma-separated, or ->"). A new finding or a lost one fails.
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
    QVERIFY(allPlanFiles().size() >= 40);
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
    // What the rules found, in the table's format: for reviewing a change (diff it with the table).
    QFile out(QStringLiteral(PLANLENS_BUILD_DIR) + QStringLiteral("/expected-findings.actual.tsv"));
    if (out.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        m_actualLines.sort();
        out.write((m_actualLines.join(u'\n') + u'\n').toUtf8());
    }
}

QTEST_GUILESS_MAIN(TestFalseAlarms)
#include "tst_falsealarms.moc"
