// SPDX-License-Identifier: MIT
#include "chartwidget.h"

#include <QContextMenuEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QToolTip>

namespace PlanLens {

ChartWidget::ChartWidget(QWidget *parent)
    : QCustomPlot(parent)
{
    setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    setMouseTracking(true);
    setMinimumSize(240, 160);
    setBackground(palette().base());
    m_tracer = new QCPItemTracer(this);
    m_tracer->setStyle(QCPItemTracer::tsCircle);
    m_tracer->setSize(9);
    m_tracer->setPen(QPen(QColor(0x20, 0x20, 0x20), 1.5));
    m_tracer->setBrush(Qt::NoBrush);
    m_tracer->setVisible(false);
    m_tracer->setClipToAxisRect(true);
    m_empty = new QCPItemText(this);
    m_empty->position->setType(QCPItemPosition::ptAxisRectRatio);
    m_empty->position->setCoords(0.5, 0.5);
    m_empty->setColor(QColor(0x70, 0x70, 0x70));
    m_empty->setVisible(false);
    m_empty->setClipToAxisRect(false);
}

bool ChartWidget::exportTo(const QString &fileName, int width, int height)
{
    const bool tracerWasVisible = m_tracer->visible();
    m_tracer->setVisible(false);
    const QString suffix = QFileInfo(fileName).suffix().toLower();
    bool ok = false;
    if (suffix == u"pdf")
        ok = savePdf(fileName, width, height);
    else if (suffix == u"jpg" || suffix == u"jpeg")
        ok = saveJpg(fileName, width, height);
    else if (suffix == u"bmp")
        ok = saveBmp(fileName, width, height);
    else
        ok = savePng(fileName, width, height);
    m_tracer->setVisible(tracerWasVisible);
    return ok;
}

void ChartWidget::resetView()
{
    rescaleAxes();
    replot();
}

void ChartWidget::setEmptyMessage(const QString &message)
{
    m_empty->setText(message);
    m_empty->setVisible(!message.isEmpty());
}

double ChartWidget::pixelDistance(const QCPAxis *hAxis, const QCPAxis *vAxis, const QPointF &coords,
                                  const QPointF &pixel)
{
    return QLineF(QPointF(hAxis->coordToPixel(coords.x()), vAxis->coordToPixel(coords.y())), pixel).length();
}

void ChartWidget::mouseMoveEvent(QMouseEvent *event)
{
    QCustomPlot::mouseMoveEvent(event);
    if (event->buttons() != Qt::NoButton)
        return; // dragging: the view moves, the tool tip would flicker
    showHover(hoverAt(event->position()), event->globalPosition().toPoint());
}

void ChartWidget::showHover(const Hover &h, const QPoint &globalPos)
{
    const bool changed = h.text != m_lastHover;
    m_lastHover = h.text;
    if (h.text.isEmpty()) {
        if (m_tracer->visible()) {
            m_tracer->setVisible(false);
            replot(QCustomPlot::rpQueuedReplot);
        }
        QToolTip::hideText();
    } else {
        m_tracer->position->setAxes(h.hAxis ? h.hAxis : xAxis, h.vAxis ? h.vAxis : yAxis);
        m_tracer->position->setCoords(h.coords);
        m_tracer->setVisible(true);
        replot(QCustomPlot::rpQueuedReplot);
        QToolTip::showText(globalPos, h.text, this);
    }
    if (changed)
        emit hovered(h.text);
}

void ChartWidget::mouseDoubleClickEvent(QMouseEvent *event)
{
    QCustomPlot::mouseDoubleClickEvent(event);
    resetView();
}

void ChartWidget::leaveEvent(QEvent *event)
{
    QCustomPlot::leaveEvent(event);
    showHover({}, {});
}

void ChartWidget::contextMenuEvent(QContextMenuEvent *event)
{
    QMenu menu(this);
    menu.addAction(tr("Reset zoom"), this, &ChartWidget::resetView);
    menu.addSeparator();
    menu.addAction(tr("Save as PNG…"), this, [this] {
        const QString f = QFileDialog::getSaveFileName(this, tr("Save chart"), QStringLiteral("chart.png"),
                                                       tr("PNG image (*.png)"));
        if (!f.isEmpty())
            exportTo(f);
    });
    menu.addAction(tr("Save as PDF…"), this, [this] {
        const QString f = QFileDialog::getSaveFileName(this, tr("Save chart"), QStringLiteral("chart.pdf"),
                                                       tr("PDF document (*.pdf)"));
        if (!f.isEmpty())
            exportTo(f);
    });
    menu.exec(event->globalPos());
}

} // namespace PlanLens
