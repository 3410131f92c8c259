// SPDX-License-Identifier: MIT
#pragma once

#include "plan.h"

#include <QStringView>

namespace PlanLens {

// Reads EXPLAIN (FORMAT YAML): "- Plan:" followed by indented "Key: value" maps and "- " lists, the small
// subset of YAML that explain.c writes (double-quoted strings, plain numbers and booleans, block maps and
// sequences). Not a general YAML reader: anchors, flow collections and multi-line scalars are errors.
Result<Plan> parseYamlPlan(QStringView text);

} // namespace PlanLens
