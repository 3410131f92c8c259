// SPDX-License-Identifier: MIT
// TurnQueue: one piece of work per event-loop turn, so results that arrive together cannot run back to back
// without the loop (paint, input, posted events) getting a turn in between.
#include "jobs/turnqueue.h"
#include "jobs/workpool.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTest>

#include <memory>

using namespace PlanLens;

class TestTurnQueue : public QObject
{
    Q_OBJECT
private slots:
    void eachJobHasATurnOfItsOwn();
    void jobsDroppedWithTheirContext();
    void slicesTakeTurnsAfterJobs();

private:
    static bool waitUntil(const std::function<bool()> &done)
    {
        QElapsedTimer t;
        t.start();
        while (!done() && t.elapsed() < 5000)
            QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
        return done();
    }
};

// Three results that arrive together: between two of them the loop delivers an event posted by the first.
// (Three 1 ms timers, as before, all fell due in one pass and ran back to back.)
void TestTurnQueue::eachJobHasATurnOfItsOwn()
{
    QObject context;
    QStringList order;
    for (int i = 1; i <= 3; ++i)
        inTurnOfItsOwn(&context, [&order, &context, i] {
            order << QStringLiteral("job %1").arg(i);
            QMetaObject::invokeMethod(&context, [&order, i] { order << QStringLiteral("posted by %1").arg(i); },
                                      Qt::QueuedConnection);
        });
    QVERIFY(waitUntil([&] { return order.size() == 6; }));
    QCOMPARE(order, QStringList({QStringLiteral("job 1"), QStringLiteral("posted by 1"), QStringLiteral("job 2"),
                                 QStringLiteral("posted by 2"), QStringLiteral("job 3"), QStringLiteral("posted by 3")}));
}

void TestTurnQueue::jobsDroppedWithTheirContext()
{
    auto gone = std::make_unique<QObject>();
    QObject kept;
    int ran = 0;
    bool keptRan = false;
    inTurnOfItsOwn(gone.get(), [&ran] { ++ran; });
    TurnQueue::forThisThread()->addSlices(gone.get(), [&ran] { ++ran; return false; });
    inTurnOfItsOwn(&kept, [&keptRan] { keptRan = true; });
    gone.reset();
    QVERIFY(waitUntil([&] { return keptRan && TurnQueue::forThisThread()->pending() == 0; }));
    QCOMPARE(ran, 0);
}

// Jobs first (someone waits for them), then slices in rotation; a slice that says it is done is not called again.
void TestTurnQueue::slicesTakeTurnsAfterJobs()
{
    QObject context;
    QStringList order;
    int a = 0, b = 0;
    TurnQueue *queue = TurnQueue::forThisThread();
    queue->addSlices(&context, [&] { order << QStringLiteral("a%1").arg(++a); return a == 3; });
    queue->addSlices(&context, [&] { order << QStringLiteral("b%1").arg(++b); return b == 2; });
    inTurnOfItsOwn(&context, [&] { order << QStringLiteral("job"); });
    QVERIFY(waitUntil([&] { return queue->pending() == 0; }));
    QCOMPARE(order, QStringList({QStringLiteral("job"), QStringLiteral("a1"), QStringLiteral("b1"), QStringLiteral("a2"),
                                 QStringLiteral("b2"), QStringLiteral("a3")}));
}

QTEST_GUILESS_MAIN(TestTurnQueue)
#include "tst_turnqueue.moc"
