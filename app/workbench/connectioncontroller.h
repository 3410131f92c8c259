// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>

class QComboBox;
class QLabel;
class QProcess;
class QWidget;

namespace PlanLens {

class PgConnection;
class RunController;

// The connection: the DSN box and its state label, the password prompt (the password is handed to libpq for
// this connection only, never stored), reconnecting when the DSN changed, and starting the demo database.
class ConnectionController : public QObject
{
    Q_OBJECT
public:
    // dialogParent: where the password prompt opens.
    explicit ConnectionController(QWidget *dialogParent, QObject *parent = nullptr);
    ~ConnectionController() override;

    PgConnection *connection() const { return m_conn; }
    QComboBox *dsnBox() const { return m_dsn; }
    QLabel *stateLabel() const { return m_state; }

    QString conninfo() const;
    void setConninfo(const QString &conninfo);
    QString stateText() const;                // what the state label says
    void setRecent(const QStringList &recent);

    // Connects (or reconnects) to the DSN in the box; a DSN libpq cannot read is reported at once.
    void connectNow();
    // Before a run: connects when the DSN changed or nothing is connected yet (the runner waits for it).
    void ensureConnected();
    void startDemo();
    // The runs on this connection: none may be going when it reconnects elsewhere, and one waiting for a
    // password is restarted once the password is in.
    void setRunController(RunController *runs) { m_runs = runs; }

signals:
    void statusMessage(const QString &text, int timeoutMs);
    void demoBusy(bool busy);
    void runRequested();                      // the password came after a run had to wait for it

private:
    void updateState();
    void onPasswordRequired();

    QWidget *m_dialogParent;
    PgConnection *m_conn = nullptr;
    QComboBox *m_dsn = nullptr;
    QLabel *m_state = nullptr;
    QProcess *m_demo = nullptr;
    bool m_runAfterConnect = false;
    RunController *m_runs = nullptr;
};

} // namespace PlanLens
