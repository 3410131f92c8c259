// SPDX-License-Identifier: MIT
#include "mainwindow.h"

#include "compareview.h"
#include "db/pgconnection.h"
#include "findingspanel.h"
#include "format/units.h"
#include "plangraphview.h"
#include "planview.h"
#include "rewritepanel.h"
#include "scriptpane.h"
#include "session.h"
#include "sqleditor.h"
#include "workbench/advicecontroller.h"
#include "workbench/connectioncontroller.h"
#include "workbench/dropcontroller.h"
#include "workbench/historycontroller.h"
#include "workbench/parametertable.h"
#include "workbench/planloader.h"
#include "workbench/planside.h"
#include "workbench/recoverystore.h"
#include "workbench/runcontroller.h"
#include "workbench/runsettings.h"
#include "workbench/verdict.h"
#include "workbench/triagecontroller.h"
#include "workbench/workbenchmenus.h"
#include "workbench/workbenchstore.h"

#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QTextDocumentFragment>
#include <QToolBar>

namespace PlanLens {

namespace {
QString sideName(int side)
{
    return side == MainWindow::BeforeSide ? QObject::tr("Before") : QObject::tr("After");
}
} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
{
    setWindowTitle(QStringLiteral("PlanLens[*]"));   // [*]: unsaved work (RecoveryStore)
    setObjectName(QStringLiteral("MainWindow"));
    m_connection = new ConnectionController(this, this);
    m_settings = new RunSettings(this);
    m_runs = new RunController(m_connection->connection(), this);
    m_loader = new PlanLoader(this);
    m_ui.setup(this, m_connection, m_settings);
    m_advice = new AdviceController(&m_ui, m_runs, this);
    m_store = new WorkbenchStore(this, &m_ui, m_connection, m_settings);
    new TriageController(this, this);   // File › Scan log… (found by the menu as a child)
    connect(new DropController(this), &DropController::message, this, [this](const QString &m, bool problem) {
        if (problem)
            setVerdict(m.toHtmlEscaped(), int(Verdict::Tone::Bad));
        setStatus(m, problem ? 0 : 8000);
    });
    createWorkbenchMenus(this, m_ui, m_connection);
    m_store->restoreSettings();
    m_recovery = new RecoveryStore(this, &m_ui);   // after the settings' scripts: they are not new work
    new HistoryController(this, &m_ui, m_runs);    // runs and tried rewrites as versions, the history strip
    connect(m_store, &WorkbenchStore::statusMessage, this, &MainWindow::setStatus);
    connect(m_store, &WorkbenchStore::planTextLoaded, this,
            [this](int side, const QString &text, const QString &origin) { showPlanText(text, Side(side), origin); });

    m_connection->setRunController(m_runs);
    connect(m_connection, &ConnectionController::statusMessage, this, &MainWindow::setStatus);
    connect(m_connection, &ConnectionController::runRequested, this, &MainWindow::runPair);
    connect(m_connection->connection(), &PgConnection::stateChanged, this,
            [this] { m_ui.statusConnection->setText(m_connection->stateText()); });
    connect(m_connection, &ConnectionController::demoBusy, this, &MainWindow::showBackgroundWork);
    connect(m_loader, &PlanLoader::statusMessage, this, &MainWindow::setStatus);

    connect(m_ui.runAction, &QAction::triggered, this, &MainWindow::runPair);
    connect(m_ui.stopAction, &QAction::triggered, this, &MainWindow::stopRun);
    connect(m_ui.focusAction, &QAction::toggled, this, &MainWindow::setFocusMode);
    connect(m_ui.foldAction, &QAction::triggered, m_ui.scripts, &ScriptPane::toggleCollapsed);
    connect(m_ui.scripts, &ScriptPane::collapsedChanged, m_ui.foldAction, &QAction::setChecked);
    connect(m_runs, &RunController::busyChanged, this, &MainWindow::setBusy);
    connect(m_runs, &RunController::progress, this, [this](const QString &m, int round, int total) {
        if (total > 0) {
            m_ui.progress->setRange(0, total);
            m_ui.progress->setValue(round - 1);
        }
        setStatus(m, 0);
        setVerdict(tr("Running… %1").arg(m.toHtmlEscaped()), int(Verdict::Tone::Busy));
    });
    connect(m_runs, &RunController::runSucceeded, this, &MainWindow::onRunSucceeded);
    connect(m_runs, &RunController::runFailed, this, &MainWindow::onRunFailed);
    connect(m_runs, &RunController::runStopped, this, [this](const RunResult &partial, bool beforeStart) {
        const QString text = stoppedText(partial, beforeStart);
        setVerdict(text, int(Verdict::Tone::Info));
        setStatus(text);
        if (!beforeStart)
            emit runFinished(false);
    });
    connect(m_runs, &RunController::tryProgress, this, [this](const QString &m) {
        setStatus(m, 0);
        setVerdict(tr("Trying the rewrite as After… %1").arg(m.toHtmlEscaped()), int(Verdict::Tone::Busy));
    });
    connect(m_runs, &RunController::tryFinished, this, &MainWindow::onTryFinished);
    connect(m_runs, &RunController::tryFailed, this, [this](const QString &m) {
        m_ui.rewrites->setVerdict(m, false);
        setVerdict(QStringLiteral("<b>%1</b> %2").arg(tr("The rewrite could not be tried."), m.toHtmlEscaped()),
                   int(Verdict::Tone::Bad));
        emit runFinished(false);
    });
    connect(m_runs, &RunController::preconditionsChecked, m_ui.rewrites, &RewritePanel::updateRewrites);
    connect(m_runs, &RunController::preconditionsFailed, this,
            [this](const QString &m) { setStatus(tr("Could not check the rewrites' preconditions: %1").arg(m)); });

    connect(m_loader, &PlanLoader::loaded, this, &MainWindow::onPlanLoaded);
    connect(m_loader, &PlanLoader::failed, this, [this](int side, const QString &m) {
        setVerdict(m.toHtmlEscaped(), int(Verdict::Tone::Bad));
        setStatus(m, 0);
        emit planFailed(side, m);
    });
    connect(m_loader, &PlanLoader::busyChanged, this, &MainWindow::showBackgroundWork);
    connect(m_advice, &AdviceController::sideShown, this, &MainWindow::planShown);
    connect(m_advice, &AdviceController::idle, this, &MainWindow::onAdviceIdle);

    for (int s = 0; s < 2; ++s) {
        const Side side = Side(s);
        SqlEditor *editor = m_ui.scripts->editor(s);
        connect(editor, &SqlEditor::pasteRefused, this, [this](qsizetype chars) {
            setVerdict(tr("The clipboard holds %1 of text: more than the SQL editor takes (%2), so nothing was "
                          "pasted. If it is a plan, use File › Paste Plan as Before/After.")
                           .arg(Units::bytes(double(chars)), Units::bytes(double(SqlEditor::kMaxPasteChars))),
                       int(Verdict::Tone::Bad));
        });
        connect(m_ui.sides[s], &PlanSidePage::statementShown, m_advice, [this, side] { m_advice->analyzeShown(side); });
        connect(planView(side), &PlanView::nodeSelected, this,
                [this, side](int id) { m_ui.findings[side]->selectFindingForNode(id); });
        connect(m_ui.findings[s], &FindingsPanel::nodeRequested, this, [this, side](int id) {
            m_ui.planTabs->setCurrentIndex(side);
            planView(side)->selectNode(id);
        });
        connect(m_ui.findings[s], &FindingsPanel::spanRequested, this, [this, side](int start, int end) {
            SqlEditor *e = m_ui.scripts->editor(side);
            if (e->text() == m_ui.sides[side]->sql()) {   // the spans refer to the script as it ran
                if (m_ui.scripts->isCollapsed() && !m_focus.active && !m_advice->isQuietSelection())
                    m_ui.scripts->setCollapsed(false);
                e->selectSpan(start, end);
            }
        });
        connect(m_ui.findings[s], &FindingsPanel::rewriteRequested, this,
                [this](const QString &rule, int) { showRewrite(rule); });
    }
    connect(m_ui.rewrites, &RewritePanel::tryAsAfter, this, &MainWindow::tryAsAfter);
    // Advice where the eye is: a callout's "Rewrite…" opens the rewrite, the SQL mark's "Try as After" runs it.
    for (PlanGraphView *g : {planView(BeforeSide)->graphView(), m_ui.compare->beforeGraph()})
        connect(g, &PlanGraphView::rewriteRequested, this, [this](const QString &rule, int) { showRewrite(rule); });
    connect(beforeEditor(), &SqlEditor::tryAsAfterRequested, this, [this](const QString &rule, int) { tryRule(rule); });
    connect(m_ui.params, &ParameterTable::detectRequested, this, [this] {
        const QStringList found = m_ui.params->addMissing({beforeEditor()->text(), afterEditor()->text()},
                                                          m_runs->triedArrayParamNames());
        setStatus(found.isEmpty() ? tr("No parameters without a value.") : tr("Enter values for %1.").arg(found.join(u", ")));
    });
    setVerdict(tr("Run the pair (Ctrl+Return) to see both plans, or open a plan file (Ctrl+O)."), int(Verdict::Tone::Info));
}

MainWindow::~MainWindow() = default;

SqlEditor *MainWindow::beforeEditor() const { return m_ui.scripts->editor(BeforeSide); }
SqlEditor *MainWindow::afterEditor() const { return m_ui.scripts->editor(AfterSide); }
PlanView *MainWindow::planView(Side side) const { return m_ui.sides[side]->view(); }
PgConnection *MainWindow::connection() const { return m_connection->connection(); }
QString MainWindow::connectionText() const { return m_connection->stateText(); }
QString MainWindow::conninfo() const { return m_connection->conninfo(); }
void MainWindow::setConninfo(const QString &conninfo) { m_connection->setConninfo(conninfo); }
void MainWindow::connectToDatabase() { m_connection->connectNow(); }
bool MainWindow::isRunning() const { return m_runs->isRunning(); }
bool MainWindow::isAdviceBusy() const { return m_advice->isBusy(); }
void MainWindow::setRunRounds(int runs, int warmup) { m_settings->setRounds(runs, warmup); }
void MainWindow::setRunMode(RunMode mode) { m_settings->setMode(mode); }
void MainWindow::setAllowWrites(bool allow) { m_settings->setAllowWrites(allow); }

// ---------------------------------------------------------------------------------------------------------------
// Runs

RunRequest MainWindow::currentRequest() const
{
    RunRequest r;
    r.beforeSql = beforeEditor()->text();
    r.afterSql = afterEditor()->text();
    r.parameters = m_ui.params->parameters();
    m_settings->applyTo(&r);
    return r;
}

void MainWindow::runPair()
{
    if (m_runs->deferUntilChecksDone([this] { runPair(); })) {
        setVerdict(tr("Running… (after the rewrites' catalog checks)"), int(Verdict::Tone::Busy));
        return;
    }
    if (m_runs->isRunning()) {
        setStatus(tr("A run is going: stop it first (Esc)."));
        return;
    }
    m_store->saveSettings(!m_focus.active);   // what the user typed survives whatever happens next
    for (int s = 0; s < 2; ++s)
        m_ui.scripts->editor(s)->clearMarks();
    const RunRequest request = currentRequest();
    if (request.beforeSql.trimmed().isEmpty() && request.afterSql.trimmed().isEmpty()) {
        setVerdict(tr("Both panes are empty: type a query in Before (and its rewrite in After), or load an example."),
                   int(Verdict::Tone::Bad));
        return;
    }
    const QString problem = m_runs->check(request);
    if (!problem.isEmpty()) {
        onRunFailed(problem);
        return;
    }
    m_connection->ensureConnected();
    setVerdict(tr("Running…"), int(Verdict::Tone::Busy));
    m_runs->runPair(request);
}

void MainWindow::stopRun()
{
    if (m_runs->isRunning())
        setStatus(tr("Stopping: cancelling the statement on the server…"), 0);
    m_runs->stop();
}

void MainWindow::setBusy(bool busy)
{
    m_ui.runAction->setEnabled(!busy);
    m_ui.stopAction->setEnabled(busy);
    m_ui.progress->setVisible(busy);
    if (busy)
        m_ui.progress->setRange(0, 0);
}

void MainWindow::showBackgroundWork(bool busy)
{
    m_ui.progress->setRange(0, 0);
    m_ui.progress->setVisible(busy || m_runs->isBusyForUser());
}

void MainWindow::onRunFailed(const QString &message)
{
    const RunFailure f = m_runs->lastFailure();
    QString where;
    if (!f.side.isEmpty() && f.message == message) {
        const Side side = f.side == u"after" ? AfterSide : BeforeSide;
        where = tr("%1, statement %2: ").arg(sideName(side)).arg(f.statement + 1);
        if (f.position >= 0)
            m_ui.scripts->markFailure(side, f.position, message);
    }
    setVerdict(QStringLiteral("<b>%1</b> %2").arg(tr("The run failed."), (where + message).toHtmlEscaped()),
               int(Verdict::Tone::Bad));
    setStatus(message, 0);
    emit runFinished(false);
}

void MainWindow::onRunSucceeded(const RunResult &result)
{
    showRunResult(result, true);
    setVerdict(runVerdict(result));
    setStatus(tr("Run finished on %1").arg(result.server));
    m_finishWhenIdle = true;   // runFinished once the findings and rewrites are on screen
    if (!m_advice->isBusy())
        onAdviceIdle();
}

void MainWindow::showRunResult(const RunResult &result, bool withRewrites)
{
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
        m_ui.sides[s]->setRawPlan(raw);
        m_ui.sides[s]->showPlans(plans, statements, int(plans.size()) - 1, sides[s]->sql, sideHeader(prefix, *sides[s]));
    }
    m_ui.compare->setRunTimes(result.before.runsMs, result.after.runsMs);
    m_advice->updateCompare();
    if (withRewrites)
        m_advice->proposeRewrites();
    if (m_ui.sides[BeforeSide]->hasPlan() && m_ui.sides[AfterSide]->hasPlan())
        m_ui.planTabs->setCurrentWidget(m_ui.compare);
    m_ui.scripts->setCollapsed(true);   // the plans get the height; Ctrl+E or a click opens the scripts
}

// ---------------------------------------------------------------------------------------------------------------
// Advice

void MainWindow::onAdviceIdle()
{
    if (!m_finishWhenIdle)
        return;
    const bool ok = *m_finishWhenIdle;
    m_finishWhenIdle.reset();
    emit runFinished(ok);
}

void MainWindow::showRewrite(const QString &ruleId)
{
    m_ui.rewritesDock->show();
    m_ui.rewritesDock->raise();
    if (!m_ui.rewrites->showRule(ruleId))
        setStatus(tr("No rewrite of this kind applies to the Before script as it stands."));
}

void MainWindow::tryRule(const QString &ruleId)
{
    showRewrite(ruleId);
    if (m_ui.rewrites->currentIndex() >= 0 && m_ui.rewrites->rewrites().at(m_ui.rewrites->currentIndex()).rule == ruleId)
        tryAsAfter(m_ui.rewrites->currentAfterScript(), ruleId);
}

void MainWindow::tryAsAfter(const QString &afterScript, const QString &ruleId)
{
    if (m_runs->deferUntilChecksDone([this, afterScript, ruleId] { tryAsAfter(afterScript, ruleId); })) {
        setVerdict(tr("Running… (after the rewrites' catalog checks)"), int(Verdict::Tone::Busy));
        return;
    }
    if (m_runs->isRunning()) {
        setStatus(tr("A run is going: stop it first (Esc)."));
        return;
    }
    // The whole rewrite, verified in the form on screen only: a variant keeps its condition (the owner-only form
    // applies when step 1 returns nothing).
    const int current = m_ui.rewrites->currentIndex();
    if (current < 0 || current >= m_ui.rewrites->rewrites().size())
        return;
    const Rewrite rewrite = m_ui.rewrites->rewrites().at(current);
    // Replace the After pane through the editor's undo stack: Ctrl+Z brings the previous After back.
    afterEditor()->selectAll();
    afterEditor()->replaceSelectedText(afterScript);
    m_store->saveSettings(!m_focus.active);
    // The script the rewrites were proposed for was parsed off the GUI thread; parse again only if it changed.
    std::optional<SqlScript> script = m_advice->beforeScript(beforeEditor()->text());
    if (!script) {
        Result<SqlScript> r = parseSqlScript(beforeEditor()->text());
        if (const auto *e = std::get_if<ParseError>(&r)) {
            onRunFailed(tr("The Before script does not parse: %1").arg(e->toString()));
            return;
        }
        script = std::move(std::get<SqlScript>(r));
    }
    m_connection->ensureConnected();
    m_tryRule = ruleId;
    RewriteVerifier::Options options;
    options.parameters = m_ui.params->parameters();
    options.runs = m_settings->runs();
    options.warmup = m_settings->warmup();
    options.timeoutMs = m_settings->timeoutMs();
    options.verifyVariants = false;
    options.onlyForm = m_ui.rewrites->currentFormId();
    for (int s = 0; s < 2; ++s)
        m_ui.scripts->editor(s)->clearMarks();
    setVerdict(tr("Trying the rewrite as After…"), int(Verdict::Tone::Busy));
    m_runs->tryRewrite(*script, rewrite, options);
}

void MainWindow::onTryFinished(const Rewrite &, const RewriteVerification &v)
{
    const Verdict verdict = tryVerdict(m_tryRule, v);
    const bool ok = verdict.tone == Verdict::Tone::Ok;
    m_ui.rewrites->setVerdict(QTextDocumentFragment::fromHtml(verdict.html).toPlainText(), ok);
    setVerdict(verdict);
    if (!v.ran || v.run.before.statements.isEmpty()) {
        emit runFinished(ok);
        return;
    }
    showRunResult(v.run, false);   // the Before script did not change: neither did its rewrites
    m_finishWhenIdle = ok;
    if (!m_advice->isBusy())
        onAdviceIdle();
}

// ---------------------------------------------------------------------------------------------------------------
// Plans from files and the clipboard

void MainWindow::openPlanFile(const QString &fileName, Side side)
{
    setStatus(tr("Reading %1…").arg(QFileInfo(fileName).fileName()), 0);
    m_loader->loadFile(side, fileName);
}

void MainWindow::showPlanText(const QString &text, Side side, const QString &origin)
{
    m_loader->loadText(side, text, origin);
}

void MainWindow::onPlanLoaded(int s, const Plan &plan, const QString &raw, const QString &origin)
{
    const Side side = Side(s);
    m_ui.sides[side]->setRawPlan(raw);
    m_ui.sides[side]->showPlans({plan}, {}, 0, QString(), tr("from %1").arg(origin));
    m_ui.planTabs->setCurrentIndex(side);
    m_advice->updateCompare();
    if (side == BeforeSide)
        m_advice->proposeRewrites();
    setVerdict(tr("%1 plan read from %2.").arg(sideName(side), origin.toHtmlEscaped()), int(Verdict::Tone::Info));
    setStatus(tr("Read %1").arg(origin));
}

// ---------------------------------------------------------------------------------------------------------------
// Sessions, examples, settings

bool MainWindow::saveSession(const QString &file, QString *error) const { return m_store->saveSession(file, error); }
bool MainWindow::loadSession(const QString &file, QString *error) { return m_store->loadSession(file, error); }
bool MainWindow::loadExample(const QString &id) { return m_store->loadExample(id); }

// ---------------------------------------------------------------------------------------------------------------
// The window

void MainWindow::setFocusMode(bool on)
{
    if (on == m_focus.active)
        return;
    if (on)
        m_focus.state = saveState(WorkbenchStore::kLayoutVersion);
    m_focus.active = on;
    m_ui.focusAction->setChecked(on);
    m_ui.setFocusLayout(this, on);
    if (!on)
        restoreState(m_focus.state, WorkbenchStore::kLayoutVersion);
}

void MainWindow::setVerdict(const QString &html, int tone)
{
    m_ui.verdict->setStyleSheet(verdictStyle(Verdict::Tone(tone)));
    m_ui.verdict->setProperty("tone", tone);   // the theme restyles it (createWorkbenchMenus)
    m_ui.verdict->setText(html);
    m_ui.verdict->setToolTip(QTextDocumentFragment::fromHtml(html).toPlainText());
}

void MainWindow::setVerdict(const Verdict &verdict)
{
    setVerdict(verdict.html, int(verdict.tone));
}

QString MainWindow::verdictText() const
{
    return QTextDocumentFragment::fromHtml(m_ui.verdict->text()).toPlainText();
}

void MainWindow::setStatus(const QString &text, int timeoutMs)
{
    statusBar()->showMessage(text, timeoutMs);
}

void MainWindow::closeEvent(QCloseEvent *e)
{
    setFocusMode(false);
    m_store->saveSettings(!m_focus.active, true);
    if (isRunning())
        stopRun();
    m_recovery->windowClosed();
    e->accept();
}

} // namespace PlanLens
