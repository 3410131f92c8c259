// SPDX-License-Identifier: MIT
#include "memorychunksource.h"

#include <algorithm>
#include <cstring>

namespace PlanLens {

MemoryChunkSource::MemoryChunkSource(QByteArray bytes, qint64 chunkSize)
    : m_bytes(std::move(bytes))
    , m_chunkSize(std::max<qint64>(1, chunkSize))
{
}

qint64 MemoryChunkSource::read(char *data, qint64 max)
{
    const qint64 n = std::min({max, m_chunkSize, qint64(m_bytes.size()) - m_pos});
    if (n <= 0)
        return 0;
    std::memcpy(data, m_bytes.constData() + m_pos, size_t(n));
    m_pos += n;
    return n;
}

} // namespace PlanLens
