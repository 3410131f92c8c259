// SPDX-License-Identifier: MIT
#include "planmetric.h"
#include "format/units.h"
#include "theme.h"

#include <algorithm>
#include <cmath>

namespace PlanLens {

namespace {

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
    return Theme::heatAt(p, isDiverging());   // the current theme's ramp
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

QColor PlanColorScale::neverExecutedFill() { return Theme::colour(Theme::Role::NeverExecutedFill); }
QColor PlanColorScale::neverExecutedText() { return Theme::colour(Theme::Role::NeverExecutedText); }
QColor PlanColorScale::noDataFill() { return Theme::colour(Theme::Role::NoDataFill); }
QColor PlanColorScale::hotColour() { return Theme::heatAt(1, false); }
QColor PlanColorScale::textOn(const QColor &fill) { return Theme::textOn(fill); }

} // namespace PlanLens
