// SPDX-License-Identifier: MIT
// libFuzzer target: the auto-detecting front door (psql frames, CSV quoting, auto_explain log lines, every
// format), from UTF-8 bytes (parsePlanUtf8) and from a QString (parsePlan). Both compute derived metrics.
#include "fuzzcommon.h"
#include "plan/planinput.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    PlanLensFuzz::check(PlanLens::parsePlanUtf8(bytes), false);
    const QString text = QString::fromUtf8(bytes);
    PlanLensFuzz::check(PlanLens::parsePlan(text), false);
    (void)PlanLens::detectPlanFormat(text);
    return 0;
}
