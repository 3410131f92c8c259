// SPDX-License-Identifier: MIT
#pragma once

#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <optional>
#include <variant>

namespace PlanLens {

// Where a plan came from. Text covers psql output, pgAdmin copies and auto_explain text entries.
enum class PlanFormat { Unknown, Json, Text, Xml, Yaml };
QString planFormatName(PlanFormat f);

// A failure a user can read: where (1-based; 0 = unknown) and what, in a sentence.
struct ParseError {
    int line = 0;
    int column = 0;
    QString message;
    QString toString() const;
};

template<class T>
using Result = std::variant<T, ParseError>;

template<class T>
bool isError(const Result<T> &r) { return std::holds_alternative<ParseError>(r); }

// Block counters as EXPLAIN (BUFFERS) prints them.
struct Buffers {
    qint64 sharedHit = 0;
    qint64 sharedRead = 0;
    qint64 sharedDirtied = 0;
    qint64 sharedWritten = 0;
    qint64 localHit = 0;
    qint64 localRead = 0;
    qint64 localDirtied = 0;
    qint64 localWritten = 0;
    qint64 tempRead = 0;
    qint64 tempWritten = 0;
    qint64 total() const;            // every counter added up
    qint64 reads() const { return sharedRead + localRead + tempRead; }
    bool isZero() const { return total() == 0; }
    Buffers &operator+=(const Buffers &o);
    Buffers &operator-=(const Buffers &o);
    bool operator==(const Buffers &) const = default;
};

// One "Worker N:" block of a parallel node (PostgreSQL prints these with VERBOSE).
struct WorkerStats {
    int number = -1;
    std::optional<double> actualStartupMs;
    std::optional<double> actualTotalMs;
    std::optional<double> actualRows;
    std::optional<double> actualLoops;
    Buffers buffers;
    QJsonObject extra;
    bool operator==(const WorkerStats &) const = default;
};

struct PlanNode {
    // --- identity and tree (nodes are stored flat, in pre-order; id == index in Plan::nodes) ---
    int id = -1;
    int parent = -1;
    QList<int> children;
    int depth = 0;

    // --- what the node is ---
    QString nodeType;            // "Seq Scan", "Hash Join", "Aggregate", ...
    QString parentRelationship;  // "Outer", "Inner", "InitPlan", "SubPlan", "Member", "Subquery", ...
    QString subplanName;         // "InitPlan 1 (returns $0)", "SubPlan 2", "CTE foo"
    QString cteName;             // for CTE Scan
    QString relationName;
    QString schema;
    QString alias;
    QString indexName;
    QString functionName;
    QString joinType;            // Inner, Left, Semi, Anti, ...
    QString strategy;            // Plain, Sorted, Hashed, Mixed
    QString partialMode;         // Simple, Partial, Finalize
    QString operation;           // ModifyTable: Insert/Update/Delete/Merge
    QString scanDirection;
    QString command;             // SetOp / LockRows etc. when present
    bool parallelAware = false;
    bool asyncCapable = false;
    bool innerUnique = false;

    // --- planner estimates ---
    std::optional<double> startupCost;
    std::optional<double> totalCost;
    std::optional<double> planRows;
    std::optional<double> planWidth;

    // --- execution (ANALYZE); per-loop averages exactly as PostgreSQL prints them ---
    std::optional<double> actualStartupMs;
    std::optional<double> actualTotalMs;
    std::optional<double> actualRows;
    std::optional<double> actualLoops;
    bool neverExecuted = false;

    // --- conditions and output ---
    QString filter;
    QString joinFilter;
    QString indexCond;
    QString recheckCond;
    QString hashCond;
    QString mergeCond;
    QString tidCond;
    QString oneTimeFilter;
    QStringList output;
    QStringList sortKey;
    QStringList presortedKey;
    QStringList groupKey;

    std::optional<double> rowsRemovedByFilter;
    std::optional<double> rowsRemovedByJoinFilter;
    std::optional<double> rowsRemovedByIndexRecheck;
    std::optional<double> heapFetches;
    std::optional<double> exactHeapBlocks;
    std::optional<double> lossyHeapBlocks;

    // --- sort / hash / memoize ---
    QString sortMethod;          // "quicksort", "external merge", "top-N heapsort"
    QString sortSpaceType;       // "Memory", "Disk"
    std::optional<double> sortSpaceUsedKb;
    std::optional<double> hashBuckets;
    std::optional<double> originalHashBuckets;
    std::optional<double> hashBatches;
    std::optional<double> originalHashBatches;
    std::optional<double> peakMemoryUsageKb;
    std::optional<double> diskUsageKb;       // HashAgg spill, Memoize etc.
    QString cacheKey;
    std::optional<double> cacheHits;
    std::optional<double> cacheMisses;
    std::optional<double> cacheEvictions;
    std::optional<double> cacheOverflows;

    // --- I/O ---
    Buffers buffers;             // inclusive, as printed
    bool hasBuffers = false;
    std::optional<double> ioReadMs;
    std::optional<double> ioWriteMs;
    std::optional<double> walRecords;
    std::optional<double> walFpi;
    std::optional<double> walBytes;

    // --- parallelism ---
    std::optional<int> workersPlanned;
    std::optional<int> workersLaunched;
    QList<WorkerStats> workers;
    std::optional<int> subplansRemoved;

    // Keys PostgreSQL printed that the model does not name; TEXT lines that were not recognised go here
    // under "Text Lines". Nothing the user pasted is dropped.
    QJsonObject extra;

    // --- derived by deriveMetrics(), never set by parsers ---
    double exclusiveMs = 0;          // self time over all loops (ms), workers and subplans corrected
    double inclusiveMs = 0;          // actualTotalMs × loops (× 1 for nodes under Gather: see metrics.cpp)
    double exclusiveCost = 0;        // totalCost minus children's totalCost (never below 0)
    Buffers exclusiveBuffers;
    std::optional<double> estimateFactor;  // actual rows×loops / plan rows×loops; >1 under-, <1 over-estimate
    double timeShare = 0;            // exclusiveMs / plan total, 0..1
    double costShare = 0;            // exclusiveCost / root totalCost, 0..1
    double totalActualRows() const;  // actualRows × loops (0 when not executed)

    bool isSubplanChild() const;     // InitPlan or SubPlan
    QString displayName() const;     // "Seq Scan on tracks t", "Index Scan using idx on tracks"
    QString textLabel() const;       // the name EXPLAIN TEXT prints: "HashAggregate", "Hash Left Join", "Insert",
                                     // "Parallel Seq Scan", "Partial GroupAggregate", "HashSetOp Except"
    bool operator==(const PlanNode &) const = default;
};

struct Trigger {
    QString name;
    QString relation;
    std::optional<double> timeMs;
    std::optional<double> calls;
    bool operator==(const Trigger &) const = default;
};

struct JitInfo {
    bool present = false;
    std::optional<double> functions;
    std::optional<double> generationMs;
    std::optional<double> inliningMs;
    std::optional<double> optimizationMs;
    std::optional<double> emissionMs;
    std::optional<double> totalMs;
    QJsonObject extra;
    bool operator==(const JitInfo &) const = default;
};

struct Plan {
    QList<PlanNode> nodes;           // pre-order; nodes[0] is the root
    PlanFormat sourceFormat = PlanFormat::Unknown;
    std::optional<double> planningMs;
    std::optional<double> executionMs;
    Buffers planningBuffers;
    QList<Trigger> triggers;
    JitInfo jit;
    QList<QPair<QString, QString>> settings;  // SETTINGS: name, value in the order printed
    QString queryText;               // auto_explain / JSON "Query Text"
    QString queryId;
    QJsonObject extra;               // top-level keys the model does not name

    // What the input carried; set by the parser.
    bool hasAnalyze = false;         // actual figures present
    bool hasTiming = false;          // actual times present (false with TIMING OFF)
    bool hasBuffers = false;
    bool hasCosts = true;

    bool isEmpty() const { return nodes.isEmpty(); }
    const PlanNode &root() const { return nodes.front(); }
    double totalMs() const;          // executionMs, else the root's inclusive time
    bool operator==(const Plan &) const = default;
};

// Fills every derived field above, once, after parsing. Idempotent.
void deriveMetrics(Plan &plan);

// Renders a factor as users read it: "×12" for under-estimates, "÷40" for over-estimates, "×1" when close.
QString formatEstimateFactor(double factor);

} // namespace PlanLens

Q_DECLARE_METATYPE(PlanLens::Plan)
