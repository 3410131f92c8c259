// SPDX-License-Identifier: MIT
// PgConnection against a throwaway cluster: how psql-style connection parameters reach libpq, the sentence
// each kind of connection error becomes, passwords (asked for, wrong, never stored), cancel, lost
// connections, and that the thread running it never blocks.
#include "db/explainrunner.h"
#include "db/pgconnection.h"
#include "testcluster.h"

#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <QTimer>
#include <QUrl>

using namespace PlanLens;

namespace {

const QString kAlicePassword = QStringLiteral("Sekr3t-alice-8c1f");

struct Outcome {
    QString kind;      // connected, failed, password, timeout
    QString message;
};

Outcome connectAndWait(PgConnection &c, const QString &conninfo, const QString &password = QString(), int ms = 15000)
{
    QSignalSpy ok(&c, &PgConnection::connected);
    QSignalSpy failed(&c, &PgConnection::connectionFailed);
    QSignalSpy pwd(&c, &PgConnection::passwordRequired);
    c.connectToServer(conninfo, password);
    QElapsedTimer t;
    t.start();
    while (ok.isEmpty() && failed.isEmpty() && pwd.isEmpty() && t.elapsed() < ms)
        QTest::qWait(5);
    if (!ok.isEmpty())
        return {QStringLiteral("connected"), QString()};
    if (!pwd.isEmpty())
        return {QStringLiteral("password"), c.lastError()};
    if (!failed.isEmpty())
        return {QStringLiteral("failed"), failed.first().first().toString()};
    return {QStringLiteral("timeout"), QString()};
}

PgResult runQuery(PgConnection &c, const PgQuery &q, int ms = 15000)
{
    QSignalSpy spy(&c, &PgConnection::queryFinished);
    const quint64 id = c.execute(q);
    if (!id)
        return PgResult{};
    if (!spy.wait(ms))
        return PgResult{};
    return spy.last().at(1).value<PgResult>();
}

PgResult runSql(PgConnection &c, const QString &sql)
{
    PgQuery q;
    q.sql = sql;
    q.keepRows = true;
    q.hashRows = true;
    return runQuery(c, q);
}

QStringList g_log;
void captureLog(QtMsgType, const QMessageLogContext &, const QString &msg)
{
    g_log << msg;
}

} // namespace

class TestPgConnection : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void readableErrorKeepsTheReason_data();
    void readableErrorKeepsTheReason();
    void connectionErrorsAreOneSentence_data();
    void connectionErrorsAreOneSentence();
    void passwordAskedOnlyWhenTheServerWantsOne();
    void pgpassFileIsUsed();
    void serviceFileIsUsed();
    void environmentVariablesAreUsed();
    void uriIsAccepted();
    void sslModeReachesLibpq();
    void withoutPasswordKeepsEverythingElse();
    void passwordIsNeverPersisted();
    void queryErrorsAreReadable();
    void rowsHashIgnoresOrderButCountsDuplicates();
    void busyConnectionRefusesASecondQuery();
    void cancelEndsSleepWithinTwoSeconds();
    void threadKeepsRunningDuringAQuery();
    void lostConnectionIsReportedAndReconnects();

private:
    Test::TestCluster m_pg;
    QTemporaryDir m_tmp;
};

void TestPgConnection::initTestCase()
{
    // Only what each test sets may reach libpq: no password or service from the environment or ~/.pgpass.
    for (const char *v : {"PGPASSWORD", "PGHOST", "PGPORT", "PGUSER", "PGDATABASE", "PGSERVICE", "PGSERVICEFILE", "PGSSLMODE"})
        qunsetenv(v);
    qputenv("PGPASSFILE", QFile::encodeName(m_tmp.filePath(QStringLiteral("no-pgpass"))));

    QString error;
    QVERIFY2(m_pg.start(&error), qPrintable(error));
    QVERIFY2(m_pg.exec(QStringLiteral("CREATE ROLE alice LOGIN PASSWORD '%1'").arg(kAlicePassword), &error), qPrintable(error));
    QVERIFY2(m_pg.exec(QStringLiteral("CREATE DATABASE shop"), &error), qPrintable(error));
    // alice must authenticate with a password; everyone else stays on trust.
    QFile hba(m_pg.cluster().dir() + QStringLiteral("/data/pg_hba.conf"));
    QVERIFY(hba.open(QIODevice::ReadOnly));
    const QByteArray rest = hba.readAll();
    hba.close();
    QVERIFY(hba.open(QIODevice::WriteOnly | QIODevice::Truncate));
    hba.write("local all alice scram-sha-256\n" + rest);
    hba.close();
    QVERIFY2(m_pg.exec(QStringLiteral("SELECT pg_reload_conf()"), &error), qPrintable(error));
}

void TestPgConnection::readableErrorKeepsTheReason_data()
{
    QTest::addColumn<QString>("libpq");
    QTest::addColumn<QString>("expected");
    // Messages as libpq 15 prints them.
    QTest::newRow("no-socket") << QStringLiteral("connection to server on socket \"/tmp/x/.s.PGSQL.5432\" failed: No such file or directory\n"
                                                 "\tIs the server running locally and accepting connections on that socket?\n")
                               << QStringLiteral("Could not connect to the server on socket \"/tmp/x/.s.PGSQL.5432\" (No such file or "
                                                 "directory): is the server running locally and accepting connections on that socket?");
    QTest::newRow("fatal") << QStringLiteral("connection to server on socket \"/tmp/x/.s.PGSQL.5432\" failed: FATAL:  database \"nope\" does not exist\n")
                           << QStringLiteral("Database \"nope\" does not exist.");
    QTest::newRow("tcp") << QStringLiteral("connection to server at \"db.example\" (10.0.0.7), port 5433 failed: Connection refused\n"
                                           "\tIs the server running on that host and accepting TCP/IP connections?\n")
                         << QStringLiteral("Could not connect to the server on db.example port 5433 (Connection refused): is the "
                                           "server running on that host and accepting TCP/IP connections?");
    QTest::newRow("no-password") << QStringLiteral("connection to server on socket \"/s/.s.PGSQL.1\" failed: fe_sendauth: no password supplied\n")
                                 << QStringLiteral("The server asks for a password and none was given.");
    QTest::newRow("two-hosts-same-reason")
        << QStringLiteral("connection to server at \"a\" (10.0.0.1), port 5432 failed: FATAL:  role \"x\" does not exist\n"
                          "connection to server at \"b\" (10.0.0.2), port 5432 failed: FATAL:  role \"x\" does not exist\n")
        << QStringLiteral("Role \"x\" does not exist.");
    QTest::newRow("dns") << QStringLiteral("could not translate host name \"nohost.invalid\" to address: Name or service not known\n")
                         << QStringLiteral("Could not translate host name \"nohost.invalid\" to address: Name or service not known.");
}

void TestPgConnection::readableErrorKeepsTheReason()
{
    QFETCH(QString, libpq);
    QFETCH(QString, expected);
    QCOMPARE(PgConnection::readableError(libpq), expected);
}

void TestPgConnection::connectionErrorsAreOneSentence_data()
{
    QTest::addColumn<QString>("conninfo");
    QTest::addColumn<QString>("expected");
    const QString dir = m_pg.cluster().dir();
    const int port = m_pg.cluster().port();
    QTest::newRow("bad-host-dir") << QStringLiteral("host=%1-missing port=%2 user=postgres dbname=postgres").arg(dir).arg(port)
                                  << QStringLiteral("on socket \"%1-missing/.s.PGSQL.%2\" (No such file or directory)").arg(dir).arg(port);
    QTest::newRow("bad-port") << QStringLiteral("host=%1 port=%2 user=postgres dbname=postgres").arg(dir).arg(port + 1)
                              << QStringLiteral("on socket \"%1/.s.PGSQL.%2\" (No such file or directory)").arg(dir).arg(port + 1);
    QTest::newRow("bad-db") << m_pg.conninfo(QStringLiteral("nope")) << QStringLiteral("Database \"nope\" does not exist.");
    QTest::newRow("bad-user") << QStringLiteral("host=%1 port=%2 user=nobody dbname=postgres").arg(dir).arg(port)
                              << QStringLiteral("Role \"nobody\" does not exist.");
    QTest::newRow("tcp-refused") << QStringLiteral("host=127.0.0.1 port=1 user=postgres connect_timeout=5")
                                 << QStringLiteral("(Connection refused)");
    QTest::newRow("unknown-option") << QStringLiteral("hots=%1").arg(dir) << QStringLiteral("invalid connection option \"hots\"");
    QTest::newRow("bad-uri") << QStringLiteral("postgresql://%1/db?colour=blue").arg(dir) << QStringLiteral("The connection string is not valid");
    QTest::newRow("bad-port-value") << QStringLiteral("postgresql://localhost:notaport/db")
                                    << QStringLiteral("Invalid integer value \"notaport\" for connection option \"port\".");
}

void TestPgConnection::connectionErrorsAreOneSentence()
{
    QFETCH(QString, conninfo);
    QFETCH(QString, expected);
    PgConnection c;
    QSignalSpy failed(&c, &PgConnection::connectionFailed);
    const Outcome o = connectAndWait(c, conninfo);
    QCOMPARE(o.kind, QStringLiteral("failed"));
    QCOMPARE(failed.size(), 1);
    QVERIFY2(o.message.contains(expected), qPrintable(o.message));
    QVERIFY2(!o.message.contains(u'\n') && !o.message.contains(u'\t'), qPrintable(o.message));
    QVERIFY2(!o.message.contains(QStringLiteral("connection to server")), qPrintable(o.message));
    QVERIFY2(!o.message.contains(QStringLiteral("FATAL")), qPrintable(o.message));
    QVERIFY2(o.message.endsWith(u'.') || o.message.endsWith(u'?'), qPrintable(o.message));
    QVERIFY2(o.message.at(0).isUpper(), qPrintable(o.message));
    QCOMPARE(c.state(), PgConnection::State::Failed);
    QCOMPARE(c.lastError(), o.message);
    // The same object stays usable: a correct conninfo connects.
    QCOMPARE(connectAndWait(c, m_pg.conninfo()).kind, QStringLiteral("connected"));
    QCOMPARE(runSql(c, QStringLiteral("SELECT 1")).rows, 1);
}

void TestPgConnection::passwordAskedOnlyWhenTheServerWantsOne()
{
    const QString alice = QStringLiteral("host=%1 port=%2 user=alice dbname=postgres").arg(m_pg.cluster().dir()).arg(m_pg.cluster().port());
    PgConnection c;
    // trust for postgres: no prompt
    QSignalSpy asked(&c, &PgConnection::passwordRequired);
    QCOMPARE(connectAndWait(c, m_pg.conninfo()).kind, QStringLiteral("connected"));
    QCOMPARE(asked.size(), 0);
    // scram for alice, no password anywhere: the prompt signal, not an error
    const Outcome need = connectAndWait(c, alice);
    QCOMPARE(need.kind, QStringLiteral("password"));
    QCOMPARE(asked.size(), 1);
    QCOMPARE(c.state(), PgConnection::State::Failed);
    // a wrong password is an error with libpq's reason
    const Outcome wrong = connectAndWait(c, alice, QStringLiteral("not-her-password"));
    QCOMPARE(wrong.kind, QStringLiteral("failed"));
    QCOMPARE(wrong.message, QStringLiteral("Password authentication failed for user \"alice\"."));
    QCOMPARE(asked.size(), 1);
    // the right one connects, and the conninfo the object keeps has no password
    QCOMPARE(connectAndWait(c, alice, kAlicePassword).kind, QStringLiteral("connected"));
    QCOMPARE(runSql(c, QStringLiteral("SELECT current_user")).values.value(0).value(0).value_or(QString()), QStringLiteral("alice"));
    QVERIFY(!c.conninfo().contains(kAlicePassword));
    QVERIFY2(c.description().startsWith(QStringLiteral("alice@postgres on ")), qPrintable(c.description()));
}

void TestPgConnection::pgpassFileIsUsed()
{
    const QString file = m_tmp.filePath(QStringLiteral("pgpass"));
    QFile f(file);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(QStringLiteral("*:*:*:alice:%1\n").arg(kAlicePassword).toUtf8());
    f.close();
    QVERIFY(f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner));   // libpq ignores a readable file
    const QByteArray saved = qgetenv("PGPASSFILE");
    qputenv("PGPASSFILE", QFile::encodeName(file));
    PgConnection c;
    QSignalSpy asked(&c, &PgConnection::passwordRequired);
    const Outcome o = connectAndWait(c, QStringLiteral("host=%1 port=%2 user=alice dbname=postgres").arg(m_pg.cluster().dir()).arg(m_pg.cluster().port()));
    qputenv("PGPASSFILE", saved);
    QCOMPARE(o.kind, QStringLiteral("connected"));
    QCOMPARE(asked.size(), 0);
}

void TestPgConnection::serviceFileIsUsed()
{
    const QString file = m_tmp.filePath(QStringLiteral("pg_service.conf"));
    QFile f(file);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(QStringLiteral("[planlens_shop]\nhost=%1\nport=%2\nuser=postgres\ndbname=shop\n").arg(m_pg.cluster().dir()).arg(m_pg.cluster().port()).toUtf8());
    f.close();
    qputenv("PGSERVICEFILE", QFile::encodeName(file));
    PgConnection c;
    const Outcome o = connectAndWait(c, QStringLiteral("service=planlens_shop"));
    qunsetenv("PGSERVICEFILE");
    QCOMPARE(o.kind, QStringLiteral("connected"));
    QCOMPARE(runSql(c, QStringLiteral("SELECT current_database()")).values.value(0).value(0).value_or(QString()), QStringLiteral("shop"));
}

void TestPgConnection::environmentVariablesAreUsed()
{
    qputenv("PGHOST", QFile::encodeName(m_pg.cluster().dir()));
    qputenv("PGPORT", QByteArray::number(m_pg.cluster().port()));
    qputenv("PGUSER", "postgres");
    qputenv("PGDATABASE", "shop");
    PgConnection c;
    const Outcome o = connectAndWait(c, QString());
    for (const char *v : {"PGHOST", "PGPORT", "PGUSER", "PGDATABASE"})
        qunsetenv(v);
    QCOMPARE(o.kind, QStringLiteral("connected"));
    QVERIFY2(c.description().startsWith(QStringLiteral("postgres@shop on %1:%2").arg(m_pg.cluster().dir()).arg(m_pg.cluster().port())),
             qPrintable(c.description()));
}

void TestPgConnection::uriIsAccepted()
{
    PgConnection c;
    const QString uri = QStringLiteral("postgresql:///shop?host=%1&port=%2&user=postgres&application_name=uri-test")
                            .arg(QString::fromLatin1(QUrl::toPercentEncoding(m_pg.cluster().dir())), QString::number(m_pg.cluster().port()));
    QVERIFY2(PgConnection::checkConninfo(uri).isEmpty(), qPrintable(PgConnection::checkConninfo(uri)));
    const Outcome o = connectAndWait(c, uri);
    QVERIFY2(o.kind == u"connected", qPrintable(o.message));
    const PgResult r = runSql(c, QStringLiteral("SELECT current_database(), current_setting('application_name')"));
    QCOMPARE(r.values.value(0).value(0).value_or(QString()), QStringLiteral("shop"));
    QCOMPARE(r.values.value(0).value(1).value_or(QString()), QStringLiteral("uri-test"));
}

void TestPgConnection::sslModeReachesLibpq()
{
    // The value goes to libpq untouched: libpq itself rejects an unknown mode ...
    PgConnection c;
    const Outcome bad = connectAndWait(c, m_pg.conninfo() + QStringLiteral(" sslmode=sometimes"));
    QCOMPARE(bad.kind, QStringLiteral("failed"));
    QVERIFY2(bad.message.contains(QStringLiteral("sslmode value: \"sometimes\"")), qPrintable(bad.message));
    // ... and applies a valid one (SSL is never used over a Unix socket, so "prefer" connects in clear).
    QCOMPARE(connectAndWait(c, m_pg.conninfo() + QStringLiteral(" sslmode=prefer")).kind, QStringLiteral("connected"));
    QVERIFY(!c.description().contains(QStringLiteral("SSL")));
}

void TestPgConnection::withoutPasswordKeepsEverythingElse()
{
    const QString kv = PgConnection::withoutPassword(QStringLiteral("host=/tmp/x port=5 password='p w' dbname=shop sslmode=require"));
    QVERIFY2(!kv.contains(QStringLiteral("p w")) && !kv.contains(QStringLiteral("password")), qPrintable(kv));
    for (const QString &part : {QStringLiteral("host=/tmp/x"), QStringLiteral("port=5"), QStringLiteral("dbname=shop"), QStringLiteral("sslmode=require")})
        QVERIFY2(kv.contains(part), qPrintable(kv));
    const QString uri = PgConnection::withoutPassword(QStringLiteral("postgresql://alice:topsecret@db.example:5433/shop?sslmode=verify-full"));
    QVERIFY2(!uri.contains(QStringLiteral("topsecret")), qPrintable(uri));
    QVERIFY2(uri.contains(QStringLiteral("user=alice")) && uri.contains(QStringLiteral("host=db.example")) && uri.contains(QStringLiteral("sslmode=verify-full")),
             qPrintable(uri));
    // No password: the user's text is kept as typed.
    const QString plain = QStringLiteral("postgresql://alice@db.example/shop");
    QCOMPARE(PgConnection::withoutPassword(plain), plain);
}

void TestPgConnection::passwordIsNeverPersisted()
{
    QStandardPaths::setTestModeEnabled(true);
    const QStringList locations{QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation),
                                QStandardPaths::writableLocation(QStandardPaths::AppDataLocation),
                                QStandardPaths::writableLocation(QStandardPaths::CacheLocation),
                                QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation)};
    for (const QString &dir : locations)
        QDir(dir).removeRecursively();
    g_log.clear();
    const QtMessageHandler previous = qInstallMessageHandler(captureLog);

    const QString alice = QStringLiteral("host=%1 port=%2 user=alice dbname=postgres").arg(m_pg.cluster().dir()).arg(m_pg.cluster().port());
    PgConnection c;
    QList<QString> stateTexts;
    connect(&c, &PgConnection::stateChanged, this, [&] { stateTexts << c.conninfo() << c.description() << c.lastError(); });
    // once typed into the password prompt, once inside the DSN
    QCOMPARE(connectAndWait(c, alice, kAlicePassword).kind, QStringLiteral("connected"));
    QCOMPARE(connectAndWait(c, alice + QStringLiteral(" password=") + kAlicePassword).kind, QStringLiteral("connected"));
    ExplainRunner runner(&c);
    QSignalSpy done(&runner, &ExplainRunner::resultReady);
    RunRequest req;
    req.beforeSql = QStringLiteral("SELECT current_user");
    req.afterSql = QStringLiteral("SELECT session_user");
    req.runs = 1;
    req.warmup = 0;
    QVERIFY(runner.start(req));
    QVERIFY(done.wait(30000));
    const RunResult result = done.first().first().value<RunResult>();
    QCOMPARE(result.rowsEqual, std::optional<bool>(true));

    // What the window and sessions save: the conninfo of the connection and the run result.
    {
        QSettings settings;
        settings.setValue(QStringLiteral("connection/recent"), QStringList{c.conninfo()});
        settings.setValue(QStringLiteral("connection/description"), c.description());
        settings.sync();
        QFile session(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/last.planlens"));
        QVERIFY(QDir().mkpath(QFileInfo(session).path()));
        QVERIFY(session.open(QIODevice::WriteOnly));
        session.write(QJsonDocument(result.toJson()).toJson());
    }
    qInstallMessageHandler(previous);

    QVERIFY2(!c.conninfo().contains(kAlicePassword), qPrintable(c.conninfo()));
    QVERIFY(!stateTexts.isEmpty());   // the connection changed state, so its texts were looked at
    for (const QString &t : std::as_const(stateTexts))
        QVERIFY2(!t.contains(kAlicePassword), qPrintable(t));
    for (const QString &line : std::as_const(g_log))
        QVERIFY2(!line.contains(kAlicePassword), qPrintable(line));
    int files = 0;
    for (const QString &dir : locations) {
        QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            QFile f(it.next());
            QVERIFY(f.open(QIODevice::ReadOnly));
            ++files;
            QVERIFY2(!f.readAll().contains(kAlicePassword.toUtf8()), qPrintable(f.fileName()));
        }
    }
    QVERIFY2(files >= 2, "the settings and the session file were written");
    QStandardPaths::setTestModeEnabled(false);
}

void TestPgConnection::queryErrorsAreReadable()
{
    PgConnection c;
    QCOMPARE(connectAndWait(c, m_pg.conninfo()).kind, QStringLiteral("connected"));
    const PgResult r = runSql(c, QStringLiteral("SELECT * FROM nope"));
    QVERIFY(!r.ok);
    QCOMPARE(r.error, QStringLiteral("relation \"nope\" does not exist"));
    QCOMPARE(r.sqlState, QStringLiteral("42P01"));
    QCOMPARE(r.errorPosition, 15);
    QVERIFY(!r.connectionLost);
    QCOMPARE(c.state(), PgConnection::State::Connected);
    QCOMPARE(runSql(c, QStringLiteral("SELECT 2")).values.value(0).value(0).value_or(QString()), QStringLiteral("2"));
}

void TestPgConnection::rowsHashIgnoresOrderButCountsDuplicates()
{
    PgConnection c;
    QCOMPARE(connectAndWait(c, m_pg.conninfo()).kind, QStringLiteral("connected"));
    auto hash = [&](const QString &sql) {
        const PgResult r = runSql(c, sql);
        return r.ok ? r.rowsHash : 0;
    };
    const quint64 ab = hash(QStringLiteral("SELECT * FROM (VALUES (1, 'a'), (2, 'b')) v ORDER BY 1"));
    QVERIFY(ab != 0);
    QCOMPARE(hash(QStringLiteral("SELECT * FROM (VALUES (1, 'a'), (2, 'b')) v ORDER BY 1 DESC")), ab);
    QVERIFY(hash(QStringLiteral("SELECT * FROM (VALUES (1, 'a'), (2, 'c')) v")) != ab);
    QVERIFY(hash(QStringLiteral("SELECT * FROM (VALUES (1, 'a'), (2, 'b'), (2, 'b')) v")) != ab);
    // a XOR of row hashes would make both of these 0
    QVERIFY(hash(QStringLiteral("SELECT 1 FROM generate_series(1, 2)")) != hash(QStringLiteral("SELECT 2 FROM generate_series(1, 2)")));
    QVERIFY(hash(QStringLiteral("SELECT NULL::text")) != hash(QStringLiteral("SELECT ''::text")));
    QVERIFY(hash(QStringLiteral("SELECT 'ab', 'c'")) != hash(QStringLiteral("SELECT 'a', 'bc'")));
}

void TestPgConnection::busyConnectionRefusesASecondQuery()
{
    PgConnection c;
    QCOMPARE(connectAndWait(c, m_pg.conninfo()).kind, QStringLiteral("connected"));
    QSignalSpy spy(&c, &PgConnection::queryFinished);
    PgQuery q;
    q.sql = QStringLiteral("SELECT pg_sleep(0.2)");
    QVERIFY(c.execute(q) != 0);
    QVERIFY(c.isBusy());
    QCOMPARE(c.execute(q), quint64(0));
    QVERIFY2(c.lastError().contains(QStringLiteral("still running")), qPrintable(c.lastError()));
    QVERIFY(spy.wait(5000));
    QVERIFY(spy.first().at(1).value<PgResult>().ok);
    QVERIFY(!c.isBusy());
}

void TestPgConnection::cancelEndsSleepWithinTwoSeconds()
{
    PgConnection c;
    QCOMPARE(connectAndWait(c, m_pg.conninfo()).kind, QStringLiteral("connected"));
    QSignalSpy finished(&c, &PgConnection::queryFinished);
    QSignalSpy cancelled(&c, &PgConnection::cancelFinished);
    PgQuery q;
    q.sql = QStringLiteral("SELECT pg_sleep(30)");
    QVERIFY(c.execute(q));
    QTest::qWait(300);
    QVERIFY(finished.isEmpty());
    QElapsedTimer t;
    t.start();
    c.cancelQuery();
    QVERIFY(finished.wait(5000));
    const qint64 ms = t.elapsed();
    QVERIFY2(ms < 2000, qPrintable(QStringLiteral("cancel took %1 ms").arg(ms)));
    const PgResult r = finished.first().at(1).value<PgResult>();
    QVERIFY(!r.ok);
    QVERIFY(r.cancelled);
    QVERIFY(!r.timedOut);
    QCOMPARE(r.sqlState, QStringLiteral("57014"));
    QVERIFY(cancelled.size() == 1 || cancelled.wait(2000));
    QCOMPARE(cancelled.first().first().toBool(), true);
    QCOMPARE(runSql(c, QStringLiteral("SELECT 3")).values.value(0).value(0).value_or(QString()), QStringLiteral("3"));
}

void TestPgConnection::threadKeepsRunningDuringAQuery()
{
    PgConnection c;
    QCOMPARE(connectAndWait(c, m_pg.conninfo()).kind, QStringLiteral("connected"));
    QTimer ticker;
    ticker.setInterval(20);
    int ticks = 0;
    qint64 longestGap = 0;
    QElapsedTimer sinceTick;
    connect(&ticker, &QTimer::timeout, this, [&] {
        longestGap = std::max(longestGap, sinceTick.restart());
        ++ticks;
    });
    QSignalSpy finished(&c, &PgConnection::queryFinished);
    PgQuery q;
    q.sql = QStringLiteral("SELECT pg_sleep(1)");
    QElapsedTimer call;
    call.start();
    QVERIFY(c.execute(q));
    const qint64 callMs = call.elapsed();
    sinceTick.start();
    ticker.start();
    QVERIFY(finished.wait(10000));
    ticker.stop();
    QVERIFY(finished.first().at(1).value<PgResult>().ok);
    QVERIFY2(callMs < 200, qPrintable(QStringLiteral("execute() took %1 ms").arg(callMs)));
    // a blocked thread would give one tick after a gap of about 1000 ms
    QVERIFY2(ticks >= 15, qPrintable(QStringLiteral("%1 ticks").arg(ticks)));
    QVERIFY2(longestGap < 500, qPrintable(QStringLiteral("longest gap %1 ms").arg(longestGap)));
}

void TestPgConnection::lostConnectionIsReportedAndReconnects()
{
    PgConnection victim;
    PgConnection admin;
    QCOMPARE(connectAndWait(victim, m_pg.conninfo()).kind, QStringLiteral("connected"));
    QCOMPARE(connectAndWait(admin, m_pg.conninfo()).kind, QStringLiteral("connected"));
    const QString pid = runSql(victim, QStringLiteral("SELECT pg_backend_pid()")).values.value(0).value(0).value_or(QString());
    QVERIFY(!pid.isEmpty());
    QSignalSpy lost(&victim, &PgConnection::connectionLost);
    QVERIFY(runSql(admin, QStringLiteral("SELECT pg_terminate_backend(%1)").arg(pid)).ok);
    // noticed while idle, without a query
    QVERIFY(lost.wait(5000));
    QCOMPARE(victim.state(), PgConnection::State::Lost);
    QVERIFY2(lost.first().first().toString().startsWith(QStringLiteral("The connection to the server was lost")),
             qPrintable(lost.first().first().toString()));
    QCOMPARE(victim.execute(PgQuery{QStringLiteral("SELECT 1")}), quint64(0));
    QSignalSpy back(&victim, &PgConnection::connected);
    victim.reconnect();
    QVERIFY(back.wait(10000));
    const QString pid2 = runSql(victim, QStringLiteral("SELECT pg_backend_pid()")).values.value(0).value(0).value_or(QString());
    QVERIFY(!pid2.isEmpty() && pid2 != pid);
}

QTEST_GUILESS_MAIN(TestPgConnection)
#include "tst_pgconnection.moc"
