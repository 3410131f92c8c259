// SPDX-License-Identifier: MIT
#pragma once

#include "rewriterule.h"

namespace PlanLens {

// `SELECT … FROM t WHERE a = 1 OR b = 2` read by a Seq Scan that filters the OR (the or-across-columns finding) →
// one SELECT per arm joined by UNION, so that each arm can use the index its column has:
//   main       … WHERE a = 1 UNION … WHERE b = 2: UNION removes duplicates, so a row matching both arms comes once,
//              as in the original; the same rows only when the original returns no duplicate rows (check
//              unique-key: a unique key of t within the plain columns of the select list);
//   union-all  … WHERE a = 1 UNION ALL … WHERE b = 2 AND (a = 1) IS NOT TRUE: exact without a unique key (each
//              row comes from the first arm it matches, duplicates of the original stay), the fallback.
// Only for a plain SELECT of one table without ORDER BY, LIMIT, DISTINCT, GROUP BY, aggregates or window functions.
class OrToUnionRule : public RewriteRule
{
public:
    QString id() const override { return QStringLiteral("or-to-union"); }
    QList<Rewrite> propose(const RewriteInput &in) const override;
};

} // namespace PlanLens
