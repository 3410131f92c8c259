// SPDX-License-Identifier: MIT
#pragma once

#include <Qsci/qsciscintilla.h>

class QsciLexerSQL;

namespace PlanLens {

// The SQL pane: PostgreSQL highlighting, line numbers, bracket matching, and marks under character spans
// (QString indices into text()) that findings name, with the finding's message as the hover tip.
class SqlEditor : public QsciScintilla
{
    Q_OBJECT
public:
    explicit SqlEditor(QWidget *parent = nullptr);

    struct Mark {
        int start = 0;          // QString index
        int end = 0;            // one past the end
        QString message;
        int severity = 1;       // 0 info, 1 warning, 2 critical
    };
    void setMarks(const QList<Mark> &marks);
    const QList<Mark> &marks() const { return m_marks; }
    void clearMarks();
    void selectSpan(int start, int end);   // selects and scrolls to a span (QString indices)

    // Pastes larger than this are refused (pasteRefused), so a stray 100 MB clipboard cannot freeze the editor.
    static constexpr qsizetype kMaxPasteChars = 8 * 1024 * 1024;

    int positionFromIndex(int qstringIndex) const;   // Scintilla byte position of a QString index
    int indexFromPosition(int position) const;

public slots:
    void paste() override;

signals:
    void markActivated(int markIndex);
    void pasteRefused(qsizetype chars);

protected:
    bool event(QEvent *e) override;
    void keyPressEvent(QKeyEvent *e) override;

private:
    QsciLexerSQL *m_lexer = nullptr;
    QList<Mark> m_marks;
    int m_indicators[3] = {8, 9, 10};
};

} // namespace PlanLens
