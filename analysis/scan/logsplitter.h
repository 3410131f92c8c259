// SPDX-License-Identifier: MIT
#pragma once

#include "logentry.h"

#include <QByteArray>
#include <QByteArrayView>

#include <functional>
#include <optional>

namespace PlanLens {

// Which entries a scan keeps, by the log line's timestamp (see logtimestamp.h). Entries without one pass.
struct TimeFilter {
    std::optional<qint64> sinceMs;
    std::optional<qint64> untilMs;
    bool accepts(std::optional<qint64> ms) const;
};

// Cuts one input's byte stream into auto_explain entries, whatever chunks the bytes arrive in: feed() any number of
// chunks, then finish(). Only the current line (csvlog: the current record) and the current entry are held, so
// memory stays flat however large the input. Entries go to the sink in input order; everything that is not an
// entry is counted (counts()). The format is detected from the first 64 kB (or the whole input, when shorter).
//
// How an entry is recognised, per format (auto_explain.c logs "duration: %.3f ms  plan:\n%s", with errhidestmt):
//   stderr   a line with "<severity>:  duration: N ms  plan:" after any log_line_prefix starts an entry; the
//            lines that follow without a "<severity>:  " marker (tab-indented as elog.c writes them, or not
//            indented at all) continue it; the next record line ends it. A single line of another backend inside
//            an entry, followed by more plan lines, is counted as interleaved and the entry goes on.
//   csvlog   a record whose message (column 14) starts with "duration: N ms  plan:".
//   jsonlog  a line mentioning "duration: "; the worker reads its "message" (analyzeEntry()).
//   plan     no log markers at all: the whole input is one plan.
// LogSplitter's entry being collected. At namespace scope: clang cannot default-construct a nested struct with
// member initialisers inside std::optional while the enclosing class is incomplete.
struct LogSplitterOpenEntry {
    LogEntry entry;
    std::optional<qint64> timestamp;
    bool dropped = false;    // outgrew the limit: counted, collected no further
};

class LogSplitter
{
public:
    using Sink = std::function<void(LogEntry &&)>;

    // Entries and lines larger than this are skipped (counted as oversized), never held in memory.
    static constexpr qsizetype kDefaultMaxEntryBytes = qsizetype(64) << 20;
    static constexpr qsizetype kSniffBytes = 64 << 10;

    LogSplitter(int input, Sink sink, TimeFilter filter = {}, qsizetype maxEntryBytes = kDefaultMaxEntryBytes);

    void feed(QByteArrayView chunk);
    void finish();

    LogFormat format() const { return m_format; }
    const ScanCounts &counts() const { return m_counts; }

    // The format of an input that starts with these bytes (at most kSniffBytes are looked at); `complete` says the
    // bytes are the whole input. Unknown: not enough bytes yet to tell.
    static LogFormat detectFormat(QByteArrayView head, bool complete);

private:
    void process(QByteArrayView bytes);
    void processLines(QByteArrayView bytes);
    void processCsv(QByteArrayView bytes);
    void stderrLine(QByteArrayView line, qint64 offset);
    void jsonLine(QByteArrayView line, qint64 offset);
    void endCsvField();
    void endCsvRecord();
    void openEntry(qint64 offset, QByteArrayView message, std::optional<qint64> timestamp);
    void appendToEntry(QByteArrayView text);
    void overlongLine();
    void closeEntry();
    void flushSuspended();
    void emitEntry(LogEntry &&entry, std::optional<qint64> timestamp);

    int m_input;
    Sink m_sink;
    TimeFilter m_filter;
    qsizetype m_maxEntryBytes;
    LogFormat m_format = LogFormat::Unknown;
    ScanCounts m_counts;
    QByteArray m_sniff;          // the first bytes, until the format is known
    qint64 m_pos = 0;            // offset of the next byte process() sees
    bool m_finished = false;

    // line formats
    QByteArray m_carry;          // a line cut by the chunk's end
    qint64 m_carryOffset = 0;
    bool m_skippingLine = false; // the current line outgrew the limit: drop it up to its end

    // the entry being collected (stderr, plain plan)
    using Open = LogSplitterOpenEntry;
    std::optional<Open> m_open;
    std::optional<Open> m_suspended;   // stderr: a plan entry another record line cut into
    bool m_foreignRecord = false;      // stderr: the last record line was not an entry
    bool m_foreignContinued = false;   // ... and it had continuation lines of its own

    // csvlog
    bool m_csvInQuotes = false;
    bool m_csvQuotePending = false;    // a '"' inside quotes: closing, or the first of a doubled pair
    bool m_csvFieldStarted = false;
    int m_csvField = 0;
    qint64 m_csvRecordOffset = 0;
    qsizetype m_csvRecordBytes = 0;
    bool m_csvTooLarge = false;
    QByteArray m_csvValue;             // the current field, when it is one we keep
    QByteArray m_csvTime;              // column 1, log_time
    QByteArray m_csvMessage;           // column 14, message
};

// auto_explain's header: "duration: 12.345 ms  plan:" at the start of `message`. Gives the duration and where the
// plan starts in `message`, or nullopt.
std::optional<double> autoExplainHeader(QByteArrayView message, qsizetype *planStart);

} // namespace PlanLens
