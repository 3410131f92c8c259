// SPDX-License-Identifier: MIT
// `planlens scan LOG|DIR|PLAN... [--jobs N] [--top N] [--since T] [--until T] [--json]`: which queries hurt, from
// auto_explain entries in server logs (stderr, csvlog, jsonlog; plain, .gz or .zst) and plan files.
// `planlens scan --merge PART.json... [--top N] [--json]`: one report from the --json reports of several scans.
#include "cli.h"
#include "commands.h"
#include "detect/finding.h"
#include "format/units.h"
#include "scan/logscanner.h"
#include "scan/logtimestamp.h"
#include "scan/scanmerge.h"
#include "scan/scaninputs.h"

#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>

#include <cstdio>
#include <unistd.h>

namespace PlanLens::Cli {

namespace {

// The progress line is redrawn at most this often.
constexpr qint64 kProgressIntervalMs = 200;
// Characters of the query shown in the table.
constexpr int kQueryColumnChars = 70;

QString badSummary(const ScanCounts &c)
{
    const QList<QPair<const char *, qint64>> kinds{
        {"truncated", c.truncated},   {"interleaved", c.interleaved}, {"invalid UTF-8", c.invalidUtf8},
        {"oversized", c.oversized},   {"bad records", c.badRecords},  {"unparsable", c.unparsable},
        {"unreadable", c.unreadable},
    };
    QStringList parts;
    for (const auto &[name, n] : kinds)
        if (n > 0)
            parts << QStringLiteral("%1 %2").arg(Units::count(double(n)), QString::fromLatin1(name));
    return parts.isEmpty() ? QStringLiteral("no bad input") : QStringLiteral("bad input: ") + parts.join(QStringLiteral(", "));
}

QString textReport(const ScanReport &r)
{
    QStringList out;
    out << QStringLiteral("Scanned %1 %2: %3 entries, %4 plans, %5 other lines; %6.")
               .arg(r.inputs.size())
               .arg(r.inputs.size() == 1 ? QStringLiteral("file") : QStringLiteral("files"))
               .arg(Units::count(double(r.counts.entries)), Units::count(double(r.counts.plans)),
                    Units::count(double(r.counts.otherLines)), badSummary(r.counts));
    if (r.counts.filtered > 0)
        out << QStringLiteral("%1 entries outside --since/--until were left out.").arg(Units::count(double(r.counts.filtered)));
    if (r.groups.isEmpty()) {
        out << QStringLiteral("No plans found.");
        return out.join(u'\n');
    }
    out << QString();
    out << QStringLiteral("%1  %2  %3  %4  %5  %6  %7  %8")
               .arg(QStringLiteral("#"), 3).arg(QStringLiteral("total"), 10).arg(QStringLiteral("plans"), 9)
               .arg(QStringLiteral("median"), 10).arg(QStringLiteral("max"), 10).arg(QStringLiteral("shapes"), 6)
               .arg(QStringLiteral("level"), -8).arg(QStringLiteral("query"));
    for (qsizetype i = 0; i < r.groups.size(); ++i) {
        const ScanGroup &g = r.groups[i];
        QString query = g.query.isEmpty() ? QStringLiteral("(plan without Query Text: %1)").arg(g.fingerprint)
                                          : g.query.simplified();
        if (query.size() > kQueryColumnChars)
            query = query.left(kQueryColumnChars - 1) + QChar(0x2026);
        out << QStringLiteral("%1  %2  %3  %4  %5  %6  %7  %8")
                   .arg(i + 1, 3)
                   .arg(Units::duration(g.totalMs), 10)
                   .arg(Units::count(double(g.count)), 9)
                   .arg(Units::duration(g.medianMs), 10)
                   .arg(Units::duration(g.maxMs), 10)
                   .arg(g.shapes, 6)
                   .arg(g.worstLevel < 0 ? QStringLiteral("-") : findingLevelName(FindingLevel(g.worstLevel)), -8)
                   .arg(query);
        QStringList findings;
        for (auto it = g.findings.cbegin(); it != g.findings.cend(); ++it)
            findings << QStringLiteral("%1 ×%2").arg(it.key(), Units::count(double(it.value())));
        if (!findings.isEmpty())
            out << QStringLiteral("     findings: %1").arg(findings.join(QStringLiteral(", ")));
        if (!g.rewrites.isEmpty())
            out << QStringLiteral("     rewrite:  %1 (planlens rewrite)").arg(g.rewrites.join(QStringLiteral(", ")));
        out << QStringLiteral("     worst:    %1 at byte %2 (%3)")
                   .arg(r.inputs.value(g.worstInput), Units::count(double(g.worstOffset)), Units::duration(g.worstMs));
    }
    if (r.groupCount > r.groups.size())
        out << QString() << QStringLiteral("%1 more queries (--top %2).").arg(r.groupCount - r.groups.size()).arg(r.groups.size());
    return out.join(u'\n');
}

// "12 MB of 200 MB (6%), 1,234 plans, 45 MB/s, 4 s left", redrawn in place.
void drawProgress(const ScanProgress &p, qint64 elapsedMs)
{
    const double mb = double(p.rawBytesRead) / (1 << 20);
    const double rate = elapsedMs > 0 ? mb / (double(elapsedMs) / 1000) : 0;
    QString line = QStringLiteral("scan: %1").arg(Units::bytes(double(p.rawBytesRead)));
    if (p.rawBytesTotal > 0) {
        line += QStringLiteral(" of %1 (%2)").arg(Units::bytes(double(p.rawBytesTotal)),
                                                  Units::percent(double(p.rawBytesRead) / double(p.rawBytesTotal)));
    }
    line += QStringLiteral(", %1 plans, %2 MB/s").arg(Units::count(double(p.plans))).arg(rate, 0, 'f', 1);
    if (p.rawBytesTotal > 0 && rate > 0 && p.rawBytesRead < p.rawBytesTotal) {
        const double leftMs = (double(p.rawBytesTotal - p.rawBytesRead) / (1 << 20)) / rate * 1000;
        line += QStringLiteral(", %1 left").arg(Units::duration(leftMs));
    }
    const QByteArray b = "\r\033[K" + line.toUtf8();
    std::fwrite(b.constData(), 1, size_t(b.size()), stderr);
    std::fflush(stderr);
}

// --merge: the reports in `files`, merged; false after printing why a file is not a report.
bool mergeParts(const QStringList &files, int top, ScanReport *merged)
{
    QList<ScanReport> parts;
    for (const QString &f : files) {
        QFile file(f);
        if (!file.open(QIODevice::ReadOnly)) {
            printErr(QStringLiteral("planlens scan --merge: %1: %2").arg(f, file.errorString()));
            return false;
        }
        QJsonParseError jsonError;
        const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &jsonError);
        QString error;
        ScanReport part = doc.isObject() ? ScanReport::fromJson(doc.object(), &error) : ScanReport();
        if (!doc.isObject())
            error = jsonError.error != QJsonParseError::NoError ? jsonError.errorString() : QStringLiteral("not a JSON object");
        if (!error.isEmpty()) {
            printErr(QStringLiteral("planlens scan --merge: %1 is not a report of planlens scan --json: %2").arg(f, error));
            return false;
        }
        if (part.groupCount > part.groups.size())
            printErr(QStringLiteral("planlens scan --merge: %1 was written with --top: the %2 queries it left out are "
                                    "missing from the merge").arg(f).arg(part.groupCount - part.groups.size()));
        parts.append(std::move(part));
    }
    *merged = mergeScanReports(parts, top);
    return true;
}

bool positiveInt(const QString &text, int *value)
{
    bool ok = false;
    const int v = text.toInt(&ok);
    if (!ok || v < 1)
        return false;
    *value = v;
    return true;
}

} // namespace

int scanCommand(const QStringList &args)
{
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral(
        "Find the queries that hurt in PostgreSQL server logs written with auto_explain: stderr (any "
        "log_line_prefix), csvlog and jsonlog, plain or compressed (.gz, .zst), and plan files or folders of them. "
        "Plans are grouped by query fingerprint and ranked by total time, with their findings and rewrites."));
    p.addPositionalArgument(QStringLiteral("inputs"), QStringLiteral("Log files, plan files or directories (read recursively)."),
                            QStringLiteral("LOG|DIR|PLAN..."));
    p.addOption({QStringLiteral("jobs"), QStringLiteral("Worker threads (default: one per core). The result is the same for any number."),
                 QStringLiteral("N")});
    p.addOption({QStringLiteral("top"), QStringLiteral("Show only the N queries with the most total time."), QStringLiteral("N")});
    p.addOption({QStringLiteral("since"), QStringLiteral("Only entries logged at or after T, e.g. '2026-12-05 03:00:00' "
                                                         "(optional zone: UTC, +01, -05:30). Entries without a timestamp pass."),
                 QStringLiteral("T")});
    p.addOption({QStringLiteral("until"), QStringLiteral("Only entries logged at or before T."), QStringLiteral("T")});
    p.addOption({QStringLiteral("json"), QStringLiteral("Print one JSON object (see docs/cli.md, \"scan\").")});
    p.addOption({QStringLiteral("merge"), QStringLiteral("The inputs are reports of planlens scan --json over parts of the "
                                                         "logs (without --top): print the report of all of them.")});
    p.addHelpOption();
    if (const std::optional<int> done = parseOptions(p, args))
        return *done;
    const QStringList paths = p.positionalArguments();
    if (paths.isEmpty()) {
        printErr(QStringLiteral("planlens scan: give one or more log files, plan files or directories\n\n") + p.helpText());
        return BadInput;
    }

    ScanOptions options;
    if (p.isSet(QStringLiteral("jobs")) && !positiveInt(p.value(QStringLiteral("jobs")), &options.jobs)) {
        printErr(QStringLiteral("planlens scan: --jobs takes a whole number of threads, 1 or more, not '%1'")
                     .arg(p.value(QStringLiteral("jobs"))));
        return BadInput;
    }
    if (p.isSet(QStringLiteral("top")) && !positiveInt(p.value(QStringLiteral("top")), &options.top)) {
        printErr(QStringLiteral("planlens scan: --top takes a whole number of queries, 1 or more, not '%1'")
                     .arg(p.value(QStringLiteral("top"))));
        return BadInput;
    }
    for (const char *name : {"since", "until"}) {
        const QString opt = QString::fromLatin1(name);
        if (!p.isSet(opt))
            continue;
        const std::optional<qint64> t = parseTimestampArgument(p.value(opt));
        if (!t) {
            printErr(QStringLiteral("planlens scan: --%1 '%2' is not a time: write it as 2026-12-05 03:00:00, "
                                    "optionally with .fraction and a zone (UTC, +01, -05:30)").arg(opt, p.value(opt)));
            return BadInput;
        }
        (opt == u"since" ? options.filter.sinceMs : options.filter.untilMs) = t;
    }

    if (p.isSet(QStringLiteral("merge"))) {
        for (const char *name : {"jobs", "since", "until"})
            if (p.isSet(QLatin1String(name))) {
                printErr(QStringLiteral("planlens scan: --%1 applies to scanning logs, not to --merge").arg(QLatin1String(name)));
                return BadInput;
            }
        ScanReport merged;
        if (!mergeParts(paths, options.top, &merged))
            return BadInput;
        if (p.isSet(QStringLiteral("json")))
            printJson(merged.toJson());
        else
            printOut(textReport(merged));
        return Ok;
    }

    QStringList missing;
    const QStringList inputs = expandScanInputs(paths, &missing);
    if (!missing.isEmpty()) {
        printErr(QStringLiteral("planlens scan: no such file or directory: %1").arg(missing.join(QStringLiteral(", "))));
        return BadInput;
    }

    LogScanner scanner(options, [](const QString &path, QString *error) { return openScanInput(path, error); });
    const bool tty = isatty(STDERR_FILENO) == 1;
    QElapsedTimer clock;
    clock.start();
    if (tty) {
        qint64 total = 0;
        for (const QString &f : inputs)
            total += QFileInfo(f).size();
        qint64 lastDraw = -kProgressIntervalMs;
        scanner.setProgress([&clock, lastDraw](const ScanProgress &pr) mutable {
            const qint64 now = clock.elapsed();
            if (now - lastDraw < kProgressIntervalMs)
                return;
            lastDraw = now;
            drawProgress(pr, now);
        }, total);
    }
    const ScanReport report = scanner.run(inputs);
    if (tty)
        std::fputs("\r\033[K", stderr);
    for (const QString &e : scanner.errors())
        printErr(QStringLiteral("planlens scan: %1").arg(e));

    if (p.isSet(QStringLiteral("json")))
        printJson(report.toJson());
    else
        printOut(textReport(report));
    return Ok;
}

} // namespace PlanLens::Cli
