// SPDX-License-Identifier: MIT
#include "reportmarkdown.h"

#include <QRegularExpression>

#include <algorithm>

namespace PlanLens {

namespace {

// Inline code needs a fence of backticks longer than any run inside it (CommonMark 6.1).
QString inlineCode(const QString& text)
{
    QString t = text;
    t.replace(u'\n', u' ');
    int longest = 0;
    int run = 0;
    for (QChar c : std::as_const(t)) {
        run = c == u'`' ? run + 1 : 0;
        longest = std::max(longest, run);
    }
    const QString fence(longest + 1, u'`');
    const bool pad = t.startsWith(u'`') || t.endsWith(u'`') || t.isEmpty();
    return fence + (pad ? QStringLiteral(" ") : QString()) + t + (pad ? QStringLiteral(" ") : QString()) + fence;
}

QString inlineLine(const ReportLine& line)
{
    QString out;
    for (const ReportSpan& s : line) {
        switch (s.style) {
        case ReportSpan::Style::Plain:
            out += markdownEscape(s.text);
            break;
        case ReportSpan::Style::Strong:
            if (!s.text.trimmed().isEmpty())
                out += QStringLiteral("**") + markdownEscape(s.text.trimmed()) + QStringLiteral("**")
                    + (s.text.endsWith(u' ') ? QStringLiteral(" ") : QString());
            break;
        case ReportSpan::Style::Code:
            out += inlineCode(s.text);
            break;
        }
    }
    return out;
}

QString fencedCode(const QString& code, const QString& language)
{
    static const QRegularExpression backticks(QStringLiteral("`{3,}"));
    int longest = 2;
    for (const QRegularExpressionMatch& m : backticks.globalMatch(code))
        longest = std::max(longest, int(m.capturedLength()));
    const QString fence(longest + 1, u'`');
    return fence + language + u'\n' + code + u'\n' + fence + u'\n';
}

QString tableCell(const QString& text)
{
    return markdownEscape(text).replace(u'\n', u' ');
}

} // namespace

QString markdownEscape(const QString& text)
{
    // Everywhere: what starts emphasis, code, links, HTML, entities, tables or strike-through. At the start only:
    // what starts a block (heading, list, quote, ordered list "1."); our prose never begins a line elsewhere.
    static const QString special = QStringLiteral("\\`*_[]<>|&~");
    static const QString leading = QStringLiteral("#+-=");
    static const QRegularExpression orderedList(QStringLiteral("^(\\d+)([.)])"));
    QString out;
    out.reserve(text.size() + 8);
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (special.contains(c) || (i == 0 && leading.contains(c))) out += u'\\';
        out += c;
    }
    out.replace(orderedList, QStringLiteral("\\1\\\\\\2"));
    // A line break inside a paragraph would let the next line start a block (a heading, a list).
    out.replace(u'\n', u' ');
    return out;
}

QString reportMarkdown(const QList<ReportBlock>& blocks, const ReportImageFiles& images)
{
    QString md;
    for (const ReportBlock& b : blocks) {
        switch (b.kind) {
        case ReportBlock::Kind::Heading:
            md += QString(std::clamp(b.level, 1, 6), u'#') + u' ' + inlineLine(b.line) + QStringLiteral("\n\n");
            break;
        case ReportBlock::Kind::Paragraph:
            md += inlineLine(b.line) + QStringLiteral("\n\n");
            break;
        case ReportBlock::Kind::Verdict:
            md += QStringLiteral("> ") + (b.tone == ReportBlock::Tone::Bad ? QStringLiteral("**⚠** ") : QString())
                + inlineLine(b.line) + QStringLiteral("\n\n");
            break;
        case ReportBlock::Kind::Bullets:
            for (const ReportBlock::Item& item : b.items)
                md += QString(2 * item.depth, u' ') + QStringLiteral("- ") + inlineLine(item.line) + u'\n';
            md += u'\n';
            break;
        case ReportBlock::Kind::Table: {
            for (qsizetype r = 0; r < b.rows.size(); ++r) {
                QStringList cells;
                for (const QString& c : b.rows[r])
                    cells << tableCell(c);
                md += QStringLiteral("| ") + cells.join(QStringLiteral(" | ")) + QStringLiteral(" |\n");
                if (r == 0) {
                    QStringList rule;
                    for (qsizetype c = 0; c < b.rows[r].size(); ++c)
                        rule << (c == 0 ? QStringLiteral("---") : QStringLiteral("---:"));
                    md += QStringLiteral("| ") + rule.join(QStringLiteral(" | ")) + QStringLiteral(" |\n");
                }
            }
            md += u'\n';
            break;
        }
        case ReportBlock::Kind::Code:
            md += fencedCode(b.code, b.language) + u'\n';
            break;
        case ReportBlock::Kind::Image: {
            const QString file = b.image == ReportBlock::Image::BeforeGraph ? images.beforeGraph
                : b.image == ReportBlock::Image::AfterGraph                 ? images.afterGraph
                                                                            : images.runChart;
            if (file.isEmpty()) break;
            // <…> keeps a file name with spaces or parentheses one link destination.
            md += QStringLiteral("![%1](<%2>)\n\n*%1*\n\n").arg(inlineLine(b.line), file);
            break;
        }
        }
    }
    return md;
}

} // namespace PlanLens
