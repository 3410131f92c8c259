// SPDX-License-Identifier: MIT
// libFuzzer target: the streaming JSON reader, from UTF-8 bytes and from a QString.
#include "fuzzcommon.h"
#include "plan/jsonparser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    PlanLensFuzz::check(PlanLens::parseJsonPlanUtf8(bytes), true);
    const QString text = QString::fromUtf8(bytes);
    PlanLensFuzz::check(PlanLens::parseJsonPlan(text), true);
    return 0;
}
