// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>
#include <QStringList>

class QLabel;
class QMimeData;
class QPoint;
class QWidget;

namespace PlanLens {

class MainWindow;

// Files and text dropped on the workbench do what File › Open would: a *.planlens opens the session, a *.sql
// goes into the Before or After editor (undoably), anything else is read as a plan through PlanLoader, so every
// format and every bad-input message is the one File › Open gives. The side is the half of the central area
// (scripts over plan tabs) under the cursor: left → Before, right → After, whichever plan tab is on screen, so
// one rule holds everywhere; a translucent overlay on that half says what the drop will do while dragging.
// Two plans (or two scripts) go to Before and After in their order; anything else is refused with a sentence
// and nothing changes. Text dropped on the plan area is read as a plan (as Paste Plan does); text dropped on an
// editor or a text field is theirs.
//
// It watches the application's events (only those of its window's widgets): drag events go to the deepest
// widget that accepts drops (the editors, the graph views), never up to the window once one of them takes it.
class DropController : public QObject
{
    Q_OBJECT
public:
    explicit DropController(MainWindow *window);

    QLabel *overlay() const { return m_overlay; }

signals:
    // problem: a refused drop or an unreadable script (the verdict says it); otherwise a status line.
    void message(const QString &text, bool problem);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    enum class Kind { None, Session, Sql, Plans, Scripts, Text, Refused };
    struct Intent {
        Kind kind = Kind::None;
        int side = 0;               // one file or text: 0 Before, 1 After
        QStringList files;          // local paths, in the order dropped
        QString text;               // Text: the text; Refused: why
    };

    Intent intentFor(const QMimeData *mime, QWidget *target, const QPoint &globalPos) const;
    int sideAt(const QPoint &globalPos) const;
    void showOverlay(const Intent &intent);
    void hideOverlay();
    void perform(const Intent &intent);
    void openSession(const QString &fileName);
    void loadScript(int side, const QString &fileName);

    MainWindow *m_window;
    QLabel *m_overlay = nullptr;
    int m_pairPending = 0;          // sides (bits) of a dropped pair still loading: Compare shows when both are
};

} // namespace PlanLens
