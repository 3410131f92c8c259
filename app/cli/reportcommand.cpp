// SPDX-License-Identifier: MIT
// `planlens report`: the incident write-up of a session (Markdown with PNGs beside it, or one HTML file), as
// File › Export Report… writes it. Documented in docs/cli.md, section "report", and docs/report.md.
#include "cli.h"
#include "commands.h"
#include "report/reportbuilder.h"
#include "session.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFileInfo>

namespace PlanLens::Cli {

int reportCommand(const QStringList& args)
{
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral(
        "Write an incident report of a session (.planlens): both scripts, the verdict and medians, the run "
        "distribution, what changed between the plans, the findings with their evidence, the rewrites proposed "
        "and the one tried with its verification, and both plan graphs.\n"
        "OUT.md writes Markdown with OUT-before.png, OUT-after.png and OUT-runs.png beside it; OUT.html writes one "
        "self-contained page (graphs as inline SVG) that opens with no network and prints well.\n"
        "`planlens run ... --session FILE` saves a session to report on. Runs without a display."));
    p.addPositionalArgument(QStringLiteral("session"), QStringLiteral("Session file (.planlens)."));
    p.addOption({ { QStringLiteral("o"), QStringLiteral("output") }, QStringLiteral("Output file: .md or .html."),
        QStringLiteral("FILE") });
    p.addHelpOption();
    if (const std::optional<int> done = parseOptions(p, args)) return *done;
    const QStringList pos = p.positionalArguments();
    if (pos.size() != 1 || !p.isSet(QStringLiteral("output"))) {
        printErr(QStringLiteral("planlens report: give one session file and -o OUT.md|OUT.html\n\n") + p.helpText());
        return BadInput;
    }
    const QString out = p.value(QStringLiteral("output"));
    if (ReportBuilder::formatOf(out).isEmpty()) {
        printErr(QStringLiteral("planlens report: the output must end in .md or .html, not '%1'").arg(out));
        return BadInput;
    }
    QString error;
    const std::optional<Session> session = Session::load(pos.first(), &error);
    if (!session) {
        printErr(QStringLiteral("planlens report: ") + error);
        return BadInput;
    }
    // Painting text needs a QGuiApplication: main() creates a QApplication for this command (offscreen when no
    // platform is set), see Cli::needsGuiApplication().
    if (!qobject_cast<QApplication*>(QCoreApplication::instance())) {
        printErr(QStringLiteral("planlens report: this build started without a QApplication, so it cannot paint"));
        return Failure;
    }
    const ReportBuilder builder(*session, QFileInfo(pos.first()).fileName());
    QStringList written;
    if (!builder.write(out, &written, &error)) {
        printErr(QStringLiteral("planlens report: ") + error);
        return Failure;
    }
    const ReportData& d = builder.data();
    // One multi-argument arg(): a file name with "%2" in it stays as it is.
    printErr(QStringLiteral("planlens report: wrote %1 (findings: %2 Before, %3 After; %4 rewrite(s) proposed%5%6)")
                 .arg(written.join(QStringLiteral(", ")), QString::number(d.sides[0].findings.size()),
                      QString::number(d.sides[1].findings.size()), QString::number(d.rewrites.size()),
                      d.run ? QString() : QStringLiteral("; no run recorded"),
                      d.tried ? QStringLiteral("; %1 tried").arg(d.tried->rule) : QString()));
    return Ok;
}

} // namespace PlanLens::Cli
