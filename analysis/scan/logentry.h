// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QJsonObject>

#include <optional>

namespace PlanLens {

// How one scan input is written. Detected from its first bytes (LogSplitter).
enum class LogFormat {
    Unknown,
    Stderr,     // log_destination=stderr, any log_line_prefix; continuation lines tab-indented (or unprefixed)
    Csv,        // csvlog: one quoted CSV record per message, the message in column 14 (PG 15 field order)
    Json,       // jsonlog (PG 15): one JSON object per line, the message under "message"
    PlainPlan,  // no log at all: the whole input is one EXPLAIN output (a plan file)
};
QString logFormatName(LogFormat format);

// One auto_explain entry (or a whole plan file), cut out of the stream and not yet parsed.
struct LogEntry {
    int input = 0;                        // index of the scan input it came from
    qint64 offset = 0;                    // byte offset of the entry's first line in the (decompressed) input
    LogFormat format = LogFormat::Unknown;
    // Stderr/Csv: the plan as auto_explain printed it after "plan:" (Query Text first, then TEXT or JSON), with the
    // log's tab before each continuation line removed. Json: the whole jsonlog line. PlainPlan: the whole file.
    QByteArray body;
    std::optional<double> durationMs;     // auto_explain's "duration: … ms" (Json: read by the worker)
};

// What the scan counted besides plans. Bad input is never fatal: each kind is counted and the scan goes on.
struct ScanCounts {
    qint64 entries = 0;        // auto_explain entries and plan files found
    qint64 plans = 0;          // of those, the ones whose plan parsed
    qint64 filtered = 0;       // entries left out by --since/--until
    qint64 otherLines = 0;     // lines (csvlog/jsonlog: records) that are not auto_explain entries
    // bad input, by kind (documented in docs/cli.md, "scan")
    qint64 truncated = 0;      // an entry whose plan is cut (TEXT that does not parse, incomplete JSON, a csvlog
                               // record open at the end of the input)
    qint64 interleaved = 0;    // continuation lines that belong to no plan entry, or another backend's line inside one
    qint64 invalidUtf8 = 0;    // entries holding bytes that are not UTF-8 (read with U+FFFD in their place)
    qint64 oversized = 0;      // entries or lines beyond LogSplitter's size limit, skipped without being kept
    qint64 badRecords = 0;     // csvlog records with too few columns, jsonlog lines that are not a JSON object
    qint64 unparsable = 0;     // plan files that hold no plan PlanLens can read
    qint64 unreadable = 0;     // inputs that could not be opened or decompressed to their end

    ScanCounts &operator+=(const ScanCounts &o);
    QJsonObject badToJson() const;   // {"truncated": N, ...}: every kind, zeros included
    bool operator==(const ScanCounts &) const = default;
};

} // namespace PlanLens
