// SPDX-License-Identifier: MIT
#include "planflamegraph.h"
#include "releaseonworker.h"
#include "format/units.h"
#include "plannodeformat.h"

#include <QHelpEvent>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPaintEvent>
#include <QPainter>
#include <QToolTip>

#include <algorithm>

namespace PlanLens {

namespace {

// Bars narrower than this carry no label (an ellipsis alone says nothing).
constexpr double kMinLabelWidth = 28;
// Below this a bar gets no gap or outline: at two pixels a border would hide the colour.
constexpr double kMinOutlineWidth = 3;

} // namespace

PlanFlameGraph::PlanFlameGraph(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("PlanFlameGraph"));
    setMouseTracking(true);
    setFocusPolicy(Qt::StrongFocus);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

void PlanFlameGraph::setPlan(const Plan &plan, const PlanColorScale &scale)
{
    releaseOnWorker(std::exchange(m_plan, plan));
    m_scale = scale;
    m_selected = -1;
    m_hovered = -1;
    m_zoomRoot = 0;
    const int n = int(m_plan.nodes.size());
    // Without timing every exclusive time is 0: cost is the only figure that still tells where the work is.
    double time = 0;
    for (const PlanNode &node : std::as_const(m_plan.nodes))
        time += node.exclusiveMs;
    m_useCost = !(time > 0);
    m_subtree = QList<double>(n, 0.0);
    m_end = QList<int>(n, 0);
    m_depth = QList<int>(n, 0);
    for (int i = 0; i < n; ++i) {
        const int p = nodes()[i].parent;
        m_depth[i] = p >= 0 && p < i ? m_depth[p] + 1 : 0;
    }
    // Children have larger ids than their parent (pre-order), so one backward pass sums every subtree.
    for (int i = n - 1; i >= 0; --i) {
        m_subtree[i] += std::max(0.0, weight(i));
        m_end[i] = std::max(m_end[i], i + 1);
        const int p = nodes()[i].parent;
        if (p >= 0 && p < i) {
            m_subtree[p] += m_subtree[i];
            m_end[p] = std::max(m_end[p], m_end[i]);
        }
    }
    m_rects = QList<QRectF>(n);
    m_rows = countRows();
    updateGeometry();
    relayout();
    update();
    emit zoomChanged(m_zoomRoot);
}

void PlanFlameGraph::setColorScale(const PlanColorScale &scale)
{
    m_scale = scale;
    update();
}

double PlanFlameGraph::weight(int id) const
{
    if (id < 0 || id >= m_plan.nodes.size())
        return 0;
    const PlanNode &n = nodes()[id];
    return m_useCost ? n.exclusiveCost : n.exclusiveMs;
}

double PlanFlameGraph::subtreeWeight(int id) const
{
    return id >= 0 && id < m_subtree.size() ? m_subtree[id] : 0.0;
}

QList<int> PlanFlameGraph::zoomPath() const
{
    QList<int> path;
    for (int id = m_zoomRoot; id >= 0 && id < m_plan.nodes.size(); id = nodes()[id].parent)
        path.prepend(id);
    return path;
}

bool PlanFlameGraph::inZoom(int id) const
{
    return m_zoomRoot >= 0 && m_zoomRoot < m_end.size() && id >= m_zoomRoot && id < m_end[m_zoomRoot];
}

int PlanFlameGraph::countRows() const
{
    if (m_plan.isEmpty())
        return 0;
    const int base = m_depth[m_zoomRoot];
    int rows = 1;
    for (int i = m_zoomRoot; i < m_end[m_zoomRoot]; ++i) {
        if (m_subtree[i] <= 0) {
            i = m_end[i] - 1;   // nothing below a bar-less node has a bar either
            continue;
        }
        rows = std::max(rows, m_depth[i] - base + 1);
    }
    return rows;
}

QSize PlanFlameGraph::sizeHint() const
{
    return {640, std::max(240, kTopMargin * 2 + m_rows * kRowHeight)};
}

QSize PlanFlameGraph::minimumSizeHint() const
{
    // The full depth: the scroll area around the graph scrolls rather than squeezing rows.
    return {120, kTopMargin * 2 + m_rows * kRowHeight};
}

void PlanFlameGraph::relayout()
{
    std::fill(m_rects.begin(), m_rects.end(), QRectF());
    if (m_plan.isEmpty() || m_subtree[m_zoomRoot] <= 0)
        return;
    const double width = std::max(1, this->width());
    const int base = m_depth[m_zoomRoot];
    auto rowY = [&](int id) { return double(kTopMargin + (m_depth[id] - base) * kRowHeight); };
    // Next free x inside each laid-out parent: children are placed left to right in plan order, so a parent's own
    // time is the uncovered stretch at its right end.
    QList<double> cursor(m_plan.nodes.size(), 0.0);
    m_rects[m_zoomRoot] = QRectF(0, rowY(m_zoomRoot), width, kRowHeight);
    cursor[m_zoomRoot] = 0;
    for (int i = m_zoomRoot + 1; i < m_end[m_zoomRoot]; ++i) {
        const int p = nodes()[i].parent;
        const double w = (p >= 0 && m_subtree[p] > 0) ? m_rects[p].width() * m_subtree[i] / m_subtree[p] : 0.0;
        if (p < 0 || m_rects[p].isNull() || w < kMinBarWidth) {
            i = m_end[i] - 1;   // skip the whole subtree: it is narrower still
            continue;
        }
        m_rects[i] = QRectF(cursor[p], rowY(i), w, kRowHeight);
        cursor[p] += w;
        cursor[i] = m_rects[i].x();
    }
}

QRectF PlanFlameGraph::barRect(int id) const
{
    return id >= 0 && id < m_rects.size() ? m_rects[id] : QRectF();
}

int PlanFlameGraph::nodeAt(const QPointF &pos) const
{
    if (m_plan.isEmpty() || !barRect(m_zoomRoot).contains(QPointF(pos.x(), barRect(m_zoomRoot).center().y())))
        return -1;
    // Walk down from the zoom root: at each row only the children of the bar above can be under the mouse.
    int id = m_zoomRoot;
    while (id >= 0) {
        const QRectF r = m_rects[id];
        if (pos.y() < r.top())
            return -1;
        if (pos.y() < r.bottom())
            return r.left() <= pos.x() && pos.x() < r.right() ? id : -1;
        int next = -1;
        for (int c : nodes()[id].children) {
            const QRectF cr = barRect(c);
            if (!cr.isNull() && cr.left() <= pos.x() && pos.x() < cr.right()) {
                next = c;
                break;
            }
        }
        id = next;
    }
    return -1;
}

void PlanFlameGraph::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    relayout();
}

void PlanFlameGraph::paintEvent(QPaintEvent *event)
{
    QPainter p(this);
    p.fillRect(event->rect(), palette().base());
    if (m_plan.isEmpty() || m_subtree.value(m_zoomRoot) <= 0) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(rect(), Qt::AlignCenter,
                   m_plan.isEmpty() ? tr("No plan") : tr("Nothing in this plan took measurable time"));
        return;
    }
    const QRectF exposed = event->rect();
    const QFontMetricsF fm(font());
    const QColor outline = palette().color(QPalette::Base);
    for (int i = m_zoomRoot; i < m_end[m_zoomRoot]; ++i) {
        const QRectF r = m_rects[i];
        if (r.isNull()) {
            i = m_end[i] - 1;
            continue;
        }
        if (r.top() > exposed.bottom() || r.bottom() < exposed.top() || r.right() < exposed.left()
            || r.left() > exposed.right())
            continue;   // its children may still be exposed (the rows below)
        const PlanNode &node = nodes()[i];
        const QColor fill = m_scale.colour(node);
        QRectF bar = r;
        if (r.width() >= kMinOutlineWidth)
            bar.adjust(0, 0, -1, -1);   // a one-pixel seam between neighbours and rows
        p.fillRect(bar, fill);
        if (r.width() >= kMinOutlineWidth)
            p.fillRect(QRectF(bar.right(), bar.top(), 1, r.height()), outline);
        if (r.width() >= kMinLabelWidth) {
            const QString target = NodeFormat::target(node);
            QString label = NodeFormat::title(node);
            if (!target.isEmpty())
                label += u' ' + target;
            // The bar's width is its subtree; the label says what is its own, so a full-width root reading
            // "self 0.005 ms" is not mistaken for the time of everything under it.
            label += m_useCost ? tr("  self cost %1 (%2)").arg(Units::count(weight(i)), Units::percent(node.costShare))
                               : tr("  self %1 (%2)").arg(Units::duration(weight(i)), Units::percent(node.timeShare));
            const QRectF textRect = bar.adjusted(4, 0, -3, 0);
            p.setPen(node.neverExecuted ? PlanColorScale::neverExecutedText() : PlanColorScale::textOn(fill));
            p.drawText(textRect, Qt::AlignVCenter | Qt::AlignLeft,
                       fm.elidedText(label, Qt::ElideRight, textRect.width()));
        }
    }
    // Selection and hover on top, so the neighbours' fills do not cover their outlines.
    auto ring = [&](int id, const QColor &c, qreal w) {
        const QRectF r = barRect(id);
        if (r.isNull() || !inZoom(id))
            return;
        p.setPen(QPen(c, w));
        p.setBrush(Qt::NoBrush);
        p.drawRect(r.adjusted(w / 2, w / 2, -w / 2 - 1, -w / 2 - 1));
    };
    ring(m_hovered, palette().color(QPalette::Mid), 1.0);
    ring(m_selected, palette().color(QPalette::Highlight), 2.0);
}

bool PlanFlameGraph::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const int id = nodeAt(help->pos());
        if (id < 0) {
            QToolTip::hideText();
            event->ignore();
            return true;
        }
        const PlanNode &n = nodes()[id];
        QStringList lines;
        lines << QStringLiteral("<b>%1</b> %2").arg(NodeFormat::title(n).toHtmlEscaped(),
                                                    NodeFormat::target(n).toHtmlEscaped());
        if (m_useCost) {
            lines << tr("Self cost %1 (%2 of the plan)").arg(Units::count(n.exclusiveCost), Units::percent(n.costShare));
        } else {
            lines << tr("Self time %1 (%2 of the plan)").arg(Units::duration(n.exclusiveMs), Units::percent(n.timeShare));
            lines << tr("With its children %1").arg(Units::duration(m_subtree[id]));
        }
        if (n.neverExecuted)
            lines << tr("Never executed");
        else if (n.actualRows)
            lines << tr("Rows %1 × %2 loops (estimated %3)")
                         .arg(Units::rows(*n.actualRows), Units::count(n.actualLoops.value_or(1)),
                              n.planRows ? Units::count(*n.planRows) : QStringLiteral("–"));
        else if (n.planRows)
            lines << tr("Estimated rows %1").arg(Units::count(*n.planRows));
        lines << QStringLiteral("<span style='color:gray'>%1</span>")
                     .arg(tr("Click selects · click again or double-click zooms in · Esc zooms out"));
        QToolTip::showText(help->globalPos(), lines.join(QStringLiteral("<br>")), this, barRect(id).toAlignedRect());
        return true;
    }
    return QWidget::event(event);
}

void PlanFlameGraph::mousePressEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton)
        return QWidget::mousePressEvent(event);
    const int id = nodeAt(event->position());
    if (id < 0)
        return;
    if (id == m_selected) {
        if (id == m_zoomRoot)
            zoomOut();
        else
            zoomTo(id);
        return;
    }
    selectNode(id);
}

void PlanFlameGraph::mouseDoubleClickEvent(QMouseEvent *event)
{
    const int id = nodeAt(event->position());
    if (event->button() == Qt::LeftButton && id >= 0 && id != m_zoomRoot)
        zoomTo(id);
}

void PlanFlameGraph::mouseMoveEvent(QMouseEvent *event)
{
    const int id = nodeAt(event->position());
    if (id == m_hovered)
        return;
    m_hovered = id;
    setCursor(id >= 0 ? Qt::PointingHandCursor : Qt::ArrowCursor);
    update();
    emit nodeHovered(id);
}

void PlanFlameGraph::leaveEvent(QEvent *event)
{
    QWidget::leaveEvent(event);
    if (m_hovered >= 0) {
        m_hovered = -1;
        update();
        emit nodeHovered(-1);
    }
}

void PlanFlameGraph::keyPressEvent(QKeyEvent *event)
{
    switch (event->key()) {
    case Qt::Key_Escape:
    case Qt::Key_Backspace:
        if (canZoomOut()) {
            zoomOut();
            return;
        }
        break;
    case Qt::Key_Return:
    case Qt::Key_Enter:
        if (m_selected >= 0 && m_selected != m_zoomRoot) {
            zoomTo(m_selected);
            return;
        }
        break;
    case Qt::Key_Home:
        resetZoom();
        return;
    default: break;
    }
    QWidget::keyPressEvent(event);
}

void PlanFlameGraph::selectNode(int id)
{
    if (id < -1 || id >= m_plan.nodes.size())
        id = -1;
    if (id >= 0 && !inZoom(id))
        resetZoom();   // the selection made elsewhere must be visible here
    if (id == m_selected)
        return;
    m_selected = id;
    update();
    emit nodeSelected(id);
}

void PlanFlameGraph::zoomTo(int id)
{
    if (id < 0 || id >= m_plan.nodes.size() || id == m_zoomRoot || m_subtree[id] <= 0)
        return;
    m_zoomRoot = id;
    m_rows = countRows();
    updateGeometry();
    relayout();
    update();
    emit zoomChanged(id);
}

void PlanFlameGraph::zoomOut()
{
    if (canZoomOut())
        zoomTo(std::max(0, int(nodes()[m_zoomRoot].parent)));
}

void PlanFlameGraph::resetZoom()
{
    if (!m_plan.isEmpty())
        zoomTo(0);
}

} // namespace PlanLens
