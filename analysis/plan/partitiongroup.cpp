// SPDX-License-Identifier: MIT
#include "partitiongroup.h"

#include <QSet>

#include <algorithm>

namespace PlanLens {

namespace {

bool isScan(const PlanNode &n)
{
    static const QStringList types{QStringLiteral("Seq Scan"),       QStringLiteral("Index Scan"),
                                   QStringLiteral("Index Only Scan"), QStringLiteral("Bitmap Heap Scan"),
                                   QStringLiteral("Tid Scan"),        QStringLiteral("Tid Range Scan"),
                                   QStringLiteral("Sample Scan"),     QStringLiteral("Foreign Scan")};
    return !n.relationName.isEmpty() && types.contains(n.nodeType);
}

// A node PostgreSQL puts between a Merge Append (or a Parallel Append) and one partition's scan.
bool isWrapper(const PlanNode &n)
{
    static const QStringList types{QStringLiteral("Sort"), QStringLiteral("Incremental Sort"),
                                   QStringLiteral("Materialize"), QStringLiteral("Result"), QStringLiteral("Gather")};
    return types.contains(n.nodeType);
}

// The scan a member reads its partition with, or -1.
int scanOf(const Plan &plan, int member)
{
    const PlanNode &m = plan.nodes[member];
    if (isScan(m))
        return member;
    if (!isWrapper(m))
        return -1;
    int below = -1;
    for (int c : m.children) {
        if (plan.nodes[c].isSubplanChild())
            continue;
        if (below >= 0)
            return -1;   // a wrapper over two inputs is not one partition
        below = c;
    }
    return below >= 0 && isScan(plan.nodes[below]) ? below : -1;
}

// PostgreSQL (ruleutils.c, set_rtable_names) keeps aliases unique by appending "_<n>": the partitions of "events"
// are printed as events_1, events_2, …; a partition whose alias was not renumbered keeps the alias itself.
QString aliasStem(const QString &alias)
{
    const qsizetype us = alias.lastIndexOf(u'_');
    if (us <= 0 || us + 1 >= alias.size())
        return alias;
    for (qsizetype k = us + 1; k < alias.size(); ++k)
        if (!alias.at(k).isDigit())
            return alias;
    return alias.left(us);
}

// What to call the partitioned table: the alias stem when the partitions' names start with it (no alias in the
// query: "events" for events_2025_01, …), else what the partition names share, without the trailing date or
// number ("events" for events_2025_01 … aliased "e"), else the stem.
QString partitionTableName(const QString &stem, const QStringList &relations)
{
    if (std::all_of(relations.begin(), relations.end(), [&stem](const QString &r) { return r.startsWith(stem); }))
        return stem;
    QString prefix = relations.first();
    for (const QString &r : relations) {
        qsizetype k = 0;
        while (k < prefix.size() && k < r.size() && prefix.at(k) == r.at(k))
            ++k;
        prefix.truncate(k);
    }
    while (!prefix.isEmpty() && (prefix.back().isDigit() || prefix.back() == u'_' || prefix.back() == u'-'))
        prefix.chop(1);
    return prefix.size() >= 2 ? prefix : stem;
}

// Adds up the exclusive figures of a member's subtree (explicit stack: plans can be deep).
void addSubtree(const Plan &plan, int root, PartitionGroup &g, QList<int> &stack)
{
    stack.clear();
    stack.append(root);
    while (!stack.isEmpty()) {
        const PlanNode &n = plan.nodes[stack.takeLast()];
        g.exclusiveMs += n.exclusiveMs;
        g.exclusiveCost += n.exclusiveCost;
        g.exclusiveBuffers += n.exclusiveBuffers;
        g.timeShare += n.timeShare;
        g.costShare += n.costShare;
        for (int c : n.children)
            if (c > 0 && c < plan.nodes.size())
                stack.append(c);
    }
}

// How much a member weighs when naming the worst one.
double weight(const Plan &plan, const PlanNode &n)
{
    if (plan.hasAnalyze && plan.hasTiming)
        return n.inclusiveMs;
    if (plan.hasAnalyze)
        return n.totalActualRows();
    return n.totalCost.value_or(0);
}

} // namespace

QList<PartitionGroup> findPartitionGroups(const Plan &plan)
{
    QList<PartitionGroup> out;
    QList<int> stack;
    const int n = int(plan.nodes.size());
    for (int a = 0; a < n; ++a) {
        const PlanNode &ap = plan.nodes[a];
        if (ap.children.size() < kMinPartitionGroup || (ap.nodeType != u"Append" && ap.nodeType != u"Merge Append"))
            continue;
        PartitionGroup g;
        g.appendId = a;
        QStringList relations;
        bool ok = true;
        for (int c : ap.children) {
            if (c <= a || c >= n) {
                ok = false;
                break;
            }
            if (plan.nodes[c].isSubplanChild())
                continue;
            const int s = scanOf(plan, c);
            if (s < 0) {
                ok = false;
                break;
            }
            const PlanNode &scan = plan.nodes[s];
            const QString stem = aliasStem(scan.alias.isEmpty() ? scan.relationName : scan.alias);
            if (g.members.isEmpty())
                g.stem = stem;
            else if (stem != g.stem) {
                ok = false;
                break;
            }
            g.members.append(c);
            g.scans.append(s);
            relations.append(scan.relationName);
            const QString type = scan.textLabel();
            if (!g.scanTypes.contains(type))
                g.scanTypes.append(type);
        }
        // Partitions are distinct tables: a UNION ALL over one table (small, small_1, small_2, …) is not a group.
        if (!ok || g.members.size() < kMinPartitionGroup || g.stem.isEmpty()
            || QSet<QString>(relations.begin(), relations.end()).size() != relations.size())
            continue;
        g.table = partitionTableName(g.stem, relations);
        g.subplansRemoved = ap.detail().subplansRemoved;
        double worstWeight = -1;
        for (qsizetype i = 0; i < g.members.size(); ++i) {
            const PlanNode &m = plan.nodes[g.members[i]];
            g.inclusiveMs += m.inclusiveMs;
            g.rows += m.totalActualRows();
            g.planRows += m.planRows.value_or(0) * m.actualLoops.value_or(1);
            g.totalCost += m.totalCost.value_or(0);
            g.buffers += m.buffers;
            if (m.neverExecuted)
                ++g.neverExecuted;
            addSubtree(plan, g.members[i], g, stack);
            const double w = weight(plan, m);
            if (w > worstWeight) {   // the first of equals
                worstWeight = w;
                g.worst = g.members[i];
                g.worstName = plan.nodes[g.scans[i]].relationName;
                g.worstMs = m.inclusiveMs;
            }
        }
        out.append(g);
    }
    return out;
}

const PartitionGroup *partitionGroupOf(const QList<PartitionGroup> &groups, int appendId)
{
    const auto it = std::lower_bound(groups.begin(), groups.end(), appendId,
                                     [](const PartitionGroup &g, int id) { return g.appendId < id; });
    return it != groups.end() && it->appendId == appendId ? &*it : nullptr;
}

PlanNode partitionGroupAsNode(const Plan &plan, const PartitionGroup &group)
{
    PlanNode n = plan.nodes[group.appendId];
    n.exclusiveCost += group.exclusiveCost;
    n.exclusiveBuffers += group.exclusiveBuffers;
    n.costShare = std::min(1.0, n.costShare + group.costShare);
    // The closed card's own time is the Append's whole time. Added up from the partitions instead, a Parallel
    // Append would count every process (each partition's time is its per-loop average, metrics.cpp) and pass the
    // plan's elapsed time.
    const double total = plan.totalMs();
    n.exclusiveMs = std::max(n.exclusiveMs, n.inclusiveMs);
    n.timeShare = total > 0 ? std::clamp(n.exclusiveMs / total, 0.0, 1.0) : std::min(1.0, n.timeShare + group.timeShare);
    return n;
}

} // namespace PlanLens
