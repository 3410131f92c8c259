// SPDX-License-Identifier: MIT
#include "largeoffset.h"

#include "detect/detectinput.h"
#include "detect/sqlfacts.h"
#include "format/units.h"

#include <algorithm>

namespace PlanLens {

void LargeOffsetDetector::detect(const DetectInput &in, QList<Finding> &out) const
{
    if (!in.plan().hasAnalyze)
        return;
    // The statement's OFFSET clauses, to point at.
    QList<QJsonObject> offsets;
    if (const SqlStatement *st = in.statement(); st && in.sql()->mayContain("limitOffset")) {
        SqlFacts::visit(SqlFacts::statementRoot(st->tree), [&](const QString &type, const QJsonObject &body) {
            if (type == u"SelectStmt" && body.contains(QStringLiteral("limitOffset")))
                offsets << body.value(QStringLiteral("limitOffset")).toObject();
            return true;
        });
    }
    for (int i = 0; i < in.nodeCount(); ++i) {
        const PlanNode &n = in.node(i);
        if (n.nodeType != u"Limit")
            continue;
        int child = -1;
        for (int c : n.children)
            if (!in.node(c).isSubplanChild())
                child = c;
        if (child < 0)
            continue;
        // A Limit passes rows on except the OFFSET ones, so what its input produced beyond its output was skipped.
        const double read = in.totalRows(child);
        const double skipped = read - in.totalRows(i);
        if (skipped < 1000)
            continue;
        const double fraction = skipped / std::max(read, 1.0);
        Finding f = makeFinding(in, i, in.inclusiveShare(i) * fraction);
        f.nodeIds << child;
        f.rewriteId = in.rewriteIfProposed(QStringLiteral("keyset-pagination"));
        for (const QJsonObject &o : offsets) {
            const qint64 v = SqlFacts::constantInteger(o);
            if (v >= 0 && std::abs(double(v) * in.loops(i) - skipped) > std::max(2.0, skipped * 0.01))
                continue;   // another OFFSET of the statement
            const SqlFacts::Span span = SqlFacts::keywordSpan(*in.sql(), in.tokens(), o, in.statement()->end);
            if (span.isValid()) {
                f.spanStart = span.start;
                f.spanEnd = span.end;
                break;
            }
        }
        f.message = QStringLiteral("%1 skipped %2 rows (OFFSET) to return %3: every skipped row was read%4 and thrown "
                                   "away. This takes %5 of the query and grows with every page.")
                        .arg(n.displayName(), Units::count(skipped), Units::count(in.totalRows(i)),
                             in.node(child).nodeType == u"Sort" ? QStringLiteral(" and sorted") : QString(),
                             Units::percent(in.inclusiveShare(i)));
        f.advice = QStringLiteral("Paginate by key instead of by position (keyset pagination): remember the sort key "
                                  "of the last row shown and ask for \"WHERE (sort_key, id) > ($last_key, $last_id) "
                                  "ORDER BY sort_key, id LIMIT n\"; with an index on (sort_key, id) every page costs "
                                  "the same.");
        f.evidence.insert(QStringLiteral("rows_skipped"), skipped);
        f.evidence.insert(QStringLiteral("rows_returned"), in.totalRows(i));
        f.evidence.insert(QStringLiteral("rows_read"), read);
        f.evidence.insert(QStringLiteral("time_share"), in.inclusiveShare(i));
        out << f;
    }
}

} // namespace PlanLens
