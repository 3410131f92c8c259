// SPDX-License-Identifier: MIT
// Parse + metrics time and peak memory for generated plans of 1k, 20k and 100k nodes, in JSON and TEXT, next to
// QJsonDocument::fromJson of the same JSON bytes, and the peak RSS of `planlens analyze FILE` (parsePlanDevice) on each
// file. Targets: analyze <= 2x raw JSON parse; TEXT within 3x of JSON; a file of 16 MB or more under 4x its size.
// Exits 1 when a measurement fails (a child that crashed, a plan that does not parse to every generated node) or
// a size misses a target; 0 only when every size meets them all.
//
//   bench_parse              run every size and format, each measurement in a fresh child process
//   bench_parse --sizes 1000,20000
//   bench_parse --write DIR  also keep the generated plans in DIR
//
// The parent writes the generated plans to a temporary directory; each child reads one file, notes VmHWM
// (peak resident memory, /proc/self/status), runs one job several times and prints its figures.
#include "benchplans.h"
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
#include <tuple>
#include <cstdio>


using namespace PlanLens;
using namespace Bench;

namespace {

constexpr double kMaxJsonOverRaw = 2.0;   // parse + metrics of JSON bytes vs QJsonDocument::fromJson alone
constexpr double kMaxTextOverJson = 3.0;  // TEXT parse + metrics vs JSON parse + metrics of the same plan
constexpr double kMaxPeakOverFile = 4.0;  // peak RSS of `planlens analyze FILE`'s parse vs the file's size ...
constexpr qint64 kPeakCheckedFrom = 16 << 20;  // ... for files of 16 MB and more (below, the process itself dominates)

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
    // "file" reads the file itself, as `planlens analyze` does; the others parse bytes already in memory.
    const QByteArray bytes = job == u"file" ? QByteArray() : f.readAll();
    f.close();
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
        } else if (job == u"file") {
            // What `planlens analyze FILE` does: parsePlanDevice on the open file, metrics included.
            QFile in(file);
            if (!in.open(QIODevice::ReadOnly))
                return 2;
            const Result<Plan> p = parsePlanDevice(in, PlanFormat::Unknown);
            nodes = isError(p) ? -1 : int(std::get<Plan>(p).nodes.size());
        } else {
            // parsePlanUtf8 on bytes in memory (a libpq result, a file already read), metrics included.
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
    QStringList failed;
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
        auto run = [&](const QString &job, const QString &file, int times) {
            QProcess p;
            p.start(app.applicationFilePath(), {QStringLiteral("--child"), job, file, QString::number(times)});
            p.waitForFinished(-1);
            const QList<QByteArray> v = p.readAllStandardOutput().trimmed().split(' ');
            if (v.size() < 4) {
                std::fprintf(stderr, "child failed: %s\n", p.readAllStandardError().constData());
                return QList<double>{-1, -1, -1, -1};
            }
            return QList<double>{v[0].toDouble(), v[1].toDouble(), v[2].toDouble(), v[3].toDouble()};
        };
        const QList<double> raw = run(QStringLiteral("raw"), jsonPath, reps);
        const QList<double> ours = run(QStringLiteral("ours"), jsonPath, reps);
        const QList<double> text = run(QStringLiteral("ours"), textPath, reps);
        const QList<double> utf16 = run(QStringLiteral("utf16"), jsonPath, reps);
        // Memory as `planlens analyze FILE` has it: the child reads the file itself, once.
        const QList<double> jsonFile = run(QStringLiteral("file"), jsonPath, 1);
        const QList<double> textFile = run(QStringLiteral("file"), textPath, 1);
        std::printf("%-8d %-6s %9.1f %9.2f %8s %10.1f %10.1f %10s\n", n, "raw", js.size() / 1048576.0, raw[0], "1.00",
                    raw[1] / 1024, raw[2] / 1024, "(DOM)");
        std::printf("%-8d %-6s %9.1f %9.2f %8.2f %10.1f %10.1f %10.0f\n", n, "json", js.size() / 1048576.0, ours[0],
                    ours[0] / raw[0], ours[1] / 1024, ours[2] / 1024, ours[3]);
        std::printf("%-8d %-6s %9.1f %9.2f %8.2f %10.1f %10.1f %10.0f   (from QString)\n", n, "json16",
                    js.size() / 1048576.0, utf16[0], utf16[0] / raw[0], utf16[1] / 1024, utf16[2] / 1024, utf16[3]);
        std::printf("%-8d %-6s %9.1f %9.2f %8.2f %10.1f %10.1f %10.0f   (text/json %.2f)\n", n, "text",
                    tx.size() / 1048576.0, text[0], text[0] / raw[0], text[1] / 1024, text[2] / 1024, text[3],
                    text[0] / ours[0]);
        for (const auto &[name, size, fig] : {std::tuple{"json", js.size(), jsonFile}, std::tuple{"text", tx.size(), textFile}})
            std::printf("%-8d %-6s %9.1f %9.2f %8s %10.1f %10.1f %10.0f   (analyze FILE: peak %.1fx the file)\n", n, name,
                        size / 1048576.0, fig[0], "", fig[1] / 1024, fig[2] / 1024, fig[3], fig[1] * 1024 / size);
        std::fflush(stdout);
        const double generated = double(tree.size());
        if (raw[0] <= 0 || ours[0] <= 0 || text[0] <= 0 || utf16[0] <= 0)
            failed << QStringLiteral("%1 nodes: a measurement failed").arg(n);
        else if (ours[3] != generated || text[3] != generated || utf16[3] != generated)
            failed << QStringLiteral("%1 nodes: read %2 (JSON) / %3 (TEXT) / %4 (QString) nodes")
                          .arg(n).arg(ours[3]).arg(text[3]).arg(utf16[3]);
        for (const auto &[name, size, fig] : {std::tuple{"JSON", js.size(), jsonFile}, std::tuple{"TEXT", tx.size(), textFile}}) {
            if (fig[1] <= 0 || fig[3] != generated)
                failed << QStringLiteral("%1 nodes: analyze FILE (%2) failed or read %3 nodes").arg(n).arg(QLatin1StringView(name)).arg(fig[3]);
            else if (size >= kPeakCheckedFrom && fig[1] * 1024 > kMaxPeakOverFile * size)
                failed << QStringLiteral("%1 nodes: analyze FILE (%2) peaks at %3x the file, target < %4x")
                              .arg(n).arg(QLatin1StringView(name)).arg(fig[1] * 1024 / size, 0, 'f', 2).arg(kMaxPeakOverFile);
        }
        if (raw[0] > 0 && ours[0] > kMaxJsonOverRaw * raw[0])
            failed << QStringLiteral("%1 nodes: JSON analyze %2x raw, target <= %3x").arg(n).arg(ours[0] / raw[0], 0, 'f', 2).arg(kMaxJsonOverRaw);
        if (ours[0] > 0 && text[0] > kMaxTextOverJson * ours[0])
            failed << QStringLiteral("%1 nodes: TEXT %2x JSON, target <= %3x").arg(n).arg(text[0] / ours[0], 0, 'f', 2).arg(kMaxTextOverJson);
    }
    if (!failed.isEmpty()) {
        std::printf("FAILED: %s\n", qPrintable(failed.join(QStringLiteral("; "))));
        return 1;
    }
    std::printf("targets met: JSON analyze <= %.0fx raw, TEXT <= %.0fx JSON, analyze FILE of 16 MB or more peaks under %.0fx "
                "the file\n", kMaxJsonOverRaw, kMaxTextOverJson, kMaxPeakOverFile);
    return 0;
}
