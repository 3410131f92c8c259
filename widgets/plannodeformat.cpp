// SPDX-License-Identifier: MIT
#include "plannodeformat.h"

#include "format/units.h"
#include "theme.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <cmath>

namespace PlanLens::NodeFormat {

namespace {

QString esc(const QString &s) { return s.toHtmlEscaped(); }

// Figures as PostgreSQL's text EXPLAIN prints them (fixed decimals, whole numbers without grouping); figures for
// reading go through Units, as everywhere else.
QString fixed(double v, int decimals) { return QString::number(v, 'f', decimals); }

QString costs(double a, double b) { return fixed(a, 2) + QStringLiteral("..") + fixed(b, 2); }

QString buffersText(const Buffers &b)
{
    QStringList parts;
    auto group = [&parts](const char *name, std::initializer_list<std::pair<const char *, qint64>> items) {
        QStringList xs;
        for (const auto &[k, v] : items)
            if (v)
                xs << QStringLiteral("%1=%2").arg(QLatin1String(k)).arg(v);
        if (!xs.isEmpty())
            parts << QLatin1String(name) + u' ' + xs.join(u' ');
    };
    group("shared", {{"hit", b.sharedHit}, {"read", b.sharedRead}, {"dirtied", b.sharedDirtied}, {"written", b.sharedWritten}});
    group("local", {{"hit", b.localHit}, {"read", b.localRead}, {"dirtied", b.localDirtied}, {"written", b.localWritten}});
    group("temp", {{"read", b.tempRead}, {"written", b.tempWritten}});
    return parts.join(QStringLiteral(", "));
}

QString whole(const std::optional<double> &v)
{
    return v ? QString::number(std::llround(*v)) : QStringLiteral("–");
}

QString shown(const std::optional<double> &v)
{
    return v ? Units::count(*v) : QStringLiteral("–");
}

QString shownRows(const std::optional<double> &v)
{
    return v ? Units::rows(*v) : QStringLiteral("–");
}

// Actual rows as EXPLAIN TEXT prints them: whole numbers as before, PostgreSQL 18's fractions with two decimals.
QString psqlRows(const std::optional<double> &v)
{
    if (v && *v != std::floor(*v))
        return fixed(*v, 2);
    return whole(v);
}

QString jsonText(const QJsonValue &v)
{
    if (v.isString())
        return v.toString();
    if (v.isDouble())
        return QString::number(v.toDouble(), 'g', 15);
    if (v.isBool())
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    if (v.isNull() || v.isUndefined())
        return QStringLiteral("null");
    if (v.isArray())
        return QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact));
    return QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
}

} // namespace

QString title(const PlanNode &n)
{
    QString t = n.nodeType;
    if (t == u"Aggregate") {
        if (n.strategy == u"Hashed")
            t = QStringLiteral("HashAggregate");
        else if (n.strategy == u"Sorted")
            t = QStringLiteral("GroupAggregate");
        else if (n.strategy == u"Mixed")
            t = QStringLiteral("MixedAggregate");
    } else if (t == u"SetOp" && n.strategy == u"Hashed") {
        t = QStringLiteral("HashSetOp");
    } else if (t == u"ModifyTable" && !n.detail().operation.isEmpty()) {
        t = n.detail().operation;
    }
    if (!n.joinType.isEmpty() && n.joinType != u"Inner") {
        if (t == u"Nested Loop")
            t += u' ' + n.joinType + QStringLiteral(" Join");
        else if (t.endsWith(QStringLiteral(" Join")))
            t.insert(t.size() - 5, u' ' + n.joinType);
    }
    if (n.scanDirection == u"Backward" && t.contains(QStringLiteral("Index")))
        t += QStringLiteral(" Backward");
    if (!n.partialMode.isEmpty() && n.partialMode != u"Simple")
        t.prepend(n.partialMode + u' ');
    if (n.parallelAware && !t.startsWith(QStringLiteral("Parallel")))
        t.prepend(QStringLiteral("Parallel "));
    return t;
}

QString target(const PlanNode &n)
{
    QString s;
    if (!n.indexName.isEmpty())
        s = QStringLiteral("using ") + n.indexName;
    QString on;
    QString name;
    if (!n.relationName.isEmpty())
        name = n.relationName;
    else if (!n.detail().cteName.isEmpty())
        name = n.detail().cteName;
    else if (!n.detail().functionName.isEmpty())
        name = n.detail().functionName;
    if (!name.isEmpty()) {
        on = QStringLiteral("on ") + name;
        if (!n.alias.isEmpty() && n.alias != name)
            on += u' ' + n.alias;
    } else if (!n.alias.isEmpty()) {
        on = QStringLiteral("on ") + n.alias;
    }
    if (!on.isEmpty())
        s = s.isEmpty() ? on : s + u' ' + on;
    return s;
}

QString subtitle(const PlanNode &n)
{
    const QString t = target(n);
    if (!t.isEmpty())
        return t;
    for (const QString *c : {&n.hashCond, &n.detail().mergeCond, &n.joinFilter, &n.indexCond, &n.recheckCond, &n.filter,
                             &n.detail().oneTimeFilter, &n.detail().tidCond, &n.detail().cacheKey})
        if (!c->isEmpty())
            return *c;
    if (!n.sortKey.isEmpty())
        return QStringLiteral("by ") + n.sortKey.join(QStringLiteral(", "));
    if (!n.groupKey.isEmpty())
        return QStringLiteral("by ") + n.groupKey.join(QStringLiteral(", "));
    if (n.detail().hashBuckets) {
        QString s = QStringLiteral("%1 buckets · %2 batch%3")
                        .arg(Units::compactCount(*n.detail().hashBuckets), Units::compactCount(n.detail().hashBatches.value_or(1)),
                             n.detail().hashBatches.value_or(1) == 1 ? QString() : QStringLiteral("es"));
        if (n.detail().peakMemoryUsageKb)
            s += QStringLiteral(" · ") + Units::kilobytes(*n.detail().peakMemoryUsageKb);
        return s;
    }
    if (n.workersPlanned)
        return QStringLiteral("%1 of %2 workers launched").arg(n.workersLaunched.value_or(0)).arg(*n.workersPlanned);
    if (!n.detail().operation.isEmpty())
        return n.detail().operation;
    return {};
}

QString edgeLabel(const PlanNode &n)
{
    if (!n.subplanName.isEmpty())
        return n.subplanName;
    if (n.isSubplanChild())
        return n.parentRelationship;
    return {};
}

bool isSubplanEdge(const PlanNode &n)
{
    return n.isSubplanChild() || n.subplanName.startsWith(QStringLiteral("CTE "));
}

QString duration(double ms) { return Units::duration(ms); }
QString number(double v) { return Units::count(v); }
QString count(double v) { return Units::compactCount(v); }
QString kilobytes(double kb) { return Units::kilobytes(kb); }
QString blocks(double v) { return Units::blocks(v); }
QString percent(double share) { return Units::percent(share); }
QString rows(double v) { return Units::rows(v); }

QString ioTimingsText(const IoTimings &io)
{
    QStringList groups;
    auto group = [&groups](const char *scope, const std::optional<double> &read, const std::optional<double> &write) {
        // explain.c prints a time only when it is not zero (JSON prints every key, zeros included).
        QStringList xs;
        if (read && *read != 0)
            xs << QStringLiteral("read=") + fixed(*read, 3);
        if (write && *write != 0)
            xs << QStringLiteral("write=") + fixed(*write, 3);
        if (!xs.isEmpty())
            groups << (*scope ? QLatin1String(scope) + u' ' : QString()) + xs.join(u' ');
    };
    const bool olderThan15 = !io.tempReadMs && !io.tempWriteMs && !io.sharedReadMs && !io.sharedWriteMs
        && !io.localReadMs && !io.localWriteMs;
    group(olderThan15 ? "" : "shared/local", io.sharedLocalReadMs, io.sharedLocalWriteMs);
    group("shared", io.sharedReadMs, io.sharedWriteMs);
    group("local", io.localReadMs, io.localWriteMs);
    group("temp", io.tempReadMs, io.tempWriteMs);
    return groups.join(QStringLiteral(", "));
}

QString shareText(const Plan &plan, const PlanNode &n)
{
    if (n.neverExecuted)
        return {};
    if (plan.hasAnalyze && plan.hasTiming)
        return Units::percent(n.timeShare);
    if (plan.hasCosts)
        return Units::percent(n.costShare);
    return {};
}

QString figuresLine(const Plan &plan, const PlanNode &n)
{
    if (n.neverExecuted)
        return QStringLiteral("never executed");
    QStringList parts;
    if (plan.hasAnalyze) {
        if (plan.hasTiming)
            parts << Units::duration(n.exclusiveMs) + QStringLiteral(" self");
        parts << Units::compactRows(n.totalActualRows()) + QStringLiteral(" rows");
    } else {
        if (n.totalCost)
            parts << QStringLiteral("cost ") + Units::count(*n.totalCost);
        if (n.planRows)
            parts << Units::compactCount(*n.planRows) + QStringLiteral(" rows est.");
    }
    return parts.join(QStringLiteral(" · "));
}

QString estimateText(const PlanNode &n)
{
    if (n.neverExecuted || !n.actualRows || !n.planRows)
        return {};
    QString s = QStringLiteral("est ") + Units::compactCount(*n.planRows * n.actualLoops.value_or(1));
    if (n.estimateFactor)
        s += u' ' + Units::estimateFactor(*n.estimateFactor);
    return s;
}

QString repeatText(const PlanNode &n)
{
    QStringList parts;
    if (n.actualLoops && *n.actualLoops > 1)
        parts << QStringLiteral("×%1 loops").arg(Units::count(*n.actualLoops));
    if (n.workersLaunched && *n.workersLaunched > 0)
        parts << QStringLiteral("×%1 workers").arg(*n.workersLaunched + 1);   // the leader takes part too
    else if (n.workersPlanned && *n.workersPlanned > 0)
        parts << QStringLiteral("%1 workers planned").arg(*n.workersPlanned);
    return parts.join(QStringLiteral(" · "));
}

QString toolTipHtml(const Plan &plan, const PlanNode &n, const QString &extraHtml)
{
    QString rows;
    auto row = [&rows](const QString &k, const QString &v) {
        if (!v.isEmpty())
            rows += QStringLiteral("<tr><td style='color:%1;padding-right:10px'>%2</td><td>%3</td></tr>")
                        .arg(Theme::css(Theme::Role::TextMuted), esc(k), v);
    };
    const QString head = QStringLiteral("<b>%1</b> %2").arg(esc(title(n)), esc(target(n)));
    if (!n.subplanName.isEmpty())
        row(QStringLiteral("Part of"), esc(n.subplanName));
    if (n.neverExecuted)
        row(QStringLiteral("Execution"), QStringLiteral("<i>never executed</i>"));
    if (n.detail().disabled.value_or(false))
        row(QStringLiteral("Disabled"), QStringLiteral("planned although its node type was disabled (enable_*)"));
    if (plan.hasAnalyze && !n.neverExecuted) {
        if (plan.hasTiming) {
            row(QStringLiteral("Exclusive time"),
                QStringLiteral("<b>%1</b> (%2 of the query)").arg(Units::duration(n.exclusiveMs), Units::percent(n.timeShare)));
            row(QStringLiteral("Inclusive time"), Units::duration(n.inclusiveMs));
            if (n.actualStartupMs && n.actualTotalMs)
                row(QStringLiteral("Actual time per loop"),
                    QStringLiteral("%1 .. %2 ms").arg(fixed(*n.actualStartupMs, 3), fixed(*n.actualTotalMs, 3)));
        }
        row(QStringLiteral("Rows"), QStringLiteral("%1 actual (%2 per loop × %3 loops)")
                                         .arg(Units::rows(n.totalActualRows()), shownRows(n.actualRows), shown(n.actualLoops)));
    }
    if (n.planRows)
        row(QStringLiteral("Rows estimated"), Units::count(*n.planRows) + QStringLiteral(" per loop"));
    if (n.estimateFactor && !n.neverExecuted) {
        const double f = *n.estimateFactor;
        QString v = Units::estimateFactor(f) + (f >= 1 ? QStringLiteral(" (more rows than estimated)")
                                                       : QStringLiteral(" (fewer rows than estimated)"));
        if (f >= 10 || f <= 0.1)
            v = QStringLiteral("<b style='color:%1'>%2</b>").arg(Theme::css(Theme::Role::WorseText), esc(v));
        row(QStringLiteral("Estimate error"), v);
    }
    if (n.startupCost && n.totalCost)
        row(QStringLiteral("Cost"), QStringLiteral("%1 (exclusive %2, %3)")
                                         .arg(costs(*n.startupCost, *n.totalCost), Units::count(n.exclusiveCost),
                                              Units::percent(n.costShare)));
    if (n.hasBuffers) {
        row(QStringLiteral("Buffers"), esc(buffersText(n.buffers)));
        row(QStringLiteral("Exclusive buffers"), esc(buffersText(n.exclusiveBuffers)));
    }
    if (n.ioReadMs || n.ioWriteMs)
        row(QStringLiteral("I/O time"), QStringLiteral("read %1, write %2").arg(Units::duration(n.ioReadMs.value_or(0)),
                                                                               Units::duration(n.ioWriteMs.value_or(0))));
    if (!n.io.isEmpty())
        row(QStringLiteral("I/O by kind"), esc(ioTimingsText(n.io)));
    if (n.detail().indexSearches)
        row(QStringLiteral("Index searches"), Units::count(*n.detail().indexSearches));
    if (!n.detail().storageType.isEmpty() || n.detail().maxStorageKb)
        row(QStringLiteral("Storage"), esc(QStringLiteral("%1, at most %2").arg(n.detail().storageType,
                                                                             Units::kilobytes(n.detail().maxStorageKb.value_or(0)))));
    if (n.workersPlanned || n.workersLaunched)
        row(QStringLiteral("Workers"),
            QStringLiteral("%1 planned, %2 launched").arg(n.workersPlanned.value_or(0)).arg(n.workersLaunched.value_or(0)));
    row(QStringLiteral("Loops"), n.actualLoops && *n.actualLoops > 1 ? Units::count(*n.actualLoops) : QString());
    const std::pair<const char *, const QString *> conds[] = {
        {"Index Cond", &n.indexCond}, {"Recheck Cond", &n.recheckCond}, {"Hash Cond", &n.hashCond},
        {"Merge Cond", &n.detail().mergeCond}, {"Join Filter", &n.joinFilter},   {"Filter", &n.filter},
        {"One-Time Filter", &n.detail().oneTimeFilter}, {"TID Cond", &n.detail().tidCond}, {"Cache Key", &n.detail().cacheKey}};
    for (const auto &[k, v] : conds)
        row(QLatin1String(k), esc(*v));
    if (n.rowsRemovedByFilter)
        row(QStringLiteral("Removed by filter"), Units::count(*n.rowsRemovedByFilter));
    if (n.rowsRemovedByJoinFilter)
        row(QStringLiteral("Removed by join filter"), Units::count(*n.rowsRemovedByJoinFilter));
    if (n.rowsRemovedByIndexRecheck)
        row(QStringLiteral("Removed by recheck"), Units::count(*n.rowsRemovedByIndexRecheck));
    if (!n.sortKey.isEmpty())
        row(QStringLiteral("Sort key"), esc(n.sortKey.join(QStringLiteral(", "))));
    if (!n.detail().sortMethod.isEmpty())
        row(QStringLiteral("Sort"), esc(QStringLiteral("%1, %2 %3").arg(n.detail().sortMethod, n.detail().sortSpaceType,
                                                                        Units::kilobytes(n.detail().sortSpaceUsedKb.value_or(0)))));
    if (!n.groupKey.isEmpty())
        row(QStringLiteral("Group key"), esc(n.groupKey.join(QStringLiteral(", "))));
    if (n.detail().hashBatches)
        row(QStringLiteral("Hash"), QStringLiteral("%1 buckets, %2 batches, %3")
                                         .arg(shown(n.detail().hashBuckets), shown(n.detail().hashBatches),
                                              Units::kilobytes(n.detail().peakMemoryUsageKb.value_or(0))));
    if (n.heapFetches)
        row(QStringLiteral("Heap fetches"), Units::count(*n.heapFetches));
    if (n.detail().diskUsageKb)
        row(QStringLiteral("Disk usage"), Units::kilobytes(*n.detail().diskUsageKb));
    return QStringLiteral("<p style='white-space:nowrap'>%1</p><table cellspacing=0>%2</table>%3")
        .arg(head, rows, extraHtml);
}

QString psqlNodeLine(const Plan &plan, const PlanNode &n)
{
    QString s = title(n);
    const QString t = target(n);
    if (!t.isEmpty())
        s += u' ' + t;
    if (n.startupCost && n.totalCost) {
        s += QStringLiteral("  (cost=%1 rows=%2 width=%3)")
                 .arg(costs(*n.startupCost, *n.totalCost), whole(n.planRows), whole(n.planWidth));
    }
    if (plan.hasAnalyze) {
        if (n.neverExecuted) {
            s += QStringLiteral(" (never executed)");
        } else if (n.actualTotalMs && plan.hasTiming) {
            s += QStringLiteral(" (actual time=%1..%2 rows=%3 loops=%4)")
                     .arg(fixed(n.actualStartupMs.value_or(0), 3), fixed(*n.actualTotalMs, 3),
                          psqlRows(n.actualRows), whole(n.actualLoops));
        } else if (n.actualRows) {
            s += QStringLiteral(" (actual rows=%1 loops=%2)")
                     .arg(psqlRows(n.actualRows), whole(n.actualLoops));
        }
    }
    return s;
}

QString psqlNodeText(const Plan &plan, const PlanNode &node)
{
    QStringList lines{psqlNodeLine(plan, node)};
    for (const QString &l : psqlDetailLines(plan, node))
        lines << QStringLiteral("  ") + l;
    return lines.join(u'\n');
}

QStringList psqlDetailLines(const Plan &plan, const PlanNode &n)
{
    Q_UNUSED(plan);
    QStringList l;
    auto add = [&l](const char *k, const QString &v) {
        if (!v.isEmpty())
            l << QLatin1String(k) + QStringLiteral(": ") + v;
    };
    if (n.detail().disabled.value_or(false))
        add("Disabled", QStringLiteral("true"));
    if (!n.output.isEmpty())
        add("Output", n.output.join(QStringLiteral(", ")));
    add("Group Key", n.groupKey.join(QStringLiteral(", ")));
    add("Sort Key", n.sortKey.join(QStringLiteral(", ")));
    add("Presorted Key", n.detail().presortedKey.join(QStringLiteral(", ")));
    if (!n.detail().sortMethod.isEmpty()) {
        QString s = QStringLiteral("Sort Method: ") + n.detail().sortMethod;
        if (n.detail().sortSpaceUsedKb)
            s += QStringLiteral("  %1: %2kB")
                     .arg(n.detail().sortSpaceType.isEmpty() ? QStringLiteral("Memory") : n.detail().sortSpaceType,
                          whole(n.detail().sortSpaceUsedKb));
        l << s;
    }
    add("Workers Planned", n.workersPlanned ? QString::number(*n.workersPlanned) : QString());
    add("Workers Launched", n.workersLaunched ? QString::number(*n.workersLaunched) : QString());
    add("Cache Key", n.detail().cacheKey);
    if (n.detail().cacheHits || n.detail().cacheMisses)
        l << QStringLiteral("Hits: %1  Misses: %2  Evictions: %3  Overflows: %4")
                 .arg(whole(n.detail().cacheHits), whole(n.detail().cacheMisses), whole(n.detail().cacheEvictions), whole(n.detail().cacheOverflows));
    add("Hash Cond", n.hashCond);
    add("Merge Cond", n.detail().mergeCond);
    add("Index Cond", n.indexCond);
    add("Recheck Cond", n.recheckCond);
    add("TID Cond", n.detail().tidCond);
    add("Join Filter", n.joinFilter);
    if (n.rowsRemovedByJoinFilter)
        add("Rows Removed by Join Filter", whole(n.rowsRemovedByJoinFilter));
    add("One-Time Filter", n.detail().oneTimeFilter);
    add("Filter", n.filter);
    if (n.rowsRemovedByFilter)
        add("Rows Removed by Filter", whole(n.rowsRemovedByFilter));
    if (n.rowsRemovedByIndexRecheck)
        add("Rows Removed by Index Recheck", whole(n.rowsRemovedByIndexRecheck));
    if (n.detail().exactHeapBlocks || n.detail().lossyHeapBlocks)
        l << QStringLiteral("Heap Blocks: exact=%1 lossy=%2")
                 .arg(whole(n.detail().exactHeapBlocks), whole(n.detail().lossyHeapBlocks));
    if (n.heapFetches)
        add("Heap Fetches", whole(n.heapFetches));
    if (n.detail().indexSearches)
        add("Index Searches", whole(n.detail().indexSearches));
    if (!n.detail().storageType.isEmpty() || n.detail().maxStorageKb)
        l << QStringLiteral("Storage: %1  Maximum Storage: %2kB").arg(n.detail().storageType, whole(n.detail().maxStorageKb));
    if (n.detail().hashBuckets)
        l << QStringLiteral("Buckets: %1  Batches: %2  Memory Usage: %3kB")
                 .arg(whole(n.detail().hashBuckets), whole(n.detail().hashBatches), whole(n.detail().peakMemoryUsageKb));
    if (n.detail().diskUsageKb)
        add("Disk Usage", whole(n.detail().diskUsageKb) + QStringLiteral("kB"));
    if (n.hasBuffers && !n.buffers.isZero())
        add("Buffers", buffersText(n.buffers));
    add("I/O Timings", ioTimingsText(n.io));
    if (n.detail().walRecords || n.detail().walFpi || n.detail().walBytes || n.detail().walBuffersFull) {
        QString wal = QStringLiteral("records=%1 fpi=%2 bytes=%3").arg(whole(n.detail().walRecords), whole(n.detail().walFpi), whole(n.detail().walBytes));
        if (n.detail().walBuffersFull)
            wal += QStringLiteral(" buffers full=") + whole(n.detail().walBuffersFull);
        add("WAL", wal);
    }
    for (const WorkerStats &w : n.detail().workers) {
        QString s = QStringLiteral("Worker %1: ").arg(w.number);
        if (w.actualTotalMs)
            s += QStringLiteral(" actual time=%1..%2").arg(fixed(w.actualStartupMs.value_or(0), 3), fixed(*w.actualTotalMs, 3));
        if (w.actualRows)
            s += QStringLiteral(" rows=%1 loops=%2").arg(psqlRows(w.actualRows), whole(w.actualLoops));
        l << s.simplified();
    }
    // Keys the model does not name, as PostgreSQL printed them (JSON) or the raw lines (TEXT).
    for (auto it = n.extra.begin(); it != n.extra.end(); ++it) {
        if (it.key() == u"Text Lines" && it.value().isArray()) {
            for (const QJsonValue &v : it.value().toArray())
                l << v.toString();
            continue;
        }
        l << it.key() + QStringLiteral(": ") + jsonText(it.value());
    }
    return l;
}

QString planSummary(const Plan &plan)
{
    if (plan.isEmpty())
        return {};
    QStringList parts{plan.nodes.size() == 1 ? QStringLiteral("1 node")
                                             : QStringLiteral("%1 nodes").arg(Units::count(double(plan.nodes.size())))};
    if (plan.executionMs)
        parts << QStringLiteral("execution ") + Units::duration(*plan.executionMs);
    if (plan.planningMs)
        parts << QStringLiteral("planning ") + Units::duration(*plan.planningMs);
    if (plan.planningMemoryUsedKb)
        parts << QStringLiteral("planner memory ") + Units::kilobytes(*plan.planningMemoryUsedKb);
    if (plan.serialization.present && plan.serialization.timeMs)
        parts << QStringLiteral("serialization ") + Units::duration(*plan.serialization.timeMs);
    if (!plan.serverVersionHint.isEmpty())
        parts << (plan.serverVersionHint.startsWith(u'≥') ? QStringLiteral("PostgreSQL ") + plan.serverVersionHint
                                                           : plan.serverVersionHint);
    if (!plan.hasAnalyze)
        parts << QStringLiteral("estimates only (no ANALYZE)");
    return parts.join(QStringLiteral(" · "));
}

bool matches(const PlanNode &n, const QStringMatcher &needle)
{
    if (needle.pattern().isEmpty())
        return false;
    auto has = [&needle](const QString &s) { return !s.isEmpty() && needle.indexIn(s) >= 0; };
    for (const QString *s : {&n.nodeType, &n.relationName, &n.alias, &n.schema, &n.indexName, &n.detail().cteName,
                             &n.subplanName, &n.detail().functionName, &n.filter, &n.joinFilter, &n.indexCond, &n.recheckCond,
                             &n.hashCond, &n.detail().mergeCond, &n.detail().tidCond, &n.detail().oneTimeFilter, &n.detail().cacheKey})
        if (has(*s))
            return true;
    for (const QStringList *l : {&n.sortKey, &n.groupKey, &n.detail().presortedKey})
        for (const QString &s : *l)
            if (has(s))
                return true;
    return has(title(n));
}

} // namespace PlanLens::NodeFormat
