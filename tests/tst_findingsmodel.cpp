// SPDX-License-Identifier: MIT
// The findings table and dock on real findings (incident A and B fixtures): QAbstractItemModelTester, sorting,
// the selection → node/span signals, the SQL editor marks and graph badges, and a grab to PNG.
#include "detectfixtures.h"
#include "findingsmodel.h"
#include "findingspanel.h"
#include "sqleditor.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QJsonArray>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTableView>

#include <QTest>

using namespace PlanLens;
using namespace Test::DetectFixtures;

class TestFindingsModel : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void modelPassesTester();
    void columnsShowFinding();
    void panelSelectionEmitsNodeAndSpan();
    void graphSelectionSelectsFinding();
    void longEvidenceIsShortened();
    void marksAndBadges();
    void grab();

private:
    Fixture m_a;
    Fixture m_b;
    QList<Finding> m_fa;
    QList<Finding> m_fb;
};

void TestFindingsModel::initTestCase()
{
    m_a = load(QStringLiteral("detect/incident-a-before.json"));
    QVERIFY2(m_a.error.isEmpty(), qPrintable(m_a.error));
    QVERIFY(m_a.sql.has_value());
    m_fa = findings(m_a);
    m_b = load(QStringLiteral("detect/incident-b-before.json"));
    QVERIFY2(m_b.error.isEmpty(), qPrintable(m_b.error));
    m_fb = findings(m_b);
    QVERIFY(!m_fa.isEmpty());
    QVERIFY(!m_fb.isEmpty());
}

void TestFindingsModel::modelPassesTester()
{
    FindingsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setFindings(m_fa, &m_a.plan);
    QCOMPARE(model.rowCount(), int(m_fa.size()));
    model.setFindings(m_fb, &m_b.plan);
    QCOMPARE(model.rowCount(), int(m_fb.size()));
    QSortFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    proxy.setSortRole(FindingsModel::SortRole);
    QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    proxy.sort(FindingsModel::SeverityColumn, Qt::AscendingOrder);
    for (int r = 1; r < proxy.rowCount(); ++r)
        QVERIFY(proxy.index(r - 1, 0).data(FindingsModel::SortRole).toDouble()
                <= proxy.index(r, 0).data(FindingsModel::SortRole).toDouble());
    model.clear();
    QCOMPARE(model.rowCount(), 0);
}

void TestFindingsModel::columnsShowFinding()
{
    FindingsModel model;
    model.setFindings(m_fa, &m_a.plan);
    int row = -1;
    for (int i = 0; i < m_fa.size(); ++i)
        if (m_fa.at(i).rule == u"or-sublink-defeats-index")
            row = i;
    QVERIFY(row >= 0);
    const Finding &f = m_fa.at(row);
    QCOMPARE(model.index(row, FindingsModel::RuleColumn).data().toString(), f.rule);
    QCOMPARE(model.index(row, FindingsModel::MessageColumn).data().toString(), f.message);
    const QString node = model.index(row, FindingsModel::NodeColumn).data().toString();
    QVERIFY2(node.startsWith(QStringLiteral("#%1 Seq Scan on tracks").arg(f.nodeId)), qPrintable(node));
    QVERIFY(model.index(row, FindingsModel::SeverityColumn).data().toString().startsWith(findingLevelName(f.level)));
    QCOMPARE(model.index(row, 0).data(FindingsModel::SpanStartRole).toInt(), f.spanStart);
    QCOMPARE(model.index(row, 0).data(FindingsModel::NodeIdRole).toInt(), f.nodeId);
    QCOMPARE(model.headerData(FindingsModel::MessageColumn, Qt::Horizontal).toString(), QStringLiteral("Message"));
}

void TestFindingsModel::panelSelectionEmitsNodeAndSpan()
{
    FindingsPanel panel;
    panel.setFindings(m_fa, &m_a.plan);
    QSignalSpy nodes(&panel, &FindingsPanel::nodeRequested);
    QSignalSpy spans(&panel, &FindingsPanel::spanRequested);
    int idx = -1;
    for (int i = 0; i < m_fa.size(); ++i)
        if (m_fa.at(i).rule == u"or-sublink-defeats-index")
            idx = i;
    panel.selectFinding(idx);
    QCOMPARE(panel.currentFinding(), idx);
    QCOMPARE(nodes.size(), 1);
    QCOMPARE(nodes.first().first().toInt(), m_fa.at(idx).nodeId);
    QCOMPARE(spans.size(), 1);
    QCOMPARE(spans.first().at(0).toInt(), m_fa.at(idx).spanStart);
    QCOMPARE(spans.first().at(1).toInt(), m_fa.at(idx).spanEnd);
    QVERIFY(panel.detailHtml().contains(QStringLiteral("prefetch-any-array")));
    QVERIFY(panel.detailHtml().contains(QStringLiteral("Advice")));
}

void TestFindingsModel::longEvidenceIsShortened()
{
    // A rule over a huge plan can list thousands of nodes: the details show the first few and the count.
    QList<Finding> fs = m_fa;
    QVERIFY(!fs.isEmpty());
    QJsonArray many;
    for (int i = 0; i < 5000; ++i)
        many.append(100000 + i);
    fs[0].evidence.insert(QStringLiteral("nodes"), many);
    fs[0].evidence.insert(QStringLiteral("text"), QString(5000, u'x'));
    FindingsPanel panel;
    panel.setFindings(fs, &m_a.plan);
    panel.selectFinding(0);
    const QString html = panel.detailHtml();
    QVERIFY2(html.contains(QStringLiteral("[100000,100001,")), qPrintable(html.left(2000)));
    QVERIFY(html.contains(QStringLiteral("100011, … (5,000 in all)]")));
    QVERIFY(!html.contains(QStringLiteral("100012")));
    QVERIFY(html.contains(QString(600, u'x') + QStringLiteral("…")));
    QVERIFY(!html.contains(QString(601, u'x')));
}

void TestFindingsModel::graphSelectionSelectsFinding()
{
    FindingsPanel panel;
    panel.setFindings(m_fb, &m_b.plan);
    QSignalSpy nodes(&panel, &FindingsPanel::nodeRequested);
    QSignalSpy selected(&panel, &FindingsPanel::findingSelected);
    const Finding &target = m_fb.first();
    QVERIFY(target.nodeId >= 0);
    QVERIFY(panel.selectFindingForNode(target.nodeId));
    QCOMPARE(selected.size(), 1);
    QCOMPARE(panel.findings().at(panel.currentFinding()).nodeId, target.nodeId);
    QCOMPARE(nodes.size(), 0);   // no echo back to the graph
    QVERIFY(!panel.selectFindingForNode(100000));
}

void TestFindingsModel::marksAndBadges()
{
    const QList<SqlEditor::Mark> marks = findingsToMarks(m_fa);
    int spans = 0;
    for (const Finding &f : m_fa)
        spans += f.hasSpan() ? 1 : 0;
    QCOMPARE(int(marks.size()), spans);
    QVERIFY(spans >= 1);
    SqlEditor editor;
    editor.setText(m_a.sql->text);
    editor.setMarks(marks);
    QCOMPARE(editor.marks().size(), marks.size());
    const QString marked = m_a.sql->text.mid(marks.first().start, marks.first().end - marks.first().start);
    QVERIFY2(marked.contains(QStringLiteral(" OR ")), qPrintable(marked));
    const PlanBadges badges = findingsToBadges(m_fa);
    for (const Finding &f : m_fa)
        if (f.nodeId >= 0)
            QVERIFY(badges.contains(f.nodeId));
}

void TestFindingsModel::grab()
{
    FindingsPanel panel;
    panel.resize(900, 420);
    QList<Finding> all = m_fa;
    all << m_fb;
    panel.setFindings(all, nullptr);
    panel.selectFinding(0);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    const QImage img = panel.grab().toImage();
    QVERIFY(!img.isNull());
    QVERIFY(img.save(QStringLiteral(PLANLENS_BUILD_DIR) + QStringLiteral("/findingspanel.png")));
}

QTEST_MAIN(TestFindingsModel)
#include "tst_findingsmodel.moc"
