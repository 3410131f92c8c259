// SPDX-License-Identifier: MIT
#pragma once
// Reading tests/data and parsing plans in tests. Header-only: PLANLENS_TEST_DATA is defined per test target.

#include "plan/planparser.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QString>
#include <QtGlobal>

namespace Test {

// The parser's sentence for a failed parse, empty on success: for QVERIFY2 messages, which are evaluated even when
// the check holds (std::get<ParseError> there throws on a successful parse).
template <typename T>
QString errorText(const PlanLens::Result<T> &r)
{
    const auto *e = std::get_if<PlanLens::ParseError>(&r);
    return e ? e->toString() : QString();
}

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

// tests/data/plans/<name>.json, parsed (empty when missing or unreadable).
inline PlanLens::Plan loadTestPlan(const QString &name)
{
    return parsedOrEmpty(readTestData(QStringLiteral("plans/") + name + QStringLiteral(".json")));
}

// Where a test saves what it grabbed, to be looked at: <build dir>/screenshots/<name> (the folder is made).
inline QString screenshotPath(const QString &name)
{
    const QString path = QStringLiteral(PLANLENS_BUILD_DIR "/screenshots/") + name;
    QDir().mkpath(QFileInfo(path).path());
    return path;
}

} // namespace Test
