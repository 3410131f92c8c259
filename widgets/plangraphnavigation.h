// SPDX-License-Identifier: MIT
#pragma once

#include "layout/treelayout.h"
#include "plan/plan.h"

#include <QList>
#include <QPointF>
#include <QRectF>
#include <QSizeF>

// Where the graph view goes, as pure functions of the layout and the viewport (PlanGraphView applies them): the
// zoom and centre of a fit, and the node an arrow key moves the selection to.
namespace PlanLens::GraphNavigation {

struct Fit {
    qreal scale = 1;
    QPointF centre;     // scene point at the viewport's centre
};

// The whole graph (bounds with margin) in the viewport, never enlarged past 1:1; a graph shorter than the
// viewport at 1:1 starts at its top.
Fit fitWhole(const QRectF &bounds, const QSizeF &viewport);

// For reading: whole when that is at card detail (cardLod or more); else the breadth fitted as far as card detail
// allows, the root at the start of the depth axis, zoomed out (never below cardLod) until the path from the root
// to the hottest node (hotPath: its cards' rects, root first) is whole, and that path centred across. A graph that
// would fit below boxLod opens at 0.75 on the hottest card.
Fit fitReadable(const QRectF &bounds, const QSizeF &viewport, LayoutDirection direction,
                const QList<QRectF> &hotPath, qreal cardLod, qreal boxLod);

// The node an arrow key moves to from `selected`: the parent, the first child, or the previous/next sibling,
// along the layout direction. -1 when there is none.
int neighbour(const Plan &plan, int selected, int key, LayoutDirection direction);

// Find: the nodes whose type, relation, alias, index, CTE/subplan name or condition contain the text, in plan
// order, and which of them is current.
struct Matches {
    QString text;
    QList<int> hits;
    int current = -1;

    // Starts at `from` when it matches, else at the first match after it (in plan order), else at the first.
    void find(const Plan &plan, const QString &text, int from);
    int step(int delta);   // the next (1) or previous (-1) match, cycling; -1 without matches
    void clear() { hits.clear(); current = -1; }
};

} // namespace PlanLens::GraphNavigation
