// SPDX-License-Identifier: MIT
#include "sqlfacts.h"

#include "sql/sqlscript.h"
#include "sql/sqlspan.h"

#include <QJsonArray>

#include <algorithm>

namespace PlanLens::SqlFacts {

namespace {

void visitChildren(const QJsonObject &o, const std::function<bool(const QString &, const QJsonObject &)> &fn);

// Each value is converted once (QJsonObject's iterator builds a QJsonValue, and a QString key, on every call):
// this walk runs over every logged plan's Query Text in `planlens scan`.
void visitImpl(const QJsonValue &v, const std::function<bool(const QString &, const QJsonObject &)> &fn)
{
    if (v.isArray()) {
        for (const QJsonValue &e : v.toArray())
            if (e.isObject() || e.isArray())
                visitImpl(e, fn);
        return;
    }
    if (!v.isObject())
        return;
    const QJsonObject o = v.toObject();
    if (o.size() == 1) {   // a typed node: {"SelectStmt": {...}}, upper-case first letter
        const auto it = o.constBegin();
        const QJsonValue inner = it.value();
        if (inner.isObject()) {
            const QString type = it.key();
            if (!type.isEmpty() && type.at(0).isUpper()) {
                const QJsonObject body = inner.toObject();
                if (fn(type, body))
                    visitChildren(body, fn);
                return;
            }
        }
    }
    visitChildren(o, fn);
}

void visitChildren(const QJsonObject &o, const std::function<bool(const QString &, const QJsonObject &)> &fn)
{
    for (auto it = o.constBegin(); it != o.constEnd(); ++it) {
        const QJsonValue child = it.value();
        if (child.isObject() || child.isArray())
            visitImpl(child, fn);
    }
}

void locations(const QJsonValue &v, int &lo, int &hi)
{
    if (v.isArray()) {
        for (const QJsonValue &e : v.toArray())
            locations(e, lo, hi);
    } else if (v.isObject()) {
        const QJsonObject o = v.toObject();
        for (auto it = o.begin(); it != o.end(); ++it) {
            if (it.key() == u"location" && it.value().isDouble()) {
                const int l = it.value().toInt(-1);
                if (l >= 0) {
                    lo = lo < 0 ? l : std::min(lo, l);
                    hi = std::max(hi, l);
                }
            } else if (it.value().isObject() || it.value().isArray()) {
                locations(it.value(), lo, hi);
            }
        }
    }
}

Relation relationOf(const QJsonObject &rangeVar)
{
    Relation r;
    r.name = rangeVar.value(QStringLiteral("relname")).toString();
    r.alias = rangeVar.value(QStringLiteral("alias")).toObject().value(QStringLiteral("aliasname")).toString();
    r.location = rangeVar.value(QStringLiteral("location")).toInt(-1);
    return r;
}

void fromItem(const QJsonValue &item, QList<Relation> &out)
{
    const QJsonObject o = item.toObject();
    if (o.contains(QStringLiteral("RangeVar"))) {
        out << relationOf(o.value(QStringLiteral("RangeVar")).toObject());
    } else if (o.contains(QStringLiteral("JoinExpr"))) {
        const QJsonObject j = o.value(QStringLiteral("JoinExpr")).toObject();
        fromItem(j.value(QStringLiteral("larg")), out);
        fromItem(j.value(QStringLiteral("rarg")), out);
    }
}

QJsonValue stripped(const QJsonValue &v)
{
    if (v.isArray()) {
        QJsonArray a;
        for (const QJsonValue &e : v.toArray())
            a.append(stripped(e));
        return a;
    }
    if (!v.isObject())
        return v;
    const QJsonObject o = v.toObject();
    if (o.contains(QStringLiteral("A_Const")) && o.size() == 1)
        return QJsonObject{{QStringLiteral("A_Const"), QJsonObject()}};
    QJsonObject r;
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (it.key() == u"location")
            continue;
        r.insert(it.key(), stripped(it.value()));
    }
    return r;
}

bool endsExpressionWord(const SqlTokens &t, int i)
{
    static const char *const words[] = {"AND", "OR", "ORDER", "GROUP", "HAVING", "LIMIT", "OFFSET", "FETCH",
                                        "WINDOW", "UNION", "INTERSECT", "EXCEPT", "FOR", "RETURNING", "THEN",
                                        "ELSE", "WHEN", "ON", "JOIN", "INNER", "LEFT", "RIGHT", "FULL", "CROSS",
                                        "NATURAL", "WHERE", "FROM", "AS", "ASC", "DESC", "NULLS", "USING", "INTO"};
    for (const char *w : words)
        if (t.isWord(i, QLatin1StringView(w)))
            return true;
    return t.isPunct(i, u',') || t.isPunct(i, u';');
}

} // namespace

void visit(const QJsonValue &v, const std::function<bool(const QString &type, const QJsonObject &body)> &fn)
{
    visitImpl(v, fn);
}

int minLocation(const QJsonValue &v)
{
    int lo = -1, hi = -1;
    locations(v, lo, hi);
    return lo;
}

int maxLocation(const QJsonValue &v)
{
    int lo = -1, hi = -1;
    locations(v, lo, hi);
    return hi;
}

bool Relation::matches(const QString &relationName, const QString &aliasName) const
{
    if (!aliasName.isEmpty() && !alias.isEmpty())
        return alias == aliasName && (relationName.isEmpty() || name == relationName);
    return !relationName.isEmpty() && name == relationName;
}

QList<Relation> fromRelations(const QJsonObject &selectBody)
{
    QList<Relation> out;
    for (const QJsonValue &item : selectBody.value(QStringLiteral("fromClause")).toArray())
        fromItem(item, out);
    return out;
}

QList<Relation> allRelations(const QJsonValue &v)
{
    QList<Relation> out;
    visit(v, [&](const QString &type, const QJsonObject &body) {
        if (type == u"RangeVar")
            out << relationOf(body);
        return true;
    });
    // Fields of type RangeVar come without the wrapper ("relation" of an UPDATE); none inside a SELECT's FROM.
    return out;
}

QJsonValue shapeWithoutTargets(const QJsonObject &selectBody)
{
    QJsonObject o = selectBody;
    o.remove(QStringLiteral("targetList"));
    return stripped(o);
}

Span expressionSpan(const SqlScript &script, const SqlTokens &tokens, const QJsonValue &expr, int limit)
{
    const int lo = minLocation(expr);
    const int hi = maxLocation(expr);
    if (lo < 0)
        return {};
    const int startChar = script.charIndex(lo);
    const int hiChar = script.charIndex(hi);
    const int first = tokens.indexAtOrAfter(startChar);
    if (first >= tokens.size())
        return {};
    const int stop = tokens.findAtDepth0(first, [&](int i) {
        const SqlToken &tok = tokens.at(i);
        return tok.start >= limit || (tok.start > hiChar && endsExpressionWord(tokens, i));
    });
    const int last = stop - 1;
    if (last < first)
        return {};
    return {tokens.at(first).start, std::min(tokens.at(last).end, std::max(limit, tokens.at(first).end))};
}

Span parenthesizedSpan(const SqlScript &script, const SqlTokens &tokens, const QJsonValue &subselect)
{
    const int lo = minLocation(subselect);
    if (lo < 0)
        return {};
    // The subselect's first location is usually its SELECT keyword, but a target like "projects.id" may come
    // first in the list of locations; the opening parenthesis is the last "(" before the SELECT keyword.
    int i = tokens.indexAtOrAfter(script.charIndex(lo));
    while (i > 0 && !tokens.isWord(i, QLatin1StringView("SELECT")) && !tokens.isWord(i, QLatin1StringView("WITH"))
           && !tokens.isWord(i, QLatin1StringView("VALUES")))
        --i;
    const int open = i - 1;
    if (open < 0 || !tokens.isPunct(open, u'('))
        return {};
    const int close = tokens.matchingClose(open);
    if (close < 0)
        return {};
    return {tokens.at(open).start, tokens.at(close).end};
}

Span keywordSpan(const SqlScript &script, const SqlTokens &tokens, const QJsonValue &expr, int limit)
{
    Span s = expressionSpan(script, tokens, expr, limit);
    if (!s.isValid())
        return s;
    const int first = tokens.indexAtOrAfter(s.start);
    if (first > 0 && tokens.at(first - 1).kind == SqlTokenKind::Word)
        s.start = tokens.at(first - 1).start;
    return s;
}

QJsonObject statementRoot(const QJsonObject &tree)
{
    if (tree.contains(QStringLiteral("ExplainStmt")))
        return tree.value(QStringLiteral("ExplainStmt")).toObject().value(QStringLiteral("query")).toObject();
    return tree;
}

qint64 constantInteger(const QJsonValue &v)
{
    QJsonObject o = v.toObject();
    if (o.contains(QStringLiteral("TypeCast")))
        o = o.value(QStringLiteral("TypeCast")).toObject().value(QStringLiteral("arg")).toObject();
    const QJsonObject c = o.value(QStringLiteral("A_Const")).toObject();
    if (c.contains(QStringLiteral("ival")))
        return c.value(QStringLiteral("ival")).toObject().value(QStringLiteral("ival")).toInteger(0);
    if (c.contains(QStringLiteral("fval"))) {
        bool ok = false;
        const qint64 n = c.value(QStringLiteral("fval")).toObject().value(QStringLiteral("fval")).toString().toLongLong(&ok);
        return ok ? n : -1;
    }
    return -1;
}

QString constantString(const QJsonValue &v)
{
    QJsonObject o = v.toObject();
    if (o.contains(QStringLiteral("TypeCast")))
        o = o.value(QStringLiteral("TypeCast")).toObject().value(QStringLiteral("arg")).toObject();
    const QJsonObject c = o.value(QStringLiteral("A_Const")).toObject();
    if (c.contains(QStringLiteral("sval")))
        return c.value(QStringLiteral("sval")).toObject().value(QStringLiteral("sval")).toString();
    return QString();
}

} // namespace PlanLens::SqlFacts
