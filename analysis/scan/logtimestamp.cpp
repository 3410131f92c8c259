// SPDX-License-Identifier: MIT
#include "logtimestamp.h"

#include <QByteArray>
#include <QString>

namespace PlanLens {

namespace {

bool digits(QByteArrayView s, qsizetype at, int count, int *value)
{
    if (at + count > s.size())
        return false;
    int v = 0;
    for (int k = 0; k < count; ++k) {
        const char c = s[at + k];
        if (c < '0' || c > '9')
            return false;
        v = v * 10 + (c - '0');
    }
    *value = v;
    return true;
}

// Days since 1970-01-01 of a civil date (proleptic Gregorian; H. Hinnant's days_from_civil).
qint64 daysFromCivil(int y, int m, int d)
{
    y -= m <= 2 ? 1 : 0;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const int yoe = y - era * 400;
    const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return qint64(era) * 146097 + doe - 719468;
}

// Reads a timestamp that starts at `at`; `end` receives where it stopped. Without `needTime` a bare date is enough.
std::optional<qint64> readAt(QByteArrayView s, qsizetype at, bool needTime, qsizetype *end)
{
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
    if (!digits(s, at, 4, &y) || at + 10 > s.size() || s[at + 4] != '-' || !digits(s, at + 5, 2, &mo)
        || s[at + 7] != '-' || !digits(s, at + 8, 2, &d))
        return std::nullopt;
    if (mo < 1 || mo > 12 || d < 1 || d > 31)
        return std::nullopt;
    qsizetype i = at + 10;
    double fraction = 0;
    const bool hasTime = i + 6 <= s.size() && (s[i] == ' ' || s[i] == 'T') && digits(s, i + 1, 2, &h)
        && s[i + 3] == ':' && digits(s, i + 4, 2, &mi);
    if (hasTime) {
        i += 6;
        if (i + 3 <= s.size() && s[i] == ':' && digits(s, i + 1, 2, &sec)) {
            i += 3;
            if (i < s.size() && s[i] == '.') {
                double scale = 0.1;
                ++i;
                while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
                    fraction += (s[i] - '0') * scale;
                    scale /= 10;
                    ++i;
                }
            }
        }
        if (h > 23 || mi > 59 || sec > 60)
            return std::nullopt;
    } else if (needTime) {
        return std::nullopt;
    }
    qint64 ms = (daysFromCivil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec) * 1000 + qint64(fraction * 1000);

    // The zone, when it is one we can resolve without a tz database.
    qsizetype z = i;
    while (z < s.size() && s[z] == ' ')
        ++z;
    const auto word = [&](const char *w) {
        const qsizetype n = qsizetype(qstrlen(w));
        return z + n <= s.size() && s.sliced(z, n) == QByteArrayView(w, n)
            && (z + n == s.size() || !((s[z + n] >= 'A' && s[z + n] <= 'Z') || (s[z + n] >= 'a' && s[z + n] <= 'z')));
    };
    if (word("UTC") || word("GMT")) {
        i = z + 3;
    } else if (z < s.size() && s[z] == 'Z' && z == i) {
        i = z + 1;
    } else if (z < s.size() && (s[z] == '+' || s[z] == '-')) {
        int oh = 0, om = 0;
        if (digits(s, z + 1, 2, &oh)) {
            qsizetype e = z + 3;
            if (e < s.size() && s[e] == ':' && digits(s, e + 1, 2, &om))
                e += 3;
            else if (digits(s, e, 2, &om))
                e += 2;
            if (oh <= 15 && om < 60) {
                const qint64 offset = (oh * 60 + om) * 60000;
                ms += s[z] == '+' ? -offset : offset;
                i = e;
            }
        }
    }
    *end = i;
    return ms;
}

} // namespace

std::optional<qint64> findLogTimestamp(QByteArrayView text)
{
    for (qsizetype at = 0; at + 16 <= text.size(); ++at) {
        if (text[at + 4] != '-' || text[at] < '0' || text[at] > '9')
            continue;
        qsizetype end = 0;
        if (const std::optional<qint64> t = readAt(text, at, true, &end))
            return t;
    }
    return std::nullopt;
}

std::optional<qint64> parseTimestampArgument(QStringView text)
{
    const QByteArray latin = text.trimmed().toLatin1();
    qsizetype end = 0;
    const std::optional<qint64> t = readAt(latin, 0, false, &end);
    if (!t || end != latin.size())
        return std::nullopt;
    return t;
}

} // namespace PlanLens
