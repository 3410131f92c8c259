// SPDX-License-Identifier: MIT
#pragma once
// Internal to the TEXT reader (textparser.cpp): the pieces it is built from, one file per responsibility.
//   textparsing.cpp        lines and values: indentation, kinds of lines, splitting, numbers, node names
//   textnodeproperties.cpp a node's "Key: value" lines (Buffers, I/O Timings, WAL, Sort Method, Storage, ...)
//   texttrailer.cpp        the query's lines after the plan (Planning, Serialization, JIT, Settings, triggers)

#include "plan.h"

#include <QList>
#include <QStringList>
#include <QStringView>

#include <optional>

namespace PlanLens::TextParsing {

// --- textparsing.cpp ---
int indentOf(QStringView s);
QString expandTabs(QStringView s);
bool looksLikeNodeLine(QStringView body);
// Node names as EXPLAIN TEXT prints them (for a COSTS OFF root line without figures).
bool startsWithKnownNodeName(QStringView s);
bool isHeading(QStringView body);                          // "InitPlan 1 (returns $0)", "SubPlan 2", "CTE x"
int workerPrefix(QStringView body, qsizetype *restAt);     // "Worker 3:" -> 3, else -1
bool isKeyValue(QStringView body, qsizetype *colon = nullptr);
bool isRecognized(QStringView body);
QStringList splitTopLevel(QStringView s, QChar sep = u',');
QList<QStringView> splitSegments(QStringView s);           // at runs of two or more spaces
std::optional<double> numberWithUnit(QStringView s);       // "25kB" -> 25, "0.340 ms" -> 0.340, "2MB" -> 2048
void describe(QStringView s, PlanNode &n);                 // the node's name part: type, relation, index, ...

// --- textnodeproperties.cpp ---
void parseBuffers(QStringView v, Buffers &b);              // "shared hit=4 read=2, local hit=1, temp read=5"
void parseIoTimings(QStringView v, IoTimings &io);         // every version's "I/O Timings:" value
// A node's "Key: value" line; Group Key and Hash Key (counted per node by the reader) are not handled here.
void applyNodeProperty(PlanNode &n, QStringView key, QStringView value, QStringView body);
void parseWorkerActual(QStringView s, WorkerStats &w);     // "actual time=0.1..0.2 rows=3 loops=1"

// --- texttrailer.cpp ---
// A line under "JIT:"; false when it is not one the model names (the reader keeps it as text).
bool parseJitLine(QStringView body, JitInfo &jit);
void parseSettings(QStringView value, QList<QPair<QString, QString>> &settings);
bool isTriggerLine(QStringView body);
Trigger parseTrigger(QStringView body);                    // "Trigger for constraint fk on t: time=0.5 calls=10"
void parseSerialization(QStringView value, Serialization &s);   // "time=4.690 ms  output=31251kB  format=text"
void parsePlanningMemory(QStringView value, Plan &plan);        // "used=6kB  allocated=8kB"

} // namespace PlanLens::TextParsing
