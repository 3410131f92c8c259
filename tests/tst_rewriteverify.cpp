// SPDX-License-Identifier: MIT
// Rewrites verified on a real server: the demo databases (prepared by the demo fixture) for the seed
// incidents, and a throwaway cluster for the failing precondition. Each verification compares rows as the
// rewrite's mapping says and times Before against After with the runner.
#include "db/demodatabase.h"
#include "db/pgconnection.h"
#include "rewrite/rewriteverifier.h"
#include "testcluster.h"
#include "verifyrewrites.h"

#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTest>
#include <QTimer>

using namespace PlanLens;

class TestRewriteVerify : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void incidentA_typicalUser();
    void incidentA_userWithoutCollaborations();
    void incidentA_heavyOwner();
    void incidentA_monthly();
    void incidentB_withoutMembership();
    void incidentB_withMembership();
    void incidentB_duplicateAliasFailsNaively();
    void preconditionFailureIsReported();
    void rowsComparedInOneRepeatableReadTransaction();
    void takenIdsNameBindsAsDeclared();
    void cliVerifiesIncidentA();

private:
    using Outcome = PlanLens::Test::VerifyOutcome;
    Outcome verify(const QString &conninfo, const QString &sql, RewriteVerifier::Options options = {},
        const QList<Rewrite> *given = nullptr);
    PgResult query(const QString &conninfo, const QString &sql);
    static QString demoSql(const QString &example);
    static const RewriteVerification *form(const Outcome &o, int rewrite, const QString &id);

    QString m_tracks;
    QString m_projects;
    Test::TestCluster m_cluster;
};

namespace {
QString describe(const RewriteVerification *v)
{
    if (!v) return QStringLiteral("(form missing)");
    return QStringLiteral("%1: rows_equal=%2 speedup=%3 before=%4 after=%5 diff='%6' note='%7' error='%8'")
        .arg(v->form,
            v->rowsEqual ? (*v->rowsEqual ? QStringLiteral("true") : QStringLiteral("false")) : QStringLiteral("null"))
        .arg(v->speedup.value_or(-1))
        .arg(v->beforeMedianMs.value_or(-1))
        .arg(v->afterMedianMs.value_or(-1))
        .arg(v->firstDifference, v->note, v->error);
}
} // namespace

void TestRewriteVerify::initTestCase()
{
    const QString dir = Test::TestCluster::demoDir();
    if (dir.isEmpty())
        QFAIL("PLANLENS_DEMO_DIR is not set: run this test through ctest (the demo fixture prepares the databases).");
    DemoDatabase demo(dir);
    QString error;
    if (!demo.ensureReady(&error)) QFAIL(qPrintable(QStringLiteral("The demo databases are not ready: ") + error));
    m_tracks = demo.conninfo(QStringLiteral("tracks"));
    m_projects = demo.conninfo(QStringLiteral("projects"));
    if (!m_cluster.start(&error)) QFAIL(qPrintable(error));
}

QString TestRewriteVerify::demoSql(const QString &example)
{
    QFile f(QStringLiteral(PLANLENS_TEST_DATA "/../../resources/demo/%1/before.sql").arg(example));
    if (!f.open(QIODevice::ReadOnly)) qFatal("cannot read the demo example %s", qPrintable(example));
    return QString::fromUtf8(f.readAll());
}

TestRewriteVerify::Outcome TestRewriteVerify::verify(
    const QString &conninfo, const QString &sql, RewriteVerifier::Options options, const QList<Rewrite> *given)
{
    Outcome out;
    const auto parsed = parseSqlScript(sql);
    if (isError(parsed)) {
        out.error = std::get<ParseError>(parsed).message;
        return out;
    }
    const SqlScript script = std::get<SqlScript>(parsed);
    const QList<Rewrite> proposed = given ? *given : proposeRewrites(script, nullptr);
    if (options.runs == 5) options.runs = 3; // enough for a median under a loaded CI machine, and quicker
    return PlanLens::Test::verifyRewrites(conninfo, script, proposed, options, 600000);
}

PgResult TestRewriteVerify::query(const QString &conninfo, const QString &sql)
{
    PgConnection conn;
    PgResult out;
    QEventLoop loop;
    QObject::connect(&conn, &PgConnection::connected, &loop, [&] {
        PgQuery q;
        q.sql = sql;
        q.keepRows = true;
        conn.execute(q);
    });
    QObject::connect(&conn, &PgConnection::connectionFailed, &loop, [&](const QString &m) {
        out.error = m;
        loop.quit();
    });
    QObject::connect(&conn, &PgConnection::queryFinished, &loop, [&](quint64, const PgResult &r) {
        out = r;
        loop.quit();
    });
    QTimer::singleShot(120000, &loop, &QEventLoop::quit);
    conn.connectToServer(conninfo);
    loop.exec();
    return out;
}

const RewriteVerification *TestRewriteVerify::form(const Outcome &o, int rewrite, const QString &id)
{
    if (rewrite >= o.results.size()) return nullptr;
    for (const RewriteVerification &v : o.results.at(rewrite))
        if (v.form == id) return &v;
    return nullptr;
}

void TestRewriteVerify::incidentA_typicalUser()
{
    RewriteVerifier::Options options;
    options.runs = 2; // the speedup is ×1000s: two interleaved rounds after one warm-up show it
    options.warmup = 1;
    const Outcome o = verify(m_tracks, demoSql(QStringLiteral("incident-a")), options);
    QVERIFY2(o.error.isEmpty(), qPrintable(o.error));
    QCOMPARE(o.rewrites.size(), 1);
    QCOMPARE(o.rewrites.first().rule, QStringLiteral("prefetch-any-array"));
    // Both columns of the OR lead an index in the demo schema.
    int indexedChecks = 0;
    for (const CatalogCheck &c : o.rewrites.first().checks) {
        if (c.id != u"indexed") continue;
        ++indexedChecks;
        QCOMPARE(c.holds, std::optional<bool>(true));
    }
    QVERIFY(indexedChecks > 0);
    const RewriteVerification *main = form(o, 0, QStringLiteral("main"));
    QVERIFY2(main && main->rowsEqual == std::optional<bool>(true), qPrintable(describe(main)));
    QVERIFY2(main->speedup && *main->speedup > 1.0, qPrintable(describe(main)));
    qInfo("incident A, user 42001: %s", qPrintable(describe(main)));
    const RewriteVerification *single = form(o, 0, QStringLiteral("single-statement"));
    QVERIFY2(single && single->rowsEqual == std::optional<bool>(true), qPrintable(describe(single)));
    qInfo("  single statement: %s", qPrintable(describe(single)));
    // 42001 has accepted collaborations: the owner-only form does not apply and is not compared.
    const RewriteVerification *empty = form(o, 0, QStringLiteral("empty-prefetch"));
    QVERIFY(empty);
    QVERIFY2(!empty->rowsEqual && empty->note.contains(QStringLiteral("step 1 returned 3 row")),
        qPrintable(describe(empty)));
    // The after's plan is the BitmapOr one: the runner captured plans of both steps.
    bool bitmapOr = false;
    for (const StatementRun &s : main->run.after.statements)
        for (const PlanNode &n : s.plan.nodes)
            bitmapOr = bitmapOr || n.nodeType == u"BitmapOr";
    QVERIFY(bitmapOr);

    // Issue 9.1, which plan each gets, as the verified JSON shows it (docs/cli.md, rewrite): one access-path
    // line per statement. Before: the one statement reading tracks whole; After: step 1 on the collaborators,
    // then the main statement over a BitmapOr of the two tracks indexes.
    const QJsonObject mainJson = main->toJson();
    const QJsonArray beforePlans = mainJson.value(QStringLiteral("before_plans")).toArray();
    QCOMPARE(beforePlans.size(), 1);
    QVERIFY2(beforePlans.at(0).toString().contains(QStringLiteral("on tracks t")), qPrintable(beforePlans.at(0).toString()));
    QVERIFY2(!beforePlans.at(0).toString().contains(QStringLiteral("BitmapOr")), qPrintable(beforePlans.at(0).toString()));
    const QJsonArray afterPlans = mainJson.value(QStringLiteral("after_plans")).toArray();
    QCOMPARE(afterPlans.size(), 2);
    QVERIFY2(afterPlans.at(0).toString().contains(QStringLiteral("on track_collaborators")),
        qPrintable(afterPlans.at(0).toString()));
    const QString mainPlan = afterPlans.at(1).toString();
    QVERIFY2(mainPlan.contains(QStringLiteral("Bitmap Heap Scan on tracks t")), qPrintable(mainPlan));
    QVERIFY2(mainPlan.contains(QStringLiteral("BitmapOr")), qPrintable(mainPlan));
    qInfo("  main after plans: %s", qPrintable(afterPlans.at(1).toString()));
    // The single-statement variant's plans are reported too, whichever the planner picked for ANY(ARRAY(…)).
    const QJsonObject singleJson = single->toJson();
    QVERIFY(singleJson.value(QStringLiteral("before_plans")).toArray().size() == 1);
    const QJsonArray singlePlans = singleJson.value(QStringLiteral("after_plans")).toArray();
    QCOMPARE(singlePlans.size(), 1);
    QVERIFY2(singlePlans.at(0).toString().contains(QStringLiteral("on tracks")), qPrintable(singlePlans.at(0).toString()));
    qInfo("  single-statement after plans: %s", qPrintable(singlePlans.at(0).toString()));
}

void TestRewriteVerify::incidentA_userWithoutCollaborations()
{
    const Outcome o = verify(
        m_tracks, demoSql(QStringLiteral("incident-a")).replace(QStringLiteral("42001"), QStringLiteral("61010")));
    QVERIFY2(o.error.isEmpty(), qPrintable(o.error));
    QCOMPARE(o.rewrites.size(), 1);
    const RewriteVerification *main = form(o, 0, QStringLiteral("main"));
    QVERIFY2(main && main->rowsEqual == std::optional<bool>(true) && main->speedup && *main->speedup > 1.0,
        qPrintable(describe(main)));
    // Step 1 is empty: the owner-only form applies, returns the same rows, and is faster than the original.
    const RewriteVerification *empty = form(o, 0, QStringLiteral("empty-prefetch"));
    QVERIFY2(empty && empty->rowsEqual == std::optional<bool>(true) && empty->speedup && *empty->speedup > 1.0,
        qPrintable(describe(empty)));
    qInfo("incident A, user 61010: %s | %s", qPrintable(describe(main)), qPrintable(describe(empty)));
}

void TestRewriteVerify::incidentA_heavyOwner()
{
    const Outcome o
        = verify(m_tracks, demoSql(QStringLiteral("incident-a")).replace(QStringLiteral("42001"), QStringLiteral("3")));
    QVERIFY2(o.error.isEmpty(), qPrintable(o.error));
    const RewriteVerification *main = form(o, 0, QStringLiteral("main"));
    QVERIFY2(main && main->rowsEqual == std::optional<bool>(true) && main->speedup && *main->speedup > 1.0,
        qPrintable(describe(main)));
    qInfo("incident A, user 3 (20,162 tracks): %s", qPrintable(describe(main)));
}

void TestRewriteVerify::incidentA_monthly()
{
    const Outcome o = verify(m_tracks, demoSql(QStringLiteral("incident-a-monthly")));
    QVERIFY2(o.error.isEmpty(), qPrintable(o.error));
    QCOMPARE(o.rewrites.size(), 1);
    const RewriteVerification *main = form(o, 0, QStringLiteral("main"));
    QVERIFY2(main && main->rowsEqual == std::optional<bool>(true) && main->speedup && *main->speedup > 1.0,
        qPrintable(describe(main)));
    qInfo("incident A monthly: %s", qPrintable(describe(main)));
}

void TestRewriteVerify::incidentB_withoutMembership()
{
    const Outcome o = verify(m_projects, demoSql(QStringLiteral("incident-b")));
    QVERIFY2(o.error.isEmpty(), qPrintable(o.error));
    QCOMPARE(o.rewrites.size(), 1);
    const Rewrite &r = o.rewrites.first();
    QCOMPARE(r.rule, QStringLiteral("preload-left-join"));
    // The demo has UNIQUE (user_id, project_id): the precondition is proven from the catalog.
    bool proven = false;
    for (const CatalogCheck &c : r.checks)
        proven = proven || (c.id == u"unique-key" && c.holds == std::optional<bool>(true));
    QVERIFY(proven);
    QCOMPARE(r.recommendedForm(), QStringLiteral("main"));
    const RewriteVerification *main = form(o, 0, QStringLiteral("main"));
    QVERIFY2(main && main->rowsEqual == std::optional<bool>(true) && main->speedup && *main->speedup > 1.0,
        qPrintable(describe(main)));
    const RewriteVerification *lat = form(o, 0, QStringLiteral("lateral"));
    QVERIFY2(lat && lat->rowsEqual == std::optional<bool>(true), qPrintable(describe(lat)));
    qInfo("incident B: %s | %s", qPrintable(describe(main)), qPrintable(describe(lat)));
}

void TestRewriteVerify::incidentB_withMembership()
{
    const Outcome o = verify(m_projects, demoSql(QStringLiteral("incident-b-membership")));
    QVERIFY2(o.error.isEmpty(), qPrintable(o.error));
    QCOMPARE(o.rewrites.size(), 1);
    QVERIFY(o.rewrites.first().statements.first().contains(QStringLiteral("AS project_authorizations_2")));
    const RewriteVerification *main = form(o, 0, QStringLiteral("main"));
    QVERIFY2(main && main->rowsEqual == std::optional<bool>(true) && main->speedup && *main->speedup > 1.0,
        qPrintable(describe(main)));
    qInfo("incident B, membership: %s", qPrintable(describe(main)));
}

void TestRewriteVerify::incidentB_duplicateAliasFailsNaively()
{
    const auto parsed = parseSqlScript(demoSql(QStringLiteral("incident-b-membership")));
    QVERIFY(!isError(parsed));
    const QList<Rewrite> rewrites = proposeRewrites(std::get<SqlScript>(parsed), nullptr);
    QCOMPARE(rewrites.size(), 1);
    const QString ours = rewrites.first().statements.first();
    // The naive rewrite joins the table under its own name a second time.
    QString naive = ours;
    naive.replace(QStringLiteral(" AS project_authorizations_2"), QString());
    naive.replace(QStringLiteral("project_authorizations_2."), QStringLiteral("project_authorizations."));
    QVERIFY(naive != ours);
    const PgResult bad = query(m_projects, naive);
    QVERIFY2(!bad.ok, "the naive rewrite unexpectedly ran");
    QCOMPARE(bad.sqlState, QStringLiteral("42712"));
    const PgResult good = query(m_projects, ours);
    QVERIFY2(good.ok, qPrintable(good.error));
    QCOMPARE(good.rows, 10);
}

void TestRewriteVerify::rowsComparedInOneRepeatableReadTransaction()
{
    QVERIFY(RewriteVerifier::fetchTransactionSql(1000).startsWith(
        QStringLiteral("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")));
    // The Before reports its isolation level and its transaction's start time (now() is the same for every
    // statement of one transaction, and differs between two); the After states what one REPEATABLE READ
    // transaction shared with the Before would show. The rows are equal only when the verifier fetched both
    // scripts in one such transaction.
    const QString sql = QStringLiteral("SELECT current_setting('transaction_isolation') AS iso, now() AS started");
    Rewrite r;
    r.rule = QStringLiteral("same-snapshot-probe");
    r.title = QStringLiteral("probe");
    r.replaces = { 0 };
    r.statements = { QStringLiteral("SELECT 'repeatable read'::text AS iso, now() AS started") };
    r.mapping.kind = QStringLiteral("same-rows");
    const QList<Rewrite> given { r };
    RewriteVerifier::Options options;
    options.runs = 1;
    const Outcome o = verify(m_cluster.conninfo(), sql, options, &given);
    QVERIFY2(o.error.isEmpty(), qPrintable(o.error));
    const RewriteVerification *main = form(o, 0, QStringLiteral("main"));
    QVERIFY2(main && main->rowsEqual == std::optional<bool>(true) && main->error.isEmpty(), qPrintable(describe(main)));

    // The control: an After that claims READ COMMITTED differs, so the comparison above could have failed.
    Rewrite other = r;
    other.statements = { QStringLiteral("SELECT 'read committed'::text AS iso, now() AS started") };
    const QList<Rewrite> control { other };
    const Outcome c = verify(m_cluster.conninfo(), sql, options, &control);
    QVERIFY2(c.error.isEmpty(), qPrintable(c.error));
    const RewriteVerification *differs = form(c, 0, QStringLiteral("main"));
    QVERIFY2(differs && differs->rowsEqual == std::optional<bool>(false), qPrintable(describe(differs)));
}

void TestRewriteVerify::takenIdsNameBindsAsDeclared()
{
    // The statement already uses $ids, so the prefetch rewrite names its array $ids_2 (array_params): the
    // verifier's row fetch and the runner's timing both bind it from step 1.
    QString error;
    QVERIFY2(m_cluster.exec(QStringLiteral("CREATE TABLE items (id int PRIMARY KEY, kind int NOT NULL, o int NOT NULL);"
                                           "CREATE TABLE shares (x int NOT NULL);"
                                           "INSERT INTO items SELECT i, i % 4, i % 10 FROM generate_series(1, 2000) i;"
                                           "INSERT INTO shares SELECT i * 7 FROM generate_series(1, 50) i;"
                                           "ANALYZE;"),
                 &error),
        qPrintable(error));
    const QString sql = QStringLiteral(
        "SELECT items.id FROM items WHERE items.kind = ANY($ids) AND (items.o = 1 OR items.id IN (SELECT x FROM shares))");
    const auto parsed = parseSqlScript(sql);
    QVERIFY(!isError(parsed));
    QList<Rewrite> proposed;
    for (const Rewrite &r : proposeRewrites(std::get<SqlScript>(parsed), nullptr))
        if (r.rule == u"prefetch-any-array") proposed << r;
    QCOMPARE(proposed.size(), 1);
    QCOMPARE(proposed.first().arrayParams.size(), 1);
    QCOMPARE(proposed.first().arrayParams.first().name, QStringLiteral("ids_2"));
    QCOMPARE(RewriteVerifier::afterArrayParams(proposed.first()),
        (QList<ExplainRunner::ArrayParam> { { QStringLiteral("ids_2"), 0, 0 } }));
    RewriteVerifier::Options options;
    options.runs = 1;
    options.parameters << RunParameter { QStringLiteral("ids"), QStringLiteral("{1,2}"), QString(), false };
    const Outcome o = verify(m_cluster.conninfo(), sql, options, &proposed);
    QVERIFY2(o.error.isEmpty(), qPrintable(o.error));
    const RewriteVerification *main = form(o, 0, QStringLiteral("main"));
    QVERIFY2(main && main->ran && main->rowsEqual == std::optional<bool>(true) && main->error.isEmpty(),
        qPrintable(describe(main)));
    QCOMPARE(main->run.after.statements.size(), 2);
    QVERIFY2(main->run.after.statements.at(1).note.startsWith(QStringLiteral("$ids_2 bound to 50 value(s)")),
        qPrintable(main->run.after.statements.at(1).note));
    QVERIFY(main->run.after.rows.value_or(0) > 0);
}

void TestRewriteVerify::preconditionFailureIsReported()
{
    // A schema where (user_id, project_id) is NOT unique, and user 1 holds two levels on projects 3 and 5.
    QString error;
    QVERIFY2(
        m_cluster.exec(
            QStringLiteral(
                "CREATE TABLE projects (id int PRIMARY KEY, created_at timestamptz NOT NULL, hidden bool NOT NULL);"
                "CREATE TABLE project_authorizations (user_id int NOT NULL, project_id int NOT NULL,"
                "  access_level int NOT NULL, PRIMARY KEY (user_id, project_id, access_level));"
                "INSERT INTO projects SELECT i, timestamptz '2024-01-01' + i * interval '1 hour', false"
                "  FROM generate_series(1, 30) i;"
                "INSERT INTO project_authorizations SELECT 1, p, 30 FROM generate_series(15, 30) p;"
                "INSERT INTO project_authorizations VALUES (1, 27, 40), (1, 29, 50);"
                "ANALYZE;"),
            &error),
        qPrintable(error));
    const QString sql = QStringLiteral(
        "SELECT projects.* FROM projects WHERE projects.hidden = false ORDER BY projects.created_at DESC, projects.id "
        "DESC LIMIT 10;\n"
        "SELECT MAX(pa.access_level) AS maximum_access_level, pa.project_id FROM project_authorizations pa\n"
        "WHERE pa.user_id = 1 AND pa.project_id IN (SELECT projects.id FROM projects WHERE projects.hidden = false\n"
        "  ORDER BY projects.created_at DESC, projects.id DESC LIMIT 10)\n"
        "GROUP BY pa.project_id;");
    const Outcome o = verify(m_cluster.conninfo(), sql);
    QVERIFY2(o.error.isEmpty(), qPrintable(o.error));
    QCOMPARE(o.rewrites.size(), 1);
    const Rewrite &r = o.rewrites.first();
    QVERIFY(r.preconditionFailed());
    QCOMPARE(r.recommendedForm(), QStringLiteral("lateral"));
    const RewriteVerification *main = form(o, 0, QStringLiteral("main"));
    QVERIFY2(main && !main->ran && !main->rowsEqual && main->note.contains(QStringLiteral("precondition")),
        qPrintable(describe(main)));
    const RewriteVerification *lat = form(o, 0, QStringLiteral("lateral"));
    QVERIFY2(lat && lat->rowsEqual == std::optional<bool>(true), qPrintable(describe(lat)));

    // Forced: the plain join does repeat the page rows of projects 27 and 29, and the comparison shows it.
    RewriteVerifier::Options forced;
    forced.verifyFailed = true;
    forced.verifyVariants = false;
    const Outcome f = verify(m_cluster.conninfo(), sql, forced);
    QVERIFY2(f.error.isEmpty(), qPrintable(f.error));
    const RewriteVerification *wrong = form(f, 0, QStringLiteral("main"));
    QVERIFY2(wrong && wrong->rowsEqual == std::optional<bool>(false) && !wrong->firstDifference.isEmpty(),
        qPrintable(describe(wrong)));
    qInfo("forced wrong rewrite: %s", qPrintable(describe(wrong)));
}

void TestRewriteVerify::cliVerifiesIncidentA()
{
    QProcess p;
    p.start(QStringLiteral(PLANLENS_BINARY),
        { QStringLiteral("rewrite"),
            QStringLiteral(PLANLENS_TEST_DATA "/../../resources/demo/incident-a-monthly/before.sql"),
            QStringLiteral("--dsn"), m_tracks, QStringLiteral("--verify"), QStringLiteral("--runs"),
            QStringLiteral("2"), QStringLiteral("--json") });
    QVERIFY(p.waitForFinished(600000));
    QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
    const QJsonObject o = QJsonDocument::fromJson(p.readAllStandardOutput()).object();
    const QJsonArray rewrites = o.value(QStringLiteral("rewrites")).toArray();
    QCOMPARE(rewrites.size(), 1);
    const QJsonObject r = rewrites.first().toObject();
    QCOMPARE(r.value(QStringLiteral("rule")).toString(), QStringLiteral("prefetch-any-array"));
    const QJsonObject v = r.value(QStringLiteral("verified")).toObject();
    QCOMPARE(v.value(QStringLiteral("rows_equal")).toBool(false), true);
    QVERIFY(v.value(QStringLiteral("speedup")).toDouble() > 1.0);
    QVERIFY(v.value(QStringLiteral("before_median_ms")).isDouble());
    QVERIFY(v.value(QStringLiteral("first_difference")).isNull());
    const QJsonArray checks = r.value(QStringLiteral("checks")).toArray();
    QVERIFY(!checks.isEmpty());
    for (const QJsonValue &c : checks)
        QVERIFY(!c.toObject().value(QStringLiteral("holds")).isNull());
}

QTEST_GUILESS_MAIN(TestRewriteVerify)
#include "tst_rewriteverify.moc"
