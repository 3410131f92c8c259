// SPDX-License-Identifier: MIT
#include "indexonlyheapfetches.h"

#include "detect/detectinput.h"
#include "format/units.h"

#include <algorithm>

namespace PlanLens {

namespace {

// Heap Fetches worth a word: this many, and this share of the rows the scan returned.
constexpr double kMinFetches = 100;
constexpr double kMinFetchRatio = 0.1;

} // namespace

void IndexOnlyHeapFetchesDetector::detect(const DetectInput &in, QList<Finding> &out) const
{
    for (int i = 0; i < in.nodeCount(); ++i) {
        const PlanNode &n = in.node(i);
        if (n.nodeType != u"Index Only Scan" || !n.heapFetches)
            continue;
        // "Heap Fetches" is a total over all loops (PostgreSQL does not divide it by loops).
        const double fetches = *n.heapFetches;
        const double rows = in.totalRows(i);
        if (fetches < kMinFetches || fetches < kMinFetchRatio * rows)
            continue;
        const double ratio = std::min(1.0, fetches / std::max(rows, 1.0));
        // A heap fetch is a random page visit, an index entry a step along a leaf page: from half the rows
        // fetched the heap takes most of the scan's time (a fresh insert: 43 ms, the same scan vacuumed: 8.5 ms).
        Finding f = makeFinding(in, i, in.inclusiveShare(i) * std::min(1.0, 2 * ratio));
        const QString table = n.relationName.isEmpty() ? QStringLiteral("the table") : n.relationName;
        f.message = QStringLiteral("The visibility map of %5 is stale: %1 fetched %2 heap rows for %3 index entries "
                                   "(%4), because those pages are not marked all-visible since the last VACUUM, so "
                                   "the \"index-only\" scan reads the table as well. It takes %6 of the query.")
                        .arg(n.displayName(), Units::count(fetches), Units::count(rows), Units::percent(ratio), table,
                             Units::percent(in.inclusiveShare(i)));
        const QString qualified = n.relationName.isEmpty()
            ? QStringLiteral("the table")
            : (n.schema.isEmpty() || n.schema == u"public" ? n.relationName : n.schema + u'.' + n.relationName);
        f.advice = QStringLiteral("VACUUM (ANALYZE) %1; — VACUUM marks the pages all-visible, so the scan stops "
                                  "visiting the heap. Then make autovacuum keep up: insert-mostly tables are vacuumed "
                                  "after autovacuum_vacuum_insert_scale_factor (20%) of new rows (PostgreSQL 13+), "
                                  "updated ones after autovacuum_vacuum_scale_factor (20%); lower them for this "
                                  "table, e.g. ALTER TABLE %1 SET (autovacuum_vacuum_insert_scale_factor = 0.02, "
                                  "autovacuum_vacuum_scale_factor = 0.02); and check pg_stat_user_tables "
                                  "(last_autovacuum). Long-running transactions also keep pages from becoming "
                                  "all-visible.")
                       .arg(qualified);
        f.evidence.insert(QStringLiteral("relation"), n.relationName);
        f.evidence.insert(QStringLiteral("heap_fetches"), fetches);
        f.evidence.insert(QStringLiteral("rows"), rows);
        f.evidence.insert(QStringLiteral("fetch_ratio"), ratio);
        f.evidence.insert(QStringLiteral("time_share"), in.inclusiveShare(i));
        out << f;
    }
}

} // namespace PlanLens
