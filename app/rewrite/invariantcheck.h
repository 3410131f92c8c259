// SPDX-License-Identifier: MIT
#pragma once

#include "db/pgconnection.h"
#include "rewrite/rewrite.h"

namespace PlanLens {

struct RewriteVerification;

// Invariants the schema does not enforce, checked on the data (issue 13.7). When a required catalog check answers
// false and carries a data check (CatalogCheck::dataSql, e.g. "SELECT k, count(*) … GROUP BY k HAVING count(*) > 1
// LIMIT 1"), RewriteVerifier asks the data whether the invariant holds today: read only, with a short statement
// timeout. No row: it holds in the data, so the form is not refused but verified like any other, with the warning
// that nothing enforces it and the constraint that would. A row: the data has a duplicate, the fallback stays.
namespace InvariantCheck {

// The longest a data check may take (less when the verifier's own timeout is shorter): it runs before every
// verification and in the window's background checks, on the one connection.
constexpr int kTimeoutMs = 5000;

// Clears what an earlier verification left in the check; true when its data check should run now (the catalog
// said false and the check has a dataSql).
bool prepare(CatalogCheck &check);

// The data check as one simple-protocol query: one implicit transaction, so SET LOCAL makes it read only and
// bounds its time without leaving a transaction open, even when it is cancelled or fails.
PgQuery query(const CatalogCheck &check, int verifierTimeoutMs);

// Fills holdsInData and dataExample from the query's answer (an error or timeout leaves holdsInData empty and
// says why in dataExample).
void apply(CatalogCheck &check, const PgResult &result, int verifierTimeoutMs);

// Adds to the note of a form's verification what the data said about the checks it relies on: the "holds in the
// data, not enforced" warning with the constraint to create, or the duplicate the data has. Only the main form
// relies on them (variants are the forms that need no such invariant).
void annotate(const Rewrite &rewrite, RewriteVerification *verification);

} // namespace InvariantCheck

} // namespace PlanLens
