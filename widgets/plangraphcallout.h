// SPDX-License-Identifier: MIT
#pragma once

#include <QGraphicsItem>
#include <QString>
#include <QStringList>

namespace PlanLens {

// A finding pinned beside its node on the graph. The caller passes the few most severe ones (the graph shows at
// most PlanGraphScene::kMaxCallouts); the full list lives in the findings panel.
struct PlanCallout {
    int nodeId = -1;
    int level = 0;        // 0 info, 1 warning, 2 critical
    QString title;
    QString message;
    QString rewriteId;    // not empty: the callout offers "Rewrite…" (PlanGraphView::rewriteRequested)
    bool operator==(const PlanCallout &) const = default;
};

// One callout box: a severity stripe, a bold title, up to three wrapped lines of the message, a "Rewrite…" pill
// and a "×". Custom-painted rather than a proxy widget: a hundred-thousand-item scene stays one kind of thing, the
// box zooms with the cards, and exports render it like any item. Clicks are routed by the view (partAt), which
// already tells a click from a pan.
class PlanGraphCalloutItem : public QGraphicsItem
{
public:
    enum { Type = UserType + 602 };
    enum class Part { None, Body, Rewrite, Close };

    explicit PlanGraphCalloutItem(const PlanCallout &callout);

    const PlanCallout &callout() const { return m_callout; }
    int type() const override { return Type; }
    QRectF boundingRect() const override;
    QPainterPath shape() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

    QSizeF size() const { return m_size; }
    QString toolTip(Part part) const;   // what hovering that part says
    QRectF boxRect() const { return QRectF(QPointF(0, 0), m_size); }   // item coordinates
    QRectF rewriteRect() const { return m_rewrite; }                    // null without a rewrite
    QRectF closeRect() const { return m_close; }
    Part partAt(const QPointF &itemPos) const;
    QStringList messageLines() const { return m_lines; }

    static QColor levelColour(int level);

private:
    PlanCallout m_callout;
    QSizeF m_size;
    QStringList m_lines;
    QRectF m_rewrite;
    QRectF m_close;
};

} // namespace PlanLens
