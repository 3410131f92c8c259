// SPDX-License-Identifier: MIT
#include "historycontroller.h"

#include "compareview.h"
#include "format/units.h"
#include "historystrip.h"
#include "mainwindow.h"
#include "plangraphview.h"
#include "planloader.h"
#include "rewrite/rewrite.h"
#include "rewrite/rewriteverifier.h"
#include "runcontroller.h"
#include "session.h"
#include "workbenchui.h"

#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QToolButton>

namespace PlanLens {

namespace {

QString detailsOf(const PlanVersion &v)
{
    QStringList lines;
    if (v.when.isValid())
        lines << QObject::tr("Ran at %1 UTC").arg(v.when.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")));
    if (!v.runsMs.isEmpty())
        lines << QObject::tr("%1 runs, median %2").arg(v.runsMs.size()).arg(Units::duration(v.medianMs.value_or(0)));
    if (v.rows)
        lines << QObject::tr("%1 rows").arg(*v.rows);
    if (!v.plan.isEmpty())
        lines << QObject::tr("Plan: %1 nodes, root %2").arg(v.plan.nodes.size()).arg(v.plan.root().nodeType);
    else
        lines << QObject::tr("No plan (the main statement was not explained)");
    if (v.kind == PlanVersion::Kind::Rewrite) {
        const QJsonValue eq = v.verification.value(QStringLiteral("rows_equal"));
        const QJsonValue speedup = v.verification.value(QStringLiteral("speedup"));
        QString verdict = eq.isBool() ? (eq.toBool() ? QObject::tr("same rows") : QObject::tr("DIFFERENT rows"))
                                      : QObject::tr("rows not compared");
        if (speedup.isDouble())
            verdict += QStringLiteral(", ") + Units::speedup(speedup.toDouble());
        lines << QObject::tr("Verification: %1").arg(verdict);
        const QString error = v.verification.value(QStringLiteral("error")).toString();
        if (!error.isEmpty())
            lines << error;
    }
    return lines.join(u'\n');
}

} // namespace

HistoryController::HistoryController(MainWindow *window, WorkbenchUi *ui, RunController *runs)
    : QObject(window)
    , m_window(window)
    , m_ui(ui)
{
    setObjectName(QStringLiteral("HistoryController"));
    m_strip = new HistoryStrip;
    // Under the plans, closed: the summary button in the tab bar's corner costs the graph no height. The plans
    // and the strip share a splitter of their own in the plans' place, so the main splitter keeps its two parts
    // (the folding scripts size themselves against exactly one neighbour).
    auto *plansAndHistory = new QSplitter(Qt::Vertical);
    plansAndHistory->setObjectName(QStringLiteral("PlanHistorySplitter"));
    plansAndHistory->setChildrenCollapsible(false);
    m_ui->mainSplit->replaceWidget(m_ui->mainSplit->indexOf(m_ui->planTabs), plansAndHistory);
    plansAndHistory->addWidget(m_ui->planTabs);
    plansAndHistory->addWidget(m_strip);
    plansAndHistory->setStretchFactor(0, 1);
    plansAndHistory->setStretchFactor(1, 0);
    plansAndHistory->setSizes({700, 230});
    m_ui->planTabs->show();
    m_ui->planTabs->setCornerWidget(m_strip->summaryButton(), Qt::TopRightCorner);
    connect(m_strip->summaryButton(), &QToolButton::clicked, this, [this] { m_userToggled = true; });
    connect(m_strip, &HistoryStrip::compareRequested, this, &HistoryController::compareVersions);

    connect(runs, &RunController::runSucceeded, this, &HistoryController::onRun);
    connect(runs, &RunController::tryFinished, this, &HistoryController::onTried);
    connect(window->planLoader(), &PlanLoader::loaded, this, [this] { m_compareShowsHistory = false; });
    // The compare view's callouts are the findings of the plans on the Before tab: not of a history version's.
    connect(m_ui->compare, &CompareView::diffAvailable, this, [this] {
        if (m_compareShowsHistory)
            m_ui->compare->beforeGraph()->setCallouts({});
    });
    refresh();
}

void HistoryController::onRun(const RunResult &result)
{
    m_compareShowsHistory = false;
    if (m_history.addRun(result) > 0)
        refresh();
}

void HistoryController::onTried(const Rewrite &rewrite, const RewriteVerification &v)
{
    m_compareShowsHistory = false;
    if (!v.ran || v.run.after.statements.isEmpty())
        return;   // nothing was timed: no version of the query to keep
    QJsonObject verification = v.toJson();
    verification.remove(QStringLiteral("before_plans"));   // the version has its plan already
    verification.remove(QStringLiteral("after_plans"));
    m_history.addTried(rewrite.rule, v.form, v.run, verification);
    refresh();
}

void HistoryController::setHistory(const QList<PlanVersion> &versions)
{
    m_history = PlanHistory(versions);
    refresh();
}

void HistoryController::addTo(Session *session) const
{
    session->history = m_history.versions();
}

void HistoryController::refresh()
{
    QList<HistoryStrip::Entry> entries;
    for (const PlanVersion &v : m_history.versions())
        entries << HistoryStrip::Entry{v.label, v.medianMs, v.isAfterSide(), v.when, detailsOf(v)};
    m_strip->setEntries(entries);
    m_strip->summaryButton()->setVisible(!entries.isEmpty());
    if (entries.isEmpty())
        m_strip->setExpanded(false);
    else if (entries.size() >= kAutoOpenVersions && !m_userToggled && !m_autoOpened) {
        m_autoOpened = true;
        m_strip->setExpanded(true);
    }
    emit historyChanged();
}

bool HistoryController::compareVersions(int beforeIndex, int afterIndex)
{
    const auto problem = [this](const QString &message) {
        m_window->statusBar()->showMessage(message, 8000);
        return false;
    };
    if (beforeIndex < 0 || afterIndex < 0 || beforeIndex >= m_history.size() || afterIndex >= m_history.size()
        || beforeIndex == afterIndex)
        return problem(tr("Choose two different versions to compare."));
    const PlanVersion &b = m_history.at(beforeIndex);
    const PlanVersion &a = m_history.at(afterIndex);
    for (const PlanVersion *v : {&b, &a})
        if (v->plan.isEmpty())
            return problem(tr("%1 has no plan to compare (its main statement was not explained).").arg(v->label));
    m_compareShowsHistory = true;
    m_ui->compare->setPlans(b.plan, a.plan);
    m_ui->compare->setSideNames(QStringLiteral("%1. %2").arg(beforeIndex + 1).arg(b.label),
                                QStringLiteral("%1. %2").arg(afterIndex + 1).arg(a.label));
    m_ui->compare->setRunTimes(b.runsMs, a.runsMs);
    m_ui->compare->setFindingBadges({}, {});
    m_ui->planTabs->setCurrentWidget(m_ui->compare);
    m_window->statusBar()->showMessage(tr("Comparing %1 with %2").arg(b.label, a.label), 8000);
    return true;
}

} // namespace PlanLens
