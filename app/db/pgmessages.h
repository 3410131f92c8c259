// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

struct pg_result;

namespace PlanLens::PgMessages {

// Messages from libpq and the server, made into the one readable sentence the UI and the CLI show.

// Simplified, first letter upper case, one final full stop ("out of memory" -> "Out of memory.").
QString sentence(QString s);
// "ERROR:  relation …" -> "relation …".
QString stripSeverity(QString line);
// An error result as one sentence: the primary message, its detail and hint; the statement position and the
// SQLSTATE go to *position and *sqlState when the server gave them.
QString resultError(const pg_result *r, int *position, QString *sqlState);
// A failed connection attempt (PQerrorMessage, one segment per host tried) as one sentence per host.
QString readable(const QString &libpqMessage);

} // namespace PlanLens::PgMessages
