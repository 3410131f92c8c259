// SPDX-License-Identifier: MIT
#pragma once

#include "planbadge.h"
#include "plangraphdata.h"

#include <QGraphicsScene>

namespace PlanLens {

class PlanGraphNodeItem;

// The plan as a scene: one PlanGraphNodeItem per node, positioned by PlanGraphData. Holds the state the items
// draw (selection, find hits, badges). Works without a view: the CLI and the exporters render it directly.
class PlanGraphScene : public QGraphicsScene
{
    Q_OBJECT
public:
    explicit PlanGraphScene(QObject *parent = nullptr);
    ~PlanGraphScene() override;

    // A new plan: drops the old items, then builds all new ones at once.
    void setGraph(const Plan &plan, const PlanGraphData &data);
    // The same in steps, so a big plan does not block the event loop: startGraph(), then buildItems() until it
    // returns true.
    void startGraph(const Plan &plan, const PlanGraphData &data);
    bool buildItems(int maxItems);
    int builtCount() const { return int(m_items.size()); }
    bool isComplete() const { return m_items.size() == m_data.nodes.size(); }
    // Same plan, new layout or colours (direction, metric, collapse): items are kept and moved.
    void updateGraph(const PlanGraphData &data);
    void clearGraph();

    const Plan &plan() const { return m_plan; }
    const PlanGraphData &data() const { return m_data; }
    int nodeCount() const { return int(m_plan.nodes.size()); }
    PlanGraphNodeItem *nodeItem(int id) const;
    QList<PlanGraphNodeItem *> nodeItems() const { return m_items; }
    QRectF cardRect(int id) const;               // scene coordinates; null when hidden
    bool isNodeVisible(int id) const;
    int nodeAt(const QPointF &scenePos) const;   // the card under a point, or -1
    QColor cardFill(int id) const;               // the colour the card is painted with

    void setSelectedNode(int id);
    int selectedNode() const { return m_selected; }
    void setFindHits(const QList<int> &ids);
    bool isFindHit(int id) const { return id >= 0 && id < m_hits.size() && m_hits[id]; }
    void setBadges(const PlanBadges &badges);
    const PlanBadges &badges() const { return m_badges; }
    // What a card shows on its top edge: the heavy-hitter rank first, then the findings' badges.
    QList<PlanBadge> badgesFor(int id) const;

    // Below this scale cards lose their text; below kBoxLod also their borders.
    static constexpr qreal kTextLod = 0.42;
    static constexpr qreal kBoxLod = 0.1;
    static QColor backgroundColour();

signals:
    void graphChanged();   // items built or moved

private:
    void refreshItems(const QList<int> &ids);

    Plan m_plan;
    PlanGraphData m_data;
    QList<PlanGraphNodeItem *> m_items;
    int m_selected = -1;
    QList<bool> m_hits;
    PlanBadges m_badges;
};

} // namespace PlanLens
