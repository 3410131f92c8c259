// SPDX-License-Identifier: MIT
#include "planhistory.h"

#include "plan/planparser.h"

#include <QJsonValue>

namespace PlanLens {

namespace {

const QString kRunAgain = QStringLiteral(" (run again)");

QString baseLabel(const QString &label)
{
    return label.endsWith(kRunAgain) ? label.chopped(kRunAgain.size()) : label;
}

Plan parsedOrEmpty(const QString &json)
{
    if (json.isEmpty())
        return {};
    Result<Plan> parsed = parsePlan(json);
    if (auto *plan = std::get_if<Plan>(&parsed))
        return std::move(*plan);
    return {};
}

} // namespace

QString PlanVersion::kindName(Kind kind)
{
    switch (kind) {
    case Kind::Before:
        return QStringLiteral("before");
    case Kind::After:
        return QStringLiteral("after");
    case Kind::Rewrite:
        return QStringLiteral("rewrite");
    }
    return QStringLiteral("before");
}

QJsonObject PlanVersion::toJson() const
{
    QJsonArray runs;
    for (double ms : runsMs)
        runs.append(ms);
    QJsonObject o{
        {QStringLiteral("id"), id},
        {QStringLiteral("kind"), kindName(kind)},
        {QStringLiteral("label"), label},
        {QStringLiteral("when"), when.isValid() ? when.toUTC().toString(Qt::ISODateWithMs) : QString()},
        {QStringLiteral("sql"), sql},
        {QStringLiteral("plan"), planJson},
        {QStringLiteral("runs_ms"), runs},
        {QStringLiteral("median_ms"), medianMs ? QJsonValue(*medianMs) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("rows"), rows ? QJsonValue(double(*rows)) : QJsonValue(QJsonValue::Null)},
    };
    if (kind == Kind::Rewrite) {
        o.insert(QStringLiteral("rule"), rule);
        o.insert(QStringLiteral("form"), form);
        o.insert(QStringLiteral("verification"), verification);
    }
    return o;
}

PlanVersion PlanVersion::fromJson(const QJsonObject &o)
{
    PlanVersion v;
    v.id = o.value(QStringLiteral("id")).toInt();
    const QString kind = o.value(QStringLiteral("kind")).toString();
    v.kind = kind == u"rewrite" ? Kind::Rewrite : kind == u"after" ? Kind::After : Kind::Before;
    v.label = o.value(QStringLiteral("label")).toString();
    v.when = QDateTime::fromString(o.value(QStringLiteral("when")).toString(), Qt::ISODateWithMs);
    v.sql = o.value(QStringLiteral("sql")).toString();
    v.planJson = o.value(QStringLiteral("plan")).toString();
    v.plan = parsedOrEmpty(v.planJson);
    for (const QJsonValue &ms : o.value(QStringLiteral("runs_ms")).toArray())
        if (ms.isDouble())
            v.runsMs << ms.toDouble();
    if (o.value(QStringLiteral("median_ms")).isDouble())
        v.medianMs = o.value(QStringLiteral("median_ms")).toDouble();
    else
        v.medianMs = median(v.runsMs);
    if (o.value(QStringLiteral("rows")).isDouble())
        v.rows = qint64(o.value(QStringLiteral("rows")).toDouble());
    v.rule = o.value(QStringLiteral("rule")).toString();
    v.form = o.value(QStringLiteral("form")).toString();
    v.verification = o.value(QStringLiteral("verification")).toObject();
    return v;
}

PlanHistory::PlanHistory(const QList<PlanVersion> &versions)
{
    for (const PlanVersion &v : versions)
        append(v);
}

int PlanHistory::indexOfId(int id) const
{
    for (qsizetype i = 0; i < m_versions.size(); ++i)
        if (m_versions[i].id == id)
            return int(i);
    return -1;
}

void PlanHistory::clear()
{
    m_versions.clear();
    m_nextId = 1;
}

QString PlanHistory::shapeOf(const Plan &plan)
{
    QString s;
    for (const PlanNode &n : plan.nodes)
        s += n.nodeType + u'/' + n.relationName + u'/' + n.indexName + u'/' + QString::number(n.parent) + u';';
    return s;
}

PlanVersion PlanHistory::versionOf(const SideResult &side, PlanVersion::Kind kind, const QDateTime &when)
{
    PlanVersion v;
    v.kind = kind;
    v.when = when.toUTC();
    v.sql = side.sql;
    for (const StatementRun &st : side.statements)
        if (st.explained && !st.plan.isEmpty()) {   // the window shows the last explained statement
            v.planJson = st.explainJson;
            v.plan = st.plan;
        }
    v.runsMs = side.runsMs;
    v.medianMs = side.medianMs ? side.medianMs : median(side.runsMs);
    v.rows = side.rows;
    return v;
}

void PlanHistory::append(PlanVersion v)
{
    if (v.id <= 0 || indexOfId(v.id) >= 0)
        v.id = m_nextId;
    m_nextId = std::max(m_nextId, v.id + 1);
    if (v.label.isEmpty()) {
        // Labels of versions read from a file are kept; new ones are named after what came before them.
        const PlanVersion *same = nullptr;
        int befores = 0, afters = 0, rewrites = 0;
        for (const PlanVersion &o : std::as_const(m_versions)) {
            const bool fresh = !o.label.endsWith(kRunAgain);
            befores += o.kind == PlanVersion::Kind::Before;
            afters += o.kind == PlanVersion::Kind::After && fresh;
            rewrites += o.kind == PlanVersion::Kind::Rewrite && fresh;
            if (o.isAfterSide() == v.isAfterSide() && o.sql == v.sql)
                same = &o;
        }
        if (v.kind == PlanVersion::Kind::Before)
            v.label = befores == 0 ? QStringLiteral("Original") : QStringLiteral("Before %1").arg(befores + 1);
        else if (same)
            v.label = baseLabel(same->label) + kRunAgain;
        else if (v.kind == PlanVersion::Kind::Rewrite)
            v.label = QStringLiteral("Rewrite %1: %2").arg(rewrites + 1).arg(v.rule)
                      + (v.form.isEmpty() || v.form == u"main" ? QString() : QStringLiteral(" (%1)").arg(v.form));
        else
            v.label = afters == 0 ? QStringLiteral("After")
                      : afters == 1 ? QStringLiteral("After (edited)")
                                    : QStringLiteral("After (edited %1)").arg(afters);
    }
    m_versions << std::move(v);
}

bool PlanHistory::addBeforeIfNew(PlanVersion v)
{
    for (qsizetype i = m_versions.size() - 1; i >= 0; --i) {
        const PlanVersion &last = m_versions[i];
        if (last.kind != PlanVersion::Kind::Before)
            continue;
        if (last.sql == v.sql && shapeOf(last.plan) == shapeOf(v.plan))
            return false;   // the same query with the same plan: its timings are in the versions already
        break;
    }
    append(std::move(v));
    return true;
}

int PlanHistory::addRun(const RunResult &run, const QDateTime &when)
{
    int added = 0;
    if (!run.before.sql.trimmed().isEmpty())
        added += addBeforeIfNew(versionOf(run.before, PlanVersion::Kind::Before, when));
    if (!run.after.sql.trimmed().isEmpty()) {
        append(versionOf(run.after, PlanVersion::Kind::After, when));
        ++added;
    }
    return added;
}

int PlanHistory::addTried(const QString &rule, const QString &form, const RunResult &run,
                          const QJsonObject &verification, const QDateTime &when)
{
    int added = 0;
    if (!run.before.sql.trimmed().isEmpty())
        added += addBeforeIfNew(versionOf(run.before, PlanVersion::Kind::Before, when));
    PlanVersion v = versionOf(run.after, PlanVersion::Kind::Rewrite, when);
    v.rule = rule;
    v.form = form;
    v.verification = verification;
    append(std::move(v));
    return added + 1;
}

QJsonArray PlanHistory::toJson() const
{
    QJsonArray a;
    for (const PlanVersion &v : m_versions)
        a.append(v.toJson());
    return a;
}

PlanHistory PlanHistory::fromJson(const QJsonArray &json)
{
    PlanHistory h;
    for (const QJsonValue &v : json)
        if (v.isObject())
            h.append(PlanVersion::fromJson(v.toObject()));
    return h;
}

PlanHistory PlanHistory::fromRun(const RunResult &run, const QString &triedRule, const QString &triedForm,
                                 const QJsonObject &verification)
{
    PlanHistory h;
    const QDateTime when = run.startedAt.isValid() ? run.startedAt.toUTC() : QDateTime();
    if (triedRule.isEmpty())
        h.addRun(run, when);
    else
        h.addTried(triedRule, triedForm, run, verification, when);
    return h;
}

} // namespace PlanLens
