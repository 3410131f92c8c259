// SPDX-License-Identifier: MIT
#include "xmlparser.h"
#include "jsonparser.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QXmlStreamReader>

namespace PlanLens {

namespace {

// XML tag -> JSON key: explain.c writes spaces as '-', which also hides the real hyphens of a few keys.
QString keyFromTag(QStringView tag)
{
    QString k = tag.toString();
    k.replace(u'-', u' ');
    // "I/O Read Time" and "Temp I/O Write Time": the slash became a '-' as well.
    k.replace(QStringLiteral("I O "), QStringLiteral("I/O "));
    if (k == u"One Time Filter")
        return QStringLiteral("One-Time Filter");
    if (k == u"Full sort Groups")
        return QStringLiteral("Full-sort Groups");
    if (k == u"Pre sorted Groups")
        return QStringLiteral("Pre-sorted Groups");
    return k;
}

// Containers whose children form a list: <Plans><Plan/>…, <Workers><Worker/>…, <Output><Item/>…, <explain><Query/>.
bool isListChild(QStringView parent, QStringView child)
{
    return child == u"Item" || (parent.endsWith(u's') && parent.chopped(1) == child) || child == u"Query";
}

struct Element {
    QString tag;
    QJsonObject object;
    QJsonArray array;
    QString text;
    bool hasChildren = false;
    bool isList = false;
};

} // namespace

Result<Plan> parseXmlPlan(QStringView text)
{
    QXmlStreamReader xml(text.toString());
    QList<Element> stack;
    QJsonValue root;
    while (!xml.atEnd()) {
        const auto token = xml.readNext();
        if (token == QXmlStreamReader::StartElement) {
            if (stack.size() > 2000)
                return ParseError{int(xml.lineNumber()), int(xml.columnNumber()),
                                  QStringLiteral("the XML plan is nested more than 2000 elements deep")};
            stack.append(Element{xml.name().toString(), {}, {}, {}, false, false});
        } else if (token == QXmlStreamReader::Characters && !stack.isEmpty()) {
            stack.last().text += xml.text();
        } else if (token == QXmlStreamReader::EndElement && !stack.isEmpty()) {
            Element e = stack.takeLast();
            QJsonValue value = !e.hasChildren ? QJsonValue(e.text.trimmed())
                : e.isList                    ? QJsonValue(e.array)
                                              : QJsonValue(e.object);
            if (stack.isEmpty()) {
                root = value;
                continue;
            }
            Element &p = stack.last();
            if (!p.hasChildren)
                p.isList = isListChild(p.tag, e.tag);
            p.hasChildren = true;
            if (p.isList)
                p.array.append(value);
            else
                p.object.insert(keyFromTag(e.tag), value);
        }
    }
    if (xml.hasError())
        return ParseError{int(xml.lineNumber()), int(xml.columnNumber()),
                          QStringLiteral("the XML plan is not well-formed: %1 (expected EXPLAIN (FORMAT XML) output)")
                              .arg(xml.errorString())};
    Result<Plan> plan = planFromJsonTree(root);
    if (isError(plan)) {
        ParseError e = std::get<ParseError>(plan);
        e.message = QStringLiteral("XML plan: ") + e.message;
        return e;
    }
    return plan;
}

} // namespace PlanLens
