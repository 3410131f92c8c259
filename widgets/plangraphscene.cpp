// SPDX-License-Identifier: MIT
#include "plangraphscene.h"
#include "plangraphpartitions.h"
#include "plannodeformat.h"
#include "theme.h"

#include "jobs/turnqueue.h"
#include "jobs/workpool.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>

#include <cmath>
#include "plangraphcallout.h"
#include "plangraphnodeitem.h"

#include <QGraphicsPathItem>
#include <QGraphicsView>
#include <QPen>

#include <algorithm>

namespace PlanLens {

PlanGraphScene::PlanGraphScene(QObject *parent)
    : QGraphicsScene(parent)
{
    setItemIndexMethod(QGraphicsScene::BspTreeIndex);
    setBackgroundBrush(backgroundColour());
}

PlanGraphScene::~PlanGraphScene()
{
    clearGraph();
}

QColor PlanGraphScene::backgroundColour()
{
    return Theme::colour(Theme::Role::GraphBackground);
}

bool PlanGraphScene::event(QEvent *event)
{
    // A view leaving a scene while its window is active sends the scene WindowDeactivate, which QGraphicsScene
    // answers by sorting all its items and sending each one the event: 20 ms at 100k items, spent on a scene
    // that is about to go. (The items here are not panels and take no focus, so activation changes nothing.)
    if (m_retiring && (event->type() == QEvent::WindowDeactivate || event->type() == QEvent::WindowActivate))
        return true;
    if (event->type() == QEvent::ApplicationPaletteChange && !m_retiring) {
        // The theme changed: the canvas and the card fills (laid out under the old one) take the new colours.
        setBackgroundBrush(backgroundColour());
        for (qsizetype v = 0; v < m_data.nodes.size() && v < m_plan.nodes.size(); ++v)
            m_data.nodes[v].fill = m_data.scale.colour(std::as_const(m_plan).nodes[v]).rgb();
        for (const PartitionGroup &g : std::as_const(m_data.settings.groups))
            if (g.appendId < m_data.nodes.size() && m_data.settings.isCollapsed(g.appendId))
                m_data.nodes[g.appendId].fill = m_data.scale.colour(partitionGroupAsNode(m_plan, g)).rgb();
        update();
    }
    return QGraphicsScene::event(event);
}

void PlanGraphScene::setGraph(const Plan &plan, const PlanGraphData &data)
{
    startGraph(plan, data);
    buildItems(int(data.nodes.size()));
}

void PlanGraphScene::startGraph(const Plan &plan, const PlanGraphData &data)
{
    clearGraph();
    m_plan = plan;
    m_data = data;
    m_hits.fill(false, m_plan.nodes.size());
    m_items.reserve(m_data.nodes.size());
    if (m_data.nodes.size() > kIncrementalIndexItems) {
        // Left to itself QGraphicsScene builds its BSP index in one go on the first paint (300 ms at 100k items),
        // and without an index that paint gives every item a bookkeeping record (as long again). With the tree's
        // depth fixed up front, each slice of items goes into the index as it is built (buildItems), so the
        // first paint only visits what is in view.
        setItemIndexMethod(QGraphicsScene::BspTreeIndex);
        setBspTreeDepth(std::max(5, int(std::ceil(std::log2(double(m_data.nodes.size()))))));   // Qt's own choice
        m_incrementalIndex = true;
    } else {
        // A small plan: items go in without an index, which is built once, lazily, on the first paint.
        setBspTreeDepth(0);   // automatic again after a big plan
        setItemIndexMethod(QGraphicsScene::NoIndex);
        m_incrementalIndex = false;
    }
    updateSceneRect();
}

bool PlanGraphScene::buildItems(int maxItems)
{
    // Asking for a repaint of everything first makes QGraphicsScene skip its per-item dirty tracking for the items
    // added below (it would otherwise visit each of them once more, about 20 µs apiece).
    update();
    const int n = int(m_data.nodes.size());
    const int end = std::min(n, int(m_items.size()) + std::max(1, maxItems));
    for (int id = int(m_items.size()); id < end; ++id) {
        auto *item = new PlanGraphNodeItem(id);
        item->syncGeometry(*this);
        m_items.append(item);
        addItem(item);
    }
    if (m_incrementalIndex)
        (void)items(QRectF(sceneRect().topLeft(), QSizeF(1, 1)));   // a query indexes the items added so far
    if (isComplete()) {
        if (!m_incrementalIndex)
            setItemIndexMethod(QGraphicsScene::BspTreeIndex);
        placeCallouts();
        emit graphChanged();
        return true;
    }
    return false;
}

void PlanGraphScene::updateGraph(const PlanGraphData &data)
{
    if (data.nodes.size() != m_plan.nodes.size() || !isComplete()) {
        setGraph(m_plan, data);
        return;
    }
    const int selected = m_selected;
    m_data = data;
    update();                                      // see buildItems()
    setItemIndexMethod(QGraphicsScene::NoIndex);   // moving every item through a live BSP index is slower
    for (PlanGraphNodeItem *item : std::as_const(m_items))
        item->syncGeometry(*this);
    setItemIndexMethod(QGraphicsScene::BspTreeIndex);
    placeCallouts();   // cards moved: callouts follow, or drop out with a collapsed node
    m_selected = selected;
    update();
    emit graphChanged();
}

void PlanGraphScene::clearGraph()
{
    // QGraphicsScene::clear() removes items one by one from the index; with no index it is a plain delete.
    setItemIndexMethod(QGraphicsScene::NoIndex);
    // An item still waiting for Qt's queued polish is taken off that list with a linear search, so clearing a big
    // graph before its first event-loop turn is quadratic (100k items: seconds). Let the polish run first.
    if (!m_items.isEmpty())
        QCoreApplication::sendPostedEvents(this, QEvent::MetaCall);
    clear();
    m_items.clear();
    m_calloutItems.clear();
    m_leaders.clear();
    m_callouts.clear();
    m_plan = Plan();
    m_data = PlanGraphData();
    m_selected = -1;
    m_highlighted = -1;
    m_hits.clear();
    setItemIndexMethod(QGraphicsScene::BspTreeIndex);
}

void PlanGraphScene::retireInSlices()
{
    constexpr qint64 kSliceNs = 6'000'000;
    m_retiring = true;
    // Leave no view painting half-deleted items, nothing queued for them, and no index to update per item.
    for (QGraphicsView *v : views())
        v->setScene(nullptr);
    if (!m_items.isEmpty())
        QCoreApplication::sendPostedEvents(this, QEvent::MetaCall);   // the queued polish: see clearGraph()
    removeCalloutItems();
    (void)QtConcurrent::run(workPool(), [plan = std::exchange(m_plan, Plan()), data = std::exchange(m_data, PlanGraphData())] {});
    m_hits.clear();
    // The BSP index stays: an item deleted from it is only put on a list (purged in one walk later), whereas
    // dropping the index (setItemIndexMethod) sorts all items first, 50 ms and more at 100k.
    TurnQueue::forThisThread()->addSlices(this, [this] {
        if (!deleteItemsFor(kSliceNs))
            return false;
        deleteLater();
        return true;
    });
}

bool PlanGraphScene::deleteItemsFor(qint64 budgetNs)
{
    QElapsedTimer t;
    t.start();
    // Last first: the scene keeps its top-level items in a list, and taking the last one off it is cheap.
    while (!m_items.isEmpty()) {
        for (int i = 0; i < 32 && !m_items.isEmpty(); ++i)
            delete m_items.takeLast();
        if (t.nsecsElapsed() > budgetNs)
            return false;
    }
    return true;
}

PlanGraphNodeItem *PlanGraphScene::nodeItem(int id) const
{
    return id >= 0 && id < m_items.size() ? m_items[id] : nullptr;
}

QRectF PlanGraphScene::cardRect(int id) const
{
    return id >= 0 && id < m_data.nodes.size() ? m_data.nodes[id].rect : QRectF();
}

bool PlanGraphScene::isNodeVisible(int id) const
{
    return !cardRect(id).isNull();
}

QList<int> PlanGraphScene::hotPath() const
{
    QList<int> path;
    int id = m_data.hottest.isEmpty() ? 0 : m_data.hottest.first();
    for (; id >= 0 && id < m_plan.nodes.size(); id = m_plan.nodes[id].parent)
        if (isNodeVisible(id))
            path.prepend(id);
    return path;
}

int PlanGraphScene::nodeAt(const QPointF &scenePos) const
{
    const QList<QGraphicsItem *> hit = items(scenePos, Qt::IntersectsItemShape, Qt::DescendingOrder);
    for (QGraphicsItem *i : hit)
        if (i->type() == PlanGraphNodeItem::Type && i->isVisible())
            return static_cast<PlanGraphNodeItem *>(i)->id();
    return -1;
}

QColor PlanGraphScene::cardFill(int id) const
{
    return id >= 0 && id < m_data.nodes.size() ? QColor::fromRgb(m_data.nodes[id].fill) : QColor();
}

QRectF PlanGraphScene::expanderRect(int id) const
{
    const PlanGraphNodeItem *item = nodeItem(id);
    const QRectF r = item && item->isVisible() ? item->expanderRect() : QRectF();
    return r.isNull() ? r : item->mapRectToScene(r);
}

const PartitionGroup *PlanGraphScene::closedGroup(int id) const
{
    if (id < 0 || id >= m_data.nodes.size() || !m_data.nodes[id].groupHead || m_data.nodes[id].hiddenBelow == 0)
        return nullptr;
    return m_data.settings.groupOf(id);
}

void PlanGraphScene::setSelectedNode(int id)
{
    if (id < -1 || id >= m_items.size())
        id = -1;
    if (id == m_selected)
        return;
    const int old = m_selected;
    m_selected = id;
    refreshItems({old, id});
}

void PlanGraphScene::setHighlightedNode(int id)
{
    if (id < -1 || id >= m_items.size())
        id = -1;
    if (id == m_highlighted)
        return;
    const int old = m_highlighted;
    m_highlighted = id;
    refreshItems({old, id});
}

void PlanGraphScene::setCallouts(const QList<PlanCallout> &callouts)
{
    if (callouts == m_callouts && (m_callouts.isEmpty() || !m_calloutItems.isEmpty()))
        return;
    m_callouts = callouts;
    placeCallouts();
}

QList<PlanCallout> PlanGraphScene::callouts() const
{
    QList<PlanCallout> out;
    for (const PlanGraphCalloutItem *item : m_calloutItems)
        out.append(item->callout());
    return out;
}

PlanGraphCalloutItem *PlanGraphScene::calloutItem(int nodeId) const
{
    for (PlanGraphCalloutItem *item : m_calloutItems)
        if (item->callout().nodeId == nodeId)
            return item;
    return nullptr;
}

QRectF PlanGraphScene::calloutRect(int nodeId) const
{
    const PlanGraphCalloutItem *item = calloutItem(nodeId);
    return item ? item->mapRectToScene(item->boxRect()) : QRectF();
}

PlanGraphCalloutItem *PlanGraphScene::calloutAt(const QPointF &scenePos) const
{
    // A handful of items: a linear walk beats asking the BSP index.
    for (qsizetype i = m_calloutItems.size() - 1; i >= 0; --i)
        if (m_calloutItems[i]->isVisible() && m_calloutItems[i]->mapRectToScene(m_calloutItems[i]->boxRect()).contains(scenePos))
            return m_calloutItems[i];
    return nullptr;
}

QRectF PlanGraphScene::contentBounds() const
{
    QRectF b = m_data.bounds;
    for (const PlanGraphCalloutItem *item : m_calloutItems)
        b |= item->mapRectToScene(item->boxRect());
    return b;
}

void PlanGraphScene::updateSceneRect()
{
    // Just inside the view's fit margin (PlanGraphView::fitBounds), so a fitted graph has no scroll bars.
    const qreal margin = 30;
    const QRectF view = contentBounds().adjusted(-margin, -margin, margin, margin);
    if (!m_incrementalIndex) {
        setSceneRect(view);   // a small plan is indexed in one go anyway
    } else if (!sceneRect().contains(view)) {
        // Room for the callouts (right of the layout, stacked down from a card) decided before they exist, so
        // placing them does not re-index the graph; only a callout beyond it does.
        const qreal right = kMaxCallouts * 20 + 400, below = kMaxCallouts * 260;
        setSceneRect(view.united(m_data.bounds.adjusted(-margin, -margin, right, below)));
    }
    if (view != m_viewRect) {
        m_viewRect = view;
        emit viewRectChanged(view);
    }
}

void PlanGraphScene::removeCalloutItems()
{
    qDeleteAll(m_calloutItems);   // deleting an item removes it from the scene
    m_calloutItems.clear();
    qDeleteAll(m_leaders);
    m_leaders.clear();
}

void PlanGraphScene::placeCallouts()
{
    removeCalloutItems();
    if (!isComplete() || m_callouts.isEmpty()) {
        updateSceneRect();
        return;
    }
    constexpr qreal kGap = 34;         // between a card and its callout
    constexpr qreal kClearance = 14;   // around a callout, to the nearest card or callout
    QList<QRectF> taken;
    int far = 0;   // callouts right of the layout so far: each leader gets its own lane
    auto isFree = [this, &taken](const QRectF &r) {
        // The index finds the cards near r (every card is an item by now); walking all of them costs ms at 100k.
        const QList<QGraphicsItem *> near = items(r, Qt::IntersectsItemBoundingRect, Qt::AscendingOrder);
        for (const QGraphicsItem *i : near) {
            if (i->type() != PlanGraphNodeItem::Type)
                continue;
            const QRectF card = m_data.nodes[static_cast<const PlanGraphNodeItem *>(i)->id()].rect;
            if (!card.isNull() && card.intersects(r))
                return false;
        }
        for (const QRectF &t : std::as_const(taken))
            if (t.intersects(r))
                return false;
        return true;
    };
    for (const PlanCallout &c : std::as_const(m_callouts)) {
        if (m_calloutItems.size() >= kMaxCallouts)
            break;
        const QRectF card = cardRect(c.nodeId);
        if (card.isNull() || calloutItem(c.nodeId))
            continue;   // hidden under a collapsed node, or a second one for the same card
        auto *item = new PlanGraphCalloutItem(c);
        const QSizeF size = item->size();
        QRectF r(QPointF(card.right() + kGap, card.center().y() - size.height() / 2), size);
        qreal lane = 0;
        // The gap to the card counts: the leader must not cross a neighbour either.
        if (!isFree(r.adjusted(-kGap + 2, -kClearance, kClearance, kClearance))) {
            // Two cards of one row send their leaders along the same line otherwise.
            lane = std::min<qreal>(far++ * 12, card.height() / 2 - 10);
            // Right of everything, at the card's height, below any callout already there.
            r.moveTopLeft(QPointF(m_data.bounds.right() + kGap, card.top()));
            for (bool moved = true; moved;) {
                moved = false;
                for (const QRectF &t : std::as_const(taken))
                    if (t.intersects(r.adjusted(0, -kClearance, 0, kClearance))) {
                        r.moveTop(t.bottom() + kClearance);
                        moved = true;
                    }
            }
        }
        taken.append(r);
        item->setPos(r.topLeft());
        addItem(item);
        m_calloutItems.append(item);

        // The leader runs under the cards (z below them), so on the way to a far callout it only shows between
        // them: it points without hiding anything.
        const QPointF from(card.right(), card.center().y() + lane);
        const QPointF to(r.left(), std::clamp(from.y(), r.top() + 16, r.bottom() - 16));
        QPainterPath path(from);
        if (qFuzzyCompare(from.y(), to.y())) {
            path.lineTo(to);
        } else {
            path.lineTo(to.x() - kGap / 2, from.y());
            path.lineTo(to.x() - kGap / 2, to.y());
            path.lineTo(to);
        }
        auto *leader = new QGraphicsPathItem(path);
        QPen pen(PlanGraphCalloutItem::levelColour(c.level), 2, Qt::DashLine, Qt::FlatCap);
        pen.setDashPattern({4, 3});
        leader->setPen(pen);
        leader->setZValue(-1);
        leader->setAcceptedMouseButtons(Qt::NoButton);
        addItem(leader);
        m_leaders.append(leader);
    }
    updateSceneRect();
}

void PlanGraphScene::setFindHits(const QList<int> &ids)
{
    QList<int> changed;
    for (int i = 0; i < m_hits.size(); ++i)
        if (m_hits[i])
            changed.append(i);
    m_hits.fill(false, m_plan.nodes.size());
    for (int id : ids)
        if (id >= 0 && id < m_hits.size()) {
            m_hits[id] = true;
            changed.append(id);
        }
    refreshItems(changed);
}

void PlanGraphScene::setBadges(const PlanBadges &badges)
{
    QList<int> changed = m_badges.keys();
    m_badges = badges;
    changed += m_badges.keys();
    refreshItems(changed);
}

QList<PlanBadge> PlanGraphScene::badgesFor(int id) const
{
    QList<PlanBadge> out;
    if (id < 0 || id >= m_data.nodes.size())
        return out;
    int rank = m_data.nodes[id].hotRank;
    QString inside;
    if (closedGroup(id)) {
        // A closed partition group shows the best rank of what it hides.
        for (qsizetype r = 0; r < m_data.hottest.size() && (rank == 0 || r + 1 < rank); ++r) {
            int p = m_data.hottest[r];
            while (p > id)
                p = m_plan.nodes[p].parent;
            if (p == id && m_data.hottest[r] != id) {
                rank = int(r + 1);
                inside = m_plan.nodes[m_data.hottest[r]].displayName();
            }
        }
    }
    if (rank > 0) {
        const QString tip = inside.isEmpty() ? QStringLiteral("Number %1 by exclusive time in this plan.").arg(rank)
                                             : QStringLiteral("Number %1 by exclusive time in this plan: %2, in this "
                                                              "group.").arg(rank).arg(inside);
        out.append({QStringLiteral("#%1").arg(rank), tip, Theme::rankBadge(rank)});
    }
    out += m_badges.value(id);
    return out;
}

void PlanGraphScene::refreshItems(const QList<int> &ids)
{
    for (int id : ids)
        if (PlanGraphNodeItem *item = nodeItem(id))
            item->update();
}

QString PlanGraphScene::toolTipHtml(int id) const
{
    // Every figure of the node, then what its badges mean.
    QString extra;
    const QList<PlanBadge> badges = badgesFor(id);
    if (!badges.isEmpty()) {
        extra = QStringLiteral("<hr/>");
        for (const PlanBadge &b : badges)
            extra += QStringLiteral("<p><span style='background:%1;color:white'>&nbsp;%2&nbsp;</span> %3</p>")
                         .arg(b.color.name(), b.text.toHtmlEscaped(), b.toolTip.toHtmlEscaped());
    }
    if (const PartitionGroup *group = closedGroup(id))
        return PartitionCard::toolTipHtml(m_plan, *group) + NodeFormat::toolTipHtml(m_plan, m_plan.nodes[id], extra);
    return NodeFormat::toolTipHtml(m_plan, m_plan.nodes[id], extra);
}

} // namespace PlanLens
