// SPDX-License-Identifier: MIT
#pragma once

#include "logentry.h"

#include <QString>
#include <QStringList>

namespace PlanLens {

struct Plan;

// What one entry contributes to the scan: computed on a worker thread, small, and free of the plan's text.
struct EntryResult {
    enum class Outcome {
        Plan,         // a plan was read: the fields below are set
        NotAnEntry,   // a jsonlog line that mentions "duration: " but holds no auto_explain plan
        Truncated,    // an auto_explain entry whose plan does not parse (cut text, incomplete JSON)
        BadRecord,    // a jsonlog line that is not a JSON object with a "message"
        Unparsable,   // a plan file that holds no plan
    };
    Outcome outcome = Outcome::Plan;
    bool invalidUtf8 = false;
    int input = 0;
    qint64 offset = 0;
    double durationMs = 0;   // auto_explain's duration; for a plan file its execution time (0 without one)
    QString key;             // the group: libpg_query fingerprint of the Query Text, else "plan-" + shape hash
    QString query;           // the Query Text (at most kMaxQueryChars), empty for a plan without one
    quint64 shape = 0;       // planShapeHash()
    QStringList rules;       // rules with a finding on this plan, each once, sorted
    int worstLevel = -1;     // the highest FindingLevel among them, -1 without findings
    QStringList rewrites;    // rewrite rules proposeRewrites() offers for the Query Text, each once, sorted
};

// The Query Text kept per entry and per group: enough to recognise the query, bounded in memory.
constexpr qsizetype kMaxQueryChars = 4000;

// Parses the entry's plan (format detected by parsePlan), runs every detector over it and the rewrites over its
// Query Text. Never fails: an entry that cannot be read says so in `outcome`.
EntryResult analyzeEntry(const LogEntry &entry);

// A hash of the plan's shape: node types and relations, depth first (FNV-1a, the same in every run and thread).
quint64 planShapeHash(const Plan &plan);

} // namespace PlanLens
