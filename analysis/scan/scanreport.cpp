// SPDX-License-Identifier: MIT
#include "scanreport.h"

#include "detect/finding.h"

#include <QJsonArray>

namespace PlanLens {

QJsonObject ScanReport::toJson() const
{
    QJsonObject o;
    o.insert(QStringLiteral("inputs"), QJsonArray::fromStringList(inputs));
    o.insert(QStringLiteral("entries"), double(counts.entries));
    o.insert(QStringLiteral("plans"), double(counts.plans));
    o.insert(QStringLiteral("filtered"), double(counts.filtered));
    o.insert(QStringLiteral("other_lines"), double(counts.otherLines));
    o.insert(QStringLiteral("bad"), counts.badToJson());
    o.insert(QStringLiteral("group_count"), double(groupCount));
    QJsonArray gs;
    for (const ScanGroup &g : groups) {
        QJsonObject j;
        j.insert(QStringLiteral("fingerprint"), g.fingerprint);
        j.insert(QStringLiteral("query"), g.query.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(g.query));
        j.insert(QStringLiteral("count"), double(g.count));
        j.insert(QStringLiteral("total_ms"), g.totalMs);
        j.insert(QStringLiteral("median_ms"), g.medianMs);
        j.insert(QStringLiteral("max_ms"), g.maxMs);
        j.insert(QStringLiteral("shapes"), g.shapes);
        j.insert(QStringLiteral("worst"),
                 QJsonObject{{QStringLiteral("file"), inputs.value(g.worstInput)},
                             {QStringLiteral("offset"), double(g.worstOffset)},
                             {QStringLiteral("duration_ms"), g.worstMs}});
        QJsonObject findings;
        for (auto it = g.findings.cbegin(); it != g.findings.cend(); ++it)
            findings.insert(it.key(), double(it.value()));
        j.insert(QStringLiteral("findings"), findings);
        j.insert(QStringLiteral("worst_level"), g.worstLevel < 0
                     ? QJsonValue(QJsonValue::Null)
                     : QJsonValue(findingLevelName(FindingLevel(g.worstLevel))));
        j.insert(QStringLiteral("rewrites"), QJsonArray::fromStringList(g.rewrites));
        gs.append(j);
    }
    o.insert(QStringLiteral("groups"), gs);
    return o;
}

} // namespace PlanLens
