// SPDX-License-Identifier: MIT
#include "sortlimitlargeinput.h"

#include "detect/detectinput.h"
#include "format/units.h"
#include "rewrite/indexsuggestion.h"

#include <QJsonArray>

namespace PlanLens {

void SortLimitLargeInputDetector::detect(const DetectInput &in, QList<Finding> &out) const
{
    if (!in.plan().hasAnalyze)
        return;
    for (int l = 0; l < in.nodeCount(); ++l) {
        if (in.node(l).nodeType != u"Limit")
            continue;
        // Limit → [Gather Merge] → Sort
        const int s = IndexSuggestions::sortBelowLimit(in.plan(), l);
        if (s < 0 || in.node(s).children.isEmpty())
            continue;
        const PlanNode &sort = in.node(s);
        const int input = sort.children.first();
        const double sorted = in.totalRows(input);
        const double returned = in.totalRows(l);
        if (sorted < kMinSortedRows || sorted < kMinSortedPerReturned * std::max(returned, 1.0))
            continue;
        Finding f = makeFinding(in, s, in.inclusiveShare(s));
        f.nodeIds << l << input;
        // The index that returns the first rows in order: the input scan's equality columns, then the sort keys
        // with their direction. The create-index rewrite writes the same index; without one it cannot come.
        const PlanNode &scan = in.node(input);
        const std::optional<IndexSuggestion> index = IndexSuggestions::forSortLimit(in.plan(), s);
        const QString ddl = index ? index->ddl() + u';' : QString();
        if (index)
            f.rewriteId = in.rewriteIfProposed(QStringLiteral("create-index"));
        f.message = QStringLiteral("To return the first %1 rows, %2 sorts all %3 rows that %4 produces (%5): %6 of the "
                                   "query goes into reading and sorting rows that are thrown away.")
                        .arg(Units::count(returned), sort.displayName(), Units::count(sorted), scan.displayName(),
                             sort.detail().sortMethod.isEmpty() ? QStringLiteral("sort") : sort.detail().sortMethod,
                             Units::percent(in.inclusiveShare(s)));
        f.advice = ddl.isEmpty()
            ? QStringLiteral("An index that delivers rows already in ORDER BY order lets the Limit stop after the "
                             "first rows instead of sorting the whole input.")
            : QStringLiteral("An index that delivers the rows already in order lets the Limit stop after %1 rows: %2 "
                             "(equality columns first, then the ORDER BY keys with their direction).")
                  .arg(Units::count(returned), ddl);
        f.evidence.insert(QStringLiteral("rows_sorted"), sorted);
        f.evidence.insert(QStringLiteral("rows_returned"), returned);
        f.evidence.insert(QStringLiteral("sort_key"), QJsonArray::fromStringList(sort.sortKey));
        f.evidence.insert(QStringLiteral("sort_method"), sort.detail().sortMethod);
        if (!ddl.isEmpty())
            f.evidence.insert(QStringLiteral("suggested_index"), ddl);
        f.evidence.insert(QStringLiteral("time_share"), in.inclusiveShare(s));
        out << f;
    }
}

} // namespace PlanLens
