// SPDX-License-Identifier: MIT
#include "runchecks.h"

#include <QRegularExpression>

namespace PlanLens {

namespace {

bool isExplainable(const SqlStatement &st)
{
    switch (st.kind) {
    case StatementKind::Select:
    case StatementKind::SelectLocking:
    case StatementKind::Insert:
    case StatementKind::Update:
    case StatementKind::Delete:
    case StatementKind::Merge:
        return true;
    default:
        return false;
    }
}

QString kindPhrase(const SqlStatement &st)
{
    switch (st.kind) {
    case StatementKind::Select:
        return st.writes && st.writeReason.contains(QStringLiteral("data-modifying WITH"))
            ? QStringLiteral("a SELECT with a data-modifying WITH") : QStringLiteral("a SELECT");
    case StatementKind::SelectLocking: return QStringLiteral("a SELECT ... FOR UPDATE/SHARE");
    case StatementKind::Insert: return QStringLiteral("an INSERT");
    case StatementKind::Update: return QStringLiteral("an UPDATE");
    case StatementKind::Delete: return QStringLiteral("a DELETE");
    case StatementKind::Merge: return QStringLiteral("a MERGE");
    case StatementKind::Ddl: return QStringLiteral("a schema change");
    case StatementKind::Utility: return QStringLiteral("a utility command");
    case StatementKind::Transaction: return QStringLiteral("a transaction command");
    case StatementKind::Explain: return QStringLiteral("an EXPLAIN");
    case StatementKind::Call: return QStringLiteral("a CALL, DO or COPY");
    case StatementKind::Other: return QStringLiteral("a statement");
    }
    return QString();
}

int lineOf(const QString &text, int index)
{
    return int(QStringView(text).left(index).count(u'\n')) + 1;
}

} // namespace

QString RunChecks::sideTitle(const QString &side)
{
    QString s = side;
    if (!s.isEmpty())
        s[0] = s.at(0).toUpper();
    return s;
}

QString RunChecks::where(const Side &side, int statement)
{
    if (statement < 0 || statement >= side.stmts.size())
        return sideTitle(side.name);
    const int line = lineOf(side.script.text, side.stmts.at(statement).sql.start);
    return QStringLiteral("%1, statement %2 (line %3)").arg(sideTitle(side.name)).arg(statement + 1).arg(line);
}

bool RunChecks::isDefaultArrayParamName(const QString &name)
{
    static const QRegularExpression family(QStringLiteral("^ids(_[0-9]+)?$"));
    return family.match(name).hasMatch();
}

QString RunChecks::prepareSide(const QString &name, const QString &sql, const RunRequest &request,
                               const QList<RunArrayParam> &arrayParams, Side *side)
{
    side->name = name;
    side->stmts.clear();
    side->readOnly = true;
    if (sql.trimmed().isEmpty())
        return QStringLiteral("The %1 side is empty: type at least one statement.").arg(name);
    Result<SqlScript> parsed = parseSqlScript(sql);
    if (isError(parsed))
        return QStringLiteral("%1: %2").arg(sideTitle(name), std::get<ParseError>(parsed).message);
    side->script = std::get<SqlScript>(std::move(parsed));
    const bool estimate = request.mode == RunMode::Estimate;

    auto declared = [&arrayParams](const QString &name) -> const RunArrayParam * {
        for (const RunArrayParam &a : arrayParams)
            if (a.name == name)
                return &a;
        return nullptr;
    };
    auto tableRow = [&](const QString &name) -> int {
        const bool array = declared(name) || isDefaultArrayParamName(name);
        for (qsizetype i = 0; i < request.parameters.size(); ++i) {
            const RunParameter &p = request.parameters.at(i);
            // An empty row for an array parameter (the parameter table lists every name it finds) gives no value:
            // '' is no array literal anyway.
            if (p.name == name && !(array && p.value.isEmpty() && !p.isNull && p.type.isEmpty()))
                return int(i);
        }
        return -1;
    };

    for (qsizetype i = 0; i < side->script.statements.size(); ++i) {
        Stmt s;
        s.sql = side->script.statements.at(i);
        s.explainable = isExplainable(s.sql);
        side->stmts << s;
    }
    for (qsizetype i = 0; i < side->stmts.size(); ++i) {
        Stmt &s = side->stmts[i];
        const SqlStatement &st = s.sql;
        const QString at = where(*side, int(i));
        if (st.kind == StatementKind::Transaction)
            return QStringLiteral("%1 is a transaction command and was not run: PlanLens runs each side in a transaction "
                                  "of its own and always rolls it back. Remove BEGIN/COMMIT/ROLLBACK/SAVEPOINT.").arg(at);
        if (st.kind == StatementKind::Explain)
            return QStringLiteral("%1 is already an EXPLAIN: PlanLens adds EXPLAIN itself. Remove it and run the bare "
                                  "statement.").arg(at);
        if (st.writes && !request.allowWrites && !(estimate && s.explainable)) {
            return QStringLiteral("%1 is %2 and was not run: %3. Allow writes for this run to execute it inside a "
                                  "transaction that is always rolled back%4.")
                .arg(at, kindPhrase(st), st.writeReason,
                     s.explainable ? QStringLiteral(", or use estimate mode, which only plans it") : QString());
        }
        // Execution: estimate mode runs only what planning later statements needs and cannot be explained
        // (SET, allowed DDL such as CREATE INDEX); EXPLAINable statements are only planned.
        s.executeAnalyze = true;
        s.executeEstimate = !s.explainable;
        if (st.writes && (request.mode != RunMode::Estimate || s.executeEstimate))
            side->readOnly = false;

        int maxNumber = 0;
        for (const ParamUse &p : st.params)
            maxNumber = std::max(maxNumber, p.number);
        s.params = QList<Param>(maxNumber);
        for (const ParamUse &p : st.params) {
            Param &slot = s.params[p.number - 1];
            const QString key = p.name.isEmpty() ? QString::number(p.number) : p.name;
            const int row = tableRow(key);
            if (row >= 0) {
                slot.source = Param::Table;
                slot.tableRow = row;
            } else if (const RunArrayParam *a = p.name.isEmpty() ? nullptr : declared(p.name)) {
                if (a->fromStatement < 0 || a->fromStatement >= i)
                    return QStringLiteral("%1 uses $%2, declared as column %3 of statement %4, which does not come "
                                          "before it.").arg(at, p.name).arg(a->column + 1).arg(a->fromStatement + 1);
                slot.source = Param::Result;
                slot.name = p.name;
                slot.fromStatement = a->fromStatement;
                slot.column = a->column;
            } else if (isDefaultArrayParamName(p.name)) {
                if (i == 0)
                    return QStringLiteral("%1 uses $%2, the first column of the previous statement's result, but it is "
                                          "the first statement of the script.").arg(at, p.name);
                slot.source = Param::Result;
                slot.name = p.name;
                slot.fromStatement = int(i) - 1;
                slot.column = 0;
            } else if (!p.name.isEmpty()) {
                return QStringLiteral("%1 uses $%2, which has no value: PlanLens fills in only $ids (and $ids_2, $ids_3, "
                                      "...) from the previous statement's result, and the array parameters a rewrite "
                                      "declares; give $%2 a value in the parameter table.")
                    .arg(at, p.name);
            } else {
                return QStringLiteral("%1 uses $%2, which has no value: fill it in the parameter table.")
                    .arg(at).arg(p.number);
            }
            if (slot.source == Param::Result) {
                Stmt &from = side->stmts[slot.fromStatement];
                (slot.column == 0 ? from.feedsFirstColumn : from.feedsRows) = true;
                // In estimate mode a read-only producer of an array parameter still runs: the plan needs real values.
                if (!from.sql.writes)
                    from.executeEstimate = true;
            }
        }
    }
    return QString();
}

QString RunChecks::check(const RunRequest &request)
{
    if (request.mode != RunMode::Estimate && request.runs < 1)
        return QStringLiteral("The number of measured runs must be at least 1.");
    if (request.warmup < 0)
        return QStringLiteral("The number of warm-up runs cannot be negative.");
    if (request.timeoutMs <= 0)
        return QStringLiteral("The statement timeout must be positive.");
    for (const RunParameter &p : request.parameters)
        if (p.name.isEmpty())
            return QStringLiteral("A parameter has no name: use 1, 2, ... for $1, $2 or the name of a named parameter.");
    Side side;
    QString err = prepareSide(QStringLiteral("before"), request.beforeSql, request, {}, &side);
    if (err.isEmpty())
        err = prepareSide(QStringLiteral("after"), request.afterSql, request, request.afterArrayParams, &side);
    return err;
}

} // namespace PlanLens
