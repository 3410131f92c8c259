// SPDX-License-Identifier: MIT
#pragma once

#include "runresult.h"
#include "sql/sqlscript.h"

#include <QList>
#include <QString>

namespace PlanLens {

// The pre-run check of ExplainRunner, without the server: splits and classifies each side (parseSqlScript()),
// refuses what may not run (transaction commands, an EXPLAIN, writes unless allowed), decides what each mode
// executes, and where the value of every parameter comes from: a parameter table row, or an earlier statement's
// result bound as an array (a declared RunArrayParam, or $ids / $ids_2 / ... from the previous statement).
class RunChecks
{
public:
    struct Param {               // where the value of $n comes from, per statement
        enum Source { Unused, Table, Result } source = Unused;
        int tableRow = -1;
        QString name;                    // Result: the parameter's name, for the note
        int fromStatement = -1;          // Result: the statement whose rows it binds
        int column = 0;                  // Result: which column, as one array
    };
    struct Stmt {
        SqlStatement sql;
        bool explainable = false;
        bool executeAnalyze = true;      // executed in analyze/timing-off rounds
        bool executeEstimate = false;    // executed in estimate mode
        bool feedsFirstColumn = false;   // a later statement binds its first column as an array parameter
        bool feedsRows = false;          // ... another column: all its rows are kept
        QList<Param> params;             // index k = $(k+1)
    };
    struct Side {
        QString name;                    // "before" or "after"
        SqlScript script;
        QList<Stmt> stmts;
        bool readOnly = true;
    };

    // Empty when the request may run, else the sentence ExplainRunner::runFailed() would carry. The After side
    // binds request.afterArrayParams.
    static QString check(const RunRequest &request);
    // Fills *side from one side's script; empty on success, else why the side cannot run.
    static QString prepareSide(const QString &name, const QString &sql, const RunRequest &request,
                               const QList<RunArrayParam> &arrayParams, Side *side);
    // The default array parameter names: $ids, and $ids_2, $ids_3, ... which a rewrite takes when the script
    // already uses $ids. Without a declaration such a parameter is the first column of the previous statement.
    static bool isDefaultArrayParamName(const QString &name);
    // "After, statement 2 (line 3)", or "After" for no statement.
    static QString where(const Side &side, int statement);
    // "before" -> "Before".
    static QString sideTitle(const QString &side);
};

} // namespace PlanLens
