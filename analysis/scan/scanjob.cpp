// SPDX-License-Identifier: MIT
#include "scanjob.h"

#include "jobs/workpool.h"

#include <QFileInfo>
#include <QThread>
#include <QThreadPool>

namespace PlanLens {

ScanJob::ScanJob(QStringList inputs, ScanOptions options, LogScanner::Opener opener)
    : m_inputs(std::move(inputs))
    , m_options(std::move(options))
    , m_opener(std::move(opener))
{
}

void ScanJob::start()
{
    qint64 total = 0;
    for (const QString &f : m_inputs)
        total += QFileInfo(f).size();
    m_snapshot.progress.rawBytesTotal = total;
    if (m_options.jobs <= 0)
        m_options.jobs = std::max(1, QThread::idealThreadCount());
    // run() waits on the workers it starts on the same pool: leave them their `jobs` threads besides its own.
    QThreadPool *pool = workPool();
    if (pool->maxThreadCount() < m_options.jobs + 1)
        pool->setMaxThreadCount(m_options.jobs + 1);
    pool->start([self = shared_from_this()] { self->run(); });
}

void ScanJob::run()
{
    LogScanner scanner(m_options, m_opener);
    scanner.setCancelFlag(&m_cancel);
    const qint64 total = m_snapshot.progress.rawBytesTotal;
    scanner.setProgress([this](const ScanProgress &p) {
        QMutexLocker lock(&m_mutex);
        m_snapshot.progress = p;
    }, total);
    scanner.setSnapshots([this](ScanReport &&partial, const ScanProgress &p) {
        publish(std::move(partial), p, false, {});
    }, kSnapshotIntervalMs);
    ScanReport report = scanner.run(m_inputs);
    ScanProgress done;
    {
        QMutexLocker lock(&m_mutex);
        done = m_snapshot.progress;
        m_snapshot.cancelled = scanner.cancelled();
    }
    if (!scanner.cancelled())
        done.rawBytesRead = total;   // compressed inputs report their raw bytes; the end is the end
    publish(std::move(report), done, true, scanner.errors());
}

void ScanJob::publish(ScanReport &&report, const ScanProgress &progress, bool finished, const QStringList &errors)
{
    QMutexLocker lock(&m_mutex);
    m_snapshot.report = std::move(report);
    m_snapshot.progress = progress;
    m_snapshot.finished = finished;
    m_snapshot.errors = errors;
    m_snapshot.revision = m_revision.fetch_add(1) + 1;
}

ScanJob::Snapshot ScanJob::snapshot() const
{
    QMutexLocker lock(&m_mutex);
    Snapshot s = m_snapshot;
    s.revision = m_revision.load();
    return s;
}

bool ScanJob::readEntry(int input, qint64 offset, ExtractedEntry *entry, QString *error) const
{
    if (input < 0 || input >= m_inputs.size()) {
        *error = QStringLiteral("no input %1 in this scan").arg(input);
        return false;
    }
    std::unique_ptr<ChunkSource> source = m_opener(m_inputs[input], error);
    if (!source)
        return false;
    if (!extractEntry(*source, offset, entry, error)) {
        *error = QStringLiteral("%1: %2").arg(m_inputs[input], *error);
        return false;
    }
    return true;
}

} // namespace PlanLens
