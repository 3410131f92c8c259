// SPDX-License-Identifier: MIT
// The rules on real PostgreSQL plans: each rule fires on a plan captured to show its problem and stays quiet on
// one that must not trigger it (data/detect/capture.sh, data/plans), plus the two seed incidents in detail
// (node, SQL span, evidence, rewrite) and invariants every finding of the corpus must hold.
#include "detectfixtures.h"

#include "detect/detectinput.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <tuple>

using namespace PlanLens;
using namespace Test::DetectFixtures;

namespace {

const Finding *findRule(const QList<Finding> &fs, const QString &rule)
{
    for (const Finding &f : fs)
        if (f.rule == rule)
            return &f;
    return nullptr;
}

QString spanText(const Fixture &fx, const Finding &f)
{
    return fx.sql ? fx.sql->text.mid(f.spanStart, f.spanEnd - f.spanStart) : QString();
}

} // namespace

class TestDetectors : public QObject
{
    Q_OBJECT
private slots:
    void registry();
    void firesWhereItShould_data();
    void firesWhereItShould();
    void incidentA();
    void incidentAFromPlanAlone();
    void orNotInNamesNoPrefetch();
    void incidentAOrSublinkForms_data();
    void incidentAOrSublinkForms();
    void incidentB();
    void incidentBWithoutThePageStatement();
    void incidentBMembership();
    void spansPointAtTheSql_data();
    void spansPointAtTheSql();
    void severityIsTheImpactOnThisPlan();
    void invariantsOnTheWholeCorpus();
    void jsonContract();
    void minSeverityFilters();
    void unparsableSqlFailsTheFixture();
};

void TestDetectors::registry()
{
    const QStringList ids = detectorIds();
    QCOMPARE(ids.size(), kRegisteredRules);
    QCOMPARE(ids.first(), QStringLiteral("or-sublink-defeats-index"));
    QCOMPARE(ids.at(1), QStringLiteral("in-subquery-refetch"));
    static const QRegularExpression kebab(QStringLiteral("^[a-z]+(-[a-z]+)*$"));
    QSet<QString> seen;
    for (const QString &id : ids) {
        QVERIFY2(kebab.match(id).hasMatch(), qPrintable(id));
        QVERIFY2(!seen.contains(id), qPrintable(id));
        seen.insert(id);
        QVERIFY(detectorById(id));
        QVERIFY(!detectorById(id)->title().isEmpty());
    }
    QVERIFY(!detectorById(QStringLiteral("no-such-rule")));
}

void TestDetectors::firesWhereItShould_data()
{
    QTest::addColumn<QString>("rule");
    QTest::addColumn<QString>("file");
    QTest::addColumn<bool>("fires");
    struct Row {
        const char *rule;
        const char *fires;
        const char *quiet;
    };
    // One plan where the rule must fire, one where it must not (a near miss where possible).
    const Row rows[] = {
        {"or-sublink-defeats-index", "detect/incident-a-before.json", "detect/incident-a-after.json"},
        {"or-sublink-defeats-index", "plans/incident-a-before.json", "detect/incident-b-page.json"},
        {"or-sublink-defeats-index", "detect/incident-a-or-exists.json", "plans/incident-a-after.json"},
        {"in-subquery-refetch", "detect/incident-b-before.json", "detect/incident-b-after.json"},
        {"in-subquery-refetch", "detect/incident-b-membership.json", "detect/incident-b-page.json"},
        {"row-misestimate", "detect/row-misestimate-correlated.json", "detect/like-leading-wildcard.json"},
        {"row-misestimate", "plans/misestimate-correlated.json", "detect/cte-scanned-once.json"},
        {"stale-statistics", "detect/stale-statistics.json", "detect/pk-lookup.json"},
        {"sort-spill", "detect/sort-spill.json", "detect/incident-a-heavy-owner.json"},
        {"hash-batches", "detect/hash-join-batches.json", "detect/cte-scanned-once.json"},
        {"hashagg-spill", "detect/hashagg-spill.json", "detect/workers-not-launched.json"},
        {"rows-removed-by-filter", "detect/filter-removes-rows.json", "detect/hash-join-batches.json"},
        {"rows-removed-by-filter", "detect/like-prefix.json", "detect/like-leading-wildcard.json"},
        {"lossy-bitmap", "detect/lossy-bitmap.json", "detect/incident-a-heavy-owner.json"},
        {"index-only-heap-fetches", "detect/index-only-heap-fetches.json", "detect/correlated-subplan.json"},
        {"nested-loop-seq-scan", "detect/nested-loop-seq-scan.json", "detect/row-misestimate-correlated.json"},
        {"large-offset", "detect/large-offset.json", "detect/incident-b-page.json"},
        {"not-in-subquery", "detect/not-in-unhashed.json", "detect/incident-a-before.json"},
        {"not-in-subquery", "detect/not-in-subquery.json", "detect/incident-b-page.json"},
        {"correlated-subplan", "detect/correlated-subplan.json", "detect/incident-b-page.json"},
        {"cte-scanned-many-times", "detect/cte-scanned-many-times.json", "detect/cte-scanned-once.json"},
        {"partition-not-pruned", "detect/partition-no-pruning.json", "detect/partition-pruned.json"},
        {"workers-not-launched", "detect/workers-not-launched.json", "detect/parallel-launched.json"},
        {"jit-dominating", "detect/jit-dominating.json", "detect/not-in-unhashed.json"},
        {"planning-dominating", "detect/planning-dominating.json", "plans/values-scan.json"},
        {"srf-default-estimate", "detect/srf-default-estimate.json", "plans/on-conflict-update.json"},
        {"implicit-cast", "detect/implicit-cast.json", "detect/filter-removes-rows.json"},
        {"like-leading-wildcard", "detect/like-leading-wildcard.json", "detect/like-prefix.json"},
        {"like-leading-wildcard", "plans/like-infix-trigram.json", "plans/like-infix-trigram-indexed.json"},
        {"implicit-cast", "plans/join-cast-numeric-key.json", "plans/join-cast-aligned.json"},
        {"distinct-semi-join", "plans/distinct-join-semi.json", "plans/distinct-join-exists.json"},
        {"sort-limit-large-input", "detect/incident-a-heavy-owner.json", "detect/incident-a-after.json"},
        {"trigger-dominating", "detect/trigger-dominating.json", "detect/incident-b-after.json"},
        {"non-sargable-predicate", "detect/nonsargable-lower.json", "detect/nonsargable-lower-indexed.json"},
        {"or-across-columns", "plans/or-two-columns.json", "plans/or-two-columns-bitmap.json"},
        {"count-whole-table", "plans/count-whole-table.json", "plans/count-selective.json"},
    };
    for (const Row &r : rows) {
        QTest::addRow("%s fires on %s", r.rule, r.fires) << QString::fromLatin1(r.rule) << QString::fromLatin1(r.fires) << true;
        QTest::addRow("%s quiet on %s", r.rule, r.quiet) << QString::fromLatin1(r.rule) << QString::fromLatin1(r.quiet) << false;
    }
}

void TestDetectors::firesWhereItShould()
{
    QFETCH(QString, rule);
    QFETCH(QString, file);
    QFETCH(bool, fires);
    QVERIFY2(detectorById(rule), qPrintable(rule));
    const Fixture fx = load(file);
    QVERIFY2(fx.error.isEmpty(), qPrintable(fx.error));
    const QList<Finding> fs = findings(fx);
    const Finding *f = findRule(fs, rule);
    if (fires) {
        QVERIFY2(f, qPrintable(QStringLiteral("%1 did not fire on %2; found: %3").arg(rule, file, ruleIds(fs).join(u','))));
        QVERIFY(f->severity > 0);
        QVERIFY(!f->message.isEmpty());
        QVERIFY(!f->evidence.isEmpty() || f->rule == u"planning-dominating");
    } else {
        QVERIFY2(!f, qPrintable(f ? QStringLiteral("false alarm on %1: %2").arg(file, f->message) : QString()));
    }
}

void TestDetectors::incidentA()
{
    const Fixture fx = load(QStringLiteral("detect/incident-a-before.json"));
    QVERIFY2(fx.error.isEmpty(), qPrintable(fx.error));
    QVERIFY(fx.sql);
    const QList<Finding> fs = findings(fx);
    const Finding *f = findRule(fs, QStringLiteral("or-sublink-defeats-index"));
    QVERIFY(f);
    const PlanNode &scan = fx.plan.nodes.at(f->nodeId);
    QCOMPARE(scan.nodeType, QStringLiteral("Seq Scan"));
    QCOMPARE(scan.relationName, QStringLiteral("tracks"));
    QVERIFY(scan.filter.contains(QStringLiteral("hashed SubPlan")));
    // The span covers the whole OR: the indexed column's condition through the subquery's closing parenthesis.
    const QString span = spanText(fx, *f);
    QVERIFY2(span.startsWith(QStringLiteral("t.owner_id = 4242")), qPrintable(span));
    QVERIFY2(span.endsWith(QStringLiteral("tc.status = 'accepted')")), qPrintable(span));
    QVERIFY(span.contains(QStringLiteral("OR t.track_id IN (SELECT")));
    QCOMPARE(f->statement, 0);
    QCOMPARE(f->rewriteId, QStringLiteral("prefetch-any-array"));
    QCOMPARE(f->confidence, 1.0);
    // Evidence from the plan: the 0.5-selectivity guess against the few rows found, rows removed by the filter.
    const double planRows = f->evidence.value(QStringLiteral("plan_rows")).toDouble();
    const double actual = f->evidence.value(QStringLiteral("actual_rows")).toDouble();
    QCOMPARE(actual, scan.totalActualRows());
    QVERIFY2(planRows > 1000 * std::max(actual, 1.0), qPrintable(QStringLiteral("%1 vs %2").arg(planRows).arg(actual)));
    QVERIFY(f->evidence.value(QStringLiteral("rows_removed_by_filter")).toDouble() > 250000);
    QCOMPARE(f->evidence.value(QStringLiteral("plain_columns")).toArray().first().toString(), QStringLiteral("owner_id"));
    QVERIFY(f->message.contains(QStringLiteral("owner_id")));
    // The subquery's node is part of the finding.
    bool hasSubplan = false;
    for (int n : f->nodeIds)
        hasSubplan = hasSubplan || fx.plan.nodes.at(n).parentRelationship == u"SubPlan";
    QVERIFY(hasSubplan);
    QCOMPARE(f->level, findingLevelForSeverity(f->severity));
    QVERIFY(f->severity >= 0.5);   // the scan is most of this plan's time
}

void TestDetectors::incidentAFromPlanAlone()
{
    const Fixture fx = load(QStringLiteral("detect/incident-a-before.json"), false);
    QVERIFY(!fx.sql);
    const QList<Finding> found = findings(fx);
    const Finding *f = findRule(found, QStringLiteral("or-sublink-defeats-index"));
    QVERIFY(f);
    QVERIFY(f->confidence < 1);
    QVERIFY(!f->hasSpan());
    QCOMPARE(f->statement, -1);
    QCOMPARE(f->rewriteId, QStringLiteral("prefetch-any-array"));
}

void TestDetectors::orNotInNamesNoPrefetch()
{
    // The same plan with the OR's subquery negated in the SQL: NOT IN / NOT EXISTS defeat the index just the same,
    // but fetching the ids first does not help them, so the finding must not name prefetch-any-array.
    Fixture fx = load(QStringLiteral("detect/incident-a-before.json"));
    QVERIFY2(fx.error.isEmpty(), qPrintable(fx.error));
    QVERIFY(fx.sql);
    const QString positive = fx.sql->text;
    for (const auto &[from, to, kind] : {std::tuple{QStringLiteral("OR t.track_id IN"), QStringLiteral("OR t.track_id NOT IN"), QStringLiteral("not-in")},
                                         std::tuple{QStringLiteral("OR t.track_id IN"), QStringLiteral("OR NOT t.track_id IN"), QStringLiteral("not-in")}}) {
        QString sql = positive;
        QVERIFY(sql.contains(from));
        sql.replace(from, to);
        const Result<SqlScript> parsed = parseSqlScript(sql);
        QVERIFY(!isError(parsed));
        fx.sql = std::get<SqlScript>(parsed);
        const QList<Finding> fs = findings(fx);
        const Finding *f = findRule(fs, QStringLiteral("or-sublink-defeats-index"));
        QVERIFY2(f, qPrintable(ruleIds(fs).join(u',')));
        QCOMPARE(f->rewriteId, QString());
        QCOMPARE(f->evidence.value(QStringLiteral("subquery_kind")).toString(), kind);
        QCOMPARE(f->evidence.value(QStringLiteral("negated")).toBool(), true);
        QVERIFY2(f->message.contains(QStringLiteral("NOT IN (subquery)")), qPrintable(f->message));
        QVERIFY2(!f->advice.contains(QStringLiteral("ANY($ids)")), qPrintable(f->advice));
    }
    // The positive form still names the prefetch.
    fx.sql = std::get<SqlScript>(parseSqlScript(positive));
    const QList<Finding> again = findings(fx);
    const Finding *f = findRule(again, QStringLiteral("or-sublink-defeats-index"));
    QVERIFY(f);
    QCOMPARE(f->rewriteId, QStringLiteral("prefetch-any-array"));
    QCOMPARE(f->evidence.value(QStringLiteral("negated")).toBool(), false);
}

void TestDetectors::incidentAOrSublinkForms_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("spanStart");
    QTest::addColumn<QString>("spanMiddle");
    QTest::addColumn<QString>("spanEnd");
    QTest::addColumn<QString>("kind");
    // col = X OR id IN (subquery): the capture.sh schema (user 4242), parallel seq scan of tracks.
    QTest::newRow("or in") << "detect/incident-a-before.json" << "t.owner_id = 4242" << "OR t.track_id IN (SELECT"
                           << "tc.status = 'accepted')" << "in";
    // col = X OR EXISTS (correlated subquery), captured from the demo database (tracks, user 42001): PostgreSQL
    // hashes the EXISTS, and the tracks scan is a full Index Scan of tracks_pkey (no Index Cond, ordered for
    // the merge joins) whose filter tests every row against the hashed SubPlan.
    QTest::newRow("or exists") << "detect/incident-a-or-exists.json" << "t.owner_id = 42001"
                               << "OR EXISTS (SELECT 1 FROM track_collaborators tc" << "tc.status = 'accepted')"
                               << "exists";
}

void TestDetectors::incidentAOrSublinkForms()
{
    QFETCH(QString, file);
    QFETCH(QString, spanStart);
    QFETCH(QString, spanMiddle);
    QFETCH(QString, spanEnd);
    QFETCH(QString, kind);
    const Fixture fx = load(file);
    QVERIFY2(fx.error.isEmpty(), qPrintable(fx.error));
    QVERIFY(fx.sql);
    const QList<Finding> fs = findings(fx);
    const Finding *f = findRule(fs, QStringLiteral("or-sublink-defeats-index"));
    QVERIFY2(f, qPrintable(ruleIds(fs).join(u',')));
    // The node is the scan of tracks that filters with the OR, not the subquery's scan or a join above.
    QVERIFY(f->nodeId >= 0);
    const PlanNode &scan = fx.plan.nodes.at(f->nodeId);
    QCOMPARE(scan.relationName, QStringLiteral("tracks"));
    QVERIFY2(scan.nodeType == u"Seq Scan" || scan.nodeType == u"Index Scan", qPrintable(scan.nodeType));
    QVERIFY(scan.indexCond.isEmpty());
    QVERIFY2(scan.filter.contains(QStringLiteral(" OR (hashed SubPlan")), qPrintable(scan.filter));
    // The span covers the whole OR: the owner condition through the subquery's closing parenthesis.
    const QString span = spanText(fx, *f);
    QVERIFY2(span.startsWith(spanStart), qPrintable(span));
    QVERIFY2(span.contains(spanMiddle), qPrintable(span));
    QVERIFY2(span.endsWith(spanEnd), qPrintable(span));
    QCOMPARE(f->statement, 0);
    QCOMPARE(f->confidence, 1.0);
    QCOMPARE(f->rewriteId, QStringLiteral("prefetch-any-array"));   // the rewrite planlens proposes for both forms
    QCOMPARE(f->evidence.value(QStringLiteral("subquery_kind")).toString(), kind);
    QCOMPARE(f->evidence.value(QStringLiteral("plain_columns")).toArray(), QJsonArray{QStringLiteral("owner_id")});
    QVERIFY(f->evidence.value(QStringLiteral("rows_removed_by_filter")).toDouble() > 250000);
    bool hasSubplan = false;
    for (int n : f->nodeIds)
        hasSubplan = hasSubplan || fx.plan.nodes.at(n).parentRelationship == u"SubPlan";
    QVERIFY(hasSubplan);
}

void TestDetectors::incidentB()
{
    const Fixture fx = load(QStringLiteral("detect/incident-b-before.json"));
    QVERIFY2(fx.error.isEmpty(), qPrintable(fx.error));
    QVERIFY(fx.sql);
    QCOMPARE(fx.sql->statements.size(), 2);
    const QList<Finding> found = findings(fx);
    const Finding *f = findRule(found, QStringLiteral("in-subquery-refetch"));
    QVERIFY(f);
    QCOMPARE(f->statement, 1);   // the plan is the preload's, the script's last statement
    QCOMPARE(f->evidence.value(QStringLiteral("repeats_statement")).toInt(-1), 0);
    QCOMPARE(f->rewriteId, QStringLiteral("preload-left-join"));
    const QString span = spanText(fx, *f);
    QVERIFY2(span.startsWith(QStringLiteral("project_authorizations.project_id IN (")), qPrintable(span));
    QVERIFY2(span.endsWith(QStringLiteral("LIMIT 20 OFFSET 0)")), qPrintable(span));
    QVERIFY(f->spanStart >= fx.sql->statements.at(1).start && f->spanEnd <= fx.sql->statements.at(1).end);
    // The subquery's nodes: its Limit and the scan of projects below it.
    bool limit = false, projects = false;
    for (int n : f->nodeIds) {
        limit = limit || fx.plan.nodes.at(n).nodeType == u"Limit";
        projects = projects || fx.plan.nodes.at(n).relationName == u"projects";
    }
    QVERIFY(limit);
    QVERIFY(projects);
    QVERIFY(f->message.contains(QStringLiteral("statement 1")));
}

void TestDetectors::incidentBWithoutThePageStatement()
{
    // The corpus capture holds only the preload: the subquery still re-reads project_authorizations.
    const Fixture fx = load(QStringLiteral("plans/incident-b-before-preload.json"));
    QVERIFY2(fx.error.isEmpty(), qPrintable(fx.error));
    QVERIFY(fx.sql);
    const QList<Finding> found = findings(fx);
    const Finding *f = findRule(found, QStringLiteral("in-subquery-refetch"));
    QVERIFY(f);
    QVERIFY(f->evidence.value(QStringLiteral("repeats_statement")).isNull());
    QVERIFY(f->evidence.value(QStringLiteral("shared_tables")).toArray().contains(QStringLiteral("project_authorizations")));
}

void TestDetectors::incidentBMembership()
{
    const Fixture fx = load(QStringLiteral("detect/incident-b-membership.json"));
    QVERIFY2(fx.error.isEmpty(), qPrintable(fx.error));
    const QList<Finding> found = findings(fx);
    const Finding *f = findRule(found, QStringLiteral("in-subquery-refetch"));
    QVERIFY(f);
    QCOMPARE(f->evidence.value(QStringLiteral("shared_tables")).toArray(), QJsonArray{QStringLiteral("project_authorizations")});
    QVERIFY(f->hasSpan());
    QVERIFY(spanText(fx, *f).contains(QStringLiteral("INNER JOIN project_authorizations")));
}

void TestDetectors::spansPointAtTheSql_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("rule");
    QTest::addColumn<QString>("text");
    QTest::newRow("offset") << "detect/large-offset.json" << "large-offset" << "OFFSET 150000";
    QTest::newRow("like") << "detect/like-leading-wildcard.json" << "like-leading-wildcard" << "title LIKE '%love song%'";
    QTest::newRow("not in") << "detect/not-in-subquery.json" << "not-in-subquery"
                            << "t.track_id NOT IN (SELECT tc.track_id FROM track_collaborators tc)";
    QTest::newRow("implicit cast") << "detect/implicit-cast.json" << "implicit-cast" << "track_id = $1";
    QTest::newRow("correlated") << "detect/correlated-subplan.json" << "correlated-subplan"
                                << "(SELECT count(*) FROM tracks t WHERE t.owner_id = u.user_id)";
}

void TestDetectors::spansPointAtTheSql()
{
    QFETCH(QString, file);
    QFETCH(QString, rule);
    QFETCH(QString, text);
    const Fixture fx = load(file);
    QVERIFY2(fx.error.isEmpty(), qPrintable(fx.error));
    const QList<Finding> found = findings(fx);
    const Finding *f = findRule(found, rule);
    QVERIFY(f);
    QVERIFY(f->hasSpan());
    QCOMPARE(spanText(fx, *f), text);
}

void TestDetectors::severityIsTheImpactOnThisPlan()
{
    // sort-spill: the Sort's own share of the time, nothing else.
    const Fixture fx = load(QStringLiteral("detect/sort-spill.json"));
    QVERIFY2(fx.error.isEmpty(), qPrintable(fx.error));
    const QList<Finding> found = findings(fx);
    const Finding *f = findRule(found, QStringLiteral("sort-spill"));
    QVERIFY(f);
    const PlanNode &sort = fx.plan.nodes.at(f->nodeId);
    QCOMPARE(sort.nodeType, QStringLiteral("Sort"));
    QVERIFY(qAbs(f->severity - sort.exclusiveMs / fx.plan.totalMs()) < 1e-9);
    QVERIFY(f->evidence.value(QStringLiteral("disk_kb")).toDouble() > 0);
    QVERIFY(f->evidence.value(QStringLiteral("work_mem_needed_kb")).toDouble() > f->evidence.value(QStringLiteral("work_mem_kb")).toDouble());
    // The same rule on two plans of different impact gives different severities.
    const Fixture unhashedFx = load(QStringLiteral("detect/not-in-unhashed.json"));
    const Fixture hashedFx = load(QStringLiteral("detect/not-in-subquery.json"));
    QVERIFY2(unhashedFx.error.isEmpty(), qPrintable(unhashedFx.error));
    QVERIFY2(hashedFx.error.isEmpty(), qPrintable(hashedFx.error));
    const QList<Finding> unhashed = findings(unhashedFx);
    const QList<Finding> hashed = findings(hashedFx);
    const Finding *a = findRule(unhashed, QStringLiteral("not-in-subquery"));
    const Finding *b = findRule(hashed, QStringLiteral("not-in-subquery"));
    QVERIFY(a && b);
    QVERIFY2(a->severity > b->severity, qPrintable(QStringLiteral("%1 vs %2").arg(a->severity).arg(b->severity)));
    QCOMPARE(a->level, FindingLevel::Critical);   // 20,000 re-scans of the subquery: the whole query
    QVERIFY(b->level != FindingLevel::Critical);  // hashed once: the NULL trap, not a slowdown
}

void TestDetectors::invariantsOnTheWholeCorpus()
{
    static const QStringList rewrites{QStringLiteral("prefetch-any-array"), QStringLiteral("preload-left-join"),
                                      QStringLiteral("not-exists"), QStringLiteral("lateral-join"),
                                      QStringLiteral("union-all"), QStringLiteral("keyset-pagination"),
                                      QStringLiteral("any-array"), QStringLiteral("create-index"),
                                      QStringLiteral("date-range-predicate"), QStringLiteral("create-statistics"),
                                      QStringLiteral("or-to-union"), QStringLiteral("approximate-count"),
                                      QStringLiteral("create-trigram-index"), QStringLiteral("cast-join-key"),
                                      QStringLiteral("distinct-to-exists")};
    int total = 0;
    const QStringList files = allPlanFiles();
    QCOMPARE(files.size(), kPlanFiles);
    for (const QString &file : files) {
        const Fixture fx = load(file);
        QVERIFY2(fx.error.isEmpty(), qPrintable(fx.error));
        for (const Finding &f : findings(fx)) {
            ++total;
            const QString where = file + QStringLiteral(": ") + f.rule;
            QVERIFY2(detectorById(f.rule), qPrintable(where));
            QVERIFY2(f.severity >= 0 && f.severity <= 1, qPrintable(where));
            QVERIFY2(f.level == findingLevelForSeverity(f.severity), qPrintable(where));
            QVERIFY2(f.nodeId >= -1 && f.nodeId < fx.plan.nodes.size(), qPrintable(where));
            for (int n : f.nodeIds)
                QVERIFY2(n >= 0 && n < fx.plan.nodes.size(), qPrintable(where));
            QVERIFY2(f.nodeId < 0 || (!f.nodeIds.isEmpty() && f.nodeIds.first() == f.nodeId), qPrintable(where));
            QVERIFY2(!f.message.isEmpty() && !f.advice.isEmpty(), qPrintable(where));
            QVERIFY2(!f.message.contains(QStringLiteral("%1")) && !f.advice.contains(QStringLiteral("%1")), qPrintable(where));
            QVERIFY2(f.rewriteId.isEmpty() || rewrites.contains(f.rewriteId), qPrintable(where));
            if (f.hasSpan()) {
                QVERIFY2(fx.sql, qPrintable(where));
                const SqlStatement &st = fx.sql->statements.at(f.statement);
                QVERIFY2(f.spanStart >= st.start && f.spanEnd <= st.end, qPrintable(where));
            }
        }
    }
    // A floor, not an exact count: how many findings a rule emits per plan moves with the rules' tuning;
    // which rules fire on which plan is pinned exactly by tst_falsealarms.
    QVERIFY(total >= 30);
}

void TestDetectors::jsonContract()
{
    const Fixture fx = load(QStringLiteral("detect/incident-a-before.json"));
    const QList<Finding> fs = findings(fx);
    const QJsonArray arr = findingsToJson(fs);
    QCOMPARE(arr.size(), fs.size());
    const QJsonObject o = arr.first().toObject();
    for (const char *key : {"rule", "severity", "level", "node", "sql_span", "statement", "message", "evidence", "advice",
                            "rewrite", "nodes", "confidence"})
        QVERIFY2(o.contains(QLatin1String(key)), key);
    const Finding &f = fs.first();
    QCOMPARE(o.value(QStringLiteral("rule")).toString(), f.rule);
    QCOMPARE(o.value(QStringLiteral("node")).toInt(), f.nodeId);
    QCOMPARE(o.value(QStringLiteral("sql_span")).toArray(), (QJsonArray{f.spanStart, f.spanEnd}));
    QCOMPARE(o.value(QStringLiteral("rewrite")).toObject().value(QStringLiteral("id")).toString(), f.rewriteId);
    QCOMPARE(o.value(QStringLiteral("level")).toString(), findingLevelName(f.level));
    // Without span or rewrite: null, not a missing key.
    Finding bare;
    bare.rule = QStringLiteral("jit-dominating");
    const QJsonObject b = findingToJson(bare);
    QVERIFY(b.value(QStringLiteral("sql_span")).isNull());
    QVERIFY(b.value(QStringLiteral("rewrite")).isNull());
    QVERIFY(b.value(QStringLiteral("node")).isNull());
}

void TestDetectors::minSeverityFilters()
{
    const Fixture fx = load(QStringLiteral("detect/not-in-subquery.json"));
    QVERIFY2(fx.error.isEmpty(), qPrintable(fx.error));
    DetectContext ctx;
    const QList<Finding> all = runDetectors(fx.plan, fx.sql ? &*fx.sql : nullptr, ctx);
    QVERIFY(!all.isEmpty());
    // Each filter keeps exactly the findings that pass it, not merely no finding that fails it (an empty
    // result would pass that vacuously).
    auto countIf = [&all](auto pred) { return int(std::count_if(all.cbegin(), all.cend(), pred)); };
    ctx.minSeverity = 0.5;
    const QList<Finding> severe = runDetectors(fx.plan, fx.sql ? &*fx.sql : nullptr, ctx);
    QCOMPARE(severe.size(), countIf([](const Finding &f) { return f.severity >= 0.5; }));
    for (const Finding &f : severe)
        QVERIFY(f.severity >= 0.5);
    ctx.minSeverity = 0.999;
    const QList<Finding> top = runDetectors(fx.plan, fx.sql ? &*fx.sql : nullptr, ctx);
    QCOMPARE(top.size(), countIf([](const Finding &f) { return f.severity >= 0.999; }));
    ctx.minSeverity = 0;
    ctx.statementIndex = 0;
    const QList<Finding> first = runDetectors(fx.plan, fx.sql ? &*fx.sql : nullptr, ctx);
    QVERIFY(!first.isEmpty());
    QCOMPARE(first.size(), countIf([](const Finding &f) { return f.statement == 0; }));
    for (const Finding &f : first)
        QVERIFY(f.statement == 0);
    // Sorted by severity, highest first.
    for (int i = 1; i < all.size(); ++i)
        QVERIFY(all.at(i - 1).severity >= all.at(i).severity);
}

void TestDetectors::unparsableSqlFailsTheFixture()
{
    // A plan whose .sql does not parse is an error, not a plan-only fixture.
    QTemporaryDir root;
    QVERIFY(root.isValid());
    QVERIFY(QDir(root.path()).mkpath(QStringLiteral("detect")));
    QVERIFY(QFile::copy(dataDir() + QStringLiteral("/detect/sort-spill.json"), root.filePath(QStringLiteral("detect/broken.json"))));
    QFile sql(root.filePath(QStringLiteral("detect/broken.sql")));
    QVERIFY(sql.open(QIODevice::WriteOnly));
    sql.write("SELEC * FROM t;\n");
    sql.close();
    const Fixture fx = load(QStringLiteral("detect/broken.json"), true, root.path());
    QVERIFY2(fx.error.contains(QStringLiteral("does not parse")), qPrintable(fx.error));
    QVERIFY(!fx.sql);
    // The same plan without SQL asked for loads: the error is the SQL's.
    QVERIFY(load(QStringLiteral("detect/broken.json"), false, root.path()).error.isEmpty());
}

QTEST_GUILESS_MAIN(TestDetectors)
#include "tst_detectors.moc"
