// SPDX-License-Identifier: MIT
#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace PlanLens {

class DetectInput;
struct Plan;

// Extended statistics the plan asks for: a scan whose conditions AND plain comparisons (=, IN, <, >, BETWEEN) on
// two or more columns of its table and whose row estimate is 10x or more under the actual rows. PostgreSQL
// multiplies the selectivities of such conditions as if the columns were independent; when one column depends
// on the other (a zip code and its city) the product is far too small. CREATE STATISTICS (dependencies, mcv)
// lets the planner see the dependency. row-misestimate advises it and the create-statistics rewrite writes it
// from the same function, so a finding names the rewrite exactly when the rewrite comes.
struct StatisticsSuggestion {
    QString schema; // as the plan prints it ("public")
    QString relation;
    QString alias; // the plan's alias when it differs from the relation name
    QStringList columns; // in order of appearance, at most 8 (PostgreSQL's limit)
    int node = -1; // the scan, index into Plan::nodes
    QString nodeName; // "Bitmap Heap Scan on zc_addresses"
    double planRows = 0; // the scan's estimate and actual rows, × loops
    double actualRows = 0;

    // zc_addresses_zip_city_stats (at most 63 bytes, PostgreSQL's identifier length)
    QString name() const;
    // "zc_addresses" or "app.zc_addresses", quoted where needed
    QString qualifiedRelation() const;
    // CREATE STATISTICS zc_addresses_zip_city_stats (dependencies, mcv) ON zip, city FROM zc_addresses
    QString ddl() const;
    // ANALYZE zc_addresses
    QString analyzeSql() const;
};

// What planning the statement again with the suggested statistics changed (the verifier's probe, rolled back):
// the scan's row estimate before and after, next to the actual rows. All figures per loop, as EXPLAIN prints them.
struct StatisticsEffect {
    QString relation;
    QString nodeBefore; // the scan in each plan ("Bitmap Heap Scan on zc_addresses"), empty when not found
    QString nodeAfter;
    std::optional<double> estimateBefore;
    std::optional<double> estimateAfter;
    std::optional<double> actualRows; // from EXPLAIN ANALYZE of the After plan; empty when it was not executed
    double costBefore = 0; // the root's total cost without and with the statistics
    double costAfter = 0;
    bool rolledBack = false; // the transaction that created the statistics was rolled back
    // The `statistics` object of `verified` in `planlens rewrite --json` (docs/cli.md).
    QJsonObject toJson() const;
    // "Bitmap Heap Scan on zc_addresses: estimated 20 rows, with the statistics 1,000; actual 1,000."
    QString sentence() const;
};

namespace StatisticsSuggestions {

// A scan is a candidate from this many rows (actual or estimated, × loops) and this factor on.
constexpr double kMinRows = 500;
// Fewer rows count when the node planned on the estimate (or the scan itself) takes this share of the time.
constexpr double kMinRowsWhenCostly = 50;
constexpr double kMinShareWhenFewRows = 0.2;
constexpr double kMinFactor = 10;
constexpr int kMaxColumns = 8;

// The suggestion for the scan `node`, when its estimate is the origin of a 10x+ under-estimate (with kMinRows, or
// kMinRowsWhenCostly and a fifth of the time) and its conditions are plain comparisons of two or more of its own
// columns, ANDed; else nothing.
std::optional<StatisticsSuggestion> forScan(const DetectInput &in, int node);
// Every suggestion of the plan, one per relation and column set (the first scan wins).
QList<StatisticsSuggestion> forPlan(const Plan &plan);

// Where `suggestion`'s scan is in another plan of the same statement (EXPLAIN run again, on other statistics):
// the first scan of the relation (and alias) whose conditions use the same columns; -1 when there is none.
int findScan(const Plan &plan, const StatisticsSuggestion &suggestion);

// The relation (schema, name) and columns of a CREATE STATISTICS statement as ddl() writes it; nothing when the
// text is not one.
std::optional<StatisticsSuggestion> fromDdl(const QString &createStatistics);

// Compares the plan of the statement before and after CREATE STATISTICS + ANALYZE.
StatisticsEffect effect(const Plan &before, const Plan &after, const StatisticsSuggestion &suggestion);

} // namespace StatisticsSuggestions

} // namespace PlanLens
