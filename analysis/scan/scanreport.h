// SPDX-License-Identifier: MIT
#pragma once

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
    bool operator==(const ScanGroup &) const = default;
};

// The result of `planlens scan`: documented in docs/cli.md ("scan").
struct ScanReport {
    QStringList inputs;        // every file read, in the order read (directories expanded)
    ScanCounts counts;
    qint64 groupCount = 0;     // groups before --top
    QList<ScanGroup> groups;   // by total time, highest first; ties by fingerprint

    QJsonObject toJson() const;
    bool operator==(const ScanReport &) const = default;
};

} // namespace PlanLens
