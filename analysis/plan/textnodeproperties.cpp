// SPDX-License-Identifier: MIT
// A plan node's "Key: value" lines in EXPLAIN TEXT, each into the field its JSON key names (explain.c prints the
// same figure under both spellings).
#include "planfields.h"
#include "textparsing.h"

#include <QJsonArray>
#include <QJsonObject>

#include <cmath>

namespace PlanLens::TextParsing {

using PlanFields::FieldValue;
using PlanFields::parseNumber;

void parseBuffers(QStringView v, Buffers &b)
{
    // "shared hit=4 read=2 dirtied=1 written=3, local hit=1, temp read=5 written=6"
    for (QStringView group : v.split(u',')) {
        group = group.trimmed();
        const qsizetype sp = group.indexOf(u' ');
        if (sp < 0)
            continue;
        const QStringView scope = group.left(sp);
        for (QStringView kv : group.mid(sp + 1).split(u' ', Qt::SkipEmptyParts)) {
            const qsizetype eq = kv.indexOf(u'=');
            if (eq < 0)
                continue;
            const QStringView k = kv.left(eq);
            const double d = parseNumber(kv.mid(eq + 1)).value_or(0);
            // PostgreSQL's block counts are far below 10^15 (8 EB); a larger number (or inf, nan) cannot be
            // converted to qint64 and would overflow the sums over the plan: it is not a count, skip it.
            if (!(std::abs(d) <= 1e15))
                continue;
            const qint64 val = qint64(d);
            qint64 *target = nullptr;
            if (scope == u"shared") {
                target = k == u"hit" ? &b.sharedHit : k == u"read" ? &b.sharedRead
                    : k == u"dirtied" ? &b.sharedDirtied : k == u"written" ? &b.sharedWritten : nullptr;
            } else if (scope == u"local") {
                target = k == u"hit" ? &b.localHit : k == u"read" ? &b.localRead
                    : k == u"dirtied" ? &b.localDirtied : k == u"written" ? &b.localWritten : nullptr;
            } else if (scope == u"temp") {
                target = k == u"read" ? &b.tempRead : k == u"written" ? &b.tempWritten : nullptr;
            }
            if (target)
                *target = val;
        }
    }
}

// "read=1.2 write=0.3" (PostgreSQL ≤ 14), "shared/local read=… write=…, temp read=… write=…" (15, 16),
// "shared read=… write=…, local read=… write=…, temp read=… write=…" (17+): each group into its own field.
void parseIoTimings(QStringView v, IoTimings &io)
{
    for (QStringView group : v.split(u',', Qt::SkipEmptyParts)) {
        group = group.trimmed();
        QStringView scope;
        const qsizetype sp = group.indexOf(u' ');
        if (sp > 0 && !group.left(sp).contains(u'=')) {
            scope = group.left(sp);
            group = group.mid(sp + 1);
        }
        for (QStringView kv : group.split(u' ', Qt::SkipEmptyParts)) {
            const qsizetype eq = kv.indexOf(u'=');
            if (eq < 0)
                continue;
            const auto d = parseNumber(kv.mid(eq + 1));
            const QStringView k = kv.left(eq);
            if (!d || (k != u"read" && k != u"write"))
                continue;
            const bool read = k == u"read";
            OptionalDouble *f = nullptr;
            if (scope == u"shared")
                f = read ? &io.sharedReadMs : &io.sharedWriteMs;
            else if (scope == u"local")
                f = read ? &io.localReadMs : &io.localWriteMs;
            else if (scope == u"temp")
                f = read ? &io.tempReadMs : &io.tempWriteMs;
            else if (scope.isEmpty() || scope == u"shared/local")
                f = read ? &io.sharedLocalReadMs : &io.sharedLocalWriteMs;
            if (f)
                *f = *d;
        }
    }
}

void applyNodeProperty(PlanNode &n, QStringView key, QStringView value, QStringView body)
{
    if (key == u"Buffers") {
        parseBuffers(value, n.buffers);
        n.hasBuffers = true;
    } else if (key == u"I/O Timings") {
        parseIoTimings(value, n.io);
        n.ioReadMs = n.io.totalReadMs();
        n.ioWriteMs = n.io.totalWriteMs();
    } else if (key == u"WAL") {
        // "records=12 fpi=2 bytes=1400" and, from PostgreSQL 18, " buffers full=3" (JSON "WAL Buffers Full"):
        // the one key with a space, so the word before "full=" belongs to it.
        QStringView previous;
        for (QStringView kv : value.split(u' ', Qt::SkipEmptyParts)) {
            const qsizetype eq = kv.indexOf(u'=');
            if (eq < 0) {
                previous = kv;
                continue;
            }
            const auto d = parseNumber(kv.mid(eq + 1));
            const QStringView k = kv.left(eq);
            if (k == u"records") n.editDetail().walRecords = d;
            else if (k == u"fpi") n.editDetail().walFpi = d;
            else if (k == u"bytes") n.editDetail().walBytes = d;
            else if (k == u"full" && previous == u"buffers") n.editDetail().walBuffersFull = d;
            else n.extra.insert(QStringLiteral("WAL ") + k.toString(), d ? QJsonValue(*d) : QJsonValue(kv.mid(eq + 1).toString()));
            previous = QStringView();
        }
    } else if (key == u"Storage") {
        // PostgreSQL 18: "Storage: Memory  Maximum Storage: 17kB" (JSON "Storage", "Maximum Storage").
        const QList<QStringView> seg = splitSegments(value);
        n.editDetail().storageType = seg.value(0).toString();
        for (qsizetype i = 1; i < seg.size(); ++i) {
            const qsizetype c = seg[i].indexOf(u": ");
            if (c >= 0 && seg[i].left(c) == u"Maximum Storage")
                n.editDetail().maxStorageKb = numberWithUnit(seg[i].mid(c + 2));
            else if (c >= 0)
                n.extra.insert(seg[i].left(c).toString(), seg[i].mid(c + 2).toString());
        }
    } else if (key == u"Heap Blocks") {
        for (QStringView kv : value.split(u' ', Qt::SkipEmptyParts)) {
            const qsizetype eq = kv.indexOf(u'=');
            if (eq < 0)
                continue;
            if (kv.left(eq) == u"exact")
                n.editDetail().exactHeapBlocks = parseNumber(kv.mid(eq + 1));
            else if (kv.left(eq) == u"lossy")
                n.editDetail().lossyHeapBlocks = parseNumber(kv.mid(eq + 1));
        }
    } else if (key == u"Sort Method") {
        const QList<QStringView> seg = splitSegments(value);
        n.editDetail().sortMethod = seg.value(0).toString();
        for (qsizetype i = 1; i < seg.size(); ++i) {
            const qsizetype c = seg[i].indexOf(u": ");
            if (c < 0)
                continue;
            n.editDetail().sortSpaceType = seg[i].left(c).toString();
            n.editDetail().sortSpaceUsedKb = numberWithUnit(seg[i].mid(c + 2));
        }
    } else if (key == u"Buckets" || key == u"Batches" || key == u"Planned Partitions" || key == u"Hits") {
        const bool hash = key == u"Buckets";
        const bool memoize = key == u"Hits";
        for (QStringView seg : splitSegments(body)) {
            const qsizetype c = seg.indexOf(u": ");
            if (c < 0)
                continue;
            const QStringView k = seg.left(c);
            QStringView v = seg.mid(c + 2).trimmed();
            std::optional<double> original;
            const qsizetype orig = v.indexOf(u" (originally ");
            if (orig >= 0) {
                original = parseNumber(v.mid(orig + 13).chopped(v.endsWith(u')') ? 1 : 0));
                v = v.left(orig);
            }
            const auto d = numberWithUnit(v);
            if (k == u"Buckets") {
                n.editDetail().hashBuckets = d;
                n.editDetail().originalHashBuckets = original ? original : d;
            } else if (k == u"Batches" && hash) {
                n.editDetail().hashBatches = d;
                n.editDetail().originalHashBatches = original ? original : d;
            } else if (k == u"Batches") {
                n.extra.insert(QStringLiteral("HashAgg Batches"), d ? QJsonValue(*d) : QJsonValue(v.toString()));
            } else if (k == u"Memory Usage") {
                n.editDetail().peakMemoryUsageKb = d;
            } else if (k == u"Disk Usage") {
                n.editDetail().diskUsageKb = d;
            } else if (memoize && k == u"Hits") {
                n.editDetail().cacheHits = d;
            } else if (memoize && k == u"Misses") {
                n.editDetail().cacheMisses = d;
            } else if (memoize && k == u"Evictions") {
                n.editDetail().cacheEvictions = d;
            } else if (memoize && k == u"Overflows") {
                n.editDetail().cacheOverflows = d;
            } else {
                n.extra.insert(k.toString(), d ? QJsonValue(*d) : QJsonValue(v.toString()));
            }
        }
    } else {
        const QString k = key.toString();
        switch (PlanFields::nodeKeyKind(k)) {
        case PlanFields::ValueKind::List: {
            QJsonArray a;
            for (const QString &item : splitTopLevel(value))
                a.append(item);
            PlanFields::setNodeField(n, k, QJsonValue(a));
            break;
        }
        case PlanFields::ValueKind::Number: {
            const auto d = numberWithUnit(value);
            if (d)
                PlanFields::setNodeField(n, k, FieldValue::fromNumber(*d));
            else
                PlanFields::setNodeField(n, k, FieldValue::fromText(value));
            break;
        }
        case PlanFields::ValueKind::String:
        case PlanFields::ValueKind::Bool:
            PlanFields::setNodeField(n, k, FieldValue::fromText(value));
            break;
        case PlanFields::ValueKind::Other: {
            // Unmodelled keys keep their JSON type where it is clear.
            if (const auto d = parseNumber(value))
                n.extra.insert(k, *d);
            else if (value == u"true" || value == u"false")
                n.extra.insert(k, value == u"true");
            else
                n.extra.insert(k, value.toString());
            break;
        }
        }
    }
}

// "actual time=0.1..0.2 rows=3 loops=1", "actual rows=3 loops=1", "never executed".
void parseWorkerActual(QStringView s, WorkerStats &w)
{
    s = s.trimmed();
    if (s.startsWith(u"actual "))
        s = s.mid(7);
    for (QStringView kv : s.split(u' ', Qt::SkipEmptyParts)) {
        const qsizetype eq = kv.indexOf(u'=');
        if (eq < 0)
            continue;
        const QStringView k = kv.left(eq);
        const QStringView v = kv.mid(eq + 1);
        if (k == u"time") {
            const qsizetype dots = v.indexOf(u"..");
            if (dots > 0) {
                w.actualStartupMs = parseNumber(v.left(dots));
                w.actualTotalMs = parseNumber(v.mid(dots + 2));
            }
        } else if (k == u"rows") {
            w.actualRows = parseNumber(v);
        } else if (k == u"loops") {
            w.actualLoops = parseNumber(v);
        }
    }
}

} // namespace PlanLens::TextParsing
