// SPDX-License-Identifier: MIT
#include "runtimechart.h"
#include "compare/plandiff.h"
#include "nodetimechart.h"
#include "format/units.h"

#include <algorithm>
#include <cmath>

namespace PlanLens {

namespace {

double quantile(const QList<double> &sorted, double q)
{
    if (sorted.isEmpty())
        return 0;
    const double pos = q * double(sorted.size() - 1);
    const qsizetype lo = qsizetype(std::floor(pos));
    const qsizetype hi = std::min(lo + 1, sorted.size() - 1);
    return sorted[lo] + (pos - double(lo)) * (sorted[hi] - sorted[lo]);
}

} // namespace

RunTimeChart::Summary RunTimeChart::summarize(QList<double> values)
{
    Summary s;
    values.removeIf([](double v) { return !std::isfinite(v); });
    if (values.isEmpty())
        return s;
    std::sort(values.begin(), values.end());
    s.count = int(values.size());
    s.min = values.front();
    s.max = values.back();
    s.lowerQuartile = quantile(values, 0.25);
    s.median = quantile(values, 0.5);
    s.upperQuartile = quantile(values, 0.75);
    const double iqr = s.upperQuartile - s.lowerQuartile;
    const double lowFence = s.lowerQuartile - 1.5 * iqr;
    const double highFence = s.upperQuartile + 1.5 * iqr;
    s.lowerWhisker = s.upperQuartile;
    s.upperWhisker = s.lowerQuartile;
    for (double v : std::as_const(values)) {
        if (v < lowFence || v > highFence) {
            s.outliers << v;
            continue;
        }
        s.lowerWhisker = std::min(s.lowerWhisker, v);
        s.upperWhisker = std::max(s.upperWhisker, v);
    }
    return s;
}

RunTimeChart::RunTimeChart(QWidget *parent)
    : ChartWidget(parent)
{
    plotLayout()->insertRow(0);
    m_title = new QCPTextElement(this, QString(), QFont(font().family(), font().pointSize(), QFont::DemiBold));
    plotLayout()->addElement(0, 0, m_title);
    yAxis->setLabel(tr("Run time (ms)"));
    xAxis->setTicker(QSharedPointer<QCPAxisTickerText>::create());
    xAxis->setSubTicks(false);
    xAxis->grid()->setVisible(false);
    const QColor colours[2] = {NodeTimeChart::beforeColour(), NodeTimeChart::afterColour()};
    for (int side = 0; side < 2; ++side) {
        m_box[side] = new QCPStatisticalBox(xAxis, yAxis);
        m_box[side]->setWidth(0.32);
        m_box[side]->setBrush(QColor(colours[side].red(), colours[side].green(), colours[side].blue(), 90));
        m_box[side]->setPen(QPen(colours[side].darker(140), 1.2));
        m_box[side]->setMedianPen(QPen(colours[side].darker(170), 2.5));
        m_box[side]->setOutlierStyle(QCPScatterStyle(QCPScatterStyle::ssCross, colours[side].darker(150), 6));
        m_dots[side] = addGraph();
        m_dots[side]->setLineStyle(QCPGraph::lsNone);
        m_dots[side]->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, colours[side].darker(110), 5));
    }
    // Two boxes side by side: pan and zoom the time axis only.
    axisRect()->setRangeZoom(Qt::Vertical);
    axisRect()->setRangeDrag(Qt::Vertical);
    applyChartTheme();   // the title added here
    clear();
}

void RunTimeChart::clear()
{
    setRunTimes({}, {});
}

double RunTimeChart::dotKey(int side, int run) const
{
    // Dots in a narrow strip right of the box, spread over a few columns so equal times stay visible.
    return 1.0 + side + 0.26 + 0.035 * double(run % 4);
}

void RunTimeChart::setRunTimes(const QList<double> &beforeMs, const QList<double> &afterMs)
{
    m_runs[0] = beforeMs;
    m_runs[1] = afterMs;
    auto ticker = qSharedPointerCast<QCPAxisTickerText>(xAxis->ticker());
    ticker->clear();
    const QString names[2] = {tr("Before"), tr("After")};
    for (int side = 0; side < 2; ++side) {
        m_summary[side] = summarize(m_runs[side]);
        const Summary &s = m_summary[side];
        m_box[side]->data()->clear();
        m_dots[side]->data()->clear();
        if (s.count > 0) {
            m_box[side]->addData(1.0 + side, s.lowerWhisker, s.lowerQuartile, s.median, s.upperQuartile,
                                 s.upperWhisker, QVector<double>(s.outliers.cbegin(), s.outliers.cend()));
            for (qsizetype i = 0; i < m_runs[side].size(); ++i)
                m_dots[side]->addData(dotKey(side, int(i)), m_runs[side][i]);
        }
        ticker->addTick(1.0 + side, s.count > 0 ? QStringLiteral("%1\n%2 runs, median %3")
                                                        .arg(names[side])
                                                        .arg(s.count)
                                                        .arg(Units::duration(s.median))
                                                  : names[side] + QStringLiteral("\nno runs"));
    }
    m_title->setText(title());
    const bool log = isLogScale();
    yAxis->setScaleType(log ? QCPAxis::stLogarithmic : QCPAxis::stLinear);
    if (log)
        yAxis->setTicker(QSharedPointer<QCPAxisTickerLog>::create());
    else
        yAxis->setTicker(QSharedPointer<QCPAxisTicker>::create());
    setEmptyMessage(hasData() ? QString() : tr("No repeated runs: run the pair with several runs to see their spread"));
    resetView();
}

QString RunTimeChart::title() const
{
    const Summary &b = m_summary[0];
    const Summary &a = m_summary[1];
    if (b.count == 0 || a.count == 0)
        return tr("Run times");
    QString s = tr("Median %1 → %2").arg(Units::duration(b.median), Units::duration(a.median));
    if (a.median > 0)
        s += QStringLiteral(" (%1)").arg(Units::speedup(b.median / a.median));
    s += b.count == a.count ? tr(", %1 runs each").arg(b.count) : tr(", %1 and %2 runs").arg(b.count).arg(a.count);
    return s;
}

bool RunTimeChart::isLogScale() const
{
    double lo = 0;
    double hi = 0;
    for (const QList<double> &runs : m_runs)
        for (double v : runs) {
            if (v <= 0)
                return false; // log cannot show zero
            lo = lo == 0 ? v : std::min(lo, v);
            hi = std::max(hi, v);
        }
    return lo > 0 && hi / lo > 20;
}

void RunTimeChart::resetView()
{
    xAxis->setRange(0.4, 2.75);
    double lo = 0;
    double hi = 0;
    bool any = false;
    for (const QList<double> &runs : m_runs)
        for (double v : runs) {
            lo = any ? std::min(lo, v) : v;
            hi = any ? std::max(hi, v) : v;
            any = true;
        }
    if (!any)
        yAxis->setRange(0, 1);
    else if (isLogScale())
        yAxis->setRange(lo / 1.6, hi * 1.6);
    else
        yAxis->setRange(0, hi > 0 ? hi * 1.1 : 1);
    replot();
}

QPointF RunTimeChart::runPixel(bool after, int run) const
{
    const int side = after ? 1 : 0;
    if (run < 0 || run >= m_runs[side].size())
        return {};
    return {xAxis->coordToPixel(dotKey(side, run)), yAxis->coordToPixel(m_runs[side][run])};
}

ChartWidget::Hover RunTimeChart::hoverAt(const QPointF &pixel) const
{
    const QString names[2] = {tr("Before"), tr("After")};
    int bestSide = -1;
    int bestRun = -1;
    double bestDist = kHoverRadius;
    for (int side = 0; side < 2; ++side)
        for (qsizetype i = 0; i < m_runs[side].size(); ++i) {
            const double d = QLineF(runPixel(side == 1, int(i)), pixel).length();
            if (d <= bestDist) {
                bestDist = d;
                bestSide = side;
                bestRun = int(i);
            }
        }
    Hover h;
    if (bestSide >= 0) {
        h.text = tr("%1, run %2 of %3: %4")
                     .arg(names[bestSide])
                     .arg(bestRun + 1)
                     .arg(m_runs[bestSide].size())
                     .arg(Units::duration(m_runs[bestSide][bestRun]));
        h.coords = QPointF(dotKey(bestSide, bestRun), m_runs[bestSide][bestRun]);
        return h;
    }
    // Over a box: its summary.
    const double key = xAxis->pixelToCoord(pixel.x());
    const double value = yAxis->pixelToCoord(pixel.y());
    for (int side = 0; side < 2; ++side) {
        const Summary &s = m_summary[side];
        if (s.count == 0 || std::abs(key - (1.0 + side)) > 0.16 || value < s.lowerWhisker || value > s.upperWhisker)
            continue;
        h.text = tr("%1: %2 runs\nmedian %3, quartiles %4 – %5\nmin %6, max %7")
                     .arg(names[side])
                     .arg(s.count)
                     .arg(Units::duration(s.median), Units::duration(s.lowerQuartile),
                          Units::duration(s.upperQuartile), Units::duration(s.min), Units::duration(s.max));
        h.coords = QPointF(1.0 + side, s.median);
        return h;
    }
    return h;
}

} // namespace PlanLens
