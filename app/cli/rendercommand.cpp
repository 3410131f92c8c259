// SPDX-License-Identifier: MIT
#include "cli.h"
#include "commands.h"
#include "plan/planparser.h"
#include "planexport.h"
#include "plangraphdata.h"
#include "plangraphscene.h"
#include "plannodeformat.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFile>
#include <QFileInfo>
#include <QTextStream>

#include <cmath>
#include <cstdio>

namespace PlanLens::Cli {

namespace {

QString readInput(const QString &path, QString *error)
{
    QFile f;
    if (path == u"-") {
        if (!f.open(stdin, QIODevice::ReadOnly)) {
            *error = QStringLiteral("cannot read standard input");
            return {};
        }
    } else {
        f.setFileName(path);
        if (!f.open(QIODevice::ReadOnly)) {
            *error = QStringLiteral("cannot read %1: %2").arg(path, f.errorString());
            return {};
        }
    }
    return QString::fromUtf8(f.readAll());
}

} // namespace

int renderCommand(const QStringList &args)
{
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral(
        "Draw a plan (any EXPLAIN format, or - for standard input) as the graph the window shows, with its legend.\n"
        "Runs without a display."));
    p.addPositionalArgument(QStringLiteral("plan"), QStringLiteral("Plan file, or - for standard input."));
    p.addOption({{QStringLiteral("o"), QStringLiteral("output")},
                 QStringLiteral("Output file; .png, .svg or .pdf."), QStringLiteral("FILE")});
    p.addOption({QStringLiteral("metric"),
                 QStringLiteral("Colour nodes by exclusive-time (default), cost, buffers, rows or estimate."),
                 QStringLiteral("METRIC"), QStringLiteral("exclusive-time")});
    p.addOption({QStringLiteral("width"), QStringLiteral("Width of the picture in pixels (default: the graph at 1:1, "
                                                         "at most %1).").arg(PlanExportOptions::kNaturalWidthLimit),
                 QStringLiteral("PX")});
    p.addOption({QStringLiteral("direction"),
                 QStringLiteral("top-down, left-right, or auto (default): top-down unless that is a long strip, such as "
                                "a UNION of hundreds of branches, and left-right reads better."),
                 QStringLiteral("DIR"), QStringLiteral("auto")});
    p.addOption({QStringLiteral("no-legend"), QStringLiteral("Leave the legend out.")});
    p.addHelpOption();
    if (const std::optional<int> done = parseOptions(p, args))
        return *done;
    const QStringList pos = p.positionalArguments();
    if (pos.size() != 1 || !p.isSet(QStringLiteral("output"))) {
        printErr(QStringLiteral("planlens render: give one plan file and -o OUT.png|svg|pdf\n\n") + p.helpText());
        return BadInput;
    }
    const QString out = p.value(QStringLiteral("output"));
    const QString suffix = QFileInfo(out).suffix().toLower();
    if (suffix != u"png" && suffix != u"svg" && suffix != u"pdf") {
        printErr(QStringLiteral("planlens render: the output must end in .png, .svg or .pdf, not '%1'").arg(out));
        return BadInput;
    }
    const auto metric = planMetricFromKey(p.value(QStringLiteral("metric")));
    if (!metric) {
        printErr(QStringLiteral("planlens render: unknown metric '%1' (exclusive-time, cost, buffers, rows, estimate)")
                     .arg(p.value(QStringLiteral("metric"))));
        return BadInput;
    }
    PlanGraphSettings settings;
    settings.metric = *metric;
    const QString dir = p.value(QStringLiteral("direction"));
    const bool autoDirection = dir == u"auto";
    if (dir == u"left-right" || dir == u"lr")
        settings.direction = LayoutDirection::LeftRight;
    else if (dir != u"top-down" && dir != u"td" && !autoDirection) {
        printErr(QStringLiteral("planlens render: unknown direction '%1' (top-down or left-right)").arg(dir));
        return BadInput;
    }
    PlanExportOptions options;
    options.legend = !p.isSet(QStringLiteral("no-legend"));
    if (p.isSet(QStringLiteral("width"))) {
        bool ok = false;
        options.width = p.value(QStringLiteral("width")).toInt(&ok);
        if (!ok || options.width < 100 || options.width > PlanExportOptions::kMaxSide) {
            printErr(QStringLiteral("planlens render: --width must be a number of pixels from 100 to %1")
                         .arg(PlanExportOptions::kMaxSide));
            return BadInput;
        }
    }

    QString error;
    const QString text = readInput(pos.first(), &error);
    if (!error.isEmpty()) {
        printErr(QStringLiteral("planlens render: ") + error);
        return BadInput;
    }
    const Result<Plan> parsed = parsePlan(text);
    if (isError(parsed)) {
        printErr(QStringLiteral("planlens render: %1: %2").arg(pos.first(), std::get<ParseError>(parsed).toString()));
        return BadInput;
    }
    const Plan &plan = std::get<Plan>(parsed);
    if (plan.isEmpty()) {
        printErr(QStringLiteral("planlens render: %1: no plan nodes found").arg(pos.first()));
        return BadInput;
    }

    // Painting text needs a QGuiApplication: main() creates a QApplication for this command (offscreen when no
    // platform is set), see Cli::needsGuiApplication().
    if (!qobject_cast<QApplication *>(QCoreApplication::instance())) {
        printErr(QStringLiteral("planlens render: this build started without a QApplication, so it cannot paint"));
        return Failure;
    }

    PlanGraphData data = preparePlanGraph(plan, settings);
    if (autoDirection) {
        // A picture is read whole: a top-down strip many times wider than tall (wide Appends) shrinks to dots, so
        // such plans are drawn left to right when that is closer to a page's proportions.
        const auto skew = [](const QRectF &b) { return std::abs(std::log(b.width() / b.height() / (4.0 / 3.0))); };
        if (data.bounds.width() > 4 * data.bounds.height()) {
            PlanGraphSettings lr = settings;
            lr.direction = LayoutDirection::LeftRight;
            PlanGraphData other = preparePlanGraph(plan, lr);
            if (skew(other.bounds) < skew(data.bounds))
                data = std::move(other);
        }
    }
    PlanGraphScene scene;
    scene.setGraph(plan, data);
    const QString name = pos.first() == u"-" ? QString() : QFileInfo(pos.first()).fileName() + QStringLiteral(" · ");
    options.summary = name + NodeFormat::planSummary(plan);
    if (!exportPlanGraph(scene, out, options, &error)) {
        printErr(QStringLiteral("planlens render: ") + error);
        return Failure;
    }
    const QSize size = planExportSize(scene, options);
    printErr(QStringLiteral("planlens render: wrote %1 (%2×%3 px, %4 nodes, coloured by %5)")
                 .arg(out)
                 .arg(size.width())
                 .arg(size.height())
                 .arg(plan.nodes.size())
                 .arg(scene.data().scale.caption().toLower()));
    return Ok;
}

} // namespace PlanLens::Cli
