// SPDX-License-Identifier: MIT
#include "sql/sqlscript.h"
#include "testdata.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QTest>

using namespace PlanLens;

class TestSqlScript : public QObject
{
    Q_OBJECT
private slots:
    void shortNamedParameterKeepsUserPositions();
    void splitsOnStatementsNotOnSemicolonsInStrings();
    void classifies_data();
    void classifies();
    void namedParamsKeepLocations();
    void syntaxErrorNamesLineAndColumn();
    void fingerprintIgnoresConstants();
    void multibyteLocations();
    void functionCallsThatMayWrite_data();
    void functionCallsThatMayWrite();
    void demoAndCorpusSqlStayReadOnly_data();
    void demoAndCorpusSqlStayReadOnly();
};

void TestSqlScript::splitsOnStatementsNotOnSemicolonsInStrings()
{
    const QString sql = QStringLiteral("SELECT ';' AS a;\n-- a comment; still a comment\nSELECT $$;$$, 2;");
    const auto r = parseSqlScript(sql);
    QVERIFY2(!isError(r), qPrintable(Test::errorText(r)));
    const SqlScript &s = std::get<SqlScript>(r);
    QCOMPARE(s.statements.size(), 2);
    QCOMPARE(s.statements.at(0).text, QStringLiteral("SELECT ';' AS a"));
    QVERIFY(s.statements.at(1).text.startsWith(QStringLiteral("SELECT $$;$$")));
}

void TestSqlScript::classifies_data()
{
    QTest::addColumn<QString>("sql");
    QTest::addColumn<QString>("kind");
    QTest::addColumn<bool>("writes");
    QTest::newRow("select") << "SELECT * FROM t WHERE a = 1" << "select" << false;
    QTest::newRow("for update") << "SELECT * FROM t FOR UPDATE" << "select-locking" << true;
    QTest::newRow("insert") << "INSERT INTO t VALUES (1)" << "insert" << true;
    QTest::newRow("update") << "UPDATE t SET a = 1" << "update" << true;
    QTest::newRow("delete") << "DELETE FROM t" << "delete" << true;
    QTest::newRow("cte delete") << "WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d" << "select" << true;
    QTest::newRow("ddl") << "CREATE INDEX ON t (a)" << "ddl" << true;
    QTest::newRow("set") << "SET work_mem = '64MB'" << "utility" << false;
    QTest::newRow("begin") << "BEGIN" << "transaction" << true;
    QTest::newRow("explain delete") << "EXPLAIN ANALYZE DELETE FROM t" << "explain" << true;
    QTest::newRow("call") << "CALL p()" << "call" << true;
    QTest::newRow("select into") << "SELECT 1 INTO newtable" << "ddl" << true;
}

void TestSqlScript::classifies()
{
    QFETCH(QString, sql);
    QFETCH(QString, kind);
    QFETCH(bool, writes);
    const auto r = parseSqlScript(sql);
    QVERIFY(!isError(r));
    const SqlStatement &st = std::get<SqlScript>(r).statements.at(0);
    QCOMPARE(statementKindName(st.kind), kind);
    QCOMPARE(st.writes, writes);
    QCOMPARE(st.writeReason.isEmpty(), !writes);
}

void TestSqlScript::namedParamsKeepLocations()
{
    const QString sql = QStringLiteral("SELECT track_id FROM c WHERE u = $1;\n"
                                       "SELECT * FROM t WHERE owner_id = $1 OR track_id = ANY($ids)");
    const auto r = parseSqlScript(sql);
    QVERIFY(!isError(r));
    const SqlScript &s = std::get<SqlScript>(r);
    QCOMPARE(s.namedParams, QStringList{QStringLiteral("ids")});
    const SqlStatement &second = s.statements.at(1);
    QVERIFY(second.executableText.contains(QStringLiteral("ANY($2  )")));
    QCOMPARE(second.params.size(), 2);
    const ParamUse named = second.params.at(1);
    QCOMPARE(named.name, QStringLiteral("ids"));
    QCOMPARE(sql.mid(named.start, named.length), QStringLiteral("$ids"));
}

void TestSqlScript::syntaxErrorNamesLineAndColumn()
{
    const auto r = parseSqlScript(QStringLiteral("SELECT 1;\nSELEC 2"));
    QVERIFY(isError(r));
    const ParseError e = std::get<ParseError>(r);
    QCOMPARE(e.line, 2);
    QCOMPARE(e.column, 1);
    QVERIFY2(e.message.contains(QStringLiteral("syntax error at or near \"SELEC\"")), qPrintable(e.message));
}

void TestSqlScript::fingerprintIgnoresConstants()
{
    QCOMPARE(sqlFingerprint(QStringLiteral("SELECT * FROM t WHERE a = 1")),
             sqlFingerprint(QStringLiteral("select * from t where a = 42")));
    QVERIFY(sqlFingerprint(QStringLiteral("SELECT * FROM t WHERE a = 1"))
            != sqlFingerprint(QStringLiteral("SELECT * FROM u WHERE a = 1")));
}

void TestSqlScript::multibyteLocations()
{
    const QString sql = QStringLiteral("SELECT 'é€𝄞' AS x; SELECT $1");
    const auto r = parseSqlScript(sql);
    QVERIFY(!isError(r));
    const SqlScript &s = std::get<SqlScript>(r);
    QCOMPARE(s.statements.size(), 2);
    QCOMPARE(s.statements.at(1).text, QStringLiteral("SELECT $1"));
    QCOMPARE(sql.mid(s.statements.at(1).params.at(0).start, 2), QStringLiteral("$1"));
}

// Issue 5.3: a SELECT that calls a function which may write is a write. `reason` is a part of the sentence.
void TestSqlScript::functionCallsThatMayWrite_data()
{
    QTest::addColumn<QString>("sql");
    QTest::addColumn<bool>("writes");
    QTest::addColumn<QString>("reason");
    QTest::newRow("nextval") << "SELECT nextval('s')" << true
                             << "calls nextval(), which writes (allow writes to run it; it is rolled back)";
    QTest::newRow("nextval in where") << "SELECT * FROM t WHERE id > nextval('s')" << true << "calls nextval()";
    QTest::newRow("pg_catalog.setval") << "SELECT pg_catalog.setval('s', 1)" << true << "calls pg_catalog.setval(), which writes";
    QTest::newRow("pg_stat_reset") << "SELECT pg_stat_reset()" << true << "calls pg_stat_reset(), which writes";
    QTest::newRow("advisory lock") << "SELECT pg_advisory_lock(1)" << true << "calls pg_advisory_lock()";
    QTest::newRow("set_config") << "SELECT set_config('work_mem', '1GB', false)" << true << "calls set_config()";
    QTest::newRow("lo_import") << "SELECT lo_import('/etc/passwd')" << true << "calls lo_import()";
    QTest::newRow("txid_current") << "SELECT txid_current()" << true << "calls txid_current()";
    QTest::newRow("schema-qualified user function") << "SELECT myschema.f(1)" << true
        << "calls myschema.f(), a function PlanLens cannot prove read-only";
    QTest::newRow("user function in FROM") << "SELECT * FROM public.expand_ids(ARRAY[1, 2]) x" << true
        << "calls public.expand_ids(), a function PlanLens cannot prove read-only";
    QTest::newRow("unknown unqualified function") << "SELECT id, archive_user(id) FROM users" << true
        << "calls archive_user(), a function PlanLens cannot prove read-only";
    QTest::newRow("unknown in subquery") << "SELECT * FROM t WHERE a IN (SELECT bump(b) FROM u)" << true << "calls bump()";
    QTest::newRow("explain of nextval") << "EXPLAIN SELECT nextval('s')" << true << "calls nextval()";
    QTest::newRow("count lower generate_series")
        << "SELECT count(*), lower(name), max(length(name)) FROM generate_series(1, 10) g, users "
           "WHERE upper(name) LIKE 'A%' GROUP BY lower(name)" << false << "";
    QTest::newRow("aggregates and windows")
        << "SELECT string_agg(name, ','), array_agg(id), row_number() OVER (ORDER BY id), "
           "coalesce(x, 0), greatest(a, b), now(), date_trunc('day', created_at) FROM t GROUP BY id" << false << "";
    QTest::newRow("sql syntax functions")
        << "SELECT extract(year FROM ts), substring(s FROM 2 FOR 3), trim(both ' ' FROM s), position('a' IN s), "
           "ts AT TIME ZONE 'UTC' FROM t" << false << "";
    QTest::newRow("pg_catalog read-only") << "SELECT pg_catalog.lower('A'), pg_catalog.count(*) FROM t" << false << "";
    QTest::newRow("json and arrays")
        << "SELECT jsonb_build_object('a', 1), json_agg(t), unnest(ARRAY[1,2]), cardinality(ARRAY[1]), "
           "array_to_string(ARRAY[1], ','), gen_random_uuid(), md5('x'), pg_typeof(1), current_setting('work_mem') "
           "FROM t" << false << "";
}

void TestSqlScript::functionCallsThatMayWrite()
{
    QFETCH(QString, sql);
    QFETCH(bool, writes);
    QFETCH(QString, reason);
    const auto r = parseSqlScript(sql);
    QVERIFY2(!isError(r), qPrintable(Test::errorText(r)));
    const SqlStatement &st = std::get<SqlScript>(r).statements.at(0);
    QCOMPARE(st.writes, writes);
    QVERIFY2(st.writeReason.contains(reason), qPrintable(st.writeReason));
    QCOMPARE(st.writeReason.isEmpty(), !writes);
    if (st.tree.begin().key() == u"SelectStmt")
        QCOMPARE(statementKindName(st.kind), QStringLiteral("select"));
}

// The demo pairs and the SQL of the test corpora must stay runnable without "allow writes": no SELECT of theirs
// may be refused for a function call.
void TestSqlScript::demoAndCorpusSqlStayReadOnly_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<bool>("allReadOnly");   // demo and detector SQL: every SELECT; corpus cases: SELECTs' calls
    QTest::addColumn<QString>("userFunction");   // a user function the file calls: refused, and rightly so
    const QDir demo(QStringLiteral(PLANLENS_TEST_DATA "/../../resources/demo"));
    int demoFiles = 0;
    for (const QString &d : demo.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
        for (const char *f : {"before.sql", "after.sql"}) {
            const QString p = demo.filePath(d + u'/' + QLatin1String(f));
            if (QFile::exists(p)) {
                QTest::newRow(qPrintable(QStringLiteral("demo/") + d + u'/' + QLatin1String(f))) << p << true << QString();
                ++demoFiles;
            }
        }
    }
    QVERIFY2(demoFiles >= 4, "resources/demo/*/before.sql and after.sql not found");
    const QDir detect(QStringLiteral(PLANLENS_TEST_DATA "/detect"));
    for (const QString &f : detect.entryList({QStringLiteral("*.sql")}, QDir::Files, QDir::Name)) {
        // srf-default-estimate calls featured_track_ids(), a plpgsql function of the test database (STABLE, but
        // PlanLens reads no catalog): it cannot be proven read-only, so it needs "allow writes" to run.
        const QString user = f == u"srf-default-estimate.sql" ? QStringLiteral("featured_track_ids()") : QString();
        QTest::newRow(qPrintable(QStringLiteral("detect/") + f)) << detect.filePath(f) << true << user;
    }
    const QDir cases(QStringLiteral(PLANLENS_TEST_DATA "/plans/cases"));
    for (const QString &f : cases.entryList({QStringLiteral("*.sql")}, QDir::Files, QDir::Name))
        QTest::newRow(qPrintable(QStringLiteral("plans/cases/") + f)) << cases.filePath(f) << false << QString();
}

void TestSqlScript::demoAndCorpusSqlStayReadOnly()
{
    QFETCH(QString, path);
    QFETCH(bool, allReadOnly);
    QFETCH(QString, userFunction);
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QString sql = QString::fromUtf8(f.readAll());
    if (!allReadOnly) {
        // A psql script: a meta-command (\gset ...) ends the query before it; :explain and :fmt expand as in
        // scripts/capture-plans; a psql variable (:'ids') becomes a literal.
        static const QRegularExpression meta(QStringLiteral("\\\\[a-z]+[^\n]*$"), QRegularExpression::MultilineOption);
        sql.replace(meta, QStringLiteral(";"));
        static const QRegularExpression var(QStringLiteral(":'\\w+'"));
        sql.replace(var, QStringLiteral("'{}'"));
        sql.replace(QStringLiteral(":explain"), QStringLiteral("EXPLAIN (ANALYZE, BUFFERS, VERBOSE, SETTINGS, FORMAT JSON)"));
        sql.replace(QStringLiteral(":fmt"), QStringLiteral("JSON"));
    }
    const auto r = parseSqlScript(sql);
    QVERIFY2(!isError(r), qPrintable(Test::errorText(r)));
    QVERIFY2(!std::get<SqlScript>(r).statements.isEmpty(), qPrintable(path + QStringLiteral(" holds no statement")));
    for (const SqlStatement &st : std::get<SqlScript>(r).statements) {
        if (!userFunction.isEmpty()) {
            QVERIFY2(st.writes, qPrintable(st.text.left(80)));
            QCOMPARE(st.writeReason, QStringLiteral("calls %1, a function PlanLens cannot prove read-only").arg(userFunction));
            QCOMPARE(statementKindName(st.kind), QStringLiteral("select"));
        } else if (allReadOnly) {
            // Demo pairs are SELECTs only; a detector fixture may be a write on purpose (trigger-dominating).
            if (path.contains(QStringLiteral("/demo/")))
                QCOMPARE(statementKindName(st.kind), QStringLiteral("select"));
            if (st.tree.begin().key() == u"SelectStmt")
                QVERIFY2(!st.writes, qPrintable(st.text.left(80) + QStringLiteral(": ") + st.writeReason));
        } else {
            QVERIFY2(!st.writeReason.startsWith(QStringLiteral("calls ")),
                     qPrintable(st.text.left(80) + QStringLiteral(": ") + st.writeReason));
        }
    }
}

void TestSqlScript::shortNamedParameterKeepsUserPositions()
{
    // $a becomes $10, one character longer: every position handed out still refers to the user's text.
    const QString sql = QStringLiteral(
        "SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, é FROM t WHERE x = $a;\n-- next\nSELECT 'ü', $a");
    const Result<SqlScript> r = parseSqlScript(sql);
    const auto *script = std::get_if<SqlScript>(&r);
    QVERIFY(script);
    QCOMPARE(script->statements.size(), 2);
    const SqlStatement &first = script->statements.at(0);
    QCOMPARE(first.text, QStringLiteral("SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, é FROM t WHERE x = $a"));
    QCOMPARE(sql.mid(first.start, first.end - first.start), first.text);
    QVERIFY2(first.executableText.endsWith(QStringLiteral("x = $10")), qPrintable(first.executableText));
    const SqlStatement &second = script->statements.at(1);
    QCOMPARE(second.text, QStringLiteral("SELECT 'ü', $a"));
    QCOMPARE(sql.mid(second.start, second.end - second.start), second.text);
    int params = 0;
    for (const SqlStatement &st : script->statements) {
        for (const ParamUse &p : st.params) {
            ++params;
            if (p.name.isEmpty())
                QCOMPARE(sql.mid(p.start, p.length), QStringLiteral("$%1").arg(p.number));
            else
                QCOMPARE(sql.mid(p.start, p.length), QStringLiteral("$a"));
        }
    }
    QCOMPARE(params, 11);   // $1..$9 and $a in the first statement, $a in the second
    // A byte location of libpg_query maps into the user's text too: the last statement's start.
    QCOMPARE(script->charIndex(int(script->utf8.size())), int(sql.size()));
}

QTEST_GUILESS_MAIN(TestSqlScript)
#include "tst_sqlscript.moc"
