// SPDX-License-Identifier: MIT
#include "planmetric.h"
#include "format/units.h"

#include <algorithm>
#include <cmath>

namespace PlanLens {

namespace {

struct Stop {
    double at;
    QRgb rgb;
};

// Warm sequential ramp (off-white → amber → orange → deep red), readable with dark text up to about 0.6.
constexpr Stop kSequential[] = {
    {0.00, 0xfff7f3ea}, {0.18, 0xfffbe3a7}, {0.42, 0xfff8b063}, {0.68, 0xffec6a3d}, {1.00, 0xffb3162c},
};
// Diverging ramp for estimate error: over-estimates (÷N) blue, good estimates neutral, under-estimates (×N) red.
constexpr Stop kDiverging[] = {
    {-1.00, 0xff2166ac}, {-0.50, 0xff8fc1de}, {0.00, 0xfff4f3ef}, {0.50, 0xfff4a582}, {1.00, 0xffb2182b},
};

template<size_t N>
QColor ramp(const Stop (&stops)[N], double t)
{
    t = std::clamp(t, stops[0].at, stops[N - 1].at);
    for (size_t i = 1; i < N; ++i) {
        if (t <= stops[i].at) {
            const double f = (t - stops[i - 1].at) / (stops[i].at - stops[i - 1].at);
            const QRgb a = stops[i - 1].rgb, b = stops[i].rgb;
            auto mix = [f](int x, int y) { return int(std::lround(x + (y - x) * f)); };
            return QColor(mix(qRed(a), qRed(b)), mix(qGreen(a), qGreen(b)), mix(qBlue(a), qBlue(b)));
        }
    }
    return QColor::fromRgb(stops[N - 1].rgb);
}

// log10 of the estimate factor mapped to -1..1: a thousand times off either way is the end of the scale.
constexpr double kEstimateDecades = 3.0;

bool planHas(const Plan &plan, PlanMetric m)
{
    switch (m) {
    case PlanMetric::ExclusiveTime: return plan.hasAnalyze && plan.hasTiming;
    case PlanMetric::EstimateError: return plan.hasAnalyze;
    case PlanMetric::Buffers: return plan.hasBuffers;
    case PlanMetric::Cost: return plan.hasCosts;
    case PlanMetric::Rows: return true;   // actual rows with ANALYZE, planned rows without
    }
    return false;
}

} // namespace

QList<PlanMetric> allPlanMetrics()
{
    return {PlanMetric::ExclusiveTime, PlanMetric::Cost, PlanMetric::Buffers, PlanMetric::Rows,
            PlanMetric::EstimateError};
}

QString planMetricName(PlanMetric m)
{
    switch (m) {
    case PlanMetric::ExclusiveTime: return QStringLiteral("Exclusive time");
    case PlanMetric::Cost: return QStringLiteral("Exclusive cost");
    case PlanMetric::Buffers: return QStringLiteral("Exclusive buffers");
    case PlanMetric::Rows: return QStringLiteral("Rows");
    case PlanMetric::EstimateError: return QStringLiteral("Row estimate error");
    }
    return {};
}

QString planMetricKey(PlanMetric m)
{
    switch (m) {
    case PlanMetric::ExclusiveTime: return QStringLiteral("exclusive-time");
    case PlanMetric::Cost: return QStringLiteral("cost");
    case PlanMetric::Buffers: return QStringLiteral("buffers");
    case PlanMetric::Rows: return QStringLiteral("rows");
    case PlanMetric::EstimateError: return QStringLiteral("estimate");
    }
    return {};
}

std::optional<PlanMetric> planMetricFromKey(QStringView key)
{
    for (PlanMetric m : allPlanMetrics())
        if (key.compare(planMetricKey(m), Qt::CaseInsensitive) == 0)
            return m;
    if (key.compare(u"time", Qt::CaseInsensitive) == 0)
        return PlanMetric::ExclusiveTime;
    return std::nullopt;
}

PlanColorScale::PlanColorScale(const Plan &plan, PlanMetric requested)
    : m_requested(requested)
    , m_metric(requested)
{
    if (!planHas(plan, m_metric))
        m_metric = plan.hasCosts ? PlanMetric::Cost : PlanMetric::Rows;
    for (const PlanNode &n : plan.nodes) {
        if (const auto v = value(n))
            m_max = std::max(m_max, isDiverging() ? std::abs(std::log10(*v)) : *v);
    }
}

std::optional<double> PlanColorScale::value(const PlanNode &n) const
{
    switch (m_metric) {
    case PlanMetric::ExclusiveTime:
        if (n.neverExecuted)
            return std::nullopt;
        return n.exclusiveMs;
    case PlanMetric::Cost: return n.exclusiveCost;
    case PlanMetric::Buffers:
        if (n.neverExecuted)
            return std::nullopt;
        return double(n.exclusiveBuffers.total());
    case PlanMetric::Rows:
        if (n.neverExecuted)
            return std::nullopt;
        if (n.actualRows)
            return n.totalActualRows();
        if (n.planRows)
            return *n.planRows;
        return std::nullopt;
    case PlanMetric::EstimateError:
        if (n.neverExecuted || !n.estimateFactor || !(*n.estimateFactor > 0) || !std::isfinite(*n.estimateFactor))
            return std::nullopt;
        return *n.estimateFactor;
    }
    return std::nullopt;
}

// Amounts use a square-root scale (so the second and third hot spots still show next to a dominant one), rows a
// log scale (they span decades), the estimate error log10 of the factor.
double PlanColorScale::position(double v) const
{
    switch (m_metric) {
    case PlanMetric::EstimateError:
        return std::clamp(std::log10(std::max(v, 1e-12)) / kEstimateDecades, -1.0, 1.0);
    case PlanMetric::Rows:
        return m_max > 0 ? std::clamp(std::log10(1 + std::max(v, 0.0)) / std::log10(1 + m_max), 0.0, 1.0) : 0.0;
    default:
        return m_max > 0 ? std::clamp(std::sqrt(std::max(v, 0.0) / m_max), 0.0, 1.0) : 0.0;
    }
}

double PlanColorScale::valueAt(double p) const
{
    switch (m_metric) {
    case PlanMetric::EstimateError: return std::pow(10.0, p * kEstimateDecades);
    case PlanMetric::Rows: return std::pow(1 + m_max, p) - 1;
    default: return p * p * m_max;
    }
}

QColor PlanColorScale::colour(const PlanNode &n) const
{
    if (n.neverExecuted)
        return neverExecutedFill();
    const auto v = value(n);
    if (!v)
        return noDataFill();
    return colourAt(position(*v));
}

QColor PlanColorScale::colourAt(double p) const
{
    return isDiverging() ? ramp(kDiverging, p) : ramp(kSequential, p);
}

QString PlanColorScale::formatValue(double v) const
{
    switch (m_metric) {
    case PlanMetric::ExclusiveTime: return Units::duration(v);
    case PlanMetric::Cost: return Units::count(v);
    case PlanMetric::Buffers: return Units::blocks(v);
    case PlanMetric::Rows: return Units::compactCount(v);
    case PlanMetric::EstimateError: return Units::estimateFactor(v);
    }
    return {};
}

QString PlanColorScale::caption() const
{
    QString s = planMetricName(m_metric);
    if (isDiverging())
        s += QStringLiteral(" (actual ÷ estimated rows)");
    if (isFallback())
        s += QStringLiteral(" — %1 is not in this plan").arg(planMetricName(m_requested).toLower());
    return s;
}

bool PlanColorScale::isMisestimate(const PlanNode &n)
{
    if (n.neverExecuted || !n.estimateFactor || !(*n.estimateFactor > 0))
        return false;
    return *n.estimateFactor >= 10.0 || *n.estimateFactor <= 0.1;
}

QColor PlanColorScale::neverExecutedFill() { return QColor(0xe4, 0xe5, 0xe8); }
QColor PlanColorScale::neverExecutedText() { return QColor(0x8a, 0x8f, 0x98); }
QColor PlanColorScale::noDataFill() { return QColor(0xf1, 0xf2, 0xf4); }
QColor PlanColorScale::hotColour() { return QColor::fromRgb(kSequential[std::size(kSequential) - 1].rgb); }

QColor PlanColorScale::textOn(const QColor &fill)
{
    // Relative luminance (sRGB approximation) against a fixed threshold chosen for the two ramps above.
    const double l = 0.2126 * fill.redF() + 0.7152 * fill.greenF() + 0.0722 * fill.blueF();
    return l < 0.55 ? QColor(Qt::white) : QColor(0x1f, 0x23, 0x2b);
}

} // namespace PlanLens
