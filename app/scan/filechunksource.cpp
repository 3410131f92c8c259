// SPDX-License-Identifier: MIT
#include "filechunksource.h"

namespace PlanLens {

FileChunkSource::FileChunkSource(const QString &path)
    : m_file(path)
{
}

bool FileChunkSource::open(QString *error)
{
    if (m_file.open(QIODevice::ReadOnly))
        return true;
    *error = QStringLiteral("cannot read '%1': %2").arg(m_file.fileName(), m_file.errorString());
    return false;
}

qint64 FileChunkSource::read(char *data, qint64 max)
{
    const qint64 n = m_file.read(data, max);
    if (n > 0)
        m_read += n;
    return n;
}

} // namespace PlanLens
