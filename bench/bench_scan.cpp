// SPDX-License-Identifier: MIT
// `planlens scan` against the peer: writes a realistic auto_explain log (bench/scanloggenerator.h: the plans captured
// on PostgreSQL 15 with their queries, varied in durations, literals, plan formats, log formats and prefixes; four
// files), scans it in a fresh child process with --jobs 1 and --jobs N, and times pgBadger (Debian package
// `pgbadger`) on the same files with -j 1 and -j N. Prints MB/s, plans/s and peak RSS (getrusage ru_maxrss).
// A log a tenth of the size is scanned too: memory must stay flat.
// Targets (exit 1 when one is missed, or a log cannot be written, or a scan fails):
//   - throughput with N jobs at least kTargetMbPerSecond (the whole 1 GB in under 60 s);
//   - peak RSS under kMaxRssMb, and growing by at most kMaxRssGrowthMb from the small log to the large one;
//   - faster than pgBadger with the same number of jobs (when pgBadger is installed; otherwise said and skipped).
//
//   bench_scan                     1024 MB and 102 MB logs, --jobs 1 and --jobs <cores>, pgBadger on the large one
//   bench_scan --mb 200 --jobs 2   a 200 MB (and 20 MB) log
//   bench_scan --no-pgbadger       skip the pgBadger runs
//   bench_scan --write DIR MB      only write a log of MB megabytes into DIR (to look at, or to time planlens scan)
//   bench_scan --child JOBS FILE…  (internal) scan the files once and print "seconds plans peak_rss_kb groups"
#include "scanloggenerator.h"

#include "scan/logscanner.h"
#include "scan/scaninputs.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QThread>

#include <cstdio>
#include <sys/resource.h>

using namespace PlanLens;

namespace {

constexpr double kTargetMbPerSecond = 1024.0 / 60;
constexpr double kMaxRssMb = 300;
// Peak RSS may grow by this much from a log of size/10 to one of size: batches in flight, the current entry, and
// 8 bytes per plan for the medians (1 GB of log is about 300,000 plans: under 3 MB).
constexpr double kMaxRssGrowthMb = 48;

QList<Bench::LogCase> g_cases;

int child(int jobs, const QStringList &files)
{
    ScanOptions options;
    options.jobs = jobs;
    LogScanner scanner(options, [](const QString &path, QString *error) { return openScanInput(path, error); });
    QElapsedTimer t;
    t.start();
    const ScanReport r = scanner.run(files);
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

bool measure(const QStringList &files, int jobs, Measure *m)
{
    QProcess p;
    p.start(QCoreApplication::applicationFilePath(), QStringList{QStringLiteral("--child"), QString::number(jobs)} + files);
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

// pgBadger over every part (one run per file: each has its own format and prefix); the summed wall time.
double pgbadgerSeconds(const QString &pgbadger, const QList<Bench::LogPart> &parts, int jobs, const QString &outDir)
{
    double total = 0;
    for (const Bench::LogPart &part : parts) {
        QStringList args{QStringLiteral("--quiet"), QStringLiteral("--no-progressbar"), QStringLiteral("-j"), QString::number(jobs),
                         QStringLiteral("-f"), part.pgbadgerFormat, QStringLiteral("-o"), QDir(outDir).filePath(QStringLiteral("report.txt"))};
        if (!part.pgbadgerPrefix.isEmpty())
            args << QStringLiteral("--prefix") << part.pgbadgerPrefix;
        args << part.path;
        QProcess p;
        QElapsedTimer t;
        t.start();
        p.start(pgbadger, args);
        if (!p.waitForFinished(-1) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
            std::fprintf(stderr, "bench_scan: pgbadger failed on %s: %s\n", qPrintable(part.path),
                         p.readAllStandardError().left(400).constData());
            return -1;
        }
        total += double(t.nsecsElapsed()) / 1e9;
    }
    return total;
}

QList<Bench::LogPart> write(const QString &dir, int mb, QString *error)
{
    return Bench::writeScanLog(dir, qint64(mb) << 20, g_cases, error);
}

QStringList paths(const QList<Bench::LogPart> &parts)
{
    QStringList out;
    for (const Bench::LogPart &p : parts)
        out << p.path;
    return out;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() >= 4 && args[1] == u"--child")
        return child(args[2].toInt(), args.mid(3));

    QString error;
    g_cases = Bench::loadLogCases(QStringLiteral(PLANLENS_SOURCE_DIR "/tests/data/plans"), &error);
    if (g_cases.isEmpty()) {
        std::printf("FAIL: %s\n", qPrintable(error));
        return 1;
    }
    if (args.size() == 4 && args[1] == u"--write") {
        QDir().mkpath(args[2]);
        const QList<Bench::LogPart> parts = write(args[2], std::max(1, args[3].toInt()), &error);
        for (const Bench::LogPart &p : parts)
            std::printf("%s  %lld bytes  %lld entries\n", qPrintable(p.path), static_cast<long long>(p.bytes),
                        static_cast<long long>(p.entries));
        if (parts.isEmpty())
            std::printf("FAIL: %s\n", qPrintable(error));
        return parts.isEmpty() ? 1 : 0;
    }
    int mb = 1024;
    int jobs = std::max(2, QThread::idealThreadCount());
    bool withPgbadger = true;
    for (int i = 1; i < args.size(); ++i) {
        if (args[i] == u"--mb" && i + 1 < args.size())
            mb = std::max(1, args[++i].toInt());
        else if (args[i] == u"--jobs" && i + 1 < args.size())
            jobs = std::max(1, args[++i].toInt());
        else if (args[i] == u"--no-pgbadger")
            withPgbadger = false;
    }
    QTemporaryDir dir;
    if (!dir.isValid())
        return 1;
    const QString smallDir = dir.filePath(QStringLiteral("small")), largeDir = dir.filePath(QStringLiteral("large"));
    QDir().mkpath(smallDir);
    QDir().mkpath(largeDir);
    const int smallMb = std::max(1, mb / 10);
    std::printf("writing %d MB and %d MB logs (%lld captured plans; stderr with two prefixes, csvlog, jsonlog) in %s ...\n",
                smallMb, mb, static_cast<long long>(g_cases.size()), qPrintable(dir.path()));
    std::fflush(stdout);
    const QList<Bench::LogPart> small = write(smallDir, smallMb, &error);
    const QList<Bench::LogPart> large = small.isEmpty() ? small : write(largeDir, mb, &error);
    if (large.isEmpty()) {
        std::printf("FAIL: %s\n", qPrintable(error));
        return 1;
    }
    for (const Bench::LogPart &p : large)
        std::printf("  %-16s %8.1f MB %9lld plans  (%s)\n", qPrintable(QFileInfo(p.path).fileName()), double(p.bytes) / (1 << 20),
                    static_cast<long long>(p.entries),
                    qPrintable(p.pgbadgerPrefix.isEmpty() ? p.pgbadgerFormat : p.pgbadgerFormat + QStringLiteral(", prefix '") + p.pgbadgerPrefix + u'\''));

    bool ok = true;
    std::printf("\n%-8s %-10s %5s %9s %9s %8s %8s %10s %10s\n", "log", "program", "jobs", "MB", "plans", "seconds", "MB/s",
                "plans/s", "peak RSS");
    double rss[2] = {0, 0};
    double planlensSeconds = 0;
    int k = 0;
    for (const QList<Bench::LogPart> *log : {&small, &large}) {
        double size = 0;
        for (const Bench::LogPart &p : *log)
            size += double(p.bytes) / (1 << 20);
        const char *name = log == &small ? "small" : "large";
        for (int j : {1, jobs}) {
            Measure m;
            if (!measure(paths(*log), j, &m)) {
                std::printf("FAIL: the scan of the %s log with --jobs %d failed\n", name, j);
                return 1;
            }
            std::printf("%-8s %-10s %5d %9.1f %9lld %8.2f %8.1f %10.0f %7.1f MB   (%lld queries)\n", name, "planlens", j,
                        size, static_cast<long long>(m.plans), m.seconds, size / m.seconds, double(m.plans) / m.seconds,
                        m.rssMb, static_cast<long long>(m.groups));
            std::fflush(stdout);
            rss[k] = std::max(rss[k], m.rssMb);
            if (log == &large && j == jobs) {
                planlensSeconds = m.seconds;
                if (size / m.seconds < kTargetMbPerSecond) {
                    std::printf("MISSED: %.1f MB/s with %d jobs, target %.1f MB/s (1 GB in 60 s)\n", size / m.seconds, j,
                                kTargetMbPerSecond);
                    ok = false;
                }
            }
        }
        ++k;
    }
    if (std::max(rss[0], rss[1]) > kMaxRssMb) {
        std::printf("MISSED: peak RSS %.1f MB, target under %.0f MB\n", std::max(rss[0], rss[1]), kMaxRssMb);
        ok = false;
    }
    const double growth = rss[1] - rss[0];
    std::printf("peak RSS growth from the small to the large log: %.1f MB (bound %.0f MB)\n", growth, kMaxRssGrowthMb);
    if (growth > kMaxRssGrowthMb) {
        std::printf("MISSED: memory grows with the input\n");
        ok = false;
    }

    const QString pgbadger = QStandardPaths::findExecutable(QStringLiteral("pgbadger"));
    if (!withPgbadger) {
        std::printf("pgBadger: skipped (--no-pgbadger)\n");
    } else if (pgbadger.isEmpty()) {
        std::printf("pgBadger: not installed (apt-get install pgbadger), comparison skipped\n");
    } else {
        double size = 0;
        for (const Bench::LogPart &p : large)
            size += double(p.bytes) / (1 << 20);
        for (int j : {1, jobs}) {
            const double s = pgbadgerSeconds(pgbadger, large, j, dir.path());
            if (s < 0) {
                std::printf("FAIL: pgBadger did not finish\n");
                return 1;
            }
            std::printf("%-8s %-10s %5d %9.1f %9s %8.2f %8.1f\n", "large", "pgbadger", j, size, "-", s, size / s);
            std::fflush(stdout);
            if (j == jobs && planlensSeconds > s) {
                std::printf("MISSED: planlens scan (%.1f s) slower than pgBadger (%.1f s) with %d jobs\n", planlensSeconds, s, j);
                ok = false;
            }
        }
    }
    std::printf("%s\n", ok ? "all targets met" : "FAIL: a target was missed");
    return ok ? 0 : 1;
}
