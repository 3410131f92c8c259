// SPDX-License-Identifier: MIT
// Plan graph speed and memory: time from setPlan() to the first painted frame, the cost of one frame when fitted,
// at 1:1 and while panning, and the peak resident memory, for generated plans of 1k / 20k / 100k nodes and the
// 200-branch UNION ALL plan of tests/data/plans. Each case runs in its own process so peak memory is its own.
//
//   bench_graph            all cases, one table
//   bench_graph CASE       one case (1k, 20k, 100k, union-all-200, join-chain-30), one line of JSON
//
// Target: the 20k-node plan painted (setPlan() to the end of its first frame showing the graph) in under 1 s; every
// plan up to 20k nodes keeps its slowest pan, zoom and find frame under 16 ms; every case, 100k nodes included,
// opens (graphReady, then a painted frame); the 100k-node plan opens (its first, cold, open in the view) with a peak
// RSS under 250 MB and its first frame painted under 500 ms. Exits 1 when a case fails, a corpus plan is missing,
// or the target is missed; 0 only when all is met.
#include "../tests/graphplans.h"
#include "plan/planparser.h"
#include "plangraphdata.h"
#include "plangraphscene.h"
#include "plangraphview.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTextStream>

#include <algorithm>
#include <cstdio>
#include <functional>

using namespace PlanLens;

namespace {

// "20k nodes painted well under a second": the bound the exit code checks (warm open, setPlan() to first paint).
constexpr qint64 kFirstPaint20kMs = 1000;
constexpr qint64 kFirstPaint100kMs = 500;
constexpr double kOpenPeakRss100kMb = 250;
constexpr double kFrame20kMs = 16;   // plans up to 20k nodes: zoom, pan and find, the slowest frame of each
// How long after graphReady a first frame may take before the case counts as not opened.
constexpr qint64 kFirstPaintWaitMs = 10000;

double peakRssMb()
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : f.readAll().split('\n'))
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').first().toDouble() / 1024.0;
    return -1;
}

// Records when paints end, so "first paint" is the end of the first frame that shows the items.
class TimedView : public PlanGraphView
{
public:
    QElapsedTimer *clock = nullptr;
    qint64 firstPaintDone = -1;
    bool armed = false;

protected:
    void paintEvent(QPaintEvent *event) override
    {
        PlanGraphView::paintEvent(event);
        if (armed && firstPaintDone < 0)
            firstPaintDone = clock->elapsed();
    }
};

std::optional<Plan> loadPlan(const QString &name, QString *source)
{
    if (name == u"1k" || name == u"20k" || name == u"100k") {
        const int n = name == u"1k" ? 1000 : name == u"20k" ? 20000 : 100000;
        *source = QStringLiteral("generated, random tree");
        return Test::GraphPlans::generate(Test::GraphPlans::Shape::Random, n, 42);
    }
    const QString file = QStringLiteral(PLANLENS_SOURCE_DIR "/tests/data/plans/%1.json").arg(name);
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly))
        return std::nullopt;
    const Result<Plan> r = parsePlan(QString::fromUtf8(f.readAll()));
    if (isError(r))
        return std::nullopt;
    *source = QStringLiteral("tests/data/plans/%1.json").arg(name);
    return std::get<Plan>(r);
}

// One warm-up frame first (glyph caches, the lazily built BSP index), then the average of the next ones.
double averageFrameMs(PlanGraphView &view, int frames, const std::function<void(int)> &step)
{
    view.viewport()->repaint();
    QElapsedTimer t;
    t.start();
    for (int i = 0; i < frames; ++i) {
        step(i);
        view.viewport()->repaint();
    }
    return double(t.nsecsElapsed()) / 1e6 / frames;
}

// The slowest of `frames` frames, each one step and one repaint: a user feels the worst one.
double slowestFrameMs(PlanGraphView &view, int frames, const std::function<void(int)> &step)
{
    view.viewport()->repaint();
    double slowest = 0;
    for (int i = 0; i < frames; ++i) {
        QElapsedTimer t;
        t.start();
        step(i);
        view.viewport()->repaint();
        slowest = std::max(slowest, double(t.nsecsElapsed()) / 1e6);
    }
    return slowest;
}

int runCase(const QString &name)
{
    QString source;
    const std::optional<Plan> loaded = loadPlan(name, &source);
    if (!loaded) {
        std::printf("{\"case\":\"%s\",\"missing\":true}\n", qPrintable(name));
        return 1;
    }
    const Plan plan = *loaded;
    const double rssBefore = peakRssMb();

    TimedView view;
    view.resize(1600, 1000);
    view.show();
    QCoreApplication::processEvents();
    QElapsedTimer clock;
    view.clock = &clock;
    // Paints before graphReady show the progress indicator, not the graph: the clock stops at the end of the first
    // paint after it.
    QObject::connect(&view, &PlanGraphView::graphReady, &view, [&view] { view.armed = true; });
    auto open = [&](qint64 *readyMs, qint64 *firstPaintMs) {
        QSignalSpy ready(&view, &PlanGraphView::graphReady);
        view.armed = false;
        view.firstPaintDone = -1;
        clock.start();
        view.setPlan(plan);
        if (!ready.wait(300000))
            return false;
        *readyMs = clock.elapsed();
        while (view.firstPaintDone < 0 && clock.elapsed() < *readyMs + kFirstPaintWaitMs)
            QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
        *firstPaintMs = view.firstPaintDone;
        return true;
    };
    // The first plan a process opens also pays for one-time set-up (font engines, glyph caches); the second open
    // is what a user sees every other time.
    qint64 coldReadyMs = 0, coldPaintMs = 0, readyMs = 0, firstPaintMs = 0;
    const bool opened = open(&coldReadyMs, &coldPaintMs);
    // What opening the plan in a window costs: the plan, the laid-out graph and its items, one painted frame.
    const double openRss = peakRssMb();
    if (!opened || !open(&readyMs, &firstPaintMs)) {
        std::printf("{\"case\":\"%s\",\"error\":\"no graphReady\"}\n", qPrintable(name));
        return 1;
    }

    // Layout alone (after the window's figures: a second scene would count in their peak), as the worker thread runs it, then building the items in one go (the view does it in slices).
    QElapsedTimer t;
    t.start();
    const PlanGraphData data = preparePlanGraph(plan, {});
    const double layoutMs = double(t.nsecsElapsed()) / 1e6;
    double itemsMs = 0;
    {
        PlanGraphScene scene;
        t.restart();
        scene.setGraph(plan, data);
        itemsMs = double(t.nsecsElapsed()) / 1e6;
    }


    // One frame at "fit" (everything, boxes only), at 1:1 in the middle, and while panning at 1:1.
    const double fitFrameMs = averageFrameMs(view, 10, [](int) {});
    view.setZoom(1.0);
    view.centerOnNode(int(plan.nodes.size()) / 2);
    const double oneFrameMs = averageFrameMs(view, 10, [](int) {});
    QScrollBar *h = view.horizontalScrollBar();
    const double panFrameMs = averageFrameMs(view, 40, [h](int i) { h->setValue(h->value() + (i < 20 ? 37 : -37)); });
    const double panSlowestMs = slowestFrameMs(view, 40, [h](int i) { h->setValue(h->value() + (i < 20 ? 37 : -37)); });
    // Zoom by the wheel's steps around 1:1 (cards, then boxes and back), and find: a search over every node that
    // selects and scrolls to its first hit, then F3 through the hits.
    const double zoomSlowestMs = slowestFrameMs(view, 12, [&view](int i) {
        static const double zooms[] = {0.8, 0.64, 0.51, 0.41, 0.33, 0.26};
        view.setZoom(zooms[i < 6 ? i : 11 - i]);
    });
    view.setZoom(1.0);
    const QStringList needles{QStringLiteral("tracks_pkey"), QStringLiteral("Hash Join"), QStringLiteral("owner_id = 7"),
                              QStringLiteral("no such text")};
    const double findSlowestMs = slowestFrameMs(view, 16, [&](int i) {
        if (i % 4 == 0)
            view.find(needles[i / 4]);
        else
            view.findNext();
    });
    view.setZoom(0.25);
    const double quarterFrameMs = averageFrameMs(view, 10, [](int) {});

    QJsonObject o{{QStringLiteral("case"), name},
                  {QStringLiteral("source"), source},
                  {QStringLiteral("nodes"), int(plan.nodes.size())},
                  {QStringLiteral("layout_ms"), layoutMs},
                  {QStringLiteral("items_ms"), itemsMs},
                  {QStringLiteral("ready_ms"), double(readyMs)},
                  {QStringLiteral("first_paint_ms"), double(firstPaintMs)},
                  {QStringLiteral("cold_ready_ms"), double(coldReadyMs)},
                  {QStringLiteral("cold_first_paint_ms"), double(coldPaintMs)},
                  {QStringLiteral("frame_fit_ms"), fitFrameMs},
                  {QStringLiteral("frame_quarter_ms"), quarterFrameMs},
                  {QStringLiteral("frame_1to1_ms"), oneFrameMs},
                  {QStringLiteral("frame_pan_ms"), panFrameMs},
                  {QStringLiteral("slowest_pan_frame_ms"), panSlowestMs},
                  {QStringLiteral("slowest_zoom_frame_ms"), zoomSlowestMs},
                  {QStringLiteral("slowest_find_frame_ms"), findSlowestMs},
                  {QStringLiteral("rss_before_mb"), rssBefore},
                  {QStringLiteral("open_peak_rss_mb"), openRss},
                  {QStringLiteral("peak_rss_mb"), peakRssMb()}};
    QString missed;
    if (coldPaintMs < 0 || firstPaintMs < 0)
        missed = QStringLiteral("no frame showing the graph within %1 ms of graphReady").arg(kFirstPaintWaitMs);
    else if (name == u"20k" && firstPaintMs >= kFirstPaint20kMs)
        missed = QStringLiteral("first paint %1 ms, target < %2 ms").arg(firstPaintMs).arg(kFirstPaint20kMs);
    else if (plan.nodes.size() <= 20000 && std::max({panSlowestMs, zoomSlowestMs, findSlowestMs}) >= kFrame20kMs)
        missed = QStringLiteral("slowest frame: pan %1 ms, zoom %2 ms, find %3 ms, target < %4 ms")
                     .arg(panSlowestMs, 0, 'f', 1).arg(zoomSlowestMs, 0, 'f', 1).arg(findSlowestMs, 0, 'f', 1).arg(kFrame20kMs);
    else if (name == u"100k" && coldPaintMs >= kFirstPaint100kMs)
        missed = QStringLiteral("first paint %1 ms, target < %2 ms").arg(coldPaintMs).arg(kFirstPaint100kMs);
    else if (name == u"100k" && openRss >= kOpenPeakRss100kMb)
        missed = QStringLiteral("peak RSS opening %1 MB, target < %2 MB").arg(openRss, 0, 'f', 0).arg(kOpenPeakRss100kMb);
    if (!missed.isEmpty())
        o.insert(QStringLiteral("target_missed"), missed);
    std::printf("%s\n", QJsonDocument(o).toJson(QJsonDocument::Compact).constData());
    return missed.isEmpty() ? 0 : 1;
}

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const QStringList args = app.arguments().mid(1);
    if (!args.isEmpty())
        return runCase(args.first());

    const QStringList cases{QStringLiteral("1k"), QStringLiteral("20k"), QStringLiteral("100k"),
                            QStringLiteral("union-all-200"), QStringLiteral("join-chain-30")};
    QTextStream out(stdout);
    out << QStringLiteral("%1 %2 %3 %4 %5 %6 %7 %8 %9 %10 %11 %12 %13 %14 %15\n")
               .arg(QStringLiteral("case"), -15)
               .arg(QStringLiteral("nodes"), 7)
               .arg(QStringLiteral("layout"), 9)
               .arg(QStringLiteral("items"), 9)
               .arg(QStringLiteral("ready"), 9)
               .arg(QStringLiteral("1st paint"), 10)
               .arg(QStringLiteral("frame fit"), 10)
               .arg(QStringLiteral("frame 25%"), 10)
               .arg(QStringLiteral("frame 1:1"), 10)
               .arg(QStringLiteral("pan frame"), 10)
               .arg(QStringLiteral("zoom max"), 10)
               .arg(QStringLiteral("find max"), 10)
               .arg(QStringLiteral("open RSS"), 9)
               .arg(QStringLiteral("peak RSS"), 9)
               .arg(QStringLiteral("source"));
    out.flush();
    QStringList failed;
    for (const QString &c : cases) {
        QProcess p;
        p.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        p.start(QCoreApplication::applicationFilePath(), {c});
        p.waitForFinished(-1);
        const QByteArray line = p.readAllStandardOutput().trimmed().split('\n').last();
        const QJsonObject o = QJsonDocument::fromJson(line).object();
        if (p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0)
            failed << c + QStringLiteral(": ")
                    + (o.contains(QStringLiteral("target_missed")) ? o.value(QStringLiteral("target_missed")).toString()
                                                                    : QString::fromUtf8(line));
        if (o.isEmpty() || o.contains(QStringLiteral("error")) || o.contains(QStringLiteral("missing"))) {
            out << QStringLiteral("%1 %2\n").arg(c, -15).arg(QString::fromUtf8(line));
            out.flush();
            continue;
        }
        auto ms = [&o](const char *k) { return QStringLiteral("%1 ms").arg(o.value(QLatin1String(k)).toDouble(), 0, 'f', 1); };
        out << QStringLiteral("%1 %2 %3 %4 %5 %6 %7 %8 %9 %10 %11 %12 %13 %14 %15\n")
                   .arg(c, -15)
                   .arg(o.value(QStringLiteral("nodes")).toInt(), 7)
                   .arg(ms("layout_ms"), 9)
                   .arg(ms("items_ms"), 9)
                   .arg(ms("ready_ms"), 9)
                   .arg(ms("first_paint_ms"), 10)
                   .arg(ms("frame_fit_ms"), 10)
                   .arg(ms("frame_quarter_ms"), 10)
                   .arg(ms("frame_1to1_ms"), 10)
                   .arg(ms("frame_pan_ms"), 10)
                   .arg(ms("slowest_zoom_frame_ms"), 10)
                   .arg(ms("slowest_find_frame_ms"), 10)
                   .arg(QStringLiteral("%1 MB").arg(o.value(QStringLiteral("open_peak_rss_mb")).toDouble(), 0, 'f', 0), 9)
                   .arg(QStringLiteral("%1 MB").arg(o.value(QStringLiteral("peak_rss_mb")).toDouble(), 0, 'f', 0), 9)
                   .arg(o.value(QStringLiteral("source")).toString());
        out.flush();
    }
    out << QStringLiteral("\nlayout: preparePlanGraph() alone (the view runs it on a worker thread); items: building "
                          "every item at once; ready: setPlan() to graphReady; 1st paint: setPlan() to the end of the "
                          "first frame showing the graph. Frames: one viewport repaint at 1600x1000 after a warm-up "
                          "frame, averaged; 'fit' is the whole plan, '25%' a quarter scale (boxes), '1:1' cards with "
                          "text, 'pan' 1:1 while scrolling; 'zoom max' and 'find max' the slowest frame of zoom steps between 1:1 "
                          "and 26% and of four searches with F3 through their hits. open RSS: peak resident memory once the plan has opened in the view "
                          "(first open); peak RSS: at the end (a second open and a separate scene included). Target: 20k "
                          "nodes painted in under %1 ms; slowest pan, zoom and find frames under %4 ms up to 20k nodes; 100k opened under %2 MB and painted (cold) under %3 ms; every "
                          "case opens.\n")
               .arg(kFirstPaint20kMs)
               .arg(kOpenPeakRss100kMb)
               .arg(kFirstPaint100kMs)
               .arg(kFrame20kMs);
    if (!failed.isEmpty()) {
        out << QStringLiteral("FAILED: %1\n").arg(failed.join(QStringLiteral("; ")));
        return 1;
    }
    out << QStringLiteral("all cases opened; target met\n");
    return 0;
}
