// SPDX-License-Identifier: MIT
// The CTest fixture stale_clusters_cleanup (tests/cleanup-stale-clusters.sh) on a private root: a real cluster,
// started, whose owner process has died is stopped and removed; so is a directory whose pid was reused by another
// process; the clusters of live owners, fresh directories without owner.pid and other names are kept.
#include "db/localcluster.h"
#include "testcluster.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace PlanLens;
using PlanLens::Test::TestCluster;

class TestStaleClusters : public QObject
{
    Q_OBJECT
private slots:
    void ownerFileNamesThisProcess();
    void removesClustersOfDeadOwnersOnly();

private:
    static QByteArray runCleanup(const QString &root, int *exitCode);
};

QByteArray TestStaleClusters::runCleanup(const QString &root, int *exitCode)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(QStringLiteral("sh"), {QStringLiteral(PLANLENS_TESTS_DIR "/cleanup-stale-clusters.sh"), root});
    if (!p.waitForFinished(180000))
        p.kill();
    *exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    return p.readAll();
}

void TestStaleClusters::ownerFileNamesThisProcess()
{
    QTemporaryDir d;
    QVERIFY(d.isValid());
    QVERIFY(TestCluster::writeOwnerFile(d.path()));
    QFile f(d.filePath(QStringLiteral("owner.pid")));
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QStringList parts = QString::fromLatin1(f.readAll()).trimmed().split(u' ');
    QCOMPARE(parts.size(), 2);
    QCOMPARE(parts.at(0).toLongLong(), QCoreApplication::applicationPid());
    QVERIFY(!parts.at(1).isEmpty());
    QCOMPARE(parts.at(1), TestCluster::processStartTime(QCoreApplication::applicationPid()));
}

void TestStaleClusters::removesClustersOfDeadOwnersOnly()
{
    QTemporaryDir root;
    QVERIFY(root.isValid());
    // The server user must pass through the root to reach its cluster (LocalCluster makes its own dir 0755).
    QVERIFY(QFile::setPermissions(root.path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner
                                                   | QFileDevice::ReadGroup | QFileDevice::ExeGroup
                                                   | QFileDevice::ReadOther | QFileDevice::ExeOther));
    const QDir r(root.path());
    auto writeOwner = [](const QString &dir, const QString &line) {
        QFile f(dir + QStringLiteral("/owner.pid"));
        return f.open(QIODevice::WriteOnly) && f.write(line.toLatin1()) > 0;
    };

    // A process that lived and died: its pid and start time, as a crashed test would have left them.
    QProcess gone;
    gone.start(QStringLiteral("sleep"), {QStringLiteral("0.3")});
    QVERIFY(gone.waitForStarted());
    const qint64 deadPid = gone.processId();
    const QString deadStart = TestCluster::processStartTime(deadPid);
    QVERIFY(!deadStart.isEmpty());
    QVERIFY(gone.waitForFinished());
    QVERIFY(TestCluster::processStartTime(deadPid).isEmpty());
    const QString deadOwner = QStringLiteral("%1 %2\n").arg(deadPid).arg(deadStart);

    // 1. A real cluster, running, whose owner is gone.
    const QString realDir = r.filePath(QStringLiteral("planlens-test-crashed"));
    LocalCluster real(realDir, 56000 + int(QCoreApplication::applicationPid() % 3000) + 3000);
    QString error;
    QVERIFY2(real.start(&error), qPrintable(error));
    QVERIFY(real.isRunning());
    QFile pmFile(realDir + QStringLiteral("/data/postmaster.pid"));
    QVERIFY(pmFile.open(QIODevice::ReadOnly));
    const qint64 postmaster = pmFile.readLine().trimmed().toLongLong();
    pmFile.close();
    QVERIFY(postmaster > 0 && QFile::exists(QStringLiteral("/proc/%1").arg(postmaster)));
    QVERIFY(writeOwner(realDir, deadOwner));

    // 2. A fake cluster directory of a dead owner; 3. one whose pid now belongs to another process (us).
    const QString fakeDir = r.filePath(QStringLiteral("planlens-test-fake"));
    QVERIFY(r.mkpath(fakeDir + QStringLiteral("/data")));
    QVERIFY(writeOwner(fakeDir, deadOwner));
    const QString reusedDir = r.filePath(QStringLiteral("planlens-test-reused"));
    QVERIFY(r.mkpath(reusedDir));
    QVERIFY(writeOwner(reusedDir, QStringLiteral("%1 1\n").arg(QCoreApplication::applicationPid())));

    // Kept: a live owner (this process), a directory being created (no owner.pid yet), another name.
    const QString liveDir = r.filePath(QStringLiteral("planlens-test-live"));
    QVERIFY(r.mkpath(liveDir));
    QVERIFY(TestCluster::writeOwnerFile(liveDir));
    const QString freshDir = r.filePath(QStringLiteral("planlens-test-fresh"));
    QVERIFY(r.mkpath(freshDir));
    const QString otherDir = r.filePath(QStringLiteral("not-a-test-cluster"));
    QVERIFY(r.mkpath(otherDir));
    QVERIFY(writeOwner(otherDir, deadOwner));

    int code = -1;
    const QByteArray out = runCleanup(root.path(), &code);
    const bool stoppedInTime = [&] {
        for (int i = 0; i < 100 && QFile::exists(QStringLiteral("/proc/%1").arg(postmaster)); ++i)
            QTest::qWait(100);
        return !QFile::exists(QStringLiteral("/proc/%1").arg(postmaster));
    }();
    if (!stoppedInTime || QDir(realDir).exists()) {
        QString ignored;
        real.stop(&ignored, true);   // leave no server behind a failing test
    }
    QVERIFY2(code == 0, out.constData());
    QVERIFY2(stoppedInTime, qPrintable(QStringLiteral("postmaster %1 still runs:\n%2").arg(postmaster).arg(QString::fromLocal8Bit(out))));
    QVERIFY2(!QDir(realDir).exists(), out.constData());
    QVERIFY2(!QDir(fakeDir).exists(), out.constData());
    QVERIFY2(!QDir(reusedDir).exists(), out.constData());
    QVERIFY2(QDir(liveDir).exists(), out.constData());
    QVERIFY2(QDir(freshDir).exists(), out.constData());
    QVERIFY2(QDir(otherDir).exists(), out.constData());
    QVERIFY2(out.contains("3 stale cluster(s) removed"), out.constData());

    // Idempotent: nothing more to do on a second run.
    const QByteArray again = runCleanup(root.path(), &code);
    QCOMPARE(code, 0);
    QVERIFY2(again.contains("0 stale cluster(s) removed"), again.constData());
}

QTEST_GUILESS_MAIN(TestStaleClusters)
#include "tst_staleclusters.moc"
