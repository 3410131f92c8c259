// SPDX-License-Identifier: MIT
// The contract between findings and rewrites: a finding never names a rewrite that cannot come. Every registered
// detector rule has at least one firing fixture (a plan with the SQL it came from, under tests/data); the table
// below maps rule → fixtures → the rewrite id its finding must name ("" for none). Each fixture runs through the
// detectors and then through proposeRewrites(), which must produce the rewrite the finding names. A rule without
// a fixture, or a registry that grew or shrank, fails the test until this table is updated.
//   data/detect/<case>.json + <case>.sql      detector captures (also reviewed by tst_falsealarms)
//   data/contract/<case>.json + <case>.sql    the same plans with SQL variants only this test reads ($n OFFSET)
#include "detectfixtures.h"

#include "rewrite/rewrite.h"

#include <QTest>

using namespace PlanLens;
using namespace Test::DetectFixtures;

namespace {

struct Case {
    QString fixture;
    QString rewrite; // the rewrite id the rule's finding names on this fixture, empty for none
};

QMap<QString, QList<Case>> firingFixtures()
{
    const QString none;
    return {
        { QStringLiteral("or-sublink-defeats-index"),
            { { QStringLiteral("detect/incident-a-before.json"), QStringLiteral("prefetch-any-array") },
                { QStringLiteral("detect/incident-a-or-exists.json"), QStringLiteral("prefetch-any-array") } } },
        { QStringLiteral("in-subquery-refetch"),
            { { QStringLiteral("detect/incident-b-before.json"), QStringLiteral("preload-left-join") },
                // The preload alone (its page query is not in the script): preload-left-join needs the page
                // query to join into, so the finding names no rewrite.
                { QStringLiteral("detect/incident-b-membership.json"), none } } },
        // Correlated columns of one table: the finding names the CREATE STATISTICS rewrite (issue 13.8).
        { QStringLiteral("row-misestimate"),
            { { QStringLiteral("detect/row-misestimate-correlated.json"), QStringLiteral("create-statistics") },
                { QStringLiteral("plans/correlated-zip-city.json"), QStringLiteral("create-statistics") } } },
        { QStringLiteral("stale-statistics"), { { QStringLiteral("detect/stale-statistics.json"), none } } },
        { QStringLiteral("sort-spill"), { { QStringLiteral("detect/sort-spill.json"), none } } },
        { QStringLiteral("hash-batches"), { { QStringLiteral("detect/hash-join-batches.json"), none } } },
        { QStringLiteral("hashagg-spill"), { { QStringLiteral("detect/hashagg-spill.json"), none } } },
        { QStringLiteral("rows-removed-by-filter"),
            { { QStringLiteral("detect/filter-removes-rows.json"), QStringLiteral("create-index") },
                { QStringLiteral("detect/like-prefix.json"), QStringLiteral("create-index") },
                // ORDER BY … LIMIT walked on the sort key's index: (status, created_at DESC) (issue 13.6).
                { QStringLiteral("plans/limit-index-walk-filter.json"), QStringLiteral("create-index") } } },
        { QStringLiteral("lossy-bitmap"), { { QStringLiteral("detect/lossy-bitmap.json"), none } } },
        { QStringLiteral("index-only-heap-fetches"),
            { { QStringLiteral("detect/index-only-heap-fetches.json"), none },
                { QStringLiteral("plans/ios-stale-visibility-map.json"), none } } },
        { QStringLiteral("nested-loop-seq-scan"),
            { { QStringLiteral("detect/nested-loop-seq-scan.json"), QStringLiteral("create-index") } } },
        { QStringLiteral("large-offset"),
            { { QStringLiteral("detect/large-offset.json"), QStringLiteral("keyset-pagination") },
                { QStringLiteral("contract/large-offset-param.json"), QStringLiteral("keyset-pagination") } } },
        { QStringLiteral("not-in-subquery"),
            { { QStringLiteral("detect/not-in-subquery.json"), QStringLiteral("not-exists") },
                { QStringLiteral("detect/not-in-unhashed.json"), QStringLiteral("not-exists") } } },
        { QStringLiteral("correlated-subplan"),
            { { QStringLiteral("detect/correlated-subplan.json"), QStringLiteral("lateral-join") } } },
        { QStringLiteral("cte-scanned-many-times"), { { QStringLiteral("detect/cte-scanned-many-times.json"), none } } },
        { QStringLiteral("partition-not-pruned"), { { QStringLiteral("detect/partition-no-pruning.json"), none } } },
        { QStringLiteral("workers-not-launched"), { { QStringLiteral("detect/workers-not-launched.json"), none } } },
        { QStringLiteral("jit-dominating"), { { QStringLiteral("detect/jit-dominating.json"), none } } },
        { QStringLiteral("planning-dominating"), { { QStringLiteral("detect/planning-dominating.json"), none } } },
        { QStringLiteral("srf-default-estimate"), { { QStringLiteral("detect/srf-default-estimate.json"), none } } },
        // A join whose key types differ (issue 13.6): the cast moves to the other side (cast-join-key).
        // SELECT DISTINCT over a join used as a semi-join (issue 13.6).
        { QStringLiteral("distinct-semi-join"),
            { { QStringLiteral("plans/distinct-join-semi.json"), QStringLiteral("distinct-to-exists") } } },
        { QStringLiteral("implicit-cast"),
            { { QStringLiteral("detect/implicit-cast.json"), none },
                { QStringLiteral("plans/join-cast-numeric-key.json"), QStringLiteral("cast-join-key") } } },
        // LIKE/ILIKE '%x%' (issue 13.6): the pg_trgm GIN index; '%ab%' (parallel-gather) is too short for one.
        { QStringLiteral("like-leading-wildcard"),
            { { QStringLiteral("detect/like-leading-wildcard.json"), QStringLiteral("create-trigram-index") },
                { QStringLiteral("plans/like-infix-trigram.json"), QStringLiteral("create-trigram-index") },
                { QStringLiteral("plans/parallel-gather.json"), none } } },
        { QStringLiteral("sort-limit-large-input"),
            { { QStringLiteral("detect/incident-a-heavy-owner.json"), QStringLiteral("create-index") } } },
        { QStringLiteral("trigger-dominating"), { { QStringLiteral("detect/trigger-dominating.json"), none } } },
        { QStringLiteral("non-sargable-predicate"),
            { { QStringLiteral("detect/nonsargable-lower.json"), QStringLiteral("create-index") },
                { QStringLiteral("detect/nonsargable-date-trunc.json"), QStringLiteral("date-range-predicate") },
                { QStringLiteral("detect/nonsargable-misestimate.json"), none } } },
        // Issue 13.6: an OR of two columns names the indexes (one per arm); a whole-table count the approximation.
        { QStringLiteral("or-across-columns"), { { QStringLiteral("plans/or-two-columns.json"), QStringLiteral("create-index") } } },
        { QStringLiteral("count-whole-table"),
            { { QStringLiteral("plans/count-whole-table.json"), QStringLiteral("approximate-count") },
                { QStringLiteral("plans/count-most-rows.json"), QStringLiteral("approximate-count") } } },
    };
}

// The rewrite the finding names is among the proposals, for the finding's statement (an addition such as an
// index serves every statement).
bool proposed(const QList<Rewrite> &rewrites, const Finding &f)
{
    for (const Rewrite &r : rewrites)
        if (r.rule == f.rewriteId && (r.replaces.isEmpty() || f.statement < 0 || r.replaces.contains(f.statement)))
            return true;
    return false;
}

QString ruleList(const QList<Rewrite> &rewrites)
{
    QStringList ids;
    for (const Rewrite &r : rewrites)
        ids << r.rule;
    return ids.join(QStringLiteral(", "));
}

} // namespace

class TestRuleContract : public QObject
{
    Q_OBJECT
private slots:
    void everyRuleHasAFiringFixture();
    void namedRewriteIsProduced_data();
    void namedRewriteIsProduced();
    void wholeCorpusKeepsTheContract();
};

void TestRuleContract::everyRuleHasAFiringFixture()
{
    const QStringList ids = detectorIds();
    QCOMPARE(ids.size(), kRegisteredRules);
    const QMap<QString, QList<Case>> table = firingFixtures();
    for (const QString &id : ids)
        QVERIFY2(table.contains(id) && !table.value(id).isEmpty(),
                 qPrintable(QStringLiteral("rule %1 has no firing fixture in tst_rulecontract").arg(id)));
    // No stale rows: every rule of the table is registered.
    for (auto it = table.cbegin(); it != table.cend(); ++it)
        QVERIFY2(ids.contains(it.key()), qPrintable(QStringLiteral("%1 is not a registered rule").arg(it.key())));
    QCOMPARE(table.size(), kRegisteredRules);
}

void TestRuleContract::namedRewriteIsProduced_data()
{
    QTest::addColumn<QString>("rule");
    QTest::addColumn<QString>("fixture");
    QTest::addColumn<QString>("rewrite");
    const QMap<QString, QList<Case>> table = firingFixtures();
    for (const QString &id : detectorIds())
        for (const Case &c : table.value(id))
            QTest::newRow(qPrintable(id + u' ' + c.fixture)) << id << c.fixture << c.rewrite;
}

void TestRuleContract::namedRewriteIsProduced()
{
    QFETCH(QString, rule);
    QFETCH(QString, fixture);
    QFETCH(QString, rewrite);
    const Fixture fx = load(fixture);
    QVERIFY2(fx.error.isEmpty(), qPrintable(fx.error));
    QVERIFY2(fx.sql, qPrintable(QStringLiteral("%1 has no SQL: a firing fixture needs it").arg(fixture)));
    const QList<Rewrite> rewrites = proposeRewrites(*fx.sql, &fx.plan);
    int fired = 0;
    for (const Finding &f : findings(fx)) {
        if (f.rule != rule) continue;
        ++fired;
        QCOMPARE(f.rewriteId, rewrite);
        if (f.rewriteId.isEmpty()) continue;
        QVERIFY2(rewriteRuleIds().contains(f.rewriteId), qPrintable(f.rewriteId));
        QVERIFY2(proposed(rewrites, f),
                 qPrintable(QStringLiteral("%1 names %2, but the rewrites are: %3").arg(rule, f.rewriteId, ruleList(rewrites))));
    }
    QVERIFY2(fired > 0, qPrintable(QStringLiteral("%1 does not fire on %2").arg(rule, fixture)));
}

void TestRuleContract::wholeCorpusKeepsTheContract()
{
    // Beyond the table: on every plan of the corpus that comes with its SQL, whatever rule names a rewrite.
    QStringList files = allPlanFiles();
    const QDir contract(QDir(dataDir()).filePath(QStringLiteral("contract")));
    for (const QString &f : contract.entryList({ QStringLiteral("*.json") }, QDir::Files, QDir::Name))
        files << QStringLiteral("contract/") + f;
    int named = 0;
    for (const QString &file : files) {
        const Fixture fx = load(file);
        QVERIFY2(fx.error.isEmpty(), qPrintable(fx.error));
        if (!fx.sql) continue;
        const QList<Rewrite> rewrites = proposeRewrites(*fx.sql, &fx.plan);
        for (const Finding &f : findings(fx)) {
            if (f.rewriteId.isEmpty()) continue;
            ++named;
            QVERIFY2(proposed(rewrites, f), qPrintable(QStringLiteral("%1: %2 names %3, but the rewrites are: %4")
                                                           .arg(file, f.rule, f.rewriteId, ruleList(rewrites))));
        }
    }
    QCOMPARE(files.size(), kPlanFiles + 1);   // and data/contract/large-offset-param.json
    // A floor: how many findings name a rewrite moves with the rules' tuning; each rule's own is pinned above.
    QVERIFY(named >= 10);
}

QTEST_GUILESS_MAIN(TestRuleContract)
#include "tst_rulecontract.moc"
