// SPDX-License-Identifier: MIT
#include "recoverystore.h"

#include "mainwindow.h"
#include "parametertable.h"
#include "planloader.h"
#include "recoverybanner.h"
#include "scriptpane.h"
#include "session.h"
#include "sqleditor.h"
#include "workbenchstore.h"
#include "workbenchui.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QLocale>
#include <QMainWindow>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableWidget>
#include <QToolBar>
#include <QtConcurrent>

#include <atomic>

#ifdef Q_OS_UNIX
#include <cerrno>
#include <csignal>
#include <sys/types.h>
#endif

namespace PlanLens {

namespace {

// /proc/<pid>/stat: "pid (comm) state ppid …"; comm may hold spaces and parentheses, so fields are counted from
// the last ')'. Field 3 is the state, field 22 the start time in clock ticks after boot (proc(5)).
QList<QByteArray> procStatFields(qint64 pid)
{
#ifdef Q_OS_LINUX
    QFile f(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    const QByteArray stat = f.readAll();
    const qsizetype close = stat.lastIndexOf(')');
    if (close < 0)
        return {};
    return stat.mid(close + 2).trimmed().split(' ');   // [0] = field 3 (state), [19] = field 22 (starttime)
#else
    Q_UNUSED(pid)
    return {};
#endif
}

QString shortTime(const QDateTime &t)
{
    return QLocale().toString(t.time(), QLocale::ShortFormat);
}

} // namespace

RecoveryStore::RecoveryStore(MainWindow *window, WorkbenchUi *ui)
    : QObject(window)
    , m_window(window)
    , m_ui(ui)
    , m_enabled(!QStandardPaths::isTestModeEnabled())
{
    static std::atomic<int> instances{0};
    const qint64 pid = QCoreApplication::applicationPid();
    m_file = QDir(recoveryDir()).filePath(fileNameFor({pid, processStart(pid), instances++}));
    m_pool.setMaxThreadCount(1);
    m_timer.setSingleShot(true);
    m_timer.setInterval(kDefaultIntervalMs);
    connect(&m_timer, &QTimer::timeout, this, &RecoveryStore::writeNow);

    // What counts as an edit. Plans of an opened (or restored) session arrive after it, parsed off the GUI
    // thread: they are the session's, not new work, and are told apart by the origin the store gave them.
    for (int s = 0; s < 2; ++s)
        connect(m_ui->scripts->editor(s), &QsciScintilla::textChanged, this, &RecoveryStore::markModified);
    if (const auto *table = m_ui->params->findChild<QTableWidget *>()) {
        const QAbstractItemModel *model = table->model();
        connect(model, &QAbstractItemModel::dataChanged, this, &RecoveryStore::markModified);
        connect(model, &QAbstractItemModel::rowsInserted, this, &RecoveryStore::markModified);
        connect(model, &QAbstractItemModel::rowsRemoved, this, &RecoveryStore::markModified);
    }
    connect(window, &MainWindow::runFinished, this, [this](bool ok) {
        if (ok)
            markModified();
    });
    WorkbenchStore *store = window->store();
    connect(store, &WorkbenchStore::sessionSaved, this, &RecoveryStore::markClean);
    connect(store, &WorkbenchStore::sessionOpened, this, &RecoveryStore::markClean);
    connect(store, &WorkbenchStore::planTextLoaded, this, [this](int side, const QString &, const QString &origin) {
        if (side == 0 || side == 1)
            m_sessionPlanOrigin[side] = origin;
    });
    connect(window->planLoader(), &PlanLoader::loaded, this,
            [this](int side, const Plan &, const QString &, const QString &origin) {
                if ((side == 0 || side == 1) && !m_sessionPlanOrigin[side].isEmpty()
                    && origin == m_sessionPlanOrigin[side]) {
                    m_sessionPlanOrigin[side].clear();
                    scheduleWrite();   // the recovery file gets the plan too
                    return;
                }
                markModified();
            });
    connect(window->planLoader(), &PlanLoader::failed, this, [this](int side, const QString &) {
        if (side == 0 || side == 1)
            m_sessionPlanOrigin[side].clear();
    });
    // After main() has set the window up (--screenshot turns recovery off before the event loop starts).
    QTimer::singleShot(0, this, &RecoveryStore::offerStale);
}

RecoveryStore::~RecoveryStore()
{
    windowClosed();
}

void RecoveryStore::setModified(bool modified)
{
    if (modified == m_modified)
        return;
    m_modified = modified;
    m_window->setWindowModified(modified);
    emit modifiedChanged(modified);
}

void RecoveryStore::markModified()
{
    setModified(true);
    scheduleWrite();
}

void RecoveryStore::markClean()
{
    setModified(false);
    m_timer.stop();
    if (m_enabled)
        submitRemove();
}

void RecoveryStore::setEnabled(bool enabled)
{
    if (enabled == m_enabled)
        return;
    m_enabled = enabled;
    if (enabled) {
        scheduleWrite();
        return;
    }
    m_timer.stop();
    submitRemove();
}

void RecoveryStore::scheduleWrite()
{
    // Not restarted by each keystroke: while the user types, the file still follows every interval.
    if (m_enabled && m_modified && !m_timer.isActive())
        m_timer.start();
}

void RecoveryStore::writeNow()
{
    if (!m_enabled || !m_modified)
        return;
    if (m_inFlight > 0) {   // a big session is still being written: write the newer state after it
        m_timer.start();
        return;
    }
    submitWrite(m_window->store()->snapshot(), QString());
}

void RecoveryStore::submitWrite(const Session &session, const QString &removeAfter)
{
    ++m_inFlight;
    auto *watcher = new QFutureWatcher<QString>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
        --m_inFlight;
        const QString error = watcher->result();
        watcher->deleteLater();
        if (error.isEmpty()) {
            emit recoveryWritten(m_file);
        } else if (!m_warned) {   // once: a full disk would otherwise repeat it every few seconds
            m_warned = true;
            m_window->statusBar()->showMessage(tr("Could not autosave the session: %1").arg(error), 0);
        }
    });
    // Serialising a session with big plans and writing it take time: on the recovery thread, never the GUI's.
    // Session holds implicitly shared strings, so the copy made here is cheap and safe to read there.
    const QString file = m_file;
    watcher->setFuture(QtConcurrent::run(&m_pool, [session, file, removeAfter] {
        QDir().mkpath(QFileInfo(file).path());
        QString error;
        if (!session.save(file, &error))   // QSaveFile: the previous recovery file stays whole until the commit
            return error;
        if (!removeAfter.isEmpty())
            QFile::remove(removeAfter);
        return QString();
    }));
}

void RecoveryStore::submitRemove()
{
    const QString file = m_file;
    m_pool.start([file] { QFile::remove(file); });   // after any write still queued
}

void RecoveryStore::windowClosed()
{
    m_enabled = false;
    m_timer.stop();
    m_pool.waitForDone();
    QFile::remove(m_file);
}

QString RecoveryStore::recoveryDir()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation) + QStringLiteral("/recovery");
}

QString RecoveryStore::fileNameFor(const Owner &owner)
{
    return QStringLiteral("recovery-%1-%2-%3.planlens").arg(owner.pid).arg(owner.start).arg(owner.instance);
}

std::optional<RecoveryStore::Owner> RecoveryStore::ownerOf(const QString &fileName)
{
    static const QRegularExpression re(QStringLiteral("^recovery-(\\d+)-(\\d+)-(\\d+)\\.planlens$"));
    const QRegularExpressionMatch m = re.match(QFileInfo(fileName).fileName());
    if (!m.hasMatch())
        return std::nullopt;
    return Owner{m.captured(1).toLongLong(), m.captured(2).toULongLong(), m.captured(3).toInt()};
}

quint64 RecoveryStore::processStart(qint64 pid)
{
    const QList<QByteArray> fields = procStatFields(pid);
    return fields.size() > 19 ? fields.at(19).toULongLong() : 0;
}

bool RecoveryStore::isOwnerAlive(const Owner &owner)
{
#ifdef Q_OS_UNIX
    if (owner.pid <= 0)
        return false;
    if (::kill(pid_t(owner.pid), 0) != 0 && errno == ESRCH)
        return false;
    const QList<QByteArray> fields = procStatFields(owner.pid);
    if (!fields.isEmpty() && (fields.at(0) == "Z" || fields.at(0) == "X"))   // killed, not yet reaped
        return false;
    const quint64 start = fields.size() > 19 ? fields.at(19).toULongLong() : 0;
    // The pid was given to a later process: its owner is gone. Unknown start times count as alive.
    return owner.start == 0 || start == 0 || start == owner.start;
#else
    Q_UNUSED(owner)
    return true;   // cannot tell here: never offer another instance's work
#endif
}

QString RecoveryStore::newestStaleFile()
{
    const QDir dir(recoveryDir());
    const QFileInfoList files = dir.entryInfoList({QStringLiteral("recovery-*.planlens")}, QDir::Files, QDir::Time);
    for (const QFileInfo &fi : files) {   // newest first
        const std::optional<Owner> owner = ownerOf(fi.fileName());
        if (owner && !isOwnerAlive(*owner))
            return fi.absoluteFilePath();
    }
    return {};
}

void RecoveryStore::offerStale()
{
    if (!m_enabled || !m_offered.isEmpty())
        return;
    m_offered = newestStaleFile();
    if (m_offered.isEmpty())
        return;
    if (!m_banner) {
        // Across the top of the window, under the header: a toolbar row of its own, made only when there is
        // something to offer, with no entry in the toolbars' context menu.
        m_bar = new QToolBar(tr("Recovery"), m_window);
        m_bar->setObjectName(QStringLiteral("RecoveryBar"));
        m_bar->setMovable(false);
        m_bar->setFloatable(false);
        m_bar->toggleViewAction()->setVisible(false);
        m_bar->setContextMenuPolicy(Qt::PreventContextMenu);
        m_bar->setStyleSheet(QStringLiteral("QToolBar#RecoveryBar { border: 0; padding: 0; spacing: 0; }"));
        m_banner = new RecoveryBanner;
        m_bar->addWidget(m_banner);
        m_window->addToolBarBreak(Qt::TopToolBarArea);
        m_window->addToolBar(Qt::TopToolBarArea, m_bar);
        connect(m_banner, &RecoveryBanner::restoreRequested, this, [this] {
            QString error;
            if (!restoreOffered(&error))
                m_window->statusBar()->showMessage(error, 0);
        });
        connect(m_banner, &RecoveryBanner::discardRequested, this, &RecoveryStore::discardOffered);
    }
    m_bar->show();
    m_banner->offer(QFileInfo(m_offered).lastModified());
}

bool RecoveryStore::restoreOffered(QString *error)
{
    if (m_offered.isEmpty()) {
        *error = tr("There is no autosaved work to restore.");
        return false;
    }
    const std::optional<Session> session = Session::load(m_offered, error);
    if (!session)
        return false;   // the banner stays: Discard still works
    const QString old = m_offered;
    const QDateTime written = QFileInfo(old).lastModified();
    m_offered.clear();
    m_bar->hide();
    m_window->store()->applySession(*session, tr("recovered work"));
    setModified(true);   // unsaved work, as it was in the instance that closed
    m_timer.stop();
    if (m_enabled)
        submitWrite(*session, old);   // this window's recovery file first, then the old one goes
    m_window->statusBar()->showMessage(
        tr("Restored the work autosaved at %1. It is not saved yet: File › Save Session keeps it.")
            .arg(shortTime(written)),
        0);
    return true;
}

void RecoveryStore::discardOffered()
{
    if (m_offered.isEmpty())
        return;
    QFile::remove(m_offered);
    m_offered.clear();
    m_bar->hide();
    m_window->statusBar()->showMessage(tr("Discarded the autosaved work."), 8000);
}

} // namespace PlanLens
