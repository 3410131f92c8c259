// SPDX-License-Identifier: MIT
#pragma once

#include "detector.h"
#include "plan/plan.h"
#include "sql/sqlscript.h"
#include "sql/sqlspan.h"

#include <QList>
#include <QString>

#include <memory>

namespace PlanLens {

// What every rule reads: the plan, the SQL script (or none), which statement the plan is for, and the
// measures rules share so that severities mean the same thing everywhere.
class DetectInput
{
public:
    DetectInput(const Plan &plan, const SqlScript *sqlOrNull, const DetectContext &context);

    const Plan &plan() const { return m_plan; }
    const PlanNode &node(int i) const { return m_plan.nodes.at(i); }
    int nodeCount() const { return int(m_plan.nodes.size()); }
    const DetectContext &context() const { return m_context; }

    // --- SQL ---
    const SqlScript *sql() const { return m_sql; }
    int statementIndex() const { return m_statement; }
    const SqlStatement *statement() const;      // the statement the plan is for, or null
    const SqlTokens &tokens() const { return m_tokens; }   // tokens of the whole script text (empty without SQL)
    // The id when the rewrite rule `ruleId` (analysis/rewrite) proposes a rewrite of the plan's statement, else an
    // empty string: a finding names only a rewrite that comes. Without SQL no rewrite can be checked: the id is
    // kept, naming the rewrite the statement needs once its SQL is given (confidence says the SQL was absent).
    QString rewriteIfProposed(const QString &ruleId) const;

    // --- measures ---
    bool hasTiming() const;                     // actual times are there: shares are shares of time
    double totalMs() const { return m_totalMs; }
    // Share of the plan this node's subtree accounts for (time with ANALYZE timing, else cost), 0..1.
    double inclusiveShare(int node) const;
    // Share of the plan spent in the node itself.
    double exclusiveShare(int node) const;
    double totalRows(int node) const;           // actual rows × loops (0 without ANALYZE)
    double loops(int node) const;               // actual loops (1 when absent)

    // --- tree ---
    int subtreeEnd(int node) const { return m_subtreeEnd.at(node); }   // pre-order: subtree = [node, end)
    bool inSubtree(int root, int node) const { return node >= root && node < m_subtreeEnd.at(root); }
    bool hasAncestorOfType(int node, const QStringList &types) const;
    bool isUnderSubplan(int node) const;        // some ancestor (or the node) is an InitPlan/SubPlan child
    // A node's ancestors are pass-through when they hand rows on unchanged (Gather, Materialize, Append, ...).
    static bool isPassThrough(const PlanNode &n);
    static bool isScan(const PlanNode &n);      // reads a relation (Seq/Index/Index Only/Bitmap Heap/Tid Scan)
    static bool isJoin(const PlanNode &n);

    // The value of a setting the plan printed (EXPLAIN SETTINGS), or an empty string.
    QString setting(const QString &name) const;
    // work_mem in kB: from the plan's settings, else PostgreSQL's default (4 MB).
    double workMemKb() const;

private:
    const Plan &m_plan;
    const SqlScript *m_sql;
    DetectContext m_context;
    int m_statement = -1;
    SqlTokens m_tokens;
    double m_totalMs = 0;
    double m_rootCost = 0;
    QList<int> m_subtreeEnd;
    mutable std::shared_ptr<RewriteProposals> m_ownProposals;   // when the context brings none: made on first ask
};

// Figures as messages print them.
namespace Fmt {
QString count(double n);             // 148,000
QString ms(double ms);               // 0.42 ms, 12.3 ms, 1.24 s
QString pct(double share);           // 87%
QString kb(double kb);               // 512 kB, 7.3 MB
QString factor(double f);            // ×83, ÷14,706
} // namespace Fmt

} // namespace PlanLens
