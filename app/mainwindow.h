// SPDX-License-Identifier: MIT
#pragma once

#include "db/runresult.h"
#include "detect/finding.h"
#include "plan/plan.h"
#include "rewrite/rewrite.h"

#include <QMainWindow>
#include <QPointer>

#include <functional>

class QAction;
class QCheckBox;
class QComboBox;
class QDockWidget;
class QLabel;
class QProcess;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTabWidget;
class QTableWidget;

namespace PlanLens {

class CompareView;
class ExplainRunner;
class FindingsPanel;
class PgConnection;
class PlanView;
class RewritePanel;
class RewriteVerifier;
class SqlEditor;
struct RewriteVerification;
struct Session;

// The workbench: a connection bar, the Before and After scripts, the run bar (mode, runs, warm-ups, timeout,
// writes), the two plans as graphs and their comparison, the findings of each side and the proposed rewrites.
//
// Everything that touches the network is asynchronous (PgConnection + ExplainRunner on this thread, libpq's
// non-blocking API); plan files are parsed off the GUI thread. What the user typed is kept in QSettings on every
// run and on close, so no failure (lost server, cancelled query, bad input) loses it.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    enum Side { BeforeSide = 0, AfterSide = 1 };

    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    SqlEditor *beforeEditor() const { return m_editors[BeforeSide]; }
    SqlEditor *afterEditor() const { return m_editors[AfterSide]; }
    PlanView *planView(Side side) const { return m_planViews[side]; }
    CompareView *compareView() const { return m_compare; }
    FindingsPanel *findingsPanel(Side side) const { return m_findings[side]; }
    RewritePanel *rewritePanel() const { return m_rewrites; }
    QTabWidget *planTabs() const { return m_planTabs; }
    PgConnection *connection() const { return m_conn; }
    QString verdictText() const;        // the banner over the plans, as plain text
    QString connectionText() const;     // what the connection bar says
    bool isRunning() const;

    QString conninfo() const;
    void setConninfo(const QString &conninfo);
    void loadExample(const QString &id);   // fills both panes and the DSN from resources/demo
    void setRunRounds(int runs, int warmup);
    void setRunMode(RunMode mode);
    void setAllowWrites(bool allow);

    // Asynchronous: the plan appears when parsed (planShown) or the error is reported (planFailed).
    void openPlanFile(const QString &fileName, Side side);
    void showPlanText(const QString &text, Side side, const QString &origin);

    bool saveSession(const QString &fileName, QString *error) const;
    bool loadSession(const QString &fileName, QString *error);

public slots:
    void connectToDatabase();
    void runPair();
    void stopRun();

signals:
    void runFinished(bool ok);           // a run (or a "try as After") ended: result shown, or failure reported
    void planShown(int side);
    void planFailed(int side, const QString &message);

protected:
    void closeEvent(QCloseEvent *e) override;
    void showEvent(QShowEvent *e) override;

private:
    void createConnectionBar();
    void createRunBar();
    void createCentral();
    void createDocks();
    void createActions();
    void restoreState();
    void saveState() const;
    void showAbout();
    void setStatus(const QString &text, int timeoutMs = 8000);
    void setVerdict(const QString &html, const QString &tone);   // tone: ok, bad, info, busy

    RunRequest currentRequest() const;
    QList<RunParameter> parameters() const;
    void detectParameters();
    void ensureConnection();
    void onPasswordRequired();
    void updateConnectionState();
    void onRunProgress(const QString &message, int round, int total);
    void onRunResult(const RunResult &result);
    void onRunFailed(const QString &message);
    void onRunStopped(const RunResult &partial);
    void setRunning(bool running);
    void showRunResult(const RunResult &result, const QString &verdictHtml, const QString &tone);
    void showSide(Side side, const QList<Plan> &plans, int mainIndex, const QString &sql, const QString &header);
    void showSideStatement(Side side, int index);
    void analyzeSide(Side side);
    void updateCompare();
    void updateRewrites();
    void checkRewritePreconditions();
    void onTryAsAfter(const QString &afterScript, const QString &ruleId);
    void onVerificationFinished(const QList<Rewrite> &rewrites, const QList<QList<RewriteVerification>> &results);
    void startDemo();
    void openPlanDialog(Side side);
    void pastePlan(Side side);
    void saveSessionDialog();
    void openSessionDialog();
    void exportGraph();
    void markFailure(Side side, int position, const QString &message);
    bool deferUntilChecksDone(std::function<void()> action);
    void runDeferred();

    // Connection and runs.
    PgConnection *m_conn = nullptr;
    ExplainRunner *m_runner = nullptr;
    QPointer<RewriteVerifier> m_verifier;
    bool m_verifyingTry = false;         // m_verifier runs a "try as After" (else: catalog checks)
    bool m_runAfterConnect = false;      // a run waits for the password prompt
    bool m_shownOnce = false;
    std::function<void()> m_afterChecks;  // a run or a try asked for while the catalog checks ran
    QString m_tryRule;
    QProcess *m_demo = nullptr;
    quint64 m_planGeneration[2] = {0, 0};

    // What is on screen, per side.
    struct SideState {
        QList<Plan> plans;               // one per explained statement, in script order
        QList<int> statementOfPlan;      // script statement index of each plan
        int mainPlan = -1;
        int shownPlan = -1;
        QString sql;                     // the script the plans came from (empty for a plan file)
        QString header;                  // "EXPLAIN (ANALYZE, ...) · median 12.3 ms over 7 runs"
        QList<Finding> findings;
        QString rawPlan;                 // EXPLAIN text of the main statement (for sessions)
    };
    SideState m_side[2];
    std::optional<RunResult> m_lastRun;

    // Widgets.
    QComboBox *m_dsn = nullptr;
    QPushButton *m_connectButton = nullptr;
    QLabel *m_connectionState = nullptr;
    QAction *m_runAction = nullptr;
    QAction *m_stopAction = nullptr;
    QComboBox *m_mode = nullptr;
    QSpinBox *m_runs = nullptr;
    QSpinBox *m_warmup = nullptr;
    QSpinBox *m_timeout = nullptr;
    QCheckBox *m_allowWrites = nullptr;
    QAction *m_optBuffers = nullptr;
    QAction *m_optVerbose = nullptr;
    QAction *m_optSettings = nullptr;
    QAction *m_optWal = nullptr;
    QAction *m_optGeneric = nullptr;
    SqlEditor *m_editors[2] = {};
    QTableWidget *m_params = nullptr;
    QLabel *m_verdict = nullptr;
    QTabWidget *m_planTabs = nullptr;
    PlanView *m_planViews[2] = {};
    QLabel *m_planHeaders[2] = {};
    QComboBox *m_statementBoxes[2] = {};
    CompareView *m_compare = nullptr;
    QDockWidget *m_findingsDock = nullptr;
    QTabWidget *m_findingsTabs = nullptr;
    FindingsPanel *m_findings[2] = {};
    QDockWidget *m_rewritesDock = nullptr;
    RewritePanel *m_rewrites = nullptr;
    QDockWidget *m_paramsDock = nullptr;
    QLabel *m_statusConnection = nullptr;
    QProgressBar *m_progress = nullptr;
};

} // namespace PlanLens
