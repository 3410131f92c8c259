// SPDX-License-Identifier: MIT
#pragma once

#include "chunksource.h"

#include <QByteArray>

namespace PlanLens {

// A ChunkSource over bytes in memory that hands out at most `chunkSize` bytes per read(): tests cut a log at every
// byte offset with it, and the fuzz target feeds its input through it.
class MemoryChunkSource : public ChunkSource
{
public:
    explicit MemoryChunkSource(QByteArray bytes, qint64 chunkSize = 1 << 20);

    qint64 read(char *data, qint64 max) override;
    QString errorString() const override { return {}; }
    qint64 rawBytesRead() const override { return m_pos; }
    qint64 rawSize() const override { return m_bytes.size(); }

private:
    QByteArray m_bytes;
    qint64 m_chunkSize;
    qint64 m_pos = 0;
};

} // namespace PlanLens
