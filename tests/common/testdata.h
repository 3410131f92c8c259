// SPDX-License-Identifier: MIT
#pragma once
// Reading tests/data and parsing plans in tests. Header-only: PLANLENS_TEST_DATA is defined per test target.

#include "plan/planparser.h"

#include <QFile>
#include <QString>
#include <QtGlobal>

namespace Test {

// The text of tests/data/<relative>, empty when it cannot be read.
inline QString readTestData(const QString &relative)
{
    QFile f(QStringLiteral(PLANLENS_TEST_DATA "/") + relative);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(f.readAll());
}

// The parsed plan, or an empty one with the parser's sentence as a warning (the test's checks then fail).
inline PlanLens::Plan parsedOrEmpty(const QString &text)
{
    const PlanLens::Result<PlanLens::Plan> r = PlanLens::parsePlan(text);
    if (const auto *e = std::get_if<PlanLens::ParseError>(&r)) {
        qWarning("%s", qPrintable(e->toString()));
        return {};
    }
    return std::get<PlanLens::Plan>(r);
}

} // namespace Test
