// SPDX-License-Identifier: MIT
// The runner's client-side timing against psql's \timing on the same statements, on a throwaway cluster.
//
// For each statement: ExplainRunner (before = after = the statement, W warm-ups, N measured rounds) gives the
// median client time of the plain execution; one psql session (`psql -X -c '\timing on' -c STMT -c STMT ...`)
// runs the statement W + N times and its "Time:" lines give psql's median. The ratio runner/psql is the
// figure with a target of <= 1.1. Also printed: the wall time of one side-round (BEGIN READ ONLY + SET LOCAL,
// the statement, ROLLBACK), i.e. what a round costs beyond the measured execution.
// Target: runner <= 1.1x psql on every case. Exits 1 when the cluster or a case fails, or a case misses it.
//
// Usage: bench_runner [--runs N] [--warmup W] [--rows R] [--repeats K]
#include "db/explainrunner.h"
#include "db/localcluster.h"
#include "db/pgconnection.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTimer>

#include <cstdio>

using namespace PlanLens;

namespace {

constexpr double kMaxRunnerOverPsql = 1.1;

void say(const QString &s)
{
    std::printf("%s\n", s.toUtf8().constData());
    std::fflush(stdout);
}

struct RunnerFigures {
    double statementMs = 0;   // median client time of the plain execution
    double roundMs = 0;       // median wall time of one side-round
    QString error;
};

RunnerFigures runnerTimes(PgConnection &conn, const QString &sql, int runs, int warmup)
{
    ExplainRunner runner(&conn);
    RunRequest req;
    req.beforeSql = sql;
    req.afterSql = sql;
    req.runs = runs;
    req.warmup = warmup;
    QEventLoop loop;
    RunnerFigures out;
    QList<double> roundWall;
    QElapsedTimer clock;
    bool measuring = false;
    QObject::connect(&runner, &ExplainRunner::progress, &loop, [&](const RunProgress &p) {
        // progress marks the start of each side-round: the gap between two is one side-round's wall time
        if (measuring)
            roundWall << double(clock.nsecsElapsed()) / 1e6;
        measuring = !p.warmup;
        clock.start();
    });
    QObject::connect(&runner, &ExplainRunner::resultReady, &loop, [&](const RunResult &r) {
        if (measuring)
            roundWall << double(clock.nsecsElapsed()) / 1e6;
        QList<double> all = r.before.statements.first().runsMs + r.after.statements.first().runsMs;
        out.statementMs = median(all).value_or(0);
        out.roundMs = median(roundWall).value_or(0);
        loop.quit();
    });
    QObject::connect(&runner, &ExplainRunner::runFailed, &loop, [&](const QString &m) {
        out.error = m;
        loop.quit();
    });
    runner.start(req);
    loop.exec();
    return out;
}

double psqlTime(const LocalCluster &cluster, const QString &sql, int runs, int warmup, QString *error)
{
    QStringList args{QStringLiteral("-X"), QStringLiteral("-q"), QStringLiteral("-o"), QStringLiteral("/dev/null"),
                     QStringLiteral("-d"), cluster.conninfo(QStringLiteral("bench")), QStringLiteral("-c"), QStringLiteral("\\timing on")};
    for (int i = 0; i < runs + warmup; ++i)
        args << QStringLiteral("-c") << sql;
    QProcess p;
    p.start(LocalCluster::binDir() + QStringLiteral("/psql"), args);
    if (!p.waitForFinished(600000) || p.exitCode() != 0) {
        *error = QString::fromLocal8Bit(p.readAllStandardError());
        return 0;
    }
    static const QRegularExpression time(QStringLiteral("^Time: ([0-9.]+) ms"), QRegularExpression::MultilineOption);
    QList<double> times;
    for (auto it = time.globalMatch(QString::fromLocal8Bit(p.readAllStandardOutput())); it.hasNext();)
        times << it.next().captured(1).toDouble();
    if (times.size() != runs + warmup) {
        *error = QStringLiteral("psql printed %1 timings, expected %2").arg(times.size()).arg(runs + warmup);
        return 0;
    }
    return median(times.mid(warmup)).value_or(0);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    int runs = 15;
    int warmup = 3;
    int rows = 200000;
    int repeats = 3;
    const QStringList args = app.arguments();
    for (qsizetype i = 1; i + 1 < args.size(); i += 2) {
        if (args.at(i) == u"--runs")
            runs = args.at(i + 1).toInt();
        else if (args.at(i) == u"--warmup")
            warmup = args.at(i + 1).toInt();
        else if (args.at(i) == u"--rows")
            rows = args.at(i + 1).toInt();
        else if (args.at(i) == u"--repeats")
            repeats = std::max(1, args.at(i + 1).toInt());
    }

    QTemporaryDir tmp(QDir::tempPath() + QStringLiteral("/planlens-bench-XXXXXX"));
    LocalCluster cluster(tmp.path(), 59000 + int(QCoreApplication::applicationPid() % 900));
    QString error;
    say(QStringLiteral("Starting a throwaway cluster in %1 ...").arg(tmp.path()));
    if (!cluster.start(&error, {QStringLiteral("-c fsync=off"), QStringLiteral("-c shared_buffers=128MB")})
        || !cluster.runPsql(QStringLiteral("postgres"), QStringLiteral("CREATE DATABASE bench"), false, &error)
        || !cluster.runPsql(QStringLiteral("bench"),
                            QStringLiteral("CREATE TABLE t AS SELECT g AS id, g % 100 AS k, md5(g::text) AS label "
                                           "FROM generate_series(1, %1) g; ALTER TABLE t ADD PRIMARY KEY (id); "
                                           "CREATE INDEX ON t (k); ANALYZE t;").arg(rows),
                            false, &error)) {
        say(QStringLiteral("bench_runner: %1").arg(error));
        cluster.stop(nullptr, true);
        return 1;
    }

    PgConnection conn;
    {
        QEventLoop loop;
        QObject::connect(&conn, &PgConnection::connected, &loop, &QEventLoop::quit);
        QObject::connect(&conn, &PgConnection::connectionFailed, &loop, [&](const QString &m) {
            error = m;
            loop.quit();
        });
        conn.connectToServer(cluster.conninfo(QStringLiteral("bench")));
        loop.exec();
    }
    if (!conn.isConnected()) {
        say(QStringLiteral("bench_runner: %1").arg(error));
        cluster.stop(nullptr, true);
        return 1;
    }

    const QList<QPair<QString, QString>> cases{
        {QStringLiteral("tiny"), QStringLiteral("SELECT 1")},
        {QStringLiteral("index lookup"), QStringLiteral("SELECT * FROM t WHERE id = 4242")},
        {QStringLiteral("aggregate"), QStringLiteral("SELECT k, count(*) FROM t GROUP BY k")},
        {QStringLiteral("20k rows"), QStringLiteral("SELECT id, label FROM t WHERE id <= 20000")},
        {QStringLiteral("%1 rows").arg(rows), QStringLiteral("SELECT * FROM t")},
    };
    say(QStringLiteral("%1 measured runs after %2 warm-ups, median of %3 alternating repeats; runner = client time of "
                       "the plain execution (rows fetched and counted; hashed after the clock stops)")
            .arg(runs)
            .arg(warmup)
            .arg(repeats));
    say(QStringLiteral("%1 %2 %3 %4 %5")
            .arg(QStringLiteral("case"), -14)
            .arg(QStringLiteral("psql ms"), 10)
            .arg(QStringLiteral("runner ms"), 10)
            .arg(QStringLiteral("ratio"), 7)
            .arg(QStringLiteral("round wall ms"), 14));
    int worse = 0;
    int failed = 0;
    for (const auto &[name, sql] : cases) {
        // psql and the runner alternate, `repeats` times each, so a burst of load on the machine hits both;
        // the figures are the medians of the per-repeat medians.
        QString err;
        QList<double> psqlMs, runnerMs, roundMs;
        for (int rep = 0; rep < repeats && err.isEmpty(); ++rep) {
            psqlMs << psqlTime(cluster, sql, runs, warmup, &err);
            const RunnerFigures f = runnerTimes(conn, sql, runs, warmup);
            err += f.error;
            runnerMs << f.statementMs;
            roundMs << f.roundMs;
        }
        if (!err.isEmpty()) {
            say(QStringLiteral("%1: %2").arg(name, err));
            ++failed;
            continue;
        }
        const double psql = median(psqlMs).value_or(0);
        RunnerFigures r;
        r.statementMs = median(runnerMs).value_or(0);
        r.roundMs = median(roundMs).value_or(0);
        const double ratio = psql > 0 ? r.statementMs / psql : 0;
        if (psql <= 0 || r.statementMs <= 0)
            ++failed;   // no figure to compare: psql printed no Time: line, or the runner measured nothing
        else if (ratio > kMaxRunnerOverPsql)
            ++worse;
        say(QStringLiteral("%1 %2 %3 %4 %5")
                .arg(name, -14)
                .arg(psql, 10, 'f', 3)
                .arg(r.statementMs, 10, 'f', 3)
                .arg(ratio, 7, 'f', 2)
                .arg(r.roundMs, 14, 'f', 3));
    }
    if (failed)
        say(QStringLiteral("FAILED: %1 case(s) without a measurement").arg(failed));
    say(worse ? QStringLiteral("FAILED: %1 case(s) above the %2x target").arg(worse).arg(kMaxRunnerOverPsql)
              : QStringLiteral("all measured cases within %1x of psql").arg(kMaxRunnerOverPsql));
    conn.disconnectFromServer();
    cluster.stop(&error, true);
    return failed || worse ? 1 : 0;
}
