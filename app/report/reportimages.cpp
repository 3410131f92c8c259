// SPDX-License-Identifier: MIT
#include "reportimages.h"

#include "charts/runtimechart.h"
#include "planexport.h"
#include "plangraphdata.h"
#include "plangraphscene.h"
#include "reportdata.h"

#include <QApplication>
#include <QBuffer>
#include <QFile>
#include <QPixmap>
#include <QTemporaryDir>

#include <cmath>

namespace PlanLens {

namespace {

// As `planlens render --direction auto`: a top-down strip many times wider than tall (wide Appends) shrinks to
// dots on a page, so such plans are drawn left to right when that is closer to a page's proportions.
PlanGraphData layoutForPage(const Plan& plan)
{
    PlanGraphSettings settings;
    PlanGraphData data = preparePlanGraph(plan, settings);
    const auto skew = [](const QRectF& b) { return std::abs(std::log(b.width() / b.height() / (4.0 / 3.0))); };
    if (data.bounds.width() > 4 * data.bounds.height()) {
        settings.direction = LayoutDirection::LeftRight;
        PlanGraphData other = preparePlanGraph(plan, settings);
        if (skew(other.bounds) < skew(data.bounds)) data = std::move(other);
    }
    return data;
}

QByteArray pngBytes(const QImage& image)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return bytes;
}

bool renderGraph(const ReportSide& side, ReportImageKinds kind, ReportImages* images, int s, QString* error)
{
    PlanGraphScene scene;
    scene.setGraph(side.plan, layoutForPage(side.plan));
    PlanExportOptions options;
    options.summary = QStringLiteral("%1 · %2").arg(side.name, side.planSummary);
    options.width = std::min(planExportSize(scene, options).width(), int(ReportImages::kMaxGraphWidth));
    images->graphSize[s] = planExportSize(scene, options);
    if (kind == ReportImageKinds::Png) {
        const QImage image = renderPlanGraph(scene, options);
        if (image.isNull()) {
            *error = QStringLiteral("The %1 plan is too large to draw.").arg(side.name);
            return false;
        }
        images->graphPng[s] = pngBytes(image);
        return true;
    }
    // exportPlanGraph writes files: draw into a private temporary directory and read the SVG back.
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("graph.svg"));
    if (!dir.isValid() || !exportPlanGraph(scene, file, options, error)) return false;
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("Could not read the drawn graph back: %1").arg(f.errorString());
        return false;
    }
    images->graphSvg[s] = f.readAll();
    return true;
}

} // namespace

bool renderReportImages(const ReportData& data, ReportImageKinds graphs, ReportImages* images, QString* error)
{
    if (!qobject_cast<QApplication*>(QCoreApplication::instance())) {
        *error = QStringLiteral("Drawing the report's pictures needs a QApplication.");
        return false;
    }
    for (int s = 0; s < 2; ++s)
        if (!data.sides[s].plan.isEmpty() && !renderGraph(data.sides[s], graphs, images, s, error)) return false;
    if (data.run && (!data.run->before.runsMs.isEmpty() || !data.run->after.runsMs.isEmpty())) {
        RunTimeChart chart;
        chart.resize(ReportImages::kRunsWidth, ReportImages::kRunsHeight);
        chart.setRunTimes(data.run->before.runsMs, data.run->after.runsMs);
        // Twice the pixels of its laid-out size: sharp on screens with a high density and on paper.
        const QPixmap pixmap = chart.toPixmap(ReportImages::kRunsWidth, ReportImages::kRunsHeight, 2.0);
        images->runsPng = pngBytes(pixmap.toImage());
        images->runsSize = QSize(ReportImages::kRunsWidth, ReportImages::kRunsHeight);
    }
    return true;
}

} // namespace PlanLens
