// SPDX-License-Identifier: MIT
#pragma once

class QAction;
class QDockWidget;
class QLabel;
class QMainWindow;
class QProgressBar;
class QSplitter;
class QTabWidget;
class QToolBar;

namespace PlanLens {

class CompareView;
class ConnectionController;
class FindingsPanel;
class ParameterTable;
class PlanSidePage;
class RewritePanel;
class RunSettings;
class ScriptPane;

// The widgets of the workbench and where they sit (as Qt Designer's Ui classes do): the one-line header
// (connection, run, settings, verdict), the folding scripts over the plan tabs, and beside them the side panel
// (findings above, rewrites below, parameters on demand). Plan first: the graph gets what is left, which is
// most of the window.
struct WorkbenchUi {
    void setup(QMainWindow *window, ConnectionController *connection, RunSettings *settings);
    void setFocusLayout(QMainWindow *window, bool on);

    QToolBar *header = nullptr;
    QAction *runAction = nullptr;
    QAction *stopAction = nullptr;
    QAction *focusAction = nullptr;
    QAction *foldAction = nullptr;
    QLabel *verdict = nullptr;
    QAction *verdictAction = nullptr;
    ScriptPane *scripts = nullptr;
    QSplitter *mainSplit = nullptr;
    QTabWidget *planTabs = nullptr;
    PlanSidePage *sides[2] = {};
    CompareView *compare = nullptr;
    QDockWidget *findingsDock = nullptr;
    QTabWidget *findingsTabs = nullptr;
    FindingsPanel *findings[2] = {};
    QDockWidget *rewritesDock = nullptr;
    RewritePanel *rewrites = nullptr;
    QDockWidget *paramsDock = nullptr;
    ParameterTable *params = nullptr;
    QProgressBar *progress = nullptr;
    QLabel *statusConnection = nullptr;
};

} // namespace PlanLens
