// SPDX-License-Identifier: MIT
#pragma once

#include "rewriterule.h"

namespace PlanLens {

// From the plan (IndexSuggestions), three cases:
//   a Seq Scan whose filter throws away most rows → the filter's equality columns, then one range column;
//   ORDER BY … LIMIT sorting a large input → the input scan's equality columns, then the sort keys with their
//   direction (`CREATE INDEX ON t (b, a DESC)`), the sort-limit-large-input finding's index;
//   a Nested Loop rescanning its inner Seq Scan → the inner relation's join column(s), nested-loop-seq-scan's index.
// With HypoPG installed the verifier plans the statement with a hypothetical index; here it is only mentioned.
class CreateIndexRule : public RewriteRule
{
public:
    QString id() const override { return QStringLiteral("create-index"); }
    QList<Rewrite> propose(const RewriteInput &in) const override;
};

} // namespace PlanLens
