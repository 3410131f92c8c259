// SPDX-License-Identifier: MIT
#include "advicejobs.h"
#include "jobs/workpool.h"

#include "detect/detectors.h"

#include <QFutureWatcher>
#include <QtConcurrent>

namespace PlanLens {

SideAdvice computeSideAdvice(const Plan &plan, const QString &sql, int statementIndex)
{
    SideAdvice out;
    if (!sql.isEmpty()) {
        Result<SqlScript> r = parseSqlScript(sql);
        if (auto *s = std::get_if<SqlScript>(&r))
            out.script = std::move(*s);
    }
    DetectContext ctx;
    if (out.script)
        ctx.statementIndex = statementIndex;
    out.findings = runDetectors(plan, out.script ? &*out.script : nullptr, ctx);
    return out;
}

RewriteAdvice computeRewriteAdvice(const QString &sql, const std::optional<Plan> &plan)
{
    RewriteAdvice out;
    Result<SqlScript> r = parseSqlScript(sql);
    if (auto *e = std::get_if<ParseError>(&r)) {
        out.parseError = e->toString();
        return out;
    }
    out.script = std::move(std::get<SqlScript>(r));
    out.rewrites = proposeRewrites(*out.script, plan ? &*plan : nullptr);
    return out;
}

AdviceJobs::AdviceJobs(QObject *parent)
    : QObject(parent)
{
}

void AdviceJobs::analyzeSide(int side, const Plan &plan, const QString &sql, int statementIndex)
{
    const quint64 gen = ++m_sideGeneration[side];
    ++m_pending;
    auto *w = new QFutureWatcher<SideAdvice>(this);
    connect(w, &QFutureWatcherBase::finished, this, [this, w, gen, side] {
        w->deleteLater();
        inTurnOfItsOwn(this, [this, advice = w->future().takeResult(), gen, side] {
            if (gen == m_sideGeneration[side])   // a newer request for this side wins
                emit sideAnalyzed(side, advice);
            jobDone();
        });
    });
    w->setFuture(QtConcurrent::run(workPool(), computeSideAdvice, plan, sql, statementIndex));
}

void AdviceJobs::proposeRewrites(const QString &sql, const std::optional<Plan> &plan)
{
    const quint64 gen = ++m_rewriteGeneration;
    ++m_pending;
    auto *w = new QFutureWatcher<RewriteAdvice>(this);
    connect(w, &QFutureWatcherBase::finished, this, [this, w, gen] {
        w->deleteLater();
        inTurnOfItsOwn(this, [this, advice = w->future().takeResult(), gen] {
            if (gen == m_rewriteGeneration)
                emit rewritesProposed(advice);
            jobDone();
        });
    });
    w->setFuture(QtConcurrent::run(workPool(), computeRewriteAdvice, sql, plan));
}

void AdviceJobs::jobDone()
{
    if (--m_pending == 0)
        emit idle();
}

} // namespace PlanLens
