// SPDX-License-Identifier: MIT
#pragma once

#include "chartwidget.h"

#include <optional>

namespace PlanLens {

// The medians of the query's versions (the plan history), one point per version in the order they were made,
// joined by a thin line so the trend reads at a glance: Before versions in the Before colour, After versions and
// tried rewrites in the After colour, each labelled with its median. The y axis turns logarithmic when the
// medians differ by more than 100×, so a 100× speed-up does not flatten the fast versions onto the axis.
class HistoryChart : public ChartWidget
{
    Q_OBJECT
public:
    struct Point {
        QString label;                  // "Rewrite 1: prefetch-any-array"
        std::optional<double> medianMs; // absent: the version has no timing (plotted as a gap)
        bool afterSide = false;
    };

    explicit HistoryChart(QWidget *parent = nullptr);

    void setPoints(const QList<Point> &points);
    const QList<Point> &points() const { return m_points; }
    // The line through every timed version: its data has one point per version with a median.
    QCPGraph *trendGraph() const { return m_trend; }
    QCPGraph *sideGraph(bool afterSide) const { return m_side[afterSide ? 1 : 0]; }
    bool isLogScale() const;
    QPointF pointPixel(int index) const;   // where a version's point is drawn (empty when it has no median)
    void setHighlighted(const QList<int> &indexes);   // ringed points (the versions chosen for Compare)

    Hover hoverAt(const QPointF &pixel) const override;
    bool hasData() const override;
    void resetView() override;

signals:
    void pointClicked(int index);

protected:
    void changeEvent(QEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void applySeriesColours();
    void updateTicks();   // the versions' names, cut to the width each one has

    QList<Point> m_points;
    QList<int> m_highlighted;
    QCPGraph *m_trend = nullptr;
    QCPGraph *m_side[2] = {};
    QCPGraph *m_rings = nullptr;
    QList<QCPItemText *> m_values;
};

} // namespace PlanLens
