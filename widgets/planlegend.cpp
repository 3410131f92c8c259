// SPDX-License-Identifier: MIT
#include "planlegend.h"
#include "plangraphdata.h"
#include "theme.h"

#include <QFontMetricsF>
#include <QGuiApplication>
#include <QLinearGradient>
#include <QPainter>

#include <functional>

namespace PlanLens {

namespace {

// The theme's colours, asked at paint time.
QColor ink() { return Theme::colour(Theme::Role::LegendInk); }
QColor muted() { return Theme::colour(Theme::Role::LegendMuted); }
QColor outline() { return Theme::colour(Theme::Role::LegendOutline); }
constexpr qreal kGap = 18;
constexpr qreal kBarWidth = 240;

QFont legendFont(int px, bool bold = false)
{
    QFont f = QGuiApplication::font();
    f.setPixelSize(px);
    f.setBold(bold);
    return f;
}

struct Block {
    qreal width;
    qreal height;
    std::function<void(QPainter *, QPointF)> draw;
};

// A swatch (drawn by the caller in a 28x16 box) followed by a label.
Block swatch(const QString &label, std::function<void(QPainter *, QRectF)> drawSwatch)
{
    const QFont f = legendFont(12);
    const qreal w = 28 + 7 + QFontMetricsF(f).horizontalAdvance(label);
    return {w, 18, [=](QPainter *p, QPointF at) {
                drawSwatch(p, QRectF(at.x(), at.y() + 1, 28, 16));
                p->setFont(f);
                p->setPen(muted());
                p->drawText(QRectF(at.x() + 35, at.y(), w - 35, 18), Qt::AlignVCenter | Qt::AlignLeft, label);
            }};
}

void pill(QPainter *p, QRectF r, const QString &text, const QColor &fill)
{
    p->setPen(Qt::NoPen);
    p->setBrush(fill);
    p->drawRoundedRect(r, r.height() / 2, r.height() / 2);
    p->setPen(Theme::textOn(fill));
    p->setFont(legendFont(10, true));
    p->drawText(r, Qt::AlignCenter, text);
}

QList<Block> blocks(const PlanColorScale &scale)
{
    QList<Block> out;
    // The colour scale: caption, gradient, figures under it.
    {
        const QFont cf = legendFont(12, true);
        const QFont tf = legendFont(10);
        const QString caption = scale.caption();
        const qreal w = std::max(kBarWidth + 48, QFontMetricsF(cf).horizontalAdvance(caption));
        out.append({w, 46, [=](QPainter *p, QPointF at) {
                        p->setFont(cf);
                        p->setPen(ink());
                        p->drawText(QRectF(at.x(), at.y(), w, 16), Qt::AlignLeft | Qt::AlignVCenter, caption);
                        const QRectF bar(at.x() + 24, at.y() + 20, kBarWidth, 11);
                        const double lo = scale.isDiverging() ? -1 : 0;
                        QLinearGradient g(bar.topLeft(), bar.topRight());
                        for (int i = 0; i <= 20; ++i) {
                            const double t = i / 20.0;
                            g.setColorAt(t, scale.colourAt(lo + (1 - lo) * t));
                        }
                        p->setPen(QPen(outline(), 0.8));
                        p->setBrush(g);
                        p->drawRoundedRect(bar, 3, 3);
                        p->setFont(tf);
                        const int ticks = scale.isDiverging() ? 7 : 5;
                        for (int i = 0; i < ticks; ++i) {
                            const double t = double(i) / (ticks - 1);
                            const double pos = lo + (1 - lo) * t;
                            QString label;
                            if (scale.isDiverging())
                                label = formatEstimateFactor(scale.valueAt(pos));
                            else if (i == 0)
                                label = QStringLiteral("0");
                            else if (scale.maxValue() > 0)
                                label = scale.formatValue(scale.valueAt(pos));
                            else
                                label = i == 0 ? QStringLiteral("0") : QString();
                            if (scale.metric() == PlanMetric::Buffers)
                                label = label.section(u' ', 0, 0);   // "1.2k blocks (9 MB)" → "1.2k"
                            const qreal x = bar.left() + bar.width() * t;
                            p->setPen(QPen(outline(), 0.8));
                            p->drawLine(QPointF(x, bar.bottom()), QPointF(x, bar.bottom() + 3));
                            p->setPen(muted());
                            p->drawText(QRectF(x - 40, bar.bottom() + 3, 80, 13), Qt::AlignHCenter | Qt::AlignTop, label);
                        }
                    }});
    }
    out.append(swatch(QStringLiteral("never executed"), [](QPainter *p, QRectF r) {
        QPen pen(Theme::colour(Theme::Role::NeverExecutedBorder), 1.2, Qt::DashLine);
        p->setPen(pen);
        p->setBrush(PlanColorScale::neverExecutedFill());
        p->drawRoundedRect(r, 4, 4);
    }));
    out.append(swatch(QStringLiteral("InitPlan / SubPlan / CTE"), [](QPainter *p, QRectF r) {
        QPen pen(Theme::colour(Theme::Role::SubplanEdge), 2, Qt::DashLine, Qt::FlatCap);
        pen.setDashPattern({2, 1.5});
        p->setPen(pen);
        p->drawLine(QPointF(r.left(), r.center().y()), QPointF(r.right(), r.center().y()));
    }));
    {
        const QFont f = legendFont(12);
        const QString label = QStringLiteral("rows: 1 · 1k · 1M");
        const qreal w = 54 + 7 + QFontMetricsF(f).horizontalAdvance(label);
        out.append({w, 18, [=](QPainter *p, QPointF at) {
                        qreal x = at.x();
                        const QColor edge = Theme::colour(Theme::Role::Edge);
                        for (double rows : {1.0, 1e3, 1e6}) {
                            p->setPen(QPen(edge, planGraphEdgeWidth(rows), Qt::SolidLine, Qt::FlatCap));
                            p->drawLine(QPointF(x + 6, at.y() + 2), QPointF(x + 6, at.y() + 16));
                            x += 18;
                        }
                        p->setFont(f);
                        p->setPen(muted());
                        p->drawText(QRectF(at.x() + 61, at.y(), w - 61, 18), Qt::AlignVCenter | Qt::AlignLeft, label);
                    }});
    }
    out.append(swatch(QStringLiteral("top 3 by exclusive time"), [](QPainter *p, QRectF r) {
        pill(p, r.adjusted(0, 1, 0, -1), QStringLiteral("#1"), Theme::rankBadge(1));
    }));
    out.append(swatch(QStringLiteral("rows off by 10× or more"), [](QPainter *p, QRectF r) {
        pill(p, r.adjusted(-6, 1, 2, -1), QStringLiteral("×12!"), Theme::estimateBadge(true));
    }));
    return out;
}

} // namespace

PlanLegend::PlanLegend(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("PlanLegend"));
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
}

void PlanLegend::setScale(const PlanColorScale &scale)
{
    m_scale = scale;
    if (m_compact)
        setCompact(true);   // the tool tip names the metric
    updateGeometry();
    update();
}

void PlanLegend::setSummary(const QString &summary)
{
    m_summary = summary;
    updateGeometry();
    update();
}

qreal PlanLegend::paint(QPainter *p, const QRectF &r, const PlanColorScale &scale, const QString &summary, bool dryRun)
{
    qreal y = r.top();
    if (!summary.isEmpty()) {
        if (!dryRun) {
            p->setFont(legendFont(12, true));
            p->setPen(ink());
            p->drawText(QRectF(r.left(), y, r.width(), 18), Qt::AlignLeft | Qt::AlignVCenter,
                        QFontMetricsF(legendFont(12, true)).elidedText(summary, Qt::ElideRight, r.width()));
        }
        y += 24;
    }
    // Flow the blocks left to right. The colour scale comes first and is tall; small blocks in its row sit on the
    // line of its bar, those in later rows at the top of theirs.
    qreal x = r.left();
    qreal rowHeight = 0;
    bool firstRow = true;
    for (const Block &b : blocks(scale)) {
        if (x > r.left() && x + b.width > r.right()) {
            x = r.left();
            y += rowHeight + 8;
            rowHeight = 0;
            firstRow = false;
        }
        const qreal dy = firstRow && b.height < 46 ? 17 : 0;
        if (!dryRun && p) {
            p->save();
            p->setRenderHint(QPainter::Antialiasing);
            b.draw(p, QPointF(x, y + dy));
            p->restore();
        }
        rowHeight = std::max(rowHeight, b.height + dy);
        x += b.width + kGap;
    }
    y += rowHeight;
    return y - r.top();
}

qreal PlanLegend::heightFor(qreal width, const PlanColorScale &scale, const QString &summary)
{
    return paint(nullptr, QRectF(0, 0, width, 1e6), scale, summary, true);
}

void PlanLegend::setCompact(bool compact)
{
    m_compact = compact;
    setToolTip(compact ? tr("The colour is %1; edge width shows rows; #1–#3 mark the most exclusive time; "
                            "a red ×N! pill marks a row estimate off by 10× or more; dashed cards never ran.")
                             .arg(m_scale.caption().toLower())
                       : QString());
    updateGeometry();
    update();
}

qreal PlanLegend::paintCompact(QPainter *p, const QRectF &r, const PlanColorScale &scale, const QString &summary)
{
    constexpr qreal kLine = 18;
    qreal x = r.left();
    const qreal y = r.top();
    const QFont bold = legendFont(12, true);
    if (!summary.isEmpty()) {
        const QFontMetricsF fm(bold);
        const QString text = fm.elidedText(summary, Qt::ElideRight, r.width() * 0.45);
        p->setFont(bold);
        p->setPen(ink());
        p->drawText(QRectF(x, y, fm.horizontalAdvance(text) + 2, kLine), Qt::AlignLeft | Qt::AlignVCenter, text);
        x += fm.horizontalAdvance(text) + kGap;
    }
    // The colour bar, short, with its ends labelled.
    {
        const QFont f = legendFont(11);
        const QFontMetricsF fm(f);
        const double lo = scale.isDiverging() ? -1 : 0;
        const QString left = scale.isDiverging() ? formatEstimateFactor(scale.valueAt(-1)) : QStringLiteral("0");
        const QString right = scale.maxValue() > 0 || scale.isDiverging() ? scale.formatValue(scale.valueAt(1))
                                                                          : QString();
        const QString caption = scale.caption();
        const qreal barWidth = 110;
        const qreal need = fm.horizontalAdvance(caption) + 8 + fm.horizontalAdvance(left) + 4 + barWidth + 4
            + fm.horizontalAdvance(right);
        if (x + need <= r.right()) {
            p->setFont(f);
            p->setPen(muted());
            p->drawText(QRectF(x, y, fm.horizontalAdvance(caption) + 2, kLine), Qt::AlignVCenter, caption);
            x += fm.horizontalAdvance(caption) + 8;
            p->drawText(QRectF(x, y, fm.horizontalAdvance(left) + 2, kLine), Qt::AlignVCenter, left);
            x += fm.horizontalAdvance(left) + 4;
            const QRectF bar(x, y + 4, barWidth, 10);
            QLinearGradient g(bar.topLeft(), bar.topRight());
            for (int i = 0; i <= 20; ++i)
                g.setColorAt(i / 20.0, scale.colourAt(lo + (1 - lo) * (i / 20.0)));
            p->setPen(QPen(outline(), 0.8));
            p->setBrush(g);
            p->drawRoundedRect(bar, 3, 3);
            x += barWidth + 4;
            p->setPen(muted());
            p->drawText(QRectF(x, y, fm.horizontalAdvance(right) + 2, kLine), Qt::AlignVCenter, right);
            x += fm.horizontalAdvance(right) + kGap;
        }
    }
    // The small blocks (everything after the colour scale) while they fit on the line.
    const QList<Block> all = blocks(scale);
    for (qsizetype i = 1; i < all.size(); ++i) {
        if (x + all[i].width > r.right())
            break;
        p->save();
        p->setRenderHint(QPainter::Antialiasing);
        all[i].draw(p, QPointF(x, y));
        p->restore();
        x += all[i].width + kGap;
    }
    return kLine;
}

QSize PlanLegend::sizeHint() const
{
    return QSize(900, heightForWidth(900));
}

QSize PlanLegend::minimumSizeHint() const
{
    return QSize(300, heightForWidth(300));
}

int PlanLegend::heightForWidth(int width) const
{
    if (m_compact)
        return 18 + 10;
    return int(std::ceil(heightFor(width - 16, m_scale, m_summary))) + 12;
}

void PlanLegend::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.fillRect(rect(), palette().color(QPalette::Base));
    p.setPen(palette().color(QPalette::Mid));
    p.drawLine(rect().topLeft(), rect().topRight());
    if (m_compact)
        paintCompact(&p, QRectF(rect()).adjusted(8, 5, -8, -5), m_scale, m_summary);
    else
        paint(&p, QRectF(rect()).adjusted(8, 6, -8, -6), m_scale, m_summary);
}

} // namespace PlanLens
