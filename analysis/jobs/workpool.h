// SPDX-License-Identifier: MIT
#pragma once

#include <functional>

class QObject;
class QThreadPool;

namespace PlanLens {

// The threads PlanLens's own background work runs on: parsing, layout, detectors, rewrites, comparison, cancel
// requests. Not QThreadPool::globalInstance(): Qt's raster paint engine borrows the global pool's threads to
// convert and scale images on the GUI thread and waits until it gets them, so a plan parse that occupied the
// global pool froze painting for as long as the parse ran (bench_stall caught a progress bar's paint waiting 4 s).
// Pass it to QtConcurrent::run(workPool(), ...).
QThreadPool *workPool();

// Runs f on the calling thread (context's) in an event-loop turn of its own (TurnQueue; dropped with context).
// Several jobs that finish together post their results at once, and Qt delivers posted events (and fires due
// timers) in one batch: applied straight away, their handlers would run back to back with no paint and no input
// in between.
void inTurnOfItsOwn(QObject *context, std::function<void()> f);

} // namespace PlanLens
