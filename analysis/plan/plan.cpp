// SPDX-License-Identifier: MIT
#include "plan.h"

#include "format/units.h"

#include <initializer_list>

namespace PlanLens {

QString planFormatName(PlanFormat f)
{
    switch (f) {
    case PlanFormat::Json: return QStringLiteral("json");
    case PlanFormat::Text: return QStringLiteral("text");
    case PlanFormat::Xml: return QStringLiteral("xml");
    case PlanFormat::Yaml: return QStringLiteral("yaml");
    case PlanFormat::Unknown: break;
    }
    return QStringLiteral("unknown");
}

QString ParseError::toString() const
{
    if (line > 0)
        return QStringLiteral("line %1, column %2: %3").arg(line).arg(column).arg(message);
    return message;
}

qint64 Buffers::total() const
{
    return sharedHit + sharedRead + sharedDirtied + sharedWritten + localHit + localRead + localDirtied
        + localWritten + tempRead + tempWritten;
}

Buffers &Buffers::operator+=(const Buffers &o)
{
    sharedHit += o.sharedHit;
    sharedRead += o.sharedRead;
    sharedDirtied += o.sharedDirtied;
    sharedWritten += o.sharedWritten;
    localHit += o.localHit;
    localRead += o.localRead;
    localDirtied += o.localDirtied;
    localWritten += o.localWritten;
    tempRead += o.tempRead;
    tempWritten += o.tempWritten;
    return *this;
}

Buffers &Buffers::operator-=(const Buffers &o)
{
    sharedHit -= o.sharedHit;
    sharedRead -= o.sharedRead;
    sharedDirtied -= o.sharedDirtied;
    sharedWritten -= o.sharedWritten;
    localHit -= o.localHit;
    localRead -= o.localRead;
    localDirtied -= o.localDirtied;
    localWritten -= o.localWritten;
    tempRead -= o.tempRead;
    tempWritten -= o.tempWritten;
    return *this;
}

bool IoTimings::isEmpty() const
{
    return !sharedReadMs && !sharedWriteMs && !localReadMs && !localWriteMs && !tempReadMs && !tempWriteMs
        && !sharedLocalReadMs && !sharedLocalWriteMs;
}

namespace {

std::optional<double> sum(std::initializer_list<const OptionalDouble *> parts)
{
    std::optional<double> total;
    for (const OptionalDouble *p : parts)
        if (*p)
            total = total.value_or(0) + **p;
    return total;
}

} // namespace

std::optional<double> IoTimings::totalReadMs() const
{
    return sum({&sharedReadMs, &localReadMs, &tempReadMs, &sharedLocalReadMs});
}

std::optional<double> IoTimings::totalWriteMs() const
{
    return sum({&sharedWriteMs, &localWriteMs, &tempWriteMs, &sharedLocalWriteMs});
}

void setServerVersion(Plan &plan, int serverVersionNum)
{
    if (serverVersionNum <= 0)
        return;
    plan.serverVersion = serverVersionNum;
    // PQserverVersion: major × 10000 + minor from PostgreSQL 10 on, major × 10000 + minor × 100 + patch before.
    const int major = serverVersionNum / 10000;
    plan.serverVersionHint = major >= 10
        ? QStringLiteral("PostgreSQL %1.%2").arg(major).arg(serverVersionNum % 10000)
        : QStringLiteral("PostgreSQL %1.%2.%3").arg(major).arg(serverVersionNum / 100 % 100).arg(serverVersionNum % 100);
}

double PlanNode::totalActualRows() const
{
    if (neverExecuted || !actualRows)
        return 0;
    return *actualRows * actualLoops.value_or(1);
}

bool PlanNode::isSubplanChild() const
{
    return parentRelationship == u"InitPlan" || parentRelationship == u"SubPlan";
}

QString PlanNode::displayName() const
{
    QString s = nodeType;
    if (!indexName.isEmpty())
        s += QStringLiteral(" using ") + indexName;
    if (!relationName.isEmpty()) {
        s += QStringLiteral(" on ") + relationName;
        if (!alias.isEmpty() && alias != relationName)
            s += u' ' + alias;
    } else if (!detail().cteName.isEmpty()) {
        s += QStringLiteral(" on ") + detail().cteName;
    } else if (!detail().functionName.isEmpty()) {
        s += QStringLiteral(" on ") + detail().functionName;
    }
    return s;
}

QString PlanNode::textLabel() const
{
    QString name = nodeType;
    const bool inner = joinType.isEmpty() || joinType == u"Inner";
    if (nodeType == u"Aggregate") {
        if (strategy == u"Sorted")
            name = QStringLiteral("GroupAggregate");
        else if (strategy == u"Hashed")
            name = QStringLiteral("HashAggregate");
        else if (strategy == u"Mixed")
            name = QStringLiteral("MixedAggregate");
        if (partialMode == u"Partial" || partialMode == u"Finalize")
            name = partialMode + u' ' + name;
    } else if (nodeType == u"SetOp") {
        name = (strategy == u"Hashed" ? QStringLiteral("HashSetOp") : QStringLiteral("SetOp"))
            + (detail().command.isEmpty() ? QString() : u' ' + detail().command);
    } else if (nodeType == u"Nested Loop") {
        if (!inner)
            name += u' ' + joinType + QStringLiteral(" Join");
    } else if (nodeType == u"Hash Join" || nodeType == u"Merge Join") {
        if (!inner)
            name = nodeType.left(nodeType.size() - 5) + u' ' + joinType + QStringLiteral(" Join");
    } else if (nodeType == u"ModifyTable" && !detail().operation.isEmpty()) {
        name = detail().operation;
    }
    if (asyncCapable)
        name = QStringLiteral("Async ") + name;
    if (parallelAware)
        name = QStringLiteral("Parallel ") + name;
    return name;
}

double Plan::totalMs() const
{
    if (executionMs)
        return *executionMs;
    return nodes.isEmpty() ? 0 : nodes.front().inclusiveMs;
}

QString formatEstimateFactor(double factor) { return Units::estimateFactor(factor); }

} // namespace PlanLens
