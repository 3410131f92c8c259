// SPDX-License-Identifier: MIT
#pragma once

#include "anonymizer.h"

#include <QString>
#include <QStringView>

// The format-aware halves of Anonymizer::anonymizePlan(): each rewrites the plan text in place, field by field,
// so everything that is not a name or a literal (layout, key order, every measurement) stays byte for byte.
namespace PlanLens {

// What a plan field holds, by its EXPLAIN key ("Relation Name", "Filter", ...; XML's "Relation-Name" with the
// hyphens turned back into blanks).
enum class FieldRole { None, Name, NameList, Expression, QueryText, Literal };
struct FieldInfo {
    FieldRole role = FieldRole::None;
    Anonymizer::Kind kind = Anonymizer::Kind::Column;
};
FieldInfo planFieldRole(QStringView key);

// The value of one field, anonymized by its role (unchanged for FieldRole::None).
QString anonymizeField(const FieldInfo &field, const QString &value, Anonymizer &a);

QString anonymizeTextPlan(const QString &text, Anonymizer &a);
QString anonymizeJsonPlan(const QString &text, Anonymizer &a);
QString anonymizeYamlPlan(const QString &text, Anonymizer &a);
QString anonymizeXmlPlan(const QString &text, Anonymizer &a);

} // namespace PlanLens
