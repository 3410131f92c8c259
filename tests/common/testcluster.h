// SPDX-License-Identifier: MIT
#pragma once

#include "db/localcluster.h"

#include <QString>
#include <QTemporaryDir>

#include <memory>

namespace PlanLens::Test {

// A throwaway PostgreSQL cluster for one test executable: created in a private temporary directory
// ($TMPDIR/planlens-test-XXXXXX) on a port of its own, stopped and removed in the destructor. The directory holds
// owner.pid ("<pid> <start time>") so that, if the test crashed, tests/cleanup-stale-clusters.sh (the CTest
// fixture stale_clusters_cleanup, run before every pg test) stops and removes it. start() fails with a readable
// message; tests QFAIL with it, never skip.
class TestCluster
{
public:
    TestCluster();
    ~TestCluster();
    bool start(QString *error);
    QString conninfo(const QString &db = QStringLiteral("postgres")) const;
    LocalCluster &cluster() { return *m_cluster; }
    // Runs SQL through psql (setup of test tables).
    bool exec(const QString &sql, QString *error, const QString &db = QStringLiteral("postgres"));

    // The shared demo cluster prepared by the CTest fixture (PLANLENS_DEMO_DIR), or empty if not set.
    static QString demoDir();

    // owner.pid in dir: this process's pid and start time, as the cleanup fixture reads them.
    static bool writeOwnerFile(const QString &dir);
    // A process's start time from /proc/<pid>/stat (field 22), or empty if there is no such process.
    static QString processStartTime(qint64 pid);

private:
    QTemporaryDir m_tmp;
    std::unique_ptr<LocalCluster> m_cluster;
};

} // namespace PlanLens::Test
