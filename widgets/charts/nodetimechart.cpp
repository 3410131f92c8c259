// SPDX-License-Identifier: MIT
#include "nodetimechart.h"
#include "format/units.h"
#include "theme.h"

#include <QFontMetrics>

#include <algorithm>

namespace PlanLens {

namespace {

// "tracks t · Parallel Seq Scan → Bitmap Heap Scan": the object first, so rows of one table line up.
QString rowLabel(const PlanNode &before, const PlanNode &after, const QString &afterDescription)
{
    const QString opB = operatorName(before);
    const QString opA = operatorName(after);
    const QString ops = opB == opA ? opA : opB + QStringLiteral(" → ") + opA;
    if (!after.relationName.isEmpty()) {
        const QString object = after.alias.isEmpty() || after.alias == after.relationName
            ? after.relationName
            : after.relationName + u' ' + after.alias;
        return object + QStringLiteral(" · ") + ops;
    }
    // Other operators: their description says what they work on ("Sort by ...", "Hash Join of ...").
    return afterDescription.startsWith(opA) ? ops + afterDescription.mid(opA.size()) : ops;
}

} // namespace

QColor NodeTimeChart::beforeColour()
{
    return Theme::colour(Theme::Role::ChartBefore);
}

QColor NodeTimeChart::afterColour()
{
    return Theme::colour(Theme::Role::ChartAfter);
}

NodeTimeChart::NodeTimeChart(QWidget *parent)
    : ChartWidget(parent)
{
    // Horizontal bars: rows along the y axis (top row first), milliseconds along x.
    yAxis->setRangeReversed(true);
    yAxis->setTicker(QSharedPointer<QCPAxisTickerText>::create());
    yAxis->setSubTicks(false);
    yAxis->grid()->setVisible(false);
    yAxis->setTickLength(0, 2);
    xAxis->setLabel(tr("Exclusive time (ms)"));
    m_group = new QCPBarsGroup(this);
    m_group->setSpacingType(QCPBarsGroup::stAbsolute);
    m_group->setSpacing(1);
    m_before = new QCPBars(yAxis, xAxis);
    m_after = new QCPBars(yAxis, xAxis);
    const std::pair<QCPBars *, QColor> bars[] = {{m_before, beforeColour()}, {m_after, afterColour()}};
    for (const auto &[b, c] : bars) {
        b->setWidth(0.38);
        b->setBarsGroup(m_group);
        b->setPen(QPen(c.darker(130)));
        b->setBrush(c);
    }
    m_before->setName(tr("Before"));
    m_after->setName(tr("After"));
    legend->setVisible(true);
    applyChartTheme();   // the legend shown here
    axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignBottom | Qt::AlignRight);
    // Zooming rows makes no sense with a handful of them: zoom and pan the time axis only.
    axisRect()->setRangeZoom(Qt::Horizontal);
    axisRect()->setRangeDrag(Qt::Horizontal);
    clear();
}

void NodeTimeChart::clear()
{
    m_rows.clear();
    for (QCPItemText *t : std::as_const(m_valueLabels))
        removeItem(t);
    m_valueLabels.clear();
    m_before->data()->clear();
    m_after->data()->clear();
    setEmptyMessage(tr("No node times to compare: both plans need EXPLAIN ANALYZE with timing"));
    resetView();
}

void NodeTimeChart::setComparison(const Plan &before, const Plan &after, const PlanDiff &diff)
{
    m_rows.clear();
    if (before.hasTiming && after.hasTiming) {
        for (const NodePair &p : diff.matched) {
            const PlanNode &nb = before.nodes[p.beforeId];
            const PlanNode &na = after.nodes[p.afterId];
            if (nb.exclusiveMs <= 0 && na.exclusiveMs <= 0)
                continue;
            const QString label = rowLabel(nb, na, describeNode(after, p.afterId));
            m_rows.append({p.beforeId, p.afterId, label, nb.exclusiveMs, na.exclusiveMs});
        }
        std::stable_sort(m_rows.begin(), m_rows.end(), [](const Row &x, const Row &y) {
            return std::max(x.beforeMs, x.afterMs) > std::max(y.beforeMs, y.afterMs);
        });
        if (m_rows.size() > maxRows())
            m_rows.resize(maxRows());
    }
    m_before->data()->clear();
    m_after->data()->clear();
    auto ticker = qSharedPointerCast<QCPAxisTickerText>(yAxis->ticker());
    ticker->clear();
    const QFontMetrics fm(yAxis->tickLabelFont());
    for (qsizetype i = 0; i < m_rows.size(); ++i) {
        m_before->addData(double(i), m_rows[i].beforeMs);
        m_after->addData(double(i), m_rows[i].afterMs);
        ticker->addTick(double(i), fm.elidedText(m_rows[i].label, Qt::ElideRight, 320));
    }
    // Each bar's time written at its end: a 0.2 ms bar next to a 300 ms one is invisible, its figure is not.
    for (QCPItemText *t : std::as_const(m_valueLabels))
        removeItem(t);
    m_valueLabels.clear();
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    for (qsizetype i = 0; i < m_rows.size(); ++i) {
        for (int side = 0; side < 2; ++side) {
            auto *t = new QCPItemText(this);
            t->position->setAxes(xAxis, yAxis);
            // The group puts the first bar (before) below the key and the second above, half a bar away.
            t->position->setCoords(side == 0 ? m_rows[i].beforeMs : m_rows[i].afterMs, double(i) + (side == 0 ? -0.2 : 0.2));
            t->setPositionAlignment(Qt::AlignLeft | Qt::AlignVCenter);
            t->setPadding(QMargins(4, 0, 0, 0));
            t->setFont(small);
            t->setColor(Theme::colour(Theme::Role::ChartInk));
            t->setText(Units::duration(side == 0 ? m_rows[i].beforeMs : m_rows[i].afterMs));
            t->setSelectable(false);
            m_valueLabels << t;
        }
    }
    setEmptyMessage(m_rows.isEmpty() ? tr("No node times to compare: both plans need EXPLAIN ANALYZE with timing")
                                     : QString());
    resetView();
}

void NodeTimeChart::resetView()
{
    double maxMs = 0;
    for (const Row &r : std::as_const(m_rows))
        maxMs = std::max({maxMs, r.beforeMs, r.afterMs});
    xAxis->setRange(0, maxMs > 0 ? maxMs * 1.15 : 1); // room for the value labels
    yAxis->setRange(-0.6, std::max<double>(m_rows.size(), 1) - 0.4);
    replot();
}

QPointF NodeTimeChart::barCentre(int row, bool after) const
{
    const QCPBars *bars = after ? m_after : m_before;
    if (row < 0 || row >= bars->dataCount())
        return {};
    const QPointF end = bars->dataPixelPosition(row);   // the value end of the bar, at its (grouped) key
    return QPointF((xAxis->coordToPixel(0) + end.x()) / 2, end.y());
}

ChartWidget::Hover NodeTimeChart::hoverAt(const QPointF &pixel) const
{
    for (const QCPBars *bars : {m_before, m_after}) {
        QVariant details;
        if (bars->selectTest(pixel, false, &details) < 0)
            continue;
        const QCPDataSelection sel = details.value<QCPDataSelection>();
        if (sel.isEmpty())
            continue;
        const int i = sel.dataRange().begin();
        if (i < 0 || i >= m_rows.size())
            continue;
        const Row &r = m_rows[i];
        const bool isAfter = bars == m_after;
        const double delta = r.afterMs - r.beforeMs;
        Hover h;
        h.text = QStringLiteral("%1\n%2: %3\nBefore %4 → after %5 (%6)")
                     .arg(r.label, isAfter ? tr("After") : tr("Before"),
                          Units::duration(isAfter ? r.afterMs : r.beforeMs), Units::duration(r.beforeMs),
                          Units::duration(r.afterMs), Units::signedDuration(delta));
        h.coords = QPointF(isAfter ? r.afterMs : r.beforeMs, bars->dataMainKey(i));
        h.hAxis = xAxis;
        h.vAxis = yAxis;
        // The tracer sits on the bar's end, at the bar's own (grouped) key.
        const QPointF end = bars->dataPixelPosition(i);
        h.coords.setY(yAxis->pixelToCoord(end.y()));
        return h;
    }
    return {};
}

} // namespace PlanLens
