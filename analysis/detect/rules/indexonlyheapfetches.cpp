// SPDX-License-Identifier: MIT
#include "indexonlyheapfetches.h"

#include "detect/detectinput.h"
#include "format/units.h"

#include <algorithm>

namespace PlanLens {

void IndexOnlyHeapFetchesDetector::detect(const DetectInput &in, QList<Finding> &out) const
{
    for (int i = 0; i < in.nodeCount(); ++i) {
        const PlanNode &n = in.node(i);
        if (n.nodeType != u"Index Only Scan" || !n.heapFetches)
            continue;
        // "Heap Fetches" is a total over all loops (PostgreSQL does not divide it by loops).
        const double fetches = *n.heapFetches;
        const double rows = in.totalRows(i);
        if (fetches < 100 || fetches < 0.1 * rows)
            continue;
        const double ratio = std::min(1.0, fetches / std::max(rows, 1.0));
        Finding f = makeFinding(in, i, in.inclusiveShare(i) * ratio);
        const QString table = n.relationName.isEmpty() ? QStringLiteral("the table") : n.relationName;
        f.message = QStringLiteral("%1 fetched %2 heap rows for %3 index entries (%4): pages of %5 are not marked "
                                   "all-visible, so the \"index-only\" scan reads the table as well. It takes %6 of "
                                   "the query.")
                        .arg(n.displayName(), Units::count(fetches), Units::count(rows), Units::percent(ratio), table,
                             Units::percent(in.inclusiveShare(i)));
        f.advice = QStringLiteral("VACUUM %1 to update its visibility map, then check that autovacuum keeps up: for "
                                  "tables that mostly receive inserts, lower autovacuum_vacuum_insert_scale_factor "
                                  "(PostgreSQL 13+); for busy tables, autovacuum_vacuum_scale_factor. Long-running "
                                  "transactions also keep pages from becoming all-visible.")
                       .arg(table);
        f.evidence.insert(QStringLiteral("heap_fetches"), fetches);
        f.evidence.insert(QStringLiteral("rows"), rows);
        f.evidence.insert(QStringLiteral("fetch_ratio"), ratio);
        f.evidence.insert(QStringLiteral("time_share"), in.inclusiveShare(i));
        out << f;
    }
}

} // namespace PlanLens
