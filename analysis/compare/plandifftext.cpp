// SPDX-License-Identifier: MIT
#include "plandifftext.h"

#include "format/units.h"
#include "nodematcher.h"

#include <QStringList>

#include <cmath>

namespace PlanLens::PlanDiffText {

// ---- labels ------------------------------------------------------------------------------------------------

// The subplan a node runs in ("SubPlan 1", "InitPlan 2 (returns $1)", "CTE x"), or empty for the main query.
QString subplanOf(const Plan &plan, int id)
{
    for (int i = id; i >= 0 && i < plan.nodes.size(); i = plan.nodes[i].parent)
        if (!plan.nodes[i].subplanName.isEmpty())
            return plan.nodes[i].subplanName;
    return {};
}

// How often each relation is scanned over both plans, to know when an alias is needed to tell scans apart.
QHash<QString, QSet<QString>> aliasesByRelation(const Plan &a, const Plan &b)
{
    QHash<QString, QSet<QString>> out;
    for (const Plan *p : {&a, &b})
        for (const PlanNode &n : p->nodes)
            if (!n.relationName.isEmpty())
                out[n.relationName].insert(n.alias);
    return out;
}

QString objectName(const PlanNode &n)
{
    if (!n.relationName.isEmpty())
        return n.alias.isEmpty() || n.alias == n.relationName ? n.relationName : n.relationName + u' ' + n.alias;
    if (!n.detail().cteName.isEmpty())
        return QStringLiteral("CTE ") + n.detail().cteName;
    if (!n.detail().functionName.isEmpty())
        return n.detail().functionName;
    return n.alias;
}

// The scans below a node, as "customers c, orders o" (at most three, then "…"). Looks at no more than a few
// hundred nodes, so labelling every join of a huge plan stays linear.
QString scansBelow(const Plan &plan, int id)
{
    QStringList names;
    QList<int> stack;
    for (qsizetype i = plan.nodes[id].children.size() - 1; i >= 0; --i)
        stack << plan.nodes[id].children[i];
    bool more = false;
    int visited = 0;
    while (!stack.isEmpty()) {
        if (++visited > 300) {
            more = true;
            break;
        }
        const PlanNode &n = plan.nodes[stack.takeLast()];
        if (!n.relationName.isEmpty() || !n.detail().cteName.isEmpty() || !n.detail().functionName.isEmpty()) {
            const QString name = objectName(n);
            if (!names.contains(name)) {
                if (names.size() == 3) {
                    more = true;
                    break;
                }
                names << name;
            }
        }
        for (qsizetype i = n.children.size() - 1; i >= 0; --i) // depth-first, in plan order
            stack << n.children[i];
    }
    QString s = names.join(QStringLiteral(", "));
    if (more)
        s += QStringLiteral(", …");
    return s;
}

// What a Bitmap Heap Scan's bitmap is made of: "a + b" for BitmapOr, "a & b" for BitmapAnd.
QString bitmapIndexes(const Plan &plan, int id, bool nested)
{
    const PlanNode &n = plan.nodes[id];
    if (n.nodeType == u"Bitmap Index Scan")
        return n.indexName;
    QStringList parts;
    for (int c : n.children)
        parts << bitmapIndexes(plan, c, true);
    parts.removeAll(QString());
    const QString joined = parts.join(n.nodeType == u"BitmapAnd" ? QStringLiteral(" & ") : QStringLiteral(" + "));
    return nested && parts.size() > 1 ? u'(' + joined + u')' : joined;
}

// A node as a user recognises it: "Seq Scan on tracks t", "Hash Join of orders o, customers c",
// "Sort by events.payload", plus the subplan it runs in.
QString nodeLabel(const Plan &plan, int id)
{
    const PlanNode &n = plan.nodes[id];
    QString s = operatorName(n);
    const QString family = operatorFamily(n);
    if (n.nodeType == u"Bitmap Index Scan") {
        s += QStringLiteral(" on ") + n.indexName;
    } else if (!n.relationName.isEmpty() || !n.detail().cteName.isEmpty() || !n.detail().functionName.isEmpty()) {
        if (!n.indexName.isEmpty())
            s += QStringLiteral(" using ") + n.indexName;
        s += QStringLiteral(" on ") + objectName(n);
    } else if (family == u"sort" && !n.sortKey.isEmpty()) {
        s += QStringLiteral(" by ") + n.sortKey.join(QStringLiteral(", "));
    } else if (family == u"aggregate" && !n.groupKey.isEmpty()) {
        s += QStringLiteral(" by ") + n.groupKey.join(QStringLiteral(", "));
    } else if (family == u"bitmap") {
        s += QStringLiteral(" of ") + bitmapIndexes(plan, id, false);
    } else if (family == u"join" || family == u"hash") {
        const QString below = scansBelow(plan, id);
        if (!below.isEmpty())
            s += QStringLiteral(" of ") + below;
    } else if (!n.alias.isEmpty()) {
        s += QStringLiteral(" on ") + n.alias;
    }
    const QString sub = subplanOf(plan, id);
    if (!sub.isEmpty())
        s += QStringLiteral(" (") + sub + u')';
    return s;
}

// The access path of a scan: "Seq Scan", "Index Only Scan using x", "Bitmap Heap Scan using a + b".
QString accessPath(const Plan &plan, int id)
{
    const PlanNode &n = plan.nodes[id];
    QString s = operatorName(n);
    if (n.nodeType == u"Bitmap Heap Scan") {
        QStringList parts;
        for (int c : n.children)
            parts << bitmapIndexes(plan, c, false);
        parts.removeAll(QString());
        if (!parts.isEmpty())
            s += QStringLiteral(" using ") + parts.join(QStringLiteral(" & "));
    } else if (!n.indexName.isEmpty()) {
        s += QStringLiteral(" using ") + n.indexName;
    }
    return s;
}

// ---- figures -----------------------------------------------------------------------------------------------

std::optional<double> executionMs(const Plan &plan)
{
    if (plan.executionMs)
        return plan.executionMs;
    if (plan.hasTiming && !plan.isEmpty() && plan.root().actualTotalMs)
        return plan.root().inclusiveMs;
    return std::nullopt;
}

double estimateError(double factor)
{
    return factor >= 1 ? factor : 1.0 / factor;
}

// A node that wrote to disk because its memory was too small, described; nullopt when it did not.
std::optional<QString> spillOf(const PlanNode &n)
{
    if (n.detail().sortSpaceType == u"Disk" || n.detail().sortMethod.startsWith(QStringLiteral("external"))) {
        QString s = n.detail().sortMethod.isEmpty() ? QStringLiteral("sort") : n.detail().sortMethod;
        if (n.detail().sortSpaceUsedKb)
            s += QStringLiteral(", ") + Units::kilobytes(*n.detail().sortSpaceUsedKb) + QStringLiteral(" on disk");
        return s;
    }
    if (n.detail().hashBatches && *n.detail().hashBatches > 1)
        return QStringLiteral("%1 batches").arg(Units::count(*n.detail().hashBatches));
    if (n.detail().diskUsageKb && *n.detail().diskUsageKb > 0)
        return Units::kilobytes(*n.detail().diskUsageKb) + QStringLiteral(" on disk");
    if (n.exclusiveBuffers.tempWritten > 0)
        return QStringLiteral("%1 temporary blocks written").arg(Units::count(n.exclusiveBuffers.tempWritten));
    return std::nullopt;
}

QString inMemoryOf(const PlanNode &n)
{
    if (!n.detail().sortMethod.isEmpty())
        return n.detail().sortSpaceUsedKb
            ? QStringLiteral("%1, %2 in memory").arg(n.detail().sortMethod, Units::kilobytes(*n.detail().sortSpaceUsedKb))
            : n.detail().sortMethod;
    if (n.detail().hashBatches)
        return QStringLiteral("1 batch");
    if (n.detail().peakMemoryUsageKb)
        return Units::kilobytes(*n.detail().peakMemoryUsageKb) + QStringLiteral(" in memory");
    return QStringLiteral("in memory");
}

Parallelism parallelismOf(const Plan &plan)
{
    Parallelism p;
    for (const PlanNode &n : plan.nodes)
        if (operatorFamily(n) == u"gather") {
            p.gathers << n.id;
            p.workers += n.workersLaunched.value_or(n.workersPlanned.value_or(0));
        }
    return p;
}

QSet<QString> relationsOf(const Plan &plan)
{
    QSet<QString> out;
    for (const PlanNode &n : plan.nodes)
        if (!n.relationName.isEmpty())
            out.insert(n.relationName);
    return out;
}

} // namespace PlanLens::PlanDiffText
