// SPDX-License-Identifier: MIT
#include "connectioncontroller.h"

#include "db/demodatabase.h"
#include "db/pgconnection.h"
#include "runcontroller.h"
#include "theme.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QProcess>

namespace PlanLens {

namespace {

enum class StateTone { Neutral, Good, Bad };
constexpr const char *kToneProperty = "stateTone";

// The state's colour comes from Theme, so it is asked again when the theme changes (Theme::whenChanged).
void paintState(QLabel *label)
{
    Theme::Role role = Theme::Role::TextMuted;
    switch (StateTone(label->property(kToneProperty).toInt())) {
    case StateTone::Good: role = Theme::Role::ToneOkInk; break;
    case StateTone::Bad: role = Theme::Role::WorseText; break;
    case StateTone::Neutral: break;
    }
    label->setStyleSheet(QStringLiteral("color: %1").arg(Theme::css(role)));
}

void setTone(QLabel *label, StateTone tone)
{
    label->setProperty(kToneProperty, int(tone));
    paintState(label);
}

} // namespace

ConnectionController::ConnectionController(QWidget *dialogParent, QObject *parent)
    : QObject(parent)
    , m_dialogParent(dialogParent)
{
    m_conn = new PgConnection(this);
    m_dsn = new QComboBox(dialogParent);   // the window's header takes it over
    m_dsn->setObjectName(QStringLiteral("ConnectionEdit"));
    m_dsn->setEditable(true);
    m_dsn->setInsertPolicy(QComboBox::NoInsert);
    m_dsn->setMinimumWidth(200);
    m_dsn->setMaximumWidth(380);
    m_dsn->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_dsn->setMinimumContentsLength(24);
    m_dsn->lineEdit()->setPlaceholderText(tr("host=… dbname=… or postgresql://user@host/db"));
    m_dsn->setToolTip(tr("A libpq connection string or URI. PG* variables, service files and .pgpass apply; "
                         "passwords are asked for when the server wants one and are never stored."));
    m_state = new QLabel(dialogParent);
    m_state->setObjectName(QStringLiteral("ConnectionState"));
    m_state->setContentsMargins(6, 0, 6, 0);
    m_state->setTextInteractionFlags(Qt::TextSelectableByMouse);
    Theme::whenChanged(m_state, [label = m_state] { paintState(label); });

    connect(m_dsn->lineEdit(), &QLineEdit::returnPressed, this, &ConnectionController::connectNow);
    connect(m_conn, &PgConnection::stateChanged, this, &ConnectionController::updateState);
    connect(m_conn, &PgConnection::passwordRequired, this, &ConnectionController::onPasswordRequired);
    connect(m_conn, &PgConnection::connectionFailed, this, [this](const QString &m) {
        m_runAfterConnect = false;
        emit statusMessage(m, 0);
    });
    connect(m_conn, &PgConnection::connectionLost, this, [this](const QString &m) { emit statusMessage(m, 0); });
    connect(m_conn, &PgConnection::connected, this, [this] {
        if (m_runAfterConnect) {
            m_runAfterConnect = false;
            emit runRequested();
        }
    });
    updateState();
}

ConnectionController::~ConnectionController()
{
    if (m_demo && m_demo->state() != QProcess::NotRunning) {
        m_demo->kill();
        m_demo->waitForFinished(2000);
    }
}

QString ConnectionController::conninfo() const
{
    return m_dsn->currentText().trimmed();
}

void ConnectionController::setConninfo(const QString &conninfo)
{
    m_dsn->setCurrentText(conninfo);
}

QString ConnectionController::stateText() const
{
    return m_state->toolTip();
}

void ConnectionController::setRecent(const QStringList &recent)
{
    const QString current = m_dsn->currentText();
    m_dsn->clear();
    m_dsn->addItems(recent);
    m_dsn->setCurrentText(current);
}

void ConnectionController::connectNow()
{
    const QString dsn = conninfo();
    const QString problem = PgConnection::checkConninfo(dsn);
    if (!problem.isEmpty()) {
        m_state->setText(tr("● DSN error"));
        m_state->setToolTip(problem);
        setTone(m_state, StateTone::Bad);
        emit statusMessage(problem, 0);
        return;
    }
    if (m_runs && m_runs->isRunning()) {
        emit statusMessage(tr("A run is going: stop it before connecting elsewhere."), 8000);
        return;
    }
    m_conn->connectToServer(dsn);
}

void ConnectionController::ensureConnected()
{
    const QString dsn = conninfo();
    const bool sameTarget = PgConnection::withoutPassword(dsn) == m_conn->conninfo();
    if (!sameTarget || (m_conn->state() == PgConnection::State::Disconnected && !m_conn->hasParameters()))
        m_conn->connectToServer(dsn);
}

void ConnectionController::onPasswordRequired()
{
    const bool wasRunning = m_runs && m_runs->isRunning();
    if (wasRunning)
        m_runs->stop();   // it waits in "connecting": start again once the password is in
    bool ok = false;
    const QString pw = QInputDialog::getText(m_dialogParent, tr("Password"),
                                             tr("The server asks for a password for\n%1").arg(m_conn->conninfo()),
                                             QLineEdit::Password, QString(), &ok);
    if (!ok || pw.isEmpty()) {
        m_state->setText(tr("● No password"));
        m_state->setToolTip(tr("The server asks for a password: none was given."));
        return;
    }
    m_runAfterConnect = wasRunning;
    m_conn->connectToServer(m_conn->conninfo(), pw);   // kept by libpq for this connection only
}

void ConnectionController::updateState()
{
    // The label is short (a dot and a word) so the header stays one line; the whole sentence is its tooltip
    // and goes to the status bar.
    QString word, text;
    StateTone tone = StateTone::Neutral;
    switch (m_conn->state()) {
    case PgConnection::State::Disconnected:
        word = tr("Not connected");
        text = word;
        break;
    case PgConnection::State::Connecting:
        word = tr("Connecting…");
        text = word;
        break;
    case PgConnection::State::Connected:
        word = tr("Connected");
        text = tr("Connected: %1").arg(m_conn->description());
        tone = StateTone::Good;
        break;
    default:
        word = tr("Not connected");
        text = m_conn->lastError().isEmpty() ? word : m_conn->lastError();
        tone = StateTone::Bad;
        break;
    }
    m_state->setText(QStringLiteral("● ") + word);
    m_state->setToolTip(text);
    setTone(m_state, tone);
    emit statusMessage(text, m_conn->state() == PgConnection::State::Connected ? 8000 : 0);
}

void ConnectionController::startDemo()
{
    if (m_demo && m_demo->state() != QProcess::NotRunning)
        return;
    if (!m_demo) {
        m_demo = new QProcess(this);
        m_demo->setProcessChannelMode(QProcess::MergedChannels);
        connect(m_demo, &QProcess::readyRead, this, [this] {
            const QStringList lines = QString::fromUtf8(m_demo->readAll()).split(u'\n', Qt::SkipEmptyParts);
            if (!lines.isEmpty())
                emit statusMessage(lines.last().trimmed(), 0);
        });
        connect(m_demo, &QProcess::finished, this, [this](int code, QProcess::ExitStatus status) {
            emit demoBusy(false);
            if (status != QProcess::NormalExit || code != 0) {
                emit statusMessage(tr("The demo database did not start (exit %1): see `planlens demo status`.").arg(code), 0);
                return;
            }
            emit statusMessage(tr("The demo database is running."), 8000);
            if (conninfo().isEmpty() || conninfo() == DemoDatabase().conninfo(QStringLiteral("tracks"))
                || conninfo() == DemoDatabase().conninfo(QStringLiteral("projects")))
                connectNow();
        });
    }
    emit demoBusy(true);
    emit statusMessage(tr("Starting the demo database (the first start generates it: about a minute)…"), 0);
    m_demo->start(QCoreApplication::applicationFilePath(), {QStringLiteral("demo"), QStringLiteral("start")});
}

} // namespace PlanLens
