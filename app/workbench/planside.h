// SPDX-License-Identifier: MIT
#pragma once

#include "detect/finding.h"
#include "plan/plan.h"

#include <QWidget>

class QComboBox;
class QLabel;

namespace PlanLens {

class PlanView;

// One side's page in the plan tabs: the plan view, headed (inside its own toolbar, so the graph keeps the
// height) by a one-line header and, when the side ran several statements, a statement selector. Holds what is
// on screen for the side: the plans of every explained statement, the script they came from, the findings.
class PlanSidePage : public QWidget
{
    Q_OBJECT
public:
    PlanSidePage(const QString &sideName, const QString &objectPrefix, QWidget *parent = nullptr);

    PlanView *view() const { return m_view; }

    // plans: one per explained statement in script order; statementOfPlan: their statement indices (empty:
    // 0, 1, …); sql: the script they ran from (empty for a plan file); header: how they were measured.
    void showPlans(const QList<Plan> &plans, const QList<int> &statementOfPlan, int mainIndex, const QString &sql,
                   const QString &header);
    void showStatement(int planIndex);

    const QList<Plan> &plans() const { return m_plans; }
    bool hasPlan() const { return m_shown >= 0 && m_shown < m_plans.size(); }
    const Plan &shownPlan() const;             // hasPlan() first
    const Plan *mainPlan() const;              // the statement the side is about (its last explained one)
    int shownStatement() const;                // script statement index of the plan on screen, -1 without
    const QString &sql() const { return m_sql; }
    QString rawPlan() const { return m_raw; }
    void setRawPlan(const QString &raw) { m_raw = raw; }
    const QList<Finding> &findings() const { return m_findings; }
    void setFindings(const QList<Finding> &findings) { m_findings = findings; }

signals:
    void statementShown(int planIndex);        // a (new) plan is on screen: findings are due

private:
    QString m_sideName;
    PlanView *m_view = nullptr;
    QLabel *m_header = nullptr;
    QComboBox *m_statements = nullptr;
    QList<Plan> m_plans;
    QList<int> m_statementOfPlan;
    int m_main = -1;
    int m_shown = -1;
    QString m_sql;
    QString m_headerText;
    QString m_raw;
    QList<Finding> m_findings;
};

} // namespace PlanLens
