// SPDX-License-Identifier: MIT
#pragma once

#include "detect/finding.h"
#include "plan/plan.h"
#include "rewrite/rewrite.h"
#include "sql/sqlscript.h"

#include <QObject>

#include <optional>

namespace PlanLens {

// The findings of one plan on screen, with the script they were computed against.
struct SideAdvice {
    QList<Finding> findings;
    std::optional<SqlScript> script;     // parsed from the side's SQL (empty for a plan file)
};

// The rewrites proposed for the Before script.
struct RewriteAdvice {
    std::optional<SqlScript> script;     // the Before script, parsed; empty when it does not parse
    QList<Rewrite> rewrites;
    QString parseError;                  // why there is no script
};

// The pure work, callable from any thread (libpg_query keeps its memory per thread).
SideAdvice computeSideAdvice(const Plan &plan, const QString &sql, int statementIndex);
RewriteAdvice computeRewriteAdvice(const QString &sql, const std::optional<Plan> &plan);

// Script parsing, detectors and rewrite proposals, off the GUI thread. Each kind of job carries a generation
// counter: a newer request makes the results of an older one stale, and they are dropped (hotspot's
// JobTracker idea). Results reach the GUI thread through the watcher's finished signal.
class AdviceJobs : public QObject
{
    Q_OBJECT
public:
    explicit AdviceJobs(QObject *parent = nullptr);

    void analyzeSide(int side, const Plan &plan, const QString &sql, int statementIndex);
    void proposeRewrites(const QString &sql, const std::optional<Plan> &plan);
    bool isBusy() const { return m_pending > 0; }

signals:
    void sideAnalyzed(int side, const PlanLens::SideAdvice &advice);
    void rewritesProposed(const PlanLens::RewriteAdvice &advice);
    void idle();                          // no job is pending any more

private:
    void jobDone();

    quint64 m_sideGeneration[2] = {0, 0};
    quint64 m_rewriteGeneration = 0;
    int m_pending = 0;
};

} // namespace PlanLens
