// SPDX-License-Identifier: MIT
#pragma once

#include "scan/chunksource.h"

#include <QByteArray>
#include <QFile>

#include <memory>

typedef struct z_stream_s z_stream;

namespace PlanLens {

// A .gz file, inflated while it is read (zlib's streaming inflate, never a pipe to gzip). Concatenated members (as
// `cat a.gz b.gz` or logrotate append them) are read one after the other. A stream that is corrupt or ends before
// its trailer is an error after the bytes inflated so far.
class GzipChunkSource : public ChunkSource
{
public:
    explicit GzipChunkSource(const QString &path);
    ~GzipChunkSource() override;
    bool open(QString *error);

    qint64 read(char *data, qint64 max) override;
    QString errorString() const override { return m_error; }
    qint64 rawBytesRead() const override { return m_rawRead; }
    qint64 rawSize() const override { return m_file.size(); }

private:
    QFile m_file;
    std::unique_ptr<z_stream> m_zs;
    QByteArray m_in;
    bool m_streamEnded = false;   // the last member's trailer was read
    bool m_eof = false;
    qint64 m_rawRead = 0;
    QString m_error;
};

} // namespace PlanLens
