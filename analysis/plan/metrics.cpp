// SPDX-License-Identifier: MIT
// deriveMetrics(): the figures a reader needs, computed once after parsing, in linear time and without
// recursion (plans can be 100k nodes deep). The rules below follow what PostgreSQL's executor instruments.
#include "plan.h"

#include <QHash>

#include <algorithm>
#include <cmath>

namespace PlanLens {

namespace {

bool isGather(const PlanNode &n)
{
    return n.nodeType == u"Gather" || n.nodeType == u"Gather Merge";
}

// "CTE foo" subplans (PostgreSQL prints them as InitPlans named "CTE <name>").
bool isCteSubplan(const PlanNode &n)
{
    return n.subplanName.startsWith(u"CTE ");
}

bool isInitPlan(const PlanNode &n)
{
    return n.parentRelationship == u"InitPlan" && !isCteSubplan(n);
}

// Tokens naming the output parameters of an InitPlan: "$0", "$1" from "InitPlan 1 (returns $0,$1)"
// (PostgreSQL up to 16) and "InitPlan 1" as referenced by "(InitPlan 1).col1" (PostgreSQL 17+).
QStringList initPlanTokens(const QString &subplanName)
{
    QStringList tokens;
    const qsizetype sp = subplanName.indexOf(u' ');
    if (sp > 0) {
        qsizetype e = sp + 1;
        while (e < subplanName.size() && subplanName[e].isDigit())
            ++e;
        if (e > sp + 1)
            tokens.append(subplanName.left(e));
    }
    const qsizetype ret = subplanName.indexOf(u"returns ");
    if (ret >= 0) {
        for (qsizetype i = ret; i < subplanName.size(); ++i) {
            if (subplanName[i] != u'$')
                continue;
            qsizetype e = i + 1;
            while (e < subplanName.size() && subplanName[e].isDigit())
                ++e;
            if (e > i + 1)
                tokens.append(subplanName.mid(i, e - i));
            i = e - 1;
        }
    }
    return tokens;
}

// Adds every parameter reference in `s` ("$3", "(InitPlan 2)") to `out`.
void collectReferences(QStringView s, QSet<QString> &out)
{
    for (qsizetype i = 0; i < s.size(); ++i) {
        if (s[i] == u'$') {
            qsizetype e = i + 1;
            while (e < s.size() && s[e].isDigit())
                ++e;
            if (e > i + 1)
                out.insert(s.mid(i, e - i).toString());
            i = e - 1;
        } else if (s[i] == u'(' && s.mid(i + 1).startsWith(u"InitPlan ")) {
            qsizetype e = i + 10;
            while (e < s.size() && s[e].isDigit())
                ++e;
            if (e > i + 10 && e < s.size() && s[e] == u')')
                out.insert(s.mid(i + 1, e - i - 1).toString());
            i = e - 1;
        }
    }
}

QSet<QString> referencesOf(const PlanNode &n)
{
    QSet<QString> refs;
    for (const QString *s : {&n.filter, &n.joinFilter, &n.indexCond, &n.recheckCond, &n.hashCond, &n.detail().mergeCond,
                             &n.detail().tidCond, &n.detail().oneTimeFilter, &n.detail().cacheKey})
        if (s->contains(u'$') || s->contains(u"InitPlan"))
            collectReferences(*s, refs);
    for (const QStringList *l : {&n.output, &n.sortKey, &n.groupKey, &n.detail().presortedKey})
        for (const QString &s : *l)
            if (s.contains(u'$') || s.contains(u"InitPlan"))
                collectReferences(s, refs);
    for (auto it = n.extra.begin(); it != n.extra.end(); ++it) {
        if (it.value().isString()) {
            const QString s = it.value().toString();
            if (s.contains(u'$') || s.contains(u"InitPlan"))
                collectReferences(s, refs);
        }
    }
    return refs;
}

} // namespace

void deriveMetrics(Plan &plan)
{
    QList<PlanNode> &nodes = plan.nodes;
    const int n = int(nodes.size());
    if (n == 0)
        return;

    // Nearest Gather / Gather Merge above each node (nodes are in pre-order: a parent precedes its children).
    QList<int> gatherOf(n, -1);
    for (int i = 0; i < n; ++i) {
        const int p = nodes[i].parent;
        if (p >= 0)
            gatherOf[i] = isGather(nodes[p]) ? p : gatherOf[p];
    }

    // Inclusive time over all loops.
    for (int i = 0; i < n; ++i) {
        PlanNode &node = nodes[i];
        node.inclusiveMs = 0;
        if (node.neverExecuted || !node.actualTotalMs)
            continue;
        // PostgreSQL prints per-loop averages ("actual time" and "rows" are divided by loops), so the node's
        // total is the average times the loops.
        double loops = node.actualLoops.value_or(1);
        if (gatherOf[i] >= 0) {
            // Under a Gather, each participating process (the workers and, usually, the leader) adds its own
            // loops, and they run at the same time. The wall-clock time a reader compares with the Gather is
            // that of one process, so divide the loops among the processes (as pev2 does), never below one.
            const PlanNode &g = nodes[gatherOf[i]];
            const int workers = g.workersLaunched.value_or(g.workersPlanned.value_or(0));
            const double processes = std::min(loops, double(workers + 1));
            if (processes > 1)
                loops /= processes;
        }
        node.inclusiveMs = *node.actualTotalMs * std::max(loops, 0.0);
    }

    // Subtree extents (pre-order: the subtree of i is [i, i + size[i])) and post-order ranks (the order in
    // which nodes first return rows, which is when an InitPlan parameter is first needed).
    QList<int> size(n, 1);
    for (int i = n - 1; i >= 0; --i)
        if (nodes[i].parent >= 0)
            size[nodes[i].parent] += size[i];
    QList<int> postRank(n, 0);
    {
        int rank = 0;
        QList<QPair<int, int>> stack{{0, 0}};
        // The root is nodes[0]; there is only one root in a parsed plan.
        while (!stack.isEmpty()) {
            auto &[node, next] = stack.last();
            if (next < nodes[node].children.size()) {
                const int c = nodes[node].children[next++];
                stack.append({c, 0});
            } else {
                postRank[node] = rank++;
                stack.removeLast();
            }
        }
    }

    // Which node's time includes each subplan's time ("charge"); -1 = no node's (subtract from nobody).
    QList<int> chargedTo(n, -1);
    QList<double> extraDeduction(n, 0.0);
    QList<Buffers> extraBufferDeduction(n);

    // Parameter references, only computed when the plan has InitPlans.
    QHash<QString, QList<int>> referencedBy;
    bool haveInitPlans = false;
    for (const PlanNode &node : nodes)
        haveInitPlans = haveInitPlans || isInitPlan(node);
    if (haveInitPlans) {
        for (int i = 0; i < n; ++i)
            for (const QString &r : referencesOf(nodes[i]))
                referencedBy[r].append(i);
    }
    QHash<QString, QList<int>> cteScans;
    for (int i = 0; i < n; ++i)
        if (nodes[i].nodeType == u"CTE Scan" && !nodes[i].detail().cteName.isEmpty())
            cteScans[nodes[i].detail().cteName].append(i);

    for (int i = 0; i < n; ++i) {
        const PlanNode &node = nodes[i];
        const int p = node.parent;
        if (p < 0)
            continue;
        if (isCteSubplan(node)) {
            // A CTE runs when a CTE Scan pulls a row it has not stored yet, inside that scan's ExecProcNode, so
            // its time and buffers are in the figures of the scans that read first (later reads come from the
            // tuplestore and cost little). Which scan that was is not printed: a Hash Join builds its inner side
            // first, so plan order is no guide. The scan that ran the CTE carries its time, so it has the most:
            // charge the CTE to the scans by decreasing time, each taking what its own time can hold. The CTE's
            // time is never in the parent's other children except through these scans.
            const QString name = node.subplanName.mid(4);
            double remaining = node.inclusiveMs;
            Buffers bufRemaining = node.buffers;
            QList<int> scans = cteScans.value(name);
            std::stable_sort(scans.begin(), scans.end(),
                             [&nodes](int a, int b) { return nodes[a].inclusiveMs > nodes[b].inclusiveMs; });
            for (int s : scans) {
                if (nodes[s].neverExecuted)
                    continue;
                const double take = std::min(remaining, nodes[s].inclusiveMs);
                extraDeduction[s] += take;
                extraBufferDeduction[s] += bufRemaining;
                bufRemaining = Buffers{};
                remaining -= take;
                if (remaining <= 0)
                    break;
            }
            continue;
        }
        if (isInitPlan(node)) {
            // An InitPlan runs once, the first time its output parameter is evaluated: inside the node whose
            // expression reads the parameter, so its time is in that node's time (and in its ancestors'), not
            // necessarily the node it hangs under in EXPLAIN. Find the referencing node that returns rows
            // first (post-order) in the parent's subtree. A Gather evaluates the InitPlans that its workers need
            // before it launches them, so a reference below a Gather is charged to the Gather.
            int target = -1;
            for (const QString &t : initPlanTokens(node.subplanName)) {
                for (int r : referencedBy.value(t)) {
                    if (r < p || r >= p + size[p])
                        continue;   // outside the parent's subtree
                    if (r >= i && r < i + size[i])
                        continue;   // inside the InitPlan itself
                    if (target < 0 || postRank[r] < postRank[target])
                        target = r;
                }
            }
            if (target >= 0) {
                for (int a = target; a != p && a >= 0; a = nodes[a].parent)
                    if (isGather(nodes[a]))
                        target = a;
                // The charged node must have had time to run the InitPlan; otherwise the reference was not
                // where it ran (e.g. a $n of a prepared statement), so fall back to the parent.
                if (nodes[target].inclusiveMs + 1e-9 < node.inclusiveMs * 0.99)
                    target = -1;
            }
            if (target < 0 || target == p) {
                chargedTo[i] = p;
            } else {
                extraDeduction[target] += node.inclusiveMs;
                extraBufferDeduction[target] += node.buffers;
            }
            continue;
        }
        // Ordinary children and SubPlans: a SubPlan runs inside the expression of the node it hangs under,
        // and a child runs inside its parent's ExecProcNode; both are in the parent's figures.
        chargedTo[i] = p;
    }

    // Exclusive time and buffers; buffers are totals over all loops and processes (PostgreSQL adds the workers'
    // counters into each node), never averages, so they are subtracted as printed.
    QList<double> childTime(n, 0.0);
    QList<Buffers> childBuffers(n);
    QList<double> childCost(n, 0.0);
    for (int i = 0; i < n; ++i) {
        const int c = chargedTo[i];
        if (c >= 0) {
            childTime[c] += nodes[i].inclusiveMs;
            childBuffers[c] += nodes[i].buffers;
        }
        // Costs: the planner adds InitPlan and SubPlan costs into the node that carries them
        // (SS_charge_for_initplans, cost_qual_eval), so every child's cost is subtracted.
        if (nodes[i].parent >= 0 && nodes[i].totalCost)
            childCost[nodes[i].parent] += *nodes[i].totalCost;
    }

    const double rootCost = nodes[0].totalCost.value_or(0);
    for (int i = 0; i < n; ++i) {
        PlanNode &node = nodes[i];
        node.exclusiveMs = std::max(0.0, node.inclusiveMs - childTime[i] - extraDeduction[i]);
        if (node.neverExecuted)
            node.exclusiveMs = 0;
        Buffers b = node.buffers;
        b -= childBuffers[i];
        b -= extraBufferDeduction[i];
        for (qint64 *v : {&b.sharedHit, &b.sharedRead, &b.sharedDirtied, &b.sharedWritten, &b.localHit,
                          &b.localRead, &b.localDirtied, &b.localWritten, &b.tempRead, &b.tempWritten})
            *v = std::max<qint64>(0, *v);
        node.exclusiveBuffers = b;
        node.exclusiveCost = node.totalCost ? std::max(0.0, *node.totalCost - childCost[i]) : 0.0;
        node.costShare = rootCost > 0 ? std::clamp(node.exclusiveCost / rootCost, 0.0, 1.0) : 0.0;

        // Estimate factor: actual rows × loops against plan rows × loops. Plan rows are per loop like actual
        // rows, so the loops cancel. The planner never estimates below one row (clamp_row_est), so both sides
        // are clamped at one row per loop: 0 rows found where 1 was expected is not a misestimate.
        node.estimateFactor.reset();
        if (!node.neverExecuted && node.actualRows && node.planRows)
            node.estimateFactor = std::max(*node.actualRows, 1.0) / std::max(*node.planRows, 1.0);
    }

    const double total = plan.totalMs();
    for (PlanNode &node : nodes)
        node.timeShare = total > 0 ? std::clamp(node.exclusiveMs / total, 0.0, 1.0) : 0.0;
}

} // namespace PlanLens
