// SPDX-License-Identifier: MIT
// Plans built in code for the graph tests and bench/bench_graph: tree shapes of any size, with the derived
// figures filled in the way deriveMetrics() leaves them (so the graph can be tested without the parser).
#pragma once

#include "plan/plan.h"

#include <QRandomGenerator>

#include <algorithm>
#include <cmath>

namespace Test::GraphPlans {

using PlanLens::Plan;
using PlanLens::PlanNode;

enum class Shape { Chain, Star, Binary, Random, Caterpillar, UnionAll, Broom };

// Turns a parent array (any order, -1 = root, one root) into a Plan in pre-order with ids == indexes, and fills
// plausible figures: seeded, so the same call gives the same plan.
inline Plan planFromParents(const QList<int> &parents, quint32 seed = 1, bool analyze = true)
{
    const int n = int(parents.size());
    QList<QList<int>> kids(n);
    int root = -1;
    for (int v = 0; v < n; ++v) {
        if (parents[v] < 0)
            root = v;
        else
            kids[parents[v]].append(v);
    }
    // Pre-order renumbering with an explicit stack (chains can be very deep).
    QList<int> order;
    order.reserve(n);
    QList<int> stack{root};
    while (!stack.isEmpty()) {
        const int v = stack.takeLast();
        order.append(v);
        for (qsizetype i = kids[v].size() - 1; i >= 0; --i)
            stack.append(kids[v][i]);
    }
    QList<int> newId(n, -1);
    for (int i = 0; i < n; ++i)
        newId[order[i]] = i;

    static const char *const types[] = {"Seq Scan", "Index Scan", "Hash Join", "Nested Loop", "Sort", "Aggregate",
                                        "Hash", "Bitmap Heap Scan", "Merge Join", "Append"};
    static const char *const rels[] = {"tracks", "users", "track_collaborators", "listens", "projects", "albums"};
    QRandomGenerator rng(seed);
    Plan plan;
    plan.hasAnalyze = analyze;
    plan.hasTiming = analyze;
    plan.sourceFormat = PlanLens::PlanFormat::Json;
    plan.nodes.reserve(n);   // exactly n: resize() alone rounds the block up to a power of two, as a parser's growth does not stay
    plan.nodes.resize(n);
    for (int i = 0; i < n; ++i) {
        const int old = order[i];
        PlanNode &node = plan.nodes[i];
        node.id = i;
        node.parent = parents[old] < 0 ? -1 : newId[parents[old]];
        node.depth = node.parent < 0 ? 0 : plan.nodes[node.parent].depth + 1;
        for (int k : kids[old])
            node.children.append(newId[k]);
        const bool leaf = node.children.isEmpty();
        node.nodeType = QString::fromLatin1(leaf ? types[rng.bounded(2)] : types[2 + rng.bounded(8)]);
        if (leaf) {
            node.relationName = QString::fromLatin1(rels[rng.bounded(6)]);
            node.alias = node.relationName.left(1);
            if (node.nodeType == u"Index Scan")
                node.indexName = node.relationName + QStringLiteral("_pkey");
            node.filter = QStringLiteral("(%1.owner_id = %2)").arg(node.alias).arg(rng.bounded(1000));
        }
        node.parentRelationship = node.parent < 0 ? QString() : QStringLiteral("Outer");
        node.startupCost = 0;
        node.totalCost = 10.0 + rng.bounded(100000);
        node.planRows = 1.0 + rng.bounded(50000);
        node.planWidth = 8;
        if (analyze) {
            node.actualLoops = 1;
            node.actualRows = std::round(*node.planRows * std::pow(10.0, rng.bounded(4.0) - 2.0));
            node.actualStartupMs = 0.01;
            node.actualTotalMs = 0.5 + rng.bounded(50.0);
            node.exclusiveMs = rng.bounded(20.0);
            node.estimateFactor = *node.planRows > 0 ? *node.actualRows / *node.planRows : 1.0;
            node.exclusiveBuffers.sharedHit = rng.bounded(5000);
            node.exclusiveBuffers.sharedRead = rng.bounded(500);
            node.buffers = node.exclusiveBuffers;
            node.hasBuffers = true;
        }
        node.exclusiveCost = rng.bounded(1000.0);
    }
    double total = 0, totalCost = 0;
    for (const PlanNode &node : plan.nodes) {
        total += node.exclusiveMs;
        totalCost += node.exclusiveCost;
    }
    for (PlanNode &node : plan.nodes) {
        node.inclusiveMs = node.actualTotalMs.value_or(0);
        node.timeShare = total > 0 ? node.exclusiveMs / total : 0;
        node.costShare = totalCost > 0 ? node.exclusiveCost / totalCost : 0;
    }
    if (analyze)
        plan.executionMs = total;
    return plan;
}

inline QList<int> parentsOf(Shape shape, int n, quint32 seed = 7)
{
    QList<int> p(n, -1);
    QRandomGenerator rng(seed);
    for (int v = 1; v < n; ++v) {
        switch (shape) {
        case Shape::Chain: p[v] = v - 1; break;
        case Shape::Star: p[v] = 0; break;
        case Shape::Binary: p[v] = (v - 1) / 2; break;
        case Shape::Random: p[v] = int(rng.bounded(v)); break;
        case Shape::Caterpillar: p[v] = (v % 2) ? v - 1 : v - 2; break;   // a spine with one leaf per joint
        case Shape::UnionAll: p[v] = v <= 200 ? 0 : 1 + (v - 201) % 200; break;
        case Shape::Broom: {   // sqrt(n) chains of sqrt(n) nodes under the root
            const int k = std::max(1, int(std::sqrt(double(n))));
            p[v] = v <= k ? 0 : v - k;
            break;
        }
        }
        p[v] = std::clamp(p[v], 0, v - 1);
    }
    return p;
}

inline Plan generate(Shape shape, int n, quint32 seed = 7, bool analyze = true)
{
    return planFromParents(parentsOf(shape, n, seed), seed, analyze);
}

// A small plan shaped like the seed incident's bad plan: a sort over a hash join whose probe side is a sequential
// scan with a SubPlan in its filter, an InitPlan, a parallel scan, a looping index scan and a CTE that never ran.
//   0 Sort
//   1   Hash Join
//   2     Seq Scan on tracks            (the hot node)      3 SubPlan 1: Index Only Scan on track_collaborators
//   4     Hash  5 Nested Loop  6 Seq Scan on aggregate_plays (parallel)  7 Index Scan on projects (892 loops)
//   8     InitPlan 2: Limit  9 Index Scan on users
//  10   CTE recent: Limit (never executed)  11 Seq Scan on listens (never executed)
inline Plan incidentLike()
{
    Plan plan = planFromParents({-1, 0, 1, 2, 1, 4, 5, 5, 1, 8, 0, 10}, 3);
    auto set = [&plan](int id, const char *type, const char *rel, double excl, double rows, double est) {
        PlanNode &n = plan.nodes[id];
        n.nodeType = QString::fromLatin1(type);
        n.relationName = QString::fromLatin1(rel);
        n.alias = n.relationName.isEmpty() ? QString() : n.relationName.left(1);
        n.indexName.clear();
        n.filter.clear();
        n.exclusiveMs = excl;
        n.actualRows = rows;
        n.actualLoops = 1;
        n.planRows = est;
        n.estimateFactor = est > 0 ? rows / est : 1.0;
    };
    set(0, "Sort", "", 3.1, 20, 20);
    plan.nodes[0].sortKey = QStringList{QStringLiteral("t.created_at DESC")};
    plan.nodes[0].editDetail().sortMethod = QStringLiteral("top-N heapsort");
    set(1, "Hash Join", "", 40.2, 20, 5000);
    plan.nodes[1].hashCond = QStringLiteral("(t.track_id = a.track_id)");
    plan.nodes[1].joinType = QStringLiteral("Inner");
    set(2, "Seq Scan", "tracks", 912.5, 14000, 700000);
    plan.nodes[2].filter = QStringLiteral("((owner_id = 42) OR (hashed SubPlan 1))");
    plan.nodes[2].rowsRemovedByFilter = 986000;
    set(3, "Index Only Scan", "track_collaborators", 0.4, 0, 120);
    plan.nodes[3].indexName = QStringLiteral("track_collaborators_user_id_idx");
    plan.nodes[3].parentRelationship = QStringLiteral("SubPlan");
    plan.nodes[3].subplanName = QStringLiteral("SubPlan 1");
    set(4, "Hash", "", 2.2, 1200, 1100);
    set(5, "Nested Loop", "", 6.0, 1200, 1100);
    set(6, "Seq Scan", "aggregate_plays", 55.0, 400, 1100);
    plan.nodes[6].actualLoops = 3;
    plan.nodes[6].workersPlanned = 2;
    plan.nodes[6].workersLaunched = 2;
    set(7, "Index Scan", "projects", 1.5, 1, 1);
    plan.nodes[7].indexName = QStringLiteral("projects_pkey");
    plan.nodes[7].indexCond = QStringLiteral("(project_id = a.project_id)");
    plan.nodes[7].actualLoops = 892;
    set(8, "Limit", "", 0.02, 1, 1);
    plan.nodes[8].parentRelationship = QStringLiteral("InitPlan");
    plan.nodes[8].subplanName = QStringLiteral("InitPlan 2 (returns $1)");
    set(9, "Index Scan", "users", 0.05, 1, 1);
    plan.nodes[9].indexName = QStringLiteral("users_pkey");
    plan.nodes[9].indexCond = QStringLiteral("(user_id = 42)");
    for (int id : {10, 11}) {
        set(id, id == 10 ? "Limit" : "Seq Scan", id == 10 ? "" : "listens", 0, 0, 200);
        PlanNode &n = plan.nodes[id];
        n.neverExecuted = true;
        n.actualRows = 0;
        n.actualLoops = 0;
        n.actualTotalMs = 0;
        n.estimateFactor.reset();
        n.exclusiveBuffers = {};
    }
    plan.nodes[10].parentRelationship = QStringLiteral("InitPlan");
    plan.nodes[10].subplanName = QStringLiteral("CTE recent");
    plan.nodes[11].extra.insert(QStringLiteral("Async Capable"), false);
    plan.nodes[11].extra.insert(QStringLiteral("Some Future Key"), QStringLiteral("kept verbatim"));
    double total = 0;
    for (const PlanNode &n : plan.nodes)
        total += n.exclusiveMs;
    for (PlanNode &n : plan.nodes)
        n.timeShare = n.exclusiveMs / total;
    plan.executionMs = total;
    return plan;
}

} // namespace Test::GraphPlans
