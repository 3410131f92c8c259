// SPDX-License-Identifier: MIT
// `planlens compare BEFORE AFTER [--json]`: the diff the CompareView shows, for scripts and write-ups.
// Documented in docs/cli.md, section "compare".
#include "cli.h"
#include "commands.h"
#include "compare/plandiff.h"
#include "plan/planparser.h"

#include <QCommandLineParser>
#include <QFile>
#include <QFileInfo>

#include <cstdio>

namespace PlanLens::Cli {

namespace {

// Reads a plan file ("-" is stdin) and parses it; on failure, `error` says why in one sentence.
std::optional<Plan> readPlan(const QString &path, QString *error)
{
    QFile f;
    bool opened = false;
    if (path == u"-")
        opened = f.open(stdin, QIODevice::ReadOnly);
    else {
        f.setFileName(path);
        opened = f.open(QIODevice::ReadOnly);
    }
    if (!opened) {
        *error = QStringLiteral("cannot read %1: %2").arg(path, f.errorString());
        return std::nullopt;
    }
    const QString text = QString::fromUtf8(f.readAll());
    Result<Plan> r = parsePlan(text);
    if (isError(r)) {
        *error = QStringLiteral("%1: %2").arg(path, std::get<ParseError>(r).toString());
        return std::nullopt;
    }
    return std::get<Plan>(std::move(r));
}

// The `planlens analyze --json` object without its per-node list (the diff's ids refer to those nodes).
QJsonObject planSummary(const Plan &plan)
{
    QJsonObject o = planToAnalyzeJson(plan);
    o.remove(QStringLiteral("nodes"));
    return o;
}

QString describe(const QString &path, const Plan &plan)
{
    return QStringLiteral("%1 (%2, %3 nodes)").arg(path, planFormatName(plan.sourceFormat)).arg(plan.nodes.size());
}

} // namespace

int compareCommand(const QStringList &args)
{
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral(
        "Compare two plans of the same or a rewritten query: node matching, the speed-up and what changed."));
    p.addPositionalArgument(QStringLiteral("before"), QStringLiteral("Plan file before the change (\"-\" reads stdin)."));
    p.addPositionalArgument(QStringLiteral("after"), QStringLiteral("Plan file after the change."));
    p.addOption({QStringLiteral("json"), QStringLiteral("Print the comparison as JSON (docs/cli.md).")});
    p.addHelpOption();
    if (const std::optional<int> done = parseOptions(p, args))
        return *done;
    const QStringList pos = p.positionalArguments();
    if (pos.size() != 2) {
        printErr(QStringLiteral("planlens compare: give two plan files, BEFORE and AFTER (got %1)\n\n").arg(pos.size())
                 + p.helpText());
        return BadInput;
    }
    if (pos[0] == u"-" && pos[1] == u"-") {
        printErr(QStringLiteral("planlens compare: only one side can be read from stdin"));
        return BadInput;
    }
    QString error;
    const std::optional<Plan> before = readPlan(pos[0], &error);
    if (!before) {
        printErr(QStringLiteral("planlens compare: ") + error);
        return BadInput;
    }
    const std::optional<Plan> after = readPlan(pos[1], &error);
    if (!after) {
        printErr(QStringLiteral("planlens compare: ") + error);
        return BadInput;
    }
    const PlanDiff diff = comparePlans(*before, *after);
    if (p.isSet(QStringLiteral("json"))) {
        QJsonObject o = planDiffToJson(diff);
        o.insert(QStringLiteral("before"), planSummary(*before));
        o.insert(QStringLiteral("after"), planSummary(*after));
        printJson(o);
    } else {
        printOut(QStringLiteral("Before: %1\nAfter:  %2\n").arg(describe(pos[0], *before), describe(pos[1], *after))
                 + diff.toText());
    }
    return Ok;
}

} // namespace PlanLens::Cli
