// SPDX-License-Identifier: MIT
// `planlens scan` throughput and memory: generates a synthetic stderr log with auto_explain entries (a few dozen
// distinct queries, TEXT and JSON plans of 3 to 9 nodes, other server lines between them) in a temporary directory,
// then scans it in a fresh child process per measurement with --jobs 1 and --jobs N, printing MB/s and peak RSS
// (getrusage ru_maxrss). The same is done for a log a tenth of the size: memory must stay flat, so the run exits 1
// when the large log's peak RSS exceeds the small one's by more than kMaxRssGrowthMb (the target), and also when a
// log cannot be written or a scan fails or finds no plan; 0 only when every scan ran and memory stayed flat.
//
//   bench_scan                     200 MB and 20 MB logs, --jobs 1 and --jobs <cores>
//   bench_scan --mb 50 --jobs 2    a 50 MB (and 5 MB) log, --jobs 1 and 2
//   bench_scan --write FILE MB     only write a log of MB megabytes to FILE (to look at, or to time planlens scan)
//   bench_scan --child FILE JOBS   (internal) scan FILE once and print "seconds plans peak_rss_kb groups"
#include "scan/logscanner.h"
#include "scan/scaninputs.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QThread>

#include <cstdio>
#include <sys/resource.h>

using namespace PlanLens;

namespace {

// Peak RSS may grow by this much from a log of size/10 to one of size: batches in flight, the current entry, and
// 8 bytes per plan for the medians (200 MB of log is about 100,000 plans: under 1 MB).
constexpr double kMaxRssGrowthMb = 48;
constexpr int kQueries = 40;

quint64 g_state = 0x9E3779B97F4A7C15ull;
quint64 nextRandom()
{
    g_state ^= g_state << 13;
    g_state ^= g_state >> 7;
    g_state ^= g_state << 17;
    return g_state;
}

QByteArray node(int depth, const QByteArray &name, double ms, int rows, const QByteArray &detail)
{
    const QByteArray pad(depth == 0 ? 0 : 6 * depth - 4, ' ');
    QByteArray line = pad + (depth ? "->  " : "") + name + "  (cost=0.29..8.31 rows=" + QByteArray::number(rows)
        + " width=16) (actual time=0.011.." + QByteArray::number(ms, 'f', 3) + " rows=" + QByteArray::number(rows)
        + " loops=1)\n";
    if (!detail.isEmpty())
        line += QByteArray(6 * depth + 2, ' ') + detail + '\n';
    return line;
}

// One auto_explain message: "duration: … ms  plan:" and the plan, Query Text first.
QByteArray message(int query, int value, double ms)
{
    // Letters, not digits: libpg_query's fingerprint treats relation names that differ only in trailing digits
    // (partitions, temporary tables) as one.
    const QByteArray t = QByteArray("orders_") + char('a' + query % 26) + char('a' + query / 26);
    const QByteArray v = QByteArray::number(value);
    QByteArray out = "duration: " + QByteArray::number(ms, 'f', 3) + " ms  plan:\n";
    switch (query % 4) {
    case 0:
        out += "Query Text: SELECT count(*) FROM " + t + " WHERE customer_id = " + v + "\n";
        out += node(0, "Aggregate", ms, 1, {});
        out += node(1, "Seq Scan on " + t, ms * 0.9, 12, "Filter: (customer_id = " + v + ")\n        Rows Removed by Filter: 99988");
        break;
    case 1:
        out += "Query Text: SELECT o.id, c.name\n  FROM " + t + " o\n  JOIN customers c ON c.id = o.customer_id\n WHERE o.status = '"
            + v + "'\n ORDER BY o.id DESC LIMIT 20\n";
        out += node(0, "Limit", ms, 20, {});
        out += node(1, "Sort", ms * 0.95, 20, "Sort Key: o.id DESC\n        Sort Method: top-N heapsort  Memory: 27kB");
        out += node(2, "Hash Join", ms * 0.9, 4000, "Hash Cond: (o.customer_id = c.id)");
        out += node(3, "Seq Scan on " + t + " o", ms * 0.5, 4000, "Filter: (status = '" + v + "'::text)");
        out += node(3, "Hash", ms * 0.2, 1000, "Buckets: 1024  Batches: 1  Memory Usage: 48kB");
        out += node(4, "Seq Scan on customers c", ms * 0.1, 1000, {});
        break;
    case 2:
        out += "Query Text: SELECT * FROM " + t + " WHERE id = " + v + " OR id IN (SELECT order_id FROM refunds WHERE reason = 'x')\n";
        out += node(0, "Seq Scan on " + t, ms, 3, "Filter: ((id = " + v + ") OR (hashed SubPlan 1))\n  Rows Removed by Filter: 299997");
        out += "  SubPlan 1\n";
        out += node(2, "Index Scan using refunds_reason on refunds", ms * 0.01, 2, "Index Cond: (reason = 'x'::text)");
        break;
    default:
        out += "Query Text: UPDATE " + t + " SET seen = true WHERE id = " + v + "\n";
        out += node(0, "Update on " + t, ms, 0, {});
        out += node(1, "Index Scan using " + t + "_pkey on " + t, ms * 0.2, 1, "Index Cond: (id = " + v + ")");
        break;
    }
    return out;
}

QByteArray record(qint64 i, const QByteArray &severity, const QByteArray &msg)
{
    const int s = int(i % 86400);
    const QByteArray time = QStringLiteral("2026-12-05 %1:%2:%3.%4 UTC")
                                .arg(s / 3600, 2, 10, QLatin1Char('0')).arg(s / 60 % 60, 2, 10, QLatin1Char('0'))
                                .arg(s % 60, 2, 10, QLatin1Char('0')).arg(i % 1000, 3, 10, QLatin1Char('0')).toLatin1();
    QByteArray out = time + " [" + QByteArray::number(1000 + i % 500) + "] app@shop " + severity + ":  ";
    bool first = true;
    for (const QByteArray &line : msg.split('\n')) {
        if (line.isEmpty() && !first)
            continue;
        out += (first ? "" : "\t") + line + '\n';
        first = false;
    }
    return out;
}

bool writeLog(const QString &path, qint64 bytes)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return false;
    g_state = 0x9E3779B97F4A7C15ull;
    qint64 written = 0;
    QByteArray buffer;
    for (qint64 i = 0; written < bytes; ++i) {
        const quint64 r = nextRandom();
        const int query = int(r % kQueries);
        const double ms = 0.05 + double(r >> 40) / double(1ull << 24) * (query + 1) * 3;
        buffer += record(i, "LOG", message(query, int((r >> 20) % 5000), ms));
        if (i % 5 == 0)
            buffer += record(i, "LOG", "connection received: host=10.0.0." + QByteArray::number(i % 250) + " port=5432");
        if (buffer.size() > (1 << 20)) {
            written += f.write(buffer);
            buffer.clear();
        }
    }
    f.write(buffer);
    return true;
}

int child(const QString &file, int jobs)
{
    ScanOptions options;
    options.jobs = jobs;
    LogScanner scanner(options, [](const QString &path, QString *error) { return openScanInput(path, error); });
    QElapsedTimer t;
    t.start();
    const ScanReport r = scanner.run({file});
    const double s = double(t.nsecsElapsed()) / 1e9;
    struct rusage ru {};
    getrusage(RUSAGE_SELF, &ru);
    std::printf("%.3f %lld %ld %lld\n", s, static_cast<long long>(r.counts.plans), ru.ru_maxrss,
                static_cast<long long>(r.groupCount));
    return r.counts.plans > 0 ? 0 : 1;
}

struct Measure {
    double seconds = 0;
    qint64 plans = 0;
    double rssMb = 0;
    qint64 groups = 0;
};

bool measure(const QString &file, int jobs, Measure *m)
{
    QProcess p;
    p.start(QCoreApplication::applicationFilePath(),
            {QStringLiteral("--child"), file, QString::number(jobs)});
    if (!p.waitForFinished(-1) || p.exitCode() != 0) {
        std::fprintf(stderr, "bench_scan: child failed: %s\n", p.readAllStandardError().constData());
        return false;
    }
    const QList<QByteArray> f = p.readAllStandardOutput().trimmed().split(' ');
    if (f.size() != 4)
        return false;
    m->seconds = f[0].toDouble();
    m->plans = f[1].toLongLong();
    m->rssMb = f[2].toDouble() / 1024;
    m->groups = f[3].toLongLong();
    return true;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() == 4 && args[1] == u"--child")
        return child(args[2], args[3].toInt());
    if (args.size() == 4 && args[1] == u"--write")
        return writeLog(args[2], qint64(std::max(1, args[3].toInt())) << 20) ? 0 : 1;
    int mb = 200;
    int jobs = std::max(2, QThread::idealThreadCount());
    for (int i = 1; i + 1 < args.size(); i += 2) {
        if (args[i] == u"--mb")
            mb = std::max(1, args[i + 1].toInt());
        else if (args[i] == u"--jobs")
            jobs = std::max(1, args[i + 1].toInt());
    }
    QTemporaryDir dir;
    if (!dir.isValid())
        return 1;
    const QString small = dir.filePath(QStringLiteral("small.log")), large = dir.filePath(QStringLiteral("large.log"));
    std::printf("generating %d MB and %d MB stderr logs in %s ...\n", mb / 10 > 0 ? mb / 10 : 1, mb, qPrintable(dir.path()));
    std::fflush(stdout);
    if (!writeLog(small, qint64(std::max(1, mb / 10)) << 20) || !writeLog(large, qint64(mb) << 20)) {
        std::printf("FAIL: cannot write the logs in %s\n", qPrintable(dir.path()));
        return 1;
    }

    std::printf("%-10s %6s %10s %9s %8s %8s %11s\n", "log", "jobs", "MB", "plans", "seconds", "MB/s", "peak RSS");
    double rss[2] = {0, 0};
    int k = 0;
    for (const QString &file : {small, large}) {
        const double size = double(QFileInfo(file).size()) / (1 << 20);
        for (int j : {1, jobs}) {
            Measure m;
            if (!measure(file, j, &m)) {
                std::printf("FAIL: the scan of %s with --jobs %d failed\n", qPrintable(file), j);
                return 1;
            }
            std::printf("%-10s %6d %10.1f %9lld %8.2f %8.1f %8.1f MB   (%lld queries)\n",
                        qPrintable(QFileInfo(file).baseName()), j, size, static_cast<long long>(m.plans), m.seconds,
                        size / m.seconds, m.rssMb, static_cast<long long>(m.groups));
            std::fflush(stdout);
            rss[k] = std::max(rss[k], m.rssMb);
        }
        ++k;
    }
    const double growth = rss[1] - rss[0];
    std::printf("peak RSS growth from the small to the large log: %.1f MB (bound %.0f MB)\n", growth, kMaxRssGrowthMb);
    if (growth > kMaxRssGrowthMb) {
        std::printf("FAIL: memory grows with the input\n");
        return 1;
    }
    return 0;
}
