// SPDX-License-Identifier: MIT
#include "turnqueue.h"

namespace PlanLens {

TurnQueue *TurnQueue::forThisThread()
{
    // One per thread, created on first use and never freed: pieces may be queued until the process ends.
    thread_local TurnQueue *queue = new TurnQueue;
    return queue;
}

TurnQueue::TurnQueue()
{
    m_turn.setSingleShot(true);
    m_turn.setInterval(0);
    connect(&m_turn, &QTimer::timeout, this, &TurnQueue::runOne);
}

void TurnQueue::post(QObject *context, std::function<void()> job)
{
    m_jobs.push_back({context, std::move(job), {}});
    if (!m_turn.isActive())
        m_turn.start();
}

void TurnQueue::addSlices(QObject *context, std::function<bool()> slice)
{
    m_slices.push_back({context, {}, std::move(slice)});
    if (!m_turn.isActive())
        m_turn.start();
}

void TurnQueue::runOne()
{
    // Jobs first (someone waits for their result), in order; then slices take turns.
    auto takeLive = [](std::deque<Piece> &from, Piece &out) {
        while (!from.empty()) {
            out = std::move(from.front());
            from.pop_front();
            if (out.context)
                return true;
        }
        return false;
    };
    Piece piece;
    if (takeLive(m_jobs, piece)) {
        if (!m_jobs.empty() || !m_slices.empty())
            m_turn.start();   // armed before the job runs: a job that spins an event loop still lets the rest go on
        piece.job();
    } else if (takeLive(m_slices, piece)) {
        m_turn.start();
        const bool done = piece.slice();
        if (!done && piece.context)
            m_slices.push_back(std::move(piece));
    }
    if ((!m_jobs.empty() || !m_slices.empty()) && !m_turn.isActive())
        m_turn.start();
    else if (m_jobs.empty() && m_slices.empty())
        m_turn.stop();
}

} // namespace PlanLens
