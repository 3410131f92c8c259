// SPDX-License-Identifier: MIT
#pragma once

#include "chunksource.h"
#include "logsplitter.h"
#include "scanreport.h"

#include <QString>
#include <QStringList>

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

    LogScanner(ScanOptions options, Opener opener);

    // Called on the scanning thread after every chunk.
    void setProgress(ProgressFn fn, qint64 rawBytesTotal);

    ScanReport run(const QStringList &inputs);

    // One sentence per input that could not be read to its end (also counted as "unreadable").
    const QStringList &errors() const { return m_errors; }

private:
    ScanOptions m_options;
    Opener m_opener;
    ProgressFn m_progress;
    qint64 m_rawBytesTotal = -1;
    QStringList m_errors;
};

} // namespace PlanLens
