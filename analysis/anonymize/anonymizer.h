// SPDX-License-Identifier: MIT
#pragma once

#include "plan/plan.h"   // PlanFormat, Result

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>
#include <QStringView>

namespace PlanLens {

struct SqlScript;

// Replaces the names and literals of a plan and of the SQL it came from by stable tokens, so a plan can be
// shared without telling what the schema or the data is. One Anonymizer holds one name → token map: give it the
// plan and the SQL of the same query and the same name gets the same token in both (docs/cli.md, "anonymize").
//
// What is replaced: table, column, index, alias, schema, function, CTE, type, trigger and constraint names
// (`table_1`, `column_3`, ...), string literals (`'str_4'`, LIKE wildcards at either end kept), numeric literals
// (the Nth distinct value becomes N, a fraction N.0), named parameters ($ids → $param_1) and comments (dropped).
// What is kept: keywords, operators, $n parameters, plan measurements (costs, rows, times, buffers, ...), and
// names that tell nothing about the schema: the built-in functions, types and schemas of builtinNames().
class Anonymizer
{
public:
    enum class Kind { Table, Column, Index, Alias, Schema, Function, Cte, Type, Trigger, Constraint, Param };
    static QString kindName(Kind k);

    // The plan in its own format (TEXT, JSON, YAML, XML), names and literals replaced; numbers that are
    // measurements stay exactly as printed. psql frames, CSV quoting and log-line prefixes are removed (they are
    // not part of the plan, and a log prefix names the user and database). Fails, with a sentence, when the
    // text is not a plan PlanLens can read.
    Result<QString> anonymizePlan(const QString &planText);
    // The format of the last plan given to anonymizePlan().
    PlanFormat planFormat() const { return m_format; }

    // The SQL script with names, literals and comments replaced, layout kept. Fails when it does not parse.
    Result<QString> anonymizeSql(const QString &sql);

    // One expression as EXPLAIN prints it ("(t.owner_id = 42)", "((email)::text = 'a@b.c'::text)").
    QString anonymizeExpression(QStringView expr);
    // Names as a plan header or a list field prints them ("public.tracks t", "idx_a, idx_b"); a name not seen
    // before gets `kind` (a qualifier before '.' is a schema).
    QString anonymizeNames(QStringView names, Kind kind);
    // A whole name as a structured field holds it ("Relation Name": "Tracks" — no quoting, no case folding).
    QString anonymizeName(const QString &name, Kind kind);
    // A free-text value (a file path): the whole of it becomes str_N, unquoted.
    QString anonymizeLiteral(const QString &value);
    // An SQL text that may not parse (a truncated auto_explain "Query Text"): the SQL rules when it parses, else
    // token by token as an expression.
    QString anonymizeQueryText(const QString &sql);

    // The name → token map, by kind ({"table": {"tracks": "table_1"}, ..., "string": {...}, "number": {...}}).
    // It is the only thing that re-identifies an anonymized plan.
    QJsonObject mapJson() const;
    // How many distinct names/literals of each kind were replaced ({"table": 2, "column": 5, ...}).
    QJsonObject tokenCounts() const;
    // Original name of a token ("table_1" → "tracks"), empty when unknown.
    QString originalName(const QString &token) const;
    // The original names replaced so far, of one kind (for leak checks).
    QStringList names(Kind kind) const;

    // Names kept as they are: PostgreSQL built-in functions, types and schemas that say nothing about the user's
    // schema. Lower case.
    static const QSet<QString> &builtinFunctions();
    static const QSet<QString> &builtinTypes();
    static const QSet<QString> &builtinSchemas();

private:
    struct Entry {
        Kind kind = Kind::Column;
        QString token;
    };
    QString tokenFor(const QString &name, Kind kind);
    QString stringToken(QStringView literal);
    QString numberToken(QStringView literal);
    void registerPlanNames(const Plan &plan);
    void collectSqlNames(const SqlScript &script);
    // keepWords: tokens (by index) left as they are; outStarts: where each token starts in the result; replaced:
    // the tokens that were changed.
    QString rewriteSql(const QString &sql, const QSet<int> &keepWords = {}, QList<int> *outStarts = nullptr,
                       QSet<int> *replaced = nullptr);
    bool keepName(const QString &key, Kind kind) const;

    QHash<QString, Entry> m_names;            // original name (as PostgreSQL stores it) → token
    QHash<QString, QString> m_reverse;        // token → original name
    QList<QString> m_order;                   // names in the order they got a token (stable map output)
    QHash<int, int> m_counts;                 // Kind → tokens handed out
    QHash<QString, QString> m_strings;        // string literal content → str_N
    QHash<QString, QString> m_numbers;        // numeric literal text → N
    QHash<QString, Kind> m_sqlNames;          // identifiers libpg_query's tree names in the current SQL
    QSet<QString> m_reserved;                 // original names known up front: never handed out as a token
    PlanFormat m_format = PlanFormat::Unknown;
};

} // namespace PlanLens
