// SPDX-License-Identifier: MIT
#include "sqltree.h"

#include <algorithm>

namespace PlanLens::SqlTree {

namespace {

const QString kLocation = QStringLiteral("location");

void locations(const QJsonValue &v, int &lo, int &hi)
{
    if (v.isObject()) {
        const QJsonObject o = v.toObject();
        for (auto it = o.begin(); it != o.end(); ++it) {
            if (it.key() == kLocation && it.value().isDouble()) {
                const int l = it.value().toInt(-1);
                if (l >= 0) {
                    lo = lo < 0 ? l : std::min(lo, l);
                    hi = std::max(hi, l);
                }
            } else if (it.value().isObject() || it.value().isArray()) {
                locations(it.value(), lo, hi);
            }
        }
    } else if (v.isArray()) {
        const QJsonArray a = v.toArray();
        for (const QJsonValue &e : a)
            locations(e, lo, hi);
    }
}

bool isClauseWord(const SqlTokens &t, int i)
{
    static const QList<QLatin1StringView> words { QLatin1StringView("WHERE"), QLatin1StringView("HAVING"),
        QLatin1StringView("WINDOW"), QLatin1StringView("ORDER"), QLatin1StringView("LIMIT"),
        QLatin1StringView("OFFSET"), QLatin1StringView("FETCH"), QLatin1StringView("FOR"), QLatin1StringView("UNION"),
        QLatin1StringView("INTERSECT"), QLatin1StringView("EXCEPT"), QLatin1StringView("RETURNING"),
        QLatin1StringView("INTO") };
    if (t.at(i).kind != SqlTokenKind::Word) return false;
    for (const auto &w : words)
        if (t.isWord(i, w)) return true;
    if (t.isWord(i, QLatin1StringView("FROM"))) return !t.isWord(i - 1, QLatin1StringView("DISTINCT"));
    if (t.isWord(i, QLatin1StringView("GROUP"))) return !t.isWord(i - 1, QLatin1StringView("WITHIN"));
    return false;
}

} // namespace

QString type(const QJsonValue &node)
{
    const QJsonObject o = node.toObject();
    return o.size() == 1 ? o.begin().key() : QString();
}

QJsonObject body(const QJsonValue &node)
{
    const QJsonObject o = node.toObject();
    return o.size() == 1 ? o.begin().value().toObject() : QJsonObject();
}

bool is(const QJsonValue &node, QLatin1StringView t)
{
    const QJsonObject o = node.toObject();
    return o.size() == 1 && o.begin().key() == t;
}

int minLocation(const QJsonValue &node)
{
    int lo = -1, hi = -1;
    locations(node, lo, hi);
    return lo;
}

int maxLocation(const QJsonValue &node)
{
    int lo = -1, hi = -1;
    locations(node, lo, hi);
    return hi;
}

void visit(const QJsonValue &node, const std::function<bool(const QJsonObject &, const QString &)> &fn)
{
    if (node.isArray()) {
        const QJsonArray a = node.toArray();
        for (const QJsonValue &e : a)
            if (e.isObject() || e.isArray()) visit(e, fn);
        return;
    }
    if (!node.isObject()) return;
    const QJsonObject o = node.toObject();
    // A typed node is {"Type": {...}} with an upper-case first letter; anything else is a plain field map. Each
    // value is converted once: the iterator builds a QJsonValue (and a QString key) on every call.
    if (o.size() == 1) {
        const auto it = o.constBegin();
        const QJsonValue inner = it.value();
        const QString type = it.key();
        if (inner.isObject() && !type.isEmpty() && type.at(0).isUpper()) {
            if (fn(o, type)) visit(inner, fn);
            return;
        }
    }
    for (auto it = o.constBegin(); it != o.constEnd(); ++it) {
        const QJsonValue child = it.value();
        if (child.isObject() || child.isArray()) visit(child, fn);
    }
}

QJsonValue withoutLocations(const QJsonValue &node)
{
    if (node.isArray()) {
        QJsonArray out;
        const QJsonArray a = node.toArray();
        for (const QJsonValue &e : a)
            out.append(withoutLocations(e));
        return out;
    }
    if (!node.isObject()) return node;
    QJsonObject out;
    const QJsonObject o = node.toObject();
    for (auto it = o.begin(); it != o.end(); ++it)
        if (it.key() != kLocation && it.key() != QLatin1StringView("stmt_location")
            && it.key() != QLatin1StringView("stmt_len"))
            out.insert(it.key(), withoutLocations(it.value()));
    return out;
}

QStringList columnRef(const QJsonValue &node)
{
    if (!is(node, QLatin1StringView("ColumnRef"))) return {};
    QStringList out;
    const QJsonArray fields = body(node).value(QStringLiteral("fields")).toArray();
    for (const QJsonValue &f : fields) {
        if (is(f, QLatin1StringView("A_Star")))
            out << QStringLiteral("*");
        else
            out << body(f).value(QStringLiteral("sval")).toString();
    }
    return out;
}

QString stringValue(const QJsonValue &node)
{
    if (is(node, QLatin1StringView("String"))) return body(node).value(QStringLiteral("sval")).toString();
    if (is(node, QLatin1StringView("A_Const")))
        return body(node).value(QStringLiteral("sval")).toObject().value(QStringLiteral("sval")).toString();
    return {};
}

QString funcName(const QJsonValue &node)
{
    if (!is(node, QLatin1StringView("FuncCall"))) return {};
    const QJsonArray names = body(node).value(QStringLiteral("funcname")).toArray();
    if (names.isEmpty()) return {};
    if (names.size() == 2 && stringValue(names.at(0)) != u"pg_catalog") return {};
    return stringValue(names.last()).toLower();
}

QString operatorName(const QJsonValue &node)
{
    if (!is(node, QLatin1StringView("A_Expr"))) return {};
    const QJsonArray names = body(node).value(QStringLiteral("name")).toArray();
    return names.size() == 1 ? stringValue(names.at(0)) : QString();
}

bool isBoolOp(const QJsonValue &node, QLatin1StringView boolop)
{
    return is(node, QLatin1StringView("BoolExpr")) && body(node).value(QStringLiteral("boolop")).toString() == boolop;
}

QJsonArray conjuncts(const QJsonValue &node)
{
    if (isBoolOp(node, QLatin1StringView("AND_EXPR"))) return body(node).value(QStringLiteral("args")).toArray();
    if (node.isUndefined() || node.isNull()) return {};
    return QJsonArray { node };
}

bool containsType(const QJsonValue &node, QLatin1StringView t)
{
    bool found = false;
    visit(node, [&](const QJsonObject &, const QString &ty) {
        if (ty == t) found = true;
        return !found;
    });
    return found;
}

namespace {
void collectTables(const QJsonValue &item, QList<TableRef> &out)
{
    if (is(item, QLatin1StringView("RangeVar"))) {
        const QJsonObject b = body(item);
        TableRef t;
        t.relname = b.value(QStringLiteral("relname")).toString();
        t.schemaname = b.value(QStringLiteral("schemaname")).toString();
        t.alias = b.value(QStringLiteral("alias")).toObject().value(QStringLiteral("aliasname")).toString();
        t.location = b.value(kLocation).toInt(-1);
        out << t;
    } else if (is(item, QLatin1StringView("JoinExpr"))) {
        const QJsonObject b = body(item);
        collectTables(b.value(QStringLiteral("larg")), out);
        collectTables(b.value(QStringLiteral("rarg")), out);
    }
}
} // namespace

QList<TableRef> tables(const QJsonArray &fromClause)
{
    QList<TableRef> out;
    for (const QJsonValue &item : fromClause)
        collectTables(item, out);
    return out;
}

QSet<QString> allNames(const QJsonValue &node)
{
    QSet<QString> names;
    visit(node, [&](const QJsonObject &n, const QString &t) {
        const QJsonObject b = n.value(t).toObject();
        if (t == u"RangeVar") names.insert(b.value(QStringLiteral("relname")).toString());
        if (b.contains(QStringLiteral("alias")))
            names.insert(b.value(QStringLiteral("alias")).toObject().value(QStringLiteral("aliasname")).toString());
        if (t == u"CommonTableExpr") names.insert(b.value(QStringLiteral("ctename")).toString());
        return true;
    });
    names.remove(QString());
    return names;
}

QStringList outerQualifiers(const QJsonValue &subquery)
{
    return qualifiersNotIn(subquery, allNames(subquery));
}

QStringList qualifiersNotIn(const QJsonValue &node, const QSet<QString> &own)
{
    QStringList out;
    visit(node, [&](const QJsonObject &n, const QString &t) {
        if (t == u"ColumnRef") {
            const QStringList f = columnRef(n);
            if (f.size() >= 2 && !own.contains(f.first()) && !out.contains(f.first())) out << f.first();
        }
        return true;
    });
    return out;
}

bool endsExpression(const SqlTokens &t, int i)
{
    if (i < 0 || i >= t.size()) return true;
    if (t.at(i).kind != SqlTokenKind::Word) return false;
    if (isClauseWord(t, i)) return true;
    static const QList<QLatin1StringView> words { QLatin1StringView("ON"), QLatin1StringView("USING"),
        QLatin1StringView("JOIN"), QLatin1StringView("INNER"), QLatin1StringView("FULL"), QLatin1StringView("CROSS"),
        QLatin1StringView("NATURAL"), QLatin1StringView("THEN"), QLatin1StringView("WHEN"), QLatin1StringView("ELSE"),
        QLatin1StringView("AS"), QLatin1StringView("ASC"), QLatin1StringView("DESC"), QLatin1StringView("NULLS") };
    for (const auto &w : words)
        if (t.isWord(i, w)) return true;
    // LEFT(...) and RIGHT(...) are functions; LEFT JOIN is a clause.
    if (t.isWord(i, QLatin1StringView("LEFT")) || t.isWord(i, QLatin1StringView("RIGHT")))
        return !t.isPunct(i + 1, u'(');
    return false;
}

QString freshName(const QString &base, const QSet<QString> &taken)
{
    QSet<QString> lower;
    for (const QString &n : taken)
        lower.insert(n.toLower());
    if (!lower.contains(base.toLower())) return base;
    for (int i = 2;; ++i) {
        const QString n = QStringLiteral("%1_%2").arg(base).arg(i);
        if (!lower.contains(n.toLower())) return n;
    }
}

// ---------------------------------------------------------------------------------------------------------

StatementText::StatementText(const SqlScript &script, int index, const SqlTokens &tokens)
    : m_script(script)
    , m_index(index)
    , m_tokens(tokens)
{ }

int StatementText::tokenAtLocation(int byteLocation) const
{
    if (byteLocation < 0) return -1;
    return m_tokens.indexAt(charAt(byteLocation));
}

int StatementText::firstToken(const QJsonValue &node) const
{
    return tokenAtLocation(minLocation(node));
}

QString StatementText::text(TokRange r) const
{
    if (!r.isValid()) return {};
    return m_script.text.mid(startOf(r.first), endOf(r.last) - startOf(r.first));
}

QString StatementText::standaloneText(TokRange r) const
{
    const QString t = text(r);
    if (!t.contains(u'\n')) return t;
    for (int i = r.first; i <= r.last; ++i)
        if (m_tokens.at(i).kind != SqlTokenKind::Word && m_tokens.tokenText(i).contains(u'\n')) return t;
    QStringList lines = t.split(u'\n');
    int common = -1;
    for (int i = 1; i < lines.size(); ++i) {
        const QString &l = lines.at(i);
        int n = 0;
        while (n < l.size() && (l.at(n) == u' ' || l.at(n) == u'\t'))
            ++n;
        if (n < l.size()) common = common < 0 ? n : std::min(common, n);
    }
    if (common <= 0) return t;
    for (int i = 1; i < lines.size(); ++i)
        lines[i] = lines.at(i).mid(std::min(common, int(lines.at(i).size())));
    return lines.join(u'\n');
}

int StatementText::statementFirstToken() const
{
    return m_tokens.indexAtOrAfter(statement().start);
}

int StatementText::statementLastToken() const
{
    return m_tokens.indexBefore(statement().end);
}

TokRange StatementText::clauseExpression(const QJsonValue &node) const
{
    int s = firstToken(node);
    const int maxTok = tokenAtLocation(maxLocation(node));
    if (s < 0) return {};
    const int stmtLast = statementLastToken();
    auto stop = [&](int i) {
        return i > stmtLast || endsExpression(m_tokens, i) || m_tokens.isPunct(i, u',') || m_tokens.isPunct(i, u';');
    };
    for (int guard = 0; guard < 64; ++guard) {
        const int e = m_tokens.findAtDepth0(s, stop);
        // Stopped by a ')' that the node continues past: the node opened that parenthesis before its
        // first location (e.g. "(a OR b) AND c"); start again from the matching '('.
        if (maxTok >= e && e < m_tokens.size() && m_tokens.isClose(e)) {
            const int o = m_tokens.matchingOpen(e);
            if (o < 0 || o >= s) return {};
            s = o;
            continue;
        }
        return TokRange { s, std::min(e - 1, stmtLast) };
    }
    return {};
}

TokRange StatementText::stripParens(TokRange r) const
{
    if (r.isValid() && r.last > r.first && m_tokens.isPunct(r.first, u'(') && m_tokens.matchingClose(r.first) == r.last)
        return TokRange { r.first + 1, r.last - 1 };
    return r;
}

namespace {
// Splits [first, last] at depth-0 occurrences of `word` (AND's of BETWEEN ... AND excluded).
QList<TokRange> splitAt(const SqlTokens &t, TokRange r, QLatin1StringView word)
{
    QList<TokRange> out;
    int depth = 0;
    int start = r.first;
    bool betweenPending = false;
    for (int i = r.first; i <= r.last; ++i) {
        if (t.isOpen(i) || t.isWord(i, QLatin1StringView("CASE"))) {
            ++depth;
        } else if (t.isClose(i) || t.isWord(i, QLatin1StringView("END"))) {
            --depth;
        } else if (depth == 0 && t.isWord(i, QLatin1StringView("BETWEEN"))) {
            betweenPending = true;
        } else if (depth == 0 && t.isWord(i, word)) {
            if (word == QLatin1StringView("AND") && betweenPending) {
                betweenPending = false;
                continue;
            }
            out << TokRange { start, i - 1 };
            start = i + 1;
        } else if (depth == 0 && betweenPending && t.isWord(i, QLatin1StringView("AND"))) {
            betweenPending = false; // splitting at OR: the BETWEEN's AND is inside an argument
        }
    }
    out << TokRange { start, r.last };
    return out;
}
} // namespace

QList<TokRange> StatementText::boolArguments(const QJsonValue &boolExpr, TokRange range) const
{
    if (!is(boolExpr, QLatin1StringView("BoolExpr")) || !range.isValid()) return {};
    TokRange r = range;
    for (TokRange s = stripParens(r); s.first != r.first; s = stripParens(r))
        r = s;
    const QJsonObject b = body(boolExpr);
    const QJsonArray args = b.value(QStringLiteral("args")).toArray();
    const QString op = b.value(QStringLiteral("boolop")).toString();
    if (op == u"NOT_EXPR") {
        if (!m_tokens.isWord(r.first, QLatin1StringView("NOT")) || args.size() != 1) return {};
        return { TokRange { r.first + 1, r.last } };
    }
    const QLatin1StringView word = op == u"AND_EXPR" ? QLatin1StringView("AND") : QLatin1StringView("OR");
    QList<int> argStarts;
    for (const QJsonValue &a : args)
        argStarts << firstToken(a);
    // Pieces holding several arguments come from "(a AND b) AND c", which the parser flattens: split
    // those again inside their parentheses.
    std::function<bool(TokRange, QList<TokRange> &)> split = [&](TokRange piece, QList<TokRange> &out) {
        const QList<TokRange> parts = splitAt(m_tokens, piece, word);
        for (const TokRange &p : parts) {
            if (!p.isValid()) return false;
            const auto n = std::count_if(
                argStarts.cbegin(), argStarts.cend(), [&](int s) { return s >= p.first && s <= p.last; });
            if (n == 1) {
                out << p;
            } else if (n > 1) {
                const TokRange inner = stripParens(p);
                if (inner.first == p.first || !split(inner, out)) return false;
            } else {
                return false;
            }
        }
        return true;
    };
    QList<TokRange> out;
    if (!split(r, out) || out.size() != args.size()) return {};
    return out;
}

bool StatementText::subLinkRange(
    const QJsonValue &subLink, TokRange *whole, TokRange *testExpr, TokRange *subqueryInner) const
{
    if (!is(subLink, QLatin1StringView("SubLink"))) return false;
    const QJsonObject b = body(subLink);
    const QString kind = b.value(QStringLiteral("subLinkType")).toString();
    const int opTok = tokenAtLocation(b.value(kLocation).toInt(-1));
    if (opTok < 0) return false;
    int open = -1;
    TokRange test;
    if (kind == u"ANY_SUBLINK" || kind == u"ALL_SUBLINK") {
        const int t0 = firstToken(b.value(QStringLiteral("testexpr")));
        if (t0 < 0 || t0 >= opTok) return false;
        test = TokRange { t0, opTok - 1 };
        // "(a) IN (...)": the test expression's own parentheses open before its first location.
        while (m_tokens.isClose(test.last) && m_tokens.matchingOpen(test.last) < test.first) {
            const int o = m_tokens.matchingOpen(test.last);
            if (o < 0) return false;
            test.first = o;
        }
        for (int i = opTok; i < std::min(opTok + 4, m_tokens.size()); ++i) {
            if (m_tokens.isPunct(i, u'(')) {
                open = i;
                break;
            }
        }
    } else if (kind == u"EXISTS_SUBLINK" || kind == u"ARRAY_SUBLINK") {
        open = m_tokens.isPunct(opTok + 1, u'(') ? opTok + 1 : -1;
    } else if (kind == u"EXPR_SUBLINK") {
        open = m_tokens.isPunct(opTok, u'(') ? opTok : -1;
    }
    if (open < 0) return false;
    const int close = m_tokens.matchingClose(open);
    if (close < 0 || close - open < 2) return false;
    if (whole) *whole = TokRange { test.isValid() ? test.first : (kind == u"EXPR_SUBLINK" ? open : opTok), close };
    if (testExpr) *testExpr = test;
    if (subqueryInner) *subqueryInner = TokRange { open + 1, close - 1 };
    return true;
}

int StatementText::findWord(int from, const QStringList &upperWords) const
{
    const int stmtLast = statementLastToken();
    const int i = m_tokens.findAtDepth0(from, [&](int k) {
        if (k > stmtLast) return true;
        for (const QString &w : upperWords)
            if (m_tokens.isWord(k, QLatin1StringView(w.toLatin1()))) return true;
        return false;
    });
    if (i > stmtLast || i >= m_tokens.size() || m_tokens.at(i).kind != SqlTokenKind::Word) return -1;
    return i;
}

int StatementText::fromClauseLastToken(const QJsonObject &select) const
{
    const QJsonObject sel = select.isEmpty() ? body(tree()) : select;
    const QJsonArray from = sel.value(QStringLiteral("fromClause")).toArray();
    if (from.isEmpty()) return -1;
    int t = firstToken(from.first());
    while (t > 0 && m_tokens.isPunct(t - 1, u'('))
        --t;
    if (!m_tokens.isWord(t - 1, QLatin1StringView("FROM"))) return -1;
    const int stmtLast = statementLastToken();
    const int e = m_tokens.findAtDepth0(
        t, [&](int i) { return i > stmtLast || isClauseWord(m_tokens, i) || m_tokens.isPunct(i, u';'); });
    return std::min(e - 1, stmtLast);
}

TokRange StatementText::targetList(const QJsonObject &select) const
{
    const QJsonObject sel = select.isEmpty() ? body(tree()) : select;
    const QJsonArray targets = sel.value(QStringLiteral("targetList")).toArray();
    if (targets.isEmpty()) return {};
    const int t = tokenAtLocation(body(targets.first()).value(kLocation).toInt(-1));
    if (t < 0) return {};
    const int stmtLast = statementLastToken();
    const int e = m_tokens.findAtDepth0(t, [&](int i) {
        return i > stmtLast || isClauseWord(m_tokens, i) || m_tokens.isWord(i, QLatin1StringView("FROM"))
            || m_tokens.isPunct(i, u';');
    });
    return TokRange { t, std::min(e - 1, stmtLast) };
}

TokRange StatementText::qualifiedName(int token) const
{
    if (token < 0) return {};
    int last = token;
    while (m_tokens.isPunct(last + 1, u'.') && last + 2 < m_tokens.size()
        && (m_tokens.at(last + 2).kind == SqlTokenKind::Word
            || m_tokens.at(last + 2).kind == SqlTokenKind::QuotedIdent))
        last += 2;
    return TokRange { token, last };
}

QString StatementText::lineIndent(int token) const
{
    const QString &s = m_script.text;
    int p = startOf(token);
    while (p > 0 && s.at(p - 1) != u'\n')
        --p;
    int q = p;
    while (q < s.size() && (s.at(q) == u' ' || s.at(q) == u'\t'))
        ++q;
    return s.mid(p, q - p);
}

int StatementText::lineFirstToken(int token) const
{
    const QString &s = m_script.text;
    int p = startOf(token);
    while (p > 0 && s.at(p - 1) != u'\n')
        --p;
    return m_tokens.indexAtOrAfter(p);
}

QString StatementText::requalified(TokRange range, const QJsonValue &node, const QString &qualifier,
    bool unqualifiedToo, const QString &newQualifier) const
{
    if (!range.isValid()) return {};
    QList<SqlEdit> edits;
    const QString q = quoteSqlIdentifier(newQualifier);
    visit(node, [&](const QJsonObject &n, const QString &t) {
        if (t != u"ColumnRef") return true;
        const QStringList f = columnRef(n);
        const int tok = tokenAtLocation(body(n).value(kLocation).toInt(-1));
        if (tok < 0) return false;
        if (f.size() >= 2 && f.first() == qualifier)
            edits << SqlEdit { startOf(tok), endOf(tok), q };
        else if (f.size() == 1 && unqualifiedToo)
            edits << SqlEdit { startOf(tok), startOf(tok), q + u'.' };
        return false;
    });
    return applySqlEdits(m_script.text, startOf(range.first), endOf(range.last), edits);
}

QString StatementText::edited(const QList<SqlEdit> &edits) const
{
    return applySqlEdits(m_script.text, statement().start, statement().end, edits);
}

} // namespace PlanLens::SqlTree
