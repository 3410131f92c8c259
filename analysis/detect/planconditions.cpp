// SPDX-License-Identifier: MIT
#include "planconditions.h"

#include "plan/plan.h"
#include "sql/sqlspan.h"

#include <QSet>

namespace PlanLens::Conditions {

namespace {

const QSet<QString> &keywords()
{
    static const QSet<QString> k{
        QStringLiteral("and"), QStringLiteral("or"), QStringLiteral("not"), QStringLiteral("is"),
        QStringLiteral("null"), QStringLiteral("true"), QStringLiteral("false"), QStringLiteral("any"),
        QStringLiteral("all"), QStringLiteral("some"), QStringLiteral("array"), QStringLiteral("in"),
        QStringLiteral("like"), QStringLiteral("ilike"), QStringLiteral("similar"), QStringLiteral("to"),
        QStringLiteral("between"), QStringLiteral("case"), QStringLiteral("when"), QStringLiteral("then"),
        QStringLiteral("else"), QStringLiteral("end"), QStringLiteral("distinct"), QStringLiteral("from"),
        QStringLiteral("collate"), QStringLiteral("escape"), QStringLiteral("at"), QStringLiteral("subplan"),
        QStringLiteral("initplan"), QStringLiteral("hashed"), QStringLiteral("alternatives"),
        QStringLiteral("returns"), QStringLiteral("cte"), QStringLiteral("row"), QStringLiteral("unknown"),
        QStringLiteral("default"), QStringLiteral("current_date"), QStringLiteral("current_timestamp"),
        QStringLiteral("localtimestamp"), QStringLiteral("current_user"), QStringLiteral("session_user")};
    return k;
}

// Words that continue a type name after "::" ("timestamp with time zone", "character varying").
const QSet<QString> &typeContinuations()
{
    static const QSet<QString> k{QStringLiteral("with"), QStringLiteral("without"), QStringLiteral("time"),
                                 QStringLiteral("zone"), QStringLiteral("varying"), QStringLiteral("precision")};
    return k;
}

QString unquote(QStringView t)
{
    if (t.size() >= 2 && t.startsWith(u'"') && t.endsWith(u'"'))
        return t.mid(1, t.size() - 2).toString().replace(QStringLiteral("\"\""), QStringLiteral("\""));
    return t.toString();
}

bool isName(const SqlTokens &t, int i)
{
    if (i < 0 || i >= t.size())
        return false;
    return t.at(i).kind == SqlTokenKind::Word || t.at(i).kind == SqlTokenKind::QuotedIdent;
}

bool isOperatorToken(const SqlTokens &t, int i, QStringView op)
{
    return i >= 0 && i < t.size() && t.at(i).kind == SqlTokenKind::Operator && t.tokenText(i) == op;
}

} // namespace

QList<ColumnUse> columnUses(const QString &condition)
{
    QList<ColumnUse> out;
    const SqlTokens t(condition);
    struct Paren {
        int token;
        QString function;
    };
    QList<Paren> stack;
    bool inType = false;   // after "::", until the type name ends
    for (int i = 0; i < t.size(); ++i) {
        const SqlToken &tok = t.at(i);
        if (tok.kind == SqlTokenKind::Punct) {
            const QChar c = condition.at(tok.start);
            if (c == u'(') {
                QString fn;
                if (i > 0 && t.at(i - 1).kind == SqlTokenKind::Word && !inType) {
                    const QString w = t.tokenText(i - 1).toString().toLower();
                    if (!keywords().contains(w))
                        fn = w;
                }
                stack.append({i, fn});
            } else if (c == u')' && !stack.isEmpty()) {
                stack.removeLast();
            }
            if (c != u'[' && c != u']')
                inType = false;
            continue;
        }
        if (tok.kind == SqlTokenKind::Operator) {
            inType = t.tokenText(i) == u"::";
            continue;
        }
        if (!isName(t, i)) {
            inType = false;
            continue;
        }
        const QString word = t.tokenText(i).toString();
        if (inType) {
            // The first word after "::" is the type; the continuations belong to it.
            if (i > 0 && !isOperatorToken(t, i - 1, u"::") && !typeContinuations().contains(word.toLower()))
                inType = false;
            else
                continue;
        }
        if (tok.kind == SqlTokenKind::Word && keywords().contains(word.toLower()))
            continue;
        if (i + 1 < t.size() && t.isPunct(i + 1, u'('))
            continue;   // a function name
        // Collect a qualified name a.b or a.b.c.
        int last = i;
        while (last + 2 < t.size() && t.isPunct(last + 1, u'.') && isName(t, last + 2))
            last += 2;
        ColumnUse use;
        use.column = unquote(t.tokenText(last));
        if (last > i)
            use.qualifier = unquote(t.tokenText(last - 2));
        if (!stack.isEmpty())
            use.function = stack.last().function;
        if (i > 0 && t.at(i - 1).kind == SqlTokenKind::Operator && t.tokenText(i - 1) != u"::")
            use.opBefore = t.tokenText(i - 1).toString();
        int j = last + 1;
        // (col)::type
        if (!stack.isEmpty() && stack.last().token == i - 1 && t.isPunct(j, u')') && isOperatorToken(t, j + 1, u"::")) {
            int k = j + 2;
            QStringList type;
            while (k < t.size() && isName(t, k)
                   && (type.isEmpty() || typeContinuations().contains(t.tokenText(k).toString().toLower()))) {
                type << t.tokenText(k).toString();
                ++k;
            }
            use.castTo = type.join(u' ');
            use.function.clear();
            j = k;
        }
        if (j < t.size()) {
            if (t.at(j).kind == SqlTokenKind::Operator && t.tokenText(j) != u"::") {
                use.opAfter = t.tokenText(j).toString();
            } else if (t.at(j).kind == SqlTokenKind::Word) {
                const QString w = t.tokenText(j).toString().toUpper();
                if (w == u"IS" || w == u"LIKE" || w == u"ILIKE" || w == u"IN" || w == u"BETWEEN" || w == u"SIMILAR")
                    use.opAfter = w;
            }
            if (!use.opAfter.isEmpty() && j + 1 < t.size())
                use.operandAfter = t.tokenText(j + 1).toString();
        }
        out.append(use);
        i = last;
    }
    return out;
}

bool belongsTo(const ColumnUse &use, const PlanNode &node)
{
    if (use.qualifier.isEmpty())
        return true;
    return use.qualifier == node.alias || use.qualifier == node.relationName;
}

bool referencesOtherRelation(const QString &condition, const PlanNode &node)
{
    const QList<ColumnUse> uses = columnUses(condition);
    for (const ColumnUse &u : uses)
        if (!belongsTo(u, node))
            return true;
    // Parameters of an outer query or of a nested loop ($1 in old versions' SubPlans) also make it per-row.
    return condition.contains(u'$');
}

QStringList ownColumns(const QString &condition, const PlanNode &node)
{
    QStringList cols;
    for (const ColumnUse &u : columnUses(condition))
        if (belongsTo(u, node) && !cols.contains(u.column))
            cols << u.column;
    return cols;
}

bool isComparisonOperator(const QString &op)
{
    static const QStringList ops{QStringLiteral("="), QStringLiteral("<"), QStringLiteral(">"), QStringLiteral("<="),
                                 QStringLiteral(">="), QStringLiteral("<>"), QStringLiteral("!="), QStringLiteral("~~"),
                                 QStringLiteral("IS"), QStringLiteral("LIKE"), QStringLiteral("IN"),
                                 QStringLiteral("BETWEEN")};
    return ops.contains(op);
}

bool isPatternOperator(const QString &op)
{
    static const QStringList ops{QStringLiteral("~~"), QStringLiteral("~~*"), QStringLiteral("!~~"),
                                 QStringLiteral("!~~*"), QStringLiteral("~"), QStringLiteral("~*"),
                                 QStringLiteral("!~"), QStringLiteral("!~*"), QStringLiteral("LIKE"),
                                 QStringLiteral("ILIKE"), QStringLiteral("SIMILAR")};
    return ops.contains(op);
}

bool mentionsSubplan(const QString &condition)
{
    return condition.contains(QStringLiteral("SubPlan")) || condition.contains(QStringLiteral("InitPlan"))
        || condition.contains(QStringLiteral("alternatives:"));
}

QStringList scanConditions(const PlanNode &node)
{
    QStringList out;
    for (const QString *s : {&node.indexCond, &node.recheckCond, &node.filter})
        if (!s->isEmpty())
            out << *s;
    return out;
}

} // namespace PlanLens::Conditions
