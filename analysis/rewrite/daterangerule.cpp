// SPDX-License-Identifier: MIT
#include "daterangerule.h"

#include "detect/rules/nonsargable.h"
#include "plan/plan.h"
#include "rulesupport.h"
#include "sqltree.h"

#include <QSet>

namespace PlanLens {

using namespace SqlTree;

namespace {

// date_trunc units whose next value is one interval on.
const QStringList &units()
{
    static const QStringList u{QStringLiteral("minute"), QStringLiteral("hour"), QStringLiteral("day"),
                               QStringLiteral("week"), QStringLiteral("month"), QStringLiteral("year")};
    return u;
}

QString typeName(const QJsonValue &typeCast)
{
    // typeName is a fixed struct field: no type wrapper around it.
    const QJsonArray names
        = body(typeCast).value(QStringLiteral("typeName")).toObject().value(QStringLiteral("names")).toArray();
    return names.isEmpty() ? QString() : stringValue(names.last());
}

// The column a side reads through date_trunc(unit, col) or col::date; `unit` receives "day" for the cast.
QJsonValue truncatedColumn(const QJsonValue &side, QString *unit)
{
    if (is(side, QLatin1StringView("FuncCall")) && funcName(side) == u"date_trunc") {
        const QJsonArray args = body(side).value(QStringLiteral("args")).toArray();
        if (args.size() != 2 || !is(args.at(1), QLatin1StringView("ColumnRef"))) return {};
        QJsonValue u = args.at(0);
        if (is(u, QLatin1StringView("TypeCast"))) u = body(u).value(QStringLiteral("arg"));
        *unit = stringValue(u).toLower();
        return units().contains(*unit) ? args.at(1) : QJsonValue();
    }
    if (is(side, QLatin1StringView("TypeCast")) && typeName(side) == u"date"
        && is(body(side).value(QStringLiteral("arg")), QLatin1StringView("ColumnRef"))) {
        *unit = QStringLiteral("day");
        return body(side).value(QStringLiteral("arg"));
    }
    return {};
}

bool isValue(const QJsonValue &v)
{
    return v.isObject() && !containsType(v, QLatin1StringView("ColumnRef")) && !containsType(v, QLatin1StringView("SubLink"));
}

// The type the plan printed for the value compared with date_trunc(unit, column), or empty.
QString planValueType(const Plan *plan, const QString &column)
{
    if (!plan) return QString();
    for (const PlanNode &n : plan->nodes)
        for (const NonSargablePredicate &p : NonSargablePredicateDetector::predicates(n))
            if (p.function == u"date_trunc" && p.column == column && !p.valueType.isEmpty()) return p.valueType;
    return QString();
}

} // namespace

QList<Rewrite> DateRangeRule::propose(const RewriteInput &in) const
{
    QList<Rewrite> out;
    if (!in.script.mayContain("date_trunc") && !in.script.mayContain("date"))
        return out;
    for (int si = 0; si < in.script.statements.size(); ++si) {
        if (!RuleSupport::isPlainSelect(in.script.statements.at(si))) continue;
        const StatementText st(in.script, si, in.tokens);
        // Comparisons that are a WHERE clause's conjunct need no parentheses around the two bounds.
        QSet<int> topLevel;
        visit(st.tree(), [&](const QJsonObject &node, const QString &type) {
            if (type == u"SelectStmt")
                for (const QJsonValue &c : conjuncts(node.value(type).toObject().value(QStringLiteral("whereClause"))))
                    topLevel.insert(body(c).value(QStringLiteral("location")).toInt(-1));
            return true;
        });
        QList<SqlEdit> edits;
        QStringList before, after;
        visit(st.tree(), [&](const QJsonObject &node, const QString &type) {
            if (type != u"A_Expr") return true;
            const QJsonObject b = node.value(type).toObject();
            if (b.value(QStringLiteral("kind")).toString() != u"AEXPR_OP" || operatorName(QJsonValue(node)) != u"=")
                return true;
            const QJsonValue l = b.value(QStringLiteral("lexpr"));
            const QJsonValue r = b.value(QStringLiteral("rexpr"));
            QString unit;
            QJsonValue col = truncatedColumn(l, &unit);
            bool columnLeft = true;
            if (!col.isObject() || !isValue(r)) {
                col = truncatedColumn(r, &unit);
                columnLeft = false;
                if (!col.isObject() || !isValue(l)) return true;
            }
            const QJsonValue side = columnLeft ? l : r;
            const QJsonValue value = columnLeft ? r : l;
            const int opTok = st.tokenAtLocation(b.value(QStringLiteral("location")).toInt(-1));
            if (opTok < 1) return true;
            // The comparison's tokens: from the left side's first token (with parentheses that open before it and
            // close before the operator) to the right side's last.
            int first = st.firstToken(l);
            while (first > 0 && in.tokens.isPunct(first - 1, u'(') && in.tokens.matchingClose(first - 1) >= 0
                   && in.tokens.matchingClose(first - 1) < opTok)
                --first;
            const int last = in.tokens.findAtDepth0(opTok + 1, [&](int i) {
                return in.tokens.isWord(i, QLatin1StringView("AND")) || in.tokens.isWord(i, QLatin1StringView("OR"))
                    || endsExpression(in.tokens, i) || in.tokens.isPunct(i, u';') || in.tokens.isPunct(i, u',');
            }) - 1;
            if (first < 0 || last <= opTok) return true;
            const int vFirst = columnLeft ? opTok + 1 : first;
            const int vLast = columnLeft ? last : opTok - 1;
            TokRange v = st.stripParens(TokRange{vFirst, vLast});
            const QString valueText = st.text(v);
            const int colTok = st.firstToken(col);
            const QString colText = st.text(st.qualifiedName(colTok));
            const bool simple = v.first == v.last || is(value, QLatin1StringView("TypeCast"));
            QString lower, upper;
            if (is(side, QLatin1StringView("TypeCast"))) {
                // col::date = X: the day X names, as a date; date + 1 is the next day.
                lower = is(value, QLatin1StringView("TypeCast")) && typeName(value) == u"date"
                    ? valueText
                    : (simple && !is(value, QLatin1StringView("TypeCast")) ? valueText : u'(' + valueText + u')')
                        + QStringLiteral("::date");
                upper = lower + QStringLiteral(" + 1");
            } else {
                // date_trunc(unit, col) = X: X typed as the column's truncation is (timestamptz unless the plan
                // printed another type), then one unit on.
                if (is(value, QLatin1StringView("TypeCast"))) {
                    lower = valueText;
                } else {
                    QString t = planValueType(in.plan, columnRef(col).value(columnRef(col).size() - 1));
                    if (t.isEmpty()) t = QStringLiteral("timestamptz");
                    lower = (simple ? valueText : u'(' + valueText + u')') + QStringLiteral("::") + t;
                }
                upper = lower + QStringLiteral(" + interval '1 %1'").arg(unit);
            }
            QString text = QStringLiteral("%1 >= %2 AND %1 < %3").arg(colText, lower, upper);
            if (!topLevel.contains(b.value(QStringLiteral("location")).toInt(-1))) text = u'(' + text + u')';
            edits << SqlEdit{st.startOf(first), st.endOf(last), text};
            before << st.text(first, last);
            after << text;
            return false;
        });
        if (edits.isEmpty()) continue;
        Rewrite r;
        r.rule = id();
        r.replaces = {si};
        r.statements = {st.edited(edits)};
        r.title = QStringLiteral("Compare the column with the bounds: %1").arg(after.first());
        r.preconditions << QStringLiteral("The value is the start of its day (or unit): %1 matches nothing otherwise, the "
                                          "range matches that day's rows.")
                               .arg(before.join(QStringLiteral(", ")))
                        << QStringLiteral("Both forms use the session's TimeZone for a timestamptz column, so they agree "
                                          "on where a day starts.");
        r.mapping = RuleSupport::sameRows(QStringLiteral("The same rows: the range holds exactly the values whose "
                                                         "truncation equals the value."));
        r.explanation = QStringLiteral("%1 computes an expression of the column for every row, so a B-tree index on the "
                                       "column cannot be used and the table is read whole. The range compares the bare "
                                       "column with two constants: an Index Scan (or Bitmap Index Scan) on the column "
                                       "reads only that day's rows.")
                            .arg(before.join(QStringLiteral(", ")));
        out << r;
    }
    return out;
}

} // namespace PlanLens
