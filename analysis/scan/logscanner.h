// SPDX-License-Identifier: MIT
#pragma once

#include "chunksource.h"
#include "logsplitter.h"
#include "scanreport.h"

#include <QString>
#include <QStringList>

#include <atomic>
#include <functional>
#include <memory>

namespace PlanLens {

struct ScanOptions {
    int jobs = 0;                               // worker threads; 0: one per core
    TimeFilter filter;                          // --since / --until
    int top = -1;                               // groups kept in the report; < 0: all
    qsizetype chunkBytes = 1 << 20;             // read() size
    qsizetype batchBytes = 1 << 20;             // entries handed to a worker at once
    qsizetype maxEntryBytes = LogSplitter::kDefaultMaxEntryBytes;
};

struct ScanProgress {
    qint64 rawBytesRead = 0;                    // over every input so far (compressed bytes for .gz/.zst)
    qint64 rawBytesTotal = -1;                  // as given to setProgress(), -1 unknown
    qint64 plans = 0;                           // plans analysed so far
};

// Drives a scan: reads each input in chunks through a ChunkSource (one input open at a time), cuts it into entries
// (LogSplitter) on the calling thread, and analyses batches of entries on workPool() (analyzeEntry), at most `jobs`
// batches at once, so that memory stays flat: a few batches, the current line and the current entry. The report is
// the same for any number of jobs (ScanAggregator).
class LogScanner
{
public:
    // Opens one input; on failure returns null and sets `error` to a sentence.
    using Opener = std::function<std::unique_ptr<ChunkSource>(const QString &input, QString *error)>;
    using ProgressFn = std::function<void(const ScanProgress &)>;
    using SnapshotFn = std::function<void(ScanReport &&partial, const ScanProgress &)>;

    LogScanner(ScanOptions options, Opener opener);

    // Called on the scanning thread after every chunk.
    void setProgress(ProgressFn fn, qint64 rawBytesTotal);
    // Called on the scanning thread with the report so far, at most every `intervalMs` (and not after the last
    // chunk: run() returns the final report). For a window that shows the groups while the scan runs.
    void setSnapshots(SnapshotFn fn, qint64 intervalMs);
    // Polled after every chunk and by the workers before each entry: once it is set, run() stops reading, drops the
    // entries not yet analysed and returns the report so far (cancelled() then says so). Any thread may set it.
    void setCancelFlag(const std::atomic<bool> *cancel) { m_cancel = cancel; }
    bool cancelled() const { return m_cancelled; }

    ScanReport run(const QStringList &inputs);

    // One sentence per input that could not be read to its end (also counted as "unreadable").
    const QStringList &errors() const { return m_errors; }

private:
    ScanOptions m_options;
    Opener m_opener;
    ProgressFn m_progress;
    qint64 m_rawBytesTotal = -1;
    SnapshotFn m_snapshot;
    qint64 m_snapshotIntervalMs = 250;
    const std::atomic<bool> *m_cancel = nullptr;
    bool m_cancelled = false;
    QStringList m_errors;
};

} // namespace PlanLens
