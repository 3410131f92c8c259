// SPDX-License-Identifier: MIT
// The planlens binary as scripts call it: exit statuses and messages.
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

class TestCli : public QObject
{
    Q_OBJECT
private slots:
    void helpListsEveryCommand();
    void unknownCommandIsBadInput();
    void demoDsnNamesTheDirectory();
    void demoDsnRejectsUnknownDatabase();
    void demoStatusOfMissingClusterFails();

private:
    struct Run { int code; QString out; QString err; };
    static Run planlens(const QStringList &args)
    {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("DISPLAY"));
        env.remove(QStringLiteral("QT_QPA_PLATFORM"));   // the CLI must not need any display
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(PLANLENS_BINARY), args);
        if (!p.waitForFinished(60000))
            return {-1, {}, QStringLiteral("timed out")};
        return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(p.readAllStandardError())};
    }
};

void TestCli::helpListsEveryCommand()
{
    const Run r = planlens({QStringLiteral("--help")});
    QCOMPARE(r.code, 0);
    QVERIFY2(r.out.contains(QStringLiteral("demo start|stop|status|dsn")), qPrintable(r.out));
    QVERIFY(r.out.contains(QStringLiteral("docs/cli.md")));
    // The synopsis lines name the options docs/cli.md documents for analyze and run.
    const QString analyze = r.out.section(QStringLiteral("\n  analyze "), 1, 1).section(u'\n', 0, 0);
    QVERIFY2(analyze.contains(QStringLiteral("[--sql FILE]")), qPrintable(r.out));
    const QString run = r.out.section(QStringLiteral("\n  run "), 1, 1).section(u'\n', 0, 0);
    for (const char *option : {"[--warmup W]", "[--timeout S]", "[--allow-writes]", "[--runs N]", "[--mode M]"})
        QVERIFY2(run.contains(QLatin1String(option)), qPrintable(QLatin1String(option) + QStringLiteral(" in: ") + run));
    // The window's own options, which main() reads when there is no command.
    const QString window = r.out.section(QStringLiteral("Window options"), 1, 1);
    for (const char *option : {"--example ID", "--session FILE", "--dsn DSN", "--run", "--focus", "--screenshot OUT.png",
                               "[--size WxH]", "[--tab before|after|compare]", "[--try RULE]"})
        QVERIFY2(window.contains(QLatin1String(option)), qPrintable(QLatin1String(option) + QStringLiteral(" in: ") + window));
}

void TestCli::unknownCommandIsBadInput()
{
    // Not a subcommand: the GUI would start; an unknown word that looks like an option is for the GUI parser.
    const Run r = planlens({QStringLiteral("help"), QStringLiteral("x")});
    QCOMPARE(r.code, 0);
    const Run bad = planlens({QStringLiteral("demo"), QStringLiteral("frobnicate")});
    QCOMPARE(bad.code, 2);
    QVERIFY2(bad.err.contains(QStringLiteral("unknown action 'frobnicate'")), qPrintable(bad.err));
}

void TestCli::demoDsnNamesTheDirectory()
{
    QTemporaryDir d;
    const Run r = planlens({QStringLiteral("demo"), QStringLiteral("dsn"), QStringLiteral("projects"),
                            QStringLiteral("--dir"), d.path()});
    QCOMPARE(r.code, 0);
    QVERIFY2(r.out.contains(QStringLiteral("host=%1 ").arg(d.path())), qPrintable(r.out));
    QVERIFY(r.out.contains(QStringLiteral("dbname=projects")));
}

void TestCli::demoDsnRejectsUnknownDatabase()
{
    const Run r = planlens({QStringLiteral("demo"), QStringLiteral("dsn"), QStringLiteral("nope")});
    QCOMPARE(r.code, 2);
    QVERIFY(r.err.contains(QStringLiteral("unknown database 'nope'")));
}

void TestCli::demoStatusOfMissingClusterFails()
{
    QTemporaryDir d;
    const Run r = planlens({QStringLiteral("demo"), QStringLiteral("status"), QStringLiteral("--json"),
                            QStringLiteral("--dir"), d.path() + QStringLiteral("/none")});
    QCOMPARE(r.code, 1);
    QVERIFY2(r.out.contains(QStringLiteral("\"running\": false")), qPrintable(r.out));
}

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
