// SPDX-License-Identifier: MIT
#pragma once

#include "scan/chunksource.h"

#include <QString>
#include <QStringList>

#include <memory>

namespace PlanLens {

// The files a scan reads for the paths a user gave: a file as it is, a directory as every regular file below it
// (recursively, hidden files skipped), sorted by path so that a scan reads them in the same order every time.
// Paths that do not exist are returned in `missing`.
QStringList expandScanInputs(const QStringList &paths, QStringList *missing);

// Opens one input for reading in chunks: gzip (1f 8b) and zstd (28 b5 2f fd) by their magic bytes, whatever the
// file is called; anything else as plain bytes. Null with a sentence in `error` when the file cannot be opened.
std::unique_ptr<ChunkSource> openScanInput(const QString &path, QString *error);

} // namespace PlanLens
