// SPDX-License-Identifier: MIT
#include "scanaggregator.h"

#include <algorithm>

namespace PlanLens {

void ScanAggregator::add(const EntryResult &r)
{
    if (r.invalidUtf8)
        ++m_counts.invalidUtf8;
    switch (r.outcome) {
    case EntryResult::Outcome::NotAnEntry:
        ++m_counts.otherLines;
        return;
    case EntryResult::Outcome::BadRecord:
        ++m_counts.badRecords;
        return;
    case EntryResult::Outcome::Truncated:
        ++m_counts.entries;
        ++m_counts.truncated;
        return;
    case EntryResult::Outcome::Unparsable:
        ++m_counts.entries;
        ++m_counts.unparsable;
        return;
    case EntryResult::Outcome::Plan:
        ++m_counts.entries;
        ++m_counts.plans;
        break;
    }
    Group &g = m_groups[r.key];
    g.durations.append(r.durationMs);
    const bool worse = r.durationMs > g.worstMs
        || (r.durationMs == g.worstMs
            && (r.input < g.worstInput || (r.input == g.worstInput && r.offset < g.worstOffset)));
    if (worse) {
        g.worstMs = r.durationMs;
        g.worstInput = r.input;
        g.worstOffset = r.offset;
        g.query = r.query;
    }
    g.shapes.insert(r.shape);
    for (const QString &rule : r.rules)
        ++g.findings[rule];
    g.worstLevel = std::max(g.worstLevel, r.worstLevel);
    for (const QString &w : r.rewrites)
        g.rewrites.insert(w);
}

ScanReport ScanAggregator::report(const QStringList &inputs, int top) const
{
    ScanReport rep;
    rep.inputs = inputs;
    rep.counts = m_counts;
    rep.groupCount = m_groups.size();
    rep.groups.reserve(m_groups.size());
    for (auto it = m_groups.cbegin(); it != m_groups.cend(); ++it) {
        const Group &g = it.value();
        ScanGroup s;
        s.fingerprint = it.key();
        s.query = g.query;
        QList<double> d = g.durations;
        std::sort(d.begin(), d.end());
        s.count = d.size();
        for (double v : d)   // summed in sorted order: the same total whatever order the plans were analysed in
            s.totalMs += v;
        if (!d.isEmpty()) {
            const qsizetype mid = d.size() / 2;
            s.medianMs = d.size() % 2 ? d[mid] : (d[mid - 1] + d[mid]) / 2;
            s.maxMs = d.last();
        }
        for (double v : d)
            s.histogram.add(v);
        if (s.count <= kExactDurations)
            s.durations = std::move(d);
        s.shapes = int(g.shapes.size());
        s.shapeHashes = QList<quint64>(g.shapes.cbegin(), g.shapes.cend());
        std::sort(s.shapeHashes.begin(), s.shapeHashes.end());
        s.worstInput = g.worstInput;
        s.worstOffset = g.worstOffset;
        s.worstMs = std::max(0.0, g.worstMs);
        s.findings = g.findings;
        s.worstLevel = g.worstLevel;
        s.rewrites = QStringList(g.rewrites.cbegin(), g.rewrites.cend());
        std::sort(s.rewrites.begin(), s.rewrites.end());
        rep.groups.append(std::move(s));
    }
    std::sort(rep.groups.begin(), rep.groups.end(), [](const ScanGroup &a, const ScanGroup &b) {
        if (a.totalMs != b.totalMs)
            return a.totalMs > b.totalMs;
        return a.fingerprint < b.fingerprint;
    });
    if (top >= 0 && rep.groups.size() > top)
        rep.groups.resize(top);
    return rep;
}

} // namespace PlanLens
