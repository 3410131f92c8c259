// SPDX-License-Identifier: MIT
#pragma once

#include "planbadge.h"
#include "plangraphcallout.h"
#include "plangraphdata.h"

#include <QGraphicsScene>

namespace PlanLens {

class PlanGraphCalloutItem;
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
    // Deletes this scene and its items a slice per event-loop turn (a few ms each), for a big graph that a view
    // has just replaced with a fresh scene: deleting 100k items at once holds the GUI for tens of ms. The plan and
    // layout are freed on a worker thread.
    void retireInSlices();

    const Plan &plan() const { return m_plan; }
    const PlanGraphData &data() const { return m_data; }
    int nodeCount() const { return int(m_plan.nodes.size()); }
    PlanGraphNodeItem *nodeItem(int id) const;
    QList<PlanGraphNodeItem *> nodeItems() const { return m_items; }
    QRectF cardRect(int id) const;               // scene coordinates; null when hidden
    bool isNodeVisible(int id) const;
    QList<int> hotPath() const;                  // root … hottest node, visible cards only
    int nodeAt(const QPointF &scenePos) const;   // the card under a point, or -1
    QColor cardFill(int id) const;               // the colour the card is painted with
    // The pill under a card that opens or closes it (PlanGraphNodeItem::expanderRect), scene coordinates; null
    // when the card has none. A press on it emits expanderActivated; the view toggles the node's collapse.
    QRectF expanderRect(int id) const;
    void activateExpander(int id) { emit expanderActivated(id); }
    // The partition group a card stands for while it is closed (plangraphpartitions.h), else nullptr.
    const PartitionGroup *closedGroup(int id) const;

    void setSelectedNode(int id);
    int selectedNode() const { return m_selected; }
    void setFindHits(const QList<int> &ids);
    bool isFindHit(int id) const { return id >= 0 && id < m_hits.size() && m_hits[id]; }
    void setBadges(const PlanBadges &badges);
    const PlanBadges &badges() const { return m_badges; }
    // What a card shows on its top edge: the heavy-hitter rank first, then the findings' badges.
    QList<PlanBadge> badgesFor(int id) const;
    QString toolTipHtml(int id) const;          // the card's hover text: every figure, then its badges explained
    // A ring around one card that is neither the selection nor a find hit: the match of the node hovered in the
    // other graph of a comparison.
    void setHighlightedNode(int id);
    int highlightedNode() const { return m_highlighted; }

    // Findings beside their cards (at most kMaxCallouts; callouts on hidden or unknown nodes are left out). Placed
    // right of the card when that area is free of cards, else right of the whole layout at the card's height, so
    // a callout never covers a card. Kept across updateGraph() (re-placed), dropped by a new plan.
    void setCallouts(const QList<PlanCallout> &callouts);
    QList<PlanCallout> callouts() const;             // the ones placed
    QRectF calloutRect(int nodeId) const;            // scene coordinates of the box; null when none
    PlanGraphCalloutItem *calloutItem(int nodeId) const;
    PlanGraphCalloutItem *calloutAt(const QPointF &scenePos) const;
    // Cards and callouts: what a fit must show.
    QRectF contentBounds() const;
    // contentBounds() with a margin: the area a view scrolls over (viewRectChanged tells when it moves). The
    // scene's own sceneRect() is the area its item index covers: for a big plan a generous rectangle fixed when
    // its items are first built, because each change of it re-indexes every item (300 ms at 100k items).
    QRectF viewRect() const { return m_viewRect; }

    // Below this scale cards lose their text; below kBoxLod also their borders.
    static constexpr qreal kTextLod = 0.42;
    // The smallest scale at which every line of a card (and a callout) is legible: the 12-px figures are then
    // about 8.5 device pixels. The graph opens at least this close unless the user asks for the whole.
    static constexpr qreal kCardLod = 0.7;
    static constexpr qsizetype kIncrementalIndexItems = 6000;   // larger plans are indexed slice by slice
    static constexpr int kMaxCallouts = 3;
    static constexpr qreal kBoxLod = 0.1;
    static QColor backgroundColour();

signals:
    void graphChanged();   // items built or moved
    void expanderActivated(int id);
    void viewRectChanged(const QRectF &rect);

protected:
    bool event(QEvent *event) override;

private:
    void refreshItems(const QList<int> &ids);
    void placeCallouts();
    void removeCalloutItems();
    void updateSceneRect();
    bool deleteItemsFor(qint64 budgetNs);   // retireInSlices(): true when none is left

    Plan m_plan;
    PlanGraphData m_data;
    QList<PlanGraphNodeItem *> m_items;
    bool m_incrementalIndex = false;   // the BSP index grows slice by slice (big plans)
    bool m_retiring = false;           // retireInSlices() was called: no view shows this scene again
    QRectF m_viewRect;
    int m_selected = -1;
    QList<bool> m_hits;
    PlanBadges m_badges;
    int m_highlighted = -1;
    QList<PlanCallout> m_callouts;                 // as asked for; placed when the items exist
    QList<PlanGraphCalloutItem *> m_calloutItems;
    QList<QGraphicsItem *> m_leaders;              // one leader line per callout, under the cards
};

} // namespace PlanLens
