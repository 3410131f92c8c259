// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>
#include <QSet>
#include <QSize>
#include <QString>

class QTimer;

namespace PlanLens {

class MainWindow;

// `planlens --screenshot OUT.png [--run] [--try RULE] [--tab T] [--size WxH]`: the window photographs itself.
// It waits for what was asked (the run with its findings and rewrites, a tried rewrite, plans of a session),
// lets the graphs settle, grabs the whole window to a PNG and quits: exit 0, or 1 with a sentence on stderr
// when the run fails, a session's plan cannot be read or nothing comes in time. Works offscreen.
// Made before the session is opened, so it sees which plans the session brings and waits until each is shown
// with its findings. The PNG's text chunks say what it shows: Description (the verdict), PlanLens-Plans
// ("before=N after=M" nodes on screen) and PlanLens-Theme (dark or light).
class ScreenshotDriver : public QObject
{
    Q_OBJECT
public:
    struct Options {
        QString output;
        QSize size{1440, 900};
        bool run = false;
        QString tryRule;             // after the run, try this rewrite as After
        QString tab;                 // before, after, compare (default: what the window shows)
        QString page;                // graph, flame, operations: the page both plan tabs show (default: graph)
        bool focus = false;          // focus mode (F11)
        int timeoutMs = 300000;
    };

    ScreenshotDriver(MainWindow *window, const Options &options, QObject *parent = nullptr);

    void start();                    // after the window is shown and loaded

    static bool parseSize(const QString &text, QSize *size);

private:
    void onRunFinished(bool ok);
    void onPlanShown(int side);
    void settleThenGrab();
    void grabAndQuit();
    void fail(const QString &message);

    MainWindow *m_window;
    Options m_options;
    QTimer *m_timeout = nullptr;
    bool m_tried = false;
    bool m_done = false;
    bool m_started = false;
    QSet<int> m_pendingPlans;        // sides whose session plan is not on screen yet
    int m_settleRounds = 0;
};

} // namespace PlanLens
