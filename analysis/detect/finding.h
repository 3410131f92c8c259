// SPDX-License-Identifier: MIT
#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>

namespace PlanLens {

// How loud a finding is. Derived from the severity, never chosen by a rule.
enum class FindingLevel { Info, Warning, Critical };

// One problem a detector found in a plan (and, where it can tell, in the SQL that produced it).
struct Finding {
    QString rule;                // stable kebab-case id of the detector ("or-sublink-defeats-index")
    double severity = 0;         // 0..1, computed from the impact on THIS plan (share of time, buffers, ...)
    FindingLevel level = FindingLevel::Info;
    int nodeId = -1;             // the node the finding is about (index into Plan::nodes), -1 for none
    QList<int> nodeIds;          // every node involved, nodeId first (subquery nodes, partitions, ...)
    int spanStart = -1;          // SQL span: QString indices [spanStart, spanEnd) into SqlScript::text
    int spanEnd = -1;
    int statement = -1;          // index into SqlScript::statements the span belongs to, -1 without SQL
    QString message;             // what happens, with the numbers
    QJsonObject evidence;        // the figures the message relies on, machine-readable
    QString advice;              // what a DBA should do
    QString rewriteId;           // the rewrite rule that fixes it (analysis/rewrite), empty if none
    double confidence = 1.0;     // lower when recognised from the plan alone

    bool hasSpan() const { return spanStart >= 0 && spanEnd > spanStart; }
    bool operator==(const Finding &) const = default;
};

// critical from 0.5, warning from 0.2, info below.
FindingLevel findingLevelForSeverity(double severity);
QString findingLevelName(FindingLevel level);      // "info", "warning", "critical"

// The `findings[]` entries of `planlens analyze --json` (documented in docs/cli.md).
QJsonObject findingToJson(const Finding &finding);
QJsonArray findingsToJson(const QList<Finding> &findings);

} // namespace PlanLens

Q_DECLARE_METATYPE(PlanLens::Finding)
