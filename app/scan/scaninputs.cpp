// SPDX-License-Identifier: MIT
#include "scaninputs.h"
#include "filechunksource.h"
#include "gzipchunksource.h"
#include "zstdchunksource.h"

#include <QDirIterator>
#include <QFile>
#include <QFileInfo>

#include <algorithm>

namespace PlanLens {

QStringList expandScanInputs(const QStringList &paths, QStringList *missing)
{
    QStringList files;
    for (const QString &p : paths) {
        const QFileInfo info(p);
        if (info.isDir()) {
            QStringList below;
            QDirIterator it(p, QDir::Files | QDir::Readable, QDirIterator::Subdirectories);
            while (it.hasNext())
                below.append(it.next());
            std::sort(below.begin(), below.end());
            files += below;
        } else if (info.exists()) {
            files.append(p);
        } else if (missing) {
            missing->append(p);
        }
    }
    return files;
}

std::unique_ptr<ChunkSource> openScanInput(const QString &path, QString *error)
{
    QByteArray magic;
    {
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly)) {
            *error = QStringLiteral("cannot read '%1': %2").arg(path, f.errorString());
            return nullptr;
        }
        magic = f.read(4);
    }
    if (magic.startsWith("\x1f\x8b")) {
        auto s = std::make_unique<GzipChunkSource>(path);
        return s->open(error) ? std::move(s) : nullptr;
    }
    if (magic.startsWith("\x28\xb5\x2f\xfd")) {
        auto s = std::make_unique<ZstdChunkSource>(path);
        return s->open(error) ? std::move(s) : nullptr;
    }
    auto s = std::make_unique<FileChunkSource>(path);
    return s->open(error) ? std::move(s) : nullptr;
}

} // namespace PlanLens
