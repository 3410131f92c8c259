// SPDX-License-Identifier: MIT
#pragma once

#include "durationsketch.h"
#include "logentry.h"

#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

namespace PlanLens {

// One query (or, for plans without a Query Text, one plan shape) and what its plans cost.
struct ScanGroup {
    QString fingerprint;       // libpg_query fingerprint, or "plan-<shape hash>"
    QString query;             // the worst entry's Query Text (capped), empty without one
    qint64 count = 0;
    double totalMs = 0;
    double medianMs = 0;
    double maxMs = 0;
    int shapes = 0;            // distinct plan shapes seen for this query
    int worstInput = 0;        // the entry with the longest duration (ties: the first in input order)
    qint64 worstOffset = 0;
    double worstMs = 0;
    QMap<QString, qint64> findings;   // rule → number of plans with a finding of it
    int worstLevel = -1;       // FindingLevel, -1 when no plan had a finding
    QStringList rewrites;      // rewrite rules offered for the query, sorted
    // What `scan --merge` needs to merge groups of several reports (docs/cli.md, "scan"):
    QList<double> durations;   // every duration, ascending, when count <= kExactDurations; else empty
    DurationSketch histogram;  // every duration, always: the median within DurationSketch::relativeError()
    QList<quint64> shapeHashes;   // the distinct plan shapes (planShapeHash), ascending
    bool operator==(const ScanGroup &) const = default;
};

// Groups with at most this many plans list their durations in the JSON, so that a merge of such groups gives the
// exact median; larger ones only carry the histogram.
constexpr qint64 kExactDurations = 1000;

// The result of `planlens scan`: documented in docs/cli.md ("scan").
struct ScanReport {
    QStringList inputs;        // every file read, in the order read (directories expanded)
    ScanCounts counts;
    qint64 groupCount = 0;     // groups before --top
    QList<ScanGroup> groups;   // by total time, highest first; ties by fingerprint

    QJsonObject toJson() const;
    // The report toJson() wrote (for `scan --merge`); `error` gets a sentence when `o` is not one.
    static ScanReport fromJson(const QJsonObject &o, QString *error);
    bool operator==(const ScanReport &) const = default;
};

} // namespace PlanLens
