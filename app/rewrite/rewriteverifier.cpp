// SPDX-License-Identifier: MIT
#include "rewriteverifier.h"

#include "invariantcheck.h"
#include "db/explainrunner.h"
#include "plan/planparser.h"

#include <QJsonArray>
#include <QJsonValue>

#include <algorithm>

namespace PlanLens {

namespace {

QJsonValue optionalNumber(const std::optional<double> &v)
{
    return v ? QJsonValue(*v) : QJsonValue(QJsonValue::Null);
}

QString cell(const std::optional<QString> &v)
{
    if (!v) return QStringLiteral("NULL");
    return v->size() > 60 ? v->left(57) + QStringLiteral("...") : *v;
}

QString rowText(const PgRow &row)
{
    QStringList out;
    for (const auto &v : row)
        out << cell(v);
    return u'(' + out.join(QStringLiteral(", ")) + u')';
}

// A total order on rows for the order-insensitive comparison (NULL sorts apart from any text).
QString rowKey(const PgRow &row)
{
    QString k;
    for (const auto &v : row) {
        k += v ? u'v' + *v : QStringLiteral("n");
        k += QChar(0x1f);
    }
    return k;
}

// Compares two row lists; returns an empty string when equal, else the first difference in a sentence.
QString differ(const QString &what, QList<PgRow> before, QList<PgRow> after, bool ordered)
{
    if (!ordered) {
        auto byKey = [](const PgRow &a, const PgRow &b) { return rowKey(a) < rowKey(b); };
        std::sort(before.begin(), before.end(), byKey);
        std::sort(after.begin(), after.end(), byKey);
    }
    const qsizetype n = std::min(before.size(), after.size());
    for (qsizetype i = 0; i < n; ++i) {
        if (before.at(i) == after.at(i)) continue;
        if (ordered)
            return QStringLiteral("%1, row %2: Before %3, After %4")
                .arg(what)
                .arg(i + 1)
                .arg(rowText(before.at(i)), rowText(after.at(i)));
        // Sorted lists: the smaller of the two rows is missing on the other side.
        const bool beforeOnly = rowKey(before.at(i)) < rowKey(after.at(i));
        return QStringLiteral("%1: a row only the %2 returns: %3")
            .arg(what, beforeOnly ? QStringLiteral("Before") : QStringLiteral("After"),
                rowText(beforeOnly ? before.at(i) : after.at(i)));
    }
    if (before.size() != after.size()) {
        const bool beforeLonger = before.size() > after.size();
        return QStringLiteral("%1: the Before returns %2 rows, the After %3; first extra row of the %4: %5")
            .arg(what)
            .arg(before.size())
            .arg(after.size())
            .arg(beforeLonger ? QStringLiteral("Before") : QStringLiteral("After"),
                rowText(beforeLonger ? before.at(n) : after.at(n)));
    }
    return {};
}

// Per statement, the plan's access paths in plan order ("Bitmap Heap Scan on tracks t", "BitmapOr", ...):
// which plan each side got, in a line.
QJsonArray accessPaths(const SideResult &side)
{
    QJsonArray out;
    for (const StatementRun &s : side.statements) {
        QStringList nodes;
        for (const PlanNode &n : s.plan.nodes)
            if (n.nodeType.contains(QStringLiteral("Scan")) || n.nodeType.startsWith(QStringLiteral("Bitmap"))
                || n.nodeType.contains(QStringLiteral("Join")) || n.nodeType == u"Nested Loop")
                nodes << n.displayName();
        out.append(nodes.join(QStringLiteral(" | ")));
    }
    return out;
}

} // namespace

QJsonObject RewriteVerification::toJson() const
{
    QJsonObject o { { QStringLiteral("form"), form },
        { QStringLiteral("rows_equal"), rowsEqual ? QJsonValue(*rowsEqual) : QJsonValue(QJsonValue::Null) },
        { QStringLiteral("speedup"), optionalNumber(speedup) },
        { QStringLiteral("before_median_ms"), optionalNumber(beforeMedianMs) },
        { QStringLiteral("after_median_ms"), optionalNumber(afterMedianMs) },
        { QStringLiteral("first_difference"),
            firstDifference.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(firstDifference) },
        { QStringLiteral("note"), note.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(note) },
        { QStringLiteral("error"), error.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(error) },
        { QStringLiteral("sqlstate"),
            errorSqlState.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(errorSqlState) } };
    if (statistics) o.insert(QStringLiteral("statistics"), statistics->toJson());
    if (indexProbe) o.insert(QStringLiteral("index_probe"), indexProbe->toJson());
    if (ran) {
        o.insert(QStringLiteral("before_plans"), accessPaths(run.before));
        o.insert(QStringLiteral("after_plans"), accessPaths(run.after));
    }
    return o;
}

RewriteVerification RewriteVerifier::compare(
    const ResultMapping &mapping, const QList<RowSet> &before, const QList<RowSet> &after, bool ordered)
{
    RewriteVerification v;
    if (before.isEmpty() || after.isEmpty()) {
        v.note = QStringLiteral("No rows to compare: a side ran no statement.");
        return v;
    }
    if (mapping.kind == u"same-rows") {
        const RowSet &b = before.last();
        const RowSet &a = after.last();
        if (b.columns.size() != a.columns.size()) {
            v.rowsEqual = false;
            v.firstDifference = QStringLiteral("The Before returns %1 columns, the After %2.")
                                    .arg(b.columns.size())
                                    .arg(a.columns.size());
            return v;
        }
        v.firstDifference = differ(QStringLiteral("Rows"), b.rows, a.rows, ordered);
        v.rowsEqual = v.firstDifference.isEmpty();
        return v;
    }
    if (mapping.kind == u"preload-join") {
        if (mapping.beforePageStatement < 0 || mapping.beforePageStatement >= before.size()
            || mapping.beforePreloadStatement < 0 || mapping.beforePreloadStatement >= before.size()) {
            v.note = QStringLiteral("The Before script does not hold the page query and the preload.");
            return v;
        }
        const RowSet &page = before.at(mapping.beforePageStatement);
        const RowSet &preload = before.at(mapping.beforePreloadStatement);
        const RowSet &a = after.last();
        if (a.columns.size() != page.columns.size() + 1) {
            v.rowsEqual = false;
            v.firstDifference
                = QStringLiteral("The After returns %1 columns; the page query's %2 plus one were expected.")
                      .arg(a.columns.size())
                      .arg(page.columns.size());
            return v;
        }
        const int key = int(a.columns.indexOf(mapping.afterKeyColumnName));
        const int pk = mapping.preloadKeyColumn, pv = mapping.preloadValueColumn;
        if (key < 0 || pk < 0 || pv < 0 || pk >= preload.columns.size() || pv >= preload.columns.size()) {
            v.note = QStringLiteral("The key column %1 is not in the After's result.").arg(mapping.afterKeyColumnName);
            return v;
        }
        QList<PgRow> pageRows, pairs, preloadPairs;
        for (const PgRow &r : a.rows) {
            pageRows << r.mid(0, r.size() - 1);
            if (r.last()) pairs << PgRow { r.at(key), r.last() };
        }
        for (const PgRow &r : preload.rows)
            preloadPairs << PgRow { r.at(pk), r.at(pv) };
        v.firstDifference
            = differ(QStringLiteral("Page rows (the After without its last column)"), page.rows, pageRows, ordered);
        if (v.firstDifference.isEmpty())
            v.firstDifference
                = differ(QStringLiteral("(%1, value) pairs against the preload's rows").arg(mapping.afterKeyColumnName),
                    preloadPairs, pairs, false);
        v.rowsEqual = v.firstDifference.isEmpty();
        return v;
    }
    v.note = mapping.kind == u"approximate" ? ApproximateCount::compare(before, after).note : mapping.description;
    return v;
}

// ---------------------------------------------------------------------------------------------------------

RewriteVerifier::RewriteVerifier(PgConnection *connection, QObject *parent)
    : QObject(parent)
    , m_conn(connection)
{
    connect(connection, &PgConnection::queryFinished, this, &RewriteVerifier::onQueryFinished);
}

RewriteVerifier::~RewriteVerifier() = default;

void RewriteVerifier::start(const SqlScript &before, const QList<Rewrite> &rewrites, const Options &options)
{
    m_before = before;
    m_beforeSql = before.text;
    m_rewrites = rewrites;
    m_options = options;
    m_results = QList<QList<RewriteVerification>>(rewrites.size());
    m_queue.clear();
    m_beforeRows.reset();
    m_running = true;
    m_stopped = false;

    for (int r = 0; r < m_rewrites.size(); ++r) {
        for (int k = 0; k < m_rewrites.at(r).checks.size(); ++k) {
            m_queue << [this, r, k] {
                const CatalogCheck &c = m_rewrites.at(r).checks.at(k);
                emit progress(QStringLiteral("Checking: %1").arg(c.precondition));
                PgQuery q;
                q.sql = c.sql;
                q.keepRows = true;
                exec(q, [this, r, k](const PgResult &res) {
                    CatalogCheck &c = m_rewrites[r].checks[k];
                    if (res.ok && !res.values.isEmpty() && !res.values.first().isEmpty() && res.values.first().first())
                        c.holds = *res.values.first().first() == u"t";
                    else if (!res.ok)
                        emit progress(QStringLiteral("A catalog check failed to run: %1").arg(res.error));
                    if (!InvariantCheck::prepare(c)) return next();
                    // Not proven by the catalog: does the data hold the invariant today? (invariantcheck.h)
                    emit progress(QStringLiteral("Checking the data: %1").arg(c.dataSql));
                    exec(InvariantCheck::query(c, m_options.timeoutMs), [this, r, k](const PgResult &d) {
                        InvariantCheck::apply(m_rewrites[r].checks[k], d, m_options.timeoutMs);
                        next();
                    });
                });
            };
        }
    }
    for (int r = 0; r < m_rewrites.size(); ++r)
        m_queue << [this, r] { hypothesise(r); };
    if (!m_options.checksOnly) {
        m_queue << [this] {
            emit progress(QStringLiteral("Fetching the Before script's rows"));
            fetchRows({ FetchScript { m_beforeSql, m_options.parameters, {} } },
                [this](const QList<QList<RowSet>> &rows, const QString &error, const QString &, int) {
                    if (!error.isEmpty()) {
                        fail(QStringLiteral("The Before script fails: %1").arg(error));
                        return;
                    }
                    m_beforeRows = rows.value(0);
                    next();
                });
        };
        for (int r = 0; r < m_rewrites.size(); ++r)
            queueRewrite(r);
    }

    if (m_conn && m_conn->isConnected()) {
        next();
    } else if (m_conn) {
        auto *once = new QObject(this);
        connect(m_conn, &PgConnection::connected, once, [this, once] {
            once->deleteLater();
            next();
        });
        connect(m_conn, &PgConnection::connectionFailed, once, [this, once](const QString &message) {
            once->deleteLater();
            fail(message);
        });
    } else {
        fail(QStringLiteral("No connection."));
    }
}

bool RewriteVerifier::bindParameters(const SqlStatement &statement, PgQuery *query) const
{
    int highest = 0;
    for (const ParamUse &p : statement.params)
        highest = std::max(highest, p.number);
    if (highest == 0)
        return true;
    query->params = QList<PgParam>(highest, PgParam { QByteArray(), true, 25 });
    for (const ParamUse &p : statement.params) {
        const QString name = p.name.isEmpty() ? QString::number(p.number) : p.name;
        const auto given = std::find_if(m_options.parameters.cbegin(), m_options.parameters.cend(),
            [&](const RunParameter &rp) { return rp.name == name; });
        if (given == m_options.parameters.cend())
            return false;
        query->params[p.number - 1] = PgParam { given->value.toUtf8(), given->isNull, 0 };
    }
    return true;
}

void RewriteVerifier::hypothesise(int r)
{
    const Rewrite &rw = m_rewrites.at(r);
    const bool hypopg = std::any_of(rw.checks.cbegin(), rw.checks.cend(),
        [](const CatalogCheck &c) { return c.id == u"hypopg" && c.holds == std::optional<bool>(true); });
    if (!hypopg || rw.rule != u"create-index" || rw.statements.isEmpty()) {
        next();
        return;
    }
    // The statement the index is for: the last one of the Before script that the planner plans.
    const int index = plannedStatement();
    if (index < 0) {
        next();
        return;
    }
    PgQuery explain;
    explain.sql = QStringLiteral("EXPLAIN (FORMAT JSON) ") + m_before.statements.at(index).executableText;
    explain.keepRows = true;
    if (!bindParameters(m_before.statements.at(index), &explain)) {
        emit progress(QStringLiteral("HypoPG: the statement needs parameter values; no hypothetical plan."));
        next();
        return;
    }
    const QString create = rw.statements.join(QStringLiteral("; ")).remove(QStringLiteral(" CONCURRENTLY")); // one per OR arm
    emit progress(QStringLiteral("HypoPG: planning with a hypothetical %1").arg(create));
    auto planOf = [](const PgResult &res) -> std::optional<Plan> {
        if (!res.ok || res.values.isEmpty() || res.values.first().isEmpty() || !res.values.first().first())
            return std::nullopt;
        Result<Plan> p = parsePlan(*res.values.first().first());
        if (auto *plan = std::get_if<Plan>(&p); plan && !plan->isEmpty())
            return std::move(*plan);
        return std::nullopt;
    };
    auto reset = [this] {
        PgQuery q;
        q.sql = QStringLiteral("SELECT hypopg_reset()");
        exec(q, [this](const PgResult &) { next(); });
    };
    exec(explain, [=, this](const PgResult &without) {
        const std::optional<Plan> before = planOf(without);
        if (!before) {
            emit progress(QStringLiteral("HypoPG: the statement could not be planned: %1").arg(without.error));
            next();
            return;
        }
        PgQuery hypo;
        hypo.sql = QStringLiteral("SELECT indexname FROM hypopg_create_index($1)");
        hypo.params = { PgParam { create.toUtf8(), false, 25 } };
        hypo.keepRows = true;
        exec(hypo, [=, this](const PgResult &created) {
            if (!created.ok || created.values.isEmpty() || !created.values.first().value(0)) {
                emit progress(QStringLiteral("HypoPG could not create the index: %1").arg(created.error));
                reset();
                return;
            }
            const QString name = *created.values.first().first();
            exec(explain, [=, this](const PgResult &with) {
                if (const std::optional<Plan> after = planOf(with)) {
                    Rewrite::Hypothetical h;
                    h.indexName = name;
                    h.costWithout = before->root().totalCost.value_or(0);
                    h.costWith = after->root().totalCost.value_or(0);
                    h.planJson = *with.values.first().first();
                    for (const PlanNode &n : after->nodes) {
                        if (std::any_of(created.values.cbegin(), created.values.cend(), // several: one per OR arm
                                [&](const PgRow &c) { return c.value(0) == n.indexName; })) {
                            h.usesIndex = true;
                            h.rootWith = QStringLiteral("%1 using %2 on %3").arg(n.nodeType, name, n.relationName);
                            break;
                        }
                    }
                    if (h.rootWith.isEmpty())
                        h.rootWith = after->root().nodeType;
                    m_rewrites[r].hypothetical = h;
                }
                reset();
            });
        });
    });
}

int RewriteVerifier::plannedStatement() const
{
    for (int i = int(m_before.statements.size()) - 1; i >= 0; --i) {
        const StatementKind k = m_before.statements.at(i).kind;
        if (k == StatementKind::Select || k == StatementKind::SelectLocking || k == StatementKind::Insert
            || k == StatementKind::Update || k == StatementKind::Delete || k == StatementKind::Merge)
            return i;
    }
    return -1;
}

void RewriteVerifier::probeStatistics(int r, RewriteVerification base, std::function<void(const RewriteVerification &)> done)
{
    const Rewrite &rw = m_rewrites.at(r);
    const std::optional<StatisticsSuggestion> stats
        = rw.statements.size() == 2 ? StatisticsSuggestions::fromDdl(rw.statements.first()) : std::nullopt;
    const int index = plannedStatement();
    if (!stats || index < 0) {
        base.note = QStringLiteral("Not verified: no CREATE STATISTICS statement or no statement to plan.");
        done(base);
        return;
    }
    const SqlStatement &st = m_before.statements.at(index);
    PgQuery explain;
    explain.sql = QStringLiteral("EXPLAIN (FORMAT JSON) ") + st.executableText;
    explain.keepRows = true;
    if (!bindParameters(st, &explain)) {
        base.note = QStringLiteral("Not verified: the statement needs parameter values (--param N=VALUE).");
        done(base);
        return;
    }
    // Actual rows come from executing the statement, which is only done for a plain SELECT.
    PgQuery analyzed = explain;
    if (st.kind == StatementKind::Select && !st.writes)
        analyzed.sql = QStringLiteral("EXPLAIN (ANALYZE, FORMAT JSON) ") + st.executableText;
    auto planOf = [](const PgResult &res) -> std::optional<Plan> {
        if (!res.ok || res.values.isEmpty() || res.values.first().isEmpty() || !res.values.first().first())
            return std::nullopt;
        Result<Plan> p = parsePlan(*res.values.first().first());
        if (auto *plan = std::get_if<Plan>(&p); plan && !plan->isEmpty()) return std::move(*plan);
        return std::nullopt;
    };
    // Every path ends here: the statistics object and the new pg_statistic rows go away with the transaction.
    auto rollback = [this, done](RewriteVerification v, const PgResult *failed) {
        if (failed) {
            v.error = failed->error;
            v.errorSqlState = failed->sqlState;
        }
        PgQuery q;
        q.sql = QStringLiteral("ROLLBACK");
        m_inTransaction = false;
        exec(q, [v, done](const PgResult &res) mutable {
            if (v.statistics) v.statistics->rolledBack = res.ok;
            if (!res.ok && v.error.isEmpty()) v.error = QStringLiteral("ROLLBACK failed: ") + res.error;
            done(v);
        });
    };
    emit progress(QStringLiteral("create-statistics: planning with %1 (rolled back)").arg(rw.statements.first()));
    if (m_stopped) return; // stopped from the progress slot
    PgQuery begin;
    begin.sql = QStringLiteral("BEGIN; SET LOCAL statement_timeout = %1").arg(m_options.timeoutMs);
    m_inTransaction = true; // from the moment BEGIN is sent: a stop() before its answer still rolls back
    exec(begin, [=, this](const PgResult &begun) {
        if (!begun.ok) {
            rollback(base, &begun);
            return;
        }
        exec(explain, [=, this](const PgResult &without) {
            const std::optional<Plan> before = planOf(without);
            if (!before) {
                rollback(base, &without);
                return;
            }
            PgQuery create;
            create.sql = rw.statements.join(QStringLiteral("; ")); // CREATE STATISTICS …; ANALYZE t
            exec(create, [=, this](const PgResult &created) {
                if (!created.ok) {
                    rollback(base, &created);
                    return;
                }
                exec(analyzed, [=, this](const PgResult &with) {
                    const std::optional<Plan> after = planOf(with);
                    if (!after) {
                        rollback(base, &with);
                        return;
                    }
                    RewriteVerification v = base;
                    v.statistics = StatisticsSuggestions::effect(*before, *after, *stats);
                    v.note = QStringLiteral("Planned again inside a transaction that was rolled back: ")
                        + v.statistics->sentence();
                    rollback(v, nullptr);
                });
            });
        });
    });
}

void RewriteVerifier::queueRewrite(int r)
{
    if (!m_options.onlyForm.isEmpty()) {
        const QList<RewriteVariant> &variants = m_rewrites.at(r).variants;
        for (int v = 0; v < variants.size(); ++v)
            if (variants.at(v).id == m_options.onlyForm)
                m_queue << [this, r, v] { queueForm(r, v); };
        if (m_options.onlyForm == u"main")
            m_queue << [this, r] { queueForm(r, -1); };
        return;
    }
    m_queue << [this, r] { queueForm(r, -1); };
    if (m_options.verifyVariants)
        for (int v = 0; v < m_rewrites.at(r).variants.size(); ++v)
            m_queue << [this, r, v] { queueForm(r, v); };
}

void RewriteVerifier::queueForm(int r, int variant)
{
    const Rewrite &rw = m_rewrites.at(r);
    const RewriteVariant *var = variant >= 0 ? &rw.variants.at(variant) : nullptr;
    const ResultMapping &mapping = var ? var->mapping : rw.mapping;
    RewriteVerification base;
    base.form = var ? var->id : QStringLiteral("main");
    auto store = [this, r](RewriteVerification v) {
        InvariantCheck::annotate(m_rewrites.at(r), &v); // "holds in the data, not enforced", or the duplicate
        m_results[r] << v;
        next();
    };
    if (!var && rw.rule == u"create-statistics") {
        probeStatistics(r, base, store);
        return;
    }
    if (!var && rw.rule == u"create-trigram-index") { // built for real, always rolled back: rolledbackindexprobe.h
        const int s = plannedStatement();
        PgQuery q;
        const bool bound = s >= 0 && bindParameters(m_before.statements.at(s), &q);
        RolledBackIndexProbe::run({ [this](const PgQuery &x, auto d) { exec(x, std::move(d)); }, &m_inTransaction },
            { &rw, bound ? &m_before.statements.at(s) : nullptr, q.params, m_options.timeoutMs }, base, store);
        return;
    }
    if (mapping.kind == u"none" || rw.replaces.isEmpty()) {
        base.note = QStringLiteral("Not compared automatically: %1").arg(mapping.description);
        store(base);
        return;
    }
    if (!var && rw.preconditionFailed() && !m_options.verifyFailed) {
        QStringList why;
        for (const CatalogCheck &c : rw.checks)
            if (c.required && c.holds == std::optional<bool>(false)) why << c.whenFalse;
        base.note = QStringLiteral("Not run: a required precondition does not hold. ") + why.join(u' ');
        store(base);
        return;
    }
    const QString afterSql = rw.afterScriptText(m_before, variant);
    const int firstReplaced = *std::min_element(rw.replaces.cbegin(), rw.replaces.cend());
    const bool ordered = std::any_of(rw.checks.cbegin(), rw.checks.cend(),
        [](const CatalogCheck &c) { return c.id == u"order-total" && c.holds == std::optional<bool>(true); });
    QList<RunParameter> params = m_options.parameters;
    for (const auto &[name, value] : rw.paramValues)
        params << RunParameter { name, value, QString(), false };
    const QList<ExplainRunner::ArrayParam> arrayParams = afterArrayParams(rw);
    emit progress(QStringLiteral("%1 (%2): comparing rows").arg(rw.rule, base.form));
    // Before and After in one REPEATABLE READ transaction: both see one snapshot, so a write committed by
    // someone else in between cannot make the rows differ (nor the two steps of a prefetch disagree).
    const QList<FetchScript> scripts { FetchScript { m_beforeSql, m_options.parameters, {} },
        FetchScript { afterSql, params, arrayParams } };
    fetchRows(scripts, [=, this](const QList<QList<RowSet>> &both, const QString &error, const QString &sqlState,
                           int failedScript) {
        RewriteVerification v = base;
        if (!error.isEmpty()) {
            v.error = failedScript == 0 ? QStringLiteral("The Before script fails: %1").arg(error) : error;
            v.errorSqlState = sqlState;
            store(v);
            return;
        }
        const QList<RowSet> rows = both.value(1);
        if (var && var->condition == u"previous-empty" && firstReplaced < rows.size()
            && !rows.at(firstReplaced).rows.isEmpty()) {
            v.note = QStringLiteral("Not applicable here: step 1 returned %1 row(s); this form is for an empty step 1.")
                         .arg(rows.at(firstReplaced).rows.size());
            store(v);
            return;
        }
        const RewriteVerification c = compare(mapping, both.value(0), rows, ordered);
        v.rowsEqual = c.rowsEqual;
        v.firstDifference = c.firstDifference;
        v.note = c.note;
        emit progress(QStringLiteral("%1 (%2): timing Before against After").arg(rw.rule, base.form));
        RunRequest req;
        req.beforeSql = m_beforeSql;
        req.afterSql = afterSql;
        req.parameters = params;
        req.runs = m_options.runs;
        req.warmup = m_options.warmup;
        req.timeoutMs = m_options.timeoutMs;
        const QString refused = ExplainRunner::check(req, arrayParams);
        if (!refused.isEmpty()) {
            v.note = refused;
            store(v);
            return;
        }
        if (m_runner) m_runner->deleteLater(); // it may be the one whose signal brought us here
        m_runner = new ExplainRunner(m_conn, this);
        connect(m_runner, &ExplainRunner::resultReady, this, [this, v, store](const RunResult &res) mutable {
            v.ran = true;
            v.run = res;
            v.speedup = res.speedup;
            v.beforeMedianMs = res.before.medianMs;
            v.afterMedianMs = res.after.medianMs;
            store(v);
        });
        connect(m_runner, &ExplainRunner::runFailed, this, [this, v, store](const QString &message) mutable {
            v.error = message;
            v.errorSqlState = m_runner ? m_runner->lastFailure().sqlState : QString();
            store(v);
        });
        if (!m_runner->start(req, arrayParams)) return; // runFailed follows
    });
}

void RewriteVerifier::next()
{
    if (m_stopped) return;
    if (m_queue.isEmpty()) {
        finish();
        return;
    }
    const Next job = m_queue.takeFirst();
    job();
}

void RewriteVerifier::finish()
{
    m_running = false;
    emit finished(m_rewrites, m_results);
}

void RewriteVerifier::fail(const QString &message)
{
    m_running = false;
    m_stopped = true;
    m_queue.clear();
    emit failed(message);
}

void RewriteVerifier::stop()
{
    if (!m_running) return;
    m_stopped = true;
    m_queue.clear();
    if (m_runner && m_runner->isRunning())
        m_runner->stop();
    else if (m_conn && m_conn->isBusy())
        m_conn->cancelQuery();
    m_running = false;
    if (m_conn && !m_conn->isBusy()) rollbackAfterStop();
    emit failed(QStringLiteral("Stopped."));
}

void RewriteVerifier::rollbackAfterStop()
{
    if (!m_inTransaction || !m_conn || !m_conn->isConnected()) return;
    m_inTransaction = false;
    PgQuery q;
    q.sql = QStringLiteral("ROLLBACK");
    m_conn->execute(q); // its result carries an id nobody waits for: ignored in onQueryFinished
}

void RewriteVerifier::exec(const PgQuery &query, std::function<void(const PgResult &)> done)
{
    if (!m_conn) {
        fail(QStringLiteral("The connection is gone."));
        return;
    }
    m_pendingDone = std::move(done);
    // As the runner does: silence well past the statement timeout is a stalled path, not a slow statement.
    PgQuery q = query;
    q.answerTimeoutMs = m_options.timeoutMs + 5000;
    m_pendingId = m_conn->execute(q);
    if (m_pendingId == 0) fail(m_conn->lastError());
}

void RewriteVerifier::onQueryFinished(quint64 id, const PgResult &result)
{
    if (id == 0 || id != m_pendingId) return; // the runner's queries, or a stale one
    m_pendingId = 0;
    auto done = std::move(m_pendingDone);
    m_pendingDone = nullptr;
    if (m_stopped) {
        rollbackAfterStop(); // the cancelled statement's answer: the connection is idle again
        return;
    }
    if (result.connectionLost) {
        fail(result.error);
        return;
    }
    done(result);
}

QString RewriteVerifier::fetchTransactionSql(int timeoutMs)
{
    return QStringLiteral("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET LOCAL statement_timeout = %1")
        .arg(timeoutMs);
}

QList<ExplainRunner::ArrayParam> RewriteVerifier::afterArrayParams(const Rewrite &rewrite)
{
    // afterScript() puts the rewrite's statements where its first replaced statement stood (first, for an
    // addition): statement k of the rewrite is statement first + k of the After script.
    const int first = rewrite.replaces.isEmpty() ? 0 : *std::min_element(rewrite.replaces.cbegin(), rewrite.replaces.cend());
    QList<ExplainRunner::ArrayParam> out;
    for (const Rewrite::ArrayParam &p : rewrite.arrayParams)
        out << ExplainRunner::ArrayParam { p.name, first + p.fromStatement, p.column };
    return out;
}

void RewriteVerifier::fetchRows(const QList<FetchScript> &scripts, FetchDone done)
{
    m_fetch = Fetch {};
    m_fetch.inputs = scripts;
    m_fetch.done = std::move(done);
    for (int i = 0; i < scripts.size(); ++i) {
        auto parsed = parseSqlScript(scripts.at(i).sql);
        if (isError(parsed)) {
            auto cb = std::move(m_fetch.done);
            cb({}, std::get<ParseError>(parsed).message, QString(), i);
            return;
        }
        m_fetch.scripts << std::get<SqlScript>(std::move(parsed));
        for (const SqlStatement &st : m_fetch.scripts.last().statements) {
            if (st.writes || st.kind != StatementKind::Select) {
                auto cb = std::move(m_fetch.done);
                cb({},
                    QStringLiteral("Only plain SELECT statements are compared (\"%1\": %2).")
                        .arg(st.text.left(40), st.writeReason.isEmpty() ? statementKindName(st.kind) : st.writeReason),
                    QString(), i);
                return;
            }
        }
    }
    m_fetch.rows = QList<QList<RowSet>>(scripts.size());
    PgQuery begin;
    begin.sql = fetchTransactionSql(m_options.timeoutMs);
    m_inTransaction = true;
    exec(begin, [this](const PgResult &r) {
        if (!r.ok) {
            auto cb = std::move(m_fetch.done);
            cb({}, r.error, r.sqlState, 0);
            return;
        }
        fetchStatement(0);
    });
}

void RewriteVerifier::fetchStatement(int index)
{
    auto finishWith = [this](const QString &error, const QString &sqlState) {
        PgQuery rollback;
        rollback.sql = QStringLiteral("ROLLBACK");
        m_inTransaction = false;
        const int failed = error.isEmpty() ? -1 : m_fetch.script;
        exec(rollback, [this, error, sqlState, failed](const PgResult &) {
            auto cb = std::move(m_fetch.done);
            cb(error.isEmpty() ? m_fetch.rows : QList<QList<RowSet>>(), error, sqlState, failed);
        });
    };
    const SqlScript &script = m_fetch.scripts.at(m_fetch.script);
    if (index >= script.statements.size()) {
        if (m_fetch.script + 1 < m_fetch.scripts.size()) {
            ++m_fetch.script;
            fetchStatement(0);
        } else {
            finishWith(QString(), QString());
        }
        return;
    }
    const SqlStatement &st = script.statements.at(index);
    const FetchScript &input = m_fetch.inputs.at(m_fetch.script);
    const QList<RowSet> &earlier = m_fetch.rows.at(m_fetch.script);
    int highest = 0;
    for (const ParamUse &p : st.params)
        highest = std::max(highest, p.number);
    PgQuery q;
    q.sql = st.executableText;
    q.keepRows = true;
    if (highest > 0) {
        // Parameters the statement does not use still need a type: text, which binds nothing.
        q.params = QList<PgParam>(highest, PgParam { QByteArray(), true, 25 });
        for (const ParamUse &p : st.params) {
            const QString name = p.name.isEmpty() ? QString::number(p.number) : p.name;
            const auto declared = std::find_if(input.arrayParams.cbegin(), input.arrayParams.cend(),
                [&](const ExplainRunner::ArrayParam &a) { return a.name == name; });
            const bool array = declared != input.arrayParams.cend() || ExplainRunner::isDefaultArrayParamName(name);
            const auto given = std::find_if(input.params.cbegin(), input.params.cend(), [&](const RunParameter &rp) {
                // As in the runner: an empty row gives an array parameter no value.
                return rp.name == name && !(array && rp.value.isEmpty() && !rp.isNull && rp.type.isEmpty());
            });
            // An array parameter: one column of an earlier statement's rows, as one array.
            int from = -1, column = 0;
            if (declared != input.arrayParams.cend()) {
                from = declared->fromStatement;
                column = declared->column;
            } else if (!p.name.isEmpty() && ExplainRunner::isDefaultArrayParamName(name)) {
                from = index - 1;
            }
            PgParam value;
            if (given != input.params.cend()) {
                value.value = given->value.toUtf8();
                value.isNull = given->isNull;
            } else if (from >= 0 && from < index && from < earlier.size()) {
                PgRow values;
                for (const PgRow &row : earlier.at(from).rows)
                    values << row.value(column);
                value.value = ExplainRunner::arrayLiteral(values).toUtf8();
            } else {
                finishWith(QStringLiteral("$%1 has no value: give it with --param %1=VALUE.").arg(name), QString());
                return;
            }
            value.typeOid = 0;
            q.params[p.number - 1] = value;
        }
    }
    exec(q, [this, index, finishWith](const PgResult &r) {
        if (!r.ok) {
            finishWith(r.error, r.sqlState);
            return;
        }
        m_fetch.rows[m_fetch.script] << RowSet { r.columns, r.values };
        fetchStatement(index + 1);
    });
}

} // namespace PlanLens
