// SPDX-License-Identifier: MIT
// libFuzzer target: the log reader of `planlens scan` (analysis/scan/logsplitter). The input is read once whole and
// once cut into chunks at places taken from its first bytes; both must give the same entries and counts (the
// reader's promise: chunk boundaries never matter). Each entry must lie inside the input and within the size limit,
// and its plan goes through the front door (parsePlanUtf8), as the scan's workers do.
#include "fuzzcommon.h"
#include "scan/logsplitter.h"
#include "scan/logtimestamp.h"

#include <QList>

namespace {

// Small, so that the fuzzer reaches the oversized paths too.
constexpr qsizetype kMaxEntry = 4096;

struct Outcome {
    QList<PlanLens::LogEntry> entries;
    PlanLens::ScanCounts counts;
};

Outcome split(QByteArrayView bytes, const QList<qsizetype> &cuts)
{
    Outcome o;
    PlanLens::TimeFilter filter;
    filter.sinceMs = PlanLens::parseTimestampArgument(u"2026-12-05 03:00:00");
    PlanLens::LogSplitter s(0, [&o](PlanLens::LogEntry &&e) { o.entries.append(std::move(e)); }, filter, kMaxEntry);
    qsizetype at = 0;
    for (qsizetype c : cuts) {
        s.feed(bytes.sliced(at, c - at));
        at = c;
    }
    s.feed(bytes.sliced(at));
    s.finish();
    o.counts = s.counts();
    return o;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    const Outcome whole = split(bytes, {});
    QList<qsizetype> cuts;
    for (qsizetype i = 0; i < std::min<qsizetype>(4, bytes.size()); ++i) {
        const qsizetype c = qsizetype(quint8(bytes[i])) * (bytes.size() / 256 + 1) % (bytes.size() + 1);
        if (cuts.isEmpty() || c > cuts.last())
            cuts.append(c);
    }
    const Outcome cut = split(bytes, cuts);
    if (cut.entries.size() != whole.entries.size() || !(cut.counts == whole.counts))
        PlanLensFuzz::fail("chunk boundaries changed the entries or the counts");
    for (qsizetype i = 0; i < whole.entries.size(); ++i) {
        const PlanLens::LogEntry &e = whole.entries[i];
        if (e.body != cut.entries[i].body || e.offset != cut.entries[i].offset)
            PlanLensFuzz::fail("chunk boundaries changed an entry");
        if (e.offset < 0 || e.offset > bytes.size() || e.body.size() > kMaxEntry)
            PlanLensFuzz::fail("entry outside the input or beyond the limit");
        if (e.format != PlanLens::LogFormat::Json)
            PlanLensFuzz::check(PlanLens::parsePlanUtf8(e.body), false);
    }
    const PlanLens::ScanCounts &c = whole.counts;
    for (qint64 n : {c.entries, c.filtered, c.otherLines, c.truncated, c.interleaved, c.oversized, c.badRecords})
        if (n < 0)
            PlanLensFuzz::fail("negative count");
    (void)PlanLens::findLogTimestamp(bytes);
    return 0;
}
