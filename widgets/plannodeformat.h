// SPDX-License-Identifier: MIT
#pragma once

#include "plan/plan.h"

#include <QString>
#include <QStringList>
#include <QStringMatcher>

// How a plan node reads as text: the card lines of the graph, the tooltip, the psql-like text view, and what
// find searches. One place, so the graph, the text view and exports say the same thing.
namespace PlanLens::NodeFormat {

QString title(const PlanNode &node);        // "Hash Left Join", "Parallel Seq Scan", "HashAggregate"
QString target(const PlanNode &node);       // "on tracks t", "using idx on tracks t", "on CTE recent"; may be empty
QString subtitle(const PlanNode &node);     // target, else the node's main condition or key
QString edgeLabel(const PlanNode &node);    // "SubPlan 1", "InitPlan 2 (returns $1)", "CTE recent"; empty for plain children
bool isSubplanEdge(const PlanNode &node);   // drawn dashed: InitPlan, SubPlan, CTE

QString duration(double ms);                // "0.042 ms", "12.3 ms", "912 ms", "1.23 s"
QString number(double v);                   // "1,234", "12.5"
QString count(double v);                    // Units::compactCount: "950", "9,999", "14.5k", "1.2M"
QString blocks(double v);                   // "1.2k blocks (9.4 MB)"
QString kilobytes(double kb);               // "25 kB", "3.1 MB"
QString percent(double share);              // Units::percent: "41%", "<1%", ">99%"
QString rows(double v);                     // Units::rows: "12", "0.5", "1,234.5" (PostgreSQL 18's fractions kept)

// I/O times as EXPLAIN TEXT prints them, per kind: "shared read=0.100 write=0.020, temp read=1.000";
// "shared/local read=…" for PostgreSQL 15–16's combined figure, "read=… write=…" before 15.
QString ioTimingsText(const IoTimings &io);

// The card: line 1 title (+ share on the right), line 2 subtitle, lines 3 and 4 the key figures.
QString shareText(const Plan &plan, const PlanNode &node);
QString figuresLine(const Plan &plan, const PlanNode &node);
QString estimateText(const PlanNode &node);                 // "est 700k ÷50"; empty without ANALYZE
QString repeatText(const PlanNode &node);                   // "×892 loops · ×3 workers"; empty when neither

// Rich text with every figure the node has (hover tooltip). extraHtml is appended (badges, findings).
QString toolTipHtml(const Plan &plan, const PlanNode &node, const QString &extraHtml = {});

// The node as PostgreSQL's text EXPLAIN prints it, without indentation: the node line, then detail lines.
QString psqlNodeLine(const Plan &plan, const PlanNode &node);
QStringList psqlDetailLines(const Plan &plan, const PlanNode &node);
// The node line and its detail lines (indented two spaces), as a DBA pastes one node into a chat.
QString psqlNodeText(const Plan &plan, const PlanNode &node);

// One line about the whole plan: "12 nodes · execution 1,012 ms · planning 0.400 ms · PostgreSQL ≥ 17".
QString planSummary(const Plan &plan);

// Find: relation, alias, index, node type, CTE/subplan/function names and the text of every condition.
// Whether any text of the node contains the needle (a case-insensitive matcher, its pattern trimmed by the caller).
bool matches(const PlanNode &node, const QStringMatcher &needle);

} // namespace PlanLens::NodeFormat
