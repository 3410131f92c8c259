// SPDX-License-Identifier: MIT
#pragma once

#include "compare/nodematcher.h"
#include "plan/plan.h"

#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <optional>

namespace PlanLens {

// One thing that changed between the two plans, in a sentence. `kind` is a stable kebab-case id:
//   rows-returned   the root returned a different number of rows (the results differ)
//   access-path     a matched scan reads its table differently ("tracks: Seq Scan → Bitmap Heap Scan using …")
//   join-method     a matched join changed method (Hash Join → Nested Loop)
//   node-type       another matched operator changed (GroupAggregate → HashAggregate, Sort → Incremental Sort)
//   time            one of the largest changes of exclusive time (matched, removed or added node)
//   spill-removed   a node that spilled to disk (sort, hash, aggregate) no longer does, or is gone
//   spill-added     a node spills to disk that did not
//   estimate-fixed  a row estimate that was off by 10× or more is now much closer
//   estimate-worse  a row estimate is now off by 10× or more, and much worse than before
//   jit             JIT compilation started, stopped, or its time changed a lot
//   parallelism     the plan became parallel, stopped being parallel, or launched other worker counts
//   node-removed    a subtree that only the before plan has (its topmost node)
//   node-added      a subtree that only the after plan has (its topmost node)
// beforeId / afterId name the nodes the change is about (-1: none on that side, or plan-wide).
struct Change {
    QString kind;
    QString text;
    int beforeId = -1;
    int afterId = -1;
    double deltaMs = 0; // exclusive time after − before of the nodes concerned, when it applies
    bool operator==(const Change &) const = default;
};

// The figures a reader looks at first. Absent when a side does not carry them (no ANALYZE, no BUFFERS).
struct DiffHeadline {
    std::optional<double> beforeMs;          // execution time
    std::optional<double> afterMs;
    std::optional<double> speedup;           // beforeMs / afterMs (> 1: after is faster)
    std::optional<double> beforePlanningMs;
    std::optional<double> afterPlanningMs;
    std::optional<Buffers> beforeBuffers;    // execution buffers of the whole plan (root, inclusive)
    std::optional<Buffers> afterBuffers;
    std::optional<double> beforeRows;        // rows the root returned
    std::optional<double> afterRows;
    std::optional<double> beforeCost;        // root total cost (the only figure of a plan without ANALYZE)
    std::optional<double> afterCost;
    // "Execution 128.97 ms → 1.69 ms (×76.3 faster)" or, without ANALYZE, the cost ratio.
    QString title() const;
    // The other figures, one per line: planning, buffers, rows.
    QStringList details() const;
};

struct NodePair {
    int beforeId = -1;
    int afterId = -1;
    bool operator==(const NodePair &) const = default;
};

struct PlanDiff {
    NodeMatching matching;
    QList<NodePair> matched;   // in before pre-order
    QList<int> added;          // after ids without a partner, pre-order
    QList<int> removed;        // before ids without a partner, pre-order
    DiffHeadline headline;
    QList<Change> changes;     // most telling first (see Change for the kinds)

    int afterOf(int beforeId) const;   // -1 when removed or out of range
    int beforeOf(int afterId) const;   // -1 when added or out of range
    QList<Change> changesOfKind(const QString &kind) const;
    // Headline and changes as plain text lines (what `planlens compare` prints).
    QString toText() const;
};

// Matches the nodes of two plans (see matchNodes) and describes what changed. Both plans should have had
// deriveMetrics() applied (parsePlan does it).
PlanDiff comparePlans(const Plan &before, const Plan &after);

// Both sides of a change made of several statements (incident A's fix looks ids up first, then runs the
// query). The main statements (the most expensive of each side) are paired first; the others pair in order
// when they read a common relation, and the rest stay unpaired.
struct StatementDiff {
    int beforeIndex = -1;
    int afterIndex = -1;
    PlanDiff diff;
};
struct ScriptDiff {
    QList<StatementDiff> statements;  // main pair first, then the others in before order
    QList<int> onlyBefore;            // statement indexes without a partner
    QList<int> onlyAfter;
    int mainBefore = -1;
    int mainAfter = -1;
    std::optional<double> beforeTotalMs;  // execution time summed over every statement of the side
    std::optional<double> afterTotalMs;
    std::optional<double> speedup;        // of the whole script
    const StatementDiff *main() const { return statements.isEmpty() ? nullptr : &statements.front(); }
    QString toText(const QList<Plan> &before, const QList<Plan> &after) const;
};
ScriptDiff compareScripts(const QList<Plan> &before, const QList<Plan> &after);

// Index of the most expensive plan: execution time, else root total cost. -1 for an empty list.
int mainStatementIndex(const QList<Plan> &plans);

// The `planlens compare --json` fields of a diff: speedup, matched, added, removed, changes (docs/cli.md).
QJsonObject planDiffToJson(const PlanDiff &diff);

// A node as the diff texts name it: "Parallel Seq Scan on tracks t", "Sort by t.created_at DESC",
// "Hash Join of orders o, customers c", "... (SubPlan 1)".
QString describeNode(const Plan &plan, int id);

// Formatting shared with the widgets, so the GUI and the CLI print the same figures.
// Forwards to format/units.h, kept for the callers that know these names.
QString formatDurationMs(double ms);   // Units::duration: "0.042 ms", "1.69 ms", "129 ms", "1.25 s"
QString formatSpeedup(double ratio);   // Units::speedup: "×76.3 faster", "×2.1 slower", "same speed"
QString formatCount(double n);         // Units::count: "250,002"; below 100 up to 2 decimals ("0.33")

} // namespace PlanLens

Q_DECLARE_METATYPE(PlanLens::PlanDiff)
