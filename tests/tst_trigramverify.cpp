// SPDX-License-Identifier: MIT
// The create-trigram-index advice verified on a throwaway cluster (issue 13, item 6): HypoPG cannot plan a GIN
// index, so the verifier builds it for real (CREATE EXTENSION pg_trgm and CREATE INDEX … USING gin, not
// CONCURRENTLY) inside a transaction it always rolls back, and runs EXPLAIN ANALYZE without and with it.
// Afterwards neither the index nor the extension exists, also when the build fails half-way (the name is taken)
// or the verifier is stopped at any step. `planlens rewrite --verify --json` carries verified.index_probe.
#include "plan/planparser.h"
#include "queryscalar.h"
#include "rewrite/rewrite.h"
#include "rewrite/rewriteverifier.h"
#include "verifyrewrites.h"
#include "sql/sqlscript.h"
#include "testcluster.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace PlanLens;

namespace {

const QString kSql = QStringLiteral("SELECT id, name FROM tg_products WHERE name ILIKE '%blue lamp%'");

} // namespace

class TestTrigramVerify : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void indexIsUsedAndRolledBack();
    void failureIsRolledBackToo();
    void cliReportsTheProbe();
    void stopLeavesNoTransaction();

private:
    bool connect(PgConnection &conn);
    QList<Rewrite> propose(PgConnection &conn);
    QList<QList<RewriteVerification>> verify(PgConnection &conn, const QList<Rewrite> &rewrites);
    Test::TestCluster m_pg;
};

void TestTrigramVerify::initTestCase()
{
    QString error;
    QVERIFY2(m_pg.start(&error), qPrintable(error));
    // The fixture's data (plans/cases/like-infix-trigram.sql): one product in 250 is a blue lamp.
    QVERIFY2(m_pg.exec(QStringLiteral(
                 "CREATE TABLE tg_products (id int PRIMARY KEY, name text NOT NULL, price numeric(10, 2) NOT NULL);"
                 "INSERT INTO tg_products SELECT i, 'product ' || md5(i::text) || CASE WHEN i % 250 = 0 THEN"
                 " ' Blue Lamp' ELSE '' END, (i % 1000) / 10.0 FROM generate_series(1, 200000) i;"
                 "ANALYZE tg_products;"),
                 &error),
        qPrintable(error));
}

bool TestTrigramVerify::connect(PgConnection &conn)
{
    QSignalSpy ok(&conn, &PgConnection::connected);
    conn.connectToServer(m_pg.conninfo());
    return ok.wait(15000);
}

QList<Rewrite> TestTrigramVerify::propose(PgConnection &conn)
{
    return PlanLens::Test::proposeOnServer(conn, kSql, QStringLiteral("create-trigram-index"));
}

QList<QList<RewriteVerification>> TestTrigramVerify::verify(PgConnection &conn, const QList<Rewrite> &rewrites)
{
    RewriteVerifier::Options options;
    options.runs = 1;
    const auto out = PlanLens::Test::verifyRewrites(conn, std::get<SqlScript>(parseSqlScript(kSql)), rewrites, options, 120000);
    if (!out.error.isEmpty())
        qWarning() << "verifier:" << out.error;
    return out.results;
}

void TestTrigramVerify::indexIsUsedAndRolledBack()
{
    PgConnection conn;
    QVERIFY(connect(conn));
    const QList<Rewrite> proposed = propose(conn);
    QCOMPARE(proposed.size(), 1);
    QCOMPARE(proposed.first().statements,
        (QStringList { QStringLiteral("CREATE EXTENSION IF NOT EXISTS pg_trgm"),
            QStringLiteral("CREATE INDEX CONCURRENTLY ON tg_products USING gin (name gin_trgm_ops)") }));
    QCOMPARE(PlanLens::Test::queryScalar(conn, QStringLiteral("SELECT count(*) FROM pg_extension WHERE extname = 'pg_trgm'")), QStringLiteral("0"));

    const QList<QList<RewriteVerification>> results = verify(conn, proposed);
    QCOMPARE(results.size(), 1);
    QCOMPARE(results.first().size(), 1);
    const RewriteVerification &v = results.first().first();
    QVERIFY2(v.error.isEmpty(), qPrintable(v.error));
    QVERIFY2(v.indexProbe.has_value(), qPrintable(v.note));
    const IndexProbeEffect &e = *v.indexProbe;
    qInfo("before %.2f ms, after %.2f ms (build %.0f ms); cost %.0f -> %.0f; %s -> %s", e.beforeMs.value_or(-1),
        e.afterMs.value_or(-1), e.buildMs, e.costBefore, e.costAfter, qPrintable(e.planBefore), qPrintable(e.planAfter));
    QCOMPARE(e.indexDdl, QStringLiteral("CREATE INDEX planlens_rolled_back_probe ON tg_products USING gin (name gin_trgm_ops)"));
    QCOMPARE(e.planBefore, QStringLiteral("Seq Scan on tg_products"));
    QCOMPARE(e.planAfter,
        QStringLiteral("Bitmap Heap Scan on tg_products | Bitmap Index Scan using planlens_rolled_back_probe"));
    QVERIFY(e.usesIndex);
    QVERIFY2(e.costAfter < e.costBefore, qPrintable(QStringLiteral("%1 %2").arg(e.costBefore).arg(e.costAfter)));
    QVERIFY(e.beforeMs && e.afterMs);
    QCOMPARE(v.beforeMedianMs, e.beforeMs);
    QCOMPARE(v.afterMedianMs, e.afterMs);
    QVERIFY(v.speedup);
    QVERIFY(e.rolledBack);
    QVERIFY2(v.note.contains(QStringLiteral("rolled back")) && v.note.contains(QStringLiteral("HypoPG cannot plan")),
        qPrintable(v.note));
    // The catalog checks ran first and held: pg_trgm is available, name is text, no trigram index exists.
    QCOMPARE(proposed.first().checks.size(), 3);
    for (const CatalogCheck &c : proposed.first().checks)
        QCOMPARE(PlanLens::Test::queryScalar(conn, c.sql), QStringLiteral("t"));

    // Rolled back: no index, no extension, and the session is not left inside a transaction.
    QCOMPARE(PlanLens::Test::queryScalar(conn, QStringLiteral("SELECT to_regclass('planlens_rolled_back_probe') IS NULL")), QStringLiteral("t"));
    QCOMPARE(PlanLens::Test::queryScalar(conn, QStringLiteral("SELECT count(*) FROM pg_index WHERE indrelid = 'tg_products'::regclass")),
        QStringLiteral("1")); // the primary key
    QCOMPARE(PlanLens::Test::queryScalar(conn, QStringLiteral("SELECT count(*) FROM pg_extension WHERE extname = 'pg_trgm'")), QStringLiteral("0"));
    QCOMPARE(PlanLens::Test::queryScalar(conn, QStringLiteral("SELECT xact_start = query_start FROM pg_stat_activity WHERE pid = pg_backend_pid()")),
        QStringLiteral("t"));
    const QString again = PlanLens::Test::queryScalar(conn, QStringLiteral("EXPLAIN (FORMAT JSON) ") + kSql);
    Result<Plan> plan = parsePlan(again);
    QVERIFY(std::holds_alternative<Plan>(plan));
    QCOMPARE(std::get<Plan>(plan).root().nodeType, QStringLiteral("Seq Scan"));
}

void TestTrigramVerify::failureIsRolledBackToo()
{
    PgConnection conn;
    QVERIFY(connect(conn));
    const QList<Rewrite> proposed = propose(conn);
    QCOMPARE(proposed.size(), 1);
    // Another relation already holds the probe's name: CREATE INDEX fails inside the probe's transaction, after
    // the extension was created there.
    QString error;
    QVERIFY2(m_pg.exec(QStringLiteral("CREATE TABLE planlens_rolled_back_probe (x int)"), &error), qPrintable(error));
    const QList<QList<RewriteVerification>> results = verify(conn, proposed);
    QVERIFY2(m_pg.exec(QStringLiteral("DROP TABLE planlens_rolled_back_probe"), &error), qPrintable(error));
    QCOMPARE(results.size(), 1);
    QCOMPARE(results.first().size(), 1);
    const RewriteVerification &v = results.first().first();
    QCOMPARE(v.errorSqlState, QStringLiteral("42P07")); // duplicate_table
    QVERIFY(!v.indexProbe);
    bool fine = false;
    QCOMPARE(PlanLens::Test::queryScalar(conn, QStringLiteral("SELECT 41 + 1"), &fine), QStringLiteral("42"));
    QVERIFY(fine);
    QCOMPARE(PlanLens::Test::queryScalar(conn, QStringLiteral("SELECT count(*) FROM pg_extension WHERE extname = 'pg_trgm'")), QStringLiteral("0"));
}

void TestTrigramVerify::cliReportsTheProbe()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    PgConnection conn;
    QVERIFY(connect(conn));
    const QString plan = PlanLens::Test::queryScalar(conn, QStringLiteral("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ") + kSql);
    QFile p(dir.filePath(QStringLiteral("plan.json"))), s(dir.filePath(QStringLiteral("q.sql")));
    QVERIFY(p.open(QIODevice::WriteOnly) && s.open(QIODevice::WriteOnly));
    p.write(plan.toUtf8());
    s.write(kSql.toUtf8());
    p.close();
    s.close();
    QProcess cli;
    cli.start(QStringLiteral(PLANLENS_BINARY),
        { QStringLiteral("rewrite"), s.fileName(), QStringLiteral("--plan"), p.fileName(), QStringLiteral("--dsn"),
            m_pg.conninfo(), QStringLiteral("--verify"), QStringLiteral("--runs"), QStringLiteral("1"),
            QStringLiteral("--json") });
    QVERIFY(cli.waitForFinished(180000));
    QVERIFY2(cli.exitCode() == 0, cli.readAllStandardError().constData());
    const QJsonArray rewrites
        = QJsonDocument::fromJson(cli.readAllStandardOutput()).object().value(QStringLiteral("rewrites")).toArray();
    int found = 0;
    for (const QJsonValue &r : rewrites) {
        if (r.toObject().value(QStringLiteral("rule")).toString() != u"create-trigram-index") continue;
        ++found;
        const QJsonObject verified = r.toObject().value(QStringLiteral("verified")).toObject();
        const QJsonObject probe = verified.value(QStringLiteral("index_probe")).toObject();
        QCOMPARE(probe.value(QStringLiteral("uses_index")).toBool(), true);
        QCOMPARE(probe.value(QStringLiteral("rolled_back")).toBool(), true);
        QVERIFY(probe.value(QStringLiteral("before_ms")).isDouble() && probe.value(QStringLiteral("after_ms")).isDouble());
        QVERIFY(probe.value(QStringLiteral("plan_after")).toString().contains(QStringLiteral("Bitmap Index Scan")));
        QVERIFY(verified.value(QStringLiteral("speedup")).isDouble());
    }
    QCOMPARE(found, 1);
    QCOMPARE(PlanLens::Test::queryScalar(conn, QStringLiteral("SELECT to_regclass('planlens_rolled_back_probe') IS NULL")), QStringLiteral("t"));
    QCOMPARE(PlanLens::Test::queryScalar(conn, QStringLiteral("SELECT count(*) FROM pg_extension WHERE extname = 'pg_trgm'")), QStringLiteral("0"));
}

void TestTrigramVerify::stopLeavesNoTransaction()
{
    // Stopped after the n-th answer the verifier got once the probe began (BEGIN, CREATE EXTENSION, the EXPLAINs,
    // CREATE INDEX, …): the connection ends up outside any transaction, with no index and no extension.
    PgConnection conn;
    QVERIFY(connect(conn));
    const QList<Rewrite> proposed = propose(conn);
    QCOMPARE(proposed.size(), 1);
    int stoppedRuns = 0;
    for (int step = 1; step <= 8; ++step) {
        RewriteVerifier verifier(&conn);
        QSignalSpy failed(&verifier, &RewriteVerifier::failed);
        // The probe's queries follow the catalog checks (three queries) and the Before rows' fetch (BEGIN, the
        // SELECT, ROLLBACK): its first answer is the seventh (its BEGIN).
        bool probing = false;
        int before = 0, answered = 0;
        QObject::connect(&conn, &PgConnection::queryFinished, &verifier, [&] { probing = ++before > 6; });
        QObject::connect(&conn, &PgConnection::queryFinished, &verifier, [&] {
            if (probing && ++answered == step && verifier.isRunning()) verifier.stop();
        });
        RewriteVerifier::Options options;
        options.runs = 1;
        verifier.start(std::get<SqlScript>(parseSqlScript(kSql)), proposed, options);
        QTRY_VERIFY_WITH_TIMEOUT(!verifier.isRunning(), 120000);
        QTRY_VERIFY_WITH_TIMEOUT(!conn.isBusy(), 10000);
        QTest::qWait(200); // a ROLLBACK sent after the stop is answered
        QTRY_VERIFY_WITH_TIMEOUT(!conn.isBusy(), 10000);
        if (!failed.isEmpty()) ++stoppedRuns;
        QCOMPARE(PlanLens::Test::queryScalar(conn, QStringLiteral("SELECT xact_start = query_start FROM pg_stat_activity WHERE pid = pg_backend_pid()")),
            QStringLiteral("t"));
        QCOMPARE(PlanLens::Test::queryScalar(conn, QStringLiteral("SELECT to_regclass('planlens_rolled_back_probe') IS NULL")), QStringLiteral("t"));
        QCOMPARE(PlanLens::Test::queryScalar(conn, QStringLiteral("SELECT count(*) FROM pg_extension WHERE extname = 'pg_trgm'")), QStringLiteral("0"));
    }
    QVERIFY2(stoppedRuns >= 7, qPrintable(QString::number(stoppedRuns)));
}

QTEST_GUILESS_MAIN(TestTrigramVerify)
#include "tst_trigramverify.moc"
