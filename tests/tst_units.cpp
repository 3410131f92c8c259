// SPDX-License-Identifier: MIT
// Units: how figures read in the GUI, the CLI's text and the findings. One data row per case, named
// "function: case"; each function's rows cover zero, the range boundaries (a value that rounds up into the next
// range is printed in it), negative values, NaN and infinity, and huge values.
#include "format/units.h"

#include <QHash>
#include <QTest>

#include <initializer_list>
#include <limits>

using namespace PlanLens;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

struct Case {
    const char *name;
    double value;
    const char *expected;
};

void addRows(const char *function, std::initializer_list<Case> cases)
{
    for (const Case &c : cases)
        QTest::addRow("%s: %s", function, c.name) << QString::fromLatin1(function) << c.value
                                                  << QString::fromUtf8(c.expected);
}

QString format(const QString &function, double value)
{
    static const QHash<QString, QString (*)(double)> functions = {
        {QStringLiteral("duration"), Units::duration},
        {QStringLiteral("signedDuration"), Units::signedDuration},
        {QStringLiteral("speedup"), Units::speedup},
        {QStringLiteral("factor"), Units::factor},
        {QStringLiteral("estimateFactor"), Units::estimateFactor},
        {QStringLiteral("count"), Units::count},
        {QStringLiteral("compactCount"), Units::compactCount},
        {QStringLiteral("rows"), Units::rows},
        {QStringLiteral("compactRows"), Units::compactRows},
        {QStringLiteral("kilobytes"), Units::kilobytes},
        {QStringLiteral("bytes"), Units::bytes},
        {QStringLiteral("blocks"), Units::blocks},
        {QStringLiteral("percent"), Units::percent},
    };
    return functions.value(function)(value);
}

} // namespace

class TestUnits : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void formats_data();
    void formats();
    void independentOfTheDefaultLocale();
};

void TestUnits::formats_data()
{
    QTest::addColumn<QString>("function");
    QTest::addColumn<double>("value");
    QTest::addColumn<QString>("expected");
    addRows("duration", {
        {"zero", 0, "0.000 ms"},
        {"below EXPLAIN's resolution", 0.0004, "0.000 ms"},
        {"sub-millisecond", 0.042, "0.042 ms"},
        {"just below 1 ms", 0.9994, "0.999 ms"},
        {"rounds up to 1 ms", 0.9996, "1.00 ms"},
        {"units", 1.69, "1.69 ms"},
        {"rounds up to 10 ms", 9.996, "10.0 ms"},
        {"tens", 12.34, "12.3 ms"},
        {"rounds up to 100 ms", 99.96, "100 ms"},
        {"hundreds", 128.97, "129 ms"},
        {"just below 1 s", 999.49, "999 ms"},
        {"999.99 ms rounds up to 1 s", 999.99, "1.00 s"},
        {"1000 ms", 1000, "1.00 s"},
        {"seconds", 1250, "1.25 s"},
        {"tens of seconds", 12345, "12.3 s"},
        {"just below a minute", 59940, "59.9 s"},
        {"rounds up to a minute", 59960, "1 min 0 s"},
        {"minutes", 125000, "2 min 5 s"},
        {"just below an hour", 3599400, "59 min 59 s"},
        {"rounds up to an hour", 3599600, "1 h 0 min"},
        {"hours", 3720000, "1 h 2 min"},
        {"huge", 1e12, "277,777 h 47 min"},
        {"negative", -12.34, "−12.3 ms"},
        {"negative rounding to zero has no sign", -0.0001, "0.000 ms"},
        {"NaN", kNaN, "–"},
        {"infinity", kInf, "–"},
        {"minus infinity", -kInf, "–"},
    });
    addRows("signedDuration", {
        {"slower", 1250, "+1.25 s"},
        {"faster", -12.34, "−12.3 ms"},
        {"no change", 0, "0.000 ms"},
        {"NaN", kNaN, "–"},
        {"infinity", kInf, "–"},
    });
    addRows("speedup", {
        {"hundreds", 118, "×118 faster"},
        {"tens", 76.3, "×76.3 faster"},
        {"slower", 1 / 1.5, "×1.5 slower"},
        {"whole ratio drops its zeros", 0.5, "×2 slower"},
        {"rounds to 1: same speed", 1.004, "same speed"},
        {"slower, rounds to 1", 1 / 1.004, "same speed"},
        {"exactly 1", 1, "same speed"},
        {"just faster", 1.006, "×1.01 faster"},
        {"rounds up to 10", 9.996, "×10 faster"},
        {"rounds up to 100", 99.96, "×100 faster"},
        {"thousands grouped", 14706, "×14,706 faster"},
        {"zero", 0, "–"},
        {"negative", -2, "–"},
        {"NaN", kNaN, "–"},
        {"infinity", kInf, "–"},
    });
    addRows("factor", {
        {"one", 1, "×1"},
        {"whole", 83, "×83"},
        {"three significant digits", 8.3333, "×8.33"},
        {"one decimal", 1.5, "×1.5"},
        {"rounds up to 100", 99.99, "×100"},
        {"hundreds, whole", 123.4, "×123"},
        {"divisor", 0.5, "÷2"},
        {"divisor, grouped", 1 / 14706.0, "÷14,706"},
        {"zero", 0, "–"},
        {"negative", -3, "–"},
        {"NaN", kNaN, "–"},
        {"infinity", kInf, "–"},
    });
    addRows("estimateFactor", {
        // The rows tst_metrics has always pinned.
        {"under-estimate", 50, "×50"},
        {"over-estimate", 0.002, "÷500"},
        {"exact", 1, "×1"},
        // Two significant digits below 100, whole numbers above.
        {"one decimal", 1.5, "×1.5"},
        {"two digits", 12.3, "×12"},
        {"rounds up to 10", 9.96, "×10"},
        {"rounds up to 100 (was ×1e+02)", 99.6, "×100"},
        {"over-estimate, one decimal", 0.75, "÷1.3"},
        {"thousands grouped", 14706, "×14,706"},
        {"divisor grouped", 1 / 14706.0, "÷14,706"},
        {"zero", 0, "–"},
        {"negative", -1, "–"},
        {"NaN", kNaN, "–"},
        {"infinity", kInf, "–"},
    });
    addRows("count", {
        {"zero", 0, "0"},
        {"small", 13, "13"},
        {"thousands grouped", 148000, "148,000"},
        {"per-loop average", 1 / 3.0, "0.33"},
        {"trailing zero dropped", 2.5, "2.5"},
        {"two decimals below 100", 99.994, "99.99"},
        {"rounds up to 100", 99.996, "100"},
        {"whole from 100", 100.4, "100"},
        {"whole, grouped", 1234.6, "1,235"},
        {"tiny rounds to zero", 0.004, "0"},
        {"huge", 1e12, "1,000,000,000,000"},
        {"negative", -1500, "−1,500"},
        {"negative rounding to zero has no sign", -0.001, "0"},
        {"NaN", kNaN, "–"},
        {"infinity", kInf, "–"},
    });
    // PostgreSQL 18 prints actual rows as per-loop averages with two decimals ("rows=0.50", "rows=1234.50").
    addRows("rows", {
        {"whole as before", 148000, "148,000"},
        {"whole small", 12, "12"},
        {"PostgreSQL 18 whole with decimals", 100.00, "100"},
        {"half a row per loop", 0.5, "0.5"},
        {"quarter", 0.25, "0.25"},
        {"fraction kept above 100", 1234.5, "1,234.5"},
        {"two decimals at most", 2 / 3.0, "0.67"},
        {"fraction that rounds away", 2.001, "2"},
        {"fraction rounding up to whole", 99.999, "100"},
        {"negative fraction", -0.5, "−0.5"},
        {"NaN", kNaN, "–"},
    });
    addRows("compactRows", {
        {"fraction on a card", 0.25, "0.25"},
        {"fraction below 10,000", 9876.5, "9,876.5"},
        {"whole below 10,000", 9999, "9,999"},
        {"large stays compact", 14500.5, "14.5k"},
        {"infinity", kInf, "–"},
    });
    addRows("compactCount", {
        {"zero", 0, "0"},
        {"per-loop average", 1 / 3.0, "0.33"},
        {"hundreds", 950, "950"},
        {"below 10,000: grouped", 9999, "9,999"},
        {"rounds up to 10k", 9999.6, "10k"},
        {"tens of thousands", 14500, "14.5k"},
        {"hundreds of thousands", 145000, "145k"},
        {"just below a million", 999499, "999k"},
        {"rounds up to a million", 999500, "1M"},
        {"millions", 1200000, "1.2M"},
        {"billions", 3e9, "3G"},
        {"trillions", 2.5e13, "25T"},
        {"beyond the last suffix", 1e18, "1,000,000T"},
        {"negative", -14500, "−14.5k"},
        {"NaN", kNaN, "–"},
        {"infinity", kInf, "–"},
    });
    addRows("kilobytes", {
        {"zero", 0, "0 kB"},
        {"kB", 812, "812 kB"},
        {"just below 1 MB", 1023.4, "1,023 kB"},
        {"rounds up to 1 MB", 1023.6, "1 MB"},
        {"whole MB drops .0", 4096, "4 MB"},
        {"one decimal below 100", 12.4 * 1024, "12.4 MB"},
        {"whole from 100", 150.55 * 1024, "151 MB"},
        {"hundreds of MB", 812 * 1024, "812 MB"},
        {"rounds up to 1 GB", 1023.96 * 1024, "1 GB"},
        {"GB", 1.2 * 1024 * 1024, "1.2 GB"},
        {"huge", 5e12, "4.5 PB"},
        {"negative", -2048, "−2 MB"},
        {"NaN", kNaN, "–"},
        {"infinity", kInf, "–"},
    });
    addRows("bytes", {
        {"zero", 0, "0 B"},
        {"bytes", 512, "512 B"},
        {"just below 1 kB", 1023, "1,023 B"},
        {"rounds up to 1 kB", 1023.6, "1 kB"},
        {"1 kB", 1024, "1 kB"},
        {"MB", 12.4 * 1024 * 1024, "12.4 MB"},
        {"negative", -512, "−512 B"},
        {"NaN", kNaN, "–"},
    });
    addRows("blocks", {
        {"zero", 0, "0 blocks (0 kB)"},
        {"one", 1, "1 block (8 kB)"},
        {"thousands", 1200, "1,200 blocks (9.4 MB)"},
        {"compact", 150000, "150k blocks (1.1 GB)"},
        {"NaN", kNaN, "–"},
    });
    addRows("percent", {
        {"zero", 0, "0%"},
        {"tiny share is not 0%", 0.001, "<1%"},
        {"just below 1%", 0.0099, "<1%"},
        {"1%", 0.01, "1%"},
        {"whole", 0.42, "42%"},
        {"just below 100% is not 100%", 0.994, ">99%"},
        {"almost all", 0.9999, ">99%"},
        {"all", 1, "100%"},
        {"more than all", 2.5, "250%"},
        {"huge, grouped", 15, "1,500%"},
        {"negative", -0.42, "−42%"},
        {"NaN", kNaN, "–"},
        {"infinity", kInf, "–"},
    });
}

void TestUnits::formats()
{
    QFETCH(QString, function);
    QFETCH(double, value);
    QFETCH(QString, expected);
    QCOMPARE(format(function, value), expected);
}

void TestUnits::independentOfTheDefaultLocale()
{
    // A German desktop writes 1.234,5; the GUI and the CLI still print one format.
    const QLocale saved;
    QLocale::setDefault(QLocale(QLocale::German, QLocale::Germany));
    QCOMPARE(Units::count(148000), QStringLiteral("148,000"));
    QCOMPARE(Units::duration(12.34), QStringLiteral("12.3 ms"));
    QCOMPARE(Units::kilobytes(12.4 * 1024), QStringLiteral("12.4 MB"));
    QLocale::setDefault(saved);
}

QTEST_GUILESS_MAIN(TestUnits)
#include "tst_units.moc"
