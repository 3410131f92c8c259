// SPDX-License-Identifier: MIT
#pragma once

#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include "optionaldouble.h"
#include "sharedvalue.h"

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

// Time spent reading and writing blocks (track_io_timing), by kind of block. PostgreSQL 17 prints shared, local
// and temp apart; 15 and 16 print shared and local together ("shared/local", JSON "I/O Read Time") next to temp;
// 14 and earlier print one pair ("read=… write=…"), which is shared and local blocks too.
struct IoTimings {
    OptionalDouble sharedReadMs;
    OptionalDouble sharedWriteMs;
    OptionalDouble localReadMs;
    OptionalDouble localWriteMs;
    OptionalDouble tempReadMs;
    OptionalDouble tempWriteMs;
    OptionalDouble sharedLocalReadMs;    // ≤ 16: shared and local not told apart
    OptionalDouble sharedLocalWriteMs;
    bool isEmpty() const;
    std::optional<double> totalReadMs() const;  // every read time added up; absent when none was printed
    std::optional<double> totalWriteMs() const;
    bool operator==(const IoTimings &) const = default;
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

// What few nodes carry: the less common conditions, sort, hash, cache, storage, WAL and worker details. PlanNode
// keeps them in a SharedValue, allocated only for a node that has one of them (a 100,000-node plan held whole is
// mostly scans and joins that have none).
struct PlanNodeDetail {
    QString cteName;             // for CTE Scan
    QString functionName;
    QString operation;           // ModifyTable: Insert/Update/Delete/Merge
    QString command;             // SetOp / LockRows etc. when present
    // PostgreSQL 18: the planner used a node type that enable_* had disabled. JSON always prints it (false
    // included), TEXT only "Disabled: true"; absent means the server did not say (before 18).
    std::optional<bool> disabled;

    QString mergeCond;
    QString tidCond;
    QString oneTimeFilter;
    QStringList presortedKey;

    OptionalDouble exactHeapBlocks;
    OptionalDouble lossyHeapBlocks;
    OptionalDouble indexSearches;     // PostgreSQL 18: "Index Searches: N", over all loops

    // --- sort / hash / memoize ---
    QString sortMethod;          // "quicksort", "external merge", "top-N heapsort"
    QString sortSpaceType;       // "Memory", "Disk"
    OptionalDouble sortSpaceUsedKb;
    OptionalDouble hashBuckets;
    OptionalDouble originalHashBuckets;
    OptionalDouble hashBatches;
    OptionalDouble originalHashBatches;
    OptionalDouble peakMemoryUsageKb;
    OptionalDouble diskUsageKb;       // HashAgg spill, Memoize etc.
    QString cacheKey;
    OptionalDouble cacheHits;
    OptionalDouble cacheMisses;
    OptionalDouble cacheEvictions;
    OptionalDouble cacheOverflows;
    QString storageType;              // PostgreSQL 18: "Storage: Memory  Maximum Storage: 17kB" (Memory, Disk)
    OptionalDouble maxStorageKb;      //   on Materialize, CTE Scan, WindowAgg, Recursive Union, Table Function

    // --- WAL ---
    OptionalDouble walRecords;
    OptionalDouble walFpi;
    OptionalDouble walBytes;
    OptionalDouble walBuffersFull;   // PostgreSQL 18: "WAL: … buffers full=N" (JSON "WAL Buffers Full")

    // --- parallelism ---
    QList<WorkerStats> workers;
    std::optional<int> subplansRemoved;

    bool operator==(const PlanNodeDetail &) const = default;
};

struct PlanNode {
    // --- identity and tree (nodes are stored flat, in pre-order; id == index in Plan::nodes) ---
    int id = -1;
    int parent = -1;
    int depth = 0;
    QList<int> children;

    // --- what the node is ---
    QString nodeType;            // "Seq Scan", "Hash Join", "Aggregate", ...
    QString parentRelationship;  // "Outer", "Inner", "InitPlan", "SubPlan", "Member", "Subquery", ...
    QString subplanName;         // "InitPlan 1 (returns $0)", "SubPlan 2", "CTE foo"
    QString relationName;
    QString schema;
    QString alias;
    QString indexName;
    QString joinType;            // Inner, Left, Semi, Anti, ...
    QString strategy;            // Plain, Sorted, Hashed, Mixed
    QString partialMode;         // Simple, Partial, Finalize
    QString scanDirection;
    bool parallelAware = false;
    bool asyncCapable = false;
    bool innerUnique = false;
    bool neverExecuted = false;
    bool hasBuffers = false;

    // --- planner estimates ---
    OptionalDouble startupCost;
    OptionalDouble totalCost;
    OptionalDouble planRows;
    OptionalDouble planWidth;

    // --- execution (ANALYZE); per-loop averages exactly as PostgreSQL prints them (18 keeps the fraction of rows:
    //     "rows=0.25 loops=4" is one row in all) ---
    OptionalDouble actualStartupMs;
    OptionalDouble actualTotalMs;
    OptionalDouble actualRows;
    OptionalDouble actualLoops;

    // --- conditions and output ---
    QString filter;
    QString joinFilter;
    QString indexCond;
    QString recheckCond;
    QString hashCond;
    QStringList output;
    QStringList sortKey;
    QStringList groupKey;

    OptionalDouble rowsRemovedByFilter;
    OptionalDouble rowsRemovedByJoinFilter;
    OptionalDouble rowsRemovedByIndexRecheck;
    OptionalDouble heapFetches;

    // --- I/O ---
    Buffers buffers;             // inclusive, as printed
    IoTimings io;                // split by kind of block, as printed (with track_io_timing every node has them)
    OptionalDouble ioReadMs;     // io's read times added up (what metrics and old versions call I/O time)
    OptionalDouble ioWriteMs;

    // --- parallelism ---
    std::optional<int> workersPlanned;
    std::optional<int> workersLaunched;

    // Keys PostgreSQL printed that the model does not name; TEXT lines that were not recognised go here
    // under "Text Lines". Nothing the user pasted is dropped.
    QJsonObject extra;

    // The rarer properties above (PlanNodeDetail): detail() reads them (defaults when the node has none),
    // editDetail() is for the readers that set them.
    const PlanNodeDetail &detail() const { return m_detail.get(); }
    PlanNodeDetail &editDetail() { return m_detail.edit(); }
    bool hasDetail() const { return m_detail.isAllocated(); }

    // --- derived by deriveMetrics(), never set by parsers ---
    double exclusiveMs = 0;          // self time over all loops (ms), workers and subplans corrected
    double inclusiveMs = 0;          // actualTotalMs × loops (× 1 for nodes under Gather: see metrics.cpp)
    double exclusiveCost = 0;        // totalCost minus children's totalCost (never below 0)
    Buffers exclusiveBuffers;
    OptionalDouble estimateFactor;   // actual rows×loops / plan rows×loops; >1 under-, <1 over-estimate
    double timeShare = 0;            // exclusiveMs / plan total, 0..1
    double costShare = 0;            // exclusiveCost / root totalCost, 0..1
    double totalActualRows() const;  // actualRows × loops (0 when not executed)

    bool isSubplanChild() const;     // InitPlan or SubPlan
    QString displayName() const;     // "Seq Scan on tracks t", "Index Scan using idx on tracks"
    QString textLabel() const;       // the name EXPLAIN TEXT prints: "HashAggregate", "Hash Left Join", "Insert",
                                     // "Parallel Seq Scan", "Partial GroupAggregate", "HashSetOp Except"
    bool operator==(const PlanNode &) const = default;

private:
    SharedValue<PlanNodeDetail> m_detail;
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
    std::optional<double> deformMs;  // PostgreSQL 17: part of generation ("Generation 0.3 ms (Deform 0.1 ms)")
    std::optional<double> inliningMs;
    std::optional<double> optimizationMs;
    std::optional<double> emissionMs;
    std::optional<double> totalMs;
    QJsonObject extra;
    bool operator==(const JitInfo &) const = default;
};

// EXPLAIN (SERIALIZE) (PostgreSQL 17): turning the result rows into the wire format. It belongs to the query,
// not to a node: its "Buffers:" line is the serialization's own.
struct Serialization {
    bool present = false;
    std::optional<double> timeMs;    // absent with TIMING OFF
    std::optional<double> outputKb;
    QString format;                  // "text", "binary"
    Buffers buffers;
    bool hasBuffers = false;
    IoTimings io;
    QJsonObject extra;
    bool operator==(const Serialization &) const = default;
};

struct Plan {
    QList<PlanNode> nodes;           // pre-order; nodes[0] is the root
    PlanFormat sourceFormat = PlanFormat::Unknown;
    std::optional<double> planningMs;
    std::optional<double> executionMs;
    Buffers planningBuffers;
    std::optional<double> planningMemoryUsedKb;       // EXPLAIN (MEMORY), PostgreSQL 17
    std::optional<double> planningMemoryAllocatedKb;
    Serialization serialization;
    QList<Trigger> triggers;
    JitInfo jit;
    QList<QPair<QString, QString>> settings;  // SETTINGS: name, value in the order printed
    QString queryText;               // auto_explain / JSON "Query Text"
    QString queryId;
    QJsonObject extra;               // top-level keys the model does not name

    // The server that produced the plan: its version number when the connection told (PQserverVersion, e.g.
    // 180001; 0 = unknown), and the text shown with the plan: "PostgreSQL 18.1", or what the plan's own fields
    // prove ("≥ 17" for SERIALIZE or MEMORY, "≥ 18" for Disabled, Index Searches, fractional rows, …), or empty.
    int serverVersion = 0;
    QString serverVersionHint;

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

// Records the version the connection reported (PQserverVersion) and sets serverVersionHint from it.
void setServerVersion(Plan &plan, int serverVersionNum);

// Fills every derived field above, once, after parsing. Idempotent.
void deriveMetrics(Plan &plan);

// Renders a factor as users read it: "×12" for under-estimates, "÷40" for over-estimates, "×1" when close.
QString formatEstimateFactor(double factor);

} // namespace PlanLens

// Every member moves by memcpy (Qt containers, shared pointers, plain values): QList grows without copying nodes.
Q_DECLARE_TYPEINFO(PlanLens::PlanNode, Q_RELOCATABLE_TYPE);

Q_DECLARE_METATYPE(PlanLens::Plan)
