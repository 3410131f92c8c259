// SPDX-License-Identifier: MIT
#pragma once

#include "db/runresult.h"
#include "plan/plan.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace PlanLens {

// One version of the query under review: a side of a completed pair run, or a rewrite tried as After. It keeps
// the main statement's plan (the last explained statement, as the window shows it) as the server's EXPLAIN JSON,
// and the side's timings. One plan per version, never every run's: a session file stays small.
struct PlanVersion {
    enum class Kind { Before, After, Rewrite };

    int id = 0;                       // unique in its history, counts from 1
    Kind kind = Kind::Before;
    QString label;                    // "Original", "After", "Rewrite 1: prefetch-any-array", "After (edited)"
    QDateTime when;                   // UTC
    QString sql;                      // the side's script as it ran
    QString planJson;                 // the server's EXPLAIN JSON of the main statement, unchanged (may be empty)
    Plan plan;                        // planJson parsed (not saved: parsed again on load)
    QList<double> runsMs;             // per measured round
    std::optional<double> medianMs;
    std::optional<qint64> rows;
    // A tried rewrite only:
    QString rule;                     // "prefetch-any-array"
    QString form;                     // "main" or a variant id
    QJsonObject verification;         // RewriteVerification::toJson()

    bool isAfterSide() const { return kind != Kind::Before; }
    QJsonObject toJson() const;
    static PlanVersion fromJson(const QJsonObject &json);   // parses planJson again
    static QString kindName(Kind kind);                     // "before", "after", "rewrite"
};

// The versions of the query in the order they were made. Every completed pair run adds its Before version (only
// when its script or plan shape differs from the last Before version) and its After version; every rewrite tried
// as After adds one (and its Before, on the same rule). Labels say what a version is: the first Before is the
// "Original", a Before changed later is "Before 2", …; an After is "After", "After (edited)" when its script
// changed, and a run again of a script seen before keeps that version's name with "(run again)". No widgets: the
// session file carries it (Session::history) and HistoryController puts it on screen.
class PlanHistory
{
public:
    PlanHistory() = default;
    explicit PlanHistory(const QList<PlanVersion> &versions);

    const QList<PlanVersion> &versions() const { return m_versions; }
    qsizetype size() const { return m_versions.size(); }
    bool isEmpty() const { return m_versions.isEmpty(); }
    const PlanVersion &at(qsizetype i) const { return m_versions.at(i); }
    int indexOfId(int id) const;
    void clear();

    // Appends the run's versions; returns how many were added (1 or 2; 0 when the run has no After side).
    int addRun(const RunResult &run, const QDateTime &when = QDateTime::currentDateTimeUtc());
    // Appends the tried rewrite (and the Before it ran against, when that is new); returns how many were added.
    int addTried(const QString &rule, const QString &form, const RunResult &run, const QJsonObject &verification,
                 const QDateTime &when = QDateTime::currentDateTimeUtc());

    QJsonArray toJson() const;
    static PlanHistory fromJson(const QJsonArray &json);
    // What an older session (format 1 or 2) knew: the versions of its one run, and of the rewrite it tried.
    static PlanHistory fromRun(const RunResult &run, const QString &triedRule = QString(),
                               const QString &triedForm = QString(), const QJsonObject &verification = {});

    // The main statement of a side (its last explained statement) as a version without id or label.
    static PlanVersion versionOf(const SideResult &side, PlanVersion::Kind kind, const QDateTime &when);
    // Node types and relations in pre-order: two plans of one shape have equal signatures, whatever their timings.
    static QString shapeOf(const Plan &plan);

private:
    bool addBeforeIfNew(PlanVersion v);
    void append(PlanVersion v);

    QList<PlanVersion> m_versions;
    int m_nextId = 1;
};

} // namespace PlanLens
