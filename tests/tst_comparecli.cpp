// SPDX-License-Identifier: MIT
// `planlens compare` as scripts call it, on the captured pairs of tests/data/compare and the demo's incident A.
// Figures are checked against the plan files read here directly (ids = pre-order positions of the JSON tree).
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

class TestCompareCli : public QObject
{
    Q_OBJECT
private slots:
    void helpListsCompare();
    void jsonOnOrToAny();
    void textOnIncidentAFromTextAndJson();
    void readsOneSideFromStdin();
    void badInputExitsTwo_data();
    void badInputExitsTwo();

private:
    struct Run {
        int code;
        QString out;
        QString err;
    };
    static Run planlens(const QStringList &args, const QByteArray &stdinData = {})
    {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("DISPLAY"));
        env.remove(QStringLiteral("QT_QPA_PLATFORM")); // the CLI must not need a display
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(PLANLENS_BINARY), args);
        if (!stdinData.isEmpty())
            p.write(stdinData);
        p.closeWriteChannel();
        if (!p.waitForFinished(60000))
            return {-1, {}, QStringLiteral("timed out")};
        return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(p.readAllStandardError())};
    }
    static QString data(const QString &rel) { return QStringLiteral(PLANLENS_TEST_DATA "/") + rel; }
    static QJsonObject top(const QString &path)
    {
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly))
            return {};
        return QJsonDocument::fromJson(f.readAll()).array().at(0).toObject();
    }
    // The raw plan nodes in pre-order (the order planlens numbers them).
    static QList<QJsonObject> preorder(const QJsonObject &node)
    {
        QList<QJsonObject> out{node};
        for (const QJsonValue &c : node[u"Plans"].toArray())
            out += preorder(c.toObject());
        return out;
    }
    static int idOf(const QList<QJsonObject> &nodes, const QString &type, const QString &rel = {})
    {
        for (qsizetype i = 0; i < nodes.size(); ++i)
            if (nodes[i][u"Node Type"].toString() == type && (rel.isEmpty() || nodes[i][u"Relation Name"].toString() == rel))
                return int(i);
        return -1;
    }
};

void TestCompareCli::helpListsCompare()
{
    const Run r = planlens({QStringLiteral("--help")});
    QCOMPARE(r.code, 0);
    QVERIFY2(r.out.contains(QStringLiteral("compare BEFORE AFTER [--json]")), qPrintable(r.out));
    const Run h = planlens({QStringLiteral("compare"), QStringLiteral("--help")});
    QCOMPARE(h.code, 0);
    QVERIFY(h.out.contains(QStringLiteral("--json")));
}

void TestCompareCli::jsonOnOrToAny()
{
    const QString bf = data(QStringLiteral("compare/or-to-any-before.json"));
    const QString af = data(QStringLiteral("compare/or-to-any-after.json"));
    const Run r = planlens({QStringLiteral("compare"), bf, af, QStringLiteral("--json")});
    QCOMPARE(r.code, 0);
    QJsonParseError err;
    const QJsonObject o = QJsonDocument::fromJson(r.out.toUtf8(), &err).object();
    QVERIFY2(err.error == QJsonParseError::NoError, qPrintable(r.out));

    const QJsonObject rb = top(bf);
    const QJsonObject ra = top(af);
    const QList<QJsonObject> nb = preorder(rb[u"Plan"].toObject());
    const QList<QJsonObject> na = preorder(ra[u"Plan"].toObject());
    const QJsonObject before = o[u"before"].toObject();
    const QJsonObject after = o[u"after"].toObject();
    QCOMPARE(before[u"format"].toString(), QStringLiteral("json"));
    QCOMPARE(before[u"node_count"].toInt(), nb.size());
    QCOMPARE(after[u"node_count"].toInt(), na.size());
    QCOMPARE(before[u"execution_ms"].toDouble(), rb[u"Execution Time"].toDouble());
    QCOMPARE(after[u"planning_ms"].toDouble(), ra[u"Planning Time"].toDouble());
    QCOMPARE(before[u"root_type"].toString(), nb[0][u"Node Type"].toString());
    QVERIFY(!before.contains(QStringLiteral("nodes"))); // a summary, not the whole analysis
    QVERIFY(qFuzzyCompare(o[u"speedup"].toDouble(), rb[u"Execution Time"].toDouble() / ra[u"Execution Time"].toDouble()));

    const int seq = idOf(nb, QStringLiteral("Seq Scan"), QStringLiteral("tracks"));
    const int bhs = idOf(na, QStringLiteral("Bitmap Heap Scan"), QStringLiteral("tracks"));
    QVERIFY(o[u"matched"].toArray().contains(QJsonArray{seq, bhs}));
    QVERIFY(o[u"matched"].toArray().contains(QJsonArray{0, 0}));
    QJsonArray added;
    for (const char *t : {"BitmapOr", "Bitmap Index Scan"})
        for (qsizetype i = 0; i < na.size(); ++i)
            if (na[i][u"Node Type"].toString() == QLatin1String(t))
                added.append(int(i));
    QJsonArray sortedAdded;
    QList<int> ids;
    for (const QJsonValue &v : added)
        ids << v.toInt();
    std::sort(ids.begin(), ids.end());
    for (int id : ids)
        sortedAdded.append(id);
    QCOMPARE(o[u"added"].toArray(), sortedAdded);
    QCOMPARE(o[u"removed"].toArray(), QJsonArray{idOf(nb, QStringLiteral("Index Only Scan"), QStringLiteral("track_collaborators"))});

    bool found = false;
    for (const QJsonValue &v : o[u"changes"].toArray()) {
        const QJsonObject c = v.toObject();
        QVERIFY(c.contains(QStringLiteral("kind")) && c.contains(QStringLiteral("text")));
        QVERIFY(c.contains(QStringLiteral("before_id")) && c.contains(QStringLiteral("after_id")));
        if (c[u"kind"].toString() == u"access-path") {
            found = true;
            QCOMPARE(c[u"text"].toString(),
                     QStringLiteral("tracks: Seq Scan → Bitmap Heap Scan using tracks_owner_id_idx + tracks_pkey"));
            QCOMPARE(c[u"before_id"].toInt(), seq);
            QCOMPARE(c[u"after_id"].toInt(), bhs);
        }
        if (c[u"kind"].toString() == u"node-removed")
            QVERIFY(c[u"after_id"].isNull());
    }
    QVERIFY(found);
}

void TestCompareCli::textOnIncidentAFromTextAndJson()
{
    // The before side as psql's TEXT output, the after side as JSON: any format parsePlan reads.
    const Run r = planlens({QStringLiteral("compare"), data(QStringLiteral("plans/incident-a-before.txt")),
                            data(QStringLiteral("plans/incident-a-after.json"))});
    QCOMPARE(r.code, 0);
    QVERIFY2(r.out.contains(QStringLiteral("incident-a-before.txt (text, ")), qPrintable(r.out));
    QVERIFY2(r.out.contains(QStringLiteral("\nExecution ")), qPrintable(r.out));
    QVERIFY2(r.out.contains(QStringLiteral(
                 "[access-path] tracks: Parallel Seq Scan → Bitmap Heap Scan using tracks_owner_id_idx + tracks_pkey")),
             qPrintable(r.out));
    QVERIFY(r.out.contains(QStringLiteral("[node-added] Added BitmapOr of tracks_owner_id_idx + tracks_pkey")));
    QVERIFY(r.err.isEmpty());
}

void TestCompareCli::readsOneSideFromStdin()
{
    QFile f(data(QStringLiteral("compare/sort-spill-before.json")));
    QVERIFY(f.open(QIODevice::ReadOnly));
    const Run r = planlens({QStringLiteral("compare"), QStringLiteral("-"),
                            data(QStringLiteral("compare/sort-spill-after.json")), QStringLiteral("--json")},
                           f.readAll());
    QCOMPARE(r.code, 0);
    const QJsonObject o = QJsonDocument::fromJson(r.out.toUtf8()).object();
    QStringList kinds;
    for (const QJsonValue &v : o[u"changes"].toArray())
        kinds << v.toObject()[u"kind"].toString();
    QVERIFY2(kinds.contains(QStringLiteral("spill-removed")), qPrintable(kinds.join(u',')));
}

void TestCompareCli::badInputExitsTwo_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    const QString good = data(QStringLiteral("compare/jit-off-after.json"));
    QTest::newRow("missing file") << QStringList{QStringLiteral("compare"), QStringLiteral("/nonexistent/plan.json"), good}
                                  << QStringLiteral("cannot read /nonexistent/plan.json");
    QTest::newRow("not a plan") << QStringList{QStringLiteral("compare"), good, data(QStringLiteral("compare/setup.sql"))}
                                << QStringLiteral("setup.sql: line ");
    QTest::newRow("one file") << QStringList{QStringLiteral("compare"), good} << QStringLiteral("give two plan files");
    QTest::newRow("two stdins") << QStringList{QStringLiteral("compare"), QStringLiteral("-"), QStringLiteral("-")}
                                << QStringLiteral("only one side");
    QTest::newRow("unknown option") << QStringList{QStringLiteral("compare"), good, good, QStringLiteral("--frobnicate")}
                                    << QStringLiteral("frobnicate");
}

void TestCompareCli::badInputExitsTwo()
{
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    const Run r = planlens(args);
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.contains(message), qPrintable(r.err));
    QVERIFY(r.out.isEmpty());
}

QTEST_GUILESS_MAIN(TestCompareCli)
#include "tst_comparecli.moc"
