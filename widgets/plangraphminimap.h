// SPDX-License-Identifier: MIT
#pragma once

#include <QImage>
#include <QWidget>

namespace PlanLens {

class PlanGraphView;

// The whole graph in a corner of the view: every card as a coloured dot, the visible part as a frame. Click or
// drag to move the view there. The picture is drawn once per layout from the layout arrays (not the scene), so it
// stays cheap for 100,000 nodes.
class PlanGraphMinimap : public QWidget
{
    Q_OBJECT
public:
    explicit PlanGraphMinimap(PlanGraphView *view);

    void rebuild();                 // after a new layout
    void viewChanged();             // after a scroll or zoom
    QRectF viewportFrame() const;   // the visible part, in minimap coordinates
    QPointF toScene(const QPointF &minimapPos) const;

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;

private:
    QRectF contentRect() const;

    PlanGraphView *m_view;
    QImage m_image;
    QRectF m_sceneRect;
};

} // namespace PlanLens
