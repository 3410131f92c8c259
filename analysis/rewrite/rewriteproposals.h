// SPDX-License-Identifier: MIT
#pragma once

#include "rewrite.h"

#include "sql/sqlspan.h"

#include <QHash>
#include <QList>
#include <QString>

namespace PlanLens {

struct CatalogFacts;
struct Plan;
struct SqlScript;

// The rewrite rules' proposals for one script (and its plan and catalog facts), each rule asked at most once.
// Several detectors ask whether "their" rule proposes a rewrite before a finding names it, and the caller then wants
// every proposal: one RewriteProposals shared by them (DetectContext::proposals) runs each rule once instead of once
// per question. It refers to the script, plan and facts it was built with: they must outlive it.
class RewriteProposals
{
public:
    RewriteProposals(const SqlScript &script, const Plan *planOrNull, const CatalogFacts *catalogFactsOrNull = nullptr);

    // What the rule `ruleId` proposes (empty for an unknown id or a statement it does not match).
    const QList<Rewrite> &forRule(const QString &ruleId);
    // True when the rule proposes a rewrite of statement `statement` (an addition, such as an index, serves every
    // statement; -1 accepts any): what rewriteProposed() answers.
    bool proposes(const QString &ruleId, int statement);
    // Every rule's proposals, in the registry's order: what proposeRewrites() returns.
    QList<Rewrite> all();

private:
    const SqlScript &m_script;
    const Plan *m_plan;
    const CatalogFacts *m_catalog;
    SqlTokens m_tokens;
    QHash<QString, QList<Rewrite>> m_byRule;
};

} // namespace PlanLens
