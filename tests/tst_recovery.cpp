// SPDX-License-Identifier: MIT
// Never lose work. A real `planlens --example …` child (its scripts are unsaved work) autosaves, is killed with
// SIGKILL, and the next window offers what it left: Restore brings both scripts back, Discard deletes the file.
// A file whose owner is alive is never offered; edits, plans and runs mark the window modified ([*]); Save and
// Open Session clear it and remove the file, and so does a clean close.
#include "db/demodatabase.h"
#include "mainwindow.h"
#include "session.h"
#include "sqleditor.h"
#include "testdata.h"
#include "workbench/recoverybanner.h"
#include "workbench/recoverystore.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace PlanLens;

namespace {

DemoDatabase::Example example(const QString &id)
{
    for (const DemoDatabase::Example &e : DemoDatabase::examples())
        if (e.id == id)
            return e;
    return {};
}

QString inRecoveryDir(const RecoveryStore::Owner &owner)
{
    return QDir(RecoveryStore::recoveryDir()).filePath(RecoveryStore::fileNameFor(owner));
}

bool writeSession(const QString &file, const QString &beforeSql, const QDateTime &modified)
{
    QDir().mkpath(QFileInfo(file).path());
    Session s;
    s.beforeSql = beforeSql;
    QString error;
    if (!s.save(file, &error))
        return false;
    QFile f(file);
    return f.open(QIODevice::ReadWrite) && f.setFileTime(modified, QFileDevice::FileModificationTime);
}

// A pid no process has: one of a process that has finished (and was reaped by QProcess).
qint64 deadPid()
{
    QProcess p;
    p.start(QStringLiteral(PLANLENS_BINARY), {QStringLiteral("--version")});
    const qint64 pid = p.waitForStarted() ? p.processId() : 0;
    p.waitForFinished();
    return pid;
}

} // namespace

class TestRecovery : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void killedChildIsRestored();
    void killedChildIsDiscarded();
    void liveOwnerIsNotOffered();
    void editsAreAutosaved();
    void openedSessionIsNotModified();
    void cleanCloseRemovesTheFile();

private:
    void killChildWithUnsavedWork(const QString &exampleId, QString *leftBehind);

    QTemporaryDir m_home;
};

void TestRecovery::initTestCase()
{
    // The child and the windows here share one private data and config home (recovery files, settings).
    QVERIFY(m_home.isValid());
    qputenv("XDG_DATA_HOME", QFile::encodeName(m_home.filePath(QStringLiteral("data"))));
    qputenv("XDG_CONFIG_HOME", QFile::encodeName(m_home.filePath(QStringLiteral("config"))));
    QCoreApplication::setOrganizationName(QStringLiteral("PlanLens"));   // as the planlens binary names itself
    QCoreApplication::setApplicationName(QStringLiteral("PlanLens"));
    QVERIFY2(RecoveryStore::recoveryDir().startsWith(m_home.path()), qPrintable(RecoveryStore::recoveryDir()));
    QVERIFY(!example(QStringLiteral("incident-a")).beforeSql.isEmpty());
    QVERIFY(!example(QStringLiteral("incident-b")).afterSql.isEmpty());
}

void TestRecovery::init()
{
    QVERIFY(QDir(RecoveryStore::recoveryDir()).removeRecursively());
    QSettings().clear();   // the scripts a window keeps between starts would hide what Restore brings back
    QSettings().sync();
}

void TestRecovery::killChildWithUnsavedWork(const QString &exampleId, QString *leftBehind)
{
    QProcess child;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();   // with the XDG homes set above
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    child.setProcessEnvironment(env);
    child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    // --example fills both editors: text that is in no session file, so unsaved work.
    child.start(QStringLiteral(PLANLENS_BINARY), {QStringLiteral("--example"), exampleId});
    QVERIFY2(child.waitForStarted(), qPrintable(child.errorString()));
    const qint64 pid = child.processId();
    *leftBehind = inRecoveryDir({pid, RecoveryStore::processStart(pid), 0});
    QTRY_VERIFY_WITH_TIMEOUT(QFileInfo::exists(*leftBehind) || child.state() != QProcess::Running, 60000);
    QCOMPARE(child.state(), QProcess::Running);
    QVERIFY(QFileInfo::exists(*leftBehind));
    child.kill();   // SIGKILL: no close event, no destructor
    QVERIFY(child.waitForFinished(30000));
    QCOMPARE(child.exitStatus(), QProcess::CrashExit);
    QVERIFY2(QFileInfo::exists(*leftBehind), "the killed child's recovery file must stay");
    QString error;
    const std::optional<Session> s = Session::load(*leftBehind, &error);
    QVERIFY2(s, qPrintable(error));
    QCOMPARE(s->beforeSql, example(exampleId).beforeSql);
}

void TestRecovery::killedChildIsRestored()
{
    QString file;
    killChildWithUnsavedWork(QStringLiteral("incident-a"), &file);
    if (QTest::currentTestFailed())
        return;
    const DemoDatabase::Example e = example(QStringLiteral("incident-a"));

    MainWindow w;
    w.resize(1200, 800);
    w.show();
    RecoveryStore *r = w.recovery();
    QTRY_VERIFY(r->banner() && r->banner()->isVisible());
    QCOMPARE(r->offeredFile(), file);
    QVERIFY2(r->banner()->text().contains(QStringLiteral("closed without saving")), qPrintable(r->banner()->text()));
    QVERIFY(!w.isWindowModified());
    QVERIFY(w.beforeEditor()->text() != e.beforeSql);
    QVERIFY(w.grab().save(Test::screenshotPath(QStringLiteral("recovery-banner.png"))));

    QTest::mouseClick(r->banner()->restoreButton(), Qt::LeftButton);
    QCOMPARE(w.beforeEditor()->text(), e.beforeSql);
    QCOMPARE(w.afterEditor()->text(), e.afterSql);
    QVERIFY(!r->banner()->isVisible());
    QVERIFY(w.isWindowModified());   // restored work is still unsaved
    // This window's own recovery file replaces the dead one's.
    QTRY_VERIFY(QFileInfo::exists(r->recoveryFile()));
    QTRY_VERIFY(!QFileInfo::exists(file));
    QString error;
    const std::optional<Session> mine = Session::load(r->recoveryFile(), &error);
    QVERIFY2(mine, qPrintable(error));
    QCOMPARE(mine->afterSql, e.afterSql);
    QVERIFY(w.grab().save(Test::screenshotPath(QStringLiteral("recovery-restored.png"))));
}

void TestRecovery::killedChildIsDiscarded()
{
    QString file;
    killChildWithUnsavedWork(QStringLiteral("incident-b"), &file);
    if (QTest::currentTestFailed())
        return;
    MainWindow w;
    w.show();
    RecoveryStore *r = w.recovery();
    QTRY_VERIFY(r->banner() && r->banner()->isVisible());
    QCOMPARE(r->offeredFile(), file);
    QTest::mouseClick(r->banner()->discardButton(), Qt::LeftButton);
    QVERIFY(!QFileInfo::exists(file));
    QVERIFY(!r->banner()->isVisible());
    QVERIFY(r->offeredFile().isEmpty());
    QVERIFY(w.beforeEditor()->text() != example(QStringLiteral("incident-b")).beforeSql);
    QVERIFY(!w.isWindowModified());
}

void TestRecovery::liveOwnerIsNotOffered()
{
    const qint64 self = QCoreApplication::applicationPid();
    const quint64 start = RecoveryStore::processStart(self);
    const QDateTime now = QDateTime::currentDateTime();
    // Newest: another window of this (live) process. Then two files of gone owners: the newer one is offered.
    const QString live = inRecoveryDir({self, start, 99});
    const QString dead = inRecoveryDir({deadPid(), 1, 0});
    const QString older = inRecoveryDir({deadPid(), 1, 1});
    QVERIFY(writeSession(live, QStringLiteral("SELECT 'live'"), now));
    QVERIFY(writeSession(dead, QStringLiteral("SELECT 'dead'"), now.addSecs(-60)));
    QVERIFY(writeSession(older, QStringLiteral("SELECT 'older'"), now.addSecs(-120)));
    QVERIFY(RecoveryStore::isOwnerAlive(*RecoveryStore::ownerOf(live)));
    QVERIFY(!RecoveryStore::isOwnerAlive(*RecoveryStore::ownerOf(dead)));
#ifdef Q_OS_LINUX
    // This pid with another start time: a later process got the pid, the file's owner is gone.
    QVERIFY(start != 0);
    QVERIFY(!RecoveryStore::isOwnerAlive({self, start + 1, 0}));
#endif
    QCOMPARE(RecoveryStore::newestStaleFile(), dead);

    MainWindow w;
    w.show();
    QTRY_VERIFY(w.recovery()->banner() && w.recovery()->banner()->isVisible());
    QCOMPARE(w.recovery()->offeredFile(), dead);
    QTest::mouseClick(w.recovery()->banner()->restoreButton(), Qt::LeftButton);
    QCOMPARE(w.beforeEditor()->text(), QStringLiteral("SELECT 'dead'"));
    QTRY_VERIFY(!QFileInfo::exists(dead));
    QVERIFY(QFileInfo::exists(live));   // never taken from its live owner
    QVERIFY(QFileInfo::exists(older));  // offered at a later start
    QCOMPARE(RecoveryStore::newestStaleFile(), older);
    QVERIFY(QFile::remove(live));
}

void TestRecovery::editsAreAutosaved()
{
    MainWindow w;
    RecoveryStore *r = w.recovery();
    r->setInterval(20);
    QVERIFY(w.windowTitle().endsWith(QStringLiteral("[*]")));
    QVERIFY(!w.isWindowModified());
    QVERIFY(!QFileInfo::exists(r->recoveryFile()));

    w.beforeEditor()->setText(QStringLiteral("SELECT 1"));
    QVERIFY(w.isWindowModified());
    QTRY_VERIFY(QFileInfo::exists(r->recoveryFile()));
    QString error;
    QCOMPARE(Session::load(r->recoveryFile(), &error).value_or(Session()).beforeSql, QStringLiteral("SELECT 1"));

    // Save Session: not modified, no recovery file.
    const QTemporaryDir dir;
    const QString saved = dir.filePath(QStringLiteral("work.planlens"));
    QVERIFY2(w.saveSession(saved, &error), qPrintable(error));
    QVERIFY(!w.isWindowModified());
    QTRY_VERIFY(!QFileInfo::exists(r->recoveryFile()));

    // A parameter is an edit too.
    auto *params = w.findChild<QTableWidget *>(QStringLiteral("Parameters"));
    QVERIFY(params);
    params->insertRow(0);
    QVERIFY(w.isWindowModified());
    QTRY_VERIFY(QFileInfo::exists(r->recoveryFile()));

    // So is a plan read from a file.
    QVERIFY(w.saveSession(saved, &error));
    QVERIFY(!w.isWindowModified());
    QSignalSpy shown(&w, &MainWindow::planShown);
    w.openPlanFile(QStringLiteral(PLANLENS_TEST_DATA "/plans/anti-join.json"), MainWindow::BeforeSide);
    QTRY_VERIFY(!shown.isEmpty());
    QVERIFY(w.isWindowModified());
    QTRY_VERIFY(QFileInfo::exists(r->recoveryFile()));
    const std::optional<Session> withPlan = Session::load(r->recoveryFile(), &error);
    QVERIFY2(withPlan, qPrintable(error));
    QVERIFY(withPlan->beforePlan.contains(QStringLiteral("Plan")));
}

void TestRecovery::openedSessionIsNotModified()
{
    const QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("with-plan.planlens"));
    Session s;
    s.beforeSql = QStringLiteral("SELECT 2");
    s.beforePlan = Test::readTestData(QStringLiteral("plans/anti-join.json"));
    QVERIFY(!s.beforePlan.isEmpty());
    QString error;
    QVERIFY2(s.save(file, &error), qPrintable(error));

    MainWindow w;
    RecoveryStore *r = w.recovery();
    r->setInterval(20);
    w.beforeEditor()->setText(QStringLiteral("SELECT 'typed'"));
    QTRY_VERIFY(QFileInfo::exists(r->recoveryFile()));
    QSignalSpy shown(&w, &MainWindow::planShown);
    QVERIFY2(w.loadSession(file, &error), qPrintable(error));
    QVERIFY(!w.isWindowModified());
    QTRY_VERIFY(!QFileInfo::exists(r->recoveryFile()));
    // The session's plan arrives later (parsed off the GUI thread): it is the file's, not an edit.
    QTRY_VERIFY(!shown.isEmpty());
    QCOMPARE(shown.first().first().toInt(), int(MainWindow::BeforeSide));
    QVERIFY(!w.isWindowModified());
    QVERIFY(!QFileInfo::exists(r->recoveryFile()));
}

void TestRecovery::cleanCloseRemovesTheFile()
{
    QString file;
    {
        MainWindow w;
        w.show();
        w.recovery()->setInterval(20);
        file = w.recovery()->recoveryFile();
        w.afterEditor()->setText(QStringLiteral("SELECT 3"));
        QTRY_VERIFY(QFileInfo::exists(file));
        QVERIFY(w.close());
        QVERIFY(!QFileInfo::exists(file));
    }
    // Destroyed without a close event (the application quits): no file either.
    auto *w = new MainWindow;
    w->recovery()->setInterval(20);
    file = w->recovery()->recoveryFile();
    w->afterEditor()->setText(QStringLiteral("SELECT 4"));
    QTRY_VERIFY(QFileInfo::exists(file));
    delete w;
    QVERIFY(!QFileInfo::exists(file));
}

QTEST_MAIN(TestRecovery)
#include "tst_recovery.moc"
