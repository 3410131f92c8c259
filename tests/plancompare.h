// SPDX-License-Identifier: MIT
// Field-by-field comparison of a Plan read from TEXT with the Plan read from JSON of the same execution.
// Only what TEXT carries is compared; the rules for what it leaves out are next to each field.
#pragma once

#include "plan/plan.h"

#include <QStringList>

namespace PlanCompare {

using namespace PlanLens;

inline QString show(const std::optional<double> &v)
{
    return v ? QString::number(*v, 'g', 17) : QStringLiteral("(absent)");
}

inline QString show(const std::optional<int> &v)
{
    return v ? QString::number(*v) : QStringLiteral("(absent)");
}

inline QString show(const QString &s)
{
    return u'"' + s + u'"';
}

inline QString show(const QStringList &l)
{
    return u'[' + l.join(QStringLiteral(" | ")) + u']';
}

inline QString show(bool b)
{
    return b ? QStringLiteral("true") : QStringLiteral("false");
}

inline QString show(qint64 v)
{
    return QString::number(v);
}

inline QString show(int v)
{
    return QString::number(v);
}

inline QString show(double v)
{
    return QString::number(v, 'g', 17);
}

struct Differences {
    QStringList lines;
    template<class T>
    void check(const QString &where, const char *field, const T &text, const T &json)
    {
        if (!(text == json))
            lines << QStringLiteral("%1: %2: text %3, json %4").arg(where, QLatin1String(field), show(text), show(json));
    }
    // A figure a run decides: with `presenceOnly`, both must have it or both lack it.
    template<class T>
    void fig(bool presenceOnly, const QString &where, const char *field, const std::optional<T> &text,
             const std::optional<T> &json)
    {
        if (!presenceOnly) {
            check(where, field, text, json);
            return;
        }
        if (text.has_value() != json.has_value())
            lines << QStringLiteral("%1: %2: text %3, json %4 (present in one only)")
                         .arg(where, QLatin1String(field), show(text), show(json));
    }
    void fig(bool presenceOnly, const QString &where, const char *field, const OptionalDouble &text,
             const OptionalDouble &json)
    {
        fig(presenceOnly, where, field, text.toOptional(), json.toOptional());
    }
    void buffers(const QString &where, const Buffers &t, const Buffers &j)
    {
        check(where, "buffers.sharedHit", t.sharedHit, j.sharedHit);
        check(where, "buffers.sharedRead", t.sharedRead, j.sharedRead);
        check(where, "buffers.sharedDirtied", t.sharedDirtied, j.sharedDirtied);
        check(where, "buffers.sharedWritten", t.sharedWritten, j.sharedWritten);
        check(where, "buffers.localHit", t.localHit, j.localHit);
        check(where, "buffers.localRead", t.localRead, j.localRead);
        check(where, "buffers.localDirtied", t.localDirtied, j.localDirtied);
        check(where, "buffers.localWritten", t.localWritten, j.localWritten);
        check(where, "buffers.tempRead", t.tempRead, j.tempRead);
        check(where, "buffers.tempWritten", t.tempWritten, j.tempWritten);
    }
};

// TEXT prints I/O timings and WAL counters only when non-zero; JSON prints zeros.
inline std::optional<double> zeroIsAbsent(const std::optional<double> &v)
{
    return v && *v != 0 ? v : std::nullopt;
}

// Runs::Same: TEXT and JSON of one execution (a conversion of one into the other): every figure must match.
// Runs::Separate: two executions of the same statement, as PostgreSQL gives one format per run. Then what a
// run changes is compared by presence only (both have it or both lack it): times, buffers, I/O, WAL, trigger
// and JIT timings, and everything at or below a Gather, whose split of rows among workers varies per run.
enum class Runs { Same, Separate };

inline QStringList compare(const Plan &text, const Plan &json, Runs runs = Runs::Same)
{
    Differences d;
    const bool separate = runs == Runs::Separate;
    d.check(QStringLiteral("plan"), "node count", int(text.nodes.size()), int(json.nodes.size()));
    if (text.nodes.size() != json.nodes.size())
        return d.lines;
    d.fig(separate, QStringLiteral("plan"), "planningMs", text.planningMs, json.planningMs);
    d.fig(separate, QStringLiteral("plan"), "executionMs", text.executionMs, json.executionMs);
    if (!separate)
        d.buffers(QStringLiteral("plan planning"), text.planningBuffers, json.planningBuffers);
    d.check(QStringLiteral("plan"), "hasAnalyze", text.hasAnalyze, json.hasAnalyze);
    d.check(QStringLiteral("plan"), "hasTiming", text.hasTiming, json.hasTiming);
    d.check(QStringLiteral("plan"), "hasCosts", text.hasCosts, json.hasCosts);
    d.check(QStringLiteral("plan"), "queryId", text.queryId, json.queryId);
    d.check(QStringLiteral("plan"), "trigger count", int(text.triggers.size()), int(json.triggers.size()));
    for (qsizetype i = 0; i < std::min(text.triggers.size(), json.triggers.size()); ++i) {
        const QString w = QStringLiteral("trigger %1").arg(i);
        d.check(w, "name", text.triggers[i].name, json.triggers[i].name);
        d.fig(separate, w, "timeMs", text.triggers[i].timeMs, json.triggers[i].timeMs);
        d.check(w, "calls", text.triggers[i].calls, json.triggers[i].calls);
        if (!text.triggers[i].relation.isEmpty())   // TEXT names the relation only with VERBOSE or several
            d.check(w, "relation", text.triggers[i].relation, json.triggers[i].relation);
    }
    d.check(QStringLiteral("jit"), "present", text.jit.present, json.jit.present);
    d.check(QStringLiteral("jit"), "functions", text.jit.functions, json.jit.functions);
    d.fig(separate, QStringLiteral("jit"), "generationMs", text.jit.generationMs, json.jit.generationMs);
    d.fig(separate, QStringLiteral("jit"), "inliningMs", text.jit.inliningMs, json.jit.inliningMs);
    d.fig(separate, QStringLiteral("jit"), "optimizationMs", text.jit.optimizationMs, json.jit.optimizationMs);
    d.fig(separate, QStringLiteral("jit"), "emissionMs", text.jit.emissionMs, json.jit.emissionMs);
    d.fig(separate, QStringLiteral("jit"), "totalMs", text.jit.totalMs, json.jit.totalMs);
    d.check(QStringLiteral("plan"), "settings count", int(text.settings.size()), int(json.settings.size()));
    for (const auto &s : text.settings) {
        QString jv;
        for (const auto &js : json.settings)
            if (js.first == s.first)
                jv = js.second;
        d.check(QStringLiteral("setting %1").arg(s.first), "value", s.second, jv);
    }

    bool verbose = false;
    for (const PlanNode &n : text.nodes)
        verbose = verbose || !n.output.isEmpty();

    // Nodes at or below a Gather: their actual figures depend on how the run split the work.
    QList<bool> parallel(json.nodes.size(), false);
    for (qsizetype i = 0; i < json.nodes.size(); ++i) {
        const PlanNode &n = json.nodes[i];
        parallel[i] = n.nodeType.startsWith(u"Gather") || (n.parent >= 0 && parallel[n.parent]);
    }

    for (qsizetype i = 0; i < text.nodes.size(); ++i) {
        const PlanNode &t = text.nodes[i];
        const PlanNode &j = json.nodes[i];
        const bool varies = separate && parallel[i];
        const QString w = QStringLiteral("node %1 (%2)").arg(i).arg(j.displayName());
        d.check(w, "parent", t.parent, j.parent);
        d.check(w, "depth", t.depth, j.depth);
        d.check(w, "children", int(t.children.size()), int(j.children.size()));
        d.check(w, "nodeType", t.nodeType, j.nodeType);
        d.check(w, "parentRelationship", t.parentRelationship, j.parentRelationship);
        d.check(w, "subplanName", t.subplanName, j.subplanName);
        d.check(w, "cteName", t.detail().cteName, j.detail().cteName);
        d.check(w, "relationName", t.relationName, j.relationName);
        d.check(w, "schema", t.schema, j.schema);
        d.check(w, "alias", t.alias, j.alias);
        d.check(w, "indexName", t.indexName, j.indexName);
        d.check(w, "functionName", t.detail().functionName, j.detail().functionName);
        d.check(w, "joinType", t.joinType, j.joinType);
        d.check(w, "strategy", t.strategy, j.strategy);
        d.check(w, "partialMode", t.partialMode, j.partialMode);
        d.check(w, "operation", t.detail().operation, j.detail().operation);
        d.check(w, "scanDirection", t.scanDirection, j.scanDirection);
        d.check(w, "command", t.detail().command, j.detail().command);
        d.check(w, "parallelAware", t.parallelAware, j.parallelAware);
        d.check(w, "asyncCapable", t.asyncCapable, j.asyncCapable);
        if (verbose)   // "Inner Unique" is a VERBOSE line in TEXT
            d.check(w, "innerUnique", t.innerUnique, j.innerUnique);
        d.check(w, "startupCost", t.startupCost, j.startupCost);
        d.check(w, "totalCost", t.totalCost, j.totalCost);
        d.check(w, "planRows", t.planRows, j.planRows);
        d.check(w, "planWidth", t.planWidth, j.planWidth);
        d.fig(separate, w, "actualStartupMs", t.actualStartupMs, j.actualStartupMs);
        d.fig(separate, w, "actualTotalMs", t.actualTotalMs, j.actualTotalMs);
        d.fig(varies, w, "actualRows", t.actualRows, j.actualRows);
        d.fig(varies, w, "actualLoops", t.actualLoops, j.actualLoops);
        d.check(w, "neverExecuted", t.neverExecuted, j.neverExecuted);
        d.check(w, "filter", t.filter, j.filter);
        d.check(w, "joinFilter", t.joinFilter, j.joinFilter);
        d.check(w, "indexCond", t.indexCond, j.indexCond);
        d.check(w, "recheckCond", t.recheckCond, j.recheckCond);
        d.check(w, "hashCond", t.hashCond, j.hashCond);
        d.check(w, "mergeCond", t.detail().mergeCond, j.detail().mergeCond);
        d.check(w, "tidCond", t.detail().tidCond, j.detail().tidCond);
        d.check(w, "oneTimeFilter", t.detail().oneTimeFilter, j.detail().oneTimeFilter);
        d.check(w, "output", t.output, j.output);
        d.check(w, "sortKey", t.sortKey, j.sortKey);
        d.check(w, "presortedKey", t.detail().presortedKey, j.detail().presortedKey);
        d.check(w, "groupKey", t.groupKey, j.groupKey);
        d.fig(varies, w, "rowsRemovedByFilter", t.rowsRemovedByFilter, j.rowsRemovedByFilter);
        d.fig(varies, w, "rowsRemovedByJoinFilter", t.rowsRemovedByJoinFilter, j.rowsRemovedByJoinFilter);
        d.fig(varies, w, "rowsRemovedByIndexRecheck", t.rowsRemovedByIndexRecheck, j.rowsRemovedByIndexRecheck);
        d.fig(varies, w, "heapFetches", t.heapFetches, j.heapFetches);
        d.fig(varies, w, "exactHeapBlocks", t.detail().exactHeapBlocks, j.detail().exactHeapBlocks);
        d.fig(varies, w, "lossyHeapBlocks", t.detail().lossyHeapBlocks, j.detail().lossyHeapBlocks);
        if (!varies) {
            d.check(w, "sortMethod", t.detail().sortMethod, j.detail().sortMethod);
            d.check(w, "sortSpaceType", t.detail().sortSpaceType, j.detail().sortSpaceType);
        }
        d.fig(varies, w, "sortSpaceUsedKb", t.detail().sortSpaceUsedKb, j.detail().sortSpaceUsedKb);
        d.fig(varies, w, "hashBuckets", t.detail().hashBuckets, j.detail().hashBuckets);
        d.fig(varies, w, "originalHashBuckets", t.detail().originalHashBuckets, j.detail().originalHashBuckets);
        d.fig(varies, w, "hashBatches", t.detail().hashBatches, j.detail().hashBatches);
        d.fig(varies, w, "originalHashBatches", t.detail().originalHashBatches, j.detail().originalHashBatches);
        d.fig(varies, w, "peakMemoryUsageKb", t.detail().peakMemoryUsageKb, j.detail().peakMemoryUsageKb);
        d.fig(varies, w, "diskUsageKb", t.detail().diskUsageKb, j.detail().diskUsageKb);
        d.check(w, "cacheKey", t.detail().cacheKey, j.detail().cacheKey);
        d.fig(varies, w, "cacheHits", t.detail().cacheHits, j.detail().cacheHits);
        d.fig(varies, w, "cacheMisses", t.detail().cacheMisses, j.detail().cacheMisses);
        d.fig(varies, w, "cacheEvictions", t.detail().cacheEvictions, j.detail().cacheEvictions);
        d.fig(varies, w, "cacheOverflows", t.detail().cacheOverflows, j.detail().cacheOverflows);
        if (!separate) {
            d.buffers(w, t.buffers, j.buffers);
            d.check(w, "ioReadMs", zeroIsAbsent(t.ioReadMs), zeroIsAbsent(j.ioReadMs));
            d.check(w, "ioWriteMs", zeroIsAbsent(t.ioWriteMs), zeroIsAbsent(j.ioWriteMs));
            d.check(w, "walRecords", zeroIsAbsent(t.detail().walRecords), zeroIsAbsent(j.detail().walRecords));
            d.check(w, "walFpi", zeroIsAbsent(t.detail().walFpi), zeroIsAbsent(j.detail().walFpi));
            d.check(w, "walBytes", zeroIsAbsent(t.detail().walBytes), zeroIsAbsent(j.detail().walBytes));
        } else {
            d.fig(true, w, "walRecords", zeroIsAbsent(t.detail().walRecords), zeroIsAbsent(j.detail().walRecords));
        }
        d.check(w, "workersPlanned", t.workersPlanned, j.workersPlanned);
        d.check(w, "workersLaunched", t.workersLaunched, j.workersLaunched);
        d.check(w, "subplansRemoved", t.detail().subplansRemoved, j.detail().subplansRemoved);
        // Workers: TEXT prints a "Worker N:" line for what JSON lists under "Workers".
        // (A separate run may launch fewer workers, so then only the TEXT's workers are looked for.)
        if (!separate)
            d.check(w, "worker count", int(t.detail().workers.size()), int(j.detail().workers.size()));
        for (qsizetype k = 0; k < std::min(t.detail().workers.size(), j.detail().workers.size()); ++k) {
            const QString ww = w + QStringLiteral(" worker %1").arg(k);
            d.check(ww, "number", t.detail().workers[k].number, j.detail().workers[k].number);
            d.fig(separate, ww, "actualStartupMs", t.detail().workers[k].actualStartupMs, j.detail().workers[k].actualStartupMs);
            d.fig(separate, ww, "actualTotalMs", t.detail().workers[k].actualTotalMs, j.detail().workers[k].actualTotalMs);
            d.fig(separate, ww, "actualRows", t.detail().workers[k].actualRows, j.detail().workers[k].actualRows);
            d.fig(separate, ww, "actualLoops", t.detail().workers[k].actualLoops, j.detail().workers[k].actualLoops);
            if (!separate)
                d.buffers(ww, t.detail().workers[k].buffers, j.detail().workers[k].buffers);
        }
        // Derived figures follow from the above; comparing them checks deriveMetrics is format-blind.
        if (!separate)
            d.check(w, "exclusiveMs", t.exclusiveMs, j.exclusiveMs);
        d.fig(varies, w, "estimateFactor", t.estimateFactor, j.estimateFactor);
    }
    return d.lines;
}

} // namespace PlanCompare
