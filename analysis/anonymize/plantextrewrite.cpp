// SPDX-License-Identifier: MIT
// TEXT plans: node header lines ("->  Index Scan using idx on tracks t  (cost=…)"), "Key: value" property lines,
// subplan labels ("CTE recent"), trigger lines and auto_explain's "Query Text:" block.
#include "planrewrite.h"

#include "plan/textparsing.h"

#include <QRegularExpression>
#include <QStringList>

namespace PlanLens {

namespace {

QString sl(const char *s) { return QString::fromLatin1(s); }

bool hasFigures(QStringView line)
{
    return line.contains(u"(cost=") || line.contains(u"(actual ") || line.contains(u"(never executed)");
}

// A node line: it carries figures, or it is drawn as a child.
bool looksLikeNodeLine(QStringView line)
{
    return hasFigures(line) || line.trimmed().startsWith(u"->");
}

// "Key: value" (a property of the node above).
const QRegularExpression &property()
{
    static const QRegularExpression re(QStringLiteral("^([A-Za-z][A-Za-z0-9 /_-]*):(?: (.*))?$"));
    return re;
}

// Parentheses or quotes (literals, quoted names) left open at the end of the line.
bool isOpen(QStringView line)
{
    int depth = 0;
    QChar quote;
    for (QChar c : line) {
        if (!quote.isNull()) {
            if (c == quote)
                quote = QChar();
        } else if (c == u'\'' || c == u'"') {
            quote = c;
        } else if (c == u'(') {
            ++depth;
        } else if (c == u')' && depth > 0) {
            --depth;
        }
    }
    return depth > 0 || !quote.isNull();
}

// "Index Scan Backward using idx on public.tracks t": the node type stays, the names after "using" are an index,
// those after "on" a relation and its alias (an index for Bitmap Index Scan, a function, a CTE, a subquery alias).
QString rewriteHeader(QStringView body, Anonymizer &a)
{
    using K = Anonymizer::Kind;
    // The figures start at " (cost=", " (actual" or " (never executed)" (two blanks before them in PostgreSQL's
    // own output, one in some copies).
    qsizetype figures = body.size();
    for (QStringView f : {QStringView(u" (cost="), QStringView(u" (actual"), QStringView(u" (never executed)")}) {
        const qsizetype at = body.indexOf(f);
        if (at >= 0 && at < figures)
            figures = at;
    }
    while (figures > 0 && body.at(figures - 1) == u' ')
        --figures;
    const QStringView head = body.left(figures);
    const qsizetype usingAt = head.indexOf(u" using ");
    const qsizetype onAt = head.indexOf(u" on ", usingAt < 0 ? 0 : usingAt);
    if (usingAt < 0 && onAt < 0)
        return body.toString();
    const QStringView type = head.left(usingAt >= 0 ? usingAt : onAt);
    QString out = type.toString();
    if (usingAt >= 0) {
        const qsizetype from = usingAt + 7;
        const qsizetype to = onAt < 0 ? head.size() : onAt;
        out += sl(" using ") + a.anonymizeNames(head.mid(from, to - from), K::Index);
    }
    if (onAt >= 0) {
        K kind = K::Table;
        if (type.endsWith(u"Bitmap Index Scan"))
            kind = K::Index;
        else if (type.endsWith(u"Function Scan"))
            kind = K::Function;
        else if (type.endsWith(u"CTE Scan") || type.endsWith(u"WorkTable Scan"))
            kind = K::Cte;
        else if (type.endsWith(u"Subquery Scan"))
            kind = K::Alias;
        out += sl(" on ") + a.anonymizeNames(head.mid(onAt + 4), kind);
    }
    return out + body.mid(figures).toString();
}

// "Trigger name on table: time=… calls=…", "Trigger for constraint name on table: time=…". EXPLAIN prints these
// names as stored, without quoting.
QString rewriteTrigger(QStringView body, Anonymizer &a)
{
    const qsizetype colon = body.lastIndexOf(u": time=");
    QStringView names = body.mid(8, colon - 8);
    QString out = sl("Trigger ");
    if (names.startsWith(u"for constraint ")) {
        out += sl("for constraint ");
        names = names.mid(15);
    }
    const qsizetype on = names.lastIndexOf(u" on ");
    if (on >= 0) {
        out += a.anonymizeName(names.left(on).toString(), Anonymizer::Kind::Trigger) + sl(" on ")
            + a.anonymizeName(names.mid(on + 4).toString(), Anonymizer::Kind::Table);
    } else {
        out += a.anonymizeName(names.toString(), Anonymizer::Kind::Trigger);
    }
    return out + body.mid(colon).toString();
}

} // namespace

QString anonymizeTextPlan(const QString &text, Anonymizer &a)
{
    QStringList lines = text.split(u'\n');
    // What comes before the root's figures is not plan: a psql column header, the statement a script echoed.
    // The parser skips it; it is free text here, rewritten token by token. (Without any figures — COSTS OFF —
    // the first line is the root.)
    qsizetype root = 0;
    while (root < lines.size() && !hasFigures(lines.at(root))
           && !TextParsing::startsWithKnownNodeName(QStringView(lines.at(root)).trimmed()))
        ++root;
    if (root == lines.size())
        root = 0;
    for (qsizetype i = 0; i < lines.size(); ++i) {
        QString &line = lines[i];
        if (i < root && !line.trimmed().startsWith(u"Query Text:")) {
            line = a.anonymizeExpression(line);
            continue;
        }
        qsizetype p = 0;
        while (p < line.size() && (line.at(p) == u' ' || line.at(p) == u'\t'))
            ++p;
        const bool arrow = QStringView(line).mid(p).startsWith(u"->");
        if (arrow) {
            p += 2;
            while (p < line.size() && (line.at(p) == u' ' || line.at(p) == u'\t'))
                ++p;
        }
        if (QStringView(line).mid(p).isEmpty())
            continue;
        if (!arrow && QStringView(line).mid(p).startsWith(u"Query Text:")) {
            const QStringView body = QStringView(line).mid(p);
            // auto_explain: the statement, possibly over several lines, up to the first node line.
            qsizetype end = i + 1;
            while (end < lines.size() && !looksLikeNodeLine(lines.at(end)))
                ++end;
            QStringList sqlLines{body.mid(11).toString()};
            for (qsizetype j = i + 1; j < end; ++j)
                sqlLines << lines.at(j);
            const QStringList done = a.anonymizeQueryText(sqlLines.join(u'\n')).split(u'\n');
            if (done.size() == sqlLines.size()) {
                line = line.left(p) + sl("Query Text:") + done.first();
                for (qsizetype j = i + 1; j < end; ++j)
                    lines[j] = done.at(j - i);
            } else {   // cannot happen (the rewrite keeps line breaks), but never leave the text as it was
                line = line.left(p) + sl("Query Text:") + done.join(u' ');
                for (qsizetype j = i + 1; j < end; ++j)
                    lines[j].clear();
            }
            i = end - 1;
            continue;
        }
        // A line a terminal wrapped (psql's wrapped format) goes on while its parentheses or quotes are open. It is
        // joined back: a name cut in two could not be recognised, and the parser reads either form.
        // So is a node line cut before its figures ("…using idx on pgbench_bra" / "nches b  (cost=…").
        auto continues = [&lines, &line, i, arrow] {
            if (i + 1 >= lines.size())
                return false;
            const QStringView next = QStringView(lines.at(i + 1)).trimmed();
            if (next.isEmpty() || next.startsWith(u"->"))
                return false;
            if (isOpen(line))
                return true;
            return arrow && !hasFigures(line) && hasFigures(next) && !property().match(next).hasMatch();
        };
        while (continues()) {
            line += lines.at(i + 1);   // as the parser joins: the break may fall inside a word
            lines.removeAt(i + 1);
        }
        const QStringView body = QStringView(line).mid(p);
        if (!arrow && body.startsWith(u"Trigger ") && body.contains(u": time=")) {
            line = line.left(p) + rewriteTrigger(body, a);
            continue;
        }
        if (!arrow) {
            const QRegularExpressionMatch m = property().match(body);
            if (m.hasMatch() && m.captured(1) == u"Settings") {
                // EXPLAIN (SETTINGS) values are configuration, kept; search_path names the user's schemas.
                static const QRegularExpression searchPath(QStringLiteral("search_path = '([^']*)'"));
                const QRegularExpressionMatch sp = searchPath.match(line);
                if (sp.hasMatch())
                    line = line.left(sp.capturedStart(1)) + a.anonymizeNames(sp.captured(1), Anonymizer::Kind::Schema)
                        + line.mid(sp.capturedEnd(1));
                continue;
            }
            if (m.hasMatch()) {
                const FieldInfo role = planFieldRole(m.captured(1));
                if (role.role != FieldRole::None && m.capturedLength(2) > 0)
                    line = line.left(p + m.capturedStart(2)) + anonymizeField(role, m.captured(2), a);
                continue;
            }
            if (body.startsWith(u"CTE ") && !looksLikeNodeLine(body)) {
                line = line.left(p + 4) + a.anonymizeNames(body.mid(4), Anonymizer::Kind::Cte);
                continue;
            }
        }
        line = line.left(p) + rewriteHeader(body, a);
    }
    return lines.join(u'\n');
}

} // namespace PlanLens
