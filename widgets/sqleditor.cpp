// SPDX-License-Identifier: MIT
#include "sqleditor.h"

#include <Qsci/qscilexersql.h>

#include <QFontDatabase>
#include <QHelpEvent>
#include <QToolTip>

namespace PlanLens {

SqlEditor::SqlEditor(QWidget *parent)
    : QsciScintilla(parent)
{
    setUtf8(true);
    QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    mono.setPointSize(10);
    m_lexer = new QsciLexerSQL(this);
    // The lexer's default style mixes in a serif font for comments; keep one monospace font throughout.
    m_lexer->setDefaultFont(mono);
    m_lexer->setFont(mono, -1);
    m_lexer->setFoldComments(true);
    setLexer(m_lexer);
    setFont(mono);
    setMarginsFont(mono);
    setMarginType(0, QsciScintilla::NumberMargin);
    setMarginWidth(0, QStringLiteral("00000"));
    setMarginLineNumbers(0, true);
    setBraceMatching(QsciScintilla::SloppyBraceMatch);
    setAutoIndent(true);
    setIndentationsUseTabs(false);
    setTabWidth(4);
    setWrapMode(QsciScintilla::WrapNone);
    setCaretLineVisible(true);
    setCaretLineBackgroundColor(QColor(0xf4, 0xf6, 0xfa));

    const QColor colours[3] = {QColor(0x2a, 0x7a, 0xd4), QColor(0xe0, 0x8e, 0x0b), QColor(0xd3, 0x2f, 0x2f)};
    for (int i = 0; i < 3; ++i) {
        indicatorDefine(QsciScintilla::SquiggleLowIndicator, m_indicators[i]);
        setIndicatorForegroundColor(colours[i], m_indicators[i]);
        SendScintilla(SCI_INDICSETUNDER, m_indicators[i], true);
    }
    setMouseTracking(true);
}

int SqlEditor::positionFromIndex(int qstringIndex) const
{
    // Scintilla positions count UTF-8 bytes.
    const QString t = text();
    return int(t.left(qstringIndex).toUtf8().size());
}

int SqlEditor::indexFromPosition(int position) const
{
    const QByteArray bytes = text().toUtf8();
    return int(QString::fromUtf8(bytes.left(position)).size());
}

void SqlEditor::clearMarks()
{
    const int len = int(text().toUtf8().size());
    for (int ind : m_indicators) {
        SendScintilla(SCI_SETINDICATORCURRENT, ind);
        SendScintilla(SCI_INDICATORCLEARRANGE, 0, len);
    }
    m_marks.clear();
}

void SqlEditor::setMarks(const QList<Mark> &marks)
{
    clearMarks();
    m_marks = marks;
    for (const Mark &m : marks) {
        const int a = positionFromIndex(m.start);
        const int b = positionFromIndex(m.end);
        if (b <= a)
            continue;
        SendScintilla(SCI_SETINDICATORCURRENT, m_indicators[std::clamp(m.severity, 0, 2)]);
        SendScintilla(SCI_INDICATORFILLRANGE, a, b - a);
    }
}

void SqlEditor::selectSpan(int start, int end)
{
    const int a = positionFromIndex(start);
    const int b = positionFromIndex(end);
    SendScintilla(SCI_SETSEL, a, b);
    SendScintilla(SCI_SCROLLCARET);
}

bool SqlEditor::event(QEvent *e)
{
    if (e->type() == QEvent::ToolTip) {
        auto *he = static_cast<QHelpEvent *>(e);
        const long pos = SendScintilla(SCI_POSITIONFROMPOINTCLOSE, he->pos().x(), he->pos().y());
        if (pos >= 0) {
            const int idx = indexFromPosition(int(pos));
            QStringList tips;
            for (const Mark &m : std::as_const(m_marks))
                if (idx >= m.start && idx < m.end)
                    tips << m.message;
            if (!tips.isEmpty()) {
                QToolTip::showText(he->globalPos(), tips.join(QStringLiteral("\n\n")), this);
                return true;
            }
        }
        QToolTip::hideText();
        e->ignore();
        return true;
    }
    return QsciScintilla::event(e);
}

} // namespace PlanLens
