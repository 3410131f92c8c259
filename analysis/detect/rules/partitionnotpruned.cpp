// SPDX-License-Identifier: MIT
#include "partitionnotpruned.h"

#include "detect/detectinput.h"
#include "format/units.h"

#include <QJsonArray>
#include <QSet>

namespace PlanLens {

namespace {

// PostgreSQL names the partitions of an inherited scan "<alias>_<n>": events_1, events_2, ...
QString partitionBase(const PlanNode &n)
{
    const qsizetype us = n.alias.lastIndexOf(u'_');
    if (us <= 0 || us + 1 >= n.alias.size())
        return QString();
    for (qsizetype k = us + 1; k < n.alias.size(); ++k)
        if (!n.alias.at(k).isDigit())
            return QString();
    return n.alias.left(us);
}

} // namespace

void PartitionNotPrunedDetector::detect(const DetectInput &in, QList<Finding> &out) const
{
    if (!in.plan().hasAnalyze)
        return;
    for (int a = 0; a < in.nodeCount(); ++a) {
        const PlanNode &ap = in.node(a);
        if (ap.nodeType != u"Append" && ap.nodeType != u"Merge Append")
            continue;
        if (ap.detail().subplansRemoved.value_or(0) > 0)
            continue;   // pruning happened (at plan or executor start-up)
        QList<int> parts;
        QString base;
        QSet<QString> relations;
        bool uniform = true;
        for (int c : ap.children) {
            const PlanNode &n = in.node(c);
            if (n.isSubplanChild())
                continue;
            const QString b = partitionBase(n);
            if (!DetectInput::isScan(n) || b.isEmpty() || (!base.isEmpty() && b != base)) {
                uniform = false;
                break;
            }
            base = b;
            relations.insert(n.relationName);
            parts << c;
        }
        if (!uniform || parts.size() < 3 || relations.size() != parts.size())
            continue;
        QList<int> empty;
        double emptyShare = 0, removed = 0;
        for (int c : parts) {
            const PlanNode &n = in.node(c);
            if (in.totalRows(c) == 0 && !n.neverExecuted) {
                empty << c;
                emptyShare += in.inclusiveShare(c);
                removed += n.rowsRemovedByFilter.value_or(0) * in.loops(c);
            }
        }
        if (empty.size() < 2 || empty.size() * 2 < parts.size())
            continue;
        Finding f = makeFinding(in, a, emptyShare);
        f.nodeIds << empty;
        const PlanNode &sample = in.node(empty.first());
        const QString cond = sample.filter.isEmpty() ? sample.indexCond : sample.filter;
        f.message = QStringLiteral("%1 scans all %2 partitions of %3 and %4 of them return no row (%5 rows read and "
                                   "discarded there, %6 of the query): the condition %7 does not let PostgreSQL prune "
                                   "partitions.")
                        .arg(ap.nodeType, QString::number(parts.size()), base, QString::number(empty.size()),
                             Units::count(removed), Units::percent(emptyShare), cond);
        f.advice = QStringLiteral("Pruning needs the partition key itself compared with constants or parameters (for "
                                  "a range-partitioned key: key >= $from AND key < $to). A function or cast on the key "
                                  "(date_trunc, ::date), a comparison with another column, or a volatile expression "
                                  "prevents it. Check also that enable_partition_pruning is on.");
        f.evidence.insert(QStringLiteral("partitioned_table"), base);
        f.evidence.insert(QStringLiteral("partitions_scanned"), double(parts.size()));
        f.evidence.insert(QStringLiteral("partitions_empty"), double(empty.size()));
        f.evidence.insert(QStringLiteral("rows_removed_in_empty"), removed);
        f.evidence.insert(QStringLiteral("condition"), cond);
        f.evidence.insert(QStringLiteral("time_share"), emptyShare);
        out << f;
    }
}

} // namespace PlanLens
