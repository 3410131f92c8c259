// SPDX-License-Identifier: MIT
#pragma once

#include "detect/finding.h"
#include "planbadge.h"
#include "plangraphcallout.h"
#include "sqleditor.h"

#include <QWidget>

class QSortFilterProxyModel;
class QTableView;
class QTextBrowser;

namespace PlanLens {

struct Plan;
class FindingsModel;

// The findings dock: a sortable table (severity, rule, node, message) over the details of the selected
// finding (message, evidence, advice, rewrite link). Selecting a finding emits the node and the SQL span to show,
// so the window can select them in the graph and in the SQL editor together.
class FindingsPanel : public QWidget
{
    Q_OBJECT
public:
    explicit FindingsPanel(QWidget *parent = nullptr);

    void setFindings(const QList<Finding> &findings, const Plan *plan = nullptr);
    void clear();
    const QList<Finding> &findings() const;
    FindingsModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }

    int currentFinding() const;             // index into findings(), -1 when none is selected
    void selectFinding(int findingIndex);   // emits findingSelected (and nodeRequested/spanRequested)
    // Selects the most severe finding about this node (graph → panel); returns false when the node has none.
    // Emits findingSelected but not nodeRequested, so a graph selection does not echo back.
    bool selectFindingForNode(int nodeId);
    QString detailHtml() const;             // what the detail pane shows

signals:
    void findingSelected(int findingIndex);
    void nodeRequested(int nodeId);                   // the finding names a node
    void spanRequested(int start, int end);           // the finding names a SQL span (QString indices)
    void rewriteRequested(const QString &rewriteId, int findingIndex);

private:
    void showDetails(int findingIndex);
    void onCurrentChanged();

    FindingsModel *m_model = nullptr;
    QSortFilterProxyModel *m_proxy = nullptr;
    QTableView *m_view = nullptr;
    QTextBrowser *m_details = nullptr;
    bool m_quietNode = false;
};

// The SQL editor's marks for the findings that name a span (message as hover text, level as style).
QList<SqlEditor::Mark> findingsToMarks(const QList<Finding> &findings);
// Callouts for the plan graph: the `max` most severe findings that name a node, one per node.
QList<PlanCallout> findingsToCallouts(const QList<Finding> &findings, int max = 3);
// Badges for the plan graph: one per finding, on its node.
PlanBadges findingsToBadges(const QList<Finding> &findings);

} // namespace PlanLens
