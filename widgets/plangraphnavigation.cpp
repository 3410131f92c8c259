// SPDX-License-Identifier: MIT
#include "plangraphnavigation.h"

#include "plannodeformat.h"

#include <algorithm>

namespace PlanLens::GraphNavigation {

Fit fitWhole(const QRectF &b, const QSizeF &viewport)
{
    const qreal s = std::min({viewport.width() / b.width(), viewport.height() / b.height(), 1.0});
    return {s, s >= 1.0 ? QPointF(b.center().x(), b.top() + std::min(b.height(), viewport.height() / s) / 2)
                        : b.center()};
}

Fit fitReadable(const QRectF &b, const QSizeF &viewport, LayoutDirection direction, const QList<QRectF> &path,
                qreal cardLod, qreal boxLod)
{
    const qreal vw = viewport.width(), vh = viewport.height();
    const qreal whole = std::min(vw / b.width(), vh / b.height());
    if (whole >= cardLod - 1e-6)
        return fitWhole(b, viewport);
    if (whole < boxLod) {
        // Thousands of nodes: their width at card detail would be a sliver of the plan. Open close up on the
        // heaviest node instead (the minimap shows where that is); 0 or Fit shows the whole.
        return {0.75, path.isEmpty() ? b.center() : path.last().center()};
    }
    // Fit the breadth (width top-down, height left-right) as far as card detail allows; the root starts the depth
    // axis and the hot path is centred across it, so reading starts where the time goes.
    const bool topDown = direction == LayoutDirection::TopDown;
    const qreal across = topDown ? vw / b.width() : vh / b.height();
    qreal s = std::min(std::max(cardLod, across), 1.0);
    // Down to card detail, come out far enough to show the path from the root to the hottest node whole.
    if (!path.isEmpty()) {
        const QRectF hot = path.last();
        const qreal depth = topDown ? hot.bottom() + 32 - b.top() : hot.right() + 32 - b.left();
        if (depth > 0)
            s = std::max(cardLod, std::min(s, (topDown ? vh : vw) / depth));
    }
    const QSizeF view(vw / s, vh / s);   // scene units on screen
    // The path's extent across, over all of it when it fits, else over the part on the first screen.
    QRectF all, first;
    for (const QRectF &r : path) {
        all |= r;
        if (topDown ? r.top() < b.top() + view.height() : r.left() < b.left() + view.width())
            first |= r;
    }
    const qreal room = (topDown ? view.width() : view.height()) - 60;
    const QRectF span = (topDown ? all.width() : all.height()) <= room ? all : first;
    const QPointF centre = span.isEmpty() ? b.center() : span.center();
    // The depth axis starts at the root, unless the hottest node would then be off screen (a short window, the
    // history strip open): then it ends just past that node, so the problem and its callout are in view and the
    // path above it fills the rest.
    qreal along = topDown ? b.top() + view.height() / 2 : b.left() + view.width() / 2;
    if (!path.isEmpty()) {
        const QRectF hot = path.last();
        const qreal hotEnd = (topDown ? hot.bottom() : hot.right()) + 32;
        const qreal viewEnd = along + (topDown ? view.height() : view.width()) / 2;
        if (hotEnd > viewEnd)
            along += hotEnd - viewEnd;
    }
    if (topDown)
        return {s, QPointF(across >= s ? b.center().x() : centre.x(), along)};
    return {s, QPointF(along, across >= s ? b.center().y() : centre.y())};
}

int neighbour(const Plan &plan, int selected, int key, LayoutDirection direction)
{
    if (selected < 0 || selected >= plan.nodes.size())
        return -1;
    const PlanNode &n = plan.nodes[selected];
    const bool topDown = direction == LayoutDirection::TopDown;
    const int toParent = topDown ? Qt::Key_Up : Qt::Key_Left;
    const int toChild = topDown ? Qt::Key_Down : Qt::Key_Right;
    const int toPrevious = topDown ? Qt::Key_Left : Qt::Key_Up;
    if (key == toParent)
        return n.parent;
    if (key == toChild)
        return n.children.isEmpty() ? -1 : n.children.first();
    if (n.parent < 0)
        return -1;
    const QList<int> &siblings = plan.nodes[n.parent].children;
    const qsizetype i = siblings.indexOf(selected) + (key == toPrevious ? -1 : 1);
    return i >= 0 && i < siblings.size() ? siblings[i] : -1;
}

void Matches::find(const Plan &plan, const QString &search, int from)
{
    text = search.trimmed();
    clear();
    const QStringMatcher needle(text, Qt::CaseInsensitive);
    if (!text.isEmpty())
        for (const PlanNode &n : plan.nodes)
            if (NodeFormat::matches(n, needle))
                hits.append(n.id);
    if (hits.isEmpty())
        return;
    const auto at = std::find_if(hits.cbegin(), hits.cend(), [from](int id) { return id >= from; });
    current = at == hits.cend() ? 0 : int(at - hits.cbegin());
}

int Matches::step(int delta)
{
    if (hits.isEmpty())
        return -1;
    const int n = int(hits.size());
    current = ((current + delta) % n + n) % n;
    return hits[current];
}

} // namespace PlanLens::GraphNavigation
