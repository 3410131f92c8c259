// SPDX-License-Identifier: MIT
#include "pgconnection.h"
#include "pgmessages.h"

#include <libpq-fe.h>

#include <QCoreApplication>
#include <QPointer>
#include <QRegularExpression>
#include <QSocketNotifier>
#include <QTimer>

#include <cstring>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <poll.h>
#include <sys/socket.h>

#include <thread>

namespace PlanLens {

namespace {

using PgMessages::sentence;
using PgMessages::stripSeverity;

// libpq ignores connect_timeout in the asynchronous API (PQconnectPoll): the application times out itself.
constexpr int kDefaultConnectTimeoutS = 30;
// Longest stretch spent reading an arriving result before the event loop gets the thread back.
constexpr qint64 kReadSliceNs = 8'000'000;

quint64 mix64(quint64 x)
{
    // splitmix64 finaliser: spreads FNV's weak low bits before the hashes are summed
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    x ^= x >> 31;
    return x;
}

} // namespace

quint64 hashRow(const QList<QByteArrayView> &values, const QList<bool> &nulls)
{
    // FNV-1a over (tag, length, bytes) per field: NULL and '' differ, and ('ab','c') differs from ('a','bc').
    quint64 h = 0xcbf29ce484222325ULL;
    auto feed = [&h](unsigned char c) {
        h ^= c;
        h *= 0x100000001b3ULL;
    };
    for (qsizetype i = 0; i < values.size(); ++i) {
        if (nulls.value(i)) {
            feed(0);
            continue;
        }
        feed(1);
        const qsizetype n = values.at(i).size();
        for (int k = 0; k < 4; ++k)
            feed((unsigned char)((n >> (8 * k)) & 0xff));
        for (char c : values.at(i))
            feed((unsigned char)c);
    }
    return mix64(h);
}

QString rowsHashHex(quint64 hash)
{
    return QStringLiteral("%1").arg(hash, 16, 16, QLatin1Char('0'));
}

PgConnection::PgConnection(QObject *parent)
    : QObject(parent)
    , m_connectTimer(new QTimer(this))
    , m_answerTimer(new QTimer(this))
    , m_cancelTimer(new QTimer(this))
{
    qRegisterMetaType<PlanLens::PgResult>();
#ifdef __GLIBC__
    // glibc hands freed heap back to the kernel (trim) and maps big blocks separately (mmap), so every large
    // result page-faults its memory in again: measured at about 100 ms per 12 MB result on a VM, a cost psql
    // does not pay, that would inflate the client-side timings. Keep freed memory in the process instead.
    static const bool tuned = [] {
        mallopt(M_TRIM_THRESHOLD, 256 * 1024 * 1024);
        mallopt(M_MMAP_THRESHOLD, 64 * 1024 * 1024);
        return true;
    }();
    Q_UNUSED(tuned);
#endif
    m_connectTimer->setSingleShot(true);
    connect(m_connectTimer, &QTimer::timeout, this, [this] {
        if (m_state == State::Connecting)
            failConnect(QStringLiteral("The server did not answer within %1 s (connect_timeout).")
                            .arg(m_connectTimer->interval() / 1000),
                        false);
    });
    m_answerTimer->setSingleShot(true);
    connect(m_answerTimer, &QTimer::timeout, this, [this] {
        abandonQuery(QStringLiteral("No answer from the server for %1 s, although a statement ends within its timeout: "
                                    "the network path or the server stalls")
                         .arg(m_answerTimer->interval() / 1000.0));
    });
    m_cancelTimer->setSingleShot(true);
    connect(m_cancelTimer, &QTimer::timeout, this, [this] {
        abandonQuery(QStringLiteral("The server did not answer the cancel request within %1 s")
                         .arg(kCancelAnswerMs / 1000));
    });
}

PgConnection::~PgConnection()
{
    closeConnection();
}

QString PgConnection::checkConninfo(const QString &conninfo)
{
    char *err = nullptr;
    PQconninfoOption *opts = PQconninfoParse(conninfo.toUtf8().constData(), &err);
    if (opts) {
        PQconninfoFree(opts);
        return QString();
    }
    QString msg = err ? QString::fromUtf8(err) : QStringLiteral("out of memory");
    if (err)
        PQfreemem(err);
    return sentence(QStringLiteral("The connection string is not valid: %1").arg(msg.trimmed()));
}

QString PgConnection::withoutPassword(const QString &conninfo)
{
    char *err = nullptr;
    PQconninfoOption *opts = PQconninfoParse(conninfo.toUtf8().constData(), &err);
    if (!opts) {
        if (err)
            PQfreemem(err);
        // Unparseable text is never handed to libpq; drop anything that looks like a password anyway.
        QString s = conninfo;
        s.remove(QRegularExpression(QStringLiteral("password\\s*=\\s*('([^'\\\\]|\\\\.)*'|\\S*)")));
        s.replace(QRegularExpression(QStringLiteral("(://[^:/@?]*):[^@/?]*@")), QStringLiteral("\\1@"));
        return s.simplified();
    }
    bool hasPassword = false;
    for (PQconninfoOption *o = opts; o->keyword; ++o)
        if (std::strcmp(o->keyword, "password") == 0 && o->val)
            hasPassword = true;
    if (!hasPassword) {
        PQconninfoFree(opts);
        return conninfo;
    }
    // Rebuild as key=value pairs, in libpq's order, without the password.
    QStringList parts;
    for (PQconninfoOption *o = opts; o->keyword; ++o) {
        if (!o->val || std::strcmp(o->keyword, "password") == 0)
            continue;
        QString v = QString::fromUtf8(o->val);
        v.replace(u'\\', QStringLiteral("\\\\")).replace(u'\'', QStringLiteral("\\'"));
        const bool quote = v.isEmpty() || v.contains(u' ') || v.contains(u'\'') || v.contains(u'\\');
        parts << QStringLiteral("%1=%2").arg(QString::fromLatin1(o->keyword), quote ? u'\'' + v + u'\'' : v);
    }
    PQconninfoFree(opts);
    return parts.join(u' ');
}

QString PgConnection::readableError(const QString &libpqMessage)
{
    return PgMessages::readable(libpqMessage);
}

void PgConnection::setState(State s)
{
    if (m_state == s)
        return;
    m_state = s;
    emit stateChanged(s);
}

QString PgConnection::description() const
{
    if (m_state != State::Connected || !m_conn)
        return QString();
    const QString where = QStringLiteral("%1:%2").arg(QString::fromUtf8(PQhost(m_conn)), QString::fromUtf8(PQport(m_conn)));
    const int v = m_serverVersion;
    const QString version = v >= 100000 ? QStringLiteral("%1.%2").arg(v / 10000).arg(v % 10000)
                                        : QStringLiteral("%1.%2.%3").arg(v / 10000).arg((v / 100) % 100).arg(v % 100);
    QString ssl;
    if (PQsslInUse(m_conn))
        ssl = QStringLiteral(", SSL");
    return QStringLiteral("%1@%2 on %3 (PostgreSQL %4%5)")
        .arg(QString::fromUtf8(PQuser(m_conn)), QString::fromUtf8(PQdb(m_conn)), where, version, ssl);
}

bool PgConnection::inTransaction() const
{
    if (!m_conn)
        return false;
    const PGTransactionStatusType t = PQtransactionStatus(m_conn);
    return t == PQTRANS_INTRANS || t == PQTRANS_INERROR;
}

void PgConnection::connectToServer(const QString &conninfo, const QString &password)
{
    closeConnection();
    m_hasParameters = true;
    m_notices.clear();
    m_conninfo = withoutPassword(conninfo);
    m_lastError.clear();
    const QString invalid = checkConninfo(conninfo);
    if (!invalid.isEmpty()) {
        setState(State::Connecting);
        // Reported from the event loop like every other outcome, so callers may connect signals after this call.
        QTimer::singleShot(0, this, [this, invalid] { failConnect(invalid, false); });
        return;
    }
    QByteArray info = conninfo.toUtf8();
    QByteArray pass = password.toUtf8();
    const char *keys[] = {"dbname", "fallback_application_name", pass.isEmpty() ? nullptr : "password", nullptr};
    const char *values[] = {info.constData(), "planlens", pass.isEmpty() ? nullptr : pass.constData(), nullptr};
    m_conn = PQconnectStartParams(keys, values, 1);
    // libpq copied both strings; ours are wiped so no copy of the password outlives this call here.
    pass.fill('\0');
    info.fill('\0');
    setState(State::Connecting);
    if (!m_conn) {
        QTimer::singleShot(0, this, [this] { failConnect(QStringLiteral("libpq is out of memory."), false); });
        return;
    }
    if (PQstatus(m_conn) == CONNECTION_BAD) {
        const QString msg = QString::fromUtf8(PQerrorMessage(m_conn));
        QTimer::singleShot(0, this, [this, msg] { failConnect(readableError(msg), false); });
        return;
    }
    startPolling(false);
}

void PgConnection::reconnect()
{
    if (m_state == State::Connecting)
        return;
    if (m_conn && m_state == State::Lost) {
        // PQresetStart reuses every parameter of the lost connection, including a password given earlier.
        dropNotifiers();
        m_queryId = 0;
        if (PQresetStart(m_conn)) {
            m_lastError.clear();
            setState(State::Connecting);
            startPolling(true);
            return;
        }
    }
    connectToServer(m_conninfo);
}

void PgConnection::disconnectFromServer()
{
    closeConnection();
    setState(State::Disconnected);
}

void PgConnection::closeConnection()
{
    dropNotifiers();
    m_connectTimer->stop();
    if (m_conn) {
        PQfinish(m_conn);
        m_conn = nullptr;
    }
    m_queryId = 0;
    m_serverVersion = 0;
}

void PgConnection::startPolling(bool reset)
{
    m_resetting = reset;
    // Notices (and a FATAL that arrives while idle) would go to stderr by default: keep them instead.
    PQsetNoticeProcessor(
        m_conn,
        [](void *self, const char *message) {
            auto *c = static_cast<PgConnection *>(self);
            c->m_notices << QString::fromUtf8(message).trimmed();
            if (c->m_notices.size() > 50)
                c->m_notices.removeFirst();
        },
        this);
    int timeoutS = kDefaultConnectTimeoutS;
    if (PQconninfoOption *opts = PQconninfo(m_conn)) {
        for (PQconninfoOption *o = opts; o->keyword; ++o)
            if (std::strcmp(o->keyword, "connect_timeout") == 0 && o->val && QByteArray(o->val).toInt() > 0)
                timeoutS = std::max(2, QByteArray(o->val).toInt());   // libpq, too, treats 1 as 2
        PQconninfoFree(opts);
    }
    m_connectTimer->start(timeoutS * 1000);
    // libpq's documentation: behave as if the last poll returned PGRES_POLLING_WRITING.
    watchSocket(false, true);
}

void PgConnection::watchSocket(bool read, bool write)
{
    const int fd = m_conn ? PQsocket(m_conn) : -1;
    if (fd != m_socket) {
        // libpq may open a new socket while connecting (next host, SSL or GSS fallback).
        dropNotifiers();
        m_socket = fd;
        if (fd >= 0) {
            m_readNotifier = new QSocketNotifier(fd, QSocketNotifier::Read, this);
            m_writeNotifier = new QSocketNotifier(fd, QSocketNotifier::Write, this);
            connect(m_readNotifier, &QSocketNotifier::activated, this, &PgConnection::onReadable);
            connect(m_writeNotifier, &QSocketNotifier::activated, this, &PgConnection::onWritable);
        }
    }
    if (m_readNotifier)
        m_readNotifier->setEnabled(read);
    if (m_writeNotifier)
        m_writeNotifier->setEnabled(write);
}

void PgConnection::dropNotifiers()
{
    delete m_readNotifier;
    delete m_writeNotifier;
    m_readNotifier = nullptr;
    m_writeNotifier = nullptr;
    m_socket = -1;
}

void PgConnection::poll()
{
    const PostgresPollingStatusType st = m_resetting ? PQresetPoll(m_conn) : PQconnectPoll(m_conn);
    switch (st) {
    case PGRES_POLLING_READING:
        watchSocket(true, false);
        break;
    case PGRES_POLLING_WRITING:
        watchSocket(false, true);
        break;
    case PGRES_POLLING_OK:
        finishConnect();
        break;
    case PGRES_POLLING_FAILED:
    default: {
        const bool needsPassword = PQconnectionNeedsPassword(m_conn);
        failConnect(readableError(QString::fromUtf8(PQerrorMessage(m_conn))), needsPassword);
        break;
    }
    }
}

void PgConnection::finishConnect()
{
    m_connectTimer->stop();
    PQsetnonblocking(m_conn, 1);
    m_serverVersion = PQserverVersion(m_conn);
    m_lastError.clear();
    // Idle, the read notifier stays on: a server that goes away is noticed without waiting for a query.
    watchSocket(true, false);
    setState(State::Connected);
    emit connected();
}

void PgConnection::failConnect(const QString &message, bool needsPassword)
{
    closeConnection();
    m_lastError = needsPassword ? QStringLiteral("The server asks for a password.") : message;
    setState(State::Failed);
    if (needsPassword)
        emit passwordRequired();
    else
        emit connectionFailed(message);
}

void PgConnection::onWritable()
{
    if (m_state == State::Connecting) {
        poll();
        return;
    }
    if (m_flushPending)
        flushOutput();
}

void PgConnection::onReadable()
{
    if (m_state == State::Connecting) {
        poll();
        return;
    }
    if (!m_conn)
        return;
    if (!PQconsumeInput(m_conn)) {
        const QString msg = QString::fromUtf8(PQerrorMessage(m_conn)).trimmed();
        if (m_queryId)
            failQuery(msg);
        else
            checkLostWhileIdle();
        return;
    }
    if (m_queryId) {
        if (m_answerTimer->isActive())
            m_answerTimer->start();   // the server is talking: the stall clock starts again
        if (m_flushPending && !flushOutput())
            return;
        // A large result arrives in hundreds of socket reads. Returning to the event loop after each one costs
        // more than the read itself (psql, blocking, does not pay it): keep reading while data is already
        // waiting, for a slice of a few milliseconds, so the thread still serves its events in between.
        QElapsedTimer slice;
        slice.start();
        while (PQisBusy(m_conn) && slice.nsecsElapsed() < kReadSliceNs) {
            pollfd pfd{PQsocket(m_conn), POLLIN, 0};
            if (::poll(&pfd, 1, 0) <= 0 || !(pfd.revents & POLLIN))
                break;
            if (!PQconsumeInput(m_conn)) {
                failQuery(QString::fromUtf8(PQerrorMessage(m_conn)).trimmed());
                return;
            }
        }
        collectResults();
    } else {
        checkLostWhileIdle();
    }
}

QString PgConnection::lostMessage(const QString &error) const
{
    QString text = error.isEmpty() && m_conn ? QString::fromUtf8(PQerrorMessage(m_conn)) : error;
    // A server that ends the session says why in a FATAL message that arrives, while idle, as a notice.
    if (!m_notices.isEmpty() && m_notices.constLast().startsWith(QStringLiteral("FATAL:")))
        text = m_notices.constLast() + u'\n' + text;
    QStringList parts;
    for (QString line : text.split(u'\n')) {
        line = stripSeverity(line.trimmed());
        while (line.endsWith(u'.'))
            line.chop(1);
        if (line.isEmpty() || parts.contains(line, Qt::CaseInsensitive))
            continue;
        if (!parts.isEmpty())
            line[0] = line.at(0).toLower();
        parts << line;
    }
    return sentence(QStringLiteral("The connection to the server was lost (%1)")
                        .arg(parts.isEmpty() ? QStringLiteral("no reason given") : parts.join(QStringLiteral("; "))));
}

void PgConnection::checkLostWhileIdle()
{
    // Nothing is expected while idle but notices (handled by libpq) and a FATAL before the server closes.
    while (PGresult *r = m_conn && !PQisBusy(m_conn) ? PQgetResult(m_conn) : nullptr)
        PQclear(r);
    if (m_conn && PQstatus(m_conn) == CONNECTION_BAD) {
        dropNotifiers();
        m_lastError = lostMessage(QString());
        setState(State::Lost);
        emit connectionLost(m_lastError);
    }
}

quint64 PgConnection::execute(const PgQuery &query)
{
    if (m_state != State::Connected || !m_conn) {
        m_lastError = m_state == State::Lost ? m_lastError : QStringLiteral("Not connected to a server.");
        return 0;
    }
    if (m_queryId) {
        m_lastError = QStringLiteral("Another query is still running on this connection.");
        return 0;
    }
    m_query = query;
    m_result = PgResult();
    m_result.id = m_queryId = ++m_nextId;
    m_gotResult = false;

    const QByteArray sql = query.sql.toUtf8();
    int sent = 0;
    m_clock.start();
    if (!query.prepareName.isEmpty()) {
        const QByteArray name = query.prepareName.toUtf8();
        const QList<unsigned int> &types = query.prepareTypes;
        sent = PQsendPrepare(m_conn, name.constData(), sql.constData(), int(types.size()),
                             types.isEmpty() ? nullptr : reinterpret_cast<const Oid *>(types.constData()));
    } else if (query.params.isEmpty()) {
        // Simple protocol, as psql sends a statement.
        sent = PQsendQuery(m_conn, sql.constData());
    } else {
        const int n = int(query.params.size());
        QList<Oid> types(n);
        QList<const char *> values(n);
        for (int i = 0; i < n; ++i) {
            types[i] = query.params.at(i).typeOid;
            values[i] = query.params.at(i).isNull ? nullptr : query.params.at(i).value.constData();
        }
        sent = PQsendQueryParams(m_conn, sql.constData(), n, types.constData(), values.constData(), nullptr, nullptr, 0);
    }
    if (!sent) {
        const QString msg = QString::fromUtf8(PQerrorMessage(m_conn)).trimmed();
        const quint64 id = m_queryId;
        QTimer::singleShot(0, this, [this, id, msg] {
            if (id == m_queryId)
                failQuery(msg);
        });
        return id;
    }
    if (query.streamRows && !PQsetSingleRowMode(m_conn))
        m_query.streamRows = false;   // libpq refused: the whole result arrives at once, as for any query
    watchSocket(true, false);
    const int f = PQflush(m_conn);
    if (f < 0) {
        const QString msg = QString::fromUtf8(PQerrorMessage(m_conn)).trimmed();
        const quint64 id = m_queryId;
        QTimer::singleShot(0, this, [this, id, msg] {
            if (id == m_queryId)
                failQuery(msg);
        });
        return id;
    }
    m_flushPending = f == 1;
    if (m_writeNotifier)
        m_writeNotifier->setEnabled(m_flushPending);
    if (query.answerTimeoutMs > 0)
        m_answerTimer->start(query.answerTimeoutMs);
    return m_queryId;
}

bool PgConnection::flushOutput()
{
    const int f = PQflush(m_conn);
    if (f < 0) {
        failQuery(QString::fromUtf8(PQerrorMessage(m_conn)).trimmed());
        return false;
    }
    m_flushPending = f == 1;
    if (m_writeNotifier)
        m_writeNotifier->setEnabled(m_flushPending);
    return true;
}

void PgConnection::collectResults()
{
    while (m_conn && m_queryId && !PQisBusy(m_conn)) {
        PGresult *r = PQgetResult(m_conn);
        if (!r) {
            finishQuery();
            return;
        }
        absorbResult(r);
        PQclear(r);
    }
}

void PgConnection::absorbResult(PGresult *r)
{
    const ExecStatusType st = PQresultStatus(r);
    if (!m_gotResult && st != PGRES_SINGLE_TUPLE) {
        // psql's \timing stops when the complete result is in memory: so do we, before hashing the rows. A
        // streamed result (PgQuery::streamRows) is complete at its last, empty result: its clock includes the
        // hashing of each row as it came.
        m_result.elapsedMs = double(m_clock.nsecsElapsed()) / 1e6;
        m_gotResult = true;
    }
    // Streamed rows come one result per row, then an empty one: counts, hashes and kept rows add up.
    const bool accumulate = m_query.streamRows;
    switch (st) {
    case PGRES_TUPLES_OK:
    case PGRES_SINGLE_TUPLE:
    case PGRES_COMMAND_OK:
    case PGRES_EMPTY_QUERY: {
        if (!m_result.error.isEmpty())
            return;   // the first error wins (multi-statement simple query)
        m_result.ok = true;
        m_result.commandStatus = QString::fromUtf8(PQcmdStatus(r));
        if (st == PGRES_TUPLES_OK || st == PGRES_SINGLE_TUPLE) {
            const int nrows = PQntuples(r);
            const int ncols = PQnfields(r);
            m_result.returnedRows = true;
            m_result.rows = accumulate ? m_result.rows + nrows : nrows;
            if (!accumulate || m_result.columns.isEmpty()) {
                m_result.columns.clear();
                for (int c = 0; c < ncols; ++c)
                    m_result.columns << QString::fromUtf8(PQfname(r, c));
            }
            if (m_query.hashRows) {
                QList<QByteArrayView> vals(ncols);
                QList<bool> nulls(ncols);
                quint64 sum = 0;
                for (int row = 0; row < nrows; ++row) {
                    for (int c = 0; c < ncols; ++c) {
                        nulls[c] = PQgetisnull(r, row, c);
                        vals[c] = QByteArrayView(PQgetvalue(r, row, c), PQgetlength(r, row, c));
                    }
                    sum += hashRow(vals, nulls);
                }
                m_result.rowsHash = accumulate ? m_result.rowsHash + sum : sum;
            }
            auto cell = [r](int row, int c) -> std::optional<QString> {
                if (PQgetisnull(r, row, c))
                    return std::nullopt;
                return QString::fromUtf8(PQgetvalue(r, row, c), PQgetlength(r, row, c));
            };
            if (m_query.keepFirstColumn && ncols > 0) {
                if (!accumulate)
                    m_result.firstColumn.clear();
                m_result.firstColumn.reserve(nrows);
                for (int row = 0; row < nrows; ++row)
                    m_result.firstColumn << cell(row, 0);
            }
            if (m_query.keepRows) {
                if (!accumulate)
                    m_result.values.clear();
                for (int row = 0; row < nrows; ++row) {
                    PgRow line;
                    for (int c = 0; c < ncols; ++c)
                        line << cell(row, c);
                    m_result.values << line;
                }
            }
        } else {
            m_result.returnedRows = false;
            m_result.rows = QByteArray(PQcmdTuples(r)).toLongLong();
        }
        return;
    }
    case PGRES_COPY_IN:
        // COPY is refused before running; should one slip through, end it instead of waiting forever.
        PQputCopyEnd(m_conn, "PlanLens does not send COPY data");
        return;
    case PGRES_COPY_OUT: {
        char *buf = nullptr;
        while (PQgetCopyData(m_conn, &buf, 1) > 0)
            PQfreemem(buf);
        return;
    }
    default: {
        if (!m_result.error.isEmpty())
            return;
        m_result.ok = false;
        int position = 0;
        QString state;
        m_result.error = PgMessages::resultError(r, &position, &state);
        m_result.errorPosition = position;
        m_result.sqlState = state;
        if (state == u"57014") {
            const QString primary = QString::fromUtf8(PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY));
            m_result.timedOut = primary.contains(QStringLiteral("statement timeout"));
            m_result.cancelled = !m_result.timedOut;
        }
        return;
    }
    }
}

void PgConnection::failQuery(const QString &message)
{
    if (!m_queryId)
        return;
    m_result.ok = false;
    if (m_result.error.isEmpty())
        m_result.error = stripSeverity(message);
    finishQuery();
}

void PgConnection::finishQuery()
{
    if (!m_gotResult)
        m_result.elapsedMs = double(m_clock.nsecsElapsed()) / 1e6;
    m_flushPending = false;
    m_answerTimer->stop();
    m_cancelTimer->stop();
    const bool lost = !m_conn || PQstatus(m_conn) == CONNECTION_BAD;
    PgResult result = m_result;
    const quint64 id = m_queryId;
    m_queryId = 0;
    m_query = PgQuery();
    m_result = PgResult();
    if (lost) {
        result.ok = false;
        result.connectionLost = true;
        result.error = m_abandonReason.isEmpty()
            ? lostMessage(result.error)
            : sentence(m_abandonReason + QStringLiteral("; PlanLens closed the connection"));
        m_abandonReason.clear();
        dropNotifiers();
        m_lastError = result.error;
        setState(State::Lost);
    } else if (m_writeNotifier) {
        m_writeNotifier->setEnabled(false);
    }
    emit queryFinished(id, result);
    if (lost)
        emit connectionLost(result.error);
}

void PgConnection::cancelQuery()
{
    if (!m_conn || !m_queryId || m_cancelling)
        return;
    PGcancel *cancel = PQgetCancel(m_conn);
    if (!cancel) {
        emit cancelFinished(false, QStringLiteral("libpq could not prepare a cancel request."));
        return;
    }
    m_cancelling = true;
    m_cancelTimer->start(kCancelAnswerMs);
    // PQcancel opens a connection of its own and waits until the server closes it, with no timeout of its own:
    // on a stalled network path that is forever. So it runs on a thread of its own that nobody waits for (not the
    // shared pool, not at exit); its answer comes back through the event loop, and only if still wanted.
    const quint64 generation = ++m_cancelGeneration;
    QPointer<PgConnection> self(this);
    std::thread([cancel, self, generation] {
        char buf[256] = {};
        const int ok = PQcancel(cancel, buf, int(sizeof buf));
        PQfreeCancel(cancel);
        const QString err = ok ? QString() : QStringLiteral("The cancel request failed: %1").arg(QString::fromUtf8(buf));
        if (QCoreApplication *app = QCoreApplication::instance())
            QMetaObject::invokeMethod(app, [self, generation, err] {
                if (self && self->m_cancelGeneration == generation && self->m_cancelling) {
                    self->m_cancelling = false;
                    emit self->cancelFinished(err.isEmpty(), err.isEmpty() ? err : sentence(err));
                }
            }, Qt::QueuedConnection);
    }).detach();
}

void PgConnection::abandonQuery(const QString &why)
{
    if (!m_conn || !m_queryId)
        return;
    m_abandonReason = why;
    if (m_cancelling) {
        // The cancel's thread may never return: its answer is no longer wanted.
        m_cancelling = false;
        ++m_cancelGeneration;
        emit cancelFinished(false, sentence(why));
    }
    // libpq finds the end of the connection on its next read, and finishQuery() reports it as lost with `why`.
    ::shutdown(PQsocket(m_conn), SHUT_RDWR);
    onReadable();
}

} // namespace PlanLens
