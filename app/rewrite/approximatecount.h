// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QString>

namespace PlanLens {

struct RowSet;
struct RewriteVerification;

// Verifying a rewrite whose result is an approximation (ResultMapping kind "approximate", the approximate-count
// rule): the After is not expected to return the Before's rows, so they are not compared. What the verification
// states instead is the After's value next to the Before's exact one (and "N+" for a capped count); the timing runs
// as for any other rewrite.
namespace ApproximateCount {

// rowsEqual stays empty; note: "An approximation (not compared as rows): the After returns 498,112, the exact count
// is 500,000 (0.4% low)." beforeRows/afterRows: one RowSet per statement, the last one holds the count.
RewriteVerification compare(const QList<RowSet> &beforeRows, const QList<RowSet> &afterRows);

// The same sentence from the two values as printed by the server (empty or non-numeric: says so).
QString sentence(const QString &approximate, const QString &exact);

} // namespace ApproximateCount

} // namespace PlanLens
