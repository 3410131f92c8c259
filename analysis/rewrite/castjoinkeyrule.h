// SPDX-License-Identifier: MIT
#pragma once

#include "detect/planconditions.h"
#include "rewriterule.h"

namespace PlanLens {

struct Plan;

// A join whose key types differ: the join condition converts one relation's column to the other side's type
// (`(c.id)::numeric = o.customer_id`, an int key against a numeric one; `(c.id)::text = o.customer_ref`, written
// by the query), so no index on that column can serve the join: the relation is read whole (a Seq Scan under a
// Hash Join) where an index nested loop would probe it once per row of the other side.
struct JoinKeyCast {
    int joinNode = -1; // the node whose condition holds the cast (Hash/Merge Join, Nested Loop, or a scan's Filter)
    QString conditionKind; // "Hash Cond", "Merge Cond", "Join Filter", "Filter"
    QString condition; // as the plan prints it
    QString castQualifier; // "c"
    QString castColumn; // "id"
    QString castTo; // "numeric"
    QString castSchema; // the relation the cast column belongs to, as the plan names it
    QString castRelation; // "ic_customers"
    int castScan = -1; // the scan of that relation
    QString otherQualifier; // "o"
    QString otherColumn; // "customer_id"
    QString otherRelation; // "ic_orders" (empty when no scan of the plan has that alias)
    double scanRows = 0; // rows the cast side's scan read (kept + removed, × loops)
    double joinRows = 0; // rows the join returned (× loops)
};

// `cast-join-key`: from the plan, a JoinKeyCast whose cast turns an integer key into numeric (implicitly, to match
// the other side), or into text when the query writes it (`c.id::text = o.ref`): the statement with the cast
// moved to the other side, `c.id = o.customer_id::bigint`. bigint serves an int2, int4 or int8 key alike (the
// B-tree integer operator family compares across them), so the key's index can drive an index nested loop.
// Same rows only when every value of the other column converts to the same integer (a whole number in bigint's
// range; for text, the canonical decimal spelling): a precondition the verifier's row comparison tests on the
// data at hand. Checked: the key column is of an integer type.
class CastJoinKeyRule : public RewriteRule
{
public:
    // The cast side must read this many rows, and this many times the rows the join returns, to be worth it.
    static constexpr double kMinScanRows = 10000;
    static constexpr double kMinRatio = 10;

    QString id() const override { return QStringLiteral("cast-join-key"); }
    QList<Rewrite> propose(const RewriteInput &in) const override;

    // Every such cast of the plan (one per join condition), with the thresholds above. Casts to text are listed
    // too, although the plan prints a varchar column's harmless cast alike: callers need the SQL to tell.
    static QList<JoinKeyCast> forPlan(const Plan &plan);
    // In a condition's column uses, the column compared with = to uses[k] (the use just after `(col)::t =`, or
    // just before `= (col)::t`), or -1.
    static int pairedUse(const QList<Conditions::ColumnUse> &uses, int k);
    // The cast types this rule rewrites: numeric (implicit, from an integer key) and text (written in the query).
    static bool rewritable(const QString &castTo);
};

} // namespace PlanLens
