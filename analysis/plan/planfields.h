// SPDX-License-Identifier: MIT
#pragma once

#include "plan.h"

#include <QJsonValue>
#include <QStringView>

// The one place that knows how PostgreSQL names plan properties. Every reader (JSON, TEXT, XML, YAML) ends up
// here with the JSON spelling of a key ("Actual Total Time", "Rows Removed by Filter", ...), so a key is
// modelled the same way whatever the input format was.
namespace PlanLens::PlanFields {

// A property value as a reader found it. Scalars stay views into the input (no QJsonValue built per field);
// arrays and objects arrive as QJsonValue.
struct FieldValue {
    enum class Type { Null, String, Number, Bool, Json };
    Type type = Type::Null;
    QStringView text;     // Type::String (must outlive the call)
    double number = 0;    // Type::Number
    bool boolean = false; // Type::Bool
    QJsonValue json;      // Type::Json
    QJsonValue toJson() const;
    static FieldValue fromJson(const QJsonValue &v);
    static FieldValue fromText(QStringView s) { FieldValue f; f.type = Type::String; f.text = s; return f; }
    static FieldValue fromNumber(double d) { FieldValue f; f.type = Type::Number; f.number = d; return f; }
};

// How a key's value is typed in PostgreSQL's JSON output. The TEXT reader uses it to type "Key: value" lines.
enum class ValueKind { String, Number, Bool, List, Other };
ValueKind nodeKeyKind(QStringView key);

// Sets the modelled field that `key` names; keys the model does not name go to node.extra (nothing is lost).
// Returns false only when the key is modelled but the value has the wrong type (then it is kept in extra too).
bool setNodeField(PlanNode &node, QStringView key, const FieldValue &value);
bool setNodeField(PlanNode &node, QStringView key, const QJsonValue &value);
void setWorkerField(WorkerStats &worker, QStringView key, const QJsonValue &value);
// Top-level keys next to "Plan": times, triggers, JIT, settings, query text/id, planning buffers.
void setPlanField(Plan &plan, QStringView key, const QJsonValue &value);

// Buffers key ("Shared Hit Blocks", ...) into the matching counter; false when the key is not a buffer key.
bool setBufferField(Buffers &buffers, QStringView key, qint64 value);

// I/O timing key ("Shared I/O Read Time", "I/O Read Time", ...) into the matching field; false when it is not one.
bool setIoTimingField(IoTimings &io, QStringView key, double ms);

// A number from a JSON number or from text ("12.5", as XML and YAML carry them). parseNumber() is correctly
// rounded (the same double strtod gives), so TEXT and JSON readers agree to the last bit.
std::optional<double> parseNumber(QStringView s);
std::optional<double> parseNumber(QLatin1StringView s);
std::optional<double> toNumber(const QJsonValue &value);
std::optional<double> toNumber(const FieldValue &value);

// Sets Plan::hasAnalyze / hasTiming / hasBuffers / hasCosts from the nodes, neverExecuted for nodes that
// carry "Actual Loops": 0, and Plan::serverVersionHint from what the plan's fields prove (at least
// `minMajorSeen`, a major version the reader saw in the input's own spelling, e.g. TEXT's "rows=1.00" ⇒ 18).
// Readers call it once the node list is complete.
void finishPlan(Plan &plan, int minMajorSeen = 0);

// The lowest PostgreSQL major version that prints everything this plan holds (0 = nothing newer than 16).
int minimumServerMajor(const Plan &plan);

} // namespace PlanLens::PlanFields
