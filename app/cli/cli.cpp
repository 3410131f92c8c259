// SPDX-License-Identifier: MIT
#include "cli.h"
#include "commands.h"

#include <QCoreApplication>
#include <QJsonDocument>

#include <cstdio>
#include <functional>

namespace PlanLens::Cli {

namespace {
struct Command {
    const char *name;
    const char *synopsis;
    std::function<int(const QStringList &)> run;
};

// The subcommands, in the order --help lists them.
const QList<Command> &commands()
{
    static const QList<Command> list{
        // planlens-cli-commands (one line per subcommand)
        {"analyze", "analyze FILE [--format auto|json|text|xml|yaml] [--sql FILE] [--json]   parse one plan: times, exclusive time, estimates", analyzeCommand},
        {"anonymize", "anonymize PLAN [--sql FILE] [-o OUT] [--sql-out FILE] [--map FILE] [--json]   replace names and literals by tokens, to share a plan", anonymizeCommand},
        {"compare", "compare BEFORE AFTER [--json]   compare two plan files: matched nodes, speed-up, changes", compareCommand},
        {"demo", "demo start|stop|status|dsn [DB] [--dir DIR]   manage the local demo database", demoCommand},
        {"render", "render PLAN -o OUT.png|svg|pdf [--metric M] [--width PX] [--direction D]   draw the plan graph", renderCommand},
        {"report", "report SESSION.planlens -o OUT.md|OUT.html   write an incident report: scripts, verdict, runs, diff, findings, rewrite, graphs", reportCommand},
        {"rewrite", "rewrite SQLFILE [--plan PLANFILE] [--dsn DSN [--verify]] [--json]   propose rewrites, verify rows and speed", rewriteCommand},
        {"run", "run --dsn DSN --before FILE... --after FILE... | --example ID [--runs N] [--warmup W] [--mode M] [--timeout S] [--allow-writes] [--json] [--session OUT.planlens]   time a before/after pair", runCommand},
        {"scan", "scan LOG|DIR|PLAN... [--jobs N] [--top N] [--since T] [--until T] [--json] | --merge PART.json...   rank the queries in auto_explain logs by total time", scanCommand},
    };
    return list;
}
} // namespace

void printOut(const QString &text)
{
    const QByteArray b = text.toUtf8() + '\n';
    std::fwrite(b.constData(), 1, size_t(b.size()), stdout);
    std::fflush(stdout);
}

void printErr(const QString &text)
{
    const QByteArray b = text.toUtf8() + '\n';
    std::fwrite(b.constData(), 1, size_t(b.size()), stderr);
    std::fflush(stderr);
}

void printJson(const QJsonObject &object)
{
    const QByteArray b = QJsonDocument(object).toJson(QJsonDocument::Indented);
    std::fwrite(b.constData(), 1, size_t(b.size()), stdout);
    std::fflush(stdout);
}

std::optional<int> parseOptions(QCommandLineParser &parser, const QStringList &args)
{
    if (!parser.parse(args)) {
        printErr(QStringLiteral("planlens %1: %2").arg(args.value(0), parser.errorText()));
        return BadInput;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        printOut(parser.helpText());
        return Ok;
    }
    return std::nullopt;
}

QString usage()
{
    QString s = QStringLiteral("Usage: planlens [COMMAND [OPTIONS]]\n\n"
                               "Without a command, opens the PlanLens window (needs a display).\n"
                               "With a command, runs headless; `planlens COMMAND --help` shows its options.\n\n"
                               "Commands:\n");
    for (const Command &c : commands())
        s += QStringLiteral("  %1\n").arg(QString::fromLatin1(c.synopsis));
    s += QStringLiteral(
        "\nWindow options (no command):\n"
        "  --example ID        load an example pair (incident-a, incident-b, incident-a-monthly, incident-b-membership)\n"
        "  --session FILE      open a session (.planlens)\n"
        "  --dsn DSN           connect to this conninfo or URI\n"
        "  --run               run the pair once the window is up\n"
        "  --focus             start in focus mode (F11: only the graphs and the verdict)\n"
        "  --theme THEME       dark, light or system, for this start only (View > Theme keeps its saved choice)\n"
        "  --screenshot OUT.png [--size WxH] [--tab before|after|compare] [--page graph|flame|operations] [--try RULE]\n"
        "                      photograph the window once the run (or the session's plans) and the findings are on\n"
        "                      screen, then exit (0 saved, 1 the run failed, 2 bad option); works with\n"
        "                      QT_QPA_PLATFORM=offscreen\n");
    s += QStringLiteral("\nExit status: 0 success, 1 failure (e.g. a check did not hold), 2 bad input or "
                        "connection/SQL error.\nJSON output is documented in docs/cli.md.");
    return s;
}

bool isCliInvocation(const QString &firstArg)
{
    if (firstArg == u"--help" || firstArg == u"-h" || firstArg == u"help" || firstArg == u"--version")
        return true;
    for (const Command &c : commands())
        if (firstArg == QLatin1String(c.name))
            return true;
    return false;
}

bool needsGuiApplication(const QString &firstArg)
{
    return firstArg == u"render" || firstArg == u"report";   // paint text: need fonts, i.e. a QGuiApplication
}

int run(const QStringList &args)
{
    if (args.isEmpty() || args.first() == u"--help" || args.first() == u"-h" || args.first() == u"help") {
        printOut(usage());
        return Ok;
    }
    if (args.first() == u"--version") {
        printOut(QStringLiteral("planlens %1").arg(QCoreApplication::applicationVersion()));
        return Ok;
    }
    for (const Command &c : commands())
        if (args.first() == QLatin1String(c.name))
            return c.run(args);
    printErr(QStringLiteral("planlens: unknown command '%1'\n\n%2").arg(args.first(), usage()));
    return BadInput;
}

} // namespace PlanLens::Cli
