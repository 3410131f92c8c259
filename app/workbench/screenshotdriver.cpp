// SPDX-License-Identifier: MIT
#include "screenshotdriver.h"

#include "compareview.h"
#include "mainwindow.h"
#include "plangraphview.h"
#include "planview.h"
#include "planloader.h"
#include "rewritepanel.h"
#include "theme.h"
#include "workbenchstore.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QImage>
#include <QRegularExpression>
#include <QTabWidget>
#include <QTimer>

#include <cstdio>

namespace PlanLens {

ScreenshotDriver::ScreenshotDriver(MainWindow *window, const Options &options, QObject *parent)
    : QObject(parent)
    , m_window(window)
    , m_options(options)
{
    m_timeout = new QTimer(this);
    m_timeout->setSingleShot(true);
    connect(m_timeout, &QTimer::timeout, this, [this] {
        fail(tr("Nothing to photograph after %1 s: %2").arg(m_options.timeoutMs / 1000).arg(m_window->verdictText()));
    });
    // A session's plans are parsed off the GUI thread, then analysed: wait for each to be on screen.
    connect(m_window->store(), &WorkbenchStore::planTextLoaded, this,
            [this](int side, const QString &, const QString &) { m_pendingPlans.insert(side); });
    connect(m_window, &MainWindow::planShown, this, &ScreenshotDriver::onPlanShown);
    connect(m_window, &MainWindow::planFailed, this, [this](int side, const QString &message) {
        if (m_pendingPlans.contains(side))
            fail(message);
    });
}

bool ScreenshotDriver::parseSize(const QString &text, QSize *size)
{
    static const QRegularExpression re(QStringLiteral("^(\\d{3,5})x(\\d{3,5})$"));
    const QRegularExpressionMatch m = re.match(text.trimmed());
    if (!m.hasMatch())
        return false;
    *size = QSize(m.captured(1).toInt(), m.captured(2).toInt());
    return true;
}

void ScreenshotDriver::start()
{
    m_window->resize(m_options.size);
    if (m_options.focus)
        m_window->setFocusMode(true);
    m_timeout->start(m_options.timeoutMs);
    connect(m_window, &MainWindow::runFinished, this, &ScreenshotDriver::onRunFinished);
    m_started = true;
    if (m_options.run)
        QTimer::singleShot(0, m_window, &MainWindow::runPair);
    else if (m_pendingPlans.isEmpty())
        QTimer::singleShot(0, this, &ScreenshotDriver::settleThenGrab);
    // else onPlanShown starts it once the session's last plan is on screen.
}

void ScreenshotDriver::onPlanShown(int side)
{
    if (!m_pendingPlans.remove(side) || !m_pendingPlans.isEmpty())
        return;
    if (m_started && !m_options.run)   // with --run, the run's result is what is photographed
        settleThenGrab();
}

void ScreenshotDriver::onRunFinished(bool ok)
{
    if (m_done)
        return;
    if (!ok && !m_tried) {   // a tried rewrite whose rows differ is still worth its picture
        fail(m_window->verdictText());   // "The run failed. …" with the reason
        return;
    }
    if (!m_options.tryRule.isEmpty() && !m_tried) {
        m_tried = true;
        // The rewrites' catalog checks follow the run on the same connection; the try waits for them.
        QTimer::singleShot(0, this, [this] {
            RewritePanel *panel = m_window->rewritePanel();
            if (!panel->showRule(m_options.tryRule)) {
                fail(tr("No rewrite %1 was proposed for this Before script.").arg(m_options.tryRule));
                return;
            }
            emit panel->tryAsAfter(panel->currentAfterScript(), m_options.tryRule);
        });
        return;
    }
    settleThenGrab();
}

void ScreenshotDriver::settleThenGrab()
{
    if (!m_options.page.isEmpty()) {
        const PlanView::Page page = m_options.page == u"flame"        ? PlanView::Page::Flame
                                    : m_options.page == u"operations" ? PlanView::Page::Operations
                                                                      : PlanView::Page::Graph;
        for (auto side : {MainWindow::BeforeSide, MainWindow::AfterSide})
            m_window->planView(side)->setPage(page);
    }
    if (m_options.tab == u"before")
        m_window->planTabs()->setCurrentIndex(MainWindow::BeforeSide);
    else if (m_options.tab == u"after")
        m_window->planTabs()->setCurrentIndex(MainWindow::AfterSide);
    else if (m_options.tab == u"compare")
        m_window->planTabs()->setCurrentWidget(m_window->compareView());
    // The graphs lay out off the GUI thread and the compare view diffs off it too: grab once all are still.
    const bool busy = m_window->planLoader()->isBusy() || m_window->isAdviceBusy() || m_window->compareView()->isBusy()
                      || m_window->compareView()->beforeGraph()->isBusy() || m_window->compareView()->afterGraph()->isBusy()
                      || m_window->planView(MainWindow::BeforeSide)->graphView()->isBusy()
                      || m_window->planView(MainWindow::AfterSide)->graphView()->isBusy();
    if (busy && ++m_settleRounds < 200) {
        QTimer::singleShot(50, this, &ScreenshotDriver::settleThenGrab);
        return;
    }
    QTimer::singleShot(200, this, &ScreenshotDriver::grabAndQuit);
}

void ScreenshotDriver::grabAndQuit()
{
    if (m_done)
        return;
    m_done = true;
    m_timeout->stop();
    QDir().mkpath(QFileInfo(m_options.output).absolutePath());
    QImage image = m_window->grab().toImage();
    // What the picture shows, for whoever checks it (tst_guioptions) without reading pixels.
    image.setText(QStringLiteral("Software"), QStringLiteral("PlanLens ") + QCoreApplication::applicationVersion());
    image.setText(QStringLiteral("Description"), m_window->verdictText());
    image.setText(QStringLiteral("PlanLens-Plans"),
                  QStringLiteral("before=%1 after=%2")
                      .arg(m_window->planView(MainWindow::BeforeSide)->plan().nodes.size())
                      .arg(m_window->planView(MainWindow::AfterSide)->plan().nodes.size()));
    image.setText(QStringLiteral("PlanLens-Theme"), Theme::isDark() ? QStringLiteral("dark") : QStringLiteral("light"));
    if (!image.save(m_options.output)) {
        std::fprintf(stderr, "planlens: could not write %s\n", qPrintable(m_options.output));
        QCoreApplication::exit(1);
        return;
    }
    std::fprintf(stdout, "%s\n", qPrintable(m_options.output));
    QCoreApplication::exit(0);
}

void ScreenshotDriver::fail(const QString &message)
{
    if (m_done)
        return;
    m_done = true;
    std::fprintf(stderr, "planlens: %s\n", qPrintable(message));
    QCoreApplication::exit(1);
}

} // namespace PlanLens
