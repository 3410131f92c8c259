// SPDX-License-Identifier: MIT
#include "sortlimitlargeinput.h"

#include "detect/detectinput.h"
#include "detect/planconditions.h"
#include "format/units.h"

#include <QJsonArray>

namespace PlanLens {

namespace {

// "t.created_at DESC" → "created_at DESC" (an index definition names the column without its alias).
QString indexKey(const QString &sortKey)
{
    QString k = sortKey.trimmed();
    const qsizetype dot = k.indexOf(u'.');
    const qsizetype space = k.indexOf(u' ');
    if (dot > 0 && (space < 0 || dot < space) && !k.startsWith(u'('))
        k = k.mid(dot + 1);
    return k;
}

} // namespace

void SortLimitLargeInputDetector::detect(const DetectInput &in, QList<Finding> &out) const
{
    if (!in.plan().hasAnalyze)
        return;
    for (int l = 0; l < in.nodeCount(); ++l) {
        if (in.node(l).nodeType != u"Limit")
            continue;
        // Limit → [Gather Merge] → Sort
        int s = -1;
        for (int c = l; c >= 0;) {
            int next = -1;
            for (int k : in.node(c).children)
                if (!in.node(k).isSubplanChild())
                    next = k;
            if (next < 0)
                break;
            if (in.node(next).nodeType == u"Sort") {
                s = next;
                break;
            }
            if (in.node(next).nodeType != u"Gather Merge")
                break;
            c = next;
        }
        if (s < 0 || in.node(s).children.isEmpty())
            continue;
        const PlanNode &sort = in.node(s);
        const int input = sort.children.first();
        const double sorted = in.totalRows(input);
        const double returned = in.totalRows(l);
        if (sorted < 10000 || sorted < 100 * std::max(returned, 1.0))
            continue;
        Finding f = makeFinding(in, s, in.inclusiveShare(s));
        f.nodeIds << l << input;
        f.rewriteId = QStringLiteral("create-index");
        // The index that returns the first rows in order: the input scan's equality columns, then the sort keys.
        QStringList cols;
        const PlanNode &scan = in.node(input);
        QString table = scan.relationName;
        if (DetectInput::isScan(scan) || scan.nodeType == u"Bitmap Heap Scan") {
            for (const Conditions::ColumnUse &u : Conditions::columnUses(Conditions::scanConditions(scan).join(QStringLiteral(" AND "))))
                if (Conditions::belongsTo(u, scan) && u.opAfter == u"=" && u.castTo.isEmpty() && u.function.isEmpty()
                    && !cols.contains(u.column))
                    cols << u.column;
        }
        for (const QString &k : sort.sortKey)
            cols << indexKey(k);
        const QString ddl = table.isEmpty() ? QString()
                                            : QStringLiteral("CREATE INDEX CONCURRENTLY ON %1 (%2);").arg(table, cols.join(QStringLiteral(", ")));
        f.message = QStringLiteral("To return the first %1 rows, %2 sorts all %3 rows that %4 produces (%5): %6 of the "
                                   "query goes into reading and sorting rows that are thrown away.")
                        .arg(Units::count(returned), sort.displayName(), Units::count(sorted), scan.displayName(),
                             sort.sortMethod.isEmpty() ? QStringLiteral("sort") : sort.sortMethod,
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
        f.evidence.insert(QStringLiteral("sort_method"), sort.sortMethod);
        if (!ddl.isEmpty())
            f.evidence.insert(QStringLiteral("suggested_index"), ddl);
        f.evidence.insert(QStringLiteral("time_share"), in.inclusiveShare(s));
        out << f;
    }
}

} // namespace PlanLens
