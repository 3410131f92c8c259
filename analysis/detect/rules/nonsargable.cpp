// SPDX-License-Identifier: MIT
#include "nonsargable.h"

#include "detect/detectinput.h"
#include "detect/sqlfacts.h"
#include "format/units.h"
#include "plan/plan.h"
#include "rewrite/sqltree.h"
#include "sql/sqlscript.h"
#include "sql/sqlspan.h"

#include <QJsonArray>

#include <algorithm>
#include <cmath>

namespace PlanLens {

using namespace SqlTree;

namespace {

// PostgreSQL's guesses for a condition it has no statistics for (selfuncs.h): DEFAULT_EQ_SEL for =,
// DEFAULT_INEQ_SEL for one-sided ranges.
constexpr double kDefaultEqSel = 0.005;
constexpr double kDefaultIneqSel = 1.0 / 3.0;

// Casts that change nothing an index cares about: varchar → text is binary-coercible.
bool harmlessType(const QString &type)
{
    static const QStringList ok{QStringLiteral("text"), QStringLiteral("character varying"), QStringLiteral("varchar"),
                                QStringLiteral("bpchar"), QStringLiteral("name")};
    return ok.contains(type.toLower());
}

bool isIntegerType(const QString &type)
{
    static const QStringList ints{QStringLiteral("integer"), QStringLiteral("bigint"), QStringLiteral("smallint"),
                                  QStringLiteral("numeric")};
    return ints.contains(type.toLower());
}

bool isName(const SqlTokens &t, int i)
{
    return i >= 0 && i < t.size() && (t.at(i).kind == SqlTokenKind::Word || t.at(i).kind == SqlTokenKind::QuotedIdent);
}

bool isCastOp(const SqlTokens &t, int i)
{
    return i >= 0 && i < t.size() && t.at(i).kind == SqlTokenKind::Operator && t.tokenText(i) == u"::";
}

QString unquoted(const SqlTokens &t, int i)
{
    const QString s = t.tokenText(i).toString();
    return t.at(i).kind == SqlTokenKind::QuotedIdent ? s.mid(1, s.size() - 2).replace(QStringLiteral("\"\""), QStringLiteral("\""))
                                                      : s;
}

// The type name after "::" at token `cast` ("timestamp with time zone"); `last` receives its last token.
QString typeAfter(const SqlTokens &t, int cast, int limit, int *last)
{
    static const QStringList continuations{QStringLiteral("with"), QStringLiteral("without"), QStringLiteral("time"),
                                           QStringLiteral("zone"), QStringLiteral("varying"), QStringLiteral("precision")};
    QStringList words;
    int k = cast + 1;
    while (k <= limit && isName(t, k) && (words.isEmpty() || continuations.contains(t.tokenText(k).toString().toLower())))
        words << t.tokenText(k++).toString();
    *last = k - 1;
    return words.join(u' ');
}

// Tokens [first, last] without the parentheses that enclose all of them.
void stripParens(const SqlTokens &t, int &first, int &last)
{
    while (first < last && t.isPunct(first, u'(') && t.matchingClose(first) == last) {
        ++first;
        --last;
    }
}

// The text of tokens [first, last] written for CREATE INDEX: qualifiers of the scanned relation dropped,
// (col)::text on a varchar column and 'day'::text on a literal reduced to what PostgreSQL would add back itself.
QString indexText(const SqlTokens &t, int first, int last, const QStringList &ownNames)
{
    QString out;
    int prevEnd = -1;
    auto append = [&](int from, int to, const QString &text) {
        if (prevEnd >= 0)
            out += t.text().mid(prevEnd, t.at(from).start - prevEnd);
        out += text;
        prevEnd = t.at(to).end;
    };
    for (int i = first; i <= last; ++i) {
        int name = i;
        // A qualified name of the scanned relation: keep the column only.
        if (isName(t, i) && t.isPunct(i + 1, u'.') && isName(t, i + 2) && ownNames.contains(unquoted(t, i)))
            name = i + 2;
        // (col)::text  →  col
        if (t.isPunct(i, u'(') && isName(t, i + 1)) {
            int col = i + 1;
            if (t.isPunct(col + 1, u'.') && isName(t, col + 2) && ownNames.contains(unquoted(t, col)))
                col += 2;
            int typeEnd = -1;
            if (t.isPunct(col + 1, u')') && isCastOp(t, col + 2) && harmlessType(typeAfter(t, col + 2, last, &typeEnd))) {
                append(i, typeEnd, t.tokenText(col).toString());
                i = typeEnd;
                continue;
            }
        }
        // 'day'::text → 'day';  '0'::bigint → 0
        if (t.at(i).kind == SqlTokenKind::String && isCastOp(t, i + 1)) {
            int typeEnd = -1;
            const QString type = typeAfter(t, i + 1, last, &typeEnd);
            const QString lit = t.tokenText(i).toString();
            bool isInt = false;
            lit.mid(1, lit.size() - 2).toLongLong(&isInt);
            if (harmlessType(type)) {
                append(i, typeEnd, lit);
                i = typeEnd;
                continue;
            }
            if (isIntegerType(type) && isInt && lit.startsWith(u'\'')) {
                append(i, typeEnd, lit.mid(1, lit.size() - 2));
                i = typeEnd;
                continue;
            }
        }
        append(i, name, t.tokenText(name).toString());
        i = name;
    }
    return out;
}

// The own column a subtree reads, or empty; `others` is set when it reads another relation's column.
QString ownColumnOf(const QJsonValue &side, const QStringList &ownNames, bool *others)
{
    QString column;
    visit(side, [&](const QJsonObject &node, const QString &type) {
        if (type != u"ColumnRef")
            return true;
        const QStringList f = columnRef(QJsonValue(node));
        if (f.isEmpty() || f.size() > 2 || (f.size() == 2 && !ownNames.contains(f.first())))
            *others = true;
        else if (column.isEmpty())
            column = f.last();
        return true;
    });
    return column;
}

// What the column side is, or empty for a bare column or a cast of it (implicit-cast's business).
QString kindOf(const QJsonValue &side, QString *function)
{
    const QString type = SqlTree::type(side);
    if (type == u"FuncCall") {
        *function = funcName(side);
        return QStringLiteral("function");
    }
    if (type == u"CoalesceExpr") {
        *function = QStringLiteral("coalesce");
        return QStringLiteral("coalesce");
    }
    if (type == u"A_Expr")
        return QStringLiteral("arithmetic");
    if (type == u"ColumnRef")
        return QString();
    if (type == u"TypeCast") {
        const QJsonValue arg = body(side).value(QStringLiteral("arg"));
        if (is(arg, QLatin1StringView("ColumnRef")))
            return QString();
        return kindOf(arg, function).isEmpty() ? QString() : QStringLiteral("expression");
    }
    return QStringLiteral("expression");
}

double readPerLoop(const PlanNode &n)
{
    return n.rowsRemovedByFilter.value_or(0) + n.actualRows.value_or(0);
}

double misestimate(const PlanNode &n)
{
    const double plan = std::max(n.planRows.value_or(0), 1.0);
    const double actual = std::max(n.actualRows.value_or(0), 1.0);
    return std::max(plan / actual, actual / plan);
}

} // namespace

QString NonSargablePredicate::indexKey() const
{
    return kind == u"function" || kind == u"coalesce" ? indexExpression : u'(' + indexExpression + u')';
}

QList<NonSargablePredicate> NonSargablePredicateDetector::predicates(const PlanNode &scan)
{
    QList<NonSargablePredicate> out;
    if (scan.filter.isEmpty() || scan.relationName.isEmpty())
        return out;
    const QString text = QStringLiteral("SELECT 1 WHERE ") + scan.filter;
    const auto parsed = parseSqlScript(text);
    if (isError(parsed))
        return out;   // e.g. "(hashed SubPlan 1)": not SQL
    const SqlScript &script = std::get<SqlScript>(parsed);
    if (script.statements.size() != 1)
        return out;
    QStringList ownNames{scan.relationName};
    if (!scan.alias.isEmpty())
        ownNames << scan.alias;
    const SqlTokens t(text);
    const QJsonObject select = body(script.statements.first().tree);
    for (const QJsonValue &c : conjuncts(select.value(QStringLiteral("whereClause")))) {
        const QJsonObject b = body(c);
        const QString op = operatorName(c);
        if (!is(c, QLatin1StringView("A_Expr")) || b.value(QStringLiteral("kind")).toString() != u"AEXPR_OP"
            || !QStringList{QStringLiteral("="), QStringLiteral("<"), QStringLiteral(">"), QStringLiteral("<="),
                            QStringLiteral(">=")}.contains(op))
            continue;
        const QJsonValue l = b.value(QStringLiteral("lexpr"));
        const QJsonValue r = b.value(QStringLiteral("rexpr"));
        bool othersL = false, othersR = false;
        const QString colL = ownColumnOf(l, ownNames, &othersL);
        const QString colR = ownColumnOf(r, ownNames, &othersR);
        if (othersL || othersR || colL.isEmpty() == colR.isEmpty() || containsType(c, QLatin1StringView("SubLink")))
            continue;   // a join condition, a subquery, two columns, or no column at all
        const bool columnLeft = !colL.isEmpty();
        const QJsonValue side = columnLeft ? l : r;
        NonSargablePredicate p;
        p.kind = kindOf(side, &p.function);
        if (p.kind.isEmpty())
            continue;
        p.column = columnLeft ? colL : colR;
        p.op = op;
        // The text of each side: from the operator outwards to the enclosing parenthesis or AND.
        const int opTok = t.indexAt(script.charIndex(b.value(QStringLiteral("location")).toInt(-1)));
        if (opTok < 1)
            continue;
        int lFirst = opTok - 1;
        for (int depth = 0; lFirst >= 0; --lFirst) {
            if (t.isClose(lFirst))
                ++depth;
            else if (t.isOpen(lFirst) && depth-- == 0)
                break;
            else if (depth == 0 && (t.isWord(lFirst, QLatin1StringView("AND")) || t.isWord(lFirst, QLatin1StringView("WHERE"))))
                break;
        }
        ++lFirst;
        int lLast = opTok - 1;
        int rFirst = opTok + 1;
        int rLast = t.findAtDepth0(rFirst, [&](int i) { return t.isWord(i, QLatin1StringView("AND")); }) - 1;
        if (lFirst > lLast || rFirst > rLast)
            continue;
        stripParens(t, lFirst, lLast);
        stripParens(t, rFirst, rLast);
        const int sFirst = columnLeft ? lFirst : rFirst, sLast = columnLeft ? lLast : rLast;
        const int vFirst = columnLeft ? rFirst : lFirst, vLast = columnLeft ? rLast : lLast;
        p.expression = t.text().mid(t.at(sFirst).start, t.at(sLast).end - t.at(sFirst).start);
        p.value = t.text().mid(t.at(vFirst).start, t.at(vLast).end - t.at(vFirst).start);
        p.indexExpression = indexText(t, sFirst, sLast, ownNames);
        for (int i = vFirst; i <= vLast; ++i)
            if (isCastOp(t, i)) {
                int end = -1;
                p.valueType = typeAfter(t, i, vLast, &end);
            }
        if (p.function == u"date_trunc") {
            const QJsonArray args = body(side).value(QStringLiteral("args")).toArray();
            if (args.size() == 2) {
                p.dateTruncUnit = stringValue(is(args.at(0), QLatin1StringView("TypeCast"))
                                                  ? body(args.at(0)).value(QStringLiteral("arg"))
                                                  : args.at(0)).toLower();
                // date_trunc of a timestamptz depends on the TimeZone setting: only STABLE, no index can hold it.
                p.indexable = !p.valueType.contains(QStringLiteral("with time zone"));
            }
        }
        out << p;
    }
    return out;
}

bool NonSargablePredicateDetector::worthIt(const PlanNode &n)
{
    const double loops = n.actualLoops.value_or(1);
    const double removed = n.rowsRemovedByFilter.value_or(0) * loops;
    const double kept = n.actualRows.value_or(0) * loops;
    if (removed >= kMinRemoved && removed >= kMinRatio * std::max(kept, 1.0))
        return true;
    return (removed + kept) >= kMinRemoved && misestimate(n) >= kMinMisestimate;
}

void NonSargablePredicateDetector::detect(const DetectInput &in, QList<Finding> &out) const
{
    if (!in.plan().hasAnalyze)
        return;
    for (int i = 0; i < in.nodeCount(); ++i) {
        const PlanNode &n = in.node(i);
        if (!DetectInput::isScan(n) || n.filter.isEmpty() || !n.actualRows)
            continue;
        const double loops = in.loops(i);
        const double removed = n.rowsRemovedByFilter.value_or(0) * loops;
        const double kept = in.totalRows(i);
        const bool filtersOut = removed >= kMinRemoved && removed >= kMinRatio * std::max(kept, 1.0);
        // A Limit above stops the scan early: its actual rows say nothing about the estimate.
        const bool misestimated = !filtersOut && worthIt(n) && !in.hasAncestorOfType(i, {QStringLiteral("Limit")});
        if (!filtersOut && !misestimated)
            continue;
        const QList<NonSargablePredicate> preds = predicates(n);
        if (preds.isEmpty())
            continue;
        const NonSargablePredicate &p = preds.first();
        const double factor = misestimate(n);
        const double read = readPerLoop(n);
        const double sel = read > 0 ? n.planRows.value_or(0) / read : 0;
        // Only one condition in the filter: the node's estimate is that condition's selectivity.
        const bool single = preds.size() == 1 && !n.filter.contains(QStringLiteral(" AND "))
                            && !n.filter.contains(QStringLiteral(" OR "));
        const double assumed = p.op == u"=" ? kDefaultEqSel : kDefaultIneqSel;
        const bool defaultSel = single && read >= kMinRemoved && std::abs(sel / assumed - 1) < 0.2;
        const QString table = n.schema.isEmpty() || n.schema == u"public" ? n.relationName : n.schema + u'.' + n.relationName;
        const double fraction = removed + kept > 0 ? removed / (removed + kept) : 0;
        // Severity: the share of the query, but at least a "worth knowing" level on a fast scan; the rule's point is
        // that the fix is cheap and the scan grows with the table.
        Finding f = makeFinding(in, i, std::max(in.inclusiveShare(i) * std::max(fraction, 0.5), 0.3));

        const bool range = !p.dateTruncUnit.isEmpty() && p.op == u"=";
        if (range)
            f.rewriteId = in.rewriteIfProposed(QStringLiteral("date-range-predicate"));
        if (f.rewriteId.isEmpty() && p.indexable && filtersOut)
            f.rewriteId = in.rewriteIfProposed(QStringLiteral("create-index"));

        const QString what = p.kind == u"function" ? QStringLiteral("the function %1()").arg(p.function)
                             : p.kind == u"coalesce" ? QStringLiteral("COALESCE")
                             : p.kind == u"arithmetic" ? QStringLiteral("arithmetic")
                                                       : QStringLiteral("an expression");
        QString estimate = QStringLiteral("PostgreSQL expected %1 rows per loop and got %2 (%3)")
                               .arg(Units::count(n.planRows.value_or(0)), Units::count(n.actualRows.value_or(0)),
                                    Fmt::factor(n.actualRows.value_or(0) >= n.planRows.value_or(0) ? factor : 1 / factor));
        if (defaultSel)
            estimate += QStringLiteral(": %1 of the %2 rows read, the default selectivity PostgreSQL assumes for %3 on an "
                                       "expression it has no statistics for")
                            .arg(QString::number(sel * 100, 'g', 2) + u'%', Units::count(read), p.op == u"=" ? QStringLiteral("=") : QStringLiteral("a range"));
        f.message = (filtersOut ? QStringLiteral("%1 applies %2 to %3 on every row before comparing (%4), so no index on %3 "
                                                 "can be used: it reads %5 rows to keep %6%7. %8.")
                                : QStringLiteral("%1 applies %2 to %3 before comparing (%4): PostgreSQL has no statistics "
                                                 "for the expression and guesses. It reads %5 rows and keeps %6%7. %8."))
                        .arg(n.displayName(), what, p.column, p.expression + u' ' + p.op + u' ' + p.value,
                             Units::count(removed + kept), Units::count(kept),
                             in.hasTiming() ? QStringLiteral(" (%1)").arg(Units::duration(n.inclusiveMs)) : QString(),
                             estimate);
        QStringList advice;
        if (range)
            advice << QStringLiteral("Compare the column itself with the day's bounds: %1 >= %2 AND %1 < %2 + interval '1 %3' "
                                     "selects the same rows (when the value is the start of a %3) and the index on %1 serves it.")
                          .arg(p.column, p.value, p.dateTruncUnit);
        if (p.kind == u"coalesce" && !p.value.startsWith(QStringLiteral("'0'")) && !p.value.startsWith(u'0')
            && p.op == u"=")
            advice << QStringLiteral("COALESCE(%1, …) = %2 with a value other than the default is simply %1 = %2, which an "
                                     "index on %1 serves.")
                          .arg(p.column, p.value);
        if (p.kind == u"arithmetic")
            advice << QStringLiteral("Move the arithmetic to the value side (%1 %2 <value rewritten>), so the bare column is "
                                     "compared and its index applies.")
                          .arg(p.column, p.op);
        if (p.indexable && filtersOut)
            advice << QStringLiteral("Or index the expression exactly as the query writes it: CREATE INDEX CONCURRENTLY ON %1 "
                                     "(%2); (ANALYZE then gathers statistics on the expression too).")
                          .arg(table, p.indexKey());
        if (factor >= kMinMisestimate)
            advice << QStringLiteral("For the estimate, without an index: CREATE STATISTICS %1_%2_expr ON (%3) FROM %4; "
                                     "ANALYZE %4; (PostgreSQL 14+ keeps statistics on the expression).")
                          .arg(n.relationName, p.column, p.indexExpression, table);
        if (advice.isEmpty())
            advice << QStringLiteral("Rewrite the comparison so the bare column %1 is compared with a value computed from the "
                                     "other side; then an index on %1 applies.")
                          .arg(p.column);
        f.advice = advice.join(u' ');
        // Point at the comparison in the SQL: the first one whose side wraps the column in an expression.
        if (const SqlStatement *st = in.statement()) {
            SqlFacts::visit(SqlFacts::statementRoot(st->tree), [&](const QString &type, const QJsonObject &body) {
                if (f.hasSpan() || type != u"A_Expr")
                    return !f.hasSpan();
                bool wraps = false;
                for (const char *key : {"lexpr", "rexpr"}) {
                    const QJsonValue side = body.value(QLatin1StringView(key));
                    QString fn;
                    if (kindOf(side, &fn).isEmpty())
                        continue;
                    bool others = false;
                    if (ownColumnOf(side, {n.relationName, n.alias}, &others) == p.column)
                        wraps = true;
                }
                if (wraps) {
                    const SqlFacts::Span span = SqlFacts::expressionSpan(*in.sql(), in.tokens(),
                                                                         QJsonObject{{QStringLiteral("A_Expr"), body}}, st->end);
                    if (span.isValid()) {
                        f.spanStart = span.start;
                        f.spanEnd = span.end;
                    }
                }
                return true;
            });
        }
        f.evidence.insert(QStringLiteral("relation"), n.relationName);
        f.evidence.insert(QStringLiteral("column"), p.column);
        f.evidence.insert(QStringLiteral("kind"), p.kind);
        if (!p.function.isEmpty())
            f.evidence.insert(QStringLiteral("function"), p.function);
        f.evidence.insert(QStringLiteral("expression"), p.expression);
        f.evidence.insert(QStringLiteral("index_expression"), p.indexExpression);
        f.evidence.insert(QStringLiteral("indexable"), p.indexable);
        f.evidence.insert(QStringLiteral("operator"), p.op);
        f.evidence.insert(QStringLiteral("value"), p.value);
        f.evidence.insert(QStringLiteral("filter"), n.filter);
        f.evidence.insert(QStringLiteral("rows_removed_by_filter"), removed);
        f.evidence.insert(QStringLiteral("rows_kept"), kept);
        f.evidence.insert(QStringLiteral("plan_rows"), n.planRows.value_or(0));
        f.evidence.insert(QStringLiteral("estimate_factor"), factor);
        f.evidence.insert(QStringLiteral("default_selectivity"), defaultSel);
        if (defaultSel)
            f.evidence.insert(QStringLiteral("assumed_selectivity"), assumed);
        f.evidence.insert(QStringLiteral("time_share"), in.inclusiveShare(i));
        out << f;
    }
}

} // namespace PlanLens
