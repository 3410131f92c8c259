// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

namespace PlanLens {

// Bytes of one scan input, read in chunks: a plain file, a .gz or .zst log (app/scan), or memory (tests, fuzzing).
// analysis/ never decompresses or opens files itself; it only pulls bytes through this interface, so the scan
// keeps QtCore and libpg_query as its only dependencies.
class ChunkSource
{
public:
    virtual ~ChunkSource();

    // Copies up to `max` bytes of the (decompressed) input into `data`: the number of bytes, 0 at the end, or -1
    // when the input cannot be read any further (errorString() says why; the bytes before it stay valid).
    virtual qint64 read(char *data, qint64 max) = 0;
    virtual QString errorString() const = 0;

    // Progress: raw bytes consumed so far (compressed bytes for a compressed input) and the raw size (-1 unknown).
    virtual qint64 rawBytesRead() const = 0;
    virtual qint64 rawSize() const = 0;
};

} // namespace PlanLens
