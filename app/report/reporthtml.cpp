// SPDX-License-Identifier: MIT
#include "reporthtml.h"

#include "reportimages.h"

#include <QRegularExpression>

#include <algorithm>

namespace PlanLens {

namespace {

// No '<', '>' or '&' in here: the page must stay well-formed XML.
const char* const kStyle = R"css(
:root { --ink: #1f2933; --muted: #52606d; --rule: #d9e2ec; --code: #f5f7fa; }
body { font-family: "DejaVu Sans", "Segoe UI", Helvetica, Arial, sans-serif; color: var(--ink); line-height: 1.45;
       max-width: 1100px; margin: 2em auto; padding: 0 1.5em; font-size: 15px; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; }
h2 { font-size: 1.3em; border-bottom: 1px solid var(--rule); padding-bottom: 0.2em; margin-top: 1.8em; }
h3 { font-size: 1.08em; margin-top: 1.3em; }
p.meta, figcaption { color: var(--muted); font-size: 0.9em; }
nav.toc { font-size: 0.9em; color: var(--muted); }
nav.toc a { color: var(--muted); margin-right: 1em; }
code { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 0.9em; background: var(--code);
       padding: 0 0.25em; border-radius: 3px; }
pre { background: var(--code); border: 1px solid var(--rule); border-radius: 4px; padding: 0.8em 1em;
      overflow-x: auto; font-size: 0.86em; line-height: 1.35; }
pre code { background: none; padding: 0; font-size: 1em; }
table { border-collapse: collapse; margin: 0.8em 0; min-width: 28em; }
th, td { border: 1px solid var(--rule); padding: 0.3em 0.8em; text-align: right; }
th:first-child, td:first-child { text-align: left; }
thead th { background: var(--code); }
.verdict { padding: 0.6em 0.9em; border-radius: 4px; font-size: 1.05em; margin: 0.8em 0; }
.tone-ok { background: #e3f4e1; color: #1d5c1d; }
.tone-bad { background: #fbe5e1; color: #8a1f11; }
.tone-info { background: #eef2f7; color: #2b3a4a; }
ul { padding-left: 1.4em; }
li { margin: 0.15em 0; }
li.depth-1 { margin-left: 1.6em; list-style: circle; }
li.depth-2 { margin-left: 3.2em; list-style: square; font-size: 0.93em; }
figure { margin: 1em 0; }
figure svg, figure img { display: block; width: 100%; height: auto; border: 1px solid var(--rule); }
@page { margin: 14mm 12mm; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 10pt; }
  nav.toc { display: none; }
  h1, h2, h3 { break-after: avoid; page-break-after: avoid; }
  .page-break { break-before: page; page-break-before: always; }
  pre, table, figure, .verdict, li { break-inside: avoid; page-break-inside: avoid; }
  pre { white-space: pre-wrap; overflow: visible; }
  figure svg, figure img { max-height: 200mm; }
  a { color: inherit; text-decoration: none; }
}
)css";

QString esc(const QString& text)
{
    return text.toHtmlEscaped();
}

QString inlineLine(const ReportLine& line)
{
    QString out;
    for (const ReportSpan& s : line) {
        switch (s.style) {
        case ReportSpan::Style::Plain:
            out += esc(s.text);
            break;
        case ReportSpan::Style::Strong:
            out += QStringLiteral("<strong>") + esc(s.text) + QStringLiteral("</strong>");
            break;
        case ReportSpan::Style::Code:
            out += QStringLiteral("<code>") + esc(s.text) + QStringLiteral("</code>");
            break;
        }
    }
    return out;
}

QString toneClass(ReportBlock::Tone tone)
{
    switch (tone) {
    case ReportBlock::Tone::Ok:
        return QStringLiteral("tone-ok");
    case ReportBlock::Tone::Bad:
        return QStringLiteral("tone-bad");
    case ReportBlock::Tone::Info:
        break;
    }
    return QStringLiteral("tone-info");
}

QString figure(const ReportBlock& b, const ReportImages& images)
{
    QString body;
    if (b.image == ReportBlock::Image::RunChart) {
        if (images.runsPng.isEmpty()) return QString();
        body = QStringLiteral("<img src=\"data:image/png;base64,%1\" alt=\"%2\" style=\"max-width:%3px\"/>")
                   .arg(QString::fromLatin1(images.runsPng.toBase64()), esc(b.line.value(0).text),
                       QString::number(images.runsSize.width()));
    } else {
        const int s = b.image == ReportBlock::Image::BeforeGraph ? 0 : 1;
        if (images.graphSvg[s].isEmpty()) return QString();
        body = QString::fromUtf8(inlineSvg(images.graphSvg[s],
            s == 0 ? QStringLiteral("before") : QStringLiteral("after"), images.graphSize[s].width()));
    }
    return QStringLiteral("<figure>%1<figcaption>%2</figcaption></figure>\n").arg(body, inlineLine(b.line));
}

} // namespace

QByteArray inlineSvg(const QByteArray& svgIn, const QString& idPrefix, int naturalWidth)
{
    QString svg = QString::fromUtf8(svgIn);
    const qsizetype start = svg.indexOf(QStringLiteral("<svg"));
    if (start < 0) return QByteArray();
    svg.remove(0, start);
    const QString p = idPrefix + u'-';
    static const QRegularExpression id(QStringLiteral("\\bid=\"([^\"]*)\""));
    svg.replace(id, QStringLiteral("id=\"%1\\1\"").arg(p));
    svg.replace(QStringLiteral("url(#"), QStringLiteral("url(#") + p);
    svg.replace(QStringLiteral("href=\"#"), QStringLiteral("href=\"#") + p);
    // The root's fixed size gives way to the page's width; the viewBox keeps the proportions.
    const qsizetype rootEnd = svg.indexOf(u'>');
    QString root = svg.left(rootEnd);
    static const QRegularExpression size(QStringLiteral("\\s(width|height)=\"[^\"]*\""));
    root.remove(size);
    // Never wider than drawn (a small plan would blow up to giant cards), narrower when the page is.
    root += QStringLiteral(" preserveAspectRatio=\"xMidYMin meet\" role=\"img\"");
    if (naturalWidth > 0) root += QStringLiteral(" style=\"max-width:%1px\"").arg(naturalWidth);
    return (root + svg.mid(rootEnd)).toUtf8();
}

QByteArray reportHtml(const QString& title, const QList<ReportBlock>& blocks, const ReportImages& images)
{
    QString h;
    h += QStringLiteral("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
                        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
                        "<meta name=\"generator\" content=\"PlanLens\"/>\n");
    h += QStringLiteral("<title>%1</title>\n<style>%2</style>\n</head>\n<body>\n")
             .arg(esc(title), QString::fromUtf8(kStyle));
    // A table of contents of the level-2 headings that carry an anchor.
    QStringList toc;
    for (const ReportBlock& b : blocks)
        if (b.kind == ReportBlock::Kind::Heading && b.level == 2 && !b.anchor.isEmpty())
            toc << QStringLiteral("<a href=\"#%1\">%2</a>").arg(b.anchor, inlineLine(b.line));
    bool tocDone = false;
    for (const ReportBlock& b : blocks) {
        switch (b.kind) {
        case ReportBlock::Kind::Heading: {
            const int level = std::clamp(b.level, 1, 6);
            QString attrs;
            if (!b.anchor.isEmpty()) attrs += QStringLiteral(" id=\"%1\"").arg(esc(b.anchor));
            if (b.pageBreakBefore) attrs += QStringLiteral(" class=\"page-break\"");
            if (level == 2 && !tocDone) {
                h += QStringLiteral("<nav class=\"toc\">%1</nav>\n").arg(toc.join(QString()));
                tocDone = true;
            }
            h += QStringLiteral("<h%1%2>%3</h%1>\n").arg(level).arg(attrs, inlineLine(b.line));
            break;
        }
        case ReportBlock::Kind::Paragraph:
            h += QStringLiteral("<p>%1</p>\n").arg(inlineLine(b.line));
            break;
        case ReportBlock::Kind::Verdict:
            h += QStringLiteral("<div class=\"verdict %1\">%2</div>\n").arg(toneClass(b.tone), inlineLine(b.line));
            break;
        case ReportBlock::Kind::Bullets:
            h += QStringLiteral("<ul>\n");
            for (const ReportBlock::Item& item : b.items)
                h += QStringLiteral("<li class=\"depth-%1\">%2</li>\n")
                         .arg(std::min(item.depth, 2))
                         .arg(inlineLine(item.line));
            h += QStringLiteral("</ul>\n");
            break;
        case ReportBlock::Kind::Table:
            h += QStringLiteral("<table>\n");
            for (qsizetype r = 0; r < b.rows.size(); ++r) {
                const QString cell = r == 0 ? QStringLiteral("th") : QStringLiteral("td");
                h += r == 0 ? QStringLiteral("<thead><tr>") : QStringLiteral("<tr>");
                for (qsizetype c = 0; c < b.rows[r].size(); ++c) {
                    const QString tag = c == 0 && r > 0 ? QStringLiteral("th") : cell;
                    h += QStringLiteral("<%1>%2</%1>").arg(tag, esc(b.rows[r][c]));
                }
                h += r == 0 ? QStringLiteral("</tr></thead>\n<tbody>\n") : QStringLiteral("</tr>\n");
            }
            h += b.rows.isEmpty() ? QStringLiteral("</table>\n") : QStringLiteral("</tbody>\n</table>\n");
            break;
        case ReportBlock::Kind::Code:
            h += QStringLiteral("<pre><code class=\"language-%1\">%2</code></pre>\n").arg(esc(b.language), esc(b.code));
            break;
        case ReportBlock::Kind::Image:
            h += figure(b, images);
            break;
        }
    }
    h += QStringLiteral("</body>\n</html>\n");
    return h.toUtf8();
}

} // namespace PlanLens
