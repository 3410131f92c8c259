// SPDX-License-Identifier: MIT
#include "localcluster.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>
#include <QTextStream>

#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

namespace PlanLens {

namespace {
constexpr int kDefaultPort = 55432;

QString readPortFile(const QString &dir)
{
    QFile f(dir + QStringLiteral("/port"));
    if (!f.open(QIODevice::ReadOnly))
        return QString();
    return QString::fromUtf8(f.readAll()).trimmed();
}
} // namespace

LocalCluster::LocalCluster(QString dir, int port)
    : m_dir(QDir::cleanPath(QDir(dir).absolutePath()))
    , m_port(port)
{
    if (m_port <= 0) {
        bool ok = false;
        const int saved = readPortFile(m_dir).toInt(&ok);
        m_port = ok && saved > 0 ? saved : kDefaultPort;
    }
}

QString LocalCluster::binDir()
{
    const QByteArray env = qgetenv("PLANLENS_PG_BINDIR");
    if (!env.isEmpty())
        return QString::fromLocal8Bit(env);
    for (const char *v : {"15", "16", "17", "14"}) {
        const QString d = QStringLiteral("/usr/lib/postgresql/%1/bin").arg(QLatin1String(v));
        if (QFileInfo::exists(d + QStringLiteral("/pg_ctl")))
            return d;
    }
    return QString();
}

bool LocalCluster::runningAsRoot()
{
    return ::geteuid() == 0;
}

QString LocalCluster::missingServerMessage()
{
    return QStringLiteral("PostgreSQL server binaries were not found (looked in /usr/lib/postgresql/*/bin). "
                          "Install them with: apt-get install postgresql-15 (scripts/install-deps does this).");
}

bool LocalCluster::exists() const
{
    return QFileInfo::exists(m_dir + QStringLiteral("/data/PG_VERSION"));
}

QStringList LocalCluster::asServerUser(const QString &program, const QStringList &args, QString *programOut) const
{
    if (runningAsRoot()) {
        *programOut = QStringLiteral("runuser");
        return QStringList{QStringLiteral("-u"), QStringLiteral("postgres"), QStringLiteral("--"), program} + args;
    }
    *programOut = program;
    return args;
}

bool LocalCluster::runTool(const QString &tool, const QStringList &args, QString *output, int timeoutMs) const
{
    QString program;
    const QStringList fullArgs = asServerUser(binDir() + u'/' + tool, args, &program);
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.setWorkingDirectory(m_dir);   // postgres cannot stat a cwd under /root
    p.start(program, fullArgs);
    if (!p.waitForStarted(10000)) {
        if (output) *output = QStringLiteral("could not start %1: %2").arg(program, p.errorString());
        return false;
    }
    p.closeWriteChannel();
    const bool finished = p.waitForFinished(timeoutMs);
    if (output) *output = QString::fromLocal8Bit(p.readAll()).trimmed();
    if (!finished) {
        p.kill();
        p.waitForFinished(2000);
        if (output) *output += QStringLiteral("\n%1 did not finish in %2 s").arg(tool).arg(timeoutMs / 1000);
        return false;
    }
    return p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
}

void LocalCluster::preparePermissions() const
{
    QDir().mkpath(m_dir);
    // The socket directory must be enterable by every client (0755), the data directory private (initdb).
    ::chmod(QFile::encodeName(m_dir).constData(), 0755);
    if (runningAsRoot()) {
        if (const passwd *pw = ::getpwnam("postgres"))
            if (::chown(QFile::encodeName(m_dir).constData(), pw->pw_uid, pw->pw_gid) != 0) {
                // reported by initdb/pg_ctl when it matters
            }
    }
}

bool LocalCluster::init(QString *error)
{
    if (binDir().isEmpty()) {
        if (error) *error = missingServerMessage();
        return false;
    }
    if (exists())
        return true;
    if (runningAsRoot() && !::getpwnam("postgres")) {
        if (error) *error = QStringLiteral("Running as root needs the 'postgres' system user (created by the postgresql-15 package).");
        return false;
    }
    preparePermissions();
    QString out;
    const bool ok = runTool(QStringLiteral("initdb"),
                            {QStringLiteral("-D"), m_dir + QStringLiteral("/data"), QStringLiteral("-U"),
                             QStringLiteral("postgres"), QStringLiteral("--auth=trust"), QStringLiteral("-E"),
                             QStringLiteral("UTF8"), QStringLiteral("--locale=C.UTF-8"), QStringLiteral("--no-sync")},
                            &out, 120000);
    if (!ok) {
        if (error) *error = QStringLiteral("initdb failed in %1:\n%2").arg(m_dir, out);
        return false;
    }
    return true;
}

bool LocalCluster::isRunning() const
{
    if (!exists())
        return false;
    QString out;
    return runTool(QStringLiteral("pg_ctl"), {QStringLiteral("-D"), m_dir + QStringLiteral("/data"), QStringLiteral("status")},
                   &out, 10000);
}

bool LocalCluster::start(QString *error, const QStringList &serverOptions)
{
    if (!init(error))
        return false;
    if (isRunning())
        return true;
    preparePermissions();
    {
        QFile f(m_dir + QStringLiteral("/port"));
        if (f.open(QIODevice::WriteOnly | QIODevice::Truncate))
            f.write(QByteArray::number(m_port) + '\n');
    }
    QStringList opts{QStringLiteral("-p %1").arg(m_port), QStringLiteral("-k '%1'").arg(m_dir),
                     QStringLiteral("-c listen_addresses=''")};
    opts += serverOptions;
    QString out;
    const bool ok = runTool(QStringLiteral("pg_ctl"),
                            {QStringLiteral("-D"), m_dir + QStringLiteral("/data"), QStringLiteral("-l"),
                             m_dir + QStringLiteral("/server.log"), QStringLiteral("-w"), QStringLiteral("-t"),
                             QStringLiteral("60"), QStringLiteral("-o"), opts.join(u' '), QStringLiteral("start")},
                            &out, 90000);
    if (!ok) {
        if (error)
            *error = QStringLiteral("PostgreSQL did not start (pg_ctl: %1).\nLast lines of %2/server.log:\n%3")
                         .arg(out, m_dir, logTail(10));
        return false;
    }
    return true;
}

bool LocalCluster::stop(QString *error, bool immediate)
{
    if (!exists() || !isRunning())
        return true;
    QString out;
    const bool ok = runTool(QStringLiteral("pg_ctl"),
                            {QStringLiteral("-D"), m_dir + QStringLiteral("/data"), QStringLiteral("-m"),
                             immediate ? QStringLiteral("immediate") : QStringLiteral("fast"), QStringLiteral("-w"),
                             QStringLiteral("stop")},
                            &out, 60000);
    if (!ok && error)
        *error = QStringLiteral("pg_ctl stop failed: %1").arg(out);
    return ok;
}

bool LocalCluster::removeFiles(QString *error)
{
    if (!stop(error, true))
        return false;
    if (!QDir(m_dir).removeRecursively()) {
        if (error) *error = QStringLiteral("could not remove %1").arg(m_dir);
        return false;
    }
    return true;
}

QString LocalCluster::conninfo(const QString &dbname) const
{
    return QStringLiteral("host=%1 port=%2 user=postgres dbname=%3 connect_timeout=5").arg(m_dir).arg(m_port).arg(dbname);
}

QString LocalCluster::logTail(int lines) const
{
    QFile f(m_dir + QStringLiteral("/server.log"));
    if (!f.open(QIODevice::ReadOnly))
        return QString();
    const QStringList all = QString::fromLocal8Bit(f.readAll()).split(u'\n');
    return all.mid(std::max<qsizetype>(0, all.size() - lines)).join(u'\n');
}

bool LocalCluster::runPsql(const QString &dbname, const QString &sqlOrFile, bool isFile, QString *error,
                           const std::function<void(const QString &)> &onOutput) const
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    QStringList args{QStringLiteral("-X"), QStringLiteral("-q"), QStringLiteral("-v"), QStringLiteral("ON_ERROR_STOP=1"),
                     QStringLiteral("-d"), conninfo(dbname)};
    if (isFile)
        args << QStringLiteral("-f") << sqlOrFile;
    else
        args << QStringLiteral("-c") << sqlOrFile;
    p.start(binDir() + QStringLiteral("/psql"), args);
    if (!p.waitForStarted(10000)) {
        if (error) *error = QStringLiteral("could not start psql: %1").arg(p.errorString());
        return false;
    }
    QString all;
    while (p.state() != QProcess::NotRunning) {
        p.waitForReadyRead(500);
        while (p.canReadLine()) {
            const QString line = QString::fromLocal8Bit(p.readLine()).trimmed();
            all += line + u'\n';
            if (onOutput) onOutput(line);
        }
    }
    const QString rest = QString::fromLocal8Bit(p.readAll()).trimmed();
    if (!rest.isEmpty()) {
        all += rest;
        if (onOutput) onOutput(rest);
    }
    if (p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        if (error) *error = QStringLiteral("psql failed: %1").arg(all.trimmed().right(2000));
        return false;
    }
    return true;
}

} // namespace PlanLens
