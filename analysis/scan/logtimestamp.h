// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArrayView>
#include <QStringView>

#include <optional>

namespace PlanLens {

// Log timestamps as PostgreSQL writes them (%t, %m in log_line_prefix; csvlog's log_time; jsonlog's "timestamp"):
// "2026-12-05 03:00:00[.123] [ZONE]", also with a 'T'. The first such timestamp in `text` is read, as milliseconds
// since 1970 counted as if the wall-clock time were UTC, minus the zone's offset when the zone is UTC, GMT, Z or
// numeric (+02, +0200, -05:30). A zone abbreviation PostgreSQL's timezone setting printed (CET, PST, …) cannot be
// resolved without its tz database, so such a time is compared as written. nullopt: no timestamp in the text.
std::optional<qint64> findLogTimestamp(QByteArrayView text);

// The same for a --since/--until value; the whole text must be a timestamp ("2026-12-05", "2026-12-05 03:00",
// "2026-12-05 03:00:00.5+01").
std::optional<qint64> parseTimestampArgument(QStringView text);

} // namespace PlanLens
