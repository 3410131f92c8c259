// SPDX-License-Identifier: MIT
#include "planside.h"
#include "jobs/workpool.h"

#include "planview.h"

#include <QComboBox>
#include <QLabel>
#include <QRegularExpression>
#include <QTimer>
#include <QToolBar>
#include <QtConcurrent>

#include <utility>
#include <QVBoxLayout>

namespace PlanLens {

PlanSidePage::PlanSidePage(const QString &sideName, const QString &objectPrefix, QWidget *parent)
    : QWidget(parent)
    , m_sideName(sideName)
{
    m_view = new PlanView;
    m_view->setObjectName(objectPrefix + QStringLiteral("Plan"));
    m_header = new QLabel(tr("No plan yet."));
    m_header->setObjectName(objectPrefix + QStringLiteral("PlanHeader"));
    m_header->setContentsMargins(6, 0, 10, 0);
    m_header->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_statements = new QComboBox;
    m_statements->setToolTip(tr("This side has several statements: choose the plan to show"));
    QToolBar *bar = m_view->toolBar();
    QAction *first = bar->actions().value(0);
    bar->insertWidget(first, m_header);
    QAction *box = bar->insertWidget(first, m_statements);
    box->setVisible(false);
    bar->insertSeparator(first);
    connect(m_statements, &QComboBox::activated, this,
            [this](int i) { showStatement(m_statements->itemData(i).toInt()); });

    auto *v = new QVBoxLayout(this);
    v->setContentsMargins(0, 0, 0, 0);
    v->setSpacing(0);
    v->addWidget(m_view, 1);
}

void PlanSidePage::showPlans(const QList<Plan> &plans, const QList<int> &statementOfPlan, int mainIndex,
                             const QString &sql, const QString &header)
{
    // A plan of 100k nodes takes a tenth of a second to free. The views drop their copies while the new plan goes
    // on screen; the last reference to the old plans is then dropped on a worker thread instead of this one.
    QTimer::singleShot(0, this, [old = std::exchange(m_plans, plans)]() mutable {
        (void)QtConcurrent::run(workPool(), [mine = std::move(old)] {});
    });
    m_statementOfPlan = statementOfPlan;
    if (m_statementOfPlan.size() != plans.size()) {
        m_statementOfPlan.clear();
        for (int i = 0; i < plans.size(); ++i)
            m_statementOfPlan << i;
    }
    m_main = mainIndex;
    m_sql = sql;
    m_headerText = header;
    m_findings.clear();
    m_statements->clear();
    for (int i = 0; i < plans.size(); ++i)
        m_statements->addItem(tr("Statement %1: %2").arg(m_statementOfPlan.at(i) + 1).arg(plans.at(i).root().nodeType), i);
    for (QAction *a : m_view->toolBar()->actions())
        if (m_view->toolBar()->widgetForAction(a) == m_statements)
            a->setVisible(plans.size() > 1);
    m_statements->setCurrentIndex(mainIndex);
    showStatement(mainIndex);
}

void PlanSidePage::showStatement(int index)
{
    // One short line in the toolbar; the whole header (EXPLAIN options, min/max) is its tooltip.
    QString brief = m_headerText;
    brief.remove(QRegularExpression(QStringLiteral("^EXPLAIN \\([^)]*\\)( · )?")));
    brief.remove(QRegularExpression(QStringLiteral(" over \\d+ runs \\(min [^)]*\\)")));
    if (index < 0 || index >= m_plans.size()) {
        m_shown = -1;
        if (m_headerText.isEmpty()) {
            m_header->setText(tr("No plan yet."));
            m_header->setToolTip(QString());
            return;
        }
        // A run that brought no plan for this side (it timed out): say why, and do not leave an older plan on show.
        m_view->setPlan(Plan());
        m_header->setText(QStringLiteral("<b>%1</b> · %2").arg(m_sideName, (tr("no plan · ") + brief).toHtmlEscaped()));
        m_header->setToolTip(QStringLiteral("%1 · %2").arg(m_sideName, m_headerText));
        return;
    }
    m_shown = index;
    m_findings.clear();
    m_view->setPlan(m_plans.at(index));
    m_header->setText(QStringLiteral("<b>%1</b>%2").arg(m_sideName, brief.isEmpty() ? QString() : QStringLiteral(" · ") + brief.toHtmlEscaped()));
    m_header->setToolTip(QStringLiteral("%1 · %2 · %3").arg(m_sideName, m_headerText, m_view->summary()));
    emit statementShown(index);
}

const Plan &PlanSidePage::shownPlan() const
{
    return m_plans.at(m_shown);
}

const Plan *PlanSidePage::mainPlan() const
{
    return m_main >= 0 && m_main < m_plans.size() ? &m_plans.at(m_main) : nullptr;
}

int PlanSidePage::shownStatement() const
{
    return m_shown >= 0 && m_shown < m_statementOfPlan.size() ? m_statementOfPlan.at(m_shown) : -1;
}

} // namespace PlanLens
