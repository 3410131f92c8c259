// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QElapsedTimer>
#include <QList>
#include <QMetaType>
#include <QObject>
#include <QString>
#include <QStringList>

#include <optional>

class QSocketNotifier;
class QTimer;
struct pg_conn;
struct pg_result;

namespace PlanLens {

// One query parameter, sent in text format. typeOid 0 lets the server infer the type from the context
// (`= ANY($1)` makes it an array of the column's type).
struct PgParam {
    QByteArray value;
    bool isNull = false;
    unsigned int typeOid = 0;
};

using PgRow = QList<std::optional<QString>>;   // std::nullopt is SQL NULL

// What to do with the rows of a result. Counting is always done.
struct PgQuery {
    QString sql;
    QList<PgParam> params;         // non-empty: sent with PQsendQueryParams (extended protocol)
    QString prepareName;           // non-empty: PQsendPrepare(prepareName, sql) instead of running it
    QList<unsigned int> prepareTypes;   // parameter type OIDs for prepareName (0 = infer)
    bool hashRows = false;         // compute PgResult::rowsHash
    bool keepFirstColumn = false;  // fill PgResult::firstColumn
    bool keepRows = false;         // fill PgResult::values (small results only: EXPLAIN, SHOW, ...)
    // > 0: when not a byte comes from the server for this long, the connection is closed and the query ends as
    // connectionLost with a message that says so (a stalled network path never hangs the caller). Callers set it
    // above their statement_timeout: a healthy server answers within that.
    int answerTimeoutMs = 0;
    // Rows arrive one at a time (libpq's single-row mode) and are counted, hashed and dropped as they come, so a
    // result of millions of rows never sits in memory. Slower per row: for results known to be huge.
    bool streamRows = false;
};

// The outcome of one PgQuery, as a value. A query string with several statements (simple protocol) reports
// the last result; the first error wins.
struct PgResult {
    quint64 id = 0;                // PgConnection::execute's return value
    bool ok = false;
    QString error;                 // one readable sentence (message, detail, hint), empty when ok
    QString sqlState;              // five-character SQLSTATE of the error, e.g. 57014
    int errorPosition = 0;         // 1-based character position in the statement, 0 when not given
    bool connectionLost = false;   // the server went away (PQstatus() became CONNECTION_BAD)
    bool cancelled = false;        // 57014 "canceling statement due to user request"
    bool timedOut = false;         // 57014 "canceling statement due to statement timeout"
    QString commandStatus;         // "SELECT 3", "DELETE 0", ...
    bool returnedRows = false;     // the statement returned a row set (PGRES_TUPLES_OK)
    qint64 rows = 0;               // rows returned, or rows affected when no row set came back
    quint64 rowsHash = 0;          // order-insensitive: sum mod 2^64 of a 64-bit hash of each row
    QStringList columns;
    QList<PgRow> values;           // keepRows
    PgRow firstColumn;             // keepFirstColumn
    double elapsedMs = 0;          // client-side: from sending the query until the complete result arrived
};

// 64-bit hash of one row's values, NULL distinct from ''. Rows hashes are added (mod 2^64) so that the
// order of rows does not matter while duplicates still count (a XOR would cancel them).
quint64 hashRow(const QList<QByteArrayView> &values, const QList<bool> &nulls);
QString rowsHashHex(quint64 hash);

// An asynchronous libpq connection that lives on the thread that created it (the GUI thread) and never
// blocks it: PQconnectStartParams/PQconnectPoll to connect, PQsendQuery* to run, a QSocketNotifier on
// PQsocket() to drive PQconsumeInput/PQisBusy/PQgetResult. One query at a time.
//
// Connection strings and URIs are handed to libpq unchanged (expand_dbname), so PG* environment variables,
// service files, .pgpass and every sslmode behave as in psql. A password is passed to libpq for one
// connect call and then dropped: this class never keeps it (libpq's PGconn holds it for PQreset only).
class PgConnection : public QObject
{
    Q_OBJECT
public:
    enum class State {
        Disconnected,    // never connected, or closed
        Connecting,
        Connected,       // ready for a query (or running one: see isBusy())
        Failed,          // the last connection attempt failed (lastError())
        Lost,            // the server went away; reconnect() restores the same parameters
    };
    Q_ENUM(State)

    explicit PgConnection(QObject *parent = nullptr);
    ~PgConnection() override;

    // Empty when libpq accepts the conninfo string or URI, else a readable sentence (PQconninfoParse).
    static QString checkConninfo(const QString &conninfo);
    // The conninfo without its password: what may be saved (settings, sessions, window titles).
    // Text without a password is returned unchanged.
    static QString withoutPassword(const QString &conninfo);
    // libpq's error message as one sentence: "connection to server on socket ... failed:" and "FATAL:"
    // prefixes dropped, the reason and libpq's hint kept.
    static QString readableError(const QString &libpqMessage);

    // Starts connecting; reports connected(), connectionFailed() or passwordRequired(). A non-empty password
    // overrides the conninfo's and is not kept after this call.
    void connectToServer(const QString &conninfo, const QString &password = QString());
    // After a failure or a lost connection: connects again with the same parameters (PQresetStart for a
    // lost connection, so a password given earlier is reused by libpq without being stored here).
    void reconnect();
    void disconnectFromServer();

    State state() const { return m_state; }
    bool isConnected() const { return m_state == State::Connected; }
    bool isBusy() const { return m_queryId != 0; }
    QString conninfo() const { return m_conninfo; }   // always without password
    // connectToServer() was called at least once (an empty conninfo is valid: PG* variables).
    bool hasParameters() const { return m_hasParameters; }
    // An open transaction on the server (left by a run that was abandoned mid-way).
    bool inTransaction() const;
    QString lastError() const { return m_lastError; }
    int serverVersion() const { return m_serverVersion; }   // e.g. 150004, 0 when not connected
    // "postgres@tracks on /tmp/x:5432 (PostgreSQL 15.4)" for the status bar; empty when not connected.
    QString description() const;

    // Sends one query. Returns its id (> 0), or 0 when not connected or busy (lastError() says why).
    // The outcome always arrives as queryFinished(id, result), never synchronously.
    quint64 execute(const PgQuery &query);
    // Asks the server to cancel the running query (PQcancel, on a pool thread because it opens a second
    // connection). The query then finishes with PgResult::cancelled; cancelFinished() follows.
    void cancelQuery();
    bool isCancelling() const { return m_cancelling; }
    // Gives up on the query in flight: the socket is shut, libpq sees the connection end, and the query finishes
    // as connectionLost with `why` as its message (state Lost; reconnect() keeps every connection parameter).
    // Also what cancelQuery() does when the cancel is not answered within kCancelAnswerMs.
    void abandonQuery(const QString &why);
    static constexpr int kCancelAnswerMs = 3000;
    // Server notices (NOTICE, WARNING) received so far, the latest 50.
    QStringList notices() const { return m_notices; }

signals:
    void stateChanged(PlanLens::PgConnection::State state);
    void connected();
    void connectionFailed(const QString &message);
    void passwordRequired();
    void connectionLost(const QString &message);
    void queryFinished(quint64 id, const PlanLens::PgResult &result);
    void cancelFinished(bool requestSent, const QString &error);

private:
    void setState(State s);
    void startPolling(bool reset);
    void poll();
    void finishConnect();
    void failConnect(const QString &message, bool needsPassword);
    void watchSocket(bool read, bool write);
    void dropNotifiers();
    void onReadable();
    void onWritable();
    bool flushOutput();
    void collectResults();
    void absorbResult(pg_result *r);
    void finishQuery();
    void failQuery(const QString &message);
    void checkLostWhileIdle();
    QString lostMessage(const QString &error) const;
    void closeConnection();

    pg_conn *m_conn = nullptr;
    State m_state = State::Disconnected;
    QString m_conninfo;
    QString m_lastError;
    int m_serverVersion = 0;
    bool m_resetting = false;
    bool m_hasParameters = false;

    int m_socket = -1;
    QSocketNotifier *m_readNotifier = nullptr;
    QSocketNotifier *m_writeNotifier = nullptr;
    QTimer *m_connectTimer = nullptr;
    QTimer *m_answerTimer = nullptr;   // PgQuery::answerTimeoutMs, restarted by every byte that arrives
    QTimer *m_cancelTimer = nullptr;   // kCancelAnswerMs after a cancel request
    QString m_abandonReason;
    quint64 m_cancelGeneration = 0;

    quint64 m_nextId = 0;
    quint64 m_queryId = 0;
    PgQuery m_query;
    PgResult m_result;
    bool m_gotResult = false;
    bool m_flushPending = false;
    QElapsedTimer m_clock;
    bool m_cancelling = false;
    QStringList m_notices;
};

} // namespace PlanLens

Q_DECLARE_METATYPE(PlanLens::PgResult)
