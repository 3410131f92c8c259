// SPDX-License-Identifier: MIT
// `planlens run` as scripts call it, against a throwaway cluster: the JSON contract, the readable summary,
// exit status 2 with one sentence for connection/SQL errors and refused writes, options, and that a password
// given to the CLI ends up in no file and no output.
#include "testcluster.h"

#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace PlanLens;

namespace {
const QString kPassword = QStringLiteral("cli-Pa55word-77e2");
}

class TestRunCli : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void jsonFollowsTheContract();
    void summaryWithoutJson();
    void connectionErrorExitsTwo();
    void sqlErrorExitsTwo();
    void refusedWriteExitsTwoUnlessAllowed();
    void parametersAndModes();
    void arrayParamBindsADeclaredColumn();
    void badOptionsExitTwo();
    void passwordNeverReachesFilesOrOutput();

private:
    struct Run {
        int code = -1;
        QString out;
        QString err;
    };
    Run planlens(const QStringList &args, const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment());
    QString file(const QString &name, const QString &sql);

    Test::TestCluster m_pg;
    QTemporaryDir m_tmp;
};

void TestRunCli::initTestCase()
{
    QString error;
    QVERIFY2(m_pg.start(&error), qPrintable(error));
    QVERIFY2(m_pg.exec(QStringLiteral("CREATE TABLE t AS SELECT g AS id, g % 7 AS k FROM generate_series(1, 5000) g;"
                                      "ALTER TABLE t ADD PRIMARY KEY (id); ANALYZE t;"
                                      "CREATE ROLE alice LOGIN PASSWORD '%1'; GRANT SELECT ON t TO alice;").arg(kPassword),
                       &error),
             qPrintable(error));
    QFile hba(m_pg.cluster().dir() + QStringLiteral("/data/pg_hba.conf"));
    QVERIFY(hba.open(QIODevice::ReadOnly));
    const QByteArray rest = hba.readAll();
    hba.close();
    QVERIFY(hba.open(QIODevice::WriteOnly | QIODevice::Truncate));
    hba.write("local all alice scram-sha-256\n" + rest);
    hba.close();
    QVERIFY2(m_pg.exec(QStringLiteral("SELECT pg_reload_conf()"), &error), qPrintable(error));
}

TestRunCli::Run TestRunCli::planlens(const QStringList &args, const QProcessEnvironment &envIn)
{
    QProcess p;
    QProcessEnvironment env = envIn;
    env.remove(QStringLiteral("DISPLAY"));
    env.remove(QStringLiteral("QT_QPA_PLATFORM"));
    env.remove(QStringLiteral("PGPASSWORD"));
    if (!envIn.contains(QStringLiteral("PGPASSFILE")))
        env.insert(QStringLiteral("PGPASSFILE"), m_tmp.filePath(QStringLiteral("none")));
    if (envIn.contains(QStringLiteral("PGPASSWORD")))
        env.insert(QStringLiteral("PGPASSWORD"), envIn.value(QStringLiteral("PGPASSWORD")));
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(PLANLENS_BINARY), QStringList{QStringLiteral("run")} + args);
    if (!p.waitForFinished(120000))
        return {-1, {}, QStringLiteral("timed out")};
    return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(p.readAllStandardError())};
}

QString TestRunCli::file(const QString &name, const QString &sql)
{
    const QString path = m_tmp.filePath(name);
    QFile f(path);
    if (f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        f.write(sql.toUtf8());
    return path;
}

void TestRunCli::jsonFollowsTheContract()
{
    const QString before = file(QStringLiteral("b.sql"), QStringLiteral("SELECT id, k FROM t WHERE id IN (SELECT id FROM t WHERE k = 2 AND id < 70)\n"));
    // two files for the after side, concatenated as one script (the first one lacks its ';')
    const QString after1 = file(QStringLiteral("a1.sql"), QStringLiteral("SELECT id FROM t WHERE k = 2 AND id < 70"));
    const QString after2 = file(QStringLiteral("a2.sql"), QStringLiteral("SELECT id, k FROM t WHERE id = ANY($ids);\n"));
    const Run r = planlens({QStringLiteral("--dsn"), m_pg.conninfo(), QStringLiteral("--before"), before, QStringLiteral("--after"),
                            after1, after2, QStringLiteral("--runs"), QStringLiteral("3"), QStringLiteral("--warmup"),
                            QStringLiteral("1"), QStringLiteral("--json")});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QJsonParseError pe;
    const QJsonObject o = QJsonDocument::fromJson(r.out.toUtf8(), &pe).object();
    QVERIFY2(pe.error == QJsonParseError::NoError, qPrintable(r.out));
    for (const QString &sideName : {QStringLiteral("before"), QStringLiteral("after")}) {
        const QJsonObject side = o.value(sideName).toObject();
        for (const QString &key : {QStringLiteral("median_ms"), QStringLiteral("min_ms"), QStringLiteral("max_ms")})
            QVERIFY2(side.value(key).isDouble() && side.value(key).toDouble() > 0, qPrintable(sideName + u' ' + key));
        QCOMPARE(side.value(QStringLiteral("runs_ms")).toArray().size(), 3);
        QCOMPARE(side.value(QStringLiteral("rows")).toInt(), 10);
        QCOMPARE(side.value(QStringLiteral("rows_hash")).toString().size(), 16);
        const QJsonArray plans = side.value(QStringLiteral("plans")).toArray();
        QCOMPARE(plans.size(), sideName == u"before" ? 1 : 2);
        for (const QJsonValue &pv : plans) {
            const QJsonObject plan = pv.toObject();
            QVERIFY(plan.value(QStringLiteral("statement")).toString().startsWith(QStringLiteral("SELECT id")));
            QCOMPARE(plan.value(QStringLiteral("explain")).toString(), QStringLiteral("EXPLAIN (ANALYZE, BUFFERS, VERBOSE, SETTINGS, FORMAT JSON)"));
            QVERIFY2(!plan.contains(QStringLiteral("plan_error")), qPrintable(plan.value(QStringLiteral("plan_error")).toString()));
            QVERIFY2(plan.size() > 5, "the planToAnalyzeJson() object is merged in");
        }
    }
    QCOMPARE(o.value(QStringLiteral("rows_equal")).toBool(), true);
    QVERIFY(o.value(QStringLiteral("speedup")).isDouble());
    const double speedup = o.value(QStringLiteral("before")).toObject().value(QStringLiteral("median_ms")).toDouble()
                           / o.value(QStringLiteral("after")).toObject().value(QStringLiteral("median_ms")).toDouble();
    QVERIFY(qAbs(o.value(QStringLiteral("speedup")).toDouble() - speedup) < 1e-9);
    QCOMPARE(o.value(QStringLiteral("mode")).toString(), QStringLiteral("analyze"));
    QCOMPARE(o.value(QStringLiteral("runs")).toInt(), 3);
    QCOMPARE(o.value(QStringLiteral("warmup")).toInt(), 1);
    QCOMPARE(o.value(QStringLiteral("after")).toObject().value(QStringLiteral("statements")).toArray().size(), 2);
}

void TestRunCli::summaryWithoutJson()
{
    const QString before = file(QStringLiteral("s1.sql"), QStringLiteral("SELECT count(*) FROM t;"));
    const QString after = file(QStringLiteral("s2.sql"), QStringLiteral("SELECT count(*) FROM t WHERE id > 100;"));
    const Run r = planlens({QStringLiteral("--dsn"), m_pg.conninfo(), QStringLiteral("--before"), before, QStringLiteral("--after"), after,
                            QStringLiteral("--runs"), QStringLiteral("2"), QStringLiteral("--warmup"), QStringLiteral("0")});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY2(r.out.startsWith(QStringLiteral("Before: median ")), qPrintable(r.out));
    QVERIFY2(r.out.contains(QStringLiteral("Speed-up: ")), qPrintable(r.out));
    QVERIFY2(r.out.contains(QStringLiteral("Rows: DIFFERENT (before 1 rows, after 1 rows)")), qPrintable(r.out));
    QVERIFY2(r.out.contains(QStringLiteral("Mode: analyze")), qPrintable(r.out));
}

void TestRunCli::connectionErrorExitsTwo()
{
    const QString sql = file(QStringLiteral("c.sql"), QStringLiteral("SELECT 1;"));
    const Run r = planlens({QStringLiteral("--dsn"), m_pg.conninfo(QStringLiteral("nope")), QStringLiteral("--before"), sql,
                            QStringLiteral("--after"), sql, QStringLiteral("--json")});
    QCOMPARE(r.code, 2);
    QVERIFY(r.out.isEmpty());
    QCOMPARE(r.err.trimmed(), QStringLiteral("planlens run: Database \"nope\" does not exist."));
}

void TestRunCli::sqlErrorExitsTwo()
{
    const QString ok = file(QStringLiteral("e1.sql"), QStringLiteral("SELECT 1;"));
    const QString bad = file(QStringLiteral("e2.sql"), QStringLiteral("SELECT * FROM missing_table;"));
    const Run r = planlens({QStringLiteral("--dsn"), m_pg.conninfo(), QStringLiteral("--before"), ok, QStringLiteral("--after"), bad});
    QCOMPARE(r.code, 2);
    QCOMPARE(r.err.trimmed(), QStringLiteral("planlens run: After, statement 1 (line 1): relation \"missing_table\" does not exist."));
    const QString syntax = file(QStringLiteral("e3.sql"), QStringLiteral("SELEC 1;"));
    const Run s = planlens({QStringLiteral("--dsn"), m_pg.conninfo(), QStringLiteral("--before"), syntax, QStringLiteral("--after"), ok});
    QCOMPARE(s.code, 2);
    QVERIFY2(s.err.contains(QStringLiteral("Before: SQL syntax error at or near \"SELEC\" (line 1, column 1)")), qPrintable(s.err));
}

void TestRunCli::refusedWriteExitsTwoUnlessAllowed()
{
    const QString ok = file(QStringLiteral("w1.sql"), QStringLiteral("SELECT count(*) FROM t;"));
    const QString del = file(QStringLiteral("w2.sql"), QStringLiteral("DELETE FROM t WHERE k = 1;\nSELECT count(*) FROM t;"));
    const QStringList args{QStringLiteral("--dsn"), m_pg.conninfo(), QStringLiteral("--before"), ok, QStringLiteral("--after"), del,
                           QStringLiteral("--runs"), QStringLiteral("1"), QStringLiteral("--warmup"), QStringLiteral("0"), QStringLiteral("--json")};
    const Run refused = planlens(args);
    QCOMPARE(refused.code, 2);
    QVERIFY2(refused.err.contains(QStringLiteral("After, statement 1 (line 1) is a DELETE and was not run")), qPrintable(refused.err));
    const Run allowed = planlens(args + QStringList{QStringLiteral("--allow-writes")});
    QVERIFY2(allowed.code == 0, qPrintable(allowed.err));
    const QJsonObject o = QJsonDocument::fromJson(allowed.out.toUtf8()).object();
    QCOMPARE(o.value(QStringLiteral("rows_equal")).toBool(true), false);
    QCOMPARE(o.value(QStringLiteral("allow_writes")).toBool(), true);
    // rolled back: the next run still counts every row
    const Run again = planlens({QStringLiteral("--dsn"), m_pg.conninfo(), QStringLiteral("--before"), ok, QStringLiteral("--after"), ok,
                                QStringLiteral("--runs"), QStringLiteral("1"), QStringLiteral("--json")});
    QCOMPARE(again.code, 0);
    QCOMPARE(QJsonDocument::fromJson(again.out.toUtf8()).object().value(QStringLiteral("rows_equal")).toBool(), true);
}

void TestRunCli::parametersAndModes()
{
    const QString before = file(QStringLiteral("p1.sql"), QStringLiteral("SELECT id FROM t WHERE k = $1 AND id < 100;"));
    const QString after = file(QStringLiteral("p2.sql"), QStringLiteral("SELECT id FROM t WHERE id < 100 AND k = $1;"));
    const QStringList base{QStringLiteral("--dsn"), m_pg.conninfo(), QStringLiteral("--before"), before, QStringLiteral("--after"), after,
                           QStringLiteral("--runs"), QStringLiteral("1"), QStringLiteral("--warmup"), QStringLiteral("0"), QStringLiteral("--json")};
    const Run missing = planlens(base);
    QCOMPARE(missing.code, 2);
    QVERIFY2(missing.err.contains(QStringLiteral("$1, which has no value")), qPrintable(missing.err));
    const Run ok = planlens(base + QStringList{QStringLiteral("--param"), QStringLiteral("1=3::int")});
    QVERIFY2(ok.code == 0, qPrintable(ok.err));
    const QJsonObject o = QJsonDocument::fromJson(ok.out.toUtf8()).object();
    QCOMPARE(o.value(QStringLiteral("rows_equal")).toBool(), true);
    QCOMPARE(o.value(QStringLiteral("before")).toObject().value(QStringLiteral("rows")).toInt(), 14);   // 3, 10, ..., 94
    QCOMPARE(o.value(QStringLiteral("parameters")).toArray().first().toObject().value(QStringLiteral("type")).toString(), QStringLiteral("int"));

    const Run est = planlens(base + QStringList{QStringLiteral("--param"), QStringLiteral("1=3"), QStringLiteral("--mode"), QStringLiteral("estimate")});
    QVERIFY2(est.code == 0, qPrintable(est.err));
    const QJsonObject e = QJsonDocument::fromJson(est.out.toUtf8()).object();
    QCOMPARE(e.value(QStringLiteral("mode")).toString(), QStringLiteral("estimate"));
    QVERIFY(e.value(QStringLiteral("speedup")).isNull());
    QVERIFY(e.value(QStringLiteral("before")).toObject().value(QStringLiteral("median_ms")).isNull());
    QCOMPARE(e.value(QStringLiteral("before")).toObject().value(QStringLiteral("plans")).toArray().size(), 1);

    const Run generic = planlens(base + QStringList{QStringLiteral("--param"), QStringLiteral("1=3"), QStringLiteral("--generic-plan")});
    QVERIFY2(generic.code == 0, qPrintable(generic.err));
    QCOMPARE(QJsonDocument::fromJson(generic.out.toUtf8()).object().value(QStringLiteral("generic_plan")).toBool(), true);
}

void TestRunCli::arrayParamBindsADeclaredColumn()
{
    // A rewrite's array_params on the command line: $picked is the second column (1) of the first statement (0)
    // of the after script, two statements back; the after side returns what the before side returns.
    const QString before = file(QStringLiteral("ap-b.sql"), QStringLiteral("SELECT id, k FROM t WHERE id IN (SELECT id FROM t WHERE id < 40) ORDER BY id;"));
    const QString after = file(QStringLiteral("ap-a.sql"), QStringLiteral("SELECT 'x' AS tag, id FROM t WHERE id < 40;\n"
                                                                        "SELECT 1;\n"
                                                                        "SELECT id, k FROM t WHERE id = ANY($picked) ORDER BY id;\n"));
    const QStringList common{QStringLiteral("--dsn"), m_pg.conninfo(), QStringLiteral("--before"), before, QStringLiteral("--after"), after,
                             QStringLiteral("--runs"), QStringLiteral("1"), QStringLiteral("--warmup"), QStringLiteral("0")};
    const Run r = planlens(common + QStringList{QStringLiteral("--array-param"), QStringLiteral("picked=0:1"), QStringLiteral("--json")});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const QJsonObject o = QJsonDocument::fromJson(r.out.toUtf8()).object();
    QCOMPARE(o.value(QStringLiteral("rows_equal")).toBool(), true);
    QCOMPARE(o.value(QStringLiteral("after")).toObject().value(QStringLiteral("rows")).toInt(), 39);
    const QJsonArray stmts = o.value(QStringLiteral("after")).toObject().value(QStringLiteral("statements")).toArray();
    QCOMPARE(stmts.size(), 3);
    QCOMPARE(stmts.at(2).toObject().value(QStringLiteral("note")).toString(),
             QStringLiteral("$picked bound to 39 value(s) from column 2 of statement 1"));

    // Without the declaration $picked has no value; a malformed or misplaced one is refused with a sentence.
    const Run undeclared = planlens(common);
    QCOMPARE(undeclared.code, 2);
    QVERIFY2(undeclared.err.contains(QStringLiteral("$picked")), qPrintable(undeclared.err));
    const Run malformed = planlens(common + QStringList{QStringLiteral("--array-param"), QStringLiteral("picked=first")});
    QCOMPARE(malformed.code, 2);
    QVERIFY2(malformed.err.contains(QStringLiteral("NAME=STATEMENT:COLUMN")), qPrintable(malformed.err));
    const Run later = planlens(common + QStringList{QStringLiteral("--array-param"), QStringLiteral("picked=2:0")});
    QCOMPARE(later.code, 2);
    QVERIFY2(later.err.contains(QStringLiteral("does not come before")), qPrintable(later.err));
    const Run twice = planlens(common + QStringList{QStringLiteral("--array-param"), QStringLiteral("picked=0:1"),
                                                    QStringLiteral("--array-param"), QStringLiteral("picked=1:0")});
    QCOMPARE(twice.code, 2);
    QVERIFY2(twice.err.contains(QStringLiteral("declared twice")), qPrintable(twice.err));

    // Documented in --help.
    const Run help = planlens({QStringLiteral("--help")});
    QCOMPARE(help.code, 0);
    QVERIFY2(help.out.contains(QStringLiteral("--array-param <NAME=STATEMENT:COLUMN>")), qPrintable(help.out));
}

void TestRunCli::badOptionsExitTwo()
{
    const QString sql = file(QStringLiteral("o.sql"), QStringLiteral("SELECT 1;"));
    const Run mode = planlens({QStringLiteral("--before"), sql, QStringLiteral("--after"), sql, QStringLiteral("--mode"), QStringLiteral("fast")});
    QCOMPARE(mode.code, 2);
    QVERIFY2(mode.err.contains(QStringLiteral("--mode is analyze, timing-off or estimate, not 'fast'")), qPrintable(mode.err));
    const Run noAfter = planlens({QStringLiteral("--before"), sql});
    QCOMPARE(noAfter.code, 2);
    QVERIFY(noAfter.err.contains(QStringLiteral("--before FILE... --after FILE...")));
    const Run runs = planlens({QStringLiteral("--before"), sql, QStringLiteral("--after"), sql, QStringLiteral("--runs"), QStringLiteral("0")});
    QCOMPARE(runs.code, 2);
    const Run missingFile = planlens({QStringLiteral("--before"), m_tmp.filePath(QStringLiteral("absent.sql")), QStringLiteral("--after"), sql});
    QCOMPARE(missingFile.code, 2);
    QVERIFY(missingFile.err.contains(QStringLiteral("cannot read")));
    const Run dsn = planlens({QStringLiteral("--dsn"), QStringLiteral("hots=x"), QStringLiteral("--before"), sql, QStringLiteral("--after"), sql});
    QCOMPARE(dsn.code, 2);
    QVERIFY2(dsn.err.contains(QStringLiteral("invalid connection option \"hots\"")), qPrintable(dsn.err));
}

void TestRunCli::passwordNeverReachesFilesOrOutput()
{
    QTemporaryDir home;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("HOME"), home.path());
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), home.filePath(QStringLiteral("config")));
    env.insert(QStringLiteral("XDG_DATA_HOME"), home.filePath(QStringLiteral("data")));
    env.insert(QStringLiteral("XDG_CACHE_HOME"), home.filePath(QStringLiteral("cache")));
    const QString sql = file(QStringLiteral("pw.sql"), QStringLiteral("SELECT current_user, count(*) FROM t;"));
    const QString alice = QStringLiteral("host=%1 port=%2 user=alice dbname=postgres").arg(m_pg.cluster().dir()).arg(m_pg.cluster().port());
    const QStringList rest{QStringLiteral("--before"), sql, QStringLiteral("--after"), sql, QStringLiteral("--runs"), QStringLiteral("1"),
                           QStringLiteral("--warmup"), QStringLiteral("0")};

    // No password anywhere and no terminal: one sentence, exit 2.
    const Run none = planlens(QStringList{QStringLiteral("--dsn"), alice} + rest, env);
    QCOMPARE(none.code, 2);
    QVERIFY2(none.err.contains(QStringLiteral("the server asks for a password")), qPrintable(none.err));

    QList<Run> runs;
    QProcessEnvironment withPw = env;
    withPw.insert(QStringLiteral("PGPASSWORD"), kPassword);
    runs << planlens(QStringList{QStringLiteral("--dsn"), alice, QStringLiteral("--json")} + rest, withPw);
    runs << planlens(QStringList{QStringLiteral("--dsn"), alice + QStringLiteral(" password=") + kPassword} + rest, env);
    runs << planlens(QStringList{QStringLiteral("--dsn"), alice + QStringLiteral(" password=wrong-one")} + rest, env);
    QCOMPARE(runs.at(0).code, 0);
    QVERIFY(runs.at(0).out.contains(QStringLiteral("\"server\": \"alice@postgres on ")));
    QCOMPARE(runs.at(1).code, 0);
    QCOMPARE(runs.at(2).code, 2);
    QVERIFY2(runs.at(2).err.contains(QStringLiteral("Password authentication failed for user \"alice\".")), qPrintable(runs.at(2).err));
    for (const Run &r : std::as_const(runs)) {
        QVERIFY2(!r.out.contains(kPassword) && !r.err.contains(kPassword), qPrintable(r.out + r.err));
        QVERIFY(!r.out.contains(QStringLiteral("wrong-one")) && !r.err.contains(QStringLiteral("wrong-one")));
    }
    QDirIterator it(home.path(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile f(it.next());
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY2(!f.readAll().contains(kPassword.toUtf8()), qPrintable(f.fileName()));
    }
}

QTEST_GUILESS_MAIN(TestRunCli)
#include "tst_runcli.moc"
