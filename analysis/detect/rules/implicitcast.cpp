// SPDX-License-Identifier: MIT
#include "implicitcast.h"

#include "detect/detectinput.h"
#include "detect/planconditions.h"
#include "detect/sqlfacts.h"
#include "format/units.h"
#include "rewrite/castjoinkeyrule.h"

#include <QJsonArray>

#include <algorithm>

namespace PlanLens {

namespace {

// varchar → text is binary-coercible and served by the column's text_ops index: not a problem.
bool harmlessCast(const QString &type)
{
    static const QStringList ok{QStringLiteral("text"), QStringLiteral("character varying"), QStringLiteral("varchar"),
                                QStringLiteral("bpchar"), QStringLiteral("name"), QStringLiteral("regclass")};
    return ok.contains(type.toLower());
}

} // namespace

void ImplicitCastDetector::detect(const DetectInput &in, QList<Finding> &out) const
{
    if (!in.plan().hasAnalyze)
        return;
    for (int i = 0; i < in.nodeCount(); ++i) {
        const PlanNode &n = in.node(i);
        if (!DetectInput::isScan(n) || n.filter.isEmpty())
            continue;
        const Conditions::ColumnUse *cast = nullptr;
        const QList<Conditions::ColumnUse> uses = Conditions::columnUses(n.filter);
        for (int k = 0; k < uses.size(); ++k) {
            const Conditions::ColumnUse &u = uses.at(k);
            // Compared with another relation's column: a join condition, reported below (joinCasts).
            const int paired = CastJoinKeyRule::pairedUse(uses, k);
            if (paired >= 0 && !uses.at(paired).qualifier.isEmpty() && !Conditions::belongsTo(uses.at(paired), n))
                continue;
            if (Conditions::belongsTo(u, n) && !u.castTo.isEmpty() && !harmlessCast(u.castTo)
                && Conditions::isComparisonOperator(u.opAfter))
                cast = &u;
        }
        if (!cast)
            continue;
        const double removed = n.rowsRemovedByFilter.value_or(0) * in.loops(i);
        const double kept = in.totalRows(i);
        if (removed < 1000 || removed < 10 * std::max(kept, 1.0))
            continue;
        const double fraction = removed / (removed + kept);
        Finding f = makeFinding(in, i, in.inclusiveShare(i) * fraction);
        // Did the user write the cast? Then it is explicit; otherwise PostgreSQL added it to match the other side.
        bool explicitCast = false;
        if (const SqlStatement *st = in.statement()) {
            SqlFacts::visit(SqlFacts::statementRoot(st->tree), [&](const QString &type, const QJsonObject &body) {
                if (type != u"TypeCast")
                    return true;
                SqlFacts::visit(body.value(QStringLiteral("arg")), [&](const QString &t, const QJsonObject &b) {
                    if (t == u"ColumnRef") {
                        const QJsonArray fields = b.value(QStringLiteral("fields")).toArray();
                        if (fields.last().toObject().value(QStringLiteral("String")).toObject()
                                .value(QStringLiteral("sval")).toString() == cast->column)
                            explicitCast = true;
                    }
                    return true;
                });
                return true;
            });
            // The comparison to point at: the first A_Expr that names the column.
            SqlFacts::visit(SqlFacts::statementRoot(st->tree), [&](const QString &type, const QJsonObject &body) {
                if (f.hasSpan() || type != u"A_Expr")
                    return !f.hasSpan();
                bool names = false;
                SqlFacts::visit(body.value(QStringLiteral("lexpr")), [&](const QString &t, const QJsonObject &b) {
                    if (t == u"ColumnRef" && b.value(QStringLiteral("fields")).toArray().last().toObject()
                                                     .value(QStringLiteral("String")).toObject()
                                                     .value(QStringLiteral("sval")).toString() == cast->column)
                        names = true;
                    return true;
                });
                if (names) {
                    const SqlFacts::Span span = SqlFacts::expressionSpan(*in.sql(), in.tokens(),
                                                                         QJsonObject{{QStringLiteral("A_Expr"), body}},
                                                                         st->end);
                    if (span.isValid()) {
                        f.spanStart = span.start;
                        f.spanEnd = span.end;
                    }
                }
                return true;
            });
        }
        const QString col = cast->qualifier.isEmpty() ? cast->column : cast->qualifier + u'.' + cast->column;
        f.message = QStringLiteral("%1 converts %2 to %3 on every row before comparing (%4)%5, so no index on %2 can "
                                   "be used: it reads %6 rows to keep %7 (%8 of the query).")
                        .arg(n.displayName(), col, cast->castTo, n.filter,
                             explicitCast ? QStringLiteral(", as the query asks") : QStringLiteral(" because the value compared with it is a %1").arg(cast->castTo),
                             Units::count(removed + kept), Units::count(kept), Units::percent(in.inclusiveShare(i)));
        f.advice = explicitCast
            ? QStringLiteral("Compare the column as it is and convert the value instead (for a date cast of a "
                             "timestamp: col >= $day AND col < $day + 1), or create an expression index on (%1::%2).")
                  .arg(cast->column, cast->castTo)
            : QStringLiteral("Pass the value with the column's type: cast the parameter ($1::<column type>) or fix the "
                             "type the driver binds (a numeric/decimal or text parameter for an integer column is the usual "
                             "cause). Then the index on %1 applies.")
                  .arg(cast->column);
        f.evidence.insert(QStringLiteral("column"), cast->column);
        f.evidence.insert(QStringLiteral("cast_to"), cast->castTo);
        f.evidence.insert(QStringLiteral("explicit"), explicitCast);
        f.evidence.insert(QStringLiteral("filter"), n.filter);
        f.evidence.insert(QStringLiteral("rows_removed_by_filter"), removed);
        f.evidence.insert(QStringLiteral("time_share"), in.inclusiveShare(i));
        out << f;
    }
    joinCasts(in, out);
}

void ImplicitCastDetector::joinCasts(const DetectInput &in, QList<Finding> &out) const
{
    for (const JoinKeyCast &c : CastJoinKeyRule::forPlan(in.plan())) {
        // Which comparison of the SQL it is, and whether the query writes the cast.
        const SqlStatement *st = in.statement();
        QString written;
        SqlFacts::Span span;
        if (st) {
            SqlFacts::visit(SqlFacts::statementRoot(st->tree), [&](const QString &type, const QJsonObject &body) {
                if (span.isValid() || type != u"A_Expr") return !span.isValid();
                QStringList cols;
                QString castType;
                for (const char *side : { "lexpr", "rexpr" })
                    SqlFacts::visit(body.value(QLatin1String(side)), [&](const QString &t, const QJsonObject &b) {
                        if (t == u"TypeCast") {
                            const QJsonArray names = b.value(QStringLiteral("typeName")).toObject()
                                                         .value(QStringLiteral("names")).toArray();
                            castType = names.last().toObject().value(QStringLiteral("String")).toObject()
                                           .value(QStringLiteral("sval")).toString();
                        }
                        if (t == u"ColumnRef")
                            cols << b.value(QStringLiteral("fields")).toArray().last().toObject()
                                        .value(QStringLiteral("String")).toObject().value(QStringLiteral("sval")).toString();
                        return true;
                    });
                if (cols.size() != 2 || !cols.contains(c.castColumn) || !cols.contains(c.otherColumn)) return true;
                written = castType;
                span = SqlFacts::expressionSpan(*in.sql(), in.tokens(), QJsonObject { { QStringLiteral("A_Expr"), body } }, st->end);
                return true;
            });
        }
        // A cast to text looks the same for a varchar column (harmless) and an integer one: only a cast the query
        // writes counts.
        if (c.castTo == u"text" && written != u"text") continue;
        const double fraction = 1 - c.joinRows / std::max(c.scanRows, 1.0);
        Finding f = makeFinding(in, c.joinNode, in.inclusiveShare(c.castScan) * fraction);
        if (span.isValid()) {
            f.spanStart = span.start;
            f.spanEnd = span.end;
        }
        const QString key = c.castRelation + u'.' + c.castColumn;
        const QString otherRel = c.otherRelation.isEmpty() ? c.otherQualifier : c.otherRelation;
        f.message = QStringLiteral("%1 joins on %2 (%3): %4 is converted to %5 on every row%6, so no index on it can "
                                   "serve the join and %7 reads %8 rows for %9 joined (%10 of the query).")
                        .arg(in.node(c.joinNode).displayName(), c.condition, c.conditionKind, key, c.castTo,
                            written.isEmpty() ? QStringLiteral(" to match %1.%2").arg(otherRel, c.otherColumn)
                                              : QStringLiteral(", as the query asks"),
                            in.node(c.castScan).displayName(), Units::count(c.scanRows), Units::count(c.joinRows),
                            Units::percent(in.inclusiveShare(c.castScan)));
        f.advice = QStringLiteral("Align the column types: ALTER TABLE %1 ALTER COLUMN %2 TYPE bigint; (or %3's own "
                                  "integer type: bigint compares with any integer key without a cast) rewrites the whole "
                                  "table and its indexes under an ACCESS EXCLUSIVE lock and fails if a value does not "
                                  "convert. Or cast the other side in the query, "
                                  "%4.%5 = %6.%7::bigint, which leaves %3 bare for its index: the same rows only when "
                                  "every %1.%2 value converts to the same integer.")
                       .arg(otherRel, c.otherColumn, key, c.castQualifier, c.castColumn, c.otherQualifier, c.otherColumn);
        if (CastJoinKeyRule::rewritable(c.castTo)) f.rewriteId = in.rewriteIfProposed(QStringLiteral("cast-join-key"));
        f.evidence.insert(QStringLiteral("column"), c.castColumn);
        f.evidence.insert(QStringLiteral("relation"), c.castRelation);
        f.evidence.insert(QStringLiteral("cast_to"), c.castTo);
        f.evidence.insert(QStringLiteral("explicit"), !written.isEmpty());
        f.evidence.insert(QStringLiteral("join_condition"), c.condition);
        f.evidence.insert(QStringLiteral("other_column"), c.otherQualifier + u'.' + c.otherColumn);
        f.evidence.insert(QStringLiteral("rows_read"), c.scanRows);
        f.evidence.insert(QStringLiteral("rows_joined"), c.joinRows);
        f.evidence.insert(QStringLiteral("time_share"), in.inclusiveShare(c.castScan));
        out << f;
    }
}

} // namespace PlanLens
