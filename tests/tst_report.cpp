// SPDX-License-Identifier: MIT
// The incident report end to end, as a script makes it: the real `planlens run --example incident-a --session`
// against the demo database (CTest fixture, PLANLENS_DEMO_DIR), then `planlens report` to Markdown and to HTML.
// Asserts the content (scripts, medians, findings with their evidence, graphs, the PNGs beside the Markdown), that
// the HTML is well-formed XML with nothing to load from a network, that session text is escaped, and that format 1
// sessions still open.
#include "db/demodatabase.h"
#include "format/units.h"
#include "mainwindow.h"
#include "rewritepanel.h"
#include "session.h"
#include "sqleditor.h"
#include "testcluster.h"
#include "workbench/reportexport.h"

#include <QAction>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMenu>
#include <QProcess>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

using namespace PlanLens;

namespace {

struct Run {
    int code = -1;
    QString out;
    QString err;
};

Run planlens(const QStringList& args)
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("DISPLAY"));
    env.remove(QStringLiteral("QT_QPA_PLATFORM")); // report must paint without being told to go offscreen
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(PLANLENS_BINARY), args);
    if (!p.waitForFinished(300000)) return { -1, {}, QStringLiteral("timed out") };
    return { p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(p.readAllStandardError()) };
}

QString readText(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

// What an HTML report holds, read with an XML parser: a parse error means the page is not well-formed.
struct HtmlFacts {
    QString error;
    int svgs = 0;
    QList<QByteArray> dataPngs; // decoded data: images
    QStringList externalRefs; // src/href values that would load something
    QStringList codeBlocks; // text of <pre><code>
    QStringList elements; // every element name
    QString text; // all text
};

HtmlFacts readHtml(const QString& html)
{
    HtmlFacts f;
    QXmlStreamReader xml(html);
    int inPre = 0;
    QString code;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement()) {
            const QString name = xml.name().toString();
            f.elements << name;
            if (name == u"svg") ++f.svgs;
            if (name == u"pre") {
                ++inPre;
                code.clear();
            }
            for (const QXmlStreamAttribute& a : xml.attributes()) {
                const QString key = a.name().toString();
                const QString value = a.value().toString().trimmed();
                if (key != u"src" && key != u"href") continue;
                if (value.startsWith(QStringLiteral("data:image/png;base64,")))
                    f.dataPngs << QByteArray::fromBase64(value.mid(22).toLatin1());
                else if (!value.startsWith(u'#') && !value.startsWith(QStringLiteral("data:")))
                    f.externalRefs << value;
            }
        } else if (xml.isEndElement() && xml.name() == u"pre") {
            --inPre;
            f.codeBlocks << code;
        } else if (xml.isCharacters()) {
            f.text += xml.text();
            if (inPre > 0) code += xml.text();
        }
    }
    if (xml.hasError())
        f.error = QStringLiteral("%1 at line %2, column %3")
                      .arg(xml.errorString())
                      .arg(xml.lineNumber())
                      .arg(xml.columnNumber());
    return f;
}

} // namespace

class TestReport : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void sessionCarriesTheRun();
    void markdownHasEverySection();
    void htmlIsWellFormedAndSelfContained();
    void formatOneSessionStillOpens();
    void sessionTextIsEscaped();
    void badArgumentsExitTwo();
    void windowExportsTheTriedRewrite();

private:
    QTemporaryDir m_tmp;
    QString m_session;
    Session m_loaded;
    QStringList m_ruleIds;
    QStringList m_evidenceKeys;
};

void TestReport::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("PlanLensTest"));
    QCoreApplication::setApplicationName(QStringLiteral("PlanLensReportTest"));
    QSettings().clear();
    QVERIFY(m_tmp.isValid());
    const QString dir = Test::TestCluster::demoDir();
    QVERIFY2(!dir.isEmpty(), "PLANLENS_DEMO_DIR is not set: run through ctest (demo fixture)");
    DemoDatabase demo(dir);
    QVERIFY2(demo.isRunning(), qPrintable(QStringLiteral("the demo cluster in %1 is not running").arg(dir)));

    m_session = m_tmp.filePath(QStringLiteral("incident-a.planlens"));
    const Run r = planlens({ QStringLiteral("run"), QStringLiteral("--example"), QStringLiteral("incident-a"),
        QStringLiteral("--dsn"), demo.conninfo(QStringLiteral("tracks")), QStringLiteral("--runs"), QStringLiteral("3"),
        QStringLiteral("--warmup"), QStringLiteral("1"), QStringLiteral("--json"), QStringLiteral("--session"),
        m_session });
    QVERIFY2(r.code == 0, qPrintable(r.err));
    // The JSON on stdout is the `run --json` contract, unchanged by --session.
    const QJsonObject json = QJsonDocument::fromJson(r.out.toUtf8()).object();
    QVERIFY2(json.value(QStringLiteral("before")).toObject().value(QStringLiteral("median_ms")).isDouble(),
        qPrintable(r.out));
    QVERIFY2(r.err.contains(QStringLiteral("saved the session to")), qPrintable(r.err));

    QString error;
    const std::optional<Session> s = Session::load(m_session, &error);
    QVERIFY2(s, qPrintable(error));
    m_loaded = *s;
    for (const QJsonArray& side : { m_loaded.beforeFindings, m_loaded.afterFindings })
        for (const QJsonValue& v : side) {
            const QJsonObject f = v.toObject();
            m_ruleIds << f.value(QStringLiteral("rule")).toString();
            m_evidenceKeys += f.value(QStringLiteral("evidence")).toObject().keys();
        }
    QVERIFY2(!m_ruleIds.isEmpty(), "incident A's plans gave no finding");
    QVERIFY(!m_evidenceKeys.isEmpty());
}

void TestReport::sessionCarriesTheRun()
{
    QFile f(m_session);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QJsonObject o = QJsonDocument::fromJson(f.readAll()).object();
    QCOMPARE(o.value(QStringLiteral("planlens_session")).toInt(), Session::kFormatVersion);
    QVERIFY(m_loaded.beforeSql.contains(QStringLiteral("OR t.track_id IN (SELECT track_id")));
    QVERIFY(m_loaded.afterSql.contains(QStringLiteral("ANY($ids)")));
    QVERIFY(m_loaded.run.has_value());
    const RunResult& run = *m_loaded.run;
    QCOMPARE(run.before.runsMs.size(), 3);
    QCOMPARE(run.after.runsMs.size(), 3);
    QVERIFY(run.before.medianMs && *run.before.medianMs > 0);
    QVERIFY(run.after.medianMs && *run.after.medianMs > 0);
    QCOMPARE(run.rowsEqual, std::optional<bool>(true));
    QCOMPARE(run.after.statements.size(), 2);
    // plans are parsed again on load; the plan on screen is the last explained statement (the BitmapOr query)
    QVERIFY(!run.after.statements.at(1).plan.isEmpty());
    QVERIFY(m_loaded.afterPlan.contains(QStringLiteral("BitmapOr")));
    QVERIFY(m_loaded.beforePlan.contains(QStringLiteral("Seq Scan")));
    QVERIFY2(!m_loaded.rewrites.isEmpty(), "no rewrite proposed for incident A's Before script");
    QVERIFY(!m_loaded.tried.has_value()); // `run` tries nothing
    // a second round trip keeps the figures
    QString error;
    const Session again = Session::fromJson(m_loaded.toJson(), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(again.run.has_value());
    QCOMPARE(again.run->before.runsMs, run.before.runsMs);
    QCOMPARE(again.run->speedup, run.speedup);
    QCOMPARE(again.beforeFindings, m_loaded.beforeFindings);
    QCOMPARE(again.rewrites, m_loaded.rewrites);
}

void TestReport::markdownHasEverySection()
{
    const QString out = m_tmp.filePath(QStringLiteral("report.md"));
    const Run r = planlens({ QStringLiteral("report"), m_session, QStringLiteral("-o"), out });
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const QString md = readText(out);
    QVERIFY(!md.isEmpty());
    // both scripts, verbatim in code fences
    QVERIFY(md.contains(m_loaded.beforeSql.trimmed()));
    QVERIFY(md.contains(m_loaded.afterSql.trimmed()));
    // the verdict and the medians of both sides
    for (const QString& heading : { QStringLiteral("## Verdict"), QStringLiteral("## Run distribution"),
             QStringLiteral("## Scripts"), QStringLiteral("## What changed"), QStringLiteral("## Findings"),
             QStringLiteral("## Rewrite"), QStringLiteral("## Plans") })
        QVERIFY2(md.contains(heading), qPrintable(heading));
    QVERIFY(md.contains(Units::duration(*m_loaded.run->before.medianMs)));
    QVERIFY(md.contains(Units::duration(*m_loaded.run->after.medianMs)));
    QVERIFY(md.contains(QStringLiteral("rows equal")));
    // findings: every rule id and every evidence key (in inline code)
    for (const QString& rule : std::as_const(m_ruleIds))
        QVERIFY2(md.contains(u'`' + rule + u'`'), qPrintable(rule));
    for (const QString& key : std::as_const(m_evidenceKeys))
        QVERIFY2(md.contains(u'`' + key + u'`'), qPrintable(key));
    // the diff's change list names the access path that changed
    QVERIFY(md.contains(QStringLiteral("`access-path`")));
    // three pictures beside the Markdown, linked from it, real non-empty PNGs
    const QStringList pictures { QStringLiteral("report-before.png"), QStringLiteral("report-after.png"),
        QStringLiteral("report-runs.png") };
    for (const QString& name : pictures) {
        QVERIFY2(md.contains(QStringLiteral("](<%1>)").arg(name)), qPrintable(name));
        const QImage image(m_tmp.filePath(name));
        QVERIFY2(!image.isNull() && image.width() > 200 && image.height() > 100, qPrintable(name));
    }
}

void TestReport::htmlIsWellFormedAndSelfContained()
{
    const QString out = m_tmp.filePath(QStringLiteral("report.html"));
    const Run r = planlens({ QStringLiteral("report"), m_session, QStringLiteral("-o"), out });
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const QString html = readText(out);
    QVERIFY(html.startsWith(QStringLiteral("<!DOCTYPE html>")));
    const HtmlFacts f = readHtml(html);
    QVERIFY2(f.error.isEmpty(), qPrintable(f.error));
    QVERIFY(f.elements.contains(QStringLiteral("body")));
    // both graphs inline as SVG, the chart as a data: PNG; nothing to fetch
    QCOMPARE(f.svgs, 2);
    QCOMPARE(f.dataPngs.size(), 1);
    QVERIFY(!QImage::fromData(f.dataPngs.first(), "PNG").isNull());
    QVERIFY2(f.externalRefs.isEmpty(), qPrintable(f.externalRefs.join(u' ')));
    QVERIFY(!f.elements.contains(QStringLiteral("script")));
    QVERIFY(!f.elements.contains(QStringLiteral("link")));
    static const QRegularExpression remoteCss(QStringLiteral("url\\(\\s*['\"]?(https?:)?//|@import"));
    QVERIFY(!html.contains(remoteCss));
    QVERIFY(html.contains(QStringLiteral("@media print")));
    // the scripts, exactly, as the text of their code blocks
    QVERIFY(f.codeBlocks.contains(m_loaded.beforeSql.trimmed()));
    QVERIFY(f.codeBlocks.contains(m_loaded.afterSql.trimmed()));
    QVERIFY(f.text.contains(Units::duration(*m_loaded.run->before.medianMs)));
    for (const QString& rule : std::as_const(m_ruleIds))
        QVERIFY2(f.text.contains(rule), qPrintable(rule));
    for (const QString& key : std::as_const(m_evidenceKeys))
        QVERIFY2(f.text.contains(key), qPrintable(key));
    // the two graphs keep their own ids (both SVGs number their gradients from 1: unprefixed, they would clash)
    QVERIFY(html.contains(QStringLiteral("id=\"before-gradient1\"")));
    QVERIFY(html.contains(QStringLiteral("id=\"after-gradient1\"")));
    QVERIFY(html.contains(QStringLiteral("url(#after-gradient1)")));
    QVERIFY(!html.contains(QStringLiteral("id=\"gradient")));
    QVERIFY(!html.contains(QStringLiteral("url(#gradient")));
}

void TestReport::formatOneSessionStillOpens()
{
    // A session as PlanLens wrote it before format 2: no run, no findings, one plan per side.
    const QJsonObject v1 { { QStringLiteral("planlens_session"), 1 },
        { QStringLiteral("conninfo"), QStringLiteral("host=db port=5432 dbname=app password=secret") },
        { QStringLiteral("before_sql"), m_loaded.beforeSql }, { QStringLiteral("after_sql"), m_loaded.afterSql },
        { QStringLiteral("parameters"), QJsonArray {} }, { QStringLiteral("mode"), QStringLiteral("analyze") },
        { QStringLiteral("runs"), 5 }, { QStringLiteral("before_plan"), m_loaded.beforePlan },
        { QStringLiteral("after_plan"), m_loaded.afterPlan } };
    const QString file = m_tmp.filePath(QStringLiteral("old.planlens"));
    QFile f(file);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(QJsonDocument(v1).toJson());
    f.close();
    QString error;
    const std::optional<Session> s = Session::load(file, &error);
    QVERIFY2(s, qPrintable(error));
    QCOMPARE(s->runs, 5);
    QVERIFY(!s->run.has_value());
    QVERIFY(!s->conninfo.contains(QStringLiteral("secret")));
    QCOMPARE(s->beforePlan, m_loaded.beforePlan);

    const QString out = m_tmp.filePath(QStringLiteral("old.html"));
    const Run r = planlens({ QStringLiteral("report"), file, QStringLiteral("-o"), out });
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const HtmlFacts h = readHtml(readText(out));
    QVERIFY2(h.error.isEmpty(), qPrintable(h.error));
    QVERIFY(h.text.contains(QStringLiteral("No run was recorded")));
    QCOMPARE(h.svgs, 2);
    QVERIFY(h.dataPngs.isEmpty());
    QVERIFY(!h.text.contains(QStringLiteral("secret")));

    // a newer format is refused with a sentence
    QJsonObject v9 = v1;
    v9.insert(QStringLiteral("planlens_session"), Session::kFormatVersion + 1);
    QString newer;
    Session::fromJson(v9, &newer);
    QVERIFY2(newer.contains(QStringLiteral("newer PlanLens")), qPrintable(newer));
}

void TestReport::sessionTextIsEscaped()
{
    Session s = m_loaded;
    const QString hostile
        = QStringLiteral("SELECT '</code></pre><script>alert(1)</script> & <b>' AS x -- ``` *x* [l](http://evil)\n");
    s.beforeSql = hostile + s.beforeSql;
    s.run->before.sql = s.beforeSql;
    s.tried = Session::TriedRewrite { QStringLiteral("prefetch-any-array"), QStringLiteral("<i>title</i>"),
        QStringLiteral("main"), QStringLiteral("SELECT 1 -- <img src=http://evil/x.png>"),
        QJsonObject { { QStringLiteral("rows_equal"), true }, { QStringLiteral("speedup"), 12.5 },
            { QStringLiteral("note"), QStringLiteral("<script>n</script>") } } };
    const QString file = m_tmp.filePath(QStringLiteral("hostile.planlens"));
    QString error;
    QVERIFY2(s.save(file, &error), qPrintable(error));

    const QString html = m_tmp.filePath(QStringLiteral("hostile.html"));
    Run r = planlens({ QStringLiteral("report"), file, QStringLiteral("-o"), html });
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const HtmlFacts h = readHtml(readText(html));
    QVERIFY2(h.error.isEmpty(), qPrintable(h.error));
    QVERIFY(!h.elements.contains(QStringLiteral("script")));
    QVERIFY(!h.elements.contains(QStringLiteral("i")));
    QVERIFY2(h.externalRefs.isEmpty(), qPrintable(h.externalRefs.join(u' ')));
    QVERIFY(h.codeBlocks.contains(s.beforeSql.trimmed()));
    QVERIFY(h.text.contains(QStringLiteral("<i>title</i>"))); // shown as text
    QVERIFY(h.text.contains(QStringLiteral("×12.5 faster")));

    const QString md = m_tmp.filePath(QStringLiteral("hostile.md"));
    r = planlens({ QStringLiteral("report"), file, QStringLiteral("-o"), md });
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const QString text = readText(md);
    QVERIFY(text.contains(s.beforeSql.trimmed())); // verbatim inside a longer fence
    QVERIFY(text.contains(QStringLiteral("````sql\n")));
    QVERIFY(!text.contains(QStringLiteral("<i>title</i>"))); // inline HTML is escaped in prose
    QVERIFY(text.contains(QStringLiteral("\\<i\\>title\\</i\\>")));
    QVERIFY(!text.contains(QStringLiteral("<script>n</script>")));
}

void TestReport::badArgumentsExitTwo()
{
    Run r = planlens({ QStringLiteral("report"), m_session });
    QCOMPARE(r.code, 2);
    r = planlens(
        { QStringLiteral("report"), m_session, QStringLiteral("-o"), m_tmp.filePath(QStringLiteral("x.pdf")) });
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.contains(QStringLiteral(".md or .html")), qPrintable(r.err));
    r = planlens({ QStringLiteral("report"), m_tmp.filePath(QStringLiteral("missing.planlens")), QStringLiteral("-o"),
        m_tmp.filePath(QStringLiteral("x.md")) });
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.contains(QStringLiteral("Cannot open")), qPrintable(r.err));
    r = planlens({ QStringLiteral("run"), QStringLiteral("--example"), QStringLiteral("nope") });
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.contains(QStringLiteral("unknown example 'nope'")), qPrintable(r.err));
}

void TestReport::windowExportsTheTriedRewrite()
{
    // File › Export Report… writes what the window holds: here a run of incident A, then its rewrite tried as After.
    MainWindow w;
    w.resize(1400, 900);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    auto* exporter = w.findChild<ReportExport*>();
    QVERIFY(exporter);
    QAction* menuAction = w.findChild<QAction*>(QStringLiteral("ExportReport"));
    QVERIFY(menuAction);
    QVERIFY(menuAction->text().contains(QStringLiteral("Export &Report")));
    auto *fileMenu = qobject_cast<QMenu *>(menuAction->parent());
    QVERIFY(fileMenu);
    QVERIFY(fileMenu->actions().contains(menuAction));
    QVERIFY(w.loadExample(QStringLiteral("incident-a")));
    w.setConninfo(DemoDatabase(Test::TestCluster::demoDir()).conninfo(QStringLiteral("tracks")));
    w.setRunRounds(2, 1);
    QSignalSpy finished(&w, &MainWindow::runFinished);
    w.runPair();
    QVERIFY2(finished.wait(240000), qPrintable(w.verdictText()));
    QVERIFY2(finished.first().first().toBool(), qPrintable(w.verdictText()));
    QTRY_VERIFY_WITH_TIMEOUT(!w.isAdviceBusy() && !w.isRunning(), 60000);
    const QString rule = QStringLiteral("prefetch-any-array");
    QVERIFY(w.rewritePanel()->showRule(rule));

    QSignalSpy tried(&w, &MainWindow::runFinished);
    auto* tryButton = w.rewritePanel()->findChild<QPushButton*>(QStringLiteral("TryAsAfter"));
    QVERIFY(tryButton);
    tryButton->click();
    QVERIFY2(tried.wait(240000), qPrintable(w.verdictText()));
    QTRY_VERIFY_WITH_TIMEOUT(!w.isAdviceBusy() && !w.isRunning(), 60000);

    const Session s = exporter->session();
    QVERIFY(s.run.has_value());
    QVERIFY(s.tried.has_value());
    QCOMPARE(s.tried->rule, rule);
    QCOMPARE(s.tried->verification.value(QStringLiteral("rows_equal")).toBool(), true);
    QCOMPARE(s.afterSql, w.afterEditor()->text());

    QStringList written;
    QString error;
    const QString html = m_tmp.filePath(QStringLiteral("window.html"));
    QVERIFY2(exporter->write(html, &written, &error), qPrintable(error));
    QCOMPARE(written, QStringList { html });
    const HtmlFacts f = readHtml(readText(html));
    QVERIFY2(f.error.isEmpty(), qPrintable(f.error));
    QCOMPARE(f.svgs, 2);
    QCOMPARE(f.dataPngs.size(), 1);
    QVERIFY2(f.text.contains(QStringLiteral("Tried as After: ") + rule), qPrintable(f.text.left(3000)));
    QVERIFY(f.text.contains(QStringLiteral("equal on both sides")));
    QVERIFY(f.text.contains(Units::duration(*s.run->after.medianMs)));
    QVERIFY(f.codeBlocks.contains(s.tried->afterSql.trimmed()));
    // kept in the build dir to look at in a browser, as the GUI tests keep their screenshots
    const QString keep = QStringLiteral(PLANLENS_BUILD_DIR "/screenshots/report-window.html");
    QDir().mkpath(QFileInfo(keep).path());
    QFile::remove(keep);
    QVERIFY(QFile::copy(html, keep));
    fileMenu->popup(w.mapToGlobal(QPoint(10, 10)));
    QTRY_VERIFY(fileMenu->isVisible());
    QVERIFY(fileMenu->grab().save(QStringLiteral(PLANLENS_BUILD_DIR "/screenshots/report-file-menu.png")));
    fileMenu->close();

    written.clear();
    const QString md = m_tmp.filePath(QStringLiteral("window.md"));
    QVERIFY2(exporter->write(md, &written, &error), qPrintable(error));
    QCOMPARE(written.size(), 4); // the report and three pictures
    for (const QString& file : std::as_const(written))
        QVERIFY2(QFileInfo(file).size() > 0, qPrintable(file));
}

QTEST_MAIN(TestReport)
#include "tst_report.moc"
