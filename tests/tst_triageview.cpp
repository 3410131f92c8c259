// SPDX-License-Identifier: MIT
// The Triage window (File › Scan log…) offscreen: TriageView over a ScanJob on the captured PostgreSQL 15 logs in
// tests/data/scan/pg15 (stderr, csvlog, jsonlog), a cancel on a large synthetic log, "Open in workbench" from the
// view alone and through TriageController into a MainWindow's Before side. The view is grabbed to
// triageview.png in the build directory.
#include "mainwindow.h"
#include "plan/planparser.h"
#include "scan/entryanalysis.h"
#include "scan/scaninputs.h"
#include "scan/scanjob.h"
#include "sqleditor.h"
#include "triageview.h"
#include "workbench/triagecontroller.h"

#include <QAction>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QMenuBar>
#include <QProgressBar>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace PlanLens;

namespace {

const QString kPg15 = QStringLiteral(PLANLENS_TEST_DATA "/scan/pg15");

std::shared_ptr<ScanJob> makeJob(const QStringList &paths)
{
    QStringList missing;
    const QStringList inputs = expandScanInputs(paths, &missing);
    return std::make_shared<ScanJob>(inputs, ScanOptions{},
                                     [](const QString &path, QString *error) { return openScanInput(path, error); });
}

double sortValue(const TriageView &v, int row, int column)
{
    return v.table()->model()->index(row, column).data(TriageView::SortRole).toDouble();
}

} // namespace

class TestTriageView : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void scanFillsTheTable();
    void openInWorkbenchEmitsTheWorstPlan();
    void cancelStopsALargeScan();
    void controllerOpensInBefore();
};

void TestTriageView::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);   // QSettings go to a test location, not the user's
    QCoreApplication::setOrganizationName(QStringLiteral("PlanLensTest"));
    QCoreApplication::setApplicationName(QStringLiteral("PlanLensTriageTest"));
    QSettings().clear();
}

void TestTriageView::scanFillsTheTable()
{
    TriageView view;
    view.resize(1100, 420);
    view.show();
    auto job = makeJob({kPg15});
    QCOMPARE(job->inputs().size(), 3);
    QSignalSpy finished(&view, &TriageView::scanFinished);
    view.setJob(job);
    job->start();
    QVERIFY(finished.wait(60000));
    QCOMPARE(finished.first().first().toBool(), false);   // not cancelled
    QVERIFY(view.isFinished());
    QCOMPARE(view.progressBar()->value(), view.progressBar()->maximum());

    const ScanReport report = job->snapshot().report;
    QVERIFY(report.groups.size() >= 3);
    const QAbstractItemModel *m = view.table()->model();
    QCOMPARE(m->rowCount(), int(report.groups.size()));
    QCOMPARE(m->columnCount(), int(TriageView::ColumnCount));
    for (int r = 0; r < m->rowCount(); ++r) {
        QCOMPARE(sortValue(view, r, TriageView::Rank), double(r + 1));   // sorted by total: rank order
        QCOMPARE(sortValue(view, r, TriageView::Total), report.groups[r].totalMs);
        if (r > 0)
            QVERIFY(sortValue(view, r - 1, TriageView::Total) >= sortValue(view, r, TriageView::Total));
        QVERIFY(!m->index(r, TriageView::Query).data().toString().isEmpty());
    }
    // Another column sorts by its numbers, not by their text ("9 ms" after "10 ms").
    view.table()->sortByColumn(TriageView::Count, Qt::AscendingOrder);
    for (int r = 1; r < m->rowCount(); ++r)
        QVERIFY(sortValue(view, r - 1, TriageView::Count) <= sortValue(view, r, TriageView::Count));
    QVERIFY(view.statusText().startsWith(QStringLiteral("Done")));

    view.table()->sortByColumn(TriageView::Total, Qt::DescendingOrder);
    view.table()->selectRow(0);
    const QString png = QStringLiteral(PLANLENS_BUILD_DIR "/triageview.png");
    QVERIFY(view.grab().save(png));
    qInfo("grabbed %s", qPrintable(png));
}

void TestTriageView::openInWorkbenchEmitsTheWorstPlan()
{
    TriageView view;
    view.resize(1100, 420);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    auto job = makeJob({kPg15});
    QSignalSpy finished(&view, &TriageView::scanFinished);
    view.setJob(job);
    job->start();
    QVERIFY(finished.wait(60000));
    QSignalSpy opened(&view, &TriageView::openInWorkbench);
    QSignalSpy failed(&view, &TriageView::entryFailed);
    const QAbstractItemModel *m = view.table()->model();
    for (int r = 0; r < m->rowCount(); ++r) {
        const ScanGroup *g = view.groupAt(r);
        QVERIFY(g);
        opened.clear();
        if (r == 0) {   // a double-click opens too
            const QRect cell = view.table()->visualRect(m->index(r, TriageView::Total));
            QTest::mouseClick(view.table()->viewport(), Qt::LeftButton, {}, cell.center());   // sets the pressed index
            QTest::mouseDClick(view.table()->viewport(), Qt::LeftButton, {}, cell.center());
        } else {
            view.openRow(r);
        }
        QVERIFY2(opened.wait(10000), qPrintable(QStringLiteral("row %1: %2").arg(r).arg(failed.isEmpty() ? QString() : failed.first().first().toString())));
        const QString plan = opened.first().at(0).toString();
        const QString query = opened.first().at(1).toString();
        const QString origin = opened.first().at(2).toString();
        QCOMPARE(query.left(kMaxQueryChars), g->query);
        const Result<Plan> parsed = parsePlan(plan);
        QVERIFY2(!isError(parsed) && !std::get<Plan>(parsed).isEmpty(), qPrintable(plan.left(200)));
        QVERIFY2(origin.contains(QFileInfo(job->inputs().value(g->worstInput)).fileName())
                     && origin.contains(QString::number(g->worstOffset)), qPrintable(origin));
    }
    QVERIFY(failed.isEmpty());
}

void TestTriageView::cancelStopsALargeScan()
{
    // About 100 MB of stderr log: the captured one, repeated. Far more than a second of work on any machine.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QFile in(kPg15 + QStringLiteral("/stderr-prefix.log"));
    QVERIFY(in.open(QIODevice::ReadOnly));
    const QByteArray log = in.readAll();
    QByteArray block;
    while (block.size() < (8 << 20))
        block += log;
    const QString big = dir.filePath(QStringLiteral("big.log"));
    QFile out(big);
    QVERIFY(out.open(QIODevice::WriteOnly));
    for (int i = 0; i < 12; ++i)
        QVERIFY(out.write(block) == block.size());
    out.close();

    TriageView view;
    auto job = makeJob({big});
    QSignalSpy finished(&view, &TriageView::scanFinished);
    view.setJob(job);
    job->start();
    QTRY_VERIFY_WITH_TIMEOUT(job->snapshot().progress.plans > 0, 30000);   // the scan is under way
    QVERIFY(!view.isFinished());
    QElapsedTimer clock;
    clock.start();
    view.cancel();
    QVERIFY(finished.wait(5000));
    const qint64 took = clock.elapsed();
    QVERIFY2(took < 1000, qPrintable(QStringLiteral("cancel took %1 ms").arg(took)));
    QCOMPARE(finished.first().first().toBool(), true);
    const ScanJob::Snapshot s = job->snapshot();
    QVERIFY(s.cancelled);
    QVERIFY(s.progress.rawBytesRead < s.progress.rawBytesTotal);
    QVERIFY(view.progressBar()->value() < view.progressBar()->maximum());
    QVERIFY(view.statusText().startsWith(QStringLiteral("Cancelled")));
}

void TestTriageView::controllerOpensInBefore()
{
    MainWindow w;
    w.show();
    auto *triage = w.findChild<TriageController *>();
    QVERIFY2(triage, "MainWindow constructs the TriageController");
    bool menuFound = false;
    for (QAction *a : w.menuBar()->findChildren<QAction *>())
        if (a->text() == QStringLiteral("Scan &Log…")) {
            menuFound = true;
            QCOMPARE(a->shortcut(), QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_L));
        }
    QVERIFY2(menuFound, "File › Scan Log…");

    QVERIFY(!triage->scan({kPg15 + QStringLiteral("/no-such.log")}));
    QVERIFY(triage->scan({kPg15}));
    TriageView *view = triage->view();
    QVERIFY(view && view->isVisible());
    QVERIFY(view->isWindow());   // a window of its own: the workbench's plan graph keeps its size
    QTRY_VERIFY_WITH_TIMEOUT(view->isFinished(), 60000);

    // The first group with a Query Text (the plan files have none; the logs all do).
    int row = -1;
    for (int r = 0; r < view->table()->model()->rowCount() && row < 0; ++r)
        if (!view->groupAt(r)->query.isEmpty())
            row = r;
    QVERIFY(row >= 0);
    const QString query = view->groupAt(row)->query;
    QSignalSpy shown(&w, &MainWindow::planShown);
    QSignalSpy failed(&w, &MainWindow::planFailed);
    QSignalSpy opened(triage, &TriageController::entryOpened);
    view->openRow(row);
    QVERIFY(opened.wait(10000));
    QTRY_VERIFY_WITH_TIMEOUT(!shown.isEmpty() || !failed.isEmpty(), 20000);
    QVERIFY2(failed.isEmpty(), qPrintable(failed.isEmpty() ? QString() : failed.first().at(1).toString()));
    QCOMPARE(shown.first().first().toInt(), int(MainWindow::BeforeSide));
    QVERIFY2(w.beforeEditor()->text().startsWith(query), qPrintable(w.beforeEditor()->text().left(200)));
}

QTEST_MAIN(TestTriageView)
#include "tst_triageview.moc"
