// SPDX-License-Identifier: MIT
#include "castjoinkeyrule.h"

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

// Casts after which no index on the column applies. varchar → text is not one (varchar uses text's operator
// class), but the plan prints an integer cast to text the same way: text is kept, and decided with the SQL.
bool indexDefeatingCast(const QString &castTo)
{
    static const QStringList casts { QStringLiteral("numeric"), QStringLiteral("text"),
        QStringLiteral("double precision"), QStringLiteral("real") };
    return casts.contains(castTo.toLower());
}

int scanOf(const Plan &plan, int root, const QString &qualifier)
{
    QList<int> stack { root };
    while (!stack.isEmpty()) {
        const int i = stack.takeLast();
        const PlanNode &n = plan.nodes.at(i);
        if (DetectInput::isScan(n) && (n.alias == qualifier || (n.alias.isEmpty() && n.relationName == qualifier)))
            return i;
        for (int c : n.children)
            stack << c;
    }
    return -1;
}

QString sqlString(const QString &s)
{
    return u'\'' + QString(s).replace(u'\'', QStringLiteral("''")) + u'\'';
}

CatalogCheck integerKey(const JoinKeyCast &c)
{
    CatalogCheck k;
    k.id = QStringLiteral("integer-key");
    k.precondition = QStringLiteral("%1.%2 is of an integer type (smallint, integer or bigint).")
                         .arg(c.castRelation, c.castColumn);
    k.sql = QStringLiteral("SELECT EXISTS (\n"
                           "  SELECT 1 FROM pg_attribute a\n"
                           "  WHERE a.attrelid = %1 AND a.attname = %2\n"
                           "    AND a.atttypid IN ('int2'::regtype, 'int4'::regtype, 'int8'::regtype)\n"
                           ") AS holds")
                .arg(CatalogChecks::regclass(c.castSchema == u"public" ? QString() : c.castSchema, c.castRelation),
                    sqlString(c.castColumn));
    k.whenFalse = QStringLiteral("%1.%2 is not an integer column: casting the other side to bigint would not match its "
                                 "type; align the two columns' types instead.")
                      .arg(c.castRelation, c.castColumn);
    return k;
}

// The qualifier and column of a ColumnRef, or of a TypeCast of one (castType receives the type name).
bool columnSide(const QJsonValue &side, QString *qualifier, QString *column, QString *castType)
{
    QJsonValue col = side;
    castType->clear();
    if (is(side, QLatin1StringView("TypeCast"))) {
        const QJsonArray names
            = body(side).value(QStringLiteral("typeName")).toObject().value(QStringLiteral("names")).toArray();
        *castType = names.isEmpty() ? QString() : stringValue(names.last()).toLower();
        col = body(side).value(QStringLiteral("arg"));
    }
    const QStringList names = columnRef(col);
    if (names.isEmpty() || names.size() > 2 || names.last() == u"*") return false;
    *qualifier = names.size() == 2 ? names.first() : QString();
    *column = names.last();
    return true;
}

bool sameColumn(const QString &sqlQualifier, const QString &sqlColumn, const QString &qualifier, const QString &column)
{
    return sqlColumn == column && (sqlQualifier.isEmpty() || sqlQualifier == qualifier);
}

} // namespace

bool CastJoinKeyRule::rewritable(const QString &castTo)
{
    return castTo == u"numeric" || castTo == u"text";
}

int CastJoinKeyRule::pairedUse(const QList<Conditions::ColumnUse> &uses, int k)
{
    const Conditions::ColumnUse &u = uses.at(k);
    if (u.opAfter == u"=" && k + 1 < uses.size() && uses.at(k + 1).opBefore == u"=") return k + 1;
    if (u.opBefore == u"=" && k > 0 && uses.at(k - 1).opAfter == u"=") return k - 1;
    // `x = (c.id)::numeric`: the parenthesis of the cast stands between the operator and the column.
    if (!u.castTo.isEmpty() && u.opBefore.isEmpty() && k > 0 && uses.at(k - 1).opAfter == u"="
        && uses.at(k - 1).operandAfter == u"(")
        return k - 1;
    return -1;
}

QList<JoinKeyCast> CastJoinKeyRule::forPlan(const Plan &plan)
{
    QList<JoinKeyCast> out;
    for (int i = 0; i < plan.nodes.size(); ++i) {
        const PlanNode &n = plan.nodes.at(i);
        QList<QPair<QString, QString>> conditions;
        if (!n.hashCond.isEmpty()) conditions << qMakePair(QStringLiteral("Hash Cond"), n.hashCond);
        if (!n.detail().mergeCond.isEmpty()) conditions << qMakePair(QStringLiteral("Merge Cond"), n.detail().mergeCond);
        if (!n.joinFilter.isEmpty()) conditions << qMakePair(QStringLiteral("Join Filter"), n.joinFilter);
        if (DetectInput::isScan(n) && !n.filter.isEmpty()) conditions << qMakePair(QStringLiteral("Filter"), n.filter);
        for (const auto &[kind, condition] : conditions) {
            const QList<Conditions::ColumnUse> uses = Conditions::columnUses(condition);
            for (int k = 0; k < uses.size(); ++k) {
                const Conditions::ColumnUse &u = uses.at(k);
                if (u.castTo.isEmpty() || !u.function.isEmpty() || !indexDefeatingCast(u.castTo) || u.qualifier.isEmpty())
                    continue;
                const int o = pairedUse(uses, k);
                if (o < 0) continue;
                const Conditions::ColumnUse &other = uses.at(o);
                if (other.qualifier.isEmpty() || other.qualifier == u.qualifier || !other.castTo.isEmpty()) continue;
                // A scan's own Filter: the cast column must be the scanned relation's (a parameterised inner scan).
                const int scan = kind == u"Filter" ? (Conditions::belongsTo(u, n) && !Conditions::belongsTo(other, n) ? i : -1)
                                                   : scanOf(plan, i, u.qualifier);
                if (scan < 0) continue;
                const PlanNode &s = plan.nodes.at(scan);
                const double loops = s.actualLoops.value_or(1);
                const double scanRows = s.totalActualRows() + s.rowsRemovedByFilter.value_or(0) * loops;
                const double joinRows = n.totalActualRows();
                if (scanRows < kMinScanRows || joinRows * kMinRatio > scanRows) continue;
                JoinKeyCast c;
                c.joinNode = i;
                c.conditionKind = kind;
                c.condition = condition;
                c.castQualifier = u.qualifier;
                c.castColumn = u.column;
                c.castTo = u.castTo.toLower();
                c.castSchema = s.schema;
                c.castRelation = s.relationName;
                c.castScan = scan;
                c.otherQualifier = other.qualifier;
                c.otherColumn = other.column;
                const int otherScan = scanOf(plan, 0, other.qualifier);
                if (otherScan >= 0) c.otherRelation = plan.nodes.at(otherScan).relationName;
                c.scanRows = scanRows;
                c.joinRows = joinRows;
                out << c;
                break; // one per condition
            }
        }
    }
    return out;
}

QList<Rewrite> CastJoinKeyRule::propose(const RewriteInput &in) const
{
    QList<Rewrite> out;
    if (!in.plan) return out;
    QList<JoinKeyCast> casts = forPlan(*in.plan);
    casts.erase(std::remove_if(casts.begin(), casts.end(), [](const JoinKeyCast &c) { return !rewritable(c.castTo); }),
        casts.end());
    if (casts.isEmpty()) return out;
    for (int si = 0; si < in.script.statements.size(); ++si) {
        if (!RuleSupport::isPlainSelect(in.script.statements.at(si))) continue;
        const StatementText st(in.script, si, in.tokens);
        QList<SqlEdit> edits;
        QStringList before, after;
        const JoinKeyCast *used = nullptr;
        visit(st.tree(), [&](const QJsonObject &node, const QString &type) {
            if (type != u"A_Expr" || used) return !used;
            const QJsonObject b = node.value(type).toObject();
            if (b.value(QStringLiteral("kind")).toString() != u"AEXPR_OP" || operatorName(QJsonValue(node)) != u"=")
                return true;
            const QJsonValue l = b.value(QStringLiteral("lexpr"));
            const QJsonValue r = b.value(QStringLiteral("rexpr"));
            QString lq, lc, lt, rq, rc, rt;
            if (!columnSide(l, &lq, &lc, &lt) || !columnSide(r, &rq, &rc, &rt)) return true;
            for (const JoinKeyCast &c : casts) {
                bool castLeft = true;
                if (sameColumn(lq, lc, c.castQualifier, c.castColumn) && sameColumn(rq, rc, c.otherQualifier, c.otherColumn) && rt.isEmpty())
                    castLeft = true;
                else if (sameColumn(rq, rc, c.castQualifier, c.castColumn) && sameColumn(lq, lc, c.otherQualifier, c.otherColumn) && lt.isEmpty())
                    castLeft = false;
                else
                    continue;
                const QString castType = castLeft ? lt : rt;
                // numeric: PostgreSQL added the cast (an explicit one is removed the same way); text: only a cast the
                // query writes (the plan prints a varchar column's harmless cast alike).
                if (c.castTo == u"text" ? castType != u"text" : !(castType.isEmpty() || castType == u"numeric"))
                    continue;
                const int opTok = st.tokenAtLocation(b.value(QStringLiteral("location")).toInt(-1));
                const QJsonValue castSide = castLeft ? l : r;
                const QJsonValue otherSide = castLeft ? r : l;
                const QJsonValue castCol = is(castSide, QLatin1StringView("TypeCast")) ? body(castSide).value(QStringLiteral("arg")) : castSide;
                const TokRange castName = st.qualifiedName(st.firstToken(castCol));
                const TokRange otherName = st.qualifiedName(st.firstToken(otherSide));
                if (opTok < 1 || !castName.isValid() || !otherName.isValid()) continue;
                if (!castType.isEmpty()) {
                    // The written cast goes: from the column's first token to the type name's last, before or after
                    // the operator.
                    const int castEnd = castLeft ? opTok - 1 : in.tokens.findAtDepth0(opTok + 1, [&](int i) {
                        return in.tokens.isWord(i, QLatin1StringView("AND")) || in.tokens.isWord(i, QLatin1StringView("OR"))
                            || endsExpression(in.tokens, i) || in.tokens.isPunct(i, u';') || in.tokens.isPunct(i, u',')
                            || in.tokens.isWord(i, QLatin1StringView("WHERE")) || in.tokens.isWord(i, QLatin1StringView("JOIN"));
                    }) - 1;
                    if (castEnd < castName.last) continue;
                    edits << SqlEdit { st.startOf(castName.first), st.endOf(castEnd), st.text(castName) };
                    before << st.text(castName.first, castEnd);
                }
                const QString otherText = st.text(otherName);
                edits << SqlEdit { st.startOf(otherName.first), st.endOf(otherName.last), otherText + QStringLiteral("::bigint") };
                before << otherText;
                after << QStringLiteral("%1 = %2::bigint").arg(st.text(castName), otherText);
                used = &c;
                return false;
            }
            return true;
        });
        if (!used) continue;
        std::sort(edits.begin(), edits.end(), [](const SqlEdit &a, const SqlEdit &b) { return a.start < b.start; });
        const JoinKeyCast &c = *used;
        const QString key = c.castRelation + u'.' + c.castColumn;
        const QString otherCol = (c.otherRelation.isEmpty() ? c.otherQualifier : c.otherRelation) + u'.' + c.otherColumn;
        Rewrite r;
        r.rule = id();
        r.replaces = { si };
        r.statements = { st.edited(edits) };
        r.title = QStringLiteral("Cast the other side of the join: %1").arg(after.first());
        r.preconditions
            << QStringLiteral("Every %1 value converts to the same integer: %2. Otherwise the rows differ (a value "
                              "that rounds to a key matches it) or the query fails (a value that does not convert); "
                              "`planlens rewrite --verify` compares the rows on the data at hand.")
                   .arg(otherCol,
                       c.castTo == u"numeric"
                           ? QStringLiteral("a whole number within bigint's range (SELECT 1 FROM %1 WHERE %2 <> "
                                            "trunc(%2) LIMIT 1 finds none)")
                                 .arg(c.otherRelation.isEmpty() ? c.otherQualifier : c.otherRelation, c.otherColumn)
                           : QStringLiteral("decimal digits in canonical form, no leading zeros or spaces (SELECT 1 "
                                            "FROM %1 WHERE %2 !~ '^(0|-?[1-9][0-9]*)$' LIMIT 1 finds none)")
                                 .arg(c.otherRelation.isEmpty() ? c.otherQualifier : c.otherRelation, c.otherColumn))
            << QStringLiteral("Better still, align the column types (ALTER TABLE %1 ALTER COLUMN %2 TYPE bigint, or "
                              "%3's own integer type): that rewrites the whole table and its indexes under an ACCESS "
                              "EXCLUSIVE lock, and fails if a value does not convert.")
                   .arg(c.otherRelation.isEmpty() ? c.otherQualifier : c.otherRelation, c.otherColumn, key);
        r.checks << integerKey(c);
        CatalogCheck indexed = CatalogChecks::columnsLeadIndexes(c.castSchema == u"public" ? QString() : c.castSchema,
            c.castRelation, { c.castColumn });
        indexed.required = false;
        r.checks << indexed;
        r.mapping = RuleSupport::sameRows(QStringLiteral("The same rows when every value converts (precondition)."));
        r.explanation
            = QStringLiteral("The %1 %2 compares %3 after converting %4 to %5 (%6), so no index on %4 can find the "
                             "matching rows: %7 reads %8 rows for the join's %9. Converting the other side instead "
                             "(%10) leaves %4 bare: bigint compares with a smallint, integer or bigint key within the "
                             "B-tree integer operator family, so the planner can probe %4's index once per row of "
                             "the other side (an index nested loop).")
                  .arg(in.plan->nodes.at(c.joinNode).displayName(), c.conditionKind, c.condition, key, c.castTo,
                      c.castTo == u"numeric" ? QStringLiteral("PostgreSQL's implicit cast, to match %1").arg(otherCol)
                                             : QStringLiteral("as the query writes it"),
                      in.plan->nodes.at(c.castScan).displayName(), Units::count(c.scanRows), Units::count(c.joinRows),
                      after.first());
        out << r;
    }
    return out;
}

} // namespace PlanLens
