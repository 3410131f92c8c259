// SPDX-License-Identifier: MIT
#include "scanloggenerator.h"

#include <QDir>
#include <QFile>

#include <cmath>
#include <memory>

namespace Bench {

namespace {

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// The statement a case explains: the text after its ":explain" line.
QByteArray caseStatement(const QByteArray &script)
{
    const qsizetype at = script.indexOf(":explain\n");
    if (at < 0)
        return {};
    QByteArray sql = script.mid(at + 9).trimmed();
    while (sql.endsWith(';'))
        sql.chop(1);
    return sql;
}

// EXPLAIN's JSON is an array of one object; auto_explain logs the object, two spaces less indented.
QByteArray jsonObject(const QByteArray &explain)
{
    QByteArray out;
    const QList<QByteArray> lines = explain.trimmed().split('\n');
    for (qsizetype i = 1; i + 1 < lines.size(); ++i)
        out += (lines[i].startsWith("  ") ? lines[i].mid(2) : lines[i]) + '\n';
    return out;
}

double executionMs(const QByteArray &textPlan)
{
    const qsizetype at = textPlan.indexOf("Execution Time: ");
    return at < 0 ? 1.0 : std::max(0.01, textPlan.mid(at + 16, 16).split(' ').first().toDouble());
}

QByteArray jsonEscaped(const QByteArray &s)
{
    QByteArray out;
    out.reserve(s.size() + s.size() / 8);
    for (const char c : s) {
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\t': out += "\\t"; break;
        case '\r': out += "\\r"; break;
        default:
            if (static_cast<unsigned char>(c) < 0x20)
                out += "\\u00" + QByteArray::number(static_cast<unsigned char>(c), 16).rightJustified(2, '0');
            else
                out += c;
        }
    }
    return out;
}

QByteArray csvQuoted(const QByteArray &s)
{
    QByteArray out = s;
    out.replace('"', "\"\"");
    return '"' + out + '"';
}

bool isIdentChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$' || c == '.'; }

// Integer constants a client would vary: digits outside quotes and comments, after an operator, a parenthesis, a
// comma, LIMIT or OFFSET (not inside names, type modifiers such as numeric(10,2) aside).
QList<QPair<qsizetype, qsizetype>> integerLiterals(const QByteArray &sql)
{
    QList<QPair<qsizetype, qsizetype>> out;
    char quote = 0;
    for (qsizetype i = 0; i < sql.size(); ++i) {
        const char c = sql[i];
        if (quote) {
            if (c == quote)
                quote = 0;
            continue;
        }
        if (c == '\'' || c == '"') {
            quote = c;
            continue;
        }
        if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
            while (i < sql.size() && sql[i] != '\n')
                ++i;
            continue;
        }
        if (!std::isdigit(static_cast<unsigned char>(c)) || (i > 0 && isIdentChar(sql[i - 1])))
            continue;
        qsizetype end = i;
        while (end < sql.size() && std::isdigit(static_cast<unsigned char>(sql[end])))
            ++end;
        if (end < sql.size() && (isIdentChar(sql[end]) || sql[end] == ':')) {   // 1.5, 12abc, 3::int
            i = end;
            continue;
        }
        qsizetype p = i - 1;
        while (p >= 0 && sql[p] == ' ')
            --p;
        const QByteArray before = sql.left(p + 1).toUpper();
        const bool afterOperator = p >= 0 && QByteArrayView("=<>(,+-*/").contains(sql[p]);
        if (afterOperator || before.endsWith("LIMIT") || before.endsWith("OFFSET"))
            out.append({i, end - i});
        i = end;
    }
    return out;
}

class Random {
public:
    quint64 next()
    {
        m_state ^= m_state << 13;
        m_state ^= m_state >> 7;
        m_state ^= m_state << 17;
        return m_state;
    }
    double uniform() { return double(next() >> 11) / double(1ull << 53); }
    int bounded(int n) { return int(next() % quint64(n)); }
    double normal() { return std::sqrt(-2 * std::log(std::max(1e-12, uniform()))) * std::cos(6.283185307 * uniform()); }

private:
    quint64 m_state = 0x9E3779B97F4A7C15ull;
};

enum class Kind { StderrTimestampPid, StderrSessionLine, Csv, Json };

struct PartSpec {
    const char *file;
    Kind kind;
    double share;
    const char *format;
    const char *prefix;
};

constexpr PartSpec kParts[] = {
    {"postgresql-a.log", Kind::StderrTimestampPid, 0.40, "stderr", "%m [%p] %q%u@%d "},
    {"postgresql-b.log", Kind::StderrSessionLine, 0.25, "stderr", "%t [%p]: [%l-1] user=%u,db=%d,app=%a,client=%h "},
    {"postgresql.csv", Kind::Csv, 0.20, "csv", ""},
    {"postgresql.json", Kind::Json, 0.15, "jsonlog", ""},
};

class PartWriter {
public:
    PartWriter(const PartSpec &spec, const QString &path) : m_spec(spec), m_file(path) {}
    bool open() { return m_file.open(QIODevice::WriteOnly); }

    void record(qint64 seq, int pid, const QByteArray &severity, const QByteArray &message)
    {
        const int s = int((seq / 40) % 86400);
        const QByteArray hms = QByteArray::number(s / 3600).rightJustified(2, '0') + ':'
            + QByteArray::number(s / 60 % 60).rightJustified(2, '0') + ':' + QByteArray::number(s % 60).rightJustified(2, '0');
        const QByteArray ms = QByteArray::number(seq % 1000).rightJustified(3, '0');
        const QByteArray stamp = "2026-12-05 " + hms;
        const QByteArray p = QByteArray::number(pid);
        switch (m_spec.kind) {
        case Kind::StderrTimestampPid:
        case Kind::StderrSessionLine: {
            QByteArray prefix = m_spec.kind == Kind::StderrTimestampPid
                ? stamp + '.' + ms + " UTC [" + p + "] app@shop "
                : stamp + " UTC [" + p + "]: [" + QByteArray::number(seq % 5000 + 1) + "-1] user=app,db=shop,app=rails,client=10.0.0."
                    + QByteArray::number(pid % 250) + ' ';
            m_buffer += prefix + severity + ":  ";
            bool first = true;
            for (const QByteArray &line : message.split('\n')) {
                if (!first)
                    m_buffer += '\t';
                m_buffer += line + '\n';
                first = false;
            }
            break;
        }
        case Kind::Csv:
            m_buffer += stamp + '.' + ms + " UTC,\"app\",\"shop\"," + p + ",\"10.0.0." + QByteArray::number(pid % 250)
                + ":5432\",6b13895c." + QByteArray::number(pid, 16) + ',' + QByteArray::number(seq % 5000 + 1)
                + ",\"SELECT\",2026-12-05 00:00:00 UTC,3/" + QByteArray::number(seq % 100000) + ",0," + severity
                + ",00000," + csvQuoted(message) + ",,,,,,,,,\"rails\",\"client backend\",,0\n";
            break;
        case Kind::Json:
            m_buffer += "{\"timestamp\":\"" + stamp + '.' + ms + " UTC\",\"user\":\"app\",\"dbname\":\"shop\",\"pid\":" + p
                + ",\"remote_host\":\"10.0.0." + QByteArray::number(pid % 250) + "\",\"session_id\":\"6b13895c."
                + QByteArray::number(pid, 16) + "\",\"line_num\":" + QByteArray::number(seq % 5000 + 1)
                + ",\"ps\":\"SELECT\",\"session_start\":\"2026-12-05 00:00:00 UTC\",\"vxid\":\"3/"
                + QByteArray::number(seq % 100000) + "\",\"txid\":0,\"error_severity\":\"" + severity
                + "\",\"message\":\"" + jsonEscaped(message)
                + "\",\"application_name\":\"rails\",\"backend_type\":\"client backend\",\"query_id\":0}\n";
            break;
        }
        if (m_buffer.size() >= (1 << 20))
            flush();
    }

    bool flush()
    {
        m_written += m_buffer.size();
        const bool ok = m_file.write(m_buffer) == m_buffer.size();
        m_buffer.clear();
        return ok;
    }
    qint64 written() const { return m_written + m_buffer.size(); }
    qint64 entries = 0;

private:
    const PartSpec &m_spec;
    QFile m_file;
    QByteArray m_buffer;
    qint64 m_written = 0;
};

// The Query Text of one execution: new values for the constants, or $n for a prepared statement.
QByteArray variedSql(const LogCase &c, const QList<QPair<qsizetype, qsizetype>> &literals, bool prepared, Random &rng)
{
    QByteArray out;
    qsizetype from = 0;
    int n = 0;
    for (const auto &[at, len] : literals) {
        out += c.sql.mid(from, at - from);
        if (prepared) {
            out += '$' + QByteArray::number(++n);
        } else {
            const QByteArray old = c.sql.mid(at, len);
            const bool small = old.toLongLong() < 10;   // LIMIT 1, flags, enum values: keep the magnitude
            out += QByteArray::number(small ? old.toLongLong() : 1 + qint64(rng.next() % quint64(std::pow(10, len))));
        }
        from = at + len;
    }
    return out + c.sql.mid(from);
}

QByteArray otherMessage(qint64 seq, int pid, QByteArray *severity)
{
    *severity = "LOG";
    switch (seq % 7) {
    case 0:
        return "connection received: host=10.0.0." + QByteArray::number(pid % 250) + " port=" + QByteArray::number(40000 + seq % 20000);
    case 1:
        return "connection authorized: user=app database=shop application_name=rails";
    case 2:
        return "checkpoint complete: wrote 1520 buffers (9.3%); 0 WAL file(s) added, 0 removed, 1 recycled; write=26.9 s, sync=0.004 s, total=27.0 s";
    case 3:
        *severity = "ERROR";
        return "duplicate key value violates unique constraint \"users_email_key\"";
    case 4:
        return "automatic vacuum of table \"shop.public.orders\": index scans: 1\npages: 0 removed, 8334 remain, 8334 scanned (100.00% of total)";
    default:
        return "disconnection: session time: 0:00:0" + QByteArray::number(seq % 10) + ".512 user=app database=shop host=10.0.0.7 port=5432";
    }
}

} // namespace

QList<LogCase> loadLogCases(const QString &plansDir, QString *error)
{
    QList<LogCase> cases;
    const QDir dir(plansDir);
    const QStringList sqlFiles = QDir(dir.filePath(QStringLiteral("cases"))).entryList({QStringLiteral("*.sql")}, QDir::Files, QDir::Name);
    for (const QString &file : sqlFiles) {
        LogCase c;
        c.name = file.chopped(4);
        c.sql = caseStatement(readAll(dir.filePath(QStringLiteral("cases/") + file)));
        c.textPlan = readAll(dir.filePath(c.name + QStringLiteral(".txt"))).trimmed();
        const QByteArray json = readAll(dir.filePath(c.name + QStringLiteral(".json")));
        if (c.sql.isEmpty() || c.textPlan.isEmpty() || !json.trimmed().startsWith('['))
            continue;
        c.jsonPlan = jsonObject(json);
        c.executionMs = executionMs(c.textPlan);
        cases.append(c);
    }
    if (cases.isEmpty() && error)
        *error = QStringLiteral("no captured plans with their SQL in %1").arg(plansDir);
    return cases;
}

QList<LogPart> writeScanLog(const QString &dir, qint64 bytes, const QList<LogCase> &cases, QString *error)
{
    if (cases.isEmpty()) {
        *error = QStringLiteral("no cases to build the log from");
        return {};
    }
    QList<QList<QPair<qsizetype, qsizetype>>> literals;
    for (const LogCase &c : cases)
        literals.append(integerLiterals(c.sql));

    QList<LogPart> parts;
    Random rng;
    qint64 seq = 0;
    for (const PartSpec &spec : kParts) {
        LogPart part;
        part.path = QDir(dir).filePath(QString::fromLatin1(spec.file));
        part.pgbadgerFormat = QString::fromLatin1(spec.format);
        part.pgbadgerPrefix = QString::fromLatin1(spec.prefix);
        auto writer = std::make_unique<PartWriter>(spec, part.path);
        if (!writer->open()) {
            *error = QStringLiteral("cannot write %1").arg(part.path);
            return {};
        }
        const qint64 target = qint64(double(bytes) * spec.share);
        while (writer->written() < target) {
            ++seq;
            const int pid = 2000 + rng.bounded(64);
            // The incident queries run more often than the corpus cases, as a hot endpoint's queries do.
            const int pick = rng.bounded(int(cases.size()) + 8);
            const int ci = pick < cases.size() ? pick : rng.bounded(int(cases.size()));
            const LogCase &c = cases[ci];
            const double ms = c.executionMs * std::exp(0.8 * rng.normal());
            const QByteArray sql = variedSql(c, literals[ci], rng.uniform() < 0.33, rng);
            QByteArray message = "duration: " + QByteArray::number(ms, 'f', 3) + " ms  plan:\n";
            if (rng.uniform() < 0.25) {
                QByteArray obj = c.jsonPlan;
                obj.insert(obj.indexOf('\n') + 1, "  \"Query Text\": \"" + jsonEscaped(sql) + "\",\n");
                message += obj;
            } else {
                message += "Query Text: " + sql + '\n' + c.textPlan;
            }
            writer->record(seq, pid, "LOG", message);
            ++writer->entries;
            if (rng.uniform() < 0.3) {
                QByteArray severity;
                const QByteArray other = otherMessage(seq, pid, &severity);
                writer->record(seq, pid, severity, other);
            }
        }
        if (!writer->flush()) {
            *error = QStringLiteral("cannot write %1 (disk full?)").arg(part.path);
            return {};
        }
        part.bytes = writer->written();
        part.entries = writer->entries;
        parts.append(part);
    }
    return parts;
}

} // namespace Bench
