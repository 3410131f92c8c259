// SPDX-License-Identifier: MIT
#include "planview.h"
#include "nodedetails.h"
#include "planexport.h"
#include "planflamegraph.h"
#include "planflameview.h"
#include "plangraphscene.h"
#include "plangraphview.h"
#include "planlegend.h"
#include "plannodeformat.h"
#include "planoperationsmodel.h"
#include "planoperationsview.h"
#include "plantextview.h"

#include <QAction>
#include <QActionGroup>
#include <QComboBox>
#include <QFileDialog>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QScopedValueRollback>
#include <QSplitter>
#include <QStackedWidget>
#include <QTableView>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>

namespace PlanLens {

PlanView::PlanView(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("PlanView"));
    m_graph = new PlanGraphView;
    m_text = new PlanTextView;
    m_details = new NodeDetails;
    m_legend = new PlanLegend;
    m_flame = new PlanFlameView;
    m_operationsModel = new PlanOperationsModel(this);
    m_operations = new PlanOperationsView(m_operationsModel, PlanOperationsModel::SelfTimeColumn,
                                          PlanOperationsModel::RelationColumn);

    m_toolBar = new QToolBar;
    m_toolBar->setObjectName(QStringLiteral("PlanToolBar"));
    m_toolBar->setIconSize(QSize(16, 16));
    m_toolBar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    // The page switch first: it decides what the rest of the toolbar acts on.
    m_pageActions = new QActionGroup(this);
    m_pageActions->setExclusive(true);
    const struct {
        Page page;
        QString text, tip, name;
    } pages[] = {
        {Page::Graph, tr("Graph"), tr("The plan as a graph of cards"), QStringLiteral("ViewGraphAction")},
        {Page::Flame, tr("Flame"), tr("Flame graph: each bar as wide as its subtree's time; the uncovered part of a bar "
                                      "is its own time. Click selects, double-click zooms, Esc zooms out"),
         QStringLiteral("ViewFlameAction")},
        {Page::Operations, tr("Operations"), tr("Every node's figures in a grid, sorted by self time"),
         QStringLiteral("ViewOperationsAction")},
    };
    for (const auto &p : pages) {
        QAction *a = m_toolBar->addAction(p.text);
        a->setObjectName(p.name);
        a->setToolTip(p.tip);
        a->setCheckable(true);
        a->setChecked(p.page == Page::Graph);
        a->setData(int(p.page));
        m_pageActions->addAction(a);
    }
    m_toolBar->addSeparator();
    m_toolBar->addWidget(new QLabel(tr(" Colour by ")));
    m_metric = new QComboBox;
    m_metric->setObjectName(QStringLiteral("MetricCombo"));
    for (PlanMetric m : allPlanMetrics())
        m_metric->addItem(planMetricName(m), int(m));
    m_toolBar->addWidget(m_metric);
    // What applies to every page comes before the graph's own tools, so a narrow window folds those away (they
    // have keys) rather than Details or Export.
    auto *exportButton = new QToolButton;
    exportButton->setText(tr("Export"));
    exportButton->setPopupMode(QToolButton::InstantPopup);
    auto *exportMenu = new QMenu(exportButton);
    exportMenu->addAction(tr("Whole graph as PNG, SVG or PDF…"), this, [this] { exportWithDialog(false); });
    exportMenu->addAction(tr("Visible part as PNG, SVG or PDF…"), this, [this] { exportWithDialog(true); });
    exportMenu->addSeparator();
    exportMenu->addAction(tr("Copy plan as text"), m_text, &PlanTextView::copyAll);
    exportButton->setMenu(exportMenu);
    m_toolBar->addSeparator();
    m_toolBar->addWidget(exportButton);
    m_detailsAction = m_toolBar->addAction(tr("Details"));
    m_detailsAction->setObjectName(QStringLiteral("DetailsAction"));
    m_detailsAction->setCheckable(true);
    m_detailsAction->setToolTip(tr("Show the plan as text and the selected node's details beside the graph"));
    m_graphOnly << m_toolBar->addSeparator();
    m_graphOnly << m_toolBar->addWidget(new QLabel(tr("  Layout ")));
    m_direction = new QComboBox;
    m_direction->setObjectName(QStringLiteral("DirectionCombo"));
    m_direction->addItem(tr("Top-down"), int(LayoutDirection::TopDown));
    m_direction->addItem(tr("Left-right"), int(LayoutDirection::LeftRight));
    m_graphOnly << m_toolBar->addWidget(m_direction);
    m_graphOnly << m_toolBar->addSeparator();
    auto action = [this](const QString &text, const QString &tip, const QKeySequence &key, auto slot) {
        QAction *a = m_toolBar->addAction(text, m_graph, slot);
        a->setToolTip(key.isEmpty() ? tip : QStringLiteral("%1 (%2)").arg(tip, key.toString(QKeySequence::NativeText)));
        m_graphOnly << a;
        return a;
    };
    action(QStringLiteral("−"), tr("Zoom out"), QKeySequence(Qt::Key_Minus), &PlanGraphView::zoomOut);
    m_zoomLabel = new QLabel(QStringLiteral("100%"));
    m_zoomLabel->setMinimumWidth(44);
    m_zoomLabel->setAlignment(Qt::AlignCenter);
    m_graphOnly << m_toolBar->addWidget(m_zoomLabel);
    action(QStringLiteral("+"), tr("Zoom in"), QKeySequence(Qt::Key_Plus), &PlanGraphView::zoomIn);
    action(tr("Fit"), tr("Fit the graph to the window"), QKeySequence(Qt::Key_0), &PlanGraphView::fitToWindow);
    action(tr("1:1"), tr("Actual size"), QKeySequence(Qt::Key_1), &PlanGraphView::resetZoom);
    action(tr("Expand all"), tr("Expand every collapsed subtree"), QKeySequence(), &PlanGraphView::expandAll);
    m_graphOnly << m_toolBar->addSeparator();
    action(tr("Find"), tr("Find a relation, index, node type or condition"), QKeySequence(QKeySequence::Find),
           &PlanGraphView::showFindBar);

    auto *graphSide = new QWidget;
    auto *gl = new QVBoxLayout(graphSide);
    gl->setContentsMargins(0, 0, 0, 0);
    gl->setSpacing(0);
    m_stack = new QStackedWidget;
    m_stack->setObjectName(QStringLiteral("PlanPages"));
    m_stack->addWidget(m_graph);        // Page::Graph
    m_stack->addWidget(m_flame);        // Page::Flame
    m_stack->addWidget(m_operations);   // Page::Operations
    gl->addWidget(m_stack, 1);
    gl->addWidget(m_legend);            // under every page: the flame graph uses the same colours
    m_legend->setCompact(true);   // one line: the graph keeps the height

    auto *side = new QSplitter(Qt::Vertical);
    side->addWidget(m_text);
    side->addWidget(m_details);
    side->setStretchFactor(0, 3);
    side->setStretchFactor(1, 2);

    m_splitter = new QSplitter(Qt::Horizontal);
    m_splitter->setObjectName(QStringLiteral("PlanViewSplitter"));
    m_splitter->addWidget(graphSide);
    m_splitter->addWidget(side);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 2);
    m_splitter->setSizes({620, 420});
    side->hide();   // folded away until asked for: see setSidePaneVisible()

    auto *v = new QVBoxLayout(this);
    v->setContentsMargins(0, 0, 0, 0);
    v->setSpacing(0);
    v->addWidget(m_toolBar);
    v->addWidget(m_splitter, 1);

    connect(m_metric, &QComboBox::currentIndexChanged, this, [this] {
        const PlanMetric metric = PlanMetric(m_metric->currentData().toInt());
        m_graph->setMetric(metric);
        if (!m_flameStale)
            m_flame->setColorScale(PlanColorScale(plan(), metric));
    });
    connect(m_direction, &QComboBox::currentIndexChanged, this,
            [this] { m_graph->setDirection(LayoutDirection(m_direction->currentData().toInt())); });
    connect(m_graph, &PlanGraphView::graphReady, this, [this] {
        updateLegend();
        m_text->setColorScale(m_graph->colorScale());
    });
    connect(m_graph, &PlanGraphView::zoomChanged, this,
            [this](qreal z) { m_zoomLabel->setText(QStringLiteral("%1%").arg(qRound(z * 100))); });
    connect(m_graph, &PlanGraphView::nodeSelected, this, &PlanView::syncSelection);
    connect(m_detailsAction, &QAction::toggled, this, &PlanView::setSidePaneVisible);
    connect(m_text, &PlanTextView::nodeSelected, this, &PlanView::syncSelection);
    connect(m_flame, &PlanFlameView::nodeSelected, this, &PlanView::syncSelection);
    connect(m_operations, &PlanOperationsView::sourceRowSelected, this, [this](int row) {
        syncSelection(m_operationsModel->index(row, 0).data(PlanOperationsModel::NodeIdRole).toInt());
    });
    connect(m_pageActions, &QActionGroup::triggered, this, [this](QAction *a) { setPage(Page(a->data().toInt())); });
}

QAction *PlanView::pageAction(Page page) const
{
    for (QAction *a : m_pageActions->actions())
        if (a->data().toInt() == int(page))
            return a;
    return nullptr;
}

void PlanView::setPage(Page page)
{
    if (QAction *a = pageAction(page))
        a->setChecked(true);
    m_page = page;
    for (QAction *a : std::as_const(m_graphOnly))
        a->setVisible(page == Page::Graph);
    refreshPage();
    QWidget *shown = page == Page::Graph ? static_cast<QWidget *>(m_graph)
                   : page == Page::Flame ? static_cast<QWidget *>(m_flame->flameGraph())
                                         : static_cast<QWidget *>(m_operations->tableView());
    m_stack->setCurrentIndex(int(page));
    if (isVisible())
        shown->setFocus();
}

void PlanView::refreshPage()
{
    const Plan &p = m_graph->plan();
    const int selected = m_graph->selectedNode();
    // Catching up with the graph's selection is not a new selection: nothing to echo.
    const QScopedValueRollback<bool> quiet(m_syncing, true);
    if (m_page == Page::Flame && m_flameStale) {
        m_flameStale = false;
        m_flame->setPlan(p, PlanColorScale(p, metric()));
        m_flame->selectNode(selected);
    } else if (m_page == Page::Operations && m_operationsStale) {
        m_operationsStale = false;
        m_operationsModel->setPlan(p);
        m_operations->fitColumns();
        m_operations->restoreDefaultSort();
        m_operations->setCurrentSourceRow(m_operationsModel->rowOfNode(selected));
    }
}

void PlanView::setSidePaneVisible(bool visible)
{
    m_detailsAction->setChecked(visible);   // re-enters once through toggled() with the same value
    QWidget *side = m_splitter->widget(1);
    if (side->isHidden() == !visible)
        return;
    side->setVisible(visible);
    if (visible) {
        refreshSidePane();
        // Give it its share again (a splitter remembers the pane's old size, which may be none).
        const int w = m_splitter->width();
        m_splitter->setSizes({w * 3 / 5, w - w * 3 / 5});
        if (m_graph->selectedNode() >= 0)
            m_text->selectNode(m_graph->selectedNode());
    }
}

bool PlanView::isSidePaneVisible() const
{
    return !m_splitter->widget(1)->isHidden();
}

void PlanView::setPlan(const Plan &plan)
{
    m_graph->setPlan(plan);
    // The text and the details are formatted only when their pane is on screen: for a 100k-node plan that is
    // 300k lines of psql text, a long stall of the GUI thread for a pane nobody opened.
    m_sideStale = true;
    if (isSidePaneVisible())
        refreshSidePane();
    // Drop the stale pages' copies of the old plan now: the caller frees the plan it replaces off the GUI thread
    // (PlanSidePage), which works only while nothing here still holds it. They are refilled when shown.
    if (!m_flameStale)
        m_flame->setPlan(Plan(), PlanColorScale());
    if (!m_operationsStale)
        m_operationsModel->setPlan(Plan());
    m_flameStale = true;
    m_operationsStale = true;
    refreshPage();
    updateLegend();
}

void PlanView::refreshSidePane()
{
    if (!m_sideStale)
        return;
    m_sideStale = false;
    const Plan &p = m_graph->plan();
    m_text->setPlan(p, PlanColorScale(p, metric()));
    m_details->setPlan(p);
    if (m_graph->selectedNode() >= 0)
        syncSelection(m_graph->selectedNode());
}

const Plan &PlanView::plan() const
{
    return m_graph->plan();
}

void PlanView::setBadges(const PlanBadges &badges)
{
    m_graph->setBadges(badges);
}

int PlanView::selectedNode() const
{
    return m_graph->selectedNode();
}

void PlanView::setMetric(PlanMetric metric)
{
    const int i = m_metric->findData(int(metric));
    if (i >= 0)
        m_metric->setCurrentIndex(i);
}

PlanMetric PlanView::metric() const
{
    return m_graph->metric();
}

void PlanView::setDirection(LayoutDirection direction)
{
    const int i = m_direction->findData(int(direction));
    if (i >= 0)
        m_direction->setCurrentIndex(i);
}

void PlanView::selectNode(int id)
{
    syncSelection(id);
}

void PlanView::syncSelection(int id)
{
    if (m_syncing)
        return;
    m_syncing = true;
    m_graph->selectNode(id);
    if (!m_sideStale) {
        m_text->selectNode(id);
        m_details->showNode(id);
    }
    if (!m_flameStale)
        m_flame->selectNode(id);
    if (!m_operationsStale)
        m_operations->setCurrentSourceRow(m_operationsModel->rowOfNode(id));
    m_syncing = false;
    emit nodeSelected(id);
}

QString PlanView::summary() const
{
    return NodeFormat::planSummary(plan());
}

void PlanView::updateLegend()
{
    m_legend->setScale(m_graph->colorScale());
    m_legend->setSummary(summary());
}

bool PlanView::exportGraph(const QString &fileName, bool visiblePartOnly, QString *error)
{
    PlanExportOptions o;
    if (visiblePartOnly)
        o.area = m_graph->visibleSceneRect();
    o.summary = summary();
    return exportPlanGraph(*m_graph->graphScene(), fileName, o, error);
}

void PlanView::exportWithDialog(bool visiblePartOnly)
{
    if (plan().isEmpty())
        return;
    const QString file = QFileDialog::getSaveFileName(this, visiblePartOnly ? tr("Export visible part") : tr("Export graph"),
                                                      QStringLiteral("plan.png"),
                                                      tr("PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)"));
    if (file.isEmpty())
        return;
    QString error;
    if (!exportGraph(file, visiblePartOnly, &error))
        QMessageBox::warning(this, tr("Export failed"), error);
}

} // namespace PlanLens
