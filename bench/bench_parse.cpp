// SPDX-License-Identifier: MIT
// Parse + metrics time and peak memory for generated plans of 1k, 20k and 100k nodes, in JSON and TEXT, next to
// QJsonDocument::fromJson of the same JSON bytes. Targets: analyze <= 2x raw JSON parse; TEXT within 3x of JSON.
//
//   bench_parse              run every size and format, each measurement in a fresh child process
//   bench_parse --sizes 1000,20000
//   bench_parse --write DIR  also keep the generated plans in DIR
//
// The parent writes the generated plans to a temporary directory; each child reads one file, notes VmHWM
// (peak resident memory, /proc/self/status), runs one job several times and prints its figures.
#include "plan/planparser.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>

using namespace PlanLens;

namespace {

qint64 peakRssKb()
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : f.readAll().split('\n'))
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong();
    return -1;
}

struct GenNode {
    int parent;
    QList<int> children;
    int kind;
};

// A tree of `count` nodes shaped like real plans: joins with two children, sorts and aggregates with one,
// scans as leaves; at most a few hundred levels deep.
QList<GenNode> generateTree(int count)
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

Figures figures(int id)
{
    // Deterministic, children a little faster than parents is not required for a parser benchmark.
    return {1.0 + (id % 97) * 0.137, double(100 + id % 1000), double(1 + id % 3)};
}

QString nodeName(const GenNode &n, int id)
{
    if (n.kind == 0)
        return id % 2 ? QStringLiteral("Hash Join") : QStringLiteral("Nested Loop");
    if (n.kind == 1)
        return id % 2 ? QStringLiteral("Sort") : QStringLiteral("Aggregate");
    return id % 2 ? QStringLiteral("Seq Scan") : QStringLiteral("Index Scan");
}

QByteArray toJson(const QList<GenNode> &nodes)
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

QByteArray toText(const QList<GenNode> &nodes)
{
    QByteArray out;
    out.reserve(qsizetype(nodes.size()) * 400);
    QList<QPair<int, int>> stack{{0, 0}};
    auto line = [&](int id, int depth) {
        const GenNode &n = nodes[id];
        const Figures f = figures(id);
        const QByteArray pad(depth == 0 ? 0 : 6 * depth - 4, ' ');
        const QByteArray props(6 * depth + 2, ' ');
        out += pad;
        if (depth > 0)
            out += "->  ";
        out += nodeName(n, id).toUtf8();
        if (n.kind == 2)
            out += " on public.table_" + QByteArray::number(id % 50) + " t" + QByteArray::number(id);
        out += "  (cost=" + QByteArray::number(id * 0.01, 'f', 2) + ".." + QByteArray::number(1000.0 + id, 'f', 2)
            + " rows=" + QByteArray::number(100 + id % 777) + " width=32) (actual time="
            + QByteArray::number(0.01 * (id % 13), 'f', 3) + ".." + QByteArray::number(f.total, 'f', 3)
            + " rows=" + QByteArray::number(qint64(f.rows)) + " loops=" + QByteArray::number(qint64(f.loops)) + ")\n";
        out += props + "Output: t.a, t.b, (t.c + 1)\n";
        if (n.kind == 2) {
            out += props + "Filter: ((t.status = 'open'::text) AND (t.id > " + QByteArray::number(id) + "))\n";
            out += props + "Rows Removed by Filter: " + QByteArray::number(id % 500) + '\n';
        }
        if (n.kind == 0 && id % 2)
            out += props + "Hash Cond: (a.id = b.a_id)\n";
        out += props + "Buffers: shared hit=" + QByteArray::number(id % 1000) + " read=" + QByteArray::number(id % 17)
            + '\n';
    };
    line(0, 0);
    while (!stack.isEmpty()) {
        auto &[id, next] = stack.last();
        if (next < nodes[id].children.size()) {
            const int c = nodes[id].children[next++];
            const int depth = int(stack.size());
            stack.append({c, 0});
            line(c, depth);
            continue;
        }
        stack.removeLast();
    }
    out += "Planning Time: 1.234 ms\nExecution Time: 999.999 ms\n";
    return out;
}

// Child: one job on one file; prints "<median ms> <peak kB> <delta kB> <nodes>".
int child(const QString &job, const QString &file, int reps)
{
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly))
        return 2;
    const QByteArray bytes = f.readAll();
    const qint64 before = peakRssKb();
    QList<double> times;
    int nodes = 0;
    for (int r = 0; r < reps; ++r) {
        QElapsedTimer t;
        t.start();
        if (job == u"raw") {
            QJsonParseError err;
            const QJsonDocument d = QJsonDocument::fromJson(bytes, &err);
            nodes = err.error == QJsonParseError::NoError ? 1 : -1;
        } else if (job == u"utf16") {
            // The QString path (parsePlan), as the GUI calls it on pasted text: decoding included.
            const QString text = QString::fromUtf8(bytes);
            const Result<Plan> p = parsePlan(text, PlanFormat::Unknown);
            nodes = isError(p) ? -1 : int(std::get<Plan>(p).nodes.size());
        } else {
            // What `planlens analyze FILE` does: parsePlanUtf8 on the file's bytes, metrics included.
            const Result<Plan> p = parsePlanUtf8(bytes, PlanFormat::Unknown);
            nodes = isError(p) ? -1 : int(std::get<Plan>(p).nodes.size());
            if (isError(p))
                std::fprintf(stderr, "%s\n", qPrintable(std::get<ParseError>(p).toString()));
        }
        times.append(t.nsecsElapsed() / 1e6);
    }
    std::sort(times.begin(), times.end());
    const qint64 after = peakRssKb();
    std::printf("%.3f %lld %lld %d\n", times[times.size() / 2], after, after - before, nodes);
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() >= 5 && args[1] == u"--child")
        return child(args[2], args[3], args[4].toInt());

    QList<int> sizes{1000, 20000, 100000};
    const qsizetype si = args.indexOf(QStringLiteral("--sizes"));
    if (si > 0 && si + 1 < args.size()) {
        sizes.clear();
        for (const QString &s : args[si + 1].split(u','))
            sizes.append(s.toInt());
    }
    QTemporaryDir tmpDir;
    const qsizetype wi = args.indexOf(QStringLiteral("--write"));
    const QDir tmp(wi > 0 && wi + 1 < args.size() ? args[wi + 1] : tmpDir.path());
    std::printf("%-8s %-6s %9s %9s %8s %10s %10s %10s\n", "nodes", "format", "MB", "parse ms", "x raw", "peak MB",
                "delta MB", "nodes read");
    for (int n : sizes) {
        const QList<GenNode> tree = generateTree(n);
        const QString jsonPath = tmp.filePath(QStringLiteral("plan-%1.json").arg(n));
        const QString textPath = tmp.filePath(QStringLiteral("plan-%1.txt").arg(n));
        QFile j(jsonPath), t(textPath);
        if (!j.open(QIODevice::WriteOnly) || !t.open(QIODevice::WriteOnly))
            return 1;
        const QByteArray js = toJson(tree), tx = toText(tree);
        j.write(js);
        t.write(tx);
        j.close();
        t.close();
        const int reps = n <= 1000 ? 21 : (n <= 20000 ? 5 : 3);
        auto run = [&](const QString &job, const QString &file) {
            QProcess p;
            p.start(app.applicationFilePath(), {QStringLiteral("--child"), job, file, QString::number(reps)});
            p.waitForFinished(-1);
            const QList<QByteArray> v = p.readAllStandardOutput().trimmed().split(' ');
            if (v.size() < 4) {
                std::fprintf(stderr, "child failed: %s\n", p.readAllStandardError().constData());
                return QList<double>{-1, -1, -1, -1};
            }
            return QList<double>{v[0].toDouble(), v[1].toDouble(), v[2].toDouble(), v[3].toDouble()};
        };
        const QList<double> raw = run(QStringLiteral("raw"), jsonPath);
        const QList<double> ours = run(QStringLiteral("ours"), jsonPath);
        const QList<double> text = run(QStringLiteral("ours"), textPath);
        const QList<double> utf16 = run(QStringLiteral("utf16"), jsonPath);
        std::printf("%-8d %-6s %9.1f %9.2f %8s %10.1f %10.1f %10s\n", n, "raw", js.size() / 1048576.0, raw[0], "1.00",
                    raw[1] / 1024, raw[2] / 1024, "(DOM)");
        std::printf("%-8d %-6s %9.1f %9.2f %8.2f %10.1f %10.1f %10.0f\n", n, "json", js.size() / 1048576.0, ours[0],
                    ours[0] / raw[0], ours[1] / 1024, ours[2] / 1024, ours[3]);
        std::printf("%-8d %-6s %9.1f %9.2f %8.2f %10.1f %10.1f %10.0f   (from QString)\n", n, "json16",
                    js.size() / 1048576.0, utf16[0], utf16[0] / raw[0], utf16[1] / 1024, utf16[2] / 1024, utf16[3]);
        std::printf("%-8d %-6s %9.1f %9.2f %8.2f %10.1f %10.1f %10.0f   (text/json %.2f)\n", n, "text",
                    tx.size() / 1048576.0, text[0], text[0] / raw[0], text[1] / 1024, text[2] / 1024, text[3],
                    text[0] / ours[0]);
        std::fflush(stdout);
    }
    return 0;
}
