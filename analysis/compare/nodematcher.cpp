// SPDX-License-Identifier: MIT
#include "nodematcher.h"

#include <QHash>

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace PlanLens {

QString matchReasonName(MatchReason r)
{
    switch (r) {
    case MatchReason::Relation: return QStringLiteral("relation");
    case MatchReason::Shape: return QStringLiteral("shape");
    case MatchReason::Position: return QStringLiteral("position");
    case MatchReason::None: break;
    }
    return QStringLiteral("none");
}

QString operatorName(const PlanNode &node)
{
    QString name = node.nodeType;
    if (name == u"Aggregate") {
        if (node.strategy == u"Hashed")
            name = QStringLiteral("HashAggregate");
        else if (node.strategy == u"Sorted")
            name = QStringLiteral("GroupAggregate");
        else if (node.strategy == u"Mixed")
            name = QStringLiteral("MixedAggregate");
    } else if (name == u"SetOp" && node.strategy == u"Hashed") {
        name = QStringLiteral("HashSetOp");
    } else if (name == u"ModifyTable" && !node.detail().operation.isEmpty()) {
        name = node.detail().operation; // TEXT prints "Insert on t", JSON "ModifyTable" + "Operation": "Insert"
    }
    if ((node.partialMode == u"Partial" || node.partialMode == u"Finalize") && !name.startsWith(node.partialMode))
        name = node.partialMode + u' ' + name;
    if (node.parallelAware && !name.startsWith(QStringLiteral("Parallel ")))
        name = QStringLiteral("Parallel ") + name;
    return name;
}

QString operatorFamily(const PlanNode &node)
{
    const QString &t = node.nodeType;
    if (t.contains(QStringLiteral(" Join")) || t.startsWith(QStringLiteral("Nested Loop")))
        return QStringLiteral("join");
    if (t.contains(QStringLiteral("Aggregate")) || t == u"Group")
        return QStringLiteral("aggregate");
    if (t == u"Sort" || t == u"Incremental Sort")
        return QStringLiteral("sort");
    if (t == u"Hash")
        return QStringLiteral("hash");
    if (t == u"Gather" || t == u"Gather Merge")
        return QStringLiteral("gather");
    if (t == u"BitmapOr" || t == u"BitmapAnd")
        return QStringLiteral("bitmap");
    if (t == u"Limit")
        return QStringLiteral("limit");
    if (t == u"Materialize" || t == u"Memoize")
        return QStringLiteral("cache");
    if (t == u"Append" || t == u"Merge Append")
        return QStringLiteral("append");
    if (t == u"SetOp" || t == u"HashSetOp" || t == u"Recursive Union")
        return QStringLiteral("setop");
    if (t == u"WindowAgg")
        return QStringLiteral("window");
    if (t == u"ModifyTable" || t == u"Insert" || t == u"Update" || t == u"Delete" || t == u"Merge")
        return QStringLiteral("modify");
    if (t.endsWith(QStringLiteral("Scan")))
        return QStringLiteral("scan");
    return t;
}

namespace {

// The object a node reads, or empty. Nodes with the same object are pass-1 candidates for each other.
QString objectKey(const PlanNode &n)
{
    if (n.nodeType == u"Bitmap Index Scan")
        return n.indexName.isEmpty() ? QString() : QStringLiteral("index:") + n.indexName;
    if (!n.relationName.isEmpty())
        return (operatorFamily(n) == u"modify" ? QStringLiteral("modify:") : QStringLiteral("rel:")) + n.relationName;
    if (!n.detail().functionName.isEmpty())
        return QStringLiteral("function:") + n.detail().functionName;
    if (!n.detail().cteName.isEmpty())
        return QStringLiteral("cte:") + n.detail().cteName;
    if (!n.alias.isEmpty()
        && (n.nodeType == u"Subquery Scan" || n.nodeType == u"Values Scan" || n.nodeType == u"WorkTable Scan"
            || n.nodeType == u"Named Tuplestore Scan" || n.nodeType == u"Table Function Scan"))
        return n.nodeType + u':' + n.alias;
    return {};
}

// "SubPlan 2" and "InitPlan 1 (returns $0)" renumber when a query is rewritten; their kind does not.
QString contextName(const QString &subplanName)
{
    if (subplanName.startsWith(QStringLiteral("SubPlan")))
        return QStringLiteral("SubPlan");
    if (subplanName.startsWith(QStringLiteral("InitPlan")))
        return QStringLiteral("InitPlan");
    return subplanName; // "CTE name" keeps its name
}

// What a matcher needs to know about one plan, computed once.
struct Side {
    const Plan &plan;
    QList<QString> context;       // subplan context of each node ("" = main query)
    QList<int> subtreeEnd;        // one past the last pre-order id of the node's subtree
    QList<int> anchorsBelow;      // pass-1 matched nodes strictly below the node
    explicit Side(const Plan &p)
        : plan(p)
    {
        const qsizetype n = p.nodes.size();
        context.resize(n);
        subtreeEnd.resize(n);
        anchorsBelow.fill(0, n);
        for (qsizetype i = 0; i < n; ++i) {
            const PlanNode &node = p.nodes[i];
            if (!node.subplanName.isEmpty())
                context[i] = contextName(node.subplanName);
            else if (node.parent >= 0 && node.parent < i)
                context[i] = context[node.parent];
        }
        for (qsizetype i = n - 1; i >= 0; --i) {
            int end = int(i) + 1;
            for (int c : p.nodes[i].children)
                if (c > i && c < n)
                    end = std::max(end, subtreeEnd[c]);
            subtreeEnd[i] = end;
        }
    }
    const PlanNode &node(int id) const { return plan.nodes[id]; }
};

class Matcher
{
public:
    Matcher(const Plan &before, const Plan &after)
        : m_b(before)
        , m_a(after)
    {
        m_result.afterOf.fill(-1, before.nodes.size());
        m_result.reasonOf.fill(MatchReason::None, before.nodes.size());
        m_result.beforeOf.fill(-1, after.nodes.size());
    }

    NodeMatching run()
    {
        if (m_b.plan.isEmpty() || m_a.plan.isEmpty())
            return m_result;
        matchObjects();
        countAnchors();
        m_budget = 64 * qint64(m_b.plan.nodes.size() + m_a.plan.nodes.size()) + 100000;
        matchShapes();
        matchPositions();
        return m_result;
    }

private:
    bool isFree(const Side &s, int id) const
    {
        return &s == &m_b ? m_result.afterOf[id] < 0 : m_result.beforeOf[id] < 0;
    }
    void link(int b, int a, MatchReason why)
    {
        m_result.afterOf[b] = a;
        m_result.beforeOf[a] = b;
        m_result.reasonOf[b] = why;
    }

    // Pass 1: nodes that read the same object, paired in tiers from the strictest agreement (same alias,
    // subplan kind, node type, index, parent relationship) to the loosest (same object only). Within a tier's
    // bucket the nodes pair in plan order, so the n-th scan of a table pairs with the n-th. Linear in the
    // number of nodes (hashing), however often a table is scanned.
    void matchObjects()
    {
        QList<QString> keyB(m_b.plan.nodes.size());
        QList<QString> keyA(m_a.plan.nodes.size());
        for (const PlanNode &n : m_b.plan.nodes)
            keyB[n.id] = objectKey(n);
        for (const PlanNode &n : m_a.plan.nodes)
            keyA[n.id] = objectKey(n);
        const auto tierKey = [](const Side &side, const PlanNode &n, const QString &object, int tier) {
            const QChar sep(0x1f);
            QString k = object;
            if (tier <= 3)
                k += sep + n.alias;
            if (tier <= 2)
                k += sep + side.context[n.id];
            if (tier <= 1)
                k += sep + n.nodeType;
            if (tier == 0)
                k += sep + n.indexName + sep + n.parentRelationship;
            return k;
        };
        for (int tier = 0; tier <= 4; ++tier) {
            QHash<QString, QList<int>> waiting; // unmatched before nodes by key, in plan order
            for (const PlanNode &n : m_b.plan.nodes)
                if (!keyB[n.id].isEmpty() && isFree(m_b, n.id))
                    waiting[tierKey(m_b, n, keyB[n.id], tier)].append(n.id);
            if (waiting.isEmpty())
                return;
            QHash<QString, qsizetype> next;
            for (const PlanNode &n : m_a.plan.nodes) {
                if (keyA[n.id].isEmpty() || !isFree(m_a, n.id))
                    continue;
                const QString k = tierKey(m_a, n, keyA[n.id], tier);
                const auto it = waiting.constFind(k);
                if (it == waiting.cend())
                    continue;
                qsizetype &i = next[k];
                if (i < it->size())
                    link(it->at(i++), n.id, MatchReason::Relation);
            }
        }
    }

    void countAnchors()
    {
        auto count = [](Side &s, const QList<int> &partner) {
            for (qsizetype i = s.plan.nodes.size() - 1; i > 0; --i) {
                const int p = s.plan.nodes[i].parent;
                if (p >= 0 && p < i)
                    s.anchorsBelow[p] += s.anchorsBelow[i] + (partner[i] >= 0 ? 1 : 0);
            }
        };
        count(m_b, m_result.afterOf);
        count(m_a, m_result.beforeOf);
        m_anchorPartner = m_result.beforeOf; // pass-1 pairs only; later passes do not add anchors
    }

    // Pass 2: inner after-nodes, children first (reverse pre-order). Each one's frontier (its topmost matched
    // descendants) points into the before plan; the unmatched ancestors of those partners, of the same family,
    // are the candidates, scored by the share of pass-1 scans they have in common (Dice). A walk up stops
    // where even full overlap could not beat the best candidate found so far, so ordinary plans cost O(n).
    void matchShapes()
    {
        const qsizetype nb = m_b.plan.nodes.size();
        const qsizetype na = m_a.plan.nodes.size();
        QList<double> common(nb, 0);
        QList<int> touched;
        QList<QList<int>> frontier(na); // after ids: the topmost matched nodes below each node
        for (qsizetype a = na - 1; a >= 0; --a) {
            const PlanNode &node = m_a.node(int(a));
            QList<int> mine;
            for (int c : node.children) {
                if (c <= a || c >= na)
                    continue;
                if (m_result.beforeOf[c] >= 0)
                    mine.append(c);
                else
                    mine += std::move(frontier[c]);
                frontier[c] = {};
            }
            if (!isFree(m_a, int(a)) || mine.isEmpty() || m_a.anchorsBelow[a] == 0) {
                frontier[a] = std::move(mine);
                continue;
            }
            const double sizeA = m_a.anchorsBelow[a];
            const QString family = operatorFamily(node);
            touched.clear();
            int best = -1;
            double bestDice = 0;
            double bestKey[5] = {};
            // Walks up from `start`, adding `w` to the overlap of each ancestor and scoring the candidates.
            auto walk = [&](int start, double w) {
                for (int up = m_b.node(start).parent; up >= 0 && m_budget > 0; up = m_b.node(up).parent) {
                    --m_budget;
                    const double sizeB = m_b.anchorsBelow[up];
                    if (2.0 * sizeA / (sizeA + sizeB) < std::max(bestDice, kMinDice) - 1e-12)
                        break; // the ancestors above hold more scans still: none can score higher
                    if (common[up] == 0)
                        touched << up;
                    common[up] += w;
                    const PlanNode &cand = m_b.node(up);
                    if (!isFree(m_b, up) || operatorFamily(cand) != family)
                        continue;
                    const double dice = std::min(1.0, 2.0 * common[up] / (sizeA + sizeB));
                    // Ties (wrappers over the same scans: Gather, Partial/Finalize Aggregate) go to the same node
                    // type, then the same final/partial role, then the same depth, then the nearest ancestor.
                    const double key[5] = {std::round(dice * 1e6), cand.nodeType == node.nodeType ? 1.0 : 0.0,
                                           isPartial(cand) == isPartial(node) ? 1.0 : 0.0,
                                           -double(std::abs(cand.depth - node.depth)), double(cand.depth)};
                    if (best < 0 || std::lexicographical_compare(bestKey, bestKey + 5, key, key + 5)) {
                        best = up;
                        std::copy(key, key + 5, bestKey);
                    }
                    bestDice = std::max(bestDice, dice);
                }
            };
            // Heaviest frontier nodes first: they raise the best score early and cut the later walks short.
            std::stable_sort(mine.begin(), mine.end(), [this](int x, int y) { return weight(x) > weight(y); });
            for (int f : std::as_const(mine))
                walk(m_result.beforeOf[f], weight(f));
            // An operator that moved across others (a Sort that went from below the joins to above them) is
            // below its frontier's partners, not above: look up from the scans themselves, when there are few.
            if (best < 0 && m_a.anchorsBelow[a] <= kMaxAnchorWalk) {
                for (int b : std::as_const(touched))
                    common[b] = 0;
                touched.clear();
                for (int d = int(a) + 1; d < m_a.subtreeEnd[a]; ++d)
                    if (m_anchorPartner[d] >= 0)
                        walk(m_anchorPartner[d], 1);
            }
            for (int b : std::as_const(touched))
                common[b] = 0;
            if (best >= 0 && bestKey[0] >= kMinDice * 1e6) {
                link(best, int(a), MatchReason::Shape);
                frontier[a] = {};
            } else {
                frontier[a] = std::move(mine);
            }
        }
    }

    // Pass-1 scans at or below an after node: what its partner's subtree should hold too.
    double weight(int afterId) const
    {
        return std::max(1.0, double(m_a.anchorsBelow[afterId] + (m_anchorPartner[afterId] >= 0 ? 1 : 0)));
    }
    static constexpr double kMinDice = 0.3;
    static constexpr int kMaxAnchorWalk = 64;
    // Ancestor steps pass 2 may take in all: plans with thousands of scattered pairs stop refining by shape
    // (pass 3 still pairs by position) rather than take quadratic time.
    qint64 m_budget = 0;

    static bool isPartial(const PlanNode &n) { return n.partialMode == u"Partial"; }

    bool compatible(int b, int a) const
    {
        const PlanNode &nb = m_b.node(b);
        const PlanNode &na = m_a.node(a);
        if (operatorFamily(nb) != operatorFamily(na))
            return false;
        // Two scans of different objects are different scans, whatever their position.
        const QString kb = objectKey(nb);
        const QString ka = objectKey(na);
        return kb.isEmpty() || ka.isEmpty() || kb == ka;
    }

    // Pass 3: roots, then parents of matched pairs, then lone children of the same family under matched
    // parents, until nothing changes.
    void matchPositions()
    {
        if (isFree(m_b, 0) && isFree(m_a, 0) && compatible(0, 0))
            link(0, 0, MatchReason::Position);
        for (bool changed = true; changed;) {
            changed = false;
            for (qsizetype a = m_a.plan.nodes.size() - 1; a > 0; --a) {
                const int b = m_result.beforeOf[a];
                if (b <= 0)
                    continue;
                const int pa = m_a.node(int(a)).parent;
                const int pb = m_b.node(b).parent;
                if (pa >= 0 && pb >= 0 && isFree(m_a, pa) && isFree(m_b, pb) && compatible(pb, pa)) {
                    link(pb, pa, MatchReason::Position);
                    changed = true;
                }
            }
            for (qsizetype b = 0; b < m_b.plan.nodes.size(); ++b) {
                const int a = m_result.afterOf[b];
                if (a < 0)
                    continue;
                QHash<QString, QList<int>> freeBefore;
                QHash<QString, QList<int>> freeAfter;
                for (int c : m_b.node(int(b)).children)
                    if (isFree(m_b, c))
                        freeBefore[operatorFamily(m_b.node(c))] << c;
                for (int c : m_a.node(a).children)
                    if (isFree(m_a, c))
                        freeAfter[operatorFamily(m_a.node(c))] << c;
                for (auto it = freeBefore.cbegin(); it != freeBefore.cend(); ++it) {
                    const QList<int> others = freeAfter.value(it.key());
                    if (it->size() == 1 && others.size() == 1 && compatible(it->front(), others.front())) {
                        link(it->front(), others.front(), MatchReason::Position);
                        changed = true;
                    }
                }
            }
        }
    }

    Side m_b;
    Side m_a;
    NodeMatching m_result;
    QList<int> m_anchorPartner;
};

} // namespace

NodeMatching matchNodes(const Plan &before, const Plan &after)
{
    return Matcher(before, after).run();
}

} // namespace PlanLens
