// SPDX-License-Identifier: MIT
// Files and text dropped on the window, as a user drags them: the overlay that says where they go, the plan on
// the side it was dropped, the script in its editor (and Ctrl+Z), and the sentence a bad drop gets.
#include "compareview.h"
#include "mainwindow.h"
#include "plan/planparser.h"
#include "planview.h"
#include "sqleditor.h"
#include "workbench/planloader.h"

#include <QApplication>
#include <QDir>
#include <QDropEvent>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QLabel>
#include <QMimeData>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

using namespace PlanLens;

namespace {

const QString kPlans = QStringLiteral(PLANLENS_TEST_DATA "/plans/");
const QString kSql = QStringLiteral(PLANLENS_TEST_DATA "/detect/");

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

qsizetype nodesIn(const QString &path)
{
    const Result<Plan> r = parsePlanUtf8(QByteArrayView(readAll(path)));
    return std::holds_alternative<Plan>(r) ? std::get<Plan>(r).nodes.size() : -1;
}

QLabel *overlayOf(MainWindow &w)
{
    return w.findChild<QLabel *>(QStringLiteral("DropOverlay"));
}

QRect centralRect(MainWindow &w)
{
    return QRect(w.centralWidget()->mapTo(&w, QPoint(0, 0)), w.centralWidget()->size());
}

// A point in the left or right half of the central area (scripts over plans), in window coordinates.
QPoint pointIn(MainWindow &w, int side, double yFraction = 0.7)
{
    QWidget *c = w.centralWidget();
    const int x = side == 0 ? c->width() / 4 : c->width() * 3 / 4;
    return c->mapTo(&w, QPoint(x, int(c->height() * yFraction)));
}

// As Qt does: the event goes to the deepest widget under the point that accepts drops (the window at worst).
QWidget *dropTarget(MainWindow &w, const QPoint &pos)
{
    QWidget *t = w.childAt(pos);
    while (t && !t->acceptDrops())
        t = t->parentWidget();
    return t ? t : &w;
}

// Enter and move over pos; returns whether the drag was accepted there.
bool dragOver(MainWindow &w, QMimeData *mime, const QPoint &pos)
{
    QWidget *t = dropTarget(w, pos);
    const QPoint local = t->mapFrom(&w, pos);
    QDragEnterEvent enter(local, Qt::CopyAction, mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(t, &enter);
    QDragMoveEvent move(local, Qt::CopyAction, mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(t, &move);
    return enter.isAccepted() && move.isAccepted();
}

void dropAt(MainWindow &w, QMimeData *mime, const QPoint &pos)
{
    QWidget *t = dropTarget(w, pos);
    QDropEvent drop(QPointF(t->mapFrom(&w, pos)), Qt::CopyAction, mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(t, &drop);
}

void saveShot(QWidget &w, const QString &name)
{
    const QString out = QStringLiteral(PLANLENS_BUILD_DIR "/screenshots/") + name;
    QDir().mkpath(QFileInfo(out).path());
    QVERIFY(w.grab().save(out));
}

} // namespace

class TestDragDrop : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void planOnRightHalfOpensAsAfter();
    void sqlOnLeftHalfGoesToBeforeEditorUndoably();
    void twoPlansOpenAsBeforeAndAfter();
    void notAPlanGetsFileOpenMessage();
    void mixedDropIsRefusedAndNothingChanges();
    void textOnPlanAreaIsAPlanTextOnEditorIsText();
    void sessionOpensAndTypedTextIsUndoable();

private:
    QString copy(const QString &from, const QString &name = QString());
    QTemporaryDir m_dir;
};

void TestDragDrop::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);   // QSettings go to a test location, not the user's
    QCoreApplication::setOrganizationName(QStringLiteral("PlanLensTest"));
    QCoreApplication::setApplicationName(QStringLiteral("PlanLensDragDropTest"));
    QSettings().clear();
    QVERIFY(m_dir.isValid());
}

QString TestDragDrop::copy(const QString &from, const QString &name)
{
    const QString to = m_dir.filePath(name.isEmpty() ? QFileInfo(from).fileName() : name);
    QFile::remove(to);
    if (!QFile::copy(from, to))
        qWarning("cannot copy %s", qPrintable(from));
    return to;
}

void TestDragDrop::planOnRightHalfOpensAsAfter()
{
    MainWindow w;
    w.resize(1200, 800);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    const QString file = copy(kPlans + QStringLiteral("anti-join.json"));
    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(file)});

    QVERIFY(dragOver(w, &mime, pointIn(w, 1)));
    QLabel *overlay = overlayOf(w);
    QVERIFY(overlay && overlay->isVisible());
    QVERIFY2(overlay->text().contains(QStringLiteral("Drop to open as After")), qPrintable(overlay->text()));
    // The right half of the central area, and only it.
    const QRect area = centralRect(w);
    QCOMPARE(overlay->geometry().right(), area.right());
    QCOMPARE(overlay->geometry().top(), area.top());
    QVERIFY(qAbs(overlay->geometry().left() - (area.left() + area.width() / 2)) <= 1);
    saveShot(w, QStringLiteral("dragdrop-overlay-after.png"));
    // On screen: the right half of the (empty) plan area is tinted blue, the left half is not.
    const QImage shot = w.grab().toImage();
    const QColor tinted = shot.pixelColor(pointIn(w, 1) * shot.devicePixelRatio());
    const QColor plain = shot.pixelColor(pointIn(w, 0) * shot.devicePixelRatio());
    QVERIFY2(tinted.blue() - tinted.red() > 30, qPrintable(tinted.name()));
    QVERIFY2(qAbs(plain.blue() - plain.red()) < 20, qPrintable(plain.name()));
    // Moving to the left half moves the overlay with it.
    QVERIFY(dragOver(w, &mime, pointIn(w, 0)));
    QCOMPARE(overlay->geometry().left(), area.left());
    QVERIFY(qAbs(overlay->geometry().right() - (area.left() + area.width() / 2)) <= 1);
    QVERIFY(overlay->text().contains(QStringLiteral("as Before")));

    QSignalSpy shown(&w, &MainWindow::planShown);
    dropAt(w, &mime, pointIn(w, 1));
    QVERIFY(!overlay->isVisible());
    QVERIFY(shown.wait(10000));
    QCOMPARE(shown.first().at(0).toInt(), int(MainWindow::AfterSide));
    QCOMPARE(w.planView(MainWindow::AfterSide)->plan().nodes.size(), nodesIn(file));
    QVERIFY(w.planView(MainWindow::BeforeSide)->plan().nodes.isEmpty());
    QCOMPARE(w.planTabs()->currentIndex(), int(MainWindow::AfterSide));
    QVERIFY2(w.verdictText().contains(QStringLiteral("After plan read from anti-join.json")), qPrintable(w.verdictText()));
}

void TestDragDrop::sqlOnLeftHalfGoesToBeforeEditorUndoably()
{
    MainWindow w;
    w.resize(1200, 800);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    const QString typed = QStringLiteral("SELECT 'typed by hand'");
    w.beforeEditor()->setText(typed);
    w.afterEditor()->setText(QStringLiteral("SELECT 'after'"));
    const QString file = copy(kSql + QStringLiteral("correlated-subplan.sql"));
    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(file)});

    // Over the Before editor itself (it takes drops of its own): the file still goes to the workbench.
    const QPoint onEditor = w.beforeEditor()->mapTo(&w, w.beforeEditor()->rect().center());
    QVERIFY(dragOver(w, &mime, onEditor));
    QVERIFY(overlayOf(w)->isVisible());
    QVERIFY(overlayOf(w)->text().contains(QStringLiteral("into the Before editor")));
    saveShot(w, QStringLiteral("dragdrop-overlay-sql.png"));
    dropAt(w, &mime, onEditor);
    QVERIFY(!overlayOf(w)->isVisible());
    QCOMPARE(w.beforeEditor()->text(), QString::fromUtf8(readAll(file)));
    QCOMPARE(w.afterEditor()->text(), QStringLiteral("SELECT 'after'"));

    w.beforeEditor()->setFocus();
    QTest::keyClick(w.beforeEditor(), Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(w.beforeEditor()->text(), typed);
}

void TestDragDrop::twoPlansOpenAsBeforeAndAfter()
{
    MainWindow w;
    w.resize(1200, 800);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    const QString before = copy(kPlans + QStringLiteral("anti-join.json"));
    const QString after = copy(kPlans + QStringLiteral("bitmap-and-or.txt"));
    QVERIFY(nodesIn(before) != nodesIn(after));
    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(before), QUrl::fromLocalFile(after)});

    QVERIFY(dragOver(w, &mime, pointIn(w, 1)));
    QCOMPARE(overlayOf(w)->geometry(), centralRect(w));   // both halves: the order decides
    QVERIFY(overlayOf(w)->text().contains(QStringLiteral("Before and After")));
    QSignalSpy shown(&w, &MainWindow::planShown);
    dropAt(w, &mime, pointIn(w, 1));
    QTRY_COMPARE_WITH_TIMEOUT(shown.size(), 2, 10000);
    QCOMPARE(w.planView(MainWindow::BeforeSide)->plan().nodes.size(), nodesIn(before));
    QCOMPARE(w.planView(MainWindow::AfterSide)->plan().nodes.size(), nodesIn(after));
    QCOMPARE(w.planTabs()->currentWidget(), static_cast<QWidget *>(w.compareView()));
}

void TestDragDrop::notAPlanGetsFileOpenMessage()
{
    MainWindow w;
    w.resize(1200, 800);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    const QString file = m_dir.filePath(QStringLiteral("notes.txt"));
    {
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("Remember to buy milk.\nAnd eggs.\n");
    }
    // What File › Open says about this file.
    PlanLoader loader;
    QSignalSpy loaderFailed(&loader, &PlanLoader::failed);
    loader.loadFile(0, file);
    QVERIFY(loaderFailed.wait(10000));
    const QString expected = loaderFailed.first().at(1).toString();
    QVERIFY(!expected.isEmpty());

    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(file)});
    QSignalSpy failed(&w, &MainWindow::planFailed);
    QVERIFY(dragOver(w, &mime, pointIn(w, 0)));
    dropAt(w, &mime, pointIn(w, 0));
    QVERIFY(failed.wait(10000));
    QCOMPARE(failed.first().at(0).toInt(), int(MainWindow::BeforeSide));
    QCOMPARE(failed.first().at(1).toString(), expected);
    QCOMPARE(w.verdictText(), expected.simplified());   // the verdict is HTML: runs of spaces show as one
    saveShot(w, QStringLiteral("dragdrop-bad-file.png"));
}

void TestDragDrop::mixedDropIsRefusedAndNothingChanges()
{
    MainWindow w;
    w.resize(1200, 800);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    w.beforeEditor()->setText(QStringLiteral("SELECT 1"));
    const QString plan = copy(kPlans + QStringLiteral("anti-join.json"));
    const QString sql = copy(kSql + QStringLiteral("correlated-subplan.sql"));
    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(plan), QUrl::fromLocalFile(sql)});

    QVERIFY(dragOver(w, &mime, pointIn(w, 0)));
    QVERIFY(overlayOf(w)->isVisible());
    QVERIFY(overlayOf(w)->text().contains(QStringLiteral("Cannot open this drop")));
    saveShot(w, QStringLiteral("dragdrop-refused.png"));
    QSignalSpy shown(&w, &MainWindow::planShown);
    dropAt(w, &mime, pointIn(w, 0));
    QVERIFY(!overlayOf(w)->isVisible());
    QVERIFY2(w.verdictText().contains(QStringLiteral("Nothing was opened from anti-join.json, correlated-subplan.sql")),
             qPrintable(w.verdictText()));
    QVERIFY(!shown.wait(500));
    QCOMPARE(w.beforeEditor()->text(), QStringLiteral("SELECT 1"));
    QVERIFY(w.planView(MainWindow::BeforeSide)->plan().nodes.isEmpty());

    // A drag that leaves the window takes its overlay with it.
    QVERIFY(dragOver(w, &mime, pointIn(w, 1)));
    QDragLeaveEvent leave;
    QCoreApplication::sendEvent(dropTarget(w, pointIn(w, 1)), &leave);
    QVERIFY(!overlayOf(w)->isVisible());
}

void TestDragDrop::textOnPlanAreaIsAPlanTextOnEditorIsText()
{
    MainWindow w;
    w.resize(1200, 800);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    const QString planFile = kPlans + QStringLiteral("anti-join.txt");
    QMimeData mime;
    mime.setText(QString::fromUtf8(readAll(planFile)));

    // On an editor, text is the editor's business: no overlay, and the workbench does not take it.
    const QPoint onEditor = w.afterEditor()->mapTo(&w, w.afterEditor()->rect().center());
    dragOver(w, &mime, onEditor);
    QVERIFY(!overlayOf(w)->isVisible());

    QVERIFY(dragOver(w, &mime, pointIn(w, 1)));
    QVERIFY(overlayOf(w)->isVisible());
    QVERIFY(overlayOf(w)->text().contains(QStringLiteral("as After")));
    QSignalSpy shown(&w, &MainWindow::planShown);
    dropAt(w, &mime, pointIn(w, 1));
    QVERIFY(shown.wait(10000));
    QCOMPARE(shown.first().at(0).toInt(), int(MainWindow::AfterSide));
    QCOMPARE(w.planView(MainWindow::AfterSide)->plan().nodes.size(), nodesIn(planFile));
    QVERIFY(w.verdictText().contains(QStringLiteral("The dropped text")));
}

void TestDragDrop::sessionOpensAndTypedTextIsUndoable()
{
    const QString session = m_dir.filePath(QStringLiteral("saved.planlens"));
    {
        MainWindow w;
        w.beforeEditor()->setText(QStringLiteral("SELECT 'from the session'"));
        w.afterEditor()->setText(QStringLiteral("SELECT 'after from the session'"));
        QString error;
        QVERIFY2(w.saveSession(session, &error), qPrintable(error));
    }
    MainWindow w;
    w.resize(1200, 800);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    const QString typed = QStringLiteral("SELECT 'typed, not saved'");
    w.beforeEditor()->setText(typed);
    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(session)});
    QVERIFY(dragOver(w, &mime, pointIn(w, 1)));
    QCOMPARE(overlayOf(w)->geometry(), centralRect(w));
    QVERIFY(overlayOf(w)->text().contains(QStringLiteral("open the session")));
    dropAt(w, &mime, pointIn(w, 1));
    QCOMPARE(w.beforeEditor()->text(), QStringLiteral("SELECT 'from the session'"));
    QCOMPARE(w.afterEditor()->text(), QStringLiteral("SELECT 'after from the session'"));
    w.beforeEditor()->setFocus();
    QTest::keyClick(w.beforeEditor(), Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(w.beforeEditor()->text(), typed);
}

QTEST_MAIN(TestDragDrop)
#include "tst_dragdrop.moc"
