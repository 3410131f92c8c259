// SPDX-License-Identifier: MIT
#pragma once

#include "plangraphdata.h"

#include <QImage>
#include <QWidget>

namespace PlanLens {

class PlanGraphView;

// The whole graph in a corner of the view: every card as a coloured dot, the visible part as a frame. Click or
// drag to move the view there. The picture is drawn once per layout from the layout arrays (not the scene), on a
// worker for a big plan, so it stays cheap for 100,000 nodes.
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
    void changeEvent(QEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;

private:
    QRectF contentRect() const;
    static QImage drawImage(const QList<PlanGraphData::Node> &nodes, const QRectF &sceneRect, const QSize &size,
                            qreal dpr);

    PlanGraphView *m_view;
    QImage m_image;
    QRectF m_sceneRect;
    quint64 m_generation = 0;   // the layout the picture being drawn belongs to
};

} // namespace PlanLens
