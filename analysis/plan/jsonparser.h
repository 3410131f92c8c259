// SPDX-License-Identifier: MIT
#pragma once

#include "plan.h"

#include <QByteArrayView>
#include <QJsonValue>
#include <QStringView>

namespace PlanLens {

// Reads PostgreSQL's EXPLAIN (FORMAT JSON) output: `[ { "Plan": {...}, "Planning Time": ..., ... } ]`, the
// auto_explain object `{ "Query Text": ..., "Plan": {...} }`, or a bare plan node `{ "Node Type": ... }`.
// The text must be plain JSON (parsePlan() strips psql frames and quoting first).
//
// A streaming reader of our own, not QJsonDocument: plan nodes go straight into the flat node list with an
// explicit stack, so a plan of any depth parses (QJsonDocument stops at 1024 levels, a ~510-node chain), and no
// DOM of the whole input is built. Values other than plan nodes (Output lists, Workers, JIT, ...) may nest up to
// 512 levels. Line and column of an error are 1-based, in `text`. Derived metrics are NOT computed here.
Result<Plan> parseJsonPlan(QStringView text);
// The same, reading UTF-8 bytes directly (no QString of the whole input is made).
Result<Plan> parseJsonPlanUtf8(QByteArrayView utf8);

// The same model from an already built tree with PostgreSQL's JSON keys (the XML and YAML readers build one):
// an array of query objects, a query object with "Plan", or a bare plan node. Iterative, any depth.
Result<Plan> planFromJsonTree(const QJsonValue &root);

} // namespace PlanLens
