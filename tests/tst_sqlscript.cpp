// SPDX-License-Identifier: MIT
#include "sql/sqlscript.h"

#include <QTest>

using namespace PlanLens;

class TestSqlScript : public QObject
{
    Q_OBJECT
private slots:
    void splitsOnStatementsNotOnSemicolonsInStrings();
    void classifies_data();
    void classifies();
    void namedParamsKeepLocations();
    void syntaxErrorNamesLineAndColumn();
    void fingerprintIgnoresConstants();
    void multibyteLocations();
};

void TestSqlScript::splitsOnStatementsNotOnSemicolonsInStrings()
{
    const QString sql = QStringLiteral("SELECT ';' AS a;\n-- a comment; still a comment\nSELECT $$;$$, 2;");
    const auto r = parseSqlScript(sql);
    QVERIFY2(!isError(r), qPrintable(isError(r) ? std::get<ParseError>(r).message : QString()));
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

QTEST_GUILESS_MAIN(TestSqlScript)
#include "tst_sqlscript.moc"
