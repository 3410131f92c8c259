// SPDX-License-Identifier: MIT
#pragma once

#include "compare/plandiff.h"
#include "db/runresult.h"
#include "detect/finding.h"
#include "plan/plan.h"
#include "session.h"

#include <QDateTime>
#include <QJsonArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace PlanLens {

// One side of the incident as the report tells it: the script, the plan the window shows for it (the last
// explained statement after a run, else the session's plan), and the findings of that plan.
struct ReportSide {
    QString name; // "Before", "After"
    QString sql;
    Plan plan; // empty when the side has no plan
    QString planError; // why the stored plan did not parse
    int statement = -1; // script statement the plan is for, -1 when unknown
    QList<Plan> plans; // every explained statement of a run, in script order (for the diff)
    QList<Finding> findings; // computeSideAdvice(), as the window computes them
    QString header; // "EXPLAIN (ANALYZE, …) · median 12 ms over 7 runs (min, max) · 8 rows"
    QString planSummary; // NodeFormat::planSummary of the plan
};

// The diff of one pair of statements: a heading (when the scripts have several statements), the headline
// figures, and the changes, most telling first.
struct ReportDiffPart {
    QString heading;
    QStringList summary;
    QList<Change> changes;
};

// Everything a report shows, computed once from a session with the analysis calls the window uses
// (computeSideAdvice, compareScripts/comparePlans, runVerdict, tryVerdict); the writers only format it.
struct ReportData {
    QString title; // "Incident report: SELECT … FROM tracks …"
    QString source; // the session file's name, or "the PlanLens window"
    QDateTime generatedAt;
    QString conninfo; // never with a password (Session keeps none)
    ReportSide sides[2];
    std::optional<RunResult> run;
    QString verdictHtml; // runVerdict(): a line of HTML (user text escaped)
    QString verdictText; // the same as plain text
    QString runSettings; // "EXPLAIN (…); 2 warm-ups, 7 measured rounds, interleaved"
    QStringList diffIntro; // "Whole script: 1 statement → 2 statements, …"
    QList<ReportDiffPart> diff; // main pair first
    QStringList diffUnpaired; // "Only after: statement 1 (Index Scan …)"
    QJsonArray rewrites; // rewriteToJson() objects: the session's, else proposed again
    std::optional<Session::TriedRewrite> tried;
    QString triedVerdictHtml;
    QString triedVerdictText;

    bool hasDiff() const { return !diff.isEmpty(); }
};

// Never fails: what the session lacks is left out of the report (a section then says so).
ReportData buildReportData(const Session& session, const QString& source);

// Fills the findings and the rewrites proposed of a session from its run (or plans), computed as above: what
// `planlens run --session` saves, so that the file says what the window would have proposed.
void addComputedAdvice(Session* session);

// HTML of our own (verdict lines: <b>, entities) as plain text.
QString reportPlainText(const QString& html);

} // namespace PlanLens
