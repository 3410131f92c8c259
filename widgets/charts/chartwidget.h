// SPDX-License-Identifier: MIT
#pragma once

#include <qcustomplot.h>

#include <QString>

namespace PlanLens {

// The common ground of the compare charts: a QCustomPlot that zooms (wheel) and pans (drag), shows the value
// under the mouse as a tool tip with a tracer dot, resets its view on double-click, and saves itself as PNG or
// PDF (context menu, or exportTo()).
class ChartWidget : public QCustomPlot
{
    Q_OBJECT
public:
    explicit ChartWidget(QWidget *parent = nullptr);

    // What the chart says about the point under `pixel` (widget coordinates), with the data point it
    // names in plot coordinates; empty text when nothing is near. Pure: the hover tool tip shows this.
    struct Hover {
        QString text;
        QPointF coords;                 // x on hAxis, y on vAxis
        QCPAxis *hAxis = nullptr;       // horizontal and vertical axes of `coords` (default: xAxis, yAxis)
        QCPAxis *vAxis = nullptr;
    };
    virtual Hover hoverAt(const QPointF &pixel) const = 0;

    // The tool tip text shown last (empty when the mouse is over nothing): for tests and the status bar.
    QString lastHoverText() const { return m_lastHover; }
    // Writes the chart by the file's suffix: .png, .jpg, .bmp or .pdf. Width/height 0: the widget's size.
    bool exportTo(const QString &fileName, int width = 0, int height = 0);
    // Shows all data again after zooming or panning.
    virtual void resetView();
    // True when the chart has something to show (the compare view hides empty ones).
    virtual bool hasData() const = 0;

signals:
    void hovered(const QString &text);

protected:
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void leaveEvent(QEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;
    void changeEvent(QEvent *event) override;
    // Background, axes, legend, texts and guide lines in the theme's colours (at start and on a palette change).
    void applyChartTheme();
    // Shows `message` centred when there is no data (and hides the axes' ticks).
    void setEmptyMessage(const QString &message);
    // Distance in pixels between a point in plot coordinates (x on hAxis, y on vAxis) and a widget pixel.
    static double pixelDistance(const QCPAxis *hAxis, const QCPAxis *vAxis, const QPointF &coords,
                                const QPointF &pixel);
    static constexpr double kHoverRadius = 12;

private:
    void showHover(const Hover &h, const QPoint &globalPos);
    QCPItemTracer *m_tracer = nullptr;
    QCPItemText *m_empty = nullptr;
    QString m_lastHover;
};

} // namespace PlanLens
