// SPDX-License-Identifier: MIT
#include "scriptpane.h"

#include "sqleditor.h"
#include "theme.h"

#include <QEvent>
#include <QLabel>
#include <QMouseEvent>
#include <QRegularExpression>
#include <QSplitter>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace PlanLens {

namespace {

QString sideName(int side)
{
    return side == 0 ? QObject::tr("Before") : QObject::tr("After");
}

QWidget *titled(const QString &title, QWidget *body)
{
    auto *box = new QWidget;
    auto *v = new QVBoxLayout(box);
    v->setContentsMargins(2, 0, 2, 0);
    v->setSpacing(0);
    auto *label = new QLabel;
    auto paint = [label, title] {
        label->setText(QStringLiteral("<b>%1</b> <span style='color:%2'>· %3</span>")
                           .arg(title, Theme::css(Theme::Role::TextMuted), QObject::tr("Ctrl+E folds the scripts")));
    };
    paint();
    Theme::whenChanged(label, paint);   // rich text keeps its colours: written again in the new theme's
    label->setContentsMargins(2, 1, 2, 1);
    v->addWidget(label);
    v->addWidget(body, 1);
    return box;
}

} // namespace

ScriptPane::ScriptPane(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("ScriptPane"));
    m_split = new QSplitter(Qt::Horizontal);
    m_split->setObjectName(QStringLiteral("EditorSplitter"));
    auto *lines = new QWidget;
    auto *lv = new QVBoxLayout(lines);
    lv->setContentsMargins(4, 2, 4, 2);
    lv->setSpacing(0);
    for (int s = 0; s < 2; ++s) {
        m_editors[s] = new SqlEditor;
        m_editors[s]->setObjectName(s == 0 ? QStringLiteral("BeforeEditor") : QStringLiteral("AfterEditor"));
        m_split->addWidget(titled(sideName(s), m_editors[s]));
        connect(m_editors[s], &QsciScintilla::textChanged, this, [this] {
            if (m_collapsed)
                updateSummaries();
        });
        m_summaries[s] = new QLabel;
        m_summaries[s]->setObjectName(s == 0 ? QStringLiteral("BeforeSummary") : QStringLiteral("AfterSummary"));
        m_summaries[s]->setCursor(Qt::PointingHandCursor);
        m_summaries[s]->setToolTip(tr("Click to edit the %1 script (Ctrl+E shows both)").arg(sideName(s)));
        m_summaries[s]->setTextFormat(Qt::RichText);
        // The line is elided to the width it gets: it must never ask for more, or the window grows with it.
        m_summaries[s]->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
        m_summaries[s]->installEventFilter(this);
        lv->addWidget(m_summaries[s]);
    }
    m_stack = new QStackedWidget;
    m_stack->addWidget(m_split);
    m_stack->addWidget(lines);
    auto *v = new QVBoxLayout(this);
    v->setContentsMargins(0, 0, 0, 0);
    v->addWidget(m_stack);
    Theme::whenChanged(this, [this] {
        if (m_collapsed)
            updateSummaries();
    });
}

int ScriptPane::collapsedHeight() const
{
    return 2 * m_summaries[0]->sizeHint().height() + 6;
}

void ScriptPane::setCollapsed(bool collapsed)
{
    if (collapsed == m_collapsed)
        return;
    m_collapsed = collapsed;
    if (collapsed)
        updateSummaries();
    m_stack->setCurrentIndex(collapsed ? 1 : 0);
    // Collapsed, the pane is exactly its two lines and whatever shares a splitter with it takes the rest;
    // expanded, it gets its height back.
    setMaximumHeight(collapsed ? collapsedHeight() : QWIDGETSIZE_MAX);
    if (auto *split = qobject_cast<QSplitter *>(parentWidget()); split && split->count() == 2) {
        const QList<int> sizes = split->sizes();
        const int total = sizes.value(0) + sizes.value(1);
        const int mine = split->indexOf(this);
        int h = collapsedHeight();
        if (collapsed)
            m_expandedHeight = sizes.value(mine);
        else
            h = std::clamp(m_expandedHeight, 120, std::max(120, total / 2));
        split->setSizes(mine == 0 ? QList<int>{h, total - h} : QList<int>{total - h, h});
    }
    emit collapsedChanged(collapsed);
}

void ScriptPane::editSide(int side)
{
    setCollapsed(false);
    m_editors[side]->setFocus();
}

void ScriptPane::markFailure(int side, int position, const QString &message)
{
    SqlEditor *e = m_editors[side];
    const QString text = e->text();
    if (position < 0 || position >= text.size())
        return;
    int end = position;
    while (end < text.size() && !text.at(end).isSpace() && text.at(end) != u';')
        ++end;
    SqlEditor::Mark m;
    m.start = position;
    m.end = std::max(end, position + 1);
    m.message = message;
    m.severity = 2;
    e->setMarks({m});
    setCollapsed(false);   // the mark is where the user must look
    e->selectSpan(m.start, m.end);
}

QString ScriptPane::summaryText(int side) const
{
    QString text = m_editors[side]->text();
    text.replace(QRegularExpression(QStringLiteral("--[^\n]*")), QString());
    text = text.simplified();
    if (text.isEmpty())
        text = tr("(empty)");
    return QStringLiteral("▸ %1: %2").arg(sideName(side), text);
}

void ScriptPane::updateSummaries()
{
    for (int s = 0; s < 2; ++s) {
        QLabel *l = m_summaries[s];
        const QFontMetrics fm(l->font());
        const QString edit = tr("  (edit)");
        const int room = std::max(40, l->width() - fm.horizontalAdvance(edit) - 12);
        QString text = fm.elidedText(summaryText(s), Qt::ElideRight, room);
        const QString head = QStringLiteral("▸ %1:").arg(sideName(s));
        text = text.toHtmlEscaped();
        text.replace(0, head.size(), QStringLiteral("<b>%1</b>").arg(head.toHtmlEscaped()));
        l->setText(QStringLiteral("%1<span style='color:%2'>%3</span>")
                       .arg(text, Theme::css(Theme::Role::ChangedText), edit.toHtmlEscaped()));
    }
}

bool ScriptPane::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::MouseButtonRelease) {
        for (int s = 0; s < 2; ++s) {
            if (watched == m_summaries[s]) {
                editSide(s);
                return true;
            }
        }
    }
    return QWidget::eventFilter(watched, event);
}

void ScriptPane::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    if (m_collapsed)
        updateSummaries();
}

} // namespace PlanLens
