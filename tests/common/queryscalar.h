// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

namespace PlanLens {
class PgConnection;
}

namespace PlanLens::Test {

// Runs `sql` on `conn` and waits for it: the first column of the first row, or the server's error text (and
// *ok false) when it failed, or empty (and *ok false) when no answer came within `timeoutMs`.
QString queryScalar(PgConnection &conn, const QString &sql, bool *ok = nullptr, int timeoutMs = 60000);

} // namespace PlanLens::Test
