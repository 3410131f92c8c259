// SPDX-License-Identifier: MIT
#include "sqldiffview.h"

#include <QFontDatabase>

#include <algorithm>

namespace PlanLens {

namespace {
// Red and green as in code review tools, dark text on light ground so the words stay readable.
const QLatin1String kRemovedStyle("background-color:#fbd5d5; color:#7f1d1d; text-decoration:line-through");
const QLatin1String kAddedStyle("background-color:#c9f0d3; color:#14532d");
} // namespace

SqlDiffView::SqlDiffView(QWidget *parent)
    : QTextBrowser(parent)
{
    setObjectName(QStringLiteral("SqlDiff"));
    setOpenLinks(false);
    setLineWrapMode(QTextEdit::WidgetWidth);
    QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    mono.setPointSize(9);
    setFont(mono);
    document()->setDefaultFont(mono);
    document()->setDocumentMargin(6);
}

void SqlDiffView::setTexts(const QString &before, const QString &after)
{
    m_before = before;
    m_after = after;
    m_chunks = wordDiff(before, after);
    render();
}

void SqlDiffView::setMode(Mode mode)
{
    if (m_mode == mode) return;
    m_mode = mode;
    render();
}

int SqlDiffView::removedChunks() const
{
    return int(std::count_if(
        m_chunks.cbegin(), m_chunks.cend(), [](const DiffChunk &c) { return c.kind == DiffChunk::Removed; }));
}

int SqlDiffView::addedChunks() const
{
    return int(std::count_if(
        m_chunks.cbegin(), m_chunks.cend(), [](const DiffChunk &c) { return c.kind == DiffChunk::Added; }));
}

void SqlDiffView::render()
{
    // pre-wrap keeps the SQL's own line breaks and indentation but still wraps long lines to the view.
    QString body;
    for (const DiffChunk &c : std::as_const(m_chunks)) {
        const QString text = c.text.toHtmlEscaped();
        switch (c.kind) {
        case DiffChunk::Same:
            body += text;
            break;
        case DiffChunk::Removed:
            if (m_mode != Mode::After) body += QStringLiteral("<span style=\"%1\">%2</span>").arg(kRemovedStyle, text);
            break;
        case DiffChunk::Added:
            if (m_mode != Mode::Before) body += QStringLiteral("<span style=\"%1\">%2</span>").arg(kAddedStyle, text);
            break;
        }
    }
    m_html = QStringLiteral("<pre style=\"white-space:pre-wrap; margin:0\">%1</pre>").arg(body);
    setHtml(m_html);
}

} // namespace PlanLens
