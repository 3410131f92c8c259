// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>
#include <QString>
#include <QThreadPool>
#include <QTimer>

#include <optional>

class QToolBar;

namespace PlanLens {

class MainWindow;
class RecoveryBanner;
struct Session;
struct WorkbenchUi;

// Never lose work. Tracks whether the window holds work not in a session file ("modified": an edit in either
// SQL editor or the parameter table, a finished run, a loaded plan, a tried rewrite; cleared by Save Session and
// Open Session) and shows it in the title the Qt way ("PlanLens[*]" + setWindowModified).
//
// While modified, the session (WorkbenchStore::snapshot(), written by Session::save as File › Save Session
// does) goes every few seconds to a recovery file of this instance in AppLocalDataLocation/recovery/, written
// atomically (QSaveFile) on a worker thread. The file name is the owner marker:
// recovery-<pid>-<process start>-<n>.planlens, the start time telling a live owner from a later process that
// got the same pid. The file is removed on a clean exit and when the session is saved or opened.
//
// On start, the newest recovery file whose owner is gone (a crash, kill -9, a power cut) is offered by a banner
// at the top of the window: Restore loads it as Open Session would and leaves the window modified (its own
// recovery file replaces the old one before that is removed); Discard deletes it. Files of live owners (another
// window) are never offered. Off under QStandardPaths test mode, so in-process tests do not write or see files.
class RecoveryStore : public QObject
{
    Q_OBJECT
public:
    static constexpr int kDefaultIntervalMs = 5000;

    struct Owner {
        qint64 pid = 0;
        quint64 start = 0;   // process start (Linux: clock ticks after boot, /proc/<pid>/stat field 22); 0 unknown
        int instance = 0;    // windows of one process
    };

    RecoveryStore(MainWindow *window, WorkbenchUi *ui);
    ~RecoveryStore() override;

    bool isModified() const { return m_modified; }
    void markModified();
    void markClean();

    // Off: no autosave and no offer (--screenshot runs, tests). Set before the event loop starts to skip the offer.
    void setEnabled(bool enabled);
    bool isEnabled() const { return m_enabled; }
    void setInterval(int ms) { m_timer.setInterval(ms); }
    int interval() const { return m_timer.interval(); }

    QString recoveryFile() const { return m_file; }        // this window's (exists only while modified)
    QString offeredFile() const { return m_offered; }      // the stale file the banner offers, or empty
    RecoveryBanner *banner() const { return m_banner; }    // visible while an offer stands
    bool restoreOffered(QString *error);
    void discardOffered();
    // The window closed cleanly: nothing left to recover.
    void windowClosed();

    static QString recoveryDir();
    static QString fileNameFor(const Owner &owner);
    static std::optional<Owner> ownerOf(const QString &fileName);
    static quint64 processStart(qint64 pid);
    // False only when sure: no such process (or a zombie), or a later process that got the same pid.
    static bool isOwnerAlive(const Owner &owner);
    // The newest recovery file whose owner is gone, or empty.
    static QString newestStaleFile();

signals:
    void modifiedChanged(bool modified);
    void recoveryWritten(const QString &fileName);   // this window's recovery file is on disk

private:
    void offerStale();
    void scheduleWrite();
    void writeNow();
    void submitWrite(const Session &session, const QString &removeAfter);
    void submitRemove();
    void setModified(bool modified);

    MainWindow *m_window;
    WorkbenchUi *m_ui;
    QString m_file;
    QString m_offered;
    QString m_sessionPlanOrigin[2];   // plans of an opened session arrive later: not an edit
    bool m_modified = false;
    bool m_enabled = true;
    bool m_warned = false;
    int m_inFlight = 0;
    QTimer m_timer;
    QThreadPool m_pool;               // one thread: writes and removals happen in the order asked
    QToolBar *m_bar = nullptr;        // holds the banner; made on the first offer
    RecoveryBanner *m_banner = nullptr;
};

} // namespace PlanLens
