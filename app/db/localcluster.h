// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QStringList>

#include <functional>

namespace PlanLens {

// A private PostgreSQL cluster in one directory: <dir>/data (the cluster), <dir> itself as the socket
// directory, <dir>/server.log, <dir>/port. Only a Unix socket is opened (listen_addresses=''), so the
// port only names the socket file and cannot clash with another server.
// As root, PostgreSQL refuses to run, so every server command goes through `runuser -u postgres`.
// Used by `planlens demo` and by the tests' throwaway clusters: one code path for both.
class LocalCluster
{
public:
    explicit LocalCluster(QString dir, int port = 0);

    const QString &dir() const { return m_dir; }
    int port() const { return m_port; }

    bool exists() const;                       // initdb has run
    bool isRunning() const;                    // pg_ctl status
    bool init(QString *error);                 // initdb when missing; idempotent
    bool start(QString *error, const QStringList &serverOptions = {});
    bool stop(QString *error, bool immediate = false);
    bool removeFiles(QString *error);          // stop first; deletes the directory

    QString conninfo(const QString &dbname = QStringLiteral("postgres")) const;
    QString logTail(int lines = 20) const;

    // Runs a SQL file or text through psql with ON_ERROR_STOP; progress lines (NOTICE) are forwarded.
    bool runPsql(const QString &dbname, const QString &sqlOrFile, bool isFile, QString *error,
                 const std::function<void(const QString &)> &onOutput = {}) const;

    static QString binDir();                   // PostgreSQL 15 server binaries
    static bool runningAsRoot();
    static QString missingServerMessage();

private:
    QStringList asServerUser(const QString &program, const QStringList &args, QString *program_out) const;
    bool runTool(const QString &tool, const QStringList &args, QString *output, int timeoutMs) const;
    void preparePermissions() const;

    QString m_dir;
    int m_port;
};

} // namespace PlanLens
