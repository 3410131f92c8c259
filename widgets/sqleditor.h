// SPDX-License-Identifier: MIT
#pragma once

#include <Qsci/qsciscintilla.h>

#include <QPoint>

class QFrame;
class QLabel;
class QPushButton;
class QTimer;
class QsciLexerSQL;

namespace PlanLens {

// The SQL pane: PostgreSQL highlighting, line numbers, bracket matching, and the findings' advice inline: a
// squiggle under each marked span (QString indices into text()) and a marker in the symbol margin on its first
// line, both coloured by severity. Hovering either opens a small popup with the finding's rule, message and
// evidence, and "Try as After" when the finding names a rewrite.
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
        QString title;          // the finding's rule id, the popup's heading
        QString evidence;       // one readable line of the numbers ("loops: 1,000 · time share: 85%")
        QString rewriteId;      // the rewrite that fixes it; the popup offers "Try as After" when set
    };
    // Marks follow the text as it is edited; marks() gives their current spans.
    void setMarks(const QList<Mark> &marks);
    const QList<Mark> &marks() const;
    void clearMarks();
    void selectSpan(int start, int end);   // selects and scrolls to a span (QString indices)

    int markAt(int qstringIndex) const;    // the mark covering that character, -1 for none
    bool hasMarginMarker(int line) const;  // a mark's marker is in the symbol margin on that line (0-based)
    static int indicatorForSeverity(int severity);   // the Scintilla indicator drawing that severity
    static int markerForSeverity(int severity);      // the Scintilla marker number of that severity
    static constexpr int kMarkerMargin = 1;

    // Opens the popup of a mark below its span (as hovering does); hideMarkPopup() closes it.
    void showMarkPopup(int markIndex);
    void hideMarkPopup();
    QWidget *markPopup() const;
    int popupMark() const { return m_popupMark; }   // the mark the popup shows, -1 when hidden

    // Pastes larger than this are refused (pasteRefused), so a stray 100 MB clipboard cannot freeze the editor.
    static constexpr qsizetype kMaxPasteChars = 8 * 1024 * 1024;

    int positionFromIndex(int qstringIndex) const;   // Scintilla byte position of a QString index
    int indexFromPosition(int position) const;

public slots:
    void paste() override;

signals:
    void markActivated(int markIndex);   // the mark's margin marker was clicked
    void tryAsAfterRequested(const QString &rewriteId, int markIndex);
    void pasteRefused(qsizetype chars);

protected:
    bool event(QEvent *e) override;
    bool eventFilter(QObject *watched, QEvent *e) override;
    void keyPressEvent(QKeyEvent *e) override;
    void mouseMoveEvent(QMouseEvent *e) override;

private:
    struct Span {
        int from = 0;   // Scintilla byte positions, kept up to date on every edit
        int to = 0;
    };
    void applyTheme();   // Theme's colours: at start and on a palette change
    void onModified(int position, int type, int length);
    void refreshMarginMarkers();
    int markAtPosition(int position) const;
    int markOnMarginLine(int line) const;
    int markUnder(const QPoint &viewportPos) const;
    void scheduleHide();
    void hideIfLeft();

    QsciLexerSQL *m_lexer = nullptr;
    mutable QList<Mark> m_marks;        // start/end refreshed from m_spans when m_marksStale
    mutable bool m_marksStale = false;
    QList<Span> m_spans;
    QTimer *m_markerRefresh = nullptr;

    QFrame *m_popup = nullptr;
    QLabel *m_popupText = nullptr;
    QPushButton *m_popupTry = nullptr;
    int m_popupMark = -1;
    int m_hoverMark = -1;               // the mark under the pointer, -1 when none
    bool m_pointerOnPopup = false;
    QTimer *m_showTimer = nullptr;
    QTimer *m_hideTimer = nullptr;
};

} // namespace PlanLens
