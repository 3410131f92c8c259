// SPDX-License-Identifier: MIT
// The distinct-to-exists rewrite verified on a throwaway cluster (issue 13, item 6): `SELECT DISTINCT a.* FROM
// dx_authors a JOIN dx_books b … WHERE b.genre = 'novel'` against `… WHERE EXISTS (SELECT 1 FROM dx_books b …)`;
// the verifier proves the authors' rows distinct (primary key), compares the rows in one snapshot and times both.
// A copy of the authors without any key: the unique-key check fails, so the form is not run (DISTINCT also
// removed duplicates of the table itself, which EXISTS would keep).
#include "plan/planparser.h"
#include "queryscalar.h"
#include "rewrite/rewrite.h"
#include "rewrite/rewriteverifier.h"
#include "sql/sqlscript.h"
#include "testcluster.h"
#include "verifyrewrites.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

using namespace PlanLens;

class TestDistinctExistsVerify : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void sameRowsAsASemiJoin();
    void refusedWithoutAKey();

private:
    QList<Rewrite> propose(PgConnection &conn, const QString &sql);
    QPair<Rewrite, RewriteVerification> verify(PgConnection &conn, const QString &sql, const Rewrite &rewrite, int runs);
    Test::TestCluster m_pg;
};

void TestDistinctExistsVerify::initTestCase()
{
    QString error;
    QVERIFY2(m_pg.start(&error), qPrintable(error));
    // The fixture's data (plans/cases/distinct-join-semi.sql).
    QVERIFY2(m_pg.exec(QStringLiteral(
                 "CREATE TABLE dx_authors (id int PRIMARY KEY, name text NOT NULL, country text NOT NULL, bio text NOT NULL);"
                 "INSERT INTO dx_authors SELECT i, 'author ' || i, (ARRAY['fr', 'de', 'it', 'es'])[1 + i % 4],"
                 " repeat(md5(i::text), 6) FROM generate_series(1, 2000) i;"
                 "CREATE TABLE dx_books (id int PRIMARY KEY, author_id int NOT NULL REFERENCES dx_authors, genre text NOT NULL,"
                 " title text NOT NULL);"
                 "INSERT INTO dx_books SELECT i, 1 + i % 2000, CASE WHEN (i / 2000) % 10 = 0 THEN 'poetry' ELSE 'novel' END,"
                 " 'book ' || i FROM generate_series(1, 300000) i;"
                 "CREATE INDEX dx_books_author_id_idx ON dx_books (author_id);"
                 "CREATE TABLE dx_authors_nokey AS SELECT * FROM dx_authors;"
                 "ANALYZE dx_authors; ANALYZE dx_books; ANALYZE dx_authors_nokey;"),
                 &error),
        qPrintable(error));
}

QList<Rewrite> TestDistinctExistsVerify::propose(PgConnection &conn, const QString &sql)
{
    return PlanLens::Test::proposeOnServer(conn, sql, QStringLiteral("distinct-to-exists"), QStringLiteral("ANALYZE, FORMAT JSON"));
}

QPair<Rewrite, RewriteVerification> TestDistinctExistsVerify::verify(PgConnection &conn, const QString &sql,
    const Rewrite &rewrite, int runs)
{
    RewriteVerifier::Options options;
    options.runs = runs;
    const auto out = PlanLens::Test::verifyRewrites(conn, std::get<SqlScript>(parseSqlScript(sql)), { rewrite }, options, 180000);
    const QList<Rewrite> &rewrites = out.rewrites;
    const QList<QList<RewriteVerification>> &results = out.results;
    if (rewrites.size() != 1 || results.size() != 1 || results.first().isEmpty()) return {};
    return { rewrites.first(), results.first().first() };
}

void TestDistinctExistsVerify::sameRowsAsASemiJoin()
{
    const QString sql = QStringLiteral(
        "SELECT DISTINCT a.* FROM dx_authors a JOIN dx_books b ON b.author_id = a.id WHERE b.genre = 'novel'");
    PgConnection conn;
    QSignalSpy ok(&conn, &PgConnection::connected);
    conn.connectToServer(m_pg.conninfo());
    QVERIFY(ok.wait(15000));
    const QList<Rewrite> proposed = propose(conn, sql);
    QCOMPARE(proposed.size(), 1);
    QCOMPARE(proposed.first().statements.first(),
        QStringLiteral("SELECT a.* FROM dx_authors a WHERE EXISTS (SELECT 1 FROM dx_books b WHERE b.author_id = a.id "
                       "AND b.genre = 'novel')"));
    const auto [rw, v] = verify(conn, sql, proposed.first(), 5);
    QCOMPARE(rw.checks.size(), 1);
    QCOMPARE(rw.checks.first().holds, std::optional<bool>(true)); // the primary key
    QVERIFY2(v.error.isEmpty(), qPrintable(v.error));
    QCOMPARE(v.rowsEqual, std::optional<bool>(true));
    QVERIFY(v.ran && v.speedup && v.beforeMedianMs && v.afterMedianMs);
    const QJsonObject json = v.toJson();
    const QString before = json.value(QStringLiteral("before_plans")).toArray().first().toString();
    const QString after = json.value(QStringLiteral("after_plans")).toArray().first().toString();
    qInfo("before %.2f ms (%s), after %.2f ms (%s), x%.1f", *v.beforeMedianMs, qPrintable(before), *v.afterMedianMs,
        qPrintable(after), *v.speedup);
    QCOMPARE(v.run.before.statements.size(), 1);
    QCOMPARE(v.run.after.statements.size(), 1);
    QCOMPARE(v.run.before.statements.first().plan.root().nodeType, QStringLiteral("Aggregate"));
    QCOMPARE(v.run.after.statements.first().plan.root().joinType, QStringLiteral("Semi"));
}

void TestDistinctExistsVerify::refusedWithoutAKey()
{
    const QString sql = QStringLiteral(
        "SELECT DISTINCT a.* FROM dx_authors_nokey a JOIN dx_books b ON b.author_id = a.id WHERE b.genre = 'novel'");
    PgConnection conn;
    QSignalSpy ok(&conn, &PgConnection::connected);
    conn.connectToServer(m_pg.conninfo());
    QVERIFY(ok.wait(15000));
    const QList<Rewrite> proposed = propose(conn, sql);
    QCOMPARE(proposed.size(), 1);
    const auto [rw, v] = verify(conn, sql, proposed.first(), 1);
    QCOMPARE(rw.checks.size(), 1);
    QCOMPARE(rw.checks.first().holds, std::optional<bool>(false));
    QVERIFY(rw.preconditionFailed());
    QVERIFY(!v.ran);
    QVERIFY2(v.note.contains(QStringLiteral("may hold identical rows")), qPrintable(v.note));
}

QTEST_GUILESS_MAIN(TestDistinctExistsVerify)
#include "tst_distinctexistsverify.moc"
