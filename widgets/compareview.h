// SPDX-License-Identifier: MIT
#pragma once

#include "compare/plandiff.h"
#include "planbadge.h"
#include "planmetric.h"

#include <QWidget>

class QButtonGroup;
class QComboBox;
class QLabel;
class QListWidget;
class QSplitter;
class QTabWidget;
class QToolButton;

namespace PlanLens {

class CompareOperationsModel;
class EstimateChart;
class NodeTimeChart;
class PlanGraphView;
class PlanOperationsView;
class RunTimeChart;

// Before and after, side by side (or stacked): two full-height plan graphs whose matched nodes are linked
// (selecting a node selects its match in the other graph and scrolls to it; hovering one rings its match), nodes
// only one side has carry a badge ("new" / "gone"). One header line holds the diff headline and the controls; the
// summary, the change list (clicking one selects its nodes) and the charts (exclusive time per matched node,
// estimated vs actual rows, run-time distribution) and the operations grid (every node's self time before and
// after, synced with the graphs) live in a drawer that slides over the lower part of the graphs instead of taking
// height from them.
//
// The comparison runs off the GUI thread; diffAvailable() says when it is on screen. With several statements
// per side (setScripts) the main pair is shown first and a selector switches between the statement pairs.
class CompareView : public QWidget
{
    Q_OBJECT
public:
    explicit CompareView(QWidget *parent = nullptr);
    ~CompareView() override;

    // One statement per side. Plans need their derived metrics (parsePlan and the runner compute them).
    void setPlans(const Plan &before, const Plan &after);
    // Several statements per side (e.g. the fix looks ids up first, then queries): see compareScripts().
    void setScripts(const QList<Plan> &before, const QList<Plan> &after);
    // Client-side times of repeated runs of the main statements (the runner's runsMs); empty lists hide them.
    void setRunTimes(const QList<double> &beforeMs, const QList<double> &afterMs);
    // Findings' badges per side, shown next to the compare badges.
    void setFindingBadges(const PlanBadges &before, const PlanBadges &after);
    // Names shown in the sides' titles instead of "Before" / "After" (versions of the plan history); cleared by
    // the next setPlans / setScripts, so call it after them.
    void setSideNames(const QString &before, const QString &after);
    QString sideName(int side) const;
    void clear();

    bool isBusy() const;                        // a comparison is being computed
    const ScriptDiff &scriptDiff() const { return m_script; }
    const PlanDiff &diff() const;               // of the statement pair on screen (empty diff when none)
    const Plan &beforePlan() const;             // the plans on screen
    const Plan &afterPlan() const;
    int statementPair() const { return m_pair; }   // index into scriptDiff().statements
    void showStatementPair(int index);

    // Horizontal: side by side (default); Vertical: stacked.
    Qt::Orientation orientation() const;
    void setOrientation(Qt::Orientation orientation);
    PlanMetric metric() const { return m_metric; }
    void setMetric(PlanMetric metric);
    // The largest value of the metric over both plans: both graphs should colour against it (see report).
    double sharedScaleMax() const;

    PlanGraphView *beforeGraph() const { return m_graphs[0]; }
    PlanGraphView *afterGraph() const { return m_graphs[1]; }
    NodeTimeChart *nodeTimeChart() const { return m_nodeTimes; }
    EstimateChart *estimateChart() const { return m_estimates; }
    RunTimeChart *runTimeChart() const { return m_runTimes; }
    // The drawer's "Operations" tab: matched nodes with before / after self time, change and ratio.
    PlanOperationsView *operationsView() const { return m_operations; }
    CompareOperationsModel *operationsModel() const { return m_operationsModel; }
    QListWidget *changeList() const { return m_changes; }
    QTabWidget *tabs() const { return m_tabs; }
    // The drawer with tabs(): hidden by default, toggled by the "Changes & charts" button; its height is dragged
    // at its top edge.
    bool isDrawerOpen() const;
    void setDrawerOpen(bool open);
    QWidget *drawer() const { return m_drawer; }
    int drawerHeight() const { return m_drawerHeight; }
    void setDrawerHeight(int height);
    QString headlineText() const;               // what the summary's headline shows
    QString selectionText() const;              // the status line about the selected pair

    // The badges the compare view adds (without findings): "gone" on removed, "new" on added, "Δ" on changed.
    static PlanBadges compareBadges(const Plan &plan, const PlanDiff &diff, bool afterSide);

public slots:
    void selectBeforeNode(int id);   // also selects the match on the after side
    void selectAfterNode(int id);
    void selectChange(int row);      // a row of changeList(): selects its nodes on both sides

signals:
    void diffAvailable();                      // a new comparison is on screen
    void beforeNodeSelected(int id);           // after the view synchronised both sides
    void afterNodeSelected(int id);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void startCompare(const QList<Plan> &before, const QList<Plan> &after);
    void applyScriptDiff(const ScriptDiff &diff);
    void showPair();
    void fillSummary();
    void refreshOperations();       // fills the Operations grid when it is stale and its tab shows
    void fillStatementSelector();
    void applyBadges();
    void onGraphSelected(int side, int id);
    void updateSelectionText();
    void updateTitles();
    void onGraphHovered(int side, int id);
    void setHeadline(const QString &text);
    void elideHeadline();
    void placeOverlays();

    QList<Plan> m_beforePlans;
    QList<Plan> m_afterPlans;
    ScriptDiff m_script;
    int m_pair = -1;
    quint64 m_generation = 0;
    bool m_busy = false;
    bool m_syncing = false;
    PlanMetric m_metric = PlanMetric::ExclusiveTime;
    PlanBadges m_findingBadges[2];
    QString m_sideNames[2];

    QComboBox *m_statementBox = nullptr;
    QLabel *m_statementLabel = nullptr;
    QButtonGroup *m_layoutButtons = nullptr;
    QComboBox *m_metricBox = nullptr;
    QToolButton *m_drawerButton = nullptr;
    QWidget *m_graphsArea = nullptr;
    QSplitter *m_graphSplit = nullptr;
    QWidget *m_drawer = nullptr;
    QWidget *m_drawerGrip = nullptr;
    int m_drawerHeight = 300;
    int m_gripStartY = -1;
    int m_gripStartHeight = 0;
    QString m_headlineText;                     // in full; the header line shows it elided
    QLabel *m_summaryHeadline = nullptr;
    QLabel *m_titles[2] = {};
    PlanGraphView *m_graphs[2] = {};
    QLabel *m_selection = nullptr;
    QTabWidget *m_tabs = nullptr;
    QLabel *m_headline = nullptr;
    QLabel *m_details = nullptr;
    QListWidget *m_changes = nullptr;
    NodeTimeChart *m_nodeTimes = nullptr;
    EstimateChart *m_estimates = nullptr;
    RunTimeChart *m_runTimes = nullptr;
    CompareOperationsModel *m_operationsModel = nullptr;
    PlanOperationsView *m_operations = nullptr;
    bool m_operationsStale = false;   // the grid shows an older pair: refilled when its tab shows
};

} // namespace PlanLens
