// SPDX-License-Identifier: MIT
#include "ctescannedmanytimes.h"

#include "detect/detectinput.h"
#include "detect/sqlfacts.h"
#include "format/units.h"

#include <QMap>

namespace PlanLens {

void CteScannedManyTimesDetector::detect(const DetectInput &in, QList<Finding> &out) const
{
    if (!in.plan().hasAnalyze)
        return;
    QMap<QString, QList<int>> scans;
    for (int i = 0; i < in.nodeCount(); ++i)
        if (in.node(i).nodeType == u"CTE Scan" && !in.node(i).detail().cteName.isEmpty() && !in.node(i).neverExecuted)
            scans[in.node(i).detail().cteName] << i;
    for (auto it = scans.cbegin(); it != scans.cend(); ++it) {
        double loops = 0, rowsRead = 0, share = 0;
        for (int s : it.value()) {
            const PlanNode &n = in.node(s);
            loops += in.loops(s);
            rowsRead += (n.actualRows.value_or(0) + n.rowsRemovedByFilter.value_or(0)) * in.loops(s);
            share += in.exclusiveShare(s);   // the CTE's own work is not in the scans' exclusive time
        }
        if (loops < 10 || rowsRead < 10000)
            continue;
        const int first = it.value().first();
        Finding f = makeFinding(in, first, share);
        for (int s : it.value().mid(1))
            f.nodeIds << s;
        int cte = -1;
        for (int i = 0; i < in.nodeCount(); ++i)
            if (in.node(i).subplanName == QStringLiteral("CTE ") + it.key())
                cte = i;
        if (cte >= 0)
            f.nodeIds << cte;
        // Point at the CTE's definition: "name AS [NOT] MATERIALIZED ( ... )".
        if (const SqlStatement *st = in.statement()) {
            SqlFacts::visit(SqlFacts::statementRoot(st->tree), [&](const QString &type, const QJsonObject &body) {
                if (type != u"CommonTableExpr" || body.value(QStringLiteral("ctename")).toString() != it.key() || f.hasSpan())
                    return true;
                const int start = in.sql()->charIndex(body.value(QStringLiteral("location")).toInt());
                int tok = in.tokens().indexAtOrAfter(start);
                while (tok < in.tokens().size() && !in.tokens().isPunct(tok, u'('))
                    ++tok;
                const int close = in.tokens().matchingClose(tok);
                if (close > 0) {
                    f.spanStart = start;
                    f.spanEnd = in.tokens().at(close).end;
                }
                return false;
            });
        }
        const PlanNode &n = in.node(first);
        f.message = QStringLiteral("The CTE %1 is scanned %2 times%3, reading %4 of its stored rows in all: a CTE "
                                   "result has no index, so every scan reads it from the start. The scans take %5 of "
                                   "the query.")
                        .arg(it.key(), Units::count(loops),
                             n.filter.isEmpty() ? QString() : QStringLiteral(" with the filter %1").arg(n.filter),
                             Units::count(rowsRead), Units::percent(share));
        f.advice = QStringLiteral("Let the planner inline the CTE (drop MATERIALIZED, or write it as a subquery) so its "
                                  "conditions reach the underlying table's indexes, or join the CTE once (a hash join) "
                                  "instead of probing it per row from a subquery. For a large intermediate result used "
                                  "by key, a temporary table with an index is faster.");
        f.evidence.insert(QStringLiteral("cte"), it.key());
        f.evidence.insert(QStringLiteral("scans"), double(it.value().size()));
        f.evidence.insert(QStringLiteral("loops"), loops);
        f.evidence.insert(QStringLiteral("rows_read"), rowsRead);
        f.evidence.insert(QStringLiteral("time_share"), share);
        out << f;
    }
}

} // namespace PlanLens
