// SPDX-License-Identifier: MIT
#include "entryanalysis.h"
#include "logsplitter.h"

#include "detect/detectors.h"
#include "plan/planparser.h"
#include "rewrite/rewrite.h"
#include "rewrite/rewriteproposals.h"
#include "sql/sqlscript.h"

#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringDecoder>

#include <algorithm>
#include <memory>
#include <optional>

namespace PlanLens {

namespace {

constexpr quint64 kFnvOffset = 14695981039346656037ull;
constexpr quint64 kFnvPrime = 1099511628211ull;

void fnv(quint64 &h, QStringView s)
{
    for (const QChar c : s) {
        h ^= c.unicode();
        h *= kFnvPrime;
    }
    h ^= 0xFFFF;   // separator, so "ab"+"c" differs from "a"+"bc"
    h *= kFnvPrime;
}

QString decode(QByteArrayView bytes, bool *invalid)
{
    QStringDecoder decoder(QStringDecoder::Utf8, QStringConverter::Flag::Stateless);
    QString text = decoder(bytes);
    *invalid = decoder.hasError();
    return text;
}

// The parsed Query Text and its fingerprint, or no script when it does not parse.
struct ParsedQuery {
    std::optional<SqlScript> script;
    QString fingerprint;
};

// libpg_query's parse is about half of an entry's analysis, and logs repeat the same text (prepared statements
// log "$1", not the value). A pure function of the text, so a per-thread cache changes no result. Bounded: cleared
// when full, and long texts are not kept (at most 256 × 16 k characters per thread).
constexpr qsizetype kQueryCacheEntries = 256;
constexpr qsizetype kQueryCacheMaxChars = 16 << 10;

std::shared_ptr<const ParsedQuery> parseQuery(const QString &queryText)
{
    thread_local QHash<QString, std::shared_ptr<const ParsedQuery>> cache;
    if (const auto it = cache.constFind(queryText); it != cache.cend())
        return it.value();
    auto parsed = std::make_shared<ParsedQuery>();
    Result<SqlScript> s = parseSqlScript(queryText);
    if (!isError(s) && !std::get<SqlScript>(s).statements.isEmpty()) {
        parsed->script = std::move(std::get<SqlScript>(s));
        parsed->fingerprint = parsed->script->statements.size() == 1 ? parsed->script->statements.first().fingerprint
                                                                     : sqlFingerprint(queryText);
    }
    if (queryText.size() <= kQueryCacheMaxChars) {
        if (cache.size() >= kQueryCacheEntries)
            cache.clear();
        cache.insert(queryText, parsed);
    }
    return parsed;
}

QStringList sortedUnique(QStringList list)
{
    std::sort(list.begin(), list.end());
    list.erase(std::unique(list.begin(), list.end()), list.end());
    return list;
}

} // namespace

quint64 planShapeHash(const Plan &plan)
{
    quint64 h = kFnvOffset;
    for (const PlanNode &n : plan.nodes) {   // pre-order: depth first
        fnv(h, QString::number(n.depth));
        fnv(h, n.nodeType);
        fnv(h, n.relationName);
    }
    return h;
}

EntryResult analyzeEntry(const LogEntry &entry)
{
    EntryResult r;
    r.input = entry.input;
    r.offset = entry.offset;

    QString text;
    std::optional<double> duration = entry.durationMs;
    if (entry.format == LogFormat::Json) {
        bool invalid = false;
        (void)decode(entry.body, &invalid);
        r.invalidUtf8 = invalid;
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(entry.body, &error);
        if (!doc.isObject() || !doc.object().value(QStringLiteral("message")).isString()) {
            r.outcome = EntryResult::Outcome::BadRecord;
            return r;
        }
        const QByteArray message = doc.object().value(QStringLiteral("message")).toString().toUtf8();
        qsizetype planStart = 0;
        duration = autoExplainHeader(message, &planStart);
        if (!duration) {
            r.outcome = EntryResult::Outcome::NotAnEntry;
            return r;
        }
        text = QString::fromUtf8(QByteArrayView(message).sliced(planStart));
    } else {
        text = decode(entry.body, &r.invalidUtf8);
    }

    const bool planFile = entry.format == LogFormat::PlainPlan;
    const Result<Plan> parsed = parsePlan(text);
    if (isError(parsed) || std::get<Plan>(parsed).isEmpty()) {
        r.outcome = planFile ? EntryResult::Outcome::Unparsable : EntryResult::Outcome::Truncated;
        return r;
    }
    const Plan &plan = std::get<Plan>(parsed);
    r.outcome = EntryResult::Outcome::Plan;
    if (duration)
        r.durationMs = *duration;
    else if (plan.executionMs || plan.hasTiming)
        r.durationMs = plan.totalMs();
    r.shape = planShapeHash(plan);

    // The script the plan came from: the detectors then match the plan to its statement, and rewrites apply.
    std::shared_ptr<const ParsedQuery> parsedQuery;
    const SqlScript *script = nullptr;
    const QString queryText = plan.queryText.trimmed();
    if (!queryText.isEmpty()) {
        r.query = queryText.left(kMaxQueryChars);
        parsedQuery = parseQuery(queryText);
        if (parsedQuery->script) {
            script = &*parsedQuery->script;
            r.key = parsedQuery->fingerprint;
        }
    }
    if (r.key.isEmpty())
        r.key = QStringLiteral("plan-%1").arg(r.shape, 16, 16, QLatin1Char('0'));

    // One set of proposals for the detectors (which ask whether a rule proposes before a finding names it) and the
    // group's rewrite list: each rewrite rule runs once per entry.
    std::optional<RewriteProposals> proposals;
    DetectContext context;
    if (script)
        context.proposals = &proposals.emplace(*script, &plan);
    const QList<Finding> findings = runDetectors(plan, script, context);
    for (const Finding &f : findings) {
        r.rules.append(f.rule);
        r.worstLevel = std::max(r.worstLevel, int(f.level));
    }
    r.rules = sortedUnique(r.rules);
    if (proposals) {
        for (const Rewrite &w : proposals->all())
            r.rewrites.append(w.rule);
        r.rewrites = sortedUnique(r.rewrites);
    }
    return r;
}

} // namespace PlanLens
