// SPDX-License-Identifier: MIT
// `planlens analyze` as scripts call it: the JSON contract of docs/cli.md, stdin, the summary, exit statuses.
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

class TestAnalyzeCli : public QObject
{
    Q_OBJECT
private slots:
    void jsonObjectHasTheDocumentedFields();
    void readsStandardInput();
    void forcedFormat();
    void summaryNamesSlowestNodes();
    void summaryKeepsFractionalRows();
    void badInputExitsTwo_data();
    void badInputExitsTwo();
    void sqlFindingsJson();
    void badSqlExitsTwo_data();
    void badSqlExitsTwo();

private:
    struct Run {
        int code;
        QByteArray out;
        QString err;
    };
    static Run planlens(const QStringList &args, const QByteArray &input = {})
    {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("DISPLAY"));
        env.remove(QStringLiteral("QT_QPA_PLATFORM"));   // the CLI must not need a display
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(PLANLENS_BINARY), QStringList{QStringLiteral("analyze")} + args);
        if (!input.isNull()) {
            p.write(input);
            p.closeWriteChannel();
        }
        if (!p.waitForFinished(60000))
            return {-1, {}, QStringLiteral("timed out")};
        return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2, p.readAllStandardOutput(),
                QString::fromUtf8(p.readAllStandardError())};
    }
    static QString data(const QString &rel) { return QStringLiteral(PLANLENS_TEST_DATA "/") + rel; }
};

void TestAnalyzeCli::jsonObjectHasTheDocumentedFields()
{
    const Run r = planlens({data(QStringLiteral("text/verbose-parallel-workers.plan")), QStringLiteral("--json")});
    QCOMPARE(r.code, 0);
    QJsonParseError pe;
    const QJsonObject o = QJsonDocument::fromJson(r.out, &pe).object();
    QCOMPARE(pe.error, QJsonParseError::NoError);
    QCOMPARE(o.value(u"format").toString(), QStringLiteral("text"));
    QCOMPARE(o.value(u"node_count").toInt(), 2);
    QCOMPARE(o.value(u"planning_ms").toDouble(), 0.3);
    QCOMPARE(o.value(u"execution_ms").toDouble(), 45.0);
    QCOMPARE(o.value(u"root_type").toString(), QStringLiteral("Gather"));
    const QJsonArray nodes = o.value(u"nodes").toArray();
    QCOMPARE(nodes.size(), 2);
    const QJsonObject root = nodes[0].toObject();
    QVERIFY(root.value(u"parent").isNull());
    QCOMPARE(root.value(u"id").toInt(), 0);
    QCOMPARE(root.value(u"exclusive_ms").toDouble(), 10.0);
    QCOMPARE(root.value(u"total_ms").toDouble(), 40.0);
    QVERIFY(root.value(u"relation").isNull());
    const QJsonObject scan = nodes[1].toObject();
    QCOMPARE(scan.value(u"parent").toInt(), 0);
    QCOMPARE(scan.value(u"type").toString(), QStringLiteral("Seq Scan"));
    QCOMPARE(scan.value(u"label").toString(), QStringLiteral("Parallel Seq Scan"));
    QCOMPARE(scan.value(u"relation").toString(), QStringLiteral("big"));
    QCOMPARE(scan.value(u"schema").toString(), QStringLiteral("public"));
    QCOMPARE(scan.value(u"plan_rows").toDouble(), 42.0);
    QCOMPARE(scan.value(u"actual_rows").toDouble(), 30.0);
    QCOMPARE(scan.value(u"loops").toDouble(), 3.0);
    QCOMPARE(scan.value(u"actual_total_ms").toDouble(), 30.0);
    QCOMPARE(scan.value(u"estimate_factor").toDouble(), 30.0 / 42.0);
    QCOMPARE(scan.value(u"buffers").toObject().value(u"shared_read").toInt(), 100);
    QCOMPARE(scan.value(u"never_executed").toBool(), false);
    for (const char *key : {"id", "parent", "type", "relation", "schema", "alias", "index", "parent_relationship",
                            "subplan_name", "plan_rows", "actual_rows", "loops", "startup_cost", "total_cost",
                            "actual_total_ms", "total_ms", "exclusive_ms", "estimate_factor", "time_share",
                            "never_executed", "buffers"})
        QVERIFY2(scan.contains(QLatin1String(key)), key);
}

void TestAnalyzeCli::readsStandardInput()
{
    QFile f(data(QStringLiteral("json/one-line.json")));
    QVERIFY(f.open(QIODevice::ReadOnly));
    const Run r = planlens({QStringLiteral("-"), QStringLiteral("--json")}, f.readAll());
    QCOMPARE(r.code, 0);
    const QJsonObject o = QJsonDocument::fromJson(r.out).object();
    QCOMPARE(o.value(u"format").toString(), QStringLiteral("json"));
    QCOMPARE(o.value(u"node_count").toInt(), 2);
    QCOMPARE(o.value(u"execution_ms").toDouble(), 0.025);
}

void TestAnalyzeCli::forcedFormat()
{
    // Costs-off text has no execution time: null, not 0.
    const Run r = planlens({data(QStringLiteral("text/costs-off-no-analyze.plan")), QStringLiteral("--format"),
                            QStringLiteral("text"), QStringLiteral("--json")});
    QCOMPARE(r.code, 0);
    const QJsonObject o = QJsonDocument::fromJson(r.out).object();
    QVERIFY(o.value(u"execution_ms").isNull());
    QVERIFY(o.value(u"nodes").toArray().first().toObject().value(u"total_cost").isNull());
    // JSON read as TEXT is not a plan.
    const Run wrong = planlens({data(QStringLiteral("json/one-line.json")), QStringLiteral("--format"), QStringLiteral("text")});
    QCOMPARE(wrong.code, 2);
    QVERIFY2(wrong.err.contains(QStringLiteral("expected a plan node line")), qPrintable(wrong.err));
}

void TestAnalyzeCli::summaryNamesSlowestNodes()
{
    const Run r = planlens({data(QStringLiteral("text/pg84-sort-aggregate.plan"))});
    QCOMPARE(r.code, 0);
    const QString out = QString::fromUtf8(r.out);
    QVERIFY2(out.contains(QStringLiteral("Execution time: 1 min 42 s")), qPrintable(out));
    QVERIFY2(out.contains(QStringLiteral("Slowest nodes")), qPrintable(out));
    // The Nested Loop's own time is the largest: 101961.451 - 80 - 0.001 × 50000.
    const qsizetype slowest = out.indexOf(QStringLiteral("Slowest nodes"));
    const QString firstLine = out.mid(slowest).section(u'\n', 1, 1);
    QVERIFY2(firstLine.contains(QStringLiteral("Nested Loop")), qPrintable(firstLine));
}

void TestAnalyzeCli::summaryKeepsFractionalRows()
{
    // PostgreSQL 18 prints per-loop averages with their fraction: 1234.5 actual rows against 10 planned is off
    // by more than 10×, and the summary must show "1,234.5", not the rounded "1,235".
    const QByteArray plan = R"([{"Plan": {"Node Type": "Seq Scan", "Relation Name": "t", "Alias": "t",
        "Startup Cost": 0.0, "Total Cost": 35.5, "Plan Rows": 10, "Plan Width": 4,
        "Actual Startup Time": 0.01, "Actual Total Time": 1.5, "Actual Rows": 1234.5, "Actual Loops": 2},
        "Planning Time": 0.1, "Execution Time": 3.2}])";
    const Run r = planlens({QStringLiteral("-")}, plan);
    QCOMPARE(r.code, 0);
    const QString out = QString::fromUtf8(r.out);
    QVERIFY2(out.contains(QStringLiteral("Row estimates off by 10× or more:")), qPrintable(out));
    QVERIFY2(out.contains(QStringLiteral("planned 10, actual 1,234.5 × 2 loops")), qPrintable(out));
    QVERIFY2(!out.contains(QStringLiteral("1,235")), qPrintable(out));
}

void TestAnalyzeCli::badInputExitsTwo_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    QTest::newRow("missing file") << QStringList{QStringLiteral("/nonexistent/plan.json")} << "cannot read";
    QTest::newRow("truncated json") << QStringList{data(QStringLiteral("json/broken-truncated.json"))} << "line 25";
    QTest::newRow("not a plan") << QStringList{data(QStringLiteral("text/broken-no-plan.plan"))} << "line 1, column 1";
    QTest::newRow("unknown format") << QStringList{data(QStringLiteral("json/one-line.json")), QStringLiteral("--format"),
                                                   QStringLiteral("csv")} << "unknown format";
    QTest::newRow("no file") << QStringList{} << "give one plan file";
}

void TestAnalyzeCli::badInputExitsTwo()
{
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    const Run r = planlens(args);
    QCOMPARE(r.code, 2);
    QVERIFY(r.out.isEmpty());
    QVERIFY2(r.err.contains(message), qPrintable(r.err));
}

// Issue 8.5: `analyze PLAN --sql FILE --json` on incident A (before): the findings key of docs/cli.md.
void TestAnalyzeCli::sqlFindingsJson()
{
    const QString sqlPath = data(QStringLiteral("detect/incident-a-before.sql"));
    QFile sf(sqlPath);
    QVERIFY(sf.open(QIODevice::ReadOnly));
    const QString sql = QString::fromUtf8(sf.readAll());
    const Run r = planlens({data(QStringLiteral("detect/incident-a-before.json")), QStringLiteral("--sql"), sqlPath,
                            QStringLiteral("--json")});
    QCOMPARE(r.code, 0);
    QJsonParseError pe;
    const QJsonObject o = QJsonDocument::fromJson(r.out, &pe).object();
    QCOMPARE(pe.error, QJsonParseError::NoError);
    const int nodeCount = o.value(u"node_count").toInt();
    QVERIFY(nodeCount > 0);
    QVERIFY(o.value(u"findings").isArray());
    const QJsonArray findings = o.value(u"findings").toArray();
    QVERIFY2(!findings.isEmpty(), r.out.constData());
    QJsonObject or_;
    for (const QJsonValue &v : findings) {
        const QJsonObject f = v.toObject();
        for (const char *key : {"rule", "severity", "level", "node", "nodes", "sql_span", "statement", "message",
                                "evidence", "advice", "rewrite", "confidence"})
            QVERIFY2(f.contains(QLatin1String(key)), qPrintable(f.value(u"rule").toString() + u' ' + QLatin1String(key)));
        if (f.value(u"rule").toString() == u"or-sublink-defeats-index")
            or_ = f;
    }
    QVERIFY2(!or_.isEmpty(), r.out.constData());
    // sql_span: [start, end) UTF-16 indices into the --sql text.
    QVERIFY(or_.value(u"sql_span").isArray());
    const QJsonArray span = or_.value(u"sql_span").toArray();
    QCOMPARE(span.size(), 2);
    QVERIFY(span[0].isDouble() && span[1].isDouble());
    const int start = span[0].toInt(-1), end = span[1].toInt(-1);
    QVERIFY2(start >= 0 && start < end && end <= sql.size(), qPrintable(QStringLiteral("%1..%2").arg(start).arg(end)));
    const QString spanned = sql.mid(start, end - start);
    QVERIFY2(spanned.contains(QStringLiteral("OR")), qPrintable(spanned));
    QVERIFY2(spanned.contains(QStringLiteral("track_collaborators")), qPrintable(spanned));
    // node: an integer id of "nodes"
    const QJsonValue node = or_.value(u"node");
    QVERIFY(node.isDouble());
    QCOMPARE(node.toDouble(), double(node.toInt()));
    QVERIFY(node.toInt() >= 0 && node.toInt() < nodeCount);
    QCOMPARE(or_.value(u"nodes").toArray().first().toInt(), node.toInt());
    QCOMPARE(or_.value(u"statement").toInt(-1), 0);
    // rewrite: {"id": "prefetch-any-array"}
    QVERIFY(or_.value(u"rewrite").isObject());
    QCOMPARE(or_.value(u"rewrite").toObject().value(u"id").toString(), QStringLiteral("prefetch-any-array"));
    // With the SQL the rule is confirmed.
    QCOMPARE(or_.value(u"confidence").toDouble(), 1.0);
}

void TestAnalyzeCli::badSqlExitsTwo_data()
{
    QTest::addColumn<QString>("sqlText");   // null: the --sql file does not exist
    QTest::addColumn<QString>("message");
    QTest::newRow("missing sql file") << QString() << "cannot read";
    QTest::newRow("sql does not parse") << QStringLiteral("SELECT t.track_id FROM tracks t WHERE (t.owner_id = 1 OR\n"
                                                          "  t.track_id IN (SELEC track_id FROM track_collaborators))")
                                        << "syntax error";
}

void TestAnalyzeCli::badSqlExitsTwo()
{
    QFETCH(QString, sqlText);
    QFETCH(QString, message);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString sqlPath = dir.filePath(QStringLiteral("incident-query.sql"));
    if (!sqlText.isNull()) {
        QFile f(sqlPath);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(sqlText.toUtf8());
    }
    for (const bool json : {false, true}) {
        QStringList args{data(QStringLiteral("detect/incident-a-before.json")), QStringLiteral("--sql"), sqlPath};
        if (json)
            args << QStringLiteral("--json");
        const Run r = planlens(args);
        QCOMPARE(r.code, 2);
        QVERIFY2(r.out.isEmpty(), r.out.constData());
        QVERIFY2(r.err.contains(sqlPath), qPrintable(r.err));
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
    }
}

QTEST_GUILESS_MAIN(TestAnalyzeCli)
#include "tst_analyzecli.moc"
