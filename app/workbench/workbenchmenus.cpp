// SPDX-License-Identifier: MIT
#include "workbenchmenus.h"

#include "connectioncontroller.h"
#include "db/demodatabase.h"
#include "mainwindow.h"
#include "planloader.h"
#include "planview.h"
#include "triagecontroller.h"
#include "workbenchstore.h"
#include "workbenchui.h"

#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QTabWidget>

namespace PlanLens {

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
    file->addSeparator();
    file->addAction(tr("&Quit"), w, &QWidget::close)->setShortcut(QKeySequence::Quit);

    QMenu *run = w->menuBar()->addMenu(tr("&Run"));
    run->addAction(ui.runAction);
    run->addAction(ui.stopAction);
    run->addSeparator();
    run->addAction(tr("&Connect"), w, &MainWindow::connectToDatabase);
    run->addAction(tr("Start the &Demo Database"), connection, &ConnectionController::startDemo);

    QMenu *examples = w->menuBar()->addMenu(tr("&Examples"));
    for (const DemoDatabase::Example &e : DemoDatabase::examples()) {
        const QString id = e.id;
        examples->addAction(e.title, w, [w, id] { w->loadExample(id); });
    }

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

    QMenu *help = w->menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About PlanLens"), w, [w, tr] {
        QMessageBox::about(w, tr("About PlanLens"),
                           tr("<h3>PlanLens %1</h3><p>A PostgreSQL query-plan workbench: run a before/after pair under "
                              "EXPLAIN ANALYZE, compare the plans, and try the rewrite that fixes them.</p>"
                              "<p>Built with Qt %2, libpq, libpg_query, QScintilla and QCustomPlot.</p>")
                               .arg(QApplication::applicationVersion(), QString::fromLatin1(qVersion())));
    });
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
}

} // namespace PlanLens
