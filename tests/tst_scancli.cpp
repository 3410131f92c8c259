// SPDX-License-Identifier: MIT
// `planlens scan` end to end, as scripts call the binary: the JSON contract of docs/cli.md ("scan") over the real
// PostgreSQL 15 logs in tests/data/scan/pg15 (stderr, csvlog, jsonlog), copied into a temporary folder together
// with .gz and .zst copies made by the gzip and zstd programs and a folder of plan files; the same report for
// --jobs 1 and 2; --top; --since/--until; bad options. liveServer() starts a throwaway cluster with auto_explain
// writing all three log destinations and reads what the server wrote (label pg).
#include "testcluster.h"
#include "scanlogs.h"

#include "format/units.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

using namespace PlanLens;

namespace {

const QString kPg15 = QStringLiteral(PLANLENS_TEST_DATA "/scan/pg15");

struct Run {
    int code = -1;
    QByteArray out;
    QString err;
};

Run planlens(const QStringList &args)
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("DISPLAY"));
    env.remove(QStringLiteral("QT_QPA_PLATFORM"));
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(PLANLENS_BINARY), QStringList{QStringLiteral("scan")} + args);
    if (!p.waitForFinished(120000))
        return {-1, {}, QStringLiteral("timed out")};
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2, p.readAllStandardOutput(),
            QString::fromUtf8(p.readAllStandardError())};
}

QJsonObject scanJson(const QStringList &args)
{
    const Run r = planlens(args + QStringList{QStringLiteral("--json")});
    if (r.code != 0) {
        qWarning("planlens scan %s: exit %d: %s", qPrintable(args.join(u' ')), r.code, qPrintable(r.err));
        return {};
    }
    return QJsonDocument::fromJson(r.out).object();
}

bool runTool(const QString &program, const QStringList &args, QString *error)
{
    QProcess p;
    p.start(program, args);
    if (!p.waitForFinished(60000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        *error = QStringLiteral("%1 %2 failed: %3").arg(program, args.join(u' '), QString::fromUtf8(p.readAllStandardError()));
        return false;
    }
    return true;
}

QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// The report without what depends on where the entries were read (file names and offsets).
QJsonObject withoutPlaces(QJsonObject o)
{
    o.remove(QStringLiteral("inputs"));
    o.remove(QStringLiteral("other_lines"));
    QJsonArray groups;
    for (const QJsonValue &v : o.value(QStringLiteral("groups")).toArray()) {
        QJsonObject g = v.toObject();
        QJsonObject w = g.value(QStringLiteral("worst")).toObject();
        w.remove(QStringLiteral("file"));
        w.remove(QStringLiteral("offset"));
        g.insert(QStringLiteral("worst"), w);
        groups.append(g);
    }
    o.insert(QStringLiteral("groups"), groups);
    return o;
}

const QStringList kBadKinds{QStringLiteral("truncated"), QStringLiteral("interleaved"), QStringLiteral("invalid_utf8"),
                            QStringLiteral("oversized"), QStringLiteral("bad_record"), QStringLiteral("unparsable"),
                            QStringLiteral("unreadable")};

} // namespace

class TestScanCli : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void helpDocumentsTheOptions();
    void jsonContract();
    void compressedLogsReadLikePlainOnes();
    void brokenCompressedLogIsCountedNotFatal();
    void sameReportForAnyJobs();
    void topLimitsGroups();
    void sinceUntilFilterByLogTime();
    void textTable();
    void badOptions();
    void mergeEqualsOneScan();
    void liveServer();

private:
    QTemporaryDir m_dir;
    QString m_logs;        // the three pg15 logs, a .gz and a .zst copy, and plans/
};

void TestScanCli::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_logs = m_dir.filePath(QStringLiteral("logs"));
    QVERIFY(QDir().mkpath(m_logs + QStringLiteral("/plans")));
    const QStringList files = QDir(kPg15).entryList(QDir::Files, QDir::Name);
    QVERIFY(files.size() >= 3);
    for (const QString &f : files)
        QVERIFY(QFile::copy(QDir(kPg15).filePath(f), m_logs + u'/' + f));
    QString error;
    QProcess gz;   // gzip -c: the compressed bytes on stdout, into the file
    gz.setStandardOutputFile(m_dir.filePath(QStringLiteral("compressed.log.gz")));
    gz.start(QStringLiteral("gzip"), {QStringLiteral("-c"), m_logs + QStringLiteral("/stderr-prefix.log")});
    QVERIFY(gz.waitForFinished(30000) && gz.exitCode() == 0);
    QVERIFY2(runTool(QStringLiteral("zstd"), {QStringLiteral("-q"), QStringLiteral("-f"), m_logs + QStringLiteral("/csvlog.csv"),
                                              QStringLiteral("-o"), m_dir.filePath(QStringLiteral("compressed.csv.zst"))}, &error),
             qPrintable(error));
    // A folder of plan files: the corpus's TEXT and JSON plans of one case, and one without any Query Text.
    const QString plans = QStringLiteral(PLANLENS_TEST_DATA "/plans/");
    for (const char *name : {"seq-scan-filter.txt", "seq-scan-filter.json", "hash-join-batches.json"})
        QVERIFY2(QFile::copy(plans + QLatin1String(name), m_logs + QStringLiteral("/plans/") + QLatin1String(name)), name);
}

void TestScanCli::helpDocumentsTheOptions()
{
    const Run help = planlens({QStringLiteral("--help")});
    QCOMPARE(help.code, 0);
    for (const char *option : {"--jobs", "--top", "--since", "--until", "--json"})
        QVERIFY2(help.out.contains(option), option);
    QProcess p;
    p.start(QStringLiteral(PLANLENS_BINARY), {QStringLiteral("--help")});
    QVERIFY(p.waitForFinished(30000));
    const QString all = QString::fromUtf8(p.readAllStandardOutput());
    QVERIFY2(all.contains(QStringLiteral("\n  scan LOG|DIR|PLAN... [--jobs N] [--top N] [--since T] [--until T] [--json] | --merge PART.json...")),
             qPrintable(all));
}

void TestScanCli::jsonContract()
{
    const QJsonObject o = scanJson({m_logs});
    QVERIFY(!o.isEmpty());
    const QJsonArray inputs = o.value(QStringLiteral("inputs")).toArray();
    QCOMPARE(inputs.size(), 3 + 3);   // three logs, three plan files: the folder is read recursively
    QSet<QString> names;
    for (const QJsonValue &v : inputs)
        names.insert(v.toString());
    qint64 expectedEntries = 3;        // the plan files
    for (const QString &f : QDir(kPg15).entryList(QDir::Files))
        expectedEntries += TestSupport::countAutoExplainHeaders(readFile(QDir(kPg15).filePath(f)));
    QCOMPARE(o.value(QStringLiteral("entries")).toInteger(), expectedEntries);
    QCOMPARE(o.value(QStringLiteral("plans")).toInteger(), expectedEntries);
    QVERIFY(o.value(QStringLiteral("other_lines")).toInteger() > 0);
    const QJsonObject bad = o.value(QStringLiteral("bad")).toObject();
    QCOMPARE(bad.keys().size(), kBadKinds.size());
    for (const QString &kind : kBadKinds) {
        QVERIFY2(bad.value(kind).isDouble(), qPrintable(kind));
        QCOMPARE(bad.value(kind).toInteger(), 0);
    }

    const QJsonArray groups = o.value(QStringLiteral("groups")).toArray();
    QVERIFY(groups.size() >= 3);
    QCOMPARE(o.value(QStringLiteral("group_count")).toInteger(), groups.size());
    qint64 counted = 0;
    double previous = std::numeric_limits<double>::infinity();
    bool planOnly = false, findingSeen = false;
    for (const QJsonValue &v : groups) {
        const QJsonObject g = v.toObject();
        const QString fp = g.value(QStringLiteral("fingerprint")).toString();
        QVERIFY(!fp.isEmpty());
        const double total = g.value(QStringLiteral("total_ms")).toDouble();
        const double median = g.value(QStringLiteral("median_ms")).toDouble();
        const double max = g.value(QStringLiteral("max_ms")).toDouble();
        const qint64 count = g.value(QStringLiteral("count")).toInteger();
        QVERIFY(count >= 1);
        counted += count;
        QVERIFY2(total <= previous, "groups sorted by total_ms, highest first");
        previous = total;
        QVERIFY(max <= total + 1e-9 && median <= max + 1e-9 && total <= max * double(count) + 1e-9);
        QVERIFY(g.value(QStringLiteral("shapes")).toInt() >= 1);
        const QJsonObject worst = g.value(QStringLiteral("worst")).toObject();
        QVERIFY(names.contains(worst.value(QStringLiteral("file")).toString()));
        QVERIFY(worst.value(QStringLiteral("offset")).toInteger() >= 0);
        QCOMPARE(worst.value(QStringLiteral("duration_ms")).toDouble(), max);
        const QJsonValue query = g.value(QStringLiteral("query"));
        QVERIFY(query.isString() || query.isNull());
        if (query.isNull()) {
            planOnly = true;
            QVERIFY(fp.startsWith(u"plan-"));
        }
        const QJsonObject findings = g.value(QStringLiteral("findings")).toObject();
        for (auto it = findings.begin(); it != findings.end(); ++it)
            QVERIFY(it.value().toInteger() >= 1 && it.value().toInteger() <= count);
        const QJsonValue level = g.value(QStringLiteral("worst_level"));
        QVERIFY(findings.isEmpty() ? level.isNull()
                                   : QStringList({QStringLiteral("info"), QStringLiteral("warning"), QStringLiteral("critical")})
                                         .contains(level.toString()));
        findingSeen = findingSeen || !findings.isEmpty();
        for (const QJsonValue &w : g.value(QStringLiteral("rewrites")).toArray())
            QVERIFY(w.isString() && !w.toString().isEmpty());
        QVERIFY(g.value(QStringLiteral("rewrites")).isArray());
        // The worst entry really is where the report says: an auto_explain header (or a plan file) starts there.
        const QString file = worst.value(QStringLiteral("file")).toString();
        if (!file.contains(u"/plans/")) {
            const QByteArray at = readFile(file).mid(worst.value(QStringLiteral("offset")).toInteger(), 4000);
            QVERIFY2(at.startsWith("2026-") || at.startsWith("{\"timestamp\""), at.left(80).constData());
            QVERIFY(at.left(at.indexOf("plan:")).contains(QByteArray::number(max, 'f', 3)));
        }
    }
    QCOMPARE(counted, o.value(QStringLiteral("plans")).toInteger());
    QVERIFY2(planOnly, "the corpus plans have no Query Text: grouped by plan shape");
    QVERIFY2(findingSeen, "the seq scans of the captured logs remove most rows: some rule fires");
}

void TestScanCli::compressedLogsReadLikePlainOnes()
{
    const QJsonObject plainStderr = scanJson({m_logs + QStringLiteral("/stderr-prefix.log")});
    const QJsonObject gz = scanJson({m_dir.filePath(QStringLiteral("compressed.log.gz"))});
    QVERIFY(plainStderr.value(QStringLiteral("plans")).toInteger() > 0);
    QCOMPARE(withoutPlaces(gz), withoutPlaces(plainStderr));
    QCOMPARE(gz.value(QStringLiteral("other_lines")), plainStderr.value(QStringLiteral("other_lines")));
    const QJsonObject plainCsv = scanJson({m_logs + QStringLiteral("/csvlog.csv")});
    const QJsonObject zst = scanJson({m_dir.filePath(QStringLiteral("compressed.csv.zst"))});
    QVERIFY(plainCsv.value(QStringLiteral("plans")).toInteger() > 0);
    QCOMPARE(withoutPlaces(zst), withoutPlaces(plainCsv));
    // Offsets are those of the decompressed text.
    const QJsonObject worst = zst.value(QStringLiteral("groups")).toArray().first().toObject().value(QStringLiteral("worst")).toObject();
    const QJsonObject worstPlain = plainCsv.value(QStringLiteral("groups")).toArray().first().toObject().value(QStringLiteral("worst")).toObject();
    QCOMPARE(worst.value(QStringLiteral("offset")), worstPlain.value(QStringLiteral("offset")));
}

void TestScanCli::brokenCompressedLogIsCountedNotFatal()
{
    // A log of several compressed blocks (zstd's are up to 128 kB), so that some come out before the cut.
    const QString big = m_dir.filePath(QStringLiteral("big.log"));
    qint64 entries = 0;
    {
        const QByteArray log = readFile(m_logs + QStringLiteral("/stderr-prefix.log"));
        QFile f(big);
        QVERIFY(f.open(QIODevice::WriteOnly));
        for (int i = 0; i < 60; ++i) {
            f.write(log);
            entries += TestSupport::countAutoExplainHeaders(log);
        }
    }
    QString error;
    QVERIFY2(runTool(QStringLiteral("gzip"), {QStringLiteral("-k"), QStringLiteral("-f"), big}, &error), qPrintable(error));
    QVERIFY2(runTool(QStringLiteral("zstd"), {QStringLiteral("-q"), QStringLiteral("-f"), big}, &error),
             qPrintable(error));
    for (const QString &name : {QStringLiteral("big.log.gz"), QStringLiteral("big.log.zst")}) {
        const QByteArray whole = readFile(m_dir.filePath(name));
        QVERIFY(whole.size() > 200);
        // Whole, the file reads like the plain log.
        const QJsonObject complete = scanJson({m_dir.filePath(name)});
        QCOMPARE(complete.value(QStringLiteral("plans")).toInteger(), entries);
        QCOMPARE(complete.value(QStringLiteral("bad")).toObject().value(QStringLiteral("unreadable")).toInteger(), 0);
        const QString cut = m_dir.filePath(QStringLiteral("cut-") + name);
        QFile f(cut);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(whole.left(whole.size() - 16));   // the end of the last block and the trailer are gone
        f.close();
        const Run r = planlens({cut, QStringLiteral("--json")});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.err.contains(QStringLiteral("ends too early")), qPrintable(r.err));
        const QJsonObject o = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(o.value(QStringLiteral("bad")).toObject().value(QStringLiteral("unreadable")).toInteger(), 1);
        // What was decompressed before the cut is still read.
        QVERIFY2(o.value(QStringLiteral("plans")).toInteger() >= entries / 3, qPrintable(name));
    }
}

void TestScanCli::sameReportForAnyJobs()
{
    const QStringList args{m_logs, m_dir.filePath(QStringLiteral("compressed.log.gz")), QStringLiteral("--json")};
    const Run one = planlens(args + QStringList{QStringLiteral("--jobs"), QStringLiteral("1")});
    const Run two = planlens(args + QStringList{QStringLiteral("--jobs"), QStringLiteral("2")});
    QCOMPARE(one.code, 0);
    QCOMPARE(two.code, 0);
    QVERIFY(one.out.size() > 500);
    QCOMPARE(two.out, one.out);
}

void TestScanCli::topLimitsGroups()
{
    const QJsonObject all = scanJson({m_logs});
    const QJsonObject top = scanJson({m_logs, QStringLiteral("--top"), QStringLiteral("2")});
    QVERIFY(all.value(QStringLiteral("groups")).toArray().size() > 2);
    QCOMPARE(top.value(QStringLiteral("groups")).toArray().size(), 2);
    QCOMPARE(top.value(QStringLiteral("group_count")), all.value(QStringLiteral("group_count")));
    QCOMPARE(top.value(QStringLiteral("groups")).toArray().at(1), all.value(QStringLiteral("groups")).toArray().at(1));
}

void TestScanCli::sinceUntilFilterByLogTime()
{
    // The plan entries' times, read here from the stderr log with a regular expression.
    const QString log = QString::fromUtf8(readFile(m_logs + QStringLiteral("/stderr-prefix.log")));
    static const QRegularExpression re(QStringLiteral("^(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d+) UTC .*duration: [0-9.]+ ms  plan:"),
                                       QRegularExpression::MultilineOption);
    QStringList times;
    for (auto it = re.globalMatch(log); it.hasNext();)
        times << it.next().captured(1);
    QVERIFY(times.size() >= 5);
    const QString from = times.at(2), to = times.at(times.size() - 2);
    qint64 expected = 0;
    for (const QString &t : times)
        expected += t >= from && t <= to ? 1 : 0;   // same width, so text order is time order
    QVERIFY(expected > 0 && expected < times.size());
    for (const QString &file : {QStringLiteral("/stderr-prefix.log"), QStringLiteral("/csvlog.csv"), QStringLiteral("/jsonlog.json")}) {
        const QJsonObject o = scanJson({m_logs + file, QStringLiteral("--since"), from + QStringLiteral(" UTC"),
                                        QStringLiteral("--until"), to + QStringLiteral("+00:00")});
        QCOMPARE(o.value(QStringLiteral("entries")).toInteger(), expected);
        QCOMPARE(o.value(QStringLiteral("filtered")).toInteger(), times.size() - expected);
    }
    // A zone shifts the time: one hour ahead of UTC, the same instant is an hour later on the clock.
    const QString later = QString::number(from.left(13).right(2).toInt() + 1).rightJustified(2, u'0');
    const QString shifted = from.left(11) + later + from.mid(13);
    const QJsonObject z = scanJson({m_logs + QStringLiteral("/stderr-prefix.log"), QStringLiteral("--since"), shifted + QStringLiteral("+01")});
    QCOMPARE(z.value(QStringLiteral("filtered")).toInteger(), 2);
}

void TestScanCli::textTable()
{
    const Run r = planlens({m_logs, QStringLiteral("--top"), QStringLiteral("3")});
    QCOMPARE(r.code, 0);
    const QJsonObject o = scanJson({m_logs, QStringLiteral("--top"), QStringLiteral("3")});
    const QString out = QString::fromUtf8(r.out);
    QVERIFY2(out.startsWith(QStringLiteral("Scanned 6 files: %1 entries").arg(o.value(QStringLiteral("entries")).toInteger())), qPrintable(out));
    int rows = 0;
    for (const QJsonValue &v : o.value(QStringLiteral("groups")).toArray()) {
        const QJsonObject g = v.toObject();
        // Figures read as everywhere else (analysis/format/units).
        QVERIFY2(out.contains(Units::duration(g.value(QStringLiteral("total_ms")).toDouble())), qPrintable(out));
        QVERIFY2(out.contains(QStringLiteral("worst:    ") + g.value(QStringLiteral("worst")).toObject().value(QStringLiteral("file")).toString()),
                 qPrintable(out));
        ++rows;
    }
    QCOMPARE(rows, 3);
    QVERIFY(out.contains(QStringLiteral("more queries (--top 3)")));
    QVERIFY2(r.err.isEmpty(), qPrintable(r.err));   // no progress line when stderr is not a terminal
}

void TestScanCli::badOptions()
{
    QCOMPARE(planlens({}).code, 2);
    QCOMPARE(planlens({m_logs, QStringLiteral("--jobs"), QStringLiteral("0")}).code, 2);
    QCOMPARE(planlens({m_logs, QStringLiteral("--top"), QStringLiteral("x")}).code, 2);
    const Run since = planlens({m_logs, QStringLiteral("--since"), QStringLiteral("yesterday")});
    QCOMPARE(since.code, 2);
    QVERIFY2(since.err.contains(QStringLiteral("--since 'yesterday' is not a time")), qPrintable(since.err));
    const Run missing = planlens({m_dir.filePath(QStringLiteral("nope.log"))});
    QCOMPARE(missing.code, 2);
    QVERIFY2(missing.err.contains(QStringLiteral("no such file")), qPrintable(missing.err));
}

// The formats as the server writes them today: auto_explain on a throwaway cluster writing stderr (a prefix other
// than the fixtures'), csvlog and jsonlog at once, TEXT and JSON plans.
// The group fields a merge must reproduce, by fingerprint; the median separately (exact here: every part lists its
// durations, as groups of at most 1000 plans do).
QMap<QString, QJsonObject> groupsByFingerprint(const QJsonObject &report, QStringList *order)
{
    QMap<QString, QJsonObject> out;
    for (const QJsonValue &v : report.value(QStringLiteral("groups")).toArray()) {
        QJsonObject g = v.toObject();
        order->append(g.value(QStringLiteral("fingerprint")).toString());
        out.insert(order->last(), g);
    }
    return out;
}

void compareReports(const QJsonObject &merged, const QJsonObject &whole)
{
    for (const char *key : {"inputs", "entries", "plans", "filtered", "other_lines", "bad", "group_count"})
        QCOMPARE(merged.value(QLatin1String(key)), whole.value(QLatin1String(key)));
    QStringList mergedOrder, wholeOrder;
    const QMap<QString, QJsonObject> m = groupsByFingerprint(merged, &mergedOrder);
    const QMap<QString, QJsonObject> w = groupsByFingerprint(whole, &wholeOrder);
    QCOMPARE(mergedOrder, wholeOrder);   // ranked the same
    for (const QString &fp : wholeOrder) {
        const QJsonObject a = m.value(fp), b = w.value(fp);
        for (const char *key : {"count", "max_ms", "shapes", "findings", "worst_level", "rewrites", "worst", "query",
                                "shape_hashes", "duration_histogram", "durations"})
            QVERIFY2(a.value(QLatin1String(key)) == b.value(QLatin1String(key)), qPrintable(fp + u' ' + QLatin1String(key)));
        QVERIFY(qAbs(a.value(QStringLiteral("total_ms")).toDouble() - b.value(QStringLiteral("total_ms")).toDouble()) < 1e-6);
        QCOMPARE(a.value(QStringLiteral("median_ms")).toDouble(), b.value(QStringLiteral("median_ms")).toDouble());
    }
}

void TestScanCli::mergeEqualsOneScan()
{
    const QString a = m_logs + QStringLiteral("/stderr-prefix.log");
    const QString b = m_logs + QStringLiteral("/csvlog.csv");
    const QString c = m_logs + QStringLiteral("/jsonlog.json");
    QStringList parts;
    for (const QString &f : {a, b, c}) {
        const Run r = planlens({f, QStringLiteral("--json")});
        QCOMPARE(r.code, 0);
        parts << m_dir.filePath(QFileInfo(f).fileName() + QStringLiteral(".part.json"));
        QFile out(parts.last());
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(r.out);
    }
    const QJsonObject whole = scanJson({a, b, c});
    QVERIFY(!whole.isEmpty());
    // Every group carries what a merge needs.
    for (const QJsonValue &v : whole.value(QStringLiteral("groups")).toArray()) {
        const QJsonObject g = v.toObject();
        QCOMPARE(g.value(QStringLiteral("durations")).toArray().size(), g.value(QStringLiteral("count")).toInteger());
        QVERIFY(g.value(QStringLiteral("duration_histogram")).toObject().value(QStringLiteral("buckets")).isArray());
        QCOMPARE(g.value(QStringLiteral("shape_hashes")).toArray().size(), g.value(QStringLiteral("shapes")).toInt());
    }
    const QJsonObject merged = scanJson({QStringLiteral("--merge"), parts[0], parts[1], parts[2]});
    QVERIFY(!merged.isEmpty());
    compareReports(merged, whole);

    // Associative: (a+b)+c == a+(b+c) == a+b+c.
    const auto mergeTo = [&](const QStringList &in, const QString &name) {
        const Run r = planlens(QStringList{QStringLiteral("--merge")} + in + QStringList{QStringLiteral("--json")});
        QFile out(m_dir.filePath(name));
        if (r.code != 0 || !out.open(QIODevice::WriteOnly))
            return QString();
        out.write(r.out);
        return out.fileName();
    };
    const QString ab = mergeTo({parts[0], parts[1]}, QStringLiteral("ab.json"));
    const QString bc = mergeTo({parts[1], parts[2]}, QStringLiteral("bc.json"));
    QVERIFY(!ab.isEmpty() && !bc.isEmpty());
    const QJsonObject left = scanJson({QStringLiteral("--merge"), ab, parts[2]});
    const QJsonObject right = scanJson({QStringLiteral("--merge"), parts[0], bc});
    compareReports(left, whole);
    compareReports(right, whole);
    QCOMPARE(left, right);

    // Without the durations (groups of more than 1000 plans) the median comes from the histogram, within 1 %.
    QFile pa(parts[0]);
    QVERIFY(pa.open(QIODevice::ReadOnly));
    QJsonObject stripped = QJsonDocument::fromJson(pa.readAll()).object();
    QJsonArray groups;
    for (const QJsonValue &v : stripped.value(QStringLiteral("groups")).toArray()) {
        QJsonObject g = v.toObject();
        g.remove(QStringLiteral("durations"));
        groups.append(g);
    }
    stripped.insert(QStringLiteral("groups"), groups);
    const QString strippedFile = m_dir.filePath(QStringLiteral("stripped.json"));
    QFile sf(strippedFile);
    QVERIFY(sf.open(QIODevice::WriteOnly));
    sf.write(QJsonDocument(stripped).toJson());
    sf.close();
    const QJsonObject approx = scanJson({QStringLiteral("--merge"), strippedFile, parts[1]});
    QStringList order, wholeOrder;
    const QMap<QString, QJsonObject> ag = groupsByFingerprint(approx, &order);
    const QMap<QString, QJsonObject> ab2 = groupsByFingerprint(scanJson({a, b}), &wholeOrder);
    QCOMPARE(order, wholeOrder);
    for (const QString &fp : wholeOrder) {
        const double exact = ab2.value(fp).value(QStringLiteral("median_ms")).toDouble();
        const double est = ag.value(fp).value(QStringLiteral("median_ms")).toDouble();
        QVERIFY2(qAbs(est - exact) <= 0.01 * exact + 1e-9, qPrintable(QStringLiteral("%1: %2 vs %3").arg(fp).arg(est).arg(exact)));
    }

    // Not a report: a sentence, exit 2.
    const Run bad = planlens({QStringLiteral("--merge"), a});
    QCOMPARE(bad.code, 2);
    QVERIFY2(bad.err.contains(QStringLiteral("is not a report")), qPrintable(bad.err));
}

void TestScanCli::liveServer()
{
    Test::TestCluster tc;
    QString error;
    const QStringList options{
        QStringLiteral("-c fsync=off"), QStringLiteral("-c shared_preload_libraries=auto_explain"),
        QStringLiteral("-c auto_explain.log_min_duration=0"), QStringLiteral("-c auto_explain.log_analyze=on"),
        QStringLiteral("-c logging_collector=on"), QStringLiteral("-c log_destination=stderr,csvlog,jsonlog"),
        QStringLiteral("-c log_directory=log"), QStringLiteral("-c log_filename=scan"), QStringLiteral("-c lc_messages=C"),
        QStringLiteral("-c \"log_line_prefix=%t [%p]: [%l-1] db=%d,app=%a \"")};
    QVERIFY2(tc.cluster().start(&error, options), qPrintable(error));
    QTemporaryDir sqlDir;
    const QString sqlFile = sqlDir.filePath(QStringLiteral("load.sql"));
    {
        QFile f(sqlFile);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("SET auto_explain.log_min_duration = -1;\n"
                "CREATE TABLE items(id int PRIMARY KEY, kind int, label text);\n"
                "INSERT INTO items SELECT g, g % 50, 'item ' || g FROM generate_series(1, 20000) g;\n"
                "ANALYZE items;\n"
                "SET auto_explain.log_min_duration = 0;\n"
                "SELECT count(*) FROM items WHERE kind = 1;\n"
                "SELECT count(*) FROM items WHERE kind = 2;\n"
                "SELECT label\n  FROM items\n WHERE id = 42;\n"
                "SET auto_explain.log_format = json;\n"
                "SELECT count(*) FROM items WHERE kind = 3;\n"
                "SELECT count(*) FROM items WHERE kind = 4;\n"
                "SELECT kind, count(*) FROM items GROUP BY kind ORDER BY 2 DESC LIMIT 3;\n");
    }
    QVERIFY2(tc.cluster().runPsql(QStringLiteral("postgres"), sqlFile, true, &error), qPrintable(error));
    QVERIFY2(tc.cluster().stop(&error), qPrintable(error));   // the logging collector has written everything

    const QString logDir = tc.cluster().dir() + QStringLiteral("/data/log/");
    QList<QJsonObject> reports;
    for (const char *name : {"scan", "scan.csv", "scan.json"}) {
        const QString path = logDir + QLatin1String(name);
        const QByteArray bytes = readFile(path);
        QVERIFY2(!bytes.isEmpty(), qPrintable(path));
        const QJsonObject o = scanJson({path});
        QVERIFY2(!o.isEmpty(), name);
        const int headers = TestSupport::countAutoExplainHeaders(bytes);
        QVERIFY2(headers >= 6, name);
        QCOMPARE(o.value(QStringLiteral("entries")).toInteger(), headers);
        QCOMPARE(o.value(QStringLiteral("plans")).toInteger(), headers);
        for (const QString &kind : kBadKinds)
            QCOMPARE(o.value(QStringLiteral("bad")).toObject().value(kind).toInteger(), 0);
        // "count(*) … WHERE kind = N" ran four times, twice logged as TEXT and twice as JSON: one query.
        bool found = false;
        for (const QJsonValue &v : o.value(QStringLiteral("groups")).toArray()) {
            const QJsonObject g = v.toObject();
            if (g.value(QStringLiteral("query")).toString().contains(QStringLiteral("WHERE kind = "))) {
                QCOMPARE(g.value(QStringLiteral("count")).toInteger(), 4);
                found = true;
            }
        }
        QVERIFY2(found, name);
        reports << withoutPlaces(o);
    }
    QCOMPARE(reports.at(1), reports.at(0));
    QCOMPARE(reports.at(2), reports.at(0));
}

QTEST_GUILESS_MAIN(TestScanCli)
#include "tst_scancli.moc"
