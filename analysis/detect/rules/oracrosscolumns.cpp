// SPDX-License-Identifier: MIT
#include "oracrosscolumns.h"

#include "detect/detectinput.h"
#include "detect/planconditions.h"
#include "format/units.h"
#include "rewrite/indexsuggestion.h"

#include <QJsonArray>

#include <algorithm>

namespace PlanLens {

bool OrAcrossColumnsDetector::worthIt(const PlanNode &n)
{
    if ((n.nodeType != u"Seq Scan" && n.nodeType != u"Parallel Seq Scan") || n.filter.isEmpty() || !n.rowsRemovedByFilter)
        return false;
    const double loops = n.actualLoops.value_or(1);
    const double removed = *n.rowsRemovedByFilter * loops;
    const double kept = n.totalActualRows();
    if (removed < kMinRemoved || removed < kMinRatio * std::max(kept, 1.0)) return false;
    if (Conditions::mentionsSubplan(n.filter) || Conditions::referencesOtherRelation(n.filter, n)) return false;
    return IndexSuggestions::forOr(n).size() >= 2;
}

void OrAcrossColumnsDetector::detect(const DetectInput &in, QList<Finding> &out) const
{
    if (!in.plan().hasAnalyze) return;
    for (int i = 0; i < in.nodeCount(); ++i) {
        const PlanNode &n = in.node(i);
        if (!worthIt(n) || (in.hasTiming() && in.inclusiveShare(i) < kMinShare)) continue;
        const QList<IndexSuggestion> indexes = IndexSuggestions::forOr(n);
        const double removed = *n.rowsRemovedByFilter * in.loops(i);
        const double kept = in.totalRows(i);
        const double fraction = removed / (removed + kept);
        QStringList ddl, columns;
        for (const IndexSuggestion &s : indexes) {
            ddl << s.ddl() + u';';
            columns << s.columns().first();
        }
        Finding f = makeFinding(in, i, in.inclusiveShare(i) * fraction);
        if (!in.sql()) f.confidence = 0.9;
        f.rewriteId = in.rewriteIfProposed(QStringLiteral("create-index"));
        const QString unionAlternative = in.rewriteIfProposed(QStringLiteral("or-to-union"));
        f.message = QStringLiteral("%1 reads %2 rows and keeps %3: its filter %4 ORs conditions on %5. PostgreSQL can "
                                   "use indexes for an OR only by combining one index per arm (BitmapOr); an arm "
                                   "whose column has no index leaves the whole table to read. The scan takes %6 of "
                                   "the query%7.")
                        .arg(n.displayName(), Units::count(removed + kept), Units::count(kept), n.filter,
                            columns.join(QStringLiteral(" and ")), Units::percent(in.inclusiveShare(i)),
                            in.hasTiming() ? QStringLiteral(" (%1)").arg(Units::duration(n.inclusiveMs)) : QString());
        f.advice = QStringLiteral("Give each column of the OR an index (skip any that has one already): %1 PostgreSQL "
                                  "then reads both indexes, ORs the bitmaps and visits only the matching rows. An "
                                  "index on (%2) together would not serve the OR.")
                       .arg(ddl.join(u' '), columns.join(QStringLiteral(", ")));
        if (!unionAlternative.isEmpty())
            f.advice += QStringLiteral(" Where every column has an index and the planner still reads the table, one "
                                       "SELECT per arm joined by UNION (%1) makes each arm use its own index; it gains "
                                       "nothing for an arm whose column has none.")
                            .arg(unionAlternative);
        f.evidence.insert(QStringLiteral("relation"), n.relationName);
        f.evidence.insert(QStringLiteral("filter"), n.filter);
        f.evidence.insert(QStringLiteral("rows_removed_by_filter"), removed);
        f.evidence.insert(QStringLiteral("rows_kept"), kept);
        f.evidence.insert(QStringLiteral("or_columns"), QJsonArray::fromStringList(columns));
        f.evidence.insert(QStringLiteral("suggested_indexes"), QJsonArray::fromStringList(ddl));
        f.evidence.insert(QStringLiteral("time_share"), in.inclusiveShare(i));
        out << f;
    }
}

} // namespace PlanLens
