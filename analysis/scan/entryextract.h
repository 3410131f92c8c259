// SPDX-License-Identifier: MIT
#pragma once

#include "chunksource.h"

#include <QString>

namespace PlanLens {

// One entry of a scanned input, read again: the plan as auto_explain printed it (its Query Text first, as
// parsePlan reads it) and the Query Text alone (empty without one).
struct ExtractedEntry {
    QString planText;
    QString queryText;
    double durationMs = 0;
};

// Reads `source` from its start (a .gz or .zst input is decompressed from its start) up to the entry that starts
// at `offset`, as the scan reported it (ScanGroup::worstOffset), and stops there. False with a sentence in `error`
// when no entry starts at that offset or the input cannot be read that far.
bool extractEntry(ChunkSource &source, qint64 offset, ExtractedEntry *entry, QString *error);

} // namespace PlanLens
