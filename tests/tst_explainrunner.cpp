// SPDX-License-Identifier: MIT
// ExplainRunner against a throwaway cluster: refusals, rollback of allowed writes, multi-statement scripts,
// $ids and $n binding, row comparison, modes, interleaving, timeout, stop, and a server that goes away.
#include "db/explainrunner.h"
#include "db/pgconnection.h"
#include "testcluster.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

using namespace PlanLens;

namespace {

struct Outcome {
    QString kind;        // result, failed, stopped, timeout
    RunResult result;
    QString message;
    QList<RunProgress> progress;
    qint64 ms = 0;
};

} // namespace

class TestExplainRunner : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void arrayLiteralQuotesElements_data();
    void arrayLiteralQuotesElements();
    void readOnlyPairIsMeasuredAndInterleaved();
    void plansCarryTheServerVersion();
    void writesAreRefusedWithAReason_data();
    void writesAreRefusedWithAReason();
    void transactionCommandsAreAlwaysRefused();
    void allowedDeleteIsRolledBack();
    void estimateModePlansWritesWithoutRunningThem();
    void multiStatementScriptSplitByTheParser();
    void idsBindsThePreviousResultAsAnArray();
    void idsQuotesTextElements();
    void declaredArrayParamsBindByName();
    void positionalParametersComeFromTheTable();
    void genericPlanUsesPlaceholders();
    void rowsEqualFalseWhenAfterReturnsOtherRows();
    void timingOffModeAndToggles();
    void sqlErrorNamesSideStatementAndPosition();
    void statementTimeoutOnOneSideKeepsTheOther();
    void statementTimeoutOnBothSidesEndsTheRun();
    void stopCancelsTheRunningStatement();
    void abandonedRunDoesNotBreakTheNextOne();
    void runWithoutConnectionIsRefused();
    void serverStoppedMidRunIsReportedAndNextRunReconnects();
    void tenMillionRowsAreHashedAsTheyStream();

private:
    Outcome run(const RunRequest &req, int timeoutMs = 60000, std::function<void(ExplainRunner &, const RunProgress &)> onProgress = {},
                const QList<ExplainRunner::ArrayParam> &arrayParams = {});
    RunRequest pair(const QString &before, const QString &after, int runs = 3, int warmup = 1) const;
    qint64 count(const QString &sql);

    Test::TestCluster m_pg;
    PgConnection m_conn;
};

void TestExplainRunner::initTestCase()
{
    QString error;
    QVERIFY2(m_pg.start(&error), qPrintable(error));
    QVERIFY2(m_pg.exec(QStringLiteral("CREATE TABLE t AS SELECT g AS id, g % 7 AS k, 'row ' || g AS label FROM generate_series(1, 20000) g;"
                                      "ALTER TABLE t ADD PRIMARY KEY (id); CREATE INDEX t_k ON t (k); ANALYZE t;"),
                       &error),
             qPrintable(error));
    QSignalSpy ok(&m_conn, &PgConnection::connected);
    m_conn.connectToServer(m_pg.conninfo());
    QVERIFY2(ok.wait(15000), qPrintable(m_conn.lastError()));
}

Outcome TestExplainRunner::run(const RunRequest &req, int timeoutMs, std::function<void(ExplainRunner &, const RunProgress &)> onProgress,
                               const QList<ExplainRunner::ArrayParam> &arrayParams)
{
    ExplainRunner runner(&m_conn);
    Outcome out;
    bool done = false;
    connect(&runner, &ExplainRunner::progress, this, [&](const RunProgress &p) {
        out.progress << p;
        if (onProgress)
            onProgress(runner, p);
    });
    connect(&runner, &ExplainRunner::resultReady, this, [&](const RunResult &r) {
        out.kind = QStringLiteral("result");
        out.result = r;
        done = true;
    });
    connect(&runner, &ExplainRunner::runFailed, this, [&](const QString &m) {
        out.kind = QStringLiteral("failed");
        out.message = m;
        done = true;
    });
    connect(&runner, &ExplainRunner::stopped, this, [&](const RunResult &r) {
        out.kind = QStringLiteral("stopped");
        out.result = r;
        done = true;
    });
    QElapsedTimer t;
    t.start();
    runner.start(req, arrayParams);
    while (!done && t.elapsed() < timeoutMs)
        QTest::qWait(5);
    out.ms = t.elapsed();
    if (!done)
        out.kind = QStringLiteral("timeout");
    if (out.kind == u"failed")
        out.message = runner.lastFailure().message;
    return out;
}

RunRequest TestExplainRunner::pair(const QString &before, const QString &after, int runs, int warmup) const
{
    RunRequest r;
    r.beforeSql = before;
    r.afterSql = after;
    r.runs = runs;
    r.warmup = warmup;
    return r;
}

qint64 TestExplainRunner::count(const QString &sql)
{
    PgConnection c;
    QSignalSpy ok(&c, &PgConnection::connected);
    c.connectToServer(m_pg.conninfo());
    if (!ok.wait(10000))
        return -1;
    QSignalSpy spy(&c, &PgConnection::queryFinished);
    PgQuery q;
    q.sql = sql;
    q.keepRows = true;
    c.execute(q);
    if (!spy.wait(10000))
        return -1;
    return spy.first().at(1).value<PgResult>().values.value(0).value(0).value_or(QStringLiteral("-1")).toLongLong();
}

void TestExplainRunner::arrayLiteralQuotesElements_data()
{
    QTest::addColumn<QStringList>("values");   // "<NULL>" stands for SQL NULL
    QTest::addColumn<QString>("literal");
    QTest::newRow("ints") << QStringList{QStringLiteral("1"), QStringLiteral("2"), QStringLiteral("3")} << QStringLiteral("{1,2,3}");
    QTest::newRow("empty-list") << QStringList{} << QStringLiteral("{}");
    QTest::newRow("null") << QStringList{QStringLiteral("1"), QStringLiteral("<NULL>")} << QStringLiteral("{1,NULL}");
    QTest::newRow("word-null") << QStringList{QStringLiteral("null")} << QStringLiteral("{\"null\"}");
    QTest::newRow("empty-string") << QStringList{QString()} << QStringLiteral("{\"\"}");
    QTest::newRow("specials") << QStringList{QStringLiteral("a,b"), QStringLiteral("q\"x"), QStringLiteral("b\\s"), QStringLiteral("{c}"), QStringLiteral("sp ace")}
                              << QStringLiteral("{\"a,b\",\"q\\\"x\",\"b\\\\s\",\"{c}\",\"sp ace\"}");
}

void TestExplainRunner::arrayLiteralQuotesElements()
{
    QFETCH(QStringList, values);
    QFETCH(QString, literal);
    PgRow row;
    for (const QString &v : values)
        row << (v == u"<NULL>" ? std::nullopt : std::optional<QString>(v));
    QCOMPARE(ExplainRunner::arrayLiteral(row), literal);
}

void TestExplainRunner::readOnlyPairIsMeasuredAndInterleaved()
{
    const Outcome o = run(pair(QStringLiteral("SELECT count(*) FROM t WHERE label LIKE '%7'"),
                               QStringLiteral("SELECT count(*) FROM t WHERE id % 10 = 7"), 5, 2));
    QCOMPARE(o.kind, QStringLiteral("result"));
    const RunResult &r = o.result;
    QVERIFY(r.complete);
    QCOMPARE(r.roundsDone, 5);
    // B A B A ...: 2 warm-ups + 5 runs, two sides each
    QCOMPARE(o.progress.size(), 14);
    for (int i = 0; i < o.progress.size(); ++i) {
        QCOMPARE(o.progress.at(i).side, i % 2 == 0 ? QStringLiteral("before") : QStringLiteral("after"));
        QCOMPARE(o.progress.at(i).warmup, i < 4);
        QCOMPARE(o.progress.at(i).round, i / 2 + 1);
        QCOMPARE(o.progress.at(i).totalRounds, 7);
    }
    for (const SideResult *s : {&r.before, &r.after}) {
        QCOMPARE(s->runsMs.size(), 5);
        QVERIFY(s->medianMs && s->minMs && s->maxMs);
        QVERIFY(*s->minMs > 0);
        QVERIFY(*s->minMs <= *s->medianMs && *s->medianMs <= *s->maxMs);
        QCOMPARE(s->rows, std::optional<qint64>(1));
        QVERIFY(s->rowsStable);
        QCOMPARE(s->statements.size(), 1);
        const StatementRun &st = s->statements.first();
        QVERIFY(st.explained);
        QCOMPARE(st.runsMs.size(), 5);
        const QJsonArray top = QJsonDocument::fromJson(st.explainJson.toUtf8()).array();
        QCOMPARE(top.size(), 1);
        const QJsonObject o0 = top.first().toObject();
        QVERIFY(o0.contains(QStringLiteral("Execution Time")));           // ANALYZE
        QVERIFY(o0.contains(QStringLiteral("Settings")));                 // SETTINGS
        QVERIFY(o0.value(QStringLiteral("Plan")).toObject().contains(QStringLiteral("Shared Hit Blocks")));   // BUFFERS
        QVERIFY(o0.value(QStringLiteral("Plan")).toObject().contains(QStringLiteral("Output")));              // VERBOSE
        QVERIFY2(!st.plan.isEmpty(), qPrintable(st.planError));
        QVERIFY(st.plan.hasAnalyze);
    }
    QCOMPARE(r.rowsEqual, std::optional<bool>(true));   // both count 2000
    QVERIFY(r.speedup);
    QCOMPARE(*r.speedup, *r.before.medianMs / *r.after.medianMs);
    const QJsonObject json = r.toJson();
    QCOMPARE(json.value(QStringLiteral("before")).toObject().value(QStringLiteral("runs_ms")).toArray().size(), 5);
    QCOMPARE(json.value(QStringLiteral("after")).toObject().value(QStringLiteral("plans")).toArray().size(), 1);
    QCOMPARE(json.value(QStringLiteral("mode")).toString(), QStringLiteral("analyze"));
    QCOMPARE(json.value(QStringLiteral("rows_equal")).toBool(), true);
    QCOMPARE(json.value(QStringLiteral("before")).toObject().value(QStringLiteral("rows_hash")).toString().size(), 16);
}

void TestExplainRunner::plansCarryTheServerVersion()
{
    // The connection knows the exact version (PQserverVersion); the plan's fields alone prove only a minimum.
    QVERIFY(m_conn.serverVersion() >= 150000);
    const Outcome o = run(pair(QStringLiteral("SELECT count(*) FROM t"), QStringLiteral("SELECT id FROM t WHERE id < 5;\nSELECT 1"), 1, 0));
    QCOMPARE(o.kind, QStringLiteral("result"));
    int plans = 0;
    for (const SideResult *side : {&o.result.before, &o.result.after}) {
        for (const StatementRun &s : side->statements) {
            QVERIFY(s.explained);
            QVERIFY2(s.planError.isEmpty(), qPrintable(s.planError));
            QCOMPARE(s.plan.serverVersion, m_conn.serverVersion());
            QVERIFY2(s.plan.serverVersionHint.startsWith(QStringLiteral("PostgreSQL 15")), qPrintable(s.plan.serverVersionHint));
            ++plans;
        }
    }
    QCOMPARE(plans, 3);
    // ... and so does `planlens run --json`, through planToAnalyzeJson().
    const QJsonObject json = o.result.toJson().value(u"after").toObject().value(u"plans").toArray().first().toObject();
    QCOMPARE(json.value(u"server_version_num").toInt(), m_conn.serverVersion());
}

void TestExplainRunner::writesAreRefusedWithAReason_data()
{
    QTest::addColumn<QString>("sql");
    QTest::addColumn<QString>("expected");
    QTest::newRow("delete") << QStringLiteral("DELETE FROM t WHERE k = 3") << QStringLiteral("is a DELETE and was not run: DELETE removes rows");
    QTest::newRow("update") << QStringLiteral("SELECT 1;\nUPDATE t SET k = 0") << QStringLiteral("statement 2 (line 2) is an UPDATE");
    QTest::newRow("for-update") << QStringLiteral("SELECT * FROM t WHERE id = 1 FOR UPDATE") << QStringLiteral("FOR UPDATE/SHARE locks rows");
    QTest::newRow("cte-write") << QStringLiteral("WITH d AS (DELETE FROM t RETURNING id) SELECT count(*) FROM d") << QStringLiteral("data-modifying WITH");
    QTest::newRow("ddl") << QStringLiteral("CREATE INDEX ON t (label)") << QStringLiteral("is a schema change");
    QTest::newRow("do") << QStringLiteral("DO $$ BEGIN PERFORM 1; END $$") << QStringLiteral("CALL, DO and COPY may write");
    QTest::newRow("nextval") << QStringLiteral("SELECT nextval('t_id_seq'), k FROM t")
                             << QStringLiteral("is a SELECT and was not run: calls nextval(), which writes");
    QTest::newRow("user-function") << QStringLiteral("SELECT count(*) FROM t WHERE public.bump(k) > 0")
                                   << QStringLiteral("calls public.bump(), a function PlanLens cannot prove read-only");
}

void TestExplainRunner::writesAreRefusedWithAReason()
{
    QFETCH(QString, sql);
    QFETCH(QString, expected);
    const RunRequest req = pair(QStringLiteral("SELECT 1"), sql);
    const QString check = ExplainRunner::check(req);
    QVERIFY2(check.startsWith(QStringLiteral("After, statement ")), qPrintable(check));
    QVERIFY2(check.contains(expected), qPrintable(check));
    QVERIFY2(check.contains(QStringLiteral("Allow writes for this run")), qPrintable(check));
    const qint64 before = count(QStringLiteral("SELECT count(*) FROM t"));
    const Outcome o = run(req);
    QCOMPARE(o.kind, QStringLiteral("failed"));
    QCOMPARE(o.message, check);
    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM t")), before);
}

void TestExplainRunner::transactionCommandsAreAlwaysRefused()
{
    RunRequest req = pair(QStringLiteral("BEGIN; SELECT 1; COMMIT"), QStringLiteral("SELECT 1"));
    req.allowWrites = true;
    const QString check = ExplainRunner::check(req);
    QVERIFY2(check.startsWith(QStringLiteral("Before, statement 1 (line 1) is a transaction command")), qPrintable(check));
    req.beforeSql = QStringLiteral("SELECT 1; SAVEPOINT s");
    QVERIFY2(ExplainRunner::check(req).contains(QStringLiteral("statement 2")), qPrintable(ExplainRunner::check(req)));
    req.beforeSql = QStringLiteral("EXPLAIN SELECT 1");
    QVERIFY2(ExplainRunner::check(req).contains(QStringLiteral("already an EXPLAIN")), qPrintable(ExplainRunner::check(req)));
}

void TestExplainRunner::allowedDeleteIsRolledBack()
{
    const qint64 total = count(QStringLiteral("SELECT count(*) FROM t"));
    const qint64 threes = count(QStringLiteral("SELECT count(*) FROM t WHERE k = 3"));
    QVERIFY(threes > 0);
    // The after side deletes, then counts inside the same transaction: the count proves the DELETE ran
    // (both its EXPLAIN ANALYZE and its timed execution), the count afterwards proves the rollback.
    RunRequest req = pair(QStringLiteral("SELECT count(*) FROM t"),
                          QStringLiteral("DELETE FROM t WHERE k = 3;\nSELECT count(*) FROM t"), 3, 1);
    req.allowWrites = true;
    const Outcome o = run(req);
    QCOMPARE(o.kind, QStringLiteral("result"));
    const StatementRun &del = o.result.after.statements.at(0);
    QVERIFY(del.explained);
    QVERIFY(del.explainJson.contains(QStringLiteral("\"Operation\": \"Delete\"")));
    QCOMPARE(del.rows, threes);                        // every round deletes them again: each was rolled back
    QCOMPARE(del.commandStatus, QStringLiteral("DELETE %1").arg(threes));
    QCOMPARE(del.runsMs.size(), 3);
    QCOMPARE(o.result.after.rows, std::optional<qint64>(1));
    QCOMPARE(o.result.rowsEqual, std::optional<bool>(false));   // count(*) differs inside the transaction
    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM t")), total);
    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM t WHERE k = 3")), threes);
}

void TestExplainRunner::estimateModePlansWritesWithoutRunningThem()
{
    const qint64 total = count(QStringLiteral("SELECT count(*) FROM t"));
    RunRequest req = pair(QStringLiteral("DELETE FROM t WHERE k = 3"), QStringLiteral("UPDATE t SET label = 'x' WHERE id < 100"));
    req.mode = RunMode::Estimate;
    QVERIFY2(ExplainRunner::check(req).isEmpty(), qPrintable(ExplainRunner::check(req)));
    const Outcome o = run(req);
    QCOMPARE(o.kind, QStringLiteral("result"));
    QCOMPARE(o.progress.size(), 2);
    for (const SideResult *s : {&o.result.before, &o.result.after}) {
        const StatementRun &st = s->statements.first();
        QVERIFY(st.explained);
        QVERIFY(!st.executed);
        QVERIFY(st.runsMs.isEmpty());
        QVERIFY(!st.explainJson.contains(QStringLiteral("Actual Rows")));
        QVERIFY(st.explainJson.contains(QStringLiteral("Total Cost")));
        QVERIFY(!s->medianMs);
        QVERIFY(!s->rows);
    }
    QVERIFY(!o.result.speedup);
    QVERIFY(!o.result.rowsEqual);
    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM t")), total);
    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM t WHERE label = 'x'")), 0);
    const QJsonObject json = o.result.toJson();
    QVERIFY(json.value(QStringLiteral("speedup")).isNull());
    QCOMPARE(json.value(QStringLiteral("explain")).toString(), QStringLiteral("EXPLAIN (BUFFERS, VERBOSE, SETTINGS, FORMAT JSON)"));
}

void TestExplainRunner::multiStatementScriptSplitByTheParser()
{
    // The ';' inside the string and the comment do not split; the SET applies to the statements after it
    // and is undone by the ROLLBACK.
    const QString before = QStringLiteral("SELECT 'a;b' AS s; -- not; a statement\n"
                                          "SET LOCAL enable_indexscan = off;\n"
                                          "/* ; */ SELECT id FROM t WHERE id < 5");
    const Outcome o = run(pair(before, QStringLiteral("SELECT id FROM t WHERE id BETWEEN 1 AND 4"), 2, 1));
    QCOMPARE(o.kind, QStringLiteral("result"));
    const SideResult &b = o.result.before;
    QCOMPARE(b.statements.size(), 3);
    QCOMPARE(b.statements.at(0).text, QStringLiteral("SELECT 'a;b' AS s"));
    QCOMPARE(b.statements.at(0).rows, 1);
    QCOMPARE(b.statements.at(1).kind, StatementKind::Utility);
    QVERIFY(!b.statements.at(1).explained);   // SET cannot be explained; it is executed
    QVERIFY(b.statements.at(1).executed);
    QVERIFY(b.statements.at(2).explained);
    QVERIFY2(!b.statements.at(2).explainJson.contains(QStringLiteral("\"Index Scan\"")), "enable_indexscan = off applied");
    QCOMPARE(b.rows, std::optional<qint64>(4));
    QCOMPARE(b.runsMs.size(), 2);
    // the round time is the sum of the statements' times
    QVERIFY(qAbs(b.runsMs.at(0) - (b.statements.at(0).runsMs.at(0) + b.statements.at(1).runsMs.at(0) + b.statements.at(2).runsMs.at(0))) < 1e-9);
    QCOMPARE(o.result.rowsEqual, std::optional<bool>(true));
    QCOMPARE(o.result.toJson().value(QStringLiteral("before")).toObject().value(QStringLiteral("plans")).toArray().size(), 2);
}

void TestExplainRunner::idsBindsThePreviousResultAsAnArray()
{
    const QString before = QStringLiteral("SELECT id, k, label FROM t WHERE id IN (SELECT id FROM t WHERE k = 5 AND id < 60) ORDER BY id");
    const QString after = QStringLiteral("SELECT id FROM t WHERE k = 5 AND id < 60;\n"
                                         "SELECT id, k, label FROM t WHERE id = ANY($ids) ORDER BY id");
    const Outcome o = run(pair(before, after, 2, 1));
    QCOMPARE(o.kind, QStringLiteral("result"));
    const qint64 expected = count(QStringLiteral("SELECT count(*) FROM t WHERE k = 5 AND id < 60"));
    QVERIFY(expected > 3);
    QCOMPARE(o.result.after.statements.at(0).rows, expected);
    QCOMPARE(o.result.after.rows, std::optional<qint64>(expected));
    QCOMPARE(o.result.after.statements.at(1).note, QStringLiteral("$ids bound to %1 value(s) from statement 1").arg(expected));
    QCOMPARE(o.result.rowsEqual, std::optional<bool>(true));
    // the plan of statement 2 used the array (a custom plan with the values)
    QVERIFY2(o.result.after.statements.at(1).explainJson.contains(QStringLiteral("ANY")), qPrintable(o.result.after.statements.at(1).explainJson));

    // In estimate mode the read-only producer of $ids still runs, the consumer is only planned.
    RunRequest est = pair(before, after);
    est.mode = RunMode::Estimate;
    const Outcome e = run(est);
    QCOMPARE(e.kind, QStringLiteral("result"));
    QVERIFY(e.result.after.statements.at(0).executed);
    QVERIFY(!e.result.after.statements.at(1).executed);
    QVERIFY(e.result.after.statements.at(1).explained);
    QCOMPARE(e.result.after.statements.at(1).note, QStringLiteral("$ids bound to %1 value(s) from statement 1").arg(expected));

    // $ids in the first statement has no previous result
    QVERIFY(ExplainRunner::check(pair(QStringLiteral("SELECT * FROM t WHERE id = ANY($ids)"), QStringLiteral("SELECT 1")))
                .contains(QStringLiteral("first statement")));
}

void TestExplainRunner::declaredArrayParamsBindByName()
{
    // A rewrite that found $ids taken names its array $ids_2: it binds like $ids, from the previous statement,
    // in the GUI and `planlens run` alike (no declaration needed), while $ids keeps its value from the table.
    const QString before = QStringLiteral("SELECT id, k FROM t WHERE k = ANY($ids) AND id IN (SELECT id FROM t WHERE id < 40) ORDER BY id");
    const QString after = QStringLiteral("SELECT id FROM t WHERE id < 40;\n"
                                         "SELECT id, k FROM t WHERE k = ANY($ids) AND id = ANY($ids_2) ORDER BY id");
    RunRequest req = pair(before, after, 1, 0);
    req.parameters << RunParameter{QStringLiteral("ids"), QStringLiteral("{1,2,3}"), QStringLiteral("int[]"), false};
    const qint64 expected = count(QStringLiteral("SELECT count(*) FROM t WHERE k = ANY('{1,2,3}') AND id < 40"));
    QVERIFY(expected > 0);
    const qint64 produced = count(QStringLiteral("SELECT count(*) FROM t WHERE id < 40"));
    {
        const Outcome o = run(req);
        QCOMPARE(o.kind, QStringLiteral("result"));
        QCOMPARE(o.result.after.rows, std::optional<qint64>(expected));
        QCOMPARE(o.result.after.statements.at(1).note,
                 QStringLiteral("$ids_2 bound to %1 value(s) from statement 1").arg(produced));
        QCOMPARE(o.result.rowsEqual, std::optional<bool>(true));
    }
    // An empty parameter-table row for $ids_2 (the GUI lists every name it finds) does not hide the binding.
    RunRequest withEmptyRow = req;
    withEmptyRow.parameters << RunParameter{QStringLiteral("ids_2"), QString(), QString(), false};
    QVERIFY2(ExplainRunner::check(withEmptyRow).isEmpty(), qPrintable(ExplainRunner::check(withEmptyRow)));

    // Declared by name: any name, any earlier statement, any column (here the second column of statement 1,
    // two statements back).
    const QString declaredAfter = QStringLiteral("SELECT 'x' AS tag, id FROM t WHERE id < 40;\n"
                                                 "SELECT 1;\n"
                                                 "SELECT id, k FROM t WHERE k = ANY($ids) AND id = ANY($picked) ORDER BY id");
    RunRequest declared = pair(before, declaredAfter, 1, 0);
    declared.parameters = req.parameters;
    // Undeclared, $picked has no value: the request is refused with the name.
    QVERIFY(ExplainRunner::check(declared).contains(QStringLiteral("$picked")));
    const QList<ExplainRunner::ArrayParam> params{{QStringLiteral("picked"), 0, 1}};
    QVERIFY2(ExplainRunner::check(declared, params).isEmpty(), qPrintable(ExplainRunner::check(declared, params)));
    const Outcome d = run(declared, 60000, {}, params);
    QCOMPARE(d.kind, QStringLiteral("result"));
    QCOMPARE(d.result.after.rows, std::optional<qint64>(expected));
    QCOMPARE(d.result.after.statements.at(2).note,
             QStringLiteral("$picked bound to %1 value(s) from column 2 of statement 1").arg(produced));
    QCOMPARE(d.result.rowsEqual, std::optional<bool>(true));
    // The declaration may travel in the request itself (RunRequest::afterArrayParams), as the workbench and
    // `planlens run --array-param` send it.
    RunRequest inRequest = declared;
    inRequest.afterArrayParams = params;
    QVERIFY2(ExplainRunner::check(inRequest).isEmpty(), qPrintable(ExplainRunner::check(inRequest)));
    const Outcome r = run(inRequest);
    QCOMPARE(r.kind, QStringLiteral("result"));
    QCOMPARE(r.result.after.statements.at(2).note, d.result.after.statements.at(2).note);
    QCOMPARE(r.result.rowsEqual, std::optional<bool>(true));
    // A declaration that points at a later statement is refused.
    QVERIFY(ExplainRunner::check(declared, {{QStringLiteral("picked"), 2, 0}}).contains(QStringLiteral("does not come before")));
}

void TestExplainRunner::idsQuotesTextElements()
{
    const QString values = QStringLiteral("(VALUES ('a,b'), ('q\"x'), ('b\\s'), ('{c}'), ('NULL'), (''), (NULL)) v(s)");
    const QString after = QStringLiteral("SELECT s FROM %1;\nSELECT s FROM %1 WHERE s = ANY($ids)").arg(values);
    const Outcome o = run(pair(QStringLiteral("SELECT s FROM %1 WHERE s IS NOT NULL").arg(values), after, 1, 0));
    QCOMPARE(o.kind, QStringLiteral("result"));
    QCOMPARE(o.result.after.statements.at(0).rows, 7);
    QCOMPARE(o.result.after.rows, std::optional<qint64>(6));   // every non-NULL element matched itself
    QCOMPARE(o.result.rowsEqual, std::optional<bool>(true));
}

void TestExplainRunner::positionalParametersComeFromTheTable()
{
    RunRequest req = pair(QStringLiteral("SELECT count(*) FROM t WHERE k = $1 AND id < $2"),
                          QStringLiteral("SELECT count(*) FROM t WHERE k = $1 AND id <= $2 - 1"));
    QVERIFY2(ExplainRunner::check(req).contains(QStringLiteral("$1, which has no value")), qPrintable(ExplainRunner::check(req)));
    req.parameters = {RunParameter{QStringLiteral("1"), QStringLiteral("3"), QStringLiteral("int")},
                      RunParameter{QStringLiteral("2"), QStringLiteral("1000"), QString()}};
    const Outcome o = run(req);
    QCOMPARE(o.kind, QStringLiteral("result"));
    QCOMPARE(o.result.rowsEqual, std::optional<bool>(true));
    QCOMPARE(o.result.before.statements.first().rows, 1);
    const qint64 expected = count(QStringLiteral("SELECT count(*) FROM t WHERE k = 3 AND id < 1000"));
    QVERIFY(o.result.before.statements.first().explainJson.contains(QStringLiteral("\"Actual Rows\": %1").arg(expected)));
    // an unknown type name is reported before anything runs
    req.parameters[0].type = QStringLiteral("no_such_type");
    const Outcome bad = run(req);
    QCOMPARE(bad.kind, QStringLiteral("failed"));
    QVERIFY2(bad.message.contains(QStringLiteral("no_such_type")), qPrintable(bad.message));
}

void TestExplainRunner::genericPlanUsesPlaceholders()
{
    RunRequest req = pair(QStringLiteral("SELECT id FROM t WHERE k = $1"), QStringLiteral("SELECT id FROM t WHERE k = $1 ORDER BY id"), 1, 0);
    req.parameters = {RunParameter{QStringLiteral("1"), QStringLiteral("4"), QString()}};
    const Outcome custom = run(req);
    QCOMPARE(custom.kind, QStringLiteral("result"));
    QVERIFY(custom.result.before.statements.first().explainJson.contains(QStringLiteral("= 4")));
    req.explain.genericPlan = true;
    const Outcome generic = run(req);
    QCOMPARE(generic.kind, QStringLiteral("result"));
    const QString json = generic.result.before.statements.first().explainJson;
    QVERIFY2(json.contains(QStringLiteral("= $1")), qPrintable(json));
    QVERIFY(json.contains(QStringLiteral("\"plan_cache_mode\": \"force_generic_plan\"")));   // SETTINGS shows it
    QCOMPARE(generic.result.rowsEqual, std::optional<bool>(true));
    QCOMPARE(generic.result.before.rows, custom.result.before.rows);
    // nothing is left prepared on the connection
    PgQuery q;
    q.sql = QStringLiteral("SELECT count(*) FROM pg_prepared_statements");
    q.keepRows = true;
    QSignalSpy spy(&m_conn, &PgConnection::queryFinished);
    QVERIFY(m_conn.execute(q));
    QVERIFY(spy.wait(5000));
    QCOMPARE(spy.first().at(1).value<PgResult>().values.value(0).value(0).value_or(QString()), QStringLiteral("0"));
}

void TestExplainRunner::rowsEqualFalseWhenAfterReturnsOtherRows()
{
    const QString before = QStringLiteral("SELECT id, label FROM t WHERE id <= 10");
    QCOMPARE(run(pair(before, QStringLiteral("SELECT id, label FROM t WHERE id <= 10 ORDER BY id DESC"), 1, 0)).result.rowsEqual,
             std::optional<bool>(true));
    const Outcome fewer = run(pair(before, QStringLiteral("SELECT id, label FROM t WHERE id <= 9"), 1, 0));
    QCOMPARE(fewer.result.rowsEqual, std::optional<bool>(false));
    QCOMPARE(fewer.result.after.rows, std::optional<qint64>(9));
    const Outcome same = run(pair(before, QStringLiteral("SELECT id + 1, label FROM t WHERE id <= 10"), 1, 0));
    QCOMPARE(same.result.after.rows, std::optional<qint64>(10));
    QCOMPARE(same.result.rowsEqual, std::optional<bool>(false));
    QVERIFY(same.result.before.rowsHash != same.result.after.rowsHash);
    QCOMPARE(same.result.toJson().value(QStringLiteral("rows_equal")).toBool(true), false);
}

void TestExplainRunner::timingOffModeAndToggles()
{
    RunRequest req = pair(QStringLiteral("SELECT count(*) FROM t"), QStringLiteral("SELECT count(*) FROM t WHERE id > 0"), 1, 0);
    req.mode = RunMode::TimingOff;
    req.explain.buffers = false;
    req.explain.settings = false;
    req.explain.verbose = false;
    req.explain.wal = true;
    QCOMPARE(explainPrefix(req.mode, req.explain), QStringLiteral("EXPLAIN (ANALYZE, TIMING OFF, WAL, FORMAT JSON)"));
    const Outcome o = run(req);
    QCOMPARE(o.kind, QStringLiteral("result"));
    const QJsonObject plan = QJsonDocument::fromJson(o.result.before.statements.first().explainJson.toUtf8())
                                 .array().first().toObject().value(QStringLiteral("Plan")).toObject();
    QVERIFY(plan.contains(QStringLiteral("Actual Rows")));
    QVERIFY(!plan.contains(QStringLiteral("Actual Total Time")));
    QVERIFY(!plan.contains(QStringLiteral("Shared Hit Blocks")));
    QVERIFY(!plan.contains(QStringLiteral("Output")));
    QVERIFY(plan.contains(QStringLiteral("WAL Records")));
    QVERIFY(o.result.before.medianMs);
}

void TestExplainRunner::sqlErrorNamesSideStatementAndPosition()
{
    ExplainRunner runner(&m_conn);
    QSignalSpy failed(&runner, &ExplainRunner::runFailed);
    RunRequest req = pair(QStringLiteral("SELECT 1"), QStringLiteral("SELECT 1;\nSELECT nope FROM t"));
    QVERIFY(runner.start(req));
    QVERIFY(failed.wait(10000));
    const QString msg = failed.first().first().toString();
    QCOMPARE(msg, QStringLiteral("After, statement 2 (line 2): column \"nope\" does not exist."));
    const RunFailure f = runner.lastFailure();
    QCOMPARE(f.side, QStringLiteral("after"));
    QCOMPARE(f.statement, 1);
    QCOMPARE(f.sqlState, QStringLiteral("42703"));
    QCOMPARE(req.afterSql.mid(f.position, 4), QStringLiteral("nope"));
    // the transaction was rolled back: the connection takes the next run
    QCOMPARE(run(pair(QStringLiteral("SELECT 1"), QStringLiteral("SELECT 1"), 1, 0)).kind, QStringLiteral("result"));
}

void TestExplainRunner::statementTimeoutOnOneSideKeepsTheOther()
{
    // After is too slow: it stops at its first statement, Before goes on alone and keeps every measured round.
    RunRequest req = pair(QStringLiteral("SELECT count(*) FROM t"), QStringLiteral("SELECT pg_sleep(20)"), 3, 1);
    req.timeoutMs = 500;
    const Outcome o = run(req, 20000);
    QCOMPARE(o.kind, QStringLiteral("result"));
    QVERIFY2(o.ms < 5000, qPrintable(QStringLiteral("%1 ms").arg(o.ms)));
    const RunResult &r = o.result;
    QVERIFY(r.after.timedOut);
    QVERIFY(!r.before.timedOut);
    QVERIFY2(r.after.timeoutMessage.contains(
                 QStringLiteral("After, statement 1 (line 1) ran longer than the statement timeout (0.5 s)")),
             qPrintable(r.after.timeoutMessage));
    QCOMPARE(r.before.runsMs.size(), 3);
    QCOMPARE(r.roundsDone, 3);
    QVERIFY(r.before.medianMs.has_value());
    QCOMPARE(r.before.rows, std::optional<qint64>(1));
    QVERIFY(!r.before.statements.value(0).plan.isEmpty());   // Before's plan is kept
    QVERIFY(r.after.runsMs.isEmpty());
    QVERIFY(!r.after.medianMs.has_value());
    QVERIFY(!r.speedup.has_value());
    QVERIFY(!r.rowsEqual.has_value());
    const QJsonObject after = r.toJson().value(QStringLiteral("after")).toObject();
    QCOMPARE(after.value(QStringLiteral("timed_out")).toBool(), true);
    QCOMPARE(after.value(QStringLiteral("timeout_message")).toString(), r.after.timeoutMessage);
    QVERIFY(!r.toJson().value(QStringLiteral("before")).toObject().contains(QStringLiteral("timed_out")));

    // Before is the slow one (it stops at its EXPLAIN ANALYZE, the first thing it runs): After's rounds are all kept.
    RunRequest late = pair(QStringLiteral("SELECT pg_sleep(20)"), QStringLiteral("SELECT 1"), 2, 0);
    late.timeoutMs = 500;
    const Outcome b = run(late, 20000);
    QCOMPARE(b.kind, QStringLiteral("result"));
    QVERIFY(b.result.before.timedOut);
    QCOMPARE(b.result.after.runsMs.size(), 2);
    QCOMPARE(b.result.after.rows, std::optional<qint64>(1));

    // The connection is fine for the next run.
    QCOMPARE(run(pair(QStringLiteral("SELECT 1"), QStringLiteral("SELECT 2"), 1, 0)).kind, QStringLiteral("result"));
}

void TestExplainRunner::statementTimeoutOnBothSidesEndsTheRun()
{
    RunRequest req = pair(QStringLiteral("SELECT pg_sleep(20)"), QStringLiteral("SELECT pg_sleep(20)"), 1, 0);
    req.timeoutMs = 500;
    const Outcome o = run(req, 20000);
    QCOMPARE(o.kind, QStringLiteral("failed"));
    QVERIFY2(o.message.contains(QStringLiteral("After, statement 1 (line 1) ran longer than the statement timeout (0.5 s)")),
             qPrintable(o.message));
    QVERIFY2(o.ms < 5000, qPrintable(QStringLiteral("%1 ms").arg(o.ms)));
    QCOMPARE(run(pair(QStringLiteral("SELECT 1"), QStringLiteral("SELECT 2"), 1, 0)).kind, QStringLiteral("result"));
}

void TestExplainRunner::stopCancelsTheRunningStatement()
{
    // Stop in the middle of a series: the partial series is kept, both sides with the same rounds.
    QElapsedTimer sinceStop;
    const RunRequest series50 = pair(QStringLiteral("SELECT pg_sleep(0.01)"), QStringLiteral("SELECT pg_sleep(0.01)"), 50, 0);
    int afterRounds = 0;
    const Outcome series = run(series50, 60000, [&](ExplainRunner &r, const RunProgress &p) {
        if (p.side == u"after" && !p.warmup && ++afterRounds == 3)
            QTimer::singleShot(5, &r, [&r] { r.stop(); });
    });
    QCOMPARE(series.kind, QStringLiteral("stopped"));
    QVERIFY(!series.result.complete);
    QVERIFY2(series.result.roundsDone >= 2 && series.result.roundsDone <= 3, qPrintable(QString::number(series.result.roundsDone)));
    QCOMPARE(series.result.before.runsMs.size(), series.result.roundsDone);
    QCOMPARE(series.result.after.runsMs.size(), series.result.roundsDone);

    // Stop during a long statement: it is cancelled on the server, well within 2 s.
    qint64 stopToEnd = -1;
    const Outcome sleeping = run(pair(QStringLiteral("SELECT pg_sleep(30)"), QStringLiteral("SELECT 1"), 1, 0), 60000,
                                 [&](ExplainRunner &r, const RunProgress &) {
                                     QTimer::singleShot(500, &r, [&r, &sinceStop] {
                                         sinceStop.start();
                                         r.stop();
                                     });
                                 });
    stopToEnd = sinceStop.elapsed();
    QCOMPARE(sleeping.kind, QStringLiteral("stopped"));
    QVERIFY2(stopToEnd >= 0 && stopToEnd < 2000, qPrintable(QStringLiteral("stop took %1 ms").arg(stopToEnd)));
    QVERIFY(sleeping.ms < 5000);
    QCOMPARE(run(pair(QStringLiteral("SELECT 1"), QStringLiteral("SELECT 1"), 1, 0)).kind, QStringLiteral("result"));
}

void TestExplainRunner::abandonedRunDoesNotBreakTheNextOne()
{
    {
        ExplainRunner doomed(&m_conn);
        QSignalSpy progress(&doomed, &ExplainRunner::progress);
        QVERIFY(doomed.start(pair(QStringLiteral("SELECT pg_sleep(30)"), QStringLiteral("SELECT 1"), 1, 0)));
        QVERIFY(progress.wait(5000));
        // Let BEGIN go through and the sleep start: the connection stays busy with it.
        QTest::qWait(500);
        QVERIFY(m_conn.isBusy());
    }
    // destroyed mid-run: its transaction is left open, the next run ends it and works
    QTRY_VERIFY_WITH_TIMEOUT(!m_conn.isBusy(), 5000);
    const Outcome o = run(pair(QStringLiteral("SELECT count(*) FROM t"), QStringLiteral("SELECT count(*) FROM t"), 1, 0));
    QCOMPARE(o.kind, QStringLiteral("result"));
    QVERIFY(!m_conn.inTransaction());
}

void TestExplainRunner::runWithoutConnectionIsRefused()
{
    PgConnection never;
    ExplainRunner runner(&never);
    QSignalSpy failed(&runner, &ExplainRunner::runFailed);
    QVERIFY(!runner.start(pair(QStringLiteral("SELECT 1"), QStringLiteral("SELECT 1"))));
    QVERIFY(failed.wait(1000));
    QCOMPARE(failed.first().first().toString(), QStringLiteral("Not connected: enter a connection string first."));
    QVERIFY(!runner.isRunning());
}

void TestExplainRunner::serverStoppedMidRunIsReportedAndNextRunReconnects()
{
    bool stoppedServer = false;
    QString error;
    const Outcome o = run(pair(QStringLiteral("SELECT 1"), QStringLiteral("SELECT pg_sleep(30)"), 1, 0), 60000,
                          [&](ExplainRunner &r, const RunProgress &p) {
                              if (p.side == u"after" && !stoppedServer) {
                                  stoppedServer = true;
                                  QTimer::singleShot(300, &r, [this, &error] { m_pg.cluster().stop(&error, true); });
                              }
                          });
    QVERIFY(stoppedServer);
    QCOMPARE(o.kind, QStringLiteral("failed"));
    QVERIFY2(o.message.contains(QStringLiteral("connection to the server was lost")), qPrintable(o.message));
    QVERIFY2(o.message.endsWith(QStringLiteral("The next run reconnects.")), qPrintable(o.message));
    QVERIFY2(o.ms < 20000, qPrintable(QString::number(o.ms)));
    QCOMPARE(m_conn.state(), PgConnection::State::Lost);

    QVERIFY2(m_pg.start(&error), qPrintable(error));
    const Outcome again = run(pair(QStringLiteral("SELECT count(*) FROM t"), QStringLiteral("SELECT count(*) FROM t"), 1, 0));
    QCOMPARE(again.kind, QStringLiteral("result"));
    QCOMPARE(m_conn.state(), PgConnection::State::Connected);
    QCOMPARE(again.result.rowsEqual, std::optional<bool>(true));
}

namespace {

// Resident memory of this process now (VmRSS), in MB.
double residentMb()
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : f.readAll().split('\n'))
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toDouble() / 1024.0;
    return -1;
}

} // namespace

void TestExplainRunner::tenMillionRowsAreHashedAsTheyStream()
{
    // EXPLAIN ANALYZE shows 10 million rows: the timed executions stream them (hashed as they come, then dropped).
    // Held at once, libpq's result alone would take about half a gigabyte.
    const double baseline = residentMb();
    QVERIFY(baseline > 0);
    double peak = baseline;
    QTimer sampler;
    connect(&sampler, &QTimer::timeout, this, [&peak] { peak = std::max(peak, residentMb()); });
    sampler.start(20);
    const Outcome o = run(pair(QStringLiteral("SELECT g FROM generate_series(1, 10000000) g"),
                               QStringLiteral("SELECT g FROM generate_series(1, 10000000) g WHERE g > 0"), 1, 0),
                          300000);
    sampler.stop();
    peak = std::max(peak, residentMb());
    QCOMPARE(o.kind, QStringLiteral("result"));
    QCOMPARE(o.result.before.rows, std::optional<qint64>(10000000));
    QCOMPARE(o.result.after.rows, std::optional<qint64>(10000000));
    QCOMPARE(o.result.rowsEqual, std::optional<bool>(true));
    QCOMPARE(o.result.before.runsMs.size(), 1);
    qInfo("resident memory: %.0f MB before the run, %.0f MB at its peak", baseline, peak);
#if defined(__SANITIZE_ADDRESS__)
    // AddressSanitizer keeps freed blocks in a quarantine of 256 MB and pads every allocation: the process's memory
    // says nothing about ours there (scripts/test --sanitize). The normal build asserts it.
    qInfo("built with AddressSanitizer: the memory bound is not asserted");
#else
    QVERIFY2(peak - baseline < 120, qPrintable(QStringLiteral("grew by %1 MB").arg(peak - baseline)));
#endif

    // A streamed result counts and hashes exactly as the same result held at once.
    PgConnection c;
    QSignalSpy connected(&c, &PgConnection::connected);
    c.connectToServer(m_pg.conninfo());
    QVERIFY(connected.wait(10000));
    QList<PgResult> results;
    for (bool stream : {false, true}) {
        QSignalSpy done(&c, &PgConnection::queryFinished);
        PgQuery q;
        q.sql = QStringLiteral("SELECT g, md5(g::text), CASE WHEN g % 7 = 0 THEN NULL END FROM generate_series(1, 5000) g");
        q.hashRows = true;
        q.keepFirstColumn = true;
        q.streamRows = stream;
        QVERIFY(c.execute(q));
        QVERIFY(done.wait(10000));
        results << done.first().at(1).value<PgResult>();
    }
    QVERIFY(results.at(0).ok && results.at(1).ok);
    QCOMPARE(results.at(1).rows, 5000);
    QCOMPARE(results.at(1).rows, results.at(0).rows);
    QCOMPARE(results.at(1).rowsHash, results.at(0).rowsHash);
    QCOMPARE(results.at(1).columns, results.at(0).columns);
    QCOMPARE(results.at(1).firstColumn, results.at(0).firstColumn);
}

QTEST_GUILESS_MAIN(TestExplainRunner)
#include "tst_explainrunner.moc"
