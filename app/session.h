// SPDX-License-Identifier: MIT
#pragma once

#include "db/runresult.h"
#include "workbench/planhistory.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace PlanLens {

struct Finding;
struct Rewrite;
struct RewriteVerification;

// What a user saves to come back to an incident review: the connection (never its password), both scripts,
// the parameter table, how the pair runs, and the plans on screen (the server's EXPLAIN JSON, unchanged).
// From format 2 on it can also carry what the review found: the run's results (medians, every run's time,
// rows, the plans of every statement), the findings and rewrites proposed, and the rewrite tried with its
// verification, so that `planlens report` can write the incident up with no window and no database.
// Format 3 adds the plan history: every version of the query (runs and tried rewrites) with its plan and medians.
// Stored as a small JSON file (*.planlens, format documented in docs/sessions.md).
struct Session {
    static constexpr int kFormatVersion = 3;

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

    // --- format 2, all optional ---
    // The last run of the pair (or the run of the rewrite tried as After): medians, per-run times, rows, and each
    // statement's EXPLAIN JSON (parsed again on load). Absent when nothing ran.
    std::optional<RunResult> run;
    QJsonArray beforeFindings;        // findingToJson() objects of the plans on screen, as proposed then
    QJsonArray afterFindings;
    QJsonArray rewrites;              // rewriteToJson() objects proposed for the Before script
    struct TriedRewrite {
        QString rule;                 // "prefetch-any-array"
        QString title;
        QString form;                 // "main" or a variant id
        QString afterSql;             // the After script it put in the After pane
        QJsonObject verification;     // RewriteVerification::toJson(): rows_equal, speedup, medians, note, error
        bool operator==(const TriedRewrite &) const = default;
    };
    std::optional<TriedRewrite> tried;

    // --- format 3, optional ---
    // Every version of the query the review ran (PlanHistory: original, rewrites tried, edits), one plan each.
    // A format 1 or 2 file gets the versions of its `run` (and `tried`), or none.
    QList<PlanVersion> history;

    // Fills `run` and the plans (the last explained statement of each side, as the window shows it).
    void setRun(const RunResult &result);
    void setFindings(const QList<Finding> &before, const QList<Finding> &after);
    void setRewrites(const QList<Rewrite> &proposed);
    void setTried(const Rewrite &rewrite, const QString &form, const QString &afterSql,
                  const RewriteVerification &verification);

    QJsonObject toJson() const;
    // Reads what toJson() wrote (format 1, 2 or 3); unknown keys are ignored, a newer format version is refused.
    static Session fromJson(const QJsonObject &json, QString *error);

    bool save(const QString &fileName, QString *error) const;
    static std::optional<Session> load(const QString &fileName, QString *error);

    // The `run` object of the file, and back (plans parsed again; medians and speed-up recomputed from the runs).
    static QJsonObject runToJson(const RunResult &result);
    static RunResult runFromJson(const QJsonObject &json);
};

} // namespace PlanLens
