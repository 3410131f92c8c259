// SPDX-License-Identifier: MIT
// The findings' advice inline in the SQL editor (squiggle, margin marker, popup with "Try as After"), the word
// diff view, and the rewrite panel built on it, under QT_QPA_PLATFORM=offscreen; screenshots go to
// PLANLENS_BUILD_DIR/screenshots.
#include "detect/finding.h"
#include "findingspanel.h"
#include "rewrite/rewrite.h"
#include "rewritepanel.h"
#include "sql/sqlscript.h"
#include "sqldiffview.h"
#include "sqleditor.h"

#include <QAbstractButton>
#include <QDir>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

using namespace PlanLens;

namespace {

const QString kIncidentA = QStringLiteral("SELECT t.track_id, t.owner_id, t.title, t.genre, t.created_at,\n"
                                          "       coalesce(ap.count, 0) AS play_count\n"
                                          "FROM tracks t\n"
                                          "LEFT JOIN aggregate_plays ap ON ap.play_item_id = t.track_id\n"
                                          "WHERE (t.owner_id = 42001\n"
                                          "       OR t.track_id IN (SELECT track_id FROM track_collaborators\n"
                                          "                         WHERE collaborator_user_id = 42001 AND status = "
                                          "'accepted'))\n"
                                          "  AND t.is_unlisted = false\n"
                                          "ORDER BY t.created_at DESC\n"
                                          "LIMIT 100;\n");

constexpr int kSpanLine = 5; // the line of " OR t.track_id IN (SELECT"

SqlEditor::Mark sublinkMark()
{
    SqlEditor::Mark m;
    m.start = static_cast<int>(kIncidentA.indexOf(QStringLiteral("t.track_id IN")));
    m.end = static_cast<int>(kIncidentA.indexOf(QStringLiteral("'accepted')"))) + 11;
    m.severity = 2;
    m.title = QStringLiteral("or-sublink-defeats-index");
    m.message = QStringLiteral("The OR with a subquery makes PostgreSQL read all 1,000,000 rows of tracks.");
    m.evidence = QStringLiteral("rows read: 1,000,000 · time share: 97%");
    m.rewriteId = QStringLiteral("prefetch-any-array");
    return m;
}

QPoint pointOf(SqlEditor &e, int qstringIndex)
{
    const int pos = e.positionFromIndex(qstringIndex);
    const int x = int(e.SendScintilla(QsciScintillaBase::SCI_POINTXFROMPOSITION, 0, pos));
    const int y = int(e.SendScintilla(QsciScintillaBase::SCI_POINTYFROMPOSITION, 0, pos));
    const int line = int(e.SendScintilla(QsciScintillaBase::SCI_LINEFROMPOSITION, pos));
    return { x + 3, y + int(e.SendScintilla(QsciScintillaBase::SCI_TEXTHEIGHT, line)) / 2 };
}

QString popupText(SqlEditor &e)
{
    return e.markPopup()->findChild<QLabel *>(QStringLiteral("MarkPopupText"))->text();
}

void saveShot(QWidget *w, const QString &name)
{
    QDir().mkpath(QStringLiteral(PLANLENS_BUILD_DIR "/screenshots"));
    const QImage img = w->grab().toImage();
    QVERIFY(!img.isNull());
    QVERIFY(img.save(QStringLiteral(PLANLENS_BUILD_DIR "/screenshots/") + name));
}

} // namespace

class TestSqlEditor : public QObject
{
    Q_OBJECT
private slots:
    void markDrawsSquiggleAndMarginMarker();
    void marksFollowEdits();
    void popupShowsAdviceAndTries();
    void hoverOpensAndClosesPopup();
    void findingsBecomeMarks();
    void diffViewMarksChangedWords();
    void rewritePanelShowsTheDiffInASidePanel();
};

void TestSqlEditor::markDrawsSquiggleAndMarginMarker()
{
    SqlEditor e;
    e.resize(700, 320);
    e.show();
    QVERIFY(QTest::qWaitForWindowExposed(&e));
    e.setText(kIncidentA);
    const SqlEditor::Mark m = sublinkMark();
    e.setMarks({ m });

    const int ind = SqlEditor::indicatorForSeverity(2);
    QCOMPARE(
        int(e.SendScintilla(QsciScintillaBase::SCI_INDICGETSTYLE, ind)), int(QsciScintillaBase::INDIC_SQUIGGLEPIXMAP));
    const auto valueAt = [&](int index) {
        return int(e.SendScintilla(QsciScintillaBase::SCI_INDICATORVALUEAT, ind, e.positionFromIndex(index)));
    };
    QVERIFY(valueAt(m.start) != 0);
    QVERIFY(valueAt(m.end - 1) != 0);
    QCOMPARE(valueAt(m.start - 1), 0);
    QCOMPARE(valueAt(m.end), 0);
    // The other severities' indicators are not on it.
    QCOMPARE(int(e.SendScintilla(QsciScintillaBase::SCI_INDICATORVALUEAT, SqlEditor::indicatorForSeverity(1),
                 e.positionFromIndex(m.start))),
        0);

    QVERIFY(e.hasMarginMarker(kSpanLine));
    QVERIFY(e.markersAtLine(kSpanLine) & (1u << SqlEditor::markerForSeverity(2)));
    QVERIFY(!e.hasMarginMarker(kSpanLine - 1));
    QVERIFY(!e.hasMarginMarker(kSpanLine + 1)); // one marker, on the span's first line
    QVERIFY(e.marginWidth(SqlEditor::kMarkerMargin) > 0);

    QCOMPARE(e.markAt(m.start), 0);
    QCOMPARE(e.markAt(m.end - 1), 0);
    QCOMPARE(e.markAt(m.start - 1), -1);
    QCOMPARE(e.markAt(m.end), -1);

    e.clearMarks();
    QCOMPARE(valueAt(m.start), 0);
    QVERIFY(!e.hasMarginMarker(kSpanLine));
    QCOMPARE(e.markAt(m.start), -1);
}

void TestSqlEditor::marksFollowEdits()
{
    SqlEditor e;
    e.resize(700, 320);
    e.show();
    QVERIFY(QTest::qWaitForWindowExposed(&e));
    e.setText(kIncidentA);
    const SqlEditor::Mark m = sublinkMark();
    e.setMarks({ m });

    // Two lines typed above: the mark, its squiggle and its marker move down with the text.
    const QString note = QStringLiteral("-- ünïcode note\n-- second\n");
    e.insertAt(note, 0, 0);
    const int shift = int(note.size());
    QCOMPARE(e.marks().first().start, m.start + shift);
    QCOMPARE(e.marks().first().end, m.end + shift);
    QCOMPARE(e.text().mid(e.marks().first().start, m.end - m.start), kIncidentA.mid(m.start, m.end - m.start));
    QCOMPARE(e.markAt(m.start + shift), 0);
    QCOMPARE(e.markAt(m.start), -1);
    QTRY_VERIFY(e.hasMarginMarker(kSpanLine + 2));
    QVERIFY(!e.hasMarginMarker(kSpanLine));

    // Typing inside the span widens it; deleting before it moves it back.
    int line = 0, index = 0;
    e.lineIndexFromPosition(e.positionFromIndex(m.start + shift + 3), &line, &index);
    e.insertAt(QStringLiteral("xyz"), line, index);
    QCOMPARE(e.marks().first().end, m.end + shift + 3);
    e.setSelection(0, 0, 2, 0);
    e.removeSelectedText();
    QCOMPARE(e.marks().first().start, m.start);
    QCOMPARE(e.marks().first().end, m.end + 3);
    QTRY_VERIFY(e.hasMarginMarker(kSpanLine));
    QVERIFY(e.SendScintilla(QsciScintillaBase::SCI_INDICATORVALUEAT, SqlEditor::indicatorForSeverity(2),
                e.positionFromIndex(m.start))
        != 0);

    // Replacing the whole text leaves no mark anywhere.
    e.setText(QStringLiteral("SELECT 1"));
    QCOMPARE(e.markAt(0), -1);
    QTRY_VERIFY(!e.hasMarginMarker(0));
}

void TestSqlEditor::popupShowsAdviceAndTries()
{
    SqlEditor e;
    e.resize(700, 320);
    e.show();
    QVERIFY(QTest::qWaitForWindowExposed(&e));
    e.setText(kIncidentA);
    SqlEditor::Mark info;
    info.start = int(kIncidentA.indexOf(QStringLiteral("LIMIT")));
    info.end = info.start + 9;
    info.severity = 0;
    info.title = QStringLiteral("large-limit");
    info.message = QStringLiteral("No rewrite here.");
    e.setMarks({ sublinkMark(), info });
    QVERIFY(e.markPopup());
    QCOMPARE(e.markPopup()->objectName(), QStringLiteral("MarkPopup"));
    QVERIFY(!e.markPopup()->isVisible());

    e.showMarkPopup(0);
    QVERIFY(e.markPopup()->isVisible());
    QCOMPARE(e.popupMark(), 0);
    const QString text = popupText(e);
    QVERIFY2(text.contains(QStringLiteral("or-sublink-defeats-index")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("read all 1,000,000 rows of tracks")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("time share: 97%")), qPrintable(text));
    // Under the span's line, inside the editor.
    const QPoint spanPoint = e.viewport()->mapTo(&e, pointOf(e, sublinkMark().start));
    QVERIFY(e.markPopup()->geometry().top() > spanPoint.y());
    QVERIFY(e.rect().contains(e.markPopup()->geometry()));
    saveShot(&e, QStringLiteral("sqleditor-mark-popup.png"));

    auto *tryButton = e.markPopup()->findChild<QPushButton *>(QStringLiteral("MarkPopupTry"));
    QVERIFY(tryButton);
    QVERIFY(tryButton->isVisible());
    QSignalSpy tried(&e, &SqlEditor::tryAsAfterRequested);
    tryButton->click();
    QCOMPARE(tried.size(), 1);
    QCOMPARE(tried.first().at(0).toString(), QStringLiteral("prefetch-any-array"));
    QCOMPARE(tried.first().at(1).toInt(), 0);
    QVERIFY(!e.markPopup()->isVisible());

    // No rewrite named: no button. The popup stays inside the editor.
    e.showMarkPopup(1);
    QVERIFY(e.markPopup()->isVisible());
    QVERIFY(!tryButton->isVisible());
    QVERIFY(popupText(e).contains(QStringLiteral("No rewrite here.")));
    QVERIFY(e.rect().contains(e.markPopup()->geometry()));

    // Typing closes it.
    e.setFocus();
    QTest::keyClick(&e, Qt::Key_End);
    QVERIFY(!e.markPopup()->isVisible());
    e.showMarkPopup(0);
    QTest::keyClick(&e, Qt::Key_Escape);
    QVERIFY(!e.markPopup()->isVisible());

    // No room below the last line: the popup opens above the span instead of being cut off.
    e.resize(700, 200);
    QTest::qWait(20);
    e.showMarkPopup(1);
    QVERIFY(e.markPopup()->isVisible());
    const QPoint limitPoint = e.viewport()->mapTo(&e, pointOf(e, info.start));
    QVERIFY2(e.markPopup()->geometry().bottom() < limitPoint.y(),
        qPrintable(QStringLiteral("%1 < %2").arg(e.markPopup()->geometry().bottom()).arg(limitPoint.y())));
    QVERIFY(e.rect().contains(e.markPopup()->geometry()));
}

void TestSqlEditor::hoverOpensAndClosesPopup()
{
    SqlEditor e;
    e.resize(700, 320);
    e.show();
    QVERIFY(QTest::qWaitForWindowExposed(&e));
    e.setText(kIncidentA);
    const SqlEditor::Mark m = sublinkMark();
    e.setMarks({ m });

    // Over the span.
    QTest::mouseMove(e.viewport(), pointOf(e, m.start + 4));
    QTRY_VERIFY(e.markPopup()->isVisible());
    QCOMPARE(e.popupMark(), 0);
    QVERIFY(popupText(e).contains(QStringLiteral("time share: 97%")));

    // Away from it (the first word of the text): it closes after a short delay.
    QTest::mouseMove(e.viewport(), pointOf(e, 1));
    QTRY_VERIFY(!e.markPopup()->isVisible());

    // Over the margin marker of the span's line.
    const int x = e.marginWidth(0) + e.marginWidth(SqlEditor::kMarkerMargin) / 2;
    QTest::mouseMove(e.viewport(), QPoint(x, pointOf(e, m.start).y()));
    QTRY_VERIFY(e.markPopup()->isVisible());
    QCOMPARE(e.popupMark(), 0);
    // The margin of a line without a mark opens nothing.
    QTest::mouseMove(e.viewport(), QPoint(x, pointOf(e, 1).y()));
    QTRY_VERIFY(!e.markPopup()->isVisible());
}

void TestSqlEditor::findingsBecomeMarks()
{
    Finding f;
    f.rule = QStringLiteral("or-sublink-defeats-index");
    f.level = FindingLevel::Critical;
    f.spanStart = 10;
    f.spanEnd = 20;
    f.message = QStringLiteral("The OR reads every row.");
    f.evidence = QJsonObject { { QStringLiteral("rows_read"), 1000000 }, { QStringLiteral("time_share"), 0.97 },
        { QStringLiteral("total_ms"), 1234.5 }, { QStringLiteral("disk_kb"), 20480 },
        { QStringLiteral("table"), QStringLiteral("tracks") } };
    f.rewriteId = QStringLiteral("prefetch-any-array");
    Finding planOnly = f;
    planOnly.spanStart = planOnly.spanEnd = -1;
    const QList<SqlEditor::Mark> marks = findingsToMarks({ f, planOnly });
    QCOMPARE(marks.size(), 1); // only findings with a span
    const SqlEditor::Mark &m = marks.first();
    QCOMPARE(m.start, 10);
    QCOMPARE(m.end, 20);
    QCOMPARE(m.severity, 2);
    QCOMPARE(m.title, f.rule);
    QCOMPARE(m.message, f.message);
    QCOMPARE(m.rewriteId, f.rewriteId);
    QCOMPARE(m.evidence,
        QStringLiteral("disk: 20 MB · rows read: 1,000,000 · table: tracks · time share: 97% · total: 1.23 s"));
}

void TestSqlEditor::diffViewMarksChangedWords()
{
    const QString before = QStringLiteral("SELECT a FROM t WHERE x < 1 OR id IN (SELECT id FROM u)");
    const QString after = QStringLiteral("SELECT a FROM t WHERE x < 1 OR id = ANY($ids)");
    SqlDiffView view;
    view.setTexts(before, after);
    QCOMPARE(view.removedChunks(), 1);
    QCOMPARE(view.addedChunks(), 1);
    const QString html = view.html();
    QVERIFY2(html.contains(QStringLiteral("line-through")), qPrintable(html));
    QVERIFY2(html.contains(QStringLiteral("x &lt; 1")), qPrintable(html)); // escaped, not markup
    QVERIFY2(html.contains(QStringLiteral("IN (SELECT id FROM u</span>")), qPrintable(html));
    QVERIFY2(html.contains(QStringLiteral(">= ANY($ids</span>")), qPrintable(html));
    QCOMPARE(view.toPlainText(), QStringLiteral("SELECT a FROM t WHERE x < 1 OR id IN (SELECT id FROM u= ANY($ids)"));
    view.setMode(SqlDiffView::Mode::Before);
    QCOMPARE(view.toPlainText(), before);
    view.setMode(SqlDiffView::Mode::After);
    QCOMPARE(view.toPlainText(), after);
    view.setTexts(after, after);
    QCOMPARE(view.removedChunks(), 0);
    QCOMPARE(view.addedChunks(), 0);
}

void TestSqlEditor::rewritePanelShowsTheDiffInASidePanel()
{
    const auto parsed = parseSqlScript(kIncidentA);
    QVERIFY(!isError(parsed));
    const SqlScript script = std::get<SqlScript>(parsed);
    const QList<Rewrite> rewrites = proposeRewrites(script, nullptr);
    QVERIFY(!rewrites.isEmpty());

    RewritePanel panel;
    panel.setRewrites(script, rewrites);
    QVERIFY(panel.showRule(QStringLiteral("prefetch-any-array")));
    QVERIFY2(panel.minimumSizeHint().width() <= 340, qPrintable(QString::number(panel.minimumSizeHint().width())));
    panel.resize(340, 700);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QTest::qWait(50);

    SqlDiffView *diff = panel.diffView();
    QVERIFY(diff);
    QVERIFY(diff->isVisible());
    QVERIFY(diff->removedChunks() >= 1);
    QVERIFY(diff->addedChunks() >= 1);
    // The statement it replaces on one side, the two proposed statements on the other; the sublink is what goes.
    QVERIFY2(diff->beforeText().contains(QStringLiteral("IN (SELECT track_id")), qPrintable(diff->beforeText()));
    QVERIFY2(diff->afterText().contains(QStringLiteral("= ANY($ids)")), qPrintable(diff->afterText()));
    QString removed;
    for (const DiffChunk &c : diff->chunks())
        if (c.kind == DiffChunk::Removed) removed += c.text;
    QVERIFY2(removed.contains(QStringLiteral("IN (SELECT")), qPrintable(removed));
    QVERIFY2(!removed.contains(QStringLiteral("ORDER BY")), qPrintable(removed));
    // Nothing forces the panel wider than the side panel.
    QCOMPARE(panel.width(), 340);
    QVERIFY(diff->width() <= 340);
    QVERIFY(diff->height() > 200);
    saveShot(&panel, QStringLiteral("rewritepanel-incident-a.png"));

    // Proposed alone reads as the After text.
    auto *proposed = panel.findChild<QAbstractButton *>(QStringLiteral("DiffMode2"));
    QVERIFY(proposed);
    proposed->click();
    QCOMPARE(diff->mode(), SqlDiffView::Mode::After);
    QCOMPARE(diff->toPlainText(), diff->afterText());

    QSignalSpy tried(&panel, &RewritePanel::tryAsAfter);
    panel.findChild<QPushButton *>(QStringLiteral("TryAsAfter"))->click();
    QCOMPARE(tried.size(), 1);
    QVERIFY(tried.first().at(0).toString().contains(QStringLiteral("ANY($ids)")));
    QCOMPARE(tried.first().at(1).toString(), QStringLiteral("prefetch-any-array"));
    // The editor popup's "Try as After" goes the same way: showRule, then tryCurrent.
    QVERIFY(panel.showRule(QStringLiteral("prefetch-any-array")));
    panel.tryCurrent();
    QCOMPARE(tried.size(), 2);
    QCOMPARE(tried.at(1).at(0).toString(), tried.at(0).at(0).toString());
}

QTEST_MAIN(TestSqlEditor)
#include "tst_sqleditor.moc"
