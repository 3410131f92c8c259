// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QSize>
#include <QString>

namespace PlanLens {

struct ReportData;

// The pictures of a report: each side's plan graph (as `planlens render` draws it, with its legend) and the
// run distribution chart (the Compare view's box plot). Painting needs a QApplication (offscreen is fine).
struct ReportImages {
    QByteArray graphPng[2]; // empty when the side has no plan
    QByteArray graphSvg[2]; // SVG document text, for inlining
    QSize graphSize[2]; // pixels of the PNG
    QByteArray runsPng; // empty without measured runs
    QSize runsSize; // CSS pixels the chart is laid out at (the PNG has twice as many)

    static constexpr int kMaxGraphWidth = 2400; // a wider graph is scaled down in the PNG
    static constexpr int kRunsWidth = 860;
    static constexpr int kRunsHeight = 400;
};

enum class ReportImageKinds { Png, Svg };

// Renders what the report's format needs (PNG graphs for Markdown, SVG graphs for HTML; the chart is PNG in
// both). Returns false with a sentence in *error when painting is impossible (no QApplication).
bool renderReportImages(const ReportData& data, ReportImageKinds graphs, ReportImages* images, QString* error);

} // namespace PlanLens
