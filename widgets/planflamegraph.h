// SPDX-License-Identifier: MIT
#pragma once

#include "planmetric.h"

#include <QList>
#include <QRectF>
#include <QWidget>

namespace PlanLens {

// The plan as an icicle of exclusive time: the root on top, each node's children in the row below it, every bar
// as wide as its subtree's time. A bar's own (exclusive) time is the part of it that no child covers, so the widest
// uncovered stretches are where the time went. The subtree time is the sum of the exclusive times under the node
// (not the printed inclusive time): exclusive times are already corrected for loops, workers and subplans, so the
// children always fit inside their parent and the bars add up to the plan's time. Without timing (no ANALYZE or
// TIMING OFF) the widths are exclusive cost instead, and the caption says so.
//
// Nodes whose subtree took no time (never executed, or under the 0.001 ms EXPLAIN prints) get no bar: a sliver
// would suggest time that was not spent, and the graph and the operations grid still list them. Bars narrower than
// half a pixel are neither laid out nor painted (their subtrees are skipped whole), so 20k-node plans paint fast.
//
// Colour is the plan's current metric (the same scale as the graph). Click selects (nodeSelected); a click on the
// selected bar or a double-click zooms into its subtree; zoomOut() / Esc / Backspace go back one step.
class PlanFlameGraph : public QWidget
{
    Q_OBJECT
public:
    explicit PlanFlameGraph(QWidget *parent = nullptr);

    void setPlan(const Plan &plan, const PlanColorScale &scale);
    const Plan &plan() const { return m_plan; }
    void setColorScale(const PlanColorScale &scale);
    const PlanColorScale &colorScale() const { return m_scale; }
    bool usesCost() const { return m_useCost; }   // widths are exclusive cost (the plan has no timing)

    int selectedNode() const { return m_selected; }
    int zoomRoot() const { return m_zoomRoot; }   // the node spanning the full width (0: the whole plan)
    QList<int> zoomPath() const;                  // plan root .. zoomRoot()
    bool canZoomOut() const { return m_zoomRoot > 0; }

    // Where a node's bar is, in widget coordinates; null when it has no bar (no time, too narrow, outside the
    // zoomed subtree).
    QRectF barRect(int id) const;
    int nodeAt(const QPointF &pos) const;         // -1 between bars
    double weight(int id) const;                  // the bar's own figure: exclusive time (or cost) in its unit
    double subtreeWeight(int id) const;           // its width's figure

    static constexpr int kRowHeight = 22;
    static constexpr int kTopMargin = 2;
    // A bar narrower than this is not drawn (nor any of its descendants).
    static constexpr double kMinBarWidth = 0.5;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

public slots:
    void selectNode(int id);    // emits nodeSelected when it changes; zooms out when the node is outside the zoom
    void zoomTo(int id);        // that subtree fills the width; emits zoomChanged
    void zoomOut();             // one step towards the whole plan
    void resetZoom();

signals:
    void nodeSelected(int id);
    void zoomChanged(int rootId);
    void nodeHovered(int id);   // -1 when the mouse left the bars

protected:
    bool event(QEvent *event) override;
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void leaveEvent(QEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;

private:
    // Read-only access: a non-const m_plan.nodes[i] would detach the list shared with the caller (a deep copy
    // of every node).
    const QList<PlanNode> &nodes() const { return m_plan.nodes; }
    void relayout();
    bool inZoom(int id) const;
    int countRows() const;     // rows from the zoom root down to its deepest bar

    Plan m_plan;
    PlanColorScale m_scale;
    bool m_useCost = false;
    QList<double> m_subtree;    // per node: weight of the node and everything under it
    QList<int> m_end;           // per node: one past the last id of its subtree (nodes are in pre-order)
    QList<int> m_depth;         // per node: rows below the plan root
    QList<QRectF> m_rects;      // per node: its bar, null when none
    int m_rows = 0;             // countRows() of the current zoom (size hints ask often)
    int m_zoomRoot = 0;
    int m_selected = -1;
    int m_hovered = -1;
};

} // namespace PlanLens
