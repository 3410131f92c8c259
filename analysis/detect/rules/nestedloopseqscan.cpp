// SPDX-License-Identifier: MIT
#include "nestedloopseqscan.h"

#include "detect/detectinput.h"
#include "detect/planconditions.h"
#include "format/units.h"
#include "rewrite/indexsuggestion.h"

#include <QJsonArray>

namespace PlanLens {

void NestedLoopSeqScanDetector::detect(const DetectInput &in, QList<Finding> &out) const
{
    if (!in.plan().hasAnalyze)
        return;
    for (int j = 0; j < in.nodeCount(); ++j) {
        const PlanNode &join = in.node(j);
        if (join.nodeType != u"Nested Loop")
            continue;
        int inner = -1;
        for (int c : join.children)
            if (in.node(c).parentRelationship == u"Inner")
                inner = c;
        if (inner < 0 || in.node(inner).nodeType != u"Seq Scan")
            continue;   // a Materialize in between runs the scan once; an index scan is what we want
        const PlanNode &s = in.node(inner);
        const double loops = in.loops(inner);
        const double perLoop = s.actualRows.value_or(0) + s.rowsRemovedByFilter.value_or(0);
        const double scanned = perLoop * loops;
        if (loops < kMinLoops || scanned < kMinRowsScanned)
            continue;
        Finding f = makeFinding(in, j, in.inclusiveShare(j));
        f.nodeIds << inner;
        // The inner relation's columns the join compares: where an index would turn the scan into a lookup.
        // The same index the create-index rewrite writes (the inner relation's equality join columns): the finding
        // names the rewrite only when there is one.
        const std::optional<IndexSuggestion> index = IndexSuggestions::forNestedLoop(in.plan(), j, inner);
        const QStringList cols = index ? index->join : QStringList();
        const QString table = s.relationName;
        const bool hashOff = in.setting(QStringLiteral("enable_hashjoin")) == u"off";
        const bool mergeOff = in.setting(QStringLiteral("enable_mergejoin")) == u"off";
        f.message = QStringLiteral("%1 runs %2 once per outer row: %3 times, reading %4 rows in all%5. The join takes "
                                   "%6 of the query.")
                        .arg(join.displayName(), s.displayName(), Units::count(loops), Units::count(scanned),
                             join.rowsRemovedByJoinFilter
                                 ? QStringLiteral(" and discarding %1 pairs in the join filter")
                                       .arg(Units::count(*join.rowsRemovedByJoinFilter * in.loops(j)))
                                 : QString(),
                             Units::percent(in.inclusiveShare(j)));
        QString advice;
        if (!cols.isEmpty())
            advice = QStringLiteral("Index the join column(s) of %1 (%2;) so each loop becomes an index lookup. ")
                         .arg(table, index->ddl());
        if (hashOff || mergeOff)
            advice += QStringLiteral("This plan ran with %1: turn it back on; a hash join would read %2 once. ")
                          .arg(hashOff ? QStringLiteral("enable_hashjoin = off") : QStringLiteral("enable_mergejoin = off"),
                               table);
        else
            advice += QStringLiteral("If the planner expected far fewer outer rows (%1 planned vs %2), fix that "
                                     "estimate: with the right number it would choose a hash join. ")
                          .arg(Units::count(in.node(join.children.first()).planRows.value_or(0)),
                               Units::count(in.totalRows(join.children.first())));
        f.advice = advice.trimmed();
        f.rewriteId = index ? in.rewriteIfProposed(QStringLiteral("create-index")) : QString();
        f.evidence.insert(QStringLiteral("inner_loops"), loops);
        f.evidence.insert(QStringLiteral("rows_per_loop"), perLoop);
        f.evidence.insert(QStringLiteral("rows_scanned"), scanned);
        f.evidence.insert(QStringLiteral("join_filter"), join.joinFilter);
        f.evidence.insert(QStringLiteral("inner_relation"), table);
        f.evidence.insert(QStringLiteral("join_columns"), QJsonArray::fromStringList(cols));
        f.evidence.insert(QStringLiteral("time_share"), in.inclusiveShare(j));
        out << f;
    }
}

} // namespace PlanLens
