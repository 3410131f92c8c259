// SPDX-License-Identifier: MIT
#include "cli.h"
#include "commands.h"
#include "db/demodatabase.h"

#include <QCommandLineParser>

namespace PlanLens::Cli {

int demoCommand(const QStringList &args)
{
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral("Manage the local demo PostgreSQL cluster with the seed incidents."));
    p.addPositionalArgument(QStringLiteral("action"), QStringLiteral("start | stop | status | dsn | remove"));
    p.addPositionalArgument(QStringLiteral("db"), QStringLiteral("for dsn: tracks (default) or projects"), QStringLiteral("[db]"));
    p.addOption({QStringLiteral("dir"), QStringLiteral("Cluster directory (default: %1).").arg(DemoDatabase::defaultDir()),
                 QStringLiteral("DIR")});
    p.addOption({QStringLiteral("json"), QStringLiteral("Print status as JSON.")});
    p.addHelpOption();
    if (const std::optional<int> done = parseOptions(p, args))
        return *done;
    const QStringList pos = p.positionalArguments();
    if (pos.isEmpty()) {
        printErr(QStringLiteral("planlens demo: say start, stop, status, dsn or remove\n\n") + p.helpText());
        return BadInput;
    }
    DemoDatabase demo(p.isSet(QStringLiteral("dir")) ? p.value(QStringLiteral("dir")) : DemoDatabase::defaultDir());
    const QString action = pos.first();
    QString error;
    if (action == u"start") {
        if (!demo.ensureReady(&error, [](const QString &s) { printErr(s); })) {
            printErr(QStringLiteral("planlens demo start: ") + error);
            return Failure;
        }
        printErr(QStringLiteral("Demo database ready: %1").arg(demo.conninfo()));
        return Ok;
    }
    if (action == u"stop") {
        if (!demo.stop(&error)) {
            printErr(QStringLiteral("planlens demo stop: ") + error);
            return Failure;
        }
        return Ok;
    }
    if (action == u"remove") {
        if (!demo.remove(&error)) {
            printErr(QStringLiteral("planlens demo remove: ") + error);
            return Failure;
        }
        return Ok;
    }
    if (action == u"status") {
        const bool running = demo.isRunning();
        const bool loaded = running && demo.isLoaded();
        if (p.isSet(QStringLiteral("json"))) {
            printJson({{QStringLiteral("dir"), demo.cluster().dir()},
                       {QStringLiteral("running"), running},
                       {QStringLiteral("loaded"), loaded},
                       {QStringLiteral("dsn"), demo.conninfo()}});
        } else {
            printOut(QStringLiteral("%1: %2%3").arg(demo.cluster().dir(),
                                                    running ? QStringLiteral("running") : QStringLiteral("stopped"),
                                                    running ? (loaded ? QStringLiteral(", data loaded") : QStringLiteral(", data not loaded")) : QString()));
        }
        return running ? Ok : Failure;
    }
    if (action == u"dsn") {
        const QString db = pos.value(1, QStringLiteral("tracks"));
        if (!DemoDatabase::databases().contains(db)) {
            printErr(QStringLiteral("planlens demo dsn: unknown database '%1' (tracks or projects)").arg(db));
            return BadInput;
        }
        printOut(demo.conninfo(db));
        return Ok;
    }
    printErr(QStringLiteral("planlens demo: unknown action '%1' (start, stop, status, dsn, remove)").arg(action));
    return BadInput;
}

} // namespace PlanLens::Cli
