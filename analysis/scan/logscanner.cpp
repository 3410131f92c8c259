// SPDX-License-Identifier: MIT
#include "logscanner.h"
#include "entryanalysis.h"
#include "scanaggregator.h"

#include "jobs/workpool.h"

#include <QElapsedTimer>
#include <QMutex>
#include <QThread>
#include <QThreadPool>
#include <QWaitCondition>

#include <climits>

namespace PlanLens {

namespace {

// A batch is also cut at this many entries, so that small entries spread over the workers too.
constexpr qsizetype kMaxBatchEntries = 256;
// Per-entry bookkeeping counted against batchBytes besides the body.
constexpr qsizetype kEntryOverhead = 64;

// Finished batches, handed from the workers to the scanning thread.
struct Outbox {
    QMutex mutex;
    QWaitCondition changed;
    int inFlight = 0;
    QList<QList<EntryResult>> done;
};

} // namespace

LogScanner::LogScanner(ScanOptions options, Opener opener)
    : m_options(std::move(options))
    , m_opener(std::move(opener))
{
}

void LogScanner::setProgress(ProgressFn fn, qint64 rawBytesTotal)
{
    m_progress = std::move(fn);
    m_rawBytesTotal = rawBytesTotal;
}

void LogScanner::setSnapshots(SnapshotFn fn, qint64 intervalMs)
{
    m_snapshot = std::move(fn);
    m_snapshotIntervalMs = intervalMs;
}

ScanReport LogScanner::run(const QStringList &inputs)
{
    m_errors.clear();
    m_cancelled = false;
    const std::atomic<bool> *cancel = m_cancel;
    const auto stopped = [cancel] { return cancel && cancel->load(std::memory_order_relaxed); };
    QElapsedTimer sinceSnapshot;
    sinceSnapshot.start();
    const int jobs = m_options.jobs > 0 ? m_options.jobs : std::max(1, QThread::idealThreadCount());
    QThreadPool *pool = workPool();
    if (pool->maxThreadCount() < jobs)
        pool->setMaxThreadCount(jobs);

    ScanAggregator aggregator;
    auto outbox = std::make_shared<Outbox>();

    // Merges finished batches; with `wait`, first blocks until fewer than `limit` batches are in flight.
    const auto collect = [&](int limit) {
        QList<QList<EntryResult>> done;
        {
            QMutexLocker lock(&outbox->mutex);
            while (outbox->inFlight > limit && outbox->done.isEmpty())
                outbox->changed.wait(&outbox->mutex);
            done.swap(outbox->done);
        }
        for (const QList<EntryResult> &batch : done)
            for (const EntryResult &r : batch)
                aggregator.add(r);
    };
    const auto drainBelow = [&](int limit) {
        for (;;) {
            collect(limit);
            QMutexLocker lock(&outbox->mutex);
            if (outbox->inFlight <= limit && outbox->done.isEmpty())
                return;
        }
    };

    QList<LogEntry> batch;
    qsizetype batchBytes = 0;
    const auto dispatch = [&] {
        if (batch.isEmpty())
            return;
        drainBelow(jobs - 1);
        {
            QMutexLocker lock(&outbox->mutex);
            ++outbox->inFlight;
        }
        pool->start([outbox, stopped, work = std::move(batch)] {
            QList<EntryResult> results;
            results.reserve(work.size());
            for (const LogEntry &e : work) {
                if (stopped())   // cancelled: the rest of the batch is not analysed
                    break;
                results.append(analyzeEntry(e));
            }
            QMutexLocker lock(&outbox->mutex);
            outbox->done.append(std::move(results));
            --outbox->inFlight;
            outbox->changed.wakeAll();
        });
        batch = QList<LogEntry>();
        batchBytes = 0;
    };

    ScanCounts unreadable;
    unreadable.unreadable = 1;
    QByteArray buffer(std::max<qsizetype>(1, m_options.chunkBytes), Qt::Uninitialized);
    qint64 rawDone = 0;
    for (int i = 0; i < inputs.size() && !stopped(); ++i) {
        QString error;
        std::unique_ptr<ChunkSource> source = m_opener(inputs[i], &error);
        if (!source) {
            aggregator.addCounts(unreadable);
            m_errors.append(error);
            continue;
        }
        LogSplitter splitter(i, [&](LogEntry &&e) {
            batchBytes += e.body.size() + kEntryOverhead;
            batch.append(std::move(e));
            if (batchBytes >= m_options.batchBytes || batch.size() >= kMaxBatchEntries)
                dispatch();
        }, m_options.filter, m_options.maxEntryBytes);
        for (;;) {
            const qint64 n = source->read(buffer.data(), buffer.size());
            if (n < 0) {
                aggregator.addCounts(unreadable);
                m_errors.append(QStringLiteral("%1: %2").arg(inputs[i], source->errorString()));
                break;
            }
            if (n == 0 || stopped())
                break;
            splitter.feed(QByteArrayView(buffer.constData(), n));
            collect(INT_MAX);   // merge what is ready, without waiting
            const ScanProgress progress{rawDone + source->rawBytesRead(), m_rawBytesTotal, aggregator.counts().plans};
            if (m_progress)
                m_progress(progress);
            if (m_snapshot && sinceSnapshot.elapsed() >= m_snapshotIntervalMs) {
                m_snapshot(aggregator.report(inputs, m_options.top), progress);
                sinceSnapshot.restart();
            }
        }
        splitter.finish();
        aggregator.addCounts(splitter.counts());
        rawDone += source->rawBytesRead();
    }
    if (stopped())
        batch.clear();
    dispatch();
    drainBelow(0);
    m_cancelled = stopped();
    if (m_progress)
        m_progress({rawDone, m_rawBytesTotal, aggregator.counts().plans});
    return aggregator.report(inputs, m_options.top);
}

} // namespace PlanLens
