// SPDX-License-Identifier: MIT
#pragma once

#include "scan/chunksource.h"

#include <QFile>

namespace PlanLens {

// An uncompressed file, read as it is.
class FileChunkSource : public ChunkSource
{
public:
    explicit FileChunkSource(const QString &path);
    bool open(QString *error);

    qint64 read(char *data, qint64 max) override;
    QString errorString() const override { return m_file.errorString(); }
    qint64 rawBytesRead() const override { return m_read; }
    qint64 rawSize() const override { return m_file.size(); }

private:
    QFile m_file;
    qint64 m_read = 0;
};

} // namespace PlanLens
