// SPDX-License-Identifier: MIT
#pragma once

#include "chartwidget.h"
#include "compare/plandiff.h"

namespace PlanLens {

// Exclusive (self) time of the matched nodes, before and after, as grouped horizontal bars: one row per
// matched pair (the heaviest first, at most maxRows()), labelled with the node's name. The change of one node
// reads at a glance, and the time that moved from one node to another shows as two rows.
class NodeTimeChart : public ChartWidget
{
    Q_OBJECT
public:
    explicit NodeTimeChart(QWidget *parent = nullptr);

    void setComparison(const Plan &before, const Plan &after, const PlanDiff &diff);
    void clear();

    struct Row {
        int beforeId = -1;
        int afterId = -1;
        QString label;
        double beforeMs = 0;
        double afterMs = 0;
    };
    // The rows shown, top to bottom.
    const QList<Row> &rows() const { return m_rows; }
    static constexpr int maxRows() { return 15; }
    // Bar centre of a row/side in widget pixels (tests hover it).
    QPointF barCentre(int row, bool after) const;

    Hover hoverAt(const QPointF &pixel) const override;
    bool hasData() const override { return !m_rows.isEmpty(); }
    void resetView() override;

    static QColor beforeColour();
    static QColor afterColour();

private:
    QList<Row> m_rows;
    QCPBars *m_before = nullptr;
    QCPBars *m_after = nullptr;
    QCPBarsGroup *m_group = nullptr;
    QList<QCPItemText *> m_valueLabels;
};

} // namespace PlanLens
