// SPDX-License-Identifier: MIT
#include "testcluster.h"

#include <QCoreApplication>
#include <QDir>
#include <QRandomGenerator>

namespace PlanLens::Test {

TestCluster::TestCluster()
    : m_tmp(QDir::tempPath() + QStringLiteral("/planlens-test-XXXXXX"))
{
    // Ports only name the socket file in our private directory, but keep them distinct for readable logs.
    const int port = 56000 + int(QCoreApplication::applicationPid() % 3000);
    m_cluster = std::make_unique<LocalCluster>(m_tmp.path(), port);
}

TestCluster::~TestCluster()
{
    QString ignored;
    m_cluster->stop(&ignored, true);
}

bool TestCluster::start(QString *error)
{
    if (!m_tmp.isValid()) {
        if (error) *error = QStringLiteral("cannot create a temporary directory: %1").arg(m_tmp.errorString());
        return false;
    }
    const bool ok = m_cluster->start(error, {QStringLiteral("-c fsync=off"), QStringLiteral("-c synchronous_commit=off"),
                                             QStringLiteral("-c full_page_writes=off")});
    if (!ok && error)
        *error = QStringLiteral("The test PostgreSQL cluster did not start: %1").arg(*error);
    return ok;
}

QString TestCluster::conninfo(const QString &db) const
{
    return m_cluster->conninfo(db);
}

bool TestCluster::exec(const QString &sql, QString *error, const QString &db)
{
    return m_cluster->runPsql(db, sql, false, error);
}

QString TestCluster::demoDir()
{
    return QString::fromLocal8Bit(qgetenv("PLANLENS_DEMO_DIR"));
}

} // namespace PlanLens::Test
