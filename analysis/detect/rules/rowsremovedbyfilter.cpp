// SPDX-License-Identifier: MIT
#include "rowsremovedbyfilter.h"

#include "detect/detectinput.h"
#include "detect/planconditions.h"
#include "format/units.h"
#include "rewrite/indexsuggestion.h"

#include <QJsonArray>

#include <algorithm>

namespace PlanLens {

namespace {

bool isLiteralOperand(const QString &operand)
{
    if (operand.isEmpty())
        return false;
    const QChar c = operand.at(0);
    if (c == u'\'' || c == u'$' || c.isDigit() || c == u'-' || c == u'(')
        return true;
    const QString up = operand.toUpper();
    return up == u"ANY" || up == u"NULL" || up == u"NOT" || up == u"TRUE" || up == u"FALSE";
}

struct Candidates {
    QStringList equality;
    QStringList range;
    QStringList prefix;        // LIKE 'abc%': needs text_pattern_ops (or the C collation)
    QStringList all() const
    {
        QStringList a = equality;
        for (const QString &c : range)
            if (!a.contains(c))
                a << c;
        for (const QString &c : prefix)
            if (!a.contains(c))
                a << c;
        return a;
    }
};

Candidates candidates(const QString &filter, const PlanNode &n)
{
    Candidates out;
    for (const Conditions::ColumnUse &u : Conditions::columnUses(filter)) {
        if (!Conditions::belongsTo(u, n) || !u.castTo.isEmpty() || !u.function.isEmpty())
            continue;
        const QString op = u.opAfter;
        if ((op == u"=" || op == u"IN") && isLiteralOperand(u.operandAfter)) {
            if (!out.equality.contains(u.column))
                out.equality << u.column;
        } else if ((op == u"<" || op == u">" || op == u"<=" || op == u">=" || op == u"BETWEEN")
                   && isLiteralOperand(u.operandAfter)) {
            if (!out.range.contains(u.column))
                out.range << u.column;
        } else if ((op == u"~~" || op == u"LIKE") && u.operandAfter.startsWith(u'\'') && u.operandAfter.size() > 2
                   && u.operandAfter.at(1) != u'%' && u.operandAfter.at(1) != u'_') {
            if (!out.prefix.contains(u.column))
                out.prefix << u.column;
        } else if (op == u"IS" && u.operandAfter.compare(QStringLiteral("NULL"), Qt::CaseInsensitive) == 0) {
            if (!out.equality.contains(u.column))
                out.equality << u.column;
        }
    }
    return out;
}

} // namespace

void RowsRemovedByFilterDetector::detect(const DetectInput &in, QList<Finding> &out) const
{
    if (!in.plan().hasAnalyze)
        return;
    for (int i = 0; i < in.nodeCount(); ++i) {
        const PlanNode &n = in.node(i);
        if (!DetectInput::isScan(n) || n.filter.isEmpty() || n.relationName.isEmpty())
            continue;
        if (Conditions::mentionsSubplan(n.filter) || Conditions::referencesOtherRelation(n.filter, n))
            continue;
        const double loops = in.loops(i);
        const double removed = n.rowsRemovedByFilter.value_or(0) * loops;
        const double kept = in.totalRows(i);
        if (removed < 10000 || removed < 10 * std::max(kept, 1.0))
            continue;
        if (in.hasTiming() && in.inclusiveShare(i) < 0.1)
            continue;
        if (IndexSuggestions::forOr(n).size() >= 2)
            continue;   // an OR across columns: one index per arm, not one on all (or-across-columns)
        const Candidates c = candidates(n.filter, n);
        if (c.all().isEmpty())
            continue;   // nothing an ordinary index could use (casts, functions, leading wildcards: other rules)
        // Columns the index already serves go first, then equality, range, and prefix columns.
        QStringList cols = Conditions::ownColumns(n.indexCond, n);
        for (const QString &col : c.all())
            if (!cols.contains(col))
                cols << col;
        QStringList indexCols;
        for (const QString &col : cols)
            indexCols << (c.prefix.contains(col) && !c.equality.contains(col) ? col + QStringLiteral(" text_pattern_ops") : col);
        const QString table = n.schema.isEmpty() || n.schema == u"public" ? n.relationName : n.schema + u'.' + n.relationName;
        QString ddl = QStringLiteral("CREATE INDEX CONCURRENTLY ON %1 (%2);").arg(table, indexCols.join(QStringLiteral(", ")));
        // ORDER BY … LIMIT walked on the index of the sort keys (no Sort): the planner hoped to meet the LIMIT's rows
        // early. The index that serves it holds the Filter's equality columns, then the ORDER BY keys (the SQL names
        // them; create-index writes the same index).
        const int walkLimit = IndexSuggestions::limitAboveIndexWalk(in.plan(), i);
        const std::optional<IndexSuggestion> walk = IndexSuggestions::forOrderedLimit(in.plan(), i, in.sql());
        if (walk) {
            ddl = walk->ddl() + u';';
            cols = walk->columns();
        }

        const double fraction = removed / (removed + kept);
        Finding f = makeFinding(in, i, in.inclusiveShare(i) * fraction);
        // The create-index rewrite writes its index from the same filter; the finding names it only when it can.
        if (walk || IndexSuggestions::forFilter(n))
            f.rewriteId = in.rewriteIfProposed(QStringLiteral("create-index"));
        f.message = QStringLiteral("%1 reads %2 rows and keeps %3: the filter %4 discards %5 of them. The scan takes "
                                   "%6 of the query%7.")
                        .arg(n.displayName(), Units::count(removed + kept), Units::count(kept), n.filter,
                             Units::percent(fraction), Units::percent(in.inclusiveShare(i)),
                             in.hasTiming() ? QStringLiteral(" (%1)").arg(Units::duration(n.inclusiveMs)) : QString());
        f.advice = QStringLiteral("An index on the filtered columns lets PostgreSQL read only the matching rows: %1 "
                                  "Put equality columns first, then range columns; if the filter is as selective as "
                                  "here (%2 kept), the planner will use it. Check first that no existing index covers "
                                  "these columns in another order.")
                       .arg(ddl, Units::percent(1 - fraction));
        if (walk && walkLimit < 0) {
            // A Sort under the Limit orders the kept rows: the same index returns them in order, without the Sort.
            f.advice = QStringLiteral("The kept rows are then sorted for ORDER BY … LIMIT: an index on the filter's "
                                      "equality columns, then the ORDER BY keys with their direction, finds them "
                                      "already in order and the Limit stops after the first ones, with no Sort: %1")
                           .arg(ddl);
            f.evidence.insert(QStringLiteral("sort_limit"), true);
        }
        if (walkLimit >= 0) {
            const QString walked = QStringLiteral(" The planner walks %1 in ORDER BY order for the Limit, expecting the "
                                                  "%2 rows it needs early (it planned %3 matching rows spread evenly "
                                                  "over the index); the rows that match lie far along the index.")
                                       .arg(n.indexName, Units::count(in.totalRows(walkLimit)),
                                           Units::count(n.planRows.value_or(0)));
            f.message += walked;
            f.advice = walk ? QStringLiteral("An index on the filter's equality columns, then the ORDER BY keys with "
                                             "their direction, holds the matching rows already in order: the Limit "
                                             "reads %1 index entries and stops: %2 An index on the filter's columns "
                                             "alone would still read and sort every matching row.")
                                  .arg(Units::count(in.totalRows(walkLimit)), ddl)
                            : f.advice + QStringLiteral(" Here the index walks the ORDER BY: put the ORDER BY keys "
                                                        "(with their direction) after the filter's equality columns "
                                                        "in the index, so the rows come out in order.");
            f.evidence.insert(QStringLiteral("index_walk"), n.indexName);
            f.evidence.insert(QStringLiteral("limit_rows"), in.totalRows(walkLimit));
        }
        f.evidence.insert(QStringLiteral("relation"), n.relationName);
        f.evidence.insert(QStringLiteral("filter"), n.filter);
        f.evidence.insert(QStringLiteral("rows_removed_by_filter"), removed);
        f.evidence.insert(QStringLiteral("rows_kept"), kept);
        f.evidence.insert(QStringLiteral("index_columns"), QJsonArray::fromStringList(cols));
        f.evidence.insert(QStringLiteral("suggested_index"), ddl);
        f.evidence.insert(QStringLiteral("time_share"), in.inclusiveShare(i));
        out << f;
    }
}

} // namespace PlanLens
