// SPDX-License-Identifier: MIT
#pragma once

#include "plan/plan.h"

#include <QTreeWidget>

namespace PlanLens {

// Every field the plan model kept for one node, grouped (identity, estimates, execution, derived figures,
// conditions, sort/hash/memoize, I/O, workers), then the raw keys PostgreSQL printed that the model does not name.
class NodeDetails : public QTreeWidget
{
    Q_OBJECT
public:
    explicit NodeDetails(QWidget *parent = nullptr);

    void setPlan(const Plan &plan);
    int node() const { return m_node; }
    // The value shown for a field label ("Relation", "Rows removed by filter", a raw key), or a null QString.
    QString valueOf(const QString &label) const;

public slots:
    void showNode(int id);   // -1 shows the plan's own figures

private:
    Plan m_plan;
    int m_node = -1;
};

} // namespace PlanLens
