// SPDX-License-Identifier: MIT
#include "sqlscript.h"

#include <pg_query.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

#include <algorithm>
#include <functional>

namespace PlanLens {

QString statementKindName(StatementKind k)
{
    switch (k) {
    case StatementKind::Select: return QStringLiteral("select");
    case StatementKind::SelectLocking: return QStringLiteral("select-locking");
    case StatementKind::Insert: return QStringLiteral("insert");
    case StatementKind::Update: return QStringLiteral("update");
    case StatementKind::Delete: return QStringLiteral("delete");
    case StatementKind::Merge: return QStringLiteral("merge");
    case StatementKind::Ddl: return QStringLiteral("ddl");
    case StatementKind::Utility: return QStringLiteral("utility");
    case StatementKind::Transaction: return QStringLiteral("transaction");
    case StatementKind::Explain: return QStringLiteral("explain");
    case StatementKind::Call: return QStringLiteral("call");
    case StatementKind::Other: return QStringLiteral("other");
    }
    return QString();
}

int SqlScript::charIndex(int byteOffset) const
{
    if (byteToChar.isEmpty())
        return 0;
    return byteToChar.at(std::clamp(byteOffset, 0, int(byteToChar.size()) - 1));
}

bool SqlScript::anyWrites() const
{
    return std::any_of(statements.cbegin(), statements.cend(), [](const SqlStatement &s) { return s.writes; });
}

namespace {

// Replaces $name (a letter after '$', outside strings, quoted identifiers, dollar quotes and comments) by $n.
// The replacement is padded with spaces to the original length where it fits, so locations stay put.
struct NamedParamRewrite {
    QString text;
    QStringList names;
};

NamedParamRewrite numberNamedParams(const QString &sql, int firstNumber)
{
    NamedParamRewrite out;
    out.text.reserve(sql.size());
    const int n = int(sql.size());
    int i = 0;
    auto isIdentStart = [](QChar c) { return c.isLetter() || c == u'_'; };
    auto isIdent = [](QChar c) { return c.isLetterOrNumber() || c == u'_'; };
    while (i < n) {
        const QChar c = sql.at(i);
        if (c == u'\'' || c == u'"') {                       // string or quoted identifier
            int j = i + 1;
            while (j < n) {
                if (sql.at(j) == c) {
                    if (j + 1 < n && sql.at(j + 1) == c) { j += 2; continue; }
                    break;
                }
                ++j;
            }
            out.text += sql.mid(i, j + 1 - i);
            i = j + 1;
            continue;
        }
        if (c == u'-' && i + 1 < n && sql.at(i + 1) == u'-') {  // line comment
            int j = sql.indexOf(u'\n', i);
            if (j < 0) j = n;
            out.text += sql.mid(i, j - i);
            i = j;
            continue;
        }
        if (c == u'/' && i + 1 < n && sql.at(i + 1) == u'*') {  // block comment (PostgreSQL nests them)
            int depth = 0, j = i;
            while (j < n) {
                if (sql.at(j) == u'/' && j + 1 < n && sql.at(j + 1) == u'*') { ++depth; j += 2; continue; }
                if (sql.at(j) == u'*' && j + 1 < n && sql.at(j + 1) == u'/') { j += 2; if (--depth == 0) break; continue; }
                ++j;
            }
            out.text += sql.mid(i, j - i);
            i = j;
            continue;
        }
        if (c == u'$') {
            // dollar quote: $$ or $tag$
            int j = i + 1;
            while (j < n && isIdent(sql.at(j)) && !sql.at(j).isDigit()) ++j;
            if (j < n && sql.at(j) == u'$' && (j == i + 1 || isIdentStart(sql.at(i + 1)))) {
                const QString tag = sql.mid(i, j + 1 - i);
                const int close = sql.indexOf(tag, j + 1);
                const int stop = close < 0 ? n : close + int(tag.size());
                out.text += sql.mid(i, stop - i);
                i = stop;
                continue;
            }
            if (i + 1 < n && isIdentStart(sql.at(i + 1)) && (i == 0 || !isIdent(sql.at(i - 1)))) {
                int k = i + 1;
                while (k < n && isIdent(sql.at(k))) ++k;
                const QString name = sql.mid(i + 1, k - i - 1);
                int idx = int(out.names.indexOf(name));
                if (idx < 0) { out.names << name; idx = int(out.names.size()) - 1; }
                QString rep = u'$' + QString::number(firstNumber + idx);
                if (rep.size() < k - i) rep += QString(k - i - rep.size(), u' ');
                out.text += rep;
                i = k;
                continue;
            }
        }
        out.text += c;
        ++i;
    }
    return out;
}

int highestPositionalParam(const QString &sql)
{
    static const QRegularExpression re(QStringLiteral("\\$(\\d+)"));
    int best = 0;
    for (auto it = re.globalMatch(sql); it.hasNext();)
        best = std::max(best, it.next().captured(1).toInt());
    return best;
}

void lineColumn(const QString &text, int index, int &line, int &column)
{
    line = 1;
    column = 1;
    for (int i = 0; i < index && i < text.size(); ++i) {
        if (text.at(i) == u'\n') { ++line; column = 1; } else { ++column; }
    }
}

bool containsKey(const QJsonValue &v, const QString &key)
{
    if (v.isObject()) {
        const QJsonObject o = v.toObject();
        for (auto it = o.begin(); it != o.end(); ++it) {
            if (it.key() == key || containsKey(it.value(), key))
                return true;
        }
    } else if (v.isArray()) {
        const QJsonArray a = v.toArray();
        for (const QJsonValue &e : a)
            if (containsKey(e, key))
                return true;
    }
    return false;
}

void classify(SqlStatement &st)
{
    const QString type = st.tree.isEmpty() ? QString() : st.tree.begin().key();
    const QJsonObject body = st.tree.value(type).toObject();
    auto write = [&](StatementKind k, const QString &why) {
        st.kind = k;
        st.writes = true;
        st.writeReason = why;
    };
    if (type == u"SelectStmt") {
        st.kind = StatementKind::Select;
        if (containsKey(body, QStringLiteral("InsertStmt")) || containsKey(body, QStringLiteral("UpdateStmt"))
            || containsKey(body, QStringLiteral("DeleteStmt")) || containsKey(body, QStringLiteral("MergeStmt")))
            write(StatementKind::Select, QStringLiteral("it has a data-modifying WITH clause"));
        else if (containsKey(body, QStringLiteral("intoClause")))
            write(StatementKind::Ddl, QStringLiteral("SELECT INTO creates a table"));
        else if (containsKey(body, QStringLiteral("lockingClause")))
            write(StatementKind::SelectLocking, QStringLiteral("SELECT ... FOR UPDATE/SHARE locks rows"));
    } else if (type == u"InsertStmt") {
        write(StatementKind::Insert, QStringLiteral("INSERT writes rows"));
    } else if (type == u"UpdateStmt") {
        write(StatementKind::Update, QStringLiteral("UPDATE writes rows"));
    } else if (type == u"DeleteStmt") {
        write(StatementKind::Delete, QStringLiteral("DELETE removes rows"));
    } else if (type == u"MergeStmt") {
        write(StatementKind::Merge, QStringLiteral("MERGE writes rows"));
    } else if (type == u"VariableSetStmt" || type == u"VariableShowStmt" || type == u"DiscardStmt"
               || type == u"LoadStmt") {
        st.kind = StatementKind::Utility;
    } else if (type == u"TransactionStmt") {
        st.kind = StatementKind::Transaction;
        st.writes = true;
        st.writeReason = QStringLiteral("PlanLens runs every statement in its own transaction and rolls it back");
    } else if (type == u"ExplainStmt") {
        st.kind = StatementKind::Explain;
        SqlStatement inner;
        inner.tree = body.value(QStringLiteral("query")).toObject();
        classify(inner);
        st.writes = inner.writes;
        st.writeReason = inner.writeReason;
    } else if (type == u"CallStmt" || type == u"DoStmt" || type == u"CopyStmt") {
        write(StatementKind::Call, QStringLiteral("CALL, DO and COPY may write and cannot be checked beforehand"));
    } else if (type.endsWith(u"Stmt")) {
        write(StatementKind::Ddl, QStringLiteral("%1 changes the schema or the server").arg(type.chopped(4)));
    } else {
        st.kind = StatementKind::Other;
    }
}

void collectParams(const QJsonValue &v, QList<QPair<int, int>> &out)   // (number, byte location)
{
    if (v.isObject()) {
        const QJsonObject o = v.toObject();
        if (o.contains(QStringLiteral("ParamRef"))) {
            const QJsonObject p = o.value(QStringLiteral("ParamRef")).toObject();
            out.append({p.value(QStringLiteral("number")).toInt(), p.value(QStringLiteral("location")).toInt()});
            return;
        }
        for (auto it = o.begin(); it != o.end(); ++it)
            collectParams(it.value(), out);
    } else if (v.isArray()) {
        for (const QJsonValue &e : v.toArray())
            collectParams(e, out);
    }
}

} // namespace

Result<SqlScript> parseSqlScript(const QString &sql)
{
    SqlScript script;
    script.text = sql;
    const NamedParamRewrite named = numberNamedParams(sql, highestPositionalParam(sql) + 1);
    script.namedParams = named.names;
    // Offsets are computed on the rewritten text; padding keeps them equal to the user's text whenever the
    // name is at least as long as its number (always, for names of 3+ characters).
    const QString &exec = named.text;
    script.utf8 = exec.toUtf8();
    script.byteToChar.resize(script.utf8.size() + 1);
    {
        int ci = 0;
        int b = 0;
        while (ci < exec.size()) {
            const QChar c = exec.at(ci);
            int units = 1;
            int bytes = 1;
            const uint cp = c.unicode();
            if (c.isHighSurrogate() && ci + 1 < exec.size()) { units = 2; bytes = 4; }
            else if (cp >= 0x800) bytes = 3;
            else if (cp >= 0x80) bytes = 2;
            for (int k = 0; k < bytes && b + k < script.byteToChar.size(); ++k)
                script.byteToChar[b + k] = ci;
            b += bytes;
            ci += units;
        }
        for (; b < script.byteToChar.size(); ++b)
            script.byteToChar[b] = int(exec.size());
    }

    PgQueryParseResult res = pg_query_parse(script.utf8.constData());
    if (res.error) {
        ParseError err;
        err.message = QString::fromUtf8(res.error->message);
        const int idx = script.charIndex(std::max(0, res.error->cursorpos - 1));
        lineColumn(sql, idx, err.line, err.column);
        err.message = QStringLiteral("SQL %1 (line %2, column %3)").arg(err.message).arg(err.line).arg(err.column);
        pg_query_free_parse_result(res);
        return err;
    }
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray(res.parse_tree));
    pg_query_free_parse_result(res);

    const QJsonArray stmts = doc.object().value(QStringLiteral("stmts")).toArray();
    for (const QJsonValue &sv : stmts) {
        const QJsonObject so = sv.toObject();
        SqlStatement st;
        const int byteStart = so.value(QStringLiteral("stmt_location")).toInt(0);
        // stmt_len 0 means "to the end of the string".
        int byteLen = so.value(QStringLiteral("stmt_len")).toInt(0);
        if (byteLen == 0) byteLen = int(script.utf8.size()) - byteStart;
        st.treeByteOffset = 0;   // libpg_query locations are relative to the whole script
        st.tree = so.value(QStringLiteral("stmt")).toObject();
        int s = script.charIndex(byteStart);
        int e = script.charIndex(byteStart + byteLen);
        // Skip the blanks and comments between the previous ';' and this statement.
        for (bool moved = true; moved && s < e;) {
            moved = false;
            while (s < e && exec.at(s).isSpace()) { ++s; moved = true; }
            if (s + 1 < e && exec.at(s) == u'-' && exec.at(s + 1) == u'-') {
                const int nl = int(exec.indexOf(u'\n', s));
                s = nl < 0 || nl > e ? e : nl + 1;
                moved = true;
            } else if (s + 1 < e && exec.at(s) == u'/' && exec.at(s + 1) == u'*') {
                const int close = int(exec.indexOf(QStringLiteral("*/"), s + 2));
                s = close < 0 || close + 2 > e ? e : close + 2;
                moved = true;
            }
        }
        while (e > s && (exec.at(e - 1).isSpace() || exec.at(e - 1) == u';')) --e;
        st.start = s;
        st.end = e;
        st.text = sql.mid(s, e - s);
        st.executableText = exec.mid(s, e - s);
        classify(st);

        QList<QPair<int, int>> refs;
        collectParams(st.tree, refs);
        for (const auto &[number, loc] : refs) {
            ParamUse p;
            p.number = number;
            p.start = script.charIndex(loc);
            int k = p.start + 1;
            while (k < exec.size() && exec.at(k).isDigit()) ++k;
            p.length = k - p.start;
            const int firstNamed = int(highestPositionalParam(sql)) + 1;
            if (!script.namedParams.isEmpty() && number >= firstNamed) {
                p.name = script.namedParams.value(number - firstNamed);
                p.length = int(p.name.size()) + 1;
            }
            st.params << p;
        }
        st.fingerprint = sqlFingerprint(st.executableText);
        script.statements << st;
    }
    if (script.statements.isEmpty()) {
        ParseError err;
        err.line = 1;
        err.column = 1;
        err.message = QStringLiteral("The SQL text holds no statement.");
        return err;
    }
    return script;
}

QString sqlFingerprint(const QString &sql)
{
    const QByteArray utf8 = sql.toUtf8();
    PgQueryFingerprintResult r = pg_query_fingerprint(utf8.constData());
    QString out;
    if (!r.error && r.fingerprint_str)
        out = QString::fromLatin1(r.fingerprint_str);
    pg_query_free_fingerprint_result(r);
    return out;
}

} // namespace PlanLens
