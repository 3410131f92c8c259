// SPDX-License-Identifier: MIT
#pragma once

#include "planmetric.h"

#include <QWidget>

class QLabel;
class QScrollArea;
class QToolButton;

namespace PlanLens {

class PlanFlameGraph;

// The flame (icicle) page of a PlanView: one line with "Up" and the breadcrumb of the zoomed subtree (each step
// clickable), then the icicle, scrolling vertically when the plan is deeper than the page.
class PlanFlameView : public QWidget
{
    Q_OBJECT
public:
    explicit PlanFlameView(QWidget *parent = nullptr);

    void setPlan(const Plan &plan, const PlanColorScale &scale);
    void setColorScale(const PlanColorScale &scale);
    PlanFlameGraph *flameGraph() const { return m_flame; }
    QString breadcrumbText() const;   // the breadcrumb as plain text: "Whole plan › Hash Join › Seq Scan on tracks t"

public slots:
    void selectNode(int id);

signals:
    void nodeSelected(int id);

private:
    void updateBreadcrumb();
    void revealSelection();

    PlanFlameGraph *m_flame = nullptr;
    QScrollArea *m_scroll = nullptr;
    QToolButton *m_up = nullptr;
    QLabel *m_breadcrumb = nullptr;
    QLabel *m_caption = nullptr;
};

} // namespace PlanLens
