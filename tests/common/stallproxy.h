// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QObject>
#include <QString>

#include <memory>

class QTcpServer;

namespace PlanLens::Test {

// A TCP front for a PostgreSQL server that listens on a Unix socket only (the test clusters do): every client
// connection to 127.0.0.1:port() is relayed to the socket. setStalled(true) makes the path stop answering the way
// a dead network does: connections stay open, bytes in either direction are held back (new connections, cancel
// requests included); setStalled(false) lets them through again. Lives on the test's thread: it relays while the
// test waits in an event loop (QSignalSpy::wait, QTRY_*).
class StallProxy : public QObject
{
    Q_OBJECT
public:
    explicit StallProxy(QObject *parent = nullptr);
    ~StallProxy() override;
    // socketPath: the server's socket file, e.g. <dir>/.s.PGSQL.<port>.
    bool listen(const QString &socketPath, QString *error);
    quint16 port() const;
    void setStalled(bool stalled);
    bool isStalled() const { return m_stalled; }
    int connectionCount() const { return int(m_pairs.size()); }

private:
    struct Pair;
    void onNewConnection();
    void pump(Pair &pair);
    void close(const std::shared_ptr<Pair> &pair);

    QTcpServer *m_server = nullptr;
    QString m_socketPath;
    bool m_stalled = false;
    QList<std::shared_ptr<Pair>> m_pairs;
};

} // namespace PlanLens::Test
