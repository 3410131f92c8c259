// SPDX-License-Identifier: MIT
#include "cli/cli.h"
#include "mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>

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
            // render paints text, which needs a QGuiApplication; offscreen keeps it display-free.
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
    p.process(app);
    PlanLens::MainWindow w;
    if (p.isSet(QStringLiteral("example")))
        w.loadExample(p.value(QStringLiteral("example")));
    if (p.isSet(QStringLiteral("dsn")))
        w.setConninfo(p.value(QStringLiteral("dsn")));
    w.show();
    if (p.isSet(QStringLiteral("dsn")))
        w.connectToDatabase();
    return app.exec();
}
