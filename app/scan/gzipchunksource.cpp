// SPDX-License-Identifier: MIT
#include "gzipchunksource.h"

#include <zlib.h>

namespace PlanLens {

namespace {
constexpr qint64 kInputBytes = 256 << 10;
// windowBits 15 + 32: zlib detects the gzip (or zlib) header itself.
constexpr int kWindowBits = 15 + 32;
} // namespace

GzipChunkSource::GzipChunkSource(const QString &path)
    : m_file(path)
    , m_zs(std::make_unique<z_stream>())
{
}

GzipChunkSource::~GzipChunkSource()
{
    inflateEnd(m_zs.get());
}

bool GzipChunkSource::open(QString *error)
{
    if (!m_file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read '%1': %2").arg(m_file.fileName(), m_file.errorString());
        return false;
    }
    *m_zs = z_stream{};
    if (inflateInit2(m_zs.get(), kWindowBits) != Z_OK) {
        *error = QStringLiteral("cannot read '%1': zlib could not start").arg(m_file.fileName());
        return false;
    }
    m_in.resize(kInputBytes);
    return true;
}

qint64 GzipChunkSource::read(char *data, qint64 max)
{
    if (!m_error.isEmpty())
        return -1;
    z_stream &zs = *m_zs;
    zs.next_out = reinterpret_cast<Bytef *>(data);
    zs.avail_out = uInt(std::min<qint64>(max, 1 << 30));
    while (zs.avail_out > 0) {
        if (zs.avail_in == 0 && !m_eof) {
            const qint64 n = m_file.read(m_in.data(), m_in.size());
            if (n < 0) {
                m_error = QStringLiteral("read error: %1").arg(m_file.errorString());
                break;
            }
            m_rawRead += n;
            if (n == 0)
                m_eof = true;
            zs.next_in = reinterpret_cast<Bytef *>(m_in.data());
            zs.avail_in = uInt(n);
        }
        if (zs.avail_in == 0 && m_eof) {
            if (!m_streamEnded)
                m_error = QStringLiteral("the compressed data ends too early (gzip stream cut)");
            break;
        }
        if (m_streamEnded) {
            // Another member follows the one that ended.
            if (inflateReset(&zs) != Z_OK) {
                m_error = QStringLiteral("zlib could not read the next gzip member");
                break;
            }
            m_streamEnded = false;
        }
        const int rc = inflate(&zs, Z_NO_FLUSH);
        if (rc == Z_STREAM_END) {
            m_streamEnded = true;
        } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
            m_error = QStringLiteral("the gzip data is corrupt (%1)").arg(QString::fromLatin1(zs.msg ? zs.msg : "zlib error"));
            break;
        }
    }
    const qint64 produced = qint64(reinterpret_cast<char *>(zs.next_out) - data);
    if (produced > 0)
        return produced;   // an error, if any, is reported by the next call
    return m_error.isEmpty() ? 0 : -1;
}

} // namespace PlanLens
