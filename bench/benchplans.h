// SPDX-License-Identifier: MIT
#pragma once
// Generated plans for the benchmarks: trees shaped like real plans (joins with two children, sorts and aggregates
// with one, scans as leaves; depth logarithmic) written as PostgreSQL's EXPLAIN (ANALYZE, BUFFERS, VERBOSE,
// FORMAT JSON). Deterministic: the same count gives the same bytes.

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QRandomGenerator>
#include <QString>

namespace Bench {

struct GenNode {
    int parent;
    QList<int> children;
    int kind;
};

// A tree of `count` nodes shaped like real plans: joins with two children, sorts and aggregates with one,
// scans as leaves; at most a few hundred levels deep.
inline QList<GenNode> generateTree(int count)
{
    QList<GenNode> nodes;
    nodes.reserve(count);
    nodes.append({-1, {}, 0});
    QRandomGenerator rng(7);
    QList<int> open{0};   // nodes that may still get children
    while (nodes.size() < count) {
        // Mostly breadth-first (the oldest open nodes), as real plans are bushy rather than deep.
        const int pick = open[rng.bounded(int(std::min<qsizetype>(open.size(), 8)))];
        GenNode &p = nodes[pick];
        const int max = p.kind == 0 ? 2 : 1;   // 0 join, 1 sort/aggregate, 2 leaf
        const int id = int(nodes.size());
        p.children.append(id);
        if (p.children.size() >= max)
            open.removeOne(pick);
        // Half joins, a fifth sorts/aggregates, the rest scans: more than one child per node on average, so
        // the tree keeps growing in breadth (depth stays logarithmic, like real plans).
        const int r = rng.bounded(10);
        const int kind = r < 5 ? 0 : (r < 7 ? 1 : 2);
        nodes.append({pick, {}, kind});
        if (kind != 2)
            open.append(id);
        if (open.isEmpty())
            open.append(id);   // never runs dry
    }
    return nodes;
}

struct Figures {
    double total, rows, loops;
};

inline Figures figures(int id)
{
    // Deterministic, children a little faster than parents is not required for a parser benchmark.
    return {1.0 + (id % 97) * 0.137, double(100 + id % 1000), double(1 + id % 3)};
}

inline QString nodeName(const GenNode &n, int id)
{
    if (n.kind == 0)
        return id % 2 ? QStringLiteral("Hash Join") : QStringLiteral("Nested Loop");
    if (n.kind == 1)
        return id % 2 ? QStringLiteral("Sort") : QStringLiteral("Aggregate");
    return id % 2 ? QStringLiteral("Seq Scan") : QStringLiteral("Index Scan");
}

inline QByteArray toJson(const QList<GenNode> &nodes)
{
    QByteArray out;
    out.reserve(qsizetype(nodes.size()) * 1000);
    out += "[\n  {\n    \"Plan\": ";
    // Pre-order with an explicit stack of (node, next child index).
    QList<QPair<int, int>> stack{{0, 0}};
    auto indent = [&out](int level) { out += QByteArray(2 * level + 4, ' '); };
    auto open = [&](int id, int level) {
        const GenNode &n = nodes[id];
        const Figures f = figures(id);
        const QByteArray type = nodeName(n, id).toUtf8();
        out += "{\n";
        auto kv = [&](const char *k, const QByteArray &v, bool last = false) {
            indent(level + 1);
            out += '"';
            out += k;
            out += "\": ";
            out += v;
            out += last ? "\n" : ",\n";
        };
        auto num = [](double d) { return QByteArray::number(d, 'f', 3); };
        kv("Node Type", '"' + type + '"');
        if (n.parent >= 0)
            kv("Parent Relationship", nodes[n.parent].children.first() == id ? "\"Outer\"" : "\"Inner\"");
        kv("Parallel Aware", "false");
        kv("Async Capable", "false");
        if (n.kind == 2) {
            kv("Relation Name", "\"table_" + QByteArray::number(id % 50) + '"');
            kv("Schema", "\"public\"");
            kv("Alias", "\"t" + QByteArray::number(id) + '"');
        }
        if (n.kind == 0 && type == "Hash Join")
            kv("Join Type", "\"Inner\"");
        kv("Startup Cost", num(id * 0.01));
        kv("Total Cost", num(1000.0 + id));
        kv("Plan Rows", QByteArray::number(100 + id % 777));
        kv("Plan Width", "32");
        kv("Actual Startup Time", num(0.01 * (id % 13)));
        kv("Actual Total Time", num(f.total));
        kv("Actual Rows", QByteArray::number(qint64(f.rows)));
        kv("Actual Loops", QByteArray::number(qint64(f.loops)));
        kv("Output", "[\"t.a\", \"t.b\", \"(t.c + 1)\"]");
        if (n.kind == 2) {
            kv("Filter", "\"((t.status = 'open'::text) AND (t.id > " + QByteArray::number(id) + "))\"");
            kv("Rows Removed by Filter", QByteArray::number(id % 500));
        }
        if (n.kind == 0 && type == "Hash Join")
            kv("Hash Cond", "\"(a.id = b.a_id)\"");
        kv("Shared Hit Blocks", QByteArray::number(id % 1000));
        kv("Shared Read Blocks", QByteArray::number(id % 17));
        kv("Shared Dirtied Blocks", "0");
        kv("Shared Written Blocks", "0");
        kv("Local Hit Blocks", "0");
        kv("Local Read Blocks", "0");
        kv("Local Dirtied Blocks", "0");
        kv("Local Written Blocks", "0");
        kv("Temp Read Blocks", "0");
        kv("Temp Written Blocks", "0", n.children.isEmpty());
        if (!n.children.isEmpty()) {
            indent(level + 1);
            out += "\"Plans\": [\n";
        }
    };
    open(0, 0);
    while (!stack.isEmpty()) {
        auto &[id, next] = stack.last();
        const int level = int(stack.size()) * 2 - 2;
        const GenNode &n = nodes[id];
        if (next < n.children.size()) {
            const int c = n.children[next++];
            indent(level + 2);
            stack.append({c, 0});
            open(c, level + 2);
            continue;
        }
        if (!n.children.isEmpty()) {
            out += '\n';
            indent(level + 1);
            out += "]\n";
        }
        indent(level);
        out += '}';
        stack.removeLast();
        if (!stack.isEmpty()) {
            const auto &[pid, pnext] = stack.last();
            if (pnext < nodes[pid].children.size())
                out += ",\n";
        }
    }
    out += ",\n    \"Planning Time\": 1.234,\n    \"Triggers\": [],\n    \"Execution Time\": 999.999\n  }\n]\n";
    return out;
}

} // namespace Bench
