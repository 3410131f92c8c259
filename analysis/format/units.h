// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

// How figures read, in the GUI, the CLI's text and the findings alike (hotspot keeps this in one place too:
// src/models/formattingutils.h). One locale everywhere: '.' for decimals, ',' between thousands, whatever the
// user's locale, so a message reads the same in a screenshot, a terminal and a bug report. Every function says
// "–" for a figure that is not finite (NaN, infinity), and a negative figure starts with "−" (U+2212).
// JSON never goes through here: numbers in JSON stay numbers.
namespace PlanLens::Units {

// About three significant digits, never finer than EXPLAIN's 0.001 ms; a value that rounds up into the next
// range is printed in it (999.7 ms is "1.00 s", 59.97 s is "1 min 0 s"):
// "0.042 ms", "1.69 ms", "12.3 ms", "129 ms", "1.25 s", "12.3 s", "2 min 5 s", "1 h 2 min".
QString duration(double ms);
// A change of time, always signed: "+1.25 s", "−12.3 ms".
QString signedDuration(double deltaMs);

// before / after as a speed-up: "×118 faster", "×1.5 slower", "same speed" (when it rounds to ×1).
QString speedup(double ratio);
// A ratio as a multiplier or a divisor: "×83", "×8.33", "÷14,706"; "–" unless positive.
// The ratio number: below 100 at most three significant digits, trailing zeros dropped; whole from 100, grouped.
QString factor(double f);
// Actual rows / estimated rows as the cards show it, two significant digits: "×12", "÷1.5", "×1", "÷14,706".
QString estimateFactor(double f);

// Rows, loops, blocks: grouped ("148,000"); below 100 fractions are kept to 2 decimals, trailing zeros dropped,
// for per-loop averages ("0.33", "2.5").
QString count(double n);
// A count for narrow places (graph cards): as count() below 10,000, then three significant digits but at most one
// decimal, with a suffix: "9,999", "14.5k", "145k", "1.5M", "3G".
QString compactCount(double n);

// Actual rows: whole numbers as count() ("148,000", "12"); PostgreSQL 18's per-loop averages with their fraction
// at any size, to two decimals, trailing zeros dropped ("0.5", "0.33", "1,234.5"). A fraction that rounds away at
// two decimals prints as the whole number ("2.001" → "2").
QString rows(double n);
// Rows for narrow places (graph cards): as rows() below 10,000, then as compactCount() ("14.5k").
QString compactRows(double n);

// Sizes in PostgreSQL's units (1 kB = 1024 bytes, as EXPLAIN and work_mem mean it): whole kB below 1 MB, then
// one decimal below 100 and whole numbers above, trailing ".0" dropped: "812 kB", "4 MB", "12.4 MB", "1.2 GB".
QString kilobytes(double kb);
QString bytes(double bytes);   // "512 B" below 1 kB, else as kilobytes()
// 8 kB pages (PostgreSQL's default block size): "1 block (8 kB)", "1.2k blocks (9.4 MB)".
QString blocks(double blocks);

// A share (0..1) as a whole percentage, never claiming 0% or 100% when it is not: "<1%", "42%", ">99%", "0%".
QString percent(double share);

} // namespace PlanLens::Units
