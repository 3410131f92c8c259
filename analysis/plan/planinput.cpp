// SPDX-License-Identifier: MIT
#include "planinput.h"
#include "linetext.h"
#include "planfields.h"

namespace PlanLens {

namespace {

struct Line {
    LineText text;
    int source = 0;   // 1-based input line
    int shift = 0;    // columns removed on the left
};

bool isBorderChar(QChar c)
{
    switch (c.unicode()) {
    case u'|': case u'│': case u'║': case u'┃':
        return true;
    default:
        return false;
    }
}

// A rule line of a psql/DBeaver table: only dashes, pluses and box-drawing characters (at least three).
bool isRuleLine(QStringView s)
{
    int dashes = 0;
    for (QChar c : s) {
        const char16_t u = c.unicode();
        if (u == u'-' || u == u'=' || (u >= 0x2500 && u <= 0x257F))
            ++dashes;
        else if (u == u'+' || u == u' ' || u == u'|')
            continue;
        else
            return false;
    }
    return dashes >= 3;
}

// "QUERY PLAN" alone on its line, between optional borders.
bool isHeaderLine(QStringView s)
{
    s = s.trimmed();
    while (!s.isEmpty() && isBorderChar(s.front()))
        s = s.mid(1).trimmed();
    while (!s.isEmpty() && isBorderChar(s.back()))
        s.chop(1), s = s.trimmed();
    return s == u"QUERY PLAN";
}

// psql's "(1 row)" / "(12 rows)" footer.
bool isFooterLine(QStringView s)
{
    s = s.trimmed();
    if (!s.startsWith(u'(') || !s.endsWith(u')'))
        return false;
    s = s.mid(1, s.size() - 2);
    qsizetype i = 0;
    while (i < s.size() && s[i].isDigit())
        ++i;
    if (i == 0)
        return false;
    // "(1 row)", "(12 rows)", and translated footers such as "(38 lignes)" or "(3 Zeilen)".
    const QStringView rest = s.mid(i);
    if (rest.size() < 2 || rest.front() != u' ')
        return false;
    for (QChar c : rest.mid(1))
        if (!c.isLetter())
            return false;
    return true;
}

QList<Line> splitLines(QStringView input)
{
    QList<Line> lines;
    int number = 1;
    qsizetype start = 0;
    for (qsizetype i = 0; i <= input.size(); ++i) {
        if (i == input.size() || input[i] == u'\n') {
            QStringView l = input.mid(start, i - start);
            if (l.endsWith(u'\r'))
                l.chop(1);
            lines.append({LineText(l), number++, 0});
            start = i + 1;
        }
    }
    return lines;
}

// auto_explain writes "duration: 12.345 ms  plan:" and then the plan; the server log puts a tab before each
// continuation line of a message (append_with_tabs in elog.c). Keeps only that plan.
bool cutAutoExplain(QList<Line> &lines, std::optional<double> &duration)
{
    for (qsizetype k = 0; k < lines.size(); ++k) {
        const QStringView t = lines[k].text.view;
        const qsizetype d = t.indexOf(u"duration: ");
        if (d < 0)
            continue;
        const qsizetype planAt = t.indexOf(u" plan:", d);
        if (planAt < 0)
            continue;
        const qsizetype ms = t.indexOf(u" ms", d);
        if (ms > d)
            duration = PlanFields::parseNumber(t.mid(d + 10, ms - d - 10));
        QList<Line> out;
        const QStringView rest = t.mid(planAt + 6).trimmed();
        if (!rest.isEmpty())
            out.append({LineText(rest), lines[k].source, int(rest.data() - t.data())});
        // Continuation lines start with white space; the next log entry does not.
        bool indented = false;
        for (qsizetype j = k + 1; j < lines.size(); ++j) {
            if (!lines[j].text.view.trimmed().isEmpty()) {
                indented = lines[j].text.view.front().isSpace();
                break;
            }
        }
        for (qsizetype j = k + 1; j < lines.size(); ++j) {
            Line l = lines[j];
            if (indented) {
                if (!l.text.view.isEmpty() && !l.text.view.front().isSpace())
                    break;
                if (l.text.view.startsWith(u'\t')) {
                    l.text.view = l.text.view.mid(1);
                    l.shift += 1;
                }
            } else if (l.text.view.contains(u"duration: ") && l.text.view.contains(u" plan:")) {
                break;   // the next auto_explain entry
            }
            out.append(l);
        }
        lines = std::move(out);
        return true;
    }
    return false;
}

// One column of CSV, as spreadsheets and DBeaver export it: a field in double quotes may span lines and
// doubles its quotes; a field without quotes is the line as it is.
QList<Line> unquoteCsv(const QList<Line> &lines)
{
    QList<Line> out;
    qsizetype i = 0;
    while (i < lines.size()) {
        const QStringView t = lines[i].text.view;
        const qsizetype lead = t.size() - t.trimmed().size() == 0 ? 0 : t.indexOf(t.trimmed());
        if (!t.trimmed().startsWith(u'"')) {
            out.append(lines[i++]);
            continue;
        }
        // Read one quoted field, maybe over several lines.
        QString field;
        Line cur{LineText(), lines[i].source, int(lead + 1)};
        qsizetype li = i;
        qsizetype pos = lead + 1;
        bool closed = false;
        while (li < lines.size() && !closed) {
            const QStringView s = lines[li].text.view;
            while (pos < s.size()) {
                if (s[pos] == u'"') {
                    if (pos + 1 < s.size() && s[pos + 1] == u'"') {
                        field += u'"';
                        pos += 2;
                        continue;
                    }
                    closed = true;
                    ++pos;
                    break;
                }
                field += s[pos++];
            }
            if (!closed) {
                cur.text.set(std::exchange(field, QString()));
                out.append(cur);
                ++li;
                pos = 0;
                if (li < lines.size())
                    cur = Line{LineText(), lines[li].source, 0};
            }
        }
        if (closed) {
            cur.text.set(std::move(field));
            out.append(cur);
        }
        i = li + 1;
    }
    return out;
}

// A plan itself never starts with a double quote (JSON starts with '[' or '{'), so a leading quote means CSV.
// CSV quotes only the cells that need it, so a TEXT plan may also have just some lines quoted, at column 0.
bool looksCsvQuoted(const QList<Line> &lines)
{
    QChar first;
    for (const Line &l : lines) {
        const QStringView t = l.text.view.trimmed();
        if (!t.isEmpty()) {
            first = t.front();
            break;
        }
    }
    if (first == u'"')
        return true;
    if (first.isNull() || first == u'[' || first == u'{' || first == u'<')
        return false;
    for (const Line &l : lines) {
        const QStringView t = l.text.view;
        if (t.size() >= 2 && t.front() == u'"' && t.trimmed().endsWith(u'"'))
            return true;
    }
    return false;
}

// Quoting around each line that some SQL clients add when copying result rows: 'line' (with '' inside), or a
// stray closing double quote on every line.
void stripLineQuotes(QList<Line> &lines)
{
    int nonEmpty = 0, single = 0, trailingDouble = 0;
    for (const Line &l : lines) {
        const QStringView t = l.text.view.trimmed();
        if (t.isEmpty())
            continue;
        ++nonEmpty;
        if (t.size() >= 2 && t.startsWith(u'\'') && t.endsWith(u'\''))
            ++single;
        if (t.endsWith(u'"') && t.count(u'"') % 2 == 1)
            ++trailingDouble;
    }
    if (nonEmpty == 0)
        return;
    if (single == nonEmpty) {
        for (Line &l : lines) {
            const QStringView t = l.text.view.trimmed();
            if (t.isEmpty())
                continue;
            const qsizetype at = l.text.view.indexOf(u'\'');
            l.shift += int(at + 1);
            const QStringView inner = t.mid(1, t.size() - 2);
            if (inner.contains(u"''"))
                l.text.set(inner.toString().replace(QStringLiteral("''"), QStringLiteral("'")));
            else
                l.text.view = inner;
        }
    } else if (trailingDouble == nonEmpty) {
        for (Line &l : lines) {
            QStringView t = l.text.view;
            while (!t.isEmpty() && t.back().isSpace())
                t.chop(1);
            if (t.endsWith(u'"'))
                l.text.view = t.chopped(1);
        }
    }
}

void stripFrame(QList<Line> &lines, bool &framed)
{
    qsizetype header = -1;
    for (qsizetype i = 0; i < lines.size(); ++i) {
        if (isHeaderLine(lines[i].text.view)) {
            header = i;
            break;
        }
        // Only look at the first lines: a plan text never says "QUERY PLAN" by itself further down.
        if (i > 20)
            break;
    }
    bool leftBorder = false, rightBorder = false;
    if (header >= 0) {
        const QStringView h = lines[header].text.view.trimmed();
        leftBorder = isBorderChar(h.front());
        rightBorder = isBorderChar(h.back());
        lines.remove(0, header + 1);
        framed = true;
    }
    QList<Line> out;
    out.reserve(lines.size());
    for (Line &l : lines) {
        QStringView t = l.text.view;
        if (isRuleLine(t))
            continue;   // table rules: no plan line is made of dashes only
        if (isFooterLine(t)) {
            framed = true;
            break;   // psql's "(N rows)": the rest is the next prompt or nothing
        }
        if (leftBorder || rightBorder) {
            qsizetype a = 0;
            while (a < t.size() && t[a].isSpace())
                ++a;
            if (leftBorder && a < t.size() && isBorderChar(t[a])) {
                ++a;
                if (a < t.size() && t[a] == u' ')
                    ++a;
                t = t.mid(a);
                l.shift += int(a);
            }
            QStringView r = t;
            while (!r.isEmpty() && r.back().isSpace())
                r.chop(1);
            if (rightBorder && !r.isEmpty() && isBorderChar(r.back()))
                r.chop(1);
            t = r;
        }
        if (framed) {
            // A multi-line cell: psql marks each line break with '+' (ascii) or '↵' (unicode) after the text.
            // Without a mark the line keeps its trailing spaces: a terminal may have broken it right after one.
            QStringView r = t;
            while (!r.isEmpty() && r.back().isSpace())
                r.chop(1);
            if (!r.isEmpty() && (r.back() == u'+' || r.back() == u'↵')) {
                r.chop(1);
                t = r;
            }
        }
        l.text.view = t;
        out.append(std::move(l));
    }
    lines = std::move(out);
}

// Without a "QUERY PLAN" header, a JSON/YAML cell can still carry psql's '+' marks on most lines.
void stripLooseContinuationMarks(QList<Line> &lines)
{
    int marked = 0, nonEmpty = 0;
    for (const Line &l : lines) {
        const QStringView t = l.text.view.trimmed();
        if (t.isEmpty())
            continue;
        ++nonEmpty;
        if (t.endsWith(u'+') || t.endsWith(u'↵'))
            ++marked;
    }
    if (nonEmpty < 2 || marked * 2 < nonEmpty)
        return;
    for (Line &l : lines) {
        QStringView t = l.text.view;
        while (!t.isEmpty() && t.back().isSpace())
            t.chop(1);
        if (t.endsWith(u'+') || t.endsWith(u'↵'))
            t.chop(1);
        l.text.view = t;
    }
}

} // namespace

ParseError CleanedInput::toInput(ParseError e) const
{
    if (e.line >= 1 && e.line <= sourceLine.size()) {
        const int idx = e.line - 1;
        e.column += columnShift[idx];
        e.line = sourceLine[idx];
    }
    return e;
}

CleanedInput cleanPlanInput(QStringView input)
{
    CleanedInput result;
    QList<Line> lines = splitLines(input);
    cutAutoExplain(lines, result.logDurationMs);
    stripLineQuotes(lines);
    if (looksCsvQuoted(lines))
        lines = unquoteCsv(lines);
    stripFrame(lines, result.framed);
    if (!result.framed)
        stripLooseContinuationMarks(lines);

    // Drop blank lines at both ends (keeping the mapping of the others).
    qsizetype first = 0, last = lines.size();
    while (first < last && lines[first].text.view.trimmed().isEmpty())
        ++first;
    while (last > first && lines[last - 1].text.view.trimmed().isEmpty())
        --last;

    result.sourceLine.reserve(last - first);
    result.columnShift.reserve(last - first);
    for (qsizetype i = first; i < last; ++i) {
        result.sourceLine.append(lines[i].source);
        result.columnShift.append(lines[i].shift);
    }
    if (first == last)
        return result;
    // Usually nothing inside the plan changed: the lines are the input's own, whole and in order, and the text
    // is a view of it. Otherwise the lines are put together once.
    const QChar *const begin = input.data();
    const QChar *const end = begin + input.size();
    auto inInput = [&](QStringView v) { return !v.isNull() && v.data() >= begin && v.data() + v.size() <= end; };
    const QStringView head = lines[first].text.view;
    bool contiguous = inInput(head) && (head.data() == begin || head.data()[-1] == u'\n');
    for (qsizetype i = first + 1; contiguous && i < last; ++i) {
        const QStringView prev = lines[i - 1].text.view;
        const QStringView cur = lines[i].text.view;
        contiguous = inInput(cur) && cur.data() == prev.data() + prev.size() + 1 && prev.data()[prev.size()] == u'\n';
    }
    const QStringView tail = lines[last - 1].text.view;
    const QChar *const tailEnd = tail.data() + tail.size();
    if (contiguous && (tailEnd == end || *tailEnd == u'\n' || *tailEnd == u'\r')) {
        result.text = QStringView(head.data(), tailEnd);
        return result;
    }
    qsizetype total = 0;
    for (qsizetype i = first; i < last; ++i)
        total += lines[i].text.view.size() + 1;
    result.cleaned.reserve(total);
    for (qsizetype i = first; i < last; ++i) {
        if (i > first)
            result.cleaned += u'\n';
        result.cleaned += lines[i].text.view;
    }
    result.text = result.cleaned;
    return result;
}

PlanFormat sniffFormat(QStringView cleaned)
{
    const QStringView t = cleaned.trimmed();
    if (t.isEmpty())
        return PlanFormat::Unknown;
    const QChar c = t.front();
    if (c == u'[' || c == u'{')
        return PlanFormat::Json;
    if (c == u'<')
        return PlanFormat::Xml;
    if (t.startsWith(u"- Plan:") || t.startsWith(u"Plan:") || t.startsWith(u"- Query Text:"))
        return PlanFormat::Yaml;
    return PlanFormat::Text;
}

} // namespace PlanLens
