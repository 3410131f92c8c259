// SPDX-License-Identifier: MIT
#include "detectinput.h"

#include "rewrite/rewrite.h"
#include "rewrite/rewriteproposals.h"

#include "format/units.h"

#include <algorithm>

namespace PlanLens {

namespace {

int pickStatement(const Plan &plan, const SqlScript &sql, int requested)
{
    const int n = int(sql.statements.size());
    if (requested >= 0 && requested < n)
        return requested;
    if (n == 1)
        return 0;   // what the rules below give for one statement, without parsing the Query Text again
    if (!plan.queryText.trimmed().isEmpty()) {
        const QString fp = sqlFingerprint(plan.queryText);
        for (int i = 0; i < n && !fp.isEmpty(); ++i)
            if (sql.statements.at(i).fingerprint == fp)
                return i;
    }
    for (int i = n - 1; i >= 0; --i) {
        const StatementKind k = sql.statements.at(i).kind;
        if (k != StatementKind::Utility && k != StatementKind::Transaction)
            return i;
    }
    return n > 0 ? n - 1 : -1;
}

} // namespace

DetectInput::DetectInput(const Plan &plan, const SqlScript *sqlOrNull, const DetectContext &context)
    : m_plan(plan)
    , m_sql(sqlOrNull)
    , m_context(context)
{
    if (m_sql && !m_sql->statements.isEmpty()) {
        m_statement = pickStatement(plan, *m_sql, context.statementIndex);
        m_tokens = SqlTokens(m_sql->text);
    } else {
        m_sql = nullptr;
    }
    const int n = int(plan.nodes.size());
    m_subtreeEnd.resize(n);
    // Pre-order: a node's subtree ends where the next node at its depth or above starts.
    QList<int> size(n, 1);
    for (int i = n - 1; i >= 0; --i)
        if (plan.nodes.at(i).parent >= 0 && plan.nodes.at(i).parent < n)
            size[plan.nodes.at(i).parent] += size[i];
    for (int i = 0; i < n; ++i)
        m_subtreeEnd[i] = i + size[i];
    m_totalMs = plan.totalMs();
    m_rootCost = n > 0 ? plan.nodes.front().totalCost.value_or(0) : 0;
}

const SqlStatement *DetectInput::statement() const
{
    if (!m_sql || m_statement < 0)
        return nullptr;
    return &m_sql->statements.at(m_statement);
}

bool DetectInput::hasTiming() const
{
    return m_plan.hasAnalyze && m_totalMs > 0 && !m_plan.nodes.isEmpty()
        && m_plan.nodes.front().actualTotalMs.has_value();
}

double DetectInput::inclusiveShare(int i) const
{
    const PlanNode &n = node(i);
    if (hasTiming())
        return std::clamp(n.inclusiveMs / m_totalMs, 0.0, 1.0);
    if (m_rootCost > 0 && n.totalCost)
        return std::clamp(*n.totalCost / m_rootCost, 0.0, 1.0);
    return 0;
}

double DetectInput::exclusiveShare(int i) const
{
    const PlanNode &n = node(i);
    if (hasTiming())
        return std::clamp(n.exclusiveMs / m_totalMs, 0.0, 1.0);
    return n.costShare;
}

double DetectInput::totalRows(int i) const
{
    return node(i).totalActualRows();
}

double DetectInput::loops(int i) const
{
    return node(i).actualLoops.value_or(1);
}

bool DetectInput::hasAncestorOfType(int i, const QStringList &types) const
{
    for (int a = node(i).parent; a >= 0; a = node(a).parent)
        if (types.contains(node(a).nodeType))
            return true;
    return false;
}

bool DetectInput::isUnderSubplan(int i) const
{
    for (int a = i; a >= 0; a = node(a).parent)
        if (node(a).isSubplanChild())
            return true;
    return false;
}

bool DetectInput::isPassThrough(const PlanNode &n)
{
    static const QStringList types{QStringLiteral("Gather"), QStringLiteral("Gather Merge"),
                                   QStringLiteral("Materialize"), QStringLiteral("Append"),
                                   QStringLiteral("Merge Append"), QStringLiteral("Result"),
                                   QStringLiteral("Subquery Scan"), QStringLiteral("Memoize"),
                                   QStringLiteral("Incremental Sort"), QStringLiteral("Unique")};
    return types.contains(n.nodeType);
}

bool DetectInput::isScan(const PlanNode &n)
{
    static const QStringList types{QStringLiteral("Seq Scan"), QStringLiteral("Index Scan"),
                                   QStringLiteral("Index Only Scan"), QStringLiteral("Bitmap Heap Scan"),
                                   QStringLiteral("Tid Scan"), QStringLiteral("Tid Range Scan"),
                                   QStringLiteral("Sample Scan")};
    return types.contains(n.nodeType);
}

bool DetectInput::isJoin(const PlanNode &n)
{
    return n.nodeType == u"Nested Loop" || n.nodeType == u"Hash Join" || n.nodeType == u"Merge Join";
}

QString DetectInput::setting(const QString &name) const
{
    for (const auto &[k, v] : m_plan.settings)
        if (k == name)
            return v;
    return QString();
}

double DetectInput::workMemKb() const
{
    const QString v = setting(QStringLiteral("work_mem")).trimmed();
    if (v.isEmpty())
        return 4096;   // PostgreSQL's default
    int i = 0;
    while (i < v.size() && (v.at(i).isDigit() || v.at(i) == u'.'))
        ++i;
    const double num = v.left(i).toDouble();
    const QString unit = v.mid(i).trimmed().toLower();
    if (unit == u"mb")
        return num * 1024;
    if (unit == u"gb")
        return num * 1024 * 1024;
    if (unit == u"b")
        return num / 1024;
    return num;   // kB, PostgreSQL's unit for work_mem
}

namespace Fmt {

// Kept for code written against Fmt; new code calls Units directly.
QString count(double n) { return Units::count(n); }
QString ms(double v) { return Units::duration(v); }
QString pct(double share) { return Units::percent(share); }
QString kb(double v) { return Units::kilobytes(v); }
QString factor(double f) { return Units::factor(f); }

} // namespace Fmt

QString DetectInput::rewriteIfProposed(const QString &ruleId) const
{
    if (!m_sql) return ruleId;
    RewriteProposals *proposals = m_context.proposals;
    if (!proposals) {
        if (!m_ownProposals)
            m_ownProposals = std::make_shared<RewriteProposals>(*m_sql, &m_plan);
        proposals = m_ownProposals.get();
    }
    return proposals->proposes(ruleId, m_statement) ? ruleId : QString();
}

} // namespace PlanLens
