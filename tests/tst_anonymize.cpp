// SPDX-License-Identifier: MIT
// `planlens anonymize` and the Anonymizer: the anonymized plan must parse to the same tree, figures and findings
// as the original, the SQL must parse again, and no name of the plan may survive. Cases, one row per file:
//   plans  tests/data/{detect,plans,plans-framed,pg17-18,text,json}: each plan, with its SQL when a .sql is paired
//          (detect/X.sql for detect/X.json)
//   corpus ../shared/external/plans: every row of expected.tsv that is not expect_error (read in place, never copied)
//   sql    tests/data/detect/*.sql and resources/demo/*/*.sql
#include "anonymize/anonymizer.h"
#include "detect/detectors.h"
#include "plan/planparser.h"
#include "sql/sqlscript.h"
#include "sql/sqlspan.h"
#include "testdata.h"
#include "workbench/anonymizeexport.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using namespace PlanLens;

namespace {

const QString testData = QStringLiteral(PLANLENS_TEST_DATA);
const QString externalDir = QStringLiteral(PLANLENS_SHARED_DIR "/external");

QString readText(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return QString();
    return QString::fromUtf8(f.readAll());
}

// The words a TEXT plan prints around the names (figures, units): a name equal to one of them cannot be told
// from the layout by a text search, so the leak check does not look for it. Nothing else is exempt.
bool explainVocabulary(const QString &w)
{
    static const QStringList words{QStringLiteral("rows"), QStringLiteral("loops"), QStringLiteral("width"),
                                   QStringLiteral("cost"), QStringLiteral("actual"), QStringLiteral("time"),
                                   QStringLiteral("shared"), QStringLiteral("hit"), QStringLiteral("read"),
                                   QStringLiteral("written"), QStringLiteral("dirtied"), QStringLiteral("temp"),
                                   QStringLiteral("local"), QStringLiteral("on"), QStringLiteral("using")};
    return words.contains(w);
}

// Names the output must not contain as a whole word: every relation, index, schema, CTE, alias and function name
// the original plan names (built-ins kept by design excluded), and the columns the anonymizer replaced.
QStringList leakedNames(const Plan &original, const QString &output, const Anonymizer &a)
{
    QStringList names;
    for (const PlanNode &n : original.nodes) {
        names << n.relationName << n.indexName << n.detail().cteName;
        if (!Anonymizer::builtinSchemas().contains(n.schema))
            names << n.schema;
        if (!n.alias.startsWith(u'*') && !n.alias.startsWith(QStringLiteral("\"*")))
            names << n.alias;
        if (!Anonymizer::builtinFunctions().contains(n.detail().functionName.toLower()))
            names << n.detail().functionName;
    }
    // Columns: those the plan's own expressions mention (text around a plan — a script's echo — is not plan).
    QString expressions;
    for (const PlanNode &n : original.nodes)
        expressions += QStringList{n.filter, n.joinFilter, n.indexCond, n.recheckCond, n.hashCond, n.detail().mergeCond,
                                   n.output.join(u','), n.sortKey.join(u','), n.groupKey.join(u',')}.join(u' ');
    for (const QString &c : a.names(Anonymizer::Kind::Column))
        if (original.nodes.isEmpty() || expressions.contains(c))
            names << c;
    names << a.names(Anonymizer::Kind::Table);
    QStringList leaks;
    for (QString name : names) {
        if (name.size() >= 2 && name.startsWith(u'"') && name.endsWith(u'"'))
            name = name.mid(1, name.size() - 2);
        // A column called "text" or "oid" is replaced, but the type of the same name stays in every ::text.
        const bool builtin = Anonymizer::builtinTypes().contains(name) || Anonymizer::builtinFunctions().contains(name);
        if (name.isEmpty() || explainVocabulary(name) || builtin || leaks.contains(name))
            continue;
        const QRegularExpression word(QStringLiteral("(?<![A-Za-z0-9_$])%1(?![A-Za-z0-9_])")
                                          .arg(QRegularExpression::escape(name)));
        if (word.match(output).hasMatch())
            leaks << name;
    }
    return leaks;
}

QStringList findingKeys(const QList<Finding> &findings)
{
    QStringList out;
    for (const Finding &f : findings)
        out << QStringLiteral("%1@%2").arg(f.rule).arg(f.nodeId);
    std::sort(out.begin(), out.end());
    return out;
}

// The SQL with every token put back to its original name (the inverse of the map), for the fingerprint check.
QString reidentify(const QString &sql, const Anonymizer &a)
{
    const SqlTokens t(sql);
    QList<SqlEdit> edits;
    for (int i = 0; i < t.size(); ++i) {
        if (t.at(i).kind != SqlTokenKind::Word)
            continue;
        const QString original = a.originalName(t.tokenText(i).toString());
        if (!original.isEmpty())
            edits << SqlEdit{t.at(i).start, t.at(i).end, quoteSqlIdentifier(original)};
    }
    return applySqlEdits(sql, 0, int(sql.size()), edits);
}

QStringList fingerprints(const QString &sql)
{
    QStringList out;
    const Result<SqlScript> s = parseSqlScript(sql);
    if (!isError(s))
        for (const SqlStatement &st : std::get<SqlScript>(s).statements)
            out << st.fingerprint;
    return out;
}

} // namespace

class TestAnonymize : public QObject
{
    Q_OBJECT
private slots:
    void sameNameSameToken();
    void literalsAndKeywords();
    void likeWildcardsKept();
    void settingsSearchPath();
    void keywordNamedColumn();
    void sqlParsesAgain_data();
    void sqlParsesAgain();
    void plansKeepTreeFiguresAndFindings_data();
    void plansKeepTreeFiguresAndFindings();
    void externalCorpus_data();
    void externalCorpus();
    void notAPlanIsAnError();
    void cliJson();
    void cliFilesAndMap();
    void cliBadInputExitsTwo_data();
    void cliBadInputExitsTwo();
    void exportWritesPlanAndSql();

private:
    void checkPlan(const QString &planPath, const QString &sqlPath);
    struct Run {
        int code;
        QByteArray out;
        QString err;
    };
    static Run planlens(const QStringList &args)
    {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("DISPLAY"));
        env.remove(QStringLiteral("QT_QPA_PLATFORM"));   // the CLI must not need a display
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(PLANLENS_BINARY), QStringList{QStringLiteral("anonymize")} + args);
        if (!p.waitForFinished(60000))
            return {-1, {}, QStringLiteral("timed out")};
        return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2, p.readAllStandardOutput(),
                QString::fromUtf8(p.readAllStandardError())};
    }
};

void TestAnonymize::sameNameSameToken()
{
    Anonymizer a;
    const Result<QString> sql = a.anonymizeSql(QStringLiteral(
        "SELECT t.Title FROM Tracks t JOIN \"Owners\" o ON o.id = t.owner_id WHERE t.owner_id = 42 -- secret\n"));
    QVERIFY(!isError(sql));
    const QString s = std::get<QString>(sql);
    QVERIFY2(!s.contains(QStringLiteral("secret")), qPrintable(s));   // comments leak: dropped
    QVERIFY2(!s.contains(QStringLiteral("Tracks"), Qt::CaseInsensitive), qPrintable(s));
    QVERIFY2(!s.contains(QStringLiteral("Owners")), qPrintable(s));
    const Result<QString> plan = a.anonymizePlan(QStringLiteral(
        "Seq Scan on tracks t  (cost=0.00..1.10 rows=1 width=4) (actual time=0.010..0.020 rows=3 loops=1)\n"
        "  Filter: (owner_id = 42)\n"
        "  Rows Removed by Filter: 7\n"));
    QVERIFY(!isError(plan));
    const QString p = std::get<QString>(plan);
    // Unquoted Tracks folds to tracks, as PostgreSQL does: the plan's table gets the SQL's token.
    const QString table = a.mapJson().value(u"table").toObject().value(u"tracks").toString();
    QVERIFY(!table.isEmpty());
    QVERIFY2(p.contains(QStringLiteral("on %1 ").arg(table)), qPrintable(p));
    QVERIFY2(s.contains(QStringLiteral("FROM %1 ").arg(table)), qPrintable(s));
    const QString col = a.mapJson().value(u"column").toObject().value(u"owner_id").toString();
    QVERIFY2(p.contains(QStringLiteral("(%1 = ").arg(col)), qPrintable(p));
    // 42 is the same number in both; the plan's figures are untouched.
    const QString n = a.mapJson().value(u"number").toObject().value(u"42").toString();
    QVERIFY(!n.isEmpty() && n != u"42");
    QVERIFY2(p.contains(QStringLiteral("= %1)").arg(n)) && s.contains(QStringLiteral("= %1").arg(n)), qPrintable(p + s));
    QVERIFY2(p.contains(QStringLiteral("(cost=0.00..1.10 rows=1 width=4) (actual time=0.010..0.020 rows=3 loops=1)")),
             qPrintable(p));
    QVERIFY(p.contains(QStringLiteral("Rows Removed by Filter: 7")));
}

void TestAnonymize::literalsAndKeywords()
{
    Anonymizer a;
    const QString e = a.anonymizeExpression(
        QStringLiteral("((lower((email)::text) = 'a@b.c'::text) AND (created_at > now()) AND (kind = ANY ('{x,y}'::mood[])))"));
    QVERIFY2(!e.contains(QStringLiteral("a@b.c")) && !e.contains(QStringLiteral("email"))
                 && !e.contains(QStringLiteral("created_at")) && !e.contains(QStringLiteral("mood")),
             qPrintable(e));
    // Built-ins and keywords stay; the user's type does not.
    for (const char *kept : {"lower(", "::text", "now()", " AND ", "ANY ("})
        QVERIFY2(e.contains(QLatin1String(kept)), qPrintable(e));
    QVERIFY2(e.contains(QStringLiteral("::type_1[]")), qPrintable(e));
    // Subplan references keep their numbers: the parser links them to their nodes.
    QCOMPARE(a.anonymizeExpression(QStringLiteral("(NOT (hashed SubPlan 2))")), QStringLiteral("(NOT (hashed SubPlan 2))"));
}

void TestAnonymize::likeWildcardsKept()
{
    Anonymizer a;
    const QString e = a.anonymizeExpression(QStringLiteral("((title)::text ~~ '%night%'::text)"));
    QVERIFY2(e.contains(QStringLiteral("'%str_1%'")), qPrintable(e));
}

void TestAnonymize::settingsSearchPath()
{
    Anonymizer a;
    const Result<QString> r = a.anonymizePlan(QStringLiteral(
        "Seq Scan on magasin.stock s  (cost=0.00..1.10 rows=1 width=4)\n"
        "Settings: search_path = 'public, magasin', work_mem = '8MB'\n"));
    QVERIFY(!isError(r));
    const QString out = std::get<QString>(r);
    QVERIFY2(!out.contains(QStringLiteral("magasin")) && !out.contains(QStringLiteral("stock")), qPrintable(out));
    QVERIFY2(out.contains(QStringLiteral("search_path = 'public, schema_1', work_mem = '8MB'")), qPrintable(out));
    QVERIFY2(out.contains(QStringLiteral("on schema_1.table_1 alias_1  (cost=0.00..1.10 rows=1 width=4)")), qPrintable(out));
}

void TestAnonymize::keywordNamedColumn()
{
    // "first" is a column here and a keyword in NULLS FIRST: only the column becomes a token.
    Anonymizer a;
    const Result<QString> r = a.anonymizeSql(QStringLiteral("SELECT first, name FROM t ORDER BY first NULLS FIRST;"));
    QVERIFY2(!isError(r), qPrintable(Test::errorText(r)));
    const QString out = std::get<QString>(r);
    QCOMPARE(out, QStringLiteral("SELECT column_1, column_2 FROM table_1 ORDER BY column_1 NULLS FIRST;"));
}

void TestAnonymize::sqlParsesAgain_data()
{
    QTest::addColumn<QString>("file");
    QStringList files;
    for (const QString &f : QDir(testData + QStringLiteral("/detect")).entryList({QStringLiteral("*.sql")}))
        files << testData + QStringLiteral("/detect/") + f;
    QDirIterator it(QStringLiteral(PLANLENS_TESTS_DIR "/../resources/demo"), {QStringLiteral("*.sql")},
                    QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext())
        files << it.next();
    QVERIFY(files.size() > 30);
    for (const QString &f : files)
        QTest::newRow(qPrintable(QFileInfo(f).dir().dirName() + u'/' + QFileInfo(f).fileName())) << f;
}

void TestAnonymize::sqlParsesAgain()
{
    QFETCH(QString, file);
    const QString sql = readText(file);
    Anonymizer a;
    const Result<QString> r = a.anonymizeSql(sql);
    QVERIFY2(!isError(r), qPrintable(Test::errorText(r)));
    const QString out = std::get<QString>(r);
    const Result<SqlScript> again = parseSqlScript(out);
    QVERIFY2(!isError(again), qPrintable(out));
    QCOMPARE(std::get<SqlScript>(again).statements.size(), std::get<SqlScript>(parseSqlScript(sql)).statements.size());
    // Layout kept, line for line (a dollar-quoted body is one literal: it becomes 'str_N' on one line).
    if (!sql.contains(QStringLiteral("$$")))
        QCOMPARE(out.count(u'\n'), sql.count(u'\n'));
    const QStringList leaks = leakedNames(Plan{}, out, a);
    QVERIFY2(leaks.isEmpty(), qPrintable(leaks.join(u',') + u'\n' + out));
    // Fingerprints ignore constants but not names: with the names put back they must be the original's.
    QCOMPARE(fingerprints(reidentify(out, a)), fingerprints(sql));
    const bool namesReplaced = a.tokenCounts().value(u"table").toInt() + a.tokenCounts().value(u"column").toInt() > 0;
    if (namesReplaced)
        QVERIFY(fingerprints(out) != fingerprints(sql));
}

void TestAnonymize::plansKeepTreeFiguresAndFindings_data()
{
    QTest::addColumn<QString>("plan");
    QTest::addColumn<QString>("sql");
    const QDir detect(testData + QStringLiteral("/detect"));
    for (const QString &f : detect.entryList({QStringLiteral("*.json")})) {
        const QString sql = detect.filePath(QFileInfo(f).completeBaseName() + QStringLiteral(".sql"));
        QTest::newRow(qPrintable(QStringLiteral("detect/") + f)) << detect.filePath(f) << (QFile::exists(sql) ? sql : QString());
    }
    const QDir plans(testData + QStringLiteral("/plans"));
    // plans/cases/*.sql are psql scripts (":explain" variables), not SQL: these plans go alone.
    for (const QString &f : plans.entryList({QStringLiteral("*.json"), QStringLiteral("*.txt")}))
        QTest::newRow(qPrintable(QStringLiteral("plans/") + f)) << plans.filePath(f) << QString();
    for (const char *dir : {"plans-framed", "pg17-18", "text", "json"}) {
        const QDir d(testData + u'/' + QLatin1String(dir));
        for (const QString &f : d.entryList(QDir::Files)) {
            if (f.startsWith(QStringLiteral("broken")) || f.endsWith(QStringLiteral(".md")))
                continue;
            QTest::newRow(qPrintable(QLatin1String(dir) + u'/' + f)) << d.filePath(f) << QString();
        }
    }
}

void TestAnonymize::plansKeepTreeFiguresAndFindings()
{
    QFETCH(QString, plan);
    QFETCH(QString, sql);
    checkPlan(plan, sql);
}

void TestAnonymize::checkPlan(const QString &planPath, const QString &sqlPath)
{
    const QString text = readText(planPath);
    const Result<Plan> original = parsePlan(text);
    // Every row of the data table is a plan fixture: one that does not parse is a broken fixture, not a skip.
    QVERIFY2(!isError(original), qPrintable(Test::errorText(original)));
    const Plan &before = std::get<Plan>(original);

    Anonymizer a;
    std::optional<SqlScript> scriptBefore, scriptAfter;
    if (!sqlPath.isEmpty()) {
        const QString sql = readText(sqlPath);
        const Result<QString> s = a.anonymizeSql(sql);
        QVERIFY2(!isError(s), qPrintable(Test::errorText(s)));
        const Result<SqlScript> sb = parseSqlScript(sql), sa = parseSqlScript(std::get<QString>(s));
        QVERIFY(!isError(sb) && !isError(sa));
        scriptBefore = std::get<SqlScript>(sb);
        scriptAfter = std::get<SqlScript>(sa);
    }
    const Result<QString> anon = a.anonymizePlan(text);
    QVERIFY2(!isError(anon), qPrintable(Test::errorText(anon)));
    const QString out = std::get<QString>(anon);
    const Result<Plan> reparsed = parsePlan(out);
    QVERIFY2(!isError(reparsed), qPrintable(isError(reparsed) ? std::get<ParseError>(reparsed).toString() + u'\n' + out : QString()));
    const Plan &after = std::get<Plan>(reparsed);

    QCOMPARE(after.sourceFormat, before.sourceFormat);
    QCOMPARE(after.nodes.size(), before.nodes.size());
    QCOMPARE(after.executionMs, before.executionMs);
    QCOMPARE(after.planningMs, before.planningMs);
    for (qsizetype i = 0; i < before.nodes.size(); ++i) {
        const PlanNode &b = before.nodes.at(i), &n = after.nodes.at(i);
        const QByteArray where = QStringLiteral("node #%1 %2").arg(i).arg(b.displayName()).toUtf8();
        QVERIFY2(n.nodeType == b.nodeType && n.parent == b.parent && n.parentRelationship == b.parentRelationship, where);
        QVERIFY2(n.actualTotalMs == b.actualTotalMs && n.actualStartupMs == b.actualStartupMs, where);
        QVERIFY2(n.actualRows == b.actualRows && n.actualLoops == b.actualLoops && n.planRows == b.planRows, where);
        QVERIFY2(n.totalCost == b.totalCost && n.startupCost == b.startupCost && n.buffers == b.buffers, where);
        QVERIFY2(n.exclusiveMs == b.exclusiveMs && n.rowsRemovedByFilter == b.rowsRemovedByFilter, where);
        QVERIFY2(n.relationName.isEmpty() == b.relationName.isEmpty() && n.filter.isEmpty() == b.filter.isEmpty(), where);
    }
    const QStringList findingsBefore = findingKeys(runDetectors(before, scriptBefore ? &*scriptBefore : nullptr));
    const QStringList findingsAfter = findingKeys(runDetectors(after, scriptAfter ? &*scriptAfter : nullptr));
    QCOMPARE(findingsAfter, findingsBefore);

    const QStringList leaks = leakedNames(before, out, a);
    QVERIFY2(leaks.isEmpty(), qPrintable(QStringLiteral("left in the output: ") + leaks.join(QStringLiteral(", "))));
}

void TestAnonymize::externalCorpus_data()
{
    QTest::addColumn<QString>("plan");
    QTest::addColumn<QString>("sql");
    QFile tsv(externalDir + QStringLiteral("/expected.tsv"));
    QVERIFY2(tsv.open(QIODevice::ReadOnly), qPrintable(tsv.fileName() + QStringLiteral(" is not there")));
    QStringList header;
    int rows = 0;
    for (const QByteArray &raw : tsv.readAll().split('\n')) {
        if (raw.trimmed().isEmpty())
            continue;
        const QStringList cols = QString::fromUtf8(raw).split(u'\t');
        if (header.isEmpty()) {
            header = cols;
            continue;
        }
        if (cols.value(header.indexOf(QStringLiteral("expect_error"))) == u"yes")
            continue;
        const QString file = cols.value(header.indexOf(QStringLiteral("file")));
        QTest::newRow(qPrintable(file)) << externalDir + QStringLiteral("/plans/") + file << QString();
        ++rows;
    }
    QVERIFY(rows > 200);
}

void TestAnonymize::externalCorpus()
{
    QFETCH(QString, plan);
    QFETCH(QString, sql);
    QVERIFY2(QFile::exists(plan), qPrintable(plan));
    checkPlan(plan, sql);
}

void TestAnonymize::notAPlanIsAnError()
{
    Anonymizer a;
    QVERIFY(isError(a.anonymizePlan(QStringLiteral("hello, this is not a plan"))));
    QVERIFY(isError(a.anonymizeSql(QStringLiteral("SELEC 1 FROM"))));
}

void TestAnonymize::cliJson()
{
    const Run r = planlens({testData + QStringLiteral("/detect/incident-a-before.json"), QStringLiteral("--sql"),
                            testData + QStringLiteral("/detect/incident-a-before.sql"), QStringLiteral("--json")});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QJsonParseError pe;
    const QJsonObject o = QJsonDocument::fromJson(r.out, &pe).object();
    QCOMPARE(pe.error, QJsonParseError::NoError);
    QCOMPARE(o.value(u"format").toString(), QStringLiteral("json"));
    const QString plan = o.value(u"plan").toString();
    const QString sql = o.value(u"sql").toString();
    QVERIFY(!isError(parsePlan(plan)));
    QVERIFY(!isError(parseSqlScript(sql)));
    QVERIFY2(!plan.contains(QStringLiteral("tracks")) && !sql.contains(QStringLiteral("tracks")), qPrintable(plan + sql));
    QVERIFY2(!sql.contains(QStringLiteral("accepted")), qPrintable(sql));
    const QJsonObject tokens = o.value(u"tokens").toObject();
    QCOMPARE(tokens.value(u"table").toInt(), 2);   // tracks, track_collaborators
    QVERIFY(tokens.value(u"column").toInt() >= 5);
    QVERIFY(tokens.value(u"string").toInt() >= 1);
}

void TestAnonymize::cliFilesAndMap()
{
    QTemporaryDir dir;
    const QString out = dir.filePath(QStringLiteral("shared.json"));
    const QString map = dir.filePath(QStringLiteral("map.json"));
    const Run r = planlens({testData + QStringLiteral("/detect/incident-b-before.json"), QStringLiteral("--sql"),
                            testData + QStringLiteral("/detect/incident-b-before.sql"), QStringLiteral("-o"), out,
                            QStringLiteral("--map"), map});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY(r.out.isEmpty());   // with -o nothing goes to stdout
    QVERIFY(!isError(parsePlan(readText(out))));
    QVERIFY(!isError(parseSqlScript(readText(dir.filePath(QStringLiteral("shared.sql"))))));
    const QJsonObject m = QJsonDocument::fromJson(readText(map).toUtf8()).object();
    const QJsonObject tables = m.value(u"table").toObject();
    QVERIFY2(!tables.isEmpty(), qPrintable(readText(map)));
    for (auto it = tables.begin(); it != tables.end(); ++it) {
        QVERIFY(readText(out).contains(it.value().toString()));
        QVERIFY(!readText(out).contains(QStringLiteral("\"") + it.key() + u'"'));
    }
}

void TestAnonymize::cliBadInputExitsTwo_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    const QString plan = testData + QStringLiteral("/detect/incident-a-before.json");
    QTest::newRow("missing file") << QStringList{QStringLiteral("/nonexistent/plan.json")} << QStringLiteral("cannot read");
    QTest::newRow("not a plan") << QStringList{testData + QStringLiteral("/detect/incident-a-before.sql")} << QString();
    QTest::newRow("sql does not parse") << QStringList{plan, QStringLiteral("--sql"), testData + QStringLiteral("/json/broken-truncated.json")}
                                        << QStringLiteral("syntax error");
    QTest::newRow("no plan") << QStringList{} << QStringLiteral("give one plan");
}

void TestAnonymize::cliBadInputExitsTwo()
{
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    const Run r = planlens(args);
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.contains(message), qPrintable(r.err));
    QVERIFY(r.err.startsWith(QStringLiteral("planlens anonymize:")));
}

void TestAnonymize::exportWritesPlanAndSql()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("incident.txt"));
    QString error;
    const QString sqlPath = writeAnonymized(path, readText(testData + QStringLiteral("/plans-framed/incident-a-before.aligned.txt")),
                                            readText(testData + QStringLiteral("/detect/incident-a-before.sql")), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(sqlPath, dir.filePath(QStringLiteral("incident.sql")));
    QVERIFY(!isError(parsePlan(readText(path))));
    QVERIFY(!readText(path).contains(QStringLiteral("tracks")));
    QVERIFY(!readText(sqlPath).contains(QStringLiteral("tracks")));
    writeAnonymized(dir.filePath(QStringLiteral("x.txt")), QStringLiteral("not a plan"), QString(), &error);
    QVERIFY(!error.isEmpty());
    QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("x.txt"))));
}

QTEST_GUILESS_MAIN(TestAnonymize)
#include "tst_anonymize.moc"
