// SPDX-License-Identifier: MIT
#include "invariantcheck.h"

#include "rewriteverifier.h"

#include <algorithm>

namespace PlanLens::InvariantCheck {

namespace {
int timeoutOf(int verifierTimeoutMs)
{
    return verifierTimeoutMs > 0 ? std::min(kTimeoutMs, verifierTimeoutMs) : kTimeoutMs;
}
} // namespace

bool prepare(CatalogCheck &check)
{
    check.holdsInData.reset();
    check.dataExample.clear();
    return check.holds == std::optional<bool>(false) && !check.dataSql.isEmpty();
}

PgQuery query(const CatalogCheck &check, int verifierTimeoutMs)
{
    // A query string of several statements runs as one implicit transaction (PostgreSQL 10+), in which SET LOCAL
    // holds until its end; the result reported is the last statement's (PgResult).
    PgQuery q;
    q.sql = QStringLiteral("SET LOCAL statement_timeout = %1; SET LOCAL transaction_read_only = on; %2")
                .arg(timeoutOf(verifierTimeoutMs))
                .arg(check.dataSql);
    q.keepRows = true;
    return q;
}

void apply(CatalogCheck &check, const PgResult &result, int verifierTimeoutMs)
{
    if (!result.ok) {
        check.dataExample = result.timedOut
            ? QStringLiteral("the data check did not finish within %1 s.").arg(timeoutOf(verifierTimeoutMs) / 1000.0)
            : QStringLiteral("the data check failed: %1").arg(result.error);
        return;
    }
    if (result.values.isEmpty()) {
        check.holdsInData = true;
        return;
    }
    // One duplicate key: its values, then how many rows share them.
    check.holdsInData = false;
    const PgRow &row = result.values.first();
    if (row.size() < 2 || result.columns.size() != row.size()) return;
    QStringList values;
    for (qsizetype i = 0; i + 1 < row.size(); ++i)
        values << row.at(i).value_or(QStringLiteral("NULL"));
    check.dataExample = QStringLiteral("(%1) = (%2) has %3 rows")
                            .arg(result.columns.mid(0, result.columns.size() - 1).join(QStringLiteral(", ")),
                                values.join(QStringLiteral(", ")), row.last().value_or(QStringLiteral("?")));
}

void annotate(const Rewrite &rewrite, RewriteVerification *verification)
{
    if (verification->form != u"main") return;
    QStringList sentences;
    for (const CatalogCheck &c : rewrite.checks)
        if (c.required && !c.dataSentence().isEmpty()) sentences << c.dataSentence();
    if (sentences.isEmpty()) return;
    // The warning comes first: the reader of a verified, faster form must not miss it. What the data says about a
    // refused form follows the reason it was refused.
    const bool usable = std::any_of(
        rewrite.checks.cbegin(), rewrite.checks.cend(), [](const CatalogCheck &c) { return c.holdsOnlyInData(); });
    if (verification->note.isEmpty()) {
        verification->note = sentences.join(u' ');
    } else {
        verification->note = usable ? sentences.join(u' ') + u' ' + verification->note
                                    : verification->note + u' ' + sentences.join(u' ');
    }
}

} // namespace PlanLens::InvariantCheck
