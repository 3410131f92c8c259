// SPDX-License-Identifier: MIT
#include "scanreport.h"

#include "detect/finding.h"

#include <QJsonArray>

namespace PlanLens {

QJsonObject ScanReport::toJson() const
{
    QJsonObject o;
    o.insert(QStringLiteral("inputs"), QJsonArray::fromStringList(inputs));
    o.insert(QStringLiteral("entries"), double(counts.entries));
    o.insert(QStringLiteral("plans"), double(counts.plans));
    o.insert(QStringLiteral("filtered"), double(counts.filtered));
    o.insert(QStringLiteral("other_lines"), double(counts.otherLines));
    o.insert(QStringLiteral("bad"), counts.badToJson());
    o.insert(QStringLiteral("group_count"), double(groupCount));
    QJsonArray gs;
    for (const ScanGroup &g : groups) {
        QJsonObject j;
        j.insert(QStringLiteral("fingerprint"), g.fingerprint);
        j.insert(QStringLiteral("query"), g.query.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(g.query));
        j.insert(QStringLiteral("count"), double(g.count));
        j.insert(QStringLiteral("total_ms"), g.totalMs);
        j.insert(QStringLiteral("median_ms"), g.medianMs);
        j.insert(QStringLiteral("max_ms"), g.maxMs);
        j.insert(QStringLiteral("shapes"), g.shapes);
        j.insert(QStringLiteral("worst"),
                 QJsonObject{{QStringLiteral("file"), inputs.value(g.worstInput)},
                             {QStringLiteral("offset"), double(g.worstOffset)},
                             {QStringLiteral("duration_ms"), g.worstMs}});
        QJsonObject findings;
        for (auto it = g.findings.cbegin(); it != g.findings.cend(); ++it)
            findings.insert(it.key(), double(it.value()));
        j.insert(QStringLiteral("findings"), findings);
        j.insert(QStringLiteral("worst_level"), g.worstLevel < 0
                     ? QJsonValue(QJsonValue::Null)
                     : QJsonValue(findingLevelName(FindingLevel(g.worstLevel))));
        j.insert(QStringLiteral("rewrites"), QJsonArray::fromStringList(g.rewrites));
        if (!g.durations.isEmpty()) {
            QJsonArray d;
            for (double v : g.durations)
                d.append(v);
            j.insert(QStringLiteral("durations"), d);
        }
        j.insert(QStringLiteral("duration_histogram"), g.histogram.toJson());
        QJsonArray shapes;
        for (quint64 h : g.shapeHashes)
            shapes.append(QStringLiteral("%1").arg(h, 16, 16, QLatin1Char('0')));
        j.insert(QStringLiteral("shape_hashes"), shapes);
        gs.append(j);
    }
    o.insert(QStringLiteral("groups"), gs);
    return o;
}

namespace {

bool isCount(const QJsonValue &v)
{
    return v.isDouble() && v.toDouble() >= 0 && v.toDouble() == double(v.toInteger());
}

} // namespace

ScanReport ScanReport::fromJson(const QJsonObject &o, QString *error)
{
    ScanReport r;
    const auto fail = [&](const QString &why) {
        *error = why;
        return ScanReport();
    };
    for (const char *key : {"inputs", "groups", "bad"})
        if (!o.contains(QLatin1String(key)))
            return fail(QStringLiteral("it has no \"%1\": not the output of planlens scan --json").arg(QLatin1String(key)));
    for (const QJsonValue &v : o.value(QStringLiteral("inputs")).toArray())
        r.inputs.append(v.toString());
    r.counts.entries = o.value(QStringLiteral("entries")).toInteger();
    r.counts.plans = o.value(QStringLiteral("plans")).toInteger();
    r.counts.filtered = o.value(QStringLiteral("filtered")).toInteger();
    r.counts.otherLines = o.value(QStringLiteral("other_lines")).toInteger();
    const QJsonObject bad = o.value(QStringLiteral("bad")).toObject();
    const std::pair<const char *, qint64 *> kinds[] = {
        {"truncated", &r.counts.truncated},   {"interleaved", &r.counts.interleaved}, {"invalid_utf8", &r.counts.invalidUtf8},
        {"oversized", &r.counts.oversized},   {"bad_record", &r.counts.badRecords},   {"unparsable", &r.counts.unparsable},
        {"unreadable", &r.counts.unreadable},
    };
    for (const auto &[name, field] : kinds)
        *field = bad.value(QLatin1String(name)).toInteger();
    r.groupCount = o.value(QStringLiteral("group_count")).toInteger();
    const QStringList levels{findingLevelName(FindingLevel::Info), findingLevelName(FindingLevel::Warning),
                             findingLevelName(FindingLevel::Critical)};
    for (const QJsonValue &v : o.value(QStringLiteral("groups")).toArray()) {
        const QJsonObject j = v.toObject();
        ScanGroup g;
        g.fingerprint = j.value(QStringLiteral("fingerprint")).toString();
        if (g.fingerprint.isEmpty() || !isCount(j.value(QStringLiteral("count"))))
            return fail(QStringLiteral("a group has no fingerprint or count"));
        if (!j.contains(QStringLiteral("duration_histogram")) || !j.contains(QStringLiteral("shape_hashes")))
            return fail(QStringLiteral("group %1 has no duration_histogram or shape_hashes: it was written by a planlens "
                                       "older than --merge").arg(g.fingerprint));
        g.query = j.value(QStringLiteral("query")).toString();
        g.count = j.value(QStringLiteral("count")).toInteger();
        g.totalMs = j.value(QStringLiteral("total_ms")).toDouble();
        g.medianMs = j.value(QStringLiteral("median_ms")).toDouble();
        g.maxMs = j.value(QStringLiteral("max_ms")).toDouble();
        g.shapes = j.value(QStringLiteral("shapes")).toInt();
        const QJsonObject worst = j.value(QStringLiteral("worst")).toObject();
        g.worstInput = int(r.inputs.indexOf(worst.value(QStringLiteral("file")).toString()));
        if (g.worstInput < 0)
            return fail(QStringLiteral("group %1's worst file is not among its inputs").arg(g.fingerprint));
        g.worstOffset = worst.value(QStringLiteral("offset")).toInteger();
        g.worstMs = worst.value(QStringLiteral("duration_ms")).toDouble();
        const QJsonObject findings = j.value(QStringLiteral("findings")).toObject();
        for (auto it = findings.begin(); it != findings.end(); ++it)
            g.findings.insert(it.key(), it.value().toInteger());
        g.worstLevel = int(levels.indexOf(j.value(QStringLiteral("worst_level")).toString()));
        for (const QJsonValue &w : j.value(QStringLiteral("rewrites")).toArray())
            g.rewrites.append(w.toString());
        for (const QJsonValue &d : j.value(QStringLiteral("durations")).toArray())
            g.durations.append(d.toDouble());
        g.histogram = DurationSketch::fromJson(j.value(QStringLiteral("duration_histogram")).toObject(), error);
        if (!error->isEmpty())
            return fail(QStringLiteral("group %1: %2").arg(g.fingerprint, *error));
        for (const QJsonValue &h : j.value(QStringLiteral("shape_hashes")).toArray()) {
            bool ok = false;
            g.shapeHashes.append(h.toString().toULongLong(&ok, 16));
            if (!ok)
                return fail(QStringLiteral("group %1 has a shape hash that is not hexadecimal").arg(g.fingerprint));
        }
        r.groups.append(std::move(g));
    }
    return r;
}

} // namespace PlanLens
