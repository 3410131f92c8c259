// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace PlanLens {

struct ReportData;

// A run of text in one style. Text is plain: each writer escapes it for its format.
struct ReportSpan {
    enum class Style { Plain, Strong, Code };
    QString text;
    Style style = Style::Plain;
};
using ReportLine = QList<ReportSpan>;

// One block of the report, in reading order. The Markdown and HTML writers render the same blocks, so both
// formats always say the same thing.
struct ReportBlock {
    enum class Kind {
        Heading, // level 1..3, `line`
        Paragraph, // `line`
        Verdict, // `line`, shown as the verdict box (tone in `tone`)
        Bullets, // `items`, each with its nesting depth
        Table, // `rows`, the first one is the header
        Code, // `code` in `language` (sql)
        Image, // picture `image` with caption `line`
    };
    enum class Image { BeforeGraph, AfterGraph, RunChart };
    enum class Tone { Info, Ok, Bad };

    Kind kind = Kind::Paragraph;
    int level = 2;
    QString anchor; // headings: a stable id (html) for the table of contents
    ReportLine line;
    struct Item {
        int depth = 0;
        ReportLine line;
    };
    QList<Item> items;
    QList<QStringList> rows;
    QString code;
    QString language;
    Image image = Image::BeforeGraph;
    Tone tone = Tone::Info;
    bool pageBreakBefore = false; // print: start this section on a new page
};

// The report as blocks: verdict and medians, run distribution, both scripts, what changed, the findings with
// their evidence, the rewrites proposed and the one tried with its verification, and both plan graphs.
QList<ReportBlock> buildReportDocument(const ReportData& data);

} // namespace PlanLens
