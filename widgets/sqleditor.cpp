// SPDX-License-Identifier: MIT
#include "sqleditor.h"
#include "theme.h"

#include <Qsci/qscilexersql.h>

#include <QApplication>
#include <QClipboard>
#include <QFontDatabase>
#include <QFrame>
#include <QHBoxLayout>
#include <QImage>
#include <QKeyEvent>
#include <QLabel>
#include <QMouseEvent>
#include <QPainter>
#include <QPushButton>
#include <QScrollBar>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>

namespace PlanLens {

namespace {

// QsciLexerSQL knows Oracle's words; this one knows PostgreSQL's: its key words (the SQL Key Words appendix of
// the manual, reserved and the common unreserved ones), and as "database objects" its built-in types and the
// functions plans and rewrites talk about.
class PostgresLexer : public QsciLexerSQL
{
public:
    using QsciLexerSQL::QsciLexerSQL;

    const char *language() const override { return "PostgreSQL"; }

    const char *keywords(int set) const override
    {
        if (set == 1)
            return "abort absolute access action add admin after aggregate all also alter always analyse analyze and "
                   "any array as asc asensitive assertion assignment asymmetric at atomic attach attribute "
                   "authorization backward before begin between bigint binary bit boolean both breadth by cache call "
                   "called cascade cascaded case cast catalog chain char character characteristics check checkpoint "
                   "class close cluster coalesce collate collation column columns comment comments commit committed "
                   "compression concurrently configuration conflict connection constraint constraints content "
                   "continue conversion copy cost create cross csv cube current current_catalog current_date "
                   "current_role current_schema current_time current_timestamp current_user cursor cycle data "
                   "database day deallocate dec decimal declare default defaults deferrable deferred definer delete "
                   "delimiter delimiters depends depth desc detach dictionary disable discard distinct do document "
                   "domain double drop each else enable encoding encrypted end enum escape event except exclude "
                   "excluding exclusive execute exists explain expression extension external extract false family "
                   "fetch filter finalize first float following for force foreign forward freeze from full function "
                   "functions generated global grant granted greatest group grouping groups handler having header "
                   "hold hour identity if ilike immediate immutable implicit import in include including increment "
                   "index indexes inherit inherits initially inline inner inout input insensitive insert instead int "
                   "integer intersect interval into invoker is isnull isolation join key label language large last "
                   "lateral leading leakproof least left level like limit listen load local localtime localtimestamp "
                   "location lock locked logged mapping match matched materialized maxvalue merge method minute "
                   "minvalue mode month move name names national natural nchar new next nfc nfd nfkc nfkd no none "
                   "normalize normalized not nothing notify notnull nowait null nullif nulls numeric object of off "
                   "offset oids old on only operator option options or order ordinality others out outer over "
                   "overlaps overlay overriding owned owner parallel parameter parser partial partition passing "
                   "password placing plans policy position preceding precision prepare prepared preserve primary "
                   "prior privileges procedural procedure procedures program publication quote range read real "
                   "reassign recheck recursive ref references referencing refresh reindex relative release rename "
                   "repeatable replace replica reset restart restrict return returning returns revoke right role "
                   "rollback rollup routine routines row rows rule savepoint schema schemas scroll search second "
                   "security select sequence sequences serializable server session session_user set setof sets share "
                   "show similar simple skip smallint snapshot some sql stable standalone start statement statistics "
                   "stdin stdout storage stored strict strip subscription substring support symmetric sysid system "
                   "system_user table tables tablesample tablespace temp template temporary text then ties time "
                   "timestamp to trailing transaction transform treat trigger trim true truncate trusted type types "
                   "uescape unbounded uncommitted unencrypted union unique unknown unlisten unlogged until update "
                   "user using vacuum valid validate validator value values varchar variadic varying verbose version "
                   "view views volatile when where whitespace window with within without work wrapper write xml "
                   "year yes zone";
        if (set == 2)
            return "bigserial bool box bytea cidr circle date daterange float4 float8 inet int2 int4 int4range int8 "
                   "int8range json jsonb jsonpath line lseg macaddr money numrange oid path point polygon regclass "
                   "serial serial2 serial4 serial8 smallserial timestamptz timetz tsquery tsrange tstzrange tsvector "
                   "uuid varbit "
                   "array_agg array_length avg bool_and bool_or cardinality count date_part date_trunc every "
                   "generate_series json_agg jsonb_agg lag lead max min now row_number rank dense_rank string_agg "
                   "sum unnest";
        return QsciLexerSQL::keywords(set);
    }
};

// Indexed by severity: 0 info, 1 warning, 2 critical; brighter in the dark theme, to show on dark paper.
QColor severityColour(int severity)
{
    constexpr Theme::Role roles[3] = {Theme::Role::SeverityInfo, Theme::Role::SeverityWarning,
                                      Theme::Role::SeverityCritical};
    return Theme::colour(roles[severity]);
}
const char *const kSeverityNames[3] = {"INFO", "WARNING", "CRITICAL"};
// Scintilla leaves indicators 8..31 and markers 0..24 to containers; markers 25..31 are the folding symbols.
constexpr int kFirstIndicator = 8;
constexpr int kFirstMarker = 20;
// Long enough that sweeping the pointer across the text does not flash popups, short enough to feel direct.
constexpr int kShowDelayMs = 350;
// Time to travel from the span to the popup below it without the popup closing on the way.
constexpr int kHideDelayMs = 300;

int clampSeverity(int severity)
{
    return std::clamp(severity, 0, 2);
}

// The margin symbol: a filled disc with "!" (or "i" for info), readable at 12 px beside the line numbers.
QImage markerImage(int severity)
{
    const int size = 12;
    QImage img(size, size, QImage::Format_ARGB32_Premultiplied);
    img.fill(Qt::transparent);
    QPainter p(&img);
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(Qt::NoPen);
    const QColor disc = severityColour(severity);
    p.setBrush(disc);
    p.drawEllipse(QRectF(0.5, 0.5, size - 1, size - 1));
    QFont f = p.font();
    f.setPixelSize(10);
    f.setBold(true);
    p.setFont(f);
    p.setPen(Theme::textOn(disc));
    p.drawText(QRect(0, 0, size, size), Qt::AlignCenter, severity == 0 ? QStringLiteral("i") : QStringLiteral("!"));
    return img;
}

int utf8Length(QStringView s)
{
    return int(s.toUtf8().size());
}

} // namespace

int SqlEditor::indicatorForSeverity(int severity)
{
    return kFirstIndicator + clampSeverity(severity);
}

int SqlEditor::markerForSeverity(int severity)
{
    return kFirstMarker + clampSeverity(severity);
}

void SqlEditor::keyPressEvent(QKeyEvent *e)
{
    // Typing dismisses the advice, as a tooltip would; a modifier alone is not typing yet.
    if (e->key() != Qt::Key_Shift && e->key() != Qt::Key_Control && e->key() != Qt::Key_Alt
        && e->key() != Qt::Key_Meta)
        hideMarkPopup();
    // Scintilla handles Ctrl+V itself; route it through paste() so the size check applies.
    if (e->matches(QKeySequence::Paste)) {
        paste();
        e->accept();
        return;
    }
    QsciScintilla::keyPressEvent(e);
}

void SqlEditor::paste()
{
    const qsizetype chars = QApplication::clipboard()->text().size();
    if (chars > kMaxPasteChars) {
        emit pasteRefused(chars);
        return;
    }
    QsciScintilla::paste();
}

SqlEditor::SqlEditor(QWidget *parent)
    : QsciScintilla(parent)
{
    setUtf8(true);
    QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    mono.setPointSize(10);
    m_lexer = new PostgresLexer(this);
    m_lexer->setBackslashEscapes(false);   // standard_conforming_strings: 'C:\' is a whole string
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

    int markerMask = 0;
    for (int sev = 0; sev < 3; ++sev) {
        const int ind = indicatorForSeverity(sev);
        indicatorDefine(QsciScintilla::SquigglePixmapIndicator, ind);
        SendScintilla(SCI_INDICSETUNDER, ind, true);
        // Under the pointer the whole span lights up, so it is clear what the popup is about.
        SendScintilla(SCI_INDICSETHOVERSTYLE, ind, long(INDIC_STRAIGHTBOX));
        SendScintilla(SCI_INDICSETALPHA, ind, 40L);
        markerMask |= 1 << markerForSeverity(sev);
    }
    applyTheme();
    setMarginType(kMarkerMargin, QsciScintilla::SymbolMargin);
    setMarginWidth(kMarkerMargin, 16);
    setMarginMarkerMask(kMarkerMargin, markerMask);
    setMarginSensitivity(kMarkerMargin, true);
    connect(this, &QsciScintilla::marginClicked, this, [this](int margin, int line, Qt::KeyboardModifiers) {
        const int i = margin == kMarkerMargin ? markOnMarginLine(line) : -1;
        if (i < 0)
            return;
        emit markActivated(i);
        showMarkPopup(i);
    });
    connect(this, &QsciScintillaBase::SCN_MODIFIED, this,
            [this](int position, int type, const char *, int length, int, int, int, int, int, int) {
                onModified(position, type, length);
            });
    // Markers are re-placed after the edit, not inside Scintilla's modification notification.
    m_markerRefresh = new QTimer(this);
    m_markerRefresh->setSingleShot(true);
    m_markerRefresh->setInterval(0);
    connect(m_markerRefresh, &QTimer::timeout, this, &SqlEditor::refreshMarginMarkers);

    m_popup = new QFrame(this);
    m_popup->setObjectName(QStringLiteral("MarkPopup"));
    m_popup->setAttribute(Qt::WA_StyledBackground);
    m_popup->hide();
    m_popupText = new QLabel(m_popup);
    m_popupText->setObjectName(QStringLiteral("MarkPopupText"));
    m_popupText->setWordWrap(true);
    m_popupText->setTextFormat(Qt::RichText);
    m_popupText->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_popupTry = new QPushButton(tr("Try as After"), m_popup);
    m_popupTry->setObjectName(QStringLiteral("MarkPopupTry"));
    m_popupTry->setToolTip(tr("Put the rewrite in the After pane, run the pair and check that the rows are equal"));
    m_popupTry->setCursor(Qt::PointingHandCursor);
    auto *buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_popupTry);
    auto *pv = new QVBoxLayout(m_popup);
    pv->setContentsMargins(10, 6, 8, 6);
    pv->setSpacing(4);
    pv->addWidget(m_popupText);
    pv->addLayout(buttons);
    connect(m_popupTry, &QPushButton::clicked, this, [this] {
        const int i = m_popupMark;
        if (i < 0 || i >= m_marks.size())
            return;
        const QString id = m_marks.at(i).rewriteId;
        hideMarkPopup();
        emit tryAsAfterRequested(id, i);
    });
    m_popup->installEventFilter(this);
    viewport()->installEventFilter(this);
    viewport()->setMouseTracking(true);
    setMouseTracking(true);

    m_showTimer = new QTimer(this);
    m_showTimer->setSingleShot(true);
    m_showTimer->setInterval(kShowDelayMs);
    connect(m_showTimer, &QTimer::timeout, this, [this] {
        if (m_hoverMark >= 0)
            showMarkPopup(m_hoverMark);
    });
    m_hideTimer = new QTimer(this);
    m_hideTimer->setSingleShot(true);
    m_hideTimer->setInterval(kHideDelayMs);
    connect(m_hideTimer, &QTimer::timeout, this, &SqlEditor::hideIfLeft);
    // The popup is placed under its text; once the text moves it would point at something else.
    connect(verticalScrollBar(), &QScrollBar::valueChanged, this, &SqlEditor::hideMarkPopup);
    connect(horizontalScrollBar(), &QScrollBar::valueChanged, this, &SqlEditor::hideMarkPopup);
}

int SqlEditor::positionFromIndex(int qstringIndex) const
{
    // Scintilla positions count UTF-8 bytes.
    const QString t = text();
    return utf8Length(QStringView(t).left(qBound(0, qstringIndex, int(t.size()))));
}

int SqlEditor::indexFromPosition(int position) const
{
    const QByteArray bytes = text().toUtf8();
    return int(QString::fromUtf8(bytes.left(position)).size());
}

void SqlEditor::clearMarks()
{
    const int len = int(SendScintilla(SCI_GETLENGTH));
    for (int sev = 0; sev < 3; ++sev) {
        SendScintilla(SCI_SETINDICATORCURRENT, indicatorForSeverity(sev));
        SendScintilla(SCI_INDICATORCLEARRANGE, 0, len);
        SendScintilla(SCI_MARKERDELETEALL, markerForSeverity(sev));
    }
    m_marks.clear();
    m_spans.clear();
    m_marksStale = false;
    hideMarkPopup();
}

void SqlEditor::setMarks(const QList<Mark> &marks)
{
    clearMarks();
    m_marks = marks;
    const QString t = text();
    const QStringView tv(t);
    for (const Mark &m : marks) {
        const int start = qBound(0, m.start, int(t.size()));
        const int end = qBound(start, m.end, int(t.size()));
        const int a = utf8Length(tv.left(start));
        const int b = a + utf8Length(tv.mid(start, end - start));
        m_spans.append({a, b});
        if (b <= a)
            continue;
        SendScintilla(SCI_SETINDICATORCURRENT, indicatorForSeverity(m.severity));
        SendScintilla(SCI_INDICATORFILLRANGE, a, b - a);
    }
    refreshMarginMarkers();
}

const QList<SqlEditor::Mark> &SqlEditor::marks() const
{
    if (m_marksStale) {
        const QByteArray bytes = text().toUtf8();
        for (qsizetype i = 0; i < m_marks.size(); ++i) {
            m_marks[i].start = int(QString::fromUtf8(bytes.left(m_spans.at(i).from)).size());
            m_marks[i].end = int(QString::fromUtf8(bytes.left(m_spans.at(i).to)).size());
        }
        m_marksStale = false;
    }
    return m_marks;
}

void SqlEditor::onModified(int position, int type, int length)
{
    if (!(type & (SC_MOD_INSERTTEXT | SC_MOD_DELETETEXT)))
        return;
    hideMarkPopup();
    if (m_spans.isEmpty())
        return;
    // Same rules as Scintilla's indicator runs, so the squiggle and the mark agree: text inserted at a span's
    // start stays outside it, text inserted at its end joins it.
    for (Span &s : m_spans) {
        if (type & SC_MOD_INSERTTEXT) {
            if (position <= s.from) {
                s.from += length;
                s.to += length;
            } else if (position <= s.to) {
                s.to += length;
            }
        } else {
            const int end = position + length;
            const auto shift = [&](int p) { return p >= end ? p - length : (p > position ? position : p); };
            s.from = shift(s.from);
            s.to = shift(s.to);
        }
    }
    m_marksStale = true;
    m_markerRefresh->start();
}

void SqlEditor::refreshMarginMarkers()
{
    for (int sev = 0; sev < 3; ++sev)
        SendScintilla(SCI_MARKERDELETEALL, markerForSeverity(sev));
    for (qsizetype i = 0; i < m_spans.size(); ++i) {
        const Span &s = m_spans.at(i);
        if (s.to <= s.from)
            continue;
        const int line = int(SendScintilla(SCI_LINEFROMPOSITION, s.from));
        markerAdd(line, markerForSeverity(m_marks.at(i).severity));
    }
}

int SqlEditor::markAtPosition(int position) const
{
    // Overlapping marks: the most severe wins, then the narrowest (the more precise advice).
    int best = -1;
    for (qsizetype i = 0; i < m_spans.size(); ++i) {
        const Span &s = m_spans.at(i);
        if (position < s.from || position >= s.to)
            continue;
        if (best < 0)
            best = int(i);
        const int sev = clampSeverity(m_marks.at(i).severity);
        const int bestSev = clampSeverity(m_marks.at(best).severity);
        const Span &b = m_spans.at(best);
        if (sev > bestSev || (sev == bestSev && s.to - s.from < b.to - b.from))
            best = int(i);
    }
    return best;
}

int SqlEditor::markAt(int qstringIndex) const
{
    if (qstringIndex < 0 || qstringIndex >= text().size())
        return -1;
    return markAtPosition(positionFromIndex(qstringIndex));
}

int SqlEditor::markOnMarginLine(int line) const
{
    int best = -1;
    for (qsizetype i = 0; i < m_spans.size(); ++i) {
        const Span &s = m_spans.at(i);
        if (s.to <= s.from || int(SendScintilla(SCI_LINEFROMPOSITION, s.from)) != line)
            continue;
        if (best < 0 || clampSeverity(m_marks.at(i).severity) > clampSeverity(m_marks.at(best).severity))
            best = int(i);
    }
    return best;
}

bool SqlEditor::hasMarginMarker(int line) const
{
    int mask = 0;
    for (int sev = 0; sev < 3; ++sev)
        mask |= 1 << markerForSeverity(sev);
    return (markersAtLine(line) & unsigned(mask)) != 0;
}

int SqlEditor::markUnder(const QPoint &p) const
{
    if (m_spans.isEmpty())
        return -1;
    int margins = 0;
    int symbolFrom = 0;
    int symbolTo = 0;
    for (int m = 0; m < 5; ++m) {
        const int w = int(SendScintilla(SCI_GETMARGINWIDTHN, m));
        if (m == kMarkerMargin) {
            symbolFrom = margins;
            symbolTo = margins + w;
        }
        margins += w;
    }
    if (p.x() < margins) {
        if (p.x() < symbolFrom || p.x() >= symbolTo)
            return -1;
        const long pos = SendScintilla(SCI_POSITIONFROMPOINT, margins, p.y());
        const int line = int(SendScintilla(SCI_LINEFROMPOSITION, pos));
        const int top = int(SendScintilla(SCI_POINTYFROMPOSITION, 0, SendScintilla(SCI_POSITIONFROMLINE, line)));
        if (p.y() < top || p.y() >= top + int(SendScintilla(SCI_TEXTHEIGHT, line)))
            return -1;   // below the last line
        return markOnMarginLine(line);
    }
    // The character under the pointer, not the nearest boundary: its right half belongs to it too.
    const long pos = SendScintilla(SCI_CHARPOSITIONFROMPOINTCLOSE, p.x(), p.y());
    return pos < 0 ? -1 : markAtPosition(int(pos));
}

void SqlEditor::mouseMoveEvent(QMouseEvent *e)
{
    QsciScintilla::mouseMoveEvent(e);
    if (e->buttons() != Qt::NoButton) {
        m_hoverMark = -1;   // selecting text, not asking for advice
        m_showTimer->stop();
        return;
    }
    m_hoverMark = markUnder(e->position().toPoint());
    if (m_hoverMark >= 0) {
        m_hideTimer->stop();
        if (m_hoverMark != m_popupMark)
            m_showTimer->start();
    } else {
        m_showTimer->stop();
        scheduleHide();
    }
}

bool SqlEditor::eventFilter(QObject *watched, QEvent *e)
{
    if (watched == viewport() && e->type() == QEvent::Leave) {
        m_hoverMark = -1;
        m_showTimer->stop();
        scheduleHide();
    } else if (watched == m_popup) {
        if (e->type() == QEvent::Enter) {
            m_pointerOnPopup = true;
            m_hideTimer->stop();
        } else if (e->type() == QEvent::Leave) {
            m_pointerOnPopup = false;
            scheduleHide();
        }
    }
    return QsciScintilla::eventFilter(watched, e);
}

void SqlEditor::scheduleHide()
{
    if (m_popup->isVisible())
        m_hideTimer->start();
}

void SqlEditor::hideIfLeft()
{
    if (!m_pointerOnPopup && (m_hoverMark < 0 || m_hoverMark != m_popupMark))
        hideMarkPopup();
}

QWidget *SqlEditor::markPopup() const
{
    return m_popup;
}

void SqlEditor::hideMarkPopup()
{
    if (m_showTimer)
        m_showTimer->stop();
    if (m_hideTimer)
        m_hideTimer->stop();
    m_popupMark = -1;
    m_pointerOnPopup = false;
    if (m_popup)
        m_popup->hide();
}

void SqlEditor::showMarkPopup(int markIndex)
{
    if (markIndex < 0 || markIndex >= m_marks.size())
        return;
    const Mark &m = marks().at(markIndex);
    const Span &s = m_spans.at(markIndex);
    const int sev = clampSeverity(m.severity);
    const QString colour = severityColour(sev).name();

    QString html = QStringLiteral("<p style='margin:0'><b style='color:%1'>%2</b>&nbsp; <b>%3</b></p>")
                       .arg(colour, QLatin1String(kSeverityNames[sev]), m.title.toHtmlEscaped());
    if (!m.message.isEmpty())
        html += QStringLiteral("<p style='margin:4px 0 0 0'>%1</p>").arg(m.message.toHtmlEscaped());
    if (!m.evidence.isEmpty())
        html += QStringLiteral("<p style='margin:4px 0 0 0; color:%1'>%2</p>")
                    .arg(Theme::css(Theme::Role::TextMuted), m.evidence.toHtmlEscaped());
    m_popupText->setText(html);
    m_popupTry->setVisible(!m.rewriteId.isEmpty());
    m_popup->setStyleSheet(QStringLiteral("QFrame#MarkPopup { background: %2; border: 1px solid %3; "
                                          "border-left: 4px solid %1; border-radius: 3px; }")
                               .arg(colour, Theme::css(Theme::Role::PopupFill), Theme::css(Theme::Role::PopupBorder)));

    // Below the span's last line, so the popup does not hide the text it explains; a long span gets it below
    // its first line instead, near where the reading starts.
    const int firstLine = int(SendScintilla(SCI_LINEFROMPOSITION, s.from));
    const int lastLine = int(SendScintilla(SCI_LINEFROMPOSITION, std::max(s.from, s.to - 1)));
    const int line = lastLine - firstLine <= 3 ? lastLine : firstLine;
    ensureLineVisible(firstLine);
    ensureLineVisible(line);
    const int popupWidth = std::clamp(width() - 16, 160, 380);
    int popupHeight = m_popup->heightForWidth(popupWidth);
    if (popupHeight <= 0)
        popupHeight = m_popup->sizeHint().height();
    m_popup->setFixedSize(popupWidth, popupHeight);

    int margins = 0;
    for (int i = 0; i < 5; ++i)
        margins += int(SendScintilla(SCI_GETMARGINWIDTHN, i));
    const int lineTop = int(SendScintilla(SCI_POINTYFROMPOSITION, 0, SendScintilla(SCI_POSITIONFROMLINE, line)));
    const int lineHeight = int(SendScintilla(SCI_TEXTHEIGHT, line));
    int x = int(SendScintilla(SCI_POINTXFROMPOSITION, 0, s.from));
    x = std::clamp(x, margins, std::max(margins, viewport()->width() - popupWidth));
    QPoint at = viewport()->mapTo(this, QPoint(x, lineTop + lineHeight + 2));
    if (at.y() + popupHeight > height()) {   // no room below: above the span
        const int firstTop = int(SendScintilla(SCI_POINTYFROMPOSITION, 0, s.from));
        const QPoint above = viewport()->mapTo(this, QPoint(x, firstTop - 2 - popupHeight));
        at.setY(std::max(0, above.y()));
    }
    m_popup->move(at);
    m_popupMark = markIndex;
    m_popup->show();
    m_popup->raise();
}

bool SqlEditor::event(QEvent *e)
{
    if (e->type() == QEvent::ShortcutOverride && static_cast<QKeyEvent *>(e)->key() == Qt::Key_Escape) {
        if (m_popup && m_popup->isVisible()) {
            // Esc closes the popup first; the next Esc goes to the window's Stop.
            hideMarkPopup();
            e->accept();
            return true;
        }
        if (!isListActive() && !isCallTipActive()) {
            // Scintilla would swallow Esc (it only cancels a selection mode); leave it to the window's Stop.
            e->ignore();
            return false;
        }
    }
    const bool result = QsciScintilla::event(e);
    if (e->type() == QEvent::PaletteChange)
        applyTheme();   // after QScintilla's own handling, which resets colours from the palette
    return result;
}

void SqlEditor::applyTheme()
{
    // The lexer's styles, the paper, margins and caret line from Theme: in the light theme QScintilla's own
    // style colours, in the dark one a dark paper with lighter styles.
    const bool dark = Theme::isDark();
    const QColor paper = Theme::colour(Theme::Role::SqlPaper), text = Theme::colour(Theme::Role::SqlText);
    m_lexer->setDefaultPaper(paper);
    m_lexer->setDefaultColor(text);
    for (int style = 0; style <= QsciLexerSQL::QuotedOperator; ++style) {
        const QColor c = Theme::sqlStyle(style);
        m_lexer->setColor(c.isValid() ? c : m_lexer->defaultColor(style), style);
        m_lexer->setPaper(dark ? paper : m_lexer->defaultPaper(style), style);
    }
    setPaper(paper);
    setColor(text);
    setCaretForegroundColor(text);
    setCaretLineBackgroundColor(Theme::colour(Theme::Role::SqlCaretLine));
    setMarginsBackgroundColor(Theme::colour(Theme::Role::SqlMargin));
    setMarginsForegroundColor(Theme::colour(Theme::Role::SqlMarginText));
    setFoldMarginColors(Theme::colour(Theme::Role::SqlMargin), Theme::colour(Theme::Role::SqlMargin));
    setSelectionBackgroundColor(Theme::colour(Theme::Role::SqlSelection));
    setMatchedBraceBackgroundColor(Theme::colour(Theme::Role::SqlSelection));
    setMatchedBraceForegroundColor(text);
    for (int sev = 0; sev < 3; ++sev) {
        setIndicatorForegroundColor(severityColour(sev), indicatorForSeverity(sev));
        SendScintilla(SCI_INDICSETHOVERFORE, indicatorForSeverity(sev), severityColour(sev));
        markerDefine(markerImage(sev), markerForSeverity(sev));
    }
}

void SqlEditor::selectSpan(int start, int end)
{
    const int a = positionFromIndex(start);
    const int b = positionFromIndex(end);
    SendScintilla(SCI_SETSEL, a, b);
    SendScintilla(SCI_SCROLLCARET);
}

} // namespace PlanLens
