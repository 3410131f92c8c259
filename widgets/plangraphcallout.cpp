// SPDX-License-Identifier: MIT
#include "plangraphcallout.h"
#include "plangraphfonts.h"
#include "plangraphscene.h"
#include "theme.h"

#include <QFontMetricsF>
#include <QGuiApplication>
#include <QPainter>
#include <QPainterPath>
#include <QStyleOptionGraphicsItem>
#include <QTextLayout>

namespace PlanLens {

namespace {

// Scene units, like the cards: at PlanGraphScene::kCardLod (0.7) the 13-px message is about 9 device pixels, the
// size of the card's figures at the same zoom.
constexpr qreal kWidth = 292;
constexpr qreal kStripe = 5;
constexpr qreal kPad = 11;
constexpr qreal kRadius = 7;
constexpr qreal kCloseSize = 18;
constexpr int kMaxLines = 3;


QString rewriteLabel()
{
    return QStringLiteral("Rewrite…");
}

// Word-wrapped lines of at most `width`; the last allowed line takes the rest of the text, elided.
QStringList wrapLines(const QString &text, const QFont &font, qreal width, int maxLines)
{
    QStringList out;
    const QString t = text.simplified();
    if (t.isEmpty())
        return out;
    QTextLayout layout(t, font);
    QTextOption option;
    option.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    layout.setTextOption(option);
    layout.beginLayout();
    for (;;) {
        QTextLine line = layout.createLine();
        if (!line.isValid())
            break;
        line.setLineWidth(width);
        if (out.size() == maxLines - 1) {
            out << QFontMetricsF(font).elidedText(t.mid(line.textStart()), Qt::ElideRight, width);
            break;
        }
        out << t.mid(line.textStart(), line.textLength()).trimmed();
    }
    layout.endLayout();
    return out;
}

} // namespace

QColor PlanGraphCalloutItem::levelColour(int level)
{
    return Theme::levelBadge(level);   // the same in both themes: a leader drawn under one reads under the other
}

PlanGraphCalloutItem::PlanGraphCalloutItem(const PlanCallout &callout)
    : m_callout(callout)
{
    setFlag(QGraphicsItem::ItemUsesExtendedStyleOption, true);
    setAcceptedMouseButtons(Qt::NoButton);   // the view routes clicks (partAt), as it does for the cards
    setZValue(10);                           // above cards and edges; placed so that it covers none
    const GraphFonts &f = graphFonts();
    const qreal textLeft = kStripe + kPad;
    const qreal textWidth = kWidth - textLeft - kPad;
    qreal y = 9;
    y += QFontMetricsF(f.title).height();   // the title line (room for the × at its right)
    m_lines = wrapLines(m_callout.message, f.body, textWidth, kMaxLines);
    if (!m_lines.isEmpty())
        y += 4 + m_lines.size() * QFontMetricsF(f.body).lineSpacing();
    if (!m_callout.rewriteId.isEmpty()) {
        const QFontMetricsF pm(f.smallBold);
        const qreal h = pm.height() + 9;
        y += 9;
        m_rewrite = QRectF(textLeft, y, pm.horizontalAdvance(rewriteLabel()) + 24, h);
        y += h;
    }
    y += 10;
    m_size = QSizeF(kWidth, y);
    m_close = QRectF(kWidth - kCloseSize - 5, 5, kCloseSize, kCloseSize);
}

QRectF PlanGraphCalloutItem::boundingRect() const
{
    return boxRect().adjusted(-2, -2, 2, 5);   // the shadow
}

QPainterPath PlanGraphCalloutItem::shape() const
{
    QPainterPath p;
    p.addRect(boxRect());
    return p;
}

PlanGraphCalloutItem::Part PlanGraphCalloutItem::partAt(const QPointF &pos) const
{
    if (!boxRect().contains(pos))
        return Part::None;
    if (m_close.adjusted(-3, -3, 3, 3).contains(pos))
        return Part::Close;
    if (!m_rewrite.isNull() && m_rewrite.contains(pos))
        return Part::Rewrite;
    return Part::Body;
}

void PlanGraphCalloutItem::paint(QPainter *p, const QStyleOptionGraphicsItem *option, QWidget *)
{
    const qreal lod = option->levelOfDetailFromTransform(p->worldTransform());
    const QColor stripe = levelColour(m_callout.level);
    const QRectF box = boxRect();
    p->setRenderHint(QPainter::Antialiasing, true);
    p->setRenderHint(QPainter::TextAntialiasing, true);

    p->setPen(Qt::NoPen);
    const QColor muted = Theme::colour(Theme::Role::CalloutMuted);
    p->setBrush(Theme::colour(Theme::Role::CalloutShadow));
    p->drawRoundedRect(box.translated(0, 3), kRadius, kRadius);
    QPainterPath outline;
    outline.addRoundedRect(box, kRadius, kRadius);
    p->setBrush(Theme::colour(Theme::Role::CalloutFill));
    p->setPen(QPen(Theme::isDark() ? stripe : stripe.lighter(150), 1.2));
    p->drawPath(outline);
    p->save();
    p->setClipPath(outline);
    p->fillRect(QRectF(0, 0, kStripe, box.height()), stripe);
    p->restore();
    if (lod < PlanGraphScene::kTextLod)
        return;   // too small to read: the box and its colour say where a finding is

    const GraphFonts &f = graphFonts();
    const qreal textLeft = kStripe + kPad;
    const qreal textWidth = kWidth - textLeft - kPad;
    const QFontMetricsF tm(f.title);
    p->setFont(f.title);
    p->setPen(Theme::colour(Theme::Role::CalloutInk));
    qreal y = 9;
    p->drawText(QPointF(textLeft, y + tm.ascent()),
                tm.elidedText(m_callout.title, Qt::ElideRight, textWidth - kCloseSize - 2));
    y += tm.height();

    if (!m_lines.isEmpty()) {
        const QFontMetricsF bm(f.body);
        y += 4;
        p->setFont(f.body);
        p->setPen(muted);
        for (const QString &line : m_lines) {
            p->drawText(QPointF(textLeft, y + bm.ascent()), line);
            y += bm.lineSpacing();
        }
    }

    if (!m_rewrite.isNull()) {
        p->setPen(Qt::NoPen);
        const QColor action = Theme::colour(Theme::Role::CalloutAction);
        p->setBrush(action);
        p->drawRoundedRect(m_rewrite, m_rewrite.height() / 2, m_rewrite.height() / 2);
        p->setFont(f.smallBold);
        p->setPen(Theme::textOn(action));
        p->drawText(m_rewrite, Qt::AlignCenter, rewriteLabel());
    }

    // The "×": two strokes in a small circle, quiet until needed.
    p->setPen(Qt::NoPen);
    p->setBrush(Theme::colour(Theme::Role::CalloutClose));
    p->drawEllipse(m_close);
    p->setPen(QPen(muted, 1.5, Qt::SolidLine, Qt::RoundCap));
    const QRectF x = m_close.adjusted(5.5, 5.5, -5.5, -5.5);
    p->drawLine(x.topLeft(), x.bottomRight());
    p->drawLine(x.topRight(), x.bottomLeft());
}

QString PlanGraphCalloutItem::toolTip(Part part) const
{
    // The box shows three lines at most: the whole message is one hover away.
    if (part == Part::Close)
        return QObject::tr("Hide this callout");
    if (part == Part::Rewrite)
        return QObject::tr("Show the rewrite for this finding");
    return QStringLiteral("<p><b>%1</b></p><p>%2</p>").arg(m_callout.title.toHtmlEscaped(), m_callout.message.toHtmlEscaped());
}

} // namespace PlanLens
