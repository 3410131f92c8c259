// SPDX-License-Identifier: MIT
#pragma once

#include "finding.h"

#include <QList>
#include <QString>

namespace PlanLens {

class RewriteProposals;

class DetectInput;

// What the caller tells the detectors beyond the plan and the SQL.
struct DetectContext {
    // Which statement of the script the plan is for; -1: the statement whose fingerprint matches the plan's
    // "Query Text" when there is one, else the last statement that is not a utility or transaction command.
    int statementIndex = -1;
    // Findings below this severity are dropped (0 keeps everything the rules report).
    double minSeverity = 0;
    // The rewrite proposals of the same script and plan, shared with a caller that wants them afterwards (each rule
    // then runs once); null: the detectors make their own.
    RewriteProposals *proposals = nullptr;
};

// One rule: a small class with a stable id. It reads the plan (and the SQL when given) through DetectInput
// and appends findings; it never throws and never fails (a plan it cannot judge gives no finding).
class Detector
{
public:
    virtual ~Detector() = default;
    virtual QString id() const = 0;              // kebab-case, stable: tests, the CLI and saved sessions use it
    virtual QString title() const = 0;           // a short line for lists ("Sort spills to disk")
    virtual void detect(const DetectInput &in, QList<Finding> &out) const = 0;

protected:
    // A finding of this rule about `nodeId` with the severity clamped to 0..1 and the level derived from it.
    Finding makeFinding(const DetectInput &in, int nodeId, double severity) const;
};

} // namespace PlanLens
