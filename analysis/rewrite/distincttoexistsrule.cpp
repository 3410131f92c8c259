// SPDX-License-Identifier: MIT
#include "distincttoexistsrule.h"

#include "catalogchecks.h"
#include "detect/detectinput.h"
#include "format/units.h"
#include "plan/plan.h"
#include "rulesupport.h"
#include "sqltree.h"

#include <algorithm>

namespace PlanLens {

using namespace SqlTree;

namespace {

// Clauses the rewrite would have to carry over or that change what DISTINCT means.
const char *const kNotAllowed[]
    = { "groupClause", "havingClause", "windowClause", "withClause", "lockingClause", "intoClause", "groupDistinct" };

// The qualifiers of every column reference in the subtree; "" for an unqualified one.
QSet<QString> qualifiers(const QJsonValue &node)
{
    QSet<QString> out;
    visit(node, [&](const QJsonObject &n, const QString &type) {
        if (type == u"ColumnRef") {
            const QStringList names = columnRef(QJsonValue(n));
            out.insert(names.size() >= 2 ? names.at(names.size() - 2) : QString());
        }
        return true;
    });
    return out;
}

// A primary key, or a unique index of NOT NULL plain columns: every row of the table is distinct (SELECT a.*).
CatalogCheck distinctRows(const DistinctJoin &d)
{
    CatalogCheck c;
    c.id = QStringLiteral("unique-key");
    c.precondition = QStringLiteral("%1 has a primary key or a unique index on NOT NULL columns, so its rows are "
                                    "distinct and DISTINCT removed only the copies the join made.")
                         .arg(d.keptRelation);
    c.sql = QStringLiteral("SELECT EXISTS (\n"
                           "  SELECT 1 FROM pg_index i\n"
                           "  WHERE i.indrelid = %1 AND i.indisunique AND i.indisvalid AND i.indpred IS NULL\n"
                           "    AND i.indexprs IS NULL\n"
                           "    AND NOT EXISTS (\n"
                           "      SELECT 1 FROM unnest((i.indkey::int2[])[0:i.indnkeyatts - 1]) AS k(attnum)\n"
                           "      JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum\n"
                           "      WHERE NOT a.attnotnull)\n"
                           ") AS holds")
                .arg(CatalogChecks::regclass(d.keptSchema, d.keptRelation));
    c.whenFalse = QStringLiteral("%1 may hold identical rows: DISTINCT removed those too, EXISTS keeps them. Add a "
                                 "primary key, or keep DISTINCT in the EXISTS form (SELECT DISTINCT … WHERE EXISTS …).")
                      .arg(d.keptRelation);
    return c;
}

// The JoinExpr's RangeVar as the query wrote it: "dx_authors a", "app.t AS x".
QString rangeText(const StatementText &st, const QJsonValue &rangeVar, QString *visible, QString *relname, QString *schema)
{
    const QJsonObject b = body(rangeVar);
    *relname = b.value(QStringLiteral("relname")).toString();
    *schema = b.value(QStringLiteral("schemaname")).toString();
    const QString alias = b.value(QStringLiteral("alias")).toObject().value(QStringLiteral("aliasname")).toString();
    *visible = alias.isEmpty() ? *relname : alias;
    const TokRange name = st.qualifiedName(st.tokenAtLocation(b.value(QStringLiteral("location")).toInt(-1)));
    if (!name.isValid()) return {};
    return st.text(name) + (alias.isEmpty() ? QString() : u' ' + quoteSqlIdentifier(alias));
}

} // namespace

std::optional<DistinctJoin> DistinctToExistsRule::analyse(const SqlScript &script, int si, const SqlTokens &tokens)
{
    if (si < 0 || si >= script.statements.size() || !RuleSupport::isPlainSelect(script.statements.at(si)))
        return std::nullopt;
    const StatementText st(script, si, tokens);
    if (!is(QJsonValue(st.tree()), QLatin1StringView("SelectStmt"))) return std::nullopt;
    const QJsonObject sel = body(QJsonValue(st.tree()));
    const QJsonArray distinct = sel.value(QStringLiteral("distinctClause")).toArray();
    // DISTINCT is [{}]; DISTINCT ON (…) lists its expressions.
    if (distinct.size() != 1 || !distinct.at(0).toObject().isEmpty()) return std::nullopt;
    if (sel.value(QStringLiteral("op")).toString() != u"SETOP_NONE") return std::nullopt;
    for (const char *k : kNotAllowed)
        if (sel.contains(QLatin1StringView(k))) return std::nullopt;
    const QJsonArray from = sel.value(QStringLiteral("fromClause")).toArray();
    if (from.size() != 1 || !is(from.at(0), QLatin1StringView("JoinExpr"))) return std::nullopt;
    const QJsonObject join = body(from.at(0));
    if (join.value(QStringLiteral("jointype")).toString() != u"JOIN_INNER" || join.value(QStringLiteral("isNatural")).toBool()
        || join.contains(QStringLiteral("usingClause")) || !join.contains(QStringLiteral("quals")))
        return std::nullopt;
    const QJsonValue larg = join.value(QStringLiteral("larg"));
    const QJsonValue rarg = join.value(QStringLiteral("rarg"));
    if (!is(larg, QLatin1StringView("RangeVar")) || !is(rarg, QLatin1StringView("RangeVar"))) return std::nullopt;
    QString lVisible, lRel, lSchema, rVisible, rRel, rSchema;
    const QString lText = rangeText(st, larg, &lVisible, &lRel, &lSchema);
    const QString rText = rangeText(st, rarg, &rVisible, &rRel, &rSchema);
    if (lText.isEmpty() || rText.isEmpty() || lVisible == rVisible) return std::nullopt;

    // The select list: columns of one table only, qualified, no calls, no subqueries.
    const QJsonArray targets = sel.value(QStringLiteral("targetList")).toArray();
    QStringList columns;
    bool star = false;
    for (const QJsonValue &t : targets) {
        const QJsonValue v = body(t).value(QStringLiteral("val"));
        if (!is(v, QLatin1StringView("ColumnRef"))) return std::nullopt;
        const QStringList names = columnRef(v);
        if (names.size() != 2) return std::nullopt;
        if (names.last() == u"*") star = true;
        else columns << names.last();
    }
    const QSet<QString> targetQualifiers = qualifiers(sel.value(QStringLiteral("targetList")));
    if (targetQualifiers.size() != 1) return std::nullopt;
    const QString keptName = *targetQualifiers.cbegin();
    const bool keptLeft = keptName == lVisible;
    if (!keptLeft && keptName != rVisible) return std::nullopt;
    if (star && !columns.isEmpty()) return std::nullopt;
    // ORDER BY reads the kept table only (with DISTINCT it names select-list expressions anyway).
    const QJsonValue sort = sel.value(QStringLiteral("sortClause"));
    if (!sort.isUndefined()) {
        const QSet<QString> q = qualifiers(sort);
        if (q.size() != 1 || !q.contains(keptName) || containsType(sort, QLatin1StringView("FuncCall"))) return std::nullopt;
    }

    DistinctJoin d;
    d.statement = si;
    d.kept = keptName;
    d.keptRelation = keptLeft ? lRel : rRel;
    d.keptSchema = keptLeft ? lSchema : rSchema;
    d.filter = keptLeft ? rVisible : lVisible;
    d.filterRelation = keptLeft ? rRel : lRel;
    d.keptColumns = columns;
    d.star = star;

    // Conditions: ON always goes into EXISTS; WHERE conjuncts that read the other table go with it.
    const QJsonValue quals = join.value(QStringLiteral("quals"));
    const TokRange onRange = st.clauseExpression(quals);
    if (!onRange.isValid() || containsType(quals, QLatin1StringView("SubLink"))) return std::nullopt;
    QStringList inner, outer;
    inner << (isBoolOp(quals, QLatin1StringView("OR_EXPR")) ? u'(' + st.text(onRange) + u')' : st.text(onRange));
    for (const QString &q : qualifiers(quals))
        if (q != lVisible && q != rVisible) return std::nullopt; // unqualified, or an outer reference
    const QJsonValue where = sel.value(QStringLiteral("whereClause"));
    int lastToken = onRange.last;
    if (!where.isUndefined()) {
        const QJsonArray conj = conjuncts(where);
        const TokRange whereRange = st.clauseExpression(where);
        const QList<TokRange> ranges = isBoolOp(where, QLatin1StringView("AND_EXPR"))
            ? st.boolArguments(where, whereRange)
            : QList<TokRange> { whereRange };
        if (!whereRange.isValid() || ranges.size() != conj.size()) return std::nullopt;
        for (int i = 0; i < conj.size(); ++i) {
            const QSet<QString> q = qualifiers(conj.at(i));
            if (q.contains(QString())) return std::nullopt; // unqualified: which table?
            const QString text = isBoolOp(conj.at(i), QLatin1StringView("OR_EXPR")) ? u'(' + st.text(ranges.at(i)) + u')'
                                                                                   : st.text(ranges.at(i));
            if (q.contains(d.filter)) inner << text;
            else outer << text;
        }
        lastToken = whereRange.last;
    }
    // What follows the WHERE (or the ON): ORDER BY, LIMIT, OFFSET, FETCH, kept as written.
    const int end = st.statementLastToken();
    QString tail;
    if (lastToken < end) {
        TokRange rest { lastToken + 1, end };
        while (rest.first <= end && tokens.isPunct(rest.first, u')')) ++rest.first; // a condition's closing parenthesis
        if (rest.first <= end) {
            const QString word = st.text(rest.first, rest.first).toUpper();
            if (word != u"ORDER" && word != u"LIMIT" && word != u"OFFSET" && word != u"FETCH") return std::nullopt;
            tail = u' ' + st.text(rest);
        }
    }
    const TokRange list = st.targetList(sel);
    if (!list.isValid() || list.first < 1) return std::nullopt;
    QString text = QStringLiteral("SELECT %1 FROM %2 WHERE EXISTS (SELECT 1 FROM %3 WHERE %4)")
                       .arg(st.text(list), keptLeft ? lText : rText, keptLeft ? rText : lText,
                           inner.join(QStringLiteral(" AND ")));
    if (!outer.isEmpty()) text += QStringLiteral(" AND ") + outer.join(QStringLiteral(" AND "));
    d.after = text + tail;
    const int distinctToken = list.first - 1;
    d.spanStart = st.startOf(distinctToken);
    d.spanEnd = st.endOf(list.last);
    return d;
}

int DistinctToExistsRule::distinctNode(const Plan &plan, double *joinRows, double *keptRows)
{
    for (int i = 0; i < plan.nodes.size(); ++i) {
        const PlanNode &n = plan.nodes.at(i);
        if (n.nodeType != u"Unique" && n.nodeType != u"Aggregate") continue;
        if (n.nodeType == u"Aggregate" && n.strategy != u"Hashed" && n.strategy != u"Sorted") continue;
        int child = n.children.isEmpty() ? -1 : n.children.first();
        while (child >= 0 && (plan.nodes.at(child).nodeType == u"Sort" || plan.nodes.at(child).nodeType == u"Incremental Sort"))
            child = plan.nodes.at(child).children.isEmpty() ? -1 : plan.nodes.at(child).children.first();
        if (child < 0 || !DetectInput::isJoin(plan.nodes.at(child))) continue;
        const double in = plan.nodes.at(child).totalActualRows();
        const double out = n.totalActualRows();
        if (in < kMinJoinRows || in < kMinRatio * std::max(out, 1.0)) continue;
        *joinRows = in;
        *keptRows = out;
        return i;
    }
    return -1;
}

QList<Rewrite> DistinctToExistsRule::propose(const RewriteInput &in) const
{
    QList<Rewrite> out;
    if (!in.script.mayContain("distinctClause") || !in.script.mayContain("JoinExpr")) return out;
    for (int si = 0; si < in.script.statements.size(); ++si) {
        const std::optional<DistinctJoin> d = analyse(in.script, si, in.tokens);
        if (!d) continue;
        Rewrite r;
        r.rule = id();
        r.replaces = { si };
        r.statements = { d->after };
        r.title = QStringLiteral("EXISTS instead of DISTINCT over the join with %1").arg(d->filterRelation);
        r.preconditions << QStringLiteral("%1 only filters: the select list and ORDER BY read %2 alone.")
                               .arg(d->filter, d->kept);
        if (d->star) {
            r.checks << distinctRows(*d);
            r.preconditions << r.checks.last().precondition;
        } else {
            CatalogCheck c = CatalogChecks::uniqueWithin(d->keptSchema, d->keptRelation, d->keptColumns);
            c.precondition = QStringLiteral("A unique index of %1 lies within the selected columns (%2), so no two "
                                            "rows of it repeat them and DISTINCT removed only the join's copies.")
                                 .arg(d->keptRelation, d->keptColumns.join(QStringLiteral(", ")));
            c.whenFalse = QStringLiteral("Two %1 rows may share the selected columns: keep DISTINCT in the EXISTS form "
                                         "(SELECT DISTINCT … WHERE EXISTS …).")
                              .arg(d->keptRelation);
            r.checks << c;
            r.preconditions << c.precondition;
        }
        r.mapping = RuleSupport::sameRows(QStringLiteral("The same rows: each %1 row that has a matching %2 row, once.")
                                              .arg(d->keptRelation, d->filterRelation));
        double joinRows = 0, kept = 0;
        const int node = in.plan ? distinctNode(*in.plan, &joinRows, &kept) : -1;
        const QString figures = node >= 0
            ? QStringLiteral(" In this plan the join returns %1 rows and %2 removes all but %3.")
                  .arg(Units::count(joinRows), in.plan->nodes.at(node).textLabel(), Units::count(kept))
            : QString();
        r.explanation = QStringLiteral("The join returns one row per matching %1 row, so a %2 row with many matches "
                                       "comes out many times, and DISTINCT then hashes or sorts every copy (all of "
                                       "the select list's columns) to throw them away again.%3 EXISTS is a semi-join: "
                                       "PostgreSQL stops at the first matching %1 row (a Nested Loop Semi Join can "
                                       "probe an index on the join column, a Hash Semi Join emits each %2 row once) "
                                       "and there are no duplicates to remove.")
                            .arg(d->filterRelation, d->keptRelation, figures);
        out << r;
    }
    return out;
}

} // namespace PlanLens
