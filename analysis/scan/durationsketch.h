// SPDX-License-Identifier: MIT
#pragma once

#include <QJsonObject>
#include <QMap>

namespace PlanLens {

// A mergeable summary of a group's durations, so that `planlens scan --merge` can give a median without the
// durations themselves: a histogram over logarithmic buckets (as DDSketch does). Bucket i holds the durations d
// with gamma^(i-1) < d <= gamma^i; durations of 0 ms have their own count. Any quantile read from it is the
// bucket's midpoint 2·gamma^i/(gamma+1), within a relative error of (gamma-1)/(gamma+1) of a duration of that
// rank: below 1 % for gamma = 1.02. Adding and merging are exact (counts), so merging is associative.
class DurationSketch
{
public:
    static constexpr double kGamma = 1.02;
    static double relativeError() { return (kGamma - 1) / (kGamma + 1); }

    void add(double ms);
    void merge(const DurationSketch &other);
    qint64 count() const { return m_count; }

    // The value of rank `rank` (0-based, in ascending order) within relativeError(); 0 for an empty sketch.
    double valueAtRank(qint64 rank) const;
    // As ScanAggregator computes the exact median: the middle value, or the mean of the two middle ones.
    double median() const;

    // {"gamma": 1.02, "zeros": N, "buckets": [[i, n], ...]} with the buckets in ascending order.
    QJsonObject toJson() const;
    // Null `error` on success; a sentence when the object is not a sketch of this gamma.
    static DurationSketch fromJson(const QJsonObject &o, QString *error);

    bool operator==(const DurationSketch &) const = default;

private:
    qint64 m_zeros = 0;
    qint64 m_count = 0;
    QMap<int, qint64> m_buckets;
};

} // namespace PlanLens
