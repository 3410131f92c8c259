// SPDX-License-Identifier: MIT
#include "reportexport.h"

#include "findingspanel.h"
#include "mainwindow.h"
#include "planside.h"
#include "report/reportbuilder.h"
#include "rewritepanel.h"
#include "runcontroller.h"
#include "sqleditor.h"
#include "workbenchstore.h"
#include "workbenchui.h"

#include <QApplication>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QSettings>
#include <QStatusBar>

namespace PlanLens {

namespace {

// The plan a run put on screen for a side (MainWindow::showRunResult: the last explained statement).
QString shownPlanOf(const SideResult& side)
{
    QString raw;
    for (const StatementRun& st : side.statements)
        if (st.explained && !st.plan.isEmpty()) raw = st.explainJson;
    return raw;
}

} // namespace

ReportExport::ReportExport(MainWindow* window)
    : QObject(window)
    , m_window(window)
{
    if (auto* runs = window->findChild<RunController*>()) {
        connect(runs, &RunController::runSucceeded, this, &ReportExport::onRun);
        connect(runs, &RunController::tryFinished, this, &ReportExport::onTried);
    }
    connect(window->store(), &WorkbenchStore::sessionOpened, this, &ReportExport::onSessionOpened);
}

void ReportExport::onRun(const RunResult& result)
{
    m_run = result;
    m_tried.reset(); // the After pane ran as it stands: no longer the tried rewrite's verification
}

void ReportExport::onTried(const Rewrite& rewrite, const RewriteVerification& verification)
{
    Session s;
    s.setTried(rewrite, verification.form, m_window->afterEditor()->text(), verification);
    m_tried = s.tried;
    if (verification.ran && !verification.run.before.statements.isEmpty())
        m_run = verification.run; // what the window now shows
}

void ReportExport::onSessionOpened(const QString& fileName)
{
    // A session of format 2 brings its results: keep them for as long as its plans stay on screen.
    QString error;
    const std::optional<Session> s = Session::load(fileName, &error);
    m_run = s ? s->run : std::nullopt;
    m_tried = s ? s->tried : std::nullopt;
}

void ReportExport::addResultsTo(Session* s) const
{
    // The run counts only while its plans are the ones on screen (a plan opened from a file replaces them).
    if (m_run && shownPlanOf(m_run->before) == s->beforePlan && shownPlanOf(m_run->after) == s->afterPlan) {
        s->setRun(*m_run);
        s->tried = m_tried;
    }
    s->setFindings(m_window->findingsPanel(MainWindow::BeforeSide)->findings(),
        m_window->findingsPanel(MainWindow::AfterSide)->findings());
    s->setRewrites(m_window->rewritePanel()->rewrites());
}

Session ReportExport::session() const
{
    Session s = m_window->store()->snapshot();
    addResultsTo(&s);
    return s;
}

bool ReportExport::write(const QString& fileName, QStringList* written, QString* error) const
{
    const ReportBuilder builder(session(), tr("the PlanLens window"));
    return builder.write(fileName, written, error);
}

void ReportExport::exportWithDialog()
{
    QSettings settings;
    const QString dir = settings.value(QStringLiteral("report/dir"), QDir::homePath()).toString();
    QString selected;
    QString file = QFileDialog::getSaveFileName(m_window, tr("Export report"),
        QDir(dir).filePath(QStringLiteral("incident-report.html")),
        tr("HTML report, one file (*.html);;Markdown report with PNG pictures (*.md)"), &selected);
    if (file.isEmpty()) return;
    if (ReportBuilder::formatOf(file).isEmpty())
        file += selected.contains(QStringLiteral("*.md")) ? QStringLiteral(".md") : QStringLiteral(".html");
    settings.setValue(QStringLiteral("report/dir"), QFileInfo(file).absolutePath());
    QStringList written;
    QString error;
    QApplication::setOverrideCursor(Qt::WaitCursor);
    const bool ok = write(file, &written, &error);
    QApplication::restoreOverrideCursor();
    if (!ok) {
        QMessageBox::warning(m_window, tr("Export report"), error);
        return;
    }
    m_window->statusBar()->showMessage(tr("Wrote %1").arg(written.join(QStringLiteral(", "))), 10000);
}

} // namespace PlanLens
