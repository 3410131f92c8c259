// SPDX-License-Identifier: MIT
#include "sqldiffview.h"
#include "theme.h"

#include <QEvent>
#include <QFontDatabase>

#include <algorithm>

namespace PlanLens {

namespace {
// Red and green as in code review tools, with text that contrasts with its ground in either theme.
QString removedStyle()
{
    return QStringLiteral("background-color:%1; color:%2; text-decoration:line-through")
        .arg(Theme::css(Theme::Role::DiffRemovedFill), Theme::css(Theme::Role::DiffRemovedInk));
}
QString addedStyle()
{
    return QStringLiteral("background-color:%1; color:%2")
        .arg(Theme::css(Theme::Role::DiffAddedFill), Theme::css(Theme::Role::DiffAddedInk));
}
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

void SqlDiffView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange)
        render();   // the spans carry the theme's colours
    QTextBrowser::changeEvent(event);
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
            if (m_mode != Mode::After) body += QStringLiteral("<span style=\"%1\">%2</span>").arg(removedStyle(), text);
            break;
        case DiffChunk::Added:
            if (m_mode != Mode::Before) body += QStringLiteral("<span style=\"%1\">%2</span>").arg(addedStyle(), text);
            break;
        }
    }
    m_html = QStringLiteral("<pre style=\"white-space:pre-wrap; margin:0\">%1</pre>").arg(body);
    setHtml(m_html);
}

} // namespace PlanLens
