// SPDX-License-Identifier: MIT
#include "createtrigramindexrule.h"

#include "catalogchecks.h"
#include "detect/detectinput.h"
#include "detect/planconditions.h"
#include "format/units.h"
#include "plan/plan.h"
#include "sql/sqlspan.h"

#include <algorithm>

namespace PlanLens {

namespace {

QString sqlString(const QString &s)
{
    return u'\'' + QString(s).replace(u'\'', QStringLiteral("''")) + u'\'';
}

bool leadingWildcard(const QString &operand)
{
    return operand.size() > 1 && operand.startsWith(u'\'') && (operand.at(1) == u'%' || operand.at(1) == u'_');
}

// A cast the plan adds to a varchar or char column before LIKE ((name)::text ~~ …): the index is still on the
// column itself.
bool plainColumnCast(const QString &castTo)
{
    static const QStringList ok { QString(), QStringLiteral("text"), QStringLiteral("character varying"),
        QStringLiteral("varchar"), QStringLiteral("bpchar") };
    return ok.contains(castTo.toLower());
}

// No index of the relation holds the column with a trigram operator class yet (then the planner chose not to
// use it, and another one would not help).
CatalogCheck noTrigramIndex(const TrigramIndexSuggestion &s)
{
    CatalogCheck c;
    c.id = QStringLiteral("no-such-index");
    c.precondition = QStringLiteral("No trigram index (gin_trgm_ops or gist_trgm_ops) on %1 (%2) exists yet.")
                         .arg(s.relation, s.column);
    c.sql = QStringLiteral("SELECT NOT EXISTS (\n"
                           "  SELECT 1 FROM pg_index i\n"
                           "  CROSS JOIN LATERAL unnest(i.indkey::int2[], i.indclass::oid[]) AS k(attnum, opclass)\n"
                           "  JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum\n"
                           "  JOIN pg_opclass o ON o.oid = k.opclass\n"
                           "  WHERE i.indrelid = %1 AND a.attname = %2\n"
                           "    AND o.opcname IN ('gin_trgm_ops', 'gist_trgm_ops')\n"
                           ") AS holds")
                .arg(CatalogChecks::regclass(s.schema == u"public" ? QString() : s.schema, s.relation),
                    sqlString(s.column));
    c.whenFalse = QStringLiteral("A trigram index on %1 (%2) exists already: the planner did not choose it for this "
                                 "pattern (too few characters between the wildcards, or a pattern matching most "
                                 "rows); a second one would not help.")
                      .arg(s.relation, s.column);
    return c;
}

// The plan prints a varchar column and an integer cast to text alike ((t.c)::text ~~ …): only the catalog knows
// whether the column itself takes gin_trgm_ops.
CatalogCheck textColumn(const TrigramIndexSuggestion &s)
{
    CatalogCheck c;
    c.id = QStringLiteral("text-column");
    c.precondition = QStringLiteral("%1.%2 is a text, varchar or char column.").arg(s.relation, s.column);
    c.sql = QStringLiteral("SELECT EXISTS (\n"
                           "  SELECT 1 FROM pg_attribute a\n"
                           "  WHERE a.attrelid = %1 AND a.attname = %2\n"
                           "    AND a.atttypid IN ('text'::regtype, 'varchar'::regtype, 'bpchar'::regtype)\n"
                           ") AS holds")
                .arg(CatalogChecks::regclass(s.schema == u"public" ? QString() : s.schema, s.relation),
                    sqlString(s.column));
    c.whenFalse = QStringLiteral("%1 is not a text column (the plan shows it cast to text): gin_trgm_ops needs an "
                                 "expression index on ((%1)::text), and the query must compare that same expression.")
                      .arg(s.column);
    return c;
}

CatalogCheck trigramAvailable()
{
    CatalogCheck c;
    c.id = QStringLiteral("extension-available");
    c.precondition = QStringLiteral("The server has the pg_trgm extension (installed, or available to CREATE "
                                    "EXTENSION).");
    c.sql = QStringLiteral("SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm') AS holds");
    c.whenFalse = QStringLiteral("pg_trgm is not available on this server: it ships with PostgreSQL's contrib modules "
                                 "(Debian and Ubuntu: postgresql-contrib, part of the postgresql-NN package; RPM: "
                                 "postgresql-contrib), which the server's administrator installs.");
    return c;
}

} // namespace

QString TrigramIndexSuggestion::qualifiedRelation() const
{
    return schema.isEmpty() || schema == u"public" ? quoteSqlIdentifier(relation)
                                                   : quoteSqlIdentifier(schema) + u'.' + quoteSqlIdentifier(relation);
}

QString TrigramIndexSuggestion::extensionSql()
{
    return QStringLiteral("CREATE EXTENSION IF NOT EXISTS pg_trgm");
}

QString TrigramIndexSuggestion::ddl() const
{
    return QStringLiteral("CREATE INDEX CONCURRENTLY ON %1 USING gin (%2 gin_trgm_ops)")
        .arg(qualifiedRelation(), quoteSqlIdentifier(column));
}

int CreateTrigramIndexRule::longestLiteralRun(const QString &pattern)
{
    // The pattern as the plan prints it: '…'::text, with '' for a quote inside.
    QString p = pattern;
    const qsizetype cast = p.lastIndexOf(QStringLiteral("'::"));
    if (cast > 0) p.truncate(cast + 1);
    if (p.size() >= 2 && p.startsWith(u'\'') && p.endsWith(u'\'')) p = p.mid(1, p.size() - 2);
    p.replace(QStringLiteral("''"), QStringLiteral("'"));
    int best = 0, run = 0;
    for (qsizetype i = 0; i < p.size(); ++i) {
        const QChar c = p.at(i);
        if (c == u'\\' && i + 1 < p.size()) {
            ++i; // an escaped wildcard is a literal character
            best = std::max(best, ++run);
        } else if (c == u'%' || c == u'_') {
            run = 0;
        } else {
            best = std::max(best, ++run);
        }
    }
    return best;
}

std::optional<TrigramIndexSuggestion> CreateTrigramIndexRule::forScan(const Plan &plan, int node)
{
    if (node < 0 || node >= plan.nodes.size()) return std::nullopt;
    const PlanNode &n = plan.nodes.at(node);
    if (!DetectInput::isScan(n) || n.relationName.isEmpty() || n.filter.isEmpty() || !n.rowsRemovedByFilter)
        return std::nullopt;
    const double removed = *n.rowsRemovedByFilter * n.actualLoops.value_or(1);
    if (removed < kMinRemoved) return std::nullopt;
    for (const Conditions::ColumnUse &u : Conditions::columnUses(n.filter)) {
        if (!Conditions::belongsTo(u, n) || !u.function.isEmpty() || !plainColumnCast(u.castTo)) continue;
        if ((u.opAfter != u"~~" && u.opAfter != u"~~*") || !leadingWildcard(u.operandAfter)) continue;
        if (longestLiteralRun(u.operandAfter) < kMinLiteralRun) continue;
        TrigramIndexSuggestion s;
        s.schema = n.schema;
        s.relation = n.relationName;
        s.column = u.column;
        s.op = u.opAfter;
        s.pattern = u.operandAfter;
        s.node = node;
        s.nodeName = n.displayName();
        s.removed = removed;
        s.kept = n.totalActualRows();
        return s;
    }
    return std::nullopt;
}

QList<TrigramIndexSuggestion> CreateTrigramIndexRule::forPlan(const Plan &plan)
{
    QList<TrigramIndexSuggestion> out;
    for (int i = 0; i < plan.nodes.size(); ++i) {
        const std::optional<TrigramIndexSuggestion> s = forScan(plan, i);
        if (!s) continue;
        const bool seen = std::any_of(out.cbegin(), out.cend(), [&](const TrigramIndexSuggestion &o) {
            return o.schema == s->schema && o.relation == s->relation && o.column == s->column;
        });
        if (!seen) out << *s;
    }
    return out;
}

QList<Rewrite> CreateTrigramIndexRule::propose(const RewriteInput &in) const
{
    QList<Rewrite> out;
    if (!in.plan) return out;
    for (const TrigramIndexSuggestion &s : forPlan(*in.plan)) {
        const bool ilike = s.op == u"~~*";
        Rewrite r;
        r.rule = id();
        r.title = QStringLiteral("Trigram index on %1 (%2)").arg(s.relation, s.column);
        r.statements = { TrigramIndexSuggestion::extensionSql(), s.ddl() };
        r.explanation
            = QStringLiteral("%1 matches %2 with %3 %4, a pattern that starts with a wildcard: a B-tree index "
                             "orders values by their first characters, so it cannot find such rows and the scan "
                             "reads %5 rows to keep %6. pg_trgm's GIN index stores every three-character "
                             "sequence of each value; the planner looks up the trigrams of the pattern's literal "
                             "text (a Bitmap Index Scan on the new index), then rechecks the candidate rows. "
                             "gin_trgm_ops serves LIKE and ILIKE alike (no lower(%2) index is needed) and also "
                             "regular expressions (~, ~*). HypoPG cannot plan GIN indexes (it simulates B-tree, "
                             "BRIN, hash and bloom only), so `planlens rewrite --verify` builds this index for real "
                             "inside a transaction it always rolls back and runs the statement with and without "
                             "it.")
                  .arg(s.nodeName, s.column, ilike ? QStringLiteral("ILIKE") : QStringLiteral("LIKE"), s.pattern,
                      Units::count(s.removed + s.kept), Units::count(s.kept));
        r.preconditions
            << QStringLiteral("CREATE EXTENSION pg_trgm needs the CREATE privilege on the database (pg_trgm is a "
                              "trusted extension from PostgreSQL 13 on; before that a superuser).")
            << QStringLiteral("CREATE INDEX CONCURRENTLY does not block writes to %1 but cannot run inside a "
                              "transaction block, scans the table twice and, when it fails, leaves an INVALID index "
                              "to drop.")
                   .arg(s.relation)
            << QStringLiteral("A GIN trigram index is often larger than the column itself and slows writes to it "
                              "(fastupdate defers part of the cost to VACUUM).")
            << QStringLiteral("Patterns need at least %1 characters between wildcards for the index to narrow the "
                              "search; a pattern that matches most rows is still read best by a Seq Scan.")
                   .arg(kMinLiteralRun);
        r.checks << trigramAvailable() << textColumn(s) << noTrigramIndex(s);
        r.mapping.kind = QStringLiteral("none");
        r.mapping.description = QStringLiteral("An index changes no result, only the plan.");
        out << r;
    }
    return out;
}

} // namespace PlanLens
