// SPDX-License-Identifier: MIT
#pragma once

#include <QImage>
#include <QRectF>
#include <QString>
#include <QTransform>

namespace PlanLens {

class PlanGraphScene;

struct PlanExportOptions {
    QRectF area;              // scene rectangle to draw; empty = the whole graph
    bool legend = true;       // the legend strip under the graph
    int width = 0;            // output width in pixels; 0 = 1:1 up to kNaturalWidthLimit
    QString summary;          // one line over the legend ("12 nodes · execution 1,012 ms"); empty = none
    bool keepSelection = false;   // draw the selection ring and find marks too

    static constexpr int kNaturalWidthLimit = 4000;
    static constexpr int kMaxSide = 30000;   // a larger graph is scaled down to fit
};

// The picture an export writes, as a raster image (PNG export, tests).
QImage renderPlanGraph(PlanGraphScene &scene, const PlanExportOptions &options);

// Writes PNG, SVG or PDF, chosen by the file name's suffix. Returns false with a sentence in *error.
bool exportPlanGraph(PlanGraphScene &scene, const QString &fileName, const PlanExportOptions &options,
                     QString *error = nullptr);

// The output size in pixels an export of these options has (the PDF page is the same at 96 dpi).
QSize planExportSize(const PlanGraphScene &scene, const PlanExportOptions &options);
// Where a scene point lands in that output.
QTransform planExportTransform(const PlanGraphScene &scene, const PlanExportOptions &options);

} // namespace PlanLens
