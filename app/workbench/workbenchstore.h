// SPDX-License-Identifier: MIT
#pragma once

#include "session.h"

#include <QObject>
#include <QString>
#include <QStringList>

class QMainWindow;

namespace PlanLens {

class ConnectionController;
class RunSettings;
struct WorkbenchUi;

// What the workbench keeps: sessions (*.planlens: scripts, parameters, run settings and the plans on screen,
// never a password) and the user's state between starts (QSettings: window layout, the DSN without its
// password, the recent DSNs, both scripts, the rounds and timeout).
class WorkbenchStore : public QObject
{
    Q_OBJECT
public:
    WorkbenchStore(QMainWindow *window, WorkbenchUi *ui, ConnectionController *connection, RunSettings *settings);

    // The session on screen, as Save Session writes it (also what the recovery file holds).
    Session snapshot() const;
    bool saveSession(const QString &fileName, QString *error);   // sessionSaved on success
    // Fills the scripts, parameters and settings; the plans it holds come back through planTextLoaded.
    bool loadSession(const QString &fileName, QString *error);   // sessionOpened on success
    // The same for a session read elsewhere (recovered work); origin names it in the plans' messages.
    void applySession(const Session &session, const QString &origin);
    bool loadExample(const QString &id);   // fills both panes and the DSN from resources/demo
    void saveSessionDialog();
    void openSessionDialog();

    void restoreSettings();
    // Written to QSettings on a thread of its own (its sync ends in an fsync: 80 ms on a busy disk, once per
    // Run click), in order; `wait` writes before returning, after the writes still queued (closing the window).
    void saveSettings(bool saveLayout, bool wait = false) const;

    static constexpr int kLayoutVersion = 2;   // window/state saved by an older layout is not restored

signals:
    void planTextLoaded(int side, const QString &text, const QString &origin);
    void sessionSaved(const QString &fileName);
    void sessionOpened(const QString &fileName);
    void statusMessage(const QString &text, int timeoutMs);

private:
    QMainWindow *m_window;
    WorkbenchUi *m_ui;
    ConnectionController *m_connection;
    RunSettings *m_settings;
    mutable QStringList m_recent;   // the recent DSNs as the last saveSettings() left them
};

} // namespace PlanLens
