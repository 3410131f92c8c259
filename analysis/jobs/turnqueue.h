// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>
#include <QPointer>
#include <QTimer>

#include <deque>
#include <functional>

namespace PlanLens {

// Work for one thread's event loop, handed out one piece per turn of the loop. Results of background jobs and
// slices of long work (building or deleting 100,000 graph items) used to come through their own timers or posted
// events; Qt fires every due timer, and delivers every posted event, of a turn in one batch, so when several
// arrived together their handlers ran back to back with no paint and no input in between (bench_stall: 45-75 ms
// at the end of a run). Here a turn runs one piece: the oldest job, or else the next slice in rotation.
// A piece is dropped when its context object is destroyed; everything runs on the thread that queued it.
class TurnQueue : public QObject
{
public:
    static TurnQueue *forThisThread();

    void post(QObject *context, std::function<void()> job);             // once, in a turn of its own
    void addSlices(QObject *context, std::function<bool()> slice);      // one call per turn until it returns true
    qsizetype pending() const { return qsizetype(m_jobs.size() + m_slices.size()); }

private:
    TurnQueue();
    void runOne();

    struct Piece {
        QPointer<QObject> context;
        std::function<void()> job;
        std::function<bool()> slice;
    };
    std::deque<Piece> m_jobs;
    std::deque<Piece> m_slices;
    QTimer m_turn;
};

} // namespace PlanLens
