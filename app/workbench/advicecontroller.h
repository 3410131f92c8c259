// SPDX-License-Identifier: MIT
#pragma once

#include "sql/sqlscript.h"

#include <QObject>

#include <optional>

namespace PlanLens {

class AdviceJobs;
class RunController;
struct RewriteAdvice;
struct SideAdvice;
struct WorkbenchUi;

// The advice on screen. When a side shows a plan, its findings are computed off the GUI thread (AdviceJobs) and
// put where the eye already is: badges and callouts on the graph's nodes, marks on the SQL spans, rows in the
// findings panel with the most severe one open. The rewrites of the Before script go to the rewrite panel,
// whose preconditions the catalog is then asked about (RunController). The comparison of the two sides is
// refreshed here too, so its badges match the findings.
class AdviceController : public QObject
{
    Q_OBJECT
public:
    AdviceController(WorkbenchUi *ui, RunController *runs, QObject *parent = nullptr);

    void analyzeShown(int side);          // the side's page shows a (new) plan
    void proposeRewrites();               // for the Before side's script (or the editor's text without a run)
    void updateCompare();
    bool isBusy() const;
    bool isQuietSelection() const { return m_quiet; }   // a selection made for the user, not by them
    // The Before script of the last proposal, when it is still the editor's text (spares a parse).
    std::optional<SqlScript> beforeScript(const QString &editorText) const;

signals:
    void sideShown(int side);             // a plan and its findings are on screen
    void idle();                          // no advice is being computed

private:
    void onSideAnalyzed(int side, const SideAdvice &advice);
    void onRewritesProposed(const RewriteAdvice &advice);

    WorkbenchUi *m_ui;
    RunController *m_runs;
    AdviceJobs *m_jobs;
    std::optional<SqlScript> m_beforeScript;
    bool m_quiet = false;
};

} // namespace PlanLens
