// SPDX-License-Identifier: MIT
#include "estimates.h"

#include "detectinput.h"

#include <algorithm>
#include <cmath>

namespace PlanLens::Estimates {

namespace {

bool bitmapPart(const PlanNode &n)
{
    return n.nodeType == u"BitmapAnd" || n.nodeType == u"BitmapOr" || n.nodeType == u"Bitmap Heap Scan";
}

// Over-estimates are expected where the executor stops pulling rows early.
bool stopsEarly(const DetectInput &in, int i)
{
    if (in.isUnderSubplan(i))
        return true;
    for (int child = i, a = in.node(i).parent; a >= 0; child = a, a = in.node(a).parent) {
        const PlanNode &p = in.node(a);
        if (p.nodeType == u"Limit" || p.nodeType == u"Merge Join")
            return true;
        if ((p.joinType == u"Semi" || p.joinType == u"Anti") && in.node(child).parentRelationship == u"Inner")
            return true;
    }
    return false;
}

} // namespace

double misestimate(const DetectInput &in, int i)
{
    const PlanNode &n = in.node(i);
    if (!in.plan().hasAnalyze || n.neverExecuted || !n.estimateFactor || !n.planRows || !n.actualRows)
        return 1;
    // BitmapAnd/BitmapOr always report 0 rows; ModifyTable reports the rows it returns (none without RETURNING).
    if (n.nodeType == u"BitmapAnd" || n.nodeType == u"BitmapOr" || n.nodeType == u"ModifyTable")
        return 1;
    const double f = *n.estimateFactor;
    if (!(f >= kFactor || f <= 1.0 / kFactor))
        return 1;
    const double loops = in.loops(i);
    if (std::max(*n.planRows, *n.actualRows) * loops < 500)
        return 1;
    if (f < 1 && stopsEarly(in, i))
        return 1;
    return f;
}

bool isOrigin(const DetectInput &in, int i, double factor)
{
    for (int c : in.node(i).children) {
        if (in.node(c).isSubplanChild())
            continue;
        const double cf = misestimate(in, c);
        if ((factor > 1 && cf > 1) || (factor < 1 && cf < 1))
            return false;
    }
    return true;
}

QList<int> propagation(const DetectInput &in, int i, double factor)
{
    QList<int> out;
    for (int c = i, a = in.node(i).parent; a >= 0 && !in.node(c).isSubplanChild(); c = a, a = in.node(a).parent) {
        const double af = misestimate(in, a);
        if (!((factor > 1 && af > 1) || (factor < 1 && af < 1)))
            break;
        out << a;
    }
    return out;
}

int consumer(const DetectInput &in, int i)
{
    int c = i;
    int a = in.node(i).parent;
    while (a >= 0 && !in.node(c).isSubplanChild()
           && (DetectInput::isPassThrough(in.node(a)) || bitmapPart(in.node(a)))
           && in.node(a).nodeType != u"Memoize") {
        c = a;
        a = in.node(a).parent;
    }
    if (a < 0 || in.node(c).isSubplanChild())
        return -1;
    const PlanNode &p = in.node(a);
    if (DetectInput::isJoin(p) || p.nodeType == u"Hash" || p.nodeType == u"Sort" || p.nodeType == u"Memoize"
        || p.nodeType == u"Incremental Sort"
        || ((p.nodeType == u"Aggregate" || p.nodeType == u"SetOp")
            && (p.strategy == u"Hashed" || p.strategy == u"Mixed")))
        return a;
    return -1;
}

double magnitude(double factor)
{
    const double f = factor >= 1 ? factor : 1.0 / factor;
    return std::clamp(std::log10(f) / 3.0, 0.0, 1.0);
}

} // namespace PlanLens::Estimates
