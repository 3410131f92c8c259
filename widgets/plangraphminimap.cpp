// SPDX-License-Identifier: MIT
#include "plangraphminimap.h"
#include "plangraphscene.h"
#include "plangraphview.h"
#include "theme.h"

#include "jobs/workpool.h"

#include <QFutureWatcher>
#include <QMouseEvent>
#include <QPainter>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>

namespace PlanLens {

namespace {
constexpr int kMaxWidth = 220;
constexpr int kMaxHeight = 150;
constexpr int kBorder = 4;
constexpr qsizetype kDrawHereNodes = 5000;   // more are drawn on a worker
} // namespace

PlanGraphMinimap::PlanGraphMinimap(PlanGraphView *view)
    : QWidget(view)
    , m_view(view)
{
    setObjectName(QStringLiteral("PlanGraphMinimap"));
    setCursor(Qt::PointingHandCursor);
    setToolTip(tr("Overview: click or drag to move the view"));
    setAttribute(Qt::WA_OpaquePaintEvent, false);
}

QRectF PlanGraphMinimap::contentRect() const
{
    return QRectF(rect()).adjusted(kBorder, kBorder, -kBorder, -kBorder);
}

void PlanGraphMinimap::rebuild()
{
    const PlanGraphData &d = m_view->graphScene()->data();
    m_sceneRect = d.bounds.adjusted(-20, -20, 20, 20);
    if (d.isEmpty() || m_sceneRect.isEmpty()) {
        ++m_generation;
        m_image = QImage();
        return;
    }
    const qreal aspect = m_sceneRect.width() / m_sceneRect.height();
    int w = kMaxWidth, h = kMaxHeight;
    if (aspect > qreal(kMaxWidth) / kMaxHeight)
        h = std::max(28, int(kMaxWidth / aspect));
    else
        w = std::max(28, int(kMaxHeight * aspect));
    resize(w + 2 * kBorder, h + 2 * kBorder);

    const qreal dpr = devicePixelRatioF();
    const quint64 generation = ++m_generation;
    if (d.nodes.size() <= kDrawHereNodes) {
        m_image = drawImage(d.nodes, m_sceneRect, QSize(w, h), dpr);
        update();
        return;
    }
    // 100,000 cards take tens of ms to draw: a worker paints them (QImage is safe off the GUI thread), and the
    // frame shows on the old picture, or none, until then.
    m_image = QImage();
    auto *watcher = new QFutureWatcher<QImage>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, generation] {
        watcher->deleteLater();
        if (generation != m_generation)
            return;   // a newer layout is being drawn
        m_image = watcher->result();
        update();
    });
    watcher->setFuture(QtConcurrent::run(workPool(), [nodes = d.nodes, rect = m_sceneRect, size = QSize(w, h), dpr] {
        return drawImage(nodes, rect, size, dpr);
    }));
}

QImage PlanGraphMinimap::drawImage(const QList<PlanGraphData::Node> &nodes, const QRectF &sceneRect, const QSize &size,
                                   qreal dpr)
{
    QImage image(size * dpr, QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(dpr);
    image.fill(Qt::transparent);
    QPainter p(&image);
    const bool dark = Theme::isDark();   // off the GUI thread: the theme last seen there
    const qreal sx = size.width() / sceneRect.width(), sy = size.height() / sceneRect.height();
    for (const PlanGraphData::Node &n : nodes) {
        if (n.rect.isNull())
            continue;
        // Every card at least one pixel, so a 100,000-node plan still shows where its mass is.
        const QRectF r((n.rect.left() - sceneRect.left()) * sx, (n.rect.top() - sceneRect.top()) * sy,
                       std::max(1.0 / dpr, n.rect.width() * sx), std::max(1.0 / dpr, n.rect.height() * sy));
        p.fillRect(r, dark ? QColor::fromRgb(n.fill).lighter(115) : QColor::fromRgb(n.fill).darker(108));
    }
    return image;
}

void PlanGraphMinimap::viewChanged()
{
    update();
}

QRectF PlanGraphMinimap::viewportFrame() const
{
    if (m_sceneRect.isEmpty())
        return {};
    const QRectF c = contentRect();
    const QRectF v = m_view->visibleSceneRect();
    const qreal sx = c.width() / m_sceneRect.width(), sy = c.height() / m_sceneRect.height();
    return QRectF(c.left() + (v.left() - m_sceneRect.left()) * sx, c.top() + (v.top() - m_sceneRect.top()) * sy,
                  v.width() * sx, v.height() * sy)
        .intersected(c.adjusted(-1, -1, 1, 1));
}

QPointF PlanGraphMinimap::toScene(const QPointF &pos) const
{
    const QRectF c = contentRect();
    if (c.isEmpty())
        return {};
    return QPointF(m_sceneRect.left() + (pos.x() - c.left()) / c.width() * m_sceneRect.width(),
                   m_sceneRect.top() + (pos.y() - c.top()) / c.height() * m_sceneRect.height());
}

void PlanGraphMinimap::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(QPen(Theme::colour(Theme::Role::MinimapFrame), 1));
    p.setBrush(Theme::colour(Theme::Role::MinimapFill));
    p.drawRoundedRect(QRectF(rect()).adjusted(0.5, 0.5, -0.5, -0.5), 5, 5);
    if (m_image.isNull())
        return;
    p.drawImage(contentRect().topLeft(), m_image);
    const QRectF f = viewportFrame();
    if (!f.isEmpty()) {
        QColor frame = Theme::colour(Theme::Role::MinimapViewport);
        p.setPen(QPen(frame, 1.5));
        frame.setAlpha(30);
        p.setBrush(frame);
        p.drawRect(f.width() < 3 || f.height() < 3 ? QRectF(f.center() - QPointF(2, 2), QSizeF(4, 4)) : f);
    }
}

void PlanGraphMinimap::changeEvent(QEvent *event)
{
    // A theme change: the scene recolours its cards after the widgets hear of it, so redraw on the next turn.
    if (event->type() == QEvent::PaletteChange && !m_image.isNull())
        QMetaObject::invokeMethod(this, &PlanGraphMinimap::rebuild, Qt::QueuedConnection);
    QWidget::changeEvent(event);
}

void PlanGraphMinimap::mousePressEvent(QMouseEvent *event)
{
    m_view->centerOn(toScene(event->position()));
    event->accept();
}

void PlanGraphMinimap::mouseMoveEvent(QMouseEvent *event)
{
    if (event->buttons() & Qt::LeftButton)
        m_view->centerOn(toScene(event->position()));
    event->accept();
}

} // namespace PlanLens
