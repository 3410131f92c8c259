// SPDX-License-Identifier: MIT
#pragma once

#include "plan/plan.h"   // ParseError, Result

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace PlanLens {

enum class StatementKind {
    Select,          // plain read (SELECT, VALUES, TABLE, read-only WITH)
    SelectLocking,   // SELECT ... FOR UPDATE/SHARE: takes row locks
    Insert,
    Update,
    Delete,
    Merge,
    Ddl,             // CREATE/ALTER/DROP/TRUNCATE/GRANT/...
    Utility,         // SET, SHOW, RESET, DISCARD, LOAD
    Transaction,     // BEGIN/COMMIT/ROLLBACK/SAVEPOINT: PlanLens owns the transaction
    Explain,         // the user typed EXPLAIN themselves
    Call,            // CALL, DO, COPY: may write, cannot be told from the text
    Other,
};
QString statementKindName(StatementKind k);

// A 1-based parameter reference ($1) or a named one ($ids) and where it stands in the script.
struct ParamUse {
    int number = 0;      // positional number after named parameters were numbered
    QString name;        // "ids" for $ids, empty for $1
    int start = 0;       // QString index into SqlScript::text
    int length = 0;
};

struct SqlStatement {
    int start = 0;               // QString index of the first character in SqlScript::text
    int end = 0;                 // one past the last character (no trailing ';')
    QString text;                // the statement as the user typed it
    QString executableText;      // named parameters replaced by $n, ready for libpq
    QJsonObject tree;            // libpg_query's JSON of the statement node ({"SelectStmt": {...}})
    int treeByteOffset = 0;      // byte offset of this statement in the UTF-8 the tree's locations count in
    StatementKind kind = StatementKind::Other;
    bool writes = false;         // needs "allow writes" to run
    QString writeReason;         // a sentence: why it is considered a write
    QList<ParamUse> params;
    QString fingerprint;         // libpg_query fingerprint (hex), same for queries differing only in constants
};

struct SqlScript {
    QString text;                // the whole script as typed
    QList<SqlStatement> statements;
    QStringList namedParams;     // $ids → numbered after the highest $n, in order of first use

    // Converts a libpg_query location (a byte offset into the UTF-8 of `text`) to a QString index.
    int charIndex(int byteOffset) const;
    bool anyWrites() const;

    QByteArray utf8;             // text as UTF-8, what locations refer to
    QList<int> byteToChar;       // utf8 byte offset → QString index (size utf8.size() + 1)
    QByteArray treeJson;         // libpg_query's JSON of the whole script, as parsed

    // False only when no node of the script has `key` as a field, a node type or a string value ("SubLink",
    // "limitOffset", "OR_EXPR", "date_trunc"): a byte search in treeJson that lets a rule skip walking the tree for
    // what it cannot find. True when treeJson is empty.
    bool mayContain(const char *key) const;
};

// Splits and parses a script with PostgreSQL's own grammar. Errors carry line/column and libpg_query's
// sentence ("syntax error at or near ...").
Result<SqlScript> parseSqlScript(const QString &sql);

// libpg_query fingerprint of a single statement, or an empty string if it does not parse.
QString sqlFingerprint(const QString &sql);

} // namespace PlanLens
