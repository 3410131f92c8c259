// SPDX-License-Identifier: MIT
// `planlens anonymize PLAN [--sql FILE] [-o OUT] [--sql-out FILE] [--json] [--map FILE]`: a plan (and its SQL)
// with names and literals replaced by stable tokens, safe to paste into a bug report.
#include "cli.h"
#include "commands.h"
#include "anonymize/anonymizer.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSaveFile>

namespace PlanLens::Cli {

namespace {

bool readFile(const QString &name, QByteArray *bytes, QString *error)
{
    QFile f;
    bool opened = false;
    if (name == u"-") {
        opened = f.open(stdin, QIODevice::ReadOnly);
    } else {
        f.setFileName(name);
        opened = f.open(QIODevice::ReadOnly);
    }
    if (!opened) {
        *error = QStringLiteral("cannot read '%1': %2").arg(name, f.errorString());
        return false;
    }
    *bytes = f.readAll();
    return true;
}

bool writeFile(const QString &name, const QByteArray &bytes, QString *error)
{
    QSaveFile f(name);
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size() || !f.commit()) {
        *error = QStringLiteral("cannot write '%1': %2").arg(name, f.errorString());
        return false;
    }
    return true;
}

} // namespace

int anonymizeCommand(const QStringList &args)
{
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral(
        "Replace the table, column, index, alias, schema and function names and every literal of a plan (and of "
        "its SQL) by stable tokens (table_1, column_3, 'str_2'), so it can be shared. Measurements are kept; the "
        "result parses and gives the same findings. Only the --map file re-identifies it: keep that to yourself."));
    p.addPositionalArgument(QStringLiteral("plan"), QStringLiteral("The plan file (any format), or - for standard input."));
    p.addOption({QStringLiteral("sql"), QStringLiteral("The SQL the plan is for; anonymized with the same tokens."),
                 QStringLiteral("FILE")});
    p.addOption({{QStringLiteral("o"), QStringLiteral("output")},
                 QStringLiteral("Write the plan here (default: standard output)."), QStringLiteral("OUT")});
    p.addOption({QStringLiteral("sql-out"), QStringLiteral("Write the anonymized SQL here (default: OUT's name with "
                                                           ".sql beside it, or standard output after the plan)."),
                 QStringLiteral("FILE")});
    p.addOption({QStringLiteral("map"), QStringLiteral("Write the name → token map (JSON) here, for your own reference."),
                 QStringLiteral("FILE")});
    p.addOption({QStringLiteral("json"), QStringLiteral("Print one JSON object (see docs/cli.md).")});
    p.addHelpOption();
    if (const std::optional<int> done = parseOptions(p, args))
        return *done;
    const QStringList pos = p.positionalArguments();
    if (pos.size() != 1) {
        printErr(QStringLiteral("planlens anonymize: give one plan file (or - for standard input)\n\n") + p.helpText());
        return BadInput;
    }
    const QString planFile = pos.first();
    const QString planLabel = planFile == u"-" ? QStringLiteral("<stdin>") : planFile;
    QString error;
    QByteArray planBytes;
    if (!readFile(planFile, &planBytes, &error)) {
        printErr(QStringLiteral("planlens anonymize: ") + error);
        return BadInput;
    }

    Anonymizer anon;
    // The SQL first: libpg_query's tree tells which words are columns, and the plan's expressions then use the
    // same tokens for them.
    QString sqlOut;
    const bool haveSql = p.isSet(QStringLiteral("sql"));
    if (haveSql) {
        const QString sqlFile = p.value(QStringLiteral("sql"));
        QByteArray sqlBytes;
        if (!readFile(sqlFile, &sqlBytes, &error)) {
            printErr(QStringLiteral("planlens anonymize: ") + error);
            return BadInput;
        }
        const Result<QString> sql = anon.anonymizeSql(QString::fromUtf8(sqlBytes));
        if (isError(sql)) {
            printErr(QStringLiteral("planlens anonymize: %1: %2").arg(sqlFile, std::get<ParseError>(sql).toString()));
            return BadInput;
        }
        sqlOut = std::get<QString>(sql);
    }
    const Result<QString> plan = anon.anonymizePlan(QString::fromUtf8(planBytes));
    if (isError(plan)) {
        printErr(QStringLiteral("planlens anonymize: %1: %2").arg(planLabel, std::get<ParseError>(plan).toString()));
        return BadInput;
    }
    QString planOut = std::get<QString>(plan);
    if (!planOut.endsWith(u'\n'))
        planOut += u'\n';

    if (p.isSet(QStringLiteral("map"))
        && !writeFile(p.value(QStringLiteral("map")), QJsonDocument(anon.mapJson()).toJson(QJsonDocument::Indented),
                      &error)) {
        printErr(QStringLiteral("planlens anonymize: ") + error);
        return BadInput;
    }
    const QString out = p.value(QStringLiteral("output"));
    QString sqlTarget = p.value(QStringLiteral("sql-out"));
    if (haveSql && sqlTarget.isEmpty() && !out.isEmpty()) {   // plan.json → plan.sql beside it
        const QFileInfo info(out);
        sqlTarget = info.dir().filePath(info.completeBaseName() + QStringLiteral(".sql"));
        if (sqlTarget == out)
            sqlTarget = out + QStringLiteral(".sql");
    }
    if (!out.isEmpty() && !writeFile(out, planOut.toUtf8(), &error)) {
        printErr(QStringLiteral("planlens anonymize: ") + error);
        return BadInput;
    }
    if (haveSql && !sqlTarget.isEmpty() && !writeFile(sqlTarget, sqlOut.toUtf8(), &error)) {
        printErr(QStringLiteral("planlens anonymize: ") + error);
        return BadInput;
    }

    if (p.isSet(QStringLiteral("json"))) {
        QJsonObject o;
        o.insert(QStringLiteral("format"), planFormatName(anon.planFormat()).toLower());
        o.insert(QStringLiteral("plan"), planOut);
        o.insert(QStringLiteral("sql"), haveSql ? QJsonValue(sqlOut) : QJsonValue());
        o.insert(QStringLiteral("tokens"), anon.tokenCounts());
        if (!out.isEmpty())
            o.insert(QStringLiteral("planFile"), out);
        if (haveSql && !sqlTarget.isEmpty())
            o.insert(QStringLiteral("sqlFile"), sqlTarget);
        printJson(o);
        return Ok;
    }
    if (out.isEmpty())
        printOut(planOut.chopped(1));
    if (haveSql && sqlTarget.isEmpty())
        printOut(QStringLiteral("\n-- SQL\n") + sqlOut);
    return Ok;
}

} // namespace PlanLens::Cli
