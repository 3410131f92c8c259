// SPDX-License-Identifier: MIT
#include "sqleditor.h"

#include <Qsci/qscilexersql.h>

#include <QApplication>
#include <QClipboard>
#include <QFontDatabase>
#include <QHelpEvent>
#include <QKeyEvent>
#include <QToolTip>

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

} // namespace

void SqlEditor::keyPressEvent(QKeyEvent *e)
{
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
    if (e->type() == QEvent::ShortcutOverride && static_cast<QKeyEvent *>(e)->key() == Qt::Key_Escape
        && !isListActive() && !isCallTipActive()) {
        // Scintilla would swallow Esc (it only cancels a selection mode); leave it to the window's Stop.
        e->ignore();
        return false;
    }
    return QsciScintilla::event(e);
}

} // namespace PlanLens
