// SPDX-License-Identifier: MIT
#include "session.h"

#include "db/pgconnection.h"
#include "detect/finding.h"
#include "plan/planparser.h"
#include "rewrite/rewrite.h"
#include "rewrite/rewriteverifier.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>

namespace PlanLens {

namespace {

QJsonValue optionalNumber(const std::optional<double> &v)
{
    return v ? QJsonValue(*v) : QJsonValue(QJsonValue::Null);
}

QJsonArray numbers(const QList<double> &values)
{
    QJsonArray a;
    for (double v : values)
        a.append(v);
    return a;
}

QList<double> numbersFrom(const QJsonValue &v)
{
    QList<double> out;
    for (const QJsonValue &x : v.toArray())
        if (x.isDouble())
            out << x.toDouble();
    return out;
}

QJsonArray parametersToJson(const QList<RunParameter> &parameters)
{
    QJsonArray params;
    for (const RunParameter &p : parameters) {
        params.append(QJsonObject{{QStringLiteral("name"), p.name},
                                  {QStringLiteral("value"), p.isNull ? QJsonValue() : QJsonValue(p.value)},
                                  {QStringLiteral("type"), p.type}});
    }
    return params;
}

QList<RunParameter> parametersFromJson(const QJsonValue &value)
{
    QList<RunParameter> out;
    for (const QJsonValue &v : value.toArray()) {
        const QJsonObject o = v.toObject();
        RunParameter p;
        p.name = o.value(QStringLiteral("name")).toString();
        p.isNull = o.value(QStringLiteral("value")).isNull();
        p.value = o.value(QStringLiteral("value")).toString();
        p.type = o.value(QStringLiteral("type")).toString();
        if (!p.name.isEmpty())
            out << p;
    }
    return out;
}

StatementKind statementKindFromName(const QString &name)
{
    for (int k = 0; k <= int(StatementKind::Other); ++k)
        if (statementKindName(StatementKind(k)) == name)
            return StatementKind(k);
    return StatementKind::Other;
}

QJsonObject sideToJson(const SideResult &side)
{
    QJsonArray statements;
    for (const StatementRun &s : side.statements) {
        QJsonObject st{
            {QStringLiteral("index"), s.index},
            {QStringLiteral("text"), s.text},
            {QStringLiteral("start"), s.start},
            {QStringLiteral("end"), s.end},
            {QStringLiteral("kind"), statementKindName(s.kind)},
            {QStringLiteral("writes"), s.writes},
            {QStringLiteral("explained"), s.explained},
            {QStringLiteral("executed"), s.executed},
            {QStringLiteral("runs_ms"), numbers(s.runsMs)},
            {QStringLiteral("rows"), double(s.rows)},
            {QStringLiteral("command_status"), s.commandStatus},
            {QStringLiteral("note"), s.note},
        };
        if (s.explained)
            st.insert(QStringLiteral("explain_json"), s.explainJson);
        statements.append(st);
    }
    return QJsonObject{
        {QStringLiteral("sql"), side.sql},
        {QStringLiteral("runs_ms"), numbers(side.runsMs)},
        {QStringLiteral("median_ms"), optionalNumber(side.medianMs)},
        {QStringLiteral("rows"), side.rows ? QJsonValue(double(*side.rows)) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("rows_hash"), side.rowsHash ? QJsonValue(side.rowsHashHex()) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("rows_stable"), side.rowsStable},
        {QStringLiteral("statements"), statements},
    };
}

SideResult sideFromJson(const QJsonObject &o)
{
    SideResult side;
    side.sql = o.value(QStringLiteral("sql")).toString();
    side.runsMs = numbersFrom(o.value(QStringLiteral("runs_ms")));
    if (o.value(QStringLiteral("rows")).isDouble())
        side.rows = qint64(o.value(QStringLiteral("rows")).toDouble());
    bool ok = false;
    const quint64 hash = o.value(QStringLiteral("rows_hash")).toString().toULongLong(&ok, 16);
    if (ok)
        side.rowsHash = hash;
    side.rowsStable = o.value(QStringLiteral("rows_stable")).toBool(true);
    for (const QJsonValue &v : o.value(QStringLiteral("statements")).toArray()) {
        const QJsonObject so = v.toObject();
        StatementRun st;
        st.index = so.value(QStringLiteral("index")).toInt();
        st.text = so.value(QStringLiteral("text")).toString();
        st.start = so.value(QStringLiteral("start")).toInt();
        st.end = so.value(QStringLiteral("end")).toInt();
        st.kind = statementKindFromName(so.value(QStringLiteral("kind")).toString());
        st.writes = so.value(QStringLiteral("writes")).toBool();
        st.explained = so.value(QStringLiteral("explained")).toBool();
        st.executed = so.value(QStringLiteral("executed")).toBool();
        st.runsMs = numbersFrom(so.value(QStringLiteral("runs_ms")));
        st.rows = qint64(so.value(QStringLiteral("rows")).toDouble(-1));
        st.commandStatus = so.value(QStringLiteral("command_status")).toString();
        st.note = so.value(QStringLiteral("note")).toString();
        st.explainJson = so.value(QStringLiteral("explain_json")).toString();
        if (st.explained && !st.explainJson.isEmpty()) {
            Result<Plan> parsed = parsePlan(st.explainJson);
            if (auto *plan = std::get_if<Plan>(&parsed))
                st.plan = std::move(*plan);
            else
                st.planError = std::get<ParseError>(parsed).toString();
        }
        side.statements << st;
    }
    return side;
}

// The plan the window shows for a side after a run: its last explained statement (MainWindow::showRunResult).
QString lastExplained(const SideResult &side)
{
    QString raw;
    for (const StatementRun &st : side.statements)
        if (st.explained && !st.plan.isEmpty())
            raw = st.explainJson;
    return raw;
}

} // namespace

QJsonObject Session::runToJson(const RunResult &r)
{
    return QJsonObject{
        {QStringLiteral("mode"), runModeName(r.mode)},
        {QStringLiteral("explain"), explainPrefix(r.mode, r.explain)},
        {QStringLiteral("buffers"), r.explain.buffers},
        {QStringLiteral("verbose"), r.explain.verbose},
        {QStringLiteral("settings"), r.explain.settings},
        {QStringLiteral("wal"), r.explain.wal},
        {QStringLiteral("generic_plan"), r.explain.genericPlan},
        {QStringLiteral("runs"), r.runs},
        {QStringLiteral("warmup"), r.warmup},
        {QStringLiteral("timeout_ms"), r.timeoutMs},
        {QStringLiteral("allow_writes"), r.allowWrites},
        {QStringLiteral("parameters"), parametersToJson(r.parameters)},
        {QStringLiteral("rounds_done"), r.roundsDone},
        {QStringLiteral("complete"), r.complete},
        {QStringLiteral("server"), r.server},
        {QStringLiteral("started_at"), r.startedAt.isValid() ? r.startedAt.toUTC().toString(Qt::ISODateWithMs) : QString()},
        {QStringLiteral("speedup"), optionalNumber(r.speedup)},
        {QStringLiteral("rows_equal"), r.rowsEqual ? QJsonValue(*r.rowsEqual) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("before"), sideToJson(r.before)},
        {QStringLiteral("after"), sideToJson(r.after)},
    };
}

RunResult Session::runFromJson(const QJsonObject &o)
{
    RunResult r;
    r.mode = runModeFromName(o.value(QStringLiteral("mode")).toString()).value_or(RunMode::Analyze);
    r.explain.buffers = o.value(QStringLiteral("buffers")).toBool(true);
    r.explain.verbose = o.value(QStringLiteral("verbose")).toBool(true);
    r.explain.settings = o.value(QStringLiteral("settings")).toBool(true);
    r.explain.wal = o.value(QStringLiteral("wal")).toBool(false);
    r.explain.genericPlan = o.value(QStringLiteral("generic_plan")).toBool(false);
    r.runs = o.value(QStringLiteral("runs")).toInt();
    r.warmup = o.value(QStringLiteral("warmup")).toInt();
    r.timeoutMs = o.value(QStringLiteral("timeout_ms")).toInt();
    r.allowWrites = o.value(QStringLiteral("allow_writes")).toBool();
    r.parameters = parametersFromJson(o.value(QStringLiteral("parameters")));
    r.roundsDone = o.value(QStringLiteral("rounds_done")).toInt();
    r.complete = o.value(QStringLiteral("complete")).toBool();
    r.server = o.value(QStringLiteral("server")).toString();
    r.startedAt = QDateTime::fromString(o.value(QStringLiteral("started_at")).toString(), Qt::ISODateWithMs);
    r.before = sideFromJson(o.value(QStringLiteral("before")).toObject());
    r.after = sideFromJson(o.value(QStringLiteral("after")).toObject());
    r.computeStats();   // medians, min/max, cost, speed-up and rows_equal, as the runner computed them
    return r;
}

void Session::setRun(const RunResult &result)
{
    run = result;
    beforePlan = lastExplained(result.before);
    afterPlan = lastExplained(result.after);
}

void Session::setFindings(const QList<Finding> &before, const QList<Finding> &after)
{
    beforeFindings = findingsToJson(before);
    afterFindings = findingsToJson(after);
}

void Session::setRewrites(const QList<Rewrite> &proposed)
{
    rewrites = QJsonArray();
    for (const Rewrite &r : proposed)
        rewrites.append(rewriteToJson(r));
}

void Session::setTried(const Rewrite &rewrite, const QString &form, const QString &sql,
                       const RewriteVerification &verification)
{
    tried = TriedRewrite{rewrite.rule, rewrite.title, form, sql, verification.toJson()};
}

QJsonObject Session::toJson() const
{
    const QJsonArray params = parametersToJson(parameters);
    QJsonObject o{
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
    if (run)
        o.insert(QStringLiteral("run"), runToJson(*run));
    if (!beforeFindings.isEmpty() || !afterFindings.isEmpty())
        o.insert(QStringLiteral("findings"),
                 QJsonObject{{QStringLiteral("before"), beforeFindings}, {QStringLiteral("after"), afterFindings}});
    if (!rewrites.isEmpty())
        o.insert(QStringLiteral("rewrites"), rewrites);
    if (tried)
        o.insert(QStringLiteral("tried"), QJsonObject{{QStringLiteral("rule"), tried->rule},
                                                       {QStringLiteral("title"), tried->title},
                                                       {QStringLiteral("form"), tried->form},
                                                       {QStringLiteral("after_sql"), tried->afterSql},
                                                       {QStringLiteral("verification"), tried->verification}});
    if (!history.isEmpty())
        o.insert(QStringLiteral("history"), PlanHistory(history).toJson());
    return o;
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
    s.parameters = parametersFromJson(json.value(QStringLiteral("parameters")));
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
    // Format 2: what the review found. A format 1 file has none of these keys.
    if (json.value(QStringLiteral("run")).isObject())
        s.run = runFromJson(json.value(QStringLiteral("run")).toObject());
    const QJsonObject findings = json.value(QStringLiteral("findings")).toObject();
    s.beforeFindings = findings.value(QStringLiteral("before")).toArray();
    s.afterFindings = findings.value(QStringLiteral("after")).toArray();
    s.rewrites = json.value(QStringLiteral("rewrites")).toArray();
    if (json.value(QStringLiteral("tried")).isObject()) {
        const QJsonObject t = json.value(QStringLiteral("tried")).toObject();
        s.tried = TriedRewrite{t.value(QStringLiteral("rule")).toString(), t.value(QStringLiteral("title")).toString(),
                               t.value(QStringLiteral("form")).toString(), t.value(QStringLiteral("after_sql")).toString(),
                               t.value(QStringLiteral("verification")).toObject()};
    }
    // Format 3: the plan history. Older files (and files written without one) get the versions of their run.
    if (json.value(QStringLiteral("history")).isArray())
        s.history = PlanHistory::fromJson(json.value(QStringLiteral("history")).toArray()).versions();
    else if (s.run)
        s.history = PlanHistory::fromRun(*s.run, s.tried ? s.tried->rule : QString(), s.tried ? s.tried->form : QString(),
                                         s.tried ? s.tried->verification : QJsonObject())
                        .versions();
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
