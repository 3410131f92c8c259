// SPDX-License-Identifier: MIT
// The window shell as a user sees it: grabbed offscreen to a PNG in the build directory.
#include "mainwindow.h"
#include "sqleditor.h"

#include <Qsci/qscilexersql.h>

#include <QApplication>
#include <QClipboard>
#include <QSignalSpy>
#include <QComboBox>
#include <QDir>
#include <QFileInfo>
#include <QDockWidget>
#include <QImage>
#include <QMenuBar>
#include <QSettings>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTest>

using namespace PlanLens;

class TestMainWindow : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void opensWithExampleAndGrabs();
    void typedTextSurvivesRestart();
    void sqlEditorKnowsPostgres();
    void hugePasteIsRefusedAndTextKept();
};

void TestMainWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);   // QSettings go to a test location, not the user's
    QCoreApplication::setOrganizationName(QStringLiteral("PlanLensTest"));
    QCoreApplication::setApplicationName(QStringLiteral("PlanLensTest"));
    QSettings().clear();
}

void TestMainWindow::opensWithExampleAndGrabs()
{
    MainWindow w;
    w.resize(1200, 800);
    w.loadExample(QStringLiteral("incident-a"));
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));

    QVERIFY(w.beforeEditor()->text().contains(QStringLiteral("track_collaborators")));
    QVERIFY(w.afterEditor()->text().contains(QStringLiteral("ANY")));
    QVERIFY(w.conninfo().contains(QStringLiteral("dbname=tracks")));

    QStringList menus;
    for (QAction *a : w.menuBar()->actions())
        menus << a->text().remove(u'&');
    QVERIFY2(menus.contains(QStringLiteral("File")) && menus.contains(QStringLiteral("Help")), qPrintable(menus.join(u',')));
    QVERIFY(w.findChild<QDockWidget *>(QStringLiteral("FindingsDock"))->isVisible());

    const QImage img = w.grab().toImage();
    const QString out = QStringLiteral(PLANLENS_BUILD_DIR "/screenshots/mainwindow.png");
    QDir().mkpath(QFileInfo(out).path());
    QVERIFY(img.save(out));
    QCOMPARE(img.size(), QSize(1200, 800) * img.devicePixelRatio());
    // Text was drawn: the editors hold dark glyph pixels on a light background.
    const QRect beforeArea = QRect(w.beforeEditor()->mapTo(&w, QPoint(0, 0)), w.beforeEditor()->size());
    int dark = 0;
    for (int y = beforeArea.top(); y < beforeArea.bottom(); y += 2)
        for (int x = beforeArea.left(); x < beforeArea.right(); x += 2)
            if (qGray(img.pixel(x, y)) < 100)
                ++dark;
    QVERIFY2(dark > 200, qPrintable(QStringLiteral("only %1 dark pixels in the Before editor").arg(dark)));
}

void TestMainWindow::typedTextSurvivesRestart()
{
    {
        MainWindow w;
        w.beforeEditor()->setText(QStringLiteral("SELECT 'typed before'"));
        w.afterEditor()->setText(QStringLiteral("SELECT 'typed after'"));
        w.setConninfo(QStringLiteral("host=/nowhere dbname=x"));
        w.close();
    }
    MainWindow again;
    QCOMPARE(again.beforeEditor()->text(), QStringLiteral("SELECT 'typed before'"));
    QCOMPARE(again.afterEditor()->text(), QStringLiteral("SELECT 'typed after'"));
    QCOMPARE(again.conninfo(), QStringLiteral("host=/nowhere dbname=x"));
}

void TestMainWindow::sqlEditorKnowsPostgres()
{
    SqlEditor e;
    e.resize(600, 200);
    e.show();
    QVERIFY(QTest::qWaitForWindowExposed(&e));
    QCOMPARE(QString::fromLatin1(e.lexer()->language()), QStringLiteral("PostgreSQL"));
    const QString sql = QStringLiteral("SELECT x FROM t CROSS JOIN LATERAL f(t.id) RETURNING ilike 'a\\'::jsonb");
    e.setText(sql);
    QTest::qWait(50);
    auto styleAt = [&](const QString &word) {
        return int(e.SendScintilla(QsciScintillaBase::SCI_GETSTYLEAT, e.positionFromLineIndex(0, int(sql.indexOf(word)))));
    };
    QCOMPARE(styleAt(QStringLiteral("LATERAL")), int(QsciLexerSQL::Keyword));     // not an Oracle word
    QCOMPARE(styleAt(QStringLiteral("RETURNING")), int(QsciLexerSQL::Keyword));
    QCOMPARE(styleAt(QStringLiteral("jsonb")), 16);   // keyword set 2 (Scintilla's SCE_SQL_WORD2): built-in types
    QCOMPARE(styleAt(QStringLiteral("'a")), int(QsciLexerSQL::SingleQuotedString));
    // A backslash does not escape the quote (standard_conforming_strings): the string ends there.
    QCOMPARE(styleAt(QStringLiteral("::")), int(QsciLexerSQL::Operator));
}

void TestMainWindow::hugePasteIsRefusedAndTextKept()
{
    MainWindow w;
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    w.beforeEditor()->setText(QStringLiteral("SELECT 'mine'"));
    QApplication::clipboard()->setText(QString(100 * 1024 * 1024, u'x'));   // 100 M characters
    QSignalSpy refused(w.beforeEditor(), &SqlEditor::pasteRefused);
    w.beforeEditor()->setFocus();
    QTest::keySequence(w.beforeEditor(), QKeySequence::Paste);
    QCOMPARE(refused.size(), 1);
    QCOMPARE(w.beforeEditor()->text(), QStringLiteral("SELECT 'mine'"));
    QVERIFY2(w.verdictText().contains(QStringLiteral("nothing was pasted")), qPrintable(w.verdictText()));
    QApplication::clipboard()->setText(QStringLiteral(" -- small"));
    w.beforeEditor()->setCursorPosition(0, 13);
    QTest::keySequence(w.beforeEditor(), QKeySequence::Paste);
    QCOMPARE(w.beforeEditor()->text(), QStringLiteral("SELECT 'mine' -- small"));
    QApplication::clipboard()->clear();
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
