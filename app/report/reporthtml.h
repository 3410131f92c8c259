// SPDX-License-Identifier: MIT
#pragma once

#include "reportdocument.h"

#include <QByteArray>
#include <QString>

namespace PlanLens {

struct ReportImages;

// The report as one self-contained HTML file (UTF-8): the stylesheet (screen and print) inline, the plan graphs
// as inline SVG, the run chart as a data: PNG. Nothing is loaded from anywhere, so it opens with no network.
// The markup is XHTML-compatible (every element closed, only the XML entities), so an XML parser can check it.
QByteArray reportHtml(const QString& title, const QList<ReportBlock>& blocks, const ReportImages& images);

// An SVG document made ready to sit inside HTML: no XML declaration or DOCTYPE, its ids prefixed with `idPrefix`
// (two graphs in one page would otherwise share ids), and sized by CSS to the page width, at most naturalWidth px.
QByteArray inlineSvg(const QByteArray& svg, const QString& idPrefix, int naturalWidth);

} // namespace PlanLens
