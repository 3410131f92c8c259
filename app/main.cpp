// SPDX-License-Identifier: MIT
#include "cli/cli.h"
#include "mainwindow.h"
#include "workbench/recoverystore.h"
#include "workbench/screenshotdriver.h"

#include <QApplication>
#include <QCommandLineParser>

#include <cstdio>

namespace {
void setIdentity()
{
    QCoreApplication::setOrganizationName(QStringLiteral("PlanLens"));
    QCoreApplication::setApplicationName(QStringLiteral("PlanLens"));
    QCoreApplication::setApplicationVersion(QStringLiteral(PLANLENS_VERSION));
}
} // namespace

int main(int argc, char **argv)
{
    // With a subcommand the binary is a headless CLI: no display, no widgets.
    if (argc > 1 && PlanLens::Cli::isCliInvocation(QString::fromLocal8Bit(argv[1]))) {
        const QString command = QString::fromLocal8Bit(argv[1]);
        if (PlanLens::Cli::needsGuiApplication(command)) {
            // render and report paint text, which needs a QGuiApplication; offscreen keeps it display-free.
            if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
                qputenv("QT_QPA_PLATFORM", "offscreen");
            QApplication app(argc, argv);
            setIdentity();
            return PlanLens::Cli::run(app.arguments().mid(1));
        }
        QCoreApplication app(argc, argv);
        setIdentity();
        return PlanLens::Cli::run(app.arguments().mid(1));
    }
    QApplication app(argc, argv);
    setIdentity();
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral("PlanLens: PostgreSQL query-plan workbench"));
    p.addHelpOption();
    p.addVersionOption();
    p.addOption({QStringLiteral("dsn"), QStringLiteral("Connect to this conninfo/URI."), QStringLiteral("DSN")});
    p.addOption({QStringLiteral("example"), QStringLiteral("Load an example pair (incident-a, incident-b, ...)."),
                 QStringLiteral("ID")});
    p.addOption({QStringLiteral("session"), QStringLiteral("Open a session file (.planlens)."), QStringLiteral("FILE")});
    p.addOption({QStringLiteral("run"), QStringLiteral("Run the pair once the window is up.")});
    p.addOption({QStringLiteral("screenshot"),
                 QStringLiteral("Save a grab of the whole window to this PNG once the run (with its findings) is on "
                                "screen, then exit: 0 on success, 1 with a message when the run fails."),
                 QStringLiteral("OUT.png")});
    p.addOption({QStringLiteral("size"), QStringLiteral("Window size for --screenshot (default 1440x900)."),
                 QStringLiteral("WxH")});
    p.addOption({QStringLiteral("tab"), QStringLiteral("Plan tab to show: before, after or compare."), QStringLiteral("TAB")});
    p.addOption({QStringLiteral("page"), QStringLiteral("Plan page to show: graph, flame or operations."), QStringLiteral("PAGE")});
    p.addOption({QStringLiteral("try"), QStringLiteral("After the run, try this rewrite rule as After (with --run)."),
                 QStringLiteral("RULE")});
    p.addOption({QStringLiteral("focus"), QStringLiteral("Start in focus mode: only the graphs and the verdict (F11).")});
    p.process(app);

    PlanLens::ScreenshotDriver::Options shot;
    shot.output = p.value(QStringLiteral("screenshot"));
    shot.run = p.isSet(QStringLiteral("run"));
    shot.tryRule = p.value(QStringLiteral("try"));
    shot.tab = p.value(QStringLiteral("tab")).toLower();
    shot.page = p.value(QStringLiteral("page")).toLower();
    shot.focus = p.isSet(QStringLiteral("focus"));
    if (p.isSet(QStringLiteral("size")) && !PlanLens::ScreenshotDriver::parseSize(p.value(QStringLiteral("size")), &shot.size)) {
        std::fprintf(stderr, "planlens: --size takes WIDTHxHEIGHT in pixels, e.g. 1440x900\n");
        return 2;
    }
    if (!shot.tab.isEmpty() && !QStringList{QStringLiteral("before"), QStringLiteral("after"), QStringLiteral("compare")}.contains(shot.tab)) {
        std::fprintf(stderr, "planlens: --tab takes before, after or compare\n");
        return 2;
    }
    if (!shot.page.isEmpty() && !QStringList{QStringLiteral("graph"), QStringLiteral("flame"), QStringLiteral("operations")}.contains(shot.page)) {
        std::fprintf(stderr, "planlens: --page takes graph, flame or operations\n");
        return 2;
    }
    PlanLens::MainWindow w;
    if (!shot.output.isEmpty())
        w.recovery()->setEnabled(false);   // a screenshot is not the user's work: no autosave, no recovery offer
    if (p.isSet(QStringLiteral("example")) && !w.loadExample(p.value(QStringLiteral("example")))) {
        std::fprintf(stderr, "planlens: there is no example called %s (see the Examples menu)\n",
                     qPrintable(p.value(QStringLiteral("example"))));
        return 2;
    }
    if (p.isSet(QStringLiteral("session"))) {
        QString error;
        if (!w.loadSession(p.value(QStringLiteral("session")), &error)) {
            std::fprintf(stderr, "planlens: %s\n", qPrintable(error));
            return 2;
        }
    }
    if (p.isSet(QStringLiteral("dsn")))
        w.setConninfo(p.value(QStringLiteral("dsn")));
    if (!shot.output.isEmpty()) {
        w.resize(shot.size);
        w.show();
        auto *driver = new PlanLens::ScreenshotDriver(&w, shot, &w);
        driver->start();
        return app.exec();
    }
    if (shot.focus)
        w.setFocusMode(true);
    w.show();
    if (p.isSet(QStringLiteral("dsn")) || shot.run)
        w.connectToDatabase();
    if (shot.run)
        QMetaObject::invokeMethod(&w, &PlanLens::MainWindow::runPair, Qt::QueuedConnection);
    return app.exec();
}
