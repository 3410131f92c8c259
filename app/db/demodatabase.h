// SPDX-License-Identifier: MIT
#pragma once

#include "localcluster.h"

#include <QString>
#include <QStringList>

#include <functional>

namespace PlanLens {

// The embedded default: a LocalCluster with the two seed incidents loaded, in the user's data directory.
// The databases are generated once (deterministic data, see resources/demo/) and reused afterwards.
class DemoDatabase
{
public:
    // Bump when resources/demo/*.sql change: a cluster with an older version is regenerated.
    static constexpr int kVersion = 2;
    static QStringList databases() { return {QStringLiteral("tracks"), QStringLiteral("projects")}; }

    // $PLANLENS_DEMO_DIR, else AppDataLocation/demo. As root, /var/lib/planlens/demo: PostgreSQL runs as the
    // `postgres` user, which cannot enter /root.
    static QString defaultDir();

    explicit DemoDatabase(const QString &dir = defaultDir());

    // Starts the cluster and loads any database that is missing or older than kVersion.
    bool ensureReady(QString *error, const std::function<void(const QString &)> &progress = {});
    bool stop(QString *error);
    bool remove(QString *error);
    bool isRunning() const { return m_cluster.isRunning(); }
    bool isLoaded() const;                         // every database present at kVersion
    QString conninfo(const QString &db = QStringLiteral("tracks")) const { return m_cluster.conninfo(db); }
    const LocalCluster &cluster() const { return m_cluster; }

    // The example pairs shipped in resources/demo/: name → (title, before SQL, after SQL, database).
    struct Example {
        QString id;
        QString title;
        QString database;
        QString beforeSql;
        QString afterSql;
    };
    static QList<Example> examples();

private:
    int loadedVersion(const QString &db) const;
    LocalCluster m_cluster;
};

} // namespace PlanLens
