// SPDX-License-Identifier: MIT
#include "stallproxy.h"

#include <QFileInfo>
#include <QLocalSocket>
#include <QTcpServer>
#include <QTcpSocket>

namespace PlanLens::Test {

struct StallProxy::Pair {
    QTcpSocket *client = nullptr;
    QLocalSocket *server = nullptr;
    QByteArray toServer;   // held back while stalled, or while the server side is still connecting
    QByteArray toClient;
};

StallProxy::StallProxy(QObject *parent)
    : QObject(parent)
    , m_server(new QTcpServer(this))
{
    connect(m_server, &QTcpServer::newConnection, this, &StallProxy::onNewConnection);
}

StallProxy::~StallProxy()
{
    const QList<std::shared_ptr<Pair>> pairs = m_pairs;
    for (const std::shared_ptr<Pair> &p : pairs)
        close(p);
}

bool StallProxy::listen(const QString &socketPath, QString *error)
{
    m_socketPath = socketPath;
    if (!QFileInfo::exists(socketPath)) {
        *error = QStringLiteral("no server socket at %1").arg(socketPath);
        return false;
    }
    if (!m_server->listen(QHostAddress::LocalHost, 0)) {
        *error = m_server->errorString();
        return false;
    }
    return true;
}

quint16 StallProxy::port() const
{
    return m_server->serverPort();
}

void StallProxy::setStalled(bool stalled)
{
    m_stalled = stalled;
    if (stalled)
        return;
    const QList<std::shared_ptr<Pair>> pairs = m_pairs;
    for (const std::shared_ptr<Pair> &p : pairs)
        pump(*p);
}

void StallProxy::onNewConnection()
{
    while (QTcpSocket *client = m_server->nextPendingConnection()) {
        auto p = std::make_shared<Pair>();
        p->client = client;
        p->server = new QLocalSocket(this);
        client->setParent(this);
        m_pairs << p;
        // The lambdas hold the pair; close() disconnects them before the sockets go.
        connect(client, &QTcpSocket::readyRead, this, [this, p] {
            p->toServer += p->client->readAll();
            pump(*p);
        });
        connect(p->server, &QLocalSocket::readyRead, this, [this, p] {
            p->toClient += p->server->readAll();
            pump(*p);
        });
        connect(p->server, &QLocalSocket::connected, this, [this, p] { pump(*p); });
        connect(client, &QTcpSocket::disconnected, this, [this, p] { close(p); });
        connect(p->server, &QLocalSocket::disconnected, this, [this, p] { close(p); });
        p->server->connectToServer(m_socketPath);
    }
}

void StallProxy::close(const std::shared_ptr<Pair> &p)
{
    if (!m_pairs.removeOne(p))
        return;
    // One side went away: the other goes too (what a relay does), with nothing of ours still listening.
    disconnect(p->client, nullptr, this, nullptr);
    disconnect(p->server, nullptr, this, nullptr);
    p->client->abort();
    p->server->abort();
    p->client->deleteLater();
    p->server->deleteLater();
}

void StallProxy::pump(Pair &p)
{
    if (m_stalled)
        return;
    if (!p.toServer.isEmpty() && p.server->state() == QLocalSocket::ConnectedState) {
        p.server->write(p.toServer);
        p.toServer.clear();
    }
    if (!p.toClient.isEmpty()) {
        p.client->write(p.toClient);
        p.toClient.clear();
    }
}

} // namespace PlanLens::Test
