// SPDX-License-Identifier: MIT
#include "worddiff.h"

#include <QHash>
#include <QStringView>

#include <algorithm>
#include <vector>

namespace PlanLens {

namespace {

using Tokens = QList<QStringView>;

bool isWordChar(QChar c)
{
    return c.isLetterOrNumber() || c == u'_' || c.isMark();
}

// Runs of word characters, runs of whitespace, and single other characters (a surrogate pair stays whole).
Tokens wordTokens(QStringView s)
{
    Tokens out;
    const qsizetype n = s.size();
    qsizetype i = 0;
    while (i < n) {
        const QChar c = s[i];
        qsizetype j = i + 1;
        if (isWordChar(c)) {
            while (j < n && isWordChar(s[j]))
                ++j;
        } else if (c.isSpace()) {
            while (j < n && s[j].isSpace())
                ++j;
        } else if (c.isHighSurrogate() && j < n && s[j].isLowSurrogate()) {
            ++j;
        }
        out.append(s.mid(i, j - i));
        i = j;
    }
    return out;
}

// Lines with their '\n', for the coarse fallback.
Tokens lineTokens(QStringView s)
{
    Tokens out;
    qsizetype i = 0;
    while (i < s.size()) {
        const qsizetype nl = s.indexOf(u'\n', i);
        const qsizetype j = nl < 0 ? s.size() : nl + 1;
        out.append(s.mid(i, j - i));
        i = j;
    }
    return out;
}

// The text covered by tokens [from, to): they are adjacent views into one string.
QStringView textOf(const Tokens &t, qsizetype from, qsizetype to)
{
    if (to <= from) return {};
    return QStringView(t.at(from).data(), t.at(to - 1).data() + t.at(to - 1).size());
}

enum class Op { Same, Removed, Added };
struct Edit {
    Op op;
    int index; // into a for Same and Removed, into b for Added
};

// Myers' greedy O((N+M)·D) shortest edit script. Gives up (false) when more than maxEdits edits are needed, so
// the caller can fall back to something coarser instead of spending quadratic time and memory.
bool myers(const std::vector<int> &a, const std::vector<int> &b, int maxEdits, std::vector<Edit> *script)
{
    const int n = int(a.size());
    const int m = int(b.size());
    const int off = maxEdits + 1;
    std::vector<int> v(size_t(2 * maxEdits + 3), 0);
    // trace[d]: v over diagonals [-d-1, d+1] as it was when step d started, for the walk back.
    std::vector<std::vector<int>> trace;
    int found = -1;
    for (int d = 0; d <= maxEdits && found < 0; ++d) {
        trace.emplace_back(v.begin() + (off - d - 1), v.begin() + (off + d + 2));
        for (int k = -d; k <= d; k += 2) {
            int x = (k == -d || (k != d && v[off + k - 1] < v[off + k + 1])) ? v[off + k + 1] : v[off + k - 1] + 1;
            int y = x - k;
            while (x < n && y < m && a[size_t(x)] == b[size_t(y)]) {
                ++x;
                ++y;
            }
            v[off + k] = x;
            if (x >= n && y >= m) {
                found = d;
                break;
            }
        }
    }
    if (found < 0) return false;

    std::vector<Edit> rev;
    int x = n;
    int y = m;
    for (int d = found; d >= 0; --d) {
        const std::vector<int> &t = trace[size_t(d)];
        const auto at = [&](int k) { return t[size_t(k + d + 1)]; };
        const int k = x - y;
        const int prevK = (k == -d || (k != d && at(k - 1) < at(k + 1))) ? k + 1 : k - 1;
        const int prevX = at(prevK);
        const int prevY = prevX - prevK;
        while (x > prevX && y > prevY) {
            rev.push_back({ Op::Same, x - 1 });
            --x;
            --y;
        }
        if (d > 0) {
            if (x == prevX)
                rev.push_back({ Op::Added, y - 1 });
            else
                rev.push_back({ Op::Removed, x - 1 });
        }
        x = prevX;
        y = prevY;
    }
    script->assign(rev.rbegin(), rev.rend());
    return true;
}

// Alternating runs: a common text, or a change (what was removed, what was added). Keeping a change as one
// segment is what puts its removed text before its added text.
struct Segment {
    bool same = true;
    QString text; // same
    QString removed;
    QString added;
    qsizetype changeSize() const { return std::max(removed.size(), added.size()); }
};

class SegmentBuilder
{
public:
    void add(Op op, QStringView text)
    {
        if (text.isEmpty()) return;
        const bool same = op == Op::Same;
        if (m_segments.isEmpty() || m_segments.last().same != same) m_segments.append(Segment { same, {}, {}, {} });
        Segment &s = m_segments.last();
        if (op == Op::Same)
            s.text += text;
        else if (op == Op::Removed)
            s.removed += text;
        else
            s.added += text;
    }
    QList<Segment> &segments() { return m_segments; }

private:
    QList<Segment> m_segments;
};

// Token-level diff of a middle where the head and tail already differ, with the fallbacks.
void diffMiddle(const Tokens &ta, const Tokens &tb, bool byLines, SegmentBuilder &out);

void diffTokens(const Tokens &ta, const Tokens &tb, bool byLines, SegmentBuilder &out)
{
    const qsizetype na = ta.size();
    const qsizetype nb = tb.size();
    qsizetype head = 0;
    while (head < na && head < nb && ta.at(head) == tb.at(head))
        ++head;
    qsizetype tail = 0;
    while (tail < na - head && tail < nb - head && ta.at(na - 1 - tail) == tb.at(nb - 1 - tail))
        ++tail;
    out.add(Op::Same, textOf(ta, 0, head));
    diffMiddle(ta.mid(head, na - head - tail), tb.mid(head, nb - head - tail), byLines, out);
    out.add(Op::Same, textOf(ta, na - tail, na));
}

void diffMiddle(const Tokens &ta, const Tokens &tb, bool byLines, SegmentBuilder &out)
{
    const QStringView a = textOf(ta, 0, ta.size());
    const QStringView b = textOf(tb, 0, tb.size());
    if (ta.isEmpty() || tb.isEmpty()) {
        out.add(Op::Removed, a);
        out.add(Op::Added, b);
        return;
    }
    const int limit = byLines ? kMaxDiffLines : kMaxDiffTokens;
    std::vector<Edit> script;
    if (ta.size() <= limit && tb.size() <= limit) {
        // Compare small integers, not strings, in the O(ND) loop.
        QHash<QStringView, int> ids;
        ids.reserve(ta.size() + tb.size());
        std::vector<int> ia, ib;
        ia.reserve(size_t(ta.size()));
        ib.reserve(size_t(tb.size()));
        for (QStringView t : ta) {
            auto it = ids.constFind(t);
            if (it == ids.cend()) it = ids.insert(t, int(ids.size()));
            ia.push_back(*it);
        }
        for (QStringView t : tb) {
            auto it = ids.constFind(t);
            if (it == ids.cend()) it = ids.insert(t, int(ids.size()));
            ib.push_back(*it);
        }
        if (myers(ia, ib, kMaxDiffEdits, &script)) {
            for (const Edit &e : script)
                out.add(e.op, e.op == Op::Added ? tb.at(e.index) : ta.at(e.index));
            return;
        }
    }
    if (!byLines) {
        diffTokens(lineTokens(a), lineTokens(b), true, out);
        return;
    }
    out.add(Op::Removed, a);
    out.add(Op::Added, b);
}

// A short common run between two changes ("(", a space, one word) reads better folded into them: the change
// becomes "IN (SELECT … 'accepted'" → "= ANY($ids" instead of a comb of one-token pieces. The rule is
// diff-match-patch's semantic cleanup: fold a common run no longer than the changes on either side.
QList<Segment> foldShortCommonRuns(const QList<Segment> &in)
{
    QList<Segment> out;
    out.reserve(in.size());
    for (const Segment &s : in) {
        out.append(s);
        while (out.size() >= 3 && !out.last().same && out.at(out.size() - 2).same && !out.at(out.size() - 3).same) {
            const Segment &right = out.at(out.size() - 1);
            const Segment &common = out.at(out.size() - 2);
            const Segment &left = out.at(out.size() - 3);
            if (common.text.size() > left.changeSize() || common.text.size() > right.changeSize()) break;
            Segment merged;
            merged.same = false;
            merged.removed = left.removed + common.text + right.removed;
            merged.added = left.added + common.text + right.added;
            out.resize(out.size() - 3);
            out.append(std::move(merged));
        }
    }
    return out;
}

// How good a place the boundary between `left` and `right` is for an edit to start or end (diff-match-patch's
// cleanupSemanticLossless score): a blank line beats a line break beats whitespace beats punctuation.
int boundaryScore(QStringView s, qsizetype at)
{
    if (at <= 0 || at >= s.size()) return 6;
    const QChar c1 = s[at - 1];
    const QChar c2 = s[at];
    const bool nonWord1 = !isWordChar(c1);
    const bool nonWord2 = !isWordChar(c2);
    const bool space1 = nonWord1 && c1.isSpace();
    const bool space2 = nonWord2 && c2.isSpace();
    const bool break1 = c1 == u'\n';
    const bool break2 = c2 == u'\n';
    const bool blank1 = break1 && at >= 2 && s[at - 2] == u'\n';
    const bool blank2 = break2 && at + 1 < s.size() && s[at + 1] == u'\n';
    if (blank1 || blank2) return 5;
    if (break1 || break2) return 4;
    if (nonWord1 && !space1 && space2) return 3;
    if (space1 || space2) return 2;
    if (nonWord1 || nonWord2) return 1;
    return 0;
}

// A pure insertion (or deletion) inside common text can often slide: "SELECT [a; SELECT ]b" is the same edit
// as "[SELECT a; ]SELECT b". Slide it to where its ends fall on the best boundaries, so a new statement shows
// as a whole statement and not as its tail plus the next one's first word.
void slideEdits(QList<Segment> &segments)
{
    constexpr int kMaxSlide = 1000; // repetitive text could slide far; the score does not improve there
    for (qsizetype i = 0; i < segments.size(); ++i) {
        Segment &seg = segments[i];
        if (seg.same || (!seg.removed.isEmpty() && !seg.added.isEmpty())) continue;
        QString &edit = seg.removed.isEmpty() ? seg.added : seg.removed;
        Segment *prev = i > 0 && segments.at(i - 1).same ? &segments[i - 1] : nullptr;
        Segment *next = i + 1 < segments.size() && segments.at(i + 1).same ? &segments[i + 1] : nullptr;
        if (!prev && !next) continue;
        const QString all = (prev ? prev->text : QString()) + edit + (next ? next->text : QString());
        const qsizetype len = edit.size();
        const qsizetype origin = prev ? prev->text.size() : 0;
        qsizetype at = origin;
        for (int n = 0; n < kMaxSlide && at > 0 && all[at - 1] == all[at + len - 1]; ++n)
            --at;
        qsizetype best = at;
        int bestScore = -1;
        for (int n = 0; n < 2 * kMaxSlide; ++n) {
            const int score = boundaryScore(all, at) + boundaryScore(all, at + len);
            if (score >= bestScore) { // ties: the later place, as diff-match-patch does
                best = at;
                bestScore = score;
            }
            if (at + len >= all.size() || all[at] != all[at + len]) break;
            ++at;
        }
        if (best == origin) continue;
        if (!prev || !next) { // an edge: keep the text outside the common runs as it is
            if ((!prev && best != 0) || (!next && best + len != all.size())) continue;
        }
        if (prev) prev->text = all.left(best);
        edit = all.mid(best, len);
        if (next) next->text = all.mid(best + len);
    }
    // A common run slid away entirely leaves two changes side by side: merge them.
    QList<Segment> merged;
    for (Segment &seg : segments) {
        if (seg.same && seg.text.isEmpty()) continue;
        if (!merged.isEmpty() && merged.last().same == seg.same) {
            merged.last().text += seg.text;
            merged.last().removed += seg.removed;
            merged.last().added += seg.added;
        } else {
            merged.append(std::move(seg));
        }
    }
    segments = std::move(merged);
}

} // namespace

QList<DiffChunk> wordDiff(const QString &before, const QString &after)
{
    SegmentBuilder builder;
    diffTokens(wordTokens(before), wordTokens(after), false, builder);
    QList<DiffChunk> chunks;
    // Slide first, so a common run is measured where it really is (a new statement in front must not make the
    // user's first line look short enough to fold); slide again for the edits the folding joined.
    slideEdits(builder.segments());
    QList<Segment> segments = foldShortCommonRuns(builder.segments());
    slideEdits(segments);
    for (const Segment &s : std::as_const(segments)) {
        if (s.same) {
            chunks.append({ DiffChunk::Same, s.text });
            continue;
        }
        if (!s.removed.isEmpty()) chunks.append({ DiffChunk::Removed, s.removed });
        if (!s.added.isEmpty()) chunks.append({ DiffChunk::Added, s.added });
    }
    return chunks;
}

} // namespace PlanLens
