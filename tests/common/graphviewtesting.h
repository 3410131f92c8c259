// SPDX-License-Identifier: MIT
#pragma once
// Waiting for and reading the plan graph in GUI tests. Header-only: the test targets link the widgets library.

#include "plangraphnodeitem.h"
#include "plangraphscene.h"
#include "plangraphview.h"

#include <QList>
#include <QSignalSpy>
#include <QTest>

namespace Test {

// True once the view shows every item of its plan (at once when it already does), false after the timeout.
inline bool waitForGraph(PlanLens::PlanGraphView &view, int timeoutMs = 20000)
{
    if (!view.isBusy() && view.graphScene()->isComplete() && view.graphScene()->nodeCount() == view.plan().nodes.size())
        return true;
    QSignalSpy spy(&view, &PlanLens::PlanGraphView::graphReady);
    return spy.wait(timeoutMs);
}

// The view at `size`, shown, with the plan laid out and every item built; false when it is not ready in time.
[[nodiscard]] inline bool showPlan(PlanLens::PlanGraphView &view, const PlanLens::Plan &plan, QSize size)
{
    view.resize(size);
    view.show();
    if (!QTest::qWaitForWindowExposed(&view))
        return false;
    view.setPlan(plan);
    return waitForGraph(view);
}

// Cards shown (not hidden under a collapsed node or a closed partition group).
inline int visibleCards(const PlanLens::PlanGraphScene &scene)
{
    int count = 0;
    for (const PlanLens::PlanGraphNodeItem *item : scene.nodeItems())
        if (item->isVisible())
            ++count;
    return count;
}

// The root, then each node's parent up from the hottest one: the path the readable fit keeps in view.
inline QList<int> hotPathOf(const PlanLens::PlanGraphView &view)
{
    QList<int> path;
    const QList<int> &hot = view.graphScene()->data().hottest;
    for (int id = hot.isEmpty() ? 0 : hot.first(); id >= 0; id = view.plan().nodes[id].parent)
        path.prepend(id);
    return path;
}

// The executed node with the most self time, -1 when none ran.
inline int hottestByExclusiveTime(const PlanLens::Plan &plan)
{
    int best = -1;
    for (const PlanLens::PlanNode &n : plan.nodes)
        if (!n.neverExecuted && (best < 0 || n.exclusiveMs > plan.nodes[best].exclusiveMs))
            best = n.id;
    return best;
}

// QTest::mouseDClick leaves its button down in QTest's own state, and later QTest::mouseMove calls then send drags;
// a release resets it so that moves are plain hovers again.
inline void releaseTestMouseButtons(QWidget *w)
{
    QTest::mouseRelease(w, Qt::LeftButton, {}, QPoint(1, 1));
}

} // namespace Test
