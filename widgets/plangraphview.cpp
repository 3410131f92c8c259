// SPDX-License-Identifier: MIT
#include "plangraphview.h"
#include "releaseonworker.h"
#include "plangraphnavigation.h"
#include "plangraphprogress.h"
#include "jobs/turnqueue.h"
#include "jobs/workpool.h"
#include "plangraphcallout.h"
#include "plangraphfindbar.h"
#include "plangraphminimap.h"
#include "plangraphnodeitem.h"
#include "plangraphscene.h"
#include "plannodeformat.h"

#include <QApplication>
#include <QClipboard>
#include <QContextMenuEvent>
#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QGestureEvent>
#include <QMenu>
#include <QNativeGestureEvent>
#include <QPinchGesture>
#include <QScrollBar>
#include <QTimer>
#include <QToolTip>
#include <QtConcurrent>

#include <cmath>
namespace PlanLens {

namespace {
constexpr int kBuildSlice = 6000;        // a plan up to this size gets its items in one go
constexpr qint64 kBuildSliceNs = 8'000'000;   // a bigger one a slice of about this long per event-loop turn
constexpr int kRetireSceneItems = 4000;  // a bigger graph is replaced by a fresh scene and freed in slices
constexpr qreal kMaxZoom = 4.0;
} // namespace

PlanGraphView::PlanGraphView(QWidget *parent)
    : QGraphicsView(parent)
{
    setObjectName(QStringLiteral("PlanGraphView"));
    attachScene(new PlanGraphScene(this));
    setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
    // Items paint with explicit pens, brushes and fonts, so the view need not save and restore painter state
    // around each of them. The flat background is not cached: the cache cost more than a fill (it was rebuilt on
    // zoom steps: a small plan's first zoom frames took 23-25 ms with it, 3-7 ms without; bench_graph).
    setOptimizationFlags(QGraphicsView::DontSavePainterState | QGraphicsView::DontAdjustForAntialiasing);
    setViewportUpdateMode(QGraphicsView::SmartViewportUpdate);
    setDragMode(QGraphicsView::ScrollHandDrag);
    setTransformationAnchor(QGraphicsView::AnchorUnderMouse);
    setResizeAnchor(QGraphicsView::AnchorViewCenter);
    setFrameShape(QFrame::NoFrame);
    setFocusPolicy(Qt::StrongFocus);
    setMouseTracking(true);
    viewport()->grabGesture(Qt::PinchGesture);

    m_progressDelay = new QTimer(this);
    m_progressDelay->setSingleShot(true);
    m_progressDelay->setInterval(150);
    connect(m_progressDelay, &QTimer::timeout, this, [this] {
        if (isBusy())
            showProgress(tr("Laying out %n node(s)…", nullptr, int(m_plan.nodes.size())), 0, 0);
    });

    m_progress = new PlanGraphProgress(this);

    m_findBar = new PlanGraphFindBar(this);
    m_findBar->hide();
    connect(m_findBar, &PlanGraphFindBar::searchRequested, this, &PlanGraphView::find);
    connect(m_findBar, &PlanGraphFindBar::nextRequested, this, &PlanGraphView::findNext);
    connect(m_findBar, &PlanGraphFindBar::previousRequested, this, &PlanGraphView::findPrevious);
    connect(m_findBar, &PlanGraphFindBar::closed, this, [this] {
        m_scene->setFindHits({});
        setFocus();
    });
    connect(this, &PlanGraphView::findResultsChanged, m_findBar, &PlanGraphFindBar::setResult);

    m_minimap = new PlanGraphMinimap(this);
    m_minimap->hide();

    // Scroll bars moved by the user (drag, click, wheel over them); the view's own fits set their values directly.
    for (QScrollBar *bar : {horizontalScrollBar(), verticalScrollBar()})
        connect(bar, &QAbstractSlider::actionTriggered, this, [this] { m_scrolledSinceFit = true; });
}

PlanGraphView::~PlanGraphView()
{
    ++m_generation;   // a layout still running finds no one to deliver to
}

void PlanGraphView::setPlan(const Plan &plan)
{
    releaseOnWorker(std::exchange(m_plan, plan));
    m_settings.clearPlanState();   // collapse and partition groups (plangraphdata.h)
    m_badges.clear();
    m_callouts.clear();
    setHovered(-1);
    m_matches.clear();
    m_selected = -1;
    m_centerWhenReady = -1;
    m_needItems = true;
    m_fitWhenReady = true;
    m_building = false;   // a build slice still queued sees it and stops
    viewport()->setUpdatesEnabled(true);
    if (m_scene->builtCount() > kRetireSceneItems) {
        disconnect(m_scene, nullptr, this, nullptr);
        m_scene->retireInSlices();   // first: a scene that knows it is retiring leaves the view cheaply
        attachScene(new PlanGraphScene(this));
    } else {
        m_scene->clearGraph();
    }
    m_minimap->hide();
    if (!m_matches.text.isEmpty())
        emit findResultsChanged(-1, 0);
    startLayout(true);
}

void PlanGraphView::attachScene(PlanGraphScene *scene)
{
    m_scene = scene;
    setScene(scene);
    // The view scrolls over the cards and callouts; the scene's own rectangle is its index's (viewRect()).
    setSceneRect(scene->viewRect());
    connect(scene, &PlanGraphScene::viewRectChanged, this, [this](const QRectF &r) { setSceneRect(r); });
    connect(scene, &PlanGraphScene::expanderActivated, this, &PlanGraphView::toggleCollapsed);   // "+N", "▾ show 24"
}

void PlanGraphView::clear()
{
    setPlan(Plan());
}

bool PlanGraphView::isCardDetail() const
{
    return zoom() >= PlanGraphScene::kCardLod - 1e-6;
}

bool PlanGraphView::isBusy() const
{
    return m_jobRunning || m_building;
}

void PlanGraphView::setMetric(PlanMetric metric)
{
    if (metric == m_settings.metric)
        return;
    m_settings.metric = metric;
    emit metricChanged(metric);
    if (!m_plan.isEmpty())
        startLayout(false);
}

void PlanGraphView::setDirection(LayoutDirection direction)
{
    if (direction == m_settings.direction)
        return;
    m_settings.direction = direction;
    emit directionChanged(direction);
    if (!m_plan.isEmpty()) {
        m_fitWhenReady = m_selected < 0;
        m_centerWhenReady = m_selected;
        startLayout(false);
    }
}

void PlanGraphView::setScaleMaximum(double max, bool relayout)
{
    if (max == m_settings.scaleMax)
        return;
    m_settings.scaleMax = max;
    if (relayout && !m_plan.isEmpty())
        startLayout(false);
}

PlanColorScale PlanGraphView::colorScale() const
{
    if (!m_scene->data().isEmpty())
        return m_scene->data().scale;
    PlanColorScale scale(m_plan, m_settings.metric);
    if (m_settings.scaleMax > 0 && !scale.isFallback())
        scale.widenTo(m_settings.scaleMax);
    return scale;
}

void PlanGraphView::setBadges(const PlanBadges &badges)
{
    m_badges = badges;
    m_scene->setBadges(badges);
}

void PlanGraphView::setCallouts(const QList<PlanCallout> &callouts)
{
    m_callouts = callouts.mid(0, PlanGraphScene::kMaxCallouts);
    if (m_needItems)
        return;   // finishBuild() places them
    m_scene->setCallouts(m_callouts);
    // They widen what a fit must show: refit unless the user has chosen a zoom of their own.
    refit();
}

QRectF PlanGraphView::calloutRect(int nodeId) const
{
    return m_scene->calloutRect(nodeId);
}

void PlanGraphView::setHighlightedNode(int id)
{
    m_scene->setHighlightedNode(id);
}

int PlanGraphView::highlightedNode() const
{
    return m_scene->highlightedNode();
}

void PlanGraphView::setCollapsed(int id, bool collapsed)
{
    const Plan &plan = m_plan;   // read only: a non-const read would copy the nodes the caller shares
    if (id < 0 || id >= plan.nodes.size() || plan.nodes[id].children.isEmpty() || isCollapsed(id) == collapsed)
        return;
    if (m_settings.collapsed.size() < m_plan.nodes.size())
        m_settings.collapsed.resize(m_plan.nodes.size(), false);
    m_settings.collapsed[id] = collapsed;
    m_centerWhenReady = id;   // keep the toggled node where the user is looking
    startLayout(false);
}

void PlanGraphView::expandAll()
{
    if (!m_settings.collapsed.contains(true))
        return;
    m_settings.collapsed.clear();
    m_centerWhenReady = m_selected;
    startLayout(false);
}

void PlanGraphView::startLayout(bool newPlan)
{
    const quint64 gen = ++m_generation;
    m_jobRunning = true;
    if (m_plan.nodes.size() > 3000)
        showProgress(tr("Laying out %n node(s)…", nullptr, int(m_plan.nodes.size())), 0, 0);
    else
        m_progressDelay->start();
    auto *watcher = new QFutureWatcher<PlanGraphData>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, gen, newPlan] {
        watcher->deleteLater();
        inTurnOfItsOwn(this, [this, data = watcher->future().takeResult(), gen, newPlan] {
            if (gen != m_generation)   // a newer plan or setting won
                return;
            m_jobRunning = false;
            applyLayout(data, newPlan);
        });
    });
    watcher->setFuture(QtConcurrent::run(workPool(),
        [plan = m_plan, settings = m_settings] { return preparePlanGraph(plan, settings); }));
}

void PlanGraphView::applyLayout(const PlanGraphData &data, bool /*newPlan*/)
{
    if (m_settings.adoptGroups(data.settings) && m_selected >= 0 && data.nodes[m_selected].rect.isNull())
        return revealNode(m_selected);   // selected before its partition group was closed: open it (plangraphdata.h)
    if (m_needItems) {
        m_scene->startGraph(m_plan, data);
        m_scene->setBadges(m_badges);
        if (data.nodes.size() <= kBuildSlice) {
            m_scene->buildItems(int(data.nodes.size()));
            finishBuild();
        } else {
            // No repaint of a half-built graph between slices (it would walk every item built so far, unindexed);
            // the progress indicator, a sibling of the viewport, still updates. (Detaching the scene instead
            // costs more: the first paint after re-attaching takes a few hundred milliseconds.)
            viewport()->setUpdatesEnabled(false);
            showProgress(tr("Drawing %n node(s)…", nullptr, int(data.nodes.size())), 0, int(data.nodes.size()));
            m_building = true;
            TurnQueue::forThisThread()->addSlices(this, [this, gen = m_generation] { return buildSlice(gen); });
        }
        return;
    }
    m_scene->updateGraph(data);
    finishBuild();
}

bool PlanGraphView::buildSlice(quint64 generation)
{
    if (generation != m_generation || !m_building)
        return true;   // a newer plan or layout took over
    QElapsedTimer t;
    bool done = false;
    for (t.start(); !done && t.nsecsElapsed() < kBuildSliceNs;)
        done = m_scene->buildItems(500);
    const int total = m_scene->nodeCount();
    emit layoutProgress(m_scene->builtCount(), total);
    if (done)
        finishBuild();
    else
        showProgress(tr("Drawing %n node(s)…", nullptr, total), m_scene->builtCount(), total);
    return done;
}

void PlanGraphView::finishBuild()
{
    m_needItems = m_building = false;
    viewport()->setUpdatesEnabled(true);
    m_progressDelay->stop();
    hideProgress();
    m_scene->setFindHits(m_matches.hits);
    m_scene->setSelectedNode(m_selected);
    m_scene->setCallouts(m_callouts);
    m_minimap->rebuild();
    if (m_fitWhenReady) {
        m_fitWhenReady = false;
        fitReadable();
    } else if (m_fitMode != FitMode::None) {
        refit();   // the layout changed (metric, collapse): keep the policy the view is in
    }
    if (m_centerWhenReady >= 0) {
        centerOnNode(m_centerWhenReady);
        m_centerWhenReady = -1;
    }
    placeOverlays();
    viewChanged();
    emit layoutProgress(m_scene->nodeCount(), m_scene->nodeCount());
    emit graphReady();
}

void PlanGraphView::selectNode(int id)
{
    if (id < -1 || id >= m_plan.nodes.size())
        id = -1;
    if (id == m_selected)
        return;
    m_selected = id;
    if (id >= 0)
        revealNode(id);
    if (!m_needItems) {
        m_scene->setSelectedNode(id);
        if (id >= 0 && !isBusy())
            centerOnNode(id);
        else if (id >= 0)
            m_centerWhenReady = id;
    } else if (id >= 0) {
        m_centerWhenReady = id;
    }
    emit nodeSelected(id);
}

void PlanGraphView::revealNode(int id)
{
    bool changed = false;
    for (int p = std::as_const(m_plan).nodes[id].parent; p >= 0; p = std::as_const(m_plan).nodes[p].parent) {
        if (isCollapsed(p)) {
            m_settings.collapsed[p] = false;
            changed = true;
        }
    }
    if (changed) {
        m_centerWhenReady = id;
        startLayout(false);
    }
}

void PlanGraphView::centerOnNode(int id)
{
    const QRectF r = m_scene->cardRect(id);
    if (r.isNull())
        return;
    // Only scroll when the card is not already comfortably in view: keeps the picture still while stepping through
    // neighbours.
    const QRectF visible = visibleSceneRect();
    if (!visible.adjusted(r.width() * 0.1, r.height() * 0.1, -r.width() * 0.1, -r.height() * 0.1).contains(r)) {
        centerOn(r.center());
        m_scrolledSinceFit = true;
    }
    if (zoom() < PlanGraphScene::kTextLod && m_plan.nodes.size() > 1) {
        // Far out, a selected node would stay an anonymous box: come close enough to read it.
        setZoom(0.8);
        centerOn(r.center());
    }
}

int PlanGraphView::find(const QString &text)
{
    m_matches.find(m_plan, text, m_selected);
    m_scene->setFindHits(m_matches.hits);
    if (m_matches.current >= 0)
        selectNode(m_matches.hits[m_matches.current]);
    emit findResultsChanged(m_matches.current, int(m_matches.hits.size()));
    return int(m_matches.hits.size());
}

void PlanGraphView::stepFind(int delta)
{
    const int id = m_matches.step(delta);
    if (id < 0)
        return;
    selectNode(id);
    emit findResultsChanged(m_matches.current, int(m_matches.hits.size()));
}

void PlanGraphView::showFindBar()
{
    placeOverlays();
    m_findBar->activate();
}

QRectF PlanGraphView::visibleSceneRect() const
{
    return mapToScene(viewport()->rect()).boundingRect();
}

qreal PlanGraphView::minZoom() const
{
    const QRectF b = sceneRect();
    if (b.isEmpty())
        return 0.05;
    const qreal fit = std::min(viewport()->width() / b.width(), viewport()->height() / b.height());
    return std::min(0.05, fit * 0.5);
}

void PlanGraphView::scaleBy(qreal factor, const QPointF &viewportAnchor)
{
    m_fitMode = FitMode::None;   // the user chose a zoom: keep it when the view is resized
    const qreal target = std::clamp(zoom() * factor, minZoom(), kMaxZoom);
    if (qFuzzyCompare(target, zoom()))
        return;
    const QPointF sceneAnchor = mapToScene(viewportAnchor.toPoint());
    const ViewportAnchor old = transformationAnchor();
    setTransformationAnchor(QGraphicsView::NoAnchor);
    setTransform(QTransform::fromScale(target, target));
    // Keep the scene point under the anchor where it was.
    const QPointF moved = mapFromScene(sceneAnchor) - viewportAnchor;
    horizontalScrollBar()->setValue(horizontalScrollBar()->value() + int(std::lround(moved.x())));
    verticalScrollBar()->setValue(verticalScrollBar()->value() + int(std::lround(moved.y())));
    setTransformationAnchor(old);
    viewChanged();
    emit zoomChanged(zoom());
}

void PlanGraphView::zoomIn()
{
    scaleBy(1.25, QRectF(viewport()->rect()).center());
}

void PlanGraphView::zoomOut()
{
    scaleBy(0.8, QRectF(viewport()->rect()).center());
}

void PlanGraphView::setZoom(qreal factor)
{
    scaleBy(factor / zoom(), QRectF(viewport()->rect()).center());
}

QRectF PlanGraphView::fitBounds() const
{
    const QRectF content = m_scene->contentBounds();
    return content.isEmpty() ? QRectF() : content.adjusted(-32, -32, 32, 32);
}

void PlanGraphView::fitToWindow()
{
    const QRectF b = fitBounds();
    if (b.isEmpty())
        return;
    applyFit(GraphNavigation::fitWhole(b, viewport()->size()));
    m_fitMode = FitMode::Whole;
    m_scrolledSinceFit = false;
    viewChanged();
    emit zoomChanged(zoom());
}

void PlanGraphView::applyFit(const GraphNavigation::Fit &fit)
{
    setTransform(QTransform::fromScale(fit.scale, fit.scale));
    centerOn(fit.centre);
}

void PlanGraphView::fitReadable()
{
    const QRectF b = fitBounds();
    if (b.isEmpty())
        return;
    m_fitMode = FitMode::Readable;
    QList<QRectF> path;
    for (int id : m_scene->hotPath())
        path << m_scene->cardRect(id);
    applyFit(GraphNavigation::fitReadable(b, viewport()->size(), m_settings.direction, path, PlanGraphScene::kCardLod,
                                          PlanGraphScene::kBoxLod));
    m_scrolledSinceFit = false;
    viewChanged();
    emit zoomChanged(zoom());
}

void PlanGraphView::refit()
{
    if (m_needItems || m_fitMode == FitMode::None)
        return;
    // Scrolled since the fit (a pan, a match brought into view by CompareView): the zoom follows the policy, the
    // place looked at stays.
    const QPointF centre = mapToScene(viewport()->rect().center());
    const bool keep = m_scrolledSinceFit && m_fitMode == FitMode::Readable;
    if (m_fitMode == FitMode::Whole)
        fitToWindow();
    else
        fitReadable();
    if (keep) {
        centerOn(centre);
        m_scrolledSinceFit = true;
    }
    // A selected card stays in view (CompareView scrolls the match into view; a resize must not undo that).
    if (m_selected >= 0 && isCardDetail())
        centerOnNode(m_selected);
}

void PlanGraphView::viewChanged()
{
    // The overview is worth its corner when much of the graph is out of view; when it (nearly) fits, scrolling a
    // little is its own overview, and the corner would hide cards (at card detail a small plan often overflows
    // by a level or two).
    const QRectF b = m_scene->contentBounds();
    const bool big = !b.isEmpty() && (b.width() * zoom() > viewport()->width() * 1.6
                                      || b.height() * zoom() > viewport()->height() * 1.6);
    m_minimap->setVisible(big && !m_needItems);
    if (big)
        m_minimap->viewChanged();
    placeOverlays();
}

void PlanGraphView::placeOverlays()
{
    const QRect vp = viewport()->geometry();
    if (m_findBar->isVisible() || m_findBar->sizeHint().isValid()) {
        const QSize s = m_findBar->sizeHint().expandedTo(QSize(380, 0));
        m_findBar->setGeometry(vp.right() - s.width() - 10, vp.top() + 10, s.width(), s.height());
    }
    m_minimap->move(vp.right() - m_minimap->width() - 12, vp.bottom() - m_minimap->height() - 12);
    m_progress->centreIn(vp);
}

void PlanGraphView::showProgress(const QString &text, int done, int total)
{
    m_progress->setProgress(text, done, total);
    m_progress->show();
    m_progress->raise();
    placeOverlays();
}

void PlanGraphView::hideProgress()
{
    m_progress->hide();
}

void PlanGraphView::resizeEvent(QResizeEvent *event)
{
    QGraphicsView::resizeEvent(event);
    refit();
    viewChanged();
}

void PlanGraphView::scrollContentsBy(int dx, int dy)
{
    QGraphicsView::scrollContentsBy(dx, dy);
    if (m_minimap->isVisible())
        m_minimap->viewChanged();
}

void PlanGraphView::wheelEvent(QWheelEvent *event)
{
    const QPoint d = event->angleDelta();
    if (d.y() == 0 || (event->modifiers() & Qt::ShiftModifier)) {   // horizontal scrolling pans
        QGraphicsView::wheelEvent(event);
        return;
    }
    scaleBy(std::pow(1.0015, d.y()), event->position());
    event->accept();
}

void PlanGraphView::moveSelection(int key)
{
    if (m_plan.isEmpty())
        return;
    if (m_selected < 0) {
        selectNode(0);
        return;
    }
    const int target = GraphNavigation::neighbour(m_plan, m_selected, key, m_settings.direction);
    if (target >= 0)
        selectNode(target);   // expands a collapsed parent on the way (revealNode)
}

void PlanGraphView::keyPressEvent(QKeyEvent *event)
{
    if (event->matches(QKeySequence::Find)) {
        showFindBar();
        return;
    }
    if (event->key() == Qt::Key_F3) {
        if (event->modifiers() & Qt::ShiftModifier)
            findPrevious();
        else
            findNext();
        return;
    }
    switch (event->key()) {
    case Qt::Key_Up:
    case Qt::Key_Down:
    case Qt::Key_Left:
    case Qt::Key_Right:
        if (event->modifiers() & Qt::ControlModifier)
            break;   // Ctrl+arrows scroll, as in any view
        moveSelection(event->key());
        return;
    case Qt::Key_Plus:
    case Qt::Key_Equal:
        zoomIn();
        return;
    case Qt::Key_Minus:
        zoomOut();
        return;
    case Qt::Key_0:
        fitToWindow();
        return;
    case Qt::Key_1:
        resetZoom();
        return;
    case Qt::Key_Home:
        selectNode(m_plan.isEmpty() ? -1 : 0);
        return;
    case Qt::Key_Return:
    case Qt::Key_Enter:
    case Qt::Key_Space:
        if (m_selected >= 0)
            toggleCollapsed(m_selected);
        return;
    case Qt::Key_Escape:
        if (m_findBar->isVisible()) {
            m_findBar->hide();
            m_scene->setFindHits({});
        }
        return;
    default:
        break;
    }
    QGraphicsView::keyPressEvent(event);
}

void PlanGraphView::mousePressEvent(QMouseEvent *event)
{
    m_pressPos = event->pos();
    QGraphicsView::mousePressEvent(event);
}

void PlanGraphView::mouseReleaseEvent(QMouseEvent *event)
{
    QGraphicsView::mouseReleaseEvent(event);
    if (event->button() == Qt::LeftButton && (event->pos() - m_pressPos).manhattanLength() < 5) {
        const QPointF scenePos = mapToScene(event->pos());
        if (PlanGraphCalloutItem *callout = m_scene->calloutAt(scenePos)) {
            const PlanCallout c = callout->callout();
            switch (callout->partAt(callout->mapFromScene(scenePos))) {
            case PlanGraphCalloutItem::Part::Rewrite:
                emit rewriteRequested(c.rewriteId, c.nodeId);
                break;
            case PlanGraphCalloutItem::Part::Close:
                m_callouts.removeIf([&c](const PlanCallout &o) { return o.nodeId == c.nodeId; });
                m_scene->setCallouts(m_callouts);
                viewChanged();
                emit calloutDismissed(c.nodeId);
                break;
            default:
                selectNode(c.nodeId);
                break;
            }
            updateCursor(event->pos());
            return;
        }
        const int id = m_scene->nodeAt(scenePos);
        if (id >= 0)
            selectNode(id);
    }
    updateCursor(event->pos());
}

void PlanGraphView::mouseMoveEvent(QMouseEvent *event)
{
    QGraphicsView::mouseMoveEvent(event);
    if ((event->buttons() & Qt::LeftButton) && (event->pos() - m_pressPos).manhattanLength() >= 5)
        m_scrolledSinceFit = true;   // a pan
    setHovered(m_scene->nodeAt(mapToScene(event->pos())));
    if (event->buttons() == Qt::NoButton)
        updateCursor(event->pos());   // while panning the view shows its closed hand
}

void PlanGraphView::setHovered(int id)
{
    if (id == m_hovered)
        return;
    m_hovered = id;
    emit nodeHovered(id);
}

void PlanGraphView::updateCursor(const QPoint &pos)
{
    bool pointing = false;
    if (PlanGraphCalloutItem *callout = m_scene->calloutAt(mapToScene(pos))) {
        const auto part = callout->partAt(callout->mapFromScene(mapToScene(pos)));
        pointing = part == PlanGraphCalloutItem::Part::Rewrite || part == PlanGraphCalloutItem::Part::Close;
    }
    if (pointing == m_pointing)
        return;
    m_pointing = pointing;
    // The view shows an open hand for panning (ScrollHandDrag); over a button it is a button.
    viewport()->setCursor(pointing ? Qt::PointingHandCursor : Qt::OpenHandCursor);
}

void PlanGraphView::mouseDoubleClickEvent(QMouseEvent *event)
{
    const int id = m_scene->nodeAt(mapToScene(event->pos()));
    if (id >= 0 && !std::as_const(m_plan).nodes[id].children.isEmpty()) {
        toggleCollapsed(id);
        event->accept();
        return;
    }
    QGraphicsView::mouseDoubleClickEvent(event);
}

void PlanGraphView::contextMenuEvent(QContextMenuEvent *event)
{
    const int id = m_scene->nodeAt(mapToScene(event->pos()));
    QMenu menu(this);
    if (id >= 0) {
        selectNode(id);
        if (!std::as_const(m_plan).nodes[id].children.isEmpty())
            menu.addAction(isCollapsed(id) ? tr("Expand subtree") : tr("Collapse subtree"), this,
                           [this, id] { toggleCollapsed(id); });
        menu.addAction(tr("Copy node as text"), this,
                       [this, id] { QApplication::clipboard()->setText(NodeFormat::psqlNodeText(m_plan, std::as_const(m_plan).nodes[id])); });
        menu.addSeparator();
    }
    menu.addAction(tr("Expand all"), this, &PlanGraphView::expandAll)->setEnabled(m_settings.collapsed.contains(true));
    menu.addAction(tr("Fit to window"), this, &PlanGraphView::fitToWindow);
    menu.addAction(tr("Fit for reading"), this, &PlanGraphView::fitReadable);
    menu.addAction(tr("Actual size (1:1)"), this, &PlanGraphView::resetZoom);
    menu.addAction(tr("Find…"), this, &PlanGraphView::showFindBar);
    menu.exec(event->globalPos());
}

bool PlanGraphView::viewportEvent(QEvent *event)
{
    switch (event->type()) {
    case QEvent::Leave:
        setHovered(-1);
        break;
    case QEvent::ToolTip: {
        auto *help = static_cast<QHelpEvent *>(event);
        if (PlanGraphCalloutItem *callout = m_scene->calloutAt(mapToScene(help->pos()))) {
            // The box shows three lines at most: the whole message is one hover away.
            const QString tip = callout->toolTip(callout->partAt(callout->mapFromScene(mapToScene(help->pos()))));
            QToolTip::showText(help->globalPos(), tip, viewport(),
                               mapFromScene(callout->mapRectToScene(callout->boxRect())).boundingRect());
            return true;
        }
        const int id = m_scene->nodeAt(mapToScene(help->pos()));
        if (id < 0) {
            QToolTip::hideText();
            return true;
        }
        QToolTip::showText(help->globalPos(), m_scene->toolTipHtml(id), viewport(),
                           mapFromScene(m_scene->cardRect(id)).boundingRect());
        return true;
    }
    case QEvent::Gesture: {
        auto *g = static_cast<QGestureEvent *>(event);
        if (auto *pinch = static_cast<QPinchGesture *>(g->gesture(Qt::PinchGesture))) {
            if (pinch->state() == Qt::GestureStarted)
                m_pinchStart = zoom();
            if (pinch->changeFlags() & QPinchGesture::ScaleFactorChanged)
                scaleBy(m_pinchStart * pinch->totalScaleFactor() / zoom(), viewport()->mapFromGlobal(pinch->centerPoint().toPoint()));
            g->accept(pinch);
            return true;
        }
        break;
    }
    case QEvent::NativeGesture: {
        auto *g = static_cast<QNativeGestureEvent *>(event);
        if (g->gestureType() == Qt::ZoomNativeGesture) {
            scaleBy(1 + g->value(), g->position());
            return true;
        }
        break;
    }
    default:
        break;
    }
    return QGraphicsView::viewportEvent(event);
}

} // namespace PlanLens
