// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QString>

namespace PlanLens {

// One run of a word-level diff. Concatenating the Same and Removed runs in order gives the before text back,
// the Same and Added runs give the after text: a view can render either side, or both interleaved.
struct DiffChunk {
    enum Kind { Same, Removed, Added };
    Kind kind = Same;
    QString text;
    bool operator==(const DiffChunk&) const = default;
};

// Word-level diff for showing a rewrite next to the SQL it replaces. Tokens are runs of word characters, runs of
// whitespace and single punctuation characters; the shortest edit script comes from Myers' O(ND) algorithm.
// Within a change, removed text comes before added text, and adjacent runs of one kind are merged.
// Big inputs stay cheap: the common head and tail are cut first; a middle of more than kMaxDiffTokens tokens
// per side (or one needing more than kMaxDiffEdits edits) is diffed by lines, and if that is still too big it
// is shown as one removed block and one added block.
QList<DiffChunk> wordDiff(const QString &before, const QString &after);

inline constexpr int kMaxDiffTokens = 4000;
inline constexpr int kMaxDiffLines = 50000;
inline constexpr int kMaxDiffEdits = 1000;

} // namespace PlanLens
