// SPDX-License-Identifier: MIT
// Loading the detector fixtures: real PostgreSQL plans with the SQL they came from.
//   data/detect/<case>.json  + <case>.sql      captured by data/detect/capture.sh (detector cases)
//   data/plans/<case>.json|.txt + cases/<case>.sql   the plan corpus (its .sql are psql capture scripts:
//                                                  the ":explain" / ":fmt" variables are taken out here)
#pragma once

#include "detect/detectors.h"
#include "plan/planparser.h"
#include "sql/sqlscript.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>

#include <optional>

namespace Test::DetectFixtures {

using namespace PlanLens;

// Exact sizes, so that a rule or a fixture that goes missing fails instead of shrinking the suite.
// The rules of allDetectors(); adding one means a firing fixture in tst_rulecontract and a tst_detectors row.
constexpr int kRegisteredRules = 28;
// allPlanFiles(): 98 JSON/TEXT pairs in data/plans (196 files) and 43 detector cases in data/detect.
constexpr int kPlanFiles = 239;

inline QString dataDir()
{
    return QStringLiteral(PLANLENS_TEST_DATA);
}

inline QString readText(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return QString();
    return QString::fromUtf8(f.readAll());
}

// Every fixture a detector test may read, as paths relative to tests/data, sorted.
inline QStringList allPlanFiles()
{
    QStringList out;
    const QDir data(dataDir());
    for (const QString &sub : {QStringLiteral("plans"), QStringLiteral("detect")}) {
        const QDir d(data.filePath(sub));
        for (const QString &f : d.entryList({QStringLiteral("*.json"), QStringLiteral("*.txt")}, QDir::Files, QDir::Name))
            out << sub + u'/' + f;
    }
    return out;
}

// The SQL text that goes with a plan file, or an empty string.
inline QString sqlFor(const QString &relPath, const QString &root = dataDir())
{
    const QFileInfo fi(QDir(root).filePath(relPath));
    const QString base = fi.completeBaseName();
    QString path = fi.dir().filePath(base + QStringLiteral(".sql"));
    if (!QFileInfo::exists(path))
        path = fi.dir().filePath(QStringLiteral("cases/") + base + QStringLiteral(".sql"));
    QString sql = readText(path);
    if (sql.isEmpty())
        return sql;
    // Capture scripts of the corpus: the EXPLAIN prefix is a psql variable; drop it and the format variable.
    static const QRegularExpression explainVar(QStringLiteral("^\\s*:explain\\s*$"), QRegularExpression::MultilineOption);
    static const QRegularExpression explainPrefix(QStringLiteral("EXPLAIN\\s*\\([^)]*:fmt[^)]*\\)"),
                                                  QRegularExpression::CaseInsensitiveOption);
    sql.replace(explainVar, QString());
    sql.replace(explainPrefix, QString());
    // A psql meta-command (\gset binding the ids of the prefetch) ends the query before it, and a psql variable
    // (:'ids') becomes a literal, as in tst_sqlscript: the script then parses as the SQL PostgreSQL ran.
    static const QRegularExpression meta(QStringLiteral("\\\\[a-z]+[^\n]*$"), QRegularExpression::MultilineOption);
    static const QRegularExpression var(QStringLiteral(":'\\w+'"));
    sql.replace(meta, QStringLiteral(";"));
    sql.replace(var, QStringLiteral("'{}'"));
    return sql;
}

struct Fixture {
    Plan plan;
    std::optional<SqlScript> sql;
    QString error;
};

// root: tests/data, or another folder laid out the same way (tst_detectors' broken-fixture case).
inline Fixture load(const QString &relPath, bool withSql = true, const QString &root = dataDir())
{
    Fixture fx;
    const QString text = readText(QDir(root).filePath(relPath));
    if (text.isEmpty()) {
        fx.error = QStringLiteral("cannot read %1").arg(relPath);
        return fx;
    }
    const Result<Plan> r = parsePlan(text);
    if (isError(r)) {
        fx.error = QStringLiteral("%1: %2").arg(relPath, std::get<ParseError>(r).toString());
        return fx;
    }
    fx.plan = std::get<Plan>(r);
    if (withSql) {
        const QString sql = sqlFor(relPath, root);
        if (!sql.trimmed().isEmpty()) {
            // A fixture's SQL that does not parse is a broken fixture, not a plan-only case: falling back to
            // the plan alone would quietly turn every span and rewrite assertion on it into a no-op.
            const Result<SqlScript> s = parseSqlScript(sql);
            if (isError(s)) {
                fx.error = QStringLiteral("%1: its SQL does not parse: %2").arg(relPath, std::get<ParseError>(s).toString());
                return fx;
            }
            fx.sql = std::get<SqlScript>(s);
        }
    }
    return fx;
}

// The findings (or rewrites) of one rule.
template<class T>
QList<T> ofRule(const QList<T> &items, const QString &rule)
{
    QList<T> out;
    for (const T &item : items)
        if (item.rule == rule)
            out << item;
    return out;
}

// A script, or an empty one when the SQL does not parse (the caller then finds nothing and fails on that).
inline SqlScript scriptOrEmpty(const QString &sql)
{
    Result<SqlScript> s = parseSqlScript(sql);
    return std::holds_alternative<SqlScript>(s) ? std::get<SqlScript>(s) : SqlScript{};
}

inline QList<Finding> findings(const Fixture &fx)
{
    return runDetectors(fx.plan, fx.sql ? &*fx.sql : nullptr);
}

inline QStringList ruleIds(const QList<Finding> &fs)
{
    QStringList ids;
    for (const Finding &f : fs)
        if (!ids.contains(f.rule))
            ids << f.rule;
    ids.sort();
    return ids;
}

} // namespace Test::DetectFixtures
