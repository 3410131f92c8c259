// SPDX-License-Identifier: MIT
// The window's command-line options, on the real binary (offscreen, private config and data homes):
// `--session FILE` opens the session (QGuiApplication would swallow it as X11's -session), as `--session=FILE`
// does, and `--screenshot` waits for the session's plans; `--theme dark|light` paints the window in that theme
// without saving it as View › Theme's choice. What a screenshot shows is read back from the PNG's text chunks
// (ScreenshotDriver) and from its pixels. Pictures go to PLANLENS_BUILD_DIR/screenshots/guioptions-*.png.
#include "session.h"
#include "testdata.h"

#include <QDir>
#include <QFile>
#include <QImage>
#include <QProcess>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace PlanLens;

namespace {

struct Launch {
    int exitCode = -1;   // -2: crashed or did not finish
    QString out;
    QString err;
};

// The share of a grid of pixels over the whole picture whose lightness is below `below`.
double darkShare(const QImage &image, double below)
{
    int dark = 0, all = 0;
    for (int y = 5; y < image.height(); y += 10) {
        for (int x = 5; x < image.width(); x += 10) {
            dark += image.pixelColor(x, y).lightnessF() < below ? 1 : 0;
            ++all;
        }
    }
    return all ? double(dark) / all : 0;
}

} // namespace

class TestGuiOptions : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void sessionOptionOpensTheSession_data();
    void sessionOptionOpensTheSession();
    void missingSessionIsReported();
    void themeOption_data();
    void themeOption();
    void badThemeIsRefused();
    void helpListsTheOptions();

private:
    Launch launch(const QStringList &args) const;
    QString settingsFile() const;

    QTemporaryDir m_home;
    QString m_session;
    qsizetype m_beforeNodes = 0;
    qsizetype m_afterNodes = 0;
};

void TestGuiOptions::initTestCase()
{
    QVERIFY(m_home.isValid());
    // Two plans with findings, in a session written the way File › Save Session writes it.
    Session s;
    s.beforeSql = QStringLiteral("SELECT 1;");
    s.afterSql = QStringLiteral("SELECT 2;");
    s.beforePlan = Test::readTestData(QStringLiteral("plans/incident-a-before.json"));
    s.afterPlan = Test::readTestData(QStringLiteral("plans/incident-a-after.json"));
    QVERIFY(!s.beforePlan.isEmpty() && !s.afterPlan.isEmpty());
    m_beforeNodes = Test::parsedOrEmpty(s.beforePlan).nodes.size();
    m_afterNodes = Test::parsedOrEmpty(s.afterPlan).nodes.size();
    QVERIFY(m_beforeNodes > 0 && m_afterNodes > 0);
    QVERIFY(m_beforeNodes != m_afterNodes);   // so the counts tell the sides apart
    m_session = m_home.filePath(QStringLiteral("incident a.planlens"));   // a space: one argument all the same
    QString error;
    QVERIFY2(s.save(m_session, &error), qPrintable(error));
}

Launch TestGuiOptions::launch(const QStringList &args) const
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home.filePath(QStringLiteral("config")));   // no user settings
    env.insert(QStringLiteral("XDG_DATA_HOME"), m_home.filePath(QStringLiteral("data")));       // nor recovery files
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(PLANLENS_BINARY), args);
    Launch l;
    if (!p.waitForFinished(180000)) {
        p.kill();
        p.waitForFinished();
        l.exitCode = -2;
    } else {
        l.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
    }
    l.out = QString::fromUtf8(p.readAllStandardOutput());
    l.err = QString::fromUtf8(p.readAllStandardError());
    return l;
}

QString TestGuiOptions::settingsFile() const
{
    return m_home.filePath(QStringLiteral("config/PlanLens/PlanLens.conf"));   // the binary's QSettings
}

void TestGuiOptions::sessionOptionOpensTheSession_data()
{
    QTest::addColumn<bool>("joined");
    QTest::newRow("--session FILE") << false;
    QTest::newRow("--session=FILE") << true;
}

void TestGuiOptions::sessionOptionOpensTheSession()
{
    QFETCH(bool, joined);
    const QString out = Test::screenshotPath(joined ? QStringLiteral("guioptions-session-joined.png")
                                                    : QStringLiteral("guioptions-session.png"));
    QFile::remove(out);
    QStringList args = joined ? QStringList{QStringLiteral("--session=") + m_session}
                              : QStringList{QStringLiteral("--session"), m_session};
    args << QStringLiteral("--screenshot") << out << QStringLiteral("--size") << QStringLiteral("1000x700");
    const Launch l = launch(args);
    QVERIFY2(l.exitCode == 0, qPrintable(QStringLiteral("exit %1: %2").arg(l.exitCode).arg(l.err)));
    QCOMPARE(l.out.trimmed(), out);
    const QImage image(out);
    QCOMPARE(image.size(), QSize(1000, 700));
    // Both of the session's plans were on screen when the window was grabbed (not an early, empty grab) ...
    QCOMPARE(image.text(QStringLiteral("PlanLens-Plans")),
             QStringLiteral("before=%1 after=%2").arg(m_beforeNodes).arg(m_afterNodes));
    // ... and the verdict names the session they came from.
    const QString verdict = image.text(QStringLiteral("Description"));
    QVERIFY2(verdict.contains(QStringLiteral("incident a.planlens")), qPrintable(verdict));
}

void TestGuiOptions::missingSessionIsReported()
{
    // Before the fix Qt took `--session X` for itself and the window opened empty: exit 0, no message.
    const QString missing = m_home.filePath(QStringLiteral("no such session.planlens"));
    const QString out = m_home.filePath(QStringLiteral("never.png"));
    const Launch l = launch({QStringLiteral("--session"), missing, QStringLiteral("--screenshot"), out});
    QCOMPARE(l.exitCode, 2);
    QVERIFY2(l.err.contains(QStringLiteral("no such session.planlens")), qPrintable(l.err));
    QVERIFY(!QFile::exists(out));
}

void TestGuiOptions::themeOption_data()
{
    QTest::addColumn<QString>("theme");
    QTest::newRow("dark") << QStringLiteral("dark");
    QTest::newRow("light") << QStringLiteral("light");
}

void TestGuiOptions::themeOption()
{
    QFETCH(QString, theme);
    const bool dark = theme == u"dark";
    // The saved choice is the other theme: --theme wins for this start and leaves it as it was.
    const QString saved = dark ? QStringLiteral("light") : QStringLiteral("dark");
    {
        QSettings st(settingsFile(), QSettings::IniFormat);
        st.setValue(QStringLiteral("view/theme"), saved);
    }
    const QString out = Test::screenshotPath(QStringLiteral("guioptions-theme-%1.png").arg(theme));
    QFile::remove(out);
    const Launch l = launch({QStringLiteral("--session"), m_session, QStringLiteral("--theme"), theme,
                             QStringLiteral("--screenshot"), out, QStringLiteral("--size"),
                             QStringLiteral("1000x700")});
    QVERIFY2(l.exitCode == 0, qPrintable(QStringLiteral("exit %1: %2").arg(l.exitCode).arg(l.err)));
    const QImage image(out);
    QCOMPARE(image.size(), QSize(1000, 700));
    QCOMPARE(image.text(QStringLiteral("PlanLens-Theme")), theme);
    // The picture itself: the window, panels and graph ground are dark (or light) for the most part.
    const double share = darkShare(image, 0.3);
    if (dark)
        QVERIFY2(share > 0.6, qPrintable(QString::number(share)));
    else
        QVERIFY2(share < 0.2, qPrintable(QString::number(share)));
    QSettings st(settingsFile(), QSettings::IniFormat);
    QCOMPARE(st.value(QStringLiteral("view/theme")).toString(), saved);
}

void TestGuiOptions::badThemeIsRefused()
{
    const QString out = m_home.filePath(QStringLiteral("never.png"));
    const Launch l =
        launch({QStringLiteral("--theme"), QStringLiteral("purple"), QStringLiteral("--screenshot"), out});
    QCOMPARE(l.exitCode, 2);
    QVERIFY2(l.err.contains(QStringLiteral("--theme")), qPrintable(l.err));
    QVERIFY(!QFile::exists(out));
}

void TestGuiOptions::helpListsTheOptions()
{
    const Launch l = launch({QStringLiteral("--help")});
    QCOMPARE(l.exitCode, 0);
    for (const char *option : {"--session FILE", "--theme THEME", "--screenshot OUT.png"})
        QVERIFY2(l.out.contains(QLatin1String(option)), option);
}

QTEST_GUILESS_MAIN(TestGuiOptions)
#include "tst_guioptions.moc"
