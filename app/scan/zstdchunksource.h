// SPDX-License-Identifier: MIT
#pragma once

#include "scan/chunksource.h"

#include <QByteArray>
#include <QFile>

typedef struct ZSTD_DCtx_s ZSTD_DCtx;

namespace PlanLens {

// A .zst file, decompressed while it is read (libzstd's ZSTD_decompressStream, never a pipe to zstd). Several
// frames in a row are read in turn. A corrupt frame, or one cut before its end, is an error after the bytes
// decompressed so far.
class ZstdChunkSource : public ChunkSource
{
public:
    explicit ZstdChunkSource(const QString &path);
    ~ZstdChunkSource() override;
    bool open(QString *error);

    qint64 read(char *data, qint64 max) override;
    QString errorString() const override { return m_error; }
    qint64 rawBytesRead() const override { return m_rawRead; }
    qint64 rawSize() const override { return m_file.size(); }

private:
    QFile m_file;
    ZSTD_DCtx *m_ctx = nullptr;
    QByteArray m_in;
    qsizetype m_inPos = 0;
    qsizetype m_inSize = 0;
    bool m_eof = false;
    bool m_frameOpen = false;   // the last ZSTD_decompressStream did not finish its frame
    qint64 m_rawRead = 0;
    QString m_error;
};

} // namespace PlanLens
