// SPDX-License-Identifier: MIT
// libFuzzer target: The YAML reader. Input bytes are decoded as UTF-8.
#include "fuzzcommon.h"
#include "plan/yamlparser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString text = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    PlanLensFuzz::check(PlanLens::parseYamlPlan(text), true);
    return 0;
}
