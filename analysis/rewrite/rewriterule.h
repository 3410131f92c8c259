// SPDX-License-Identifier: MIT
#pragma once

#include "rewrite.h"
#include "sql/sqlspan.h"

#include <QList>
#include <QString>

#include <memory>

namespace PlanLens {

struct Plan;

// What every rule sees: the parsed script, its tokens (for spans), the plan when there is one and the catalog
// facts when connected.
struct RewriteInput {
    const SqlScript &script;
    const SqlTokens &tokens;
    const Plan *plan = nullptr;
    const CatalogFacts *catalog = nullptr;
};

// One rewrite rule: a stable id and a function from a script to proposals. Rules never throw and return
// nothing for statements they do not recognise.
class RewriteRule
{
public:
    virtual ~RewriteRule() = default;
    virtual QString id() const = 0;
    virtual QList<Rewrite> propose(const RewriteInput &in) const = 0;
};

// The registered rules, in the order their proposals are listed (the seed incidents' rules first).
const QList<std::shared_ptr<const RewriteRule>> &rewriteRules();

} // namespace PlanLens
