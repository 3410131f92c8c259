// SPDX-License-Identifier: MIT
#pragma once

#include "planbadge.h"
#include "plangraphcallout.h"
#include "plangraphdata.h"
#include "plangraphnavigation.h"

#include <QGraphicsView>
#include <QPointer>

class QTimer;

namespace PlanLens {


class PlanGraphFindBar;
class PlanGraphMinimap;
class PlanGraphProgress;
class PlanGraphScene;

// The plan as a tidy tree of cards. Layout runs off the GUI thread (QtConcurrent, newest request wins) and the
// items of a big plan are built in slices, with a progress indicator over the view.
//
// A new plan opens readable (fitReadable): whole when every card can be drawn at full detail, else fitted to its
// width (never below PlanGraphScene::kCardLod) with the root at the top and the hot path in view; the view keeps
// that policy on resize until the user zooms.
//
// An Append / Merge Append over many partitions of one table starts closed, as one "24 partitions of events" card
// with the partitions' sums and the worst one (PlanGraphSettings::groups); it opens and closes like any collapsed
// node, and selecting a partition (find, findings, flame graph) opens it.
//
// Mouse: wheel or pinch zooms, drag pans, click selects, double-click (or a click on the "+N" / "▾ show 24" pill
// under a card) collapses/expands a subtree, hover shows every figure. Keys: arrows move to parent/child/sibling, + / - zoom, 0 fits the whole, 1 is 1:1, Return
// collapses or expands, Ctrl+F finds (F3 / Shift+F3 for the next/previous match), Home selects the root.
class PlanGraphView : public QGraphicsView
{
    Q_OBJECT
public:
    explicit PlanGraphView(QWidget *parent = nullptr);
    ~PlanGraphView() override;

    // Shows a plan (derived metrics already computed). Clears collapse state, find and badges of the old plan.
    void setPlan(const Plan &plan);
    const Plan &plan() const { return m_plan; }
    void clear();
    bool isBusy() const;             // a layout or item build is running
    PlanGraphScene *graphScene() const { return m_scene; }

    PlanMetric metric() const { return m_settings.metric; }
    void setMetric(PlanMetric metric);
    LayoutDirection direction() const { return m_settings.direction; }
    void setDirection(LayoutDirection direction);
    PlanColorScale colorScale() const;
    // Colour against this maximum instead of the plan's own (0: the plan's own); CompareView shares one scale.
    void setScaleMaximum(double max, bool relayout = true);   // of the graph on screen (after a metric fallback)

    // Finding badges per node id (the heavy-hitter ranks are added by the graph itself).
    void setBadges(const PlanBadges &badges);
    PlanBadges badges() const { return m_badges; }

    // Finding callouts beside their cards (after setPlan, which drops them; the caller passes the most severe
    // few). "×" on one removes it from callouts() and emits calloutDismissed.
    void setCallouts(const QList<PlanCallout> &callouts);
    QList<PlanCallout> callouts() const { return m_callouts; }
    QRectF calloutRect(int nodeId) const;   // scene coordinates; null when that node has no callout on screen

    // A ring around one card that is not the selection (CompareView: the match of the node hovered on the other
    // side); -1 clears it.
    void setHighlightedNode(int id);
    int highlightedNode() const;
    int hoveredNode() const { return m_hovered; }

    int selectedNode() const { return m_selected; }

    bool isCollapsed(int id) const { return id >= 0 && id < m_settings.collapsed.size() && m_settings.collapsed[id]; }
    void setCollapsed(int id, bool collapsed);
    void toggleCollapsed(int id) { setCollapsed(id, !isCollapsed(id)); }
    void expandAll();

    // Find: node type, relation, alias, index, CTE/subplan names and condition text. Selects the first match
    // and returns the number of matches.
    int find(const QString &text);
    QList<int> findHits() const { return m_matches.hits; }
    int currentHit() const { return m_matches.current; }
    PlanGraphFindBar *findBar() const { return m_findBar; }
    PlanGraphMinimap *minimap() const { return m_minimap; }

    qreal zoom() const { return transform().m11(); }   // 1 = 1:1
    bool isCardDetail() const;           // zoomed in enough for every line of a card to be legible
    QRectF visibleSceneRect() const;

public slots:
    void selectNode(int id);             // emits nodeSelected when the selection changes; expands and scrolls to it
    void findNext() { stepFind(1); }
    void findPrevious() { stepFind(-1); }
    void showFindBar();
    void zoomIn();
    void zoomOut();
    void setZoom(qreal factor);
    void fitToWindow();                  // the whole graph, however small; never enlarges beyond 1:1
    void fitReadable();                  // the default: the whole at card detail, or its width along the hot path
    void resetZoom() { setZoom(1.0); }   // 1:1, keeping the centre
    void centerOnNode(int id);

signals:
    void nodeSelected(int id);
    void graphReady();                   // the items for the current plan and settings are on screen
    void layoutProgress(int done, int total);
    void findResultsChanged(int current, int total);
    void metricChanged(PlanMetric metric);
    void directionChanged(LayoutDirection direction);
    void zoomChanged(qreal zoom);
    void nodeHovered(int id);            // the card under the mouse changed; -1 when it left the cards
    void rewriteRequested(const QString &rewriteId, int nodeId);   // "Rewrite…" on a callout
    void calloutDismissed(int nodeId);

protected:
    void resizeEvent(QResizeEvent *event) override;
    void scrollContentsBy(int dx, int dy) override;
    void wheelEvent(QWheelEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;
    bool viewportEvent(QEvent *event) override;

private:
    void attachScene(PlanGraphScene *scene);
    void startLayout(bool newPlan);
    void applyLayout(const PlanGraphData &data, bool newPlan);
    bool buildSlice(quint64 generation);   // one slice of items; true when the last is built or a newer layout won
    void finishBuild();
    void scaleBy(qreal factor, const QPointF &viewportAnchor);
    void placeOverlays();
    void showProgress(const QString &text, int done, int total);
    void hideProgress();
    void viewChanged();
    void moveSelection(int key);
    void stepFind(int delta);
    void revealNode(int id);             // expands collapsed ancestors
    qreal minZoom() const;
    void refit();                        // by m_fitMode, after a resize or new callouts
    void applyFit(const GraphNavigation::Fit &fit);   // scale and centre (plangraphnavigation.h)
    QRectF fitBounds() const;
    void setHovered(int id);
    void updateCursor(const QPoint &viewportPos);

    PlanGraphScene *m_scene = nullptr;
    Plan m_plan;
    PlanGraphSettings m_settings;
    PlanBadges m_badges;
    quint64 m_generation = 0;
    bool m_jobRunning = false;
    bool m_needItems = false;            // a new plan's items are not built yet
    bool m_fitWhenReady = false;
    // How the zoom follows the view's size until the user zooms: a hidden tab shown, a splitter moved.
    enum class FitMode { None, Whole, Readable };
    FitMode m_fitMode = FitMode::None;
    bool m_scrolledSinceFit = false;     // the user (or centerOnNode) moved the view after the last fit
    QList<PlanCallout> m_callouts;
    int m_hovered = -1;
    bool m_pointing = false;             // the cursor is a pointing hand over a callout's button
    int m_centerWhenReady = -1;
    int m_selected = -1;
    GraphNavigation::Matches m_matches;
    QPoint m_pressPos;
    bool m_building = false;           // item slices queued on the TurnQueue (a plan above kBuildSlice nodes)
    QTimer *m_progressDelay = nullptr;
    PlanGraphProgress *m_progress = nullptr;
    PlanGraphFindBar *m_findBar = nullptr;
    PlanGraphMinimap *m_minimap = nullptr;
    qreal m_pinchStart = 1;
};

} // namespace PlanLens
