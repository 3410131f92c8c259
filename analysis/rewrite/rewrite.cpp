// SPDX-License-Identifier: MIT
#include "rewrite.h"

#include "rewriteproposals.h"
#include "rewriterule.h"

#include <QJsonArray>

#include <algorithm>

namespace PlanLens {

namespace {

QStringList replaceStatements(const SqlScript &before, const QList<int> &replaces, const QStringList &statements)
{
    QStringList out;
    const int first = replaces.isEmpty() ? -1 : *std::min_element(replaces.cbegin(), replaces.cend());
    if (replaces.isEmpty()) out << statements; // an addition (CREATE INDEX): it comes first
    for (int i = 0; i < before.statements.size(); ++i) {
        if (i == first) out << statements;
        if (!replaces.contains(i)) out << before.statements.at(i).text;
    }
    return out;
}

QJsonValue optionalBool(const std::optional<bool> &b)
{
    return b ? QJsonValue(*b) : QJsonValue(QJsonValue::Null);
}

QJsonObject mappingToJson(const ResultMapping &m)
{
    QJsonObject o { { QStringLiteral("kind"), m.kind }, { QStringLiteral("description"), m.description } };
    if (m.kind == u"preload-join") {
        o.insert(QStringLiteral("after_key_column"), m.afterKeyColumnName);
        o.insert(QStringLiteral("preload_key_column"), m.preloadKeyColumn);
        o.insert(QStringLiteral("preload_value_column"), m.preloadValueColumn);
        o.insert(QStringLiteral("before_page_statement"), m.beforePageStatement);
        o.insert(QStringLiteral("before_preload_statement"), m.beforePreloadStatement);
    }
    return o;
}

} // namespace

QStringList Rewrite::afterScript(const SqlScript &before) const
{
    return replaceStatements(before, replaces, statements);
}

QStringList Rewrite::afterScript(const SqlScript &before, const RewriteVariant &variant) const
{
    return replaceStatements(before, replaces, variant.statements);
}

QString Rewrite::afterScriptText(const SqlScript &before, int variant) const
{
    const QStringList script = variant >= 0 && variant < variants.size() ? afterScript(before, variants.at(variant))
                                                                         : afterScript(before);
    return script.join(QStringLiteral(";\n\n")) + u';';
}

QString CatalogCheck::dataSentence() const
{
    if (holds != std::optional<bool>(false) || dataSql.isEmpty()) return {};
    QString subject = dataInvariant.isEmpty() ? QStringLiteral("the precondition") : dataInvariant;
    if (holdsInData == std::optional<bool>(true)) {
        subject[0] = subject.at(0).toUpper();
        return QStringLiteral("%1 holds in the data, not enforced: a later duplicate would change the result.%2")
            .arg(subject,
                enforceSql.isEmpty() ? QString() : QStringLiteral(" The constraint that makes it safe: ") + enforceSql);
    }
    if (holdsInData == std::optional<bool>(false))
        return QStringLiteral("The data has duplicates: %1 does not hold today%2.")
            .arg(subject, dataExample.isEmpty() ? QString() : QStringLiteral("; ") + dataExample);
    if (dataExample.isEmpty()) return {};
    return QStringLiteral("Whether %1 holds in the data is not known: %2").arg(subject, dataExample);
}

bool Rewrite::preconditionFailed() const
{
    return std::any_of(checks.cbegin(), checks.cend(), [](const CatalogCheck &c) { return c.failed(); });
}

QString Rewrite::recommendedForm() const
{
    return preconditionFailed() ? fallbackVariant : QStringLiteral("main");
}

QList<Rewrite> proposeRewrites(const SqlScript &script, const Plan *planOrNull, const CatalogFacts *catalogFactsOrNull)
{
    return RewriteProposals(script, planOrNull, catalogFactsOrNull).all();
}

bool rewriteProposed(const QString &ruleId, const SqlScript &script, int statement, const Plan *planOrNull,
    const CatalogFacts *catalogFactsOrNull)
{
    return RewriteProposals(script, planOrNull, catalogFactsOrNull).proposes(ruleId, statement);
}

QStringList rewriteRuleIds()
{
    QStringList ids;
    for (const auto &rule : rewriteRules())
        ids << rule->id();
    return ids;
}

QJsonObject rewriteToJson(const Rewrite &r)
{
    QJsonArray checks;
    for (const CatalogCheck &c : r.checks)
        checks.append(QJsonObject { { QStringLiteral("id"), c.id }, { QStringLiteral("precondition"), c.precondition },
            { QStringLiteral("sql"), c.sql }, { QStringLiteral("required"), c.required },
            { QStringLiteral("when_false"), c.whenFalse }, { QStringLiteral("holds"), optionalBool(c.holds) },
            { QStringLiteral("data_sql"), c.dataSql.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(c.dataSql) },
            { QStringLiteral("holds_in_data"), optionalBool(c.holdsInData) },
            { QStringLiteral("data_note"),
                c.dataSentence().isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(c.dataSentence()) },
            { QStringLiteral("enforce_sql"),
                c.enforceSql.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(c.enforceSql) } });
    QJsonArray variants;
    for (const RewriteVariant &v : r.variants)
        variants.append(QJsonObject { { QStringLiteral("id"), v.id }, { QStringLiteral("title"), v.title },
            { QStringLiteral("when"), v.when },
            { QStringLiteral("condition"),
                v.condition.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(v.condition) },
            { QStringLiteral("statements"), QJsonArray::fromStringList(v.statements) },
            { QStringLiteral("result_mapping"), mappingToJson(v.mapping) },
            { QStringLiteral("explanation"), v.explanation },
            { QStringLiteral("verified"), QJsonValue(QJsonValue::Null) } });
    QJsonArray replaces;
    for (int i : r.replaces)
        replaces.append(i);
    QJsonArray arrayParams;
    for (const Rewrite::ArrayParam &p : r.arrayParams)
        arrayParams.append(QJsonObject { { QStringLiteral("name"), p.name },
            { QStringLiteral("from_statement"), p.fromStatement }, { QStringLiteral("column"), p.column } });
    QJsonObject paramValues;
    for (const auto &[name, value] : r.paramValues)
        paramValues.insert(name, value);
    // A precondition that holds only in the data: the advice says so, with the constraint that would prove it.
    QString explanation = r.explanation;
    for (const CatalogCheck &c : r.checks)
        if (c.holdsOnlyInData()) explanation += u' ' + c.dataSentence();
    QJsonValue hypothetical(QJsonValue::Null);
    if (r.hypothetical)
        hypothetical = QJsonObject { { QStringLiteral("index"), r.hypothetical->indexName },
            { QStringLiteral("uses_index"), r.hypothetical->usesIndex },
            { QStringLiteral("cost_without"), r.hypothetical->costWithout },
            { QStringLiteral("cost_with"), r.hypothetical->costWith },
            { QStringLiteral("root_with"), r.hypothetical->rootWith } };
    return QJsonObject { { QStringLiteral("rule"), r.rule }, { QStringLiteral("title"), r.title },
        { QStringLiteral("hypothetical"), hypothetical },
        { QStringLiteral("replaces"), replaces },
        { QStringLiteral("statements"), QJsonArray::fromStringList(r.statements) },
        { QStringLiteral("preconditions"), QJsonArray::fromStringList(r.preconditions) },
        { QStringLiteral("checks"), checks }, { QStringLiteral("precondition_failed"), r.preconditionFailed() },
        { QStringLiteral("recommended"),
            r.recommendedForm().isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(r.recommendedForm()) },
        { QStringLiteral("result_mapping"), mappingToJson(r.mapping) },
        { QStringLiteral("explanation"), explanation }, { QStringLiteral("array_params"), arrayParams },
        { QStringLiteral("param_values"), paramValues }, { QStringLiteral("variants"), variants },
        { QStringLiteral("verified"), QJsonValue(QJsonValue::Null) } };
}

} // namespace PlanLens
