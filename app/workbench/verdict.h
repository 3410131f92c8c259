// SPDX-License-Identifier: MIT
#pragma once

#include "db/runresult.h"

#include <QString>

namespace PlanLens {

struct RewriteVerification;

// What the one-line verdict in the header says, and in which tone.
struct Verdict {
    enum class Tone { Info, Ok, Bad, Busy };
    QString html;
    Tone tone = Tone::Info;
};

// "Before 136 ms → After 1.2 ms · ×113 faster · rows equal (8 rows)"
Verdict runVerdict(const RunResult &result);
// "Rewrite prefetch-any-array tried as After: rows equal · ×138 faster · Before … → After …"
Verdict tryVerdict(const QString &ruleId, const RewriteVerification &v);
// The plan header of one side: "EXPLAIN (ANALYZE, …) · median 12 ms over 7 runs (min, max) · 8 rows"
QString sideHeader(const QString &explainPrefix, const SideResult &side);
QString verdictStyle(Verdict::Tone tone);
// What a stopped run says (beforeStart: it was still waiting for the catalog checks).
QString stoppedText(const RunResult &partial, bool beforeStart);

} // namespace PlanLens
