// SPDX-License-Identifier: MIT
#include "jsonparser.h"
#include "planfields.h"

#include <QJsonArray>
#include <QJsonObject>

namespace PlanLens {

namespace {

using PlanFields::FieldValue;

constexpr int MaxValueDepth = 512;

// The reader works on UTF-16 (QChar) or directly on UTF-8 bytes (char): decoding 100 MB of JSON to a QString
// first would cost more than parsing it. JSON's syntax is ASCII, so only string contents need decoding.
inline char16_t ch(const QChar *p) { return p->unicode(); }
inline char16_t ch(const char *p) { return char16_t(uchar(*p)); }

// The text between [b, e) as a view; bytes are decoded into `buffer` (ASCII copied directly).
inline QStringView decode(const QChar *b, const QChar *e, QString &) { return QStringView(b, e); }
inline QStringView decode(const char *b, const char *e, QString &buffer)
{
    const qsizetype n = e - b;
    bool ascii = true;
    for (const char *c = b; c < e; ++c)
        if (uchar(*c) >= 0x80) {
            ascii = false;
            break;
        }
    if (!ascii) {
        buffer = QString::fromUtf8(b, n);
        return buffer;
    }
    buffer.resize(n);
    QChar *d = buffer.data();
    for (qsizetype i = 0; i < n; ++i)
        d[i] = QChar(char16_t(uchar(b[i])));
    return buffer;
}

inline std::optional<double> number(const QChar *b, const QChar *e) { return PlanFields::parseNumber(QStringView(b, e)); }
inline std::optional<double> number(const char *b, const char *e)
{
    return PlanFields::parseNumber(QLatin1StringView(b, e - b));
}

// Columns count characters: UTF-8 continuation bytes do not start one.
inline bool startsCharacter(const QChar *) { return true; }
inline bool startsCharacter(const char *c) { return (uchar(*c) & 0xC0) != 0x80; }

template<class C>
class JsonPlanReader
{
public:
    JsonPlanReader(const C *begin, qsizetype size) : m_begin(begin), m_p(begin), m_end(begin + size) {}

    Result<Plan> read()
    {
        skipWs();
        if (m_p == m_end)
            return error(m_p, QStringLiteral("the input is empty: expected a JSON plan starting with '[' or '{'"));
        bool ok = false;
        if (ch(m_p) == u'[') {
            ++m_p;
            skipWs();
            if (m_p < m_end && ch(m_p) == u']')
                return error(m_p, QStringLiteral("the JSON array is empty: expected a plan object like "
                                                 "{\"Plan\": {...}}"));
            if (!expect(u'{', "a plan object like {\"Plan\": {...}} inside the array"))
                return m_error;
            ok = readTopObject();
            if (!ok)
                return m_error;
            // EXPLAIN prints one object per array; further elements (several pasted plans) are counted, not read.
            int more = 0;
            for (;;) {
                skipWs();
                if (m_p < m_end && ch(m_p) == u',') {
                    ++m_p;
                    QJsonValue ignored;
                    if (!readValue(ignored, 1))
                        return m_error;
                    ++more;
                    continue;
                }
                if (!expect(u']', "',' or ']' after the plan object"))
                    return m_error;
                break;
            }
            if (more > 0)
                m_plan.extra.insert(QStringLiteral("Additional Plans Ignored"), more);
        } else if (ch(m_p) == u'{') {
            ++m_p;
            ok = readTopObject();
            if (!ok)
                return m_error;
        } else {
            return error(m_p, QStringLiteral("expected a JSON plan starting with '[' or '{', found %1").arg(found(m_p)));
        }
        skipWs();
        if (m_p != m_end)
            return error(m_p, QStringLiteral("unexpected text after the end of the JSON plan: found %1").arg(found(m_p)));
        if (m_plan.nodes.isEmpty())
            return error(m_begin, QStringLiteral("the JSON has no \"Plan\" object: expected EXPLAIN (FORMAT JSON) "
                                                 "output like [{\"Plan\": {\"Node Type\": ...}}]"));
        PlanFields::finishPlan(m_plan);
        return std::move(m_plan);
    }

private:
    const C *m_begin;
    const C *m_p;
    const C *m_end;
    Plan m_plan;
    ParseError m_error;
    QString m_keyBuffer;
    QString m_valueBuffer;
    QString m_rawBuffer;

    // --- errors ---
    ParseError error(const C *at, const QString &message)
    {
        int line = 1, column = 1;
        for (const C *c = m_begin; c < at && c < m_end; ++c) {
            if (ch(c) == u'\n') {
                ++line;
                column = 1;
            } else if (startsCharacter(c)) {
                ++column;
            }
        }
        m_error = ParseError{line, column, message};
        return m_error;
    }

    QString found(const C *at) const
    {
        if (at >= m_end)
            return QStringLiteral("the end of the input (is the JSON truncated?)");
        const qsizetype n = std::min<qsizetype>(m_end - at, 20);
        QString buffer;
        QString s = decode(at, at + n, buffer).toString();
        const qsizetype nl = s.indexOf(u'\n');
        if (nl >= 0)
            s.truncate(nl);
        return u'\'' + s + u'\'';
    }

    bool fail(const C *at, const QString &message)
    {
        error(at, message);
        return false;
    }

    bool expect(char16_t c, const char *what)
    {
        skipWs();
        if (m_p < m_end && ch(m_p) == c) {
            ++m_p;
            return true;
        }
        return fail(m_p, QStringLiteral("expected %1, found %2").arg(QLatin1String(what), found(m_p)));
    }

    void skipWs()
    {
        while (m_p < m_end) {
            const char16_t c = ch(m_p);
            if (c == u' ' || c == u'\n' || c == u'\t' || c == u'\r')
                ++m_p;
            else
                break;
        }
    }

    // --- scalars ---
    // Reads a string at m_p (which is at '"'). The view points into the input (UTF-16 without escapes) or into
    // `buffer`.
    bool readString(QStringView &out, QString &buffer)
    {
        const C *start = m_p;
        ++m_p;
        const C *s = m_p;
        bool escapes = false;
        while (m_p < m_end) {
            const char16_t c = ch(m_p);
            if (c == u'"')
                break;
            if (c == u'\\') {
                escapes = true;
                ++m_p;
            }
            ++m_p;
        }
        if (m_p >= m_end)
            return fail(start, QStringLiteral("a string starting here is never closed (is the JSON truncated?)"));
        const QStringView raw = decode(s, m_p, buffer);
        ++m_p;
        if (!escapes) {
            out = raw;
            return true;
        }
        QString text;
        text.reserve(raw.size());
        for (qsizetype i = 0; i < raw.size(); ++i) {
            if (raw[i] != u'\\') {
                text.append(raw[i]);
                continue;
            }
            if (++i >= raw.size())
                break;
            switch (raw[i].unicode()) {
            case u'"': text.append(u'"'); break;
            case u'\\': text.append(u'\\'); break;
            case u'/': text.append(u'/'); break;
            case u'b': text.append(u'\b'); break;
            case u'f': text.append(u'\f'); break;
            case u'n': text.append(u'\n'); break;
            case u'r': text.append(u'\r'); break;
            case u't': text.append(u'\t'); break;
            case u'u': {
                bool ok = false;
                const ushort code = i + 4 < raw.size() ? raw.mid(i + 1, 4).toUShort(&ok, 16) : 0;
                if (!ok)
                    return fail(start, QStringLiteral("expected four hex digits after \\u in the string starting "
                                                      "here"));
                text.append(QChar(code));
                i += 4;
                break;
            }
            default:
                return fail(start, QStringLiteral("unknown escape '\\%1' in the string starting here").arg(raw[i]));
            }
        }
        buffer = std::move(text);
        out = buffer;
        return true;
    }

    bool readNumber(double &out, QStringView *raw = nullptr)
    {
        const C *s = m_p;
        while (m_p < m_end) {
            const char16_t c = ch(m_p);
            if ((c >= u'0' && c <= u'9') || c == u'-' || c == u'+' || c == u'.' || c == u'e' || c == u'E')
                ++m_p;
            else
                break;
        }
        const auto d = number(s, m_p);
        if (!d)
            return fail(s, QStringLiteral("expected a number, found %1").arg(found(s)));
        out = *d;
        if (raw)
            *raw = decode(s, m_p, m_rawBuffer);
        return true;
    }

    bool readLiteral(QStringView word)
    {
        if (m_end - m_p >= word.size()) {
            qsizetype i = 0;
            while (i < word.size() && ch(m_p + i) == word[i].unicode())
                ++i;
            if (i == word.size()) {
                m_p += word.size();
                return true;
            }
        }
        return fail(m_p, QStringLiteral("expected a JSON value (string, number, object, array, true, false or "
                                        "null), found %1").arg(found(m_p)));
    }

    // A property value: scalars as views, arrays/objects as QJsonValue.
    bool readField(FieldValue &out)
    {
        skipWs();
        if (m_p >= m_end)
            return fail(m_p, QStringLiteral("expected a value, found %1").arg(found(m_p)));
        const char16_t c = ch(m_p);
        if (c == u'"') {
            out.type = FieldValue::Type::String;
            return readString(out.text, m_valueBuffer);
        }
        if (c == u'-' || (c >= u'0' && c <= u'9')) {
            out.type = FieldValue::Type::Number;
            return readNumber(out.number);
        }
        if (c == u't' || c == u'f') {
            out.type = FieldValue::Type::Bool;
            out.boolean = c == u't';
            return readLiteral(c == u't' ? QStringView(u"true") : QStringView(u"false"));
        }
        if (c == u'n') {
            out.type = FieldValue::Type::Null;
            return readLiteral(u"null");
        }
        if (c == u'{' || c == u'[') {
            out.type = FieldValue::Type::Json;
            return readValue(out.json, 1);
        }
        return fail(m_p, QStringLiteral("expected a JSON value (string, number, object, array, true, false or null), "
                                        "found %1").arg(found(m_p)));
    }

    // A general JSON value, recursively (bounded by MaxValueDepth).
    bool readValue(QJsonValue &out, int depth)
    {
        skipWs();
        if (m_p >= m_end)
            return fail(m_p, QStringLiteral("expected a value, found %1").arg(found(m_p)));
        if (depth > MaxValueDepth)
            return fail(m_p, QStringLiteral("a JSON value is nested more than %1 levels deep").arg(MaxValueDepth));
        const char16_t c = ch(m_p);
        if (c == u'{') {
            ++m_p;
            QJsonObject o;
            skipWs();
            if (m_p < m_end && ch(m_p) == u'}') {
                ++m_p;
                out = o;
                return true;
            }
            for (;;) {
                skipWs();
                if (m_p >= m_end || ch(m_p) != u'"')
                    return fail(m_p, QStringLiteral("expected a key in double quotes, found %1").arg(found(m_p)));
                QStringView key;
                QString keyBuf;
                if (!readString(key, keyBuf) || !expect(u':', "':' after the key"))
                    return false;
                QJsonValue v;
                if (!readValue(v, depth + 1))
                    return false;
                o.insert(key.toString(), v);
                skipWs();
                if (m_p < m_end && ch(m_p) == u',') {
                    ++m_p;
                    continue;
                }
                if (!expect(u'}', "',' or '}' after a value in an object"))
                    return false;
                break;
            }
            out = o;
            return true;
        }
        if (c == u'[') {
            ++m_p;
            QJsonArray a;
            skipWs();
            if (m_p < m_end && ch(m_p) == u']') {
                ++m_p;
                out = a;
                return true;
            }
            for (;;) {
                QJsonValue v;
                if (!readValue(v, depth + 1))
                    return false;
                a.append(v);
                skipWs();
                if (m_p < m_end && ch(m_p) == u',') {
                    ++m_p;
                    continue;
                }
                if (!expect(u']', "',' or ']' after a value in an array"))
                    return false;
                break;
            }
            out = a;
            return true;
        }
        FieldValue f;
        if (!readField(f))
            return false;
        out = f.toJson();
        return true;
    }

    // --- plan structure ---
    static bool isTopLevelKey(QStringView k)
    {
        return k == u"Plan" || k == u"Planning Time" || k == u"Execution Time" || k == u"Total Runtime"
            || k == u"Triggers" || k == u"JIT" || k == u"Settings" || k == u"Query Text"
            || k == u"Query Identifier" || k == u"Planning" || k == u"Serialization";
    }

    // At '{' of the object that holds "Plan" (or, when its keys are node keys, of the root node itself).
    bool readTopObject()
    {
        const C *objectStart = m_p - 1;   // the '{' already consumed
        bool first = true;
        bool sawPlan = false;
        for (;;) {
            skipWs();
            if (m_p < m_end && ch(m_p) == u'}') {
                ++m_p;
                break;
            }
            if (!first && !expect(u',', "',' or '}' after a value in the plan object"))
                return false;
            skipWs();
            if (m_p >= m_end || ch(m_p) != u'"')
                return fail(m_p, QStringLiteral("expected a key in double quotes, found %1").arg(found(m_p)));
            QStringView key;
            if (!readString(key, m_keyBuffer) || !expect(u':', "':' after the key"))
                return false;
            if (first && !isTopLevelKey(key) && (key == u"Plans" || PlanFields::nodeKeyKind(key) != PlanFields::ValueKind::Other)) {
                // A bare plan node, as some tools store it: read the object again as the root node.
                m_p = objectStart;
                ++m_p;
                return readNodeTree();
            }
            first = false;
            if (key == u"Plan") {
                if (sawPlan)
                    return fail(m_p, QStringLiteral("a second \"Plan\" key in the same object"));
                sawPlan = true;
                if (!expect(u'{', "'{' to start the \"Plan\" object"))
                    return false;
                if (!readNodeTree())
                    return false;
            } else if (key == u"Query Identifier") {
                // A 64-bit id: keep its digits, a double would round them.
                skipWs();
                if (m_p < m_end && ch(m_p) == u'"') {
                    QStringView s;
                    if (!readString(s, m_valueBuffer))
                        return false;
                    m_plan.queryId = s.toString();
                } else {
                    double d = 0;
                    QStringView raw;
                    if (!readNumber(d, &raw))
                        return false;
                    m_plan.queryId = raw.toString();
                }
            } else {
                const QString k = key.toString();
                QJsonValue v;
                if (!readValue(v, 1))
                    return false;
                PlanFields::setPlanField(m_plan, k, v);
            }
        }
        if (!sawPlan && m_plan.nodes.isEmpty())
            return fail(objectStart, QStringLiteral("this object has no \"Plan\" key: expected EXPLAIN (FORMAT JSON) "
                                                    "output like {\"Plan\": {\"Node Type\": ...}}"));
        return true;
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
        m_plan.nodes.append(std::move(n));
        return int(m_plan.nodes.size()) - 1;
    }

    struct Frame {
        int node;
        bool inPlans;      // reading the "Plans" array of this node
        bool firstKey;
        bool firstElement;
        const C *start;
    };

    // At the first character after the '{' of a plan node. Nodes are appended in pre-order; the explicit stack
    // replaces recursion, so depth is bounded only by memory.
    bool readNodeTree()
    {
        QList<Frame> stack;
        stack.append({newNode(-1), false, true, true, m_p - 1});
        FieldValue value;
        while (!stack.isEmpty()) {
            Frame &f = stack.last();
            skipWs();
            if (f.inPlans) {
                if (m_p < m_end && ch(m_p) == u']') {
                    ++m_p;
                    f.inPlans = false;
                    continue;
                }
                if (!f.firstElement && !expect(u',', "',' or ']' after a node in \"Plans\""))
                    return false;
                f.firstElement = false;
                if (!expect(u'{', "a plan node object '{' in \"Plans\""))
                    return false;
                const int child = newNode(f.node);
                stack.append({child, false, true, true, m_p - 1});
                continue;
            }
            if (m_p < m_end && ch(m_p) == u'}') {
                ++m_p;
                if (m_plan.nodes[f.node].nodeType.isEmpty())
                    return fail(f.start, QStringLiteral("this plan node has no \"Node Type\""));
                stack.removeLast();
                continue;
            }
            if (!f.firstKey && !expect(u',', "',' or '}' after a value in a plan node"))
                return false;
            f.firstKey = false;
            skipWs();
            if (m_p >= m_end || ch(m_p) != u'"')
                return fail(m_p, QStringLiteral("expected a key in double quotes, found %1").arg(found(m_p)));
            QStringView key;
            if (!readString(key, m_keyBuffer) || !expect(u':', "':' after the key"))
                return false;
            if (key == u"Plans") {
                if (!expect(u'[', "'[' to start the \"Plans\" array"))
                    return false;
                f.inPlans = true;
                f.firstElement = true;
                continue;
            }
            // The key view may point into m_keyBuffer, which readField does not touch.
            if (!readField(value))
                return false;
            PlanFields::setNodeField(m_plan.nodes[f.node], key, value);
        }
        return true;
    }
};

} // namespace

Result<Plan> parseJsonPlan(QStringView text)
{
    JsonPlanReader<QChar> reader(text.data(), text.size());
    return reader.read();
}

Result<Plan> parseJsonPlanUtf8(QByteArrayView utf8)
{
    JsonPlanReader<char> reader(utf8.data(), utf8.size());
    return reader.read();
}

Result<Plan> planFromJsonTree(const QJsonValue &root)
{
    QJsonObject top;
    if (root.isArray()) {
        const QJsonArray a = root.toArray();
        if (a.isEmpty() || !a.first().isObject())
            return ParseError{0, 0, QStringLiteral("the plan holds no query object: expected a list with one entry "
                                                   "that has a \"Plan\"")};
        top = a.first().toObject();
    } else if (root.isObject()) {
        top = root.toObject();
    } else {
        return ParseError{0, 0, QStringLiteral("expected a plan object with a \"Plan\" entry")};
    }
    Plan plan;
    QJsonObject rootNode;
    if (top.contains(u"Plan")) {
        rootNode = top.value(u"Plan").toObject();
        for (auto it = top.begin(); it != top.end(); ++it)
            if (it.key() != u"Plan")
                PlanFields::setPlanField(plan, it.key(), it.value());
    } else if (top.contains(u"Node Type")) {
        rootNode = top;
    } else {
        return ParseError{0, 0, QStringLiteral("no \"Plan\" entry found: expected EXPLAIN output with a plan")};
    }
    // Pre-order with an explicit stack: pop a node, then push its children in reverse.
    QList<QPair<QJsonObject, int>> stack{{rootNode, -1}};
    while (!stack.isEmpty()) {
        auto [object, parent] = stack.takeLast();
        PlanNode n;
        n.id = int(plan.nodes.size());
        n.parent = parent;
        if (parent >= 0) {
            n.depth = plan.nodes[parent].depth + 1;
            plan.nodes[parent].children.append(n.id);
        }
        QJsonArray children;
        for (auto it = object.begin(); it != object.end(); ++it) {
            if (it.key() == u"Plans")
                children = it.value().toArray();
            else
                PlanFields::setNodeField(n, it.key(), it.value());
        }
        if (n.nodeType.isEmpty())
            return ParseError{0, 0, QStringLiteral("plan node %1 has no \"Node Type\"").arg(n.id + 1)};
        const int id = n.id;
        plan.nodes.append(std::move(n));
        for (qsizetype c = children.size() - 1; c >= 0; --c)
            stack.append({children[c].toObject(), id});
    }
    PlanFields::finishPlan(plan);
    return plan;
}

} // namespace PlanLens
