// SPDX-License-Identifier: MIT
#pragma once

#include "plan/plan.h"
#include "sql/sqlscript.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>

#include <optional>

namespace PlanLens {

// How a run measures (issue #5, docs/cli.md "run").
enum class RunMode {
    Analyze,     // EXPLAIN (ANALYZE, ...) once, plus timed plain executions
    TimingOff,   // EXPLAIN (ANALYZE, TIMING OFF, ...): per-node row counts without clock overhead
    Estimate,    // plain EXPLAIN: nothing is executed, plans carry costs only
};
QString runModeName(RunMode mode);                        // "analyze", "timing-off", "estimate"
std::optional<RunMode> runModeFromName(const QString &name);

struct ExplainOptions {
    bool buffers = true;
    bool verbose = true;
    bool settings = true;
    bool wal = false;            // needs ANALYZE: ignored in estimate mode
    bool genericPlan = false;    // PREPARE + plan_cache_mode = force_generic_plan instead of the custom plan
    bool operator==(const ExplainOptions &) const = default;
};
// The EXPLAIN prefix a run sends, e.g. "EXPLAIN (ANALYZE, BUFFERS, VERBOSE, SETTINGS, FORMAT JSON)": shown
// next to every plan so the reader knows what was measured.
QString explainPrefix(RunMode mode, const ExplainOptions &options);

// One row of the parameter table. name is "1", "2", ... for $1, $2, or the name of a named parameter.
// $ids needs no row: it is the first column of the previous statement's result (a row named "ids" overrides).
struct RunParameter {
    QString name;
    QString value;               // text form, as psql would send it
    QString type;                // optional SQL type name ("int", "text[]"); empty lets the server infer it
    bool isNull = false;
    bool operator==(const RunParameter &) const = default;
};

// A named parameter of the After script bound from an earlier statement's result, as one array (a rewrite's
// `array_params`): $name is column `column` (0-based) of the rows of statement `fromStatement` (0-based, in the
// After script). A parameter table row with a value still overrides it.
struct RunArrayParam {
    QString name;
    int fromStatement = 0;
    int column = 0;
    bool operator==(const RunArrayParam &) const = default;
};

struct RunRequest {
    QString beforeSql;
    QString afterSql;
    QList<RunParameter> parameters;
    QList<RunArrayParam> afterArrayParams;   // declared array parameters of the After script (see RunArrayParam)
    RunMode mode = RunMode::Analyze;
    ExplainOptions explain;
    int runs = 7;                // measured rounds
    int warmup = 2;              // unmeasured rounds before them
    int timeoutMs = 60000;       // SET LOCAL statement_timeout, per statement
    bool allowWrites = false;    // run writing statements (always rolled back)
};

// One statement of one side.
struct StatementRun {
    int index = 0;               // 0-based position in the side's script
    QString text;                // as the user typed it
    int start = 0;               // QString index range in the side's script
    int end = 0;
    StatementKind kind = StatementKind::Other;
    bool writes = false;
    bool explained = false;      // an EXPLAIN of it was captured
    QString explainJson;         // the server's EXPLAIN (FORMAT JSON) text, unchanged
    Plan plan;                   // parsed from explainJson when the run finished (empty if not explained)
    QString planError;           // why explainJson did not parse, if it did not
    bool executed = false;       // plain executions were timed
    QList<double> runsMs;        // client time of each measured execution
    qint64 rows = -1;            // rows returned (or affected) by the last execution, -1 if never executed
    QString commandStatus;       // "SELECT 6", "DELETE 3"
    QString note;                // what the runner did differently, e.g. "not executed in estimate mode"
};

struct SideResult {
    QString sql;
    QList<StatementRun> statements;
    QList<double> runsMs;        // per measured round: the client times of all statements added up
    std::optional<double> medianMs;
    std::optional<double> minMs;
    std::optional<double> maxMs;
    std::optional<qint64> rows;  // rows of the last statement (the script's result)
    std::optional<quint64> rowsHash;   // order-insensitive hash of those rows
    bool rowsStable = true;      // every measured round returned the same rows
    std::optional<double> totalCost;   // sum of the planner's total cost of the explained statements
    bool timedOut = false;       // a statement hit the statement timeout: this side stopped there, the other went on
    QString timeoutMessage;      // which statement, and the timeout, e.g. "After, statement 1 (line 1) ran longer …"

    void computeStats();         // median/min/max from runsMs
    QString rowsHashHex() const; // 16 hex digits, empty when unknown
};

struct RunResult {
    RunMode mode = RunMode::Analyze;
    ExplainOptions explain;
    int runs = 0;                // requested measured rounds
    int warmup = 0;
    int timeoutMs = 0;
    bool allowWrites = false;
    QList<RunParameter> parameters;
    int roundsDone = 0;          // measured rounds completed (less than runs when stopped)
    bool complete = false;
    QString server;              // PgConnection::description() at the time of the run
    QDateTime startedAt;
    SideResult before;
    SideResult after;
    std::optional<double> speedup;     // before median / after median
    std::optional<bool> rowsEqual;     // same row count and hash on both sides

    void computeStats();         // both sides, then speedup and rowsEqual
    // The `planlens run --json` object (docs/cli.md); plans are planToAnalyzeJson() objects per statement.
    QJsonObject toJson() const;
};

// The median of a list (the mean of the two middle values for an even count).
std::optional<double> median(QList<double> values);

} // namespace PlanLens

Q_DECLARE_METATYPE(PlanLens::RunResult)
