// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QRegularExpression>
#include <QString>

namespace PlanLens::TestSupport {

// auto_explain headers in a log, counted with a regular expression instead of the reader: the figure the log
// reader (tst_logreader) and `planlens scan` (tst_scancli) must find.
inline int countAutoExplainHeaders(const QByteArray &log)
{
    static const QRegularExpression re(QStringLiteral("duration: [0-9.]+ ms  plan:"));
    int n = 0;
    for (auto it = re.globalMatch(QString::fromUtf8(log)); it.hasNext(); it.next())
        ++n;
    return n;
}

} // namespace PlanLens::TestSupport
