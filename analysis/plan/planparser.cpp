// SPDX-License-Identifier: MIT
#include "planparser.h"
#include "jsonparser.h"
#include "planinput.h"
#include "textparser.h"
#include "xmlparser.h"
#include "yamlparser.h"

#include <QJsonArray>
#include <QStringDecoder>

namespace PlanLens {

namespace {

// Plain JSON as PostgreSQL prints it needs no cleaning; skipping it keeps a 100 MB paste from being copied.
bool isBareJson(QStringView text)
{
    const QStringView t = text.trimmed();
    if (t.size() < 2)
        return false;
    const QChar a = t.front(), b = t.back();
    return (a == u'[' && b == u']') || (a == u'{' && b == u'}');
}

Result<Plan> parseFormat(QStringView text, PlanFormat format)
{
    switch (format) {
    case PlanFormat::Json: return parseJsonPlan(text);
    case PlanFormat::Text: return parseTextPlan(text);
    case PlanFormat::Xml: return parseXmlPlan(text);
    case PlanFormat::Yaml: return parseYamlPlan(text);
    case PlanFormat::Unknown: break;
    }
    return ParseError{0, 0, QStringLiteral("unknown plan format")};
}

QJsonValue num(const std::optional<double> &v)
{
    return v ? QJsonValue(*v) : QJsonValue(QJsonValue::Null);
}

QJsonValue num(const std::optional<int> &v)
{
    return v ? QJsonValue(*v) : QJsonValue(QJsonValue::Null);
}

QJsonValue text(const QString &s)
{
    return s.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(s);
}

QJsonObject buffersJson(const Buffers &b)
{
    return QJsonObject{
        {QStringLiteral("shared_hit"), b.sharedHit},
        {QStringLiteral("shared_read"), b.sharedRead},
        {QStringLiteral("shared_dirtied"), b.sharedDirtied},
        {QStringLiteral("shared_written"), b.sharedWritten},
        {QStringLiteral("local_hit"), b.localHit},
        {QStringLiteral("local_read"), b.localRead},
        {QStringLiteral("local_dirtied"), b.localDirtied},
        {QStringLiteral("local_written"), b.localWritten},
        {QStringLiteral("temp_read"), b.tempRead},
        {QStringLiteral("temp_written"), b.tempWritten},
    };
}

QJsonValue ioTimingsJson(const IoTimings &io)
{
    if (io.isEmpty())
        return QJsonValue(QJsonValue::Null);
    QJsonObject o;
    const std::pair<const char *, const OptionalDouble *> fields[] = {
        {"shared_read_ms", &io.sharedReadMs},   {"shared_write_ms", &io.sharedWriteMs},
        {"local_read_ms", &io.localReadMs},     {"local_write_ms", &io.localWriteMs},
        {"temp_read_ms", &io.tempReadMs},       {"temp_write_ms", &io.tempWriteMs},
        {"shared_local_read_ms", &io.sharedLocalReadMs}, {"shared_local_write_ms", &io.sharedLocalWriteMs}};
    for (const auto &[k, v] : fields)
        o.insert(QLatin1String(k), num(*v));
    return o;
}

} // namespace

PlanFormat detectPlanFormat(QStringView text)
{
    if (isBareJson(text))
        return PlanFormat::Json;
    return sniffFormat(cleanPlanInput(text).text);
}

Result<Plan> parsePlan(QStringView text, PlanFormat format)
{
    if (text.trimmed().isEmpty())
        return ParseError{0, 0, QStringLiteral("the input is empty: expected EXPLAIN output (TEXT, JSON, XML or "
                                               "YAML)")};
    Result<Plan> result;
    std::optional<double> logDuration;
    PlanFormat used = format;
    if ((format == PlanFormat::Unknown || format == PlanFormat::Json) && isBareJson(text)) {
        used = PlanFormat::Json;
        result = parseJsonPlan(text);
    } else {
        const CleanedInput clean = cleanPlanInput(text);
        if (used == PlanFormat::Unknown)
            used = sniffFormat(clean.text);
        if (used == PlanFormat::Unknown)
            return ParseError{0, 0, QStringLiteral("no plan found: the input holds only a psql frame, quoting or "
                                                   "a log prefix, without EXPLAIN output")};
        result = parseFormat(clean.text, used);
        if (isError(result))
            return clean.toInput(std::get<ParseError>(result));
        logDuration = clean.logDurationMs;
    }
    if (isError(result))
        return result;
    Plan &plan = std::get<Plan>(result);
    plan.sourceFormat = used;
    if (logDuration) {
        // auto_explain's "duration" is the statement's run time; EXPLAIN's own "Execution Time" is absent from
        // its text output, so it stands in for it.
        plan.extra.insert(QStringLiteral("Log Duration"), *logDuration);
        if (!plan.executionMs)
            plan.executionMs = logDuration;
    }
    deriveMetrics(plan);
    return result;
}

Result<Plan> parsePlanUtf8(QByteArrayView utf8, PlanFormat format)
{
    QByteArrayView t = utf8;
    while (!t.isEmpty() && (t.front() == ' ' || t.front() == '\n' || t.front() == '\r' || t.front() == '\t'))
        t = t.sliced(1);
    while (!t.isEmpty() && (t.back() == ' ' || t.back() == '\n' || t.back() == '\r' || t.back() == '\t'))
        t.chop(1);
    const bool bareJson = t.size() >= 2
        && ((t.front() == '[' && t.back() == ']') || (t.front() == '{' && t.back() == '}'));
    if (bareJson && (format == PlanFormat::Unknown || format == PlanFormat::Json)) {
        Result<Plan> result = parseJsonPlanUtf8(utf8);
        if (!isError(result)) {
            Plan &plan = std::get<Plan>(result);
            plan.sourceFormat = PlanFormat::Json;
            deriveMetrics(plan);
        }
        return result;
    }
    const QString text = QString::fromUtf8(utf8);
    return parsePlan(text, format);
}

Result<Plan> parsePlanDevice(QIODevice &device, PlanFormat format)
{
    auto readError = [&device] {
        return ParseError{0, 0, QStringLiteral("cannot read the plan: %1").arg(device.errorString())};
    };
    const qint64 size = device.isSequential() ? -1 : device.size() - device.pos();
    if (size < 0) {
        const QByteArray bytes = device.readAll();   // stdin, a pipe: no size to plan for
        return parsePlanUtf8(bytes, format);
    }
    // Plain JSON is read from the bytes themselves.
    const QByteArray head = device.peek(4096);
    qsizetype i = 0;
    while (i < head.size() && (head[i] == ' ' || head[i] == '\n' || head[i] == '\r' || head[i] == '\t'))
        ++i;
    if (i < head.size() && (head[i] == '[' || head[i] == '{') && format != PlanFormat::Text) {
        QByteArray bytes(size, Qt::Uninitialized);
        const qint64 got = device.read(bytes.data(), size);
        if (got < 0)
            return readError();
        bytes.truncate(got);
        return parsePlanUtf8(bytes, format);
    }
    // Anything else becomes text chunk by chunk: each UTF-8 byte gives at most one UTF-16 unit.
    QStringDecoder decoder(QStringDecoder::Utf8);
    QString text;
    text.resize(decoder.requiredSpace(size));
    qsizetype used = 0;
    QByteArray chunk(1 << 20, Qt::Uninitialized);
    for (;;) {
        const qint64 got = device.read(chunk.data(), chunk.size());
        if (got < 0)
            return readError();
        if (got == 0)
            break;
        const qsizetype need = decoder.requiredSpace(got);
        if (used + need > text.size())
            text.resize(used + std::max(need, text.size() / 2));   // the file grew while we read it
        used = decoder.appendToBuffer(text.data() + used, QByteArrayView(chunk.constData(), got)) - text.constData();
    }
    text.truncate(used);
    return parsePlan(text, format);
}

QJsonObject planToAnalyzeJson(const Plan &plan)
{
    QJsonObject o;
    o.insert(QStringLiteral("format"), planFormatName(plan.sourceFormat));
    o.insert(QStringLiteral("node_count"), int(plan.nodes.size()));
    o.insert(QStringLiteral("planning_ms"), num(plan.planningMs));
    o.insert(QStringLiteral("execution_ms"), num(plan.executionMs));
    o.insert(QStringLiteral("total_ms"), plan.hasTiming || plan.executionMs ? QJsonValue(plan.totalMs())
                                                                           : QJsonValue(QJsonValue::Null));
    o.insert(QStringLiteral("root_type"), plan.nodes.isEmpty() ? QJsonValue(QJsonValue::Null)
                                                               : QJsonValue(plan.root().nodeType));
    o.insert(QStringLiteral("has_analyze"), plan.hasAnalyze);
    o.insert(QStringLiteral("has_timing"), plan.hasTiming);
    o.insert(QStringLiteral("has_buffers"), plan.hasBuffers);
    o.insert(QStringLiteral("has_costs"), plan.hasCosts);

    QJsonArray triggers;
    for (const Trigger &t : plan.triggers)
        triggers.append(QJsonObject{{QStringLiteral("name"), t.name},
                                    {QStringLiteral("relation"), text(t.relation)},
                                    {QStringLiteral("time_ms"), num(t.timeMs)},
                                    {QStringLiteral("calls"), num(t.calls)}});
    o.insert(QStringLiteral("triggers"), triggers);
    o.insert(QStringLiteral("jit"), plan.jit.present
                 ? QJsonValue(QJsonObject{{QStringLiteral("functions"), num(plan.jit.functions)},
                                          {QStringLiteral("total_ms"), num(plan.jit.totalMs)},
                                          {QStringLiteral("deform_ms"), num(plan.jit.deformMs)}})
                 : QJsonValue(QJsonValue::Null));
    // PostgreSQL 17+: EXPLAIN (MEMORY) and EXPLAIN (SERIALIZE); the server version when known or proven.
    o.insert(QStringLiteral("planning_memory"),
             plan.planningMemoryUsedKb || plan.planningMemoryAllocatedKb
                 ? QJsonValue(QJsonObject{{QStringLiteral("used_kb"), num(plan.planningMemoryUsedKb)},
                                          {QStringLiteral("allocated_kb"), num(plan.planningMemoryAllocatedKb)}})
                 : QJsonValue(QJsonValue::Null));
    const Serialization &z = plan.serialization;
    o.insert(QStringLiteral("serialization"),
             z.present ? QJsonValue(QJsonObject{
                             {QStringLiteral("time_ms"), num(z.timeMs)},
                             {QStringLiteral("output_kb"), num(z.outputKb)},
                             {QStringLiteral("format"), text(z.format)},
                             {QStringLiteral("buffers"), z.hasBuffers ? QJsonValue(buffersJson(z.buffers))
                                                                      : QJsonValue(QJsonValue::Null)},
                             {QStringLiteral("io_timings"), ioTimingsJson(z.io)}})
                       : QJsonValue(QJsonValue::Null));
    o.insert(QStringLiteral("server_version"), text(plan.serverVersionHint));
    o.insert(QStringLiteral("server_version_num"), plan.serverVersion > 0 ? QJsonValue(plan.serverVersion)
                                                                          : QJsonValue(QJsonValue::Null));

    QJsonArray nodes;
    for (const PlanNode &n : plan.nodes) {
        QJsonObject j;
        j.insert(QStringLiteral("id"), n.id);
        j.insert(QStringLiteral("parent"), n.parent >= 0 ? QJsonValue(n.parent) : QJsonValue(QJsonValue::Null));
        j.insert(QStringLiteral("depth"), n.depth);
        j.insert(QStringLiteral("type"), n.nodeType);
        j.insert(QStringLiteral("label"), n.textLabel());
        j.insert(QStringLiteral("relation"), text(n.relationName));
        j.insert(QStringLiteral("schema"), text(n.schema));
        j.insert(QStringLiteral("alias"), text(n.alias));
        j.insert(QStringLiteral("index"), text(n.indexName));
        j.insert(QStringLiteral("cte_name"), text(n.detail().cteName));
        j.insert(QStringLiteral("function"), text(n.detail().functionName));
        j.insert(QStringLiteral("join_type"), text(n.joinType));
        j.insert(QStringLiteral("parent_relationship"), text(n.parentRelationship));
        j.insert(QStringLiteral("subplan_name"), text(n.subplanName));
        j.insert(QStringLiteral("plan_rows"), num(n.planRows));
        j.insert(QStringLiteral("actual_rows"), num(n.actualRows));
        j.insert(QStringLiteral("loops"), num(n.actualLoops));
        j.insert(QStringLiteral("startup_cost"), num(n.startupCost));
        j.insert(QStringLiteral("total_cost"), num(n.totalCost));
        j.insert(QStringLiteral("actual_total_ms"), num(n.actualTotalMs));
        const bool timed = n.actualTotalMs.has_value() || n.neverExecuted;
        j.insert(QStringLiteral("total_ms"), timed ? QJsonValue(n.inclusiveMs) : QJsonValue(QJsonValue::Null));
        j.insert(QStringLiteral("exclusive_ms"), timed ? QJsonValue(n.exclusiveMs) : QJsonValue(QJsonValue::Null));
        j.insert(QStringLiteral("estimate_factor"), num(n.estimateFactor));
        j.insert(QStringLiteral("time_share"), timed ? QJsonValue(n.timeShare) : QJsonValue(QJsonValue::Null));
        j.insert(QStringLiteral("cost_share"), n.totalCost ? QJsonValue(n.costShare) : QJsonValue(QJsonValue::Null));
        j.insert(QStringLiteral("never_executed"), n.neverExecuted);
        j.insert(QStringLiteral("workers_planned"), num(n.workersPlanned));
        j.insert(QStringLiteral("workers_launched"), num(n.workersLaunched));
        j.insert(QStringLiteral("buffers"), n.hasBuffers ? QJsonValue(buffersJson(n.buffers)) : QJsonValue(QJsonValue::Null));
        j.insert(QStringLiteral("exclusive_buffers"),
                 n.hasBuffers ? QJsonValue(buffersJson(n.exclusiveBuffers)) : QJsonValue(QJsonValue::Null));
        // PostgreSQL 16–18 fields (docs/cli.md).
        j.insert(QStringLiteral("disabled"), n.detail().disabled ? QJsonValue(*n.detail().disabled) : QJsonValue(QJsonValue::Null));
        j.insert(QStringLiteral("index_searches"), num(n.detail().indexSearches));
        j.insert(QStringLiteral("storage"), n.detail().storageType.isEmpty() && !n.detail().maxStorageKb
                     ? QJsonValue(QJsonValue::Null)
                     : QJsonValue(QJsonObject{{QStringLiteral("type"), text(n.detail().storageType)},
                                              {QStringLiteral("max_kb"), num(n.detail().maxStorageKb)}}));
        j.insert(QStringLiteral("io_read_ms"), num(n.ioReadMs));
        j.insert(QStringLiteral("io_write_ms"), num(n.ioWriteMs));
        j.insert(QStringLiteral("io_timings"), ioTimingsJson(n.io));
        const bool wal = n.detail().walRecords || n.detail().walFpi || n.detail().walBytes || n.detail().walBuffersFull;
        j.insert(QStringLiteral("wal"), wal ? QJsonValue(QJsonObject{{QStringLiteral("records"), num(n.detail().walRecords)},
                                                                   {QStringLiteral("fpi"), num(n.detail().walFpi)},
                                                                   {QStringLiteral("bytes"), num(n.detail().walBytes)},
                                                                   {QStringLiteral("buffers_full"), num(n.detail().walBuffersFull)}})
                                            : QJsonValue(QJsonValue::Null));
        nodes.append(j);
    }
    o.insert(QStringLiteral("nodes"), nodes);
    return o;
}

} // namespace PlanLens
