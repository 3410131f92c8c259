// SPDX-License-Identifier: MIT
#pragma once

#include <QGraphicsItem>

#include "plan/plan.h"

namespace PlanLens {

class PlanGraphScene;

// One plan node: its card, the edge up to its parent and, when it has visible children, the connector they hang
// from. Thin on purpose (an id and a cached bounding box); the figures live in the scene's PlanGraphData and the
// text is formatted only when the card is painted close enough to be read.
class PlanGraphNodeItem : public QGraphicsItem
{
public:
    enum { Type = UserType + 601 };

    explicit PlanGraphNodeItem(int id);

    int id() const { return m_id; }
    int type() const override { return Type; }
    QRectF boundingRect() const override { return m_bounds; }
    QPainterPath shape() const override;   // the card only: edges and labels are not hit
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

    // Re-reads position and extent from the scene's data (after a layout).
    void syncGeometry(const PlanGraphScene &scene);

    // The pill that opens or closes the card: "+N" under a collapsed node, "▾ show 24" / "▴ group 24" under a
    // partition group (plangraphpartitions.h). Item coordinates; null when there is none. A press on it asks the
    // scene to toggle (PlanGraphScene::expanderActivated).
    QRectF expanderRect() const;

protected:
    void mousePressEvent(QGraphicsSceneMouseEvent *event) override;

private:
    void paintFigures(QPainter *p, const Plan &plan, const PlanNode &node, const QColor &ink, const QColor &soft) const;
    void paintLabels(QPainter *p) const;   // badges, the subplan label, the expander

    int m_id;
    QRectF m_bounds;
    QRectF m_card;
};

} // namespace PlanLens
