// SPDX-License-Identifier: MIT
#pragma once

#include "planmetric.h"

#include <QListView>

namespace PlanLens {

class PlanTextModel;

// The plan as indented text, the way psql prints it, with each node's name on its metric colour and the metric's
// figure in a gutter. Follows and drives the graph's selection; Ctrl+C copies the selected lines, the context menu
// copies the whole plan.
class PlanTextView : public QListView
{
    Q_OBJECT
public:
    explicit PlanTextView(QWidget *parent = nullptr);

    void setPlan(const Plan &plan, const PlanColorScale &scale);
    void setColorScale(const PlanColorScale &scale);
    PlanTextModel *textModel() const { return m_model; }
    int selectedNode() const { return m_selected; }
    QString selectedText() const;        // the selected lines, in order
    QString text() const;                // the whole plan

public slots:
    void selectNode(int id);             // emits nodeSelected when the selection changes
    void copySelection();
    void copyAll();

signals:
    void nodeSelected(int id);

protected:
    void keyPressEvent(QKeyEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;
    void currentChanged(const QModelIndex &current, const QModelIndex &previous) override;

private:
    PlanTextModel *m_model = nullptr;
    int m_selected = -1;
    bool m_syncing = false;
};

} // namespace PlanLens
