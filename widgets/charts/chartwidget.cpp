// SPDX-License-Identifier: MIT
#include "chartwidget.h"
#include "theme.h"

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
    m_tracer = new QCPItemTracer(this);
    m_tracer->setStyle(QCPItemTracer::tsCircle);
    m_tracer->setSize(9);
    m_tracer->setPen(QPen(Theme::colour(Theme::Role::ChartTracer), 1.5));
    m_tracer->setBrush(Qt::NoBrush);
    m_tracer->setVisible(false);
    m_tracer->setClipToAxisRect(true);
    m_empty = new QCPItemText(this);
    m_empty->position->setType(QCPItemPosition::ptAxisRectRatio);
    m_empty->position->setCoords(0.5, 0.5);
    m_empty->setVisible(false);
    m_empty->setClipToAxisRect(false);
    applyChartTheme();
}

void ChartWidget::changeEvent(QEvent *event)
{
    QCustomPlot::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        applyChartTheme();
        replot();
    }
}

void ChartWidget::applyChartTheme()
{
    using R = Theme::Role;
    const QColor ink = Theme::colour(R::ChartInk), grid = Theme::colour(R::ChartGrid);
    setBackground(palette().base());
    for (QCPAxisRect *rect : axisRects()) {
        for (QCPAxis *axis : rect->axes()) {
            axis->setBasePen(QPen(ink, 0));
            axis->setTickPen(QPen(ink, 0));
            axis->setSubTickPen(QPen(ink, 0));
            axis->setTickLabelColor(ink);
            axis->setLabelColor(ink);
            axis->grid()->setPen(QPen(grid, 0, Qt::DotLine));
            axis->grid()->setZeroLinePen(QPen(grid, 0));
        }
    }
    legend->setBrush(Theme::colour(R::ChartLegendFill));
    legend->setBorderPen(QPen(Theme::colour(R::ChartMuted), 0));
    legend->setTextColor(ink);
    for (QCPLayoutElement *e : plotLayout()->elements(true))
        if (auto *title = qobject_cast<QCPTextElement *>(e))
            title->setTextColor(ink);
    m_tracer->setPen(QPen(Theme::colour(R::ChartTracer), 1.5));
    for (int i = 0; i < itemCount(); ++i) {
        if (auto *text = qobject_cast<QCPItemText *>(item(i))) {
            text->setColor(text == m_empty ? Theme::colour(R::ChartMuted) : ink);
        } else if (auto *line = qobject_cast<QCPItemStraightLine *>(item(i))) {
            QPen pen = line->pen();   // solid: the main guide; dashed: the secondary ones
            pen.setColor(Theme::colour(pen.style() == Qt::SolidLine ? R::ChartGuide : R::ChartMuted));
            line->setPen(pen);
        }
    }
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
