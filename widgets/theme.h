// SPDX-License-Identifier: MIT
#pragma once

#include <QColor>
#include <QList>

#include <functional>

class QObject;
class QPalette;

namespace PlanLens {

// Every colour PlanLens paints itself, in a light and a dark variant: one place, asked at paint time, so a change
// of the application palette (the desktop switching to dark, or View › Theme) repaints everything right. Widgets
// that cache a colour (a stylesheet, a lexer style, a chart pen) re-apply it on QEvent::ApplicationPaletteChange.
// The heat scale keeps its meaning in both: pale and quiet is cold, saturated red is hot; card text is the ink
// that contrasts more with the fill (at least 4.5:1 at every stop, tst_theme checks it).
class Theme
{
public:
    // Dark when the application palette's window is darker than its text (Qt 6.4 has no QStyleHints::colorScheme).
    // On the GUI thread it reads the palette; other threads (layout jobs) get the value last seen there.
    static bool isDark();
    static bool isDark(const QPalette &palette);
    // The palette View › Theme › Dark sets (with the Fusion style), and its light counterpart.
    static QPalette darkPalette();
    static QPalette lightPalette();

    // WCAG 2 contrast ratio of two colours, 1..21.
    static double contrast(const QColor &a, const QColor &b);
    // The theme's light or dark ink, whichever contrasts more with the fill (card text, badge text).
    static QColor textOn(const QColor &fill);

    // The heat scale: position 0..1 (sequential, amounts) or -1..1 (diverging, estimate error).
    static QColor heatAt(double position, bool diverging);
    static QList<QColor> heatStops(bool diverging);   // the ramp's stops in the current theme, for tests

    // Badges: saturated fills that read on a light and a dark card alike, so a badge made under one theme stays
    // right under the other. Text on them is textOn(fill).
    static QColor rankBadge(int rank);           // the #1..#3 heavy hitters by exclusive time
    static QColor estimateBadge(bool under);      // "×12 !" (under-estimate, red) or "÷12 !" (over, blue)
    static QColor levelBadge(int level);          // a finding: 0 info, 1 warning, 2 critical
    static QList<QColor> allBadges();             // every badge fill above and the diff badges, for tests
    // A finding's level as text on the window or a text view ("CRITICAL" in the findings panel): the badge colour
    // in the light theme, a lighter one of the same hue in the dark (a badge red is about 3:1 on a dark ground).
    static QColor levelText(int level);

    enum class Role {
        GraphBackground, CardShadow, NeverExecutedFill, NeverExecutedText, NeverExecutedBorder, NoDataFill,
        Edge, SubplanEdge, Selection, FindHit, Match, DisabledTag, PillFill, Expander, ExpanderGroup,
        CalloutFill, CalloutInk, CalloutMuted, CalloutAction, CalloutClose, CalloutShadow,
        MinimapFrame, MinimapFill, MinimapViewport, FindNoMatch, LegendInk, LegendMuted, LegendOutline,
        DiffAddedFill, DiffAddedInk, DiffRemovedFill, DiffRemovedInk, DiffNewBadge, DiffGoneBadge, DiffChangedBadge,
        BetterText, WorseText, ChangedText, TextGutter, TextMuted, TextSubplan, TextLineNumber,
        ToneOkFill, ToneOkInk, ToneBadFill, ToneBadInk, ToneBusyFill, ToneBusyInk, ToneInfoFill, ToneInfoInk,
        BannerFill, BannerBorder, BannerInk, OverlayFill, OverlayInk, OverlayBorder, PopupFill, PopupBorder,
        ChartInk, ChartGrid, ChartGuide, ChartMuted, ChartLegendFill, ChartTracer, ChartBefore, ChartAfter,
        SeverityInfo, SeverityWarning, SeverityCritical,
        SqlPaper, SqlText, SqlCaretLine, SqlMargin, SqlMarginText, SqlSelection,
    };
    static QColor colour(Role role);
    static QColor colour(Role role, bool dark);
    // "#rrggbb" or "rgba(r, g, b, a)", for stylesheets and rich text.
    static QString css(Role role);

    // Calls restyle after every change of the application palette (View › Theme, the desktop switching), for as
    // long as owner lives: for what keeps a Theme colour in a stylesheet, a widget palette or rich text.
    static void whenChanged(QObject *owner, std::function<void()> restyle);

    // A QsciLexerSQL style's colour in the dark theme; invalid in the light one (QScintilla's own defaults).
    static QColor sqlStyle(int style);
};

} // namespace PlanLens
