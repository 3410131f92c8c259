// SPDX-License-Identifier: MIT
// The three query shapes of issue 13.6 verified on a throwaway cluster with generated data:
//   ORDER BY created_at DESC LIMIT walked on the created_at index → create-index (status, created_at DESC), which
//     HypoPG plans and the planner chooses;
//   email = … OR phone = … with only email indexed → create-index with both indexes, planned by HypoPG as a
//     BitmapOr; or-to-union returns the same rows (UNION with the primary key selected, the UNION ALL form without);
//   count(*) of the whole table → approximate-count: the verification states an approximation (the value next to the
//     exact count), does not call the rows different, and times both sides.
#include "plan/planparser.h"
#include "rewrite/rewrite.h"
#include "rewrite/rewriteverifier.h"
#include "sql/sqlscript.h"
#include "testcluster.h"
#include "verifyrewrites.h"

#include <QSignalSpy>
#include <QTest>

using namespace PlanLens;

class TestQueryShapeVerify : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void cleanup();
    void limitWalkIndexIsChosen();
    void orIndexesMakeABitmapOr();
    void orToUnionReturnsTheSameRows();
    void unionAllFormWithoutAUniqueKey();
    void approximateCountSaysSo();

private:
    QString scalar(const QString &sql);
    QList<Rewrite> propose(const QString &sql, const QString &rule);
    struct Verified {
        QList<Rewrite> rewrites;
        QList<QList<RewriteVerification>> results;
    };
    Verified verify(const QString &sql, const QList<Rewrite> &rewrites, bool checksOnly);
    Test::TestCluster m_pg;
    std::unique_ptr<PgConnection> m_conn;
};

void TestQueryShapeVerify::initTestCase()
{
    QString error;
    QVERIFY2(m_pg.start(&error), qPrintable(error));
    QVERIFY2(m_pg.exec(QStringLiteral(
                 "CREATE EXTENSION hypopg;"
                 // Failed events only among the oldest fifth: walking created_at backwards finds them last.
                 "CREATE TABLE lw_events (id int PRIMARY KEY, status text NOT NULL, created_at timestamptz NOT NULL);"
                 "INSERT INTO lw_events SELECT i, CASE WHEN i <= 40000 AND i % 50 = 0 THEN 'failed' ELSE 'done' END,"
                 " timestamptz '2026-01-01 00:00:00+00' + i * interval '10 seconds' FROM generate_series(1, 200000) i;"
                 "CREATE INDEX lw_events_created_at_idx ON lw_events (created_at);"
                 "CREATE TABLE oc_contacts (id int PRIMARY KEY, email text NOT NULL, phone text NOT NULL, name text NOT NULL);"
                 "INSERT INTO oc_contacts SELECT i, 'user' || i || '@example.com', '+1-555-' || lpad(i::text, 7, '0'),"
                 " 'name ' || i % 1000 FROM generate_series(1, 200000) i;"
                 "CREATE INDEX oc_contacts_email_idx ON oc_contacts (email);"
                 "CREATE TABLE cw_visits (id int PRIMARY KEY, page text NOT NULL);"
                 "INSERT INTO cw_visits SELECT i, 'page ' || i % 500 FROM generate_series(1, 300000) i;"
                 "ANALYZE lw_events; ANALYZE oc_contacts; ANALYZE cw_visits;"
                 "ALTER DATABASE postgres SET max_parallel_workers_per_gather = 0;"),
                 &error),
        qPrintable(error));
}

void TestQueryShapeVerify::init()
{
    m_conn = std::make_unique<PgConnection>();
    QSignalSpy ok(m_conn.get(), &PgConnection::connected);
    m_conn->connectToServer(m_pg.conninfo());
    QVERIFY(ok.wait(15000));
}

void TestQueryShapeVerify::cleanup()
{
    m_conn.reset();
}

QString TestQueryShapeVerify::scalar(const QString &sql)
{
    QSignalSpy done(m_conn.get(), &PgConnection::queryFinished);
    PgQuery q;
    q.sql = sql;
    q.keepRows = true;
    m_conn->execute(q);
    if (!done.wait(60000)) return {};
    const PgResult r = done.first().at(1).value<PgResult>();
    if (!r.ok || r.values.isEmpty() || r.values.first().isEmpty() || !r.values.first().first()) return r.error;
    return *r.values.first().first();
}

QList<Rewrite> TestQueryShapeVerify::propose(const QString &sql, const QString &rule)
{
    return PlanLens::Test::proposeOnServer(*m_conn, sql, rule, QStringLiteral("ANALYZE, BUFFERS, VERBOSE, FORMAT JSON"));
}

TestQueryShapeVerify::Verified TestQueryShapeVerify::verify(const QString &sql, const QList<Rewrite> &rewrites, bool checksOnly)
{
    RewriteVerifier::Options options;
    options.runs = 3;
    options.checksOnly = checksOnly;
    const auto out = PlanLens::Test::verifyRewrites(*m_conn, std::get<SqlScript>(parseSqlScript(sql)), rewrites, options, 120000);
    if (!out.error.isEmpty())
        return {};
    return { out.rewrites, out.results };
}

void TestQueryShapeVerify::limitWalkIndexIsChosen()
{
    const QString sql = QStringLiteral("SELECT id, created_at FROM lw_events WHERE status = 'failed' ORDER BY created_at DESC LIMIT 20");
    const QString plan = scalar(QStringLiteral("EXPLAIN (FORMAT JSON) ") + sql);
    QVERIFY2(plan.contains(QStringLiteral("lw_events_created_at_idx")), qPrintable(plan)); // the walk, as in the fixture
    const QList<Rewrite> proposed = propose(sql, QStringLiteral("create-index"));
    QCOMPARE(proposed.size(), 1);
    QCOMPARE(proposed.first().statements,
        QStringList { QStringLiteral("CREATE INDEX CONCURRENTLY ON lw_events (status, created_at DESC)") });
    const Verified v = verify(sql, proposed, true);
    QCOMPARE(v.rewrites.size(), 1);
    QVERIFY2(v.rewrites.first().hypothetical, "HypoPG is installed: a hypothetical plan is expected");
    const Rewrite::Hypothetical &h = *v.rewrites.first().hypothetical;
    QVERIFY2(h.usesIndex, qPrintable(h.rootWith));
    QVERIFY2(h.indexName.contains(QStringLiteral("lw_events_status_created_at")), qPrintable(h.indexName));
    QVERIFY2(h.costWith < h.costWithout / 5, qPrintable(QStringLiteral("%1 -> %2").arg(h.costWithout).arg(h.costWith)));
}

void TestQueryShapeVerify::orIndexesMakeABitmapOr()
{
    const QString sql = QStringLiteral("SELECT id, name FROM oc_contacts WHERE email = 'user4242@example.com' OR phone = '+1-555-0171717'");
    const QList<Rewrite> proposed = propose(sql, QStringLiteral("create-index"));
    QCOMPARE(proposed.size(), 1);
    QCOMPARE(proposed.first().statements,
        QStringList({ QStringLiteral("CREATE INDEX CONCURRENTLY ON oc_contacts (email)"),
            QStringLiteral("CREATE INDEX CONCURRENTLY ON oc_contacts (phone)") }));
    const Verified v = verify(sql, proposed, true);
    QCOMPARE(v.rewrites.size(), 1);
    // email has an index already: its statement is the one to skip; phone has none.
    int answered = 0;
    for (const CatalogCheck &c : v.rewrites.first().checks) {
        if (c.id != u"no-such-index") continue;
        ++answered;
        QCOMPARE(c.holds, std::optional<bool>(!c.precondition.contains(QStringLiteral("(email)"))));
    }
    QCOMPARE(answered, 2);
    QVERIFY2(v.rewrites.first().hypothetical, "HypoPG is installed: a hypothetical plan is expected");
    const Rewrite::Hypothetical &h = *v.rewrites.first().hypothetical;
    QVERIFY2(h.usesIndex, qPrintable(h.rootWith));
    QVERIFY2(h.planJson.contains(QStringLiteral("BitmapOr")), qPrintable(h.planJson));
    QVERIFY2(h.costWith < h.costWithout / 5, qPrintable(QStringLiteral("%1 -> %2").arg(h.costWithout).arg(h.costWith)));
    QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM hypopg_list_indexes")), QStringLiteral("0"));
}

void TestQueryShapeVerify::orToUnionReturnsTheSameRows()
{
    // Row 4242 matches both arms (its email and its phone), row 171717 the second only: UNION must return row
    // 4242 once, as the OR does.
    const QString sql = QStringLiteral("SELECT id, name FROM oc_contacts WHERE email = 'user4242@example.com' OR phone IN "
                                       "('+1-555-0171717', '+1-555-0004242')");
    const QList<Rewrite> proposed = propose(sql, QStringLiteral("or-to-union"));
    QCOMPARE(proposed.size(), 1);
    const Verified v = verify(sql, proposed, false);
    QCOMPARE(v.results.size(), 1);
    QCOMPARE(v.rewrites.first().checks.first().holds, std::optional<bool>(true)); // id, the primary key, is selected
    QCOMPARE(v.rewrites.first().recommendedForm(), QStringLiteral("main"));
    QCOMPARE(v.results.first().size(), 2); // main and the union-all variant
    for (const RewriteVerification &r : v.results.first()) {
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        QCOMPARE(r.rowsEqual, std::optional<bool>(true));
        QVERIFY(r.ran);
        QVERIFY(r.speedup.has_value());
    }
}

void TestQueryShapeVerify::unionAllFormWithoutAUniqueKey()
{
    // name repeats every 1,000 rows: without a key in the select list the original may return a row twice, which
    // UNION would merge. The check says so and the UNION ALL form is the one to use; it returns the same rows.
    const QString sql = QStringLiteral("SELECT name FROM oc_contacts WHERE email = 'user4242@example.com' OR phone = "
                                       "'+1-555-0005242'");
    const QList<Rewrite> proposed = propose(sql, QStringLiteral("or-to-union"));
    QCOMPARE(proposed.size(), 1);
    const Verified v = verify(sql, proposed, false);
    QCOMPARE(v.rewrites.size(), 1);
    QCOMPARE(v.rewrites.first().checks.first().holds, std::optional<bool>(false));
    QCOMPARE(v.rewrites.first().recommendedForm(), QStringLiteral("union-all"));
    QCOMPARE(v.results.first().size(), 2);
    const RewriteVerification &main = v.results.first().at(0);
    QVERIFY2(main.note.startsWith(QStringLiteral("Not run")), qPrintable(main.note));
    const RewriteVerification &all = v.results.first().at(1);
    QCOMPARE(all.form, QStringLiteral("union-all"));
    QCOMPARE(all.rowsEqual, std::optional<bool>(true)); // 'name 242' twice, as the OR returns it
}

void TestQueryShapeVerify::approximateCountSaysSo()
{
    const QString sql = QStringLiteral("SELECT count(*) FROM cw_visits");
    const QList<Rewrite> proposed = propose(sql, QStringLiteral("approximate-count"));
    QCOMPARE(proposed.size(), 1);
    const Verified v = verify(sql, proposed, false);
    QCOMPARE(v.rewrites.first().checks.first().holds, std::optional<bool>(true)); // ANALYZE set reltuples
    QCOMPARE(v.results.first().size(), 2); // reltuples, then the capped variant
    const RewriteVerification &estimate = v.results.first().at(0);
    QVERIFY2(estimate.error.isEmpty(), qPrintable(estimate.error));
    QVERIFY(!estimate.rowsEqual.has_value()); // not compared: an approximation is not a wrong result
    QVERIFY2(estimate.note.startsWith(QStringLiteral("An approximation (not compared as rows): the After returns")),
        qPrintable(estimate.note));
    QVERIFY2(estimate.note.contains(QStringLiteral("300,000")), qPrintable(estimate.note));
    QVERIFY(estimate.ran);
    QVERIFY(estimate.speedup.has_value());
    const RewriteVerification &capped = v.results.first().at(1);
    QCOMPARE(capped.form, QStringLiteral("capped"));
    QVERIFY(!capped.rowsEqual.has_value());
    QVERIFY2(capped.note.contains(QStringLiteral("shown as \"1,000+\"; the exact count is 300,000")), qPrintable(capped.note));
    QVERIFY(capped.ran);
    const QJsonObject json = estimate.toJson();
    QVERIFY(json.value(QStringLiteral("rows_equal")).isNull());
    QVERIFY(json.value(QStringLiteral("note")).toString().startsWith(QStringLiteral("An approximation")));
}

QTEST_GUILESS_MAIN(TestQueryShapeVerify)
#include "tst_queryshapeverify.moc"
