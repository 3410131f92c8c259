// SPDX-License-Identifier: MIT
// Dark mode: View › Theme switches Light → Dark → Light (ThemeController), Theme::isDark follows the palette, a
// plan graph card is repainted in the new theme with readable text (read back from a grabbed image), the SQL
// editor's paper turns dark, every heat-scale stop and badge keeps >= 4.5:1 text contrast in both themes, and the
// choice is remembered; the findings panel's level word ("CRITICAL") and the connection state keep 4.5:1 on
// their ground in both themes, written again on a switch. Pictures go to PLANLENS_BUILD_DIR/screenshots/theme-*.png.
#include "charts/estimatechart.h"
#include "charts/runtimechart.h"
#include "findingspanel.h"
#include "graphplans.h"
#include "plangraphfindbar.h"
#include "mainwindow.h"
#include "plangraphscene.h"
#include "plangraphview.h"
#include "sqleditor.h"
#include "graphviewtesting.h"
#include "testdata.h"
#include "theme.h"
#include "workbench/themecontroller.h"

#include <QAction>
#include <QApplication>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <QTextBlock>
#include <QTextBrowser>

using namespace PlanLens;

namespace {

constexpr double kMinContrast = 4.5;   // WCAG AA for normal text

struct CardColours {
    QColor fill;
    QColor text;   // the pixel of the title that contrasts most with the fill
};

// Reads a card's fill (a little inside its bottom-left corner, away from the text) and its ink (the strongest
// pixel of the title line) from a grab of the view at 1:1.
CardColours readCard(PlanGraphView &view, int id, const QString &shot)
{
    view.setZoom(1.0);
    view.centerOnNode(id);
    QApplication::processEvents();
    const QImage image = view.viewport()->grab().toImage();
    image.save(Test::screenshotPath(shot));
    const QRect card = view.mapFromScene(view.graphScene()->cardRect(id)).boundingRect();
    CardColours c;
    c.fill = image.pixelColor(card.left() + 5, card.bottom() - 3);
    double best = 0;
    for (int y = card.top() + 10; y < card.top() + 28; ++y) {
        for (int x = card.left() + 10; x < card.right() - 10; ++x) {
            const QColor p = image.pixelColor(x, y);
            const double k = Theme::contrast(p, c.fill);
            if (k > best) {
                best = k;
                c.text = p;
            }
        }
    }
    return c;
}

// The colour of the first run of text that reads `word` in a rich-text document, invalid when there is none.
QColor textColour(const QTextDocument *doc, const QString &word)
{
    for (QTextBlock b = doc->begin(); b.isValid(); b = b.next())
        for (auto it = b.begin(); !it.atEnd(); ++it)
            if (it.fragment().text().contains(word))
                return it.fragment().charFormat().foreground().color();
    return {};
}

// The coolest card that ran: the one whose fill and ink change most between the themes.
int coolestExecuted(const Plan &plan)
{
    int best = -1;
    for (const PlanNode &n : plan.nodes)
        if (!n.neverExecuted && (best < 0 || n.exclusiveMs < plan.nodes[best].exclusiveMs))
            best = n.id;
    return best;
}

} // namespace

class TestTheme : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void cleanup();
    void contrastInBothThemes();
    void switchesLightDarkLight();
    void chartsFollowTheTheme();
    void followSystemRestoresStartPalette();
    void choiceIsRemembered();
    void windowHasTheMenuAndRestylesTheVerdict();
    void findingLevelReadsInBothThemes();
    void connectionStateReadsInBothThemes();
    void findBarNoMatchFollowsTheTheme();

private:
    QPalette m_startPalette;
};

void TestTheme::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);   // QSettings go to a test location, not the user's
    QCoreApplication::setOrganizationName(QStringLiteral("PlanLensTest"));
    QCoreApplication::setApplicationName(QStringLiteral("PlanLensThemeTest"));   // apart from tst_mainwindow
    QSettings().remove(QLatin1String(ThemeController::kSettingsKey));
    m_startPalette = QGuiApplication::palette();
    QVERIFY2(!Theme::isDark(), "the offscreen platform starts light");
}

void TestTheme::cleanupTestCase()
{
    QSettings().remove(QLatin1String(ThemeController::kSettingsKey));
}

void TestTheme::cleanup()
{
    // Each test starts as the application did: the desktop's palette, nothing remembered.
    QApplication::setPalette(m_startPalette);
    QSettings().remove(QLatin1String(ThemeController::kSettingsKey));
}

void TestTheme::contrastInBothThemes()
{
    ThemeController theme;
    int checked = 0;
    for (ThemeController::Mode mode : {ThemeController::Mode::Light, ThemeController::Mode::Dark}) {
        theme.setMode(mode);
        const bool dark = mode == ThemeController::Mode::Dark;
        QCOMPARE(Theme::isDark(), dark);
        QList<QColor> fills = Theme::heatStops(false) + Theme::heatStops(true) + Theme::allBadges();
        fills << Theme::colour(Theme::Role::NoDataFill);
        for (const QColor &fill : std::as_const(fills)) {
            const double k = Theme::contrast(Theme::textOn(fill), fill);
            QVERIFY2(k >= kMinContrast, qPrintable(QStringLiteral("%1 theme: text on %2 is %3:1")
                                                       .arg(dark ? u"dark" : u"light", fill.name()).arg(k, 0, 'f', 2)));
            ++checked;
        }
        const double never = Theme::contrast(Theme::colour(Theme::Role::NeverExecutedText),
                                             Theme::colour(Theme::Role::NeverExecutedFill));
        QVERIFY2(never >= kMinContrast, qPrintable(QString::number(never)));
        // Hot still reads hot: the end of the scale is a red (hue near 0) and more saturated than its cold end.
        const QColor hot = Theme::heatAt(1, false), cold = Theme::heatAt(0, false);
        QVERIFY2(hot.hslHue() <= 10 || hot.hslHue() >= 345, qPrintable(hot.name()));
        QVERIFY(hot.hslSaturation() > cold.hslSaturation());
    }
    QVERIFY(checked >= 2 * (5 + 5 + 8));   // both ramps' stops and the badges, in both themes
}

void TestTheme::switchesLightDarkLight()
{
    ThemeController theme;
    QSignalSpy changed(&theme, &ThemeController::themeChanged);
    const Plan plan = Test::GraphPlans::incidentLike();
    PlanGraphView view;
    QVERIFY(Test::showPlan(view, plan, QSize(900, 600)));
    SqlEditor editor;
    editor.resize(500, 200);
    editor.setText(QStringLiteral("-- tracks by owner\nSELECT t.id, 'x' FROM tracks t WHERE t.owner = 42;"));
    editor.show();
    const int cool = coolestExecuted(plan);
    QVERIFY(cool >= 0);

    QList<CardColours> cards;
    QList<QColor> papers;
    const ThemeController::Mode modes[] = {ThemeController::Mode::Light, ThemeController::Mode::Dark,
                                           ThemeController::Mode::Light};
    for (int i = 0; i < 3; ++i) {
        theme.setMode(modes[i]);
        QApplication::processEvents();
        const bool dark = modes[i] == ThemeController::Mode::Dark;
        QCOMPARE(Theme::isDark(), dark);
        QCOMPARE(theme.mode(), modes[i]);
        const QString name = QStringLiteral("theme-%1-%2").arg(i).arg(dark ? u"dark" : u"light");
        const CardColours c = readCard(view, cool, name + QStringLiteral("-graph.png"));
        QVERIFY2(Theme::contrast(c.text, c.fill) >= kMinContrast,
                 qPrintable(QStringLiteral("%1 on %2").arg(c.text.name(), c.fill.name())));
        QCOMPARE(c.fill, view.graphScene()->cardFill(cool));   // the scene recoloured its cards
        cards << c;
        const QImage paper = editor.grab().toImage();
        paper.save(Test::screenshotPath(name + QStringLiteral("-editor.png")));
        papers << paper.pixelColor(paper.width() - 20, paper.height() - 20);   // right of and below the text
    }
    QVERIFY(changed.count() >= 2);   // at least the switch to dark and back
    // Light and dark cards differ in fill and in ink; back to light gives the light card again.
    QVERIFY2(cards[0].fill != cards[1].fill, qPrintable(cards[0].fill.name()));
    QVERIFY2(cards[0].text != cards[1].text, qPrintable(cards[0].text.name()));
    QCOMPARE(cards[2].fill, cards[0].fill);
    QVERIFY(Theme::contrast(cards[0].text, cards[1].text) > 3);   // dark ink in light, light ink in dark
    // The SQL editor's paper: light, then dark, then light again.
    QVERIFY2(papers[0].lightnessF() > 0.8, qPrintable(papers[0].name()));
    QVERIFY2(papers[1].lightnessF() < 0.25, qPrintable(papers[1].name()));
    QCOMPARE(papers[2], papers[0]);
}

void TestTheme::chartsFollowTheTheme()
{
    // Charts made under the light theme are restyled when it turns dark: background, axes, legend and guides.
    ThemeController theme;
    theme.setMode(ThemeController::Mode::Light);
    RunTimeChart runs;
    runs.resize(500, 360);
    runs.setRunTimes({512.3, 498.1, 505.7, 530.2, 650.0}, {7.4, 7.1, 7.9, 6.8, 7.2});
    EstimateChart estimates;
    estimates.resize(500, 360);
    const Plan plan = Test::GraphPlans::incidentLike();
    estimates.setPlans(plan, plan);
    runs.show();
    estimates.show();
    int checked = 0;
    for (ThemeController::Mode mode : {ThemeController::Mode::Light, ThemeController::Mode::Dark}) {
        theme.setMode(mode);
        QApplication::processEvents();
        const bool dark = mode == ThemeController::Mode::Dark;
        for (ChartWidget *chart : {static_cast<ChartWidget *>(&runs), static_cast<ChartWidget *>(&estimates)}) {
            const QImage image = chart->grab().toImage();
            const QString name = QString::fromLatin1(chart->metaObject()->className()).section(u':', -1);
            image.save(Test::screenshotPath(QStringLiteral("theme-%1-%2.png").arg(name, dark ? u"dark" : u"light")));
            const QColor ground = image.pixelColor(3, 3);
            QVERIFY2(dark ? ground.lightnessF() < 0.25 : ground.lightnessF() > 0.8, qPrintable(ground.name()));
            const QColor ink = Theme::colour(Theme::Role::ChartInk);
            QCOMPARE(chart->xAxis->tickLabelColor(), ink);
            QCOMPARE(chart->yAxis->basePen().color(), ink);
            QCOMPARE(chart->legend->textColor(), ink);
            QVERIFY2(Theme::contrast(ink, ground) >= kMinContrast, qPrintable(ink.name() + ground.name()));
            ++checked;
        }
    }
    QCOMPARE(checked, 4);
}

void TestTheme::followSystemRestoresStartPalette()
{
    ThemeController theme;
    theme.setMode(ThemeController::Mode::Dark);
    QVERIFY(Theme::isDark());
    theme.setMode(ThemeController::Mode::FollowSystem);
    QVERIFY(!Theme::isDark());
    for (QPalette::ColorRole role : {QPalette::Window, QPalette::WindowText, QPalette::Base, QPalette::Text,
                                     QPalette::Highlight})
        QCOMPARE(QGuiApplication::palette().color(role), m_startPalette.color(role));
}

void TestTheme::choiceIsRemembered()
{
    {
        ThemeController theme;
        QMenu view;
        theme.addMenu(&view);
        auto *dark = view.findChild<QAction *>(QStringLiteral("Theme:dark"));
        QVERIFY(dark);
        QVERIFY(dark->isCheckable());
        dark->trigger();
        QVERIFY(dark->isChecked());
        QVERIFY(Theme::isDark());
        QCOMPARE(QSettings().value(QLatin1String(ThemeController::kSettingsKey)).toString(), QStringLiteral("dark"));
    }
    // A new controller (the next start, with the desktop's palette again) reads it back and applies it.
    QApplication::setPalette(m_startPalette);
    QVERIFY(!Theme::isDark());
    ThemeController next;
    QCOMPARE(next.mode(), ThemeController::Mode::Dark);
    QVERIFY(Theme::isDark());
    QMenu view;
    next.addMenu(&view);
    auto *system = view.findChild<QAction *>(QStringLiteral("Theme:system"));
    QVERIFY(system);
    QVERIFY(!system->isChecked());
    system->trigger();
    QVERIFY(!Theme::isDark());
    QCOMPARE(QSettings().value(QLatin1String(ThemeController::kSettingsKey)).toString(), QStringLiteral("system"));
}

void TestTheme::windowHasTheMenuAndRestylesTheVerdict()
{
    MainWindow w;
    w.resize(1200, 800);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    auto *dark = w.findChild<QAction *>(QStringLiteral("Theme:dark"));
    auto *system = w.findChild<QAction *>(QStringLiteral("Theme:system"));
    QVERIFY(dark && system);
    QVERIFY(system->isChecked());   // nothing remembered: the desktop's palette
    auto *verdict = w.findChild<QLabel *>(QStringLiteral("Verdict"));
    QVERIFY(verdict);
    const QString infoLight = Theme::colour(Theme::Role::ToneInfoFill, false).name();
    const QString infoDark = Theme::colour(Theme::Role::ToneInfoFill, true).name();
    QVERIFY2(verdict->styleSheet().contains(infoLight), qPrintable(verdict->styleSheet()));
    dark->trigger();
    QApplication::processEvents();
    QVERIFY(Theme::isDark());
    // The verdict keeps its tone (Info) in the dark theme's colours.
    QVERIFY2(verdict->styleSheet().contains(infoDark), qPrintable(verdict->styleSheet()));
    w.grab().save(Test::screenshotPath(QStringLiteral("theme-window-dark.png")));
    system->trigger();
    QApplication::processEvents();
    QVERIFY(!Theme::isDark());
    QVERIFY2(verdict->styleSheet().contains(infoLight), qPrintable(verdict->styleSheet()));
}

void TestTheme::findingLevelReadsInBothThemes()
{
    // A critical finding selected in the panel: its level word is coloured text on the details' base. A badge
    // red (#c0392b) is about 3:1 on the dark base; the dark theme uses a lighter red. Checked after each switch,
    // with the finding still selected, so the details are written again in the new theme's colours.
    ThemeController theme;
    theme.setMode(ThemeController::Mode::Light);
    FindingsPanel panel;
    panel.resize(420, 520);
    Finding f;
    f.rule = QStringLiteral("or-sublink-defeats-index");
    f.level = FindingLevel::Critical;
    f.severity = 0.9;
    f.message = QStringLiteral("The OR with a sub-select keeps the index out.");
    f.evidence.insert(QStringLiteral("rows_removed"), 123456);
    f.confidence = 0.5;   // the muted "recognised from the plan alone" line too
    panel.setFindings({f});
    panel.show();
    panel.selectFinding(0);
    QCOMPARE(panel.currentFinding(), 0);
    auto *details = panel.findChild<QTextBrowser *>();
    QVERIFY(details);
    QList<QColor> levels;
    for (ThemeController::Mode mode : {ThemeController::Mode::Light, ThemeController::Mode::Dark,
                                       ThemeController::Mode::Light}) {
        theme.setMode(mode);
        QApplication::processEvents();
        const bool dark = mode == ThemeController::Mode::Dark;
        QCOMPARE(Theme::isDark(), dark);
        const QColor base = details->palette().color(QPalette::Base);
        QVERIFY2(dark ? base.lightnessF() < 0.25 : base.lightnessF() > 0.8, qPrintable(base.name()));
        const QColor level = textColour(details->document(), QStringLiteral("CRITICAL"));
        QVERIFY2(level.isValid(), qPrintable(panel.detailHtml()));
        const double k = Theme::contrast(level, base);
        QVERIFY2(k >= kMinContrast, qPrintable(QStringLiteral("%1 theme: CRITICAL %2 on %3 is %4:1")
                                                   .arg(dark ? u"dark" : u"light", level.name(), base.name())
                                                   .arg(k, 0, 'f', 2)));
        QCOMPARE(level, Theme::levelText(2));
        const QColor muted = textColour(details->document(), QStringLiteral("rows_removed"));
        QVERIFY(muted.isValid());
        QVERIFY2(Theme::contrast(muted, base) >= kMinContrast, qPrintable(muted.name() + base.name()));
        levels << level;
        panel.grab().save(Test::screenshotPath(QStringLiteral("theme-findings-%1-%2.png")
                                                   .arg(levels.size()).arg(dark ? u"dark" : u"light")));
    }
    QVERIFY2(levels[0] != levels[1], qPrintable(levels[0].name()));   // written again when the theme changed
    QCOMPARE(levels[2], levels[0]);
}

void TestTheme::connectionStateReadsInBothThemes()
{
    MainWindow w;
    w.resize(1200, 800);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    auto *state = w.findChild<QLabel *>(QStringLiteral("ConnectionState"));
    QVERIFY(state);
    auto *dark = w.findChild<QAction *>(QStringLiteral("Theme:dark"));
    auto *light = w.findChild<QAction *>(QStringLiteral("Theme:light"));
    QVERIFY(dark && light);
    // "● Not connected" (muted), then "● DSN error" (red): the label's colour is in its stylesheet, the header's
    // ground is the window colour. Each checked in both themes, switched while the state stays.
    QStringList sheets;
    for (bool error : {false, true}) {
        if (error) {
            w.setConninfo(QStringLiteral("host=x port='unterminated"));
            w.connectToDatabase();
            QVERIFY2(state->text().contains(QStringLiteral("DSN error")), qPrintable(state->text()));
        }
        for (QAction *a : {light, dark}) {
            a->trigger();
            QApplication::processEvents();
            const QRegularExpressionMatch m =
                QRegularExpression(QStringLiteral("color: (#[0-9a-f]{6})")).match(state->styleSheet());
            QVERIFY2(m.hasMatch(), qPrintable(state->styleSheet()));
            const QColor ink(m.captured(1)), ground = state->palette().color(QPalette::Window);
            QVERIFY2(Theme::contrast(ink, ground) >= kMinContrast,
                     qPrintable(QStringLiteral("%1: %2 on %3").arg(state->text(), ink.name(), ground.name())));
            sheets << state->styleSheet();
        }
        const QString shot = QStringLiteral("theme-connection-%1-dark.png").arg(error ? u"error" : u"idle");
        w.grab().save(Test::screenshotPath(shot));
    }
    QCOMPARE(sheets.size(), 4);
    QVERIFY2(sheets[0] != sheets[1], qPrintable(sheets[0]));   // restyled by the switch, not only on a new state
    QVERIFY2(sheets[2] != sheets[3], qPrintable(sheets[2]));
    QVERIFY2(sheets[1] != sheets[3], qPrintable(sheets[1]));   // red is not the muted grey
}

void TestTheme::findBarNoMatchFollowsTheTheme()
{
    // The graph's find field turns red when nothing matches; a theme switch meanwhile gives it the new theme's red
    // (it kept the light one on a dark field before), and a match afterwards clears it.
    ThemeController theme;
    theme.setMode(ThemeController::Mode::Light);
    PlanGraphFindBar bar;
    bar.show();
    bar.setText(QStringLiteral("no such relation"));
    bar.setResult(-1, 0);
    auto *edit = bar.findChild<QLineEdit *>(QStringLiteral("FindText"));
    QVERIFY(edit);
    int checked = 0;
    for (ThemeController::Mode mode : {ThemeController::Mode::Light, ThemeController::Mode::Dark}) {
        theme.setMode(mode);
        QApplication::processEvents();
        const bool dark = mode == ThemeController::Mode::Dark;
        QCOMPARE(edit->palette().color(QPalette::Base), Theme::colour(Theme::Role::FindNoMatch, dark));
        const QColor text = edit->palette().color(QPalette::Text), base = edit->palette().color(QPalette::Base);
        QVERIFY2(Theme::contrast(text, base) >= kMinContrast, qPrintable(text.name() + base.name()));
        ++checked;
    }
    QCOMPARE(checked, 2);
    bar.setResult(0, 3);
    QCOMPARE(edit->palette().color(QPalette::Base), QGuiApplication::palette().color(QPalette::Base));
}

QTEST_MAIN(TestTheme)
#include "tst_theme.moc"
