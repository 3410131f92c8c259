// SPDX-License-Identifier: MIT
#include "workpool.h"
#include "turnqueue.h"

#include <QThread>
#include <QThreadPool>

namespace PlanLens {

QThreadPool *workPool()
{
    static QThreadPool *pool = [] {
        auto *p = new QThreadPool;   // lives as long as the process: jobs may outlive any window
        p->setMaxThreadCount(std::max(2, QThread::idealThreadCount()));
        p->setObjectName(QStringLiteral("PlanLensWorkPool"));
        return p;
    }();
    return pool;
}

void inTurnOfItsOwn(QObject *context, std::function<void()> f)
{
    TurnQueue::forThisThread()->post(context, std::move(f));
}

} // namespace PlanLens
