// SPDX-License-Identifier: MIT
#include "scanmerge.h"

#include <QHash>
#include <QSet>

#include <algorithm>

namespace PlanLens {

ScanReport mergeScanReports(const QList<ScanReport> &parts, int top)
{
    ScanReport out;
    QHash<QString, ScanGroup> groups;
    QSet<QString> inexact;   // groups whose durations are not all listed
    for (const ScanReport &part : parts) {
        const int base = int(out.inputs.size());
        out.inputs += part.inputs;
        out.counts += part.counts;
        for (const ScanGroup &in : part.groups) {
            const bool fresh = !groups.contains(in.fingerprint);
            ScanGroup &g = groups[in.fingerprint];
            const int worstInput = base + in.worstInput;
            if (fresh) {
                g = in;
                g.worstInput = worstInput;
            } else {
                g.count += in.count;
                g.totalMs += in.totalMs;
                g.maxMs = std::max(g.maxMs, in.maxMs);
                const bool worse = in.worstMs > g.worstMs
                    || (in.worstMs == g.worstMs
                        && (worstInput < g.worstInput || (worstInput == g.worstInput && in.worstOffset < g.worstOffset)));
                if (worse) {
                    g.worstMs = in.worstMs;
                    g.worstInput = worstInput;
                    g.worstOffset = in.worstOffset;
                    g.query = in.query;
                }
                for (auto it = in.findings.cbegin(); it != in.findings.cend(); ++it)
                    g.findings[it.key()] += it.value();
                g.worstLevel = std::max(g.worstLevel, in.worstLevel);
                g.rewrites += in.rewrites;
                g.durations += in.durations;
                g.histogram.merge(in.histogram);
                g.shapeHashes += in.shapeHashes;
            }
            if (in.durations.size() != in.count)
                inexact.insert(in.fingerprint);
        }
    }
    out.groups.reserve(groups.size());
    for (auto it = groups.begin(); it != groups.end(); ++it) {
        ScanGroup &g = it.value();
        std::sort(g.rewrites.begin(), g.rewrites.end());
        g.rewrites.erase(std::unique(g.rewrites.begin(), g.rewrites.end()), g.rewrites.end());
        std::sort(g.shapeHashes.begin(), g.shapeHashes.end());
        g.shapeHashes.erase(std::unique(g.shapeHashes.begin(), g.shapeHashes.end()), g.shapeHashes.end());
        g.shapes = int(g.shapeHashes.size());
        if (!inexact.contains(g.fingerprint) && g.count <= kExactDurations) {
            // Every duration is known: the median and the total exactly as one scan computes them.
            std::sort(g.durations.begin(), g.durations.end());
            g.totalMs = 0;
            for (double v : g.durations)
                g.totalMs += v;
            const qsizetype mid = g.durations.size() / 2;
            g.medianMs = g.durations.isEmpty() ? 0
                : g.durations.size() % 2       ? g.durations[mid]
                                               : (g.durations[mid - 1] + g.durations[mid]) / 2;
        } else {
            g.durations.clear();
            g.medianMs = g.histogram.median();
        }
        out.groups.append(std::move(g));
    }
    out.groupCount = out.groups.size();
    std::sort(out.groups.begin(), out.groups.end(), [](const ScanGroup &a, const ScanGroup &b) {
        if (a.totalMs != b.totalMs)
            return a.totalMs > b.totalMs;
        return a.fingerprint < b.fingerprint;
    });
    if (top >= 0 && out.groups.size() > top)
        out.groups.resize(top);
    return out;
}

} // namespace PlanLens
