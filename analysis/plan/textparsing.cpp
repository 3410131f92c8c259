// SPDX-License-Identifier: MIT
// The TEXT reader's lexical helpers: what kind of line a line is, how its values split, and the node's name.
#include "textparsing.h"
#include "planfields.h"

namespace PlanLens::TextParsing {

using PlanFields::parseNumber;

namespace {

// Reads an identifier (double-quoted or not) at pos; stops at ' ' or '.'.
QString readIdent(QStringView s, qsizetype &pos)
{
    QString out;
    if (pos < s.size() && s[pos] == u'"') {
        ++pos;
        while (pos < s.size()) {
            if (s[pos] == u'"') {
                if (pos + 1 < s.size() && s[pos + 1] == u'"') {
                    out += u'"';
                    pos += 2;
                    continue;
                }
                ++pos;
                break;
            }
            out += s[pos++];
        }
        return out;
    }
    const qsizetype start = pos;
    while (pos < s.size() && s[pos] != u' ' && s[pos] != u'.')
        ++pos;
    return s.mid(start, pos - start).toString();
}

// "schema.name alias" -> parts. Returns {schema, name, alias}.
struct Target {
    QString schema, name, alias;
};

Target readTarget(QStringView s)
{
    Target t;
    qsizetype pos = 0;
    s = s.trimmed();
    QString first = readIdent(s, pos);
    if (pos < s.size() && s[pos] == u'.') {
        ++pos;
        t.schema = first;
        t.name = readIdent(s, pos);
    } else {
        t.name = first;
    }
    while (pos < s.size() && s[pos] == u' ')
        ++pos;
    if (pos < s.size())
        t.alias = readIdent(s, pos);
    return t;
}

} // namespace

int indentOf(QStringView s)
{
    int i = 0;
    while (i < s.size() && s[i] == u' ')
        ++i;
    return i;
}

QString expandTabs(QStringView s)
{
    // pev2's fixtures mix tabs and spaces as editors paste them; a tab stands for four columns there.
    QString out;
    out.reserve(s.size() + 8);
    for (QChar c : s) {
        if (c == u'\t')
            out += QStringLiteral("    ");
        else
            out += c;
    }
    return out;
}

bool looksLikeNodeLine(QStringView body)
{
    return body.startsWith(u"->") || body.contains(u"(cost=") || body.contains(u"(actual ")
        || body.contains(u"(never executed)");
}

// Node names as EXPLAIN TEXT prints them, for the COSTS OFF form without ANALYZE where a root line carries
// nothing else that says "plan node".
bool startsWithKnownNodeName(QStringView s)
{
    static const QStringView names[] = {
        u"Aggregate", u"GroupAggregate", u"HashAggregate", u"MixedAggregate", u"Append", u"BitmapAnd",
        u"BitmapOr", u"Bitmap Heap Scan", u"Bitmap Index Scan", u"CTE Scan", u"Custom Scan", u"Delete on",
        u"Foreign Scan", u"Function Scan", u"Gather", u"Group", u"Hash", u"Incremental Sort", u"Index Only Scan",
        u"Index Scan", u"Insert on", u"Limit", u"LockRows", u"Materialize", u"Memoize", u"Merge",
        u"Named Tuplestore Scan", u"Nested Loop", u"ProjectSet", u"Recursive Union", u"Result", u"Sample Scan",
        u"Seq Scan", u"SetOp", u"HashSetOp", u"Sort", u"Subquery Scan", u"Table Function Scan", u"Tid Scan",
        u"Tid Range Scan", u"Unique", u"Update on", u"Values Scan", u"WindowAgg", u"WorkTable Scan",
        u"Foreign Insert", u"Foreign Update", u"Foreign Delete"};
    for (const char *prefix : {"Parallel ", "Async ", "Partial ", "Finalize "}) {
        const QLatin1StringView p(prefix);
        if (s.startsWith(p))
            s = s.mid(p.size());
    }
    for (QStringView n : names) {
        if (s.startsWith(n) && (s.size() == n.size() || s[n.size()] == u' '))
            return true;
    }
    return false;
}

bool isHeading(QStringView body)
{
    if (body.contains(u": ") || body.endsWith(u':'))
        return false;
    if (body.startsWith(u"InitPlan ") || body.startsWith(u"SubPlan "))
        return body.size() > 8 && (body.mid(body.indexOf(u' ') + 1).front().isDigit());
    return body.startsWith(u"CTE ") && body.size() > 4;
}

// "Worker 3:" at the start of the line; returns the worker number or -1.
int workerPrefix(QStringView body, qsizetype *restAt)
{
    if (!body.startsWith(u"Worker "))
        return -1;
    qsizetype i = 7;
    const qsizetype start = i;
    while (i < body.size() && body[i].isDigit())
        ++i;
    if (i == start || i >= body.size() || body[i] != u':')
        return -1;
    *restAt = i + 1;
    return body.mid(start, i - start).toInt();
}

// "Key: value" with a key that reads like a property name ("Rows Removed by Filter", "I/O Timings").
bool isKeyValue(QStringView body, qsizetype *colon)
{
    if (body.isEmpty() || !body.front().isLetter())
        return false;
    qsizetype i = 0;
    for (; i < body.size(); ++i) {
        const QChar c = body[i];
        if (c == u':')
            break;
        if (!(c.isLetterOrNumber() || c == u' ' || c == u'/' || c == u'-' || c == u'_'))
            return false;
    }
    if (i >= body.size() || i == 0)
        return false;
    if (i + 1 < body.size() && body[i + 1] != u' ')
        return false;
    if (colon)
        *colon = i;
    return true;
}

bool isRecognized(QStringView body)
{
    qsizetype dummy = 0;
    return body.isEmpty() || looksLikeNodeLine(body) || isHeading(body) || workerPrefix(body, &dummy) >= 0
        || isKeyValue(body) || body.startsWith(u"Trigger ");
}

// Splits at top-level ", " (outside parentheses, brackets and quotes): "Output: a, f(b, c)" -> a | f(b, c).
QStringList splitTopLevel(QStringView s, QChar sep)
{
    QStringList out;
    int depth = 0;
    QChar quote;
    qsizetype start = 0;
    for (qsizetype i = 0; i < s.size(); ++i) {
        const QChar c = s[i];
        if (!quote.isNull()) {
            if (c == quote)
                quote = QChar();
            continue;
        }
        if (c == u'\'' || c == u'"')
            quote = c;
        else if (c == u'(' || c == u'[' || c == u'{')
            ++depth;
        else if ((c == u')' || c == u']' || c == u'}') && depth > 0)
            --depth;
        else if (c == sep && depth == 0 && (sep != u',' || (i + 1 < s.size() && s[i + 1] == u' '))) {
            out.append(s.mid(start, i - start).trimmed().toString());
            start = i + 1;
        }
    }
    out.append(s.mid(start).trimmed().toString());
    return out;
}

// Splits "A: 1  B: 2kB  C: x" at runs of two or more spaces.
QList<QStringView> splitSegments(QStringView s)
{
    QList<QStringView> out;
    qsizetype start = 0;
    for (qsizetype i = 0; i + 1 < s.size(); ++i) {
        if (s[i] == u' ' && s[i + 1] == u' ') {
            if (i > start)
                out.append(s.mid(start, i - start).trimmed());
            while (i < s.size() && s[i] == u' ')
                ++i;
            start = i;
        }
    }
    if (start < s.size())
        out.append(s.mid(start).trimmed());
    return out;
}

// "25kB" -> 25, "0.340 ms" -> 0.340.
std::optional<double> numberWithUnit(QStringView s)
{
    s = s.trimmed();
    for (QStringView unit : {QStringView(u"kB"), QStringView(u"ms"), QStringView(u"MB"), QStringView(u"B")}) {
        if (s.endsWith(unit)) {
            const auto v = parseNumber(s.chopped(unit.size()));
            if (v && unit == u"MB")
                return *v * 1024;
            return v;
        }
    }
    return parseNumber(s);
}

void describe(QStringView s, PlanNode &n)
{
    if (s.startsWith(u"Parallel ")) {
        n.parallelAware = true;
        s = s.mid(9);
    }
    if (s.startsWith(u"Async ")) {
        n.asyncCapable = true;
        s = s.mid(6);
    }
    if (s.startsWith(u"Partial ") && s.contains(u"Aggregate")) {
        n.partialMode = QStringLiteral("Partial");
        s = s.mid(8);
    } else if (s.startsWith(u"Finalize ") && s.contains(u"Aggregate")) {
        n.partialMode = QStringLiteral("Finalize");
        s = s.mid(9);
    }

    auto relation = [&n](QStringView rest) {
        const Target t = readTarget(rest);
        n.schema = t.schema;
        n.relationName = t.name;
        n.alias = t.alias.isEmpty() ? t.name : t.alias;
    };

    for (QStringView type : {QStringView(u"Index Only Scan"), QStringView(u"Index Scan")}) {
        if (!s.startsWith(type))
            continue;
        n.nodeType = type.toString();
        QStringView rest = s.mid(type.size()).trimmed();
        n.scanDirection = QStringLiteral("Forward");
        if (rest.startsWith(u"Backward")) {
            n.scanDirection = QStringLiteral("Backward");
            rest = rest.mid(8).trimmed();
        }
        if (rest.startsWith(u"using ")) {
            rest = rest.mid(6);
            qsizetype pos = 0;
            n.indexName = readIdent(rest, pos);
            rest = rest.mid(pos);
            if (rest.startsWith(u" on "))
                relation(rest.mid(4));
        }
        return;
    }
    if (s.startsWith(u"Bitmap Index Scan on ")) {
        n.nodeType = QStringLiteral("Bitmap Index Scan");
        qsizetype pos = 0;
        n.indexName = readIdent(s.mid(21), pos);
        return;
    }
    // Joins: "Hash Left Join", "Merge Anti Join", "Nested Loop", "Nested Loop Semi Join"; JSON says
    // "Node Type": "Hash Join", "Join Type": "Left".
    auto join = [&](QStringView prefix, const QString &type, bool bareIsJoin) {
        if (!s.startsWith(prefix))
            return false;
        if (bareIsJoin && s == prefix.trimmed()) {
            n.nodeType = type;
            n.joinType = QStringLiteral("Inner");
            return true;
        }
        if (!s.endsWith(u"Join") || s.size() < prefix.size() + 4)
            return false;
        const QStringView middle = s.mid(prefix.size(), s.size() - prefix.size() - 4).trimmed();
        n.nodeType = type;
        n.joinType = middle.isEmpty() ? QStringLiteral("Inner") : middle.toString();
        return true;
    };
    if (join(u"Nested Loop ", QStringLiteral("Nested Loop"), true) || join(u"Hash ", QStringLiteral("Hash Join"), false)
        || join(u"Merge ", QStringLiteral("Merge Join"), false))
        return;
    if (s == u"Nested Loop") {
        n.nodeType = QStringLiteral("Nested Loop");
        n.joinType = QStringLiteral("Inner");
        return;
    }
    // Aggregates: "HashAggregate" is "Node Type": "Aggregate", "Strategy": "Hashed".
    static const QPair<QStringView, QStringView> aggs[] = {{u"Aggregate", u"Plain"}, {u"GroupAggregate", u"Sorted"},
                                                           {u"HashAggregate", u"Hashed"}, {u"MixedAggregate", u"Mixed"}};
    for (const auto &[name, strategy] : aggs) {
        if (s == name) {
            n.nodeType = QStringLiteral("Aggregate");
            n.strategy = strategy.toString();
            if (n.partialMode.isEmpty())
                n.partialMode = QStringLiteral("Simple");
            return;
        }
    }
    if (s.startsWith(u"SetOp ") || s.startsWith(u"HashSetOp ")) {
        const bool hashed = s.startsWith(u"Hash");
        n.nodeType = QStringLiteral("SetOp");
        n.strategy = hashed ? QStringLiteral("Hashed") : QStringLiteral("Sorted");
        n.editDetail().command = s.mid(hashed ? 10 : 6).trimmed().toString();
        return;
    }
    for (QStringView op : {QStringView(u"Insert"), QStringView(u"Update"), QStringView(u"Delete"), QStringView(u"Merge")}) {
        if (s.startsWith(op) && s.mid(op.size()).startsWith(u" on ")) {
            n.nodeType = QStringLiteral("ModifyTable");
            n.editDetail().operation = op.toString();
            relation(s.mid(op.size() + 4));
            return;
        }
    }
    if (s.startsWith(u"Custom Scan (")) {
        const qsizetype close = s.indexOf(u')');
        n.nodeType = QStringLiteral("Custom Scan");
        if (close > 0) {
            n.extra.insert(QStringLiteral("Custom Plan Provider"), s.mid(13, close - 13).toString());
            const QStringView rest = s.mid(close + 1);
            if (rest.startsWith(u" on "))
                relation(rest.mid(4));
        }
        return;
    }
    const qsizetype on = s.indexOf(u" on ");
    if (on < 0) {
        n.nodeType = s.toString();
        return;
    }
    const QStringView type = s.left(on);
    const QStringView rest = s.mid(on + 4);
    n.nodeType = type.toString();
    if (type == u"Function Scan") {
        const Target t = readTarget(rest);
        n.schema = t.schema;
        n.editDetail().functionName = t.name;
        n.alias = t.alias.isEmpty() ? t.name : t.alias;
    } else if (type == u"CTE Scan" || type == u"WorkTable Scan") {
        const Target t = readTarget(rest);
        n.editDetail().cteName = t.name;
        n.alias = t.alias.isEmpty() ? t.name : t.alias;
    } else if (type == u"Subquery Scan" || type == u"Values Scan") {
        const Target t = readTarget(rest);
        n.alias = t.name;
    } else if (type == u"Table Function Scan" || type == u"Named Tuplestore Scan") {
        const Target t = readTarget(rest);
        n.extra.insert(type == u"Table Function Scan" ? QStringLiteral("Table Function Name")
                                                     : QStringLiteral("Tuplestore Name"),
                       t.name);
        n.alias = t.alias.isEmpty() ? t.name : t.alias;
    } else {
        relation(rest);
    }
}

} // namespace PlanLens::TextParsing
