// SPDX-License-Identifier: MIT
#include "reportdata.h"

#include "format/units.h"
#include "plan/planparser.h"
#include "plannodeformat.h"
#include "rewrite/rewrite.h"
#include "rewrite/rewriteverifier.h"
#include "workbench/advicejobs.h"
#include "workbench/verdict.h"

#include <QCoreApplication>
#include <QRegularExpression>

namespace PlanLens {

namespace {

constexpr int kTitleChars = 72; // of the Before script's first line in the report's title

QString tr(const char* text)
{
    return QCoreApplication::translate("Report", text);
}

std::optional<double> number(const QJsonValue& v)
{
    return v.isDouble() ? std::optional<double>(v.toDouble()) : std::nullopt;
}

QString titleFor(const Session& s)
{
    static const QRegularExpression space(QStringLiteral("\\s+"));
    static const QRegularExpression lineComment(QStringLiteral("--[^\\n]*"));
    QString sql = s.beforeSql;
    sql.remove(lineComment);
    sql = sql.replace(space, QStringLiteral(" ")).trimmed();
    if (sql.isEmpty()) return tr("Incident report");
    if (sql.size() > kTitleChars) sql = sql.left(kTitleChars - 1).trimmed() + QStringLiteral("…");
    return tr("Incident report: %1").arg(sql);
}

// A side after a run, as MainWindow::showRunResult shows it: every explained statement, the last one on screen.
void fillFromRun(ReportSide& side, const SideResult& result, const QString& prefix)
{
    side.sql = result.sql.isEmpty() ? side.sql : result.sql;
    for (const StatementRun& st : result.statements) {
        if (!st.explained || st.plan.isEmpty()) {
            if (st.explained && !st.planError.isEmpty()) side.planError = st.planError;
            continue;
        }
        side.plans << st.plan;
        side.plan = st.plan;
        side.statement = st.index;
    }
    side.header = sideHeader(prefix, result);
}

void fillFromPlanText(ReportSide& side, const QString& text)
{
    if (text.trimmed().isEmpty()) return;
    Result<Plan> parsed = parsePlan(text);
    if (auto* plan = std::get_if<Plan>(&parsed))
        side.plan = std::move(*plan);
    else
        side.planError = std::get<ParseError>(parsed).toString();
}

ReportDiffPart diffPart(const PlanDiff& d, const QString& heading)
{
    ReportDiffPart part;
    part.heading = heading;
    part.summary << d.headline.title();
    part.summary += d.headline.details();
    part.summary << tr("Nodes: %1 matched, %2 removed, %3 added")
                        .arg(d.matched.size())
                        .arg(d.removed.size())
                        .arg(d.added.size());
    part.changes = d.changes;
    return part;
}

QString describeStatement(const Plan& p)
{
    QString s = p.isEmpty() ? tr("empty plan") : describeNode(p, 0);
    if (p.executionMs) s += QStringLiteral(", ") + Units::duration(*p.executionMs);
    return s;
}

void fillDiff(ReportData& d)
{
    const ReportSide& b = d.sides[0];
    const ReportSide& a = d.sides[1];
    if (b.plan.isEmpty() || a.plan.isEmpty()) return;
    // The window compares whole scripts when it knows them (AdviceController::updateCompare), else the two plans.
    if (b.plans.isEmpty() || a.plans.isEmpty() || b.sql.isEmpty() || a.sql.isEmpty()) {
        d.diff << diffPart(comparePlans(b.plan, a.plan), QString());
        return;
    }
    const ScriptDiff sd = compareScripts(b.plans, a.plans);
    const bool several = b.plans.size() > 1 || a.plans.size() > 1;
    if (several) {
        auto f = [](const std::optional<double>& v) { return v ? Units::duration(*v) : QStringLiteral("–"); };
        d.diffIntro << tr("Whole script: %1 explained statement(s) before, %2 after: %3 → %4%5")
                           .arg(b.plans.size())
                           .arg(a.plans.size())
                           .arg(f(sd.beforeTotalMs), f(sd.afterTotalMs),
                               sd.speedup ? QStringLiteral(" (%1)").arg(Units::speedup(*sd.speedup)) : QString());
    }
    for (qsizetype i = 0; i < sd.statements.size(); ++i) {
        const StatementDiff& st = sd.statements[i];
        QString heading;
        if (several)
            heading = tr("Statement %1 → statement %2").arg(st.beforeIndex + 1).arg(st.afterIndex + 1)
                + (i == 0 ? tr(" (main: the most expensive of each side)") : QString());
        d.diff << diffPart(st.diff, heading);
    }
    for (int i : sd.onlyBefore)
        d.diffUnpaired << tr("Only before: statement %1 (%2)").arg(i + 1).arg(describeStatement(b.plans.value(i)));
    for (int i : sd.onlyAfter)
        d.diffUnpaired << tr("Only after: statement %1 (%2)").arg(i + 1).arg(describeStatement(a.plans.value(i)));
}

RewriteVerification verificationFromJson(const QJsonObject& o)
{
    RewriteVerification v;
    v.form = o.value(QStringLiteral("form")).toString();
    if (o.value(QStringLiteral("rows_equal")).isBool()) v.rowsEqual = o.value(QStringLiteral("rows_equal")).toBool();
    v.speedup = number(o.value(QStringLiteral("speedup")));
    v.beforeMedianMs = number(o.value(QStringLiteral("before_median_ms")));
    v.afterMedianMs = number(o.value(QStringLiteral("after_median_ms")));
    v.firstDifference = o.value(QStringLiteral("first_difference")).toString();
    v.note = o.value(QStringLiteral("note")).toString();
    v.error = o.value(QStringLiteral("error")).toString();
    v.errorSqlState = o.value(QStringLiteral("sqlstate")).toString();
    return v;
}

} // namespace

void addComputedAdvice(Session* session)
{
    const ReportData d = buildReportData(*session, QString());
    session->setFindings(d.sides[0].findings, d.sides[1].findings);
    session->rewrites = d.rewrites;
}

QString reportPlainText(const QString& html)
{
    // Our verdict lines hold only inline tags and the entities toHtmlEscaped() writes. No QTextDocument: it needs
    // a QGuiApplication, and `planlens run --session` has none.
    static const QRegularExpression tag(QStringLiteral("<[^>]*>"));
    QString text = html;
    text.remove(tag);
    text.replace(QStringLiteral("&lt;"), QStringLiteral("<"))
        .replace(QStringLiteral("&gt;"), QStringLiteral(">"))
        .replace(QStringLiteral("&quot;"), QStringLiteral("\""))
        .replace(QStringLiteral("&#39;"), QStringLiteral("'"))
        .replace(QStringLiteral("&nbsp;"), QStringLiteral(" "))
        .replace(QStringLiteral("&amp;"), QStringLiteral("&"));
    return text;
}

ReportData buildReportData(const Session& session, const QString& source)
{
    ReportData d;
    d.title = titleFor(session);
    d.source = source;
    d.generatedAt = QDateTime::currentDateTimeUtc();
    d.conninfo = session.conninfo;
    d.sides[0].name = tr("Before");
    d.sides[1].name = tr("After");
    d.sides[0].sql = session.beforeSql;
    d.sides[1].sql = session.afterSql;
    d.run = session.run;
    if (d.run) {
        const RunResult& r = *d.run;
        const QString prefix = explainPrefix(r.mode, r.explain);
        fillFromRun(d.sides[0], r.before, prefix);
        fillFromRun(d.sides[1], r.after, prefix);
        const Verdict v = runVerdict(r);
        d.verdictHtml = v.html;
        d.verdictText = reportPlainText(v.html);
        d.runSettings = tr("%1; %2 warm-up round(s), %3 measured round(s), Before and After interleaved%4")
                            .arg(prefix)
                            .arg(r.warmup)
                            .arg(r.roundsDone)
                            .arg(r.explain.genericPlan ? tr("; generic plans") : QString());
    }
    // A session without a run (format 1, or plans opened from files): its plans, without SQL, as the window
    // shows plans it did not run itself.
    const QString* planTexts[2] = { &session.beforePlan, &session.afterPlan };
    for (int s = 0; s < 2; ++s) {
        ReportSide& side = d.sides[s];
        if (side.plan.isEmpty()) fillFromPlanText(side, *planTexts[s]);
        if (side.plan.isEmpty()) continue;
        side.planSummary = NodeFormat::planSummary(side.plan);
        const bool ran = !side.plans.isEmpty();
        side.findings = computeSideAdvice(side.plan, ran ? side.sql : QString(), side.statement).findings;
    }
    fillDiff(d);

    d.rewrites = session.rewrites;
    if (d.rewrites.isEmpty() && !session.beforeSql.trimmed().isEmpty()) {
        // The plan the window passes is the Before side's most expensive statement (PlanSidePage::mainPlan).
        std::optional<Plan> main;
        const ReportSide& b = d.sides[0];
        const int m = mainStatementIndex(b.plans);
        if (m >= 0)
            main = b.plans.at(m);
        else if (!b.plan.isEmpty())
            main = b.plan;
        for (const Rewrite& r : computeRewriteAdvice(session.beforeSql, main).rewrites)
            d.rewrites.append(rewriteToJson(r));
    }
    d.tried = session.tried;
    if (d.tried) {
        const Verdict v = tryVerdict(d.tried->rule, verificationFromJson(d.tried->verification));
        d.triedVerdictHtml = v.html;
        d.triedVerdictText = reportPlainText(v.html);
    }
    return d;
}

} // namespace PlanLens
