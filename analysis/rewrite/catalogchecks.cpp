// SPDX-License-Identifier: MIT
#include "catalogchecks.h"

#include "sql/sqlspan.h"

namespace PlanLens::CatalogChecks {

namespace {
QString literal(const QString &s)
{
    QString q = s;
    q.replace(u'\'', QStringLiteral("''"));
    return u'\'' + q + u'\'';
}

QString literalList(const QStringList &values)
{
    QStringList out;
    for (const QString &v : values)
        out << literal(v);
    return out.join(QStringLiteral(", "));
}
} // namespace

QString regclass(const QString &schema, const QString &relname)
{
    const QString name = schema.isEmpty() ? quoteSqlIdentifier(relname)
                                          : quoteSqlIdentifier(schema) + u'.' + quoteSqlIdentifier(relname);
    return literal(name) + QStringLiteral("::regclass");
}

CatalogCheck uniqueWithin(const QString &schema, const QString &relname, const QStringList &columns)
{
    CatalogCheck c;
    c.id = QStringLiteral("unique-key");
    // indkey is an int2vector (0-based); its first indnkeyatts entries are the key columns, the rest are
    // INCLUDE columns. attnum 0 marks an expression column, which proves nothing about plain columns.
    c.sql = QStringLiteral("SELECT EXISTS (\n"
                           "  SELECT 1 FROM pg_index i\n"
                           "  WHERE i.indrelid = %1 AND i.indisunique AND i.indisvalid AND i.indpred IS NULL\n"
                           "    AND NOT EXISTS (\n"
                           "      SELECT 1 FROM unnest((i.indkey::int2[])[0:i.indnkeyatts - 1]) AS k(attnum)\n"
                           "      LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum\n"
                           "      WHERE k.attnum = 0 OR a.attname IS NULL OR a.attname NOT IN (%2))\n"
                           ") AS holds")
                .arg(regclass(schema, relname), literalList(columns));
    return c;
}

QString duplicateKeySql(const QString &fromText, const QStringList &columns, const QStringList &conditions)
{
    QStringList cols;
    for (const QString &c : columns)
        cols << quoteSqlIdentifier(c);
    const QString keys = cols.join(QStringLiteral(", "));
    QStringList where;
    for (const QString &c : conditions)
        where << (conditions.size() > 1 ? u'(' + c + u')' : c);
    // GROUP BY … HAVING count(*) > 1 LIMIT 1 stops at the first duplicate key; with an index on the columns (or
    // on the conditions' columns) it reads little.
    return QStringLiteral("SELECT %1, count(*) AS row_count FROM %2%3 GROUP BY %1 HAVING count(*) > 1 LIMIT 1")
        .arg(keys, fromText,
            where.isEmpty() ? QString() : QStringLiteral(" WHERE ") + where.join(QStringLiteral(" AND ")));
}

QString uniqueIndexSql(const QString &schema, const QString &relname, const QStringList &columns)
{
    QStringList cols;
    for (const QString &c : columns)
        cols << quoteSqlIdentifier(c);
    // NAMEDATALEN - 1 = 63 bytes; longer names are truncated by the server anyway (with a NOTICE).
    QString name = relname + u'_' + columns.join(u'_') + QStringLiteral("_key");
    while (name.toUtf8().size() > 63)
        name.chop(1);
    const QString table = schema.isEmpty() ? quoteSqlIdentifier(relname)
                                           : quoteSqlIdentifier(schema) + u'.' + quoteSqlIdentifier(relname);
    return QStringLiteral("CREATE UNIQUE INDEX CONCURRENTLY %1 ON %2 (%3);")
        .arg(quoteSqlIdentifier(name), table, cols.join(QStringLiteral(", ")));
}

CatalogCheck columnsLeadIndexes(const QString &schema, const QString &relname, const QStringList &columns)
{
    CatalogCheck c;
    c.id = QStringLiteral("indexed");
    QStringList values;
    for (const QString &col : columns)
        values << QStringLiteral("(%1)").arg(literal(col));
    c.sql = QStringLiteral("SELECT bool_and(EXISTS (\n"
                           "  SELECT 1 FROM pg_index i\n"
                           "  JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]\n"
                           "  WHERE i.indrelid = %1 AND i.indisvalid AND a.attname = c.name)) AS holds\n"
                           "FROM (VALUES %2) AS c(name)")
                .arg(regclass(schema, relname), values.join(QStringLiteral(", ")));
    c.required = false;
    return c;
}

CatalogCheck notNull(const QString &schema, const QString &relname, const QString &column)
{
    CatalogCheck c;
    c.id = QStringLiteral("not-null");
    c.sql = QStringLiteral("SELECT coalesce((SELECT a.attnotnull FROM pg_attribute a\n"
                           "  WHERE a.attrelid = %1 AND a.attname = %2 AND NOT a.attisdropped), false) AS holds")
                .arg(regclass(schema, relname), literal(column));
    return c;
}

CatalogCheck noIndexStartingWith(const QString &schema, const QString &relname, const QStringList &columns)
{
    CatalogCheck c;
    c.id = QStringLiteral("no-such-index");
    c.sql = QStringLiteral("SELECT NOT EXISTS (\n"
                           "  SELECT 1 FROM pg_index i\n"
                           "  WHERE i.indrelid = %1 AND i.indisvalid\n"
                           "    AND (SELECT array_agg(a.attname::text ORDER BY k.n)\n"
                           "         FROM unnest((i.indkey::int2[])[0:%3]) WITH ORDINALITY AS k(attnum, n)\n"
                           "         JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum)\n"
                           "        = ARRAY[%2]::text[]\n"
                           ") AS holds")
                .arg(regclass(schema, relname), literalList(columns))
                .arg(columns.size() - 1);
    c.required = false;
    return c;
}

CatalogCheck extensionInstalled(const QString &name)
{
    CatalogCheck c;
    c.id = name;
    c.sql = QStringLiteral("SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = %1) AS holds").arg(literal(name));
    c.required = false;
    return c;
}

QString catalogFactsSql()
{
    // prokind: 'a' aggregate, 'w' window, 'f' function, 'p' procedure (PostgreSQL 11+). Every schema is read:
    // a name that is an aggregate anywhere is treated as one, which can only make a rule more careful.
    return QStringLiteral("SELECT p.proname::text, n.nspname::text, p.prokind::text\n"
                          "FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace\n"
                          "WHERE p.prokind IN ('a', 'w')");
}

CatalogFacts catalogFactsFromRows(const QList<QStringList> &rows)
{
    CatalogFacts facts;
    for (const QStringList &row : rows) {
        if (row.size() < 3 || row.at(0).isEmpty()) continue;
        QSet<QString> &set = row.at(2) == u"w" ? facts.windowFunctions : facts.aggregates;
        set.insert(row.at(0));
        if (!row.at(1).isEmpty()) set.insert(row.at(1) + u'.' + row.at(0));
    }
    return facts;
}

} // namespace PlanLens::CatalogChecks
