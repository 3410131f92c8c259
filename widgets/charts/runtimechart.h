// SPDX-License-Identifier: MIT
#pragma once

#include "chartwidget.h"

namespace PlanLens {

// The distribution of repeated run times of both sides: a box plot (quartiles, whiskers at 1.5 IQR, outliers)
// with every run drawn as a dot beside its box, and the median speed-up as the title. The y axis turns
// logarithmic when the two sides differ by more than 20×, so both boxes stay readable.
class RunTimeChart : public ChartWidget
{
    Q_OBJECT
public:
    explicit RunTimeChart(QWidget *parent = nullptr);

    void setRunTimes(const QList<double> &beforeMs, const QList<double> &afterMs);
    void clear();

    struct Summary {
        int count = 0;
        double min = 0;
        double lowerQuartile = 0;
        double median = 0;
        double upperQuartile = 0;
        double max = 0;
        double lowerWhisker = 0;    // lowest run within 1.5 IQR of the box
        double upperWhisker = 0;
        QList<double> outliers;
    };
    // Quartiles by linear interpolation between order statistics (R type 7, as numpy's default).
    static Summary summarize(QList<double> values);

    const Summary &beforeSummary() const { return m_summary[0]; }
    const Summary &afterSummary() const { return m_summary[1]; }
    QString title() const;                       // "Median 128.47 ms → 1.69 ms (×76.0 faster), 7 runs each"
    bool isLogScale() const;
    QPointF runPixel(bool after, int run) const; // where a run's dot is drawn (tests hover it)

    Hover hoverAt(const QPointF &pixel) const override;
    bool hasData() const override { return m_summary[0].count > 0 || m_summary[1].count > 0; }
    void resetView() override;

private:
    double dotKey(int side, int run) const;
    QList<double> m_runs[2];
    Summary m_summary[2];
    QCPStatisticalBox *m_box[2] = {};
    QCPGraph *m_dots[2] = {};
    QCPTextElement *m_title = nullptr;
};

} // namespace PlanLens
