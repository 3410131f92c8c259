// SPDX-License-Identifier: MIT
#pragma once

#include "plan.h"

#include <QList>
#include <QString>
#include <QStringView>

#include <optional>

namespace PlanLens {

// What a user pasted, with everything around the EXPLAIN output taken away: psql result frames (ascii,
// old-ascii and unicode borders 0/1/2, the "QUERY PLAN" header, separator rules, "+"/"↵" newline marks, the
// "(N rows)" footer, a psql prompt line before the header), DBeaver's right border, CSV quoting (doubled
// quotes, one cell or one per line) and an auto_explain log line prefix ("… LOG:  duration: 1.2 ms  plan:").
// Line numbers of the result map back to the input, so errors name the line the user sees.
// `text` is a view of the input when nothing inside the plan had to change (the common case, and the one that
// matters for a 20 MB plan), so a CleanedInput must not outlive the input it was made from.
struct CleanedInput {
    QStringView text;             // the plan alone, lines separated by '\n': in the input or in `cleaned`
    QString cleaned;              // the plan put together again, when lines inside it changed
    QList<int> sourceLine;        // 1-based input line of each line of `text`
    QList<int> columnShift;       // characters removed before the content of each line
    std::optional<double> logDurationMs;  // auto_explain's "duration: … ms"
    bool framed = false;          // a psql/DBeaver frame was removed

    // Moves an error's line/column from `text` to the input.
    ParseError toInput(ParseError e) const;
};

CleanedInput cleanPlanInput(QStringView input);

// The format of already cleaned text, from its first characters: '[' or '{' JSON, '<' XML, "- Plan:" YAML,
// anything else TEXT. Unknown for blank text.
PlanFormat sniffFormat(QStringView cleaned);

} // namespace PlanLens
