// SPDX-License-Identifier: MIT
#include "workbenchmenus.h"

#include "anonymizeexport.h"
#include "connectioncontroller.h"
#include "db/demodatabase.h"
#include "mainwindow.h"
#include "planloader.h"
#include "planside.h"
#include "planview.h"
#include "reportexport.h"
#include "shortcutsdialog.h"
#include "themecontroller.h"
#include "triagecontroller.h"
#include "verdict.h"
#include "workbenchstore.h"
#include "workbenchui.h"

#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QIcon>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QTabWidget>

namespace PlanLens {

namespace {

// One action per demo incident, shared by the Examples menu and Help › Examples. It makes a ready session: both
// scripts and the demo DSN, connected at once when the demo database is up (`pg_ctl status` on the local
// cluster: milliseconds, no network); otherwise Run › Start the Demo Database connects when it is.
QList<QAction *> exampleActions(MainWindow *w)
{
    QList<QAction *> actions;
    for (const DemoDatabase::Example &e : DemoDatabase::examples()) {
        auto *a = new QAction(e.title, w);
        a->setObjectName(QStringLiteral("Example:") + e.id);
        a->setData(e.id);
        QObject::connect(a, &QAction::triggered, w, [w, id = e.id] {
            if (w->loadExample(id) && DemoDatabase().isRunning())
                w->connectToDatabase();
        });
        actions << a;
    }
    return actions;
}

} // namespace

void createWorkbenchMenus(MainWindow *w, WorkbenchUi &ui, ConnectionController *connection)
{
    const auto tr = [](const char *s) { return MainWindow::tr(s); };
    QMenu *file = w->menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&Open Plan as Before…"), w, [w] { w->planLoader()->openDialog(w, MainWindow::BeforeSide); })->setShortcut(QKeySequence::Open);
    file->addAction(tr("Open Plan as &After…"), w, [w] { w->planLoader()->openDialog(w, MainWindow::AfterSide); })
        ->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    file->addAction(tr("&Paste Plan as Before"), w, [w] { w->planLoader()->pasteClipboard(MainWindow::BeforeSide); })
        ->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_V));
    file->addAction(tr("Paste Plan as After"), w, [w] { w->planLoader()->pasteClipboard(MainWindow::AfterSide); });
    file->addAction(tr("Scan &Log…"), w, [w] {
        if (auto *triage = w->findChild<TriageController *>())
            triage->openDialog();
    })->setShortcut(QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_L));   // Ctrl+Shift+L deletes a line in QScintilla
    file->addSeparator();
    file->addAction(tr("Open &Session…"), w, [w] { w->store()->openSessionDialog(); });
    file->addAction(tr("&Save Session…"), w, [w] { w->store()->saveSessionDialog(); })->setShortcut(QKeySequence::Save);
    file->addSeparator();
    file->addAction(tr("&Export Graph…"), w, [w] {
        w->planView(w->planTabs()->currentIndex() == MainWindow::AfterSide ? MainWindow::AfterSide : MainWindow::BeforeSide)->exportWithDialog(false);
    })->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    // The plan of the side on screen as it was pasted or run (JSON after a run), and that side's script.
    file->addAction(tr("Export &Anonymized…"), w, [w, tr, sides = ui.sides] {
        const PlanSidePage *side = sides[w->planTabs()->currentIndex() == MainWindow::AfterSide ? 1 : 0];
        if (side->rawPlan().isEmpty()) {
            QMessageBox::information(w, tr("Export Anonymized"), tr("There is no plan on this side yet: run or open one first."));
            return;
        }
        exportAnonymized(w, side->rawPlan(), side->sql());
    });
    // The incident write-up (HTML or Markdown): scripts, verdict, runs, diff, findings, the rewrite tried, graphs.
    auto *report = new ReportExport(w);
    file->addAction(tr("Export &Report…"), report, &ReportExport::exportWithDialog)->setObjectName(QStringLiteral("ExportReport"));
    file->addSeparator();
    file->addAction(tr("&Quit"), w, &QWidget::close)->setShortcut(QKeySequence::Quit);

    QMenu *run = w->menuBar()->addMenu(tr("&Run"));
    run->addAction(ui.runAction);
    run->addAction(ui.stopAction);
    run->addSeparator();
    run->addAction(tr("&Connect"), w, &MainWindow::connectToDatabase);
    run->addAction(tr("Start the &Demo Database"), connection, &ConnectionController::startDemo);

    const QList<QAction *> exampleList = exampleActions(w);
    QMenu *examples = w->menuBar()->addMenu(tr("&Examples"));
    examples->addActions(exampleList);

    QMenu *view = w->menuBar()->addMenu(tr("&View"));
    view->addAction(ui.foldAction);
    view->addAction(ui.focusAction);
    view->addSeparator();
    view->addAction(ui.findingsDock->toggleViewAction());
    view->addAction(ui.rewritesDock->toggleViewAction());
    view->addAction(ui.paramsDock->toggleViewAction());
    view->addSeparator();
    const QString tabs[] = {tr("&Before Plan"), tr("&After Plan"), tr("&Compare")};
    for (int i = 0; i < 3; ++i)
        view->addAction(tabs[i], w, [w, i] { w->planTabs()->setCurrentIndex(i); })
            ->setShortcut(QKeySequence(Qt::ALT | Qt::Key(Qt::Key_1 + i)));
    view->addSeparator();
    // View › Theme (remembered); the verdict keeps its tone (a stylesheet) across a switch.
    auto *theme = new ThemeController(w);
    theme->addMenu(view);
    QObject::connect(theme, &ThemeController::themeChanged, ui.verdict, [label = ui.verdict] {
        label->setStyleSheet(verdictStyle(Verdict::Tone(label->property("tone").toInt())));
    });

    QMenu *help = w->menuBar()->addMenu(tr("&Help"));
    // Built from the window's actions each time it opens (ShortcutsDialog::collect), so it cannot drift.
    help->addAction(tr("&Keyboard Shortcuts…"), w, [w] {
        auto *dialog = new ShortcutsDialog(w, w);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->show();
    })->setShortcut(QKeySequence(Qt::Key_F1));
    QMenu *helpExamples = help->addMenu(tr("&Examples"));
    helpExamples->setObjectName(QStringLiteral("HelpExamplesMenu"));
    helpExamples->addActions(exampleList);
    help->addSeparator();
    help->addAction(tr("&About PlanLens"), w, [w, tr] {
        QMessageBox::about(w, tr("About PlanLens"),
                           tr("<h3>PlanLens %1</h3><p>A PostgreSQL query-plan workbench: run a before/after pair under "
                              "EXPLAIN ANALYZE, compare the plans, and try the rewrite that fixes them.</p>"
                              "<p>Built with Qt %2, libpq, libpg_query, QScintilla and QCustomPlot.</p>")
                               .arg(QApplication::applicationVersion(), QString::fromLatin1(qVersion())));
    });
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);

    // The icon of the window and of the About box (QMessageBox::about takes the parent's), and the desktop entry
    // it belongs to: on Wayland the compositor matches the window to the menu entry by this name.
    w->setWindowIcon(QIcon(QStringLiteral(":/icons/planlens.svg")));
    QGuiApplication::setDesktopFileName(QStringLiteral("io.github.planlens.PlanLens"));
}

} // namespace PlanLens
