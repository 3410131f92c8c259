// SPDX-License-Identifier: MIT
#pragma once

#include "planbadge.h"
#include "plangraphdata.h"

#include <QWidget>

class QAction;
class QActionGroup;
class QComboBox;
class QLabel;
class QSplitter;
class QStackedWidget;
class QToolBar;

namespace PlanLens {

class NodeDetails;
class PlanFlameView;
class PlanGraphView;
class PlanLegend;
class PlanOperationsModel;
class PlanOperationsView;
class PlanTextView;

// Everything about one plan in one widget: a toolbar (colour by, direction, zoom, find, export, details), the
// graph with a one-line legend, and beside it, folded away until "Details" asks for it, the psql-like text and the
// details of the selected node. The graph is the hero: it gets the width. Selection is kept in sync between the
// three; nodeSelected/selectNode connect it to other views (compare, findings).
//
// The main area shows one of three pages, switched at the toolbar's left: the graph (default), the flame graph
// (icicle of exclusive time) and the operations grid (every node's figures, sortable and filterable). The selection
// is the same on all of them. The flame graph and the grid are filled when first shown after a new plan, as the
// side pane is: a plan nobody looks at that way costs nothing.
class PlanView : public QWidget
{
    Q_OBJECT
public:
    enum class Page { Graph, Flame, Operations };

    explicit PlanView(QWidget *parent = nullptr);

    void setPlan(const Plan &plan);
    const Plan &plan() const;
    void setBadges(const PlanBadges &badges);   // after setPlan; replaces the previous ones
    int selectedNode() const;

    void setMetric(PlanMetric metric);
    PlanMetric metric() const;
    void setDirection(LayoutDirection direction);

    PlanGraphView *graphView() const { return m_graph; }
    PlanTextView *textView() const { return m_text; }
    NodeDetails *details() const { return m_details; }
    PlanLegend *legend() const { return m_legend; }
    QToolBar *toolBar() const { return m_toolBar; }
    // The text and details pane beside the graph; hidden by default (the "Details" action, objectName
    // "DetailsAction", toggles it).
    void setSidePaneVisible(bool visible);
    bool isSidePaneVisible() const;
    QAction *detailsAction() const { return m_detailsAction; }

    Page page() const { return m_page; }
    void setPage(Page page);
    QAction *pageAction(Page page) const;   // objectNames "ViewGraphAction", "ViewFlameAction", "ViewOperationsAction"
    PlanFlameView *flameView() const { return m_flame; }
    PlanOperationsView *operationsView() const { return m_operations; }
    PlanOperationsModel *operationsModel() const { return m_operationsModel; }

    // Writes the graph (whole or the visible part) with its legend: PNG, SVG or PDF by suffix.
    bool exportGraph(const QString &fileName, bool visiblePartOnly, QString *error = nullptr);
    QString summary() const;   // "12 nodes · execution 1,012 ms · planning 0.40 ms"

public slots:
    void selectNode(int id);
    void exportWithDialog(bool visiblePartOnly = false);

signals:
    void nodeSelected(int id);

private:
    void syncSelection(int id);
    void updateLegend();
    void refreshSidePane();           // the text and details of the plan, when their pane shows
    void refreshPage();               // the flame graph or the grid, when it shows and is stale

    PlanGraphView *m_graph = nullptr;
    PlanTextView *m_text = nullptr;
    NodeDetails *m_details = nullptr;
    PlanLegend *m_legend = nullptr;
    QToolBar *m_toolBar = nullptr;
    QComboBox *m_metric = nullptr;
    QComboBox *m_direction = nullptr;
    QLabel *m_zoomLabel = nullptr;
    QSplitter *m_splitter = nullptr;
    QAction *m_detailsAction = nullptr;
    QStackedWidget *m_stack = nullptr;
    PlanFlameView *m_flame = nullptr;
    PlanOperationsModel *m_operationsModel = nullptr;
    PlanOperationsView *m_operations = nullptr;
    QActionGroup *m_pageActions = nullptr;
    QList<QAction *> m_graphOnly;      // toolbar items that act on the graph: hidden on the other pages
    Page m_page = Page::Graph;
    bool m_syncing = false;
    bool m_sideStale = false;          // the text and details still show an older plan
    bool m_flameStale = false;         // the flame graph still shows an older plan
    bool m_operationsStale = false;    // so does the grid
};

} // namespace PlanLens
