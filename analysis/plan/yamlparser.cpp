// SPDX-License-Identifier: MIT
#include "yamlparser.h"
#include "jsonparser.h"
#include "planfields.h"

#include <QJsonArray>
#include <QJsonObject>

namespace PlanLens {

namespace {

struct YamlLine {
    int indent;
    QString text;   // without the indentation
    int line;       // 1-based
};

class YamlReader
{
public:
    explicit YamlReader(QStringView input)
    {
        int number = 0;
        for (QStringView l : input.split(u'\n')) {
            ++number;
            if (l.endsWith(u'\r'))
                l.chop(1);
            qsizetype e = l.size();
            while (e > 0 && l[e - 1].isSpace())
                --e;
            l = l.left(e);
            int i = 0;
            while (i < l.size() && l[i] == u' ')
                ++i;
            if (i == l.size() || l.mid(i).startsWith(u'#'))
                continue;
            m_lines.append({i, l.mid(i).toString(), number});
        }
    }

    Result<Plan> read()
    {
        if (m_lines.isEmpty())
            return ParseError{1, 1, QStringLiteral("the YAML plan is empty: expected '- Plan:'")};
        qsizetype i = 0;
        QJsonValue root;
        if (!parseBlock(i, m_lines.first().indent, root, 0))
            return m_error;
        if (i < m_lines.size())
            return ParseError{m_lines[i].line, m_lines[i].indent + 1,
                              QStringLiteral("unexpected indentation: expected a line at column %1, found '%2'")
                                  .arg(m_lines.first().indent + 1).arg(m_lines[i].text)};
        Result<Plan> plan = planFromJsonTree(root);
        if (isError(plan)) {
            ParseError e = std::get<ParseError>(plan);
            e.message = QStringLiteral("YAML plan: ") + e.message;
            return e;
        }
        return plan;
    }

private:
    QList<YamlLine> m_lines;
    ParseError m_error;

    bool fail(const YamlLine &l, const QString &message)
    {
        m_error = ParseError{l.line, l.indent + 1, message};
        return false;
    }

    static QJsonValue scalar(QStringView s)
    {
        s = s.trimmed();
        if (s.size() >= 2 && s.front() == u'"' && s.back() == u'"') {
            QString out;
            for (qsizetype i = 1; i + 1 < s.size(); ++i) {
                if (s[i] == u'\\' && i + 2 < s.size()) {
                    const QChar c = s[++i];
                    out += c == u'n' ? QChar(u'\n') : c == u't' ? QChar(u'\t') : c;
                } else {
                    out += s[i];
                }
            }
            return out;
        }
        if (s.size() >= 2 && s.front() == u'\'' && s.back() == u'\'')
            return s.mid(1, s.size() - 2).toString().replace(QStringLiteral("''"), QStringLiteral("'"));
        if (s == u"true" || s == u"false")
            return s == u"true";
        if (s.isEmpty() || s == u"null" || s == u"~")
            return QJsonValue(QJsonValue::Null);
        if (const auto d = PlanFields::parseNumber(s); d && (s.front().isDigit() || s.front() == u'-'))
            return *d;
        return s.toString();
    }

    // "key: value" -> key, value (value may be empty). The key ends at the first ": " outside quotes.
    static bool splitKey(QStringView s, QString &key, QStringView &value)
    {
        const qsizetype c = s.indexOf(u": ");
        if (c > 0) {
            key = s.left(c).toString();
            value = s.mid(c + 2);
            return true;
        }
        if (s.endsWith(u':')) {
            key = s.chopped(1).toString();
            value = {};
            return true;
        }
        return false;
    }

    // Reads the block (map or sequence) whose lines sit at `indent`, starting at line i.
    bool parseBlock(qsizetype &i, int indent, QJsonValue &out, int depth)
    {
        if (depth > 1000)
            return fail(m_lines[i], QStringLiteral("the YAML plan is nested more than 1000 levels deep"));
        if (m_lines[i].text.startsWith(u"- ") || m_lines[i].text == u"-") {
            QJsonArray a;
            while (i < m_lines.size() && m_lines[i].indent == indent
                   && (m_lines[i].text.startsWith(u"- ") || m_lines[i].text == u"-")) {
                YamlLine &l = m_lines[i];
                const QString rest = l.text.mid(2).trimmed();
                QJsonValue item;
                QString key;
                QStringView value;
                if (rest.isEmpty()) {
                    ++i;
                    if (i < m_lines.size() && m_lines[i].indent > indent && !parseBlock(i, m_lines[i].indent, item, depth + 1))
                        return false;
                } else if (splitKey(rest, key, value) && !rest.startsWith(u'"')) {
                    // "- Key: value" opens a map whose first line is this one, two columns in.
                    l.indent = indent + 2;
                    l.text = rest;
                    if (!parseBlock(i, indent + 2, item, depth + 1))
                        return false;
                } else {
                    item = scalar(rest);
                    ++i;
                }
                a.append(item);
            }
            out = a;
            return true;
        }
        QJsonObject o;
        while (i < m_lines.size() && m_lines[i].indent == indent && !m_lines[i].text.startsWith(u"- ")) {
            const YamlLine &l = m_lines[i];
            QString key;
            QStringView value;
            if (!splitKey(l.text, key, value))
                return fail(l, QStringLiteral("expected 'Key: value' in the YAML plan, found '%1'").arg(l.text));
            ++i;
            QJsonValue v;
            if (!value.trimmed().isEmpty()) {
                v = scalar(value);
            } else if (i < m_lines.size()
                       && (m_lines[i].indent > indent
                           || (m_lines[i].indent == indent && m_lines[i].text.startsWith(u"- ")))) {
                if (!parseBlock(i, m_lines[i].indent, v, depth + 1))
                    return false;
            } else {
                v = QJsonValue(QJsonValue::Null);
            }
            o.insert(key, v);
        }
        out = o;
        return true;
    }
};

} // namespace

Result<Plan> parseYamlPlan(QStringView text)
{
    YamlReader reader(text);
    return reader.read();
}

} // namespace PlanLens
