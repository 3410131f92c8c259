// SPDX-License-Identifier: MIT
#pragma once

#include "rewriterule.h"

#include <optional>

namespace PlanLens {

struct Plan;

// `SELECT DISTINCT a.* FROM a JOIN b ON b.a_id = a.id WHERE …` whose select list reads only `a`: `b` only filters,
// yet the join returns one row per matching `b` row and DISTINCT throws the copies away again. The semi-join says
// what is meant: `SELECT a.* FROM a WHERE EXISTS (SELECT 1 FROM b WHERE b.a_id = a.id AND …)`; PostgreSQL stops at
// the first matching `b` row per `a` row and removes no duplicates.
struct DistinctJoin {
    int statement = -1;
    QString kept; // the table the select list reads, as the query names it ("a")
    QString keptRelation; // its relation ("dx_authors") and schema (empty: the search path)
    QString keptSchema;
    QString filter; // the other table, as the query names it ("b")
    QString filterRelation;
    QStringList keptColumns; // the plain columns the select list names; empty for a.*
    bool star = false; // the select list is a.*
    QString after; // the statement with EXISTS
    int spanStart = -1; // "DISTINCT <select list>" in the script's text
    int spanEnd = -1;
};

// `distinct-to-exists`: the rewrite above, spliced from the user's own text on libpg_query's tree, when the
// statement is a plain SELECT DISTINCT (not DISTINCT ON) over one inner JOIN … ON of two tables, the select list
// and ORDER BY read only one of them (qualified columns, no calls, no subqueries), and there is no GROUP BY,
// HAVING, window, WITH or locking clause. ON and the WHERE conjuncts that read the other table move into EXISTS;
// the rest stay outside. Same rows when the kept table's rows are distinct already (DISTINCT removed duplicates
// of `a` too): checked in the catalog, a primary key or a unique index of NOT NULL columns (for a.*), a unique
// index within the selected columns otherwise.
class DistinctToExistsRule : public RewriteRule
{
public:
    // The join must return this many rows, and this many times the rows DISTINCT keeps, for the finding.
    static constexpr double kMinJoinRows = 1000;
    static constexpr double kMinRatio = 10;

    QString id() const override { return QStringLiteral("distinct-to-exists"); }
    QList<Rewrite> propose(const RewriteInput &in) const override;

    // The statement's shape, or nothing.
    static std::optional<DistinctJoin> analyse(const SqlScript &script, int statement, const SqlTokens &tokens);
    // The Unique or Aggregate node that removes a join's duplicates (through a Sort), with the join's rows and the
    // rows kept; -1 when there is none or the join returns fewer than kMinJoinRows, or under kMinRatio × kept.
    static int distinctNode(const Plan &plan, double *joinRows, double *keptRows);
};

} // namespace PlanLens
