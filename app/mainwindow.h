// SPDX-License-Identifier: MIT
#pragma once

#include "db/runresult.h"
#include "workbench/workbenchui.h"

#include <QMainWindow>

class QTabWidget;

namespace PlanLens {

class AdviceController;
class CompareView;
class ConnectionController;
class FindingsPanel;
class PgConnection;
class PlanLoader;
class PlanView;
class RecoveryStore;
class RewritePanel;
class RunController;
class RunSettings;
class ScriptPane;
class SqlEditor;
class WorkbenchStore;
struct Rewrite;
struct RewriteVerification;
struct Verdict;

// The workbench, read like a table of contents: it wires the named parts together and owns no work itself.
//   ConnectionController  the DSN, the connection state, the password prompt, the demo database
//   RunSettings           mode, rounds, timeout, EXPLAIN options, writes
//   RunController         runs, "try as After" and the rewrites' catalog checks on the connection
//   PlanLoader            plan files and pastes, parsed off the GUI thread
//   AdviceController      findings and rewrites on screen (on the node, at the span), computed off the GUI thread
//   WorkbenchUi           the widgets: header line, folding scripts, plan tabs, side panel (+ WorkbenchMenus)
//   WorkbenchStore        sessions and the settings kept between starts
//   RecoveryStore         unsaved work: the title's [*], autosave to a recovery file, the offer after a crash
// What the user typed is kept in QSettings on every run and on close, so no failure loses it.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    enum Side { BeforeSide = 0, AfterSide = 1 };

    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    SqlEditor *beforeEditor() const;
    SqlEditor *afterEditor() const;
    ScriptPane *scriptPane() const { return m_ui.scripts; }
    PlanView *planView(Side side) const;
    CompareView *compareView() const { return m_ui.compare; }
    FindingsPanel *findingsPanel(Side side) const { return m_ui.findings[side]; }
    RewritePanel *rewritePanel() const { return m_ui.rewrites; }
    QTabWidget *planTabs() const { return m_ui.planTabs; }
    PgConnection *connection() const;
    QString verdictText() const;        // the header's verdict, as plain text
    QString connectionText() const;     // the connection state, as a sentence
    bool isRunning() const;             // a run, a try or the rewrites' catalog checks
    bool isAdviceBusy() const;          // findings or rewrites are being computed

    QString conninfo() const;
    void setConninfo(const QString &conninfo);
    bool loadExample(const QString &id);   // fills both panes and the DSN from resources/demo
    void setRunRounds(int runs, int warmup);
    void setRunMode(RunMode mode);
    void setAllowWrites(bool allow);

    // Asynchronous: the plan appears with its findings (planShown) or the error is reported (planFailed).
    void openPlanFile(const QString &fileName, Side side);
    void showPlanText(const QString &text, Side side, const QString &origin);

    bool saveSession(const QString &fileName, QString *error) const;
    bool loadSession(const QString &fileName, QString *error);

    bool isFocusMode() const { return m_focus.active; }
    WorkbenchStore *store() const { return m_store; }
    PlanLoader *planLoader() const { return m_loader; }
    RecoveryStore *recovery() const { return m_recovery; }

public slots:
    void connectToDatabase();
    void runPair();
    void stopRun();
    void setFocusMode(bool on);

signals:
    void runFinished(bool ok);           // a run (or a try) ended: result, findings and rewrites on screen, or failure
    void planShown(int side);            // a plan and its findings are on screen
    void planFailed(int side, const QString &message);

protected:
    void closeEvent(QCloseEvent *e) override;

private:
    void setStatus(const QString &text, int timeoutMs = 8000);
    void setVerdict(const QString &html, int tone);
    void setVerdict(const Verdict &verdict);
    void setBusy(bool busy);
    void showBackgroundWork(bool busy);
    RunRequest currentRequest() const;

    void onRunSucceeded(const RunResult &result);
    void onRunFailed(const QString &message);
    void onTryFinished(const Rewrite &rewrite, const RewriteVerification &v);
    void showRunResult(const RunResult &result, bool proposeRewrites);
    void onAdviceIdle();
    void tryAsAfter(const QString &afterScript, const QString &ruleId);
    void tryRule(const QString &ruleId);
    void showRewrite(const QString &ruleId);
    void onPlanLoaded(int side, const struct Plan &plan, const QString &raw, const QString &origin);

    WorkbenchUi m_ui;
    ConnectionController *m_connection = nullptr;
    RunSettings *m_settings = nullptr;
    RunController *m_runs = nullptr;
    PlanLoader *m_loader = nullptr;
    AdviceController *m_advice = nullptr;
    WorkbenchStore *m_store = nullptr;
    RecoveryStore *m_recovery = nullptr;
    std::optional<bool> m_finishWhenIdle;   // a run ended: emit runFinished once its findings are on screen
    QString m_tryRule;
    struct Focus {
        bool active = false;
        QByteArray state;                   // QMainWindow::saveState before focus mode
    } m_focus;
};

} // namespace PlanLens
