// SPDX-License-Identifier: MIT
#pragma once

#include "rewriterule.h"

namespace PlanLens {

// From the plan (IndexSuggestions), and the statement for the ORDER BY keys of an index walk:
//   a Seq Scan whose filter throws away most rows → the filter's equality columns, then one range column;
//   ORDER BY … LIMIT sorting a large input → the input scan's equality columns, then the sort keys with their
//   direction (`CREATE INDEX ON t (b, a DESC)`), the sort-limit-large-input finding's index;
//   a Nested Loop rescanning its inner Seq Scan → the inner relation's join column(s), nested-loop-seq-scan's index;
//   ORDER BY … LIMIT walked on the sort key's index while the Filter throws rows away (Limit → Index Scan, no Sort)
//   → the Filter's equality columns, then the statement's ORDER BY keys with direction (`(status, created_at DESC)`);
//   an OR across columns filtered by a Seq Scan → one index per arm, one statement each (or-across-columns), so
//   that PostgreSQL can combine them in a BitmapOr;
//   an expression in the Filter → an expression index (non-sargable-predicate).
// With HypoPG installed the verifier plans the statement with a hypothetical index; here it is only mentioned.
class CreateIndexRule : public RewriteRule
{
public:
    QString id() const override { return QStringLiteral("create-index"); }
    QList<Rewrite> propose(const RewriteInput &in) const override;
};

} // namespace PlanLens
