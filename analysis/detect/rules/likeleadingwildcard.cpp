// SPDX-License-Identifier: MIT
#include "likeleadingwildcard.h"

#include "detect/detectinput.h"
#include "detect/planconditions.h"
#include "detect/sqlfacts.h"
#include "format/units.h"
#include "rewrite/createtrigramindexrule.h"

#include <algorithm>

namespace PlanLens {

namespace {

bool leadingWildcard(const QString &operand)
{
    return operand.size() > 1 && operand.startsWith(u'\'') && (operand.at(1) == u'%' || operand.at(1) == u'_');
}

} // namespace

void LikeLeadingWildcardDetector::detect(const DetectInput &in, QList<Finding> &out) const
{
    if (!in.plan().hasAnalyze)
        return;
    for (int i = 0; i < in.nodeCount(); ++i) {
        const PlanNode &n = in.node(i);
        if (!DetectInput::isScan(n) || n.filter.isEmpty())
            continue;
        QString col, pattern;
        for (const Conditions::ColumnUse &u : Conditions::columnUses(n.filter)) {
            if (Conditions::belongsTo(u, n) && (u.opAfter == u"~~" || u.opAfter == u"~~*") && leadingWildcard(u.operandAfter)) {
                col = u.column;
                pattern = u.operandAfter;
            }
        }
        if (col.isEmpty())
            continue;
        const double removed = n.rowsRemovedByFilter.value_or(0) * in.loops(i);
        const double kept = in.totalRows(i);
        if (removed < 1000)
            continue;
        const double fraction = removed / (removed + kept);
        Finding f = makeFinding(in, i, in.inclusiveShare(i) * fraction);
        if (const SqlStatement *st = in.statement()) {
            SqlFacts::visit(SqlFacts::statementRoot(st->tree), [&](const QString &type, const QJsonObject &body) {
                if (f.hasSpan() || type != u"A_Expr")
                    return !f.hasSpan();
                const QString kind = body.value(QStringLiteral("kind")).toString();
                if (kind != u"AEXPR_LIKE" && kind != u"AEXPR_ILIKE")
                    return true;
                const QString p = SqlFacts::constantString(body.value(QStringLiteral("rexpr")));
                if (p.startsWith(u'%') || p.startsWith(u'_')) {
                    const SqlFacts::Span span = SqlFacts::expressionSpan(*in.sql(), in.tokens(),
                                                                         QJsonObject{{QStringLiteral("A_Expr"), body}}, st->end);
                    if (span.isValid()) {
                        f.spanStart = span.start;
                        f.spanEnd = span.end;
                    }
                }
                return true;
            });
        }
        const QString table = n.relationName.isEmpty() ? QStringLiteral("the table") : n.relationName;
        f.message = QStringLiteral("%1 matches %2 against %3, which starts with a wildcard: no btree index can find "
                                   "such rows, so all %4 rows are read and %5 kept (%6 of the query).")
                        .arg(n.displayName(), col, pattern, Units::count(removed + kept), Units::count(kept),
                             Units::percent(in.inclusiveShare(i)));
        // The same suggestion the create-trigram-index rewrite writes (same function, same thresholds).
        const std::optional<TrigramIndexSuggestion> trgm = CreateTrigramIndexRule::forScan(in.plan(), i);
        if (trgm) {
            f.advice = QStringLiteral("A trigram index serves LIKE and ILIKE with wildcards anywhere (gin_trgm_ops "
                                      "handles ILIKE itself: no lower(%1) index needed): %2; %3; HypoPG cannot plan "
                                      "GIN indexes, so `planlens rewrite --verify` builds it inside a transaction it "
                                      "rolls back and times the statement with it. For word search, full-text search "
                                      "(tsvector + GIN) is the better tool.")
                           .arg(trgm->column, TrigramIndexSuggestion::extensionSql(), trgm->ddl());
            f.rewriteId = in.rewriteIfProposed(QStringLiteral("create-trigram-index"));
        } else {
            f.advice = QStringLiteral("A trigram index (CREATE EXTENSION IF NOT EXISTS pg_trgm; CREATE INDEX "
                                      "CONCURRENTLY ON %1 USING gin (%2 gin_trgm_ops)) serves LIKE/ILIKE with "
                                      "wildcards anywhere, but only with at least %3 characters between the "
                                      "wildcards, which %4 does not have; HypoPG cannot plan GIN indexes. For word "
                                      "search, full-text search (tsvector + GIN) is the better tool.")
                           .arg(table, col)
                           .arg(CreateTrigramIndexRule::kMinLiteralRun)
                           .arg(pattern);
        }
        f.evidence.insert(QStringLiteral("column"), col);
        f.evidence.insert(QStringLiteral("pattern"), pattern);
        f.evidence.insert(QStringLiteral("rows_removed_by_filter"), removed);
        f.evidence.insert(QStringLiteral("rows_kept"), kept);
        f.evidence.insert(QStringLiteral("time_share"), in.inclusiveShare(i));
        out << f;
    }
}

} // namespace PlanLens
