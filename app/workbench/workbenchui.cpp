// SPDX-License-Identifier: MIT
#include "workbenchui.h"

#include "compareview.h"
#include "connectioncontroller.h"
#include "findingspanel.h"
#include "parametertable.h"
#include "planside.h"
#include "rewritepanel.h"
#include "runsettings.h"
#include "scriptpane.h"

#include <QAction>
#include <QComboBox>
#include <QDockWidget>
#include <QLabel>
#include <QMainWindow>
#include <QMenuBar>
#include <QProgressBar>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QToolBar>
#include <QToolButton>

namespace PlanLens {

namespace {
// The verdict takes whatever the header line has left and never widens the window: a long message is cut
// here and read whole in its tooltip and the status bar.
class VerdictLabel : public QLabel
{
public:
    QSize sizeHint() const override { return {160, QLabel::sizeHint().height()}; }
    QSize minimumSizeHint() const override { return {120, QLabel::sizeHint().height()}; }
};
} // namespace

void WorkbenchUi::setup(QMainWindow *w, ConnectionController *connection, RunSettings *settings)
{
    const auto tr = [](const char *s) { return QMainWindow::tr(s); };
    // --- one header line: connection, run, settings, verdict ---
    header = w->addToolBar(tr("Header"));
    header->setObjectName(QStringLiteral("HeaderBar"));
    header->setMovable(false);
    header->setFloatable(false);
    header->addWidget(connection->dsnBox());
    header->addWidget(connection->stateLabel());
    header->addSeparator();
    // The header shows the run actions through buttons of its own, so focus mode can hide the buttons while
    // the actions (and their shortcuts, added to the window) stay live.
    const auto button = [this](QAction *a) {
        auto *b = new QToolButton;
        b->setDefaultAction(a);
        header->addWidget(b);
    };
    runAction = new QAction(tr("▶ Run pair"), w);
    runAction->setObjectName(QStringLiteral("RunAction"));
    runAction->setShortcuts({QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)});
    runAction->setToolTip(tr("Run Before and After, interleaved, and compare them (Ctrl+Return)"));
    stopAction = new QAction(tr("■ Stop"), w);
    stopAction->setObjectName(QStringLiteral("StopAction"));
    stopAction->setShortcut(QKeySequence(Qt::Key_Escape));
    stopAction->setShortcutContext(Qt::WindowShortcut);
    stopAction->setToolTip(tr("Cancel the running statement on the server and end the series (Esc)"));
    stopAction->setEnabled(false);
    w->addAction(runAction);
    w->addAction(stopAction);
    button(runAction);
    button(stopAction);
    settings->addTo(header);
    header->addSeparator();
    verdict = new VerdictLabel;
    verdict->setObjectName(QStringLiteral("Verdict"));
    verdict->setTextInteractionFlags(Qt::TextSelectableByMouse);
    verdict->setContentsMargins(8, 3, 8, 3);
    verdict->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    verdictAction = header->addWidget(verdict);

    focusAction = new QAction(tr("&Focus on the Plan"), w);
    focusAction->setObjectName(QStringLiteral("FocusAction"));
    focusAction->setCheckable(true);
    focusAction->setShortcut(QKeySequence(Qt::Key_F11));
    focusAction->setToolTip(tr("Only the graphs and the verdict (F11)"));
    foldAction = new QAction(tr("Fold the &Scripts"), w);
    foldAction->setObjectName(QStringLiteral("FoldScriptsAction"));
    foldAction->setCheckable(true);
    foldAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    foldAction->setToolTip(tr("Fold the SQL editors to one line per side, or open them (Ctrl+E)"));
    w->addAction(focusAction);   // shortcuts work while the menu bar is hidden in focus mode
    w->addAction(foldAction);

    // --- centre: the scripts (folding) over the plans ---
    scripts = new ScriptPane;
    planTabs = new QTabWidget;
    planTabs->setObjectName(QStringLiteral("PlanTabs"));
    planTabs->setDocumentMode(true);
    for (int s = 0; s < 2; ++s) {
        sides[s] = new PlanSidePage(s == 0 ? tr("Before") : tr("After"),
                                    s == 0 ? QStringLiteral("Before") : QStringLiteral("After"));
        planTabs->addTab(sides[s], s == 0 ? tr("Before plan") : tr("After plan"));
    }
    compare = new CompareView;
    compare->setObjectName(QStringLiteral("Compare"));
    planTabs->addTab(compare, tr("Compare"));
    // The plan area may shrink below what its contents ask for: the window must fit a 768-pixel-high screen.
    planTabs->setMinimumSize(300, 200);
    mainSplit = new QSplitter(Qt::Vertical);
    mainSplit->setObjectName(QStringLiteral("MainSplitter"));
    mainSplit->addWidget(scripts);
    mainSplit->addWidget(planTabs);
    mainSplit->setStretchFactor(0, 0);
    mainSplit->setStretchFactor(1, 1);
    mainSplit->setCollapsible(1, false);
    mainSplit->setSizes({240, 700});
    w->setCentralWidget(mainSplit);

    // --- side panel: findings above rewrites, beside the plans ---
    findingsDock = new QDockWidget(tr("Findings"), w);
    findingsDock->setObjectName(QStringLiteral("FindingsDock"));
    findingsTabs = new QTabWidget;
    findingsTabs->setDocumentMode(true);
    for (int s = 0; s < 2; ++s) {
        findings[s] = new FindingsPanel;
        findings[s]->setObjectName(s == 0 ? QStringLiteral("BeforeFindings") : QStringLiteral("AfterFindings"));
        findingsTabs->addTab(findings[s], s == 0 ? tr("Before") : tr("After"));
    }
    findingsDock->setWidget(findingsTabs);
    w->addDockWidget(Qt::RightDockWidgetArea, findingsDock);

    rewritesDock = new QDockWidget(tr("Rewrites"), w);
    rewritesDock->setObjectName(QStringLiteral("RewritesDock"));
    rewrites = new RewritePanel;
    rewrites->setObjectName(QStringLiteral("Rewrites"));
    rewritesDock->setWidget(rewrites);
    w->addDockWidget(Qt::RightDockWidgetArea, rewritesDock);
    w->splitDockWidget(findingsDock, rewritesDock, Qt::Vertical);

    paramsDock = new QDockWidget(tr("Parameters"), w);
    paramsDock->setObjectName(QStringLiteral("ParametersDock"));
    params = new ParameterTable;
    paramsDock->setWidget(params);
    w->addDockWidget(Qt::RightDockWidgetArea, paramsDock);
    w->tabifyDockWidget(rewritesDock, paramsDock);
    paramsDock->hide();
    rewritesDock->raise();

    progress = new QProgressBar;
    progress->setMaximumWidth(160);
    progress->setTextVisible(false);
    progress->hide();
    w->statusBar()->addPermanentWidget(progress);
    statusConnection = new QLabel;
    statusConnection->setObjectName(QStringLiteral("StatusConnection"));
    w->statusBar()->addPermanentWidget(statusConnection);
}

void WorkbenchUi::setFocusLayout(QMainWindow *w, bool on)
{
    // Only the graphs and the verdict: menus, header controls, scripts, side panel and status bar fold away.
    // The caller restores the docks (QMainWindow::restoreState) when focus mode ends.
    w->menuBar()->setVisible(!on);
    w->statusBar()->setVisible(!on);
    scripts->setVisible(!on);
    for (QAction *a : header->actions())
        if (a != verdictAction)
            a->setVisible(!on);
    if (on)
        for (QDockWidget *d : {findingsDock, rewritesDock, paramsDock})
            d->hide();
}

} // namespace PlanLens
