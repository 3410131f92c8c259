// SPDX-License-Identifier: MIT
#include "compareview.h"
#include "charts/estimatechart.h"
#include "charts/nodetimechart.h"
#include "charts/runtimechart.h"
#include "plangraphview.h"

#include <QButtonGroup>
#include <QComboBox>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPainter>
#include <QSplitter>
#include <QTabWidget>
#include <QToolButton>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace PlanLens {

namespace {

const Plan &emptyPlan()
{
    static const Plan p;
    return p;
}

const PlanDiff &emptyDiff()
{
    static const PlanDiff d;
    return d;
}

QColor goneColour() { return QColor(0x7f, 0x8c, 0x8d); }
QColor newColour() { return QColor(0x1e, 0x8e, 0x4e); }
QColor changedColour() { return QColor(0xc2, 0x7c, 0x0e); }

// Green for what got better, red for what got worse, blue for what is only different.
QColor changeColour(const Change &c)
{
    if (c.kind == u"spill-removed" || c.kind == u"estimate-fixed" || (c.kind == u"time" && c.deltaMs < 0))
        return QColor(0x1e, 0x8e, 0x4e);
    if (c.kind == u"spill-added" || c.kind == u"estimate-worse" || c.kind == u"rows-returned"
        || (c.kind == u"time" && c.deltaMs > 0))
        return QColor(0xc0, 0x39, 0x2b);
    return QColor(0x2e, 0x6d, 0xb4);
}

QIcon dotIcon(const QColor &c)
{
    QPixmap pm(12, 12);
    pm.fill(Qt::transparent);
    QPainter p(&pm);
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(c.darker(130));
    p.setBrush(c);
    p.drawEllipse(QRectF(1.5, 1.5, 9, 9));
    return QIcon(pm);
}

QString sideSummary(const Plan &plan)
{
    QStringList parts;
    if (plan.executionMs)
        parts << formatDurationMs(*plan.executionMs);
    else if (!plan.isEmpty() && plan.root().totalCost)
        parts << QObject::tr("cost %1").arg(*plan.root().totalCost, 0, 'f', 2);
    parts << QObject::tr("%n node(s)", nullptr, int(plan.nodes.size()));
    return parts.join(QStringLiteral(" · "));
}

} // namespace

CompareView::CompareView(QWidget *parent)
    : QWidget(parent)
{
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->setSpacing(2);

    // Tool row: statement pair, layout, colour metric.
    auto *tools = new QHBoxLayout;
    tools->setContentsMargins(6, 4, 6, 0);
    m_statementLabel = new QLabel(tr("Statements:"), this);
    m_statementBox = new QComboBox(this);
    m_statementBox->setObjectName(QStringLiteral("CompareStatementBox"));
    tools->addWidget(m_statementLabel);
    tools->addWidget(m_statementBox);
    m_layoutButtons = new QButtonGroup(this);
    m_layoutButtons->setExclusive(true);
    const std::pair<QString, Qt::Orientation> layouts[] = {{tr("Side by side"), Qt::Horizontal},
                                                           {tr("Stacked"), Qt::Vertical}};
    for (const auto &[text, orientation] : layouts) {
        auto *b = new QToolButton(this);
        b->setText(text);
        b->setCheckable(true);
        b->setAutoRaise(true);
        m_layoutButtons->addButton(b, int(orientation));
        tools->addWidget(b);
    }
    tools->addSpacing(12);
    tools->addWidget(new QLabel(tr("Colour by:"), this));
    m_metricBox = new QComboBox(this);
    for (PlanMetric m : allPlanMetrics())
        m_metricBox->addItem(planMetricName(m), int(m));
    tools->addWidget(m_metricBox);
    tools->addStretch(1);
    outer->addLayout(tools);

    m_mainSplit = new QSplitter(Qt::Vertical, this);
    m_mainSplit->setChildrenCollapsible(false);
    outer->addWidget(m_mainSplit, 1);

    auto *graphsArea = new QWidget(m_mainSplit);
    auto *graphsLayout = new QVBoxLayout(graphsArea);
    graphsLayout->setContentsMargins(0, 0, 0, 0);
    graphsLayout->setSpacing(2);
    m_graphSplit = new QSplitter(Qt::Horizontal, graphsArea);
    m_graphSplit->setChildrenCollapsible(false);
    graphsLayout->addWidget(m_graphSplit, 1);
    const QString names[2] = {QStringLiteral("Before"), QStringLiteral("After")};
    for (int side = 0; side < 2; ++side) {
        auto *pane = new QWidget(m_graphSplit);
        auto *l = new QVBoxLayout(pane);
        l->setContentsMargins(2, 0, 2, 0);
        l->setSpacing(2);
        m_titles[side] = new QLabel(pane);
        m_titles[side]->setTextFormat(Qt::RichText);
        m_graphs[side] = new PlanGraphView(pane);
        m_graphs[side]->setObjectName(names[side] + QStringLiteral("Graph"));
        l->addWidget(m_titles[side]);
        l->addWidget(m_graphs[side], 1);
        m_graphSplit->addWidget(pane);
        connect(m_graphs[side], &PlanGraphView::nodeSelected, this, [this, side](int id) { onGraphSelected(side, id); });
    }
    m_selection = new QLabel(graphsArea);
    m_selection->setObjectName(QStringLiteral("CompareSelection"));
    m_selection->setContentsMargins(6, 0, 6, 2);
    m_selection->setTextInteractionFlags(Qt::TextSelectableByMouse);
    graphsLayout->addWidget(m_selection);
    m_mainSplit->addWidget(graphsArea);

    m_tabs = new QTabWidget(m_mainSplit);
    auto *summary = new QWidget(m_tabs);
    auto *sl = new QVBoxLayout(summary);
    sl->setContentsMargins(8, 6, 8, 6);
    m_headline = new QLabel(summary);
    m_headline->setObjectName(QStringLiteral("CompareHeadline"));
    QFont hf = m_headline->font();
    hf.setPointSizeF(hf.pointSizeF() * 1.25);
    hf.setBold(true);
    m_headline->setFont(hf);
    m_headline->setWordWrap(true);
    m_headline->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_details = new QLabel(summary);
    m_details->setWordWrap(true);
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_changes = new QListWidget(summary);
    m_changes->setObjectName(QStringLiteral("CompareChanges"));
    m_changes->setWordWrap(true);
    m_changes->setAlternatingRowColors(true);
    // Figures on the left, the list of changes beside them: the summary stays short, the graphs keep the height.
    auto *figures = new QVBoxLayout;
    figures->addWidget(m_headline);
    figures->addWidget(m_details);
    figures->addStretch(1);
    auto *row = new QHBoxLayout;
    row->addLayout(figures, 2);
    row->addWidget(m_changes, 3);
    sl->addLayout(row, 1);
    m_tabs->addTab(summary, tr("Summary"));
    m_nodeTimes = new NodeTimeChart(m_tabs);
    m_tabs->addTab(m_nodeTimes, tr("Node times"));
    m_estimates = new EstimateChart(m_tabs);
    m_tabs->addTab(m_estimates, tr("Estimates"));
    m_runTimes = new RunTimeChart(m_tabs);
    m_tabs->addTab(m_runTimes, tr("Run times"));
    m_tabs->setTabVisible(m_tabs->indexOf(m_runTimes), false);
    m_mainSplit->addWidget(m_tabs);
    m_mainSplit->setStretchFactor(0, 3);
    m_mainSplit->setStretchFactor(1, 2);
    m_mainSplit->setSizes({600, 320}); // the graphs get most of the height; proportions hold on resize

    connect(m_statementBox, &QComboBox::activated, this, [this](int index) { showStatementPair(index); });
    connect(m_layoutButtons, &QButtonGroup::idClicked, this,
            [this](int id) { setOrientation(Qt::Orientation(id)); });
    connect(m_metricBox, &QComboBox::activated, this,
            [this](int index) { setMetric(PlanMetric(m_metricBox->itemData(index).toInt())); });
    connect(m_changes, &QListWidget::itemClicked, this, [this](QListWidgetItem *item) { selectChange(m_changes->row(item)); });
    connect(m_changes, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row >= 0)
            selectChange(row);
    });
    connect(m_estimates, &EstimateChart::nodeClicked, this, [this](bool after, int id) {
        if (after)
            selectAfterNode(id);
        else
            selectBeforeNode(id);
    });

    setOrientation(Qt::Horizontal);
    clear();
}

CompareView::~CompareView() = default;

void CompareView::clear()
{
    ++m_generation; // drops a comparison still running
    m_busy = false;
    m_beforePlans.clear();
    m_afterPlans.clear();
    m_script = ScriptDiff();
    m_pair = -1;
    for (PlanGraphView *g : m_graphs)
        g->clear();
    m_nodeTimes->clear();
    m_estimates->clear();
    m_changes->clear();
    m_headline->setText(tr("Nothing to compare yet: run or open a before and an after plan"));
    m_details->clear();
    fillStatementSelector();
    updateTitles();
    updateSelectionText();
}

void CompareView::setPlans(const Plan &before, const Plan &after)
{
    startCompare({before}, {after});
}

void CompareView::setScripts(const QList<Plan> &before, const QList<Plan> &after)
{
    startCompare(before, after);
}

void CompareView::startCompare(const QList<Plan> &before, const QList<Plan> &after)
{
    const quint64 gen = ++m_generation;
    m_busy = true;
    auto *watcher = new QFutureWatcher<ScriptDiff>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, gen, before, after] {
        if (gen == m_generation) {
            m_busy = false;
            m_beforePlans = before;
            m_afterPlans = after;
            applyScriptDiff(watcher->result());
        }
        watcher->deleteLater();
    });
    watcher->setFuture(QtConcurrent::run([before, after] { return compareScripts(before, after); }));
}

bool CompareView::isBusy() const
{
    return m_busy;
}

void CompareView::applyScriptDiff(const ScriptDiff &diff)
{
    m_script = diff;
    m_pair = m_script.statements.isEmpty() ? -1 : 0;
    fillStatementSelector();
    showPair();
}

void CompareView::showStatementPair(int index)
{
    if (index < 0 || index >= m_script.statements.size() || index == m_pair)
        return;
    m_pair = index;
    m_statementBox->setCurrentIndex(index);
    showPair();
}

const PlanDiff &CompareView::diff() const
{
    return m_pair >= 0 ? m_script.statements[m_pair].diff : emptyDiff();
}

const Plan &CompareView::beforePlan() const
{
    return m_pair >= 0 ? m_beforePlans[m_script.statements[m_pair].beforeIndex] : emptyPlan();
}

const Plan &CompareView::afterPlan() const
{
    return m_pair >= 0 ? m_afterPlans[m_script.statements[m_pair].afterIndex] : emptyPlan();
}

void CompareView::showPair()
{
    const Plan &before = beforePlan();
    const Plan &after = afterPlan();
    m_syncing = true;
    // One colour scale for both sides: the same colour means the same time (or cost, rows...) left and right.
    for (PlanGraphView *g : m_graphs) {
        g->setScaleMaximum(0, false);
        g->setMetric(m_metric);
    }
    const double shared = sharedScaleMax();
    for (PlanGraphView *g : m_graphs)
        g->setScaleMaximum(shared, false);
    if (m_pair >= 0) {
        m_graphs[0]->setPlan(before);
        m_graphs[1]->setPlan(after);
    } else {
        m_graphs[0]->clear();
        m_graphs[1]->clear();
    }
    m_syncing = false;
    applyBadges();
    fillSummary();
    if (m_pair >= 0) {
        m_nodeTimes->setComparison(before, after, diff());
        m_estimates->setPlans(before, after);
    } else {
        m_nodeTimes->clear();
        m_estimates->clear();
    }
    updateTitles();
    updateSelectionText();
    emit diffAvailable();
}

void CompareView::fillStatementSelector()
{
    m_statementBox->clear();
    for (qsizetype i = 0; i < m_script.statements.size(); ++i) {
        const StatementDiff &s = m_script.statements[i];
        QString text = tr("Statement %1 → %2").arg(s.beforeIndex + 1).arg(s.afterIndex + 1);
        if (i == 0 && (m_beforePlans.size() > 1 || m_afterPlans.size() > 1))
            text += tr(" (main)");
        m_statementBox->addItem(text);
    }
    const bool several = m_beforePlans.size() > 1 || m_afterPlans.size() > 1;
    m_statementBox->setVisible(several);
    m_statementLabel->setVisible(several);
    if (m_pair >= 0)
        m_statementBox->setCurrentIndex(m_pair);
}

void CompareView::fillSummary()
{
    m_changes->clear();
    if (m_pair < 0) {
        m_headline->setText(m_beforePlans.isEmpty() && m_afterPlans.isEmpty()
                                ? tr("Nothing to compare yet: run or open a before and an after plan")
                                : tr("The two sides have no statements to pair"));
        m_details->clear();
        return;
    }
    const PlanDiff &d = diff();
    QStringList details;
    if (m_beforePlans.size() != m_afterPlans.size() && m_script.speedup && m_script.beforeTotalMs
        && m_script.afterTotalMs) {
        // The fix changed the number of round trips (incident B: page + preload → one query): what the
        // application waits for is the whole script, so that is the headline; the pair on screen comes next.
        m_headline->setText(tr("Whole scripts %1 → %2 (%3)")
                                .arg(formatDurationMs(*m_script.beforeTotalMs), formatDurationMs(*m_script.afterTotalMs),
                                     formatSpeedup(*m_script.speedup)));
        details << tr("Statements shown: %1").arg(d.headline.title());
    } else {
        m_headline->setText(d.headline.title());
    }
    details << d.headline.details();
    details << tr("Nodes: %1 matched, %2 only before, %3 only after")
                   .arg(d.matched.size())
                   .arg(d.removed.size())
                   .arg(d.added.size());
    if (m_beforePlans.size() > 1 || m_afterPlans.size() > 1) {
        QString whole = tr("Whole scripts: %1 → %2 statements").arg(m_beforePlans.size()).arg(m_afterPlans.size());
        if (m_script.beforeTotalMs && m_script.afterTotalMs)
            whole += QStringLiteral(", %1 → %2").arg(formatDurationMs(*m_script.beforeTotalMs),
                                                    formatDurationMs(*m_script.afterTotalMs));
        if (m_script.speedup)
            whole += QStringLiteral(" (%1)").arg(formatSpeedup(*m_script.speedup));
        details << whole;
        for (int b : m_script.onlyBefore)
            details << tr("Only before: statement %1 (%2)").arg(b + 1).arg(sideSummary(m_beforePlans[b]));
        for (int a : m_script.onlyAfter)
            details << tr("Only after: statement %1 (%2)").arg(a + 1).arg(sideSummary(m_afterPlans[a]));
    }
    m_details->setText(details.join(u'\n'));
    for (const Change &c : d.changes) {
        auto *item = new QListWidgetItem(dotIcon(changeColour(c)), c.text, m_changes);
        item->setToolTip(tr("%1 — click to select its nodes").arg(c.kind));
        item->setData(Qt::UserRole, c.kind);
    }
    if (d.changes.isEmpty())
        new QListWidgetItem(tr("No differences in the plans' structure, access paths or estimates"), m_changes);
}

PlanBadges CompareView::compareBadges(const Plan &plan, const PlanDiff &diff, bool afterSide)
{
    PlanBadges badges;
    const QList<int> &unmatched = afterSide ? diff.added : diff.removed;
    for (int id : unmatched) {
        if (id < 0 || id >= plan.nodes.size())
            continue;
        badges[id].append(afterSide ? PlanBadge{QStringLiteral("new"), tr("Only in the after plan: no node before matches it"),
                                                newColour()}
                                    : PlanBadge{QStringLiteral("gone"),
                                                tr("Only in the before plan: no node after matches it"), goneColour()});
    }
    // One "Δ" per matched node that a change names, its tool tip listing them.
    QHash<int, QStringList> changed;
    for (const Change &c : diff.changes) {
        const int id = afterSide ? c.afterId : c.beforeId;
        if (id < 0 || id >= plan.nodes.size() || c.beforeId < 0 || c.afterId < 0)
            continue;
        if (c.kind == u"rows-returned")
            continue; // about the result, not the root node
        changed[id] << c.text;
    }
    for (auto it = changed.cbegin(); it != changed.cend(); ++it)
        badges[it.key()].append(PlanBadge{QStringLiteral("Δ"), it->join(u'\n'), changedColour()});
    return badges;
}

void CompareView::setFindingBadges(const PlanBadges &before, const PlanBadges &after)
{
    m_findingBadges[0] = before;
    m_findingBadges[1] = after;
    applyBadges();
}

void CompareView::applyBadges()
{
    if (m_pair < 0)
        return;
    for (int side = 0; side < 2; ++side) {
        PlanBadges badges = compareBadges(side == 0 ? beforePlan() : afterPlan(), diff(), side == 1);
        for (auto it = m_findingBadges[side].cbegin(); it != m_findingBadges[side].cend(); ++it)
            badges[it.key()] += it.value();
        m_graphs[side]->setBadges(badges);
    }
}

Qt::Orientation CompareView::orientation() const
{
    return m_graphSplit->orientation();
}

void CompareView::setOrientation(Qt::Orientation orientation)
{
    m_graphSplit->setOrientation(orientation);
    if (QAbstractButton *b = m_layoutButtons->button(int(orientation)))
        b->setChecked(true);
}

void CompareView::setMetric(PlanMetric metric)
{
    m_metric = metric;
    const int index = m_metricBox->findData(int(metric));
    if (index >= 0)
        m_metricBox->setCurrentIndex(index);
    const double shared = sharedScaleMax();
    for (PlanGraphView *g : m_graphs) {
        g->setScaleMaximum(shared, false);
        g->setMetric(metric);
    }
    updateTitles();
}

double CompareView::sharedScaleMax() const
{
    if (m_pair < 0)
        return 0;
    return std::max(PlanColorScale(beforePlan(), m_metric).maxValue(), PlanColorScale(afterPlan(), m_metric).maxValue());
}

void CompareView::setRunTimes(const QList<double> &beforeMs, const QList<double> &afterMs)
{
    m_runTimes->setRunTimes(beforeMs, afterMs);
    m_tabs->setTabVisible(m_tabs->indexOf(m_runTimes), m_runTimes->hasData());
}

void CompareView::selectBeforeNode(int id)
{
    m_graphs[0]->selectNode(id);
    if (m_graphs[0]->selectedNode() == id)
        onGraphSelected(0, id); // already selected: still bring its match into view
}

void CompareView::selectAfterNode(int id)
{
    m_graphs[1]->selectNode(id);
    if (m_graphs[1]->selectedNode() == id)
        onGraphSelected(1, id);
}

void CompareView::onGraphSelected(int side, int id)
{
    if (m_syncing)
        return;
    m_syncing = true;
    const int other = side == 0 ? diff().afterOf(id) : diff().beforeOf(id);
    m_graphs[1 - side]->selectNode(other);
    if (other >= 0 && !m_graphs[1 - side]->isBusy())
        m_graphs[1 - side]->centerOnNode(other); // also when it was selected already
    m_syncing = false;
    updateSelectionText();
    emit beforeNodeSelected(m_graphs[0]->selectedNode());
    emit afterNodeSelected(m_graphs[1]->selectedNode());
}

void CompareView::selectChange(int row)
{
    const PlanDiff &d = diff();
    if (row < 0 || row >= d.changes.size())
        return;
    const Change &c = d.changes[row];
    if (c.beforeId < 0 && c.afterId < 0)
        return; // plan-wide (JIT, rows returned): nothing to point at
    m_syncing = true;
    m_graphs[0]->selectNode(c.beforeId);
    m_graphs[1]->selectNode(c.afterId);
    for (int side = 0; side < 2; ++side) {
        const int id = side == 0 ? c.beforeId : c.afterId;
        if (id >= 0 && !m_graphs[side]->isBusy())
            m_graphs[side]->centerOnNode(id);
    }
    m_syncing = false;
    updateSelectionText();
    emit beforeNodeSelected(m_graphs[0]->selectedNode());
    emit afterNodeSelected(m_graphs[1]->selectedNode());
}

QString CompareView::headlineText() const
{
    return m_headline->text();
}

QString CompareView::selectionText() const
{
    return m_selection->text();
}

void CompareView::updateSelectionText()
{
    if (m_pair < 0) {
        m_selection->clear();
        return;
    }
    const int b = m_graphs[0]->selectedNode();
    const int a = m_graphs[1]->selectedNode();
    const Plan &before = beforePlan();
    const Plan &after = afterPlan();
    if (b < 0 && a < 0) {
        m_selection->setText(tr("Select a node: its match on the other side is selected too"));
        return;
    }
    if (b >= 0 && a >= 0) {
        const PlanNode &nb = before.nodes[b];
        const PlanNode &na = after.nodes[a];
        QString text = describeNode(before, b) + QStringLiteral(" ↔ ") + describeNode(after, a);
        if (diff().afterOf(b) == a)
            text += tr(" · matched by %1").arg(matchReasonName(diff().matching.reasonOf[b]));
        if (before.hasTiming && after.hasTiming)
            text += tr(" · own time %1 → %2").arg(formatDurationMs(nb.exclusiveMs), formatDurationMs(na.exclusiveMs));
        m_selection->setText(text);
    } else if (b >= 0) {
        m_selection->setText(tr("%1: only in the before plan").arg(describeNode(before, b)));
    } else {
        m_selection->setText(tr("%1: only in the after plan").arg(describeNode(after, a)));
    }
}

void CompareView::updateTitles()
{
    const QString names[2] = {tr("Before"), tr("After")};
    for (int side = 0; side < 2; ++side) {
        if (m_pair < 0) {
            m_titles[side]->setText(QStringLiteral("<b>%1</b>").arg(names[side]));
            continue;
        }
        const StatementDiff &s = m_script.statements[m_pair];
        const Plan &plan = side == 0 ? beforePlan() : afterPlan();
        QString text = QStringLiteral("<b>%1</b> · %2").arg(names[side], sideSummary(plan).toHtmlEscaped());
        const int count = int(side == 0 ? m_beforePlans.size() : m_afterPlans.size());
        if (count > 1)
            text += tr(" · statement %1 of %2").arg((side == 0 ? s.beforeIndex : s.afterIndex) + 1).arg(count);
        m_titles[side]->setText(text);
    }
}

} // namespace PlanLens
