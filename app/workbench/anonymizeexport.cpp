// SPDX-License-Identifier: MIT
#include "anonymizeexport.h"

#include "anonymize/anonymizer.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QSaveFile>

namespace PlanLens {

namespace {

QString suffixFor(PlanFormat f)
{
    switch (f) {
    case PlanFormat::Json: return QStringLiteral("json");
    case PlanFormat::Xml: return QStringLiteral("xml");
    case PlanFormat::Yaml: return QStringLiteral("yaml");
    default: return QStringLiteral("txt");
    }
}

bool save(const QString &path, const QString &text, QString *error)
{
    QSaveFile f(path);
    const QByteArray bytes = text.toUtf8();
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size() || !f.commit()) {
        *error = QObject::tr("Cannot write %1: %2").arg(QDir::toNativeSeparators(path), f.errorString());
        return false;
    }
    return true;
}

} // namespace

QString writeAnonymized(const QString &planPath, const QString &planText, const QString &sql, QString *error)
{
    if (planText.trimmed().isEmpty()) {
        *error = QObject::tr("There is no plan to export: run the query or open a plan first.");
        return QString();
    }
    Anonymizer anon;
    // SQL first: its parse tree says which words are columns, and the plan then uses the same tokens.
    QString sqlOut;
    const bool haveSql = !sql.trimmed().isEmpty();
    if (haveSql) {
        const Result<QString> r = anon.anonymizeSql(sql);
        if (isError(r)) {
            *error = QObject::tr("The SQL cannot be anonymized: %1").arg(std::get<ParseError>(r).toString());
            return QString();
        }
        sqlOut = std::get<QString>(r);
    }
    const Result<QString> plan = anon.anonymizePlan(planText);
    if (isError(plan)) {
        *error = QObject::tr("The plan cannot be anonymized: %1").arg(std::get<ParseError>(plan).toString());
        return QString();
    }
    QString sqlPath;
    if (haveSql) {
        const QFileInfo info(planPath);
        sqlPath = info.dir().filePath(info.completeBaseName() + QStringLiteral(".sql"));
        if (sqlPath == info.filePath())
            sqlPath = planPath + QStringLiteral(".sql");
    }
    if (!save(planPath, std::get<QString>(plan), error) || (haveSql && !save(sqlPath, sqlOut, error)))
        return QString();
    return sqlPath;
}

void exportAnonymized(QWidget *parent, const QString &planText, const QString &sql)
{
    if (planText.trimmed().isEmpty()) {
        QMessageBox::information(parent, QObject::tr("Export anonymized"),
                                 QObject::tr("There is no plan to export: run the query or open a plan first."));
        return;
    }
    Anonymizer probe;   // only to name the file after the plan's format
    const Result<QString> check = probe.anonymizePlan(planText);
    if (isError(check)) {
        QMessageBox::warning(parent, QObject::tr("Export anonymized"),
                             QObject::tr("The plan cannot be anonymized: %1").arg(std::get<ParseError>(check).toString()));
        return;
    }
    const QString suffix = suffixFor(probe.planFormat());
    const QString path = QFileDialog::getSaveFileName(
        parent, QObject::tr("Export anonymized plan"), QStringLiteral("plan-anonymized.") + suffix,
        QObject::tr("Plans (*.json *.txt *.xml *.yaml);;All files (*)"));
    if (path.isEmpty())
        return;
    QString error;
    writeAnonymized(path, planText, sql, &error);
    if (!error.isEmpty())
        QMessageBox::warning(parent, QObject::tr("Export anonymized"), error);
}

} // namespace PlanLens
