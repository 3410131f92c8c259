// SPDX-License-Identifier: MIT
// Invariants the schema does not enforce, checked on the data (issue 13.7), on a throwaway cluster. The preload
// table has NO unique constraint on (user_id, project_id), so the catalog cannot prove the preload join safe. With
// one row per key in the data, the join form is verified like any other (rows equal), with the "holds in the data,
// not enforced" warning and the CREATE UNIQUE INDEX that would make it safe; with one duplicate the LATERAL
// fallback stays recommended and the note names the duplicate. The CLI's JSON carries holds_in_data.
#include "db/pgconnection.h"
#include "rewrite/invariantcheck.h"
#include "rewrite/rewrite.h"
#include "rewrite/rewriteverifier.h"
#include "verifyrewrites.h"
#include "sql/sqlscript.h"
#include "testcluster.h"

#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace PlanLens;

namespace {

// GitLab's access-level preload (seed 004), on the page query it repeats.
const QString kSql = QStringLiteral(
    "SELECT projects.* FROM projects WHERE projects.hidden = false ORDER BY projects.created_at DESC, projects.id "
    "DESC LIMIT 10;\n"
    "SELECT MAX(pa.access_level) AS maximum_access_level, pa.project_id FROM project_authorizations pa\n"
    "WHERE pa.user_id = 1 AND pa.project_id IN (SELECT projects.id FROM projects WHERE projects.hidden = false\n"
    "  ORDER BY projects.created_at DESC, projects.id DESC LIMIT 10)\n"
    "GROUP BY pa.project_id;");

const QString kWarning = QStringLiteral("holds in the data, not enforced: a later duplicate would change the result");
const QString kEnforce
    = QStringLiteral("CREATE UNIQUE INDEX CONCURRENTLY project_authorizations_user_id_project_id_key "
                     "ON project_authorizations (user_id, project_id);");

const CatalogCheck *uniqueCheck(const Rewrite &r)
{
    for (const CatalogCheck &c : r.checks)
        if (c.id == u"unique-key") return &c;
    return nullptr;
}

QString describe(const RewriteVerification *v)
{
    if (!v) return QStringLiteral("(form missing)");
    return QStringLiteral("%1: ran=%2 rows_equal=%3 diff='%4' note='%5' error='%6'")
        .arg(v->form, v->ran ? QStringLiteral("yes") : QStringLiteral("no"),
            v->rowsEqual ? (*v->rowsEqual ? QStringLiteral("true") : QStringLiteral("false")) : QStringLiteral("null"),
            v->firstDifference, v->note, v->error);
}

} // namespace

class TestInvariantCheck : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void dataSqlFromTheRule();
    void uniqueDataVerifiesTheJoin();
    void duplicateKeepsTheFallback();
    void dataCheckIsBoundedAndReadOnly();
    void cliCarriesHoldsInData();

private:
    using Outcome = PlanLens::Test::VerifyOutcome;
    Outcome verify(RewriteVerifier::Options options = {});
    static const RewriteVerification *form(const Outcome &o, const QString &id);
    void exec(const QString &sql);
    Test::TestCluster m_pg;
};

void TestInvariantCheck::initTestCase()
{
    QString error;
    QVERIFY2(m_pg.start(&error), qPrintable(error));
    // One level per (user_id, project_id) in the data, and an index to find them, but no UNIQUE anywhere.
    exec(QStringLiteral(
        "CREATE TABLE projects (id int PRIMARY KEY, created_at timestamptz NOT NULL, hidden bool NOT NULL);"
        "CREATE TABLE project_authorizations (user_id int NOT NULL, project_id int NOT NULL,"
        "  access_level int NOT NULL);"
        "CREATE INDEX project_authorizations_user_project ON project_authorizations (user_id, project_id);"
        "INSERT INTO projects SELECT i, timestamptz '2024-01-01' + i * interval '1 hour', i % 7 = 0"
        "  FROM generate_series(1, 40) i;"
        "INSERT INTO project_authorizations SELECT u, p, 10 * (1 + (u + p) % 5)"
        "  FROM generate_series(1, 3) u, generate_series(1, 40) p WHERE (u + p) % 3 <> 0;"
        "ANALYZE;"));
}

void TestInvariantCheck::exec(const QString &sql)
{
    QString error;
    QVERIFY2(m_pg.exec(sql, &error), qPrintable(error));
}

TestInvariantCheck::Outcome TestInvariantCheck::verify(RewriteVerifier::Options options)
{
    const SqlScript script = std::get<SqlScript>(parseSqlScript(kSql));
    QList<Rewrite> proposed;
    for (const Rewrite &r : proposeRewrites(script, nullptr))
        if (r.rule == u"preload-left-join") proposed << r;
    options.runs = 1;
    options.warmup = 0;
    return PlanLens::Test::verifyRewrites(m_pg.conninfo(), script, proposed, options, 120000);
}

const RewriteVerification *TestInvariantCheck::form(const Outcome &o, const QString &id)
{
    // A reference into the outcome itself: value(0) would return a copy that dies with the loop.
    if (o.results.isEmpty())
        return nullptr;
    for (const RewriteVerification &v : o.results.first())
        if (v.form == id) return &v;
    return nullptr;
}

void TestInvariantCheck::dataSqlFromTheRule()
{
    // The data check reads the rows the preload reads: its own conditions, as written, but not one with a
    // parameter (left out, which only widens the check).
    const SqlScript script = std::get<SqlScript>(parseSqlScript(kSql));
    const QList<Rewrite> all = proposeRewrites(script, nullptr);
    QCOMPARE(all.size(), 1);
    const CatalogCheck *c = uniqueCheck(all.first());
    QVERIFY(c);
    QCOMPARE(c->dataSql,
        QStringLiteral("SELECT user_id, project_id, count(*) AS row_count FROM project_authorizations AS pa "
                       "WHERE pa.user_id = 1 GROUP BY user_id, project_id HAVING count(*) > 1 LIMIT 1"));
    QCOMPARE(c->enforceSql, kEnforce);
    QVERIFY2(c->whenFalse.contains(kEnforce), qPrintable(c->whenFalse));
    // Offline nothing is known: no data sentence, and the check is not failed.
    QVERIFY(c->dataSentence().isEmpty());
    QVERIFY(!c->failed());

    QString withParam = kSql;
    withParam.replace(QStringLiteral("pa.user_id = 1 AND"), QStringLiteral("pa.user_id = $1 AND"));
    const QList<Rewrite> p = proposeRewrites(std::get<SqlScript>(parseSqlScript(withParam)), nullptr);
    QCOMPARE(p.size(), 1);
    QVERIFY(uniqueCheck(p.first()));
    QCOMPARE(uniqueCheck(p.first())->dataSql,
        QStringLiteral("SELECT user_id, project_id, count(*) AS row_count FROM project_authorizations AS pa "
                       "GROUP BY user_id, project_id HAVING count(*) > 1 LIMIT 1"));
}

void TestInvariantCheck::uniqueDataVerifiesTheJoin()
{
    const Outcome o = verify();
    QVERIFY2(o.error.isEmpty(), qPrintable(o.error));
    QCOMPARE(o.rewrites.size(), 1);
    const Rewrite &r = o.rewrites.first();
    const CatalogCheck *c = uniqueCheck(r);
    QVERIFY(c);
    QCOMPARE(c->holds, std::optional<bool>(false)); // the catalog proves nothing
    QCOMPARE(c->holdsInData, std::optional<bool>(true)); // the data holds it today
    QVERIFY(c->holdsOnlyInData());
    QVERIFY(!r.preconditionFailed());
    QCOMPARE(r.recommendedForm(), QStringLiteral("main"));

    // The join form is not refused: it ran and returns the Before's rows.
    const RewriteVerification *main = form(o, QStringLiteral("main"));
    QVERIFY2(main && main->ran && main->rowsEqual == std::optional<bool>(true) && main->error.isEmpty(),
        qPrintable(describe(main)));
    QVERIFY2(main->note.contains(kWarning, Qt::CaseInsensitive), qPrintable(main->note));
    QVERIFY2(main->note.contains(kEnforce), qPrintable(main->note));
    const RewriteVerification *lat = form(o, QStringLiteral("lateral"));
    QVERIFY2(lat && lat->rowsEqual == std::optional<bool>(true), qPrintable(describe(lat)));
    QVERIFY2(!lat->note.contains(kWarning, Qt::CaseInsensitive), qPrintable(lat->note)); // needs no invariant

    // The JSON of the rewrite: the check says so, and the advice names the constraint.
    const QJsonObject json = rewriteToJson(r);
    QCOMPARE(json.value(QStringLiteral("precondition_failed")).toBool(true), false);
    QCOMPARE(json.value(QStringLiteral("recommended")).toString(), QStringLiteral("main"));
    QVERIFY(json.value(QStringLiteral("explanation")).toString().contains(kEnforce));
    int found = 0;
    for (const QJsonValue &v : json.value(QStringLiteral("checks")).toArray()) {
        const QJsonObject check = v.toObject();
        if (check.value(QStringLiteral("id")).toString() != u"unique-key") continue;
        ++found;
        QCOMPARE(check.value(QStringLiteral("holds")).toBool(true), false);
        QCOMPARE(check.value(QStringLiteral("holds_in_data")).toBool(false), true);
        QCOMPARE(check.value(QStringLiteral("enforce_sql")).toString(), kEnforce);
        QVERIFY(check.value(QStringLiteral("data_note")).toString().contains(kWarning, Qt::CaseInsensitive));
    }
    QCOMPARE(found, 1);

    // Another user's duplicate is no row the preload reads: the join still holds for this page.
    exec(QStringLiteral("INSERT INTO project_authorizations VALUES (2, 1, 50), (2, 1, 20)"));
    RewriteVerifier::Options checksOnly;
    checksOnly.checksOnly = true;
    const Outcome other = verify(checksOnly);
    exec(QStringLiteral("DELETE FROM project_authorizations WHERE user_id = 2 AND project_id = 1 "
                        "AND access_level IN (50, 20)"));
    QVERIFY2(other.error.isEmpty(), qPrintable(other.error));
    QCOMPARE(other.rewrites.size(), 1);
    QVERIFY(uniqueCheck(other.rewrites.first()));
    QCOMPARE(uniqueCheck(other.rewrites.first())->holdsInData, std::optional<bool>(true));
}

void TestInvariantCheck::duplicateKeepsTheFallback()
{
    // User 1 gets a second level on project 40 (on the page: the ten newest visible projects).
    exec(QStringLiteral("INSERT INTO project_authorizations VALUES (1, 40, 50)"));
    const Outcome o = verify();
    exec(QStringLiteral(
        "DELETE FROM project_authorizations WHERE user_id = 1 AND project_id = 40 AND access_level = 50"));
    QVERIFY2(o.error.isEmpty(), qPrintable(o.error));
    QCOMPARE(o.rewrites.size(), 1);
    const Rewrite &r = o.rewrites.first();
    const CatalogCheck *c = uniqueCheck(r);
    QVERIFY(c);
    QCOMPARE(c->holds, std::optional<bool>(false));
    QCOMPARE(c->holdsInData, std::optional<bool>(false));
    QCOMPARE(c->dataExample, QStringLiteral("(user_id, project_id) = (1, 40) has 2 rows"));
    QVERIFY(r.preconditionFailed());
    QCOMPARE(r.recommendedForm(), QStringLiteral("lateral"));

    // As before: the join form is refused, and the note says the data has a duplicate too.
    const RewriteVerification *main = form(o, QStringLiteral("main"));
    QVERIFY2(main && !main->ran && !main->rowsEqual, qPrintable(describe(main)));
    QVERIFY2(main->note.contains(QStringLiteral("precondition")), qPrintable(main->note));
    QVERIFY2(main->note.contains(QStringLiteral("The data has duplicates")), qPrintable(main->note));
    QVERIFY2(main->note.contains(QStringLiteral("(1, 40) has 2 rows")), qPrintable(main->note));
    QVERIFY2(!main->note.contains(kWarning, Qt::CaseInsensitive), qPrintable(main->note));
    const RewriteVerification *lat = form(o, QStringLiteral("lateral"));
    QVERIFY2(lat && lat->rowsEqual == std::optional<bool>(true), qPrintable(describe(lat)));

    const QJsonObject json = rewriteToJson(r);
    QCOMPARE(json.value(QStringLiteral("recommended")).toString(), QStringLiteral("lateral"));
    QVERIFY(!json.value(QStringLiteral("explanation")).toString().contains(kWarning, Qt::CaseInsensitive));
    const QJsonArray checks = json.value(QStringLiteral("checks")).toArray();
    QVERIFY(!checks.isEmpty());
    QCOMPARE(checks.first().toObject().value(QStringLiteral("holds_in_data")).toBool(true), false);
}

void TestInvariantCheck::dataCheckIsBoundedAndReadOnly()
{
    PgConnection conn;
    QSignalSpy connected(&conn, &PgConnection::connected);
    conn.connectToServer(m_pg.conninfo());
    QVERIFY(connected.wait(15000));
    auto run = [&](const PgQuery &q) {
        QSignalSpy done(&conn, &PgConnection::queryFinished);
        conn.execute(q);
        if (!done.wait(30000)) return PgResult();
        return done.first().at(1).value<PgResult>();
    };
    CatalogCheck slow;
    slow.holds = false;
    slow.dataSql = QStringLiteral("SELECT 1 FROM pg_sleep(30)");
    QVERIFY(InvariantCheck::prepare(slow));
    // A verifier timeout of 1 s bounds the data check to 1 s: no answer, and it says why.
    const PgResult timedOut = run(InvariantCheck::query(slow, 1000));
    QVERIFY(timedOut.timedOut);
    InvariantCheck::apply(slow, timedOut, 1000);
    QVERIFY(!slow.holdsInData.has_value());
    QVERIFY2(slow.dataExample.contains(QStringLiteral("within 1 s")), qPrintable(slow.dataExample));
    QVERIFY(slow.failed()); // no answer is no support

    // Read only: a data check cannot write.
    CatalogCheck writes;
    writes.holds = false;
    writes.dataSql = QStringLiteral("CREATE TABLE invariant_probe (a int)");
    const PgResult refused = run(InvariantCheck::query(writes, 60000));
    QVERIFY(!refused.ok);
    QCOMPARE(refused.sqlState, QStringLiteral("25006")); // read_only_sql_transaction

    // Neither left a transaction open nor changed the session's settings.
    PgQuery state;
    state.sql = QStringLiteral("SELECT current_setting('statement_timeout') || ' ' || current_setting("
                               "'transaction_read_only') || ' ' || (xact_start = query_start)::text "
                               "FROM pg_stat_activity WHERE pid = pg_backend_pid()");
    state.keepRows = true;
    const PgResult after = run(state);
    QVERIFY2(after.ok && !after.values.isEmpty(), qPrintable(after.error));
    QCOMPARE(after.values.first().value(0).value_or(QString()), QStringLiteral("0 off true"));

    // A catalog check that answered true needs no data check.
    CatalogCheck proven;
    proven.holds = true;
    proven.dataSql = slow.dataSql;
    QVERIFY(!InvariantCheck::prepare(proven));
}

void TestInvariantCheck::cliCarriesHoldsInData()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QFile f(dir.filePath(QStringLiteral("preload.sql")));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(kSql.toUtf8());
    f.close();
    QProcess cli;
    cli.start(QStringLiteral(PLANLENS_BINARY),
        { QStringLiteral("rewrite"), f.fileName(), QStringLiteral("--dsn"), m_pg.conninfo(), QStringLiteral("--verify"),
            QStringLiteral("--runs"), QStringLiteral("1"), QStringLiteral("--json") });
    QVERIFY(cli.waitForFinished(120000));
    const QByteArray err = cli.readAllStandardError();
    QVERIFY2(cli.exitCode() == 0, err.constData());
    const QJsonArray rewrites
        = QJsonDocument::fromJson(cli.readAllStandardOutput()).object().value(QStringLiteral("rewrites")).toArray();
    int found = 0;
    for (const QJsonValue &rv : rewrites) {
        const QJsonObject r = rv.toObject();
        if (r.value(QStringLiteral("rule")).toString() != u"preload-left-join") continue;
        ++found;
        QCOMPARE(r.value(QStringLiteral("recommended")).toString(), QStringLiteral("main"));
        const QJsonArray checks = r.value(QStringLiteral("checks")).toArray();
        QVERIFY(!checks.isEmpty());
        const QJsonObject unique = checks.first().toObject();
        QCOMPARE(unique.value(QStringLiteral("id")).toString(), QStringLiteral("unique-key"));
        QCOMPARE(unique.value(QStringLiteral("holds")).toBool(true), false);
        QCOMPARE(unique.value(QStringLiteral("holds_in_data")).toBool(false), true);
        const QJsonObject verified = r.value(QStringLiteral("verified")).toObject();
        QCOMPARE(verified.value(QStringLiteral("rows_equal")).toBool(false), true);
        QVERIFY(verified.value(QStringLiteral("speedup")).isDouble());
        const QString note = verified.value(QStringLiteral("note")).toString();
        QVERIFY2(note.contains(kWarning, Qt::CaseInsensitive) && note.contains(kEnforce), qPrintable(note));
    }
    QCOMPARE(found, 1);
}

QTEST_GUILESS_MAIN(TestInvariantCheck)
#include "tst_invariantcheck.moc"
