// SPDX-License-Identifier: MIT
// libFuzzer target: The XML reader. Input bytes are decoded as UTF-8.
#include "fuzzcommon.h"
#include "plan/xmlparser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString text = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    PlanLensFuzz::check(PlanLens::parseXmlPlan(text), true);
    return 0;
}
