// SPDX-License-Identifier: MIT
#include "explainrunner.h"
#include "jobs/workpool.h"

#include "plan/planparser.h"

#include <QFutureWatcher>
#include <QRegularExpression>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>

namespace PlanLens {

namespace {

const QString kGenericName = QStringLiteral("planlens_generic");
const QString kSavepoint = QStringLiteral("planlens_explain");
// How long past the statement timeout the server may stay silent before the connection counts as stalled.
constexpr int kAnswerGraceMs = 5000;
// A result the EXPLAIN ANALYZE showed to be at least this many rows is streamed (PgQuery::streamRows): its rows
// are hashed as they arrive instead of held in memory all at once.
constexpr double kStreamRows = 1'000'000;

// The root node's actual rows × loops in EXPLAIN (FORMAT JSON) text: the root's fields come before its "Plans",
// so its "Actual Rows" and "Actual Loops" are the first in the text.
double rootActualRows(const QString &explainJson)
{
    static const QRegularExpression rows(QStringLiteral("\"Actual Rows\":\\s*([0-9.]+)"));
    static const QRegularExpression loops(QStringLiteral("\"Actual Loops\":\\s*([0-9.]+)"));
    const QRegularExpressionMatch r = rows.match(explainJson);
    const QRegularExpressionMatch l = loops.match(explainJson);
    if (!r.hasMatch())
        return 0;
    return r.captured(1).toDouble() * (l.hasMatch() ? std::max(1.0, l.captured(1).toDouble()) : 1.0);
}
constexpr unsigned int kTextOid = 25;

QString quoteLiteral(const QString &v)
{
    QString s = v;
    s.replace(u'\'', QStringLiteral("''"));
    return u'\'' + s + u'\'';
}

} // namespace

ExplainRunner::ExplainRunner(PgConnection *connection, QObject *parent)
    : QObject(parent)
    , m_conn(connection)
{
    qRegisterMetaType<PlanLens::RunResult>();
    qRegisterMetaType<PlanLens::RunProgress>();
    connect(connection, &PgConnection::connected, this, &ExplainRunner::onConnected);
    connect(connection, &PgConnection::connectionFailed, this, &ExplainRunner::onConnectionFailed);
    connect(connection, &PgConnection::queryFinished, this, &ExplainRunner::onQueryFinished);
    connect(connection, &PgConnection::cancelFinished, this, &ExplainRunner::onCancelFinished);
}

ExplainRunner::~ExplainRunner()
{
    // Do not leave a long statement running for nobody; the next run rolls back what is left open.
    if (m_queryId && m_conn && m_conn->isBusy())
        m_conn->cancelQuery();
}

QString ExplainRunner::arrayLiteral(const PgRow &values)
{
    QString out = QStringLiteral("{");
    for (qsizetype i = 0; i < values.size(); ++i) {
        if (i)
            out += u',';
        const std::optional<QString> &v = values.at(i);
        if (!v) {
            out += QStringLiteral("NULL");
            continue;
        }
        // array_in: an element needs double quotes when it is empty, reads as NULL, or holds a delimiter,
        // brace, quote, backslash or white space; inside quotes " and \ are escaped with a backslash.
        bool quote = v->isEmpty() || v->compare(QStringLiteral("NULL"), Qt::CaseInsensitive) == 0;
        for (QChar c : *v)
            if (c == u',' || c == u'{' || c == u'}' || c == u'"' || c == u'\\' || c.isSpace())
                quote = true;
        if (!quote) {
            out += *v;
            continue;
        }
        QString e = *v;
        e.replace(u'\\', QStringLiteral("\\\\")).replace(u'"', QStringLiteral("\\\""));
        out += u'"' + e + u'"';
    }
    return out + u'}';
}

QString ExplainRunner::check(const RunRequest &request)
{
    return RunChecks::check(request);
}

QString ExplainRunner::check(const RunRequest &request, const QList<ArrayParam> &afterArrayParams)
{
    RunRequest r = request;
    r.afterArrayParams << afterArrayParams;
    return RunChecks::check(r);
}

bool ExplainRunner::isDefaultArrayParamName(const QString &name)
{
    return RunChecks::isDefaultArrayParamName(name);
}

bool ExplainRunner::start(const RunRequest &request, const QList<ArrayParam> &afterArrayParams)
{
    RunRequest r = request;
    r.afterArrayParams << afterArrayParams;
    return start(r);
}

bool ExplainRunner::start(const RunRequest &request)
{
    if (m_phase != Phase::Idle) {
        QTimer::singleShot(0, this, [this] { emit runFailed(QStringLiteral("A run is already going: stop it first.")); });
        return false;
    }
    m_failure = RunFailure();
    m_request = request;
    QString err = RunChecks::check(request);
    if (err.isEmpty())
        err = RunChecks::prepareSide(QStringLiteral("before"), request.beforeSql, request, {}, &m_sides[0]);
    if (err.isEmpty())
        err = RunChecks::prepareSide(QStringLiteral("after"), request.afterSql, request, request.afterArrayParams,
                                     &m_sides[1]);
    if (err.isEmpty() && !m_conn)
        err = QStringLiteral("There is no connection to run on.");
    if (err.isEmpty() && m_conn->isBusy())
        err = QStringLiteral("The connection is busy with another query.");
    if (err.isEmpty() && m_conn->state() == PgConnection::State::Disconnected && !m_conn->hasParameters())
        err = QStringLiteral("Not connected: enter a connection string first.");
    if (!err.isEmpty()) {
        m_failure.message = err;
        QTimer::singleShot(0, this, [this, err] { emit runFailed(err); });
        return false;
    }
    ++m_generation;
    m_stopRequested = false;
    m_failed = false;
    m_rollbackRetried = false;
    m_sideTimedOut[0] = m_sideTimedOut[1] = false;
    m_queryId = 0;
    m_serverVersion = 0;
    m_result = RunResult();
    m_result.mode = request.mode;
    m_result.explain = request.explain;
    m_result.runs = request.mode == RunMode::Estimate ? 0 : request.runs;
    m_result.warmup = request.mode == RunMode::Estimate ? 0 : request.warmup;
    m_result.timeoutMs = request.timeoutMs;
    m_result.allowWrites = request.allowWrites;
    m_result.parameters = request.parameters;
    m_result.startedAt = QDateTime::currentDateTimeUtc();
    SideResult *results[2] = {&m_result.before, &m_result.after};
    for (int s = 0; s < 2; ++s) {
        results[s]->sql = s == 0 ? request.beforeSql : request.afterSql;
        for (qsizetype i = 0; i < m_sides[s].stmts.size(); ++i) {
            const SqlStatement &st = m_sides[s].stmts.at(i).sql;
            StatementRun r;
            r.index = int(i);
            r.text = st.text;
            r.start = st.start;
            r.end = st.end;
            r.kind = st.kind;
            r.writes = st.writes;
            results[s]->statements << r;
        }
    }
    emit started();
    if (m_conn->state() == PgConnection::State::Connected) {
        m_phase = Phase::ResolvingTypes;
        QTimer::singleShot(0, this, [this, gen = m_generation] {
            if (gen == m_generation && m_phase == Phase::ResolvingTypes)
                resolveTypes();
        });
    } else {
        // Not connected (never, failed before, or lost): connect again with the same parameters.
        m_phase = Phase::Connecting;
        if (m_conn->state() != PgConnection::State::Connecting)
            m_conn->reconnect();
    }
    return true;
}

void ExplainRunner::onConnected()
{
    if (m_phase != Phase::Connecting)
        return;
    m_phase = Phase::ResolvingTypes;
    resolveTypes();
}

void ExplainRunner::onConnectionFailed(const QString &message)
{
    if (m_phase != Phase::Connecting)
        return;
    m_phase = Phase::Idle;
    m_failure = RunFailure();
    m_failure.message = message;
    emit runFailed(message);
}

bool ExplainRunner::send(PgQuery query)
{
    // A healthy server answers every statement within statement_timeout; silence well beyond it is a stalled
    // network path, and the connection is given up instead of waiting forever.
    query.answerTimeoutMs = m_request.timeoutMs + kAnswerGraceMs;
    m_queryId = m_conn ? m_conn->execute(query) : 0;
    if (m_queryId)
        return true;
    const QString reason = m_conn ? m_conn->lastError() : QStringLiteral("The connection is gone.");
    QTimer::singleShot(0, this, [this, reason, gen = m_generation] {
        if (gen == m_generation)
            fail(reason);
    });
    return false;
}

void ExplainRunner::resolveTypes()
{
    m_typeOids = QList<unsigned int>(m_request.parameters.size(), 0);
    QStringList casts;
    PgQuery q;
    for (qsizetype i = 0; i < m_request.parameters.size(); ++i) {
        const QString type = m_request.parameters.at(i).type.trimmed();
        if (type.isEmpty())
            continue;
        q.params << PgParam{type.toUtf8(), false, kTextOid};
        casts << QStringLiteral("$%1::regtype::oid").arg(q.params.size());
    }
    if (casts.isEmpty()) {
        beginRun();
        return;
    }
    // One round trip before the run: the type names of the parameter table, as the server knows them.
    q.sql = QStringLiteral("SELECT ") + casts.join(QStringLiteral(", "));
    q.keepRows = true;
    send(q);
}

void ExplainRunner::beginRun()
{
    m_phase = Phase::Running;
    m_result.server = m_conn->description();
    m_serverVersion = m_conn->serverVersion();   // kept: a run that loses its connection still names the server
    const bool estimate = m_request.mode == RunMode::Estimate;
    const int warmRounds = estimate ? 1 : std::max(m_request.warmup, 1);
    m_explainRound = warmRounds - 1;
    m_totalRounds = warmRounds + (estimate ? 0 : m_request.runs);
    m_round = 0;
    m_side = 0;
    startSideRound();
}

void ExplainRunner::startSideRound()
{
    const bool warm = m_round <= m_explainRound;
    const int warmRounds = m_explainRound + 1;
    RunProgress p;
    p.round = m_round + 1;
    p.totalRounds = m_totalRounds;
    p.warmup = warm;
    p.side = m_sides[m_side].name;
    if (m_request.mode == RunMode::Estimate)
        p.message = QStringLiteral("Planning: %1").arg(p.side);
    else if (warm)
        p.message = QStringLiteral("Warm-up %1 of %2%3: %4")
                        .arg(m_round + 1)
                        .arg(warmRounds)
                        .arg(m_round == m_explainRound ? QStringLiteral(" (capturing plans)") : QString(), p.side);
    else
        p.message = QStringLiteral("Run %1 of %2: %3").arg(m_round - warmRounds + 1).arg(m_request.runs).arg(p.side);
    emit progress(p);
    m_stmtResults = QList<PgResult>(m_sides[m_side].stmts.size());
    m_roundMs = 0;
    buildSteps();
    m_stepIndex = 0;
    runStep();
}

void ExplainRunner::buildSteps()
{
    const Side &side = m_sides[m_side];
    const bool estimate = m_request.mode == RunMode::Estimate;
    const bool explainRound = m_round == m_explainRound;
    m_steps.clear();
    m_steps << Step{StepKind::Begin};
    for (qsizetype i = 0; i < side.stmts.size(); ++i) {
        const Stmt &s = side.stmts.at(i);
        const bool execute = estimate ? s.executeEstimate : s.executeAnalyze;
        if (explainRound && s.explainable) {
            // EXPLAIN ANALYZE executes a write; a savepoint undoes it so the timed execution starts from the same
            // state (and so does the rest of the script).
            const bool savepoint = !estimate && s.sql.writes;
            const bool generic = m_request.explain.genericPlan && !s.params.isEmpty();
            if (savepoint)
                m_steps << Step{StepKind::Savepoint, int(i)};
            if (generic)
                m_steps << Step{StepKind::Prepare, int(i)};
            m_steps << Step{StepKind::Explain, int(i)};
            if (generic)
                m_steps << Step{StepKind::Deallocate, int(i)};
            if (savepoint)
                m_steps << Step{StepKind::ReleaseSavepoint, int(i)};
        }
        if (execute)
            m_steps << Step{StepKind::Exec, int(i)};
    }
    m_steps << Step{StepKind::Rollback};
}

QList<PgParam> ExplainRunner::paramsFor(int statement, QString *note) const
{
    const Stmt &s = m_sides[m_side].stmts.at(statement);
    QList<PgParam> out;
    for (qsizetype k = 0; k < s.params.size(); ++k) {
        const Param &p = s.params.at(k);
        PgParam v;
        switch (p.source) {
        case Param::Unused:
            // Numbers this statement skips still need a type, or the server cannot determine one.
            v.isNull = true;
            v.typeOid = kTextOid;
            break;
        case Param::Table: {
            const RunParameter &row = m_request.parameters.at(p.tableRow);
            v.isNull = row.isNull;
            v.value = row.value.toUtf8();
            v.typeOid = m_typeOids.value(p.tableRow, 0);
            break;
        }
        case Param::Result: {
            const PgResult &from = m_stmtResults.at(p.fromStatement);
            const bool ran = from.id != 0;
            PgRow values = from.firstColumn;
            if (p.column > 0) {
                values.clear();
                for (const PgRow &row : from.values)
                    values << row.value(p.column);
            }
            v.value = arrayLiteral(values).toUtf8();
            if (note) {
                const QString source = p.column > 0 ? QStringLiteral("column %1 of statement %2").arg(p.column + 1).arg(p.fromStatement + 1)
                                                    : QStringLiteral("statement %1").arg(p.fromStatement + 1);
                const QString line = ran ? QStringLiteral("$%1 bound to %2 value(s) from %3").arg(p.name).arg(values.size()).arg(source)
                                         : QStringLiteral("$%1 bound to an empty array: %2 was not executed").arg(p.name, source);
                *note = note->isEmpty() ? line : *note + QStringLiteral("; ") + line;
            }
            break;
        }
        }
        out << v;
    }
    return out;
}

QString ExplainRunner::executeLiterals(int statement) const
{
    const QList<PgParam> params = paramsFor(statement, nullptr);
    QStringList lits;
    for (const PgParam &p : params)
        lits << (p.isNull ? QStringLiteral("NULL") : quoteLiteral(QString::fromUtf8(p.value)));
    return lits.join(QStringLiteral(", "));
}

void ExplainRunner::runStep()
{
    if (m_stopRequested) {
        cleanUp();
        return;
    }
    const Step step = m_steps.at(m_stepIndex);
    const Side &side = m_sides[m_side];
    PgQuery q;
    switch (step.kind) {
    case StepKind::Begin: {
        QStringList sql{side.readOnly ? QStringLiteral("BEGIN READ ONLY") : QStringLiteral("BEGIN"),
                        QStringLiteral("SET LOCAL statement_timeout = %1").arg(m_request.timeoutMs)};
        // A run abandoned mid-way (its runner destroyed) can leave a transaction open: end it first.
        if (m_conn->inTransaction())
            sql.prepend(QStringLiteral("ROLLBACK"));
        if (m_request.explain.genericPlan)
            sql << QStringLiteral("SET LOCAL plan_cache_mode = force_generic_plan") << QStringLiteral("DEALLOCATE ALL");
        // One round trip: the simple protocol runs the list and stops at the first error.
        q.sql = sql.join(QStringLiteral("; "));
        break;
    }
    case StepKind::Savepoint:
        q.sql = QStringLiteral("SAVEPOINT ") + kSavepoint;
        break;
    case StepKind::ReleaseSavepoint:
        q.sql = QStringLiteral("ROLLBACK TO SAVEPOINT ") + kSavepoint;
        break;
    case StepKind::Prepare: {
        const Stmt &s = side.stmts.at(step.statement);
        q.sql = s.sql.executableText;
        q.prepareName = kGenericName;
        const QList<PgParam> params = paramsFor(step.statement, nullptr);
        for (const PgParam &p : params)
            q.prepareTypes << p.typeOid;
        break;
    }
    case StepKind::Explain: {
        const Stmt &s = side.stmts.at(step.statement);
        const QString prefix = explainPrefix(m_request.mode, m_request.explain);
        QString note;
        q.params = paramsFor(step.statement, &note);
        if (m_request.explain.genericPlan && !s.params.isEmpty()) {
            q.sql = QStringLiteral("%1 EXECUTE %2(%3)").arg(prefix, kGenericName, executeLiterals(step.statement));
            q.params.clear();
        } else {
            q.sql = prefix + u' ' + s.sql.executableText;
        }
        q.keepRows = true;
        if (!note.isEmpty()) {
            SideResult &res = m_side == 0 ? m_result.before : m_result.after;
            res.statements[step.statement].note = note;
        }
        break;
    }
    case StepKind::Deallocate:
        q.sql = QStringLiteral("DEALLOCATE ") + kGenericName;
        break;
    case StepKind::Exec: {
        const Stmt &s = side.stmts.at(step.statement);
        QString note;
        q.sql = s.sql.executableText;
        q.params = paramsFor(step.statement, &note);
        q.keepFirstColumn = s.feedsFirstColumn;
        q.keepRows = s.feedsRows;
        q.hashRows = step.statement == side.stmts.size() - 1;
        {
            const SideResult &res = m_side == 0 ? m_result.before : m_result.after;
            q.streamRows = q.hashRows && !q.keepRows && !q.keepFirstColumn
                && rootActualRows(res.statements.value(step.statement).explainJson) >= kStreamRows;
        }
        if (!note.isEmpty()) {
            SideResult &res = m_side == 0 ? m_result.before : m_result.after;
            res.statements[step.statement].note = note;
        }
        break;
    }
    case StepKind::Rollback:
        q.sql = QStringLiteral("ROLLBACK");
        break;
    }
    send(q);
}

void ExplainRunner::onQueryFinished(quint64 id, const PgResult &result)
{
    if (id == 0 || id != m_queryId)
        return;
    m_queryId = 0;
    switch (m_phase) {
    case Phase::ResolvingTypes: {
        if (!result.ok) {
            fail(QStringLiteral("A parameter type is not known to the server: %1").arg(result.error));
            return;
        }
        int col = 0;
        const PgRow row = result.values.value(0);
        for (qsizetype i = 0; i < m_request.parameters.size(); ++i)
            if (!m_request.parameters.at(i).type.trimmed().isEmpty())
                m_typeOids[i] = row.value(col++).value_or(QString()).toUInt();
        if (m_stopRequested) {
            m_phase = Phase::Idle;
            emit stopped(m_result);
            return;
        }
        beginRun();
        return;
    }
    case Phase::Running:
        stepDone(result);
        return;
    case Phase::CleaningUp:
        if (!result.ok && result.sqlState == u"57014" && !m_rollbackRetried) {
            // A cancel that reached the server late hit the ROLLBACK itself: send it again.
            m_rollbackRetried = true;
            PgQuery q;
            q.sql = QStringLiteral("ROLLBACK");
            send(q);
            return;
        }
        finishCleanUp();
        return;
    default:
        return;
    }
}

void ExplainRunner::stepDone(const PgResult &result)
{
    const Step step = m_steps.at(m_stepIndex);
    const Side &side = m_sides[m_side];
    SideResult &res = m_side == 0 ? m_result.before : m_result.after;
    if (!result.ok) {
        if (m_stopRequested && (result.cancelled || result.connectionLost)) {
            cleanUp();
            return;
        }
        if (result.connectionLost) {
            fail(QStringLiteral("%1. The next run reconnects.").arg(result.error.chopped(result.error.endsWith(u'.') ? 1 : 0)),
                 side.name, step.statement);
            return;
        }
        const QString at = step.statement >= 0 ? RunChecks::where(side, step.statement)
                                               : RunChecks::sideTitle(side.name);
        int position = -1;
        if (step.statement >= 0 && result.errorPosition > 0) {
            const Stmt &s = side.stmts.at(step.statement);
            // The server counts characters in what we sent: the EXPLAIN prefix comes first.
            int offset = result.errorPosition - 1;
            if (step.kind == StepKind::Explain && !(m_request.explain.genericPlan && !s.params.isEmpty()))
                offset -= int(explainPrefix(m_request.mode, m_request.explain).size()) + 1;
            if (offset >= 0 && offset <= s.sql.end - s.sql.start)
                position = s.sql.start + offset;
        }
        QString message;
        if (result.timedOut)
            message = QStringLiteral("%1 ran longer than the statement timeout (%2 s) and was cancelled by the server.")
                          .arg(at)
                          .arg(m_request.timeoutMs / 1000.0);
        else
            message = QStringLiteral("%1: %2").arg(at, result.error);
        if (!message.endsWith(u'.') && !message.endsWith(u'?'))
            message += u'.';
        // One side too slow for the timeout: that side is over (its transaction rolled back), the other side goes on
        // alone so its numbers are kept. Both sides timing out fails the run, as any other error does.
        if (result.timedOut && step.statement >= 0 && !m_sideTimedOut[1 - m_side]) {
            m_sideTimedOut[m_side] = true;
            res.timedOut = true;
            res.timeoutMessage = message;
            m_steps = {Step{StepKind::Rollback}};
            m_stepIndex = 0;
            runStep();
            return;
        }
        fail(message, side.name, step.statement, position, result.sqlState);
        return;
    }

    const bool measured = m_round > m_explainRound && m_request.mode != RunMode::Estimate;
    if (step.kind == StepKind::Explain) {
        StatementRun &sr = res.statements[step.statement];
        sr.explained = true;
        sr.explainJson = result.values.value(0).value(0).value_or(QString());
    } else if (step.kind == StepKind::Exec) {
        m_stmtResults[step.statement] = result;
        StatementRun &sr = res.statements[step.statement];
        sr.executed = true;
        sr.rows = result.rows;
        sr.commandStatus = result.commandStatus;
        if (measured) {
            sr.runsMs << result.elapsedMs;
            m_roundMs += result.elapsedMs;
        }
    }
    if (m_stopRequested) {
        cleanUp();
        return;
    }
    ++m_stepIndex;
    if (m_stepIndex < m_steps.size()) {
        runStep();
        return;
    }
    sideRoundDone();
}

void ExplainRunner::sideRoundDone()
{
    SideResult &res = m_side == 0 ? m_result.before : m_result.after;
    const bool measured = m_round > m_explainRound && m_request.mode != RunMode::Estimate;
    if (measured && !m_sideTimedOut[m_side]) {
        res.runsMs << m_roundMs;
        const PgResult &last = m_stmtResults.constLast();
        if (last.id != 0) {
            if (res.rows && (*res.rows != last.rows || res.rowsHash != last.rowsHash))
                res.rowsStable = false;
            res.rows = last.rows;
            res.rowsHash = last.rowsHash;
        }
    }
    // Next side, or next round; a side that timed out is skipped from then on.
    do {
        if (m_side == 0) {
            m_side = 1;
        } else {
            m_side = 0;
            if (m_round > m_explainRound && m_request.mode != RunMode::Estimate)
                m_result.roundsDone = m_round - m_explainRound;
            ++m_round;
        }
    } while (m_sideTimedOut[m_side] && m_round < m_totalRounds);
    if (m_round >= m_totalRounds) {
        parseAndFinish(true);
        return;
    }
    startSideRound();
}

void ExplainRunner::fail(const QString &message, const QString &side, int statement, int position, const QString &sqlState)
{
    m_failed = true;
    m_failure.message = message;
    m_failure.side = side;
    m_failure.statement = statement;
    m_failure.position = position;
    m_failure.sqlState = sqlState;
    cleanUp();
}

void ExplainRunner::stop()
{
    if (m_phase == Phase::Idle || m_stopRequested)
        return;
    m_stopRequested = true;
    if (m_phase == Phase::Connecting) {
        m_phase = Phase::Idle;
        m_conn->disconnectFromServer();
        emit stopped(m_result);
        return;
    }
    if (m_queryId && m_conn)
        m_conn->cancelQuery();
}

void ExplainRunner::cleanUp()
{
    m_phase = Phase::CleaningUp;
    if (!m_conn || m_conn->state() != PgConnection::State::Connected) {
        finishCleanUp();
        return;
    }
    if (m_conn->isCancelling())
        return;   // onCancelFinished() continues: a ROLLBACK sent now could be hit by the late cancel
    PgQuery q;
    q.sql = QStringLiteral("ROLLBACK");
    send(q);
}

void ExplainRunner::onCancelFinished()
{
    if (m_phase == Phase::CleaningUp && !m_queryId)
        cleanUp();
}

void ExplainRunner::finishCleanUp()
{
    if (m_failed) {
        m_phase = Phase::Idle;
        emit runFailed(m_failure.message);
        return;
    }
    parseAndFinish(false);
}

void ExplainRunner::parseAndFinish(bool complete)
{
    m_phase = Phase::Parsing;
    m_result.complete = complete;
    if (!complete) {
        // Stopped: keep only the rounds both sides finished, so the figures stay comparable.
        for (SideResult *side : {&m_result.before, &m_result.after}) {
            side->runsMs = side->runsMs.mid(0, m_result.roundsDone);
            for (StatementRun &s : side->statements)
                s.runsMs = s.runsMs.mid(0, m_result.roundsDone);
        }
    }
    // EXPLAIN JSON can be megabytes: parse on a pool thread, the GUI thread only receives the value.
    auto *watcher = new QFutureWatcher<RunResult>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, complete, gen = m_generation] {
        RunResult r = watcher->future().takeResult();
        watcher->deleteLater();
        if (gen != m_generation)
            return;
        m_result = r;
        m_phase = Phase::Idle;
        if (complete)
            emit resultReady(m_result);
        else
            emit stopped(m_result);
    });
    watcher->setFuture(QtConcurrent::run(workPool(), [r = m_result, version = m_serverVersion]() mutable {
        for (SideResult *side : {&r.before, &r.after}) {
            for (StatementRun &s : side->statements) {
                if (!s.explained || s.explainJson.isEmpty())
                    continue;
                Result<Plan> plan = parsePlan(s.explainJson, PlanFormat::Json);
                if (isError(plan))
                    s.planError = std::get<ParseError>(plan).toString();
                else
                    s.plan = std::get<Plan>(std::move(plan));
                // The connection knows the exact version (PQserverVersion); the plan's fields only prove a minimum.
                setServerVersion(s.plan, version);
            }
        }
        r.computeStats();
        return r;
    }));
}

} // namespace PlanLens
