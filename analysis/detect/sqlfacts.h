// SPDX-License-Identifier: MIT
#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>

#include <functional>

namespace PlanLens {

class DetectInput;
class SqlTokens;
struct SqlScript;

// What the detectors read from libpg_query's JSON parse tree. A typed node is an object with one key, its
// type ({"BoolExpr": {...}}); fields of a fixed struct type (RangeVar "relation") come without the wrapper.
namespace SqlFacts {

// Pre-order over every typed node in `v`; `fn` returns false to skip the node's children.
void visit(const QJsonValue &v, const std::function<bool(const QString &type, const QJsonObject &body)> &fn);

// Smallest / largest "location" (byte offset) in the subtree, -1 when there is none.
int minLocation(const QJsonValue &v);
int maxLocation(const QJsonValue &v);

struct Relation {
    QString name;
    QString alias;
    int location = -1;
    bool matches(const QString &relationName, const QString &aliasName) const;
};
// The relations a SELECT's FROM list reads directly (through JOINs, not into subqueries or sublinks).
QList<Relation> fromRelations(const QJsonObject &selectBody);
// Every relation named anywhere in the subtree.
QList<Relation> allRelations(const QJsonValue &v);

// The same tree without locations and constant values, and (at the top) without the target list:
// two queries that read the same rows the same way compare equal.
QJsonValue shapeWithoutTargets(const QJsonObject &selectBody);

// A span of the script text, QString indices [start, end).
struct Span {
    int start = -1;
    int end = -1;
    bool isValid() const { return start >= 0 && end > start; }
};
// The text an expression covers: from its first token to the end of the expression (the token before the
// next clause keyword, AND/OR, comma, semicolon, or a closing parenthesis that encloses it), within `limit`
// (the statement's end).
Span expressionSpan(const SqlScript &script, const SqlTokens &tokens, const QJsonValue &expr, int limit);
// The parenthesised text of a subquery: "(SELECT ... )" whose SELECT starts at the subselect's first token.
Span parenthesizedSpan(const SqlScript &script, const SqlTokens &tokens, const QJsonValue &subselect);
// Like expressionSpan, but starting at the keyword right before the expression (OFFSET 150000).
Span keywordSpan(const SqlScript &script, const SqlTokens &tokens, const QJsonValue &expr, int limit);

// The statement tree's top node, looking through EXPLAIN (the query EXPLAIN runs).
QJsonObject statementRoot(const QJsonObject &tree);

// Integer value of an A_Const (or a TypeCast of one), or -1.
qint64 constantInteger(const QJsonValue &v);
// String value of an A_Const (or a TypeCast of one), or a null QString.
QString constantString(const QJsonValue &v);

} // namespace SqlFacts
} // namespace PlanLens
