// SPDX-License-Identifier: MIT
#include "triggerdominating.h"

#include "detect/detectinput.h"
#include "format/units.h"

#include <QJsonArray>

namespace PlanLens {

void TriggerDominatingDetector::detect(const DetectInput &in, QList<Finding> &out) const
{
    const Plan &p = in.plan();
    const double exec = p.executionMs.value_or(in.totalMs());
    if (p.triggers.isEmpty() || exec <= 0)
        return;
    double total = 0;
    const Trigger *top = nullptr;
    QJsonArray list;
    for (const Trigger &t : p.triggers) {
        total += t.timeMs.value_or(0);
        if (!top || t.timeMs.value_or(0) > top->timeMs.value_or(0))
            top = &t;
        list.append(QJsonObject{{QStringLiteral("name"), t.name}, {QStringLiteral("relation"), t.relation},
                                {QStringLiteral("time_ms"), t.timeMs.value_or(0)}, {QStringLiteral("calls"), t.calls.value_or(0)}});
    }
    // Trigger time is part of the execution time (it runs inside the statement).
    const double share = total / exec;
    if (total < 1 || share < 0.2)
        return;
    Finding f = makeFinding(in, p.nodes.isEmpty() ? -1 : 0, share);
    const bool foreignKey = top->name.startsWith(QStringLiteral("RI_ConstraintTrigger"));
    const double calls = top->calls.value_or(0);
    f.message = QStringLiteral("Triggers take %1 of the %2 execution (%3); %4 alone runs %5 time(s) for %6%7.")
                    .arg(Units::duration(total), Units::duration(exec), Units::percent(share), top->name, Units::count(calls),
                         Units::duration(top->timeMs.value_or(0)),
                         calls > 0 ? QStringLiteral(", %1 per call").arg(Units::duration(top->timeMs.value_or(0) / calls)) : QString());
    f.advice = foreignKey
        ? QStringLiteral("%1 is a foreign-key check: each changed row of the referenced table looks up the referencing "
                         "rows. Index the referencing column(s) of the foreign key so each check is an index lookup.")
              .arg(top->name)
        : QStringLiteral("The trigger function runs once per affected row: look at the queries it runs (with "
                         "auto_explain.log_nested_statements) and index what they search, or turn it into a statement-"
                         "level trigger with transition tables (REFERENCING NEW TABLE AS …) that works on all rows at once.");
    f.evidence.insert(QStringLiteral("triggers"), list);
    f.evidence.insert(QStringLiteral("trigger_ms"), total);
    f.evidence.insert(QStringLiteral("execution_ms"), exec);
    f.evidence.insert(QStringLiteral("time_share"), share);
    out << f;
}

} // namespace PlanLens
