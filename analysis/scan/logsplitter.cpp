// SPDX-License-Identifier: MIT
#include "logsplitter.h"
#include "logtimestamp.h"

#include <cstring>

namespace PlanLens {

namespace {

// A csvlog record has 26 columns in PostgreSQL 14 and 15 (23 in 12, 24 in 13); the message is the 14th in all of them
// ("Using CSV-Format Log Output": log_time, user_name, database_name, process_id, connection_from, session_id,
// session_line_num, command_tag, session_start_time, virtual_transaction_id, transaction_id, error_severity,
// sql_state_code, message, ...).
constexpr int kCsvTimeColumn = 0;
constexpr int kCsvMessageColumn = 13;
constexpr int kCsvMinColumns = 14;
// How far into a stderr line the "<severity>:  " marker may stand: log_line_prefix is short.
constexpr qsizetype kMaxPrefixBytes = 512;

bool isUpperOrDigit(char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }
bool isLetter(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

// elog.c's severity words (error_severity()), and the labels of the extra lines a message may carry.
bool isSeverity(QByteArrayView w)
{
    static const char *const words[] = {"LOG", "ERROR", "WARNING", "NOTICE", "INFO", "DEBUG", "DEBUG1", "DEBUG2",
                                        "DEBUG3", "DEBUG4", "DEBUG5", "FATAL", "PANIC", "STATEMENT", "DETAIL",
                                        "HINT", "CONTEXT", "QUERY", "LOCATION"};
    for (const char *s : words)
        if (w == QByteArrayView(s))
            return true;
    return false;
}

// Where the message of a stderr record line starts (after "<prefix><SEVERITY>:  "), or -1 for a continuation line.
qsizetype recordMessageStart(QByteArrayView line)
{
    if (line.isEmpty() || line.front() == '\t')
        return -1;
    const qsizetype limit = std::min(line.size(), kMaxPrefixBytes);
    for (qsizetype c = line.indexOf(":  "); c >= 0 && c < limit; c = line.indexOf(":  ", c + 1)) {
        qsizetype w = c;
        while (w > 0 && isUpperOrDigit(line[w - 1]))
            --w;
        if (w < c && (w == 0 || !isLetter(line[w - 1])) && isSeverity(line.sliced(w, c - w)))
            return c + 3;
    }
    return -1;
}

bool startsWithAny(QByteArrayView t, std::initializer_list<const char *> words)
{
    for (const char *w : words)
        if (t.startsWith(QByteArrayView(w)))
            return true;
    return false;
}

// A line that can only be part of a plan: used to tell another backend's line inside an entry from a message's own
// continuation.
bool looksLikePlanLine(QByteArrayView text)
{
    const QByteArrayView t = text.trimmed();
    if (t.isEmpty())
        return false;
    if (t.startsWith("->") || t.contains("(cost=") || t.contains("(actual ") || t.contains("never executed"))
        return true;
    if (t.front() == '"' && t.contains("\": "))
        return true;   // a key of a JSON plan
    return startsWithAny(t, {"Query Text:", "Filter:", "Index Cond:", "Recheck Cond:", "Hash Cond:", "Join Filter:",
                             "Merge Cond:", "Sort Key:", "Sort Method:", "Buffers:", "Rows Removed by", "Heap Blocks:",
                             "Output:", "Workers ", "Worker ", "Planning", "Execution Time:", "Group Key:",
                             "Batches:", "I/O Timings:", "Buckets:", "Settings:", "JIT:"});
}

} // namespace

bool TimeFilter::accepts(std::optional<qint64> ms) const
{
    if (!ms)
        return true;
    if (sinceMs && *ms < *sinceMs)
        return false;
    if (untilMs && *ms > *untilMs)
        return false;
    return true;
}

std::optional<double> autoExplainHeader(QByteArrayView message, qsizetype *planStart)
{
    static constexpr QByteArrayView kDuration("duration: ");
    if (!message.startsWith(kDuration))
        return std::nullopt;
    qsizetype i = kDuration.size();
    const qsizetype numStart = i;
    while (i < message.size() && ((message[i] >= '0' && message[i] <= '9') || message[i] == '.'))
        ++i;
    if (i == numStart || i - numStart > 32)
        return std::nullopt;
    bool ok = false;
    const double ms = message.sliced(numStart, i - numStart).toByteArray().toDouble(&ok);
    if (!ok)
        return std::nullopt;
    if (!message.sliced(i).startsWith(" ms "))
        return std::nullopt;
    i += 4;
    while (i < message.size() && message[i] == ' ')
        ++i;
    if (!message.sliced(i).startsWith("plan:"))
        return std::nullopt;
    *planStart = i + 5;
    return ms;
}

LogFormat LogSplitter::detectFormat(QByteArrayView head, bool complete)
{
    head = head.first(std::min(head.size(), kSniffBytes));
    qsizetype i = 0;
    if (head.startsWith("\xEF\xBB\xBF"))
        i = 3;
    while (i < head.size() && (head[i] == ' ' || head[i] == '\n' || head[i] == '\r' || head[i] == '\t'))
        ++i;
    const qsizetype nl = head.indexOf('\n', i);
    if (nl < 0 && !complete && head.size() < kSniffBytes)
        return LogFormat::Unknown;
    const QByteArrayView first = head.sliced(i, (nl < 0 ? head.size() : nl) - i);
    if (first.startsWith("{") && first.contains("\"timestamp\""))
        return LogFormat::Json;
    // csvlog: the first column is log_time alone ("2026-12-05 03:47:40.845 UTC"), so the text before the first comma
    // is a timestamp and at most a zone. A stderr prefix such as "%t [%p]: db=%d,app=%a " also has a timestamp and
    // then a comma, but more words before it.
    const qsizetype comma = first.indexOf(',');
    if (comma > 0 && comma <= 40) {
        const QByteArrayView before = first.first(comma);
        if (before.front() >= '0' && before.front() <= '9' && before.count(' ') <= 2 && findLogTimestamp(before))
            return LogFormat::Csv;
    }
    for (qsizetype at = i; at < head.size();) {
        qsizetype end = head.indexOf('\n', at);
        const bool cut = end < 0;
        if (cut)
            end = head.size();
        const QByteArrayView line = head.sliced(at, end - at);
        qsizetype planStart = 0;
        if (!(cut && !complete) && (recordMessageStart(line) >= 0 || autoExplainHeader(line, &planStart)))
            return LogFormat::Stderr;
        at = end + 1;
    }
    if (!complete && head.size() < kSniffBytes)
        return LogFormat::Unknown;
    return LogFormat::PlainPlan;
}

LogSplitter::LogSplitter(int input, Sink sink, TimeFilter filter, qsizetype maxEntryBytes)
    : m_input(input)
    , m_sink(std::move(sink))
    , m_filter(filter)
    , m_maxEntryBytes(std::max<qsizetype>(1, maxEntryBytes))
{
}

void LogSplitter::feed(QByteArrayView chunk)
{
    if (m_finished || chunk.isEmpty())
        return;
    if (m_format != LogFormat::Unknown) {
        process(chunk);
        return;
    }
    m_sniff.append(chunk);
    const LogFormat f = detectFormat(m_sniff, false);
    if (f == LogFormat::Unknown)
        return;
    m_format = f;
    const QByteArray head = std::move(m_sniff);
    m_sniff = QByteArray();
    process(head);
}

void LogSplitter::finish()
{
    if (m_finished)
        return;
    if (m_format == LogFormat::Unknown) {
        const QByteArray head = std::move(m_sniff);
        m_sniff = QByteArray();
        if (head.trimmed().isEmpty()) {
            m_finished = true;
            return;
        }
        m_format = detectFormat(head, true);
        process(head);
    }
    m_finished = true;
    switch (m_format) {
    case LogFormat::Stderr:
    case LogFormat::Json:
        if (!m_carry.isEmpty() && !m_skippingLine) {
            const QByteArray last = std::move(m_carry);
            m_carry = QByteArray();
            if (m_format == LogFormat::Stderr)
                stderrLine(last, m_carryOffset);
            else
                jsonLine(last, m_carryOffset);
        }
        flushSuspended();
        closeEntry();
        break;
    case LogFormat::Csv:
        if (m_csvInQuotes && !m_csvQuotePending) {
            // The input ended inside a quoted field: the record is cut.
            qsizetype planStart = 0;
            if (m_csvField == kCsvMessageColumn && autoExplainHeader(m_csvValue, &planStart)) {
                ++m_counts.entries;
                ++m_counts.truncated;
            } else {
                ++m_counts.badRecords;
            }
        } else if (m_csvRecordBytes > 0) {
            m_csvInQuotes = false;
            m_csvQuotePending = false;
            endCsvField();
            endCsvRecord();
        }
        break;
    case LogFormat::PlainPlan:
        closeEntry();
        break;
    case LogFormat::Unknown:
        break;
    }
}

void LogSplitter::process(QByteArrayView bytes)
{
    switch (m_format) {
    case LogFormat::Stderr:
    case LogFormat::Json:
        processLines(bytes);
        break;
    case LogFormat::Csv:
        processCsv(bytes);
        break;
    case LogFormat::PlainPlan:
        if (!m_open) {
            m_open.emplace();
            m_open->entry.input = m_input;
            m_open->entry.format = LogFormat::PlainPlan;
        }
        if (!m_open->dropped) {
            if (m_open->entry.body.size() + bytes.size() > m_maxEntryBytes) {
                m_open->dropped = true;
                m_open->entry.body = QByteArray();
                ++m_counts.oversized;
            } else {
                m_open->entry.body.append(bytes);
            }
        }
        m_pos += bytes.size();
        break;
    case LogFormat::Unknown:
        break;
    }
}

void LogSplitter::processLines(QByteArrayView bytes)
{
    const qint64 base = m_pos;
    const char *data = bytes.data();
    const qsizetype n = bytes.size();
    qsizetype start = 0;
    while (start < n) {
        const void *hit = std::memchr(data + start, '\n', size_t(n - start));
        if (!hit) {
            if (!m_skippingLine) {
                if (m_carry.isEmpty())
                    m_carryOffset = base + start;
                if (m_carry.size() + (n - start) > m_maxEntryBytes) {
                    m_skippingLine = true;
                    m_carry = QByteArray();
                    overlongLine();
                } else {
                    m_carry.append(bytes.sliced(start));
                }
            }
            break;
        }
        const qsizetype end = static_cast<const char *>(hit) - data;
        if (m_skippingLine) {
            m_skippingLine = false;
        } else if (m_carry.size() + (end - start) > m_maxEntryBytes) {
            m_carry = QByteArray();
            overlongLine();
        } else if (!m_carry.isEmpty()) {
            m_carry.append(bytes.sliced(start, end - start));
            const QByteArray line = std::move(m_carry);
            m_carry = QByteArray();
            if (m_format == LogFormat::Stderr)
                stderrLine(line, m_carryOffset);
            else
                jsonLine(line, m_carryOffset);
        } else if (m_format == LogFormat::Stderr) {
            stderrLine(bytes.sliced(start, end - start), base + start);
        } else {
            jsonLine(bytes.sliced(start, end - start), base + start);
        }
        start = end + 1;
    }
    m_pos = base + n;
}

void LogSplitter::stderrLine(QByteArrayView line, qint64 offset)
{
    if (line.endsWith('\r'))
        line.chop(1);
    qsizetype msg = recordMessageStart(line);
    qsizetype planStart = 0;
    if (msg < 0 && !line.isEmpty() && line.front() != ' ' && line.front() != '\t' && autoExplainHeader(line, &planStart))
        msg = 0;   // an entry without any prefix or severity (pasted from a log viewer)
    if (msg >= 0) {
        flushSuspended();
        const QByteArrayView message = line.sliced(msg);
        if (const std::optional<double> ms = autoExplainHeader(message, &planStart)) {
            closeEntry();
            openEntry(offset, message.sliced(planStart), findLogTimestamp(line.first(msg)));
            m_open->entry.durationMs = ms;
            m_foreignRecord = false;
        } else {
            ++m_counts.otherLines;
            if (m_open) {
                m_suspended = std::move(m_open);
                m_open.reset();
            }
            m_foreignRecord = true;
            m_foreignContinued = false;
        }
        return;
    }
    // A continuation line: elog.c puts a tab before each line after a message's first.
    const QByteArrayView text = line.startsWith('\t') ? line.sliced(1) : line;
    if (m_open) {
        appendToEntry(text);
        return;
    }
    const bool planLike = looksLikePlanLine(text);
    if (m_suspended && !m_foreignContinued && planLike) {
        // One line of another backend landed inside this entry: the entry goes on after it.
        --m_counts.otherLines;
        ++m_counts.interleaved;
        m_open = std::move(m_suspended);
        m_suspended.reset();
        m_foreignRecord = false;
        appendToEntry(text);
        return;
    }
    if (m_foreignRecord)
        m_foreignContinued = true;
    if (planLike)
        ++m_counts.interleaved;
    else
        ++m_counts.otherLines;
}

void LogSplitter::jsonLine(QByteArrayView line, qint64 offset)
{
    if (line.trimmed().isEmpty())
        return;
    if (!line.contains("duration: ")) {
        ++m_counts.otherLines;
        return;
    }
    LogEntry e;
    e.input = m_input;
    e.offset = offset;
    e.format = LogFormat::Json;
    e.body = line.toByteArray();
    // jsonlog writes "timestamp" first; look for the key all the same.
    std::optional<qint64> timestamp;
    const qsizetype key = line.indexOf("\"timestamp\":");
    if (key >= 0)
        timestamp = findLogTimestamp(line.sliced(key + 12, std::min<qsizetype>(line.size() - key - 12, 48)));
    emitEntry(std::move(e), timestamp);
}

// A line beyond the limit is skipped to its end, and the entry it belongs to with it (counted once).
void LogSplitter::overlongLine()
{
    ++m_counts.oversized;
    if (m_open && !m_open->dropped) {
        m_open->dropped = true;
        m_open->entry.body = QByteArray();
    }
}

void LogSplitter::openEntry(qint64 offset, QByteArrayView rest, std::optional<qint64> timestamp)
{
    m_open.emplace();
    m_open->entry.input = m_input;
    m_open->entry.offset = offset;
    m_open->entry.format = m_format;
    m_open->timestamp = timestamp;
    rest = rest.trimmed();
    if (!rest.isEmpty())
        appendToEntry(rest);
}

void LogSplitter::appendToEntry(QByteArrayView text)
{
    Open &o = *m_open;
    if (o.dropped)
        return;
    if (o.entry.body.size() + text.size() + 1 > m_maxEntryBytes) {
        o.dropped = true;
        o.entry.body = QByteArray();
        ++m_counts.oversized;
        return;
    }
    o.entry.body.append(text);
    o.entry.body.append('\n');
}

void LogSplitter::closeEntry()
{
    if (!m_open)
        return;
    Open o = std::move(*m_open);
    m_open.reset();
    if (!o.dropped)
        emitEntry(std::move(o.entry), o.timestamp);
}

void LogSplitter::flushSuspended()
{
    if (!m_suspended)
        return;
    Open o = std::move(*m_suspended);
    m_suspended.reset();
    if (!o.dropped)
        emitEntry(std::move(o.entry), o.timestamp);
}

void LogSplitter::emitEntry(LogEntry &&entry, std::optional<qint64> timestamp)
{
    if (!m_filter.accepts(timestamp)) {
        ++m_counts.filtered;
        return;
    }
    m_sink(std::move(entry));
}

void LogSplitter::processCsv(QByteArrayView bytes)
{
    const qint64 base = m_pos;
    const char *p = bytes.data();
    const qsizetype n = bytes.size();
    const auto keep = [this](const char *from, qsizetype len) {
        if (m_csvTooLarge || (m_csvField != kCsvTimeColumn && m_csvField != kCsvMessageColumn))
            return;
        if (m_csvValue.size() + len > m_maxEntryBytes) {
            m_csvTooLarge = true;
            m_csvValue = QByteArray();
            return;
        }
        m_csvValue.append(from, len);
    };
    for (qsizetype k = 0; k < n;) {
        if (m_csvRecordBytes == 0)
            m_csvRecordOffset = base + k;
        if (m_csvInQuotes && !m_csvQuotePending) {
            // Inside quotes everything up to the next '"' is the field's text, newlines included.
            const void *q = std::memchr(p + k, '"', size_t(n - k));
            const qsizetype runEnd = q ? static_cast<const char *>(q) - p : n;
            keep(p + k, runEnd - k);
            m_csvRecordBytes += runEnd - k;
            k = runEnd;
            if (q) {
                m_csvQuotePending = true;
                ++m_csvRecordBytes;
                ++k;
            }
            continue;
        }
        const char c = p[k++];
        ++m_csvRecordBytes;
        if (m_csvQuotePending) {
            m_csvQuotePending = false;
            if (c == '"') {   // "" inside quotes: one quote
                keep(&c, 1);
                continue;
            }
            m_csvInQuotes = false;   // the pending quote closed the field; c is outside
        }
        if (c == ',') {
            endCsvField();
        } else if (c == '\n') {
            endCsvField();
            endCsvRecord();
        } else if (c == '\r') {
            continue;
        } else if (c == '"' && !m_csvFieldStarted) {
            m_csvInQuotes = true;
            m_csvFieldStarted = true;
        } else {
            m_csvFieldStarted = true;
            keep(&c, 1);
        }
    }
    m_pos = base + n;
}

void LogSplitter::endCsvField()
{
    if (m_csvField == kCsvTimeColumn)
        m_csvTime = std::move(m_csvValue);
    else if (m_csvField == kCsvMessageColumn)
        m_csvMessage = std::move(m_csvValue);
    m_csvValue = QByteArray();
    m_csvFieldStarted = false;
    ++m_csvField;
}

void LogSplitter::endCsvRecord()
{
    const int fields = m_csvField;
    const bool blank = fields == 1 && m_csvTime.isEmpty() && m_csvRecordBytes <= 2;
    if (blank) {
        // an empty line
    } else if (m_csvTooLarge) {
        ++m_counts.oversized;
    } else if (fields < kCsvMinColumns) {
        ++m_counts.badRecords;
    } else {
        qsizetype planStart = 0;
        if (const std::optional<double> ms = autoExplainHeader(m_csvMessage, &planStart)) {
            LogEntry e;
            e.input = m_input;
            e.offset = m_csvRecordOffset;
            e.format = LogFormat::Csv;
            e.durationMs = ms;
            QByteArrayView plan = QByteArrayView(m_csvMessage).sliced(planStart);
            while (!plan.isEmpty() && (plan.front() == ' ' || plan.front() == '\n' || plan.front() == '\r'))
                plan = plan.sliced(1);
            e.body = plan.toByteArray();
            emitEntry(std::move(e), findLogTimestamp(m_csvTime));
        } else {
            ++m_counts.otherLines;
        }
    }
    m_csvField = 0;
    m_csvRecordBytes = 0;
    m_csvTooLarge = false;
    m_csvFieldStarted = false;
    m_csvValue = QByteArray();
    m_csvTime = QByteArray();
    m_csvMessage = QByteArray();
}

} // namespace PlanLens
