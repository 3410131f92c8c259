// SPDX-License-Identifier: MIT
#pragma once

#include "reportdocument.h"

#include <QString>

namespace PlanLens {

// The report as CommonMark (GitHub-flavoured tables). Pictures are links to the PNG files named in `images`
// (relative to the Markdown file); an empty name leaves the picture out. All text from the session is escaped:
// it can neither start Markdown structure nor inject HTML.
struct ReportImageFiles {
    QString beforeGraph;
    QString afterGraph;
    QString runChart;
};
QString reportMarkdown(const QList<ReportBlock>& blocks, const ReportImageFiles& images);

// Inline text escaped for Markdown (backslash before every character that could mean something).
QString markdownEscape(const QString& text);

} // namespace PlanLens
