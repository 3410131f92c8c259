// SPDX-License-Identifier: MIT
#include "rolledbackindexprobe.h"

#include "rewriteverifier.h"
#include "format/units.h"
#include "plan/planparser.h"

#include <QElapsedTimer>
#include <QJsonValue>
#include <QRegularExpression>

#include <algorithm>
#include <memory>

namespace PlanLens {

namespace {

QJsonValue optionalNumber(const std::optional<double> &v)
{
    return v ? QJsonValue(*v) : QJsonValue(QJsonValue::Null);
}

std::optional<Plan> planOf(const PgResult &res)
{
    if (!res.ok || res.values.isEmpty() || res.values.first().isEmpty() || !res.values.first().first())
        return std::nullopt;
    Result<Plan> p = parsePlan(*res.values.first().first());
    if (auto *plan = std::get_if<Plan>(&p); plan && !plan->isEmpty()) return std::move(*plan);
    return std::nullopt;
}

// The plan's access paths in plan order, as the verifier's before_plans print them.
QString accessPaths(const Plan &plan)
{
    QStringList nodes;
    for (const PlanNode &n : plan.nodes)
        if (n.nodeType.contains(QStringLiteral("Scan")) || n.nodeType.startsWith(QStringLiteral("Bitmap")))
            nodes << n.displayName();
    return nodes.join(QStringLiteral(" | "));
}

double median(QList<double> v)
{
    std::sort(v.begin(), v.end());
    return v.isEmpty() ? 0 : v.at(v.size() / 2);
}

// The state of one probe, shared by its callbacks.
struct Probe {
    RolledBackIndexProbe::Context context;
    RolledBackIndexProbe::Request request;
    RewriteVerification result;
    std::function<void(const RewriteVerification &)> done;
    PgQuery explain;
    bool analyze = false;
    QStringList setup; // the rewrite's statements that are not the index (CREATE EXTENSION IF NOT EXISTS …)
    QString ddl;
    IndexProbeEffect effect;
    QList<double> before, after;
    std::optional<Plan> planBefore;
};
using ProbePtr = std::shared_ptr<Probe>;

void finish(const ProbePtr &p, const PgResult *failed)
{
    if (failed) {
        p->result.error = failed->error;
        p->result.errorSqlState = failed->sqlState;
    }
    PgQuery q;
    q.sql = QStringLiteral("ROLLBACK");
    *p->context.inTransaction = false;
    p->context.exec(q, [p](const PgResult &res) {
        RewriteVerification v = p->result;
        if (v.indexProbe) v.indexProbe->rolledBack = res.ok;
        if (!res.ok && v.error.isEmpty()) v.error = QStringLiteral("ROLLBACK failed: ") + res.error;
        p->done(v);
    });
}

// Runs the statement `left` more times, keeping each Execution Time in `times` (the first plan in *plan).
void explainRuns(const ProbePtr &p, int left, QList<double> *times, std::optional<Plan> *plan, std::function<void()> then)
{
    if (left == 0) return then();
    p->context.exec(p->explain, [=](const PgResult &res) {
        std::optional<Plan> pl = planOf(res);
        if (!pl) return finish(p, &res);
        if (p->analyze && pl->executionMs && times) times->append(*pl->executionMs);
        if (plan && !*plan) *plan = std::move(pl);
        explainRuns(p, left - 1, times, plan, then);
    });
}

void afterIndex(const ProbePtr &p)
{
    auto planAfter = std::make_shared<std::optional<Plan>>();
    explainRuns(p, p->analyze ? RolledBackIndexProbe::kRuns : 1, &p->after, planAfter.get(), [p, planAfter] {
        const Plan &before = *p->planBefore;
        const Plan &after = **planAfter;
        IndexProbeEffect &e = p->effect;
        e.planBefore = accessPaths(before);
        e.planAfter = accessPaths(after);
        e.costBefore = before.root().totalCost.value_or(0);
        e.costAfter = after.root().totalCost.value_or(0);
        e.usesIndex = std::any_of(after.nodes.cbegin(), after.nodes.cend(), [](const PlanNode &n) {
            return n.indexName == QLatin1String(RolledBackIndexProbe::kIndexName);
        });
        if (p->analyze && !p->before.isEmpty() && !p->after.isEmpty()) {
            e.beforeMs = median(p->before);
            e.afterMs = median(p->after);
            p->result.beforeMedianMs = e.beforeMs;
            p->result.afterMedianMs = e.afterMs;
            if (*e.afterMs > 0) p->result.speedup = *e.beforeMs / *e.afterMs;
        }
        p->result.indexProbe = e;
        p->result.note = e.sentence();
        finish(p, nullptr);
    });
}

void buildIndex(const ProbePtr &p)
{
    PgQuery create;
    create.sql = p->ddl;
    auto timer = std::make_shared<QElapsedTimer>();
    timer->start();
    p->context.exec(create, [p, timer](const PgResult &res) {
        if (!res.ok) return finish(p, &res);
        p->effect.buildMs = double(timer->nsecsElapsed()) / 1e6;
        afterIndex(p);
    });
}

void runSetup(const ProbePtr &p, int i)
{
    if (i >= p->setup.size()) {
        // One warm-up run (caches), then the runs that count, then the index.
        return explainRuns(p, 1, nullptr, &p->planBefore, [p] {
            explainRuns(p, p->analyze ? RolledBackIndexProbe::kRuns : 0, &p->before, nullptr, [p] { buildIndex(p); });
        });
    }
    PgQuery q;
    q.sql = p->setup.at(i);
    p->context.exec(q, [p, i](const PgResult &res) {
        if (!res.ok) return finish(p, &res);
        runSetup(p, i + 1);
    });
}

} // namespace

QJsonObject IndexProbeEffect::toJson() const
{
    QJsonObject o { { QStringLiteral("index"), indexDdl }, { QStringLiteral("uses_index"), usesIndex },
        { QStringLiteral("before_ms"), optionalNumber(beforeMs) }, { QStringLiteral("after_ms"), optionalNumber(afterMs) },
        { QStringLiteral("cost_before"), costBefore }, { QStringLiteral("cost_after"), costAfter },
        { QStringLiteral("plan_before"), planBefore }, { QStringLiteral("plan_after"), planAfter },
        { QStringLiteral("build_ms"), buildMs }, { QStringLiteral("rolled_back"), rolledBack } };
    return o;
}

QString IndexProbeEffect::sentence() const
{
    const QString times = beforeMs && afterMs
        ? QStringLiteral("%1 → %2 (%3, medians of %4 EXPLAIN ANALYZE runs)")
              .arg(Units::duration(*beforeMs), Units::duration(*afterMs), Units::speedup(*afterMs > 0 ? *beforeMs / *afterMs : 0))
              .arg(RolledBackIndexProbe::kRuns)
        : QStringLiteral("cost %1 → %2 (planned only)").arg(costBefore, 0, 'f', 0).arg(costAfter, 0, 'f', 0);
    return QStringLiteral("Built for real inside a transaction that was rolled back (HypoPG cannot plan this index; "
                          "the build took %1): %2. Plan without: %3; with: %4.%5")
        .arg(Units::duration(buildMs), times, planBefore, planAfter,
            usesIndex ? QString() : QStringLiteral(" The planner did not use the index for this statement."));
}

QString RolledBackIndexProbe::probeDdl(const QString &createIndex)
{
    static const QRegularExpression head(QStringLiteral("^\\s*CREATE\\s+INDEX\\s+(CONCURRENTLY\\s+)?(IF\\s+NOT\\s+EXISTS\\s+)?"
                                                        "(\\S+\\s+)?ON\\s+"),
        QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch m = head.match(createIndex);
    if (!m.hasMatch()) return {};
    return QStringLiteral("CREATE INDEX %1 ON ").arg(QLatin1String(kIndexName)) + createIndex.mid(m.capturedEnd());
}

void RolledBackIndexProbe::run(const Context &context, const Request &request, const RewriteVerification &base,
    std::function<void(const RewriteVerification &)> done)
{
    auto p = std::make_shared<Probe>();
    p->context = context;
    p->request = request;
    p->result = base;
    p->done = std::move(done);
    const Rewrite &rw = *request.rewrite;
    for (const QString &s : rw.statements) {
        const QString ddl = probeDdl(s);
        if (ddl.isEmpty())
            p->setup << s;
        else
            p->ddl = ddl;
    }
    if (rw.preconditionFailed()) {
        QStringList why;
        for (const CatalogCheck &c : rw.checks)
            if (c.failed()) why << c.whenFalse;
        p->result.note = QStringLiteral("Not built: a required precondition does not hold. ") + why.join(u' ');
        return p->done(p->result);
    }
    if (p->ddl.isEmpty() || !request.statement) {
        p->result.note = QStringLiteral("Not verified: no CREATE INDEX statement, no statement to run, or the "
                                        "statement needs parameter values (--param N=VALUE).");
        return p->done(p->result);
    }
    const SqlStatement &st = *request.statement;
    p->analyze = st.kind == StatementKind::Select && !st.writes;
    p->explain.sql = (p->analyze ? QStringLiteral("EXPLAIN (ANALYZE, FORMAT JSON) ") : QStringLiteral("EXPLAIN (FORMAT JSON) "))
        + st.executableText;
    p->explain.params = request.params;
    p->explain.keepRows = true;
    p->effect.indexDdl = p->ddl;
    PgQuery begin;
    begin.sql = QStringLiteral("BEGIN; SET LOCAL statement_timeout = %1").arg(request.timeoutMs);
    *context.inTransaction = true; // from the moment BEGIN is sent: a stop() before its answer still rolls back
    context.exec(begin, [p](const PgResult &begun) {
        if (!begun.ok) return finish(p, &begun);
        runSetup(p, 0);
    });
}

} // namespace PlanLens
