// SPDX-License-Identifier: MIT
#pragma once

#include "plan/plan.h"

#include <QList>
#include <QRectF>
#include <QSizeF>

namespace PlanLens {

// Where children go relative to their parent.
enum class LayoutDirection { TopDown, LeftRight };

struct LayoutOptions {
    LayoutDirection direction = LayoutDirection::TopDown;
    QSizeF nodeSize{240, 92};      // every node, unless nodeSizes names its own
    QList<QSizeF> nodeSizes;       // optional, indexed by node id (empty = nodeSize for all)
    qreal siblingGap = 24;         // between neighbours with the same parent (across the breadth axis)
    qreal subtreeGap = 44;         // between neighbours of different parents
    qreal levelGap = 64;           // between one depth level and the next
    QList<bool> collapsed;         // optional, indexed by node id: true hides everything below that node
};

// What the layout did, for tests that check the amount of work (not the time) it takes.
struct LayoutStats {
    qint64 nodeVisits = 0;         // nodes touched by the passes (each pass counts once per node)
    qint64 contourSteps = 0;       // steps along subtree contours while separating neighbours
    qint64 work() const { return nodeVisits + contourSteps; }
};

// A tidy tree (Reingold-Tilford as made linear by Walker and Buchheim-Jünger-Leipert, with per-node sizes):
// no two boxes overlap, children keep their order, each parent is centred over its first and last child, and
// a subtree is drawn the same wherever it occurs. Runs in time linear in the number of nodes, without recursion
// (plans can be chains tens of thousands deep). Returns one rectangle per node id; the bounding box starts at
// (0,0). Nodes hidden under a collapsed ancestor get a null QRectF.
QList<QRectF> layoutTree(const Plan &plan, const LayoutOptions &options = {}, LayoutStats *stats = nullptr);

// The same on a bare tree: parent of each node (-1 for roots). Several roots are laid out side by side.
QList<QRectF> layoutTree(const QList<int> &parents, const LayoutOptions &options = {}, LayoutStats *stats = nullptr);

// The union of the non-null rectangles.
QRectF layoutBounds(const QList<QRectF> &rects);

} // namespace PlanLens
