// SPDX-License-Identifier: MIT
#include "mainwindow.h"

#include "compareview.h"
#include "db/demodatabase.h"
#include "db/explainrunner.h"
#include "db/pgconnection.h"
#include "detect/detectors.h"
#include "findingspanel.h"
#include "plan/planparser.h"
#include "planview.h"
#include "rewrite/rewriteverifier.h"
#include "rewritepanel.h"
#include "session.h"
#include "sqleditor.h"
#include "sql/sqlscript.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QCloseEvent>
#include <QComboBox>
#include <QDockWidget>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QProcess>
#include <QProgressBar>
#include <QRegularExpression>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableWidget>
#include <QTextDocumentFragment>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace PlanLens {

namespace {

constexpr qint64 kMaxPlanFileBytes = qint64(1) << 30;   // 1 GiB: anything larger is not a plan

QString sideName(int side)
{
    return side == MainWindow::BeforeSide ? QObject::tr("Before") : QObject::tr("After");
}

QWidget *titled(const QString &title, QWidget *body)
{
    auto *box = new QWidget;
    auto *v = new QVBoxLayout(box);
    v->setContentsMargins(2, 2, 2, 2);
    v->setSpacing(2);
    v->addWidget(new QLabel(QStringLiteral("<b>%1</b>").arg(title)));
    v->addWidget(body, 1);
    return box;
}

QString ms(double v)
{
    if (v >= 100)
        return QLocale().toString(v, 'f', 0) + QStringLiteral(" ms");
    if (v >= 1)
        return QLocale().toString(v, 'f', 1) + QStringLiteral(" ms");
    return QLocale().toString(v, 'f', 3) + QStringLiteral(" ms");
}

QString factor(double v)
{
    return QStringLiteral("×") + QLocale().toString(v, 'f', v >= 10 ? 0 : 1);
}

// The parsed plan of a file or a paste, computed off the GUI thread.
struct ParsedPlan {
    std::optional<Plan> plan;
    QString error;
    QString raw;
};

ParsedPlan parseBytes(const QByteArray &bytes)
{
    ParsedPlan out;
    Result<Plan> r = parsePlanUtf8(QByteArrayView(bytes));
    if (auto *e = std::get_if<ParseError>(&r)) {
        out.error = e->toString();
        return out;
    }
    out.plan = std::move(std::get<Plan>(r));
    if (bytes.size() < 32 * 1024 * 1024)
        out.raw = QString::fromUtf8(bytes);
    return out;
}

} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
{
    setWindowTitle(QStringLiteral("PlanLens"));
    setObjectName(QStringLiteral("MainWindow"));
    m_conn = new PgConnection(this);
    m_runner = new ExplainRunner(m_conn, this);

    createConnectionBar();
    addToolBarBreak();
    createRunBar();
    createCentral();
    createDocks();
    createActions();
    restoreState();
    updateConnectionState();

    connect(m_conn, &PgConnection::stateChanged, this, &MainWindow::updateConnectionState);
    connect(m_conn, &PgConnection::passwordRequired, this, &MainWindow::onPasswordRequired);
    connect(m_conn, &PgConnection::connectionFailed, this, [this](const QString &m) {
        m_runAfterConnect = false;
        setStatus(m, 0);
    });
    connect(m_conn, &PgConnection::connectionLost, this, [this](const QString &m) { setStatus(m, 0); });
    connect(m_conn, &PgConnection::connected, this, [this] {
        if (m_runAfterConnect) {
            m_runAfterConnect = false;
            runPair();
        }
    });
    connect(m_runner, &ExplainRunner::progress, this, [this](const RunProgress &p) {
        onRunProgress(p.message, p.round, p.totalRounds);
    });
    connect(m_runner, &ExplainRunner::resultReady, this, &MainWindow::onRunResult);
    connect(m_runner, &ExplainRunner::runFailed, this, &MainWindow::onRunFailed);
    connect(m_runner, &ExplainRunner::stopped, this, &MainWindow::onRunStopped);
}

MainWindow::~MainWindow()
{
    if (m_demo && m_demo->state() != QProcess::NotRunning) {
        m_demo->kill();
        m_demo->waitForFinished(2000);
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Layout

void MainWindow::createConnectionBar()
{
    auto *bar = addToolBar(tr("Connection"));
    bar->setObjectName(QStringLiteral("ConnectionBar"));
    bar->setMovable(false);
    bar->addWidget(new QLabel(tr(" Connection: ")));
    m_dsn = new QComboBox;
    m_dsn->setObjectName(QStringLiteral("ConnectionEdit"));
    m_dsn->setEditable(true);
    m_dsn->setInsertPolicy(QComboBox::NoInsert);
    m_dsn->setMinimumWidth(420);
    m_dsn->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    m_dsn->lineEdit()->setPlaceholderText(tr("host=… dbname=… or postgresql://user@host/db"));
    m_dsn->setToolTip(tr("A libpq connection string or URI. PG* variables, service files and .pgpass apply; "
                         "passwords are asked for when the server wants one and are never stored."));
    bar->addWidget(m_dsn);
    m_connectButton = new QPushButton(tr("Connect"));
    m_connectButton->setObjectName(QStringLiteral("ConnectButton"));
    bar->addWidget(m_connectButton);
    connect(m_connectButton, &QPushButton::clicked, this, &MainWindow::connectToDatabase);
    connect(m_dsn->lineEdit(), &QLineEdit::returnPressed, this, &MainWindow::connectToDatabase);
    m_connectionState = new QLabel;
    m_connectionState->setObjectName(QStringLiteral("ConnectionState"));
    m_connectionState->setContentsMargins(8, 0, 8, 0);
    m_connectionState->setTextInteractionFlags(Qt::TextSelectableByMouse);
    bar->addWidget(m_connectionState);
}

void MainWindow::createRunBar()
{
    auto *bar = addToolBar(tr("Run"));
    bar->setObjectName(QStringLiteral("RunBar"));
    bar->setMovable(false);

    m_runAction = bar->addAction(tr("▶ Run pair"), this, &MainWindow::runPair);
    m_runAction->setObjectName(QStringLiteral("RunAction"));
    m_runAction->setShortcuts({QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)});
    m_runAction->setToolTip(tr("Run Before and After, interleaved, and compare them (Ctrl+Return)"));
    m_stopAction = bar->addAction(tr("■ Stop"), this, &MainWindow::stopRun);
    m_stopAction->setObjectName(QStringLiteral("StopAction"));
    m_stopAction->setShortcut(QKeySequence(Qt::Key_Escape));
    m_stopAction->setShortcutContext(Qt::WindowShortcut);
    m_stopAction->setToolTip(tr("Cancel the running statement on the server and end the series (Esc)"));
    m_stopAction->setEnabled(false);
    bar->addSeparator();

    bar->addWidget(new QLabel(tr(" Mode ")));
    m_mode = new QComboBox;
    m_mode->setObjectName(QStringLiteral("RunMode"));
    m_mode->addItem(tr("EXPLAIN ANALYZE"), int(RunMode::Analyze));
    m_mode->addItem(tr("ANALYZE, timing off"), int(RunMode::TimingOff));
    m_mode->addItem(tr("Estimate only (nothing runs)"), int(RunMode::Estimate));
    m_mode->setToolTip(tr("Estimate only plans the statements without executing them: for queries that run for "
                          "hours or write. Timing off measures rows per node without clock overhead."));
    bar->addWidget(m_mode);

    auto *options = new QToolButton;
    options->setText(tr("Options"));
    options->setPopupMode(QToolButton::InstantPopup);
    auto *menu = new QMenu(options);
    auto addOpt = [&](const QString &text, bool on) {
        QAction *a = menu->addAction(text);
        a->setCheckable(true);
        a->setChecked(on);
        return a;
    };
    m_optBuffers = addOpt(tr("BUFFERS"), true);
    m_optVerbose = addOpt(tr("VERBOSE"), true);
    m_optSettings = addOpt(tr("SETTINGS"), true);
    m_optWal = addOpt(tr("WAL"), false);
    menu->addSeparator();
    m_optGeneric = addOpt(tr("Generic plan (PREPARE, plan_cache_mode = force_generic_plan)"), false);
    options->setMenu(menu);
    bar->addWidget(options);

    bar->addWidget(new QLabel(tr("  Runs ")));
    m_runs = new QSpinBox;
    m_runs->setObjectName(QStringLiteral("Runs"));
    m_runs->setRange(1, 1000);
    m_runs->setValue(7);
    m_runs->setToolTip(tr("Measured rounds, each running Before then After in the same backend"));
    bar->addWidget(m_runs);
    bar->addWidget(new QLabel(tr(" Warm-up ")));
    m_warmup = new QSpinBox;
    m_warmup->setObjectName(QStringLiteral("Warmup"));
    m_warmup->setRange(0, 100);
    m_warmup->setValue(2);
    bar->addWidget(m_warmup);
    bar->addWidget(new QLabel(tr(" Timeout ")));
    m_timeout = new QSpinBox;
    m_timeout->setObjectName(QStringLiteral("Timeout"));
    m_timeout->setRange(1, 24 * 3600);
    m_timeout->setValue(60);
    m_timeout->setSuffix(tr(" s"));
    m_timeout->setToolTip(tr("statement_timeout for every statement of the run"));
    bar->addWidget(m_timeout);
    bar->addSeparator();
    m_allowWrites = new QCheckBox(tr("Allow writes for this run"));
    m_allowWrites->setObjectName(QStringLiteral("AllowWrites"));
    m_allowWrites->setToolTip(tr("Statements that write run inside a transaction that is always rolled back"));
    bar->addWidget(m_allowWrites);
}

void MainWindow::createCentral()
{
    for (int s = 0; s < 2; ++s) {
        m_editors[s] = new SqlEditor;
        m_editors[s]->setObjectName(s == BeforeSide ? QStringLiteral("BeforeEditor") : QStringLiteral("AfterEditor"));
        connect(m_editors[s], &SqlEditor::pasteRefused, this, [this](qsizetype chars) {
            setVerdict(tr("The clipboard holds %1 MB of text: more than the SQL editor takes (%2 MB), so nothing was "
                          "pasted. If it is a plan, use File › Paste Plan as Before/After.")
                           .arg(QLocale().toString(chars / 1048576.0, 'f', 1))
                           .arg(SqlEditor::kMaxPasteChars / 1048576),
                       QStringLiteral("bad"));
        });
    }
    auto *editors = new QSplitter(Qt::Horizontal);
    editors->setObjectName(QStringLiteral("EditorSplitter"));
    editors->addWidget(titled(tr("Before"), m_editors[BeforeSide]));
    editors->addWidget(titled(tr("After"), m_editors[AfterSide]));

    m_verdict = new QLabel;
    m_verdict->setObjectName(QStringLiteral("Verdict"));
    m_verdict->setWordWrap(true);
    m_verdict->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_verdict->setContentsMargins(8, 4, 8, 4);
    setVerdict(tr("Run the pair (Ctrl+Return) to see both plans, or open a plan file (Ctrl+O)."),
               QStringLiteral("info"));

    m_planTabs = new QTabWidget;
    m_planTabs->setObjectName(QStringLiteral("PlanTabs"));
    for (int s = 0; s < 2; ++s) {
        auto *page = new QWidget;
        auto *v = new QVBoxLayout(page);
        v->setContentsMargins(0, 0, 0, 0);
        v->setSpacing(0);
        auto *head = new QHBoxLayout;
        head->setContentsMargins(6, 2, 6, 2);
        m_planHeaders[s] = new QLabel(tr("No plan yet."));
        m_planHeaders[s]->setObjectName(s == BeforeSide ? QStringLiteral("BeforePlanHeader")
                                                        : QStringLiteral("AfterPlanHeader"));
        m_planHeaders[s]->setTextInteractionFlags(Qt::TextSelectableByMouse);
        head->addWidget(m_planHeaders[s], 1);
        m_statementBoxes[s] = new QComboBox;
        m_statementBoxes[s]->setToolTip(tr("This side has several statements: choose the plan to show"));
        m_statementBoxes[s]->hide();
        head->addWidget(m_statementBoxes[s]);
        v->addLayout(head);
        m_planViews[s] = new PlanView;
        m_planViews[s]->setObjectName(s == BeforeSide ? QStringLiteral("BeforePlan") : QStringLiteral("AfterPlan"));
        v->addWidget(m_planViews[s], 1);
        m_planTabs->addTab(page, s == BeforeSide ? tr("Before plan") : tr("After plan"));
        const Side side = Side(s);
        connect(m_statementBoxes[s], &QComboBox::activated, this,
                [this, side](int i) { showSideStatement(side, m_statementBoxes[side]->itemData(i).toInt()); });
        connect(m_planViews[s], &PlanView::nodeSelected, this, [this, side](int id) {
            m_findings[side]->selectFindingForNode(id);
        });
    }
    // The plan area may shrink below what its contents ask for: the window must fit a 768-pixel-high screen.
    m_planTabs->setMinimumSize(300, 200);
    m_compare = new CompareView;
    m_compare->setObjectName(QStringLiteral("Compare"));
    m_planTabs->addTab(m_compare, tr("Compare"));

    auto *lower = new QWidget;
    auto *lv = new QVBoxLayout(lower);
    lv->setContentsMargins(0, 0, 0, 0);
    lv->setSpacing(0);
    lv->addWidget(m_verdict);
    lv->addWidget(m_planTabs, 1);

    auto *main = new QSplitter(Qt::Vertical);
    main->setObjectName(QStringLiteral("MainSplitter"));
    main->addWidget(editors);
    main->addWidget(lower);
    main->setStretchFactor(0, 2);
    main->setStretchFactor(1, 5);
    main->setSizes({220, 700});
    setCentralWidget(main);

    m_progress = new QProgressBar;
    m_progress->setMaximumWidth(160);
    m_progress->setTextVisible(false);
    m_progress->hide();
    statusBar()->addPermanentWidget(m_progress);
    m_statusConnection = new QLabel;
    m_statusConnection->setObjectName(QStringLiteral("StatusConnection"));
    statusBar()->addPermanentWidget(m_statusConnection);
}

void MainWindow::createDocks()
{
    m_findingsDock = new QDockWidget(tr("Findings"), this);
    m_findingsDock->setObjectName(QStringLiteral("FindingsDock"));
    m_findingsTabs = new QTabWidget;
    for (int s = 0; s < 2; ++s) {
        m_findings[s] = new FindingsPanel;
        m_findings[s]->setObjectName(s == BeforeSide ? QStringLiteral("BeforeFindings")
                                                     : QStringLiteral("AfterFindings"));
        m_findingsTabs->addTab(m_findings[s], sideName(s));
        const Side side = Side(s);
        connect(m_findings[s], &FindingsPanel::nodeRequested, this, [this, side](int id) {
            m_planTabs->setCurrentIndex(side);
            m_planViews[side]->selectNode(id);
        });
        connect(m_findings[s], &FindingsPanel::spanRequested, this, [this, side](int start, int end) {
            if (m_editors[side]->text() == m_side[side].sql)   // the spans refer to the script as it ran
                m_editors[side]->selectSpan(start, end);
        });
        connect(m_findings[s], &FindingsPanel::rewriteRequested, this, [this](const QString &rule, int) {
            m_rewritesDock->show();
            m_rewritesDock->raise();
            if (!m_rewrites->showRule(rule))
                setStatus(tr("No rewrite of this kind applies to the Before script as it stands."));
        });
    }
    m_findingsTabs->setMinimumHeight(90);
    m_findingsDock->setWidget(m_findingsTabs);
    addDockWidget(Qt::BottomDockWidgetArea, m_findingsDock);

    m_rewritesDock = new QDockWidget(tr("Rewrites"), this);
    m_rewritesDock->setObjectName(QStringLiteral("RewritesDock"));
    m_rewrites = new RewritePanel;
    m_rewrites->setObjectName(QStringLiteral("Rewrites"));
    m_rewritesDock->setWidget(m_rewrites);
    addDockWidget(Qt::BottomDockWidgetArea, m_rewritesDock);
    tabifyDockWidget(m_findingsDock, m_rewritesDock);
    m_findingsDock->raise();
    connect(m_rewrites, &RewritePanel::tryAsAfter, this, &MainWindow::onTryAsAfter);

    m_paramsDock = new QDockWidget(tr("Parameters"), this);
    m_paramsDock->setObjectName(QStringLiteral("ParametersDock"));
    auto *box = new QWidget;
    auto *v = new QVBoxLayout(box);
    v->setContentsMargins(2, 2, 2, 2);
    m_params = new QTableWidget(0, 3);
    m_params->setObjectName(QStringLiteral("Parameters"));
    m_params->setHorizontalHeaderLabels({tr("Parameter"), tr("Value"), tr("Type (optional)")});
    m_params->horizontalHeader()->setStretchLastSection(true);
    m_params->verticalHeader()->hide();
    m_params->setToolTip(tr("Values for $1, $2, … and named parameters. $ids needs no value: it is the first "
                            "column of the previous statement's result, bound as an array."));
    v->addWidget(m_params, 1);
    auto *buttons = new QHBoxLayout;
    auto *detect = new QPushButton(tr("Find parameters in the scripts"));
    auto *clear = new QPushButton(tr("Clear"));
    buttons->addWidget(detect);
    buttons->addWidget(clear);
    buttons->addStretch(1);
    v->addLayout(buttons);
    connect(detect, &QPushButton::clicked, this, &MainWindow::detectParameters);
    connect(clear, &QPushButton::clicked, this, [this] { m_params->setRowCount(0); });
    m_paramsDock->setWidget(box);
    addDockWidget(Qt::RightDockWidgetArea, m_paramsDock);
    m_paramsDock->hide();
}

void MainWindow::createActions()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *open = file->addAction(tr("&Open Plan as Before…"), this, [this] { openPlanDialog(BeforeSide); });
    open->setShortcut(QKeySequence::Open);
    file->addAction(tr("Open Plan as &After…"), this, [this] { openPlanDialog(AfterSide); })
        ->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    file->addAction(tr("&Paste Plan as Before"), this, [this] { pastePlan(BeforeSide); })
        ->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_V));
    file->addAction(tr("Paste Plan as After"), this, [this] { pastePlan(AfterSide); });
    file->addSeparator();
    file->addAction(tr("Open &Session…"), this, &MainWindow::openSessionDialog);
    file->addAction(tr("&Save Session…"), this, &MainWindow::saveSessionDialog)->setShortcut(QKeySequence::Save);
    file->addSeparator();
    file->addAction(tr("&Export Graph…"), this, &MainWindow::exportGraph)
        ->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu *run = menuBar()->addMenu(tr("&Run"));
    run->addAction(m_runAction);
    run->addAction(m_stopAction);
    run->addSeparator();
    run->addAction(tr("&Connect"), this, &MainWindow::connectToDatabase);
    run->addAction(tr("Start the &Demo Database"), this, &MainWindow::startDemo);

    QMenu *examples = menuBar()->addMenu(tr("&Examples"));
    for (const DemoDatabase::Example &e : DemoDatabase::examples()) {
        const QString id = e.id;
        examples->addAction(e.title, this, [this, id] { loadExample(id); });
    }

    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->addAction(m_findingsDock->toggleViewAction());
    view->addAction(m_rewritesDock->toggleViewAction());
    view->addAction(m_paramsDock->toggleViewAction());
    view->addSeparator();
    view->addAction(tr("&Before Plan"), this, [this] { m_planTabs->setCurrentIndex(0); })
        ->setShortcut(QKeySequence(Qt::ALT | Qt::Key_1));
    view->addAction(tr("&After Plan"), this, [this] { m_planTabs->setCurrentIndex(1); })
        ->setShortcut(QKeySequence(Qt::ALT | Qt::Key_2));
    view->addAction(tr("&Compare"), this, [this] { m_planTabs->setCurrentIndex(2); })
        ->setShortcut(QKeySequence(Qt::ALT | Qt::Key_3));

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About PlanLens"), this, &MainWindow::showAbout);
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
}

// ---------------------------------------------------------------------------------------------------------------
// Connection

QString MainWindow::conninfo() const
{
    return m_dsn->currentText().trimmed();
}

void MainWindow::setConninfo(const QString &conninfo)
{
    m_dsn->setCurrentText(conninfo);
}

QString MainWindow::connectionText() const
{
    return m_connectionState->text();
}

void MainWindow::connectToDatabase()
{
    const QString dsn = conninfo();
    const QString problem = PgConnection::checkConninfo(dsn);
    if (!problem.isEmpty()) {
        m_connectionState->setText(problem);
        m_connectionState->setStyleSheet(QStringLiteral("color: #b03030"));
        return;
    }
    if (m_runner->isRunning() || (m_verifier && m_verifier->isRunning())) {
        setStatus(tr("A run is going: stop it before connecting elsewhere."));
        return;
    }
    m_conn->connectToServer(dsn);
}

void MainWindow::ensureConnection()
{
    const QString dsn = conninfo();
    const bool sameTarget = PgConnection::withoutPassword(dsn) == m_conn->conninfo();
    if (!sameTarget || (m_conn->state() == PgConnection::State::Disconnected && !m_conn->hasParameters()))
        m_conn->connectToServer(dsn);
}

void MainWindow::onPasswordRequired()
{
    const bool wasRunning = m_runner->isRunning();
    if (wasRunning)
        m_runner->stop();   // it waits in "connecting": start again once the password is in
    bool ok = false;
    const QString pw = QInputDialog::getText(this, tr("Password"),
                                             tr("The server asks for a password for\n%1").arg(m_conn->conninfo()),
                                             QLineEdit::Password, QString(), &ok);
    if (!ok || pw.isEmpty()) {
        m_connectionState->setText(tr("The server asks for a password: none was given."));
        return;
    }
    m_runAfterConnect = wasRunning;
    m_conn->connectToServer(m_conn->conninfo(), pw);   // kept by libpq for this connection only
}

void MainWindow::updateConnectionState()
{
    QString text;
    QString color = QStringLiteral("#606060");
    switch (m_conn->state()) {
    case PgConnection::State::Disconnected:
        text = tr("Not connected");
        break;
    case PgConnection::State::Connecting:
        text = tr("Connecting…");
        break;
    case PgConnection::State::Connected:
        text = tr("Connected: %1").arg(m_conn->description());
        color = QStringLiteral("#2a7a2a");
        break;
    default:
        text = m_conn->lastError().isEmpty() ? tr("Not connected") : m_conn->lastError();
        color = QStringLiteral("#b03030");
        break;
    }
    m_connectionState->setText(text);
    m_connectionState->setStyleSheet(QStringLiteral("color: %1").arg(color));
    m_statusConnection->setText(m_conn->state() == PgConnection::State::Connected ? m_conn->description()
                                                                                  : text);
}

void MainWindow::startDemo()
{
    if (m_demo && m_demo->state() != QProcess::NotRunning)
        return;
    if (!m_demo) {
        m_demo = new QProcess(this);
        m_demo->setProcessChannelMode(QProcess::MergedChannels);
        connect(m_demo, &QProcess::readyRead, this, [this] {
            const QStringList lines = QString::fromUtf8(m_demo->readAll()).split(u'\n', Qt::SkipEmptyParts);
            if (!lines.isEmpty())
                setStatus(lines.last().trimmed(), 0);
        });
        connect(m_demo, &QProcess::finished, this, [this](int code, QProcess::ExitStatus status) {
            m_progress->hide();
            if (status != QProcess::NormalExit || code != 0) {
                setStatus(tr("The demo database did not start (exit %1): see `planlens demo status`.").arg(code), 0);
                return;
            }
            setStatus(tr("The demo database is running."));
            if (conninfo().isEmpty() || conninfo() == DemoDatabase().conninfo(QStringLiteral("tracks"))
                || conninfo() == DemoDatabase().conninfo(QStringLiteral("projects")))
                connectToDatabase();
        });
    }
    m_progress->setRange(0, 0);
    m_progress->show();
    setStatus(tr("Starting the demo database (the first start generates it: about a minute)…"), 0);
    m_demo->start(QCoreApplication::applicationFilePath(), {QStringLiteral("demo"), QStringLiteral("start")});
}

// ---------------------------------------------------------------------------------------------------------------
// Runs

QList<RunParameter> MainWindow::parameters() const
{
    QList<RunParameter> out;
    for (int r = 0; r < m_params->rowCount(); ++r) {
        auto text = [&](int c) { return m_params->item(r, c) ? m_params->item(r, c)->text().trimmed() : QString(); };
        RunParameter p;
        p.name = text(0);
        if (p.name.startsWith(u'$'))
            p.name.remove(0, 1);
        p.value = m_params->item(r, 1) ? m_params->item(r, 1)->text() : QString();
        p.isNull = p.value.compare(QStringLiteral("NULL"), Qt::CaseInsensitive) == 0;
        p.type = text(2);
        if (!p.name.isEmpty())
            out << p;
    }
    return out;
}

void MainWindow::detectParameters()
{
    QStringList known;
    for (const RunParameter &p : parameters())
        known << p.name;
    QStringList found;
    for (int s = 0; s < 2; ++s) {
        const Result<SqlScript> r = parseSqlScript(m_editors[s]->text());
        if (const auto *script = std::get_if<SqlScript>(&r)) {
            for (const SqlStatement &st : script->statements) {
                for (const ParamUse &u : st.params) {
                    const QString name = u.name.isEmpty() ? QString::number(u.number) : u.name;
                    if (name == u"ids" || known.contains(name) || found.contains(name))
                        continue;
                    found << name;
                }
            }
        }
    }
    for (const QString &name : found) {
        const int row = m_params->rowCount();
        m_params->insertRow(row);
        m_params->setItem(row, 0, new QTableWidgetItem(QStringLiteral("$") + name));
        m_params->setItem(row, 1, new QTableWidgetItem);
        m_params->setItem(row, 2, new QTableWidgetItem);
    }
    setStatus(found.isEmpty() ? tr("No parameters without a value.") : tr("Enter values for %1.").arg(found.join(u", ")));
}

RunRequest MainWindow::currentRequest() const
{
    RunRequest r;
    r.beforeSql = m_editors[BeforeSide]->text();
    r.afterSql = m_editors[AfterSide]->text();
    r.parameters = parameters();
    r.mode = RunMode(m_mode->currentData().toInt());
    r.explain.buffers = m_optBuffers->isChecked();
    r.explain.verbose = m_optVerbose->isChecked();
    r.explain.settings = m_optSettings->isChecked();
    r.explain.wal = m_optWal->isChecked();
    r.explain.genericPlan = m_optGeneric->isChecked();
    r.runs = m_runs->value();
    r.warmup = m_warmup->value();
    r.timeoutMs = m_timeout->value() * 1000;
    r.allowWrites = m_allowWrites->isChecked();
    return r;
}

void MainWindow::setRunRounds(int runs, int warmup)
{
    m_runs->setValue(runs);
    m_warmup->setValue(warmup);
}

void MainWindow::setRunMode(RunMode mode)
{
    m_mode->setCurrentIndex(m_mode->findData(int(mode)));
}

void MainWindow::setAllowWrites(bool allow)
{
    m_allowWrites->setChecked(allow);
}

bool MainWindow::isRunning() const
{
    return m_runner->isRunning() || (m_verifier && m_verifier->isRunning());
}

bool MainWindow::deferUntilChecksDone(std::function<void()> action)
{
    // The catalog checks of the proposed rewrites take a moment on the same connection: what the user asked
    // for meanwhile runs as soon as they are done, instead of being refused.
    if (!m_verifier || !m_verifier->isRunning() || m_verifyingTry || m_runner->isRunning())
        return false;
    m_afterChecks = std::move(action);
    setVerdict(tr("Running… (after the rewrites' catalog checks)"), QStringLiteral("busy"));
    return true;
}

void MainWindow::runDeferred()
{
    if (!m_afterChecks)
        return;
    auto action = std::move(m_afterChecks);
    m_afterChecks = nullptr;
    QTimer::singleShot(0, this, action);
}

void MainWindow::runPair()
{
    if (deferUntilChecksDone([this] { runPair(); }))
        return;
    if (isRunning()) {
        setStatus(tr("A run is going: stop it first (Esc)."));
        return;
    }
    saveState();   // what the user typed survives whatever happens next
    for (SqlEditor *e : m_editors)
        e->clearMarks();
    const RunRequest request = currentRequest();
    if (request.beforeSql.trimmed().isEmpty() && request.afterSql.trimmed().isEmpty()) {
        setVerdict(tr("Both panes are empty: type a query in Before (and its rewrite in After), or load an example."),
                   QStringLiteral("bad"));
        return;
    }
    const QString problem = ExplainRunner::check(request);
    if (!problem.isEmpty()) {
        onRunFailed(problem);
        return;
    }
    ensureConnection();
    setRunning(true);
    setVerdict(tr("Running…"), QStringLiteral("busy"));
    if (!m_runner->start(request))
        setRunning(false);   // runFailed() follows with the reason
}

void MainWindow::stopRun()
{
    if (m_afterChecks) {
        m_afterChecks = nullptr;
        setVerdict(tr("Stopped before the run started."), QStringLiteral("info"));
    }
    if (m_runner->isRunning()) {
        setStatus(tr("Stopping: cancelling the statement on the server…"), 0);
        m_runner->stop();
    }
    if (m_verifier && m_verifier->isRunning())
        m_verifier->stop();
}

void MainWindow::setRunning(bool running)
{
    m_runAction->setEnabled(!running);
    m_stopAction->setEnabled(running);
    m_connectButton->setEnabled(!running);
    m_progress->setVisible(running);
    if (running)
        m_progress->setRange(0, 0);
}

void MainWindow::onRunProgress(const QString &message, int round, int total)
{
    if (total > 0) {
        m_progress->setRange(0, total);
        m_progress->setValue(round - 1);
    }
    setStatus(message, 0);
    setVerdict(tr("Running… %1").arg(message.toHtmlEscaped()), QStringLiteral("busy"));
}

void MainWindow::onRunFailed(const QString &message)
{
    setRunning(false);
    const RunFailure f = m_runner->lastFailure();
    QString where;
    if (!f.side.isEmpty()) {
        const Side side = f.side == u"after" ? AfterSide : BeforeSide;
        where = tr("%1, statement %2: ").arg(sideName(side)).arg(f.statement + 1);
        if (f.position >= 0)
            markFailure(side, f.position, message);
    }
    setVerdict(QStringLiteral("<b>%1</b> %2").arg(tr("The run failed."), (where + message).toHtmlEscaped()),
               QStringLiteral("bad"));
    setStatus(message, 0);
    emit runFinished(false);
}

void MainWindow::markFailure(Side side, int position, const QString &message)
{
    const QString text = m_editors[side]->text();
    if (position < 0 || position >= text.size())
        return;
    int end = position;
    while (end < text.size() && !text.at(end).isSpace() && text.at(end) != u';')
        ++end;
    SqlEditor::Mark m;
    m.start = position;
    m.end = qMax(end, position + 1);
    m.message = message;
    m.severity = 2;
    m_editors[side]->setMarks({m});
    m_editors[side]->selectSpan(m.start, m.end);
}

void MainWindow::onRunStopped(const RunResult &partial)
{
    setRunning(false);
    const QString text = partial.roundsDone > 0
                             ? tr("Stopped after %1 of %2 measured rounds; nothing was kept from the run.")
                                   .arg(partial.roundsDone)
                                   .arg(partial.runs)
                             : tr("Stopped: the statement was cancelled on the server and the transaction rolled back.");
    setVerdict(text, QStringLiteral("info"));
    setStatus(text);
    emit runFinished(false);
}

void MainWindow::onRunResult(const RunResult &result)
{
    setRunning(false);
    QString html;
    QString tone = QStringLiteral("info");
    if (result.mode == RunMode::Estimate) {
        html = tr("<b>Estimate only</b>: nothing was executed. Planner cost Before %1, After %2.")
                   .arg(QLocale().toString(result.before.totalCost.value_or(0), 'f', 0),
                        QLocale().toString(result.after.totalCost.value_or(0), 'f', 0));
    } else {
        QStringList parts;
        if (result.before.medianMs && result.after.medianMs) {
            parts << tr("Before %1 → After %2 (medians of %3 runs)")
                         .arg(ms(*result.before.medianMs), ms(*result.after.medianMs))
                         .arg(result.roundsDone);
        }
        if (result.speedup) {
            const double s = *result.speedup;
            parts << (s >= 1 ? tr("<b>%1 faster</b>").arg(factor(s)) : tr("<b>%1 slower</b>").arg(factor(1 / s)));
        }
        if (result.rowsEqual) {
            if (*result.rowsEqual) {
                parts << tr("rows equal (%1 rows)").arg(result.after.rows.value_or(0));
                tone = QStringLiteral("ok");
            } else {
                parts << tr("<b>rows differ</b>: Before returned %1 rows, After %2 (or the same count with other "
                            "values)")
                             .arg(result.before.rows.value_or(0))
                             .arg(result.after.rows.value_or(0));
                tone = QStringLiteral("bad");
            }
        }
        if (!result.before.rowsStable || !result.after.rowsStable)
            parts << tr("rows changed between runs");
        html = parts.join(QStringLiteral(" · "));
    }
    showRunResult(result, html, tone);
    setStatus(tr("Run finished on %1").arg(result.server));
    emit runFinished(true);
}

void MainWindow::showRunResult(const RunResult &result, const QString &verdictHtml, const QString &tone)
{
    m_lastRun = result;
    const SideResult *sides[2] = {&result.before, &result.after};
    const QString prefix = explainPrefix(result.mode, result.explain);
    for (int s = 0; s < 2; ++s) {
        QList<Plan> plans;
        QList<int> statements;
        QString raw;
        for (const StatementRun &st : sides[s]->statements) {
            if (!st.explained || st.plan.isEmpty())
                continue;
            plans << st.plan;
            statements << st.index;
            raw = st.explainJson;
        }
        QString header = prefix;
        if (sides[s]->medianMs)
            header += tr(" · median %1 over %2 runs (min %3, max %4)")
                          .arg(ms(*sides[s]->medianMs))
                          .arg(sides[s]->runsMs.size())
                          .arg(ms(sides[s]->minMs.value_or(0)), ms(sides[s]->maxMs.value_or(0)));
        if (sides[s]->rows)
            header += tr(" · %1 rows").arg(*sides[s]->rows);
        m_side[s].statementOfPlan = statements;
        m_side[s].rawPlan = raw;
        showSide(Side(s), plans, int(plans.size()) - 1, sides[s]->sql, header);
    }
    m_compare->setRunTimes(result.before.runsMs, result.after.runsMs);
    updateCompare();
    updateRewrites();
    setVerdict(verdictHtml, tone);
    if (!m_side[BeforeSide].plans.isEmpty() && !m_side[AfterSide].plans.isEmpty())
        m_planTabs->setCurrentWidget(m_compare);
}

void MainWindow::showSide(Side side, const QList<Plan> &plans, int mainIndex, const QString &sql,
                          const QString &header)
{
    SideState &st = m_side[side];
    st.plans = plans;
    st.mainPlan = mainIndex;
    st.sql = sql;
    st.header = header;
    if (st.statementOfPlan.size() != plans.size()) {
        st.statementOfPlan.clear();
        for (int i = 0; i < plans.size(); ++i)
            st.statementOfPlan << i;
    }
    QComboBox *box = m_statementBoxes[side];
    box->clear();
    for (int i = 0; i < plans.size(); ++i) {
        const Plan &p = plans.at(i);
        box->addItem(tr("Statement %1: %2").arg(st.statementOfPlan.at(i) + 1).arg(p.root().nodeType), i);
    }
    box->setVisible(plans.size() > 1);
    box->setCurrentIndex(mainIndex);
    showSideStatement(side, mainIndex);
    emit planShown(side);
}

void MainWindow::showSideStatement(Side side, int index)
{
    SideState &st = m_side[side];
    if (index < 0 || index >= st.plans.size()) {
        m_planHeaders[side]->setText(tr("No plan yet."));
        return;
    }
    st.shownPlan = index;
    m_planViews[side]->setPlan(st.plans.at(index));
    m_planHeaders[side]->setText(QStringLiteral("<b>%1</b> · %2 · %3")
                                     .arg(sideName(side), st.header.toHtmlEscaped(),
                                          m_planViews[side]->summary().toHtmlEscaped()));
    analyzeSide(side);
}

void MainWindow::analyzeSide(Side side)
{
    SideState &st = m_side[side];
    if (st.shownPlan < 0 || st.shownPlan >= st.plans.size())
        return;
    const Plan &plan = st.plans.at(st.shownPlan);
    std::optional<SqlScript> script;
    if (!st.sql.isEmpty()) {
        Result<SqlScript> r = parseSqlScript(st.sql);
        if (auto *s = std::get_if<SqlScript>(&r))
            script = std::move(*s);
    }
    DetectContext ctx;
    if (script && st.shownPlan < st.statementOfPlan.size())
        ctx.statementIndex = st.statementOfPlan.at(st.shownPlan);
    st.findings = runDetectors(plan, script ? &*script : nullptr, ctx);
    m_findings[side]->setFindings(st.findings, &m_planViews[side]->plan());
    m_planViews[side]->setBadges(findingsToBadges(st.findings));
    if (script && m_editors[side]->text() == st.sql)
        m_editors[side]->setMarks(findingsToMarks(st.findings));
    m_findingsTabs->setTabText(side, tr("%1 (%2)").arg(sideName(side)).arg(st.findings.size()));
}

void MainWindow::updateCompare()
{
    const SideState &b = m_side[BeforeSide];
    const SideState &a = m_side[AfterSide];
    if (b.plans.isEmpty() || a.plans.isEmpty()) {
        m_compare->clear();
        return;
    }
    if (b.sql.isEmpty() || a.sql.isEmpty())
        m_compare->setPlans(b.plans.at(b.shownPlan), a.plans.at(a.shownPlan));
    else
        m_compare->setScripts(b.plans, a.plans);
    m_compare->setFindingBadges(findingsToBadges(b.findings), findingsToBadges(a.findings));
}

void MainWindow::updateRewrites()
{
    const SideState &b = m_side[BeforeSide];
    const QString sql = b.sql.isEmpty() ? m_editors[BeforeSide]->text() : b.sql;
    Result<SqlScript> r = parseSqlScript(sql);
    const auto *script = std::get_if<SqlScript>(&r);
    if (!script) {
        m_rewrites->clear();
        return;
    }
    const Plan *plan = b.mainPlan >= 0 && b.mainPlan < b.plans.size() ? &b.plans.at(b.mainPlan) : nullptr;
    const QList<Rewrite> rewrites = proposeRewrites(*script, plan);
    m_rewrites->setRewrites(*script, rewrites);
    if (!rewrites.isEmpty() && m_findings[BeforeSide]->findings().isEmpty() == false) {
        for (const Finding &f : m_findings[BeforeSide]->findings()) {
            if (!f.rewriteId.isEmpty() && m_rewrites->showRule(f.rewriteId))
                break;
        }
    }
    checkRewritePreconditions();
}

void MainWindow::checkRewritePreconditions()
{
    // Ask the catalog whether the rewrites' preconditions hold (unique keys, NOT NULL, ...), when connected.
    if (m_rewrites->count() == 0 || !m_conn->isConnected() || m_conn->isBusy() || isRunning())
        return;
    Result<SqlScript> r = parseSqlScript(m_side[BeforeSide].sql.isEmpty() ? m_editors[BeforeSide]->text()
                                                                          : m_side[BeforeSide].sql);
    const auto *script = std::get_if<SqlScript>(&r);
    if (!script)
        return;
    m_verifier = new RewriteVerifier(m_conn, this);
    m_verifyingTry = false;
    RewriteVerifier::Options options;
    options.checksOnly = true;
    connect(m_verifier, &RewriteVerifier::finished, this, &MainWindow::onVerificationFinished);
    connect(m_verifier, &RewriteVerifier::failed, this, [this](const QString &m) {
        setStatus(tr("Could not check the rewrites' preconditions: %1").arg(m));
        m_verifier->deleteLater();
        runDeferred();
    });
    m_verifier->start(*script, m_rewrites->rewrites(), options);
}

void MainWindow::onTryAsAfter(const QString &afterScript, const QString &ruleId)
{
    if (deferUntilChecksDone([this, afterScript, ruleId] { onTryAsAfter(afterScript, ruleId); }))
        return;
    if (isRunning()) {
        setStatus(tr("A run is going: stop it first (Esc)."));
        return;
    }
    // The whole rewrite, verified in the form on screen only: a variant keeps its condition (the owner-only form
    // applies when step 1 returns nothing).
    const int current = m_rewrites->currentIndex();
    if (current < 0 || current >= m_rewrites->rewrites().size())
        return;
    const Rewrite rewrite = m_rewrites->rewrites().at(current);
    const QString formId = m_rewrites->currentFormId();
    // Replace the After pane through the editor's undo stack: Ctrl+Z brings the previous After back.
    SqlEditor *after = m_editors[AfterSide];
    after->selectAll();
    after->replaceSelectedText(afterScript);
    saveState();
    Result<SqlScript> r = parseSqlScript(m_editors[BeforeSide]->text());
    const auto *script = std::get_if<SqlScript>(&r);
    if (!script) {
        onRunFailed(tr("The Before script does not parse: %1").arg(std::get<ParseError>(r).toString()));
        return;
    }
    ensureConnection();
    m_tryRule = ruleId;
    m_verifier = new RewriteVerifier(m_conn, this);
    m_verifyingTry = true;
    RewriteVerifier::Options options;
    options.parameters = parameters();
    options.runs = m_runs->value();
    options.warmup = m_warmup->value();
    options.timeoutMs = m_timeout->value() * 1000;
    options.verifyVariants = false;
    options.onlyForm = formId;
    connect(m_verifier, &RewriteVerifier::progress, this, [this](const QString &m) {
        setStatus(m, 0);
        setVerdict(tr("Trying the rewrite as After… %1").arg(m.toHtmlEscaped()), QStringLiteral("busy"));
    });
    connect(m_verifier, &RewriteVerifier::finished, this, &MainWindow::onVerificationFinished);
    connect(m_verifier, &RewriteVerifier::failed, this, [this](const QString &m) {
        setRunning(false);
        m_rewrites->setVerdict(m, false);
        setVerdict(QStringLiteral("<b>%1</b> %2").arg(tr("The rewrite could not be tried."), m.toHtmlEscaped()),
                   QStringLiteral("bad"));
        m_verifier->deleteLater();
        emit runFinished(false);
    });
    for (SqlEditor *e : m_editors)
        e->clearMarks();
    setRunning(true);
    setVerdict(tr("Trying the rewrite as After…"), QStringLiteral("busy"));
    m_verifier->start(*script, {rewrite}, options);
}

void MainWindow::onVerificationFinished(const QList<Rewrite> &rewrites,
                                        const QList<QList<RewriteVerification>> &results)
{
    if (m_verifier)
        m_verifier->deleteLater();
    if (!m_verifyingTry) {
        m_rewrites->updateRewrites(rewrites);
        runDeferred();
        return;
    }
    setRunning(false);
    if (results.isEmpty() || results.first().isEmpty()) {
        setVerdict(tr("The rewrite was not tried."), QStringLiteral("bad"));
        emit runFinished(false);
        return;
    }
    const RewriteVerification &v = results.first().first();
    QStringList parts;
    QString tone = QStringLiteral("info");
    bool ok = false;
    if (!v.error.isEmpty()) {
        parts << tr("<b>The After failed on the server</b>: %1").arg(v.error.toHtmlEscaped());
        tone = QStringLiteral("bad");
    } else {
        if (v.rowsEqual) {
            if (*v.rowsEqual) {
                parts << tr("<b>rows equal</b>");
                ok = true;
                tone = QStringLiteral("ok");
            } else {
                parts << tr("<b>rows differ</b>: %1").arg(v.firstDifference.toHtmlEscaped());
                tone = QStringLiteral("bad");
            }
        }
        if (v.speedup) {
            const double s = *v.speedup;
            parts << (s >= 1 ? tr("<b>%1 faster</b>").arg(factor(s)) : tr("<b>%1 slower</b>").arg(factor(1 / s)));
        }
        if (v.beforeMedianMs && v.afterMedianMs)
            parts << tr("Before %1 → After %2 (medians)").arg(ms(*v.beforeMedianMs), ms(*v.afterMedianMs));
        if (!v.note.isEmpty())
            parts << v.note.toHtmlEscaped();
    }
    const QString html = tr("Rewrite %1 tried as After: %2").arg(m_tryRule.toHtmlEscaped(), parts.join(QStringLiteral(" · ")));
    const QString plain = QTextDocumentFragment::fromHtml(html).toPlainText();
    m_rewrites->setVerdict(plain, ok);
    if (v.ran && !v.run.before.statements.isEmpty())
        showRunResult(v.run, html, tone);
    else
        setVerdict(html, tone);
    emit runFinished(ok);
}

// ---------------------------------------------------------------------------------------------------------------
// Plans from files and the clipboard

void MainWindow::openPlanDialog(Side side)
{
    QSettings s;
    const QString dir = s.value(QStringLiteral("files/planDir")).toString();
    const QString f = QFileDialog::getOpenFileName(this, tr("Open a plan as %1").arg(sideName(side)), dir,
                                                   tr("Plans (*.json *.txt *.log *.xml *.yaml *.yml *.sql);;All files (*)"));
    if (f.isEmpty())
        return;
    s.setValue(QStringLiteral("files/planDir"), QFileInfo(f).path());
    openPlanFile(f, side);
}

void MainWindow::openPlanFile(const QString &fileName, Side side)
{
    QFileInfo info(fileName);
    if (!info.isFile()) {
        emit planFailed(side, tr("%1 is not a file.").arg(fileName));
        setStatus(tr("%1 is not a file.").arg(fileName), 0);
        return;
    }
    if (info.size() > kMaxPlanFileBytes) {
        const QString m = tr("%1 is %2 MB: larger than any plan PlanLens reads (1 GB).")
                              .arg(info.fileName())
                              .arg(info.size() >> 20);
        setVerdict(m.toHtmlEscaped(), QStringLiteral("bad"));
        emit planFailed(side, m);
        return;
    }
    const quint64 gen = ++m_planGeneration[side];
    m_progress->setRange(0, 0);
    m_progress->show();
    setStatus(tr("Reading %1…").arg(info.fileName()), 0);
    auto *watcher = new QFutureWatcher<ParsedPlan>(this);
    connect(watcher, &QFutureWatcher<ParsedPlan>::finished, this, [this, watcher, side, gen, fileName] {
        watcher->deleteLater();
        if (gen != m_planGeneration[side])
            return;   // a newer plan was asked for meanwhile
        m_progress->setVisible(isRunning());
        ParsedPlan p = watcher->result();
        if (!p.plan) {
            const QString m = tr("%1 is not a plan PlanLens can read: %2").arg(QFileInfo(fileName).fileName(), p.error);
            setVerdict(m.toHtmlEscaped(), QStringLiteral("bad"));
            setStatus(m, 0);
            emit planFailed(side, m);
            return;
        }
        m_side[side].statementOfPlan.clear();
        m_side[side].rawPlan = p.raw;
        showSide(side, {*p.plan}, 0, QString(), tr("from %1").arg(QFileInfo(fileName).fileName()));
        m_planTabs->setCurrentIndex(side);
        updateCompare();
        if (side == BeforeSide)
            updateRewrites();
        setVerdict(tr("%1 plan read from %2.").arg(sideName(side), QFileInfo(fileName).fileName().toHtmlEscaped()),
                   QStringLiteral("info"));
        setStatus(tr("Read %1").arg(fileName));
    });
    watcher->setFuture(QtConcurrent::run([fileName] {
        QFile f(fileName);
        if (!f.open(QIODevice::ReadOnly))
            return ParsedPlan{std::nullopt, f.errorString(), QString()};
        return parseBytes(f.readAll());
    }));
}

void MainWindow::showPlanText(const QString &text, Side side, const QString &origin)
{
    const quint64 gen = ++m_planGeneration[side];
    const QByteArray bytes = text.toUtf8();
    auto *watcher = new QFutureWatcher<ParsedPlan>(this);
    m_progress->setRange(0, 0);
    m_progress->show();
    connect(watcher, &QFutureWatcher<ParsedPlan>::finished, this, [this, watcher, side, gen, origin] {
        watcher->deleteLater();
        if (gen != m_planGeneration[side])
            return;
        m_progress->setVisible(isRunning());
        ParsedPlan p = watcher->result();
        if (!p.plan) {
            const QString m = tr("The %1 is not a plan PlanLens can read: %2").arg(origin, p.error);
            setVerdict(m.toHtmlEscaped(), QStringLiteral("bad"));
            emit planFailed(side, m);
            return;
        }
        m_side[side].statementOfPlan.clear();
        m_side[side].rawPlan = p.raw;
        showSide(side, {*p.plan}, 0, QString(), tr("from the %1").arg(origin));
        m_planTabs->setCurrentIndex(side);
        updateCompare();
        if (side == BeforeSide)
            updateRewrites();
    });
    watcher->setFuture(QtConcurrent::run([bytes] { return parseBytes(bytes); }));
}

void MainWindow::pastePlan(Side side)
{
    const QString text = QApplication::clipboard()->text();
    if (text.trimmed().isEmpty()) {
        setStatus(tr("The clipboard holds no text."));
        return;
    }
    showPlanText(text, side, tr("clipboard"));
}

void MainWindow::exportGraph()
{
    const int i = m_planTabs->currentIndex();
    m_planViews[i == AfterSide ? AfterSide : BeforeSide]->exportWithDialog(false);
}

// ---------------------------------------------------------------------------------------------------------------
// Sessions, examples, state

bool MainWindow::saveSession(const QString &fileName, QString *error) const
{
    Session s;
    s.conninfo = conninfo();
    s.beforeSql = m_editors[BeforeSide]->text();
    s.afterSql = m_editors[AfterSide]->text();
    s.parameters = parameters();
    const RunRequest r = currentRequest();
    s.mode = r.mode;
    s.explain = r.explain;
    s.runs = r.runs;
    s.warmup = r.warmup;
    s.timeoutMs = r.timeoutMs;
    s.beforePlan = m_side[BeforeSide].rawPlan;
    s.afterPlan = m_side[AfterSide].rawPlan;
    return s.save(fileName, error);
}

bool MainWindow::loadSession(const QString &fileName, QString *error)
{
    const std::optional<Session> s = Session::load(fileName, error);
    if (!s)
        return false;
    setConninfo(s->conninfo);
    m_editors[BeforeSide]->setText(s->beforeSql);
    m_editors[AfterSide]->setText(s->afterSql);
    m_params->setRowCount(0);
    for (const RunParameter &p : s->parameters) {
        const int row = m_params->rowCount();
        m_params->insertRow(row);
        m_params->setItem(row, 0, new QTableWidgetItem(QStringLiteral("$") + p.name));
        m_params->setItem(row, 1, new QTableWidgetItem(p.isNull ? QStringLiteral("NULL") : p.value));
        m_params->setItem(row, 2, new QTableWidgetItem(p.type));
    }
    if (!s->parameters.isEmpty())
        m_paramsDock->show();
    setRunMode(s->mode);
    m_optBuffers->setChecked(s->explain.buffers);
    m_optVerbose->setChecked(s->explain.verbose);
    m_optSettings->setChecked(s->explain.settings);
    m_optWal->setChecked(s->explain.wal);
    m_optGeneric->setChecked(s->explain.genericPlan);
    setRunRounds(s->runs, s->warmup);
    m_timeout->setValue(s->timeoutMs / 1000);
    const QString origin = tr("session %1").arg(QFileInfo(fileName).fileName());
    if (!s->beforePlan.isEmpty())
        showPlanText(s->beforePlan, BeforeSide, origin);
    if (!s->afterPlan.isEmpty())
        showPlanText(s->afterPlan, AfterSide, origin);
    setStatus(tr("Opened %1").arg(fileName));
    return true;
}

void MainWindow::saveSessionDialog()
{
    QSettings st;
    const QString f = QFileDialog::getSaveFileName(this, tr("Save session"),
                                                   st.value(QStringLiteral("files/sessionDir")).toString(),
                                                   tr("PlanLens sessions (*.planlens)"));
    if (f.isEmpty())
        return;
    st.setValue(QStringLiteral("files/sessionDir"), QFileInfo(f).path());
    QString error;
    if (!saveSession(f.endsWith(QStringLiteral(".planlens")) ? f : f + QStringLiteral(".planlens"), &error))
        QMessageBox::warning(this, tr("Save session"), error);
}

void MainWindow::openSessionDialog()
{
    QSettings st;
    const QString f = QFileDialog::getOpenFileName(this, tr("Open session"),
                                                   st.value(QStringLiteral("files/sessionDir")).toString(),
                                                   tr("PlanLens sessions (*.planlens);;All files (*)"));
    if (f.isEmpty())
        return;
    st.setValue(QStringLiteral("files/sessionDir"), QFileInfo(f).path());
    QString error;
    if (!loadSession(f, &error))
        QMessageBox::warning(this, tr("Open session"), error);
}

void MainWindow::loadExample(const QString &id)
{
    for (const DemoDatabase::Example &e : DemoDatabase::examples()) {
        if (e.id != id)
            continue;
        m_editors[BeforeSide]->setText(e.beforeSql);
        m_editors[AfterSide]->setText(e.afterSql);
        setConninfo(DemoDatabase().conninfo(e.database));
        setStatus(tr("Loaded example: %1").arg(e.title));
        return;
    }
    setStatus(tr("There is no example called %1.").arg(id));
}

QString MainWindow::verdictText() const
{
    return QTextDocumentFragment::fromHtml(m_verdict->text()).toPlainText();
}

void MainWindow::setVerdict(const QString &html, const QString &tone)
{
    static const QHash<QString, QString> colors = {
        {QStringLiteral("ok"), QStringLiteral("background: #e3f4e1; color: #1d5c1d;")},
        {QStringLiteral("bad"), QStringLiteral("background: #fbe5e1; color: #8a1f11;")},
        {QStringLiteral("busy"), QStringLiteral("background: #fff6d6; color: #5c4a00;")},
        {QStringLiteral("info"), QStringLiteral("background: #eef2f7; color: #2b3a4a;")},
    };
    m_verdict->setStyleSheet(colors.value(tone, colors.value(QStringLiteral("info"))));
    m_verdict->setText(html);
}

void MainWindow::setStatus(const QString &text, int timeoutMs)
{
    statusBar()->showMessage(text, timeoutMs);
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About PlanLens"),
                       tr("<h3>PlanLens %1</h3><p>A PostgreSQL query-plan workbench: run a before/after pair under "
                          "EXPLAIN ANALYZE, compare the plans, and try the rewrite that fixes them.</p>"
                          "<p>Built with Qt %2, libpq, libpg_query, QScintilla and QCustomPlot.</p>")
                           .arg(QApplication::applicationVersion(), QString::fromLatin1(qVersion())));
}

void MainWindow::restoreState()
{
    QSettings s;
    restoreGeometry(s.value(QStringLiteral("window/geometry")).toByteArray());
    if (!QMainWindow::restoreState(s.value(QStringLiteral("window/state")).toByteArray())) {
        // First start: the plans get the room, the docks a strip below them.
        resize(1400, 950);
        resizeDocks({m_findingsDock}, {190}, Qt::Vertical);
    }
    QStringList recent = s.value(QStringLiteral("connection/recent")).toStringList();
    for (const QString &db : DemoDatabase::databases()) {
        const QString demo = DemoDatabase().conninfo(db);
        if (!recent.contains(demo))
            recent << demo;
    }
    m_dsn->addItems(recent);
    setConninfo(s.value(QStringLiteral("connection/last"), DemoDatabase().conninfo(QStringLiteral("tracks"))).toString());
    // What the user typed survives a restart (and a lost server, a cancelled run, ...).
    m_editors[BeforeSide]->setText(s.value(QStringLiteral("editor/before")).toString());
    m_editors[AfterSide]->setText(s.value(QStringLiteral("editor/after")).toString());
    if (s.contains(QStringLiteral("run/runs")))
        setRunRounds(s.value(QStringLiteral("run/runs")).toInt(), s.value(QStringLiteral("run/warmup")).toInt());
    m_timeout->setValue(s.value(QStringLiteral("run/timeout_s"), 60).toInt());
}

void MainWindow::saveState() const
{
    QSettings s;
    s.setValue(QStringLiteral("window/geometry"), saveGeometry());
    s.setValue(QStringLiteral("window/state"), QMainWindow::saveState());
    // The connection string is kept without its password; so is the list of recent ones.
    const QString dsn = PgConnection::withoutPassword(conninfo());
    s.setValue(QStringLiteral("connection/last"), dsn);
    QStringList recent = s.value(QStringLiteral("connection/recent")).toStringList();
    recent.removeAll(dsn);
    if (!dsn.isEmpty())
        recent.prepend(dsn);
    s.setValue(QStringLiteral("connection/recent"), recent.mid(0, 12));
    s.setValue(QStringLiteral("editor/before"), m_editors[BeforeSide]->text());
    s.setValue(QStringLiteral("editor/after"), m_editors[AfterSide]->text());
    s.setValue(QStringLiteral("run/runs"), m_runs->value());
    s.setValue(QStringLiteral("run/warmup"), m_warmup->value());
    s.setValue(QStringLiteral("run/timeout_s"), m_timeout->value());
}

void MainWindow::showEvent(QShowEvent *e)
{
    QMainWindow::showEvent(e);
    if (m_shownOnce)
        return;
    m_shownOnce = true;
    // The plans are what this window is for: a findings dock restored (or sized by its contents) to more than
    // a quarter of the height gives the room back to them.
    QTimer::singleShot(0, this, [this] {
        if (m_findingsDock->isVisible() && !m_findingsDock->isFloating() && m_findingsDock->height() > height() / 4)
            resizeDocks({m_findingsDock}, {height() / 5}, Qt::Vertical);
    });
}

void MainWindow::closeEvent(QCloseEvent *e)
{
    saveState();
    if (isRunning())
        stopRun();
    e->accept();
}

} // namespace PlanLens
