// SPDX-License-Identifier: MIT
#include "queryscalar.h"

#include "db/pgconnection.h"

#include <QSignalSpy>

namespace PlanLens::Test {

QString queryScalar(PgConnection &conn, const QString &sql, bool *ok, int timeoutMs)
{
    QSignalSpy done(&conn, &PgConnection::queryFinished);
    PgQuery q;
    q.sql = sql;
    q.keepRows = true;
    conn.execute(q);
    if (!done.wait(timeoutMs)) {
        if (ok) *ok = false;
        return {};
    }
    const PgResult r = done.first().at(1).value<PgResult>();
    if (ok) *ok = r.ok;
    if (!r.ok || r.values.isEmpty() || r.values.first().isEmpty() || !r.values.first().first()) return r.error;
    return *r.values.first().first();
}

} // namespace PlanLens::Test
