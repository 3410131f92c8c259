// SPDX-License-Identifier: MIT
// The rewrite rules on SQL text alone (no server): exact After text for the seed incidents, the general
// forms (other names, parameters, no alias, EXISTS, GROUP BY), the other rules, and SQL that matches nothing.
#include "plan/planparser.h"
#include "rewrite/catalogchecks.h"
#include "rewrite/rewrite.h"
#include "rewrite/rewriteverifier.h"
#include "sql/sqlscript.h"
#include "testdata.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QTest>

using namespace PlanLens;

class TestRewrites : public QObject
{
    Q_OBJECT
private slots:
    void registryHasEveryRule();
    void incidentA_seedQuery();
    void incidentA_parametersAndOtherNames();
    void incidentA_noAliasAnyForm();
    void incidentA_subqueryFirstAndThreeBranches();
    void incidentA_exists();
    void incidentA_capturedSql_data();
    void incidentA_capturedSql();
    void incidentA_monthlyGroupBy();
    void incidentA_multibyteBeforeTheOr();
    void incidentA_namedParamTaken();
    void incidentA_notMatching_data();
    void incidentA_notMatching();
    void incidentB_withoutMembership();
    void incidentB_withMembership();
    void incidentB_aliasAvoidsEveryName();
    void incidentB_pageMustMatch();
    void incidentB_checkQuery();
    void notIn();
    void lateralJoin();
    void unionAll();
    void aggregatesStopTheSplit_data();
    void aggregatesStopTheSplit();
    void lateralJoinAggregateFromTreeAndCatalog();
    void catalogFactsFromPgProcRows();
    void keysetPagination();
    void keysetPaginationParameterOffset();
    void anyArray();
    void createIndexFromPlan();
    void createIndexForSortLimit();
    void createIndexForNestedLoop();
    void nothingForPlainSql_data();
    void nothingForPlainSql();
    void jsonShape();
    void afterScriptText();
    void comparesSameRows();
    void comparesPreloadJoin();
    void everyOutputParses_data();
    void everyOutputParses();
    void externalPlansDoNotBreakIndexRule();
};

namespace {

SqlScript parse(const QString &sql)
{
    auto r = parseSqlScript(sql);
    if (isError(r)) qFatal("test SQL does not parse: %s", qPrintable(std::get<ParseError>(r).message));
    return std::get<SqlScript>(r);
}

QList<Rewrite> rewritesOf(const QString &sql, const QString &rule = QString(), const Plan *plan = nullptr,
    const CatalogFacts *facts = nullptr)
{
    QList<Rewrite> out;
    for (const Rewrite &r : proposeRewrites(parse(sql), plan, facts))
        if (rule.isEmpty() || r.rule == rule) out << r;
    return out;
}

const RewriteVariant *variant(const Rewrite &r, const QString &id)
{
    for (const RewriteVariant &v : r.variants)
        if (v.id == id) return &v;
    return nullptr;
}

// Every After statement must itself be valid SQL.
void verifyParses(const Rewrite &r)
{
    QStringList all = r.statements;
    for (const RewriteVariant &v : r.variants)
        all << v.statements;
    for (const QString &s : all) {
        const auto p = parseSqlScript(s);
        QVERIFY2(!isError(p),
            qPrintable(s + QStringLiteral("\n→ ") + (isError(p) ? std::get<ParseError>(p).message : QString())));
    }
}

const QString kIncidentA
    = QStringLiteral("SELECT t.track_id, t.owner_id, t.title, t.genre, t.created_at,\n"
                     "       coalesce(ap.count, 0) AS play_count,\n"
                     "       coalesce(agg.repost_count, 0) AS repost_count,\n"
                     "       coalesce(agg.save_count, 0) AS save_count\n"
                     "FROM tracks t\n"
                     "LEFT JOIN aggregate_plays ap ON ap.play_item_id = t.track_id\n"
                     "LEFT JOIN aggregate_track agg ON agg.track_id = t.track_id\n"
                     "WHERE (t.owner_id = 42001\n"
                     "       OR t.track_id IN (SELECT track_id FROM track_collaborators\n"
                     "                         WHERE collaborator_user_id = 42001 AND status = 'accepted'))\n"
                     "  AND t.is_unlisted = false\n"
                     "  AND t.is_delete = false\n"
                     "ORDER BY t.created_at DESC\n"
                     "LIMIT 100;\n");

const QString kPageB = QStringLiteral("SELECT \"projects\".*\n"
                                      "FROM \"projects\"\n"
                                      "WHERE (EXISTS (SELECT 1 FROM \"project_authorizations\"\n"
                                      "               WHERE \"project_authorizations\".\"user_id\" = 2\n"
                                      "                 AND (project_authorizations.project_id = projects.id))\n"
                                      "       OR projects.visibility_level IN (0, 10, 20))\n"
                                      "  AND \"projects\".\"pending_delete\" = FALSE\n"
                                      "  AND \"projects\".\"hidden\" = FALSE\n"
                                      "ORDER BY \"projects\".\"created_at\" DESC, \"projects\".\"id\" DESC\n"
                                      "LIMIT 20 OFFSET 0");

const QString kPreloadB
    = QStringLiteral("SELECT MAX(\"project_authorizations\".\"access_level\") AS maximum_access_level,\n"
                     "       \"project_authorizations\".\"project_id\" AS project_authorizations_project_id\n"
                     "FROM \"project_authorizations\"\n"
                     "WHERE \"project_authorizations\".\"user_id\" = 2\n"
                     "  AND \"project_authorizations\".\"project_id\" IN (\n"
                     "      SELECT \"projects\".\"id\"\n"
                     "      FROM \"projects\"\n"
                     "      WHERE (EXISTS (SELECT 1 FROM \"project_authorizations\"\n"
                     "                     WHERE \"project_authorizations\".\"user_id\" = 2\n"
                     "                       AND (project_authorizations.project_id = projects.id))\n"
                     "             OR projects.visibility_level IN (0, 10, 20))\n"
                     "        AND \"projects\".\"pending_delete\" = FALSE\n"
                     "        AND \"projects\".\"hidden\" = FALSE\n"
                     "      ORDER BY \"projects\".\"created_at\" DESC, \"projects\".\"id\" DESC\n"
                     "      LIMIT 20 OFFSET 0)\n"
                     "GROUP BY \"project_authorizations\".\"project_id\"");

const QString kPageMembership = QStringLiteral(
    "SELECT \"projects\".*\n"
    "FROM \"projects\"\n"
    "INNER JOIN \"project_authorizations\" ON \"projects\".\"id\" = \"project_authorizations\".\"project_id\"\n"
    "WHERE \"project_authorizations\".\"user_id\" = 2\n"
    "  AND \"projects\".\"pending_delete\" = FALSE\n"
    "  AND \"projects\".\"hidden\" = FALSE\n"
    "ORDER BY \"projects\".\"created_at\" DESC, \"projects\".\"id\" DESC\n"
    "LIMIT 10 OFFSET 0");

const QString kPreloadMembership = QStringLiteral(
    "SELECT MAX(\"project_authorizations\".\"access_level\") AS maximum_access_level,\n"
    "       \"project_authorizations\".\"project_id\" AS project_authorizations_project_id\n"
    "FROM \"project_authorizations\"\n"
    "WHERE \"project_authorizations\".\"user_id\" = 2\n"
    "  AND \"project_authorizations\".\"project_id\" IN (\n"
    "      SELECT \"projects\".\"id\"\n"
    "      FROM \"projects\"\n"
    "      INNER JOIN \"project_authorizations\" ON \"projects\".\"id\" = \"project_authorizations\".\"project_id\"\n"
    "      WHERE \"project_authorizations\".\"user_id\" = 2\n"
    "        AND \"projects\".\"pending_delete\" = FALSE\n"
    "        AND \"projects\".\"hidden\" = FALSE\n"
    "      ORDER BY \"projects\".\"created_at\" DESC, \"projects\".\"id\" DESC\n"
    "      LIMIT 10 OFFSET 0)\n"
    "GROUP BY \"project_authorizations\".\"project_id\"");

} // namespace

void TestRewrites::registryHasEveryRule()
{
    const QStringList ids = rewriteRuleIds();
    for (const char *id : { "prefetch-any-array", "preload-left-join", "not-exists", "lateral-join", "union-all",
             "keyset-pagination", "any-array", "create-index", "date-range-predicate" })
        QVERIFY2(ids.contains(QLatin1StringView(id)), id);
    QCOMPARE(ids.size(), QSet<QString>(ids.cbegin(), ids.cend()).size());
}

void TestRewrites::incidentA_seedQuery()
{
    const QList<Rewrite> all = rewritesOf(kIncidentA);
    QCOMPARE(all.size(), 1); // exactly the prefetch fix, nothing else
    const Rewrite &r = all.first();
    QCOMPARE(r.rule, QStringLiteral("prefetch-any-array"));
    QCOMPARE(r.replaces, QList<int> { 0 });
    QCOMPARE(r.statements.size(), 2);
    // Step 1: the subquery verbatim, lifted out of its indentation.
    QCOMPARE(r.statements.at(0),
        QStringLiteral("SELECT track_id FROM track_collaborators\n"
                       "WHERE collaborator_user_id = 42001 AND status = 'accepted'"));
    // Step 2: the user's statement with only the sublink replaced.
    QCOMPARE(r.statements.at(1),
        QStringLiteral("SELECT t.track_id, t.owner_id, t.title, t.genre, t.created_at,\n"
                       "       coalesce(ap.count, 0) AS play_count,\n"
                       "       coalesce(agg.repost_count, 0) AS repost_count,\n"
                       "       coalesce(agg.save_count, 0) AS save_count\n"
                       "FROM tracks t\n"
                       "LEFT JOIN aggregate_plays ap ON ap.play_item_id = t.track_id\n"
                       "LEFT JOIN aggregate_track agg ON agg.track_id = t.track_id\n"
                       "WHERE (t.owner_id = 42001\n"
                       "       OR t.track_id = ANY($ids))\n"
                       "  AND t.is_unlisted = false\n"
                       "  AND t.is_delete = false\n"
                       "ORDER BY t.created_at DESC\n"
                       "LIMIT 100"));
    QCOMPARE(r.arrayParams.size(), 1);
    QCOMPARE(r.arrayParams.first().name, QStringLiteral("ids"));
    QCOMPARE(r.arrayParams.first().fromStatement, 0);
    QCOMPARE(r.mapping.kind, QStringLiteral("same-rows"));

    // When step 1 returns nothing: the owner-only query, as it was before the OR was added.
    const RewriteVariant *empty = variant(r, QStringLiteral("empty-prefetch"));
    QVERIFY(empty);
    QCOMPARE(empty->condition, QStringLiteral("previous-empty"));
    QCOMPARE(empty->statements.size(), 2);
    QCOMPARE(empty->statements.at(0), r.statements.at(0));
    QCOMPARE(empty->statements.at(1),
        QStringLiteral("SELECT t.track_id, t.owner_id, t.title, t.genre, t.created_at,\n"
                       "       coalesce(ap.count, 0) AS play_count,\n"
                       "       coalesce(agg.repost_count, 0) AS repost_count,\n"
                       "       coalesce(agg.save_count, 0) AS save_count\n"
                       "FROM tracks t\n"
                       "LEFT JOIN aggregate_plays ap ON ap.play_item_id = t.track_id\n"
                       "LEFT JOIN aggregate_track agg ON agg.track_id = t.track_id\n"
                       "WHERE t.owner_id = 42001\n"
                       "  AND t.is_unlisted = false\n"
                       "  AND t.is_delete = false\n"
                       "ORDER BY t.created_at DESC\n"
                       "LIMIT 100"));

    // One round trip: ARRAY(SELECT ...) in place of the sublink.
    const RewriteVariant *single = variant(r, QStringLiteral("single-statement"));
    QVERIFY(single);
    QCOMPARE(single->statements.size(), 1);
    QVERIFY2(single->statements.first().contains(QStringLiteral(
                 "WHERE (t.owner_id = 42001\n"
                 "       OR t.track_id = ANY(ARRAY(SELECT track_id FROM track_collaborators\n"
                 "                         WHERE collaborator_user_id = 42001 AND status = 'accepted')))\n"
                 "  AND t.is_unlisted = false")),
        qPrintable(single->statements.first()));

    // The index check names the OR's columns on the right table.
    bool indexCheck = false;
    for (const CatalogCheck &c : r.checks)
        if (c.id == u"indexed") {
            indexCheck = true;
            QVERIFY(c.sql.contains(QStringLiteral("'tracks'::regclass")));
            QVERIFY(c.sql.contains(QStringLiteral("('owner_id')")));
            QVERIFY(c.sql.contains(QStringLiteral("('track_id')")));
        }
    QVERIFY(indexCheck);
    verifyParses(r);
}

void TestRewrites::incidentA_parametersAndOtherNames()
{
    const QList<Rewrite> all = rewritesOf(
        QStringLiteral("SELECT s.* FROM songs AS s WHERE s.artist_id = $1 OR s.id IN (SELECT f.song_id FROM "
                       "features f WHERE f.artist_id = $1 AND f.approved) ORDER BY s.released DESC LIMIT $2"),
        QStringLiteral("prefetch-any-array"));
    QCOMPARE(all.size(), 1);
    const Rewrite &r = all.first();
    QCOMPARE(r.statements,
        (QStringList { QStringLiteral("SELECT f.song_id FROM features f WHERE f.artist_id = $1 AND f.approved"),
            QStringLiteral("SELECT s.* FROM songs AS s WHERE s.artist_id = $1 OR s.id = ANY($ids) ORDER BY s.released "
                           "DESC LIMIT $2") }));
    QCOMPARE(variant(r, QStringLiteral("empty-prefetch"))->statements.at(1),
        QStringLiteral("SELECT s.* FROM songs AS s WHERE s.artist_id = $1 ORDER BY s.released DESC LIMIT $2"));
    QVERIFY(r.explanation.contains(QStringLiteral("songs")));
    QVERIFY(!r.explanation.contains(QStringLiteral("tracks")));
    verifyParses(r);
}

void TestRewrites::incidentA_noAliasAnyForm()
{
    const QList<Rewrite> all = rewritesOf(QStringLiteral(
        "select id, name from items where owner = 'bob' or id = any (select item_id from shares where who = 'bob')"));
    QCOMPARE(all.size(), 1);
    QCOMPARE(all.first().statements.at(0), QStringLiteral("select item_id from shares where who = 'bob'"));
    QCOMPARE(all.first().statements.at(1),
        QStringLiteral("select id, name from items where owner = 'bob' or id = ANY($ids)"));
    QCOMPARE(variant(all.first(), QStringLiteral("empty-prefetch"))->statements.at(1),
        QStringLiteral("select id, name from items where owner = 'bob'"));
}

void TestRewrites::incidentA_subqueryFirstAndThreeBranches()
{
    const QList<Rewrite> first = rewritesOf(QStringLiteral(
        "SELECT * FROM docs d WHERE ((d.id IN (SELECT doc_id FROM grants WHERE uid = 7)) OR d.author = 7) AND d.live"));
    QCOMPARE(first.size(), 1);
    QCOMPARE(first.first().statements.at(1),
        QStringLiteral("SELECT * FROM docs d WHERE ((d.id = ANY($ids)) OR d.author = 7) AND d.live"));
    QCOMPARE(variant(first.first(), QStringLiteral("empty-prefetch"))->statements.at(1),
        QStringLiteral("SELECT * FROM docs d WHERE d.author = 7 AND d.live"));

    const QList<Rewrite> three = rewritesOf(QStringLiteral("SELECT * FROM docs d WHERE (d.author = 7 OR d.editor = 7 "
                                                           "OR d.id IN (SELECT doc_id FROM grants WHERE uid = 7))"));
    QCOMPARE(three.size(), 1);
    QCOMPARE(variant(three.first(), QStringLiteral("empty-prefetch"))->statements.at(1),
        QStringLiteral("SELECT * FROM docs d WHERE (d.author = 7 OR d.editor = 7)"));
    verifyParses(three.first());
}

void TestRewrites::incidentA_exists()
{
    const QList<Rewrite> all = rewritesOf(QStringLiteral(
        "SELECT t.track_id FROM tracks t WHERE t.owner_id = $1 OR EXISTS (SELECT 1 FROM track_collaborators c "
        "WHERE c.track_id = t.track_id AND c.collaborator_user_id = $1 AND c.status = 'accepted') ORDER BY 1"));
    QCOMPARE(all.size(), 1);
    const Rewrite &r = all.first();
    QCOMPARE(r.statements.at(0),
        QStringLiteral("SELECT c.track_id FROM track_collaborators c WHERE "
                       "c.collaborator_user_id = $1 AND c.status = 'accepted'"));
    QCOMPARE(r.statements.at(1),
        QStringLiteral("SELECT t.track_id FROM tracks t WHERE t.owner_id = $1 OR t.track_id = ANY($ids) ORDER BY 1"));
    verifyParses(r);

    // A second correlated condition: not the simple form.
    QVERIFY(rewritesOf(QStringLiteral("SELECT * FROM t WHERE t.o = 1 OR EXISTS (SELECT 1 FROM c WHERE c.k = t.k "
                                      "AND c.v > t.v)"),
        QStringLiteral("prefetch-any-array"))
                .isEmpty());
}

void TestRewrites::incidentA_capturedSql_data()
{
    // The SQL of captured detector fixtures (tests/data/detect): the rule the or-sublink finding points at must
    // rewrite what was actually run, IN and the simple correlated EXISTS alike.
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("sublink");
    QTest::newRow("or in") << "detect/incident-a-before.sql" << "IN (SELECT";
    QTest::newRow("or exists") << "detect/incident-a-or-exists.sql" << "EXISTS (SELECT";
}

void TestRewrites::incidentA_capturedSql()
{
    QFETCH(QString, file);
    QFETCH(QString, sublink);
    QFile f(QDir(QStringLiteral(PLANLENS_TEST_DATA)).filePath(file));
    QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable(file));
    const SqlScript before = parse(QString::fromUtf8(f.readAll()));
    QCOMPARE(before.statements.size(), 1);
    QVERIFY(before.text.contains(sublink));
    const QList<Rewrite> all = rewritesOf(before.text, QStringLiteral("prefetch-any-array"));
    QCOMPARE(all.size(), 1);
    const Rewrite &r = all.first();
    QCOMPARE(r.statements.size(), 2);
    // Step 1 fetches the collaborations' track ids, uncorrelated: no reference to the outer tracks row.
    const QString step1 = r.statements.at(0).simplified();
    QVERIFY2(step1.startsWith(QStringLiteral("SELECT tc.track_id FROM track_collaborators tc WHERE ")), qPrintable(step1));
    QVERIFY2(step1.contains(QStringLiteral("tc.status = 'accepted'")), qPrintable(step1));
    QVERIFY2(!step1.contains(QStringLiteral("t.track_id")), qPrintable(step1));
    // The After script: step 1, then the query with the sublink replaced by the bound array.
    const QString after = r.afterScriptText(before);
    QVERIFY2(after.contains(QStringLiteral("OR t.track_id = ANY($ids)")), qPrintable(after));
    QVERIFY2(!after.contains(sublink), qPrintable(after));
    QCOMPARE(r.arrayParams.size(), 1);
    QCOMPARE(r.arrayParams.first().fromStatement, 0);
    const auto reparsed = parseSqlScript(after);
    QVERIFY(!isError(reparsed));
    QCOMPARE(std::get<SqlScript>(reparsed).statements.size(), 2);
    verifyParses(r);
}

void TestRewrites::incidentA_monthlyGroupBy()
{
    const QString sql
        = QStringLiteral("SELECT amp.\"timestamp\" AS month,\n"
                         "       sum(amp.count) AS listens\n"
                         "FROM aggregate_monthly_plays amp\n"
                         "JOIN tracks t ON t.track_id = amp.play_item_id\n"
                         "WHERE (t.owner_id = 42001\n"
                         "       OR t.track_id IN (SELECT track_id FROM track_collaborators\n"
                         "                         WHERE collaborator_user_id = 42001 AND status = 'accepted'))\n"
                         "  AND t.is_delete = false\n"
                         "  AND amp.\"timestamp\" >= date '2024-01-01'\n"
                         "  AND amp.\"timestamp\" < date '2025-07-01'\n"
                         "GROUP BY amp.\"timestamp\"\n"
                         "ORDER BY amp.\"timestamp\"");
    const QList<Rewrite> all = rewritesOf(sql);
    QCOMPARE(all.size(), 1);
    const Rewrite &r = all.first();
    QCOMPARE(r.statements.at(0),
        QStringLiteral("SELECT track_id FROM track_collaborators\n"
                       "WHERE collaborator_user_id = 42001 AND status = 'accepted'"));
    QCOMPARE(r.statements.at(1),
        QString(sql).replace(
            QStringLiteral("t.track_id IN (SELECT track_id FROM track_collaborators\n"
                           "                         WHERE collaborator_user_id = 42001 AND status = 'accepted')"),
            QStringLiteral("t.track_id = ANY($ids)")));
    QVERIFY(r.statements.at(1).contains(QStringLiteral("GROUP BY amp.\"timestamp\"")));
    verifyParses(r);
}

void TestRewrites::incidentA_multibyteBeforeTheOr()
{
    // libpg_query counts bytes; 'ä' and the emoji must not shift the splice.
    const QList<Rewrite> all = rewritesOf(QStringLiteral(
        "SELECT 'ä😀' AS ü, t.id FROM tracks t WHERE t.owner_id = 1 OR t.id IN (SELECT track_id FROM c WHERE u = 'ö')"));
    QCOMPARE(all.size(), 1);
    QCOMPARE(all.first().statements.at(0), QStringLiteral("SELECT track_id FROM c WHERE u = 'ö'"));
    QCOMPARE(all.first().statements.at(1),
        QStringLiteral("SELECT 'ä😀' AS ü, t.id FROM tracks t WHERE t.owner_id = 1 OR t.id = ANY($ids)"));
}

void TestRewrites::incidentA_namedParamTaken()
{
    const QList<Rewrite> all = rewritesOf(
        QStringLiteral("SELECT * FROM t WHERE t.kind = ANY($ids) AND (t.o = 1 OR t.id IN (SELECT x FROM c))"));
    QCOMPARE(all.size(), 1);
    QVERIFY2(all.first().statements.at(1).contains(QStringLiteral("t.id = ANY($ids_2)")),
        qPrintable(all.first().statements.at(1)));
    QCOMPARE(all.first().arrayParams.first().name, QStringLiteral("ids_2"));
}

void TestRewrites::incidentA_notMatching_data()
{
    QTest::addColumn<QString>("sql");
    QTest::newRow("correlated IN") << "SELECT * FROM t WHERE t.o = 1 OR t.id IN (SELECT c.id FROM c WHERE c.k = t.k)";
    QTest::newRow("two columns") << "SELECT * FROM t WHERE t.o = 1 OR (t.a, t.b) IN (SELECT a, b FROM c)";
    QTest::newRow("star") << "SELECT * FROM t WHERE t.o = 1 OR t.id IN (SELECT * FROM c)";
    QTest::newRow("NOT IN") << "SELECT * FROM t WHERE t.o = 1 OR t.id NOT IN (SELECT id FROM c WHERE id IS NOT NULL)";
    QTest::newRow("broad other branch") << "SELECT * FROM t WHERE t.v IN (0, 10, 20) OR t.id IN (SELECT id FROM c)";
    QTest::newRow("no OR") << "SELECT * FROM t WHERE t.id IN (SELECT id FROM c)";
    QTest::newRow("reads a CTE") << "WITH s AS (SELECT id FROM c) SELECT * FROM t WHERE t.o = 1 OR t.id IN (SELECT id FROM s)";
    QTest::newRow("under NOT") << "SELECT * FROM t WHERE NOT (t.o = 1 OR t.id IN (SELECT id FROM c))";
}

void TestRewrites::incidentA_notMatching()
{
    QFETCH(QString, sql);
    QVERIFY(rewritesOf(sql, QStringLiteral("prefetch-any-array")).isEmpty());
}

void TestRewrites::incidentB_withoutMembership()
{
    const QList<Rewrite> all = rewritesOf(kPageB + QStringLiteral(";\n\n") + kPreloadB + u';');
    QCOMPARE(all.size(), 1); // the join, and no prefetch for the page's broad OR EXISTS
    const Rewrite &r = all.first();
    QCOMPARE(r.rule, QStringLiteral("preload-left-join"));
    QCOMPARE(r.replaces, (QList<int> { 0, 1 }));
    QCOMPARE(r.statements.size(), 1);
    QCOMPARE(r.statements.first(),
        QStringLiteral("SELECT \"projects\".*, project_authorizations_2.access_level\n"
                       "FROM \"projects\"\n"
                       "LEFT OUTER JOIN \"project_authorizations\" AS project_authorizations_2 ON "
                       "project_authorizations_2.project_id = "
                       "\"projects\".\"id\" AND project_authorizations_2.\"user_id\" = 2\n"
                       "WHERE (EXISTS (SELECT 1 FROM \"project_authorizations\"\n"
                       "               WHERE \"project_authorizations\".\"user_id\" = 2\n"
                       "                 AND (project_authorizations.project_id = projects.id))\n"
                       "       OR projects.visibility_level IN (0, 10, 20))\n"
                       "  AND \"projects\".\"pending_delete\" = FALSE\n"
                       "  AND \"projects\".\"hidden\" = FALSE\n"
                       "ORDER BY \"projects\".\"created_at\" DESC, \"projects\".\"id\" DESC\n"
                       "LIMIT 20 OFFSET 0"));
    QCOMPARE(r.mapping.kind, QStringLiteral("preload-join"));
    QCOMPARE(r.mapping.afterKeyColumnName, QStringLiteral("id"));
    QCOMPARE(r.mapping.preloadKeyColumn, 1);
    QCOMPARE(r.mapping.preloadValueColumn, 0);
    QCOMPARE(r.mapping.beforePageStatement, 0);
    QCOMPARE(r.mapping.beforePreloadStatement, 1);
    QVERIFY(r.mapping.description.contains(QStringLiteral("maximum_access_level")));
    QVERIFY(r.preconditions.first().contains(QStringLiteral("(user_id, project_id)")));

    const RewriteVariant *lat = variant(r, QStringLiteral("lateral"));
    QVERIFY(lat);
    QVERIFY2(
        lat->statements.first().contains(QStringLiteral(
            "LEFT JOIN LATERAL (SELECT MAX(project_authorizations_2.access_level) AS access_level FROM "
            "\"project_authorizations\" AS project_authorizations_2 WHERE project_authorizations_2.project_id = "
            "\"projects\".\"id\" AND project_authorizations_2.\"user_id\" = 2) AS project_authorizations_2 ON true")),
        qPrintable(lat->statements.first()));
    verifyParses(r);

    // The After script for "Try as After": one statement instead of two.
    QCOMPARE(r.afterScript(parse(kPageB + QStringLiteral(";\n") + kPreloadB)), r.statements);
}

void TestRewrites::incidentB_withMembership()
{
    const QList<Rewrite> all = rewritesOf(kPageMembership + QStringLiteral(";\n") + kPreloadMembership);
    QCOMPARE(all.size(), 1);
    const Rewrite &r = all.first();
    QCOMPARE(r.statements.first(),
        QStringLiteral(
            "SELECT \"projects\".*, project_authorizations_2.access_level\n"
            "FROM \"projects\"\n"
            "INNER JOIN \"project_authorizations\" ON \"projects\".\"id\" = \"project_authorizations\".\"project_id\"\n"
            "LEFT OUTER JOIN \"project_authorizations\" AS project_authorizations_2 ON "
            "project_authorizations_2.project_id = "
            "\"projects\".\"id\" AND project_authorizations_2.\"user_id\" = 2\n"
            "WHERE \"project_authorizations\".\"user_id\" = 2\n"
            "  AND \"projects\".\"pending_delete\" = FALSE\n"
            "  AND \"projects\".\"hidden\" = FALSE\n"
            "ORDER BY \"projects\".\"created_at\" DESC, \"projects\".\"id\" DESC\n"
            "LIMIT 10 OFFSET 0"));
    QVERIFY(r.explanation.contains(QStringLiteral("42712")));
    verifyParses(r);
}

void TestRewrites::incidentB_aliasAvoidsEveryName()
{
    // project_authorizations_2 is taken too (an alias in the page query): the next free name is used.
    const QString page
        = QStringLiteral("SELECT p.* FROM projects p JOIN project_authorizations project_authorizations_2 "
                         "ON project_authorizations_2.project_id = p.id WHERE p.hidden = false "
                         "ORDER BY p.id LIMIT 5");
    const QString preload = QStringLiteral(
        "SELECT MAX(pa.access_level), pa.project_id FROM project_authorizations pa WHERE pa.user_id = $1 AND "
        "pa.project_id IN (SELECT p.id FROM projects p JOIN project_authorizations project_authorizations_2 ON "
        "project_authorizations_2.project_id = p.id WHERE p.hidden = false ORDER BY p.id LIMIT 5) GROUP BY "
        "pa.project_id");
    const QList<Rewrite> all = rewritesOf(page + u';' + preload, QStringLiteral("preload-left-join"));
    QCOMPARE(all.size(), 1);
    QCOMPARE(all.first().statements.first(),
        QStringLiteral("SELECT p.*, project_authorizations_3.access_level FROM projects p JOIN "
                       "project_authorizations project_authorizations_2 ON project_authorizations_2.project_id = "
                       "p.id LEFT OUTER JOIN project_authorizations AS project_authorizations_3 ON "
                       "project_authorizations_3.project_id = p.id AND project_authorizations_3.user_id = $1 "
                       "WHERE p.hidden = false ORDER BY p.id LIMIT 5"));
    QCOMPARE(all.first().mapping.preloadKeyColumn, 1);
    QCOMPARE(all.first().mapping.preloadValueColumn, 0);

    // SELECT * would pick up the joined table's columns: it becomes the page's own tables.
    const QList<Rewrite> star = rewritesOf(
        QStringLiteral("SELECT * FROM projects WHERE hidden = false LIMIT 5;"
                       "SELECT pa.project_id, max(pa.access_level) FROM project_authorizations pa WHERE pa.user_id = 9 "
                       "AND pa.project_id IN (SELECT projects.id FROM projects WHERE hidden = false LIMIT 5) "
                       "GROUP BY pa.project_id"),
        QStringLiteral("preload-left-join"));
    QCOMPARE(star.size(), 1);
    QCOMPARE(star.first().statements.first(),
        QStringLiteral("SELECT projects.*, project_authorizations_2.access_level FROM projects LEFT OUTER JOIN "
                       "project_authorizations AS project_authorizations_2 ON project_authorizations_2.project_id = "
                       "projects.id AND project_authorizations_2.user_id = 9 WHERE hidden = false LIMIT 5"));
    QCOMPARE(star.first().mapping.preloadKeyColumn, 0);
    QCOMPARE(star.first().mapping.preloadValueColumn, 1);
}

void TestRewrites::incidentB_pageMustMatch()
{
    // The preload's subquery has LIMIT 10, the page LIMIT 20: not the same page, no join rewrite.
    QString otherPreload = kPreloadB;
    otherPreload.replace(QStringLiteral("LIMIT 20 OFFSET 0)"), QStringLiteral("LIMIT 10 OFFSET 0)"));
    QVERIFY(rewritesOf(kPageB + u';' + otherPreload, QStringLiteral("preload-left-join")).isEmpty());
    // The preload alone: no page query to join to.
    QVERIFY(rewritesOf(kPreloadB, QStringLiteral("preload-left-join")).isEmpty());
    // SUM is not a pick of one row's value: no rewrite.
    QString sum = kPreloadB;
    sum.replace(QStringLiteral("MAX("), QStringLiteral("SUM("));
    QVERIFY(rewritesOf(kPageB + u';' + sum, QStringLiteral("preload-left-join")).isEmpty());
}

void TestRewrites::incidentB_checkQuery()
{
    const QList<Rewrite> all = rewritesOf(kPageB + u';' + kPreloadB);
    QCOMPARE(all.size(), 1);
    const CatalogCheck *unique = nullptr;
    for (const CatalogCheck &c : all.first().checks)
        if (c.id == u"unique-key") unique = &c;
    QVERIFY(unique);
    QVERIFY(unique->required);
    QVERIFY(unique->sql.contains(QStringLiteral("'project_authorizations'::regclass")));
    QVERIFY(unique->sql.contains(QStringLiteral("NOT IN ('user_id', 'project_id')")));
    QVERIFY(unique->sql.contains(QStringLiteral("indisunique")));
    QVERIFY(unique->whenFalse.contains(QStringLiteral("LATERAL")));
    // Not connected: nothing is known, nothing failed.
    QVERIFY(!unique->holds.has_value());
    QVERIFY(!all.first().preconditionFailed());
    Rewrite failed = all.first();
    for (CatalogCheck &c : failed.checks)
        if (c.id == u"unique-key") c.holds = false;
    QVERIFY(failed.preconditionFailed());
}

void TestRewrites::notIn()
{
    const QList<Rewrite> all = rewritesOf(
        QStringLiteral("SELECT u.id FROM users u WHERE u.active AND u.id NOT IN (SELECT b.user_id FROM bans b WHERE "
                       "b.until > now() OR b.permanent)"),
        QStringLiteral("not-exists"));
    QCOMPARE(all.size(), 1);
    const Rewrite &r = all.first();
    QCOMPARE(r.statements,
        QStringList { QStringLiteral(
            "SELECT u.id FROM users u WHERE u.active AND NOT EXISTS (SELECT 1 FROM bans b WHERE (b.until > now() OR "
            "b.permanent) AND b.user_id = u.id)") });
    int notNullChecks = 0;
    for (const CatalogCheck &c : r.checks)
        if (c.id == u"not-null") {
            ++notNullChecks;
            QVERIFY(c.required);
        }
    QCOMPARE(notNullChecks, 2); // bans.user_id and users.id
    QVERIFY(r.preconditions.join(u' ').contains(QStringLiteral("NULL")));
    verifyParses(r);

    // Unqualified names are qualified so that the subquery cannot capture them.
    const QList<Rewrite> bare
        = rewritesOf(QStringLiteral("SELECT id FROM users WHERE id NOT IN (SELECT user_id FROM bans)"),
            QStringLiteral("not-exists"));
    QCOMPARE(bare.size(), 1);
    QCOMPARE(bare.first().statements.first(),
        QStringLiteral("SELECT id FROM users WHERE NOT EXISTS (SELECT 1 FROM bans WHERE bans.user_id = users.id)"));
}

void TestRewrites::lateralJoin()
{
    const QList<Rewrite> all = rewritesOf(
        QStringLiteral(
            "SELECT p.id, p.name, (SELECT count(*) FROM comments c WHERE c.post_id = p.id) AS n FROM posts p "
            "WHERE p.published ORDER BY p.id LIMIT 50"),
        QStringLiteral("lateral-join"));
    QCOMPARE(all.size(), 1);
    const Rewrite &r = all.first();
    QCOMPARE(r.statements.first(),
        QStringLiteral("SELECT p.id, p.name, n_sub.n AS n FROM posts p LEFT JOIN LATERAL (SELECT count(*) AS n FROM "
                       "comments c WHERE "
                       "c.post_id = p.id) AS n_sub ON true WHERE p.published ORDER BY p.id LIMIT 50"));
    const RewriteVariant *agg = variant(r, QStringLiteral("join-aggregate"));
    QVERIFY(agg);
    QCOMPARE(agg->statements.first(),
        QStringLiteral("SELECT p.id, p.name, coalesce(n_sub.n, 0) AS n FROM posts p LEFT JOIN (SELECT c.post_id, "
                       "count(*) AS n FROM "
                       "comments c GROUP BY c.post_id) AS n_sub ON n_sub.post_id = p.id WHERE p.published ORDER BY "
                       "p.id LIMIT 50"));
    verifyParses(r);

    // A subquery that may return several rows would fail as a scalar subquery and repeat rows as a join.
    QVERIFY(
        rewritesOf(QStringLiteral("SELECT p.id, (SELECT c.body FROM comments c WHERE c.post_id = p.id) FROM posts p"),
            QStringLiteral("lateral-join"))
            .isEmpty());
}

void TestRewrites::unionAll()
{
    const QList<Rewrite> all = rewritesOf(
        QStringLiteral("SELECT o.id, c.name FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.ref = $1 OR "
                       "c.email = $2"),
        QStringLiteral("union-all"));
    QCOMPARE(all.size(), 1);
    QCOMPARE(all.first().statements.first(),
        QStringLiteral("SELECT o.id, c.name FROM orders o JOIN customers c ON c.id = o.customer_id WHERE (o.ref = $1)\n"
                       "UNION ALL\n"
                       "SELECT o.id, c.name FROM orders o JOIN customers c ON c.id = o.customer_id WHERE (c.email = $2 "
                       "AND (o.ref = $1) "
                       "IS NOT TRUE)"));
    verifyParses(all.first());
    // Both branches on one table: nothing to split.
    QVERIFY(
        rewritesOf(QStringLiteral("SELECT * FROM orders o WHERE o.ref = 1 OR o.code = 2"), QStringLiteral("union-all"))
            .isEmpty());
}

void TestRewrites::aggregatesStopTheSplit_data()
{
    // Each select list is spliced into "SELECT <list> FROM orders o JOIN customers c ... WHERE o.ref = 1 OR
    // c.email = 'x'". With facts: the catalog as `planlens rewrite --dsn` reads it from pg_proc.
    QTest::addColumn<QString>("selectList");
    QTest::addColumn<bool>("withFacts");
    QTest::addColumn<bool>("splits");
    // No marker in the tree: offline only the catalog can tell stddev from lower, so neither is split; with the
    // catalog stddev and json_agg are aggregates (stop), lower is a plain function (splits).
    QTest::newRow("stddev offline") << "stddev(o.amount)" << false << false;
    QTest::newRow("stddev catalog") << "stddev(o.amount)" << true << false;
    QTest::newRow("json_agg offline") << "json_agg(o.id)" << false << false;
    QTest::newRow("json_agg catalog") << "json_agg(o.id)" << true << false;
    // The tree says so: a window over the whole result, and count(*).
    QTest::newRow("count(*) over ()") << "o.id, count(*) OVER ()" << false << false;
    QTest::newRow("count(*) over () catalog") << "o.id, count(*) OVER ()" << true << false;
    QTest::newRow("count(*)") << "count(*)" << false << false;
    QTest::newRow("filter") << "sum(o.amount) FILTER (WHERE o.amount > 0)" << false << false;
    QTest::newRow("distinct") << "count(DISTINCT o.id)" << false << false;
    QTest::newRow("within group") << "percentile_cont(0.5) WITHIN GROUP (ORDER BY o.amount)" << false << false;
    // A user-defined aggregate, known only from the catalog.
    QTest::newRow("user aggregate") << "app.median(o.amount)" << true << false;
    QTest::newRow("user aggregate unqualified") << "median(o.amount)" << true << false;
    QTest::newRow("plain function catalog") << "o.id, lower(c.name)" << true << true;
    QTest::newRow("plain function offline") << "o.id, lower(c.name)" << false << false;
    QTest::newRow("no call") << "o.id, c.name" << false << true;
}

void TestRewrites::aggregatesStopTheSplit()
{
    QFETCH(QString, selectList);
    QFETCH(bool, withFacts);
    QFETCH(bool, splits);
    // The catalog facts as pg_proc rows (proname, nspname, prokind): built-ins and a user-defined aggregate.
    const CatalogFacts facts = CatalogChecks::catalogFactsFromRows({ { "stddev", "pg_catalog", "a" },
        { "json_agg", "pg_catalog", "a" }, { "count", "pg_catalog", "a" }, { "row_number", "pg_catalog", "w" },
        { "median", "app", "a" } });
    const QString sql = QStringLiteral("SELECT %1 FROM orders o JOIN customers c ON c.id = o.customer_id "
                                       "WHERE o.ref = 1 OR c.email = 'x'")
                            .arg(selectList);
    const QList<Rewrite> all
        = rewritesOf(sql, QStringLiteral("union-all"), nullptr, withFacts ? &facts : nullptr);
    QCOMPARE(!all.isEmpty(), splits);
    if (splits) verifyParses(all.first());
}

void TestRewrites::lateralJoinAggregateFromTreeAndCatalog()
{
    const CatalogFacts facts = CatalogChecks::catalogFactsFromRows(
        { { "max", "pg_catalog", "a" }, { "row_number", "pg_catalog", "w" }, { "median", "app", "a" } });
    auto lateral = [&](const QString &call, const CatalogFacts *f) {
        return rewritesOf(QStringLiteral("SELECT p.id, (SELECT %1 FROM comments c WHERE c.post_id = p.id) AS v "
                                         "FROM posts p")
                              .arg(call),
            QStringLiteral("lateral-join"), nullptr, f);
    };
    // An aggregate (tree: count(*); catalog: max, a user-defined median) returns one row per outer row.
    QCOMPARE(lateral(QStringLiteral("count(*)"), nullptr).size(), 1);
    QCOMPARE(lateral(QStringLiteral("max(c.at)"), &facts).size(), 1);
    QCOMPARE(lateral(QStringLiteral("median(c.score)"), &facts).size(), 1);
    // Offline max(c.at) is of unknown kind: accepted, since a scalar subquery with a second row is an error.
    QCOMPARE(lateral(QStringLiteral("max(c.at)"), nullptr).size(), 1);
    // A window function returns a row per input row; the catalog says lower() is no aggregate: no rewrite.
    QVERIFY(lateral(QStringLiteral("count(*) OVER ()"), nullptr).isEmpty());
    QVERIFY(lateral(QStringLiteral("lower(c.body)"), &facts).isEmpty());
    // An outer query that aggregates (user-defined, from the catalog) keeps its subquery.
    QVERIFY(rewritesOf(QStringLiteral("SELECT median(p.score), (SELECT count(*) FROM comments c WHERE c.post_id = "
                                      "p.id) FROM posts p"),
        QStringLiteral("lateral-join"), nullptr, &facts)
                .isEmpty());
}

void TestRewrites::catalogFactsFromPgProcRows()
{
    const CatalogFacts f = CatalogChecks::catalogFactsFromRows(
        { { "stddev", "pg_catalog", "a" }, { "rank", "pg_catalog", "w" }, { "median", "app", "a" }, { "", "x", "a" } });
    QCOMPARE(f.aggregates,
        (QSet<QString> { "stddev", "pg_catalog.stddev", "median", "app.median" }));
    QCOMPARE(f.windowFunctions, (QSet<QString> { "rank", "pg_catalog.rank" }));
    QVERIFY(CatalogChecks::catalogFactsSql().contains(QStringLiteral("prokind IN ('a', 'w')")));
}

void TestRewrites::keysetPaginationParameterOffset()
{
    // OFFSET $1: the application pages with a parameter; the rewrite keys on the last row's sort values instead.
    const QList<Rewrite> all = rewritesOf(
        QStringLiteral("SELECT e.id, e.at FROM events e WHERE e.kind = $2 ORDER BY e.at DESC, e.id DESC LIMIT 50 OFFSET $1"),
        QStringLiteral("keyset-pagination"));
    QCOMPARE(all.size(), 1);
    QCOMPARE(all.first().statements.first(),
        QStringLiteral("SELECT e.id, e.at FROM events e WHERE e.kind = $2 AND (e.at, e.id) < ($last_at, $last_id) "
                       "ORDER BY e.at DESC, e.id DESC LIMIT 50"));
    QVERIFY2(all.first().title.contains(QStringLiteral("OFFSET $1")), qPrintable(all.first().title));
    verifyParses(all.first());
    // A named offset parameter, and a sort column whose $last_ name is taken.
    const QList<Rewrite> named = rewritesOf(
        QStringLiteral("SELECT * FROM events WHERE at < $last_at ORDER BY at LIMIT 10 OFFSET $page_offset"),
        QStringLiteral("keyset-pagination"));
    QCOMPARE(named.size(), 1);
    QCOMPARE(named.first().statements.first(),
        QStringLiteral("SELECT * FROM events WHERE at < $last_at AND at > $last_at_2 ORDER BY at LIMIT 10"));
}

void TestRewrites::keysetPagination()
{
    const QList<Rewrite> all = rewritesOf(
        QStringLiteral(
            "SELECT e.id, e.at FROM events e WHERE e.kind = 'x' ORDER BY e.at DESC, e.id DESC LIMIT 50 OFFSET 100000"),
        QStringLiteral("keyset-pagination"));
    QCOMPARE(all.size(), 1);
    const Rewrite &r = all.first();
    QCOMPARE(r.statements.first(),
        QStringLiteral("SELECT e.id, e.at FROM events e WHERE e.kind = 'x' AND (e.at, e.id) < ($last_at, $last_id) "
                       "ORDER BY e.at DESC, "
                       "e.id DESC LIMIT 50"));
    QCOMPARE(r.mapping.kind, QStringLiteral("none"));
    bool total = false;
    for (const CatalogCheck &c : r.checks)
        total = total || (c.id == u"order-total" && c.required);
    QVERIFY(total);
    verifyParses(r);
    // Mixed directions: the expanded form.
    const QList<Rewrite> mixed
        = rewritesOf(QStringLiteral("SELECT * FROM events ORDER BY at DESC, id LIMIT 10 OFFSET 5000"),
            QStringLiteral("keyset-pagination"));
    QCOMPARE(mixed.size(), 1);
    QCOMPARE(mixed.first().statements.first(),
        QStringLiteral("SELECT * FROM events WHERE (at < $last_at OR (at = $last_at AND id > $last_id)) ORDER BY at "
                       "DESC, id LIMIT 10"));
    // A small OFFSET is fine as it is.
    QVERIFY(rewritesOf(
        QStringLiteral("SELECT * FROM events ORDER BY id LIMIT 10 OFFSET 20"), QStringLiteral("keyset-pagination"))
                .isEmpty());
}

void TestRewrites::anyArray()
{
    QStringList values;
    for (int i = 1; i <= 25; ++i)
        values << QString::number(i * 7);
    const QList<Rewrite> all = rewritesOf(
        QStringLiteral("SELECT * FROM t WHERE t.id IN (%1) AND t.x = 'a'").arg(values.join(QStringLiteral(", "))),
        QStringLiteral("any-array"));
    QCOMPARE(all.size(), 1);
    QCOMPARE(all.first().statements.first(), QStringLiteral("SELECT * FROM t WHERE t.id = ANY($vals) AND t.x = 'a'"));
    QCOMPARE(all.first().paramValues.size(), 1);
    QCOMPARE(all.first().paramValues.first().first, QStringLiteral("vals"));
    QCOMPARE(all.first().paramValues.first().second, u'{' + values.join(u',') + u'}');

    const QList<Rewrite> vals
        = rewritesOf(QStringLiteral("SELECT * FROM t WHERE t.name IN (VALUES ('a'), ('b c'), ('d\"e'))"),
            QStringLiteral("any-array"));
    QCOMPARE(vals.size(), 1);
    QCOMPARE(vals.first().statements.first(), QStringLiteral("SELECT * FROM t WHERE t.name = ANY($vals)"));
    QCOMPARE(vals.first().paramValues.first().second, QStringLiteral("{\"a\",\"b c\",\"d\\\"e\"}"));
    verifyParses(vals.first());
    // A short list stays.
    QVERIFY(rewritesOf(QStringLiteral("SELECT * FROM t WHERE id IN (1, 2, 3)"), QStringLiteral("any-array")).isEmpty());
}

void TestRewrites::createIndexFromPlan()
{
    const QString plan = QStringLiteral(
        "Limit  (cost=0.00..1000.00 rows=10 width=8) (actual time=0.1..250.0 rows=10 loops=1)\n"
        "  ->  Seq Scan on events e  (cost=0.00..50000.00 rows=500 width=8) (actual time=0.1..249.0 rows=10 loops=1)\n"
        "        Filter: ((kind = 'login'::text) AND (account_id = 42) AND (at > '2024-01-01'::date))\n"
        "        Rows Removed by Filter: 900000\n"
        "Planning Time: 0.1 ms\n"
        "Execution Time: 250.1 ms\n");
    const auto parsed = parsePlan(plan);
    QVERIFY2(!isError(parsed), qPrintable(Test::errorText(parsed)));
    const Plan p = std::get<Plan>(parsed);
    const QList<Rewrite> all = rewritesOf(QStringLiteral("SELECT e.id FROM events e WHERE e.kind = 'login' AND "
                                                         "e.account_id = 42 AND e.at > date '2024-01-01' LIMIT 10"),
        QStringLiteral("create-index"), &p);
    QCOMPARE(all.size(), 1);
    QCOMPARE(
        all.first().statements.first(), QStringLiteral("CREATE INDEX CONCURRENTLY ON events (kind, account_id, at)"));
    QVERIFY(all.first().explanation.contains(QStringLiteral("range")));
    QVERIFY(all.first().replaces.isEmpty());
    bool hypo = false;
    for (const CatalogCheck &c : all.first().checks)
        hypo = hypo || c.id == u"hypopg";
    QVERIFY(hypo);
    // No plan, no evidence: no index suggestion.
    QVERIFY(
        rewritesOf(QStringLiteral("SELECT e.id FROM events e WHERE e.kind = 'login'"), QStringLiteral("create-index"))
            .isEmpty());
}

void TestRewrites::createIndexForSortLimit()
{
    // ORDER BY … LIMIT over a large input (sort-limit-large-input): the equality column first, then the sort keys
    // with their direction.
    const QString plan = QStringLiteral(
        "Limit  (cost=9000.00..9000.05 rows=20 width=16) (actual time=120.0..120.1 rows=20 loops=1)\n"
        "  ->  Sort  (cost=9000.00..9100.00 rows=40000 width=16) (actual time=120.0..120.0 rows=20 loops=1)\n"
        "        Sort Key: t.a DESC, t.c\n"
        "        Sort Method: top-N heapsort  Memory: 27kB\n"
        "        ->  Seq Scan on t  (cost=0.00..8000.00 rows=40000 width=16) (actual time=0.1..100.0 rows=40000 loops=1)\n"
        "              Filter: (b = 7)\n"
        "              Rows Removed by Filter: 100\n"
        "Planning Time: 0.1 ms\n"
        "Execution Time: 120.2 ms\n");
    const auto parsed = parsePlan(plan);
    QVERIFY(!isError(parsed));
    const Plan p = std::get<Plan>(parsed);
    const QList<Rewrite> all = rewritesOf(
        QStringLiteral("SELECT * FROM t WHERE t.b = 7 ORDER BY t.a DESC, t.c LIMIT 20"), QStringLiteral("create-index"), &p);
    QCOMPARE(all.size(), 1); // the filter removes too few rows for an index of its own
    QCOMPARE(all.first().statements.first(), QStringLiteral("CREATE INDEX CONCURRENTLY ON t (b, a DESC, c)"));
    QVERIFY(all.first().explanation.contains(QStringLiteral("Limit")));
    bool none = false, hypo = false;
    for (const CatalogCheck &c : all.first().checks) {
        none = none || (c.id == u"no-such-index" && c.sql.contains(QStringLiteral("ARRAY['b', 'a', 'c']")));
        hypo = hypo || c.id == u"hypopg";
    }
    QVERIFY(none);
    QVERIFY(hypo);
    verifyParses(all.first());
    // A sort key that is an expression: no simple index, so no rewrite.
    const auto expr = parsePlan(QString(plan).replace(QStringLiteral("Sort Key: t.a DESC, t.c"),
        QStringLiteral("Sort Key: (lower(t.a)) DESC")));
    QVERIFY(!isError(expr));
    QVERIFY(rewritesOf(QStringLiteral("SELECT 1"), QStringLiteral("create-index"), &std::get<Plan>(expr)).isEmpty());
}

void TestRewrites::createIndexForNestedLoop()
{
    // A Nested Loop rescanning its inner Seq Scan (nested-loop-seq-scan): an index on the inner join column.
    const QString plan = QStringLiteral(
        "Nested Loop  (cost=0.00..90000.00 rows=500 width=16) (actual time=0.1..900.0 rows=500 loops=1)\n"
        "  Join Filter: (r.site = s.site)\n"
        "  Rows Removed by Join Filter: 1499500\n"
        "  ->  Seq Scan on readings r  (cost=0.00..20.00 rows=500 width=8) (actual time=0.1..1.0 rows=500 loops=1)\n"
        "  ->  Seq Scan on sites s  (cost=0.00..40.00 rows=3000 width=8) (actual time=0.01..1.5 rows=3000 loops=500)\n"
        "Planning Time: 0.1 ms\n"
        "Execution Time: 900.2 ms\n");
    const auto parsed = parsePlan(plan);
    QVERIFY(!isError(parsed));
    const Plan p = std::get<Plan>(parsed);
    const QList<Rewrite> all = rewritesOf(
        QStringLiteral("SELECT r.id, s.label FROM readings r JOIN sites s ON s.site = r.site"),
        QStringLiteral("create-index"), &p);
    QCOMPARE(all.size(), 1);
    QCOMPARE(all.first().statements.first(), QStringLiteral("CREATE INDEX CONCURRENTLY ON sites (site)"));
    QVERIFY(all.first().explanation.contains(QStringLiteral("Nested Loop")));
    verifyParses(all.first());
    // Fewer loops than the detector's threshold: no finding, and no index either.
    const auto few = parsePlan(QString(plan).replace(QStringLiteral("rows=3000 loops=500"), QStringLiteral("rows=3000 loops=5")));
    QVERIFY(!isError(few));
    QVERIFY(rewritesOf(QStringLiteral("SELECT 1"), QStringLiteral("create-index"), &std::get<Plan>(few)).isEmpty());
}

void TestRewrites::nothingForPlainSql_data()
{
    QTest::addColumn<QString>("sql");
    QTest::newRow("select 1") << "SELECT 1";
    QTest::newRow("point lookup") << "SELECT * FROM tracks WHERE track_id = $1";
    QTest::newRow("join") << "SELECT t.* FROM tracks t JOIN users u ON u.user_id = t.owner_id WHERE u.handle = 'x'";
    QTest::newRow("update") << "UPDATE tracks SET title = 'x' WHERE owner_id = 1 OR track_id IN (SELECT 1)";
    QTest::newRow("ddl") << "CREATE INDEX ON tracks (owner_id)";
    QTest::newRow("two statements") << "SELECT 1; SELECT max(a), b FROM t WHERE b IN (SELECT 1) GROUP BY b";
    QTest::newRow("in subquery alone") << "SELECT * FROM t WHERE id IN (SELECT id FROM u)";
}

void TestRewrites::nothingForPlainSql()
{
    QFETCH(QString, sql);
    const QList<Rewrite> all = rewritesOf(sql);
    QVERIFY2(all.isEmpty(), qPrintable(all.isEmpty() ? QString() : all.first().rule));
}

void TestRewrites::jsonShape()
{
    const QList<Rewrite> all = rewritesOf(kIncidentA);
    QCOMPARE(all.size(), 1);
    const QJsonObject o = rewriteToJson(all.first());
    QCOMPARE(o.value(QStringLiteral("rule")).toString(), QStringLiteral("prefetch-any-array"));
    QCOMPARE(o.value(QStringLiteral("statements")).toArray().size(), 2);
    QVERIFY(o.value(QStringLiteral("preconditions")).toArray().size() >= 2);
    QVERIFY(o.value(QStringLiteral("verified")).isNull());
    const QJsonArray checks = o.value(QStringLiteral("checks")).toArray();
    QVERIFY(!checks.isEmpty());
    QVERIFY(checks.first().toObject().value(QStringLiteral("holds")).isNull());
    QVERIFY(checks.first().toObject().value(QStringLiteral("sql")).toString().startsWith(QStringLiteral("SELECT")));
    const QJsonArray variants = o.value(QStringLiteral("variants")).toArray();
    QCOMPARE(variants.size(), 2);
    QCOMPARE(variants.at(0).toObject().value(QStringLiteral("condition")).toString(), QStringLiteral("previous-empty"));
    QVERIFY(variants.at(1).toObject().value(QStringLiteral("condition")).isNull());
}

void TestRewrites::afterScriptText()
{
    const SqlScript before = parse(QStringLiteral("SELECT 1;\n") + kIncidentA);
    const QList<Rewrite> all = proposeRewrites(before, nullptr);
    QCOMPARE(all.size(), 1);
    QCOMPARE(all.first().replaces, QList<int>{1});
    const QString text = all.first().afterScriptText(before);
    // The untouched first statement stays, then the two steps.
    QVERIFY(text.startsWith(QStringLiteral("SELECT 1;\n\nSELECT track_id FROM track_collaborators\n")));
    QVERIFY(text.endsWith(QStringLiteral("LIMIT 100;")));
    const auto reparsed = parseSqlScript(text);
    QVERIFY(!isError(reparsed));
    QCOMPARE(std::get<SqlScript>(reparsed).statements.size(), 3);
    QCOMPARE(std::get<SqlScript>(reparsed).namedParams, QStringList{QStringLiteral("ids")});
    // A variant's After script.
    const QString single = all.first().afterScriptText(before, 1);
    QCOMPARE(std::get<SqlScript>(parseSqlScript(single)).statements.size(), 2);
}

namespace {
PgRow row(std::initializer_list<const char *> values)
{
    PgRow r;
    for (const char *v : values)
        r << (v ? std::optional<QString>(QString::fromUtf8(v)) : std::nullopt);
    return r;
}
} // namespace

void TestRewrites::comparesSameRows()
{
    ResultMapping same;
    const RowSet before{{"a", "b"}, {row({"1", "x"}), row({"2", nullptr}), row({"3", "z"})}};
    const RowSet shuffled{{"a", "b"}, {row({"3", "z"}), row({"1", "x"}), row({"2", nullptr})}};
    RewriteVerification v = RewriteVerifier::compare(same, {before}, {RowSet{{"ids"}, {}}, shuffled}, false);
    QCOMPARE(v.rowsEqual, std::optional<bool>(true));
    QVERIFY(v.firstDifference.isEmpty());
    // In order, the same rows shuffled differ at row 1.
    v = RewriteVerifier::compare(same, {before}, {shuffled}, true);
    QCOMPARE(v.rowsEqual, std::optional<bool>(false));
    QVERIFY2(v.firstDifference.contains(QStringLiteral("row 1: Before (1, x), After (3, z)")), qPrintable(v.firstDifference));
    // NULL is not the empty string.
    const RowSet empty{{"a", "b"}, {row({"1", "x"}), row({"2", ""}), row({"3", "z"})}};
    v = RewriteVerifier::compare(same, {before}, {empty}, false);
    QCOMPARE(v.rowsEqual, std::optional<bool>(false));
    // A missing row is named.
    const RowSet fewer{{"a", "b"}, {row({"1", "x"}), row({"3", "z"})}};
    v = RewriteVerifier::compare(same, {before}, {fewer}, false);
    QCOMPARE(v.rowsEqual, std::optional<bool>(false));
    QVERIFY2(v.firstDifference.contains(QStringLiteral("(2, NULL)")), qPrintable(v.firstDifference));
    // Duplicates count.
    const RowSet twice{{"a", "b"}, {row({"1", "x"}), row({"1", "x"}), row({"3", "z"})}};
    QCOMPARE(RewriteVerifier::compare(same, {before}, {twice}, false).rowsEqual, std::optional<bool>(false));
}

void TestRewrites::comparesPreloadJoin()
{
    const QList<Rewrite> all = rewritesOf(kPageB + u';' + kPreloadB);
    QCOMPARE(all.size(), 1);
    const ResultMapping m = all.first().mapping;
    const RowSet page{{"id", "name"}, {row({"30", "p30"}), row({"29", "p29"}), row({"28", "p28"})}};
    const RowSet preload{{"maximum_access_level", "project_authorizations_project_id"}, {row({"40", "29"}), row({"30", "30"})}};
    const RowSet after{{"id", "name", "access_level"},
                       {row({"30", "p30", "30"}), row({"29", "p29", "40"}), row({"28", "p28", nullptr})}};
    RewriteVerification v = RewriteVerifier::compare(m, {page, preload}, {after}, true);
    QVERIFY2(v.rowsEqual == std::optional<bool>(true), qPrintable(v.firstDifference + v.note));
    // A wrong level is caught by the pairs.
    RowSet wrong = after;
    wrong.rows[1][2] = QStringLiteral("50");
    v = RewriteVerifier::compare(m, {page, preload}, {wrong}, true);
    QCOMPARE(v.rowsEqual, std::optional<bool>(false));
    QVERIFY2(v.firstDifference.contains(QStringLiteral("(id, value) pairs")), qPrintable(v.firstDifference));
    // A repeated page row (two authorization rows for one project) is caught by the page rows.
    RowSet repeated = after;
    repeated.rows.insert(2, row({"29", "p29", "30"}));
    v = RewriteVerifier::compare(m, {page, preload}, {repeated}, true);
    QCOMPARE(v.rowsEqual, std::optional<bool>(false));
    QVERIFY2(v.firstDifference.contains(QStringLiteral("Page rows")), qPrintable(v.firstDifference));
}

void TestRewrites::everyOutputParses_data()
{
    // Assorted shapes, some matching a rule, most not: nothing may crash, and whatever is proposed must parse.
    QTest::addColumn<QString>("sql");
    QTest::newRow("cte + or") << "WITH x AS (SELECT 1 AS id) SELECT * FROM t JOIN x ON x.id = t.id WHERE t.a = 1 OR "
                                 "t.b IN (SELECT b FROM u WHERE u.c = 'x')";
    QTest::newRow("window") << "SELECT id, row_number() OVER (PARTITION BY g ORDER BY id) FROM t WHERE a = 1 OR id IN "
                               "(SELECT id FROM u) ORDER BY 1 LIMIT 5 OFFSET 100000";
    QTest::newRow("union") << "SELECT a FROM t WHERE a = 1 OR a IN (SELECT a FROM u) UNION SELECT b FROM v";
    QTest::newRow("nested subquery") << "SELECT * FROM (SELECT * FROM t WHERE t.o = $1 OR t.id IN (SELECT id FROM u WHERE "
                                        "u.k = $1)) s ORDER BY s.id";
    QTest::newRow("join on or") << "SELECT * FROM a JOIN b ON a.id = b.id OR a.x IN (SELECT x FROM c)";
    QTest::newRow("lateral + not in") << "SELECT p.id, (SELECT max(c.at) FROM c WHERE c.p = p.id) AS last FROM p "
                                         "WHERE p.id NOT IN (SELECT q.pid FROM q) ORDER BY p.id";
    QTest::newRow("between and or") << "SELECT * FROM t WHERE t.d BETWEEN 1 AND 2 AND (t.o = 3 OR t.id IN (SELECT id FROM "
                                       "u)) AND t.e BETWEEN SYMMETRIC 5 AND 1";
    QTest::newRow("case") << "SELECT CASE WHEN a THEN 1 ELSE 2 END FROM t WHERE (CASE WHEN b THEN c END) = 1 OR t.id IN "
                             "(SELECT id FROM u)";
    QTest::newRow("is distinct") << "SELECT * FROM t WHERE t.a IS DISTINCT FROM 1 AND (t.o = 1 OR t.id IN (SELECT id "
                                    "FROM u))";
    QTest::newRow("quoted names") << "SELECT \"T\".\"Id\" FROM \"Tracks\" \"T\" WHERE \"T\".\"Owner\" = 1 OR "
                                     "\"T\".\"Id\" IN (SELECT \"Id\" FROM \"Shares\")";
    QTest::newRow("values in") << "SELECT * FROM t WHERE (t.a) IN (VALUES (1), (2)) AND t.b NOT IN (SELECT b FROM u)";
    QTest::newRow("exists not exists") << "SELECT * FROM t WHERE NOT EXISTS (SELECT 1 FROM u WHERE u.id = t.id) OR t.o "
                                          "= 1";
    QTest::newRow("insert select") << "INSERT INTO t SELECT * FROM u WHERE u.o = 1 OR u.id IN (SELECT id FROM v)";
    QTest::newRow("explain") << "EXPLAIN SELECT * FROM t WHERE t.o = 1 OR t.id IN (SELECT id FROM u)";
    QTest::newRow("many statements") << "SELECT 1; SELECT * FROM t WHERE t.o = 1 OR t.id IN (SELECT id FROM u); SELECT 2";
    QTest::newRow("no from") << "SELECT (SELECT 1) AS one WHERE 1 = 1 OR 2 IN (SELECT 2)";
    QTest::newRow("fetch first") << "SELECT * FROM t ORDER BY id OFFSET 5000 ROWS FETCH FIRST 10 ROWS ONLY";
}

void TestRewrites::everyOutputParses()
{
    QFETCH(QString, sql);
    const SqlScript script = parse(sql);
    for (const Rewrite &r : proposeRewrites(script, nullptr)) {
        verifyParses(r);
        QVERIFY(!r.statements.isEmpty());
        QVERIFY(!r.title.isEmpty());
        QVERIFY(!r.explanation.isEmpty());
        for (int i : r.replaces)
            QVERIFY(i >= 0 && i < script.statements.size());
        const auto after = parseSqlScript(r.afterScriptText(script));
        QVERIFY(!isError(after));
    }
}

void TestRewrites::externalPlansDoNotBreakIndexRule()
{
    // Plans written by other projects (read from the shared folder, never copied): the plan-driven rule must
    // cope with all of them, and every index it proposes must be valid SQL naming the scanned relation.
    const QDir dir(QStringLiteral(PLANLENS_SHARED_DIR "/external/plans"));
    const QStringList files = dir.entryList(QDir::Files);
    if (files.isEmpty())
        QFAIL(qPrintable(QStringLiteral("no plans in %1").arg(dir.path())));
    const SqlScript script = parse(QStringLiteral("SELECT 1"));
    int proposals = 0;
    int parsed = 0;
    for (const QString &f : files) {
        QFile file(dir.filePath(f));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const auto plan = parsePlan(QString::fromUtf8(file.readAll()));
        if (isError(plan))
            continue;
        ++parsed;
        for (const Rewrite &r : proposeRewrites(script, &std::get<Plan>(plan))) {
            // The other plan-driven rule (issue 13.8): extended statistics, valid SQL as well.
            if (r.rule == u"create-statistics") {
                QVERIFY2(r.statements.first().startsWith(QStringLiteral("CREATE STATISTICS ")), qPrintable(f));
                verifyParses(r);
                continue;
            }
            QCOMPARE(r.rule, QStringLiteral("create-index"));
            QVERIFY2(r.statements.first().startsWith(QStringLiteral("CREATE INDEX CONCURRENTLY ON ")), qPrintable(f));
            verifyParses(r);
            ++proposals;
        }
    }
    qInfo("%d index suggestions over %lld external plans", proposals, qlonglong(files.size()));
    QVERIFY(parsed > 0);
    QVERIFY(proposals > 0);   // the rule did propose: the checks in the loop ran
}

QTEST_APPLESS_MAIN(TestRewrites)
#include "tst_rewrites.moc"
