// SPDX-License-Identifier: MIT
#pragma once

#include "plan/plan.h"

#include <QColor>

#include <QList>
#include <QString>

#include <algorithm>
#include <optional>

namespace PlanLens {

// What the plan graph and the text view colour nodes by.
enum class PlanMetric { ExclusiveTime, Cost, Buffers, Rows, EstimateError };

QList<PlanMetric> allPlanMetrics();
QString planMetricName(PlanMetric m);                 // "Exclusive time", for menus and the legend
QString planMetricKey(PlanMetric m);                  // "exclusive-time", for the CLI and settings
std::optional<PlanMetric> planMetricFromKey(QStringView key);

// The colour scale of one metric over one plan: sequential (pale → hot) for amounts, diverging (blue ← neutral →
// red) for the row-estimate error. A metric the plan does not carry (no ANALYZE, no BUFFERS) falls back to cost,
// which every plan has. Cheap to copy; safe to build off the GUI thread. The colours are the current theme's
// (Theme::heatAt): a card coloured under one theme is recoloured when the palette changes.
class PlanColorScale
{
public:
    PlanColorScale() = default;
    PlanColorScale(const Plan &plan, PlanMetric requested);

    PlanMetric requested() const { return m_requested; }
    PlanMetric metric() const { return m_metric; }   // what is actually shown
    bool isFallback() const { return m_metric != m_requested; }
    bool isDiverging() const { return m_metric == PlanMetric::EstimateError; }
    double maxValue() const { return m_max; }
    // Colours against a larger maximum (e.g. the largest of two compared plans); never narrows the scale.
    void widenTo(double max) { m_max = std::max(m_max, max); }

    // The node's raw figure for the metric; nullopt when the node has none (never executed, ...).
    std::optional<double> value(const PlanNode &node) const;
    // Where a figure sits on the scale: 0..1 (sequential) or -1..1 (diverging).
    double position(double value) const;
    // The inverse: the figure at a scale position (for legend ticks).
    double valueAt(double position) const;
    QColor colour(const PlanNode &node) const;       // card fill
    QColor colourAt(double position) const;
    QString formatValue(double value) const;          // "912 ms", "1.2k blocks", "×12"
    QString caption() const;                          // "Exclusive time (ms)"; says when it fell back

    // Row estimate off by ten times or more, either way.
    static bool isMisestimate(const PlanNode &node);

    static QColor neverExecutedFill();
    static QColor neverExecutedText();
    static QColor noDataFill();
    static QColor hotColour();                        // colourAt(1) of the sequential scale
    static QColor textOn(const QColor &fill);         // black or white, whichever reads better

private:
    PlanMetric m_requested = PlanMetric::ExclusiveTime;
    PlanMetric m_metric = PlanMetric::ExclusiveTime;
    double m_max = 0;
};

} // namespace PlanLens
