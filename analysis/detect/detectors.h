// SPDX-License-Identifier: MIT
#pragma once

#include "detector.h"
#include "finding.h"

#include <QList>
#include <QStringList>

namespace PlanLens {

struct Plan;
struct SqlScript;

// Every registered rule, in a fixed order (the one list: add a rule here and in rules/).
const QList<const Detector *> &allDetectors();
const Detector *detectorById(const QString &id);
QStringList detectorIds();

// Runs every rule over a parsed plan (deriveMetrics done) and, when given, the SQL it came from. Findings come
// sorted by severity, highest first; ties by node, then rule id. Never fails: a rule that cannot judge the plan
// reports nothing. A finding on a plan whose execution took under kCriticalFloorMs is at most a warning.
constexpr double kCriticalFloorMs = 1.0;
QList<Finding> runDetectors(const Plan &plan, const SqlScript *sqlOrNull, const DetectContext &context = {});

} // namespace PlanLens
