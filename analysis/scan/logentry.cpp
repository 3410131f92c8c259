// SPDX-License-Identifier: MIT
#include "logentry.h"

#include <QString>

namespace PlanLens {

QString logFormatName(LogFormat format)
{
    switch (format) {
    case LogFormat::Stderr: return QStringLiteral("stderr");
    case LogFormat::Csv: return QStringLiteral("csvlog");
    case LogFormat::Json: return QStringLiteral("jsonlog");
    case LogFormat::PlainPlan: return QStringLiteral("plan");
    case LogFormat::Unknown: break;
    }
    return QStringLiteral("unknown");
}

ScanCounts &ScanCounts::operator+=(const ScanCounts &o)
{
    entries += o.entries;
    plans += o.plans;
    filtered += o.filtered;
    otherLines += o.otherLines;
    truncated += o.truncated;
    interleaved += o.interleaved;
    invalidUtf8 += o.invalidUtf8;
    oversized += o.oversized;
    badRecords += o.badRecords;
    unparsable += o.unparsable;
    unreadable += o.unreadable;
    return *this;
}

QJsonObject ScanCounts::badToJson() const
{
    return QJsonObject{
        {QStringLiteral("truncated"), double(truncated)},
        {QStringLiteral("interleaved"), double(interleaved)},
        {QStringLiteral("invalid_utf8"), double(invalidUtf8)},
        {QStringLiteral("oversized"), double(oversized)},
        {QStringLiteral("bad_record"), double(badRecords)},
        {QStringLiteral("unparsable"), double(unparsable)},
        {QStringLiteral("unreadable"), double(unreadable)},
    };
}

} // namespace PlanLens
