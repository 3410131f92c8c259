// SPDX-License-Identifier: MIT
#include "units.h"

#include <QLocale>

#include <algorithm>
#include <cmath>
#include <initializer_list>

namespace PlanLens::Units {

namespace {

const QString kDash = QStringLiteral("–");
const QString kMinus = QStringLiteral("−");

const QLocale &locale()
{
    static const QLocale l = [] {
        QLocale c = QLocale::c();
        c.setNumberOptions(QLocale::DefaultNumberOptions);   // the C locale groups with commas once this is cleared
        return c;
    }();
    return l;
}

double roundTo(double v, int decimals)
{
    const double scale = std::pow(10.0, decimals);
    return std::round(v * scale) / scale;
}

// v already rounded to `decimals`; grouped. trim drops trailing zeros after the point ("1.50" → "1.5", "4.0" → "4").
QString fixed(double v, int decimals, bool trim = false)
{
    QString s = locale().toString(v, 'f', decimals);
    if (trim && decimals > 0) {
        while (s.endsWith(u'0'))
            s.chop(1);
        if (s.endsWith(u'.'))
            s.chop(1);
    }
    return s;
}

// Decimals that give v >= 0 `digits` significant digits, judged after rounding (9.996 has 1 decimal at 3 digits,
// being "10.0"), and never fewer than none: whole numbers are not rounded to tens.
int decimalsFor(double v, int digits)
{
    int d = digits - 1;
    for (double limit = 10; d > 0 && roundTo(v, d) >= limit; limit *= 10)
        --d;
    return d;
}

// Whether a formatted figure has no digit but zeros ("0", "0.000 ms"): it then takes no sign ("−0" is noise).
bool printsAsZero(const QString &s)
{
    for (QChar c : s) {
        if (c.isDigit() && c != u'0')
            return false;
    }
    return true;
}

QString withSign(double v, const QString &magnitude)
{
    return v < 0 && !printsAsZero(magnitude) ? kMinus + magnitude : magnitude;
}

// A magnitude (>= 0) on a ladder of units, each `step` times the one before: the first unit in which it rounds
// below `step`, with three significant digits but at most one decimal ("1.2M", "14.5k", "812 MB").
QString scaled(double x, double step, std::initializer_list<const char *> units)
{
    for (const char *const *u = units.begin(); u != units.end(); ++u) {
        const int d = std::min(1, decimalsFor(x, 3));
        if (roundTo(x, d) < step || u + 1 == units.end())
            return fixed(roundTo(x, d), d, true) + QLatin1String(*u);
        x /= step;
    }
    return {};
}

// A ratio >= 1: at most three significant digits below 100, trailing zeros dropped; whole numbers from 100.
QString ratioNumber(double r)
{
    const int d = decimalsFor(r, 3);
    return fixed(roundTo(r, d), d, true);
}

QString countMagnitude(double a)
{
    if (roundTo(a, 2) < 100)
        return fixed(roundTo(a, 2), 2, true);
    return fixed(std::round(a), 0);
}

} // namespace

QString duration(double ms)
{
    if (!std::isfinite(ms))
        return kDash;
    if (ms < 0)
        return withSign(ms, duration(-ms));
    // Below 1 ms: EXPLAIN's resolution (0.001 ms). Then three significant digits up to 999 ms.
    if (roundTo(ms, 3) < 1)
        return fixed(roundTo(ms, 3), 3) + QStringLiteral(" ms");
    int d = decimalsFor(ms, 3);
    if (roundTo(ms, d) < 1000)
        return fixed(roundTo(ms, d), d) + QStringLiteral(" ms");
    const double s = ms / 1000;
    d = decimalsFor(s, 3);
    if (roundTo(s, d) < 60)
        return fixed(roundTo(s, d), d) + QStringLiteral(" s");
    const qint64 seconds = std::llround(s);
    if (seconds < 3600)
        return QStringLiteral("%1 min %2 s").arg(seconds / 60).arg(seconds % 60);
    const qint64 minutes = std::llround(s / 60);
    return QStringLiteral("%1 h %2 min").arg(fixed(double(minutes / 60), 0)).arg(minutes % 60);
}

QString signedDuration(double deltaMs)
{
    if (!std::isfinite(deltaMs))
        return kDash;
    const QString s = duration(std::abs(deltaMs));
    if (printsAsZero(s))
        return s;
    return (deltaMs < 0 ? kMinus : QStringLiteral("+")) + s;
}

QString speedup(double ratio)
{
    if (!(ratio > 0) || !std::isfinite(ratio))
        return kDash;
    const double r = ratio >= 1 ? ratio : 1.0 / ratio;
    const QString n = ratioNumber(r);
    if (n == u"1")
        return QStringLiteral("same speed");
    return u'×' + n + (ratio >= 1 ? QStringLiteral(" faster") : QStringLiteral(" slower"));
}

QString factor(double f)
{
    if (!(f > 0) || !std::isfinite(f))
        return kDash;
    return f >= 1 ? u'×' + ratioNumber(f) : u'÷' + ratioNumber(1.0 / f);
}

QString estimateFactor(double f)
{
    if (!(f > 0) || !std::isfinite(f))
        return kDash;
    const double r = f >= 1 ? f : 1.0 / f;
    // Two significant digits below 100 ("×1.5", "×12"), whole numbers above: a card has room for four characters.
    const int d = decimalsFor(r, 2);
    const QString n = fixed(roundTo(r, d), d, true);
    return (f >= 1 ? u'×' : u'÷') + n;
}

QString count(double n)
{
    if (!std::isfinite(n))
        return kDash;
    return withSign(n, countMagnitude(std::abs(n)));
}

QString compactCount(double n)
{
    if (!std::isfinite(n))
        return kDash;
    const double a = std::abs(n);
    return withSign(n, std::round(a) < 10'000 ? countMagnitude(a) : scaled(a / 1000, 1000, {"k", "M", "G", "T"}));
}

QString rows(double n)
{
    if (!std::isfinite(n))
        return kDash;
    const double a = std::abs(n);
    const double r = roundTo(a, 2);
    if (r == std::round(r))
        return count(n);
    return withSign(n, fixed(r, 2, true));
}

QString compactRows(double n)
{
    if (!std::isfinite(n))
        return kDash;
    return std::round(std::abs(n)) < 10'000 ? rows(n) : compactCount(n);
}

QString kilobytes(double kb)
{
    if (!std::isfinite(kb))
        return kDash;
    const double a = std::abs(kb);
    return withSign(kb, std::round(a) < 1024 ? fixed(std::round(a), 0) + QStringLiteral(" kB")
                                             : scaled(a / 1024, 1024, {" MB", " GB", " TB", " PB"}));
}

QString bytes(double b)
{
    if (!std::isfinite(b))
        return kDash;
    const double a = std::abs(b);
    if (std::round(a) >= 1024)
        return kilobytes(b / 1024);
    return withSign(b, fixed(std::round(a), 0) + QStringLiteral(" B"));
}

QString blocks(double n)
{
    if (!std::isfinite(n))
        return kDash;
    const QString c = compactCount(n);
    return c + (c == u"1" ? QStringLiteral(" block (") : QStringLiteral(" blocks (")) + kilobytes(n * 8) + u')';
}

QString percent(double share)
{
    if (!std::isfinite(share))
        return kDash;
    if (share < 0)
        return withSign(share, percent(-share));
    const double p = share * 100;
    if (p == 0)
        return QStringLiteral("0%");
    if (p < 1)
        return QStringLiteral("<1%");
    if (p > 99 && p < 100)
        return QStringLiteral(">99%");
    return fixed(std::round(p), 0) + u'%';
}

} // namespace PlanLens::Units
