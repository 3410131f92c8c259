// SPDX-License-Identifier: MIT
#include "session.h"

#include "db/pgconnection.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>

namespace PlanLens {

QJsonObject Session::toJson() const
{
    QJsonArray params;
    for (const RunParameter &p : parameters) {
        params.append(QJsonObject{{QStringLiteral("name"), p.name},
                                  {QStringLiteral("value"), p.isNull ? QJsonValue() : QJsonValue(p.value)},
                                  {QStringLiteral("type"), p.type}});
    }
    return QJsonObject{
        {QStringLiteral("planlens_session"), kFormatVersion},
        {QStringLiteral("conninfo"), PgConnection::withoutPassword(conninfo)},
        {QStringLiteral("before_sql"), beforeSql},
        {QStringLiteral("after_sql"), afterSql},
        {QStringLiteral("parameters"), params},
        {QStringLiteral("mode"), runModeName(mode)},
        {QStringLiteral("buffers"), explain.buffers},
        {QStringLiteral("verbose"), explain.verbose},
        {QStringLiteral("settings"), explain.settings},
        {QStringLiteral("wal"), explain.wal},
        {QStringLiteral("generic_plan"), explain.genericPlan},
        {QStringLiteral("runs"), runs},
        {QStringLiteral("warmup"), warmup},
        {QStringLiteral("timeout_s"), timeoutMs / 1000.0},
        {QStringLiteral("before_plan"), beforePlan},
        {QStringLiteral("after_plan"), afterPlan},
    };
}

Session Session::fromJson(const QJsonObject &json, QString *error)
{
    Session s;
    const int version = json.value(QStringLiteral("planlens_session")).toInt(0);
    if (version < 1) {
        *error = QStringLiteral("This is not a PlanLens session file (no \"planlens_session\" key).");
        return s;
    }
    if (version > kFormatVersion) {
        *error = QStringLiteral("This session was saved by a newer PlanLens (format %1; this one reads %2).")
                     .arg(version)
                     .arg(kFormatVersion);
        return s;
    }
    s.conninfo = PgConnection::withoutPassword(json.value(QStringLiteral("conninfo")).toString());
    s.beforeSql = json.value(QStringLiteral("before_sql")).toString();
    s.afterSql = json.value(QStringLiteral("after_sql")).toString();
    for (const QJsonValue &v : json.value(QStringLiteral("parameters")).toArray()) {
        const QJsonObject o = v.toObject();
        RunParameter p;
        p.name = o.value(QStringLiteral("name")).toString();
        p.isNull = o.value(QStringLiteral("value")).isNull();
        p.value = o.value(QStringLiteral("value")).toString();
        p.type = o.value(QStringLiteral("type")).toString();
        if (!p.name.isEmpty())
            s.parameters << p;
    }
    s.mode = runModeFromName(json.value(QStringLiteral("mode")).toString()).value_or(RunMode::Analyze);
    s.explain.buffers = json.value(QStringLiteral("buffers")).toBool(true);
    s.explain.verbose = json.value(QStringLiteral("verbose")).toBool(true);
    s.explain.settings = json.value(QStringLiteral("settings")).toBool(true);
    s.explain.wal = json.value(QStringLiteral("wal")).toBool(false);
    s.explain.genericPlan = json.value(QStringLiteral("generic_plan")).toBool(false);
    s.runs = qBound(1, json.value(QStringLiteral("runs")).toInt(7), 1000);
    s.warmup = qBound(0, json.value(QStringLiteral("warmup")).toInt(2), 100);
    s.timeoutMs = qBound(1000, int(json.value(QStringLiteral("timeout_s")).toDouble(60) * 1000), 24 * 3600 * 1000);
    s.beforePlan = json.value(QStringLiteral("before_plan")).toString();
    s.afterPlan = json.value(QStringLiteral("after_plan")).toString();
    return s;
}

bool Session::save(const QString &fileName, QString *error) const
{
    QSaveFile f(fileName);
    if (!f.open(QIODevice::WriteOnly)) {
        *error = QStringLiteral("Cannot write %1: %2").arg(fileName, f.errorString());
        return false;
    }
    f.write(QJsonDocument(toJson()).toJson(QJsonDocument::Indented));
    if (!f.commit()) {
        *error = QStringLiteral("Cannot write %1: %2").arg(fileName, f.errorString());
        return false;
    }
    return true;
}

std::optional<Session> Session::load(const QString &fileName, QString *error)
{
    QFile f(fileName);
    if (!f.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("Cannot open %1: %2").arg(fileName, f.errorString());
        return std::nullopt;
    }
    if (f.size() > 512 * 1024 * 1024) {
        *error = QStringLiteral("%1 is larger than 512 MB: not a session file.").arg(fileName);
        return std::nullopt;
    }
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &pe);
    if (pe.error != QJsonParseError::NoError || !doc.isObject()) {
        *error = QStringLiteral("%1 is not a PlanLens session: %2 at byte %3.")
                     .arg(fileName, pe.errorString())
                     .arg(pe.offset);
        return std::nullopt;
    }
    QString err;
    Session s = fromJson(doc.object(), &err);
    if (!err.isEmpty()) {
        *error = err;
        return std::nullopt;
    }
    return s;
}

} // namespace PlanLens
