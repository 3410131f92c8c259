// SPDX-License-Identifier: MIT
// `planlens run`: the before/after runner of the GUI (ExplainRunner on a PgConnection), driven by a local
// event loop. Documented in docs/cli.md, section "run".
#include "cli.h"
#include "format/units.h"
#include "commands.h"
#include "db/demodatabase.h"
#include "db/explainrunner.h"
#include "db/pgconnection.h"
#include "report/reportdata.h"
#include "session.h"

#include <QCommandLineParser>
#include <QEventLoop>
#include <QFile>
#include <QRegularExpression>
#include <QSocketNotifier>

#include <csignal>
#include <cstdio>
#include <termios.h>
#include <unistd.h>

namespace PlanLens::Cli {

namespace {

int g_interruptPipe[2] = {-1, -1};

void onInterrupt(int)
{
    const char c = 1;
    if (::write(g_interruptPipe[1], &c, 1) < 0) {
        // nothing to do in a signal handler
    }
}

// Reads a password from the terminal with echo off, as psql does. Empty when there is no terminal.
QString promptPassword(const QString &prompt)
{
    FILE *tty = std::fopen("/dev/tty", "r+");
    if (!tty)
        return QString();
    const int fd = ::fileno(tty);
    termios saved{};
    const bool haveTerm = ::tcgetattr(fd, &saved) == 0;
    if (haveTerm) {
        termios quiet = saved;
        quiet.c_lflag &= ~tcflag_t(ECHO);
        ::tcsetattr(fd, TCSAFLUSH, &quiet);
    }
    const QByteArray p = prompt.toUtf8();
    std::fwrite(p.constData(), 1, size_t(p.size()), tty);
    std::fflush(tty);
    char buf[1024] = {};
    const bool got = std::fgets(buf, sizeof buf, tty) != nullptr;
    if (haveTerm)
        ::tcsetattr(fd, TCSAFLUSH, &saved);
    std::fputs("\n", tty);
    std::fclose(tty);
    QByteArray line(got ? buf : "");
    while (line.endsWith('\n') || line.endsWith('\r'))
        line.chop(1);
    const QString pw = QString::fromUtf8(line);
    line.fill('\0');
    std::fill(std::begin(buf), std::end(buf), '\0');
    return pw;
}

QString fmtMs(const std::optional<double> &ms)
{
    return ms ? Units::duration(*ms) : QStringLiteral("-");
}

QString summary(const RunResult &r)
{
    QStringList out;
    auto side = [&r](const QString &title, const SideResult &s) {
        QString line = s.medianMs   ? QStringLiteral("%1 median %2").arg(title, fmtMs(s.medianMs))
                     : s.timedOut ? QStringLiteral("%1 TIMED OUT: %2").arg(title, s.timeoutMessage)
                                  : QStringLiteral("%1 no measured run").arg(title);
        if (!s.runsMs.isEmpty())
            line += QStringLiteral(" (min %1, max %2, %3 runs)").arg(fmtMs(s.minMs), fmtMs(s.maxMs)).arg(s.runsMs.size());
        if (s.rows)
            line += QStringLiteral(", %1 rows, hash %2").arg(*s.rows).arg(s.rowsHashHex());
        if (!s.rowsStable)
            line += QStringLiteral(" (rows changed between runs)");
        if (s.totalCost)
            line += QStringLiteral(", planner cost %1").arg(Units::count(*s.totalCost));
        return line;
    };
    out << side(QStringLiteral("Before:"), r.before) << side(QStringLiteral("After: "), r.after);
    if (r.speedup)
        out << QStringLiteral("Speed-up: %1 (before median / after median)").arg(Units::speedup(*r.speedup));
    if (r.rowsEqual)
        out << (*r.rowsEqual ? QStringLiteral("Rows: equal on both sides")
                             : QStringLiteral("Rows: DIFFERENT (before %1 rows, after %2 rows)").arg(*r.before.rows).arg(*r.after.rows));
    out << QStringLiteral("Mode: %1, %2; %3 warm-up(s), %4 measured run(s), interleaved before/after%5")
               .arg(runModeName(r.mode), explainPrefix(r.mode, r.explain))
               .arg(r.warmup)
               .arg(r.roundsDone)
               .arg(r.explain.genericPlan ? QStringLiteral(", generic plans") : QString());
    for (const auto &[title, s] : {std::pair{QStringLiteral("Before"), &r.before}, std::pair{QStringLiteral("After"), &r.after}}) {
        for (const StatementRun &st : s->statements) {
            QString line = QStringLiteral("  %1, statement %2 (%3)").arg(title).arg(st.index + 1).arg(statementKindName(st.kind));
            if (!st.plan.isEmpty()) {
                line += QStringLiteral(": %1").arg(st.plan.root().displayName());
                if (st.plan.executionMs)
                    line += QStringLiteral(", EXPLAIN ANALYZE %1").arg(fmtMs(st.plan.executionMs));
                if (st.plan.root().totalCost)
                    line += QStringLiteral(", cost %1").arg(Units::count(*st.plan.root().totalCost));
            }
            if (!st.runsMs.isEmpty())
                line += QStringLiteral(", median %1").arg(fmtMs(median(st.runsMs)));
            if (st.rows >= 0)
                line += QStringLiteral(", %1").arg(st.commandStatus);
            if (!st.note.isEmpty())
                line += QStringLiteral(" [%1]").arg(st.note);
            out << line;
        }
    }
    if (!r.server.isEmpty())
        out << QStringLiteral("Server: %1").arg(r.server);
    return out.join(u'\n');
}

bool readFiles(const QStringList &files, QString *sql, QString *error)
{
    QStringList parts;
    for (const QString &f : files) {
        QFile file(f);
        if (!file.open(QIODevice::ReadOnly)) {
            *error = QStringLiteral("cannot read %1: %2").arg(f, file.errorString());
            return false;
        }
        QString text = QString::fromUtf8(file.readAll());
        // Files are concatenated as one script: make sure a statement does not run into the next file's.
        const QString trimmed = text.trimmed();
        if (!trimmed.isEmpty() && !trimmed.endsWith(u';'))
            text += QStringLiteral(";");
        parts << text;
    }
    *sql = parts.join(u'\n');
    return true;
}

// What `--session FILE` saves: the request, the run, and the findings and rewrites the window would propose for it.
bool saveSession(const QString &fileName, const QString &dsn, const RunRequest &req, const RunResult &result,
                 QString *error)
{
    Session s;
    s.conninfo = dsn;   // Session::toJson() drops any password
    s.beforeSql = req.beforeSql;
    s.afterSql = req.afterSql;
    s.parameters = req.parameters;
    s.mode = req.mode;
    s.explain = req.explain;
    s.runs = req.runs;
    s.warmup = req.warmup;
    s.timeoutMs = req.timeoutMs;
    s.setRun(result);
    addComputedAdvice(&s);
    return s.save(fileName, error);
}

} // namespace

int runCommand(const QStringList &argsIn)
{
    // --before and --after take one or more files each: `--before a.sql b.sql --after c.sql`. Files are
    // collected here; the remaining options go through QCommandLineParser.
    QStringList args{argsIn.value(0)};
    QStringList beforeFiles, afterFiles;
    QStringList *collecting = nullptr;
    for (qsizetype i = 1; i < argsIn.size(); ++i) {
        const QString &a = argsIn.at(i);
        if (a == u"--before" || a == u"--after") {
            collecting = a == u"--before" ? &beforeFiles : &afterFiles;
            continue;
        }
        if (a.startsWith(QStringLiteral("--before=")) || a.startsWith(QStringLiteral("--after="))) {
            const bool before = a.startsWith(QStringLiteral("--before="));
            (before ? beforeFiles : afterFiles) << a.section(u'=', 1);
            collecting = nullptr;
            continue;
        }
        if (collecting && !a.startsWith(u'-')) {
            *collecting << a;
            continue;
        }
        collecting = nullptr;
        args << a;
    }

    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral(
        "Runs a before/after pair of SQL scripts: plans (EXPLAIN) plus client-timed executions, interleaved, "
        "inside transactions that are always rolled back. Exit status 2 on connection or SQL errors."));
    p.addOption({QStringLiteral("dsn"), QStringLiteral("libpq connection string or URI (default: PG* environment variables)."), QStringLiteral("DSN")});
    p.addOption({QStringLiteral("before"), QStringLiteral("SQL file(s) of the before side, concatenated."), QStringLiteral("FILE...")});
    p.addOption({QStringLiteral("after"), QStringLiteral("SQL file(s) of the after side, concatenated."), QStringLiteral("FILE...")});
    p.addOption({QStringLiteral("runs"), QStringLiteral("Measured rounds (default 7)."), QStringLiteral("N"), QStringLiteral("7")});
    p.addOption({QStringLiteral("warmup"), QStringLiteral("Unmeasured rounds first (default 2)."), QStringLiteral("W"), QStringLiteral("2")});
    p.addOption({QStringLiteral("timeout"), QStringLiteral("Statement timeout in seconds (default 60)."), QStringLiteral("S"), QStringLiteral("60")});
    p.addOption({QStringLiteral("allow-writes"), QStringLiteral("Run writing statements too (always rolled back).")});
    p.addOption({QStringLiteral("mode"), QStringLiteral("analyze (default), timing-off or estimate."), QStringLiteral("MODE"), QStringLiteral("analyze")});
    p.addOption({QStringLiteral("param"), QStringLiteral("Value of $N (or of a named parameter): N=VALUE[::type]; repeatable."), QStringLiteral("N=VALUE")});
    p.addOption({QStringLiteral("array-param"),
                 QStringLiteral("Bind $NAME of the after script to column COLUMN of the rows of its statement STATEMENT, "
                                "as one array (both 0-based; a rewrite's array_params); repeatable. $ids, $ids_2, ... "
                                "need none: they are the previous statement's first column."),
                 QStringLiteral("NAME=STATEMENT:COLUMN")});
    p.addOption({QStringLiteral("generic-plan"), QStringLiteral("Explain the generic plan (PREPARE, plan_cache_mode = force_generic_plan).")});
    p.addOption({QStringLiteral("no-buffers"), QStringLiteral("EXPLAIN without BUFFERS.")});
    p.addOption({QStringLiteral("no-verbose"), QStringLiteral("EXPLAIN without VERBOSE.")});
    p.addOption({QStringLiteral("no-settings"), QStringLiteral("EXPLAIN without SETTINGS.")});
    p.addOption({QStringLiteral("wal"), QStringLiteral("EXPLAIN with WAL (analyze modes).")});
    p.addOption({QStringLiteral("json"), QStringLiteral("Print the result as JSON (docs/cli.md).")});
    p.addOption({QStringLiteral("example"),
                 QStringLiteral("Run a demo example pair instead of --before/--after files (incident-a, incident-b, "
                                "incident-a-monthly, incident-b-membership); without --dsn, on the demo database."),
                 QStringLiteral("ID")});
    p.addOption({QStringLiteral("session"),
                 QStringLiteral("Also save the run as a session (.planlens): scripts, plans, medians and every run's "
                                "time, the findings and the rewrites proposed; `planlens report` writes it up."),
                 QStringLiteral("FILE")});
    p.addHelpOption();
    if (!p.parse(args)) {
        printErr(QStringLiteral("planlens run: %1").arg(p.errorText()));
        return BadInput;
    }
    if (p.isSet(QStringLiteral("help"))) {
        printOut(p.helpText().replace(QStringLiteral("--before <FILE...>"), QStringLiteral("--before FILE...")));
        return Ok;
    }
    auto bad = [](const QString &msg) {
        printErr(QStringLiteral("planlens run: ") + msg);
        return int(BadInput);
    };
    if (!p.positionalArguments().isEmpty())
        return bad(QStringLiteral("unexpected argument '%1'").arg(p.positionalArguments().first()));
    RunRequest req;
    QString error;
    QString exampleDsn;
    if (p.isSet(QStringLiteral("example"))) {
        if (!beforeFiles.isEmpty() || !afterFiles.isEmpty())
            return bad(QStringLiteral("give either --example or --before/--after files, not both"));
        const QString id = p.value(QStringLiteral("example"));
        QStringList ids;
        for (const DemoDatabase::Example &e : DemoDatabase::examples()) {
            ids << e.id;
            if (e.id == id) {
                req.beforeSql = e.beforeSql;
                req.afterSql = e.afterSql;
                exampleDsn = DemoDatabase().conninfo(e.database);
            }
        }
        if (exampleDsn.isEmpty())
            return bad(QStringLiteral("unknown example '%1' (%2)").arg(id, ids.join(QStringLiteral(", "))));
    } else if (beforeFiles.isEmpty() || afterFiles.isEmpty()) {
        return bad(QStringLiteral("give the SQL files of both sides: --before FILE... --after FILE..., or --example ID"));
    } else if (!readFiles(beforeFiles, &req.beforeSql, &error) || !readFiles(afterFiles, &req.afterSql, &error)) {
        return bad(error);
    }
    bool ok = false;
    req.runs = p.value(QStringLiteral("runs")).toInt(&ok);
    if (!ok || req.runs < 1)
        return bad(QStringLiteral("--runs needs a whole number of at least 1"));
    req.warmup = p.value(QStringLiteral("warmup")).toInt(&ok);
    if (!ok || req.warmup < 0)
        return bad(QStringLiteral("--warmup needs a whole number of at least 0"));
    const double timeoutS = p.value(QStringLiteral("timeout")).toDouble(&ok);
    if (!ok || timeoutS <= 0)
        return bad(QStringLiteral("--timeout needs a positive number of seconds"));
    req.timeoutMs = std::max(1, int(timeoutS * 1000));
    const std::optional<RunMode> mode = runModeFromName(p.value(QStringLiteral("mode")));
    if (!mode)
        return bad(QStringLiteral("--mode is analyze, timing-off or estimate, not '%1'").arg(p.value(QStringLiteral("mode"))));
    req.mode = *mode;
    req.allowWrites = p.isSet(QStringLiteral("allow-writes"));
    req.explain.genericPlan = p.isSet(QStringLiteral("generic-plan"));
    req.explain.buffers = !p.isSet(QStringLiteral("no-buffers"));
    req.explain.verbose = !p.isSet(QStringLiteral("no-verbose"));
    req.explain.settings = !p.isSet(QStringLiteral("no-settings"));
    req.explain.wal = p.isSet(QStringLiteral("wal"));
    for (const QString &spec : p.values(QStringLiteral("param"))) {
        const int eq = int(spec.indexOf(u'='));
        if (eq <= 0)
            return bad(QStringLiteral("--param needs N=VALUE[::type], not '%1'").arg(spec));
        RunParameter rp;
        rp.name = spec.left(eq).trimmed();
        if (rp.name.startsWith(u'$'))
            rp.name.remove(0, 1);
        rp.value = spec.mid(eq + 1);
        const int cast = int(rp.value.lastIndexOf(QStringLiteral("::")));
        if (cast >= 0) {
            rp.type = rp.value.mid(cast + 2).trimmed();
            rp.value.truncate(cast);
        }
        req.parameters << rp;
    }
    for (const QString &spec : p.values(QStringLiteral("array-param"))) {
        static const QRegularExpression form(QStringLiteral("^\\$?([A-Za-z_][A-Za-z0-9_]*)=([0-9]+):([0-9]+)$"));
        const QRegularExpressionMatch m = form.match(spec.trimmed());
        if (!m.hasMatch())
            return bad(QStringLiteral("--array-param needs NAME=STATEMENT:COLUMN (0-based numbers), not '%1'").arg(spec));
        RunArrayParam ap;
        ap.name = m.captured(1);
        ap.fromStatement = m.captured(2).toInt(&ok);
        if (ok)
            ap.column = m.captured(3).toInt(&ok);
        if (!ok)
            return bad(QStringLiteral("--array-param: '%1' has a number out of range").arg(spec));
        for (const RunArrayParam &other : std::as_const(req.afterArrayParams))
            if (other.name == ap.name)
                return bad(QStringLiteral("--array-param: $%1 is declared twice").arg(ap.name));
        req.afterArrayParams << ap;
    }
    const QString refused = ExplainRunner::check(req);
    if (!refused.isEmpty())
        return bad(refused);
    const QString dsn = p.isSet(QStringLiteral("dsn")) || exampleDsn.isEmpty() ? p.value(QStringLiteral("dsn")) : exampleDsn;
    const QString sessionFile = p.value(QStringLiteral("session"));
    const QString invalid = PgConnection::checkConninfo(dsn);
    if (!invalid.isEmpty())
        return bad(invalid);

    PgConnection conn;
    ExplainRunner runner(&conn);
    QEventLoop loop;
    int exitCode = Ok;
    bool passwordTried = false;
    const bool json = p.isSet(QStringLiteral("json"));
    const bool showProgress = ::isatty(STDERR_FILENO);

    QObject::connect(&conn, &PgConnection::passwordRequired, &loop, [&] {
        QString pw;
        if (!passwordTried && ::isatty(STDIN_FILENO))
            pw = promptPassword(QStringLiteral("Password: "));
        if (pw.isEmpty()) {
            printErr(QStringLiteral("planlens run: the server asks for a password: set PGPASSWORD, add it to ~/.pgpass, "
                                    "or run in a terminal to be prompted."));
            exitCode = BadInput;
            runner.stop();
            loop.quit();
            return;
        }
        passwordTried = true;
        conn.connectToServer(dsn, pw);
        pw.fill(u'\0');
    });
    QObject::connect(&runner, &ExplainRunner::progress, &loop, [&](const RunProgress &pr) {
        if (showProgress)
            printErr(QStringLiteral("[%1/%2] %3").arg(pr.round).arg(pr.totalRounds).arg(pr.message));
    });
    QObject::connect(&runner, &ExplainRunner::runFailed, &loop, [&](const QString &msg) {
        printErr(QStringLiteral("planlens run: ") + msg);
        exitCode = BadInput;
        loop.quit();
    });
    auto report = [&](const RunResult &r) {
        if (json)
            printJson(r.toJson());
        else
            printOut(summary(r));
    };
    QObject::connect(&runner, &ExplainRunner::resultReady, &loop, [&](const RunResult &r) {
        report(r);
        if (!sessionFile.isEmpty()) {
            QString saveError;
            if (saveSession(sessionFile, dsn, req, r, &saveError)) {
                printErr(QStringLiteral("planlens run: saved the session to %1").arg(sessionFile));
            } else {
                printErr(QStringLiteral("planlens run: ") + saveError);
                exitCode = Failure;
            }
        }
        loop.quit();
    });
    QObject::connect(&runner, &ExplainRunner::stopped, &loop, [&](const RunResult &r) {
        if (exitCode == Ok) {
            printErr(QStringLiteral("planlens run: stopped after %1 measured round(s).").arg(r.roundsDone));
            report(r);
            exitCode = Failure;
        }
        loop.quit();
    });

    // Ctrl-C cancels the running statement on the server, then prints what was measured.
    std::unique_ptr<QSocketNotifier> interrupt;
    if (::pipe(g_interruptPipe) == 0) {
        interrupt = std::make_unique<QSocketNotifier>(g_interruptPipe[0], QSocketNotifier::Read);
        QObject::connect(interrupt.get(), &QSocketNotifier::activated, &loop, [&] {
            char c;
            if (::read(g_interruptPipe[0], &c, 1) > 0)
                runner.stop();
        });
        std::signal(SIGINT, onInterrupt);
        std::signal(SIGTERM, onInterrupt);
    }

    conn.connectToServer(dsn);
    runner.start(req);
    loop.exec();

    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
    interrupt.reset();
    for (int &fd : g_interruptPipe) {
        if (fd >= 0)
            ::close(fd);
        fd = -1;
    }
    return exitCode;
}

} // namespace PlanLens::Cli
