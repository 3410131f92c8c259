// SPDX-License-Identifier: MIT
// libFuzzer target: The TEXT reader (psql's EXPLAIN output, frames already removed). Input bytes are decoded as UTF-8.
#include "fuzzcommon.h"
#include "plan/textparser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString text = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    PlanLensFuzz::check(PlanLens::parseTextPlan(text), true);
    return 0;
}
