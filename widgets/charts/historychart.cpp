// SPDX-License-Identifier: MIT
#include "historychart.h"

#include "format/units.h"
#include "theme.h"

#include <QFontMetrics>
#include <QMouseEvent>
#include <QResizeEvent>

#include <algorithm>
#include <cmath>

namespace PlanLens {

namespace {

std::pair<double, double> timedRange(const QList<HistoryChart::Point> &points)
{
    double lo = 0, hi = 0;
    bool any = false;
    for (const HistoryChart::Point &p : points) {
        if (!p.medianMs || !std::isfinite(*p.medianMs))
            continue;
        lo = any ? std::min(lo, *p.medianMs) : *p.medianMs;
        hi = any ? std::max(hi, *p.medianMs) : *p.medianMs;
        any = true;
    }
    return {lo, hi};
}

} // namespace

HistoryChart::HistoryChart(QWidget *parent)
    : ChartWidget(parent)
{
    setMinimumSize(240, 120);
    yAxis->setLabel(tr("Median (ms)"));
    xAxis->setTicker(QSharedPointer<QCPAxisTickerText>::create());
    xAxis->setSubTicks(false);
    xAxis->grid()->setVisible(false);
    m_trend = addGraph();
    m_trend->setLineStyle(QCPGraph::lsLine);
    for (int side = 0; side < 2; ++side) {
        m_side[side] = addGraph();
        m_side[side]->setLineStyle(QCPGraph::lsNone);
    }
    m_rings = addGraph();
    m_rings->setLineStyle(QCPGraph::lsNone);
    // Versions side by side: pan and zoom the time axis only.
    axisRect()->setRangeZoom(Qt::Vertical);
    axisRect()->setRangeDrag(Qt::Vertical);
    applySeriesColours();
    setPoints({});
}

void HistoryChart::applySeriesColours()
{
    const QColor colours[2] = {Theme::colour(Theme::Role::ChartBefore), Theme::colour(Theme::Role::ChartAfter)};
    m_trend->setPen(QPen(Theme::colour(Theme::Role::ChartMuted), 1.2));
    for (int side = 0; side < 2; ++side)
        m_side[side]->setScatterStyle(
            QCPScatterStyle(QCPScatterStyle::ssDisc, colours[side].darker(115), colours[side], 10));
    m_rings->setScatterStyle(
        QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(Theme::colour(Theme::Role::ChartTracer), 2), Qt::NoBrush, 18));
}

void HistoryChart::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange)
        applySeriesColours();
    ChartWidget::changeEvent(event);   // the axes, texts and the replot
}

bool HistoryChart::hasData() const
{
    return std::any_of(m_points.cbegin(), m_points.cend(), [](const Point &p) { return p.medianMs.has_value(); });
}

bool HistoryChart::isLogScale() const
{
    const auto [lo, hi] = timedRange(m_points);
    return lo > 0 && hi / lo > 100;
}

void HistoryChart::setPoints(const QList<Point> &points)
{
    m_points = points;
    m_highlighted.removeIf([this](int i) { return i < 0 || i >= m_points.size(); });
    for (QCPItemText *t : std::as_const(m_values))
        removeItem(t);
    m_values.clear();
    m_trend->data()->clear();
    for (QCPGraph *g : m_side)
        g->data()->clear();
    updateTicks();
    for (qsizetype i = 0; i < m_points.size(); ++i) {
        const Point &p = m_points[i];
        const double key = double(i + 1);
        if (!p.medianMs)
            continue;
        m_trend->addData(key, *p.medianMs);
        m_side[p.afterSide ? 1 : 0]->addData(key, *p.medianMs);
        auto *value = new QCPItemText(this);
        value->position->setCoords(key, *p.medianMs);
        value->setPositionAlignment(Qt::AlignHCenter | Qt::AlignBottom);
        value->setPadding(QMargins(0, 0, 0, 8));
        value->setText(Units::duration(*p.medianMs));
        value->setClipToAxisRect(false);
        m_values << value;
    }
    const bool log = isLogScale();
    yAxis->setScaleType(log ? QCPAxis::stLogarithmic : QCPAxis::stLinear);
    if (log)
        yAxis->setTicker(QSharedPointer<QCPAxisTickerLog>::create());
    else
        yAxis->setTicker(QSharedPointer<QCPAxisTicker>::create());
    applyChartTheme();   // the value labels added here
    setEmptyMessage(hasData() ? QString() : tr("No timed versions yet: run the pair to start the history"));
    setHighlighted(m_highlighted);
    resetView();
}

void HistoryChart::updateTicks()
{
    auto ticker = qSharedPointerCast<QCPAxisTickerText>(xAxis->ticker());
    ticker->clear();
    const QFontMetrics fm(xAxis->tickLabelFont());
    // Each version gets the width the axis has for it; long labels are cut there (the tool tip has them whole).
    const int axisWidth = width() - 90;   // the axis rect's width is laid out at the next replot: the y axis' margin
    const int slot = std::max(48, int(axisWidth / std::max<qsizetype>(1, m_points.size())) - 8);
    for (qsizetype i = 0; i < m_points.size(); ++i)
        ticker->addTick(double(i + 1),
                        QStringLiteral("%1\n%2").arg(i + 1).arg(fm.elidedText(m_points[i].label, Qt::ElideRight, slot)));
}

void HistoryChart::resizeEvent(QResizeEvent *event)
{
    ChartWidget::resizeEvent(event);
    updateTicks();
    replot(QCustomPlot::rpQueuedReplot);
}

void HistoryChart::setHighlighted(const QList<int> &indexes)
{
    m_highlighted = indexes;
    m_rings->data()->clear();
    for (int i : indexes)
        if (i >= 0 && i < m_points.size() && m_points[i].medianMs)
            m_rings->addData(double(i + 1), *m_points[i].medianMs);
    replot(QCustomPlot::rpQueuedReplot);
}

void HistoryChart::resetView()
{
    xAxis->setRange(0.4, double(std::max<qsizetype>(1, m_points.size())) + 0.6);
    const auto [lo, hi] = timedRange(m_points);
    if (!hasData())
        yAxis->setRange(0, 1);
    else if (isLogScale())
        yAxis->setRange(lo / 2.5, hi * 4);   // room above the top point for its label
    else
        yAxis->setRange(0, hi > 0 ? hi * 1.3 : 1);
    replot();
}

QPointF HistoryChart::pointPixel(int index) const
{
    if (index < 0 || index >= m_points.size() || !m_points[index].medianMs)
        return {};
    return {xAxis->coordToPixel(double(index + 1)), yAxis->coordToPixel(*m_points[index].medianMs)};
}

ChartWidget::Hover HistoryChart::hoverAt(const QPointF &pixel) const
{
    int best = -1;
    double bestDist = kHoverRadius;
    for (qsizetype i = 0; i < m_points.size(); ++i) {
        if (!m_points[i].medianMs)
            continue;
        const double d = QLineF(pointPixel(int(i)), pixel).length();
        if (d <= bestDist) {
            bestDist = d;
            best = int(i);
        }
    }
    if (best < 0)
        return {};
    const Point &p = m_points[best];
    return {tr("%1. %2: median %3").arg(best + 1).arg(p.label, Units::duration(*p.medianMs)),
            QPointF(double(best + 1), *p.medianMs)};
}

void HistoryChart::mousePressEvent(QMouseEvent *event)
{
    ChartWidget::mousePressEvent(event);
    if (event->button() != Qt::LeftButton)
        return;
    const Hover h = hoverAt(event->position());
    if (!h.text.isEmpty())
        emit pointClicked(int(std::lround(h.coords.x())) - 1);
}

} // namespace PlanLens
