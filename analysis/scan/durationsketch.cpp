// SPDX-License-Identifier: MIT
#include "durationsketch.h"

#include <QJsonArray>

#include <cmath>

namespace PlanLens {

namespace {
int bucketOf(double ms)
{
    return int(std::ceil(std::log(ms) / std::log(DurationSketch::kGamma)));
}
double midpoint(int bucket)
{
    return 2 * std::pow(DurationSketch::kGamma, bucket) / (DurationSketch::kGamma + 1);
}
} // namespace

void DurationSketch::add(double ms)
{
    ++m_count;
    if (!(ms > 0))   // 0 ms (a plan file without timing) and anything not positive
        ++m_zeros;
    else
        ++m_buckets[bucketOf(ms)];
}

void DurationSketch::merge(const DurationSketch &other)
{
    m_count += other.m_count;
    m_zeros += other.m_zeros;
    for (auto it = other.m_buckets.cbegin(); it != other.m_buckets.cend(); ++it)
        m_buckets[it.key()] += it.value();
}

double DurationSketch::valueAtRank(qint64 rank) const
{
    if (rank < m_zeros)
        return 0;
    qint64 seen = m_zeros;
    for (auto it = m_buckets.cbegin(); it != m_buckets.cend(); ++it) {
        seen += it.value();
        if (rank < seen)
            return midpoint(it.key());
    }
    return m_buckets.isEmpty() ? 0 : midpoint(m_buckets.lastKey());
}

double DurationSketch::median() const
{
    if (m_count == 0)
        return 0;
    const qint64 mid = m_count / 2;
    return m_count % 2 ? valueAtRank(mid) : (valueAtRank(mid - 1) + valueAtRank(mid)) / 2;
}

QJsonObject DurationSketch::toJson() const
{
    QJsonArray buckets;
    for (auto it = m_buckets.cbegin(); it != m_buckets.cend(); ++it)
        buckets.append(QJsonArray{it.key(), double(it.value())});
    return QJsonObject{{QStringLiteral("gamma"), kGamma},
                       {QStringLiteral("zeros"), double(m_zeros)},
                       {QStringLiteral("buckets"), buckets}};
}

DurationSketch DurationSketch::fromJson(const QJsonObject &o, QString *error)
{
    DurationSketch s;
    if (o.value(QStringLiteral("gamma")).toDouble() != kGamma) {
        *error = QStringLiteral("its duration_histogram is missing or was made with another gamma than %1").arg(kGamma);
        return s;
    }
    s.m_zeros = o.value(QStringLiteral("zeros")).toInteger();
    s.m_count = s.m_zeros;
    for (const QJsonValue &v : o.value(QStringLiteral("buckets")).toArray()) {
        const QJsonArray pair = v.toArray();
        const qint64 n = pair.at(1).toInteger();
        if (pair.size() != 2 || n < 0) {
            *error = QStringLiteral("its duration_histogram holds a bucket that is not [index, count]");
            return s;
        }
        s.m_buckets[pair.at(0).toInt()] += n;
        s.m_count += n;
    }
    return s;
}

} // namespace PlanLens
