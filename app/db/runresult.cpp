// SPDX-License-Identifier: MIT
#include "runresult.h"
#include "pgconnection.h"

#include "plan/planparser.h"

#include <QJsonArray>

#include <algorithm>

namespace PlanLens {

QString runModeName(RunMode mode)
{
    switch (mode) {
    case RunMode::Analyze: return QStringLiteral("analyze");
    case RunMode::TimingOff: return QStringLiteral("timing-off");
    case RunMode::Estimate: return QStringLiteral("estimate");
    }
    return QString();
}

std::optional<RunMode> runModeFromName(const QString &name)
{
    for (RunMode m : {RunMode::Analyze, RunMode::TimingOff, RunMode::Estimate})
        if (runModeName(m) == name)
            return m;
    return std::nullopt;
}

QString explainPrefix(RunMode mode, const ExplainOptions &options)
{
    QStringList opts;
    if (mode != RunMode::Estimate)
        opts << QStringLiteral("ANALYZE");
    if (mode == RunMode::TimingOff)
        opts << QStringLiteral("TIMING OFF");
    if (options.buffers)
        opts << QStringLiteral("BUFFERS");
    if (options.verbose)
        opts << QStringLiteral("VERBOSE");
    if (options.settings)
        opts << QStringLiteral("SETTINGS");
    if (options.wal && mode != RunMode::Estimate)   // PostgreSQL: "EXPLAIN option WAL requires ANALYZE"
        opts << QStringLiteral("WAL");
    opts << QStringLiteral("FORMAT JSON");
    return QStringLiteral("EXPLAIN (%1)").arg(opts.join(QStringLiteral(", ")));
}

std::optional<double> median(QList<double> values)
{
    if (values.isEmpty())
        return std::nullopt;
    std::sort(values.begin(), values.end());
    const qsizetype n = values.size();
    return n % 2 ? values.at(n / 2) : (values.at(n / 2 - 1) + values.at(n / 2)) / 2.0;
}

void SideResult::computeStats()
{
    medianMs = median(runsMs);
    if (runsMs.isEmpty()) {
        minMs.reset();
        maxMs.reset();
    } else {
        minMs = *std::min_element(runsMs.cbegin(), runsMs.cend());
        maxMs = *std::max_element(runsMs.cbegin(), runsMs.cend());
    }
    std::optional<double> cost;
    for (const StatementRun &s : std::as_const(statements))
        if (!s.plan.isEmpty() && s.plan.root().totalCost)
            cost = cost.value_or(0) + *s.plan.root().totalCost;
    if (cost)
        totalCost = cost;
}

QString SideResult::rowsHashHex() const
{
    return rowsHash ? PlanLens::rowsHashHex(*rowsHash) : QString();
}

void RunResult::computeStats()
{
    before.computeStats();
    after.computeStats();
    speedup.reset();
    rowsEqual.reset();
    if (before.medianMs && after.medianMs && *after.medianMs > 0)
        speedup = *before.medianMs / *after.medianMs;
    if (before.rows && after.rows && before.rowsHash && after.rowsHash)
        rowsEqual = *before.rows == *after.rows && *before.rowsHash == *after.rowsHash;
}

namespace {

template<class T>
QJsonValue orNull(const std::optional<T> &v)
{
    return v ? QJsonValue(double(*v)) : QJsonValue(QJsonValue::Null);
}

QJsonObject sideJson(const SideResult &side, const QString &prefix, RunMode mode)
{
    QJsonArray runs;
    for (double ms : side.runsMs)
        runs.append(ms);
    QJsonArray plans;
    QJsonArray statements;
    for (const StatementRun &s : side.statements) {
        QJsonArray stmtRuns;
        for (double ms : s.runsMs)
            stmtRuns.append(ms);
        QJsonObject st{
            {QStringLiteral("index"), s.index + 1},
            {QStringLiteral("statement"), s.text},
            {QStringLiteral("kind"), statementKindName(s.kind)},
            {QStringLiteral("writes"), s.writes},
            {QStringLiteral("explained"), s.explained},
            {QStringLiteral("executed"), s.executed},
            {QStringLiteral("runs_ms"), stmtRuns},
            {QStringLiteral("median_ms"), orNull(median(s.runsMs))},
            {QStringLiteral("rows"), s.rows >= 0 ? QJsonValue(double(s.rows)) : QJsonValue(QJsonValue::Null)},
            {QStringLiteral("command_status"), s.commandStatus},
        };
        if (!s.note.isEmpty())
            st.insert(QStringLiteral("note"), s.note);
        statements.append(st);
        if (!s.explained)
            continue;
        QJsonObject plan = s.plan.isEmpty() ? QJsonObject() : planToAnalyzeJson(s.plan);
        plan.insert(QStringLiteral("statement"), s.text);
        plan.insert(QStringLiteral("statement_index"), s.index + 1);
        plan.insert(QStringLiteral("explain"), prefix);
        plan.insert(QStringLiteral("mode"), runModeName(mode));
        if (!s.planError.isEmpty())
            plan.insert(QStringLiteral("plan_error"), s.planError);
        plans.append(plan);
    }
    QJsonObject out{
        {QStringLiteral("median_ms"), orNull(side.medianMs)},
        {QStringLiteral("min_ms"), orNull(side.minMs)},
        {QStringLiteral("max_ms"), orNull(side.maxMs)},
        {QStringLiteral("runs_ms"), runs},
        {QStringLiteral("rows"), orNull(side.rows)},
        {QStringLiteral("rows_hash"), side.rowsHash ? QJsonValue(side.rowsHashHex()) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("rows_stable"), side.rowsStable},
        {QStringLiteral("total_cost"), orNull(side.totalCost)},
        {QStringLiteral("plans"), plans},
        {QStringLiteral("statements"), statements},
    };
    if (side.timedOut) {
        out.insert(QStringLiteral("timed_out"), true);
        out.insert(QStringLiteral("timeout_message"), side.timeoutMessage);
    }
    return out;
}

} // namespace

QJsonObject RunResult::toJson() const
{
    const QString prefix = explainPrefix(mode, explain);
    QJsonArray params;
    for (const RunParameter &p : parameters)
        params.append(QJsonObject{{QStringLiteral("name"), p.name},
                                  {QStringLiteral("value"), p.isNull ? QJsonValue(QJsonValue::Null) : QJsonValue(p.value)},
                                  {QStringLiteral("type"), p.type}});
    return QJsonObject{
        {QStringLiteral("before"), sideJson(before, prefix, mode)},
        {QStringLiteral("after"), sideJson(after, prefix, mode)},
        {QStringLiteral("speedup"), orNull(speedup)},
        {QStringLiteral("rows_equal"), rowsEqual ? QJsonValue(*rowsEqual) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("mode"), runModeName(mode)},
        {QStringLiteral("explain"), prefix},
        {QStringLiteral("generic_plan"), explain.genericPlan},
        {QStringLiteral("runs"), runs},
        {QStringLiteral("warmup"), warmup},
        {QStringLiteral("rounds_done"), roundsDone},
        {QStringLiteral("complete"), complete},
        {QStringLiteral("timeout_ms"), timeoutMs},
        {QStringLiteral("allow_writes"), allowWrites},
        {QStringLiteral("parameters"), params},
        {QStringLiteral("server"), server},
        {QStringLiteral("started_at"), startedAt.toUTC().toString(Qt::ISODateWithMs)},
    };
}

} // namespace PlanLens
