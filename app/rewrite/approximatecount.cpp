// SPDX-License-Identifier: MIT
#include "approximatecount.h"

#include "format/units.h"
#include "rewrite/approximatecountrule.h"
#include "rewriteverifier.h"

#include <cmath>

namespace PlanLens::ApproximateCount {

namespace {

// The first column of the last statement's first row, or empty.
QString firstValue(const QList<RowSet> &rows)
{
    if (rows.isEmpty() || rows.last().rows.isEmpty() || rows.last().rows.first().isEmpty()) return QString();
    return rows.last().rows.first().first().value_or(QString());
}

} // namespace

QString sentence(const QString &approximate, const QString &exact)
{
    bool okA = false, okE = false;
    const double a = approximate.toDouble(&okA);
    const double e = exact.toDouble(&okE);
    if (!okA || !okE)
        return QStringLiteral("An approximation (not compared as rows): the After returned %1, the Before %2.")
            .arg(approximate.isEmpty() ? QStringLiteral("no value") : approximate,
                exact.isEmpty() ? QStringLiteral("no value") : exact);
    constexpr int cap = ApproximateCountRule::kCap;
    if (a == cap + 1 && e > cap)
        return QStringLiteral("An approximation (not compared as rows): the After returns %1, shown as \"%2+\"; the "
                              "exact count is %3.")
            .arg(Units::count(a), Units::count(cap), Units::count(e));
    if (a == e)
        return QStringLiteral("An approximation (not compared as rows): the After returns %1, which is the exact count "
                              "today.")
            .arg(Units::count(a));
    const double off = e > 0 ? std::abs(a - e) / e : 1;
    return QStringLiteral("An approximation (not compared as rows): the After returns %1, the exact count is %2 (%3 %4).")
        .arg(Units::count(a), Units::count(e), Units::percent(off), a < e ? QStringLiteral("low") : QStringLiteral("high"));
}

RewriteVerification compare(const QList<RowSet> &beforeRows, const QList<RowSet> &afterRows)
{
    RewriteVerification v;
    v.note = sentence(firstValue(afterRows), firstValue(beforeRows));
    return v;
}

} // namespace PlanLens::ApproximateCount
