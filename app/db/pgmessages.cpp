// SPDX-License-Identifier: MIT
#include "pgmessages.h"

#include <libpq-fe.h>

#include <QRegularExpression>
#include <QStringList>

namespace PlanLens::PgMessages {

QString sentence(QString s)
{
    s = s.simplified();
    while (s.endsWith(u'.') || s.endsWith(u':') || s.endsWith(u';'))
        s.chop(1);
    if (s.isEmpty())
        return s;
    s[0] = s.at(0).toUpper();
    if (!s.endsWith(u'?') && !s.endsWith(u'!'))
        s += u'.';
    return s;
}

QString stripSeverity(QString line)
{
    static const QRegularExpression severity(QStringLiteral("^(FATAL|ERROR|PANIC|WARNING):\\s+"));
    return line.remove(severity);
}

QString resultError(const pg_result *r, int *position, QString *sqlState)
{
    const char *primary = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);
    if (!primary) {
        // libpq's own errors (connection lost, out of memory) carry no fields, only the message
        return QString::fromUtf8(PQresultErrorMessage(r)).trimmed();
    }
    QString msg = QString::fromUtf8(primary);
    if (const char *detail = PQresultErrorField(r, PG_DIAG_MESSAGE_DETAIL))
        msg += QStringLiteral(" (%1)").arg(QString::fromUtf8(detail).trimmed().remove(QRegularExpression(QStringLiteral("\\.$"))));
    if (const char *hint = PQresultErrorField(r, PG_DIAG_MESSAGE_HINT))
        msg += QStringLiteral(". Hint: %1").arg(QString::fromUtf8(hint).trimmed());
    if (const char *pos = PQresultErrorField(r, PG_DIAG_STATEMENT_POSITION))
        *position = QByteArray(pos).toInt();
    if (const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE))
        *sqlState = QString::fromLatin1(state);
    return msg;
}

QString readable(const QString &libpqMessage)
{
    static const QRegularExpression segmentStart(QStringLiteral("(^|\\n)connection to server "));
    static const QRegularExpression head(
        QStringLiteral("^connection to server (on socket \"([^\"]*)\"|at \"([^\"]*)\"(?: \\(([^)]*)\\))?, port (\\d+)) failed:\\s*"));

    QString text = libpqMessage;
    text.replace(QStringLiteral("\r"), QString());
    // One segment per host libpq tried.
    QStringList segments;
    int from = 0;
    for (auto it = segmentStart.globalMatch(text); it.hasNext();) {
        const auto m = it.next();
        const int at = int(m.capturedStart()) + (m.captured(1).isEmpty() ? 0 : 1);
        if (at > from)
            segments << text.mid(from, at - from);
        from = at;
    }
    segments << text.mid(from);

    QStringList reasons;
    for (const QString &seg : std::as_const(segments)) {
        QString s = seg.trimmed();
        if (s.isEmpty())
            continue;
        QString where;
        bool serverSaid = false;
        const auto m = head.match(s);
        if (m.hasMatch()) {
            where = m.captured(2).isEmpty() ? QStringLiteral("%1 port %2").arg(m.captured(3), m.captured(5))
                                            : QStringLiteral("socket \"%1\"").arg(m.captured(2));
            s = s.mid(m.capturedLength());
        }
        QStringList lines;
        for (QString line : s.split(u'\n')) {
            line = line.trimmed();
            if (line.isEmpty())
                continue;
            if (line.startsWith(QStringLiteral("FATAL:")) || line.startsWith(QStringLiteral("ERROR:")))
                serverSaid = true;
            lines << stripSeverity(line);
        }
        QString reason;
        if (s.contains(QStringLiteral("fe_sendauth: no password supplied"))) {
            reason = QStringLiteral("the server asks for a password and none was given");
        } else if (serverSaid || where.isEmpty()) {
            // The server's own sentence ("database "x" does not exist") says it all.
            reason = lines.join(u' ');
        } else {
            // A socket-level failure: say where, then the system's reason and libpq's hint.
            const QString first = lines.value(0);
            const QString hint = lines.mid(1).join(u' ');
            reason = QStringLiteral("could not connect to the server on %1 (%2)").arg(where, first);
            if (!hint.isEmpty()) {
                QString h = hint;
                h[0] = h.at(0).toLower();
                reason += QStringLiteral(": ") + h;
            }
        }
        reason = reason.simplified();
        while (reason.endsWith(u'.'))
            reason.chop(1);
        if (!reason.isEmpty() && !reasons.contains(reason))
            reasons << reason;
    }
    if (reasons.isEmpty())
        return QStringLiteral("The connection failed for an unknown reason.");
    return sentence(reasons.join(QStringLiteral("; ")));
}

} // namespace PlanLens::PgMessages
