// SPDX-License-Identifier: MIT
#include "anyarrayrule.h"

#include "rulesupport.h"
#include "sqltree.h"

#include <algorithm>

namespace PlanLens {

using namespace SqlTree;

namespace {

// From this many values on, an IN list is worth one array parameter (one statement text for all lengths).
constexpr int kLongList = 20;

// A constant as an element of a PostgreSQL array literal ('{...}'), or nothing for anything else.
std::optional<QString> arrayElement(const QJsonValue &node)
{
    if (!is(node, QLatin1StringView("A_Const"))) return std::nullopt;
    const QJsonObject b = body(node);
    if (b.value(QStringLiteral("isnull")).toBool()) return QStringLiteral("NULL");
    // libpg_query leaves zero values out of its JSON: {"ival": {}} is 0.
    if (b.contains(QStringLiteral("ival")))
        return QString::number(b.value(QStringLiteral("ival")).toObject().value(QStringLiteral("ival")).toInteger());
    if (b.contains(QStringLiteral("fval")))
        return b.value(QStringLiteral("fval")).toObject().value(QStringLiteral("fval")).toString();
    if (b.contains(QStringLiteral("boolval")))
        return b.value(QStringLiteral("boolval")).toObject().value(QStringLiteral("boolval")).toBool()
            ? QStringLiteral("true")
            : QStringLiteral("false");
    if (b.contains(QStringLiteral("sval"))) {
        QString s = b.value(QStringLiteral("sval")).toObject().value(QStringLiteral("sval")).toString();
        s.replace(u'\\', QStringLiteral("\\\\"));
        s.replace(u'"', QStringLiteral("\\\""));
        return u'"' + s + u'"';
    }
    return std::nullopt;
}

std::optional<QString> arrayLiteral(const QJsonArray &items)
{
    QStringList out;
    for (const QJsonValue &v : items) {
        const auto e = arrayElement(v);
        if (!e) return std::nullopt;
        out << *e;
    }
    return u'{' + out.join(u',') + u'}';
}

} // namespace

QList<Rewrite> AnyArrayRule::propose(const RewriteInput &in) const
{
    QList<Rewrite> out;
    if (!in.script.mayContain("AEXPR_IN") && !in.script.mayContain("SubLink"))
        return out;
    for (int si = 0; si < in.script.statements.size(); ++si) {
        if (!RuleSupport::isPlainSelect(in.script.statements.at(si))) continue;
        const StatementText st(in.script, si, in.tokens);
        QSet<QString> taken(in.script.namedParams.cbegin(), in.script.namedParams.cend());
        QList<SqlEdit> edits;
        QList<QPair<QString, QString>> values;
        bool fromValues = false;
        visit(st.tree(), [&](const QJsonObject &node, const QString &type) {
            const QJsonObject b = node.value(type).toObject();
            QJsonValue probe;
            QJsonArray items;
            int listOpen = -1;
            if (type == u"A_Expr" && b.value(QStringLiteral("kind")).toString() == u"AEXPR_IN"
                && operatorName(node) == u"=") {
                items = body(b.value(QStringLiteral("rexpr"))).value(QStringLiteral("items")).toArray();
                if (!is(b.value(QStringLiteral("rexpr")), QLatin1StringView("List")) || items.size() < kLongList)
                    return true;
                probe = b.value(QStringLiteral("lexpr"));
                const int inTok = st.tokenAtLocation(b.value(QStringLiteral("location")).toInt(-1));
                listOpen = in.tokens.isPunct(inTok + 1, u'(') ? inTok + 1 : -1;
            } else if (type == u"SubLink" && b.value(QStringLiteral("subLinkType")).toString() == u"ANY_SUBLINK"
                && !b.contains(QStringLiteral("operName"))) {
                const QJsonObject sub = body(b.value(QStringLiteral("subselect")));
                const QJsonArray lists = sub.value(QStringLiteral("valuesLists")).toArray();
                if (lists.size() < 2) return true;
                for (const QJsonValue &l : lists) {
                    const QJsonArray one = body(l).value(QStringLiteral("items")).toArray();
                    if (one.size() != 1) return true;
                    items.append(one.at(0));
                }
                probe = b.value(QStringLiteral("testexpr"));
                TokRange whole, test, inside;
                if (!st.subLinkRange(node, &whole, &test, &inside)) return true;
                listOpen = inside.first - 1;
                fromValues = true;
            } else {
                return true;
            }
            if (listOpen < 0 || is(probe, QLatin1StringView("RowExpr"))) return true;
            const auto literal = arrayLiteral(items);
            const int close = in.tokens.matchingClose(listOpen);
            const int inTok = listOpen - 1;
            if (!literal || close < 0 || !in.tokens.isWord(inTok, QLatin1StringView("IN"))) return true;
            TokRange p { st.firstToken(probe), inTok - 1 };
            // "(a) IN (...)": the probe's own parentheses open before its first location.
            while (p.first >= 0 && in.tokens.isClose(p.last) && in.tokens.matchingOpen(p.last) >= 0
                && in.tokens.matchingOpen(p.last) < p.first)
                p.first = in.tokens.matchingOpen(p.last);
            if (!p.isValid()) return true;
            const QString name = freshName(QStringLiteral("vals"), taken);
            taken.insert(name);
            edits << SqlEdit { st.startOf(p.first), st.endOf(close),
                QStringLiteral("%1 = ANY($%2)").arg(st.text(p), name) };
            values << qMakePair(name, *literal);
            return false;
        });
        if (edits.isEmpty()) continue;
        Rewrite r;
        r.rule = id();
        r.replaces = { si };
        r.statements = { st.edited(edits) };
        r.paramValues = values;
        QStringList names;
        for (const auto &v : values)
            names << u'$' + v.first;
        r.title = QStringLiteral("= ANY(%1) with the list bound as one array").arg(names.join(QStringLiteral(", ")));
        r.preconditions << QStringLiteral("The application binds the values as one array parameter (%1); the array "
                                          "takes its element type from the column it is compared with.")
                               .arg(names.join(QStringLiteral(", ")))
                        << QStringLiteral("IN and = ANY treat NULLs alike: a NULL in the list never matches, and makes "
                                          "a non-matching comparison NULL in both forms.");
        r.mapping = RuleSupport::sameRows();
        r.explanation = fromValues
            ? QStringLiteral("IN (VALUES …) is planned as a join with a VALUES scan (usually hashed and de-duplicated "
                             "first); = ANY(array) is a plain condition that an index scan can use directly, and "
                             "PostgreSQL hashes long = ANY lists for filters. One array parameter also keeps the "
                             "statement text the same for every list.")
            : QStringLiteral("A long IN (…) list gives every list length its own statement text: a separate entry in "
                             "pg_stat_statements and in prepared-statement caches, and a parse and plan per length. "
                             "= ANY($array) is one statement for every list, with the same plan PostgreSQL makes for "
                             "the IN list (it turns IN (…) into = ANY internally).");
        out << r;
    }
    return out;
}

} // namespace PlanLens
