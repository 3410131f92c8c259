// SPDX-License-Identifier: MIT
#pragma once

#include "rewrite.h"

#include <QString>
#include <QStringList>

// SQL queries over pg_catalog that test a rewrite's precondition on the live database. Each returns one row
// with one boolean column `holds`. Relations are resolved with the connection's search_path, as the user's
// query would be.
namespace PlanLens::CatalogChecks {

// 'schema.relname'::regclass, quoted so that mixed-case names resolve.
QString regclass(const QString &schema, const QString &relname);

// A unique, valid, non-partial index (or primary key) whose key columns all lie in `columns`: then at most
// one row exists per combination of `columns`. INCLUDE columns do not count; an expression column fails.
CatalogCheck uniqueWithin(const QString &schema, const QString &relname, const QStringList &columns);

// The data check for uniqueWithin (CatalogCheck::dataSql): read-only, no row when `fromText` has at most one row
// per combination of `columns` among the rows `conditions` keep (ANDed, as written in the query), else one
// example: the key values, then their count (column row_count).
QString duplicateKeySql(const QString &fromText, const QStringList &columns, const QStringList &conditions);

// The constraint that proves uniqueWithin: "CREATE UNIQUE INDEX CONCURRENTLY t_a_b_key ON t (a, b);" (the name
// PostgreSQL gives a UNIQUE constraint, cut to 63 bytes).
QString uniqueIndexSql(const QString &schema, const QString &relname, const QStringList &columns);

// Every column leads (is the first key column of) some index of the relation.
CatalogCheck columnsLeadIndexes(const QString &schema, const QString &relname, const QStringList &columns);

// The column is declared NOT NULL.
CatalogCheck notNull(const QString &schema, const QString &relname, const QString &column);

// No index of the relation starts with exactly these key columns in this order.
CatalogCheck noIndexStartingWith(const QString &schema, const QString &relname, const QStringList &columns);

// The extension is installed in the database.
CatalogCheck extensionInstalled(const QString &name);

// The query that reads the CatalogFacts: one row per aggregate or window function (proname, nspname, prokind).
QString catalogFactsSql();
// The facts from that query's rows (each row: proname, nspname, prokind; a row with a missing value is skipped).
CatalogFacts catalogFactsFromRows(const QList<QStringList> &rows);

} // namespace PlanLens::CatalogChecks
