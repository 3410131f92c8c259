// SPDX-License-Identifier: MIT
#include "triagecontroller.h"

#include "mainwindow.h"
#include "scan/scaninputs.h"
#include "scan/scanjob.h"
#include "sqleditor.h"
#include "triageview.h"

#include <QFileDialog>
#include <QStatusBar>

namespace PlanLens {

TriageController::TriageController(MainWindow *window, QObject *parent)
    : QObject(parent)
    , m_window(window)
{
    setObjectName(QStringLiteral("TriageController"));
}

TriageController::~TriageController()
{
    delete m_view;   // a top-level window of its own: cancels its scan
}

void TriageController::openDialog()
{
    const QStringList files = QFileDialog::getOpenFileNames(
        m_window, tr("Scan Log"), QString(),
        tr("PostgreSQL logs (*.log *.csv *.json *.gz *.zst);;All files (*)"));
    if (!files.isEmpty())
        scan(files);
}

TriageView *TriageController::ensureView()
{
    if (!m_view) {
        // A window of its own (not a dock): the workbench's plan graph keeps all its room.
        m_view = new TriageView(nullptr);
        m_view->setAttribute(Qt::WA_DeleteOnClose, false);
        m_view->setWindowTitle(tr("Triage — PlanLens"));
        m_view->resize(1100, 520);
        connect(m_view, &TriageView::openInWorkbench, this, &TriageController::openInWorkbench);
        connect(m_view, &TriageView::entryFailed, m_window,
                [this](const QString &message) { m_window->statusBar()->showMessage(message, 10000); });
    }
    return m_view;
}

bool TriageController::scan(const QStringList &paths)
{
    QStringList missing;
    const QStringList inputs = expandScanInputs(paths, &missing);
    TriageView *view = ensureView();
    if (!missing.isEmpty()) {
        m_window->statusBar()->showMessage(tr("No such file or directory: %1").arg(missing.join(QStringLiteral(", "))), 10000);
        return false;
    }
    auto job = std::make_shared<ScanJob>(inputs, ScanOptions{},
                                         [](const QString &path, QString *error) { return openScanInput(path, error); });
    view->setJob(job);
    job->start();
    view->show();
    view->raise();
    return true;
}

void TriageController::openInWorkbench(const QString &planText, const QString &queryText, const QString &origin)
{
    // The query first: the plan's findings and rewrites are matched against the Before script when it is shown.
    if (!queryText.isEmpty())
        m_window->beforeEditor()->setText(queryText.endsWith(u';') ? queryText : queryText + u';');
    m_window->showPlanText(planText, MainWindow::BeforeSide, origin);
    m_window->raise();
    m_window->activateWindow();
    emit entryOpened(origin);
}

} // namespace PlanLens
