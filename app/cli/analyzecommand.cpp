// SPDX-License-Identifier: MIT
// `planlens analyze FILE [--format auto|json|text|xml|yaml] [--json]`: one plan, parsed and measured.
#include "cli.h"
#include "commands.h"
#include "plan/planparser.h"
#include "detect/detectors.h"
#include "format/units.h"
#include "sql/sqlscript.h"

#include <QCommandLineParser>
#include <QFile>

#include <algorithm>
#include <numeric>
#include <optional>
#include <cstdio>

namespace PlanLens::Cli {

namespace {

QString summary(const Plan &plan)
{
    QStringList out;
    const PlanNode &root = plan.root();
    out << QStringLiteral("Format:         %1, %2 nodes").arg(planFormatName(plan.sourceFormat)).arg(plan.nodes.size());
    out << QStringLiteral("Root:           %1").arg(root.displayName());
    if (plan.planningMs)
        out << QStringLiteral("Planning time:  %1").arg(Units::duration(*plan.planningMs));
    if (plan.executionMs)
        out << QStringLiteral("Execution time: %1").arg(Units::duration(*plan.executionMs));
    if (!plan.hasAnalyze) {
        out << QStringLiteral("No ANALYZE figures: estimates only.");
        if (root.totalCost)
            out << QStringLiteral("Total cost:     %1").arg(Units::count(*root.totalCost));
    }

    auto label = [&plan](const PlanNode &n) {
        QString s = QStringLiteral("#%1 %2").arg(n.id).arg(n.displayName());
        if (!n.subplanName.isEmpty())
            s += QStringLiteral(" [%1]").arg(n.subplanName);
        Q_UNUSED(plan)
        return s;
    };

    if (plan.hasTiming) {
        QList<int> order(plan.nodes.size());
        std::iota(order.begin(), order.end(), 0);
        std::stable_sort(order.begin(), order.end(),
                         [&plan](int a, int b) { return plan.nodes[a].exclusiveMs > plan.nodes[b].exclusiveMs; });
        out << QString() << QStringLiteral("Slowest nodes (exclusive time):");
        for (qsizetype i = 0; i < std::min<qsizetype>(5, order.size()); ++i) {
            const PlanNode &n = plan.nodes[order[i]];
            out << QStringLiteral("  %1  %2  %3")
                       .arg(Units::duration(n.exclusiveMs), 12)
                       .arg(Units::percent(n.timeShare), 4)
                       .arg(label(n));
        }
    }

    // Estimate errors: the nodes whose row estimate is furthest off (10× or more), worst first.
    QList<int> bad;
    for (const PlanNode &n : plan.nodes)
        if (n.estimateFactor && (*n.estimateFactor >= 10 || *n.estimateFactor <= 0.1))
            bad.append(n.id);
    std::stable_sort(bad.begin(), bad.end(), [&plan](int a, int b) {
        const auto err = [](double f) { return f >= 1 ? f : 1 / f; };
        return err(*plan.nodes[a].estimateFactor) > err(*plan.nodes[b].estimateFactor);
    });
    if (!bad.isEmpty()) {
        out << QString() << QStringLiteral("Row estimates off by 10× or more:");
        for (qsizetype i = 0; i < std::min<qsizetype>(5, bad.size()); ++i) {
            const PlanNode &n = plan.nodes[bad[i]];
            out << QStringLiteral("  %1  planned %2, actual %3 × %4 loops  %5")
                       .arg(Units::estimateFactor(*n.estimateFactor), 6)
                       .arg(Units::count(n.planRows.value_or(0)), Units::rows(n.actualRows.value_or(0)),
                            Units::count(n.actualLoops.value_or(1)), label(n));
        }
    } else if (plan.hasAnalyze) {
        out << QString() << QStringLiteral("Row estimates: every node within 10× of its actual rows.");
    }
    return out.join(u'\n');
}

} // namespace

int analyzeCommand(const QStringList &args)
{
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral("Parse one EXPLAIN output (TEXT, JSON, XML, YAML, psql frames, "
                                               "auto_explain log entries) and print its figures."));
    p.addPositionalArgument(QStringLiteral("file"), QStringLiteral("The plan file, or - for standard input."));
    p.addOption({QStringLiteral("format"), QStringLiteral("auto (default), json, text, xml or yaml."),
                 QStringLiteral("FORMAT"), QStringLiteral("auto")});
    p.addOption({QStringLiteral("json"), QStringLiteral("Print one JSON object (see docs/cli.md).")});
    // findings: the SQL the plan came from lets the rules point at its text (docs/rules.md).
    p.addOption({QStringLiteral("sql"), QStringLiteral("The SQL script the plan is for; findings then name spans in it."),
                 QStringLiteral("FILE")});
    p.addHelpOption();
    if (const std::optional<int> done = parseOptions(p, args))
        return *done;
    const QStringList pos = p.positionalArguments();
    if (pos.size() != 1) {
        printErr(QStringLiteral("planlens analyze: give one plan file (or - for standard input)\n\n") + p.helpText());
        return BadInput;
    }
    const QString formatName = p.value(QStringLiteral("format")).toLower();
    PlanFormat format = PlanFormat::Unknown;
    if (formatName == u"json")
        format = PlanFormat::Json;
    else if (formatName == u"text")
        format = PlanFormat::Text;
    else if (formatName == u"xml")
        format = PlanFormat::Xml;
    else if (formatName == u"yaml")
        format = PlanFormat::Yaml;
    else if (formatName != u"auto") {
        printErr(QStringLiteral("planlens analyze: unknown format '%1': say auto, json, text, xml or yaml").arg(formatName));
        return BadInput;
    }

    const QString file = pos.first();
    QFile f;
    bool opened = false;
    if (file == u"-")
        opened = f.open(stdin, QIODevice::ReadOnly);
    else {
        f.setFileName(file);
        opened = f.open(QIODevice::ReadOnly);
    }
    if (!opened) {
        printErr(QStringLiteral("planlens analyze: cannot read '%1': %2").arg(file, f.errorString()));
        return BadInput;
    }
    const Result<Plan> result = parsePlanDevice(f, format);
    if (isError(result)) {
        printErr(QStringLiteral("planlens analyze: %1: %2").arg(file == u"-" ? QStringLiteral("<stdin>") : file,
                                                               std::get<ParseError>(result).toString()));
        return BadInput;
    }
    const Plan &plan = std::get<Plan>(result);

    // findings: every detector over the plan and, with --sql, over the script it came from.
    std::optional<SqlScript> script;
    if (p.isSet(QStringLiteral("sql"))) {
        QFile sf(p.value(QStringLiteral("sql")));
        if (!sf.open(QIODevice::ReadOnly)) {
            printErr(QStringLiteral("planlens analyze: cannot read '%1': %2").arg(sf.fileName(), sf.errorString()));
            return BadInput;
        }
        const Result<SqlScript> parsed = parseSqlScript(QString::fromUtf8(sf.readAll()));
        if (isError(parsed)) {
            printErr(QStringLiteral("planlens analyze: %1: %2").arg(sf.fileName(), std::get<ParseError>(parsed).toString()));
            return BadInput;
        }
        script = std::get<SqlScript>(parsed);
    }
    const QList<Finding> findings = runDetectors(plan, script ? &*script : nullptr);

    if (p.isSet(QStringLiteral("json"))) {
        QJsonObject out = planToAnalyzeJson(plan);
        out.insert(QStringLiteral("findings"), findingsToJson(findings));
        printJson(out);
    } else {
        QString text = summary(plan);
        text += QStringLiteral("\n\nFindings:");
        if (findings.isEmpty())
            text += QStringLiteral(" none.");
        for (const Finding &f : findings) {
            text += QStringLiteral("\n  [%1 %2] %3%4: %5").arg(findingLevelName(f.level)).arg(qRound(f.severity * 100))
                        .arg(f.rule, f.nodeId >= 0 ? QStringLiteral(" (node #%1)").arg(f.nodeId) : QString(), f.message);
            if (f.hasSpan() && script)
                text += QStringLiteral("\n      SQL: %1").arg(script->text.mid(f.spanStart, f.spanEnd - f.spanStart).simplified());
        }
        printOut(text);
    }
    return Ok;
}

} // namespace PlanLens::Cli
