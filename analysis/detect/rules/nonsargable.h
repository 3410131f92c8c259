// SPDX-License-Identifier: MIT
#pragma once

#include "detect/detector.h"

#include <QList>
#include <QString>

namespace PlanLens {

struct PlanNode;

// One comparison of a scan's Filter whose column side is an expression of the column (lower(email) = …,
// date_trunc('day', t) = …, score + 0 = …, COALESCE(x, 0) = …) and whose other side is a value.
struct NonSargablePredicate {
    QString column;          // the column the expression reads ("email")
    QString kind;            // "function", "coalesce", "arithmetic", "expression"
    QString function;        // lower case function name for kind "function" ("lower", "date_trunc"), else empty
    QString expression;      // the column side as the plan prints it: lower((customers.email)::text)
    QString indexExpression; // the same, written for CREATE INDEX: lower(email) (qualifiers, no-op casts dropped)
    QString op;              // = < > <= >=
    QString value;           // the other side as printed: 'user.4242@example.com'::text
    QString valueType;       // the value's cast type as printed ("timestamp with time zone"), else empty
    QString dateTruncUnit;   // date_trunc('day', col): "day"; else empty
    bool indexable = true;   // an expression index can hold it (false: date_trunc of a timestamptz is only stable)
    // CREATE INDEX key: the function call as it is, other expressions in their own parentheses.
    QString indexKey() const;
};

// A filter that wraps the scanned column in a function, arithmetic or COALESCE, so no index on the column
// applies: found even on a fast scan, from rows read versus kept or from a misestimate of the expression
// (PostgreSQL has no statistics for an expression without an expression index or CREATE STATISTICS, and
// assumes 0.5% for =). A cast of the bare column ((t.col)::date = …) is implicit-cast's finding, not this one.
class NonSargablePredicateDetector : public Detector
{
public:
    // The filter must throw away this many rows, and this many times more than it keeps ...
    static constexpr double kMinRemoved = 1000;
    static constexpr double kMinRatio = 10;
    // ... or the estimate be off by this factor on a scan that reads at least kMinRemoved rows.
    static constexpr double kMinMisestimate = 10;

    QString id() const override { return QStringLiteral("non-sargable-predicate"); }
    QString title() const override { return QStringLiteral("Expression on the column prevents index use"); }
    void detect(const DetectInput &in, QList<Finding> &out) const override;

    // The non-sargable comparisons of a scan's Filter (any rows), in the filter's order.
    static QList<NonSargablePredicate> predicates(const PlanNode &scan);
    // True when the scan reads enough rows to keep few, or misestimates enough, for the finding (and the
    // expression-index proposal of create-index) to be worth it.
    static bool worthIt(const PlanNode &scan);
};

} // namespace PlanLens
