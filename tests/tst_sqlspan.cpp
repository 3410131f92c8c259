// SPDX-License-Identifier: MIT
#include "sql/sqlspan.h"

#include <QTest>

using namespace PlanLens;

class TestSqlSpan : public QObject
{
    Q_OBJECT
private slots:
    void tokens_data();
    void tokens();
    void skipsCommentsAndStrings();
    void matchesParentheses();
    void findsAtDepthZero();
    void expandsParentheses();
    void appliesEdits();
    void quotesIdentifiers_data();
    void quotesIdentifiers();
};

namespace {
QStringList texts(const QString &sql)
{
    QStringList out;
    for (const SqlToken &t : tokenizeSql(sql))
        out << sql.mid(t.start, t.end - t.start);
    return out;
}
} // namespace

void TestSqlSpan::tokens_data()
{
    QTest::addColumn<QString>("sql");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("plain") << "SELECT a,b FROM t" << QStringList { "SELECT", "a", ",", "b", "FROM", "t" };
    QTest::newRow("qualified") << "t.\"Col\" = $1" << QStringList { "t", ".", "\"Col\"", "=", "$1" };
    QTest::newRow("named param") << "x = ANY($ids)" << QStringList { "x", "=", "ANY", "(", "$ids", ")" };
    QTest::newRow("cast") << "a::int[]" << QStringList { "a", "::", "int", "[", "]" };
    QTest::newRow("numbers") << "1.5e3 .5 10" << QStringList { "1.5e3", ".5", "10" };
    QTest::newRow("operator then minus") << "a=-1" << QStringList { "a", "=", "-", "1" };
    QTest::newRow("json operator") << "a->>'k'" << QStringList { "a", "->>", "'k'" };
    QTest::newRow("escape string") << "E'it\\'s' x" << QStringList { "E'it\\'s'", "x" };
    QTest::newRow("doubled quote") << "'it''s' x" << QStringList { "'it''s'", "x" };
    QTest::newRow("dollar quote") << "$f$ a ) ' $f$ b" << QStringList { "$f$ a ) ' $f$", "b" };
    QTest::newRow("empty dollar tag") << "$$)$$" << QStringList { "$$)$$" };
    QTest::newRow("unicode ident") << "U&\"d\\0061t\" x" << QStringList { "U&\"d\\0061t\"", "x" };
    QTest::newRow("non-ascii") << "SELECT 'ä' AS ö" << QStringList { "SELECT", "'ä'", "AS", "ö" };
}

void TestSqlSpan::tokens()
{
    QFETCH(QString, sql);
    QFETCH(QStringList, expected);
    QCOMPARE(texts(sql), expected);
}

void TestSqlSpan::skipsCommentsAndStrings()
{
    const QString sql = QStringLiteral("SELECT /* a /* nested */ ( */ 1 -- ) comment\n, ')' FROM t");
    QCOMPARE(texts(sql), (QStringList { "SELECT", "1", ",", "')'", "FROM", "t" }));
    const SqlTokens t(sql);
    QCOMPARE(t.size(), 6);
    QCOMPARE(t.tokenText(3), QStringLiteral("')'"));
    QVERIFY(t.isWord(4, QLatin1StringView("FROM")));
    QVERIFY(!t.isWord(3, QLatin1StringView("FROM")));
}

void TestSqlSpan::matchesParentheses()
{
    const QString sql = QStringLiteral("f(a, (b), ')', g[1]) + x");
    const SqlTokens t(sql);
    QCOMPARE(t.tokenText(1), QStringLiteral("("));
    const int close = t.matchingClose(1);
    QCOMPARE(t.tokenText(close), QStringLiteral(")"));
    QCOMPARE(t.tokenText(close + 1), QStringLiteral("+"));
    QCOMPARE(t.matchingOpen(close), 1);
    QCOMPARE(t.matchingClose(0), -1); // not an opening token
    const SqlTokens broken(QStringLiteral("(a"));
    QCOMPARE(broken.matchingClose(0), -1);
}

void TestSqlSpan::findsAtDepthZero()
{
    const QString sql = QStringLiteral("a = (SELECT b FROM c WHERE d) AND CASE WHEN e THEN 1 END = 1 ORDER BY f");
    const SqlTokens t(sql);
    const int order = t.findAtDepth0(0, [&](int i) { return t.isWord(i, QLatin1StringView("ORDER")); });
    QVERIFY(t.isWord(order, QLatin1StringView("ORDER")));
    // WHERE and THEN are nested (parentheses, CASE): not found at depth 0.
    QCOMPARE(t.findAtDepth0(0, [&](int i) { return t.isWord(i, QLatin1StringView("WHERE")); }), t.size());
    QCOMPARE(t.findAtDepth0(0, [&](int i) { return t.isWord(i, QLatin1StringView("THEN")); }), t.size());
    // A closing parenthesis of an enclosing group ends the search.
    const SqlTokens inner(QStringLiteral("(x OR y) z"));
    QCOMPARE(inner.findAtDepth0(1, [](int) { return false; }), 4);
}

void TestSqlSpan::expandsParentheses()
{
    const SqlTokens t(QStringLiteral("WHERE ((a OR b)) AND (c)"));
    int first = 3, last = 5; // a OR b
    t.expandParens(first, last);
    QCOMPARE(first, 1);
    QCOMPARE(last, 7);
    int f2 = 1, l2 = 7; // already the widest
    t.expandParens(f2, l2);
    QCOMPARE(f2, 1);
    QCOMPARE(l2, 7);
}

void TestSqlSpan::appliesEdits()
{
    const QString s = QStringLiteral("0123456789");
    QCOMPARE(applySqlEdits(s, 0, 10, { SqlEdit { 7, 8, QStringLiteral("x") }, SqlEdit { 2, 4, QString() } }),
        QStringLiteral("01456x89"));
    QCOMPARE(applySqlEdits(s, 2, 6, { SqlEdit { 3, 3, QStringLiteral("+") } }), QStringLiteral("2+345"));
}

void TestSqlSpan::quotesIdentifiers_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("quoted");
    QTest::newRow("plain") << "project_authorizations_2"
                           << "project_authorizations_2";
    QTest::newRow("upper") << "Projects"
                           << "\"Projects\"";
    QTest::newRow("keyword") << "user"
                             << "\"user\"";
    QTest::newRow("quote inside") << "a\"b"
                                  << "\"a\"\"b\"";
    QTest::newRow("digit first") << "2x"
                                 << "\"2x\"";
}

void TestSqlSpan::quotesIdentifiers()
{
    QFETCH(QString, name);
    QFETCH(QString, quoted);
    QCOMPARE(quoteSqlIdentifier(name), quoted);
}

QTEST_APPLESS_MAIN(TestSqlSpan)
#include "tst_sqlspan.moc"
