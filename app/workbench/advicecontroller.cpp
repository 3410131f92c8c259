// SPDX-License-Identifier: MIT
#include "advicecontroller.h"

#include "advicejobs.h"
#include "compareview.h"
#include "findingspanel.h"
#include "planside.h"
#include "plangraphview.h"
#include "planview.h"
#include "rewritepanel.h"
#include "runcontroller.h"
#include "scriptpane.h"
#include "sqleditor.h"
#include "workbenchui.h"

#include <QTabWidget>

namespace PlanLens {

AdviceController::AdviceController(WorkbenchUi *ui, RunController *runs, QObject *parent)
    : QObject(parent)
    , m_ui(ui)
    , m_runs(runs)
    , m_jobs(new AdviceJobs(this))
{
    connect(m_jobs, &AdviceJobs::sideAnalyzed, this, &AdviceController::onSideAnalyzed);
    connect(m_jobs, &AdviceJobs::rewritesProposed, this, &AdviceController::onRewritesProposed);
    connect(m_jobs, &AdviceJobs::idle, this, &AdviceController::idle);
    connect(m_ui->compare, &CompareView::diffAvailable, this, [this] {
        m_ui->compare->beforeGraph()->setCallouts(findingsToCallouts(m_ui->sides[0]->findings()));
    });
}

bool AdviceController::isBusy() const
{
    return m_jobs->isBusy();
}

std::optional<SqlScript> AdviceController::beforeScript(const QString &editorText) const
{
    if (m_beforeScript && m_beforeScript->text == editorText)
        return m_beforeScript;
    return std::nullopt;
}

void AdviceController::analyzeShown(int side)
{
    const PlanSidePage *page = m_ui->sides[side];
    if (page->hasPlan())
        m_jobs->analyzeSide(side, page->shownPlan(), page->sql(), page->shownStatement());
}

void AdviceController::onSideAnalyzed(int side, const SideAdvice &advice)
{
    PlanSidePage *page = m_ui->sides[side];
    PlanView *view = page->view();
    page->setFindings(advice.findings);
    m_ui->findings[side]->setFindings(advice.findings, &view->plan());
    view->setBadges(findingsToBadges(advice.findings));
    view->graphView()->setCallouts(findingsToCallouts(advice.findings));
    if (side == 0)
        m_ui->compare->beforeGraph()->setCallouts(findingsToCallouts(advice.findings));
    SqlEditor *editor = m_ui->scripts->editor(side);
    if (advice.script && editor->text() == page->sql())   // the spans refer to the script as it ran
        editor->setMarks(findingsToMarks(advice.findings));
    m_ui->findingsTabs->setTabText(side, tr("%1 (%2)").arg(side == 0 ? tr("Before") : tr("After")).arg(advice.findings.size()));
    // The most severe finding's evidence and advice are on screen without a click (quietly: the graph and the
    // editors stay where they are).
    if (!advice.findings.isEmpty() && advice.findings.first().nodeId >= 0) {
        m_quiet = true;
        m_ui->findings[side]->selectFindingForNode(advice.findings.first().nodeId);
        m_quiet = false;
    }
    m_ui->compare->setFindingBadges(findingsToBadges(m_ui->sides[0]->findings()),
                                    findingsToBadges(m_ui->sides[1]->findings()));
    emit sideShown(side);
}

void AdviceController::proposeRewrites()
{
    const PlanSidePage *b = m_ui->sides[0];
    const QString sql = b->sql().isEmpty() ? m_ui->scripts->editor(0)->text() : b->sql();
    m_jobs->proposeRewrites(sql, b->mainPlan() ? std::optional<Plan>(*b->mainPlan()) : std::nullopt);
}

void AdviceController::onRewritesProposed(const RewriteAdvice &advice)
{
    m_beforeScript = advice.script;
    if (!advice.script) {
        m_ui->rewrites->clear();
        return;
    }
    m_ui->rewrites->setRewrites(*advice.script, advice.rewrites);
    for (const Finding &f : m_ui->sides[0]->findings())
        if (!f.rewriteId.isEmpty() && m_ui->rewrites->showRule(f.rewriteId))
            break;
    // Ask the catalog whether the rewrites' preconditions hold (unique keys, NOT NULL, ...), when connected.
    m_runs->checkPreconditions(*advice.script, advice.rewrites);
}

void AdviceController::updateCompare()
{
    const PlanSidePage *b = m_ui->sides[0];
    const PlanSidePage *a = m_ui->sides[1];
    if (!b->hasPlan() || !a->hasPlan()) {
        m_ui->compare->clear();
        return;
    }
    if (b->sql().isEmpty() || a->sql().isEmpty())
        m_ui->compare->setPlans(b->shownPlan(), a->shownPlan());
    else
        m_ui->compare->setScripts(b->plans(), a->plans());
}

} // namespace PlanLens
