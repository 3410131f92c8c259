// SPDX-License-Identifier: MIT
#pragma once

#include "sql/sqlscript.h"
#include "sql/sqlspan.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>

#include <functional>

// Helpers over libpg_query's JSON parse tree and the user's text, shared by the rewrite rules.
// A node is an object with one key, its type: {"SelectStmt": {...}}.
namespace PlanLens::SqlTree {

QString type(const QJsonValue &node);
QJsonObject body(const QJsonValue &node);
bool is(const QJsonValue &node, QLatin1StringView type);

// Smallest / largest "location" in the subtree (byte offsets), -1 when there is none.
int minLocation(const QJsonValue &node);
int maxLocation(const QJsonValue &node);

// Pre-order over every typed node; visit returns false to skip the node's children.
void visit(const QJsonValue &node, const std::function<bool(const QJsonObject &node, const QString &type)> &fn);

// The subtree with every "location" key removed: for structural comparison of two statements.
QJsonValue withoutLocations(const QJsonValue &node);

// The names of a ColumnRef ("t", "owner_id"; "*" for t.*); empty for anything else.
QStringList columnRef(const QJsonValue &node);
// A String node's value, or an A_Const string value.
QString stringValue(const QJsonValue &node);
// The function name of a FuncCall, lower case, without a pg_catalog. prefix.
QString funcName(const QJsonValue &node);
// The operator name of an A_Expr ("=", "<", ...), empty for anything else.
QString operatorName(const QJsonValue &node);

// The arguments of an AND (flattened by the parser), or the node itself when it is not an AND.
QJsonArray conjuncts(const QJsonValue &node);
bool isBoolOp(const QJsonValue &node, QLatin1StringView boolop); // "AND_EXPR", "OR_EXPR", "NOT_EXPR"
bool containsType(const QJsonValue &node, QLatin1StringView type);

// A table in a FROM clause.
struct TableRef {
    QString relname;
    QString schemaname;
    QString alias; // empty when none
    int location = -1; // byte offset of the table name
    QString visibleName() const { return alias.isEmpty() ? relname : alias; }
};
// The plain tables of one FROM list, through joins, not into subqueries.
QList<TableRef> tables(const QJsonArray &fromClause);
// Every relation name and alias anywhere in the subtree (for choosing an alias that collides with nothing).
QSet<QString> allNames(const QJsonValue &node);
// ColumnRef qualifiers in a subquery that name none of its own tables: its outer references.
QStringList outerQualifiers(const QJsonValue &subquery);
// ColumnRef qualifiers in the subtree that are not in `own` (for a part of a subquery: pass the subquery's
// allNames()).
QStringList qualifiersNotIn(const QJsonValue &node, const QSet<QString> &own);

// Token ranges [first, last] (inclusive) in a SqlTokens, -1 when unknown.
struct TokRange {
    int first = -1;
    int last = -1;
    bool isValid() const { return first >= 0 && last >= first; }
};

// A statement being rewritten: its tree, the tokens of the whole script, and location mapping.
class StatementText
{
public:
    StatementText(const SqlScript &script, int index, const SqlTokens &tokens);

    const SqlScript &script() const { return m_script; }
    const SqlStatement &statement() const { return m_script.statements.at(m_index); }
    const SqlTokens &tokens() const { return m_tokens; }
    int index() const { return m_index; }
    const QJsonObject &tree() const { return statement().tree; }

    int charAt(int byteLocation) const { return m_script.charIndex(byteLocation); }
    // The token where a node starts (its smallest location), or -1.
    int firstToken(const QJsonValue &node) const;
    // The token at a byte location, or -1.
    int tokenAtLocation(int byteLocation) const;
    // Text of a token range, verbatim.
    QString text(TokRange r) const;
    QString text(int firstToken, int lastToken) const { return text(TokRange { firstToken, lastToken }); }
    // The text of a range lifted out of its statement to stand alone: the common indentation of its second
    // and later lines removed (unless a string or quoted name spans lines, which must stay byte for byte).
    QString standaloneText(TokRange r) const;
    // QString index range of a token range.
    int startOf(int token) const { return m_tokens.at(token).start; }
    int endOf(int token) const { return m_tokens.at(token).end; }

    // The range of an expression that fills a clause on its own (a WHERE or ON condition, a target entry, a
    // sort key): from its first token, with any parentheses that open before it and close after it, to the
    // token before the next clause keyword, comma or closing parenthesis.
    TokRange clauseExpression(const QJsonValue &node) const;
    // The ranges of a BoolExpr's arguments inside the BoolExpr's range (each with its own parentheses).
    // Empty when the text cannot be matched to the arguments.
    QList<TokRange> boolArguments(const QJsonValue &boolExpr, TokRange range) const;
    // Removes one pair of parentheses that encloses the whole range.
    TokRange stripParens(TokRange r) const;
    // The range of a SubLink of kind ANY/ALL/EXISTS/EXPR: the test expression (with its parentheses) through
    // the closing parenthesis of the subquery. subqueryInner is the text range inside the parentheses.
    bool subLinkRange(const QJsonValue &subLink, TokRange *whole, TokRange *testExpr, TokRange *subqueryInner) const;
    // The first token after `from` at depth 0 that is one of the words, or -1.
    int findWord(int from, const QStringList &upperWords) const;
    // The end of a SELECT's FROM list: the last token of its last item (default: the statement's SELECT).
    int fromClauseLastToken(const QJsonObject &select = {}) const;
    // The first and last tokens of a SELECT's target list.
    TokRange targetList(const QJsonObject &select = {}) const;
    // The token range a qualified name starts at `token` covers (a, a.b, "A"."b").
    TokRange qualifiedName(int token) const;
    // The blanks that start the line `token` is on.
    QString lineIndent(int token) const;
    // The first token on the line `token` is on.
    int lineFirstToken(int token) const;
    bool isMultiLine() const { return statement().text.contains(u'\n'); }
    int statementFirstToken() const;
    int statementLastToken() const;

    // Text of `range` with the column references of table `qualifier` (and unqualified ones when
    // `unqualifiedToo`) pointed at `newQualifier`. `node` is the expression tree for the range.
    QString requalified(TokRange range, const QJsonValue &node, const QString &qualifier, bool unqualifiedToo,
        const QString &newQualifier) const;

    // The statement's text with edits made (positions are QString indices into the script).
    QString edited(const QList<SqlEdit> &edits) const;

private:
    const SqlScript &m_script;
    int m_index;
    const SqlTokens &m_tokens;
};

// True for a word that ends an expression at depth 0 (FROM, WHERE, ORDER, JOIN, THEN, AS, ...), taking
// IS DISTINCT FROM, WITHIN GROUP and LEFT(...) into account.
bool endsExpression(const SqlTokens &tokens, int i);

// A name not in `taken`, made of `base` and a counter (base_2, base_3, ...).
QString freshName(const QString &base, const QSet<QString> &taken);

} // namespace PlanLens::SqlTree
