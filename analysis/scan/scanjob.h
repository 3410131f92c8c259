// SPDX-License-Identifier: MIT
#pragma once

#include "entryextract.h"
#include "logscanner.h"

#include <QMutex>

#include <atomic>
#include <memory>

namespace PlanLens {

// A scan running in the background, for a window: start() runs LogScanner on workPool() and returns at once; any
// thread may read snapshot() (the groups so far, the progress, whether it ended) while the scan runs, and cancel()
// stops it within a chunk and a batch. Shared: the running scan holds the job too, so dropping the last other
// reference while it runs is safe (cancel() first, or it runs to its end).
class ScanJob : public std::enable_shared_from_this<ScanJob>
{
public:
    struct Snapshot {
        ScanReport report;         // the groups so far (the final report once finished)
        ScanProgress progress;
        bool finished = false;
        bool cancelled = false;
        QStringList errors;        // inputs that could not be read (LogScanner::errors), once finished
        quint64 revision = 0;      // grows with every new snapshot: a poller skips an unchanged one
    };

    ScanJob(QStringList inputs, ScanOptions options, LogScanner::Opener opener);

    static constexpr qint64 kSnapshotIntervalMs = 200;

    void start();
    void cancel() { m_cancel.store(true); }
    Snapshot snapshot() const;
    quint64 revision() const { return m_revision.load(); }
    const QStringList &inputs() const { return m_inputs; }

    // The entry at `offset` of input `input`, read again from the file (extractEntry()). Blocking: call it off the
    // GUI thread.
    bool readEntry(int input, qint64 offset, ExtractedEntry *entry, QString *error) const;

private:
    void run();
    void publish(ScanReport &&report, const ScanProgress &progress, bool finished, const QStringList &errors);

    const QStringList m_inputs;
    ScanOptions m_options;
    const LogScanner::Opener m_opener;
    std::atomic<bool> m_cancel{false};
    std::atomic<quint64> m_revision{0};
    mutable QMutex m_mutex;
    Snapshot m_snapshot;
};

} // namespace PlanLens
