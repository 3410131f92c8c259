// SPDX-License-Identifier: MIT
#include "createindexrule.h"

#include "catalogchecks.h"
#include "detect/rules/nestedloopseqscan.h"
#include "detect/rules/nonsargable.h"
#include "detect/rules/oracrosscolumns.h"
#include "detect/rules/sortlimitlargeinput.h"
#include "format/units.h"
#include "indexsuggestion.h"
#include "plan/plan.h"

#include <algorithm>

namespace PlanLens {

namespace {

// The filter must throw away this many rows, and this many times more than it keeps, to be worth an index.
constexpr double kMinRemoved = 1000;
constexpr double kMinRatio = 10;

// One index to propose: what it is for, in a sentence of the explanation.
struct Proposal {
    IndexSuggestion index;
    QString why;
    QString indexedExpression; // expression indexes: the key as pg_get_indexdef prints it, for the "no such index" check
    QList<IndexSuggestion> more; // an OR across columns: the other arms' indexes, one statement each
};

QString listed(const QStringList &l)
{
    return l.join(QStringLiteral(", "));
}

// A Seq Scan whose filter removes most rows: equality columns, then one range column.
std::optional<Proposal> fromFilter(const PlanNode &n)
{
    if (n.relationName.isEmpty() || !n.rowsRemovedByFilter) return std::nullopt;
    const double removed = *n.rowsRemovedByFilter * n.actualLoops.value_or(1);
    const double kept = n.totalActualRows();
    if (removed < kMinRemoved || removed < kMinRatio * std::max(kept, 1.0)) return std::nullopt;
    const auto index = IndexSuggestions::forFilter(n);
    if (!index) return std::nullopt;
    QString order;
    if (!index->equality.isEmpty())
        order = QStringLiteral("The columns compared with = come first (%1): for given values the index then holds "
                               "the matching rows in one contiguous range.")
                    .arg(listed(index->equality));
    if (!index->range.isEmpty())
        order += QStringLiteral("%1The range column %2 comes last: after a range condition the following columns "
                                "of a B-tree can no longer narrow the scan, so only one range column is useful.")
                     .arg(order.isEmpty() ? QString() : QStringLiteral(" "), index->range.first());
    if (!index->patternOps.isEmpty())
        order += QStringLiteral(" text_pattern_ops lets LIKE 'prefix%' use the index whatever the column's collation.");
    const QString why = QStringLiteral("%1 throws away %2 rows (Rows Removed by Filter) to keep %3, "
                                       "for the filter %4. An index on (%5) finds those rows "
                                       "directly. %6")
                            .arg(n.displayName(), Units::count(removed), Units::count(kept), n.filter,
                                listed(index->keys()), order);
    return Proposal { *index, why };
}

// ORDER BY … LIMIT walked on the index of the ORDER BY keys while the Filter throws rows away (the
// rows-removed-by-filter finding on an index walk): the Filter's equality columns, then the ORDER BY keys. An index on
// the Filter's columns alone would find the matching rows but still sort them; this one holds them in order.
std::optional<Proposal> fromLimitWalk(const Plan &plan, int scan, const SqlScript &script)
{
    const PlanNode &n = plan.nodes.at(scan);
    if (!n.rowsRemovedByFilter) return std::nullopt;
    const double removed = *n.rowsRemovedByFilter * n.actualLoops.value_or(1);
    const double kept = n.totalActualRows();
    if (removed < kMinRemoved || removed < kMinRatio * std::max(kept, 1.0)) return std::nullopt;
    const auto index = IndexSuggestions::forOrderedLimit(plan, scan, &script);
    if (!index) return std::nullopt;
    if (IndexSuggestions::limitAboveIndexWalk(plan, scan) < 0) // Limit → Sort → this scan
        return Proposal { *index,
            QStringLiteral("%1 throws away %2 rows (Filter %3) to keep %4, which a Sort then orders for the LIMIT. An "
                           "index on (%5) finds the matching rows already in ORDER BY order: the Limit reads the first "
                           "entries and stops, with no Filter and no Sort.")
                .arg(n.displayName(), Units::count(removed), n.filter, Units::count(kept), listed(index->keys())) };
    const QString why
        = QStringLiteral("For ORDER BY %1 LIMIT the planner walks %2 (%3) in that order and expects to meet the "
                         "first matching rows early; its Filter %4 threw away %5 rows to keep %6. An index on (%7) "
                         "holds the rows of each value of %8 already in ORDER BY order: the Limit reads %6 index "
                         "entries and stops, with no Filter and no Sort.")
              .arg(index->sort.join(QStringLiteral(", ")), n.indexName, n.displayName(), n.filter, Units::count(removed),
                  Units::count(kept), listed(index->keys()), listed(index->equality));
    return Proposal { *index, why };
}

// `a = 1 OR b = 2` filtered by a Seq Scan (the or-across-columns finding): one index per arm, so that PostgreSQL can
// combine them in a BitmapOr. An index on (a, b) would not serve the OR.
std::optional<Proposal> fromOr(const PlanNode &n)
{
    if (!OrAcrossColumnsDetector::worthIt(n)) return std::nullopt;
    const QList<IndexSuggestion> indexes = IndexSuggestions::forOr(n);
    QStringList keys;
    for (const IndexSuggestion &s : indexes)
        keys << u'(' + listed(s.keys()) + u')';
    const double removed = *n.rowsRemovedByFilter * n.actualLoops.value_or(1);
    const QString why = QStringLiteral("%1 reads every row to test %2 (%3 rows thrown away, %4 kept): PostgreSQL uses "
                                       "indexes for an OR only when every arm has one, reading each and ORing the "
                                       "bitmaps (BitmapOr). With one index per arm, %5, the plan becomes a Bitmap "
                                       "Heap Scan over a BitmapOr that visits only the matching rows. Build only the "
                                       "ones whose column has no index yet (the checks below say which).")
                            .arg(n.displayName(), n.filter, Units::count(removed), Units::count(n.totalActualRows()),
                                keys.join(QStringLiteral(" and ")));
    Proposal p { indexes.first(), why };
    p.more = indexes.mid(1);
    return p;
}

// Limit → [Gather Merge] → Sort of a large input (the sort-limit-large-input finding): an index that yields the
// rows already in ORDER BY order lets the Limit stop after the first rows.
std::optional<Proposal> fromSortLimit(const Plan &plan, int limit)
{
    const int s = IndexSuggestions::sortBelowLimit(plan, limit);
    if (s < 0 || plan.nodes.at(s).children.isEmpty()) return std::nullopt;
    const double sorted = plan.nodes.at(plan.nodes.at(s).children.first()).totalActualRows();
    const double returned = plan.nodes.at(limit).totalActualRows();
    if (sorted < SortLimitLargeInputDetector::kMinSortedRows
        || sorted < SortLimitLargeInputDetector::kMinSortedPerReturned * std::max(returned, 1.0))
        return std::nullopt;
    const auto index = IndexSuggestions::forSortLimit(plan, s);
    if (!index) return std::nullopt;
    const QString why
        = QStringLiteral("To return %1 rows, the plan sorts all %2 rows of %3 (Sort Key: %4). An index on (%5) holds "
                         "them in that order%6, so the Limit reads the first %1 index entries and stops: no sort, and "
                         "no reading of the rest. The ORDER BY keys keep their direction (a B-tree is read forwards "
                         "or backwards, so all keys reversed would serve as well).")
              .arg(Units::count(returned), Units::count(sorted), index->relation,
                  plan.nodes.at(s).sortKey.join(QStringLiteral(", ")), listed(index->keys()),
                  index->equality.isEmpty()
                      ? QString()
                      : QStringLiteral(" within each value of the equality column(s) %1, which come first")
                            .arg(listed(index->equality)));
    return Proposal { *index, why };
}

// A Nested Loop that runs a Seq Scan per outer row (the nested-loop-seq-scan finding): an index on the inner
// relation's join column turns each loop into an index lookup.
std::optional<Proposal> fromNestedLoop(const Plan &plan, int join)
{
    const PlanNode &j = plan.nodes.at(join);
    if (j.nodeType != u"Nested Loop") return std::nullopt;
    int inner = -1;
    for (int c : j.children)
        if (plan.nodes.at(c).parentRelationship == u"Inner") inner = c;
    if (inner < 0 || plan.nodes.at(inner).nodeType != u"Seq Scan") return std::nullopt;
    const PlanNode &s = plan.nodes.at(inner);
    const double loops = s.actualLoops.value_or(1);
    const double scanned = (s.actualRows.value_or(0) + s.rowsRemovedByFilter.value_or(0)) * loops;
    if (loops < NestedLoopSeqScanDetector::kMinLoops || scanned < NestedLoopSeqScanDetector::kMinRowsScanned)
        return std::nullopt;
    const auto index = IndexSuggestions::forNestedLoop(plan, join, inner);
    if (!index) return std::nullopt;
    const QString why = QStringLiteral("The Nested Loop runs a Seq Scan on %1 for each of its %2 outer rows, reading %3 "
                                       "rows in all, to find the rows whose %4 match (%5). An index on (%6) makes each "
                                       "loop an index lookup of the matching rows (a parameterized Index Scan).")
                            .arg(s.relationName, Units::count(loops), Units::count(scanned), listed(index->join),
                                j.joinFilter.isEmpty() ? s.filter : j.joinFilter, listed(index->keys()));
    return Proposal { *index, why };
}

// A scan whose filter compares an expression of the column (the non-sargable-predicate finding): an index on the
// expression, written as the plan prints it, is one the planner matches to the same expression in the query.
std::optional<Proposal> fromExpression(const PlanNode &n)
{
    if (n.relationName.isEmpty() || !NonSargablePredicateDetector::worthIt(n)) return std::nullopt;
    const double removed = n.rowsRemovedByFilter.value_or(0) * n.actualLoops.value_or(1);
    if (removed < kMinRemoved || removed < kMinRatio * std::max(n.totalActualRows(), 1.0)) return std::nullopt;
    for (const NonSargablePredicate &p : NonSargablePredicateDetector::predicates(n)) {
        if (!p.indexable) continue;
        IndexSuggestion index;
        index.schema = n.schema;
        index.relation = n.relationName;
        index.expression = p.indexKey();
        // pg_get_indexdef prints the key unqualified, with the casts PostgreSQL added: the plan's text without the
        // relation's qualifier.
        QString printed = p.expression;
        for (const QString &q : { n.alias, n.relationName })
            if (!q.isEmpty()) printed.replace(q + u'.', QString());

        const QString why = QStringLiteral("%1 computes %2 for every row (%3 rows thrown away by the filter %4), so no index "
                                           "on %5 applies. An index on the expression %6 holds the computed values: the "
                                           "planner matches it to the same expression in the query and finds the rows "
                                           "directly. ANALYZE then also keeps statistics on the expression, which fixes "
                                           "the estimate.")
                                .arg(n.displayName(), p.expression, Units::count(removed), n.filter, p.column,
                                    p.indexKey());
        return Proposal { index, why, printed };
    }
    return std::nullopt;
}

} // namespace

QList<Rewrite> CreateIndexRule::propose(const RewriteInput &in) const
{
    QList<Rewrite> out;
    if (!in.plan || !in.plan->hasAnalyze) return out;
    QList<Proposal> proposals;
    for (int i = 0; i < in.plan->nodes.size(); ++i) {
        // An index walk for a Limit gets the index with the ORDER BY keys instead of the Filter's columns alone.
        const std::optional<Proposal> walk = fromLimitWalk(*in.plan, i, in.script);
        for (const auto &p : { walk ? walk : fromFilter(in.plan->nodes.at(i)), fromSortLimit(*in.plan, i),
                 fromNestedLoop(*in.plan, i), fromExpression(in.plan->nodes.at(i)), fromOr(in.plan->nodes.at(i)) })
            if (p) proposals << *p;
    }
    QStringList seen;
    for (const Proposal &p : proposals) {
        const IndexSuggestion &index = p.index;
        const QString sql = index.ddl();
        QStringList statements { sql };
        QStringList titles { u'(' + listed(index.keys()) + u')' };
        for (const IndexSuggestion &m : p.more) {
            statements << m.ddl();
            titles << u'(' + listed(m.keys()) + u')';
        }
        if (seen.contains(statements.join(u';'))) continue;
        seen << statements.join(u';');
        const QStringList keys = index.keys();
        const QStringList columns = index.columns();

        Rewrite r;
        r.rule = id();
        r.statements = statements;
        r.title = QStringLiteral("Index %1 %2").arg(index.relation, titles.join(QStringLiteral(", ")));
        r.explanation = p.why.trimmed();
        r.preconditions << QStringLiteral("Every write to %1 maintains one more index: each INSERT, and each UPDATE of "
                                          "an indexed column.")
                               .arg(index.relation)
                        << QStringLiteral("CREATE INDEX CONCURRENTLY does not block writes while it builds, but cannot "
                                          "run inside a transaction block (and PlanLens runs every statement in one: "
                                          "build it with psql).");
        CatalogCheck none = CatalogChecks::noIndexStartingWith(
            index.schema == u"public" ? QString() : index.schema, index.relation, columns);
        none.precondition = QStringLiteral("No index of %1 starts with (%2) yet.").arg(index.relation, listed(columns));
        // pg_get_indexdef prints the key as the plan does, up to parentheses, blanks and how a constant's cast is
        // spelled ('0'::bigint, (0)::bigint): those are ignored on both sides.
        if (!p.indexedExpression.isEmpty()) {
            none.sql = QStringLiteral("SELECT NOT EXISTS (\n"
                                      "  SELECT 1 FROM pg_index i\n"
                                      "  WHERE i.indrelid = %1 AND i.indisvalid AND i.indexprs IS NOT NULL\n"
                                      "    AND regexp_replace(pg_get_indexdef(i.indexrelid, 1, false), '[()'' ]', '', 'g')\n"
                                      "        = regexp_replace('%2', '[()'' ]', '', 'g')\n"
                                      ") AS holds")
                           .arg(CatalogChecks::regclass(index.schema == u"public" ? QString() : index.schema, index.relation),
                               QString(p.indexedExpression).replace(u'\'', QStringLiteral("''")));
            none.precondition = QStringLiteral("No index of %1 starts with the expression %2 yet.")
                                    .arg(index.relation, p.indexedExpression);
        }
        none.whenFalse = QStringLiteral("An index with these leading columns exists: the planner chose not to use it "
                                        "(statistics, the condition is not selective for these values, or its sort "
                                        "direction does not match the ORDER BY).");
        if (!p.more.isEmpty()) {
            // One index per OR arm: a column that has one already needs no second; each check says which.
            none.required = false;
            none.whenFalse = QStringLiteral("%1 already has an index starting with (%2): skip that statement.")
                                 .arg(index.relation, listed(columns));
        }
        r.checks << none;
        for (const IndexSuggestion &m : p.more) {
            CatalogCheck other = CatalogChecks::noIndexStartingWith(
                m.schema == u"public" ? QString() : m.schema, m.relation, m.columns());
            other.precondition = QStringLiteral("No index of %1 starts with (%2) yet.").arg(m.relation, listed(m.columns()));
            other.whenFalse = QStringLiteral("%1 already has an index starting with (%2): skip that statement.")
                                  .arg(m.relation, listed(m.columns()));
            other.required = false;
            r.checks << other;
        }
        CatalogCheck hypo = CatalogChecks::extensionInstalled(QStringLiteral("hypopg"));
        hypo.precondition
            = QStringLiteral("With the HypoPG extension, the plan with this index can be seen without "
                             "building it: SELECT * FROM hypopg_create_index('%1'); then EXPLAIN the "
                             "query.")
                  .arg(statements.join(QStringLiteral("; ")).remove(QStringLiteral(" CONCURRENTLY")).replace(u'\'', QStringLiteral("''")));
        hypo.whenFalse = QStringLiteral("HypoPG is not installed: build the index on a copy, or try it with EXPLAIN "
                                        "after building.");
        r.checks << hypo;
        r.mapping.kind = QStringLiteral("none");
        r.mapping.description = QStringLiteral("An index changes no result, only the plan.");
        out << r;
    }
    return out;
}

} // namespace PlanLens
