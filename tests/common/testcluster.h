// SPDX-License-Identifier: MIT
#pragma once

#include "db/localcluster.h"

#include <QString>
#include <QTemporaryDir>

#include <memory>

namespace PlanLens::Test {

// A throwaway PostgreSQL cluster for one test executable: created in a private temporary directory on a
// port of its own, stopped and removed in the destructor (and by the CTest cleanup fixture if the test
// crashed). start() fails with a readable message; tests QFAIL with it, never skip.
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

private:
    QTemporaryDir m_tmp;
    std::unique_ptr<LocalCluster> m_cluster;
};

} // namespace PlanLens::Test
