// SPDX-License-Identifier: MIT
#pragma once

#include "chartwidget.h"
#include "plan/plan.h"

#include <array>

namespace PlanLens {

// Estimated vs actual rows per loop for every executed node of both plans, on log–log axes, with the diagonal
// (a perfect estimate) and dashed lines at 10× either way. Points far from the diagonal are the misestimates;
// after a fix they should move towards it.
class EstimateChart : public ChartWidget
{
    Q_OBJECT
public:
    explicit EstimateChart(QWidget *parent = nullptr);

    void setPlans(const Plan &before, const Plan &after);
    void clear();

    struct Point {
        int nodeId = -1;
        bool after = false;
        double planRows = 0;     // per loop, as EXPLAIN prints them
        double actualRows = 0;
    };
    const QList<Point> &points() const { return m_points; }
    // Where a point is drawn, in widget pixels (tests hover it).
    QPointF pointPixel(int index) const;

    Hover hoverAt(const QPointF &pixel) const override;
    bool hasData() const override { return !m_points.isEmpty(); }
    void resetView() override;

    // Log axes cannot show 0 rows: values below this are drawn at it (the tool tip tells the real figure).
    static constexpr double kFloor = 0.5;

signals:
    // A point was clicked: the node it stands for (after = true: a node of the after plan).
    void nodeClicked(bool after, int nodeId);

protected:
    void mousePressEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;

private:
    int pointNear(const QPointF &pixel) const;
    QList<Point> m_points;
    std::array<Plan, 2> m_plans;   // before, after: what the points stand for
    QCPGraph *m_before = nullptr;
    QCPGraph *m_after = nullptr;
    QPointF m_pressPos;
};

} // namespace PlanLens
