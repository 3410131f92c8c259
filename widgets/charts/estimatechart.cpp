// SPDX-License-Identifier: MIT
#include "estimatechart.h"
#include "compare/plandiff.h"
#include "format/units.h"
#include "nodetimechart.h"
#include "releaseonworker.h"
#include "theme.h"

#include <algorithm>
#include <cmath>

namespace PlanLens {

namespace {

QCPItemStraightLine *guideLine(QCustomPlot *plot, double x1, double y1, double x2, double y2, const QPen &pen)
{
    auto *line = new QCPItemStraightLine(plot);
    line->point1->setCoords(x1, y1);
    line->point2->setCoords(x2, y2);
    line->setPen(pen);
    line->setSelectable(false);
    return line;
}

} // namespace

EstimateChart::EstimateChart(QWidget *parent)
    : ChartWidget(parent)
{
    for (QCPAxis *axis : {xAxis, yAxis}) {
        axis->setScaleType(QCPAxis::stLogarithmic);
        axis->setTicker(QSharedPointer<QCPAxisTickerLog>::create());
        axis->setNumberFormat(QStringLiteral("eb")); // 10³ rather than 1000
        axis->setNumberPrecision(0);
    }
    xAxis->setLabel(tr("Estimated rows (per loop)"));
    yAxis->setLabel(tr("Actual rows (per loop)"));
    // On log–log axes y = x and y = 10x are straight lines: two points fix each.
    guideLine(this, 1, 1, 10, 10, QPen(Theme::colour(Theme::Role::ChartGuide), 1));
    const QPen dashed(Theme::colour(Theme::Role::ChartMuted), 1, Qt::DashLine);
    guideLine(this, 1, 10, 10, 100, dashed);
    guideLine(this, 10, 1, 100, 10, dashed);
    m_before = addGraph();
    m_after = addGraph();
    const std::tuple<QCPGraph *, QColor, QCPScatterStyle::ScatterShape, QString> sets[] = {
        {m_before, NodeTimeChart::beforeColour(), QCPScatterStyle::ssCircle, tr("Before")},
        {m_after, NodeTimeChart::afterColour(), QCPScatterStyle::ssSquare, tr("After")}};
    for (const auto &[g, colour, shape, name] : sets) {
        g->setLineStyle(QCPGraph::lsNone);
        g->setScatterStyle(QCPScatterStyle(shape, colour.darker(120), colour, 8));
        g->setName(name);
    }
    legend->setVisible(true);
    applyChartTheme();   // the legend and guide lines made here
    axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignLeft);
    clear();
}

void EstimateChart::clear()
{
    m_points.clear();
    releaseOnWorker(std::exchange(m_plans, {}));
    m_before->data()->clear();
    m_after->data()->clear();
    setEmptyMessage(tr("No row counts to compare: the plans need EXPLAIN ANALYZE"));
    resetView();
}

void EstimateChart::setPlans(const Plan &before, const Plan &after)
{
    m_points.clear();
    QList<double> keys[2], values[2];
    for (const Plan *plan : {&before, &after}) {
        const bool isAfter = plan == &after;
        for (const PlanNode &n : plan->nodes) {
            if (!n.planRows || !n.actualRows || n.neverExecuted)
                continue;
            m_points.append({n.id, isAfter, *n.planRows, *n.actualRows});
            keys[isAfter].append(std::max(*n.planRows, kFloor));
            values[isAfter].append(std::max(*n.actualRows, kFloor));
        }
    }
    // In one go: point by point, each insert keeps the data sorted by key, quadratic for a 20,000-node plan.
    m_before->setData(keys[0], values[0]);
    m_after->setData(keys[1], values[1]);
    // The hover text names the node: kept as the plans (shared, not copied), the old ones let go on a worker as
    // CompareView does, since a 100,000-node plan takes a while to free.
    releaseOnWorker(std::exchange(m_plans, {before, after}));
    setEmptyMessage(m_points.isEmpty() ? tr("No row counts to compare: the plans need EXPLAIN ANALYZE") : QString());
    resetView();
}

void EstimateChart::resetView()
{
    double lo = 1;
    double hi = 10;
    for (const Point &p : std::as_const(m_points)) {
        lo = std::min({lo, std::max(p.planRows, kFloor), std::max(p.actualRows, kFloor)});
        hi = std::max({hi, p.planRows, p.actualRows});
    }
    // The same range on both axes keeps the diagonal at 45°.
    xAxis->setRange(lo / 2, hi * 2);
    yAxis->setRange(lo / 2, hi * 2);
    replot();
}

QPointF EstimateChart::pointPixel(int index) const
{
    if (index < 0 || index >= m_points.size())
        return {};
    const Point &p = m_points[index];
    return {xAxis->coordToPixel(std::max(p.planRows, kFloor)), yAxis->coordToPixel(std::max(p.actualRows, kFloor))};
}

int EstimateChart::pointNear(const QPointF &pixel) const
{
    int best = -1;
    double bestDist = kHoverRadius;
    for (qsizetype i = 0; i < m_points.size(); ++i) {
        const double d = QLineF(pointPixel(int(i)), pixel).length();
        if (d <= bestDist) {
            best = int(i);
            bestDist = d;
        }
    }
    return best;
}

ChartWidget::Hover EstimateChart::hoverAt(const QPointF &pixel) const
{
    const int i = pointNear(pixel);
    if (i < 0)
        return {};
    const Point &p = m_points[i];
    const double factor = std::max(p.actualRows, 1.0) / std::max(p.planRows, 1.0);
    Hover h;
    h.text = QStringLiteral("%1 · %2\nestimated %3, actual %4 rows per loop (%5)")
                 .arg(p.after ? tr("After") : tr("Before"), describeNode(m_plans[p.after], p.nodeId), Units::count(p.planRows),
                      Units::count(p.actualRows), Units::estimateFactor(factor));
    h.coords = QPointF(std::max(p.planRows, kFloor), std::max(p.actualRows, kFloor));
    return h;
}

void EstimateChart::mousePressEvent(QMouseEvent *event)
{
    m_pressPos = event->position();
    ChartWidget::mousePressEvent(event);
}

void EstimateChart::mouseReleaseEvent(QMouseEvent *event)
{
    ChartWidget::mouseReleaseEvent(event);
    if (event->button() != Qt::LeftButton || QLineF(m_pressPos, event->position()).length() > 3)
        return; // a drag, not a click
    const int i = pointNear(event->position());
    if (i >= 0)
        emit nodeClicked(m_points[i].after, m_points[i].nodeId);
}

} // namespace PlanLens
