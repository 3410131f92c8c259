// SPDX-License-Identifier: MIT
#include "planfields.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QLocale>

#include <algorithm>
#include <cmath>
#include <unordered_map>

namespace PlanLens::PlanFields {

namespace {

enum class F {
    NodeType, ParentRelationship, SubplanName, CteName, RelationName, Schema, Alias, IndexName, FunctionName,
    JoinType, Strategy, PartialMode, Operation, ScanDirection, Command,
    ParallelAware, AsyncCapable, InnerUnique,
    StartupCost, TotalCost, PlanRows, PlanWidth,
    ActualStartup, ActualTotal, ActualRows, ActualLoops,
    Filter, JoinFilter, IndexCond, RecheckCond, HashCond, MergeCond, TidCond, OneTimeFilter,
    Output, SortKey, PresortedKey, GroupKey,
    RemovedByFilter, RemovedByJoinFilter, RemovedByIndexRecheck, HeapFetches, ExactHeapBlocks, LossyHeapBlocks,
    SortMethod, SortSpaceType, SortSpaceUsed,
    HashBuckets, OriginalHashBuckets, HashBatches, OriginalHashBatches, PeakMemory, DiskUsage,
    CacheKey, CacheHits, CacheMisses, CacheEvictions, CacheOverflows,
    Buffer, IoTiming, WalRecords, WalFpi, WalBytes, WalBuffersFull,
    WorkersPlanned, WorkersLaunched, Workers, SubplansRemoved,
    Disabled, IndexSearches, Storage, MaxStorage,
};

struct ViewHash {
    size_t operator()(QStringView v) const noexcept { return qHash(v); }
};

using Table = std::unordered_map<QStringView, F, ViewHash>;

const Table &nodeTable()
{
    static const Table t{
        {u"Node Type", F::NodeType},
        {u"Parent Relationship", F::ParentRelationship},
        {u"Subplan Name", F::SubplanName},
        {u"CTE Name", F::CteName},
        {u"Relation Name", F::RelationName},
        {u"Schema", F::Schema},
        {u"Alias", F::Alias},
        {u"Index Name", F::IndexName},
        {u"Function Name", F::FunctionName},
        {u"Join Type", F::JoinType},
        {u"Strategy", F::Strategy},
        {u"Partial Mode", F::PartialMode},
        {u"Operation", F::Operation},
        {u"Scan Direction", F::ScanDirection},
        {u"Command", F::Command},
        {u"Parallel Aware", F::ParallelAware},
        {u"Async Capable", F::AsyncCapable},
        {u"Inner Unique", F::InnerUnique},
        {u"Startup Cost", F::StartupCost},
        {u"Total Cost", F::TotalCost},
        {u"Plan Rows", F::PlanRows},
        {u"Plan Width", F::PlanWidth},
        {u"Actual Startup Time", F::ActualStartup},
        {u"Actual Total Time", F::ActualTotal},
        {u"Actual Rows", F::ActualRows},
        {u"Actual Loops", F::ActualLoops},
        {u"Filter", F::Filter},
        {u"Join Filter", F::JoinFilter},
        {u"Index Cond", F::IndexCond},
        {u"Recheck Cond", F::RecheckCond},
        {u"Hash Cond", F::HashCond},
        {u"Merge Cond", F::MergeCond},
        {u"TID Cond", F::TidCond},
        {u"One-Time Filter", F::OneTimeFilter},
        {u"Output", F::Output},
        {u"Sort Key", F::SortKey},
        {u"Presorted Key", F::PresortedKey},
        {u"Group Key", F::GroupKey},
        {u"Rows Removed by Filter", F::RemovedByFilter},
        {u"Rows Removed by Join Filter", F::RemovedByJoinFilter},
        {u"Rows Removed by Index Recheck", F::RemovedByIndexRecheck},
        {u"Heap Fetches", F::HeapFetches},
        {u"Exact Heap Blocks", F::ExactHeapBlocks},
        {u"Lossy Heap Blocks", F::LossyHeapBlocks},
        {u"Sort Method", F::SortMethod},
        {u"Sort Space Type", F::SortSpaceType},
        {u"Sort Space Used", F::SortSpaceUsed},
        {u"Hash Buckets", F::HashBuckets},
        {u"Original Hash Buckets", F::OriginalHashBuckets},
        {u"Hash Batches", F::HashBatches},
        {u"Original Hash Batches", F::OriginalHashBatches},
        {u"Peak Memory Usage", F::PeakMemory},
        {u"Disk Usage", F::DiskUsage},
        {u"Cache Key", F::CacheKey},
        {u"Cache Hits", F::CacheHits},
        {u"Cache Misses", F::CacheMisses},
        {u"Cache Evictions", F::CacheEvictions},
        {u"Cache Overflows", F::CacheOverflows},
        {u"Shared Hit Blocks", F::Buffer},
        {u"Shared Read Blocks", F::Buffer},
        {u"Shared Dirtied Blocks", F::Buffer},
        {u"Shared Written Blocks", F::Buffer},
        {u"Local Hit Blocks", F::Buffer},
        {u"Local Read Blocks", F::Buffer},
        {u"Local Dirtied Blocks", F::Buffer},
        {u"Local Written Blocks", F::Buffer},
        {u"Temp Read Blocks", F::Buffer},
        {u"Temp Written Blocks", F::Buffer},
        // Kept split by kind (PlanNode::io); PlanNode::ioReadMs/ioWriteMs are the sums, see setIoTimingField().
        {u"I/O Read Time", F::IoTiming},
        {u"I/O Write Time", F::IoTiming},
        {u"Shared I/O Read Time", F::IoTiming},
        {u"Shared I/O Write Time", F::IoTiming},
        {u"Local I/O Read Time", F::IoTiming},
        {u"Local I/O Write Time", F::IoTiming},
        {u"Temp I/O Read Time", F::IoTiming},
        {u"Temp I/O Write Time", F::IoTiming},
        {u"WAL Records", F::WalRecords},
        {u"WAL FPI", F::WalFpi},
        {u"WAL Bytes", F::WalBytes},
        {u"WAL Buffers Full", F::WalBuffersFull},
        {u"Disabled", F::Disabled},
        {u"Index Searches", F::IndexSearches},
        {u"Storage", F::Storage},
        {u"Maximum Storage", F::MaxStorage},
        {u"Workers Planned", F::WorkersPlanned},
        {u"Workers Launched", F::WorkersLaunched},
        {u"Workers", F::Workers},
        {u"Subplans Removed", F::SubplansRemoved},
    };
    return t;
}

QString jsonStr(const QJsonValue &v)
{
    if (v.isString())
        return v.toString();
    if (v.isDouble())
        return QString::number(v.toDouble(), 'g', 17);
    if (v.isBool())
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    return {};
}

QString str(const FieldValue &v)
{
    switch (v.type) {
    case FieldValue::Type::String: return v.text.toString();
    case FieldValue::Type::Number: return QString::number(v.number, 'g', 17);
    case FieldValue::Type::Bool: return v.boolean ? QStringLiteral("true") : QStringLiteral("false");
    case FieldValue::Type::Json: return jsonStr(v.json);
    case FieldValue::Type::Null: break;
    }
    return {};
}

std::optional<bool> toBool(const FieldValue &v)
{
    if (v.type == FieldValue::Type::Bool)
        return v.boolean;
    QStringView s;
    QString keep;
    if (v.type == FieldValue::Type::String) {
        s = v.text.trimmed();
    } else if (v.type == FieldValue::Type::Json && v.json.isBool()) {
        return v.json.toBool();
    } else if (v.type == FieldValue::Type::Json && v.json.isString()) {
        keep = v.json.toString();
        s = QStringView(keep).trimmed();
    } else {
        return std::nullopt;
    }
    if (s.compare(u"true", Qt::CaseInsensitive) == 0 || s == u"t" || s == u"on")
        return true;
    if (s.compare(u"false", Qt::CaseInsensitive) == 0 || s == u"f" || s == u"off")
        return false;
    return std::nullopt;
}

QStringList toList(const FieldValue &v)
{
    QStringList out;
    if (v.type == FieldValue::Type::Json && v.json.isArray()) {
        const QJsonArray a = v.json.toArray();
        out.reserve(a.size());
        for (const QJsonValue &e : a)
            out.append(jsonStr(e));
    } else if (v.type != FieldValue::Type::Null) {
        out.append(str(v));
    }
    return out;
}

bool setNum(OptionalDouble &field, const FieldValue &v)
{
    field = toNumber(v);
    return field.has_value();
}

// Counts as the input spells them become integers only when finite and within a range no server prints
// (block counts below 10^15, i.e. 8 EB of 8 kB blocks; worker and subplan counts below 10^9): converting a larger
// double (or NaN) to an integer is undefined, and sums over the plan (Buffers::total(), exclusive buffers,
// workers + 1) must not overflow. A value outside the range is not a count: it stays in extra.
constexpr double MaxBlockCount = 1e15;
constexpr double MaxSmallCount = 1e9;

std::optional<qint64> toBlockCount(std::optional<double> d)
{
    if (!d || !(std::abs(*d) <= MaxBlockCount))
        return std::nullopt;
    return qint64(*d);
}

std::optional<int> toSmallCount(std::optional<double> d)
{
    if (!d || !(std::abs(*d) <= MaxSmallCount))
        return std::nullopt;
    return int(*d);
}

bool setInt(std::optional<int> &field, const FieldValue &v)
{
    const auto i = toSmallCount(toNumber(v));
    if (!i)
        return false;
    field = *i;
    return true;
}

} // namespace

QJsonValue FieldValue::toJson() const
{
    switch (type) {
    case Type::String: return text.toString();
    case Type::Number: return number;
    case Type::Bool: return boolean;
    case Type::Json: return json;
    case Type::Null: break;
    }
    return QJsonValue(QJsonValue::Null);
}

FieldValue FieldValue::fromJson(const QJsonValue &v)
{
    FieldValue f;
    if (v.isDouble()) {
        f.type = Type::Number;
        f.number = v.toDouble();
    } else if (v.isBool()) {
        f.type = Type::Bool;
        f.boolean = v.toBool();
    } else if (!v.isNull() && !v.isUndefined()) {
        f.type = Type::Json;
        f.json = v;
    }
    return f;
}

namespace {

template<class View>
std::optional<double> parseNumberT(View s)
{
    s = s.trimmed();
    if (s.isEmpty())
        return std::nullopt;
    // Fast path (Clinger): up to 15 significant digits and a power of ten up to 10^22 are both exact in a
    // double, so one division is correctly rounded, the same result strtod gives.
    static constexpr double pow10[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
                                       1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    qsizetype i = 0;
    const qsizetype n = s.size();
    bool neg = false;
    const char16_t first = char16_t(s[0].unicode());
    if (first == u'-' || first == u'+') {
        neg = first == u'-';
        ++i;
    }
    quint64 mant = 0;
    int digits = 0, frac = 0;
    bool anyDigit = false, dot = false, simple = true;
    for (; i < n; ++i) {
        const char16_t c = char16_t(s[i].unicode());
        if (c >= u'0' && c <= u'9') {
            anyDigit = true;
            if (mant != 0 || c != u'0')
                ++digits;
            if (digits > 15) {
                simple = false;
                break;
            }
            mant = mant * 10 + (c - u'0');
            if (dot)
                ++frac;
        } else if (c == u'.' && !dot) {
            dot = true;
        } else {
            simple = false;
            break;
        }
    }
    if (simple && frac <= 22) {
        if (!anyDigit)
            return std::nullopt;
        const double d = double(mant) / pow10[frac];
        return neg ? -d : d;
    }
    bool ok = false;
    QString copy;
    copy.append(s);
    const double d = QLocale::c().toDouble(copy, &ok);
    if (ok)
        return d;
    return std::nullopt;
}

} // namespace

std::optional<double> parseNumber(QStringView s)
{
    return parseNumberT(s);
}

std::optional<double> parseNumber(QLatin1StringView s)
{
    return parseNumberT(s);
}

std::optional<double> toNumber(const FieldValue &v)
{
    switch (v.type) {
    case FieldValue::Type::Number: return v.number;
    case FieldValue::Type::String: return parseNumber(v.text);
    case FieldValue::Type::Json: return toNumber(v.json);
    default: break;
    }
    return std::nullopt;
}

std::optional<double> toNumber(const QJsonValue &value)
{
    if (value.isDouble())
        return value.toDouble();
    if (value.isString())
        return parseNumber(value.toString());
    return std::nullopt;
}

bool setBufferField(Buffers &b, QStringView key, qint64 value)
{
    if (!key.endsWith(u" Blocks"))
        return false;
    if (key == u"Shared Hit Blocks") b.sharedHit = value;
    else if (key == u"Shared Read Blocks") b.sharedRead = value;
    else if (key == u"Shared Dirtied Blocks") b.sharedDirtied = value;
    else if (key == u"Shared Written Blocks") b.sharedWritten = value;
    else if (key == u"Local Hit Blocks") b.localHit = value;
    else if (key == u"Local Read Blocks") b.localRead = value;
    else if (key == u"Local Dirtied Blocks") b.localDirtied = value;
    else if (key == u"Local Written Blocks") b.localWritten = value;
    else if (key == u"Temp Read Blocks") b.tempRead = value;
    else if (key == u"Temp Written Blocks") b.tempWritten = value;
    else return false;
    return true;
}

bool setIoTimingField(IoTimings &io, QStringView key, double ms)
{
    OptionalDouble *f = key == u"Shared I/O Read Time" ? &io.sharedReadMs
        : key == u"Shared I/O Write Time"                     ? &io.sharedWriteMs
        : key == u"Local I/O Read Time"                       ? &io.localReadMs
        : key == u"Local I/O Write Time"                      ? &io.localWriteMs
        : key == u"Temp I/O Read Time"                        ? &io.tempReadMs
        : key == u"Temp I/O Write Time"                       ? &io.tempWriteMs
        : key == u"I/O Read Time"                             ? &io.sharedLocalReadMs
        : key == u"I/O Write Time"                            ? &io.sharedLocalWriteMs
                                                              : nullptr;
    if (!f)
        return false;
    *f = ms;
    return true;
}

ValueKind nodeKeyKind(QStringView key)
{
    const auto it = nodeTable().find(key);
    if (it == nodeTable().end())
        return ValueKind::Other;
    switch (it->second) {
    case F::ParallelAware: case F::AsyncCapable: case F::InnerUnique: case F::Disabled:
        return ValueKind::Bool;
    case F::Output: case F::SortKey: case F::PresortedKey: case F::GroupKey:
        return ValueKind::List;
    case F::Workers:
        return ValueKind::Other;
    case F::NodeType: case F::ParentRelationship: case F::SubplanName: case F::CteName: case F::RelationName:
    case F::Schema: case F::Alias: case F::IndexName: case F::FunctionName: case F::JoinType: case F::Strategy:
    case F::PartialMode: case F::Operation: case F::ScanDirection: case F::Command: case F::Filter:
    case F::JoinFilter: case F::IndexCond: case F::RecheckCond: case F::HashCond: case F::MergeCond: case F::TidCond:
    case F::OneTimeFilter: case F::SortMethod: case F::SortSpaceType: case F::CacheKey: case F::Storage:
        return ValueKind::String;
    default:
        return ValueKind::Number;
    }
}

bool setNodeField(PlanNode &n, QStringView key, const QJsonValue &v)
{
    return setNodeField(n, key, FieldValue::fromJson(v));
}

bool setNodeField(PlanNode &n, QStringView key, const FieldValue &v)
{
    const auto it = nodeTable().find(key);
    if (it == nodeTable().end()) {
        n.extra.insert(key.toString(), v.toJson());
        return true;
    }
    bool ok = true;
    switch (it->second) {
    case F::NodeType: n.nodeType = str(v); break;
    case F::ParentRelationship: n.parentRelationship = str(v); break;
    case F::SubplanName: n.subplanName = str(v); break;
    case F::CteName: n.editDetail().cteName = str(v); break;
    case F::RelationName: n.relationName = str(v); break;
    case F::Schema: n.schema = str(v); break;
    case F::Alias: n.alias = str(v); break;
    case F::IndexName: n.indexName = str(v); break;
    case F::FunctionName: n.editDetail().functionName = str(v); break;
    case F::JoinType: n.joinType = str(v); break;
    case F::Strategy: n.strategy = str(v); break;
    case F::PartialMode: n.partialMode = str(v); break;
    case F::Operation: n.editDetail().operation = str(v); break;
    case F::ScanDirection: n.scanDirection = str(v); break;
    case F::Command: n.editDetail().command = str(v); break;
    case F::ParallelAware: { const auto b = toBool(v); ok = b.has_value(); n.parallelAware = b.value_or(false); break; }
    case F::AsyncCapable: { const auto b = toBool(v); ok = b.has_value(); n.asyncCapable = b.value_or(false); break; }
    case F::InnerUnique: { const auto b = toBool(v); ok = b.has_value(); n.innerUnique = b.value_or(false); break; }
    case F::StartupCost: ok = setNum(n.startupCost, v); break;
    case F::TotalCost: ok = setNum(n.totalCost, v); break;
    case F::PlanRows: ok = setNum(n.planRows, v); break;
    case F::PlanWidth: ok = setNum(n.planWidth, v); break;
    case F::ActualStartup: ok = setNum(n.actualStartupMs, v); break;
    case F::ActualTotal: ok = setNum(n.actualTotalMs, v); break;
    case F::ActualRows: ok = setNum(n.actualRows, v); break;
    case F::ActualLoops: ok = setNum(n.actualLoops, v); break;
    case F::Filter: n.filter = str(v); break;
    case F::JoinFilter: n.joinFilter = str(v); break;
    case F::IndexCond: n.indexCond = str(v); break;
    case F::RecheckCond: n.recheckCond = str(v); break;
    case F::HashCond: n.hashCond = str(v); break;
    case F::MergeCond: n.editDetail().mergeCond = str(v); break;
    case F::TidCond: n.editDetail().tidCond = str(v); break;
    case F::OneTimeFilter: n.editDetail().oneTimeFilter = str(v); break;
    case F::Output: n.output = toList(v); break;
    case F::SortKey: n.sortKey = toList(v); break;
    case F::PresortedKey: n.editDetail().presortedKey = toList(v); break;
    case F::GroupKey: n.groupKey = toList(v); break;
    case F::RemovedByFilter: ok = setNum(n.rowsRemovedByFilter, v); break;
    case F::RemovedByJoinFilter: ok = setNum(n.rowsRemovedByJoinFilter, v); break;
    case F::RemovedByIndexRecheck: ok = setNum(n.rowsRemovedByIndexRecheck, v); break;
    case F::HeapFetches: ok = setNum(n.heapFetches, v); break;
    case F::ExactHeapBlocks: ok = setNum(n.editDetail().exactHeapBlocks, v); break;
    case F::LossyHeapBlocks: ok = setNum(n.editDetail().lossyHeapBlocks, v); break;
    case F::SortMethod: n.editDetail().sortMethod = str(v); break;
    case F::SortSpaceType: n.editDetail().sortSpaceType = str(v); break;
    case F::SortSpaceUsed: ok = setNum(n.editDetail().sortSpaceUsedKb, v); break;
    case F::HashBuckets: ok = setNum(n.editDetail().hashBuckets, v); break;
    case F::OriginalHashBuckets: ok = setNum(n.editDetail().originalHashBuckets, v); break;
    case F::HashBatches: ok = setNum(n.editDetail().hashBatches, v); break;
    case F::OriginalHashBatches: ok = setNum(n.editDetail().originalHashBatches, v); break;
    case F::PeakMemory: ok = setNum(n.editDetail().peakMemoryUsageKb, v); break;
    case F::DiskUsage: ok = setNum(n.editDetail().diskUsageKb, v); break;
    case F::CacheKey: n.editDetail().cacheKey = str(v); break;
    case F::CacheHits: ok = setNum(n.editDetail().cacheHits, v); break;
    case F::CacheMisses: ok = setNum(n.editDetail().cacheMisses, v); break;
    case F::CacheEvictions: ok = setNum(n.editDetail().cacheEvictions, v); break;
    case F::CacheOverflows: ok = setNum(n.editDetail().cacheOverflows, v); break;
    case F::Buffer: {
        const auto c = toBlockCount(toNumber(v));
        ok = c.has_value();
        if (ok) {
            setBufferField(n.buffers, key, *c);
            n.hasBuffers = true;
        }
        break;
    }
    case F::IoTiming: {
        const auto d = toNumber(v);
        ok = d.has_value() && setIoTimingField(n.io, key, *d);
        if (ok) {
            n.ioReadMs = n.io.totalReadMs();
            n.ioWriteMs = n.io.totalWriteMs();
        }
        break;
    }
    case F::WalRecords: ok = setNum(n.editDetail().walRecords, v); break;
    case F::WalFpi: ok = setNum(n.editDetail().walFpi, v); break;
    case F::WalBytes: ok = setNum(n.editDetail().walBytes, v); break;
    case F::WalBuffersFull: ok = setNum(n.editDetail().walBuffersFull, v); break;
    case F::Disabled: { const auto b = toBool(v); ok = b.has_value(); n.editDetail().disabled = b; break; }
    case F::IndexSearches: ok = setNum(n.editDetail().indexSearches, v); break;
    case F::Storage: n.editDetail().storageType = str(v); break;
    case F::MaxStorage: ok = setNum(n.editDetail().maxStorageKb, v); break;
    case F::WorkersPlanned: ok = setInt(n.workersPlanned, v); break;
    case F::WorkersLaunched: ok = setInt(n.workersLaunched, v); break;
    case F::SubplansRemoved: ok = setInt(n.editDetail().subplansRemoved, v); break;
    case F::Workers: {
        if (v.type != FieldValue::Type::Json || !v.json.isArray()) {
            ok = false;
            break;
        }
        const QJsonArray a = v.json.toArray();
        for (const QJsonValue &e : a) {
            WorkerStats w;
            const QJsonObject o = e.toObject();
            for (auto i = o.begin(); i != o.end(); ++i)
                setWorkerField(w, i.key(), i.value());
            n.editDetail().workers.append(std::move(w));
        }
        break;
    }
    }
    if (!ok)
        n.extra.insert(key.toString(), v.toJson());
    return ok;
}

void setWorkerField(WorkerStats &w, QStringView key, const QJsonValue &v)
{
    if (key == u"Worker Number") {
        w.number = toSmallCount(toNumber(v)).value_or(-1);
    } else if (key == u"Actual Startup Time") {
        w.actualStartupMs = toNumber(v);
    } else if (key == u"Actual Total Time") {
        w.actualTotalMs = toNumber(v);
    } else if (key == u"Actual Rows") {
        w.actualRows = toNumber(v);
    } else if (key == u"Actual Loops") {
        w.actualLoops = toNumber(v);
    } else if (const auto c = toBlockCount(toNumber(v)); c && setBufferField(w.buffers, key, *c)) {
        // counted
    } else {
        w.extra.insert(key.toString(), v);
    }
}

namespace {

void setJit(JitInfo &jit, const QJsonObject &o)
{
    jit.present = true;
    for (auto i = o.begin(); i != o.end(); ++i) {
        const QString &k = i.key();
        if (k == u"Functions") {
            jit.functions = toNumber(i.value());
        } else if (k == u"Timing" && i.value().isObject()) {
            const QJsonObject t = i.value().toObject();
            // PostgreSQL 17 turned "Generation" into {"Deform": x, "Total": y}; earlier versions print a number.
            auto timing = [&t](QStringView name) -> std::optional<double> {
                const QJsonValue v = t.value(name);
                if (v.isObject())
                    return toNumber(v.toObject().value(u"Total"));
                return toNumber(v);
            };
            jit.generationMs = timing(u"Generation");
            jit.inliningMs = timing(u"Inlining");
            jit.optimizationMs = timing(u"Optimization");
            jit.emissionMs = timing(u"Emission");
            jit.totalMs = timing(u"Total");
            if (t.value(u"Generation").isObject())
                jit.deformMs = toNumber(t.value(u"Generation").toObject().value(u"Deform"));
        } else {
            jit.extra.insert(k, i.value());
        }
    }
}

} // namespace

void setPlanField(Plan &plan, QStringView key, const QJsonValue &v)
{
    if (key == u"Planning Time") {
        plan.planningMs = toNumber(v);
    } else if (key == u"Execution Time" || key == u"Total Runtime") {
        // "Total Runtime" is what PostgreSQL before 9.4 printed for the same figure.
        plan.executionMs = toNumber(v);
    } else if (key == u"Planning" && v.isObject()) {
        const QJsonObject o = v.toObject();
        QJsonObject rest;
        for (auto i = o.begin(); i != o.end(); ++i) {
            const auto c = toBlockCount(toNumber(i.value()));
            if (i.key() == u"Memory Used")
                plan.planningMemoryUsedKb = toNumber(i.value());
            else if (i.key() == u"Memory Allocated")
                plan.planningMemoryAllocatedKb = toNumber(i.value());
            else if (!(c && setBufferField(plan.planningBuffers, i.key(), *c)))
                rest.insert(i.key(), i.value());
        }
        if (!rest.isEmpty())
            plan.extra.insert(QStringLiteral("Planning"), rest);
    } else if (key == u"Serialization" && v.isObject()) {
        // EXPLAIN (SERIALIZE): "Time" (absent with TIMING OFF), "Output Volume" (kB), "Format", then the
        // serialization's own buffer and I/O timing keys.
        Serialization &s = plan.serialization;
        s.present = true;
        const QJsonObject o = v.toObject();
        for (auto i = o.begin(); i != o.end(); ++i) {
            const auto d = toNumber(i.value());
            const auto c = toBlockCount(d);
            if (i.key() == u"Time") {
                s.timeMs = d;
            } else if (i.key() == u"Output Volume") {
                s.outputKb = d;
            } else if (i.key() == u"Format") {
                s.format = jsonStr(i.value());
            } else if (c && setBufferField(s.buffers, i.key(), *c)) {
                s.hasBuffers = true;
            } else if (!(d && setIoTimingField(s.io, i.key(), *d))) {
                s.extra.insert(i.key(), i.value());
            }
        }
    } else if (key == u"Triggers" && v.isArray()) {
        const QJsonArray a = v.toArray();
        for (const QJsonValue &e : a) {
            const QJsonObject o = e.toObject();
            Trigger t;
            // TEXT names a constraint trigger by its constraint ("Trigger for constraint fk"); so does the model.
            t.name = o.value(u"Constraint Name").toString();
            if (t.name.isEmpty())
                t.name = o.value(u"Trigger Name").toString();
            t.relation = o.value(u"Relation").toString();
            t.timeMs = toNumber(o.value(u"Time"));
            t.calls = toNumber(o.value(u"Calls"));
            plan.triggers.append(t);
        }
    } else if (key == u"JIT" && v.isObject()) {
        setJit(plan.jit, v.toObject());
    } else if (key == u"Settings" && v.isObject()) {
        const QJsonObject o = v.toObject();
        for (auto i = o.begin(); i != o.end(); ++i)
            plan.settings.append({i.key(), jsonStr(i.value())});
    } else if (key == u"Query Text") {
        plan.queryText = jsonStr(v);
    } else if (key == u"Query Identifier") {
        plan.queryId = jsonStr(v);
    } else {
        plan.extra.insert(key.toString(), v);
    }
}

int minimumServerMajor(const Plan &plan)
{
    // PostgreSQL 18 added "Disabled", "Index Searches", "Storage" on Materialize & co., "WAL Buffers Full", and
    // prints actual rows with two decimals (a fraction only 18 can show).
    for (const PlanNode &n : plan.nodes) {
        if (n.detail().disabled || n.detail().indexSearches || n.detail().walBuffersFull || !n.detail().storageType.isEmpty() || n.detail().maxStorageKb)
            return 18;
        if (n.actualRows && *n.actualRows != std::floor(*n.actualRows))
            return 18;
        for (const WorkerStats &w : n.detail().workers)
            if (w.actualRows && *w.actualRows != std::floor(*w.actualRows))
                return 18;
    }
    // PostgreSQL 17 added SERIALIZE, MEMORY, JIT deform time and shared/local I/O times apart.
    if (plan.serialization.present || plan.planningMemoryUsedKb || plan.planningMemoryAllocatedKb || plan.jit.deformMs)
        return 17;
    for (const PlanNode &n : plan.nodes)
        if (n.io.sharedReadMs || n.io.sharedWriteMs || n.io.localReadMs || n.io.localWriteMs)
            return 17;
    return 0;
}

void finishPlan(Plan &plan, int minMajorSeen)
{
    bool analyze = false, timing = false, buffers = false;
    for (PlanNode &n : plan.nodes) {
        if (n.actualLoops || n.actualRows || n.neverExecuted)
            analyze = true;
        if (n.actualTotalMs)
            timing = true;
        if (n.hasBuffers)
            buffers = true;
        // EXPLAIN ANALYZE prints loops=0 (JSON "Actual Loops": 0) for a node the executor never ran.
        if (n.actualLoops && *n.actualLoops == 0)
            n.neverExecuted = true;
    }
    plan.hasAnalyze = analyze;
    plan.hasTiming = timing;
    plan.hasBuffers = buffers || !plan.planningBuffers.isZero();
    plan.hasCosts = !plan.nodes.isEmpty() && plan.nodes.front().totalCost.has_value();
    if (plan.serverVersion == 0) {
        const int major = std::max(minMajorSeen, minimumServerMajor(plan));
        plan.serverVersionHint = major > 0 ? QStringLiteral("≥ %1").arg(major) : QString();
    }
}

} // namespace PlanLens::PlanFields
