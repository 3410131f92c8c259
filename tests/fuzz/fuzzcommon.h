// SPDX-License-Identifier: MIT
// Shared by the fuzz targets: what every successful parse must survive, and what every failure must carry.
#pragma once

#include "plan/planparser.h"

#include <QByteArrayView>
#include <QJsonDocument>
#include <QString>

#include <cstdio>
#include <cstdlib>

namespace PlanLensFuzz {

// A finding that is not a sanitizer report (an error without a sentence): abort, so libFuzzer saves the input.
[[noreturn]] inline void fail(const char *what)
{
    std::fprintf(stderr, "fuzz check failed: %s\n", what);
    std::abort();
}

// Walks the derived figures and the `planlens analyze --json` object, so metrics and rendering are fuzzed too.
inline void exercise(PlanLens::Plan &plan, bool derive)
{
    if (derive)
        PlanLens::deriveMetrics(plan);
    double sum = plan.totalMs();
    for (const PlanLens::PlanNode &n : plan.nodes) {
        if (n.id < 0 || n.id >= plan.nodes.size())
            fail("node id out of range");
        if (n.parent >= n.id)
            fail("parent after child in pre-order");
        for (int c : n.children)
            if (c <= n.id || c >= plan.nodes.size())
                fail("child index out of range");
        sum += n.exclusiveMs + n.inclusiveMs + n.exclusiveCost + n.timeShare + n.costShare + n.totalActualRows();
        sum += double(n.displayName().size() + n.textLabel().size());
        if (n.estimateFactor)
            sum += double(PlanLens::formatEstimateFactor(*n.estimateFactor).size());
    }
    const QByteArray json = QJsonDocument(PlanLens::planToAnalyzeJson(plan)).toJson(QJsonDocument::Compact);
    // Keep the work from being optimised away.
    if (json.isEmpty() && sum == 1.2345)
        std::fputc(' ', stderr);
}

inline void check(PlanLens::Result<PlanLens::Plan> &&r, bool derive)
{
    if (PlanLens::isError(r)) {
        const PlanLens::ParseError &e = std::get<PlanLens::ParseError>(r);
        if (e.message.trimmed().isEmpty())
            fail("ParseError without a message");
        if (e.line < 0 || e.column < 0)
            fail("ParseError with a negative line or column");
        (void)e.toString();
        return;
    }
    exercise(std::get<PlanLens::Plan>(r), derive);
}

} // namespace PlanLensFuzz
