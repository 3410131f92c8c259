// SPDX-License-Identifier: MIT
#pragma once

#include "planmetric.h"

#include <QWidget>

namespace PlanLens {

// Explains the plan graph: the colour scale of the chosen metric with its figures, never-executed nodes,
// InitPlan/SubPlan/CTE edges, edge width by rows, heavy-hitter and misestimate badges. The same painting is used
// on screen and in exported images.
class PlanLegend : public QWidget
{
    Q_OBJECT
public:
    explicit PlanLegend(QWidget *parent = nullptr);

    void setScale(const PlanColorScale &scale);
    const PlanColorScale &scale() const { return m_scale; }
    void setSummary(const QString &summary);   // one line above the legend ("12 nodes · 1,012 ms")
    QString summary() const { return m_summary; }
    // One line under a graph on screen: the summary, a short colour bar and as many of the swatches as fit (the
    // whole legend is the tool tip, and exports keep the full one).
    void setCompact(bool compact);
    bool isCompact() const { return m_compact; }
    static qreal paintCompact(QPainter *painter, const QRectF &r, const PlanColorScale &scale, const QString &summary);

    // Paints into r (the legend flows into several rows when r is narrow) and returns the height it used. With
    // dryRun nothing is painted: that is how callers measure.
    static qreal paint(QPainter *painter, const QRectF &r, const PlanColorScale &scale, const QString &summary,
                       bool dryRun = false);
    static qreal heightFor(qreal width, const PlanColorScale &scale, const QString &summary);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;
    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    PlanColorScale m_scale;
    QString m_summary;
    bool m_compact = false;
};

} // namespace PlanLens
