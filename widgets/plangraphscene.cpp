// SPDX-License-Identifier: MIT
#include "plangraphscene.h"
#include "plangraphnodeitem.h"

#include <QGraphicsView>

namespace PlanLens {

PlanGraphScene::PlanGraphScene(QObject *parent)
    : QGraphicsScene(parent)
{
    setItemIndexMethod(QGraphicsScene::BspTreeIndex);
    setBackgroundBrush(backgroundColour());
}

PlanGraphScene::~PlanGraphScene() = default;

QColor PlanGraphScene::backgroundColour()
{
    return QColor(0xfa, 0xfb, 0xfc);
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
    // The BSP index is built once, lazily, on the first paint; inserting 100,000 items into a live index costs
    // several times more than that.
    setItemIndexMethod(QGraphicsScene::NoIndex);
    const qreal margin = 60;
    setSceneRect(m_data.bounds.adjusted(-margin, -margin, margin, margin));
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
    if (isComplete()) {
        if (qEnvironmentVariableIsEmpty("NOIDX")) setItemIndexMethod(QGraphicsScene::BspTreeIndex);
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
    const qreal margin = 60;
    setSceneRect(m_data.bounds.adjusted(-margin, -margin, margin, margin));
    m_selected = selected;
    update();
    emit graphChanged();
}

void PlanGraphScene::clearGraph()
{
    // QGraphicsScene::clear() removes items one by one from the index; with no index it is a plain delete.
    setItemIndexMethod(QGraphicsScene::NoIndex);
    clear();
    m_items.clear();
    m_plan = Plan();
    m_data = PlanGraphData();
    m_selected = -1;
    m_hits.clear();
    setItemIndexMethod(QGraphicsScene::BspTreeIndex);
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
    if (const int rank = m_data.nodes[id].hotRank) {
        static const QColor rankColours[] = {QColor(0xb3, 0x16, 0x2c), QColor(0xd9, 0x48, 0x1c), QColor(0xe8, 0x7a, 0x1d)};
        out.append({QStringLiteral("#%1").arg(rank),
                    QStringLiteral("Number %1 by exclusive time in this plan.").arg(rank), rankColours[rank - 1]});
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

} // namespace PlanLens
