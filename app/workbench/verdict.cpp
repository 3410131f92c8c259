// SPDX-License-Identifier: MIT
#include "verdict.h"

#include "format/units.h"
#include "rewrite/rewriteverifier.h"
#include "theme.h"

#include <QCoreApplication>
#include <QStringList>

#include <cmath>

namespace PlanLens {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Verdict", text);
}

QString speed(double s)
{
    return QStringLiteral("<b>%1</b>").arg(Units::speedup(s).toHtmlEscaped());
}

} // namespace

Verdict runVerdict(const RunResult &result)
{
    Verdict v;
    if (result.mode == RunMode::Estimate) {
        v.html = tr("<b>Estimate only</b>: nothing was executed. Planner cost Before %1, After %2.")
                     .arg(Units::count(std::round(result.before.totalCost.value_or(0))),
                          Units::count(std::round(result.after.totalCost.value_or(0))));
        return v;
    }
    QStringList parts;
    // One side hit the statement timeout: say which, and keep the other side's figures.
    for (const SideResult *side : {&result.before, &result.after}) {
        if (!side->timedOut)
            continue;
        const SideResult &other = side == &result.before ? result.after : result.before;
        const QString name = side == &result.before ? tr("Before") : tr("After");
        const QString otherName = side == &result.before ? tr("After") : tr("Before");
        // Short, so the other side's figure stays in view; the statement and the full sentence are in the side's
        // header and in the run's JSON.
        parts << tr("<b>%1 timed out</b> (over the %2 s statement timeout)").arg(name).arg(result.timeoutMs / 1000.0);
        if (other.medianMs)
            parts << tr("%1 %2 (median of %3 runs)")
                         .arg(otherName, Units::duration(*other.medianMs))
                         .arg(other.runsMs.size());
        v.tone = Verdict::Tone::Bad;
    }
    if (result.before.medianMs && result.after.medianMs) {
        parts << tr("Before %1 → After %2 (medians of %3 runs)")
                     .arg(Units::duration(*result.before.medianMs), Units::duration(*result.after.medianMs))
                     .arg(result.roundsDone);
    }
    if (result.speedup)
        parts << speed(*result.speedup);
    if (result.rowsEqual) {
        if (*result.rowsEqual) {
            parts << tr("rows equal (%1 rows)").arg(Units::count(double(result.after.rows.value_or(0))));
            v.tone = Verdict::Tone::Ok;
        } else {
            parts << tr("<b>rows differ</b>: Before returned %1 rows, After %2 (or the same count with other values)")
                         .arg(result.before.rows.value_or(0))
                         .arg(result.after.rows.value_or(0));
            v.tone = Verdict::Tone::Bad;
        }
    }
    if (!result.before.rowsStable || !result.after.rowsStable)
        parts << tr("rows changed between runs");
    v.html = parts.join(QStringLiteral(" · "));
    return v;
}

Verdict tryVerdict(const QString &ruleId, const RewriteVerification &r)
{
    Verdict v;
    QStringList parts;
    if (!r.error.isEmpty()) {
        parts << tr("<b>The After failed on the server</b>: %1").arg(r.error.toHtmlEscaped());
        v.tone = Verdict::Tone::Bad;
    } else {
        if (r.rowsEqual) {
            if (*r.rowsEqual) {
                parts << tr("<b>rows equal</b>");
                v.tone = Verdict::Tone::Ok;
            } else {
                parts << tr("<b>rows differ</b>: %1").arg(r.firstDifference.toHtmlEscaped());
                v.tone = Verdict::Tone::Bad;
            }
        }
        if (r.speedup)
            parts << speed(*r.speedup);
        if (r.beforeMedianMs && r.afterMedianMs)
            parts << tr("Before %1 → After %2 (medians)")
                         .arg(Units::duration(*r.beforeMedianMs), Units::duration(*r.afterMedianMs));
        if (!r.note.isEmpty())
            parts << r.note.toHtmlEscaped();
    }
    v.html = tr("Rewrite %1 tried as After: %2").arg(ruleId.toHtmlEscaped(), parts.join(QStringLiteral(" · ")));
    return v;
}

QString sideHeader(const QString &explainPrefix, const SideResult &side)
{
    QString header = explainPrefix;
    if (side.timedOut)
        header += tr(" · timed out: %1").arg(side.timeoutMessage);
    if (side.medianMs)
        header += tr(" · median %1 over %2 runs (min %3, max %4)")
                      .arg(Units::duration(*side.medianMs))
                      .arg(side.runsMs.size())
                      .arg(Units::duration(side.minMs.value_or(0)), Units::duration(side.maxMs.value_or(0)));
    if (side.rows)
        header += tr(" · %1 rows").arg(*side.rows);
    return header;
}

QString stoppedText(const RunResult &partial, bool beforeStart)
{
    if (beforeStart)
        return tr("Stopped before the run started.");
    if (partial.roundsDone > 0)
        return tr("Stopped after %1 of %2 measured rounds; nothing was kept from the run.")
            .arg(partial.roundsDone)
            .arg(partial.runs);
    return tr("Stopped: the statement was cancelled on the server and the transaction rolled back.");
}

QString verdictStyle(Verdict::Tone tone)
{
    // The current theme's colours; the theme controller calls this again when the palette changes.
    using R = Theme::Role;
    const auto style = [](R fill, R ink) {
        return QStringLiteral("background: %1; color: %2;").arg(Theme::css(fill), Theme::css(ink));
    };
    switch (tone) {
    case Verdict::Tone::Ok: return style(R::ToneOkFill, R::ToneOkInk);
    case Verdict::Tone::Bad: return style(R::ToneBadFill, R::ToneBadInk);
    case Verdict::Tone::Busy: return style(R::ToneBusyFill, R::ToneBusyInk);
    case Verdict::Tone::Info: break;
    }
    return style(R::ToneInfoFill, R::ToneInfoInk);
}

} // namespace PlanLens
