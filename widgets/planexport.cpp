// SPDX-License-Identifier: MIT
#include "planexport.h"
#include "plangraphscene.h"
#include "planlegend.h"
#include "theme.h"

#include <QFileInfo>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QSvgGenerator>

#include <cmath>

namespace PlanLens {

namespace {

constexpr int kPad = 24;
constexpr int kLegendMinWidth = 720;   // below this the legend would wrap into a tall column

struct Geometry {
    QRectF source;      // scene
    QRectF target;      // output pixels
    QRectF legend;      // output pixels; empty when there is none
    QSize size;
};

Geometry geometry(const PlanGraphScene &scene, const PlanExportOptions &o)
{
    Geometry g;
    g.source = o.area.isEmpty() ? scene.data().bounds.adjusted(-16, -16, 16, 16) : o.area;
    if (g.source.isEmpty())
        g.source = QRectF(0, 0, 400, 100);
    qreal s;
    if (o.width > 0)
        s = std::max(1.0, qreal(o.width - 2 * kPad)) / g.source.width();
    else
        s = std::min<qreal>(1.0, qreal(PlanExportOptions::kNaturalWidthLimit) / g.source.width());
    s = std::min<qreal>(s, qreal(PlanExportOptions::kMaxSide) / std::max(g.source.width(), g.source.height()));
    const qreal graphW = g.source.width() * s, graphH = g.source.height() * s;
    qreal outW = o.width > 0 ? o.width : graphW + 2 * kPad;
    if (o.legend && o.width <= 0)
        outW = std::max<qreal>(outW, kLegendMinWidth);
    qreal legendH = 0;
    if (o.legend)
        legendH = PlanLegend::heightFor(outW - 2 * kPad, scene.data().scale, o.summary);
    g.target = QRectF((outW - graphW) / 2, kPad, graphW, graphH);
    if (o.legend)
        g.legend = QRectF(kPad, kPad + graphH + 18, outW - 2 * kPad, legendH);
    const qreal outH = kPad + graphH + (o.legend ? 18 + legendH + 6 : 0) + kPad;
    g.size = QSize(int(std::ceil(outW)), int(std::ceil(outH)));
    return g;
}

void paintAll(QPainter &p, PlanGraphScene &scene, const PlanExportOptions &o, const Geometry &g)
{
    const int selected = scene.selectedNode();
    QList<int> hits;
    if (!o.keepSelection) {
        for (int id = 0; id < scene.nodeCount(); ++id)
            if (scene.isFindHit(id))
                hits.append(id);
        scene.setSelectedNode(-1);
        scene.setFindHits({});
    }
    p.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing | QPainter::SmoothPixmapTransform);
    p.fillRect(QRectF(QPointF(0, 0), QSizeF(g.size)), PlanGraphScene::backgroundColour());
    // The scene's own background is left out: the page already has it, and an SVG stays free of a huge rectangle.
    const QBrush bg = scene.backgroundBrush();
    scene.setBackgroundBrush(Qt::NoBrush);
    scene.render(&p, g.target, g.source, Qt::KeepAspectRatio);
    scene.setBackgroundBrush(bg);
    if (o.legend) {
        p.setPen(QPen(Theme::colour(Theme::Role::ChartGrid), 1));   // a quiet rule on the page of either theme
        p.drawLine(QPointF(g.legend.left(), g.legend.top() - 9), QPointF(g.legend.right(), g.legend.top() - 9));
        PlanLegend::paint(&p, g.legend, scene.data().scale, o.summary);
    }
    if (!o.keepSelection) {
        scene.setSelectedNode(selected);
        scene.setFindHits(hits);
    }
}

} // namespace

QSize planExportSize(const PlanGraphScene &scene, const PlanExportOptions &options)
{
    return geometry(scene, options).size;
}

QTransform planExportTransform(const PlanGraphScene &scene, const PlanExportOptions &options)
{
    const Geometry g = geometry(scene, options);
    // The target keeps the source's aspect ratio, so one factor serves both axes.
    const qreal s = g.target.width() / g.source.width();
    return QTransform::fromTranslate(-g.source.left(), -g.source.top()) * QTransform::fromScale(s, s)
        * QTransform::fromTranslate(g.target.left(), g.target.top());
}

QImage renderPlanGraph(PlanGraphScene &scene, const PlanExportOptions &options)
{
    const Geometry g = geometry(scene, options);
    QImage image(g.size, QImage::Format_ARGB32_Premultiplied);
    if (image.isNull())
        return image;
    image.fill(PlanGraphScene::backgroundColour());
    QPainter p(&image);
    paintAll(p, scene, options, g);
    return image;
}

bool exportPlanGraph(PlanGraphScene &scene, const QString &fileName, const PlanExportOptions &options, QString *error)
{
    auto fail = [error](const QString &message) {
        if (error)
            *error = message;
        return false;
    };
    const QString suffix = QFileInfo(fileName).suffix().toLower();
    const Geometry g = geometry(scene, options);
    if (suffix == u"png") {
        const QImage image = renderPlanGraph(scene, options);
        if (image.isNull())
            return fail(QStringLiteral("The image (%1×%2 pixels) is too large to render; give a smaller --width.")
                            .arg(g.size.width())
                            .arg(g.size.height()));
        if (!image.save(fileName, "PNG"))
            return fail(QStringLiteral("Could not write %1.").arg(fileName));
        return true;
    }
    if (suffix == u"svg") {
        QSvgGenerator svg;
        svg.setFileName(fileName);
        svg.setSize(g.size);
        svg.setViewBox(QRect(QPoint(0, 0), g.size));
        svg.setTitle(QStringLiteral("Query plan"));
        svg.setDescription(options.summary);
        QPainter p;
        if (!p.begin(&svg))
            return fail(QStringLiteral("Could not write %1.").arg(fileName));
        paintAll(p, scene, options, g);
        p.end();
        return true;
    }
    if (suffix == u"pdf") {
        QPdfWriter pdf(fileName);
        pdf.setCreator(QStringLiteral("PlanLens"));
        pdf.setTitle(QStringLiteral("Query plan"));
        // One page exactly the size of the picture: 96 px per inch, unless that would pass the 200-inch
        // (14,400 pt) page limit of PDF readers; then more pixels per inch.
        const int longest = std::max(g.size.width(), g.size.height());
        const int dpi = std::max(96, int(std::ceil(longest * 72.0 / 14000.0)));
        pdf.setResolution(dpi);
        pdf.setPageSize(QPageSize(QSizeF(g.size) * 72.0 / dpi, QPageSize::Point, QString(), QPageSize::ExactMatch));
        pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
        QPainter p;
        if (!p.begin(&pdf))
            return fail(QStringLiteral("Could not write %1.").arg(fileName));
        paintAll(p, scene, options, g);
        p.end();
        return true;
    }
    return fail(QStringLiteral("Unknown image format '%1': use .png, .svg or .pdf.").arg(suffix));
}

} // namespace PlanLens
