// SPDX-License-Identifier: MIT
// JSON, YAML and XML plans: the same keys as TEXT, each format's own quoting.
#include "planrewrite.h"

#include <QHash>
#include <QList>
#include <QRegularExpression>

namespace PlanLens {

namespace {

QString sl(const char *s) { return QString::fromLatin1(s); }

const QHash<QString, FieldInfo> &fieldRoles()
{
    using K = Anonymizer::Kind;
    static const QHash<QString, FieldInfo> roles = [] {
        QHash<QString, FieldInfo> r;
        auto name = [&r](const char *key, K kind) { r.insert(sl(key), FieldInfo{FieldRole::Name, kind}); };
        name("Relation Name", K::Table);
        name("Relation", K::Table);                 // a trigger's table
        name("Schema", K::Schema);
        name("Alias", K::Alias);
        name("Index Name", K::Index);
        name("CTE Name", K::Cte);
        name("Function Name", K::Function);
        name("Trigger Name", K::Trigger);
        name("Constraint Name", K::Constraint);
        name("Sampling Method", K::Function);
        name("Table Function Name", K::Function);
        r.insert(sl("Conflict Arbiter Indexes"), FieldInfo{FieldRole::NameList, K::Index});
        r.insert(sl("search_path"), FieldInfo{FieldRole::NameList, K::Schema});   // SETTINGS: names schemas
        for (const char *key : {"Filter", "Join Filter", "Index Cond", "Recheck Cond", "Hash Cond", "Merge Cond",
                                "TID Cond", "One-Time Filter", "Output", "Sort Key", "Presorted Key", "Group Key",
                                "Group Keys", "Hash Key", "Hash Keys", "Cache Key", "Order By", "Run Condition",
                                "Conflict Filter", "Sampling Parameters", "Repeatable Seed", "Function Call",
                                "Table Function Call", "Subplan Name", "Sort Keys", "Window", "Full-sort Groups Key"})
            r.insert(sl(key), FieldInfo{FieldRole::Expression, K::Column});
        r.insert(sl("Query Text"), FieldInfo{FieldRole::QueryText, K::Column});
        r.insert(sl("Foreign File"), FieldInfo{FieldRole::Literal, K::Column});   // file_fdw: a path on the server
        return r;
    }();
    return roles;
}

// JSON string body (between the quotes) → text.
QString jsonDecode(QStringView s)
{
    QString out;
    out.reserve(s.size());
    for (qsizetype i = 0; i < s.size(); ++i) {
        const QChar c = s.at(i);
        if (c != u'\\' || i + 1 >= s.size()) {
            out += c;
            continue;
        }
        const QChar e = s.at(++i);
        switch (e.unicode()) {
        case 'n': out += u'\n'; break;
        case 't': out += u'\t'; break;
        case 'r': out += u'\r'; break;
        case 'b': out += u'\b'; break;
        case 'f': out += u'\f'; break;
        case 'u':
            if (i + 4 < s.size()) {
                out += QChar(char16_t(s.mid(i + 1, 4).toUInt(nullptr, 16)));
                i += 4;
            }
            break;
        default: out += e; break;   // \" \\ \/
        }
    }
    return out;
}

// Text → JSON string body, escaped as PostgreSQL's escape_json does.
QString jsonEncode(const QString &s)
{
    QString out;
    out.reserve(s.size() + 8);
    for (QChar c : s) {
        switch (c.unicode()) {
        case '"': out += sl("\\\""); break;
        case '\\': out += sl("\\\\"); break;
        case '\n': out += sl("\\n"); break;
        case '\t': out += sl("\\t"); break;
        case '\r': out += sl("\\r"); break;
        case '\b': out += sl("\\b"); break;
        case '\f': out += sl("\\f"); break;
        default:
            if (c.unicode() < 0x20)
                out += QStringLiteral("\\u%1").arg(c.unicode(), 4, 16, QLatin1Char('0'));
            else
                out += c;
        }
    }
    return out;
}

QString xmlDecode(QStringView s)
{
    if (!s.contains(u'&'))
        return s.toString();
    QString out;
    for (qsizetype i = 0; i < s.size(); ++i) {
        if (s.at(i) != u'&') {
            out += s.at(i);
            continue;
        }
        const qsizetype semi = s.indexOf(u';', i);
        if (semi < 0) {
            out += s.mid(i);
            break;
        }
        const QStringView ent = s.mid(i + 1, semi - i - 1);
        if (ent == u"lt")
            out += u'<';
        else if (ent == u"gt")
            out += u'>';
        else if (ent == u"amp")
            out += u'&';
        else if (ent == u"quot")
            out += u'"';
        else if (ent == u"apos")
            out += u'\'';
        else if (ent.startsWith(u"#x"))
            out += QChar(char16_t(ent.mid(2).toUInt(nullptr, 16)));
        else if (ent.startsWith(u'#'))
            out += QChar(char16_t(ent.mid(1).toUInt()));
        else
            out += s.mid(i, semi - i + 1);
        i = semi;
    }
    return out;
}

QString xmlEncode(const QString &s)
{
    QString out = s;
    out.replace(u'&', sl("&amp;"));
    out.replace(u'<', sl("&lt;"));
    out.replace(u'>', sl("&gt;"));
    return out;
}

} // namespace

FieldInfo planFieldRole(QStringView key)
{
    return fieldRoles().value(key.toString());
}

QString anonymizeField(const FieldInfo &field, const QString &value, Anonymizer &a)
{
    switch (field.role) {
    case FieldRole::Name: return a.anonymizeName(value, field.kind);
    case FieldRole::NameList: return a.anonymizeNames(value, field.kind);
    case FieldRole::Expression: return a.anonymizeExpression(value);
    case FieldRole::QueryText: return a.anonymizeQueryText(value);
    case FieldRole::Literal: return a.anonymizeLiteral(value);
    case FieldRole::None: break;
    }
    return value;
}

// A small scanner over the JSON text: it tracks which key each string value belongs to (array elements belong
// to the key of their array) and splices the anonymized value in place of the original string.
QString anonymizeJsonPlan(const QString &text, Anonymizer &a)
{
    struct Frame {
        bool object = false;
        QString key;   // object: the last key read; array: the key the array is the value of
    };
    QList<Frame> stack;
    QString out;
    out.reserve(text.size() + 64);
    bool expectKey = false;
    qsizetype copied = 0;
    const qsizetype n = text.size();
    for (qsizetype i = 0; i < n; ++i) {
        const QChar c = text.at(i);
        if (c == u'{') {
            stack.append(Frame{true, QString()});
            expectKey = true;
        } else if (c == u'[') {
            stack.append(Frame{false, stack.isEmpty() ? QString() : stack.last().key});
        } else if (c == u'}' || c == u']') {
            if (!stack.isEmpty())
                stack.removeLast();
            expectKey = false;
        } else if (c == u',') {
            expectKey = !stack.isEmpty() && stack.last().object;
        } else if (c == u':') {
            expectKey = false;
        } else if (c == u'"') {
            qsizetype j = i + 1;
            while (j < n && text.at(j) != u'"')
                j += text.at(j) == u'\\' ? 2 : 1;
            const QStringView body = QStringView(text).mid(i + 1, j - i - 1);
            if (expectKey && !stack.isEmpty()) {
                stack.last().key = jsonDecode(body);
            } else if (!stack.isEmpty()) {
                const FieldInfo role = planFieldRole(stack.last().key);
                if (role.role != FieldRole::None) {
                    out += QStringView(text).mid(copied, i + 1 - copied);
                    out += jsonEncode(anonymizeField(role, jsonDecode(body), a));
                    copied = j;
                }
            }
            i = j;
        }
    }
    out += QStringView(text).mid(copied);
    return out;
}

// PostgreSQL's YAML: "Key: value" lines, list items "- value" under a key with no value, values double-quoted
// with JSON escapes when they need quoting.
QString anonymizeYamlPlan(const QString &text, Anonymizer &a)
{
    static const QRegularExpression keyLine(QStringLiteral("^(\\s*(?:- )*)([A-Za-z][A-Za-z0-9 /_-]*):(?: (.*))?$"));
    static const QRegularExpression itemLine(QStringLiteral("^(\\s*(?:- )+)(.*)$"));
    QStringList lines = text.split(u'\n');
    QString listKey;
    qsizetype listIndent = -1;
    auto scalar = [&a](const FieldInfo &role, const QString &padded) -> QString {
        // psql pads the YAML lines of a result frame: the blanks after the value are layout and stay.
        const QString raw = padded.trimmed();
        const QString pad = padded.mid(padded.indexOf(raw) + raw.size());
        if (raw.size() >= 2 && raw.startsWith(u'"') && raw.endsWith(u'"'))
            return u'"' + jsonEncode(anonymizeField(role, jsonDecode(QStringView(raw).mid(1, raw.size() - 2)), a)) + u'"'
                + pad;
        const QString v = anonymizeField(role, raw, a);
        if (v == raw || !(v.contains(sl(": ")) || v.contains(u'#') || v.startsWith(u'\'')))
            return v + pad;
        return u'"' + jsonEncode(v) + u'"' + pad;
    };
    for (QString &line : lines) {
        const QRegularExpressionMatch k = keyLine.match(line);
        if (k.hasMatch()) {
            const QString key = k.captured(2);
            const QString value = k.captured(3);
            const qsizetype indent = k.capturedLength(1);
            if (listIndent >= 0 && indent <= listIndent)
                listIndent = -1;
            if (value.trimmed().isEmpty()) {
                listKey = key;
                listIndent = indent;
                continue;
            }
            const FieldInfo role = planFieldRole(key);
            if (role.role != FieldRole::None)
                line = line.left(k.capturedStart(3)) + scalar(role, value);
            continue;
        }
        const QRegularExpressionMatch it = itemLine.match(line);
        if (it.hasMatch() && listIndent >= 0 && it.capturedLength(1) > listIndent) {
            const FieldInfo role = planFieldRole(listKey);
            if (role.role != FieldRole::None)
                line = it.captured(1) + scalar(role, it.captured(2));
        }
    }
    return lines.join(u'\n');
}

// PostgreSQL's XML: one element per key (blanks as hyphens), list values as <Item> children of the key's element.
QString anonymizeXmlPlan(const QString &text, Anonymizer &a)
{
    QString out;
    out.reserve(text.size() + 64);
    QStringList stack;   // the key of each open element
    qsizetype copied = 0;
    const qsizetype n = text.size();
    qsizetype i = text.indexOf(u'<');
    while (i >= 0 && i < n) {
        const qsizetype close = text.indexOf(u'>', i);
        if (close < 0)
            break;
        const QStringView tag = QStringView(text).mid(i + 1, close - i - 1);
        const qsizetype next = text.indexOf(u'<', close);
        if (tag.startsWith(u'/')) {
            if (!stack.isEmpty())
                stack.removeLast();
        } else if (!tag.startsWith(u'?') && !tag.startsWith(u'!') && !tag.endsWith(u'/')) {
            const QString name = tag.left(tag.indexOf(u' ') < 0 ? tag.size() : tag.indexOf(u' ')).toString();
            // An <Item> (nested for "Group Keys") belongs to the key of the element around it.
            QString key = name;
            if (name == u"Item")
                key = stack.isEmpty() ? QString() : stack.last();
            key.replace(u'-', u' ');
            stack.append(key);
            const FieldInfo role = planFieldRole(key);
            // A leaf: its text runs up to its own closing tag.
            if (role.role != FieldRole::None && next > close
                && QStringView(text).mid(next).startsWith(QString(sl("</") + name + u'>'))) {
                out += QStringView(text).mid(copied, close + 1 - copied);
                out += xmlEncode(anonymizeField(role, xmlDecode(QStringView(text).mid(close + 1, next - close - 1)), a));
                copied = next;
            }
        }
        i = next;
    }
    out += QStringView(text).mid(copied);
    return out;
}

} // namespace PlanLens
