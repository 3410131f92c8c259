// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QString>
#include <QStringView>

#include <functional>

namespace PlanLens {

// libpg_query gives each node the location where it STARTS, never where it ends. To cut a piece out of the
// user's text, or to insert next to one, we scan the text with PostgreSQL's lexical rules (strings, quoted
// identifiers, dollar quotes, nested comments, parameters) and reason about tokens and parenthesis depth.

enum class SqlTokenKind {
    Word, // keyword or plain identifier (case-insensitive), also a named parameter's name after '$'
    QuotedIdent, // "Name" or U&"name"
    String, // 'text', E'..', B'..', X'..', N'..', U&'..', $tag$..$tag$
    Number,
    Param, // $1 or $name
    Operator, // =, <>, ::, ||, ...
    Punct, // ( ) [ ] , ; . :
};

struct SqlToken {
    SqlTokenKind kind = SqlTokenKind::Word;
    int start = 0; // QString index of the first character
    int end = 0; // one past the last character
};

// A piece of text to replace: [start, end) → text. Positions are QString indices.
struct SqlEdit {
    int start = 0;
    int end = 0;
    QString text;
};

// The tokens of one SQL text (comments and blanks skipped) with helpers for nesting.
class SqlTokens
{
public:
    SqlTokens() = default;
    explicit SqlTokens(const QString &text);

    const QString &text() const { return m_text; }
    const QList<SqlToken> &tokens() const { return m_tokens; }
    int size() const { return int(m_tokens.size()); }
    const SqlToken &at(int i) const { return m_tokens.at(i); }
    QStringView tokenText(int i) const;

    // An unquoted word equal to `upper` ignoring case (SQL keywords).
    bool isWord(int i, QLatin1StringView upper) const;
    bool isPunct(int i, QChar c) const;
    bool isOpen(int i) const; // ( or [
    bool isClose(int i) const; // ) or ]

    // The token that covers QString index `pos` (start <= pos < end), else -1.
    int indexAt(int pos) const;
    // The first token that starts at or after `pos`, or size().
    int indexAtOrAfter(int pos) const;
    // The last token that ends at or before `pos`, or -1.
    int indexBefore(int pos) const;

    // The matching ) or ] of the ( or [ at `open`, or -1 if the text is unbalanced.
    int matchingClose(int open) const;
    // The matching ( or [ of the ) or ] at `close`, or -1.
    int matchingOpen(int close) const;

    // From token `from`, the first token at nesting depth 0 (relative to `from`) for which stop(i) holds.
    // A closing ) or ] that would leave the group `from` stands in also ends the search (its index is
    // returned), as does the end of the text (size()). CASE ... END counts as a nesting level.
    int findAtDepth0(int from, const std::function<bool(int)> &stop) const;

    // Widens the token range [first, last] while it is enclosed by a matching pair of parentheses.
    void expandParens(int &first, int &last) const;

private:
    QString m_text;
    QList<SqlToken> m_tokens;
};

// Splits text into tokens (no comments, no blanks). Never fails: an unterminated string or comment runs to
// the end of the text, as PostgreSQL would report it as an error anyway.
QList<SqlToken> tokenizeSql(QStringView text);

// Applies non-overlapping edits to text[from, to) and returns that piece of text with the edits made.
// Edits may come in any order; positions are indices into `text`.
QString applySqlEdits(const QString &text, int from, int to, QList<SqlEdit> edits);

// Quotes an identifier when PostgreSQL would not read it back unchanged (upper case, blanks, keywords that
// cannot be column names are not checked: only the character rules).
QString quoteSqlIdentifier(const QString &name);

} // namespace PlanLens
