// SPDX-License-Identifier: MIT
#pragma once

#include "plan.h"

#include <QByteArrayView>
#include <QIODevice>
#include <QJsonObject>
#include <QStringView>

namespace PlanLens {

// Looks at the text (after stripping psql frames, auto_explain prefixes, CSV quoting) and names its format.
PlanFormat detectPlanFormat(QStringView text);

// Parses any EXPLAIN output a user can paste: JSON, TEXT, auto_explain entries, XML and YAML.
// Format Unknown means auto-detect. Derived metrics are computed before returning.
Result<Plan> parsePlan(QStringView text, PlanFormat format = PlanFormat::Unknown);

// The same from UTF-8 bytes (a file, stdin, a libpq result). Plain JSON is read straight from the bytes,
// which is what makes a 100 MB plan cheap; everything else is decoded first and given to parsePlan().
Result<Plan> parsePlanUtf8(QByteArrayView utf8, PlanFormat format = PlanFormat::Unknown);

// The same from an open file or stdin (`planlens analyze FILE`). A file that is not plain JSON is decoded as it
// is read, so its bytes and their decoded text are never held together: a 20 MB TEXT plan parses in under four
// times its size. A read error comes back as a ParseError at line 0.
Result<Plan> parsePlanDevice(QIODevice &device, PlanFormat format = PlanFormat::Unknown);

// The `planlens analyze --json` object for one plan (documented in docs/cli.md). Later features extend
// this same object (findings, ...); they never invent another one.
QJsonObject planToAnalyzeJson(const Plan &plan);

} // namespace PlanLens
