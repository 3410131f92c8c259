// SPDX-License-Identifier: MIT
#include "finding.h"

#include <cmath>

namespace PlanLens {

FindingLevel findingLevelForSeverity(double severity)
{
    if (severity >= 0.5)
        return FindingLevel::Critical;
    if (severity >= 0.2)
        return FindingLevel::Warning;
    return FindingLevel::Info;
}

QString findingLevelName(FindingLevel level)
{
    switch (level) {
    case FindingLevel::Info: return QStringLiteral("info");
    case FindingLevel::Warning: return QStringLiteral("warning");
    case FindingLevel::Critical: return QStringLiteral("critical");
    }
    return QString();
}

QJsonObject findingToJson(const Finding &f)
{
    QJsonObject o;
    o.insert(QStringLiteral("rule"), f.rule);
    o.insert(QStringLiteral("severity"), std::round(f.severity * 1000.0) / 1000.0);
    o.insert(QStringLiteral("level"), findingLevelName(f.level));
    o.insert(QStringLiteral("node"), f.nodeId >= 0 ? QJsonValue(f.nodeId) : QJsonValue());
    QJsonArray nodes;
    for (int n : f.nodeIds)
        nodes.append(n);
    o.insert(QStringLiteral("nodes"), nodes);
    o.insert(QStringLiteral("sql_span"), f.hasSpan() ? QJsonValue(QJsonArray{f.spanStart, f.spanEnd}) : QJsonValue());
    o.insert(QStringLiteral("statement"), f.statement >= 0 ? QJsonValue(f.statement) : QJsonValue());
    o.insert(QStringLiteral("message"), f.message);
    o.insert(QStringLiteral("evidence"), f.evidence);
    o.insert(QStringLiteral("advice"), f.advice);
    o.insert(QStringLiteral("rewrite"),
             f.rewriteId.isEmpty() ? QJsonValue() : QJsonValue(QJsonObject{{QStringLiteral("id"), f.rewriteId}}));
    o.insert(QStringLiteral("confidence"), std::round(f.confidence * 100.0) / 100.0);
    return o;
}

QJsonArray findingsToJson(const QList<Finding> &findings)
{
    QJsonArray a;
    for (const Finding &f : findings)
        a.append(findingToJson(f));
    return a;
}

} // namespace PlanLens
