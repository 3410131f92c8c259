// SPDX-License-Identifier: MIT
#pragma once

#include "planbadge.h"
#include "plangraphdata.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QSplitter;
class QToolBar;

namespace PlanLens {

class NodeDetails;
class PlanGraphView;
class PlanLegend;
class PlanTextView;

// Everything about one plan in one widget: a toolbar (colour by, direction, zoom, find, export), the graph with
// its legend, and beside it the psql-like text and the details of the selected node. Selection is kept in sync
// between the three; nodeSelected/selectNode connect it to other views (compare, findings).
class PlanView : public QWidget
{
    Q_OBJECT
public:
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

    PlanGraphView *m_graph = nullptr;
    PlanTextView *m_text = nullptr;
    NodeDetails *m_details = nullptr;
    PlanLegend *m_legend = nullptr;
    QToolBar *m_toolBar = nullptr;
    QComboBox *m_metric = nullptr;
    QComboBox *m_direction = nullptr;
    QLabel *m_zoomLabel = nullptr;
    QSplitter *m_splitter = nullptr;
    bool m_syncing = false;
};

} // namespace PlanLens
