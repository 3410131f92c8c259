// SPDX-License-Identifier: MIT
#include "prefetchanyarrayrule.h"

#include "catalogchecks.h"
#include "rulesupport.h"
#include "sqltree.h"

namespace PlanLens {

using namespace SqlTree;

namespace {

// An OR in a WHERE clause: the whole condition, or one argument of the condition's AND.
struct OrSite {
    QJsonObject select; // the SelectStmt body that holds the WHERE
    QJsonValue orNode;
    TokRange orRange; // with the parentheses that wrap the OR, if any
    bool inAnd = false;
};

QList<OrSite> orSites(const StatementText &st)
{
    QList<OrSite> sites;
    visit(st.tree(), [&](const QJsonObject &node, const QString &t) {
        if (t != u"SelectStmt") return true;
        const QJsonObject sel = node.value(t).toObject();
        const QJsonValue where = sel.value(QStringLiteral("whereClause"));
        if (where.isUndefined()) return true;
        const TokRange r = st.clauseExpression(where);
        if (!r.isValid()) return true;
        if (isBoolOp(where, QLatin1StringView("OR_EXPR"))) {
            sites << OrSite { sel, where, r, false };
        } else if (isBoolOp(where, QLatin1StringView("AND_EXPR"))) {
            const QJsonArray args = body(where).value(QStringLiteral("args")).toArray();
            const QList<TokRange> ranges = st.boolArguments(where, r);
            if (ranges.size() == args.size())
                for (int i = 0; i < args.size(); ++i)
                    if (isBoolOp(args.at(i), QLatin1StringView("OR_EXPR")))
                        sites << OrSite { sel, args.at(i), ranges.at(i), true };
        }
        return true;
    });
    return sites;
}

// What the step-1 statement and the `= ANY($ids)` replacement are made of.
struct Prefetch {
    TokRange whole; // the sublink (IN or EXISTS) to replace
    QString probe; // the outer expression compared with the ids ("t.track_id")
    QString fetch; // step 1: the statement that returns the ids
    QString fetchInPlace; // the same, as it stands in the statement (for ARRAY(...) in place)
    QString qualifier; // the probe's table qualifier ("t"), for the index check
    QString probeColumn; // "track_id"
    bool correlatedExists = false;
};

// `t.track_id IN (SELECT track_id FROM c WHERE ...)` or `t.track_id = ANY (SELECT ...)`, uncorrelated.
std::optional<Prefetch> fromInSubquery(const StatementText &st, const QJsonValue &arg, TokRange argRange)
{
    if (!is(arg, QLatin1StringView("SubLink"))) return std::nullopt;
    const QJsonObject b = body(arg);
    if (b.value(QStringLiteral("subLinkType")).toString() != u"ANY_SUBLINK") return std::nullopt;
    const QJsonArray oper = b.value(QStringLiteral("operName")).toArray();
    if (!oper.isEmpty() && (oper.size() != 1 || stringValue(oper.at(0)) != u"=")) return std::nullopt;
    const QJsonValue test = b.value(QStringLiteral("testexpr"));
    if (is(test, QLatin1StringView("RowExpr")) || containsType(test, QLatin1StringView("SubLink"))) return std::nullopt;
    const QJsonValue sub = b.value(QStringLiteral("subselect"));
    const QJsonArray targets = body(sub).value(QStringLiteral("targetList")).toArray();
    // A multi-column (or star) subquery cannot feed one array; a correlated one cannot run on its own.
    if (!is(sub, QLatin1StringView("SelectStmt")) || !outerQualifiers(sub).isEmpty()) return std::nullopt;
    // A UNION inside IN (...) has its columns in its branches: it is one column (IN demands it) and runs alone.
    const QString op = body(sub).value(QStringLiteral("op")).toString();
    const bool setOp = !op.isEmpty() && op != u"SETOP_NONE";
    if (!setOp
        && (targets.size() != 1
            || columnRef(body(targets.at(0)).value(QStringLiteral("val"))).contains(QStringLiteral("*"))))
        return std::nullopt;
    TokRange whole, testRange, inner;
    if (!st.subLinkRange(arg, &whole, &testRange, &inner)) return std::nullopt;
    const TokRange bare = [&] {
        TokRange r = argRange;
        for (TokRange s = st.stripParens(r); s.first != r.first; s = st.stripParens(r))
            r = s;
        return r;
    }();
    if (whole.first != bare.first || whole.last != bare.last)
        return std::nullopt; // something follows the sublink inside the OR argument ("... IN (...) IS TRUE")
    Prefetch p;
    p.whole = whole;
    p.probe = st.text(testRange);
    p.fetch = st.standaloneText(inner);
    p.fetchInPlace = st.text(inner);
    const QStringList f = columnRef(test);
    if (!f.isEmpty()) {
        p.probeColumn = f.last();
        p.qualifier = f.size() == 2 ? f.first() : QString();
    }
    return p;
}

// `EXISTS (SELECT 1 FROM c WHERE c.track_id = t.track_id AND <conditions on c only>)`.
std::optional<Prefetch> fromExists(const StatementText &st, const QJsonValue &arg, TokRange argRange)
{
    if (!is(arg, QLatin1StringView("SubLink"))
        || body(arg).value(QStringLiteral("subLinkType")).toString() != u"EXISTS_SUBLINK")
        return std::nullopt;
    const QJsonValue sub = body(arg).value(QStringLiteral("subselect"));
    const QJsonObject sb = body(sub);
    const QJsonArray from = sb.value(QStringLiteral("fromClause")).toArray();
    if (!is(sub, QLatin1StringView("SelectStmt")) || from.size() != 1 || !is(from.at(0), QLatin1StringView("RangeVar")))
        return std::nullopt;
    for (const char *k :
        { "groupClause", "havingClause", "limitCount", "limitOffset", "distinctClause", "withClause", "windowClause" })
        if (sb.contains(QLatin1StringView(k))) return std::nullopt;
    const QSet<QString> inner = allNames(sub);
    const QString innerName = tables(from).first().visibleName();
    const QJsonValue where = sb.value(QStringLiteral("whereClause"));
    const QJsonArray conj = conjuncts(where);
    if (conj.isEmpty()) return std::nullopt;
    int corr = -1;
    QStringList innerRef, outerRef;
    QJsonValue innerNode, outerNode;
    for (int i = 0; i < conj.size(); ++i) {
        if (qualifiersNotIn(conj.at(i), inner).isEmpty()) continue;
        if (corr >= 0 || operatorName(conj.at(i)) != u"=")
            return std::nullopt; // more than one correlated condition, or not an equality
        const QJsonValue l = body(conj.at(i)).value(QStringLiteral("lexpr"));
        const QJsonValue r = body(conj.at(i)).value(QStringLiteral("rexpr"));
        const QStringList lf = columnRef(l), rf = columnRef(r);
        auto isOuter = [&](const QStringList &f) { return f.size() == 2 && !inner.contains(f.first()); };
        auto isInner = [&](const QStringList &f) {
            return (f.size() == 1 || (f.size() == 2 && f.first() == innerName)) && f.last() != u"*";
        };
        if (isOuter(lf) && isInner(rf)) {
            outerRef = lf, innerRef = rf, outerNode = l, innerNode = r;
        } else if (isOuter(rf) && isInner(lf)) {
            outerRef = rf, innerRef = lf, outerNode = r, innerNode = l;
        } else {
            return std::nullopt;
        }
        corr = i;
    }
    if (corr < 0) return std::nullopt;
    TokRange whole, inside;
    if (!st.subLinkRange(arg, &whole, nullptr, &inside)) return std::nullopt;
    TokRange bare = argRange;
    for (TokRange s = st.stripParens(bare); s.first != bare.first; s = st.stripParens(bare))
        bare = s;
    if (whole.first != bare.first || whole.last != bare.last) return std::nullopt;
    const TokRange whereRange = st.clauseExpression(where);
    const QList<TokRange> conjRanges = isBoolOp(where, QLatin1StringView("AND_EXPR"))
        ? st.boolArguments(where, whereRange)
        : QList<TokRange> { whereRange };
    if (conjRanges.size() != conj.size()) return std::nullopt;
    const int fromTok = st.firstToken(from.at(0));
    const int whereKw = st.findWord(fromTok, { QStringLiteral("WHERE") });
    if (fromTok < 0 || whereKw <= fromTok) return std::nullopt;
    QStringList rest;
    for (int i = 0; i < conj.size(); ++i)
        if (i != corr) rest << st.text(conjRanges.at(i));
    Prefetch p;
    p.whole = whole;
    p.probe = st.text(st.qualifiedName(st.firstToken(outerNode)));
    p.fetch = QStringLiteral("SELECT %1 FROM %2")
                  .arg(st.text(st.qualifiedName(st.firstToken(innerNode))), st.text(fromTok, whereKw - 1));
    if (!rest.isEmpty()) p.fetch += QStringLiteral(" WHERE ") + rest.join(QStringLiteral(" AND "));
    p.fetchInPlace = p.fetch;
    p.qualifier = outerRef.first();
    p.probeColumn = outerRef.last();
    p.correlatedExists = true;
    return p;
}

// True when the subquery reads a WITH query of the statement: it cannot run on its own as step 1.
bool readsStatementCte(const QJsonValue &sub, const QJsonValue &statement)
{
    QSet<QString> ctes;
    visit(statement, [&](const QJsonObject &n, const QString &t) {
        if (t == u"CommonTableExpr") ctes.insert(body(n).value(QStringLiteral("ctename")).toString());
        return true;
    });
    bool reads = false;
    visit(sub, [&](const QJsonObject &n, const QString &t) {
        if (t == u"RangeVar" && !body(n).contains(QStringLiteral("schemaname"))
            && ctes.contains(body(n).value(QStringLiteral("relname")).toString()))
            reads = true;
        return !reads;
    });
    return reads;
}

// `col = 42`, `t.col = $1`: a column compared for equality with something that has no column in it.
bool isColumnEqualsValue(const QJsonValue &expr)
{
    if (operatorName(expr) != u"=" || body(expr).value(QStringLiteral("kind")).toString() != u"AEXPR_OP") return false;
    const QJsonValue l = body(expr).value(QStringLiteral("lexpr"));
    const QJsonValue r = body(expr).value(QStringLiteral("rexpr"));
    auto isValue = [](const QJsonValue &v) {
        return !containsType(v, QLatin1StringView("ColumnRef")) && !containsType(v, QLatin1StringView("SubLink"));
    };
    return (!columnRef(l).isEmpty() && isValue(r)) || (!columnRef(r).isEmpty() && isValue(l));
}

} // namespace

QList<Rewrite> PrefetchAnyArrayRule::propose(const RewriteInput &in) const
{
    QList<Rewrite> out;
    if (!in.script.mayContain("OR_EXPR") || !in.script.mayContain("SubLink"))
        return out;
    for (int si = 0; si < in.script.statements.size(); ++si) {
        if (!RuleSupport::isPlainSelect(in.script.statements.at(si))) continue;
        const StatementText st(in.script, si, in.tokens);
        for (const OrSite &site : orSites(st)) {
            const QJsonArray args = body(site.orNode).value(QStringLiteral("args")).toArray();
            const QList<TokRange> argRanges = st.boolArguments(site.orNode, site.orRange);
            if (argRanges.size() != args.size()) continue;
            int k = -1;
            std::optional<Prefetch> p;
            for (int i = 0; i < args.size() && !p; ++i) {
                p = fromInSubquery(st, args.at(i), argRanges.at(i));
                if (!p) p = fromExists(st, args.at(i), argRanges.at(i));
                if (p) k = i;
            }
            if (!p || readsStatementCte(body(args.at(k)).value(QStringLiteral("subselect")), st.tree())) continue;
            // The pattern is "mine OR shared with me": every other branch is `column = value` on an indexed
            // column, so that both branches can be index scans combined by a BitmapOr. A broad branch
            // (`visibility_level IN (0, 10, 20)`) would read most of the table anyway.
            bool equalities = true;
            for (int i = 0; i < args.size(); ++i)
                if (i != k && !isColumnEqualsValue(args.at(i))) equalities = false;
            if (!equalities) continue;

            const QString ids = RuleSupport::freshParamName(in.script, QStringLiteral("ids"));
            auto replaced = [&](const QString &by) {
                return st.edited({ SqlEdit { st.startOf(p->whole.first), st.endOf(p->whole.last), by } });
            };
            Rewrite r;
            r.rule = id();
            r.replaces = { si };
            r.statements = { p->fetch, replaced(QStringLiteral("%1 = ANY($%2)").arg(p->probe, ids)) };
            r.arrayParams = { Rewrite::ArrayParam { ids, 0, 0 } };

            // The other branches of the OR, verbatim, for the texts below.
            QStringList others;
            for (int i = 0; i < args.size(); ++i)
                if (i != k) others << st.text(st.stripParens(argRanges.at(i)));
            const auto table
                = RuleSupport::resolveTable(site.select.value(QStringLiteral("fromClause")).toArray(), p->qualifier);
            const QString tableName = table ? table->relname : QStringLiteral("the table");
            r.title = QStringLiteral("Fetch the ids first, then `%1 = ANY($%2)` instead of OR %3")
                          .arg(p->probe, ids,
                              p->correlatedExists ? QStringLiteral("EXISTS (…)") : QStringLiteral("IN (…)"));
            r.explanation
                = QStringLiteral("`%1` is OR-ed with a subquery. PostgreSQL cannot serve an OR whose branch is a "
                                 "sublink with one index scan per branch, so it reads every row of %2 and tests each "
                                 "one against a %3. Fetching the ids first (step 1, the subquery on its own) turns "
                                 "the sublink into a plain array condition: with `%4 = ANY($%5)` each branch of the OR "
                                 "can use its own index and the planner combines them (BitmapOr), reading only the "
                                 "matching rows. $%5 is the first column of step 1's rows, bound as one array "
                                 "(array_params). The two steps read two snapshots; the single-statement variant "
                                 "reads one.")
                      .arg(others.join(QStringLiteral(" OR ")), tableName,
                          p->correlatedExists ? QStringLiteral("correlated SubPlan") : QStringLiteral("hashed SubPlan"),
                          p->probe, ids);
            r.preconditions << QStringLiteral("The subquery does not depend on the outer row: it runs on its own as "
                                              "step 1 (unqualified columns in it belong to its own tables).");
            if (p->correlatedExists)
                r.preconditions << QStringLiteral("EXISTS only tests for a match, so fetching the matching ids "
                                                  "and comparing with = ANY keeps the same rows.");
            r.preconditions << QStringLiteral("Step 1 returns a short list: its ids travel back to the server as one "
                                              "array parameter ($%1). For many thousands of ids, keep the "
                                              "single-statement form.")
                                   .arg(ids)
                            << QStringLiteral("Two statements see two snapshots: under READ COMMITTED (the default) a "
                                              "row written between step 1 and step 2 can be missed or returned where "
                                              "the original statement, which reads one snapshot, would not. Where that "
                                              "matters run both steps in one REPEATABLE READ transaction, or use the "
                                              "single-statement form `%1 = ANY(ARRAY(SELECT …))`, which is consistent "
                                              "by itself. (PlanLens compares the rows inside one REPEATABLE READ "
                                              "transaction, so such a write cannot fake a difference.)")
                                   .arg(p->probe);
            if (table) {
                QStringList cols { p->probeColumn };
                for (int i = 0; i < args.size(); ++i)
                    if (i != k)
                        for (const QString &c :
                            RuleSupport::comparedColumns(args.at(i), p->qualifier, p->qualifier.isEmpty()))
                            if (!cols.contains(c)) cols.prepend(c);
                const QString sentence = QStringLiteral("Each branch of the OR can use an index of %1 (%2); otherwise "
                                                        "the OR still reads the whole table.")
                                             .arg(table->relname, cols.join(QStringLiteral(", ")));
                r.preconditions << sentence;
                CatalogCheck c = CatalogChecks::columnsLeadIndexes(table->schemaname, table->relname, cols);
                c.precondition = sentence;
                c.whenFalse = QStringLiteral("A column of the OR leads no index: expect no BitmapOr; create the "
                                             "missing index or the rewrite gains little.");
                r.checks << c;
            }
            if (const auto order = RuleSupport::orderTotalCheck(body(st.tree()))) r.checks << *order;
            r.mapping = RuleSupport::sameRows(
                QStringLiteral("Step 2 returns the same rows as the original statement (the same rows for any ids "
                               "step 1 returns)."));

            // Without the OR branch: what to run when step 1 returns nothing.
            QList<SqlEdit> drop;
            if (k > 0)
                drop << SqlEdit { st.endOf(argRanges.at(k - 1).last), st.endOf(argRanges.at(k).last), QString() };
            else
                drop << SqlEdit { st.startOf(argRanges.at(0).first), st.startOf(argRanges.at(1).first), QString() };
            if (args.size() == 2) {
                // One branch remains: the parentheses that grouped the OR are no longer needed (its parent is
                // an AND or the WHERE itself, both bind looser than what an OR branch can be).
                const TokRange inner = st.stripParens(site.orRange);
                if (inner.first != site.orRange.first) {
                    drop << SqlEdit { st.startOf(site.orRange.first), st.startOf(inner.first), QString() };
                    drop << SqlEdit { st.endOf(inner.last), st.endOf(site.orRange.last), QString() };
                }
            }
            RewriteVariant empty;
            empty.id = QStringLiteral("empty-prefetch");
            empty.title = QStringLiteral("When step 1 returns no rows: the query without the subquery branch");
            empty.when = QStringLiteral("Step 1 returned no rows (the usual case when the subquery's table is small "
                                        "or new): run the query without `OR %1 …`; it is the statement as it was "
                                        "before that branch was added, with the same plan.")
                             .arg(p->probe);
            empty.condition = QStringLiteral("previous-empty");
            empty.statements = { p->fetch, st.edited(drop) };
            empty.mapping = RuleSupport::sameRows(
                QStringLiteral("The same rows as the original statement whenever step 1 returns no rows."));
            empty.explanation = QStringLiteral("With no ids, `%1 = ANY('{}')` is false, so the OR reduces to its "
                                               "other branch.")
                                    .arg(p->probe);
            r.variants << empty;

            RewriteVariant single;
            single.id = QStringLiteral("single-statement");
            single.title = QStringLiteral("One statement: `%1 = ANY(ARRAY(SELECT …))`").arg(p->probe);
            single.when = QStringLiteral("The application cannot make two round trips, or the two steps must read "
                                         "one snapshot: this form is one statement, so it is consistent without a "
                                         "REPEATABLE READ transaction.");
            single.statements = { replaced(QStringLiteral("%1 = ANY(ARRAY(%2))").arg(p->probe, p->fetchInPlace)) };
            single.mapping = r.mapping;
            single.explanation = QStringLiteral("ARRAY(SELECT …) is uncorrelated, so PostgreSQL runs it once as an "
                                                "InitPlan; its result is an array parameter like $%1, and the same "
                                                "BitmapOr plan follows.")
                                     .arg(ids);
            r.variants << single;
            out << r;
            break; // one rewrite per statement: the first OR that matches
        }
    }
    return out;
}

} // namespace PlanLens
