// SPDX-License-Identifier: MIT
#include "compareview.h"
#include "releaseonworker.h"
#include "jobs/workpool.h"
#include "charts/estimatechart.h"
#include "charts/nodetimechart.h"
#include "charts/runtimechart.h"
#include "compareoperationsmodel.h"
#include "planoperationsview.h"
#include "plangraphview.h"
#include "theme.h"

#include <QButtonGroup>
#include <QComboBox>
#include <QEvent>
#include <QFrame>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMouseEvent>
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

// Badge fills: the same in both themes (Theme::allBadges), so badges made under one theme stay right.
QColor goneColour() { return Theme::colour(Theme::Role::DiffGoneBadge); }
QColor newColour() { return Theme::colour(Theme::Role::DiffNewBadge); }
QColor changedColour() { return Theme::colour(Theme::Role::DiffChangedBadge); }

// Green for what got better, red for what got worse, blue for what is only different.
QColor changeColour(const Change &c)
{
    if (c.kind == u"spill-removed" || c.kind == u"estimate-fixed" || (c.kind == u"time" && c.deltaMs < 0))
        return Theme::colour(Theme::Role::BetterText);
    if (c.kind == u"spill-added" || c.kind == u"estimate-worse" || c.kind == u"rows-returned"
        || (c.kind == u"time" && c.deltaMs > 0))
        return Theme::colour(Theme::Role::WorseText);
    return Theme::colour(Theme::Role::ChangedText);
}

// The labels over the graphs (side titles, the selection); re-applied when the theme changes.
QString overlayStyleSheet()
{
    return QStringLiteral("QLabel { background: %1; color: %2; border: 1px solid %3; border-radius: 4px; "
                          "padding: 1px 6px; }")
        .arg(Theme::css(Theme::Role::OverlayFill), Theme::css(Theme::Role::OverlayInk),
             Theme::css(Theme::Role::OverlayBorder));
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
    outer->setSpacing(0);

    // The one header line: the diff's headline, then statement pair, layout, colour metric and the drawer.
    auto *tools = new QHBoxLayout;
    tools->setContentsMargins(8, 3, 6, 3);
    tools->setSpacing(6);
    m_headline = new QLabel(this);
    m_headline->setObjectName(QStringLiteral("CompareHeadline"));
    QFont hf = m_headline->font();
    hf.setBold(true);
    m_headline->setFont(hf);
    m_headline->setWordWrap(false);
    // Its width is what the controls leave (the text is elided to it), never the other way round.
    m_headline->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_headline->setMinimumWidth(80);
    m_headline->installEventFilter(this);
    tools->addWidget(m_headline, 1);
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
    tools->addSpacing(6);
    tools->addWidget(new QLabel(tr("Colour by:"), this));
    m_metricBox = new QComboBox(this);
    for (PlanMetric m : allPlanMetrics())
        m_metricBox->addItem(planMetricName(m), int(m));
    tools->addWidget(m_metricBox);
    m_drawerButton = new QToolButton(this);
    m_drawerButton->setObjectName(QStringLiteral("CompareDrawerButton"));
    m_drawerButton->setText(tr("Changes && charts"));
    m_drawerButton->setToolTip(tr("The summary, every change and the charts, over the lower part of the graphs"));
    m_drawerButton->setCheckable(true);
    m_drawerButton->setAutoRaise(true);
    tools->addWidget(m_drawerButton);
    outer->addLayout(tools);

    // The graphs take everything below the header; the selection line and the drawer float over them.
    m_graphsArea = new QWidget(this);
    m_graphsArea->setObjectName(QStringLiteral("CompareGraphs"));
    m_graphsArea->installEventFilter(this);
    auto *graphsLayout = new QVBoxLayout(m_graphsArea);
    graphsLayout->setContentsMargins(0, 0, 0, 0);
    graphsLayout->setSpacing(0);
    m_graphSplit = new QSplitter(Qt::Horizontal, m_graphsArea);
    m_graphSplit->setChildrenCollapsible(false);
    graphsLayout->addWidget(m_graphSplit, 1);
    outer->addWidget(m_graphsArea, 1);
    const QString names[2] = {QStringLiteral("Before"), QStringLiteral("After")};
    const QString overlayStyle = overlayStyleSheet();
    for (int side = 0; side < 2; ++side) {
        m_graphs[side] = new PlanGraphView(m_graphSplit);
        m_graphs[side]->setObjectName(names[side] + QStringLiteral("Graph"));
        m_graphSplit->addWidget(m_graphs[side]);
        // The side's name and figures sit in the graph's top-left corner rather than on a line of their own.
        m_titles[side] = new QLabel(m_graphs[side]);
        m_titles[side]->setObjectName(names[side] + QStringLiteral("Title"));
        m_titles[side]->setTextFormat(Qt::RichText);
        m_titles[side]->setStyleSheet(overlayStyle);
        m_titles[side]->setAttribute(Qt::WA_TransparentForMouseEvents);
        m_titles[side]->move(8, 6);
        connect(m_graphs[side], &PlanGraphView::nodeSelected, this, [this, side](int id) { onGraphSelected(side, id); });
        connect(m_graphs[side], &PlanGraphView::nodeHovered, this, [this, side](int id) { onGraphHovered(side, id); });
    }
    m_selection = new QLabel(m_graphsArea);
    m_selection->setObjectName(QStringLiteral("CompareSelection"));
    m_selection->setStyleSheet(overlayStyle);
    m_selection->setAttribute(Qt::WA_TransparentForMouseEvents);

    // The drawer: a grip to drag its height, then the tabs.
    m_drawer = new QFrame(m_graphsArea);
    m_drawer->setObjectName(QStringLiteral("CompareDrawer"));
    static_cast<QFrame *>(m_drawer)->setFrameShape(QFrame::StyledPanel);
    m_drawer->setAutoFillBackground(true);
    auto *dl = new QVBoxLayout(m_drawer);
    dl->setContentsMargins(0, 0, 0, 0);
    dl->setSpacing(0);
    m_drawerGrip = new QWidget(m_drawer);
    m_drawerGrip->setObjectName(QStringLiteral("CompareDrawerGrip"));
    m_drawerGrip->setFixedHeight(7);
    m_drawerGrip->setCursor(Qt::SizeVerCursor);
    m_drawerGrip->setToolTip(tr("Drag to resize"));
    m_drawerGrip->installEventFilter(this);
    dl->addWidget(m_drawerGrip);

    m_tabs = new QTabWidget(m_drawer);
    dl->addWidget(m_tabs, 1);
    auto *summary = new QWidget(m_tabs);
    auto *sl = new QVBoxLayout(summary);
    sl->setContentsMargins(8, 6, 8, 6);
    m_summaryHeadline = new QLabel(summary);   // the headline in full (the header line may elide it)
    QFont sf = m_summaryHeadline->font();
    sf.setPointSizeF(sf.pointSizeF() * 1.15);
    sf.setBold(true);
    m_summaryHeadline->setFont(sf);
    m_summaryHeadline->setWordWrap(true);
    m_summaryHeadline->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_details = new QLabel(summary);
    m_details->setWordWrap(true);
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_changes = new QListWidget(summary);
    m_changes->setObjectName(QStringLiteral("CompareChanges"));
    m_changes->setWordWrap(true);
    m_changes->setAlternatingRowColors(true);
    auto *figures = new QVBoxLayout;
    figures->addWidget(m_summaryHeadline);
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
    m_operationsModel = new CompareOperationsModel(this);
    m_operations = new PlanOperationsView(m_operationsModel, CompareOperationsModel::DeltaColumn,
                                          CompareOperationsModel::RelationColumn, m_tabs);
    m_tabs->addTab(m_operations, tr("Operations"));
    m_runTimes = new RunTimeChart(m_tabs);
    m_tabs->addTab(m_runTimes, tr("Run times"));
    m_tabs->setTabVisible(m_tabs->indexOf(m_runTimes), false);
    m_drawer->hide();

    connect(m_drawerButton, &QToolButton::toggled, this, &CompareView::setDrawerOpen);
    connect(m_tabs, &QTabWidget::currentChanged, this, &CompareView::refreshOperations);
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
    connect(m_operations, &PlanOperationsView::sourceRowSelected, this, [this](int row) {
        const NodePair p = m_operationsModel->pairAt(row);
        if (p.beforeId >= 0)
            selectBeforeNode(p.beforeId);   // and its match, if any
        else
            selectAfterNode(p.afterId);
    });
    connect(this, &CompareView::afterNodeSelected, m_operations, [this] {   // emitted once both sides are synced
        m_operations->setCurrentSourceRow(
            m_operationsModel->rowOf(m_graphs[0]->selectedNode(), m_graphs[1]->selectedNode()));
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
    setHeadline(tr("Nothing to compare yet: run or open a before and an after plan"));
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

void CompareView::setSideNames(const QString &before, const QString &after)
{
    m_sideNames[0] = before;
    m_sideNames[1] = after;
    updateTitles();
}

QString CompareView::sideName(int side) const
{
    if (!m_sideNames[side].isEmpty())
        return m_sideNames[side];
    return side == 0 ? tr("Before") : tr("After");
}

void CompareView::startCompare(const QList<Plan> &before, const QList<Plan> &after)
{
    m_sideNames[0].clear();
    m_sideNames[1].clear();
    const quint64 gen = ++m_generation;
    m_busy = true;
    auto *watcher = new QFutureWatcher<ScriptDiff>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, gen, before, after] {
        watcher->deleteLater();
        inTurnOfItsOwn(this, [this, diff = watcher->future().takeResult(), gen, before, after] {
            if (gen != m_generation)
                return;
            m_busy = false;
            // The plans and the diff replaced here may be big (100k nodes): the last references go on a worker.
            (void)QtConcurrent::run(workPool(), [b = std::exchange(m_beforePlans, before),
                                                 a = std::exchange(m_afterPlans, after)] {});
            applyScriptDiff(diff);
        });
    });
    watcher->setFuture(QtConcurrent::run(workPool(), [before, after] { return compareScripts(before, after); }));
}

bool CompareView::isBusy() const
{
    return m_busy;
}

void CompareView::applyScriptDiff(const ScriptDiff &diff)
{
    releaseOnWorker(std::exchange(m_script, diff));
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
    // The grid is filled when its tab shows (20,000 rows to sort and measure): not for every comparison.
    m_operationsModel->clear();
    m_operationsStale = true;
    refreshOperations();
    updateTitles();
    updateSelectionText();
    emit diffAvailable();
}

void CompareView::refreshOperations()
{
    if (!m_operationsStale || !isDrawerOpen() || m_tabs->currentWidget() != m_operations)
        return;
    m_operationsStale = false;
    if (m_pair >= 0)
        m_operationsModel->setComparison(beforePlan(), afterPlan(), diff());
    m_operations->fitColumns();
    m_operations->restoreDefaultSort();
    m_operations->setCurrentSourceRow(m_operationsModel->rowOf(m_graphs[0]->selectedNode(), m_graphs[1]->selectedNode()));
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
        setHeadline(m_beforePlans.isEmpty() && m_afterPlans.isEmpty()
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
        setHeadline(tr("Whole scripts %1 → %2 (%3)")
                                .arg(formatDurationMs(*m_script.beforeTotalMs), formatDurationMs(*m_script.afterTotalMs),
                                     formatSpeedup(*m_script.speedup)));
        details << tr("Statements shown: %1").arg(d.headline.title());
    } else {
        setHeadline(d.headline.title());
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
    return m_headlineText;
}

void CompareView::setHeadline(const QString &text)
{
    m_headlineText = text;
    m_headline->setToolTip(text);
    m_summaryHeadline->setText(text);
    elideHeadline();
}

void CompareView::elideHeadline()
{
    m_headline->setText(m_headline->fontMetrics().elidedText(m_headlineText, Qt::ElideRight, m_headline->width()));
}

bool CompareView::isDrawerOpen() const
{
    return !m_drawer->isHidden();
}

void CompareView::setDrawerOpen(bool open)
{
    m_drawerButton->setChecked(open);   // re-enters through toggled() once, with the same value
    if (open == isDrawerOpen())
        return;
    m_drawer->setVisible(open);
    placeOverlays();
    refreshOperations();
}

void CompareView::setDrawerHeight(int height)
{
    m_drawerHeight = std::max(120, height);
    placeOverlays();
}

void CompareView::placeOverlays()
{
    const QRect area = m_graphsArea->rect();
    // The drawer covers at most the lower part: a strip of the graphs stays visible above it.
    const int h = std::clamp(m_drawerHeight, std::min(120, area.height()), std::max(120, area.height() - 80));
    m_drawer->setGeometry(0, area.height() - h, area.width(), h);
    m_drawer->raise();
    // Only about a selection: the hint shown without one would sit on the cards at the bottom for nothing.
    m_selection->setVisible(!m_selection->text().isEmpty()
                            && (m_graphs[0]->selectedNode() >= 0 || m_graphs[1]->selectedNode() >= 0));
    m_selection->adjustSize();
    const int bottom = isDrawerOpen() ? m_drawer->y() : area.height();
    m_selection->move(8, bottom - m_selection->height() - 6);
    m_selection->raise();
}

bool CompareView::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_graphsArea && event->type() == QEvent::Resize) {
        placeOverlays();
    } else if (watched == m_graphsArea && event->type() == QEvent::PaletteChange) {
        for (QLabel *l : {m_titles[0], m_titles[1], m_selection})
            l->setStyleSheet(overlayStyleSheet());
    } else if (watched == m_headline && event->type() == QEvent::Resize) {
        elideHeadline();
    } else if (watched == m_drawerGrip) {
        // Dragging the drawer's top edge: up makes it taller. Only mouse events are QMouseEvents (the grip also
        // gets Polish, Paint, ...): the cast is made where the type says so.
        auto *me = event->type() == QEvent::MouseButtonPress || event->type() == QEvent::MouseMove
                ? static_cast<QMouseEvent *>(event)
                : nullptr;
        switch (event->type()) {
        case QEvent::MouseButtonPress:
            if (me->button() == Qt::LeftButton) {
                m_gripStartY = int(me->globalPosition().y());
                m_gripStartHeight = m_drawer->height();
                return true;
            }
            break;
        case QEvent::MouseMove:
            if (m_gripStartY >= 0) {
                setDrawerHeight(m_gripStartHeight + m_gripStartY - int(me->globalPosition().y()));
                return true;
            }
            break;
        case QEvent::MouseButtonRelease:
            m_gripStartY = -1;
            break;
        case QEvent::Paint: {
            QPainter p(m_drawerGrip);
            const QRect r = m_drawerGrip->rect();
            p.fillRect(r, palette().color(QPalette::Window));
            p.setPen(palette().color(QPalette::Mid));
            p.drawLine(r.center().x() - 16, r.center().y(), r.center().x() + 16, r.center().y());
            p.drawLine(r.center().x() - 16, r.center().y() + 2, r.center().x() + 16, r.center().y() + 2);
            return true;
        }
        default:
            break;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void CompareView::onGraphHovered(int side, int id)
{
    const int other = id < 0 ? -1 : side == 0 ? diff().afterOf(id) : diff().beforeOf(id);
    m_graphs[1 - side]->setHighlightedNode(other);
}

QString CompareView::selectionText() const
{
    return m_selection->text();
}

void CompareView::updateSelectionText()
{
    if (m_pair < 0) {
        m_selection->clear();
        placeOverlays();
        return;
    }
    const int b = m_graphs[0]->selectedNode();
    const int a = m_graphs[1]->selectedNode();
    const Plan &before = beforePlan();
    const Plan &after = afterPlan();
    if (b < 0 && a < 0) {
        m_selection->setText(tr("Select a node: its match on the other side is selected too"));
        placeOverlays();
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
    placeOverlays();
}

void CompareView::updateTitles()
{
    const QString names[2] = {sideName(0).toHtmlEscaped(), sideName(1).toHtmlEscaped()};
    for (int side = 0; side < 2; ++side) {
        if (m_pair < 0) {
            m_titles[side]->setText(QStringLiteral("<b>%1</b>").arg(names[side]));
            m_titles[side]->adjustSize();
            continue;
        }
        const StatementDiff &s = m_script.statements[m_pair];
        const Plan &plan = side == 0 ? beforePlan() : afterPlan();
        QString text = QStringLiteral("<b>%1</b> · %2").arg(names[side], sideSummary(plan).toHtmlEscaped());
        const int count = int(side == 0 ? m_beforePlans.size() : m_afterPlans.size());
        if (count > 1)
            text += tr(" · statement %1 of %2").arg((side == 0 ? s.beforeIndex : s.afterIndex) + 1).arg(count);
        m_titles[side]->setText(text);
        m_titles[side]->adjustSize();
    }
}

} // namespace PlanLens
