// SPDX-License-Identifier: MIT
#include "demodatabase.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>

namespace PlanLens {

namespace {
QString readResource(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return QString();
    return QString::fromUtf8(f.readAll());
}
} // namespace

QString DemoDatabase::defaultDir()
{
    const QByteArray env = qgetenv("PLANLENS_DEMO_DIR");
    if (!env.isEmpty())
        return QString::fromLocal8Bit(env);
    if (LocalCluster::runningAsRoot())
        return QStringLiteral("/var/lib/planlens/demo");
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/demo");
}

DemoDatabase::DemoDatabase(const QString &dir)
    : m_cluster(dir)
{
}

int DemoDatabase::loadedVersion(const QString &db) const
{
    QProcess p;
    p.start(LocalCluster::binDir() + QStringLiteral("/psql"),
            {QStringLiteral("-X"), QStringLiteral("-tAq"), QStringLiteral("-d"), m_cluster.conninfo(db),
             QStringLiteral("-c"), QStringLiteral("SELECT max(version) FROM planlens_demo")});
    if (!p.waitForFinished(15000) || p.exitCode() != 0)
        return 0;
    return QString::fromUtf8(p.readAllStandardOutput()).trimmed().toInt();
}

bool DemoDatabase::isLoaded() const
{
    if (!m_cluster.isRunning())
        return false;
    for (const QString &db : databases())
        if (loadedVersion(db) != kVersion)
            return false;
    return true;
}

bool DemoDatabase::ensureReady(QString *error, const std::function<void(const QString &)> &progress)
{
    auto say = [&](const QString &s) { if (progress) progress(s); };
    if (!m_cluster.exists())
        say(QStringLiteral("Creating the demo cluster in %1 ...").arg(m_cluster.dir()));
    // Settings for a demo on a laptop: predictable plans, no durability needed (the data is regenerated).
    const QStringList options{QStringLiteral("-c shared_buffers=256MB"), QStringLiteral("-c fsync=off"),
                              QStringLiteral("-c synchronous_commit=off"), QStringLiteral("-c full_page_writes=off"),
                              QStringLiteral("-c max_wal_size=2GB"), QStringLiteral("-c maintenance_work_mem=256MB")};
    if (!m_cluster.start(error, options))
        return false;
    for (const QString &db : databases()) {
        if (loadedVersion(db) == kVersion)
            continue;
        say(QStringLiteral("Generating the '%1' demo database (once; about a minute) ...").arg(db));
        QString err;
        m_cluster.runPsql(QStringLiteral("postgres"), QStringLiteral("DROP DATABASE IF EXISTS %1").arg(db), false, nullptr);
        if (!m_cluster.runPsql(QStringLiteral("postgres"), QStringLiteral("CREATE DATABASE %1").arg(db), false, &err)) {
            if (error) *error = err;
            return false;
        }
        const QString script = readResource(QStringLiteral(":/demo/%1.sql").arg(db));
        if (script.isEmpty()) {
            if (error) *error = QStringLiteral("the demo script for '%1' is missing from the binary").arg(db);
            return false;
        }
        // psql reads the script from a file the server user can read; the directory is the cluster's own.
        const QString file = m_cluster.dir() + QStringLiteral("/load-%1.sql").arg(db);
        {
            QFile f(file);
            if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
                if (error) *error = QStringLiteral("cannot write %1").arg(file);
                return false;
            }
            f.write(script.toUtf8());
            f.write(QStringLiteral("\nCREATE TABLE IF NOT EXISTS planlens_demo(version int);\n"
                                   "INSERT INTO planlens_demo VALUES (%1);\n").arg(kVersion).toUtf8());
        }
        const bool ok = m_cluster.runPsql(db, file, true, &err, [&](const QString &line) {
            // NOTICE lines from the generator are the progress report.
            const int at = line.indexOf(QStringLiteral("NOTICE:"));
            if (at >= 0)
                say(QStringLiteral("  %1: %2").arg(db, line.mid(at + 7).trimmed()));
        });
        QFile::remove(file);
        if (!ok) {
            if (error) *error = QStringLiteral("loading the '%1' demo failed: %2").arg(db, err);
            return false;
        }
    }
    return true;
}

bool DemoDatabase::stop(QString *error)
{
    return m_cluster.stop(error);
}

bool DemoDatabase::remove(QString *error)
{
    return m_cluster.removeFiles(error);
}

QList<DemoDatabase::Example> DemoDatabase::examples()
{
    QList<Example> out;
    const QString index = readResource(QStringLiteral(":/demo/examples.tsv"));
    for (const QString &line : index.split(u'\n')) {
        // id <TAB> database <TAB> title
        if (line.trimmed().isEmpty() || line.startsWith(u'#'))
            continue;
        const QStringList cols = line.split(u'\t');
        if (cols.size() < 3)
            continue;
        Example e;
        e.id = cols.at(0);
        e.database = cols.at(1);
        e.title = cols.at(2);
        e.beforeSql = readResource(QStringLiteral(":/demo/%1/before.sql").arg(e.id));
        e.afterSql = readResource(QStringLiteral(":/demo/%1/after.sql").arg(e.id));
        out << e;
    }
    return out;
}

} // namespace PlanLens
