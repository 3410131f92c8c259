// SPDX-License-Identifier: MIT
// The streaming log reader of `planlens scan` (analysis/scan): format detection, cutting auto_explain entries out of
// stderr, csvlog and jsonlog at any chunk boundary, bad input counted per kind, timestamps, and a report that does
// not depend on the number of threads. Real logs: tests/data/scan/pg15/ (one file per log_destination, written by
// PostgreSQL 15 with auto_explain, TEXT and JSON plans); the other inputs are built here.
#include "scan/entryanalysis.h"
#include "scanlogs.h"
#include "scan/logscanner.h"
#include "scan/logsplitter.h"
#include "scan/logtimestamp.h"
#include "scan/memorychunksource.h"

#include <QDir>
#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTest>

#include <cmath>

using namespace PlanLens;

namespace {

const QString kPg15 = QStringLiteral(PLANLENS_TEST_DATA "/scan/pg15");

QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// A TEXT plan as auto_explain prints it (Query Text first).
QByteArray textPlan(int table, int value, double ms)
{
    return QStringLiteral("Query Text: SELECT * FROM t%1\n   WHERE a = %2\n"
                          "Seq Scan on t%1  (cost=0.00..35.50 rows=10 width=4) (actual time=0.010..%3 rows=10 loops=1)\n"
                          "  Filter: (a = %2)\n"
                          "  Rows Removed by Filter: 2540")
        .arg(table).arg(value).arg(ms, 0, 'f', 3).toUtf8();
}

// The same plan in auto_explain's JSON format (log_format=json: an object, not an array).
QByteArray jsonPlan(int table, int value, double ms)
{
    return QStringLiteral("{\n  \"Query Text\": \"SELECT * FROM t%1 WHERE a = %2\",\n  \"Plan\": {\n"
                          "    \"Node Type\": \"Seq Scan\",\n    \"Relation Name\": \"t%1\",\n    \"Alias\": \"t%1\",\n"
                          "    \"Startup Cost\": 0.00,\n    \"Total Cost\": 35.50,\n    \"Plan Rows\": 10,\n"
                          "    \"Plan Width\": 4,\n    \"Actual Startup Time\": 0.010,\n    \"Actual Total Time\": %3,\n"
                          "    \"Actual Rows\": 10,\n    \"Actual Loops\": 1,\n    \"Filter\": \"(a = %2)\",\n"
                          "    \"Rows Removed by Filter\": 2540\n  }\n}")
        .arg(table).arg(value).arg(ms, 0, 'f', 3).toUtf8();
}

QByteArray header(double ms) { return "duration: " + QByteArray::number(ms, 'f', 3) + " ms  plan:"; }

// One message as each log_destination writes it.
QByteArray stderrRecord(const QByteArray &prefix, const QByteArray &severity, const QByteArray &message)
{
    const QList<QByteArray> lines = message.split('\n');
    QByteArray out = prefix + severity + ":  " + lines.first() + '\n';
    for (qsizetype i = 1; i < lines.size(); ++i)
        out += '\t' + lines[i] + '\n';
    return out;
}

QByteArray csvQuote(const QByteArray &s) { return '"' + QByteArray(s).replace("\"", "\"\"") + '"'; }

QByteArray csvRecord(const QByteArray &time, const QByteArray &message)
{
    return time + ",\"postgres\",\"postgres\",4242,\"[local]\",6b13.1,1,\"SELECT\"," + time + ",3/1,0,LOG,00000,"
        + csvQuote(message) + ",,,,,,,,,\"psql\",\"client backend\",,0\n";
}

// In jsonlog's key order (elog.c write_jsonlog: "timestamp" first, "message" after "error_severity").
QByteArray jsonRecord(const QByteArray &time, const QByteArray &message)
{
    const QByteArray escaped = QJsonDocument(QJsonArray{QString::fromUtf8(message)}).toJson(QJsonDocument::Compact);
    return "{\"timestamp\":\"" + time + "\",\"user\":\"postgres\",\"pid\":4242,\"error_severity\":\"LOG\",\"message\":"
        + escaped.mid(1, escaped.size() - 2) + ",\"backend_type\":\"client backend\",\"query_id\":0}\n";
}

struct Split {
    QList<LogEntry> entries;
    ScanCounts counts;
    LogFormat format = LogFormat::Unknown;
};

// Feeds `bytes` cut at the given offsets.
Split split(const QByteArray &bytes, const QList<qsizetype> &cuts = {}, TimeFilter filter = {},
            qsizetype maxEntry = LogSplitter::kDefaultMaxEntryBytes)
{
    Split s;
    LogSplitter splitter(0, [&s](LogEntry &&e) { s.entries.append(std::move(e)); }, filter, maxEntry);
    qsizetype at = 0;
    for (qsizetype c : cuts) {
        splitter.feed(QByteArrayView(bytes).sliced(at, c - at));
        at = c;
    }
    splitter.feed(QByteArrayView(bytes).sliced(at));
    splitter.finish();
    s.counts = splitter.counts();
    s.format = splitter.format();
    return s;
}

bool sameEntries(const QList<LogEntry> &a, const QList<LogEntry> &b)
{
    if (a.size() != b.size())
        return false;
    for (qsizetype i = 0; i < a.size(); ++i)
        if (a[i].offset != b[i].offset || a[i].body != b[i].body || a[i].durationMs != b[i].durationMs
            || a[i].format != b[i].format)
            return false;
    return true;
}

// Scans named in-memory inputs with LogScanner, as `planlens scan` scans files.
ScanReport scanMemory(const QList<QPair<QString, QByteArray>> &inputs, ScanOptions options = {},
                      qint64 chunk = 1 << 20)
{
    QHash<QString, QByteArray> files;
    QStringList names;
    for (const auto &[name, bytes] : inputs) {
        files.insert(name, bytes);
        names << name;
    }
    LogScanner scanner(options, [&files, chunk](const QString &name, QString *) {
        return std::make_unique<MemoryChunkSource>(files.value(name), chunk);
    });
    return scanner.run(names);
}

QByteArray sampleLog(LogFormat format)
{
    QByteArray out;
    const QList<QPair<QByteArray, QByteArray>> messages{
        {"LOG", "connection received: host=[local]"},
        {"LOG", header(1.5) + '\n' + textPlan(1, 7, 1.2)},
        {"ERROR", "relation \"nope\" does not exist at character 15"},
        {"STATEMENT", "SELECT * FROM nope\n  WHERE \"x\" = ',' "},
        {"LOG", header(12.25) + '\n' + jsonPlan(2, 8, 12.0)},
        {"LOG", header(0.5) + '\n' + textPlan(1, 9, 0.4)},
    };
    int second = 0;
    for (const auto &[severity, message] : messages) {
        const QByteArray time = "2026-12-05 03:00:0" + QByteArray::number(second++) + ".123 UTC";
        if (format == LogFormat::Stderr)
            out += stderrRecord(time + " [4242] app=psql ", severity, message);
        else if (format == LogFormat::Csv)
            out += csvRecord(time, message);
        else
            out += jsonRecord(time, message);
    }
    return out;
}

} // namespace

class TestLogReader : public QObject
{
    Q_OBJECT
private slots:
    void realLogs_data();
    void realLogs();
    void realLogsAgreeAcrossFormats();
    void chunkBoundaries_data();
    void chunkBoundaries();
    void detectsPlainPlans();
    void stderrPrefixes_data();
    void stderrPrefixes();
    void interleavedLines();
    void badInputKinds();
    void oversizedEntries();
    void timestamps();
    void timeFilter();
    void sameReportForAnyJobs();
    void hostileInputs_data();
    void hostileInputs();
};

// One row per file in tests/data/scan/pg15: the extension names the log_destination that wrote it.
void TestLogReader::realLogs_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("format");
    const QStringList files = QDir(kPg15).entryList(QDir::Files, QDir::Name);
    QVERIFY2(files.size() >= 3, "tests/data/scan/pg15 holds the stderr, csvlog and jsonlog captures");
    for (const QString &f : files) {
        const LogFormat fmt = f.endsWith(u".csv") ? LogFormat::Csv : f.endsWith(u".json") ? LogFormat::Json : LogFormat::Stderr;
        QTest::newRow(qPrintable(f)) << QDir(kPg15).filePath(f) << int(fmt);
    }
}

void TestLogReader::realLogs()
{
    QFETCH(QString, file);
    QFETCH(int, format);
    const QByteArray log = readFile(file);
    QVERIFY(!log.isEmpty());
    const Split s = split(log);
    QCOMPARE(int(s.format), format);
    const int expected = TestSupport::countAutoExplainHeaders(log);
    QVERIFY(expected >= 5);
    // jsonlog entries are checked by the worker; each one must hold a plan that parses.
    const ScanReport r = scanMemory({{file, log}});
    QCOMPARE(r.counts.entries, qint64(expected));
    QCOMPARE(r.counts.plans, qint64(expected));
    QCOMPARE(r.counts.badToJson(), ScanCounts().badToJson());
    QVERIFY(r.counts.otherLines > 0);   // the server's start-up lines and the ERROR
    qint64 grouped = 0;
    for (const ScanGroup &g : r.groups) {
        grouped += g.count;
        QVERIFY2(!g.query.isEmpty(), qPrintable(g.fingerprint));
        QVERIFY(g.maxMs >= g.medianMs && g.medianMs > 0);
        QCOMPARE(g.worstMs, g.maxMs);
    }
    QCOMPARE(grouped, qint64(expected));
    // Two statements differing only in a constant share a fingerprint.
    QVERIFY(r.groups.size() < expected);
}

void TestLogReader::realLogsAgreeAcrossFormats()
{
    QList<ScanReport> reports;
    for (const QString &f : QDir(kPg15).entryList(QDir::Files, QDir::Name))
        reports << scanMemory({{QStringLiteral("log"), readFile(QDir(kPg15).filePath(f))}});
    QVERIFY(reports.size() >= 3);
    for (qsizetype i = 1; i < reports.size(); ++i) {
        // The same server wrote the same messages to each destination: the same report, other lines aside
        // (a csvlog/jsonlog record is one "line", a stderr message may be several).
        ScanReport a = reports.first(), b = reports[i];
        a.counts.otherLines = b.counts.otherLines = 0;
        for (ScanReport *r : {&a, &b})
            for (ScanGroup &g : r->groups)
                g.worstOffset = 0;   // where an entry starts differs by format
        QCOMPARE(b.groups.size(), a.groups.size());
        QCOMPARE(b, a);
    }
}

void TestLogReader::chunkBoundaries_data()
{
    QTest::addColumn<int>("format");
    QTest::newRow("stderr") << int(LogFormat::Stderr);
    QTest::newRow("csvlog") << int(LogFormat::Csv);
    QTest::newRow("jsonlog") << int(LogFormat::Json);
}

// The entries are the same whatever chunks the bytes come in: one cut at every byte offset, then byte by byte.
void TestLogReader::chunkBoundaries()
{
    QFETCH(int, format);
    const QByteArray log = sampleLog(LogFormat(format));
    const Split whole = split(log);
    QCOMPARE(int(whole.format), format);
    QCOMPARE(whole.entries.size(), 3);
    QCOMPARE(whole.entries[1].offset, qint64(log.indexOf(format == int(LogFormat::Json) ? "{\"timestamp\":\"2026-12-05 03:00:04"
                                                                                          : "2026-12-05 03:00:04")));
    int cuts = 0;
    for (qsizetype at = 0; at <= log.size(); ++at) {
        const Split s = split(log, {at});
        QVERIFY2(sameEntries(s.entries, whole.entries), qPrintable(QStringLiteral("cut at byte %1").arg(at)));
        QCOMPARE(s.counts, whole.counts);
        ++cuts;
    }
    QCOMPARE(cuts, log.size() + 1);
    QList<qsizetype> everyByte;
    for (qsizetype at = 1; at < log.size(); ++at)
        everyByte << at;
    const Split bytewise = split(log, everyByte);
    QVERIFY(sameEntries(bytewise.entries, whole.entries));
    QCOMPARE(bytewise.counts, whole.counts);

    // The scanner over 7-byte reads gives the same report as over one read.
    const ScanReport one = scanMemory({{QStringLiteral("a"), log}});
    QCOMPARE(one.counts.plans, 3);
    QCOMPARE(scanMemory({{QStringLiteral("a"), log}}, {}, 7), one);
}

void TestLogReader::detectsPlainPlans()
{
    const QByteArray text = textPlan(3, 1, 2.0);
    QCOMPARE(LogSplitter::detectFormat(text, true), LogFormat::PlainPlan);
    QCOMPARE(LogSplitter::detectFormat(jsonPlan(3, 1, 2.0), true), LogFormat::PlainPlan);
    QCOMPARE(LogSplitter::detectFormat(text.left(20), false), LogFormat::Unknown);   // the first line is not complete
    // A plan file and a folder of them: one entry per file, grouped by Query Text (or shape, without one).
    QByteArray noQuery = textPlan(4, 1, 3.0);
    noQuery = noQuery.mid(noQuery.indexOf("Seq Scan"));
    const ScanReport r = scanMemory({{QStringLiteral("a.txt"), text}, {QStringLiteral("b.json"), jsonPlan(3, 2, 5.0)},
                                     {QStringLiteral("c.txt"), noQuery}, {QStringLiteral("d.txt"), "not a plan at all"}});
    QCOMPARE(r.counts.entries, 4);
    QCOMPARE(r.counts.plans, 3);
    QCOMPARE(r.counts.unparsable, 1);
    QCOMPARE(r.groups.size(), 2);
    QCOMPARE(r.groups[0].count, 2);           // t3, TEXT and JSON: one query
    QCOMPARE(r.groups[0].totalMs, 2.0 + 5.0); // a plan file's duration is its execution time
    QCOMPARE(r.groups[0].worstInput, 1);
    QVERIFY(r.groups[1].fingerprint.startsWith(u"plan-"));
    QVERIFY(r.groups[1].query.isEmpty());
}

void TestLogReader::stderrPrefixes_data()
{
    QTest::addColumn<QByteArray>("prefix");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("default %m [%p]") << QByteArray("2026-12-05 03:00:00.123 UTC [4242] ");
    QTest::newRow("pgbadger %t [%p]: [%l-1] user=%u,db=%d") << QByteArray("2026-12-05 03:00:00 UTC [4242]: [3-1] user=app,db=main ");
    // A comma soon after the timestamp, as in a csvlog record's first column (tst_scancli's live server found it).
    QTest::newRow("%t [%p]: db=%d,app=%a, short pid") << QByteArray("2026-12-05 03:00:00 UTC [42]: db=x,app=y ");
    QTest::newRow("%n epoch, %a app name with LOG in it") << QByteArray("1733367600.123 [LOGGER app] ");
    QTest::newRow("syslog-like host and tag") << QByteArray("Dec  5 03:00:00 db1 postgres[4242]: [7-1] ");
}

void TestLogReader::stderrPrefixes()
{
    QFETCH(QByteArray, prefix);
    QByteArray log = stderrRecord(prefix, "LOG", "checkpoint starting: time");
    log += stderrRecord(prefix, "LOG", header(3.0) + '\n' + textPlan(1, 2, 2.9));
    log += stderrRecord(prefix, "WARNING", "there is no transaction in progress");
    // auto_explain.log_level may be another severity than LOG.
    log += stderrRecord(prefix, "NOTICE", header(4.0) + '\n' + textPlan(1, 3, 3.9));
    const ScanReport r = scanMemory({{QStringLiteral("x.log"), log}});
    QCOMPARE(r.counts.entries, 2);
    QCOMPARE(r.counts.plans, 2);
    QCOMPARE(r.counts.otherLines, 2);
    QCOMPARE(r.groups.size(), 1);
    QCOMPARE(r.groups[0].totalMs, 7.0);
    QCOMPARE(r.counts.badToJson(), ScanCounts().badToJson());

    // Unprefixed continuation lines (tabs lost in a copy) continue the entry as well.
    QByteArray untabbed = log;
    untabbed.replace("\n\t", "\n");
    const ScanReport u = scanMemory({{QStringLiteral("x.log"), untabbed}});
    QCOMPARE(u.counts.plans, 2);
    QCOMPARE(u.groups.size(), 1);
}

// A line of another backend inside an entry, and plan lines that belong to no entry.
void TestLogReader::interleavedLines()
{
    const QByteArray prefix = "2026-12-05 03:00:00.123 UTC [11] ";
    const QByteArray other = "2026-12-05 03:00:00.124 UTC [12] ";
    const QByteArray entry = stderrRecord(prefix, "LOG", header(5.0) + '\n' + textPlan(1, 1, 4.9));
    const qsizetype cut = entry.indexOf("\t  Filter");
    QVERIFY(cut > 0);
    QByteArray log = entry.left(cut) + stderrRecord(other, "LOG", "connection authorized: user=x") + entry.mid(cut);
    // A foreign record with continuation lines of its own, followed by lines of a plan: they do not belong.
    log += stderrRecord(other, "ERROR", "syntax error") + stderrRecord(other, "STATEMENT", "SELECT\n1") +
           "\t  Filter: (a = 3)\n\t  Rows Removed by Filter: 3\n";
    const Split s = split(log);
    QCOMPARE(s.entries.size(), 1);
    QCOMPARE(s.entries[0].body, QByteArray(textPlan(1, 1, 4.9) + '\n'));   // the entry went on after the stray line
    QCOMPARE(s.counts.interleaved, 3);   // the stray line, and the two plan lines at the end
    QCOMPARE(s.counts.otherLines, 3);    // ERROR, STATEMENT and its continuation line
    const ScanReport r = scanMemory({{QStringLiteral("i.log"), log}});
    QCOMPARE(r.counts.plans, 1);
    QCOMPARE(r.counts.interleaved, 3);
}

void TestLogReader::badInputKinds()
{
    const QByteArray prefix = "2026-12-05 03:00:00 UTC [1] ";
    // stderr: a JSON plan cut short, a TEXT plan cut to its header, invalid UTF-8 in a query.
    QByteArray cutJson = jsonPlan(1, 1, 1.0);
    cutJson.chop(40);
    QByteArray log = stderrRecord(prefix, "LOG", header(1.0) + '\n' + cutJson);
    log += stderrRecord(prefix, "LOG", header(2.0) + "\nQuery Text: SELECT 1");
    QByteArray latin1 = textPlan(2, 2, 1.0);
    latin1.replace("WHERE a = 2", "WHERE a = 'caf\xe9'");
    log += stderrRecord(prefix, "LOG", header(3.0) + '\n' + latin1);
    // csvlog: a record with too few columns, and an entry whose quote never closes (the file was cut).
    QByteArray csv = csvRecord("2026-12-05 03:00:00.1 UTC", header(1.0) + '\n' + textPlan(3, 3, 1.0));
    csv += "2026-12-05 03:00:00.2 UTC,only,three\n";
    csv += csvRecord("2026-12-05 03:00:00.3 UTC", header(1.0) + '\n' + textPlan(3, 4, 1.0)).left(300);
    // jsonlog: a line that is not JSON, a plan message with a cut JSON plan, a message that is no plan.
    QByteArray json = jsonRecord("2026-12-05 03:00:00.1 UTC", header(1.0) + '\n' + textPlan(4, 3, 1.0));
    json += "{\"timestamp\":\"2026-12-05 03:00:00.2 UTC\",\"message\":\"duration: 1.0 ms  plan:\\nQuery Te\n";
    json += jsonRecord("2026-12-05 03:00:00.3 UTC", header(1.0) + '\n' + cutJson);
    json += jsonRecord("2026-12-05 03:00:00.4 UTC", "duration: 1.234 ms  statement: SELECT 1");

    const ScanReport r = scanMemory({{QStringLiteral("s.log"), log}, {QStringLiteral("c.csv"), csv},
                                     {QStringLiteral("j.json"), json}});
    QCOMPARE(r.counts.truncated, 2 /*stderr*/ + 1 /*csv*/ + 1 /*json*/);
    QCOMPARE(r.counts.invalidUtf8, 1);
    QCOMPARE(r.counts.badRecords, 2);
    QCOMPARE(r.counts.plans, 3);   // the Latin-1 one is read with U+FFFD
    QCOMPARE(r.counts.entries, 3 /*stderr*/ + 2 /*csv*/ + 2 /*json*/);
    QCOMPARE(r.counts.otherLines, 1);
    QCOMPARE(r.inputs.size(), 3);

    // A file the opener cannot open is counted, not fatal.
    LogScanner scanner({}, [](const QString &name, QString *error) -> std::unique_ptr<ChunkSource> {
        if (name == u"missing") {
            *error = QStringLiteral("cannot read 'missing'");
            return nullptr;
        }
        return std::make_unique<MemoryChunkSource>(textPlan(1, 1, 1.0));
    });
    const ScanReport m = scanner.run({QStringLiteral("missing"), QStringLiteral("p.txt")});
    QCOMPARE(m.counts.unreadable, 1);
    QCOMPARE(m.counts.plans, 1);
    QCOMPARE(scanner.errors().size(), 1);
}

void TestLogReader::oversizedEntries()
{
    const QByteArray prefix = "2026-12-05 03:00:00 UTC [1] ";
    QByteArray big = textPlan(1, 1, 1.0);
    big.replace("WHERE a = 1", "WHERE a = '" + QByteArray(5000, 'x') + "'");
    QByteArray log = stderrRecord(prefix, "LOG", header(1.0) + '\n' + big);
    log += stderrRecord(prefix, "LOG", header(2.0) + '\n' + textPlan(2, 1, 1.0));
    log += stderrRecord(prefix, "LOG", "checkpoint starting: time\n" + QByteArray(9000, 'y'));   // a line beyond the limit
    log += stderrRecord(prefix, "LOG", header(3.0) + '\n' + textPlan(3, 1, 1.0));
    for (qsizetype chunk : {qsizetype(1 << 20), qsizetype(100)}) {
        QList<qsizetype> cuts;
        for (qsizetype at = chunk; at < log.size(); at += chunk)
            cuts << at;
        const Split s = split(log, cuts, {}, 4096);
        QCOMPARE(s.counts.oversized, 2);
        QCOMPARE(s.entries.size(), 2);
        QVERIFY(s.entries[0].body.contains("FROM t2"));
        QVERIFY(s.entries[1].body.contains("FROM t3"));
    }
    // A plan file beyond the limit.
    const Split plain = split(textPlan(1, 1, 1.0), {}, {}, 50);
    QCOMPARE(plain.counts.oversized, 1);
    QVERIFY(plain.entries.isEmpty());
}

void TestLogReader::timestamps()
{
    const auto at = [](const char *s) { return findLogTimestamp(QByteArrayView(s)); };
    const std::optional<qint64> utc = at("2026-12-05 03:00:00.250 UTC [1] LOG:  x");
    QVERIFY(utc);
    QCOMPARE(*utc % 1000, 250);
    QCOMPARE(at("2026-12-05 04:00:00.250+01 [1]"), utc);
    QCOMPARE(at("x 2026-12-05T02:30:00.250-00:30,"), utc);
    QCOMPARE(at("2026-12-05 03:00:00.250 GMT"), utc);
    QCOMPARE(*at("2026-12-06 03:00:00 UTC") - *at("2026-12-05 03:00:00 UTC"), qint64(86400000));
    QCOMPARE(*at("2027-01-01 00:00:00") - *at("2026-12-31 23:59:59"), qint64(1000));
    QVERIFY(!at("no time here 2026-13-05 03:00:00"));
    QVERIFY(!at("2026-12-05"));   // a log timestamp has a time
    QCOMPARE(parseTimestampArgument(u"2026-12-05 03:00:00.25Z"), utc);
    QCOMPARE(parseTimestampArgument(u"2026-12-05"), at("2026-12-05 00:00:00"));
    QVERIFY(!parseTimestampArgument(u"yesterday"));
    QVERIFY(!parseTimestampArgument(u"2026-12-05 03:00 garbage"));
}

void TestLogReader::timeFilter()
{
    const QByteArray log = sampleLog(LogFormat::Stderr);   // entries at :01, :04 and :05
    for (LogFormat f : {LogFormat::Stderr, LogFormat::Csv, LogFormat::Json}) {
        TimeFilter filter;
        filter.sinceMs = parseTimestampArgument(u"2026-12-05 03:00:02");
        filter.untilMs = parseTimestampArgument(u"2026-12-05 04:00:04.5+01");
        const Split s = split(sampleLog(f), {}, filter);
        QCOMPARE(s.entries.size(), 1);
        QCOMPARE(s.counts.filtered, 2);
    }
    // Entries without a timestamp pass.
    TimeFilter filter;
    filter.sinceMs = parseTimestampArgument(u"2030-01-01");
    const Split s = split(stderrRecord("[1] ", "LOG", header(1.0) + '\n' + textPlan(1, 1, 1.0)), {}, filter);
    QCOMPARE(s.entries.size(), 1);
    QCOMPARE(s.counts.filtered, 0);
    QVERIFY(!log.isEmpty());
}

// Many small batches on 1 and on 3 threads: the same report, to the last bit of every total.
void TestLogReader::sameReportForAnyJobs()
{
    QByteArray log;
    for (int i = 0; i < 400; ++i) {
        const double ms = 0.1 + (i * 7919 % 1000) / 7.0;   // totals whose sum depends on the order of adding
        const QByteArray p = "2026-12-05 03:00:00 UTC [" + QByteArray::number(i) + "] ";
        log += stderrRecord(p, "LOG", header(ms) + '\n' + (i % 3 ? textPlan(i % 11, i, ms) : jsonPlan(i % 11, i, ms)));
    }
    ScanOptions options;
    options.batchBytes = 2000;
    options.jobs = 1;
    const ScanReport one = scanMemory({{QStringLiteral("a"), log}}, options);
    options.jobs = 3;
    const ScanReport three = scanMemory({{QStringLiteral("a"), log}}, options);
    QCOMPARE(one.counts.plans, 400);
    QCOMPARE(one.groups.size(), 11);
    QCOMPARE(three, one);
    QCOMPARE(QJsonDocument(three.toJson()).toJson(), QJsonDocument(one.toJson()).toJson());
    for (qsizetype i = 1; i < one.groups.size(); ++i)
        QVERIFY(one.groups[i - 1].totalMs >= one.groups[i].totalMs);
    options.top = 4;
    const ScanReport top = scanMemory({{QStringLiteral("a"), log}}, options);
    QCOMPARE(top.groups.size(), 4);
    QCOMPARE(top.groupCount, 11);
    QCOMPARE(top.groups, one.groups.first(4));
}

// Regressions of fuzz_scan and hand-made hostile logs (tests/data/scan/fuzz/*.bin, see docs/fuzzing.md), and logs too
// large to keep: whatever comes in, the reader ends, entries do not depend on chunk boundaries, counts stay sane.
void TestLogReader::hostileInputs_data()
{
    QTest::addColumn<QByteArray>("input");
    const QDir dir(QStringLiteral(PLANLENS_TEST_DATA "/scan/fuzz"));
    const QStringList files = dir.entryList(QDir::Files, QDir::Name);
    QVERIFY2(!files.isEmpty(), "tests/data/scan/fuzz holds no inputs");
    for (const QString &f : files)
        QTest::newRow(qPrintable(f)) << readFile(dir.filePath(f));
    QTest::newRow("generated: one 3 MB line after a header")
        << stderrRecord("[1] ", "LOG", header(1.0)) + '\t' + QByteArray(3 << 20, 'x') + '\n';
    QTest::newRow("generated: 200,000 tab lines without an entry") << QByteArray(200000, '\t').replace("\t", "\t\n");
    QByteArray manyFields = "2026-12-05 03:00:00 UTC";
    manyFields += QByteArray(100000, ',') + '\n';
    QTest::newRow("generated: csvlog record of 100,001 empty columns") << manyFields;
    QTest::newRow("generated: csvlog, 50,000 doubled quotes in the message")
        << csvRecord("2026-12-05 03:00:00 UTC", header(1.0) + '\n' + QByteArray(100000, '"'));
    QTest::newRow("generated: jsonlog line of 1 MB without a closing brace")
        << "{\"timestamp\":\"2026-12-05 03:00:00 UTC\",\"message\":\"duration: 1.0 ms  plan:" + QByteArray(1 << 20, '[');
}

void TestLogReader::hostileInputs()
{
    QFETCH(QByteArray, input);
    const qint64 limit = 1 << 20;
    const Split whole = split(input, {}, {}, limit);
    int cuts = 0;
    for (qsizetype at : {qsizetype(1), input.size() / 3, input.size() / 2, input.size() - 1}) {
        if (at <= 0 || at >= input.size())
            continue;
        const Split s = split(input, {at}, {}, limit);
        QVERIFY2(sameEntries(s.entries, whole.entries), qPrintable(QStringLiteral("cut at %1").arg(at)));
        QCOMPARE(s.counts, whole.counts);
        ++cuts;
    }
    QVERIFY(cuts >= 1);
    for (const LogEntry &e : whole.entries) {
        QVERIFY(e.offset >= 0 && e.offset <= input.size());
        QVERIFY(e.body.size() <= limit);
    }
    ScanOptions options;
    options.maxEntryBytes = limit;
    const ScanReport r = scanMemory({{QStringLiteral("hostile"), input}}, options);
    const ScanCounts &c = r.counts;
    for (qint64 n : {c.entries, c.plans, c.filtered, c.otherLines, c.truncated, c.interleaved, c.invalidUtf8, c.oversized,
                     c.badRecords, c.unparsable, c.unreadable})
        QVERIFY(n >= 0);
    QVERIFY(c.plans <= c.entries);
    qint64 grouped = 0;
    for (const ScanGroup &g : r.groups) {
        grouped += g.count;
        QVERIFY(std::isfinite(g.totalMs) && g.maxMs >= 0);
    }
    QCOMPARE(grouped, c.plans);
}

QTEST_GUILESS_MAIN(TestLogReader)
#include "tst_logreader.moc"
