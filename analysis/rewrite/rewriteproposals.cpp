// SPDX-License-Identifier: MIT
#include "rewriteproposals.h"

#include "rewriterule.h"

namespace PlanLens {

RewriteProposals::RewriteProposals(const SqlScript &script, const Plan *planOrNull, const CatalogFacts *catalogFactsOrNull)
    : m_script(script)
    , m_plan(planOrNull)
    , m_catalog(catalogFactsOrNull)
    , m_tokens(script.text)
{
}

const QList<Rewrite> &RewriteProposals::forRule(const QString &ruleId)
{
    if (const auto it = m_byRule.constFind(ruleId); it != m_byRule.cend())
        return it.value();
    QList<Rewrite> proposed;
    for (const auto &rule : rewriteRules()) {
        if (rule->id() == ruleId) {
            proposed = rule->propose(RewriteInput { m_script, m_tokens, m_plan, m_catalog });
            break;
        }
    }
    return m_byRule.insert(ruleId, std::move(proposed)).value();
}

bool RewriteProposals::proposes(const QString &ruleId, int statement)
{
    for (const Rewrite &r : forRule(ruleId))
        if (statement < 0 || r.replaces.isEmpty() || r.replaces.contains(statement))
            return true;
    return false;
}

QList<Rewrite> RewriteProposals::all()
{
    QList<Rewrite> out;
    for (const auto &rule : rewriteRules())
        out << forRule(rule->id());
    return out;
}

} // namespace PlanLens
