// SPDX-License-Identifier: MIT
// The word diff the rewrite preview shows: every row checks that the chunks give both texts back, then the
// named cases check what is Same, Removed and Added.
#include "sql/worddiff.h"

#include <QElapsedTimer>
#include <QTest>

using namespace PlanLens;

namespace PlanLens {
// Readable QCOMPARE failures: the kind and the text.
char *toString(const DiffChunk &c)
{
    static const char *const kinds[] = { "Same", "Removed", "Added" };
    return QTest::toString(QStringLiteral("%1 \"%2\"").arg(QLatin1String(kinds[c.kind]), c.text));
}
} // namespace PlanLens

namespace {

const QString kIncidentA = QStringLiteral("SELECT t.track_id, t.owner_id, t.title, t.genre, t.created_at\n"
                                          "FROM tracks t\n"
                                          "WHERE (t.owner_id = 42001\n"
                                          "       OR t.track_id IN (SELECT track_id FROM track_collaborators\n"
                                          "                         WHERE collaborator_user_id = 42001 AND status = "
                                          "'accepted'))\n"
                                          "  AND t.is_unlisted = false\n"
                                          "ORDER BY t.created_at DESC\n"
                                          "LIMIT 100");

const QString kIncidentAAfter = QStringLiteral("SELECT t.track_id, t.owner_id, t.title, t.genre, t.created_at\n"
                                               "FROM tracks t\n"
                                               "WHERE (t.owner_id = 42001\n"
                                               "       OR t.track_id = ANY($ids))\n"
                                               "  AND t.is_unlisted = false\n"
                                               "ORDER BY t.created_at DESC\n"
                                               "LIMIT 100");

QString side(const QList<DiffChunk> &chunks, DiffChunk::Kind other)
{
    QString s;
    for (const DiffChunk &c : chunks)
        if (c.kind == DiffChunk::Same || c.kind == other) s += c.text;
    return s;
}

QString joined(const QList<DiffChunk> &chunks, DiffChunk::Kind kind)
{
    QStringList parts;
    for (const DiffChunk &c : chunks)
        if (c.kind == kind) parts << c.text;
    return parts.join(u'|');
}

// A big script: numbered statements, so lines are distinct.
QString bigScript(int bytes, int variant)
{
    QString s;
    s.reserve(bytes + 200);
    for (int i = 0; s.size() < bytes; ++i)
        s += QStringLiteral("SELECT id, name FROM t%1 WHERE owner_id = %2 AND flag;\n")
                 .arg(i)
                 .arg((i * 7919 + variant) % 1000);
    return s;
}

} // namespace

class TestWordDiff : public QObject
{
    Q_OBJECT
private slots:
    void givesBothSidesBack_data();
    void givesBothSidesBack();
    void identical();
    void pureInsertion();
    void incidentAKeepsCommonWords();
    void newStatementShowsWhole();
    void emptySides();
    void megabyteIsQuick();
};

void TestWordDiff::givesBothSidesBack_data()
{
    QTest::addColumn<QString>("before");
    QTest::addColumn<QString>("after");
    QTest::newRow("identical") << kIncidentA << kIncidentA;
    QTest::newRow("insertion") << QStringLiteral("SELECT a FROM t") << QStringLiteral("SELECT a, b FROM t");
    QTest::newRow("deletion") << QStringLiteral("SELECT a, b FROM t") << QStringLiteral("SELECT a FROM t");
    QTest::newRow("incident A") << kIncidentA << kIncidentAAfter;
    QTest::newRow("incident A reversed") << kIncidentAAfter << kIncidentA;
    QTest::newRow("empty before") << QString() << kIncidentA;
    QTest::newRow("empty after") << kIncidentA << QString();
    QTest::newRow("both empty") << QString() << QString();
    QTest::newRow("whitespace only") << QStringLiteral("a  b\n") << QStringLiteral("a b\n\n");
    QTest::newRow("multibyte") << QStringLiteral("SELECT 'Zoë 𝔘' AS ünï") << QStringLiteral("SELECT 'Zoé 𝔘𝔘' AS ünï");
    QTest::newRow("all different") << QStringLiteral("abc def") << QStringLiteral("xyz; uvw");
    QTest::newRow("statement in front") << QStringLiteral("SELECT a FROM t;")
                                        << QStringLiteral("SELECT b FROM u;\n\nSELECT a FROM t;");
    QTest::newRow("repetitive") << QStringLiteral("a a a a a a b") << QStringLiteral("a a a b a a a a a a a b");
    QTest::newRow("1 MB, few edits") << bigScript(1 << 20, 0)
                                     << bigScript(1 << 20, 0)
                                            .replace(QStringLiteral("t100 "), QStringLiteral("u100 "))
                                            .replace(QStringLiteral("t9000 "), QStringLiteral("t9000 AS x "));
    QTest::newRow("1 MB, all lines differ") << bigScript(1 << 20, 0) << bigScript(1 << 20, 1);
}

void TestWordDiff::givesBothSidesBack()
{
    QFETCH(QString, before);
    QFETCH(QString, after);
    const QList<DiffChunk> chunks = wordDiff(before, after);
    QCOMPARE(side(chunks, DiffChunk::Removed), before);
    QCOMPARE(side(chunks, DiffChunk::Added), after);
    for (qsizetype i = 0; i < chunks.size(); ++i) {
        QVERIFY2(!chunks.at(i).text.isEmpty(), "no empty chunks");
        if (i > 0) QVERIFY2(chunks.at(i).kind != chunks.at(i - 1).kind, "adjacent chunks of one kind are merged");
    }
}

void TestWordDiff::identical()
{
    const QList<DiffChunk> chunks = wordDiff(kIncidentA, kIncidentA);
    QCOMPARE(chunks.size(), 1);
    QCOMPARE(chunks.first().kind, DiffChunk::Same);
    QCOMPARE(chunks.first().text, kIncidentA);
}

void TestWordDiff::pureInsertion()
{
    const QList<DiffChunk> chunks = wordDiff(QStringLiteral("SELECT a FROM t"), QStringLiteral("SELECT a, b FROM t"));
    const QList<DiffChunk> expected { { DiffChunk::Same, QStringLiteral("SELECT a") },
        { DiffChunk::Added, QStringLiteral(", b") }, { DiffChunk::Same, QStringLiteral(" FROM t") } };
    QCOMPARE(chunks, expected);
}

void TestWordDiff::incidentAKeepsCommonWords()
{
    const QList<DiffChunk> chunks = wordDiff(kIncidentA, kIncidentAAfter);
    const QString same = joined(chunks, DiffChunk::Same);
    const QString removed = joined(chunks, DiffChunk::Removed);
    const QString added = joined(chunks, DiffChunk::Added);
    // The statement around the sublink is untouched...
    QVERIFY2(same.contains(QStringLiteral("SELECT t.track_id, t.owner_id")), qPrintable(same));
    QVERIFY2(same.contains(QStringLiteral("WHERE (t.owner_id = 42001\n       OR t.track_id ")), qPrintable(same));
    QVERIFY2(same.contains(QStringLiteral("ORDER BY t.created_at DESC")), qPrintable(same));
    // ...and the change is the sublink against the array, in one piece each, not a comb of tokens.
    QCOMPARE(chunks.count({ DiffChunk::Removed, removed }), 1);
    QCOMPARE(chunks.count({ DiffChunk::Added, added }), 1);
    QVERIFY2(removed.startsWith(QStringLiteral("IN (SELECT track_id FROM track_collaborators")), qPrintable(removed));
    QVERIFY2(removed.contains(QStringLiteral("'accepted'")), qPrintable(removed));
    QVERIFY2(added.startsWith(QStringLiteral("= ANY($ids")), qPrintable(added));
    QVERIFY2(!added.contains(QStringLiteral("SELECT")), qPrintable(added));
}

void TestWordDiff::newStatementShowsWhole()
{
    // The prefetch rewrite puts a step 1 in front of the user's statement; both start with SELECT. The insertion
    // slides to the blank line, so step 1 is added whole and the user's statement stays Same from its first word.
    const QString before = QStringLiteral("SELECT t.a FROM t WHERE x IN (SELECT id FROM u);");
    const QString after = QStringLiteral("SELECT id FROM u;\n\nSELECT t.a FROM t WHERE x = ANY($ids);");
    const QList<DiffChunk> chunks = wordDiff(before, after);
    QCOMPARE(chunks.size(), 5);
    QCOMPARE(chunks.at(0), (DiffChunk { DiffChunk::Added, QStringLiteral("SELECT id FROM u;\n\n") }));
    QCOMPARE(chunks.at(1), (DiffChunk { DiffChunk::Same, QStringLiteral("SELECT t.a FROM t WHERE x ") }));
}

void TestWordDiff::emptySides()
{
    QCOMPARE(wordDiff(QString(), QString()), QList<DiffChunk>());
    QCOMPARE(
        wordDiff(QString(), QStringLiteral("x y")), (QList<DiffChunk> { { DiffChunk::Added, QStringLiteral("x y") } }));
    QCOMPARE(wordDiff(QStringLiteral("x y"), QString()),
        (QList<DiffChunk> { { DiffChunk::Removed, QStringLiteral("x y") } }));
}

void TestWordDiff::megabyteIsQuick()
{
    const QString before = bigScript(1 << 20, 0);
    const QString edited = QString(before).replace(QStringLiteral("t100 "), QStringLiteral("u100 "));
    const QString unrelated = bigScript(1 << 20, 1);
    QElapsedTimer timer;
    timer.start();
    const QList<DiffChunk> few = wordDiff(before, edited);
    const QList<DiffChunk> many = wordDiff(before, unrelated);
    QVERIFY2(timer.elapsed() < 5000, qPrintable(QString::number(timer.elapsed())));
    // One word changed in one statement: that word, not the megabyte, is the change.
    QCOMPARE(joined(few, DiffChunk::Removed), QStringLiteral("t100"));
    QCOMPARE(joined(few, DiffChunk::Added), QStringLiteral("u100"));
    QCOMPARE(side(many, DiffChunk::Removed), before);
    QCOMPARE(side(many, DiffChunk::Added), unrelated);
}

QTEST_GUILESS_MAIN(TestWordDiff)
#include "tst_worddiff.moc"
