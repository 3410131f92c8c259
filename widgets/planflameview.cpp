// SPDX-License-Identifier: MIT
#include "planflameview.h"
#include "format/units.h"
#include "planflamegraph.h"
#include "plannodeformat.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QScrollArea>
#include <QScrollBar>
#include <QToolButton>
#include <QVBoxLayout>

namespace PlanLens {

namespace {

QString crumbName(const PlanNode &node)
{
    const QString target = NodeFormat::target(node);
    return target.isEmpty() ? NodeFormat::title(node) : NodeFormat::title(node) + u' ' + target;
}

} // namespace

PlanFlameView::PlanFlameView(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("PlanFlameView"));
    m_flame = new PlanFlameGraph;
    m_up = new QToolButton;
    m_up->setObjectName(QStringLiteral("FlameUpButton"));
    m_up->setText(tr("↑ Up"));
    m_up->setToolTip(tr("Zoom out one level (Esc)"));
    m_up->setAutoRaise(true);
    m_breadcrumb = new QLabel;
    m_breadcrumb->setObjectName(QStringLiteral("FlameBreadcrumb"));
    m_breadcrumb->setTextFormat(Qt::RichText);
    m_breadcrumb->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);   // elided by width, never widens
    m_caption = new QLabel;
    m_caption->setObjectName(QStringLiteral("FlameCaption"));
    m_caption->setForegroundRole(QPalette::PlaceholderText);

    auto *header = new QHBoxLayout;
    header->setContentsMargins(4, 2, 8, 2);
    header->setSpacing(6);
    header->addWidget(m_up);
    header->addWidget(m_breadcrumb, 1);
    header->addWidget(m_caption);

    m_scroll = new QScrollArea;
    m_scroll->setObjectName(QStringLiteral("FlameScrollArea"));
    m_scroll->setFrameShape(QFrame::NoFrame);
    m_scroll->setWidgetResizable(true);
    m_scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);   // the width is the time: it always fits
    m_scroll->setWidget(m_flame);

    auto *v = new QVBoxLayout(this);
    v->setContentsMargins(0, 0, 0, 0);
    v->setSpacing(0);
    v->addLayout(header);
    v->addWidget(m_scroll, 1);

    connect(m_up, &QToolButton::clicked, m_flame, &PlanFlameGraph::zoomOut);
    connect(m_breadcrumb, &QLabel::linkActivated, this, [this](const QString &link) { m_flame->zoomTo(link.toInt()); });
    connect(m_flame, &PlanFlameGraph::zoomChanged, this, [this] {
        updateBreadcrumb();
        m_scroll->verticalScrollBar()->setValue(0);
    });
    connect(m_flame, &PlanFlameGraph::nodeSelected, this, [this](int id) {
        revealSelection();
        emit nodeSelected(id);
    });
    updateBreadcrumb();
}

void PlanFlameView::setPlan(const Plan &plan, const PlanColorScale &scale)
{
    m_flame->setPlan(plan, scale);
    updateBreadcrumb();
}

void PlanFlameView::setColorScale(const PlanColorScale &scale)
{
    m_flame->setColorScale(scale);
}

void PlanFlameView::selectNode(int id)
{
    m_flame->selectNode(id);
}

void PlanFlameView::revealSelection()
{
    const QRectF r = m_flame->barRect(m_flame->selectedNode());
    if (!r.isNull())
        m_scroll->ensureVisible(int(r.center().x()), int(r.center().y()), 0, PlanFlameGraph::kRowHeight * 2);
}

QString PlanFlameView::breadcrumbText() const
{
    const Plan &plan = m_flame->plan();
    QStringList parts{tr("Whole plan")};
    const QList<int> path = m_flame->zoomPath();
    for (qsizetype i = 1; i < path.size(); ++i)
        parts << crumbName(plan.nodes[path[i]]);
    return parts.join(QStringLiteral(" › "));
}

void PlanFlameView::updateBreadcrumb()
{
    const Plan &plan = m_flame->plan();
    const QList<int> path = m_flame->zoomPath();
    m_up->setEnabled(m_flame->canZoomOut());
    // Long paths keep their ends: the whole plan (way back) and the last few steps (where the user is).
    constexpr qsizetype kShownSteps = 4;
    QStringList parts;
    parts << (path.size() > 1 ? QStringLiteral("<a href='0'>%1</a>").arg(tr("Whole plan")) : tr("Whole plan"));
    if (path.size() - 1 > kShownSteps)
        parts << QStringLiteral("…");
    for (qsizetype i = std::max<qsizetype>(1, path.size() - kShownSteps); i < path.size(); ++i) {
        const QString name = crumbName(plan.nodes[path[i]]).toHtmlEscaped();
        parts << (i + 1 < path.size() ? QStringLiteral("<a href='%1'>%2</a>").arg(path[i]).arg(name)
                                      : QStringLiteral("<b>%1</b>").arg(name));
    }
    m_breadcrumb->setText(parts.join(QStringLiteral(" › ")));
    m_breadcrumb->setToolTip(breadcrumbText());
    if (plan.isEmpty()) {
        m_caption->clear();
        return;
    }
    const double total = m_flame->subtreeWeight(m_flame->zoomRoot());
    m_caption->setText(m_flame->usesCost()
                           ? tr("Width: exclusive cost (no timing in this plan) · %1").arg(Units::count(total))
                           : tr("Width: exclusive time · %1").arg(Units::duration(total)));
}

} // namespace PlanLens
