// SPDX-License-Identifier: MIT
// Three query shapes of issue 13.6, offline, on plans captured from PostgreSQL 15 (tests/data/plans, cases/<case>.sql):
//   limit-index-walk-filter / -quiet   ORDER BY created_at DESC LIMIT 20 walked on the created_at index while the
//                                      Filter on status throws rows away → index (status, created_at DESC)
//   limit-sort-filter                  the same shape with a top-N Sort over the filtered Seq Scan
//   or-two-columns / -bitmap           email = … OR phone = … without a BitmapOr → one index per arm, or UNION
//   count-whole-table, count-most-rows, count-selective   count(*) of a large table → an approximation
// Each fixture runs through the detectors and proposeRewrites(); the advice and the rewrite SQL are compared exactly.
#include "detectfixtures.h"

#include "rewrite/approximatecountrule.h"
#include "rewrite/rewrite.h"

#include <QJsonArray>
#include <QTest>

#include <cmath>
#include <optional>

using namespace PlanLens;
using namespace Test::DetectFixtures;

namespace {

// A copy, not a pointer into the list: callers pass the temporary findings(fx) returns (a pointer into it dangled).
std::optional<Finding> findRule(const QList<Finding> &fs, const QString &rule)
{
    for (const Finding &f : fs)
        if (f.rule == rule) return f;
    return std::nullopt;
}

QList<Rewrite> rewritesOf(const QList<Rewrite> &all, const QString &rule)
{
    QList<Rewrite> out;
    for (const Rewrite &r : all)
        if (r.rule == rule) out << r;
    return out;
}

// A fixture's plan with another SQL text (variants of the statement the rules must accept or refuse).
QList<Rewrite> proposeFor(const Fixture &fx, const QString &sql)
{
    const Result<SqlScript> s = parseSqlScript(sql);
    if (isError(s)) return {};
    return proposeRewrites(std::get<SqlScript>(s), &fx.plan);
}

QList<Finding> findingsFor(const Fixture &fx, const QString &sql)
{
    const Result<SqlScript> s = parseSqlScript(sql);
    if (isError(s)) return {};
    const SqlScript script = std::get<SqlScript>(s);
    return runDetectors(fx.plan, &script);
}

} // namespace

class TestQueryShapeAdvice : public QObject
{
    Q_OBJECT
private slots:
    void limitWalkGetsTheCompositeIndex_data();
    void limitWalkGetsTheCompositeIndex();
    void limitWalkWithoutSql();
    void limitWalkQuiet();
    void limitSortGetsTheCompositeIndex();
    void orAcrossColumns_data();
    void orAcrossColumns();
    void orToUnionForms();
    void orToUnionRefuses();
    void orWithBitmapOrIsQuiet();
    void countWholeTable_data();
    void countWholeTable();
    void countWithWhereIsCapped();
    void countRefusesOtherShapes();
    void countSelectiveIsQuiet();
};

void TestQueryShapeAdvice::limitWalkGetsTheCompositeIndex_data()
{
    QTest::addColumn<QString>("file");
    QTest::newRow("json") << QStringLiteral("plans/limit-index-walk-filter.json");
    QTest::newRow("text") << QStringLiteral("plans/limit-index-walk-filter.txt");
}

void TestQueryShapeAdvice::limitWalkGetsTheCompositeIndex()
{
    QFETCH(QString, file);
    const Fixture fx = load(file);
    QVERIFY2(fx.error.isEmpty(), qPrintable(fx.error));
    QVERIFY(fx.sql);
    const QList<Finding> fs = findings(fx);
    const std::optional<Finding> f = findRule(fs, QStringLiteral("rows-removed-by-filter"));
    QVERIFY2(f, qPrintable(ruleIds(fs).join(u',')));
    const QString ddl = QStringLiteral("CREATE INDEX CONCURRENTLY ON lw_events (status, created_at DESC)");
    QCOMPARE(f->evidence.value(QStringLiteral("suggested_index")).toString(), ddl + u';');
    QCOMPARE(f->evidence.value(QStringLiteral("index_walk")).toString(), QStringLiteral("lw_events_created_at_idx"));
    QCOMPARE(f->evidence.value(QStringLiteral("limit_rows")).toDouble(), 20.0);
    QCOMPARE(f->evidence.value(QStringLiteral("index_columns")).toArray(),
        QJsonArray({ QStringLiteral("status"), QStringLiteral("created_at") }));
    QVERIFY2(f->advice.contains(ddl), qPrintable(f->advice));
    QVERIFY2(f->message.contains(QStringLiteral("walks lw_events_created_at_idx")), qPrintable(f->message));
    QCOMPARE(f->rewriteId, QStringLiteral("create-index"));

    const QList<Rewrite> indexes = rewritesOf(proposeRewrites(*fx.sql, &fx.plan), QStringLiteral("create-index"));
    QCOMPARE(indexes.size(), 1);
    QCOMPARE(indexes.first().statements, QStringList { ddl });
    QCOMPARE(indexes.first().title, QStringLiteral("Index lw_events (status, created_at DESC)"));
    QVERIFY2(indexes.first().explanation.contains(QStringLiteral("ORDER BY created_at DESC LIMIT")),
        qPrintable(indexes.first().explanation));
    // The "no such index" check looks for an index that starts with both columns.
    QVERIFY(indexes.first().checks.first().sql.contains(QStringLiteral("status")));
    QVERIFY(indexes.first().checks.first().sql.contains(QStringLiteral("created_at")));
}

void TestQueryShapeAdvice::limitWalkWithoutSql()
{
    // The plan alone does not print the ORDER BY keys of the walked index: the advice says to add them, the index
    // written stays the Filter's.
    const Fixture fx = load(QStringLiteral("plans/limit-index-walk-filter.json"), false);
    QVERIFY2(fx.error.isEmpty(), qPrintable(fx.error));
    const std::optional<Finding> f = findRule(findings(fx), QStringLiteral("rows-removed-by-filter"));
    QVERIFY(f);
    QCOMPARE(f->evidence.value(QStringLiteral("suggested_index")).toString(),
        QStringLiteral("CREATE INDEX CONCURRENTLY ON lw_events (status);"));
    QVERIFY2(f->advice.contains(QStringLiteral("put the ORDER BY keys")), qPrintable(f->advice));
    // With SQL that orders by an expression, no composite index can be written: the Filter's index again.
    const QList<Rewrite> rs = rewritesOf(proposeFor(fx, QStringLiteral("SELECT id FROM lw_events WHERE status = "
                                                                       "'failed' ORDER BY lower(payload) LIMIT 20")),
        QStringLiteral("create-index"));
    QCOMPARE(rs.size(), 1);
    QCOMPARE(rs.first().statements, QStringList { QStringLiteral("CREATE INDEX CONCURRENTLY ON lw_events (status)") });
}

void TestQueryShapeAdvice::limitWalkQuiet()
{
    const Fixture fx = load(QStringLiteral("plans/limit-index-walk-quiet.json"));
    QVERIFY2(fx.error.isEmpty(), qPrintable(fx.error));
    QVERIFY(fx.sql);
    QCOMPARE(ruleIds(findings(fx)), QStringList());
    QVERIFY(rewritesOf(proposeRewrites(*fx.sql, &fx.plan), QStringLiteral("create-index")).isEmpty());
}

void TestQueryShapeAdvice::limitSortGetsTheCompositeIndex()
{
    // Limit → Sort → Seq Scan whose Filter keeps 1,000 of 500,000 rows: the Sort Key is in the plan, so the plan alone
    // is enough for (page, visited_at DESC); sort-limit-large-input stays quiet (1,000 rows sorted).
    for (const bool withSql : { true, false }) {
        const Fixture fx = load(QStringLiteral("plans/limit-sort-filter.json"), withSql);
        QVERIFY2(fx.error.isEmpty(), qPrintable(fx.error));
        const QList<Finding> fs = findings(fx);
        QCOMPARE(ruleIds(fs), QStringList { QStringLiteral("rows-removed-by-filter") });
        const std::optional<Finding> f = findRule(fs, QStringLiteral("rows-removed-by-filter"));
        const QString ddl = QStringLiteral("CREATE INDEX CONCURRENTLY ON cw_visits (page, visited_at DESC)");
        QCOMPARE(f->evidence.value(QStringLiteral("suggested_index")).toString(), ddl + u';');
        QCOMPARE(f->evidence.value(QStringLiteral("sort_limit")).toBool(), true);
        QVERIFY2(f->advice.contains(ddl), qPrintable(f->advice));
        QCOMPARE(f->rewriteId, QStringLiteral("create-index"));
        if (!withSql) continue;
        const QList<Rewrite> indexes = rewritesOf(proposeRewrites(*fx.sql, &fx.plan), QStringLiteral("create-index"));
        QCOMPARE(indexes.size(), 1);
        QCOMPARE(indexes.first().statements, QStringList { ddl });
        QVERIFY2(indexes.first().explanation.contains(QStringLiteral("no Sort")), qPrintable(indexes.first().explanation));
    }
}

void TestQueryShapeAdvice::orAcrossColumns_data()
{
    QTest::addColumn<QString>("file");
    QTest::newRow("json") << QStringLiteral("plans/or-two-columns.json");
    QTest::newRow("text") << QStringLiteral("plans/or-two-columns.txt");
}

void TestQueryShapeAdvice::orAcrossColumns()
{
    QFETCH(QString, file);
    const Fixture fx = load(file);
    QVERIFY2(fx.error.isEmpty(), qPrintable(fx.error));
    QVERIFY(fx.sql);
    const QList<Finding> fs = findings(fx);
    // One finding, with the right advice: not rows-removed-by-filter's (email, phone), which cannot serve an OR.
    QCOMPARE(ruleIds(fs), QStringList { QStringLiteral("or-across-columns") });
    const std::optional<Finding> f = findRule(fs, QStringLiteral("or-across-columns"));
    const QStringList ddl { QStringLiteral("CREATE INDEX CONCURRENTLY ON oc_contacts (email)"),
        QStringLiteral("CREATE INDEX CONCURRENTLY ON oc_contacts (phone)") };
    QCOMPARE(f->evidence.value(QStringLiteral("suggested_indexes")).toArray(),
        QJsonArray({ ddl.at(0) + u';', ddl.at(1) + u';' }));
    QCOMPARE(f->evidence.value(QStringLiteral("or_columns")).toArray(),
        QJsonArray({ QStringLiteral("email"), QStringLiteral("phone") }));
    QCOMPARE(f->evidence.value(QStringLiteral("rows_removed_by_filter")).toDouble(), 299998.0);
    QCOMPARE(f->rewriteId, QStringLiteral("create-index"));
    QVERIFY2(f->advice.contains(QStringLiteral("or-to-union")), qPrintable(f->advice));
    QCOMPARE(f->level, FindingLevel::Critical);

    const QList<Rewrite> all = proposeRewrites(*fx.sql, &fx.plan);
    const QList<Rewrite> indexes = rewritesOf(all, QStringLiteral("create-index"));
    QCOMPARE(indexes.size(), 1);
    QCOMPARE(indexes.first().statements, ddl);
    QCOMPARE(indexes.first().title, QStringLiteral("Index oc_contacts (email), (phone)"));
    // One "no such index" check per statement, informative: a column with an index already skips its statement.
    int noSuchIndex = 0;
    for (const CatalogCheck &c : indexes.first().checks)
        if (c.id == u"no-such-index") {
            ++noSuchIndex;
            QVERIFY(!c.required);
        }
    QCOMPARE(noSuchIndex, 2);
    QCOMPARE(rewritesOf(all, QStringLiteral("or-to-union")).size(), 1);
}

void TestQueryShapeAdvice::orToUnionForms()
{
    const Fixture fx = load(QStringLiteral("plans/or-two-columns.json"));
    QVERIFY2(fx.error.isEmpty(), qPrintable(fx.error));
    const QList<Rewrite> rs = rewritesOf(proposeRewrites(*fx.sql, &fx.plan), QStringLiteral("or-to-union"));
    QCOMPARE(rs.size(), 1);
    const Rewrite &r = rs.first();
    QCOMPARE(r.statements,
        QStringList { QStringLiteral("SELECT id, name FROM oc_contacts WHERE email = 'user4242@example.com'\nUNION\n"
                                     "SELECT id, name FROM oc_contacts WHERE phone = '+1-555-0171717'") });
    QCOMPARE(r.mapping.kind, QStringLiteral("same-rows"));
    QCOMPARE(r.fallbackVariant, QStringLiteral("union-all"));
    QCOMPARE(r.variants.size(), 1);
    QCOMPARE(r.variants.first().statements,
        QStringList { QStringLiteral(
            "SELECT id, name FROM oc_contacts WHERE email = 'user4242@example.com'\nUNION ALL\n"
            "SELECT id, name FROM oc_contacts WHERE phone = '+1-555-0171717' AND (email = 'user4242@example.com') IS NOT TRUE") });
    QCOMPARE(r.checks.size(), 2);
    QCOMPARE(r.checks.at(0).id, QStringLiteral("unique-key"));
    QVERIFY(r.checks.at(0).required);
    QVERIFY2(r.checks.at(0).precondition.contains(QStringLiteral("(id, name)")), qPrintable(r.checks.at(0).precondition));
    QVERIFY(!r.checks.at(1).required);

    // An OR inside an AND: only the OR is split, the other conditions stay in each arm.
    const QList<Rewrite> nested = rewritesOf(
        proposeFor(fx, QStringLiteral("SELECT * FROM oc_contacts c WHERE c.name <> '' AND (c.email = $1 OR c.phone = $2)")),
        QStringLiteral("or-to-union"));
    QCOMPARE(nested.size(), 1);
    QCOMPARE(nested.first().statements,
        QStringList { QStringLiteral("SELECT * FROM oc_contacts c WHERE c.name <> '' AND (c.email = $1)\nUNION\n"
                                     "SELECT * FROM oc_contacts c WHERE c.name <> '' AND (c.phone = $2)") });
    // SELECT *: any unique key of the table makes the rows distinct.
    QVERIFY2(nested.first().checks.first().sql.contains(QStringLiteral("indisunique")), qPrintable(nested.first().checks.first().sql));
}

void TestQueryShapeAdvice::orToUnionRefuses()
{
    const Fixture fx = load(QStringLiteral("plans/or-two-columns.json"));
    QVERIFY2(fx.error.isEmpty(), qPrintable(fx.error));
    const QStringList refused {
        // one column: one index (or = ANY) serves the OR
        QStringLiteral("SELECT id FROM oc_contacts WHERE email = 'a' OR email = 'b'"),
        // ORDER BY / LIMIT / aggregates would have to move over the UNION
        QStringLiteral("SELECT id FROM oc_contacts WHERE email = 'a' OR phone = 'b' ORDER BY id LIMIT 5"),
        QStringLiteral("SELECT count(*) FROM oc_contacts WHERE email = 'a' OR phone = 'b'"),
        // a subquery under the OR is or-sublink-defeats-index's
        QStringLiteral("SELECT id FROM oc_contacts WHERE email = 'a' OR id IN (SELECT 1)"),
        // another table
        QStringLiteral("SELECT id FROM other_contacts WHERE email = 'a' OR phone = 'b'"),
    };
    for (const QString &sql : refused)
        QVERIFY2(rewritesOf(proposeFor(fx, sql), QStringLiteral("or-to-union")).isEmpty(), qPrintable(sql));
}

void TestQueryShapeAdvice::orWithBitmapOrIsQuiet()
{
    const Fixture fx = load(QStringLiteral("plans/or-two-columns-bitmap.json"));
    QVERIFY2(fx.error.isEmpty(), qPrintable(fx.error));
    QVERIFY(fx.sql);
    QCOMPARE(ruleIds(findings(fx)), QStringList());
    const QList<Rewrite> all = proposeRewrites(*fx.sql, &fx.plan);
    QVERIFY(rewritesOf(all, QStringLiteral("or-to-union")).isEmpty());
    QVERIFY(rewritesOf(all, QStringLiteral("create-index")).isEmpty());
}

void TestQueryShapeAdvice::countWholeTable_data()
{
    QTest::addColumn<QString>("file");
    QTest::newRow("json") << QStringLiteral("plans/count-whole-table.json");
    QTest::newRow("text") << QStringLiteral("plans/count-whole-table.txt");
}

void TestQueryShapeAdvice::countWholeTable()
{
    QFETCH(QString, file);
    const Fixture fx = load(file);
    QVERIFY2(fx.error.isEmpty(), qPrintable(fx.error));
    QVERIFY(fx.sql);
    const QList<Finding> fs = findings(fx);
    QCOMPARE(ruleIds(fs), QStringList { QStringLiteral("count-whole-table") });
    const std::optional<Finding> f = findRule(fs, QStringLiteral("count-whole-table"));
    QCOMPARE(f->rewriteId, QStringLiteral("approximate-count"));
    // Three processes: PostgreSQL prints the per-loop average, rounded (166,667 × 3 loops).
    QVERIFY(std::abs(f->evidence.value(QStringLiteral("rows_counted")).toDouble() - 500000.0) <= 3);
    QCOMPARE(f->evidence.value(QStringLiteral("filtered")).toBool(), false);
    QVERIFY2(f->advice.contains(QStringLiteral("SELECT reltuples::bigint FROM pg_class WHERE oid = 'cw_visits'::regclass;")),
        qPrintable(f->advice));
    QVERIFY2(f->advice.contains(QStringLiteral("not the exact count")), qPrintable(f->advice));
    QVERIFY(f->level != FindingLevel::Critical); // an exact count is what was asked: at most a warning

    const QList<Rewrite> rs = rewritesOf(proposeRewrites(*fx.sql, &fx.plan), QStringLiteral("approximate-count"));
    QCOMPARE(rs.size(), 1);
    const Rewrite &r = rs.first();
    QCOMPARE(r.statements,
        QStringList { QStringLiteral("SELECT reltuples::bigint AS count\nFROM pg_class\nWHERE oid = 'cw_visits'::regclass") });
    QCOMPARE(r.replaces, QList<int> { int(fx.sql->statements.size()) - 1 }); // the capture script's last statement
    QCOMPARE(r.mapping.kind, QStringLiteral("approximate"));
    QCOMPARE(r.checks.size(), 1);
    QCOMPARE(r.checks.first().id, QStringLiteral("reltuples-known"));
    QCOMPARE(r.fallbackVariant, QStringLiteral("capped"));
    QCOMPARE(r.variants.size(), 1);
    QCOMPARE(r.variants.first().statements,
        QStringList { QStringLiteral("SELECT count(*) AS count\nFROM (SELECT 1 FROM cw_visits\n      LIMIT 1001) AS capped") });
    QCOMPARE(r.variants.first().mapping.kind, QStringLiteral("approximate"));
    QCOMPARE(rewriteToJson(r).value(QStringLiteral("result_mapping")).toObject().value(QStringLiteral("kind")).toString(),
        QStringLiteral("approximate"));
}

void TestQueryShapeAdvice::countWithWhereIsCapped()
{
    const Fixture fx = load(QStringLiteral("plans/count-most-rows.json"));
    QVERIFY2(fx.error.isEmpty(), qPrintable(fx.error));
    const std::optional<Finding> f = findRule(findings(fx), QStringLiteral("count-whole-table"));
    QVERIFY(f);
    QCOMPARE(f->evidence.value(QStringLiteral("filtered")).toBool(), true);
    QCOMPARE(f->evidence.value(QStringLiteral("rows_counted")).toDouble(), 495000.0);
    const QList<Rewrite> rs = rewritesOf(proposeRewrites(*fx.sql, &fx.plan), QStringLiteral("approximate-count"));
    QCOMPARE(rs.size(), 1);
    QCOMPARE(rs.first().statements,
        QStringList { QStringLiteral("SELECT count(*) AS count\nFROM (SELECT 1 FROM cw_visits WHERE page <> 'admin'\n"
                                     "      LIMIT 1001) AS capped") });
    QVERIFY(rs.first().variants.isEmpty());
    QCOMPARE(rs.first().mapping.kind, QStringLiteral("approximate"));
    // The alias of the count is kept.
    const QList<Rewrite> named = rewritesOf(
        proposeFor(fx, QStringLiteral("SELECT count(*) AS total FROM cw_visits v WHERE v.page <> $1")),
        QStringLiteral("approximate-count"));
    QCOMPARE(named.size(), 1);
    QCOMPARE(named.first().statements,
        QStringList { QStringLiteral("SELECT count(*) AS total\nFROM (SELECT 1 FROM cw_visits v WHERE v.page <> $1\n"
                                     "      LIMIT 1001) AS capped") });
    QCOMPARE(ApproximateCountRule::kCap, 1000);
}

void TestQueryShapeAdvice::countRefusesOtherShapes()
{
    const Fixture fx = load(QStringLiteral("plans/count-whole-table.json"));
    QVERIFY2(fx.error.isEmpty(), qPrintable(fx.error));
    const QStringList refused {
        QStringLiteral("SELECT count(id) FROM cw_visits"),          // counts non-null values
        QStringLiteral("SELECT count(DISTINCT page) FROM cw_visits"),
        QStringLiteral("SELECT count(*), max(id) FROM cw_visits"),
        QStringLiteral("SELECT page, count(*) FROM cw_visits GROUP BY page"),
        QStringLiteral("SELECT count(*) FROM other_table"),
    };
    for (const QString &sql : refused) {
        QVERIFY2(rewritesOf(proposeFor(fx, sql), QStringLiteral("approximate-count")).isEmpty(), qPrintable(sql));
        // With SQL the finding only comes where the rewrite can.
        QVERIFY2(!findRule(findingsFor(fx, sql), QStringLiteral("count-whole-table")), qPrintable(sql));
    }
    // Without SQL the plan's VERBOSE output (count(*)) is enough, with a lower confidence.
    const Fixture alone = load(QStringLiteral("plans/count-whole-table.json"), false);
    const std::optional<Finding> f = findRule(findings(alone), QStringLiteral("count-whole-table"));
    QVERIFY(f);
    QVERIFY(f->confidence < 1);
    QCOMPARE(f->rewriteId, QStringLiteral("approximate-count"));
}

void TestQueryShapeAdvice::countSelectiveIsQuiet()
{
    const Fixture fx = load(QStringLiteral("plans/count-selective.json"));
    QVERIFY2(fx.error.isEmpty(), qPrintable(fx.error));
    QCOMPARE(ruleIds(findings(fx)), QStringList());
    QVERIFY(rewritesOf(proposeRewrites(*fx.sql, &fx.plan), QStringLiteral("approximate-count")).isEmpty());
}

QTEST_GUILESS_MAIN(TestQueryShapeAdvice)
#include "tst_queryshapeadvice.moc"
