// SPDX-License-Identifier: MIT
#include "sqlspan.h"

#include <QSet>

#include <algorithm>

namespace PlanLens {

namespace {

bool isIdentStart(QChar c)
{
    return c.isLetter() || c == u'_' || c.unicode() >= 0x80;
}

bool isIdentChar(QChar c)
{
    return c.isLetterOrNumber() || c == u'_' || c == u'$' || c.unicode() >= 0x80;
}

bool isOperatorChar(QChar c)
{
    static const QString chars = QStringLiteral("+-*/<>=~!@#%^&|`?");
    return chars.contains(c);
}

// Index one past a quoted run that starts at `i` (text[i] == quote). Doubled quotes stay inside; with
// backslashEscapes (E'...'), a backslash escapes the next character.
int skipQuoted(QStringView s, int i, QChar quote, bool backslashEscapes)
{
    const int n = int(s.size());
    int j = i + 1;
    while (j < n) {
        const QChar c = s.at(j);
        if (backslashEscapes && c == u'\\') {
            j += 2;
            continue;
        }
        if (c == quote) {
            if (j + 1 < n && s.at(j + 1) == quote) {
                j += 2;
                continue;
            }
            return j + 1;
        }
        ++j;
    }
    return n;
}

} // namespace

QList<SqlToken> tokenizeSql(QStringView s)
{
    QList<SqlToken> out;
    const int n = int(s.size());
    int i = 0;
    auto push = [&](SqlTokenKind k, int start, int end) { out.append(SqlToken { k, start, end }); };
    while (i < n) {
        const QChar c = s.at(i);
        if (c.isSpace()) {
            ++i;
            continue;
        }
        if (c == u'-' && i + 1 < n && s.at(i + 1) == u'-') {
            while (i < n && s.at(i) != u'\n')
                ++i;
            continue;
        }
        if (c == u'/' && i + 1 < n && s.at(i + 1) == u'*') { // PostgreSQL nests block comments
            int depth = 0;
            while (i < n) {
                if (s.at(i) == u'/' && i + 1 < n && s.at(i + 1) == u'*') {
                    ++depth;
                    i += 2;
                } else if (s.at(i) == u'*' && i + 1 < n && s.at(i + 1) == u'/') {
                    i += 2;
                    if (--depth == 0) break;
                } else {
                    ++i;
                }
            }
            continue;
        }
        if (c == u'\'') {
            // A backslash escapes only in E'' strings, handled with the prefix below.
            push(SqlTokenKind::String, i, skipQuoted(s, i, u'\'', false));
            i = out.last().end;
            continue;
        }
        if (c == u'"') {
            push(SqlTokenKind::QuotedIdent, i, skipQuoted(s, i, u'"', false));
            i = out.last().end;
            continue;
        }
        if (c == u'$') {
            int j = i + 1;
            if (j < n && s.at(j).isDigit()) {
                while (j < n && s.at(j).isDigit())
                    ++j;
                push(SqlTokenKind::Param, i, j);
                i = j;
                continue;
            }
            // $tag$ ... $tag$ (the tag may be empty); a tag cannot start with a digit.
            while (j < n && (isIdentStart(s.at(j)) || (j > i + 1 && s.at(j).isDigit())) && s.at(j) != u'$')
                ++j;
            if (j < n && s.at(j) == u'$') {
                const QStringView tag = s.mid(i, j + 1 - i);
                const qsizetype close = s.indexOf(tag, j + 1);
                const int stop = close < 0 ? n : int(close + tag.size());
                push(SqlTokenKind::String, i, stop);
                i = stop;
                continue;
            }
            if (j > i + 1) { // $name: a named parameter (PlanLens numbers these before running)
                push(SqlTokenKind::Param, i, j);
                i = j;
                continue;
            }
            push(SqlTokenKind::Operator, i, i + 1);
            ++i;
            continue;
        }
        if (c.isDigit() || (c == u'.' && i + 1 < n && s.at(i + 1).isDigit())) {
            int j = i;
            while (j < n && (s.at(j).isDigit() || s.at(j) == u'_'))
                ++j;
            if (j < n && s.at(j) == u'.' && !(j + 1 < n && s.at(j + 1) == u'.')) {
                ++j;
                while (j < n && (s.at(j).isDigit() || s.at(j) == u'_'))
                    ++j;
            }
            if (j < n && (s.at(j) == u'e' || s.at(j) == u'E')) {
                int k = j + 1;
                if (k < n && (s.at(k) == u'+' || s.at(k) == u'-')) ++k;
                if (k < n && s.at(k).isDigit()) {
                    while (k < n && s.at(k).isDigit())
                        ++k;
                    j = k;
                }
            }
            push(SqlTokenKind::Number, i, j);
            i = j;
            continue;
        }
        if (isIdentStart(c)) {
            // String prefixes: E'..' (backslash escapes), B'..', X'..', N'..', U&'..', U&"..".
            if (i + 1 < n && s.at(i + 1) == u'\'') {
                const QChar p = c.toUpper();
                if (p == u'E' || p == u'B' || p == u'X' || p == u'N') {
                    push(SqlTokenKind::String, i, skipQuoted(s, i + 1, u'\'', p == u'E'));
                    i = out.last().end;
                    continue;
                }
            }
            if ((c == u'u' || c == u'U') && i + 2 < n && s.at(i + 1) == u'&'
                && (s.at(i + 2) == u'\'' || s.at(i + 2) == u'"')) {
                const QChar q = s.at(i + 2);
                push(q == u'"' ? SqlTokenKind::QuotedIdent : SqlTokenKind::String, i, skipQuoted(s, i + 2, q, false));
                i = out.last().end;
                continue;
            }
            int j = i + 1;
            while (j < n && isIdentChar(s.at(j)))
                ++j;
            push(SqlTokenKind::Word, i, j);
            i = j;
            continue;
        }
        if (c == u':' && i + 1 < n && (s.at(i + 1) == u':' || s.at(i + 1) == u'=')) {
            push(SqlTokenKind::Operator, i, i + 2);
            i += 2;
            continue;
        }
        if (c == u'(' || c == u')' || c == u'[' || c == u']' || c == u',' || c == u';' || c == u'.' || c == u':') {
            push(SqlTokenKind::Punct, i, i + 1);
            ++i;
            continue;
        }
        if (isOperatorChar(c)) {
            int j = i;
            while (j < n && isOperatorChar(s.at(j))) {
                // A comment start ends the operator.
                if (j > i
                    && ((s.at(j) == u'-' && j + 1 < n && s.at(j + 1) == u'-')
                        || (s.at(j) == u'/' && j + 1 < n && s.at(j + 1) == u'*')))
                    break;
                ++j;
            }
            // PostgreSQL: a multi-character operator may end in + or - only if it holds one of ~!@#%^&|`?
            // (so "=-1" is "=" then "-1").
            const QStringView op = s.mid(i, j - i);
            const bool special
                = std::any_of(op.begin(), op.end(), [](QChar ch) { return QStringView(u"~!@#%^&|`?").contains(ch); });
            while (!special && j - i > 1 && (s.at(j - 1) == u'+' || s.at(j - 1) == u'-'))
                --j;
            push(SqlTokenKind::Operator, i, j);
            i = j;
            continue;
        }
        push(SqlTokenKind::Operator, i, i + 1); // anything else: one character
        ++i;
    }
    return out;
}

SqlTokens::SqlTokens(const QString &text)
    : m_text(text)
    , m_tokens(tokenizeSql(text))
{ }

QStringView SqlTokens::tokenText(int i) const
{
    if (i < 0 || i >= size()) return {};
    const SqlToken &t = m_tokens.at(i);
    return QStringView(m_text).mid(t.start, t.end - t.start);
}

bool SqlTokens::isWord(int i, QLatin1StringView upper) const
{
    if (i < 0 || i >= size() || m_tokens.at(i).kind != SqlTokenKind::Word) return false;
    return tokenText(i).compare(upper, Qt::CaseInsensitive) == 0;
}

bool SqlTokens::isPunct(int i, QChar c) const
{
    if (i < 0 || i >= size() || m_tokens.at(i).kind != SqlTokenKind::Punct) return false;
    return m_text.at(m_tokens.at(i).start) == c;
}

bool SqlTokens::isOpen(int i) const
{
    return isPunct(i, u'(') || isPunct(i, u'[');
}

bool SqlTokens::isClose(int i) const
{
    return isPunct(i, u')') || isPunct(i, u']');
}

int SqlTokens::indexAt(int pos) const
{
    auto it = std::upper_bound(
        m_tokens.cbegin(), m_tokens.cend(), pos, [](int p, const SqlToken &t) { return p < t.start; });
    if (it == m_tokens.cbegin()) return -1;
    --it;
    return pos < it->end ? int(it - m_tokens.cbegin()) : -1;
}

int SqlTokens::indexAtOrAfter(int pos) const
{
    auto it = std::lower_bound(
        m_tokens.cbegin(), m_tokens.cend(), pos, [](const SqlToken &t, int p) { return t.start < p; });
    return int(it - m_tokens.cbegin());
}

int SqlTokens::indexBefore(int pos) const
{
    auto it
        = std::upper_bound(m_tokens.cbegin(), m_tokens.cend(), pos, [](int p, const SqlToken &t) { return p < t.end; });
    return int(it - m_tokens.cbegin()) - 1;
}

int SqlTokens::matchingClose(int open) const
{
    if (!isOpen(open)) return -1;
    int depth = 0;
    for (int i = open; i < size(); ++i) {
        if (isOpen(i))
            ++depth;
        else if (isClose(i) && --depth == 0)
            return i;
    }
    return -1;
}

int SqlTokens::matchingOpen(int close) const
{
    if (!isClose(close)) return -1;
    int depth = 0;
    for (int i = close; i >= 0; --i) {
        if (isClose(i))
            ++depth;
        else if (isOpen(i) && --depth == 0)
            return i;
    }
    return -1;
}

int SqlTokens::findAtDepth0(int from, const std::function<bool(int)> &stop) const
{
    int depth = 0;
    for (int i = std::max(0, from); i < size(); ++i) {
        if (depth == 0 && stop(i)) return i;
        if (isOpen(i) || isWord(i, QLatin1StringView("CASE"))) {
            ++depth;
        } else if (isClose(i) || isWord(i, QLatin1StringView("END"))) {
            if (depth == 0) return i;
            --depth;
        }
    }
    return size();
}

void SqlTokens::expandParens(int &first, int &last) const
{
    while (first > 0 && last + 1 < size() && isPunct(first - 1, u'(') && isPunct(last + 1, u')')
        && matchingClose(first - 1) == last + 1) {
        --first;
        ++last;
    }
}

QString applySqlEdits(const QString &text, int from, int to, QList<SqlEdit> edits)
{
    std::sort(edits.begin(), edits.end(),
        [](const SqlEdit &a, const SqlEdit &b) { return a.start != b.start ? a.start < b.start : a.end < b.end; });
    QString out;
    int pos = from;
    for (const SqlEdit &e : edits) {
        const int s = std::clamp(e.start, pos, to);
        out += QStringView(text).mid(pos, s - pos);
        out += e.text;
        pos = std::clamp(e.end, s, to);
    }
    out += QStringView(text).mid(pos, to - pos);
    return out;
}

QString quoteSqlIdentifier(const QString &name)
{
    // PostgreSQL's reserved keywords: these cannot be used as a column or table name unquoted.
    static const QSet<QString> reserved { QStringLiteral("all"), QStringLiteral("analyse"), QStringLiteral("analyze"),
        QStringLiteral("and"), QStringLiteral("any"), QStringLiteral("array"), QStringLiteral("as"),
        QStringLiteral("asc"), QStringLiteral("asymmetric"), QStringLiteral("both"), QStringLiteral("case"),
        QStringLiteral("cast"), QStringLiteral("check"), QStringLiteral("collate"), QStringLiteral("column"),
        QStringLiteral("constraint"), QStringLiteral("create"), QStringLiteral("current_catalog"),
        QStringLiteral("current_date"), QStringLiteral("current_role"), QStringLiteral("current_time"),
        QStringLiteral("current_timestamp"), QStringLiteral("current_user"), QStringLiteral("default"),
        QStringLiteral("deferrable"), QStringLiteral("desc"), QStringLiteral("distinct"), QStringLiteral("do"),
        QStringLiteral("else"), QStringLiteral("end"), QStringLiteral("except"), QStringLiteral("false"),
        QStringLiteral("fetch"), QStringLiteral("for"), QStringLiteral("foreign"), QStringLiteral("from"),
        QStringLiteral("grant"), QStringLiteral("group"), QStringLiteral("having"), QStringLiteral("in"),
        QStringLiteral("initially"), QStringLiteral("intersect"), QStringLiteral("into"), QStringLiteral("lateral"),
        QStringLiteral("leading"), QStringLiteral("limit"), QStringLiteral("localtime"),
        QStringLiteral("localtimestamp"), QStringLiteral("not"), QStringLiteral("null"), QStringLiteral("offset"),
        QStringLiteral("on"), QStringLiteral("only"), QStringLiteral("or"), QStringLiteral("order"),
        QStringLiteral("placing"), QStringLiteral("primary"), QStringLiteral("references"), QStringLiteral("returning"),
        QStringLiteral("select"), QStringLiteral("session_user"), QStringLiteral("some"), QStringLiteral("symmetric"),
        QStringLiteral("table"), QStringLiteral("then"), QStringLiteral("to"), QStringLiteral("trailing"),
        QStringLiteral("true"), QStringLiteral("union"), QStringLiteral("unique"), QStringLiteral("user"),
        QStringLiteral("using"), QStringLiteral("variadic"), QStringLiteral("when"), QStringLiteral("where"),
        QStringLiteral("window"), QStringLiteral("with") };
    bool plain = !name.isEmpty() && (name.at(0).isLower() || name.at(0) == u'_') && name.at(0).unicode() < 0x80;
    for (QChar c : name) {
        if (!((c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9') || c == u'_' || c == u'$')) plain = false;
    }
    if (plain && !reserved.contains(name)) return name;
    QString q = name;
    q.replace(u'"', QStringLiteral("\"\""));
    return u'"' + q + u'"';
}

} // namespace PlanLens
