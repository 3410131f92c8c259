// SPDX-License-Identifier: MIT
// An index suggestion tried with HypoPG on a throwaway cluster: the verifier plans the statement with the index
// only pretended to exist, and the rewrite carries that plan (and the JSON says so). Without the extension the
// suggestion still stands, without a hypothetical plan.
#include "plan/planparser.h"
#include "rewrite/rewrite.h"
#include "rewrite/rewriteverifier.h"
#include "sql/sqlscript.h"
#include "testcluster.h"

#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

using namespace PlanLens;

class TestRewriteHypopg : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void hypotheticalIndexIsPlanned();
    void sortLimitIndexIsPlanned();
    void withoutHypopgNothingIsPretended();
    void expressionIndexIsPlanned();

private:
    QList<Rewrite> propose(PgConnection &conn, const QString &sql = QString());
    QList<Rewrite> verifyChecks(PgConnection &conn, const QList<Rewrite> &rewrites, const QString &sql = QString());
    Test::TestCluster m_pg;
    const QString m_sql = QStringLiteral("SELECT id, note FROM readings WHERE sensor = 17 AND taken > 900");
};

void TestRewriteHypopg::initTestCase()
{
    QString error;
    QVERIFY2(m_pg.start(&error), qPrintable(error));
    QVERIFY2(m_pg.exec(QStringLiteral(
                 "CREATE TABLE readings (id int PRIMARY KEY, sensor int NOT NULL, taken int NOT NULL, note text);"
                 "INSERT INTO readings SELECT g, g % 500, g % 1000, 'n' || g FROM generate_series(1, 200000) g;"
                 "ANALYZE readings;"),
                 &error),
             qPrintable(error));
}

QList<Rewrite> TestRewriteHypopg::propose(PgConnection &conn, const QString &sql)
{
    const QString text = sql.isEmpty() ? m_sql : sql;
    QSignalSpy done(&conn, &PgConnection::queryFinished);
    PgQuery q;
    q.sql = QStringLiteral("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ") + text;
    q.keepRows = true;
    conn.execute(q);
    if (!done.wait(30000))
        return {};
    const PgResult r = done.first().at(1).value<PgResult>();
    if (!r.ok || r.values.isEmpty())
        return {};
    Result<Plan> plan = parsePlan(*r.values.first().first());
    Result<SqlScript> script = parseSqlScript(text);
    if (!std::holds_alternative<Plan>(plan) || !std::holds_alternative<SqlScript>(script))
        return {};
    QList<Rewrite> out;
    for (const Rewrite &rw : proposeRewrites(std::get<SqlScript>(script), &std::get<Plan>(plan)))
        if (rw.rule == u"create-index")
            out << rw;
    return out;
}

QList<Rewrite> TestRewriteHypopg::verifyChecks(PgConnection &conn, const QList<Rewrite> &rewrites, const QString &sql)
{
    RewriteVerifier verifier(&conn);
    QSignalSpy finished(&verifier, &RewriteVerifier::finished);
    RewriteVerifier::Options options;
    options.checksOnly = true;
    verifier.start(std::get<SqlScript>(parseSqlScript(sql.isEmpty() ? m_sql : sql)), rewrites, options);
    if (!finished.wait(30000))
        return {};
    return finished.first().first().value<QList<Rewrite>>();
}

void TestRewriteHypopg::hypotheticalIndexIsPlanned()
{
    QString error;
    QVERIFY2(m_pg.exec(QStringLiteral("CREATE EXTENSION IF NOT EXISTS hypopg"), &error),
             qPrintable(QStringLiteral("HypoPG is missing (scripts/install-deps installs postgresql-15-hypopg): ") + error));
    PgConnection conn;
    QSignalSpy ok(&conn, &PgConnection::connected);
    conn.connectToServer(m_pg.conninfo());
    QVERIFY(ok.wait(15000));

    const QList<Rewrite> proposed = propose(conn);
    QCOMPARE(proposed.size(), 1);
    QVERIFY2(proposed.first().statements.first().contains(QStringLiteral("(sensor, taken)")),
             qPrintable(proposed.first().statements.first()));
    QVERIFY(!proposed.first().hypothetical);

    const QList<Rewrite> checked = verifyChecks(conn, proposed);
    QCOMPARE(checked.size(), 1);
    QVERIFY2(checked.first().hypothetical.has_value(), "HypoPG is installed: a hypothetical plan is expected");
    const Rewrite::Hypothetical &h = *checked.first().hypothetical;
    QVERIFY2(h.usesIndex, qPrintable(h.rootWith));
    QVERIFY2(h.indexName.contains(QStringLiteral("readings")), qPrintable(h.indexName));
    QVERIFY2(h.costWith < h.costWithout / 5, qPrintable(QStringLiteral("%1 -> %2").arg(h.costWithout).arg(h.costWith)));
    const QJsonObject json = rewriteToJson(checked.first());
    QCOMPARE(json.value(QStringLiteral("hypothetical")).toObject().value(QStringLiteral("uses_index")).toBool(), true);

    // The hypothetical index is gone afterwards: nothing was built, nothing is left in the session.
    QSignalSpy done(&conn, &PgConnection::queryFinished);
    PgQuery q;
    q.sql = QStringLiteral("SELECT count(*) FROM hypopg_list_indexes");
    q.keepRows = true;
    conn.execute(q);
    QVERIFY(done.wait(10000));
    QCOMPARE(*done.first().at(1).value<PgResult>().values.first().first(), QStringLiteral("0"));
}

void TestRewriteHypopg::sortLimitIndexIsPlanned()
{
    // ORDER BY … LIMIT over the whole table (sort-limit-large-input): the index on the sort keys, with their
    // direction, checked with HypoPG the same way as a filter's index.
    QString error;
    QVERIFY2(m_pg.exec(QStringLiteral("CREATE EXTENSION IF NOT EXISTS hypopg"), &error), qPrintable(error));
    PgConnection conn;
    QSignalSpy ok(&conn, &PgConnection::connected);
    conn.connectToServer(m_pg.conninfo());
    QVERIFY(ok.wait(15000));
    const QString sql = QStringLiteral("SELECT id, note FROM readings ORDER BY taken DESC, id LIMIT 10");
    const QList<Rewrite> proposed = propose(conn, sql);
    QCOMPARE(proposed.size(), 1);
    QCOMPARE(proposed.first().statements.first(), QStringLiteral("CREATE INDEX CONCURRENTLY ON readings (taken DESC, id)"));
    const QList<Rewrite> checked = verifyChecks(conn, proposed, sql);
    QCOMPARE(checked.size(), 1);
    QVERIFY2(checked.first().hypothetical.has_value(), "HypoPG is installed: a hypothetical plan is expected");
    const Rewrite::Hypothetical &h = *checked.first().hypothetical;
    QVERIFY2(h.usesIndex, qPrintable(h.rootWith));
    QVERIFY2(h.costWith < h.costWithout / 5, qPrintable(QStringLiteral("%1 -> %2").arg(h.costWithout).arg(h.costWith)));
}

void TestRewriteHypopg::withoutHypopgNothingIsPretended()
{
    QString error;
    QVERIFY2(m_pg.exec(QStringLiteral("DROP EXTENSION IF EXISTS hypopg"), &error), qPrintable(error));
    PgConnection conn;
    QSignalSpy ok(&conn, &PgConnection::connected);
    conn.connectToServer(m_pg.conninfo());
    QVERIFY(ok.wait(15000));
    const QList<Rewrite> checked = verifyChecks(conn, propose(conn));
    QCOMPARE(checked.size(), 1);
    QVERIFY(!checked.first().hypothetical);
    QCOMPARE(rewriteToJson(checked.first()).value(QStringLiteral("hypothetical")).isNull(), true);
}

void TestRewriteHypopg::expressionIndexIsPlanned()
{
    // lower(email) = … (non-sargable-predicate): the index on the expression, as the plan prints it cleaned of the
    // cast PostgreSQL adds to a varchar column, is one the planner matches; the "no such index" check sees an index
    // built on the same expression.
    QString error;
    QVERIFY2(m_pg.exec(QStringLiteral(
                 "CREATE EXTENSION IF NOT EXISTS hypopg;"
                 "CREATE TABLE members (id int PRIMARY KEY, email varchar(80) NOT NULL);"
                 "INSERT INTO members SELECT g, CASE WHEN g % 2 = 0 THEN 'Member.' ELSE 'MEMBER.' END || g || '@Example.com' "
                 "FROM generate_series(1, 100000) g;"
                 "ANALYZE members;"),
                 &error),
             qPrintable(error));
    PgConnection conn;
    QSignalSpy ok(&conn, &PgConnection::connected);
    conn.connectToServer(m_pg.conninfo());
    QVERIFY(ok.wait(15000));
    const QString sql = QStringLiteral("SELECT id FROM members WHERE lower(email) = 'member.4242@example.com'");
    const QList<Rewrite> proposed = propose(conn, sql);
    QCOMPARE(proposed.size(), 1);
    QCOMPARE(proposed.first().statements.first(), QStringLiteral("CREATE INDEX CONCURRENTLY ON members (lower(email))"));
    auto noSuchIndex = [](const Rewrite &r) -> std::optional<bool> {
        for (const CatalogCheck &c : r.checks)
            if (c.id == u"no-such-index") return c.holds;
        return std::nullopt;
    };
    const QList<Rewrite> checked = verifyChecks(conn, proposed, sql);
    QCOMPARE(checked.size(), 1);
    QCOMPARE(noSuchIndex(checked.first()), std::optional<bool>(true));
    QVERIFY2(checked.first().hypothetical.has_value(), "HypoPG is installed: a hypothetical plan is expected");
    const Rewrite::Hypothetical &h = *checked.first().hypothetical;
    QVERIFY2(h.usesIndex, qPrintable(h.rootWith));
    QVERIFY2(h.costWith < h.costWithout / 2, qPrintable(QStringLiteral("%1 -> %2").arg(h.costWithout).arg(h.costWith)));
    // Built for real, the same expression index makes the check answer false.
    QVERIFY2(m_pg.exec(QStringLiteral("CREATE INDEX members_lower_email ON members (lower(email))"), &error), qPrintable(error));
    const QList<Rewrite> again = verifyChecks(conn, proposed, sql);
    QCOMPARE(again.size(), 1);
    QCOMPARE(noSuchIndex(again.first()), std::optional<bool>(false));
    QVERIFY2(m_pg.exec(QStringLiteral("DROP TABLE members"), &error), qPrintable(error));
}

QTEST_MAIN(TestRewriteHypopg)
#include "tst_rewritehypopg.moc"
