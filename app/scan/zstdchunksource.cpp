// SPDX-License-Identifier: MIT
#include "zstdchunksource.h"

#include <zstd.h>

namespace PlanLens {

ZstdChunkSource::ZstdChunkSource(const QString &path)
    : m_file(path)
{
}

ZstdChunkSource::~ZstdChunkSource()
{
    ZSTD_freeDCtx(m_ctx);
}

bool ZstdChunkSource::open(QString *error)
{
    if (!m_file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read '%1': %2").arg(m_file.fileName(), m_file.errorString());
        return false;
    }
    m_ctx = ZSTD_createDCtx();
    if (!m_ctx) {
        *error = QStringLiteral("cannot read '%1': libzstd could not start").arg(m_file.fileName());
        return false;
    }
    m_in.resize(qsizetype(ZSTD_DStreamInSize()));
    return true;
}

qint64 ZstdChunkSource::read(char *data, qint64 max)
{
    if (!m_error.isEmpty())
        return -1;
    ZSTD_outBuffer out{data, size_t(max), 0};
    while (out.pos < out.size) {
        if (m_inPos == m_inSize && !m_eof) {
            const qint64 n = m_file.read(m_in.data(), m_in.size());
            if (n < 0) {
                m_error = QStringLiteral("read error: %1").arg(m_file.errorString());
                break;
            }
            m_rawRead += n;
            m_inPos = 0;
            m_inSize = n;
            if (n == 0)
                m_eof = true;
        }
        if (m_inPos == m_inSize && m_eof) {
            // Everything was read; the decoder may still hold output of the last frame.
            ZSTD_inBuffer in{m_in.constData(), 0, 0};
            const size_t before = out.pos;
            const size_t rc = ZSTD_decompressStream(m_ctx, &out, &in);
            if (ZSTD_isError(rc)) {
                m_error = QStringLiteral("the zstd data is corrupt (%1)").arg(QString::fromLatin1(ZSTD_getErrorName(rc)));
                break;
            }
            if (out.pos == before) {
                // Nothing more came out: fine after a complete frame, a cut frame otherwise. (rc of a call without
                // input or output is only a hint for the next frame's header, so it is not looked at.)
                if (m_frameOpen)
                    m_error = QStringLiteral("the compressed data ends too early (zstd frame cut)");
                break;
            }
            m_frameOpen = rc != 0;
            continue;
        }
        ZSTD_inBuffer in{m_in.constData(), size_t(m_inSize), size_t(m_inPos)};
        const size_t rc = ZSTD_decompressStream(m_ctx, &out, &in);
        m_inPos = qsizetype(in.pos);
        if (ZSTD_isError(rc)) {
            m_error = QStringLiteral("the zstd data is corrupt (%1)").arg(QString::fromLatin1(ZSTD_getErrorName(rc)));
            break;
        }
        m_frameOpen = rc != 0;
    }
    if (out.pos > 0)
        return qint64(out.pos);
    return m_error.isEmpty() ? 0 : -1;
}

} // namespace PlanLens
