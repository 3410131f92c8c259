// SPDX-License-Identifier: MIT
#pragma once

#include "jobs/workpool.h"

#include <QtConcurrent/QtConcurrentRun>

#include <utility>

namespace PlanLens {

// Drops a reference to a value that may be big (a 100,000-node plan, its layout, a diff) on a worker thread: when it
// is the last one, freeing the value there spares the GUI thread tens of milliseconds. The task owns the value and
// is deleted on the worker after it ran. Use it where a widget replaces a plan it holds:
//   releaseOnWorker(std::exchange(m_plan, plan));
template <typename T>
void releaseOnWorker(T &&value)
{
    (void)QtConcurrent::run(workPool(), [v = std::forward<T>(value)] {});
}

} // namespace PlanLens
