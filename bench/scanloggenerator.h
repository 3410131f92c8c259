// SPDX-License-Identifier: MIT
#pragma once
// A realistic auto_explain log for bench_scan, built from the plans captured on a real PostgreSQL 15
// (tests/data/plans: the demo's incident plans and the corpus cases, each with its SQL in cases/<name>.sql).
// Every entry is one of those plans with its query, varied the way a busy server varies them:
//   - durations: the logged duration is the plan's execution time times a log-normal factor (a few fast, a long tail);
//   - literals: integer constants in the Query Text get other values, and about a third of the entries come from
//     prepared statements, which log $1, $2, … instead;
//   - plan formats: auto_explain.log_format text for most entries, json for about a quarter;
//   - log formats and prefixes: the output is four files, two stderr logs with different log_line_prefix values,
//     a csvlog and a jsonlog, with other server lines (connections, checkpoints, errors) between the entries.
// Deterministic: the same corpus and size give the same bytes.

#include <QByteArray>
#include <QList>
#include <QString>

namespace Bench {

struct LogCase {
    QString name;
    QByteArray sql;        // the statement after ":explain" in cases/<name>.sql
    QByteArray textPlan;   // <name>.txt, one plan line per line
    QByteArray jsonPlan;   // <name>.json without the enclosing [ ] (auto_explain logs the object alone)
    double executionMs = 1;
};

// Reads every case of `plansDir` (tests/data/plans) that has its SQL, TEXT and JSON files.
QList<LogCase> loadLogCases(const QString &plansDir, QString *error);

// One file of the generated log, and how pgBadger must be told to read it.
struct LogPart {
    QString path;
    QString pgbadgerFormat;   // -f
    QString pgbadgerPrefix;   // --prefix, empty for csvlog / jsonlog
    qint64 bytes = 0;
    qint64 entries = 0;       // auto_explain entries written
};

// Writes about `bytes` of log into `dir` as four files (stderr 40 % and 25 % with two prefixes, csvlog 20 %,
// jsonlog 15 %). Returns the parts, or an empty list and `error` when a file cannot be written.
QList<LogPart> writeScanLog(const QString &dir, qint64 bytes, const QList<LogCase> &cases, QString *error);

} // namespace Bench
