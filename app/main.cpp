// SPDX-License-Identifier: MIT
#include "cli/cli.h"
#include "mainwindow.h"
#include "workbench/recoverystore.h"
#include "workbench/screenshotdriver.h"
#include "workbench/themecontroller.h"

#include <QApplication>
#include <QCommandLineParser>

#include <cstdio>
#include <cstring>
#include <optional>
#include <vector>

namespace {
void setIdentity()
{
    QCoreApplication::setOrganizationName(QStringLiteral("PlanLens"));
    QCoreApplication::setApplicationName(QStringLiteral("PlanLens"));
    QCoreApplication::setApplicationVersion(QStringLiteral(PLANLENS_VERSION));
}

// QGuiApplication takes `-session ID` and `--session ID` out of argv for X11 session management
// (QGuiApplicationPrivate::init, before any parser of ours runs; QCoreApplication::arguments() no longer has
// them), but leaves `--session=ID` alone. So the documented `--session FILE` is joined into `--session=FILE`
// first. A session manager's `-session ID` (one dash) stays Qt's; PlanLens does not restore X11 sessions.
// The joined strings live in `storage`, which must outlive the QApplication.
std::vector<char *> joinSessionOption(int argc, char **argv, std::vector<QByteArray> *storage)
{
    storage->reserve(size_t(argc));
    std::vector<char *> out;
    for (int i = 0; i < argc; ++i) {
        if (std::strcmp(argv[i], "--") == 0) {   // the rest are arguments, not options
            out.insert(out.end(), argv + i, argv + argc);
            break;
        }
        if (i > 0 && i + 1 < argc && std::strcmp(argv[i], "--session") == 0) {
            storage->push_back(QByteArray("--session=") + argv[++i]);
            out.push_back(storage->back().data());
            continue;
        }
        out.push_back(argv[i]);
    }
    out.push_back(nullptr);   // argv[argc] is NULL, as the C runtime gives it
    return out;
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
    std::vector<QByteArray> joined;
    std::vector<char *> args = joinSessionOption(argc, argv, &joined);
    int count = int(args.size()) - 1;
    QApplication app(count, args.data());
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
    p.addOption({QStringLiteral("theme"),
                 QStringLiteral("Theme for this start: dark, light or system (View › Theme is not changed)."),
                 QStringLiteral("THEME")});
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
    std::optional<PlanLens::ThemeController::Mode> theme;
    if (p.isSet(QStringLiteral("theme"))) {
        theme = PlanLens::ThemeController::modeFromKey(p.value(QStringLiteral("theme")));
        if (!theme) {
            std::fprintf(stderr, "planlens: --theme takes dark, light or system\n");
            return 2;
        }
    }
    PlanLens::MainWindow w;
    if (theme) {
        // Applied before anything is shown, for this start only: the choice View › Theme remembers stays as it was.
        if (auto *controller = w.findChild<PlanLens::ThemeController *>())
            controller->setMode(*theme, false);
    }
    if (!shot.output.isEmpty())
        w.recovery()->setEnabled(false);   // a screenshot is not the user's work: no autosave, no recovery offer
    // Made before the session is opened, so it sees the plans the session brings and waits for them.
    auto *driver = shot.output.isEmpty() ? nullptr : new PlanLens::ScreenshotDriver(&w, shot, &w);
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
