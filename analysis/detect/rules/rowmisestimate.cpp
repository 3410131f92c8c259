// SPDX-License-Identifier: MIT
#include "rowmisestimate.h"

#include "detect/detectinput.h"
#include "detect/estimates.h"
#include "detect/planconditions.h"
#include "format/units.h"
#include "rewrite/statisticssuggestion.h"
#include "stalestatistics.h"

#include <QJsonArray>

namespace PlanLens {

namespace {

// Share of the scan's time a finding counts when no plan choice above consumed the estimate.
constexpr double kNoDecisionDiscount = 0.3;
constexpr double kStatisticsDiscount = 0.5;

QJsonArray propagationJson(const DetectInput &in, const QList<int> &nodes)
{
    QJsonArray a;
    for (int p : nodes)
        a.append(QJsonObject{{QStringLiteral("node"), p},
                             {QStringLiteral("type"), in.node(p).nodeType},
                             {QStringLiteral("factor"), in.node(p).estimateFactor.value_or(1)}});
    return a;
}

} // namespace

void RowMisestimateDetector::detect(const DetectInput &in, QList<Finding> &out) const
{
    for (int i = 0; i < in.nodeCount(); ++i) {
        // Correlated columns of one table (a zip code and its city): CREATE STATISTICS is the concrete fix, and the
        // suggestion's own floor also keeps a smaller scan whose error costs a fifth of the time or more.
        const std::optional<StatisticsSuggestion> stats = StatisticsSuggestions::forScan(in, i);
        const double f = stats ? in.node(i).estimateFactor.value_or(1) : Estimates::misestimate(in, i);
        if (!stats && (f == 1 || !Estimates::isOrigin(in, i, f)))
            continue;
        const PlanNode &n = in.node(i);
        // Other rules own these origins: a scan on a single plain column (stale-statistics), a function scan on
        // the default 1000 rows (srf-default-estimate), filters with a SubPlan (the subquery rules).
        if (StaleStatisticsDetector::isSingleColumnScan(n))
            continue;
        // Only estimates a DBA can improve: relation scans, joins and grouping. CTE, work-table, function,
        // VALUES and subquery scans take fixed guesses or their input's estimate (reported where it starts).
        const bool scan = DetectInput::isScan(n) || n.nodeType == u"Bitmap Index Scan";
        if (!scan && !DetectInput::isJoin(n) && n.nodeType != u"Aggregate" && n.nodeType != u"Group"
            && n.nodeType != u"SetOp" && n.nodeType != u"Unique")
            continue;
        bool subplanFilter = false;
        for (const QString &c : Conditions::scanConditions(n))
            subplanFilter = subplanFilter || Conditions::mentionsSubplan(c);
        if (subplanFilter || Conditions::mentionsSubplan(n.joinFilter))
            continue;
        const int consumer = Estimates::consumer(in, i);
        // Correlated columns of one table: worth reporting even when nothing above decided on the estimate,
        // because every query filtering on them inherits it (and CREATE STATISTICS fixes it).
        const QString cond = Conditions::scanConditions(n).join(QStringLiteral(" AND "));
        bool plainColumns = scan && !Conditions::referencesOtherRelation(cond, n);
        for (const Conditions::ColumnUse &u : Conditions::columnUses(cond))
            plainColumns = plainColumns && u.castTo.isEmpty() && u.function.isEmpty() && !Conditions::isPatternOperator(u.opAfter);
        const bool correlated = stats || (plainColumns && Conditions::ownColumns(cond, n).size() >= 2);
        if (consumer < 0 && !correlated)
            continue;   // the estimate fed no decision: nothing was planned on the wrong number
        const QList<int> prop = Estimates::propagation(in, i, f);
        // Without a decision above, the error cost nothing here: discounted, less so when CREATE STATISTICS is the
        // one-line fix every other query on these columns profits from.
        const double impact = consumer >= 0 ? in.inclusiveShare(consumer)
                                            : (stats ? kStatisticsDiscount : kNoDecisionDiscount) * in.inclusiveShare(i);
        Finding fd = makeFinding(in, i, impact * Estimates::magnitude(f));
        fd.nodeIds << prop;
        if (consumer >= 0 && !fd.nodeIds.contains(consumer))
            fd.nodeIds << consumer;
        const double loops = in.loops(i);
        const QString under = f > 1 ? QStringLiteral("under-estimated") : QStringLiteral("over-estimated");
        QString reason;
        if (DetectInput::isScan(n) || n.nodeType == u"Bitmap Index Scan") {
            const bool parameterised = Conditions::referencesOtherRelation(
                Conditions::scanConditions(n).join(QStringLiteral(" AND ")), n);
            reason = parameterised
                ? QStringLiteral("The condition depends on the outer row, and PostgreSQL estimates it from the "
                                 "column's average, not from the values the outer side really brings.")
                : QStringLiteral("The planner multiplies the selectivities of %1 as if they were independent, or "
                                 "guesses for an expression it has no statistics on.")
                      .arg(Conditions::ownColumns(Conditions::scanConditions(n).join(QStringLiteral(" AND ")), n)
                               .join(QStringLiteral(", ")));
        } else if (DetectInput::isJoin(n)) {
            reason = QStringLiteral("The join's selectivity is estimated from each side's statistics separately.");
        } else {
            reason = QStringLiteral("The number of groups or rows this node produces is estimated from statistics "
                                    "that do not describe these rows.");
        }
        QString propText;
        if (!prop.isEmpty())
            propText = QStringLiteral(" The error carries up to %1 node(s) above it (up to %2, %3).")
                           .arg(prop.size())
                           .arg(in.node(prop.last()).nodeType, Units::factor(in.node(prop.last()).estimateFactor.value_or(1)));
        const QString decided = consumer >= 0
            ? QStringLiteral(" %1 was chosen on that estimate (%2 of the query).")
                  .arg(in.node(consumer).nodeType, Units::percent(in.inclusiveShare(consumer)))
            : QStringLiteral(" No plan choice above depended on it here, but every query filtering on these columns "
                             "inherits the error.");
        fd.message = QStringLiteral("%1 is %2 %3: planned %4 rows, got %5.%6%7")
                         .arg(n.displayName(), under, Units::factor(f), Units::count(n.planRows.value_or(0) * loops),
                              Units::count(in.totalRows(i)), propText, decided)
            + u' ' + reason;
        fd.advice = QStringLiteral(
            "Give the planner better numbers: for correlated columns of one table, CREATE STATISTICS (dependencies, "
            "ndistinct, mcv) on them and ANALYZE; for an expression, CREATE STATISTICS on the expression (PostgreSQL "
            "14+) or an expression index; raise the columns' statistics target (ALTER TABLE … ALTER COLUMN … SET "
            "STATISTICS 1000) for skewed data. Then check whether %1 changes.")
                        .arg(consumer >= 0 ? in.node(consumer).nodeType : QStringLiteral("the plan"));
        if (stats) {
            // The concrete SQL, names from the plan (Relation Name, not the alias; the columns as the condition
            // prints them). The create-statistics rewrite writes the same statements and, connected, verifies them.
            fd.advice = QStringLiteral("%1; %2; — extended statistics let the planner see that %3 depend on each "
                                       "other (dependencies for = and IN, mcv for the common value combinations). "
                                       "Then check the estimate of %4 and whether %5 changes.")
                            .arg(stats->ddl(), stats->analyzeSql(), stats->columns.join(QStringLiteral(", ")),
                                 n.displayName(),
                                 consumer >= 0 ? in.node(consumer).nodeType : QStringLiteral("the plan"));
            fd.rewriteId = in.rewriteIfProposed(QStringLiteral("create-statistics"));
            fd.evidence.insert(QStringLiteral("relation"), stats->relation);
            fd.evidence.insert(QStringLiteral("columns"), QJsonArray::fromStringList(stats->columns));
            fd.evidence.insert(QStringLiteral("statistics"), stats->ddl());
        }
        fd.evidence.insert(QStringLiteral("plan_rows"), n.planRows.value_or(0) * loops);
        fd.evidence.insert(QStringLiteral("actual_rows"), in.totalRows(i));
        fd.evidence.insert(QStringLiteral("loops"), loops);
        fd.evidence.insert(QStringLiteral("factor"), f);
        fd.evidence.insert(QStringLiteral("propagates_to"), propagationJson(in, prop));
        fd.evidence.insert(QStringLiteral("decided_node"), consumer);
        fd.evidence.insert(QStringLiteral("decided_share"), consumer >= 0 ? in.inclusiveShare(consumer) : 0.0);
        out << fd;
    }
}

} // namespace PlanLens
