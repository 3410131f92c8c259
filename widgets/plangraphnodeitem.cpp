// SPDX-License-Identifier: MIT
#include "plangraphnodeitem.h"
#include "plangraphfonts.h"
#include "plangraphpartitions.h"
#include "plangraphscene.h"
#include "plannodeformat.h"
#include "theme.h"

#include <QFontMetricsF>
#include <QGraphicsSceneMouseEvent>
#include <QGuiApplication>
#include <QPainter>
#include <QStyleOptionGraphicsItem>

#include <cmath>

namespace PlanLens {

namespace {

// Colours come from Theme at paint time, so a palette change repaints the graph in the new theme.
using Role = Theme::Role;
QColor role(Role r) { return Theme::colour(r); }
// Match: the hovered node's match in a comparison, unlike selection and find. DisabledTag: PostgreSQL 18
// "Disabled: true", a fact, not a finding, so grey.
constexpr qreal kRadius = 7;
constexpr qreal kPad = 10;
constexpr qreal kBusWidth = 1.6;
constexpr qreal kLabelHeight = 16;
constexpr qreal kDotLod = 0.012;   // below this scale a 248-px card is under 3 device pixels


QColor withAlpha(QColor c, int a)
{
    c.setAlpha(a);
    return c;
}

// Text clipped to a width with an ellipsis, drawn at a baseline.
void drawElided(QPainter *p, const QFont &font, const QString &text, qreal x, qreal baseline, qreal width,
                Qt::Alignment align = Qt::AlignLeft)
{
    if (text.isEmpty() || width <= 4)
        return;
    p->setFont(font);
    const QFontMetricsF fm(font);
    const QString t = fm.elidedText(text, Qt::ElideRight, width);
    // Shaping a line is most of what text costs: measure it only when it is right-aligned.
    p->drawText(QPointF(align & Qt::AlignRight ? x + width - fm.horizontalAdvance(t) : x, baseline), t);
}

// Where drawPill() puts a label, given its text already elided.
QRectF elidedPillRect(const QFontMetricsF &fm, const QString &elided, QPointF anchor, Qt::Alignment align)
{
    const qreal w = fm.horizontalAdvance(elided) + 10;
    const qreal h = fm.height() + 2;
    qreal x = anchor.x();
    if (align & Qt::AlignRight)
        x -= w;
    else if (align & Qt::AlignHCenter)
        x -= w / 2;
    return QRectF(x, anchor.y() - h / 2, w, h);
}

// Where drawPill() puts a label.
QRectF pillRect(const QFont &font, const QString &text, QPointF anchor, Qt::Alignment align)
{
    const QFontMetricsF fm(font);
    return elidedPillRect(fm, fm.elidedText(text, Qt::ElideRight, 170), anchor, align);
}

// A rounded label: badges on the card's top edge, subplan names on edges, the "+N" of collapsed nodes.
qreal drawPill(QPainter *p, const QFont &font, const QString &text, QPointF anchor, Qt::Alignment align,
               const QColor &fill, const QColor &textColour, const QColor &border = QColor())
{
    const QFontMetricsF fm(font);
    const QString t = fm.elidedText(text, Qt::ElideRight, 170);
    const QRectF r = elidedPillRect(fm, t, anchor, align);
    const qreal w = r.width(), h = r.height();
    p->setPen(border.isValid() ? QPen(border, 1) : Qt::NoPen);
    p->setBrush(fill);
    p->drawRoundedRect(r, h / 2, h / 2);
    p->setPen(textColour);
    p->setFont(font);
    p->drawText(r, Qt::AlignCenter, t);
    return w;
}

// The pill under a collapsed card ("+N") or a partition group's card ("▾ show 24", "▴ group 24"), which opens
// and closes it; item coordinates, null when the card has none.
QRectF expanderRectFor(const PlanGraphData &d, int id, const QSizeF &card, QString *text = nullptr)
{
    const QString t = PartitionCard::expanderText(d, id);
    if (text)
        *text = t;
    if (t.isEmpty())
        return QRectF();
    if (d.settings.direction == LayoutDirection::TopDown)
        return pillRect(graphFonts().badge, t, QPointF(card.width() / 2, card.height() + 1), Qt::AlignHCenter);
    return pillRect(graphFonts().badge, t, QPointF(card.width() + 2, card.height() / 2), Qt::AlignLeft);
}

} // namespace

PlanGraphNodeItem::PlanGraphNodeItem(int id)
    : m_id(id)
{
    setFlag(QGraphicsItem::ItemUsesExtendedStyleOption, true);
    setAcceptHoverEvents(false);
    setAcceptedMouseButtons(Qt::NoButton);   // see syncGeometry()
}

void PlanGraphNodeItem::syncGeometry(const PlanGraphScene &scene)
{
    const PlanGraphData &d = scene.data();
    if (m_id >= d.nodes.size())
        return;
    const PlanGraphData::Node &g = d.nodes[m_id];
    prepareGeometryChange();
    if (g.rect.isNull()) {
        setVisible(false);
        m_card = QRectF();
        m_bounds = QRectF();
        return;
    }
    setPos(g.rect.topLeft());
    m_card = QRectF(QPointF(0, 0), g.rect.size());
    const bool topDown = d.settings.direction == LayoutDirection::TopDown;
    const qreal half = d.layout.levelGap / 2;
    QRectF b = m_card.adjusted(-9, -kLabelHeight / 2 - 4, 9, 9);   // selection and match rings, top-edge badges
    const PlanNode &node = scene.plan().nodes[m_id];
    if (node.parent >= 0) {
        // The edge up to the parent's connector, and its label.
        b |= topDown ? QRectF(0, -half - 2, m_card.width(), half + 2)
                     : QRectF(-half - 2, -kLabelHeight - 6, half + 2 + m_card.width(), m_card.height() + kLabelHeight + 6);
    }
    if (g.visibleChildren) {
        const qreal w = 12;
        if (topDown) {
            const qreal from = std::min<qreal>(g.busFrom - g.rect.left(), m_card.width() / 2) - w;
            const qreal to = std::max<qreal>(g.busTo - g.rect.left(), m_card.width() / 2) + w;
            b |= QRectF(from, m_card.height(), to - from, half + w);
        } else {
            const qreal from = std::min<qreal>(g.busFrom - g.rect.top(), m_card.height() / 2) - w;
            const qreal to = std::max<qreal>(g.busTo - g.rect.top(), m_card.height() / 2) + w;
            b |= QRectF(m_card.width(), from, half + w, to - from);
        }
    }
    const QRectF expander = (g.hiddenBelow > 0 || g.groupHead) ? expanderRectFor(d, m_id, m_card.size()) : QRectF();
    if (!expander.isNull())
        b |= expander.adjusted(-1, -1, 1, 1);
    // Only a card with an expander takes clicks (on it); the view handles the rest: selection, collapse, panning.
    setAcceptedMouseButtons(expander.isNull() ? Qt::NoButton : Qt::LeftButton);
    m_bounds = b;
    setVisible(true);
}

QRectF PlanGraphNodeItem::expanderRect() const
{
    const auto *s = static_cast<const PlanGraphScene *>(scene());
    if (!s || m_card.isNull() || m_id >= s->data().nodes.size())
        return QRectF();
    const PlanGraphData::Node &g = s->data().nodes[m_id];
    return g.hiddenBelow > 0 || g.groupHead ? expanderRectFor(s->data(), m_id, m_card.size()) : QRectF();
}

QPainterPath PlanGraphNodeItem::shape() const
{
    QPainterPath p;
    p.addRect(m_card);
    if (acceptedMouseButtons() != Qt::NoButton)   // the expander belongs to the card
        p.addRect(expanderRect());
    return p;
}

void PlanGraphNodeItem::mousePressEvent(QGraphicsSceneMouseEvent *event)
{
    auto *s = static_cast<PlanGraphScene *>(scene());
    if (s && event->button() == Qt::LeftButton && expanderRect().contains(event->pos())) {
        event->accept();   // no panning from here
        s->activateExpander(m_id);
        return;
    }
    event->ignore();
}

void PlanGraphNodeItem::paint(QPainter *p, const QStyleOptionGraphicsItem *option, QWidget *)
{
    const auto *scene = static_cast<const PlanGraphScene *>(this->scene());
    if (!scene || m_card.isNull())
        return;
    const PlanGraphData &d = scene->data();
    const PlanGraphData::Node &g = d.nodes[m_id];
    const PlanNode &node = scene->plan().nodes[m_id];
    const qreal lod = option->levelOfDetailFromTransform(p->worldTransform());
    const bool topDown = d.settings.direction == LayoutDirection::TopDown;
    const qreal half = d.layout.levelGap / 2;
    const bool far = lod < PlanGraphScene::kBoxLod;
    const bool readable = lod >= PlanGraphScene::kTextLod;
    const bool selected = scene->selectedNode() == m_id;
    const bool hit = scene->isFindHit(m_id);
    const bool match = scene->highlightedNode() == m_id;
    const QColor fill = QColor::fromRgb(g.fill);
    const qreal w = m_card.width(), h = m_card.height();

    p->setRenderHint(QPainter::Antialiasing, !far);
    p->setRenderHint(QPainter::TextAntialiasing, true);

    if (lod < kDotLod) {
        // So far out that a card is a pixel or two: a dot of its colour at least that big, no edges. A 20,000-node
        // plan seen whole still shows where its time goes.
        const QTransform t = p->worldTransform();
        QRectF dev = t.mapRect(m_card);
        dev.setSize(QSizeF(std::max<qreal>(dev.width(), 2.0), std::max<qreal>(dev.height(), 2.0)));
        p->setWorldTransform(QTransform());
        if (match)
            p->fillRect(dev.adjusted(-5, -5, 5, 5), role(Role::Match));
        if (selected || hit)
            p->fillRect(dev.adjusted(-3, -3, 3, 3), role(selected ? Role::Selection : Role::FindHit));
        p->fillRect(dev, fill);
        p->setWorldTransform(t);
        return;
    }

    // --- edges: this node's edge up to its parent's connector, then its own connector ---
    const bool subplan = node.parent >= 0 && NodeFormat::isSubplanEdge(node);
    if (node.parent >= 0) {
        QPen pen(role(subplan ? Role::SubplanEdge : Role::Edge), far ? 0 : g.edgeWidth,
                 subplan ? Qt::DashLine : Qt::SolidLine, Qt::FlatCap);
        if (subplan && !far)
            pen.setDashPattern({4.0 / std::max<qreal>(1, g.edgeWidth), 3.0 / std::max<qreal>(1, g.edgeWidth)});
        p->setPen(pen);
        p->setBrush(Qt::NoBrush);
        if (topDown)
            p->drawLine(QPointF(w / 2, -half), QPointF(w / 2, 0));
        else
            p->drawLine(QPointF(-half, h / 2), QPointF(0, h / 2));
    }
    if (g.visibleChildren) {
        p->setPen(QPen(role(Role::Edge), far ? 0 : kBusWidth, Qt::SolidLine, Qt::FlatCap));
        if (topDown) {
            const qreal y = h + half;
            p->drawLine(QPointF(w / 2, h), QPointF(w / 2, y));
            p->drawLine(QPointF(g.busFrom - pos().x() - kBusWidth / 2, y), QPointF(g.busTo - pos().x() + kBusWidth / 2, y));
        } else {
            const qreal x = w + half;
            p->drawLine(QPointF(w, h / 2), QPointF(x, h / 2));
            p->drawLine(QPointF(x, g.busFrom - pos().y() - kBusWidth / 2), QPointF(x, g.busTo - pos().y() + kBusWidth / 2));
        }
    }

    // --- the card ---
    if (far) {
        p->setPen(Qt::NoPen);
        p->setBrush(fill);
        p->drawRect(m_card);
        if (selected || hit) {
            p->setBrush(Qt::NoBrush);
            QPen ring(role(selected ? Role::Selection : Role::FindHit));
            ring.setCosmetic(true);
            ring.setWidthF(3);
            p->setPen(ring);
            p->drawRect(m_card);
        }
        if (match) {
            p->setBrush(Qt::NoBrush);
            QPen ring(role(Role::Match));
            ring.setCosmetic(true);
            ring.setWidthF(3);
            p->setPen(ring);
            p->drawRect(m_card.adjusted(-8, -8, 8, 8));
        }
        return;
    }
    if (readable) {   // a soft shadow, only where it can be seen
        p->setPen(Qt::NoPen);
        p->setBrush(role(Role::CardShadow));
        // Only its lower edge shows under the card: drawing just that strip spares a fill of the whole card.
        const QRectF card = m_card.translated(0, 2);
        p->drawRoundedRect(QRectF(card.left(), card.bottom() - 2 * kRadius, card.width(), 2 * kRadius), kRadius, kRadius);
    }
    const QColor rim = Theme::isDark() ? fill.lighter(135) : fill.darker(140);   // a dark card needs a lighter rim
    QPen border(node.neverExecuted ? role(Role::NeverExecutedBorder) : rim, node.neverExecuted ? 1.2 : 1);
    if (node.neverExecuted)
        border.setStyle(Qt::DashLine);
    p->setPen(border);
    p->setBrush(fill);
    p->drawRoundedRect(m_card, kRadius, kRadius);
    if (selected || hit) {
        QPen ring(role(selected ? Role::Selection : Role::FindHit), selected ? 3 : 2.5);
        if (!readable) {
            ring.setCosmetic(true);
            ring.setWidthF(3);
        }
        p->setPen(ring);
        p->setBrush(Qt::NoBrush);
        p->drawRoundedRect(m_card.adjusted(-3, -3, 3, 3), kRadius + 2, kRadius + 2);
    }
    if (match) {   // outside the selection ring, so a node can show both
        QPen ring(role(Role::Match), 3);
        if (!readable) {
            ring.setCosmetic(true);
            ring.setWidthF(3);
        }
        p->setPen(ring);
        p->setBrush(Qt::NoBrush);
        p->drawRoundedRect(m_card.adjusted(-7, -7, 7, 7), kRadius + 5, kRadius + 5);
    }
    if (!readable)
        return;

    // --- text ---
    const GraphFonts &f = graphFonts();
    const Plan &plan = scene->plan();
    const QColor ink = node.neverExecuted ? PlanColorScale::neverExecutedText() : PlanColorScale::textOn(fill);
    const QColor soft = withAlpha(ink, node.neverExecuted ? 255 : 205);
    const qreal x = kPad, width = w - 2 * kPad;

    if (const PartitionGroup *group = g.groupHead && g.hiddenBelow > 0 ? d.settings.groupOf(m_id) : nullptr) {
        // A closed partition group: the card speaks for the Append and every partition under it.
        // Its lines are longer than a node's: a line that does not fit its font takes the next smaller one.
        const PartitionCard::Lines l = PartitionCard::lines(plan, *group);
        const auto fitting = [](const QFont &font, const QFont &smaller, const QString &text, qreal room) {
            return QFontMetricsF(font).horizontalAdvance(text) <= room ? font : smaller;
        };
        const qreal sw = l.share.isEmpty() ? 0 : QFontMetricsF(f.title).horizontalAdvance(l.share) + 8;
        p->setPen(ink);
        drawElided(p, f.title, l.share, x, 24, width, Qt::AlignRight);
        drawElided(p, fitting(f.title, f.smallBold, l.title, width - sw), l.title, x, 24, width - sw);
        p->setPen(soft);
        drawElided(p, fitting(f.body, f.small, l.subtitle, width), l.subtitle, x, 43, width);
        p->setPen(ink);
        drawElided(p, fitting(f.body, f.small, l.figures, width), l.figures, x, 62, width);
        drawElided(p, f.small, l.worst, x, 81, width);
    } else {
        paintFigures(p, plan, node, ink, soft);
    }
    paintLabels(p);
}

void PlanGraphNodeItem::paintFigures(QPainter *p, const Plan &plan, const PlanNode &node, const QColor &ink,
                                     const QColor &soft) const
{
    const GraphFonts &f = graphFonts();
    const qreal w = m_card.width(), x = kPad, width = w - 2 * kPad;
    const QString share = NodeFormat::shareText(plan, node);
    qreal shareWidth = 0;
    if (!share.isEmpty()) {
        shareWidth = QFontMetricsF(f.title).horizontalAdvance(share) + 8;
        p->setPen(ink);
        drawElided(p, f.title, share, x, 24, width, Qt::AlignRight);
    }
    p->setPen(ink);
    drawElided(p, f.title, NodeFormat::title(node), x, 24, width - shareWidth);
    p->setPen(soft);
    drawElided(p, f.body, NodeFormat::subtitle(node), x, 43, width);

    // Figures: exclusive time and rows on the left, loops on the right; estimate and workers below.
    QString loops, workers;
    if (node.actualLoops && *node.actualLoops > 1)
        loops = QStringLiteral("×%1 loops").arg(NodeFormat::count(*node.actualLoops));
    if (node.workersLaunched && *node.workersLaunched > 0)
        workers = QStringLiteral("×%1 workers").arg(*node.workersLaunched + 1);
    else if (node.workersPlanned && *node.workersPlanned > 0)
        workers = QStringLiteral("%1 workers planned").arg(*node.workersPlanned);
    p->setPen(ink);
    const qreal loopsWidth = loops.isEmpty() ? 0 : QFontMetricsF(f.body).horizontalAdvance(loops) + 8;
    drawElided(p, f.body, NodeFormat::figuresLine(plan, node), x, 62, width - loopsWidth);
    if (!loops.isEmpty())
        drawElided(p, f.body, loops, x, 62, width, Qt::AlignRight);

    qreal cx = x;
    if (!node.neverExecuted && node.actualRows && node.planRows) {
        const QString est = QStringLiteral("est ") + NodeFormat::count(*node.planRows * node.actualLoops.value_or(1));
        p->setPen(soft);
        p->setFont(f.small);
        p->drawText(QPointF(cx, 81), est);
        cx += QFontMetricsF(f.small).horizontalAdvance(est) + 6;
        if (node.estimateFactor) {
            const double fct = *node.estimateFactor;
            const QString factor = formatEstimateFactor(fct);
            if (PlanColorScale::isMisestimate(node)) {
                const QColor tag = Theme::estimateBadge(fct >= 1);
                cx += drawPill(p, f.badge, factor + QStringLiteral(" !"), QPointF(cx, 77), Qt::AlignLeft, tag,
                               Theme::textOn(tag), QColor(255, 255, 255, 160)) + 6;
            } else {
                p->setPen(soft);
                p->setFont(f.small);
                p->drawText(QPointF(cx, 81), factor);
                cx += QFontMetricsF(f.small).horizontalAdvance(factor) + 6;
            }
        }
    }
    if (!workers.isEmpty()) {
        p->setPen(ink);
        drawElided(p, f.small, workers, cx, 81, w - kPad - cx, Qt::AlignRight);
    }
}

void PlanGraphNodeItem::paintLabels(QPainter *p) const
{
    // --- badges on the top edge, right-aligned; the subplan label on the edge; the expander ---
    const auto *scene = static_cast<const PlanGraphScene *>(this->scene());
    const PlanGraphData &d = scene->data();
    const PlanGraphData::Node &g = d.nodes[m_id];
    const PlanNode &node = scene->plan().nodes[m_id];
    const GraphFonts &f = graphFonts();
    const bool topDown = d.settings.direction == LayoutDirection::TopDown;
    const bool subplan = node.parent >= 0 && NodeFormat::isSubplanEdge(node);
    const qreal half = d.layout.levelGap / 2;
    const qreal w = m_card.width();
    qreal bx = w - 10;
    const QList<PlanBadge> badges = scene->badgesFor(m_id);
    const QColor pillFill = role(Role::PillFill), pillRim = Theme::isDark() ? pillFill : QColor(Qt::white);
    for (const PlanBadge &b : badges)
        bx -= drawPill(p, f.badge, b.text, QPointF(bx, 0), Qt::AlignRight, b.color, Theme::textOn(b.color),
                       pillRim) + 4;
    if (node.detail().disabled.value_or(false))   // outlined, after the findings: the planner had no enabled alternative
        bx -= drawPill(p, f.badge, QStringLiteral("disabled"), QPointF(bx, 0), Qt::AlignRight, pillFill,
                       role(Role::DisabledTag), role(Role::DisabledTag)) + 4;
    if (subplan) {
        const QString label = NodeFormat::edgeLabel(node);
        if (topDown)
            drawPill(p, f.badge, label, QPointF(w / 2 + 6 + g.edgeWidth / 2, -half / 2), Qt::AlignLeft, pillFill,
                     role(Role::SubplanEdge), role(Role::SubplanEdge));
        else
            drawPill(p, f.badge, label, QPointF(2, -kLabelHeight / 2 - 3), Qt::AlignLeft, pillFill,
                     role(Role::SubplanEdge), role(Role::SubplanEdge));
    }
    QString more;
    const QRectF expander = expanderRectFor(d, m_id, m_card.size(), &more);
    if (!expander.isNull()) {   // drawPill() at the same anchor as expanderRectFor()
        const QPointF at = topDown ? QPointF(expander.center().x(), expander.center().y())
                                   : QPointF(expander.left(), expander.center().y());
        drawPill(p, f.badge, more, at, topDown ? Qt::AlignHCenter : Qt::AlignLeft,
                 role(g.groupHead ? Role::ExpanderGroup : Role::Expander), Qt::white, pillRim);
    }
}

} // namespace PlanLens
