// SPDX-License-Identifier: MIT
#include "cli.h"
#include "format/units.h"
#include "commands.h"

#include "db/pgconnection.h"
#include "plan/planparser.h"
#include "rewrite/catalogchecks.h"
#include "rewrite/rewrite.h"
#include "rewrite/rewriteverifier.h"
#include "sql/sqlscript.h"

#include <QCommandLineParser>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>

namespace PlanLens::Cli {

namespace {

bool readFile(const QString &path, QString *text, QString *error)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read %1: %2").arg(path, f.errorString());
        return false;
    }
    *text = QString::fromUtf8(f.readAll());
    return true;
}

// "rows equal; ×31.2 faster (before 210 ms, after 6.73 ms median)" or why it was not run.
QString verifiedText(const QJsonValue &verified)
{
    if (!verified.isObject()) return {};
    const QJsonObject v = verified.toObject();
    QStringList parts;
    const QJsonValue eq = v.value(QStringLiteral("rows_equal"));
    if (eq.isBool()) parts << (eq.toBool() ? QStringLiteral("rows equal") : QStringLiteral("rows DIFFER"));
    if (v.value(QStringLiteral("speedup")).isDouble())
        parts << QStringLiteral("%1 (before %2, after %3 median)")
                     .arg(Units::speedup(v.value(QStringLiteral("speedup")).toDouble()),
                          Units::duration(v.value(QStringLiteral("before_median_ms")).toDouble()),
                          Units::duration(v.value(QStringLiteral("after_median_ms")).toDouble()));
    for (const char *k : { "first_difference", "note", "error" })
        if (v.value(QLatin1StringView(k)).isString()) parts << v.value(QLatin1StringView(k)).toString();
    QString out = parts.join(QStringLiteral("; "));
    for (const char *side : {"before_plans", "after_plans"}) {
        const QJsonArray plans = v.value(QLatin1StringView(side)).toArray();
        for (int i = 0; i < plans.size(); ++i)
            out += QStringLiteral("\n      %1 plan, statement %2: %3")
                       .arg(QLatin1StringView(side).startsWith(QLatin1StringView("before")) ? QStringLiteral("Before")
                                                                                             : QStringLiteral("After"))
                       .arg(i + 1)
                       .arg(plans.at(i).toString());
    }
    return out;
}

void printText(const QList<Rewrite> &rewrites, const QList<QJsonObject> &json)
{
    if (rewrites.isEmpty()) {
        printOut(QStringLiteral("No rewrite applies to this SQL."));
        return;
    }
    for (int i = 0; i < rewrites.size(); ++i) {
        const Rewrite &r = rewrites.at(i);
        const QJsonObject o = json.value(i);
        QString s = QStringLiteral("== %1. %2 [%3]\n").arg(i + 1).arg(r.title, r.rule);
        for (int k = 0; k < r.statements.size(); ++k)
            s += QStringLiteral("-- statement %1\n%2;\n").arg(k + 1).arg(r.statements.at(k));
        if (!r.preconditions.isEmpty()) {
            s += QStringLiteral("Preconditions:\n");
            for (const QString &p : r.preconditions)
                s += QStringLiteral("  - %1\n").arg(p);
        }
        for (const CatalogCheck &c : r.checks) {
            if (!c.holds)
                continue;
            s += QStringLiteral("  check %1 (%2): %3%4\n")
                     .arg(c.id, c.required ? QStringLiteral("required") : QStringLiteral("informative"),
                          *c.holds ? QStringLiteral("holds") : QStringLiteral("does not hold"),
                          *c.holds ? QString() : QStringLiteral(" — ") + c.whenFalse);
            // Not proven by the catalog: what the data says today (holds, not enforced; or a duplicate).
            if (!c.dataSentence().isEmpty()) s += QStringLiteral("    in the data: %1\n").arg(c.dataSentence());
        }
        if (r.preconditionFailed())
            s += r.fallbackVariant.isEmpty()
                ? QStringLiteral("Do not use this rewrite: a required precondition does not hold.\n")
                : QStringLiteral("Use the %1 variant: a required precondition of the main form does not hold.\n")
                      .arg(r.fallbackVariant);
        s += QStringLiteral("Why: %1\n").arg(r.explanation);
        s += QStringLiteral("Rows: %1\n").arg(r.mapping.description);
        const QString verified = verifiedText(o.value(QStringLiteral("verified")));
        if (!verified.isEmpty()) s += QStringLiteral("Verified: %1\n").arg(verified);
        const QJsonArray variants = o.value(QStringLiteral("variants")).toArray();
        for (int k = 0; k < r.variants.size(); ++k) {
            const RewriteVariant &v = r.variants.at(k);
            s += QStringLiteral("  Variant %1: %2\n    When: %3\n").arg(v.id, v.title, v.when);
            for (const QString &st : v.statements)
                s += QStringLiteral("    %1;\n").arg(QString(st).replace(u'\n', QStringLiteral("\n    ")));
            const QString vv = verifiedText(variants.at(k).toObject().value(QStringLiteral("verified")));
            if (!vv.isEmpty()) s += QStringLiteral("    Verified: %1\n").arg(vv);
        }
        printOut(s);
    }
}

// Connects and reads the catalog facts the rules use (aggregate and window function names). On failure returns
// nothing and says why in `failure`.
std::optional<CatalogFacts> readCatalogFacts(PgConnection &conn, const QString &dsn, QString *failure)
{
    QEventLoop loop;
    std::optional<CatalogFacts> facts;
    quint64 pending = 0;
    QObject::connect(&conn, &PgConnection::passwordRequired, &loop, [&] {
        *failure = QStringLiteral("the server asks for a password: set PGPASSWORD or add it to ~/.pgpass");
        loop.quit();
    });
    QObject::connect(&conn, &PgConnection::connectionFailed, &loop, [&](const QString &m) {
        *failure = m;
        loop.quit();
    });
    QObject::connect(&conn, &PgConnection::connected, &loop, [&] {
        PgQuery q;
        q.sql = CatalogChecks::catalogFactsSql();
        q.keepRows = true;
        pending = conn.execute(q);
        if (pending == 0) {
            *failure = conn.lastError();
            loop.quit();
        }
    });
    QObject::connect(&conn, &PgConnection::queryFinished, &loop, [&](quint64 id, const PgResult &r) {
        if (id != pending) return;
        if (!r.ok) {
            *failure = QStringLiteral("reading pg_proc failed: ") + r.error;
        } else {
            QList<QStringList> rows;
            for (const PgRow &row : r.values) {
                QStringList cells;
                for (const std::optional<QString> &v : row)
                    cells << v.value_or(QString());
                rows << cells;
            }
            facts = CatalogChecks::catalogFactsFromRows(rows);
        }
        loop.quit();
    });
    conn.connectToServer(dsn);
    loop.exec();
    return facts;
}

} // namespace

int rewriteCommand(const QStringList &args)
{
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral("Propose rewrites of a SQL script (one side: one or several "
                                               "statements) and, with --verify, run each against the Before "
                                               "script and compare rows and times."));
    p.addPositionalArgument(QStringLiteral("sqlfile"), QStringLiteral("The SQL script to rewrite."));
    p.addOption({ QStringLiteral("plan"), QStringLiteral("An EXPLAIN of the script's last statement (JSON or text)."),
        QStringLiteral("PLANFILE") });
    p.addOption({ QStringLiteral("dsn"),
        QStringLiteral("Connection (conninfo or URI): run the catalog checks (and, "
                       "with --verify, the rewrites)."),
        QStringLiteral("DSN") });
    p.addOption({ QStringLiteral("verify"),
        QStringLiteral("With --dsn: run Before and each rewrite, compare rows "
                       "and median times.") });
    p.addOption({ QStringLiteral("runs"), QStringLiteral("Measured runs per side for --verify (default 5)."),
        QStringLiteral("N"), QStringLiteral("5") });
    p.addOption({ QStringLiteral("param"),
        QStringLiteral("Value of $N or of a named parameter for --verify: N=VALUE; "
                       "repeatable."),
        QStringLiteral("N=VALUE") });
    p.addOption({ QStringLiteral("json"), QStringLiteral("Print JSON (documented in docs/cli.md).") });
    p.addHelpOption();
    if (const std::optional<int> done = parseOptions(p, args))
        return *done;
    if (p.positionalArguments().size() != 1) {
        printErr(QStringLiteral("planlens rewrite: give one SQL file\n\n") + p.helpText());
        return BadInput;
    }
    QString error;
    QString sql;
    if (!readFile(p.positionalArguments().first(), &sql, &error)) {
        printErr(QStringLiteral("planlens rewrite: ") + error);
        return BadInput;
    }
    const auto parsed = parseSqlScript(sql);
    if (isError(parsed)) {
        printErr(QStringLiteral("planlens rewrite: ") + std::get<ParseError>(parsed).message);
        return BadInput;
    }
    const SqlScript &script = std::get<SqlScript>(parsed);

    std::optional<Plan> plan;
    if (p.isSet(QStringLiteral("plan"))) {
        QString planText;
        if (!readFile(p.value(QStringLiteral("plan")), &planText, &error)) {
            printErr(QStringLiteral("planlens rewrite: ") + error);
            return BadInput;
        }
        auto parsedPlan = parsePlan(planText);
        if (isError(parsedPlan)) {
            printErr(QStringLiteral("planlens rewrite: %1: %2")
                         .arg(p.value(QStringLiteral("plan")), std::get<ParseError>(parsedPlan).toString()));
            return BadInput;
        }
        plan = std::get<Plan>(std::move(parsedPlan));
    }
    if (p.isSet(QStringLiteral("verify")) && !p.isSet(QStringLiteral("dsn"))) {
        printErr(QStringLiteral("planlens rewrite: --verify needs --dsn"));
        return BadInput;
    }

    // Connected, the rules learn from pg_proc which functions are aggregates (user-defined ones included).
    PgConnection conn;
    std::optional<CatalogFacts> facts;
    if (p.isSet(QStringLiteral("dsn"))) {
        const QString invalid = PgConnection::checkConninfo(p.value(QStringLiteral("dsn")));
        if (!invalid.isEmpty()) {
            printErr(QStringLiteral("planlens rewrite: ") + invalid);
            return BadInput;
        }
        QString failure;
        facts = readCatalogFacts(conn, p.value(QStringLiteral("dsn")), &failure);
        if (!facts) {
            printErr(QStringLiteral("planlens rewrite: ") + failure);
            return BadInput;
        }
    }
    QList<Rewrite> rewrites = proposeRewrites(script, plan ? &*plan : nullptr, facts ? &*facts : nullptr);
    QList<QJsonObject> json;
    int status = Ok;

    QList<QList<RewriteVerification>> results;
    if (p.isSet(QStringLiteral("dsn")) && !rewrites.isEmpty()) {
        RewriteVerifier::Options options;
        bool ok = false;
        options.runs = p.value(QStringLiteral("runs")).toInt(&ok);
        if (!ok || options.runs < 1) {
            printErr(QStringLiteral("planlens rewrite: --runs needs a whole number of at least 1"));
            return BadInput;
        }
        options.checksOnly = !p.isSet(QStringLiteral("verify"));
        for (const QString &spec : p.values(QStringLiteral("param"))) {
            const int eq = int(spec.indexOf(u'='));
            if (eq <= 0) {
                printErr(QStringLiteral("planlens rewrite: --param needs N=VALUE, not '%1'").arg(spec));
                return BadInput;
            }
            RunParameter rp;
            rp.name = spec.left(eq).trimmed();
            if (rp.name.startsWith(u'$')) rp.name.remove(0, 1);
            rp.value = spec.mid(eq + 1);
            options.parameters << rp;
        }
        RewriteVerifier verifier(&conn);
        QEventLoop loop;
        QString failure;
        QObject::connect(&conn, &PgConnection::passwordRequired, &loop, [&] {
            failure = QStringLiteral("the server asks for a password: set PGPASSWORD or add it to ~/.pgpass");
            loop.quit();
        });
        QObject::connect(&verifier, &RewriteVerifier::progress, &loop, [](const QString &m) { printErr(m); });
        QObject::connect(&verifier, &RewriteVerifier::failed, &loop, [&](const QString &m) {
            failure = m;
            loop.quit();
        });
        QObject::connect(&verifier, &RewriteVerifier::finished, &loop,
            [&](const QList<Rewrite> &checked, const QList<QList<RewriteVerification>> &r) {
                rewrites = checked;
                results = r;
                loop.quit();
            });
        verifier.start(script, rewrites, options); // connected by readCatalogFacts()
        loop.exec();
        if (!failure.isEmpty()) {
            printErr(QStringLiteral("planlens rewrite: ") + failure);
            return BadInput;
        }
    }
    for (int i = 0; i < rewrites.size(); ++i) {
        const Rewrite &r = rewrites.at(i);
        QJsonObject o = rewriteToJson(r);
        if (r.preconditionFailed()) status = Failure;
        const QList<RewriteVerification> forms = results.value(i);
        QJsonArray variants = o.value(QStringLiteral("variants")).toArray();
        for (const RewriteVerification &v : forms) {
            if (v.rowsEqual == std::optional<bool>(false) || !v.error.isEmpty()) status = Failure;
            if (v.form == u"main") {
                o.insert(QStringLiteral("verified"), v.toJson());
                continue;
            }
            for (int k = 0; k < variants.size(); ++k) {
                QJsonObject vo = variants.at(k).toObject();
                if (vo.value(QStringLiteral("id")).toString() == v.form) {
                    vo.insert(QStringLiteral("verified"), v.toJson());
                    variants[k] = vo;
                }
            }
        }
        o.insert(QStringLiteral("variants"), variants);
        json << o;
    }

    if (p.isSet(QStringLiteral("json"))) {
        QJsonArray arr;
        for (const QJsonObject &o : json)
            arr.append(o);
        printJson(QJsonObject { { QStringLiteral("rewrites"), arr } });
    } else {
        printText(rewrites, json);
    }
    return status;
}

} // namespace PlanLens::Cli
