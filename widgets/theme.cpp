// SPDX-License-Identifier: MIT
#include "theme.h"

#include <Qsci/qscilexersql.h>

#include <QEvent>
#include <QGuiApplication>
#include <QPalette>
#include <QStyle>
#include <QStyleFactory>
#include <QThread>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <memory>
#include <utility>

namespace PlanLens {

namespace {

std::atomic<bool> g_dark {false};   // last seen on the GUI thread, for layout jobs

struct Stop {
    double at;
    QRgb rgb;
};

// Light: warm sequential ramp (off-white → amber → orange → deep red). Dark: the same hues, dimmed at the cold
// end so a cold card sits quietly on the dark canvas, and a saturated red at the hot end: hot still reads hot.
constexpr Stop kSequential[2][5] = {
    {{0.00, 0xfff7f3ea}, {0.18, 0xfffbe3a7}, {0.42, 0xfff8b063}, {0.68, 0xffec6a3d}, {1.00, 0xffb3162c}},
    {{0.00, 0xff30343c}, {0.18, 0xff4a3f27}, {0.42, 0xff7d4a14}, {0.68, 0xffb4401c}, {1.00, 0xffd0203a}},
};
// Estimate error: over-estimates (÷N) blue, good estimates neutral, under-estimates (×N) red.
constexpr Stop kDiverging[2][5] = {
    {{-1.00, 0xff2166ac}, {-0.50, 0xff8fc1de}, {0.00, 0xfff4f3ef}, {0.50, 0xfff4a582}, {1.00, 0xffb2182b}},
    {{-1.00, 0xff2f6cb8}, {-0.50, 0xff2b4766}, {0.00, 0xff30343c}, {0.50, 0xff7a3a2a}, {1.00, 0xffd0203a}},
};

// Inks for text on fills: light, dark (per theme).
constexpr QRgb kInks[2][2] = {{0xffffffff, 0xff111318}, {0xffffffff, 0xff0d0f12}};

QColor ramp(const Stop (&stops)[5], double t)
{
    t = std::clamp(t, stops[0].at, stops[4].at);
    for (size_t i = 1; i < 5; ++i) {
        if (t <= stops[i].at) {
            const double f = (t - stops[i - 1].at) / (stops[i].at - stops[i - 1].at);
            const QRgb a = stops[i - 1].rgb, b = stops[i].rgb;
            auto mix = [f](int x, int y) { return int(std::lround(x + (y - x) * f)); };
            return QColor(mix(qRed(a), qRed(b)), mix(qGreen(a), qGreen(b)), mix(qBlue(a), qBlue(b)));
        }
    }
    return QColor::fromRgb(stops[4].rgb);
}

double luminance(const QColor &c)
{
    auto lin = [](double v) { return v <= 0.04045 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * lin(c.redF()) + 0.7152 * lin(c.greenF()) + 0.0722 * lin(c.blueF());
}

// Light and dark value of each role, in the order of Theme::Role.
struct Pair {
    QRgb light;
    QRgb dark;
};
constexpr QRgb rgba(int r, int g, int b, int a) { return QRgb((unsigned(a) << 24) | (r << 16) | (g << 8) | b); }
constexpr Pair kRoles[] = {
    {0xfffafbfc, 0xff1b1e23},                           // GraphBackground
    {rgba(20, 30, 50, 22), rgba(0, 0, 0, 90)},          // CardShadow
    {0xffe4e5e8, 0xff262a30},                           // NeverExecutedFill
    {0xff565c66, 0xffa3aab5},                           // NeverExecutedText
    {0xffa8adb6, 0xff5c636e},                           // NeverExecutedBorder
    {0xfff1f2f4, 0xff2c3036},                           // NoDataFill
    {0xff9aa1ad, 0xff6b7380},                           // Edge
    {0xff7c5cbf, 0xffa58bea},                           // SubplanEdge
    {0xff2563eb, 0xff60a5fa},                           // Selection
    {0xfff59e0b, 0xfffbbf24},                           // FindHit
    {0xffc026d3, 0xffe879f9},                           // Match
    {0xff6b7280, 0xffa3aab5},                           // DisabledTag
    {0xffffffff, 0xff1b1e23},                           // PillFill (outlined pills)
    {0xff475569, 0xff475569},                           // Expander
    {0xff1d4ed8, 0xff1d4ed8},                           // ExpanderGroup
    {0xffffffff, 0xff262a31},                           // CalloutFill
    {0xff1f232b, 0xffe6e8eb},                           // CalloutInk
    {0xff474f5c, 0xffaab1bc},                           // CalloutMuted
    {0xff1d4ed8, 0xff1d4ed8},                           // CalloutAction
    {0xffeff1f4, 0xff363b44},                           // CalloutClose
    {rgba(20, 30, 50, 30), rgba(0, 0, 0, 110)},         // CalloutShadow
    {0xff94a3b8, 0xff5c6675},                           // MinimapFrame
    {rgba(255, 255, 255, 235), rgba(32, 35, 41, 235)},  // MinimapFill
    {0xff2563eb, 0xff60a5fa},                           // MinimapViewport
    {0xfffde8e8, 0xff5c2326},                           // FindNoMatch
    {0xff1f232b, 0xffe6e8eb},                           // LegendInk
    {0xff5b6370, 0xff9aa3b0},                           // LegendMuted
    {rgba(0, 0, 0, 60), rgba(255, 255, 255, 70)},       // LegendOutline
    {0xffc9f0d3, 0xff1f4d2e},                           // DiffAddedFill
    {0xff14532d, 0xffc8f5d5},                           // DiffAddedInk
    {0xfffbd5d5, 0xff5c2328},                           // DiffRemovedFill
    {0xff7f1d1d, 0xffffd2d2},                           // DiffRemovedInk
    {0xff15803d, 0xff15803d},                           // DiffNewBadge
    {0xff6b7280, 0xff6b7280},                           // DiffGoneBadge
    {0xffb45309, 0xffb45309},                           // DiffChangedBadge
    {0xff1e8e4e, 0xff4ade80},                           // BetterText
    {0xffc0392b, 0xfff87171},                           // WorseText
    {0xff2e6db4, 0xff60a5fa},                           // ChangedText
    {0xfff3f4f6, 0xff2a2e35},                           // TextGutter
    {0xff4b5563, 0xffaab1bc},                           // TextMuted
    {0xff7c5cbf, 0xffb69cf0},                           // TextSubplan
    {0xff9aa1ad, 0xff6b7380},                           // TextLineNumber
    {0xffe3f4e1, 0xff1e3b22},                           // ToneOkFill
    {0xff1d5c1d, 0xffb7ecc0},                           // ToneOkInk
    {0xfffbe5e1, 0xff4a1f1b},                           // ToneBadFill
    {0xff8a1f11, 0xffffc9c0},                           // ToneBadInk
    {0xfffff6d6, 0xff3f3410},                           // ToneBusyFill
    {0xff5c4a00, 0xffffe8a3},                           // ToneBusyInk
    {0xffeef2f7, 0xff252b33},                           // ToneInfoFill
    {0xff2b3a4a, 0xffd5dde8},                           // ToneInfoInk
    {0xfffff3cd, 0xff3f3410},                           // BannerFill
    {0xffe0b84c, 0xff8a6d1f},                           // BannerBorder
    {0xff4a3800, 0xffffe8a3},                           // BannerInk
    {rgba(255, 255, 255, 225), rgba(27, 30, 35, 225)},  // OverlayFill
    {0xff1f232b, 0xffe6e8eb},                           // OverlayInk
    {rgba(0, 0, 0, 40), rgba(255, 255, 255, 50)},       // OverlayBorder
    {0xfffffef8, 0xff2a2e35},                           // PopupFill
    {0xffc9c9c9, 0xff4a4f57},                           // PopupBorder
    {0xff202020, 0xffd8dce2},                           // ChartInk
    {0xffd0d4da, 0xff3a3f47},                           // ChartGrid
    {0xff404040, 0xffb0b6bf},                           // ChartGuide
    {0xff707070, 0xff9aa1ad},                           // ChartMuted
    {rgba(255, 255, 255, 220), rgba(37, 41, 48, 220)},  // ChartLegendFill
    {0xff202020, 0xffe6e8eb},                           // ChartTracer
    {0xff5b7db1, 0xff5b7db1},                           // ChartBefore (mid tones: read on either ground)
    {0xffe08a2c, 0xffe08a2c},                           // ChartAfter
    {0xff2a7ad4, 0xff60a5fa},                           // SeverityInfo
    {0xffe08e0b, 0xfffbbf24},                           // SeverityWarning
    {0xffd32f2f, 0xfff87171},                           // SeverityCritical
    {0xffffffff, 0xff1e2125},                           // SqlPaper
    {0xff1f232b, 0xffd8dce2},                           // SqlText
    {0xfff4f6fa, 0xff272b32},                           // SqlCaretLine
    {0xfff0f1f3, 0xff23262b},                           // SqlMargin
    {0xff6b7280, 0xff7d8590},                           // SqlMarginText
    {0xffc7dcf7, 0xff2f4a70},                           // SqlSelection
};
static_assert(std::size(kRoles) == size_t(Theme::Role::SqlSelection) + 1, "one light/dark pair per Theme::Role");

// Theme::whenChanged's filter on the application object, a child of the owner (so it goes with it). The
// application receives QEvent::ApplicationPaletteChange once the new palette is in place, as ThemeController sees.
class PaletteWatcher : public QObject
{
public:
    PaletteWatcher(QObject *owner, std::function<void()> restyle)
        : QObject(owner)
        , m_restyle(std::move(restyle))
    {
        QCoreApplication::instance()->installEventFilter(this);
    }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (watched == QCoreApplication::instance() && event->type() == QEvent::ApplicationPaletteChange)
            m_restyle();
        return QObject::eventFilter(watched, event);
    }

private:
    std::function<void()> m_restyle;
};

} // namespace

bool Theme::isDark(const QPalette &palette)
{
    return palette.color(QPalette::Window).lightnessF() < palette.color(QPalette::WindowText).lightnessF();
}

bool Theme::isDark()
{
    auto *app = qobject_cast<QGuiApplication *>(QCoreApplication::instance());
    if (app && QThread::currentThread() == app->thread()) {
        const bool dark = isDark(QGuiApplication::palette());
        g_dark.store(dark, std::memory_order_relaxed);
        return dark;
    }
    return g_dark.load(std::memory_order_relaxed);
}

QPalette Theme::darkPalette()
{
    QPalette p;
    const QColor window(0x26, 0x29, 0x2e), text(0xe6, 0xe8, 0xeb), base(0x1e, 0x21, 0x25), button(0x2f, 0x33, 0x38);
    const QColor disabled(0x7a, 0x81, 0x8b);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, QColor(0x26, 0x2a, 0x2f));
    p.setColor(QPalette::ToolTipBase, QColor(0x2f, 0x33, 0x3a));
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, QColor(0x8a, 0x91, 0x9c));
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, button);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, QColor(0xff, 0x6b, 0x6b));
    p.setColor(QPalette::Light, QColor(0x3a, 0x3f, 0x46));
    p.setColor(QPalette::Midlight, QColor(0x33, 0x37, 0x3d));
    p.setColor(QPalette::Mid, QColor(0x4a, 0x4f, 0x57));
    p.setColor(QPalette::Dark, QColor(0x17, 0x19, 0x1c));
    p.setColor(QPalette::Shadow, QColor(0x0d, 0x0e, 0x10));
    p.setColor(QPalette::Highlight, QColor(0x3b, 0x73, 0xc4));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, QColor(0x6e, 0xa8, 0xfe));
    p.setColor(QPalette::LinkVisited, QColor(0xb3, 0x92, 0xf0));
    for (QPalette::ColorRole r : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, r, disabled);
    p.setColor(QPalette::Disabled, QPalette::Highlight, QColor(0x3a, 0x3f, 0x46));
    return p;
}

QPalette Theme::lightPalette()
{
    const std::unique_ptr<QStyle> fusion(QStyleFactory::create(QStringLiteral("Fusion")));
    return fusion ? fusion->standardPalette() : QPalette(Qt::white);
}

double Theme::contrast(const QColor &a, const QColor &b)
{
    const double la = luminance(a), lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

QColor Theme::textOn(const QColor &fill)
{
    const QRgb *inks = kInks[isDark() ? 1 : 0];
    const QColor light = QColor::fromRgb(inks[0]), dark = QColor::fromRgb(inks[1]);
    return contrast(fill, light) >= contrast(fill, dark) ? light : dark;
}

QColor Theme::heatAt(double position, bool diverging)
{
    const int t = isDark() ? 1 : 0;
    return diverging ? ramp(kDiverging[t], position) : ramp(kSequential[t], position);
}

QList<QColor> Theme::heatStops(bool diverging)
{
    QList<QColor> out;
    for (const Stop &s : (diverging ? kDiverging : kSequential)[isDark() ? 1 : 0])
        out << QColor::fromRgb(s.rgb);
    return out;
}

QColor Theme::rankBadge(int rank)
{
    static const QRgb ranks[] = {0xffb3162c, 0xffc2410c, 0xffb45309};
    return QColor::fromRgb(ranks[std::clamp(rank, 1, 3) - 1]);
}

QColor Theme::estimateBadge(bool under)
{
    return under ? QColor(0xb2, 0x18, 0x2b) : QColor(0x21, 0x66, 0xac);
}

QColor Theme::levelBadge(int level)
{
    switch (level) {
    case 2: return QColor(0xc0, 0x39, 0x2b);
    case 1: return QColor(0xb4, 0x53, 0x09);
    default: return QColor(0x1d, 0x6f, 0xa5);
    }
}

QColor Theme::levelText(int level)
{
    if (!isDark())
        return levelBadge(level);   // made for white text on it, so it reads as text on a light ground too
    const Role role = level >= 2 ? Role::SeverityCritical : level == 1 ? Role::SeverityWarning : Role::SeverityInfo;
    return colour(role, true);
}

void Theme::whenChanged(QObject *owner, std::function<void()> restyle)
{
    if (owner && QCoreApplication::instance())
        new PaletteWatcher(owner, std::move(restyle));
}

QList<QColor> Theme::allBadges()
{
    return {rankBadge(1), rankBadge(2), rankBadge(3), estimateBadge(true), estimateBadge(false), levelBadge(0),
            levelBadge(1), levelBadge(2), colour(Role::DiffNewBadge), colour(Role::DiffGoneBadge),
            colour(Role::DiffChangedBadge), colour(Role::Expander), colour(Role::ExpanderGroup),
            colour(Role::CalloutAction)};
}

QColor Theme::colour(Role role, bool dark)
{
    const Pair &p = kRoles[size_t(role)];
    return QColor::fromRgba(dark ? p.dark : p.light);
}

QColor Theme::colour(Role role)
{
    return colour(role, isDark());
}

QString Theme::css(Role role)
{
    const QColor c = colour(role);
    if (c.alpha() == 255)
        return c.name();
    return QStringLiteral("rgba(%1, %2, %3, %4)").arg(c.red()).arg(c.green()).arg(c.blue()).arg(c.alpha());
}

QColor Theme::sqlStyle(int style)
{
    if (!isDark())
        return {};
    switch (style) {
    case QsciLexerSQL::Comment:
    case QsciLexerSQL::CommentLine:
    case QsciLexerSQL::CommentLineHash:
    case QsciLexerSQL::PlusComment: return QColor(0x7f, 0xb0, 0x6a);
    case QsciLexerSQL::CommentDoc:
    case QsciLexerSQL::CommentDocKeyword:
    case QsciLexerSQL::CommentDocKeywordError: return QColor(0x8a, 0x91, 0x9c);
    case QsciLexerSQL::Number: return QColor(0xb5, 0xce, 0xa8);
    case QsciLexerSQL::Keyword:
    case QsciLexerSQL::PlusKeyword: return QColor(0x7c, 0xb7, 0xff);
    case 16:   // the lexer's second keyword set (PostgresLexer: types and functions); no enum name in 2.13
    case QsciLexerSQL::KeywordSet5:
    case QsciLexerSQL::KeywordSet6:
    case QsciLexerSQL::KeywordSet7:
    case QsciLexerSQL::KeywordSet8: return QColor(0x4e, 0xc9, 0xb0);
    case QsciLexerSQL::DoubleQuotedString:
    case QsciLexerSQL::QuotedIdentifier: return QColor(0xdc, 0xb6, 0x7a);
    case QsciLexerSQL::SingleQuotedString: return QColor(0xe8, 0x9a, 0x7a);
    case QsciLexerSQL::PlusPrompt:
    case QsciLexerSQL::Operator:
    case QsciLexerSQL::QuotedOperator: return QColor(0xd0, 0xd4, 0xda);
    default: return colour(Role::SqlText, true);
    }
}

} // namespace PlanLens
