// SPDX-License-Identifier: MIT
#pragma once

#include "scanreport.h"

#include <QList>

namespace PlanLens {

// `planlens scan --merge`: one report from the reports of scans over parts of the logs, as if one scan had read
// every part's inputs in the order given. Counts, totals, max, findings, rewrite sets, shapes and the bad-input
// counts add up exactly; the worst entry is the longest (ties: the first in that input order). The median is exact
// when every part listed its durations (groups of at most kExactDurations plans) and the merged group still has
// at most kExactDurations; otherwise it is read from the merged histogram, within DurationSketch::relativeError().
// Merging is associative. Parts must be whole reports (no --top): a part's missing groups cannot be recovered.
// top < 0: every group.
ScanReport mergeScanReports(const QList<ScanReport> &parts, int top);

} // namespace PlanLens
