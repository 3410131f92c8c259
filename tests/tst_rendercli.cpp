// SPDX-License-Identifier: MIT
// `planlens render` as scripts call it, with no display: PNG, SVG and PDF come out non-empty, options take effect,
// bad input exits 2 with one readable sentence.
#include <QDir>
#include <QFile>
#include <QImage>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

namespace {

// A small EXPLAIN (ANALYZE, FORMAT JSON) as PostgreSQL prints it: a hash join over a sequential scan.
const char kJsonPlan[] = R"json([
  {
    "Plan": {
      "Node Type": "Hash Join", "Parallel Aware": false, "Join Type": "Inner",
      "Startup Cost": 1.09, "Total Cost": 2.24, "Plan Rows": 4, "Plan Width": 16,
      "Actual Startup Time": 0.030, "Actual Total Time": 0.045, "Actual Rows": 4, "Actual Loops": 1,
      "Inner Unique": true, "Hash Cond": "(t.owner_id = u.user_id)",
      "Plans": [
        {
          "Node Type": "Seq Scan", "Parent Relationship": "Outer", "Parallel Aware": false,
          "Relation Name": "tracks", "Alias": "t",
          "Startup Cost": 0.00, "Total Cost": 1.04, "Plan Rows": 4, "Plan Width": 12,
          "Actual Startup Time": 0.005, "Actual Total Time": 0.007, "Actual Rows": 4, "Actual Loops": 1
        },
        {
          "Node Type": "Hash", "Parent Relationship": "Inner", "Parallel Aware": false,
          "Startup Cost": 1.04, "Total Cost": 1.04, "Plan Rows": 4, "Plan Width": 8,
          "Actual Startup Time": 0.012, "Actual Total Time": 0.012, "Actual Rows": 4, "Actual Loops": 1,
          "Hash Buckets": 1024, "Original Hash Buckets": 1024, "Hash Batches": 1, "Original Hash Batches": 1,
          "Peak Memory Usage": 9,
          "Plans": [
            {
              "Node Type": "Seq Scan", "Parent Relationship": "Outer", "Parallel Aware": false,
              "Relation Name": "users", "Alias": "u",
              "Startup Cost": 0.00, "Total Cost": 1.04, "Plan Rows": 4, "Plan Width": 8,
              "Actual Startup Time": 0.003, "Actual Total Time": 0.004, "Actual Rows": 4, "Actual Loops": 1
            }
          ]
        }
      ]
    },
    "Planning Time": 0.120,
    "Triggers": [],
    "Execution Time": 0.080
  }
]
)json";

} // namespace

class TestRenderCli : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void rendersEachFormatWithoutDisplay_data();
    void rendersEachFormatWithoutDisplay();
    void widthAndDirectionTakeEffect();
    void everyCorpusPlanRenders();
    void badInputExitsTwo_data();
    void badInputExitsTwo();

private:
    struct Run {
        int code;
        QString out;
        QString err;
    };
    static Run planlens(const QStringList &args)
    {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("DISPLAY"));
        env.remove(QStringLiteral("WAYLAND_DISPLAY"));
        env.remove(QStringLiteral("QT_QPA_PLATFORM"));   // the command must find its own way to paint
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(PLANLENS_BINARY), args);
        if (!p.waitForFinished(120000))
            return {-1, {}, QStringLiteral("timed out")};
        return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2, QString::fromUtf8(p.readAllStandardOutput()),
                QString::fromUtf8(p.readAllStandardError())};
    }
    QString outDir() const { return QStringLiteral(PLANLENS_BUILD_DIR "/screenshots"); }

    QTemporaryDir m_dir;
    QString m_plan;
};

void TestRenderCli::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QDir().mkpath(outDir());
    m_plan = m_dir.filePath(QStringLiteral("hashjoin.json"));
    QFile f(m_plan);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(kJsonPlan);
}

void TestRenderCli::rendersEachFormatWithoutDisplay_data()
{
    QTest::addColumn<QString>("suffix");
    QTest::addColumn<QByteArray>("magic");
    QTest::newRow("png") << QStringLiteral("png") << QByteArray("\x89PNG");
    QTest::newRow("svg") << QStringLiteral("svg") << QByteArray("<?xml");
    QTest::newRow("pdf") << QStringLiteral("pdf") << QByteArray("%PDF");
}

void TestRenderCli::rendersEachFormatWithoutDisplay()
{
    QFETCH(QString, suffix);
    QFETCH(QByteArray, magic);
    const QString out = outDir() + QStringLiteral("/render-cli.") + suffix;
    QFile::remove(out);
    const Run r = planlens({QStringLiteral("render"), m_plan, QStringLiteral("-o"), out});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY(r.out.isEmpty());   // stdout carries results only; a file is the result here
    QFile f(out);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QVERIFY2(f.size() > 1000, qPrintable(QString::number(f.size())));
    const QByteArray all = f.readAll();
    QVERIFY(all.startsWith(magic));
    if (suffix == u"svg") {
        QVERIFY(all.contains("Hash Join"));
        QVERIFY(all.contains("users"));
    }
    if (suffix == u"png") {
        const QImage image(out);
        QVERIFY(!image.isNull());
        // Not a blank page: the cards bring more than a handful of colours.
        QSet<QRgb> colours;
        for (int y = 0; y < image.height(); y += 3)
            for (int x = 0; x < image.width(); x += 3)
                colours.insert(image.pixel(x, y));
        QVERIFY2(colours.size() > 20, qPrintable(QString::number(colours.size())));
    }
}

void TestRenderCli::widthAndDirectionTakeEffect()
{
    const QString a = outDir() + QStringLiteral("/render-cli-w900.png");
    Run r = planlens({QStringLiteral("render"), m_plan, QStringLiteral("-o"), a, QStringLiteral("--width"),
                      QStringLiteral("900"), QStringLiteral("--metric"), QStringLiteral("rows")});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QCOMPARE(QImage(a).width(), 900);

    // The plan is three levels deep and two wide: top-down is taller than wide, left-right the other way round.
    const QString td = outDir() + QStringLiteral("/render-cli-td.png");
    const QString lr = outDir() + QStringLiteral("/render-cli-lr.png");
    r = planlens({QStringLiteral("render"), m_plan, QStringLiteral("-o"), td, QStringLiteral("--no-legend"),
                  QStringLiteral("--direction"), QStringLiteral("top-down")});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    r = planlens({QStringLiteral("render"), m_plan, QStringLiteral("-o"), lr, QStringLiteral("--no-legend"),
                  QStringLiteral("--direction"), QStringLiteral("left-right")});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const QImage tdImage(td), lrImage(lr);
    QVERIFY(tdImage.height() > tdImage.width() * 0.6);
    QVERIFY(lrImage.width() > lrImage.height() * 1.5);
    QVERIFY(lrImage.width() > tdImage.width());
}

void TestRenderCli::everyCorpusPlanRenders()
{
    // The real plans captured from the demo database (tests/data/plans/*.json): each renders.
    const QDir dir(QStringLiteral(PLANLENS_TEST_DATA "/plans"));
    const QStringList files = dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
    QCOMPARE(files.size(), 98);   // the JSON half of tst_plancorpus's 98 pairs
    for (const QString &f : files) {
        const QString out = outDir() + QStringLiteral("/render-corpus-") + QFileInfo(f).completeBaseName() + QStringLiteral(".png");
        const Run r = planlens({QStringLiteral("render"), dir.filePath(f), QStringLiteral("-o"), out});
        QVERIFY2(r.code == 0, qPrintable(f + QStringLiteral(": ") + r.err));
        const QImage image(out);
        QVERIFY(image.width() > 100);
        // 200 branches side by side would be a strip of dots: the default direction draws them left to right.
        if (f == u"union-all-200.json")
            QVERIFY2(image.height() > image.width(), qPrintable(QStringLiteral("%1x%2").arg(image.width()).arg(image.height())));
    }
}

void TestRenderCli::badInputExitsTwo_data()
{
    QTest::addColumn<QString>("content");   // written to the plan file; empty = the file does not exist
    QTest::addColumn<QStringList>("extra");
    QTest::addColumn<QString>("message");
    QTest::newRow("broken-json") << QStringLiteral("[{\"Plan\": {\"Node Type\": \"Seq Scan\", ") << QStringList()
                                 << QStringLiteral("broken.plan");
    QTest::newRow("not-a-plan") << QStringLiteral("hello, this is not a query plan\n") << QStringList()
                                << QStringLiteral("broken.plan");
    QTest::newRow("missing-file") << QString() << QStringList() << QStringLiteral("cannot read");
    QTest::newRow("unknown-metric") << QString::fromUtf8(kJsonPlan) << QStringList{QStringLiteral("--metric"), QStringLiteral("speed")}
                                    << QStringLiteral("unknown metric 'speed'");
    QTest::newRow("unknown-direction") << QString::fromUtf8(kJsonPlan)
                                       << QStringList{QStringLiteral("--direction"), QStringLiteral("sideways")}
                                       << QStringLiteral("unknown direction");
    QTest::newRow("bad-width") << QString::fromUtf8(kJsonPlan) << QStringList{QStringLiteral("--width"), QStringLiteral("wide")}
                               << QStringLiteral("--width");
}

void TestRenderCli::badInputExitsTwo()
{
    QFETCH(QString, content);
    QFETCH(QStringList, extra);
    QFETCH(QString, message);
    const QString plan = m_dir.filePath(QStringLiteral("broken.plan"));
    QFile::remove(plan);
    if (!content.isEmpty()) {
        QFile f(plan);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(content.toUtf8());
    }
    const QString out = m_dir.filePath(QStringLiteral("out.png"));
    const Run r = planlens(QStringList{QStringLiteral("render"), plan, QStringLiteral("-o"), out} + extra);
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.contains(QStringLiteral("planlens render: ")), qPrintable(r.err));   // Qt may warn first
    QVERIFY2(r.err.contains(message), qPrintable(r.err));
    QVERIFY(!QFile::exists(out));
    // A wrong output suffix is bad input too.
    const Run bmp = planlens({QStringLiteral("render"), m_plan, QStringLiteral("-o"), m_dir.filePath(QStringLiteral("x.bmp"))});
    QCOMPARE(bmp.code, 2);
}

QTEST_GUILESS_MAIN(TestRenderCli)
#include "tst_rendercli.moc"
