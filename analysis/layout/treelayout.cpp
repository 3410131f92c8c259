// SPDX-License-Identifier: MIT
#include "treelayout.h"

#include <algorithm>
#include <limits>

namespace PlanLens {

namespace {

// The tree in compressed form: children of v are kids[first[v] .. first[v + 1]). Index n is a virtual root
// above every real root, so several roots need no special case.
struct Tree {
    int n = 0;                 // real nodes
    QList<int> first;          // n + 2 entries
    QList<int> kids;
    QList<int> roots;
};

Tree fromChildren(const Plan &plan)
{
    Tree t;
    t.n = int(plan.nodes.size());
    t.first.resize(t.n + 2);
    t.kids.reserve(t.n);
    for (int v = 0; v < t.n; ++v) {
        t.first[v] = int(t.kids.size());
        for (int c : plan.nodes[v].children)
            if (c >= 0 && c < t.n && c != v)
                t.kids.append(c);
        if (plan.nodes[v].parent < 0 || plan.nodes[v].parent >= t.n)
            t.roots.append(v);
    }
    t.first[t.n] = int(t.kids.size());
    t.kids.append(t.roots);
    t.first[t.n + 1] = int(t.kids.size());
    return t;
}

Tree fromParents(const QList<int> &parents)
{
    Tree t;
    t.n = int(parents.size());
    QList<int> count(t.n + 1, 0);
    for (int v = 0; v < t.n; ++v) {
        const int p = parents[v];
        ++count[p >= 0 && p < t.n && p != v ? p : t.n];
    }
    t.first.resize(t.n + 2);
    int sum = 0;
    for (int v = 0; v <= t.n; ++v) {
        t.first[v] = sum;
        sum += count[v];
    }
    t.first[t.n + 1] = sum;
    t.kids.resize(sum);
    QList<int> fill = t.first;
    for (int v = 0; v < t.n; ++v) {   // in index order, so children keep their order
        const int p = parents[v];
        t.kids[fill[p >= 0 && p < t.n && p != v ? p : t.n]++] = v;
    }
    t.roots = t.kids.mid(t.first[t.n], t.first[t.n + 1] - t.first[t.n]);
    return t;
}

class Walker
{
public:
    Walker(const Tree &tree, const LayoutOptions &o, LayoutStats *stats)
        : m_t(tree)
        , m_o(o)
        , m_stats(stats)
    {
    }

    QList<QRectF> run();

private:
    bool collapsed(int v) const { return v < m_t.n && v < m_o.collapsed.size() && m_o.collapsed[v]; }
    int childCount(int v) const { return collapsed(v) ? 0 : m_t.first[v + 1] - m_t.first[v]; }
    int child(int v, int i) const { return m_t.kids[m_t.first[v] + i]; }
    int firstChild(int v) const { return childCount(v) ? child(v, 0) : -1; }
    int lastChild(int v) const { const int c = childCount(v); return c ? child(v, c - 1) : -1; }
    int nextLeft(int v) const { return childCount(v) ? child(v, 0) : m_thread[v]; }
    int nextRight(int v) const { const int c = childCount(v); return c ? child(v, c - 1) : m_thread[v]; }
    QSizeF size(int v) const
    {
        if (v >= m_t.n)
            return {0, 0};
        return v < m_o.nodeSizes.size() ? m_o.nodeSizes[v] : m_o.nodeSize;
    }
    qreal breadth(int v) const
    {
        const QSizeF s = size(v);
        return m_o.direction == LayoutDirection::TopDown ? s.width() : s.height();
    }
    qreal extent(int v) const
    {
        const QSizeF s = size(v);
        return m_o.direction == LayoutDirection::TopDown ? s.height() : s.width();
    }
    qreal separation(int a, int b) const
    {
        return (breadth(a) + breadth(b)) / 2 + (m_parent[a] == m_parent[b] ? m_o.siblingGap : m_o.subtreeGap);
    }
    int apportion(int v, int defaultAncestor);
    void moveSubtree(int wm, int wp, qreal shift);
    void executeShifts(int v);
    void visit(qint64 k = 1) { m_visits += k; }

    const Tree &m_t;
    const LayoutOptions &m_o;
    LayoutStats *m_stats;
    qint64 m_visits = 0;
    qint64 m_steps = 0;

    QList<int> m_order;        // pre-order of the visible tree, starting at the virtual root
    QList<int> m_parent, m_number, m_thread, m_ancestor, m_depth;
    QList<qreal> m_prelim, m_mod, m_shift, m_change, m_mid;
};

// Keeps only the first parent that reaches a node (malformed input: cycles, shared children), so the walker can
// trust that every listed child belongs to exactly one parent. One scan when the input is clean.
void sanitize(Tree &t, LayoutStats *stats)
{
    const int total = t.n + 1;
    QList<int> owner(total, -1);
    owner[t.n] = t.n;
    QList<int> stack{t.n};
    bool clean = true;
    while (!stack.isEmpty()) {
        const int v = stack.takeLast();
        if (stats)
            ++stats->nodeVisits;
        for (int i = t.first[v]; i < t.first[v + 1]; ++i) {
            const int w = t.kids[i];
            if (owner[w] != -1) {
                clean = false;
                continue;
            }
            owner[w] = v;
            stack.append(w);
        }
    }
    if (clean)
        return;
    Tree own;
    own.n = t.n;
    own.first.resize(total + 1);
    for (int v = 0; v < total; ++v) {
        own.first[v] = int(own.kids.size());
        for (int i = t.first[v]; i < t.first[v + 1]; ++i) {
            const int w = t.kids[i];
            if (owner[w] == v) {
                own.kids.append(w);
                owner[w] = -2;   // adopted once
            }
        }
    }
    own.first[total] = int(own.kids.size());
    own.roots = own.kids.mid(own.first[t.n], own.first[total] - own.first[t.n]);
    t = own;
}

QList<QRectF> Walker::run()
{
    const int total = m_t.n + 1;
    const int vroot = m_t.n;
    m_parent.fill(-1, total);
    m_number.fill(0, total);
    m_thread.fill(-1, total);
    m_depth.fill(-1, total);
    m_ancestor.resize(total);
    for (int v = 0; v < total; ++v)
        m_ancestor[v] = v;
    m_prelim.fill(0, total);
    m_mod.fill(0, total);
    m_shift.fill(0, total);
    m_change.fill(0, total);
    m_mid.fill(0, total);

    // Pass 1: pre-order of the visible tree (explicit stack: no recursion on deep chains).
    m_order.reserve(total);
    QList<int> stack{vroot};
    while (!stack.isEmpty()) {
        const int v = stack.takeLast();
        visit();
        m_order.append(v);
        const int c = childCount(v);
        for (int i = c - 1; i >= 0; --i) {
            const int w = child(v, i);
            m_parent[w] = v;
            m_number[w] = i;
            m_depth[w] = m_depth[v] + 1;
            stack.append(w);
        }
    }

    // Pass 2 (Walker's first walk): in reverse pre-order every subtree is finished before its parent. The part
    // of the first walk that depends on the left sibling (prelim and mod of a child) is done by the parent, in
    // child order, right before that child's apportion, which is the order the recursive version uses.
    for (qsizetype k = m_order.size() - 1; k >= 0; --k) {
        const int v = m_order[k];
        visit();
        const int c = childCount(v);
        if (c == 0)
            continue;
        int defaultAncestor = child(v, 0);
        for (int i = 0; i < c; ++i) {
            const int w = child(v, i);
            visit();
            const bool leaf = childCount(w) == 0;
            if (i > 0) {
                const int left = child(v, i - 1);
                m_prelim[w] = m_prelim[left] + separation(left, w);
                if (!leaf)
                    m_mod[w] = m_prelim[w] - m_mid[w];
            } else {
                m_prelim[w] = leaf ? 0 : m_mid[w];
            }
            defaultAncestor = apportion(w, defaultAncestor);
        }
        executeShifts(v);
        m_mid[v] = (m_prelim[firstChild(v)] + m_prelim[lastChild(v)]) / 2;
    }

    // Pass 3 (second walk): a node's position is its prelim plus the mods of its ancestors.
    QList<qreal> modSum(total, 0);
    QList<qreal> centre(total, 0);
    int maxDepth = -1;
    for (int v : std::as_const(m_order)) {
        visit();
        if (v == vroot)
            continue;
        const int p = m_parent[v];
        modSum[v] = (p == vroot ? 0 : modSum[p] + m_mod[p]);
        centre[v] = m_prelim[v] + modSum[v];
        maxDepth = std::max(maxDepth, m_depth[v]);
    }

    // Pass 4: depth levels as deep as their largest node, then the rectangles.
    QList<qreal> levelExtent(maxDepth + 1, 0);
    for (int v : std::as_const(m_order))
        if (v != vroot)
            levelExtent[m_depth[v]] = std::max(levelExtent[m_depth[v]], extent(v));
    QList<qreal> levelStart(maxDepth + 1, 0);
    for (int d = 1; d <= maxDepth; ++d)
        levelStart[d] = levelStart[d - 1] + levelExtent[d - 1] + m_o.levelGap;

    QList<QRectF> rects(m_t.n);
    qreal minBreadth = std::numeric_limits<qreal>::max();
    for (int v : std::as_const(m_order))
        if (v != vroot)
            minBreadth = std::min(minBreadth, centre[v] - breadth(v) / 2);
    for (int v : std::as_const(m_order)) {
        visit();
        if (v == vroot)
            continue;
        const QSizeF s = size(v);
        const qreal along = centre[v] - breadth(v) / 2 - minBreadth;
        const qreal down = levelStart[m_depth[v]];
        rects[v] = m_o.direction == LayoutDirection::TopDown ? QRectF(QPointF(along, down), s)
                                                              : QRectF(QPointF(down, along), s);
    }
    if (m_stats) {
        m_stats->nodeVisits += m_visits;
        m_stats->contourSteps += m_steps;
    }
    return rects;
}

// Buchheim, Jünger, Leipert (2002): push the subtree of v right until it clears every subtree to its left, level
// by level along the two facing contours; threads link contours across subtrees so each step is O(1).
int Walker::apportion(int v, int defaultAncestor)
{
    if (m_number[v] == 0)
        return defaultAncestor;
    const int p = m_parent[v];
    int vip = v;                           // inside, right subtree
    int vop = v;                           // outside, right subtree
    int vim = child(p, m_number[v] - 1);   // inside, left forest
    int vom = child(p, 0);                 // outside, left forest
    qreal sip = m_mod[vip];
    qreal sop = m_mod[vop];
    qreal sim = m_mod[vim];
    qreal som = m_mod[vom];
    while (nextRight(vim) != -1 && nextLeft(vip) != -1) {
        ++m_steps;
        vim = nextRight(vim);
        vip = nextLeft(vip);
        vom = nextLeft(vom);
        vop = nextRight(vop);
        m_ancestor[vop] = v;
        const qreal shift = (m_prelim[vim] + sim) - (m_prelim[vip] + sip) + separation(vim, vip);
        if (shift > 0) {
            const int a = m_parent[m_ancestor[vim]] == p ? m_ancestor[vim] : defaultAncestor;
            moveSubtree(a, v, shift);
            sip += shift;
            sop += shift;
        }
        sim += m_mod[vim];
        sip += m_mod[vip];
        som += m_mod[vom];
        sop += m_mod[vop];
    }
    if (nextRight(vim) != -1 && nextRight(vop) == -1) {
        m_thread[vop] = nextRight(vim);
        m_mod[vop] += sim - sop;
    }
    if (nextLeft(vip) != -1 && nextLeft(vom) == -1) {
        m_thread[vom] = nextLeft(vip);
        m_mod[vom] += sip - som;
        defaultAncestor = v;
    }
    return defaultAncestor;
}

// Shifting wp also spreads the shift evenly over the siblings between wm and wp (applied by executeShifts),
// so the smaller subtrees in between stay centred in the gap.
void Walker::moveSubtree(int wm, int wp, qreal shift)
{
    const int subtrees = m_number[wp] - m_number[wm];
    if (subtrees > 0) {
        m_change[wp] -= shift / subtrees;
        m_change[wm] += shift / subtrees;
    }
    m_shift[wp] += shift;
    m_prelim[wp] += shift;
    m_mod[wp] += shift;
}

void Walker::executeShifts(int v)
{
    qreal shift = 0;
    qreal change = 0;
    for (int i = childCount(v) - 1; i >= 0; --i) {
        const int w = child(v, i);
        visit();
        m_prelim[w] += shift;
        m_mod[w] += shift;
        change += m_change[w];
        shift += m_shift[w] + change;
    }
}

} // namespace

QList<QRectF> layoutTree(const Plan &plan, const LayoutOptions &options, LayoutStats *stats)
{
    Tree t = fromChildren(plan);
    sanitize(t, stats);
    return Walker(t, options, stats).run();
}

QList<QRectF> layoutTree(const QList<int> &parents, const LayoutOptions &options, LayoutStats *stats)
{
    Tree t = fromParents(parents);
    sanitize(t, stats);
    return Walker(t, options, stats).run();
}

QRectF layoutBounds(const QList<QRectF> &rects)
{
    QRectF r;
    for (const QRectF &x : rects)
        if (!x.isNull())
            r = r.isNull() ? x : r.united(x);
    return r;
}

} // namespace PlanLens
