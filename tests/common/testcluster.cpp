// SPDX-License-Identifier: MIT
#include "testcluster.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QRandomGenerator>

namespace PlanLens::Test {

TestCluster::TestCluster()
    : m_tmp(QDir::tempPath() + QStringLiteral("/planlens-test-XXXXXX"))
{
    // Ports only name the socket file in our private directory, but keep them distinct for readable logs.
    const int port = 56000 + int(QCoreApplication::applicationPid() % 3000);
    m_cluster = std::make_unique<LocalCluster>(m_tmp.path(), port);
    if (m_tmp.isValid())
        writeOwnerFile(m_tmp.path());
}

QString TestCluster::processStartTime(qint64 pid)
{
    // Field 22 of /proc/<pid>/stat (clock ticks since boot): with the pid, it names one process even after the
    // pid is reused. The command name (field 2) may hold spaces and parentheses, so count from its last ')'.
    QFile f(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return QString();
    const QByteArray stat = f.readAll();
    const QList<QByteArray> fields = stat.mid(stat.lastIndexOf(')') + 2).split(' ');
    return fields.size() > 19 ? QString::fromLatin1(fields.at(19)) : QString();
}

bool TestCluster::writeOwnerFile(const QString &dir)
{
    const qint64 pid = QCoreApplication::applicationPid();
    QFile f(dir + QStringLiteral("/owner.pid"));
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    return f.write(QStringLiteral("%1 %2\n").arg(pid).arg(processStartTime(pid)).toLatin1()) > 0;
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
