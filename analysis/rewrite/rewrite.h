// SPDX-License-Identifier: MIT
#pragma once

#include "sql/sqlscript.h"

#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QSet>
#include <QString>
#include <QStringList>

#include <optional>

namespace PlanLens {

struct Plan;

// A precondition tested against the live catalog: `sql` returns one row with one boolean column `holds`
// (true: the precondition is proven; false: it does not hold or cannot be proven). `holds` stays empty
// until a verifier ran the query.
struct CatalogCheck {
    QString id; // unique-key, order-total, indexed, not-null, no-such-index, hypopg
    QString precondition; // the sentence from Rewrite::preconditions this check tests
    QString sql;
    QString whenFalse; // what a false answer means for the rewrite, in a sentence
    std::optional<bool> holds;
    bool required = true; // false: informative (e.g. "HypoPG is installed")
    // When the catalog cannot prove the precondition, what the data says today (issue 13.7). `dataSql` is
    // read-only and returns no row when the invariant holds in the data, else one example: the key values, then
    // their row count. A verifier runs it (with a short statement timeout) only after `holds` came back false.
    QString dataSql;
    QString dataInvariant; // what dataSql tests, as a subject: "one project_authorizations row per (user_id, …)"
    QString enforceSql; // the constraint that would prove it: "CREATE UNIQUE INDEX CONCURRENTLY …;"
    std::optional<bool> holdsInData; // empty: not asked, or no answer in time (dataExample says why)
    QString dataExample; // holdsInData false: "(user_id, project_id) = (1, 27) has 2 rows"; empty: why no answer
    // A required precondition that neither the catalog proves nor the data supports: it refuses the form.
    bool failed() const
    {
        return required && holds == std::optional<bool>(false) && holdsInData != std::optional<bool>(true);
    }
    // Not proven by the catalog, but true in the data: the form is usable today, with the warning of dataSentence().
    bool holdsOnlyInData() const
    {
        return holds == std::optional<bool>(false) && holdsInData == std::optional<bool>(true);
    }
    // What the data check found, in sentences (empty when it did not run): "One row per (…) holds in the data, not
    // enforced: a later duplicate would change the result. …" with enforceSql, or the duplicate the data has.
    QString dataSentence() const;
    bool operator==(const CatalogCheck &) const = default;
};

// How the result rows of the After script relate to those of the Before script.
//   same-rows          the last statements return the same multiset of rows (order ignored)
//   same-rows-ordered  the same rows in the same order (the ORDER BY is total)
//   preload-join       incident B: the After's rows are the page rows plus one column; projected on
//                      (key, value) where the value is not null they equal the Before's preload rows
//   none               the result cannot be compared automatically (e.g. keyset pagination needs the
//                      previous page's last row)
struct ResultMapping {
    QString kind = QStringLiteral("same-rows");
    QString description; // a sentence, e.g. "after(id, access_level) = before.preload(project_id, ...)"
    // preload-join only. The After's last column is the appended value; its key column is found by name.
    QString afterKeyColumnName; // "id": the page key column of the After's result
    int preloadKeyColumn = -1; // 0-based column of the Before preload's key (project_id)
    int preloadValueColumn = -1; // 0-based column of the Before preload's aggregate (MAX(access_level))
    int beforePageStatement = -1; // index in the Before script of the page query
    int beforePreloadStatement = -1; // index in the Before script of the preload
    bool operator==(const ResultMapping &) const = default;
};

// Another form of the same rewrite: the single-statement form, the form for an empty prefetch, the
// LATERAL form when a uniqueness precondition is not proven, ...
struct RewriteVariant {
    QString id; // "single-statement", "owner-only", "lateral", "union", ...
    QString title;
    QString when; // when to use it, in a sentence
    QString condition; // machine-readable: "" (always) or "previous-empty" (the step before
                       // returned no rows; the verifier skips the variant otherwise)
    QStringList statements; // replaces the same statements as the main form
    ResultMapping mapping;
    QString explanation;
    bool operator==(const RewriteVariant &) const = default;
};

// One proposed rewrite of a script: the statements to run instead of the script's statements
// `replaces` (indexes into SqlScript::statements, contiguous), what it relies on and why it is faster.
struct Rewrite {
    QString rule; // stable id: prefetch-any-array, preload-left-join, not-exists, ...
    QString title; // one line for a list
    QList<int> replaces; // which statements of the script this rewrite replaces
    QStringList statements; // the After statements (one or several), user's text kept where untouched
    QStringList preconditions; // sentences the rewrite relies on
    QList<CatalogCheck> checks; // how to test them when connected
    ResultMapping mapping;
    QString explanation; // why it is faster, what the planner does differently
    QList<RewriteVariant> variants;
    QString fallbackVariant; // the variant to use when a required check fails (e.g. "lateral"), or empty
    // The form to offer: "main", or fallbackVariant when a required precondition failed (empty: none is safe).
    QString recommendedForm() const;
    // Named parameters a later statement takes from an earlier one: name → "column 1 of statement N",
    // e.g. {"ids", 0} means $ids is the first column of statement 0's result, bound as an array.
    struct ArrayParam {
        QString name;
        int fromStatement = 0; // index into `statements`
        int column = 0;
        bool operator==(const ArrayParam &) const = default;
    };
    QList<ArrayParam> arrayParams;
    // Values for parameters the rewrite introduced (e.g. $vals for a long IN list): name → literal text
    // PostgreSQL accepts for the parameter ('{1,2,3}').
    QList<QPair<QString, QString>> paramValues;

    // An index suggestion tried with HypoPG (filled by a verifier when the extension is installed): the plan of
    // the statement while the index exists only hypothetically, next to the plan without it.
    struct Hypothetical {
        QString indexName;       // HypoPG's name, e.g. "<13542>btree_tracks_owner_id"
        bool usesIndex = false;  // the planner chose it
        double costWithout = 0;  // the root's total cost without, then with the index
        double costWith = 0;
        QString rootWith;        // "Index Scan using <13542>btree_tracks_owner_id on tracks"
        QString planJson;        // EXPLAIN (FORMAT JSON) with the index, as the server printed it
        bool operator==(const Hypothetical &) const = default;
    };
    std::optional<Hypothetical> hypothetical;

    // The whole After script: the Before script's statements with `replaces` swapped for `statements`.
    QStringList afterScript(const SqlScript &before) const;
    // The same for a variant.
    QStringList afterScript(const SqlScript &before, const RewriteVariant &variant) const;
    // The After script as one text for an editor: statements separated by ";" and a blank line. variant -1 is
    // the main form.
    QString afterScriptText(const SqlScript &before, int variant = -1) const;
    // True when a required check answered false (and the data does not support it either: CatalogCheck::failed).
    bool preconditionFailed() const;
    bool operator==(const Rewrite &) const = default;
};

// What the live catalog says about the functions a statement calls, read before the rules run when connected
// (CatalogChecks::catalogFactsSql()). Rules decide "aggregate" and "window" from the parse tree first (OVER,
// count(*), DISTINCT, FILTER, ORDER BY or WITHIN GROUP inside the call); for a plain-looking call `f(x)` only
// these facts can tell. Names are stored as PostgreSQL spells them ("stddev") and schema-qualified
// ("pg_catalog.stddev", "app.median").
struct CatalogFacts {
    QSet<QString> aggregates; // pg_proc.prokind = 'a'
    QSet<QString> windowFunctions; // pg_proc.prokind = 'w'
    bool operator==(const CatalogFacts &) const = default;
};

// Every rewrite the registered rules find in the script. The plan (of the script's last statement, or
// null) lets rules that need evidence (index suggestions, SubPlan loops) use it; the catalog facts (or null,
// offline) let them tell aggregates from plain functions. Statements that match no rule produce nothing.
QList<Rewrite> proposeRewrites(
    const SqlScript &script, const Plan *planOrNull, const CatalogFacts *catalogFactsOrNull = nullptr);

// True when the rule `ruleId` proposes a rewrite of statement `statement` of the script (an addition, such as an
// index, serves every statement; statement -1 accepts any). Detectors ask it before a finding names a rewrite,
// so that the rewrite a finding names always comes (tst_rulecontract).
bool rewriteProposed(const QString &ruleId, const SqlScript &script, int statement, const Plan *planOrNull,
    const CatalogFacts *catalogFactsOrNull = nullptr);

// The stable rule ids, in the registry's order.
QStringList rewriteRuleIds();

// The `rewrites[]` entry of `planlens rewrite --json` (documented in docs/cli.md); `verified` is null.
QJsonObject rewriteToJson(const Rewrite &rewrite);

} // namespace PlanLens

Q_DECLARE_METATYPE(PlanLens::Rewrite)
