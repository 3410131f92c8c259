// SPDX-License-Identifier: MIT
#pragma once

#include "entryanalysis.h"
#include "scanreport.h"

#include <QHash>
#include <QList>
#include <QSet>

namespace PlanLens {

// Groups entry results by query and ranks the groups. The result does not depend on the order results arrive in
// (so on the number of threads): totals are summed over sorted durations, ties go to the first entry in input order,
// and groups are sorted by total time, then fingerprint. Per group it keeps the durations (for the median), the
// worst entry's place, counters and sets of ids: never a plan's text.
class ScanAggregator
{
public:
    void add(const EntryResult &result);
    void addCounts(const ScanCounts &counts) { m_counts += counts; }
    const ScanCounts &counts() const { return m_counts; }

    // top < 0: every group.
    ScanReport report(const QStringList &inputs, int top) const;

private:
    struct Group {
        QString query;
        QList<double> durations;
        int worstInput = 0;
        qint64 worstOffset = 0;
        double worstMs = -1;
        QSet<quint64> shapes;
        QMap<QString, qint64> findings;
        int worstLevel = -1;
        QSet<QString> rewrites;
    };
    QHash<QString, Group> m_groups;
    ScanCounts m_counts;
};

} // namespace PlanLens
