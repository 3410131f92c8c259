// SPDX-License-Identifier: MIT
// The TEXT reader: splits the input into lines, builds the node tree from the arrows' columns and hands each line
// to its owner (node, worker, or the query). What a line says is read in textparsing.cpp (names, values),
// textnodeproperties.cpp (node properties) and texttrailer.cpp (the query's lines after the plan).
#include "textparser.h"
#include "linetext.h"
#include "planfields.h"
#include "textparsing.h"

#include <QJsonArray>
#include <QHash>
#include <QJsonObject>

#include <algorithm>
#include <cmath>

namespace PlanLens {

namespace {

using namespace TextParsing;
using PlanFields::FieldValue;
using PlanFields::parseNumber;

struct TextLine {
    LineText text;   // tabs expanded, right-trimmed, joined with its wrapped continuations
    int line = 0;    // 1-based line in the input
    int indent = 0;
    QStringView body() const { return text.view.mid(indent); }
};

// Tracks parentheses outside quoted strings ('…' literals, "…" identifiers) over one or more pieces of a line.
struct Balance {
    int depth = 0;
    QChar quote = QChar();
    void feed(QStringView s)
    {
        for (QChar c : s) {
            if (!quote.isNull()) {
                if (c == quote)
                    quote = QChar();
                continue;
            }
            if (c == u'\'' || c == u'"')
                quote = c;
            else if (c == u'(')
                ++depth;
            else if (c == u')' && depth > 0)
                --depth;
        }
    }
    bool open() const { return depth > 0 || !quote.isNull(); }
};

class TextPlanReader
{
public:
    explicit TextPlanReader(QStringView text) : m_input(text) {}

    Result<Plan> read()
    {
        if (!splitAndJoin())
            return m_error;
        if (!parseLines())
            return m_error;
        finish();
        PlanFields::finishPlan(m_plan, m_minMajorSeen);
        return std::move(m_plan);
    }

private:
    QStringView m_input;
    QList<TextLine> m_lines;
    Plan m_plan;
    ParseError m_error;

    struct Frame {
        int col;
        int node;
    };
    QList<Frame> m_stack;
    QList<int> m_groupKeyLines;   // per node
    QList<int> m_hashKeyLines;    // per node
    int m_rootIndent = -1;
    int m_minMajorSeen = 0;        // a PostgreSQL major version the input's spelling proves

    enum class Context { None, Worker, NodeBlock, Planning, Serialization, Jit, TopBlock };
    Context m_context = Context::None;
    int m_contextIndent = 0;
    int m_contextNode = -1;
    int m_contextWorker = -1;

    bool fail(int line, int column, const QString &message)
    {
        m_error = ParseError{line, column, message};
        return false;
    }

    static QString quoteFound(QStringView s)
    {
        if (s.size() > 60)
            return u'\'' + s.left(60).toString() + QStringLiteral("…'");
        return u'\'' + s.toString() + u'\'';
    }

    // Splits into lines, expands tabs, and joins lines that a terminal or an editor broke: a line whose
    // parentheses or quotes are still open continues on the next one (unless that one starts a node).
    bool splitAndJoin()
    {
        Balance bal;
        bool pending = false;
        bool inQueryText = false;
        int lineNo = 0;
        qsizetype start = 0;
        const qsizetype n = m_input.size();
        for (qsizetype i = 0; i <= n; ++i) {
            if (i < n && m_input[i] != u'\n')
                continue;
            ++lineNo;
            QStringView raw = m_input.mid(start, i - start);
            start = i + 1;
            if (raw.endsWith(u'\r'))
                raw.chop(1);
            LineText text(raw);
            if (raw.contains(u'\t'))
                text.set(expandTabs(raw));
            const QStringView trimmedLeft = text.view.trimmed();
            if (pending && !trimmedLeft.startsWith(u"->") && !trimmedLeft.isEmpty()) {
                bal.feed(text.view);
                m_lines.last().text.append(text.view);
                pending = bal.open();
                continue;
            }
            if (pending && !m_lines.isEmpty()) {
                // The broken line never closed before a new node: leave it as it is.
                pending = false;
            }
            if (trimmedLeft.startsWith(u"Query Text:"))
                inQueryText = true;
            else if (inQueryText && looksLikeNodeLine(trimmedLeft))
                inQueryText = false;
            const QStringView fed = text.view;
            m_lines.append(TextLine{std::move(text), lineNo, 0});
            if (!inQueryText) {
                bal = Balance();
                bal.feed(fed);
                pending = bal.open();
            }
        }
        // Right-trim and measure indentation once the joins are done.
        for (TextLine &l : m_lines) {
            QStringView &t = l.text.view;
            while (!t.isEmpty() && t.back().isSpace())
                t.chop(1);
            l.indent = indentOf(t);
        }
        if (pending && !m_lines.isEmpty()) {
            const TextLine &l = m_lines.last();
            const QStringView b = l.body();
            if (looksLikeNodeLine(b) || m_lines.size() == 1)
                return fail(l.line, l.indent + 1,
                            QStringLiteral("the plan ends inside an unclosed '(' on this line (is it truncated?): "
                                           "expected a complete node line like 'Seq Scan on t  (cost=0.00..1.00 "
                                           "rows=1 width=4) (actual time=0.01..0.02 rows=1 loops=1)', found %1")
                                .arg(quoteFound(b)));
        }
        // A line that is not a plan line and sits no deeper than the last node continues the line before it
        // (a line broken by hand or by an editor: "Join Filter: (t1.c1 >" / " t2.c2)").
        QList<TextLine> merged;
        merged.reserve(m_lines.size());
        int lastNodeCol = -1;
        int prevLine = -10;
        bool prevIsTop = true;
        bool prevRecognized = false;
        bool prevNodeWithoutFigures = false;
        for (TextLine &l : m_lines) {
            const QStringView b = l.body();
            // A node's name or figures broken onto the next line: "->  Index Scan using i on pgbench_bra" /
            // "nches b  (cost=…)" or / "(cost=…)".
            const bool figures = b.startsWith(u"(cost=") || b.startsWith(u"(actual ") || b == u"(never executed)"
                || (prevNodeWithoutFigures && !b.startsWith(u"->") && looksLikeNodeLine(b) && l.indent <= lastNodeCol);
            if (!merged.isEmpty() && l.line == prevLine + 1 && !prevIsTop
                && (figures
                    || (prevRecognized && !b.isEmpty() && !isRecognized(b) && lastNodeCol >= 0
                        && l.indent <= lastNodeCol))) {
                merged.last().text.append(l.text.view);
                prevLine = l.line;
                const QStringView joined = merged.last().body();
                prevNodeWithoutFigures = joined.startsWith(u"->") && !joined.contains(u"(cost=")
                    && !joined.contains(u"(actual ") && !joined.contains(u"(never executed)");
                continue;
            }
            if (b.startsWith(u"->"))
                lastNodeCol = l.indent;
            else if (lastNodeCol < 0 && looksLikeNodeLine(b))
                lastNodeCol = l.indent;
            prevNodeWithoutFigures = b.startsWith(u"->") && !b.contains(u"(cost=") && !b.contains(u"(actual ")
                && !b.contains(u"(never executed)");
            // After the plan's last node the trailer starts (times, JIT, settings): no joining there.
            prevIsTop = isTopLevelKey(b);
            prevRecognized = isRecognized(b);
            if (!b.isEmpty())
                prevLine = l.line;
            else
                prevLine = -10;
            merged.append(std::move(l));
        }
        m_lines = std::move(merged);
        return true;
    }

    static bool isTopLevelKey(QStringView b)
    {
        static const QStringView keys[] = {u"Planning Time", u"Execution Time", u"Total runtime", u"Planning",
                                           u"Serialization", u"JIT", u"Settings", u"Query Identifier",
                                           u"Query Text", u"Planning time", u"Execution time", u"Total Runtime"};
        for (QStringView k : keys)
            if (b.startsWith(k) && b.size() > k.size() && b[k.size()] == u':')
                return true;
        return isTriggerLine(b);
    }

    int newNode(int parent)
    {
        PlanNode n;
        n.id = int(m_plan.nodes.size());
        n.parent = parent;
        if (parent >= 0) {
            n.depth = m_plan.nodes[parent].depth + 1;
            m_plan.nodes[parent].children.append(n.id);
        }
        const int id = n.id;
        m_plan.nodes.append(std::move(n));
        m_groupKeyLines.append(0);
        m_hashKeyLines.append(0);
        return id;
    }

    // Reads "(cost=1.00..2.00 rows=3 width=4)", "(actual time=0.1..0.2 rows=3 loops=1)", "(actual rows=3
    // loops=1)" and "(never executed)" after the node's name.
    bool parseNodeLine(const TextLine &l, QStringView body, int bodyCol, PlanNode &n)
    {
        const qsizetype iCost = body.indexOf(u"(cost=");
        const qsizetype iActual = body.indexOf(u"(actual ");
        const qsizetype iNever = body.indexOf(u"(never executed)");
        qsizetype descEnd = body.size();
        for (qsizetype i : {iCost, iActual, iNever})
            if (i >= 0 && i < descEnd)
                descEnd = i;
        const QStringView desc = body.left(descEnd).trimmed();
        if (desc.isEmpty())
            return fail(l.line, bodyCol + 1, QStringLiteral("expected a node name before '(' on a plan node line, "
                                                            "like 'Seq Scan on t  (cost=…)', found %1")
                                                 .arg(quoteFound(body)));
        describe(desc, n);

        auto number = [&](QStringView s, qsizetype &pos, OptionalDouble &out, const char *what) {
            const qsizetype start = pos;
            if (pos < s.size() && (s[pos] == u'-' || s[pos] == u'+'))
                ++pos;
            while (pos < s.size() && s[pos].isDigit())
                ++pos;
            if (pos + 1 < s.size() && s[pos] == u'.' && s[pos + 1].isDigit()) {
                ++pos;
                while (pos < s.size() && s[pos].isDigit())
                    ++pos;
            } else if (pos + 1 == s.size() && pos < s.size() && s[pos] == u'.') {
                ++pos;
            }
            if (pos < s.size() && (s[pos] == u'e' || s[pos] == u'E')) {
                qsizetype e = pos + 1;
                if (e < s.size() && (s[e] == u'+' || s[e] == u'-'))
                    ++e;
                if (e < s.size() && s[e].isDigit()) {
                    pos = e;
                    while (pos < s.size() && s[pos].isDigit())
                        ++pos;
                }
            }
            out = parseNumber(s.mid(start, pos - start));
            if (!out)
                return fail(l.line, bodyCol + int(start) + 1,
                            QStringLiteral("expected a number after '%1' in the node's figures, found %2")
                                .arg(QLatin1String(what), quoteFound(s.mid(start))));
            return true;
        };
        // Spaces are optional around the figures' words: a line broken by a terminal and joined back may have
        // lost or gained some ("0.532rows=0", "0.532      rows=0").
        auto literal = [&](QStringView s, qsizetype &pos, QStringView word) {
            while (pos < s.size() && s[pos] == u' ')
                ++pos;
            while (!word.isEmpty() && word.front() == u' ')
                word = word.mid(1);
            if (word.isEmpty() || s.mid(pos).startsWith(word)) {
                pos += word.size();
                return true;
            }
            return fail(l.line, bodyCol + int(pos) + 1,
                        QStringLiteral("expected '%1' in the node's figures, like '(cost=0.00..1.00 rows=1 width=4)' "
                                       "or '(actual time=0.01..0.02 rows=1 loops=1)', found %2")
                            .arg(word.toString(), quoteFound(s.mid(pos))));
        };

        if (iCost >= 0) {
            qsizetype p = iCost + 6;
            if (!number(body, p, n.startupCost, "cost=") || !literal(body, p, u"..")
                || !number(body, p, n.totalCost, "..") || !literal(body, p, u" rows=")
                || !number(body, p, n.planRows, "rows=") || !literal(body, p, u" width=")
                || !number(body, p, n.planWidth, "width=") || !literal(body, p, u")"))
                return false;
        }
        if (iActual >= 0) {
            qsizetype p = iActual + 8;
            if (body.mid(p).startsWith(u"time=")) {
                p += 5;
                if (!number(body, p, n.actualStartupMs, "time=") || !literal(body, p, u"..")
                    || !number(body, p, n.actualTotalMs, ".."))
                    return false;
            }
            if (!literal(body, p, u"rows="))
                return false;
            const qsizetype rowsAt = p;
            if (!number(body, p, n.actualRows, "rows="))
                return false;
            // PostgreSQL 18 prints actual rows with two decimals ("rows=100.00"); earlier versions never do.
            if (body.mid(rowsAt, p - rowsAt).contains(u'.'))
                m_minMajorSeen = 18;
            if (!literal(body, p, u" loops=") || !number(body, p, n.actualLoops, "loops=")
                || !literal(body, p, u")"))
                return false;
        }
        if (iNever >= 0)
            n.neverExecuted = true;
        return true;
    }

    // Unrecognised lines, collected per owner and written to extra["Text Lines"] at the end (appending to a
    // QJsonArray inside a QJsonObject line by line would be quadratic).
    enum : int { PlanOwner = -1, JitOwner = -2 };
    QHash<QPair<int, int>, QStringList> m_textLines;   // (node or PlanOwner/JitOwner, worker index or -1)

    void addTextLine(int owner, QStringView line, int worker = -1)
    {
        m_textLines[{owner, worker}].append(line.toString());
    }

    void flushTextLines()
    {
        for (auto it = m_textLines.begin(); it != m_textLines.end(); ++it) {
            const auto [owner, worker] = it.key();
            QJsonObject *extra = owner == PlanOwner ? &m_plan.extra
                : owner == JitOwner                 ? &m_plan.jit.extra
                : worker >= 0                       ? &m_plan.nodes[owner].editDetail().workers[worker].extra
                                                    : &m_plan.nodes[owner].extra;
            QJsonArray a = extra->value(u"Text Lines").toArray();
            for (const QString &line : it.value())
                a.append(line);
            if (a.isEmpty())
                extra->remove(u"Text Lines");
            else
                extra->insert(QStringLiteral("Text Lines"), a);
        }
    }

    void parseNodeProperty(int nodeId, const TextLine &l, QStringView body)
    {
        PlanNode &n = m_plan.nodes[nodeId];
        qsizetype colon = -1;
        if (!isKeyValue(body, &colon)) {
            addTextLine(nodeId, body);
            return;
        }
        const QStringView key = body.left(colon);
        const QStringView value = body.mid(colon + 1).trimmed();
        if (value.isEmpty()) {
            // A block heading inside a node ("JIT:" of a worker in PostgreSQL 11): its lines are kept as text.
            m_context = Context::NodeBlock;
            m_contextIndent = l.indent;
            m_contextNode = nodeId;
            addTextLine(nodeId, body);
            return;
        }
        if (key == u"Group Key") {
            // One Group Key is modelled; several (grouping sets) are kept as lines too, see finish().
            const int count = ++m_groupKeyLines[nodeId];
            if (count == 1) {
                n.groupKey = splitTopLevel(value);
            } else {
                if (count == 2)
                    addTextLine(nodeId, QString(QStringLiteral("Group Key: ") + n.groupKey.join(QStringLiteral(", "))));
                addTextLine(nodeId, body);
            }
        } else if (key == u"Hash Key") {
            ++m_hashKeyLines[nodeId];
            addTextLine(nodeId, body);
        } else {
            applyNodeProperty(n, key, value, body);
        }
    }

    void parseWorkerLine(int nodeId, const TextLine &l, int number, QStringView rest)
    {
        PlanNode &n = m_plan.nodes[nodeId];
        int idx = -1;
        for (int i = 0; i < n.detail().workers.size(); ++i)
            if (n.detail().workers[i].number == number)
                idx = i;
        if (idx < 0) {
            WorkerStats w;
            w.number = number;
            n.editDetail().workers.append(w);
            idx = int(n.detail().workers.size()) - 1;
        }
        WorkerStats &w = n.editDetail().workers[idx];
        rest = rest.trimmed();
        if (rest.startsWith(u"actual ")) {
            parseWorkerActual(rest, w);
        } else if (rest == u"never executed") {
            w.actualLoops = 0;
        } else if (!rest.isEmpty()) {
            addTextLine(nodeId, rest, idx);
        }
        m_context = Context::Worker;
        m_contextIndent = l.indent;
        m_contextNode = nodeId;
        m_contextWorker = idx;
    }

    void parseWorkerContext(const TextLine &l, QStringView body)
    {
        WorkerStats &w = m_plan.nodes[m_contextNode].editDetail().workers[m_contextWorker];
        if (body.startsWith(u"Buffers: ")) {
            parseBuffers(body.mid(9), w.buffers);
        } else if (body.startsWith(u"actual ")) {
            parseWorkerActual(body, w);
        } else {
            Q_UNUSED(l)
            addTextLine(m_contextNode, body, m_contextWorker);
        }
    }

    bool parseTopLevel(const TextLine &l, QStringView body)
    {
        auto after = [&](qsizetype n) { return body.mid(n).trimmed(); };
        if (body.startsWith(u"Planning Time:", Qt::CaseInsensitive)) {
            m_plan.planningMs = numberWithUnit(after(14));
        } else if (body.startsWith(u"Execution Time:", Qt::CaseInsensitive)) {
            m_plan.executionMs = numberWithUnit(after(15));
        } else if (body.startsWith(u"Total runtime:", Qt::CaseInsensitive)) {
            m_plan.executionMs = numberWithUnit(after(14));
        } else if (body == u"Planning:") {
            m_context = Context::Planning;
            m_contextIndent = l.indent;
        } else if (body == u"JIT:") {
            m_plan.jit.present = true;
            m_context = Context::Jit;
            m_contextIndent = l.indent;
        } else if (body.startsWith(u"Settings: ")) {
            parseSettings(body.mid(10), m_plan.settings);
        } else if (body.startsWith(u"Query Identifier: ")) {
            m_plan.queryId = after(18).toString();
        } else if (body.startsWith(u"Serialization: ")) {
            // EXPLAIN (SERIALIZE), PostgreSQL 17: its indented Buffers / I/O Timings lines are the query's,
            // not the root node's (explain.c ExplainPrintSerialize).
            parseSerialization(after(15), m_plan.serialization);
            m_context = Context::Serialization;
            m_contextIndent = l.indent;
        } else if (isTriggerLine(body)) {
            m_plan.triggers.append(parseTrigger(body));
        } else {
            return false;
        }
        return true;
    }

    bool parseLines()
    {
        QString pendingHeading;
        int pendingHeadingIndent = -1;
        bool inQueryText = false;
        int queryTextIndent = 0;
        const TextLine *firstContent = nullptr;
        int ignoredPlans = 0;

        for (qsizetype li = 0; li < m_lines.size(); ++li) {
            const TextLine &l = m_lines[li];
            const QStringView body = l.body();
            if (body.isEmpty()) {
                continue;
            }
            if (!firstContent)
                firstContent = &l;

            if (m_rootIndent < 0) {
                // Before the root: auto_explain's Query Text (over several lines), a query id, or text we keep.
                if (body.startsWith(u"Query Text:")) {
                    m_plan.queryText = body.mid(11).trimmed().toString();
                    inQueryText = true;
                    queryTextIndent = l.indent;
                    continue;
                }
                const bool nodeLike = looksLikeNodeLine(body) || startsWithKnownNodeName(body);
                if (inQueryText && (!nodeLike || l.indent > queryTextIndent)) {
                    // The query's own indentation is kept, relative to the "Query Text:" line.
                    m_plan.queryText += u'\n' + l.text.view.mid(std::min(l.indent, queryTextIndent)).toString();
                    continue;
                }
                inQueryText = false;
                if (body.startsWith(u"Query Identifier: ")) {
                    m_plan.queryId = body.mid(18).trimmed().toString();
                    continue;
                }
                if (!nodeLike) {
                    addTextLine(PlanOwner, body);
                    continue;
                }
                QStringView b = body;
                int col = l.indent;
                if (b.startsWith(u"->")) {
                    b = b.mid(2);
                    const int sp = indentOf(b);
                    b = b.mid(sp);
                }
                const int id = newNode(-1);
                if (!parseNodeLine(l, b, l.indent + int(body.size() - b.size()), m_plan.nodes[id]))
                    return false;
                m_rootIndent = col;
                m_stack.append({col, id});
                continue;
            }

            // Lines inside a block (worker, planning, JIT) are deeper than the block's first line.
            if (m_context != Context::None) {
                if (l.indent > m_contextIndent) {
                    switch (m_context) {
                    case Context::Worker: parseWorkerContext(l, body); continue;
                    case Context::NodeBlock: addTextLine(m_contextNode, body); continue;
                    case Context::Planning:
                        if (body.startsWith(u"Buffers: ")) {
                            parseBuffers(body.mid(9), m_plan.planningBuffers);
                        } else if (body.startsWith(u"Memory: ")) {
                            parsePlanningMemory(body.mid(8), m_plan);
                        } else {
                            addTextLine(PlanOwner, body);
                        }
                        continue;
                    case Context::Serialization:
                        if (body.startsWith(u"Buffers: ")) {
                            parseBuffers(body.mid(9), m_plan.serialization.buffers);
                            m_plan.serialization.hasBuffers = true;
                        } else if (body.startsWith(u"I/O Timings: ")) {
                            parseIoTimings(body.mid(13), m_plan.serialization.io);
                        } else {
                            addTextLine(PlanOwner, body);
                        }
                        continue;
                    case Context::Jit:
                        if (!parseJitLine(body, m_plan.jit))
                            addTextLine(JitOwner, body);
                        continue;
                    case Context::TopBlock: addTextLine(PlanOwner, body); continue;
                    case Context::None: break;
                    }
                }
                m_context = Context::None;
            }

            if (body.startsWith(u"->")) {
                QStringView b = body.mid(2);
                const int sp = indentOf(b);
                b = b.mid(sp);
                const int col = l.indent;
                // Under a heading ("SubPlan 2" at column h), the node hangs under the node that owns column h,
                // which may be shallower than the arrow's column suggests.
                const int limit = !pendingHeading.isEmpty() && pendingHeadingIndent < col ? pendingHeadingIndent : col;
                while (m_stack.size() > 1 && m_stack.last().col >= limit)
                    m_stack.removeLast();
                // An arrow no deeper than the root (a first line pasted with extra indentation) still hangs
                // under the root: only the root has no arrow.
                const int parent = m_stack.last().node;
                const int id = newNode(parent);
                PlanNode &n = m_plan.nodes[id];
                if (!pendingHeading.isEmpty() && pendingHeadingIndent < col) {
                    n.subplanName = pendingHeading;
                    n.parentRelationship = pendingHeading.startsWith(u"SubPlan") ? QStringLiteral("SubPlan")
                                                                                 : QStringLiteral("InitPlan");
                }
                pendingHeading.clear();
                if (!parseNodeLine(l, b, l.indent + int(body.size() - b.size()), n))
                    return false;
                m_stack.append({col, id});
                continue;
            }

            // Which node does this line belong to? The nearest one less indented than the line.
            int owner = -1;
            for (qsizetype s = m_stack.size() - 1; s >= 0; --s) {
                if (m_stack[s].col < l.indent) {
                    owner = m_stack[s].node;
                    break;
                }
            }

            // The trailer's own keys say where they belong whatever their indentation (a pasted plan is often
            // indented unevenly); "JIT:" only at the top, since workers have their own.
            if ((owner < 0 || !body.startsWith(u"JIT:")) && isTopLevelKey(body) && parseTopLevel(l, body))
                continue;
            if (owner < 0) {
                if (looksLikeNodeLine(body)) {
                    // A second plan after the first (several statements pasted): the first one is the result.
                    ++ignoredPlans;
                    break;
                }
                if (body.endsWith(u':') && isKeyValue(body)) {
                    m_context = Context::TopBlock;
                    m_contextIndent = l.indent;
                }
                addTextLine(PlanOwner, body);
                continue;
            }
            if (isHeading(body)) {
                pendingHeading = body.toString();
                pendingHeadingIndent = l.indent;
                continue;
            }
            qsizetype restAt = 0;
            const int worker = workerPrefix(body, &restAt);
            if (worker >= 0) {
                parseWorkerLine(owner, l, worker, body.mid(restAt));
                continue;
            }
            if (looksLikeNodeLine(body) && !isKeyValue(body)) {
                return fail(l.line, l.indent + 1,
                            QStringLiteral("expected '->' before a plan node that is not the first one, like "
                                           "'->  Seq Scan on t  (cost=…)', found %1").arg(quoteFound(body)));
            }
            parseNodeProperty(owner, l, body);
        }
        if (m_plan.nodes.isEmpty()) {
            const int line = firstContent ? firstContent->line : 1;
            const int col = firstContent ? firstContent->indent + 1 : 1;
            return fail(line, col, QStringLiteral("expected a plan node line like 'Seq Scan on t  (cost=0.00..1.00 "
                                                  "rows=1 width=4)', found %1")
                                       .arg(firstContent ? quoteFound(firstContent->body()) : QStringLiteral("nothing")));
        }
        if (ignoredPlans > 0)
            m_plan.extra.insert(QStringLiteral("Additional Plans Ignored"), ignoredPlans);
        return true;
    }

    // Fills what JSON always states and TEXT leaves implicit, so both formats give the same Plan.
    void finish()
    {
        bool analyze = false, timing = false;
        for (const PlanNode &n : m_plan.nodes) {
            analyze = analyze || n.actualLoops.has_value() || n.neverExecuted;
            timing = timing || n.actualTotalMs.has_value();
        }
        for (int i = 0; i < m_plan.nodes.size(); ++i) {
            PlanNode &n = m_plan.nodes[i];
            // Parent relationship of ordinary children, as explain.c names them.
            if (n.parent >= 0 && n.parentRelationship.isEmpty()) {
                const PlanNode &p = m_plan.nodes[n.parent];
                int ordinal = 0;
                int ordinary = 0;
                for (int c : p.children) {
                    if (!m_plan.nodes[c].subplanName.isEmpty())
                        continue;
                    if (c == i)
                        ordinal = ordinary;
                    ++ordinary;
                }
                const QString &t = p.nodeType;
                if (t == u"Append" || t == u"Merge Append" || t == u"BitmapAnd" || t == u"BitmapOr"
                    || (t == u"ModifyTable" && ordinary > 1))
                    n.parentRelationship = QStringLiteral("Member");
                else if (t == u"Subquery Scan")
                    n.parentRelationship = QStringLiteral("Subquery");
                else if (t == u"Custom Scan")
                    n.parentRelationship = QStringLiteral("Child");
                else
                    n.parentRelationship = ordinal == 0 ? QStringLiteral("Outer")
                        : ordinal == 1                  ? QStringLiteral("Inner")
                                                        : QStringLiteral("Member");
            }
            if (n.neverExecuted) {
                n.actualRows = 0;
                n.actualLoops = 0;
                if (timing) {
                    n.actualStartupMs = 0;
                    n.actualTotalMs = 0;
                }
            }
            // Append and Merge Append: JSON always prints "Subplans Removed"; TEXT only when some were.
            if ((n.nodeType == u"Append" || n.nodeType == u"Merge Append") && !n.detail().subplansRemoved)
                n.editDetail().subplansRemoved = 0;
            if (n.detail().hashBuckets && !n.detail().originalHashBuckets)
                n.editDetail().originalHashBuckets = n.detail().hashBuckets;
            if (n.detail().hashBatches && !n.detail().originalHashBatches)
                n.editDetail().originalHashBatches = n.detail().hashBatches;
            if (analyze) {
                // With ANALYZE, JSON prints these counters even when zero; TEXT prints them only when not.
                if (!n.filter.isEmpty() && !n.rowsRemovedByFilter)
                    n.rowsRemovedByFilter = 0;
                if (!n.joinFilter.isEmpty() && !n.rowsRemovedByJoinFilter)
                    n.rowsRemovedByJoinFilter = 0;
                if (n.nodeType == u"Bitmap Heap Scan") {
                    if (!n.recheckCond.isEmpty() && !n.rowsRemovedByIndexRecheck)
                        n.rowsRemovedByIndexRecheck = 0;
                    if (!n.detail().exactHeapBlocks)
                        n.editDetail().exactHeapBlocks = 0;
                    if (!n.detail().lossyHeapBlocks)
                        n.editDetail().lossyHeapBlocks = 0;
                }
                // Index (Only) Scans with an index condition (or ORDER BY operator) report rechecks in JSON.
                if ((n.nodeType == u"Index Scan" || n.nodeType == u"Index Only Scan")
                    && (!n.indexCond.isEmpty() || n.extra.contains(u"Order By")) && !n.rowsRemovedByIndexRecheck)
                    n.rowsRemovedByIndexRecheck = 0;
                // HashAgg: JSON prints "Disk Usage" next to "HashAgg Batches"; TEXT only when it spilled.
                if (n.nodeType == u"Aggregate" && n.extra.contains(u"HashAgg Batches") && !n.detail().diskUsageKb)
                    n.editDetail().diskUsageKb = 0;
            }
            // Grouping sets print several Group Key / Hash Key lines; JSON nests them under "Grouping Sets" and
            // has no node-level Group Key or Sort Key then. Their lines stay in extra["Text Lines"].
            if (n.nodeType == u"Aggregate" && (m_groupKeyLines[i] > 1 || m_hashKeyLines[i] > 0)) {
                n.groupKey.clear();
                n.sortKey.clear();
            }
        }
        flushTextLines();
    }
};

} // namespace

Result<Plan> parseTextPlan(QStringView text)
{
    TextPlanReader reader(text);
    return reader.read();
}

} // namespace PlanLens
