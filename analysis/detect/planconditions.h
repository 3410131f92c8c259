// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace PlanLens {

struct PlanNode;

// Reading the condition texts EXPLAIN prints ("(t.owner_id = 4242)", "((t.track_id)::numeric = '1'::numeric)").
// These are PostgreSQL's deparsed expressions, so a tokenizer with the SQL lexical rules reads them reliably;
// no attempt is made to parse them fully.
namespace Conditions {

// One column reference in a condition and what surrounds it.
struct ColumnUse {
    QString qualifier;       // "t" in t.owner_id; empty when unqualified (EXPLAIN without VERBOSE)
    QString column;
    QString castTo;          // "numeric" for (t.track_id)::numeric
    QString function;        // the function the column is a direct argument of, lower case ("date_trunc")
    QString opBefore;        // the operator just before the column ("=" in (x = t.col)), else empty
    QString opAfter;         // the operator just after the column or its cast: "=", "~~", ">=", "IS", "LIKE"
    QString operandAfter;    // the token after opAfter, verbatim ("'%love%'", "ANY", "4242")
    bool operator==(const ColumnUse &) const = default;
};

QList<ColumnUse> columnUses(const QString &condition);

// True when the column reference belongs to the relation the node scans (its alias or relation name, or
// unqualified).
bool belongsTo(const ColumnUse &use, const PlanNode &node);
// True when some column of another relation appears (a parameterised scan, e.g. the inner side of a
// nested loop: "(t.owner_id = u.user_id)").
bool referencesOtherRelation(const QString &condition, const PlanNode &node);
// The distinct columns of the node's own relation used in the condition, in order of appearance.
QStringList ownColumns(const QString &condition, const PlanNode &node);

bool isComparisonOperator(const QString &op);   // = < > <= >= <> != and LIKE (~~), IS
bool isPatternOperator(const QString &op);      // ~~ ~~* !~~ !~~* ~ ~* !~ !~* (LIKE, ILIKE, regex)
bool mentionsSubplan(const QString &condition); // (hashed) SubPlan n, alternatives, InitPlan
// The conditions a scan applies, in one list: Index Cond, Recheck Cond, Filter (non-empty ones).
QStringList scanConditions(const PlanNode &node);

} // namespace Conditions
} // namespace PlanLens
