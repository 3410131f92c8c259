// SPDX-License-Identifier: MIT
// libFuzzer target: parseSqlScript (libpg_query split + parse, named parameters, write classification) and the
// SQL tokenizer it shares with the detectors and rewrites.
#include "sql/sqlscript.h"
#include "sql/sqlspan.h"

#include <cstdio>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString sql = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    const PlanLens::Result<PlanLens::SqlScript> r = PlanLens::parseSqlScript(sql);
    if (PlanLens::isError(r)) {
        if (std::get<PlanLens::ParseError>(r).message.trimmed().isEmpty()) {
            std::fprintf(stderr, "fuzz check failed: ParseError without a message\n");
            std::abort();
        }
    } else {
        const PlanLens::SqlScript &s = std::get<PlanLens::SqlScript>(r);
        // Spans index the text with named parameters numbered ($ids -> $3, padded), which is the user's text
        // unless a name is shorter than its number ($a -> $10, a documented limit): check against that text.
        const qsizetype execSize = QString::fromUtf8(s.utf8).size();
        for (const PlanLens::SqlStatement &st : s.statements) {
            if (st.start < 0 || st.end < st.start || st.end > execSize) {
                std::fprintf(stderr, "fuzz check failed: statement span out of range\n");
                std::abort();
            }
            for (const PlanLens::ParamUse &p : st.params)
                if (p.start < 0 || p.start + p.length > execSize) {
                    std::fprintf(stderr, "fuzz check failed: parameter span out of range\n");
                    std::abort();
                }
            (void)s.charIndex(st.treeByteOffset);
        }
        (void)s.anyWrites();
    }
    // matchingClose() is linear in the distance to the match, so calling it for every '(' is quadratic by design
    // (10,000 '[' took over 10 s): only the first 64 are asked.
    const PlanLens::SqlTokens tokens(sql);
    int asked = 0;
    for (int i = 0; i < tokens.size(); ++i) {
        (void)tokens.tokenText(i);
        if (asked < 64 && tokens.isOpen(i)) {
            ++asked;
            (void)tokens.matchingClose(i);
        }
    }
    return 0;
}
