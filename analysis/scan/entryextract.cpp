// SPDX-License-Identifier: MIT
#include "entryextract.h"
#include "logsplitter.h"

#include "plan/planparser.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <optional>

namespace PlanLens {

bool extractEntry(ChunkSource &source, qint64 offset, ExtractedEntry *out, QString *error)
{
    std::optional<LogEntry> found;
    // No size limit: the user asked for this entry, and it is only one.
    LogSplitter splitter(0, [&](LogEntry &&e) {
        if (!found && e.offset == offset)
            found = std::move(e);
    }, {}, qsizetype(1) << 40);
    QByteArray buffer(1 << 20, Qt::Uninitialized);
    while (!found) {
        const qint64 n = source.read(buffer.data(), buffer.size());
        if (n < 0) {
            *error = QStringLiteral("the input cannot be read up to byte %1: %2").arg(offset).arg(source.errorString());
            return false;
        }
        if (n == 0) {
            splitter.finish();
            break;
        }
        splitter.feed(QByteArrayView(buffer.constData(), n));
    }
    if (!found) {
        *error = QStringLiteral("no auto_explain entry starts at byte %1 any more: was the log rewritten since the scan?")
                     .arg(offset);
        return false;
    }
    QString text;
    if (found->format == LogFormat::Json) {
        const QByteArray message = QJsonDocument::fromJson(found->body).object().value(QStringLiteral("message")).toString().toUtf8();
        qsizetype planStart = 0;
        const std::optional<double> d = autoExplainHeader(message, &planStart);
        if (!d) {
            *error = QStringLiteral("the jsonlog record at byte %1 holds no auto_explain plan").arg(offset);
            return false;
        }
        out->durationMs = *d;
        text = QString::fromUtf8(QByteArrayView(message).sliced(planStart));
    } else {
        out->durationMs = found->durationMs.value_or(0);
        text = QString::fromUtf8(found->body);
    }
    out->planText = text.trimmed();
    const Result<Plan> parsed = parsePlan(text);
    out->queryText = isError(parsed) ? QString() : std::get<Plan>(parsed).queryText.trimmed();
    return true;
}

} // namespace PlanLens
