// SPDX-License-Identifier: MIT
#pragma once

#include "db/runresult.h"

#include <QJsonObject>
#include <QString>

namespace PlanLens {

// What a user saves to come back to an incident review: the connection (never its password), both scripts,
// the parameter table, how the pair runs, and the plans on screen (the server's EXPLAIN JSON, unchanged).
// Stored as a small JSON file (*.planlens, format documented in docs/sessions.md).
struct Session {
    static constexpr int kFormatVersion = 1;

    QString conninfo;                 // always without password (PgConnection::withoutPassword)
    QString beforeSql;
    QString afterSql;
    QList<RunParameter> parameters;
    RunMode mode = RunMode::Analyze;
    ExplainOptions explain;
    int runs = 7;
    int warmup = 2;
    int timeoutMs = 60000;
    QString beforePlan;               // EXPLAIN output of the main statement of each side, or empty
    QString afterPlan;

    QJsonObject toJson() const;
    // Reads what toJson() wrote; unknown keys are ignored, a newer format version is refused.
    static Session fromJson(const QJsonObject &json, QString *error);

    bool save(const QString &fileName, QString *error) const;
    static std::optional<Session> load(const QString &fileName, QString *error);
};

} // namespace PlanLens
