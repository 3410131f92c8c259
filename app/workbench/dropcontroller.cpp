// SPDX-License-Identifier: MIT
#include "dropcontroller.h"

#include "compareview.h"
#include "mainwindow.h"
#include "scriptpane.h"
#include "sqleditor.h"
#include "theme.h"
#include "workbenchstore.h"

#include <QAbstractSpinBox>
#include <QApplication>
#include <QDropEvent>
#include <QFile>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QTabWidget>
#include <QTextEdit>
#include <QUrl>

namespace PlanLens {

namespace {

QString sideName(int side)
{
    return side == MainWindow::BeforeSide ? DropController::tr("Before") : DropController::tr("After");
}

// Text dropped where the user types (an editor, the DSN field) belongs there, not to the plan loader.
bool takesTypedText(QWidget *w, QWidget *window)
{
    for (; w && w != window; w = w->parentWidget()) {
        if (qobject_cast<QsciScintilla *>(w) || qobject_cast<QLineEdit *>(w) || qobject_cast<QTextEdit *>(w)
            || qobject_cast<QPlainTextEdit *>(w) || qobject_cast<QAbstractSpinBox *>(w))
            return true;
    }
    return false;
}

QString names(const QStringList &files)
{
    QStringList out;
    for (const QString &f : files.mid(0, 4))
        out << QFileInfo(f).fileName();
    if (files.size() > 4)
        out << DropController::tr("and %1 more").arg(files.size() - 4);
    return out.join(QStringLiteral(", "));
}

} // namespace

DropController::DropController(MainWindow *window)
    : QObject(window)
    , m_window(window)
{
    m_window->setAcceptDrops(true);
    // Every widget of the window, whichever takes drops, passes through here first (see the class comment).
    qApp->installEventFilter(this);
    // A child of the window, not of the central QSplitter (which would take it as a third pane).
    m_overlay = new QLabel(m_window);
    m_overlay->setObjectName(QStringLiteral("DropOverlay"));
    m_overlay->setAlignment(Qt::AlignCenter);
    m_overlay->setWordWrap(true);
    m_overlay->setAttribute(Qt::WA_TransparentForMouseEvents);   // the drag stays on the widgets beneath
    m_overlay->hide();
    connect(m_window, &MainWindow::planShown, this, [this](int side) {
        if (!(m_pairPending & (1 << side)))
            return;
        m_pairPending &= ~(1 << side);
        if (m_pairPending == 0)
            m_window->planTabs()->setCurrentWidget(m_window->compareView());
    });
    connect(m_window, &MainWindow::planFailed, this, [this] { m_pairPending = 0; });
}

bool DropController::eventFilter(QObject *watched, QEvent *event)
{
    const QEvent::Type type = event->type();
    if (type != QEvent::DragEnter && type != QEvent::DragMove && type != QEvent::DragLeave && type != QEvent::Drop)
        return false;
    auto *target = qobject_cast<QWidget *>(watched);
    if (!target || target->window() != m_window)
        return false;
    if (type == QEvent::DragLeave) {
        // Ours when we took the drag (the overlay shows): the widget beneath never saw it enter.
        const bool ours = m_overlay->isVisible();
        hideOverlay();
        return ours;
    }
    auto *e = static_cast<QDropEvent *>(event);   // QDragEnterEvent and QDragMoveEvent are QDropEvents
    const Intent intent = intentFor(e->mimeData(), target, target->mapToGlobal(e->position().toPoint()));
    if (intent.kind == Kind::None) {
        hideOverlay();
        return false;
    }
    // A refused drop is accepted too: dropping shows why in the verdict instead of a bare "no entry" cursor.
    e->setDropAction(Qt::CopyAction);
    e->accept();
    if (type == QEvent::Drop) {
        hideOverlay();
        perform(intent);
    } else {
        showOverlay(intent);
    }
    return true;
}

DropController::Intent DropController::intentFor(const QMimeData *mime, QWidget *target, const QPoint &globalPos) const
{
    Intent in;
    if (!mime)
        return in;
    in.side = sideAt(globalPos);
    if (mime->hasUrls()) {
        for (const QUrl &url : mime->urls()) {
            if (!url.isLocalFile()) {
                in.kind = Kind::Refused;
                in.text = tr("%1 is not a file on this computer: download it first, then drop the file. Nothing was "
                             "opened.").arg(url.toDisplayString());
                return in;
            }
            in.files << url.toLocalFile();
        }
        int sessions = 0, scripts = 0;
        for (const QString &f : std::as_const(in.files)) {
            const QString suffix = QFileInfo(f).suffix().toLower();
            sessions += suffix == u"planlens";
            scripts += suffix == u"sql";
        }
        const int plans = int(in.files.size()) - sessions - scripts;
        if (in.files.size() == 1)
            in.kind = sessions ? Kind::Session : scripts ? Kind::Sql : Kind::Plans;
        else if (in.files.size() == 2 && plans == 2)
            in.kind = Kind::Plans;
        else if (in.files.size() == 2 && scripts == 2)
            in.kind = Kind::Scripts;
        else if (!in.files.isEmpty()) {
            in.kind = Kind::Refused;
            in.text = tr("Nothing was opened from %1: drop one plan, one .sql script or one session, or two plans "
                         "(or two scripts) to open them as Before and After in their order.")
                          .arg(names(in.files));
        }
        return in;
    }
    if (mime->hasText() && !mime->text().trimmed().isEmpty() && !takesTypedText(target, m_window)) {
        in.kind = Kind::Text;
        in.text = mime->text();
    }
    return in;
}

int DropController::sideAt(const QPoint &globalPos) const
{
    const QWidget *central = m_window->centralWidget();
    return central->mapFromGlobal(globalPos).x() < central->width() / 2 ? MainWindow::BeforeSide : MainWindow::AfterSide;
}

void DropController::showOverlay(const Intent &in)
{
    const QString side = sideName(in.side);
    QString head, detail;
    bool half = true;
    switch (in.kind) {
    case Kind::Plans:
        half = in.files.size() == 1;
        head = half ? tr("Drop to open as %1").arg(side) : tr("Drop to open as Before and After");
        detail = names(in.files);
        break;
    case Kind::Sql:
        head = tr("Drop to load into the %1 editor").arg(side);
        detail = names(in.files);
        break;
    case Kind::Scripts:
        half = false;
        head = tr("Drop to load into the Before and After editors");
        detail = names(in.files);
        break;
    case Kind::Session:
        half = false;
        head = tr("Drop to open the session");
        detail = names(in.files);
        break;
    case Kind::Text:
        head = tr("Drop to open as %1").arg(side);
        detail = tr("the dropped text, read as a plan");
        break;
    case Kind::Refused:
        half = false;
        head = tr("Cannot open this drop");
        detail = in.text;
        break;
    case Kind::None:
        hideOverlay();
        return;
    }
    const bool refused = in.kind == Kind::Refused;
    // Asked of Theme each time it shows (a drag never outlives a theme switch): a light tint of the accent over
    // what the window shows (blue for a drop, red for a refusal), its dashed edge, and the theme's ink.
    using R = Theme::Role;
    QColor tint = Theme::colour(refused ? R::WorseText : R::Selection);
    tint.setAlpha(60);
    m_overlay->setStyleSheet(QStringLiteral("QLabel { background: rgba(%1, %2, %3, %4); color: %5; "
                                            "border: 3px dashed %6; font-size: %7pt; padding: 24px; }")
                                 .arg(tint.red()).arg(tint.green()).arg(tint.blue()).arg(tint.alpha())
                                 .arg(Theme::css(refused ? R::ToneBadInk : R::OverlayInk),
                                      Theme::css(refused ? R::WorseText : R::Selection))
                                 .arg(refused ? 16 : 18));
    m_overlay->setText(QStringLiteral("<b>%1</b><br><span style=\"font-size: 11pt\">%2</span>")
                           .arg(head.toHtmlEscaped(), detail.toHtmlEscaped()));
    const QWidget *central = m_window->centralWidget();
    const QRect all(central->mapTo(m_window, QPoint(0, 0)), central->size());
    const int w = all.width() / 2;
    m_overlay->setGeometry(!half ? all : in.side == MainWindow::BeforeSide ? all.adjusted(0, 0, -(all.width() - w), 0)
                                                                         : all.adjusted(w, 0, 0, 0));
    m_overlay->raise();
    m_overlay->show();
}

void DropController::hideOverlay()
{
    m_overlay->hide();
}

void DropController::perform(const Intent &in)
{
    switch (in.kind) {
    case Kind::Session:
        openSession(in.files.first());
        break;
    case Kind::Sql:
        loadScript(in.side, in.files.first());
        break;
    case Kind::Scripts:
        loadScript(MainWindow::BeforeSide, in.files.at(0));
        loadScript(MainWindow::AfterSide, in.files.at(1));
        break;
    case Kind::Plans:
        if (in.files.size() == 1) {
            m_window->openPlanFile(in.files.first(), MainWindow::Side(in.side));
        } else {
            m_pairPending = 3;
            m_window->openPlanFile(in.files.at(0), MainWindow::BeforeSide);
            m_window->openPlanFile(in.files.at(1), MainWindow::AfterSide);
        }
        break;
    case Kind::Text:
        m_window->showPlanText(in.text, MainWindow::Side(in.side), tr("The dropped text"));
        break;
    case Kind::Refused:
        emit message(in.text, true);
        break;
    case Kind::None:
        break;
    }
}

void DropController::openSession(const QString &fileName)
{
    // File › Open Session's path (WorkbenchStore::loadSession), which replaces the scripts with setText: that
    // empties the editors' undo history, so the replaced text is put back and swapped in through the undo stack.
    SqlEditor *editors[2] = {m_window->beforeEditor(), m_window->afterEditor()};
    const QString typed[2] = {editors[0]->text(), editors[1]->text()};
    QString error;
    if (!m_window->loadSession(fileName, &error)) {
        emit message(tr("The session %1 was not opened: %2").arg(QFileInfo(fileName).fileName(), error), true);
        return;
    }
    for (int s = 0; s < 2; ++s) {
        const QString opened = editors[s]->text();
        if (typed[s].isEmpty() || typed[s] == opened)
            continue;
        editors[s]->setText(typed[s]);
        editors[s]->selectAll();
        editors[s]->replaceSelectedText(opened);
    }
}

void DropController::loadScript(int side, const QString &fileName)
{
    const QFileInfo info(fileName);
    if (!info.isFile()) {
        emit message(tr("%1 is not a file.").arg(fileName), true);
        return;
    }
    if (info.size() > SqlEditor::kMaxPasteChars) {
        emit message(tr("%1 is %2 MB: more than the SQL editor takes (8 MB), so it was not loaded. If it holds a "
                        "plan, use File › Open Plan.").arg(info.fileName()).arg(info.size() >> 20), true);
        return;
    }
    QFile f(fileName);
    if (!f.open(QIODevice::ReadOnly)) {
        emit message(tr("Could not read %1: %2").arg(info.fileName(), f.errorString()), true);
        return;
    }
    // Through the undo stack, as "Try as After" does: Ctrl+Z in the editor brings back what was there.
    SqlEditor *editor = m_window->scriptPane()->editor(side);
    editor->selectAll();
    editor->replaceSelectedText(QString::fromUtf8(f.readAll()));
    m_window->scriptPane()->editSide(side);
    m_window->store()->saveSettings(!m_window->isFocusMode());
    emit message(tr("Loaded %1 into the %2 editor (Ctrl+Z there brings the previous text back).")
                     .arg(info.fileName(), sideName(side)), false);
}

} // namespace PlanLens
