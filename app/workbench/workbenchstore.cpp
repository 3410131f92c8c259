// SPDX-License-Identifier: MIT
#include "workbenchstore.h"

#include "reportexport.h"

#include "connectioncontroller.h"
#include "historycontroller.h"
#include "db/demodatabase.h"
#include "db/pgconnection.h"
#include "parametertable.h"
#include "planside.h"
#include "runsettings.h"
#include "scriptpane.h"
#include "session.h"
#include "sqleditor.h"
#include "workbenchui.h"

#include <QCoreApplication>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QMainWindow>
#include <QMessageBox>
#include <QSettings>
#include <QThreadPool>

namespace PlanLens {

WorkbenchStore::WorkbenchStore(QMainWindow *window, WorkbenchUi *ui, ConnectionController *connection,
                               RunSettings *settings)
    : QObject(window)
    , m_window(window)
    , m_ui(ui)
    , m_connection(connection)
    , m_settings(settings)
{
}

Session WorkbenchStore::snapshot() const
{
    Session s;
    s.conninfo = m_connection->conninfo();
    s.beforeSql = m_ui->scripts->editor(0)->text();
    s.afterSql = m_ui->scripts->editor(1)->text();
    s.parameters = m_ui->params->parameters();
    RunRequest r;
    m_settings->applyTo(&r);
    s.mode = r.mode;
    s.explain = r.explain;
    s.runs = r.runs;
    s.warmup = r.warmup;
    s.timeoutMs = r.timeoutMs;
    s.beforePlan = m_ui->sides[0]->rawPlan();
    s.afterPlan = m_ui->sides[1]->rawPlan();
    // The results on screen (run, findings, rewrites, the rewrite tried): a saved session and the recovery file
    // carry them, and so does a report.
    if (const auto *results = m_window->findChild<ReportExport *>())
        results->addResultsTo(&s);
    if (const auto *history = m_window->findChild<HistoryController *>())
        history->addTo(&s);
    return s;
}

bool WorkbenchStore::saveSession(const QString &fileName, QString *error)
{
    if (!snapshot().save(fileName, error))
        return false;
    emit sessionSaved(fileName);
    return true;
}

bool WorkbenchStore::loadSession(const QString &fileName, QString *error)
{
    const std::optional<Session> s = Session::load(fileName, error);
    if (!s)
        return false;
    applySession(*s, tr("session %1").arg(QFileInfo(fileName).fileName()));
    emit statusMessage(tr("Opened %1").arg(fileName), 8000);
    emit sessionOpened(fileName);
    return true;
}

void WorkbenchStore::applySession(const Session &s, const QString &origin)
{
    m_connection->setConninfo(s.conninfo);
    m_ui->scripts->editor(0)->setText(s.beforeSql);
    m_ui->scripts->editor(1)->setText(s.afterSql);
    m_ui->params->setParameters(s.parameters);
    if (!s.parameters.isEmpty())
        m_ui->paramsDock->show();
    m_settings->setMode(s.mode);
    m_settings->setExplain(s.explain);
    m_settings->setRounds(s.runs, s.warmup);
    m_settings->setTimeoutMs(s.timeoutMs);
    if (auto *history = m_window->findChild<HistoryController *>())
        history->setHistory(s.history);
    if (!s.beforePlan.isEmpty())
        emit planTextLoaded(0, s.beforePlan, origin);
    if (!s.afterPlan.isEmpty())
        emit planTextLoaded(1, s.afterPlan, origin);
}

bool WorkbenchStore::loadExample(const QString &id)
{
    for (const DemoDatabase::Example &e : DemoDatabase::examples()) {
        if (e.id != id)
            continue;
        m_ui->scripts->editor(0)->setText(e.beforeSql);
        m_ui->scripts->editor(1)->setText(e.afterSql);
        m_connection->setConninfo(DemoDatabase().conninfo(e.database));
        emit statusMessage(tr("Loaded example: %1").arg(e.title), 8000);
        return true;
    }
    emit statusMessage(tr("There is no example called %1.").arg(id), 8000);
    return false;
}

void WorkbenchStore::saveSessionDialog()
{
    QSettings st;
    const QString f = QFileDialog::getSaveFileName(m_window, tr("Save session"),
                                                   st.value(QStringLiteral("files/sessionDir")).toString(),
                                                   tr("PlanLens sessions (*.planlens)"));
    if (f.isEmpty())
        return;
    st.setValue(QStringLiteral("files/sessionDir"), QFileInfo(f).path());
    QString error;
    if (!saveSession(f.endsWith(QStringLiteral(".planlens")) ? f : f + QStringLiteral(".planlens"), &error))
        QMessageBox::warning(m_window, tr("Save session"), error);
}

void WorkbenchStore::openSessionDialog()
{
    QSettings st;
    const QString f = QFileDialog::getOpenFileName(m_window, tr("Open session"),
                                                   st.value(QStringLiteral("files/sessionDir")).toString(),
                                                   tr("PlanLens sessions (*.planlens);;All files (*)"));
    if (f.isEmpty())
        return;
    st.setValue(QStringLiteral("files/sessionDir"), QFileInfo(f).path());
    QString error;
    if (!loadSession(f, &error))
        QMessageBox::warning(m_window, tr("Open session"), error);
}

void WorkbenchStore::restoreSettings()
{
    QSettings s;
    if (!m_window->restoreGeometry(s.value(QStringLiteral("window/geometry")).toByteArray()))
        m_window->resize(1440, 900);
    if (!m_window->restoreState(s.value(QStringLiteral("window/state")).toByteArray(), kLayoutVersion))
        m_window->resizeDocks({m_ui->findingsDock}, {360}, Qt::Horizontal);   // first start: a narrow side panel
    QStringList recent = s.value(QStringLiteral("connection/recent")).toStringList();
    for (const QString &db : DemoDatabase::databases()) {
        const QString demo = DemoDatabase().conninfo(db);
        if (!recent.contains(demo))
            recent << demo;
    }
    m_connection->setRecent(recent);
    m_connection->setConninfo(
        s.value(QStringLiteral("connection/last"), DemoDatabase().conninfo(QStringLiteral("tracks"))).toString());
    // What the user typed survives a restart (and a lost server, a cancelled run, ...).
    m_ui->scripts->editor(0)->setText(s.value(QStringLiteral("editor/before")).toString());
    m_ui->scripts->editor(1)->setText(s.value(QStringLiteral("editor/after")).toString());
    m_settings->restore(s);
}

namespace {

// One thread, so the writes land in the order they were made; the application waits for it before it ends.
QThreadPool *settingsWriter()
{
    static QThreadPool *pool = [] {
        auto *p = new QThreadPool;
        p->setMaxThreadCount(1);
        qAddPostRoutine([] { settingsWriter()->waitForDone(); });
        return p;
    }();
    return pool;
}

} // namespace

void WorkbenchStore::saveSettings(bool saveLayout, bool wait) const
{
    QVariantMap values;
    values.insert(QStringLiteral("window/geometry"), m_window->saveGeometry());
    if (saveLayout)
        values.insert(QStringLiteral("window/state"), m_window->saveState(kLayoutVersion));
    // The connection string is kept without its password; so is the list of recent ones.
    const QString dsn = PgConnection::withoutPassword(m_connection->conninfo());
    values.insert(QStringLiteral("connection/last"), dsn);
    // The recent list as the last save left it (a write still queued included).
    QStringList recent = m_recent.isEmpty() ? QSettings().value(QStringLiteral("connection/recent")).toStringList() : m_recent;
    recent.removeAll(dsn);
    if (!dsn.isEmpty())
        recent.prepend(dsn);
    m_recent = recent.mid(0, 12);
    values.insert(QStringLiteral("connection/recent"), m_recent);
    values.insert(QStringLiteral("editor/before"), m_ui->scripts->editor(0)->text());
    values.insert(QStringLiteral("editor/after"), m_ui->scripts->editor(1)->text());
    m_settings->save(values);

    QThreadPool *writer = settingsWriter();
    auto write = [values] {
        QSettings s;
        for (auto it = values.cbegin(); it != values.cend(); ++it)
            s.setValue(it.key(), it.value());
    };
    if (wait) {
        writer->waitForDone();
        write();
    } else {
        writer->start(write);
    }
}

} // namespace PlanLens
