// SPDX-License-Identifier: MIT
#pragma once

#include "plan.h"

#include <QStringView>

namespace PlanLens {

// Reads EXPLAIN (FORMAT XML): <explain><Query><Plan><Node-Type>…</Node-Type>…<Plans><Plan>…</Plan></Plans>
// </Plan><Planning-Time>…</Query></explain>. Element names are PostgreSQL's keys with '-' for ' ', so the
// same field mapping as JSON applies. Errors carry QXmlStreamReader's line and column.
Result<Plan> parseXmlPlan(QStringView text);

} // namespace PlanLens
