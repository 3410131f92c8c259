// SPDX-License-Identifier: MIT
#include "keysetpaginationrule.h"

#include "catalogchecks.h"
#include "rulesupport.h"
#include "sqltree.h"

namespace PlanLens {

using namespace SqlTree;

namespace {
// Below this OFFSET, reading and dropping the skipped rows costs little.
constexpr int kLargeOffset = 1000;
} // namespace

QList<Rewrite> KeysetPaginationRule::propose(const RewriteInput &in) const
{
    QList<Rewrite> out;
    for (int si = 0; si < in.script.statements.size(); ++si) {
        if (!RuleSupport::isPlainSelect(in.script.statements.at(si))) continue;
        const StatementText st(in.script, si, in.tokens);
        const QJsonObject sel = body(st.tree());
        const QJsonValue offset = sel.value(QStringLiteral("limitOffset"));
        const QJsonArray sort = sel.value(QStringLiteral("sortClause")).toArray();
        // OFFSET 150000, or OFFSET $1 / $page_offset: a parameter is the application paging through the rows, and
        // its later pages skip as many rows as any constant would (the large-offset finding sees it in the plan).
        const bool paramOffset = is(offset, QLatin1StringView("ParamRef"));
        if ((!is(offset, QLatin1StringView("A_Const")) && !paramOffset) || sort.isEmpty()
            || !sel.contains(QStringLiteral("limitCount")) || sel.contains(QStringLiteral("groupClause"))
            || sel.contains(QStringLiteral("distinctClause")) || sel.value(QStringLiteral("op")).toString() != u"SETOP_NONE")
            continue;
        const int skipped = paramOffset
            ? -1
            : body(offset).value(QStringLiteral("ival")).toObject().value(QStringLiteral("ival")).toInt();
        if (!paramOffset && skipped < kLargeOffset) continue;
        const QString offsetText = paramOffset ? st.text(st.firstToken(offset), st.firstToken(offset)) : QString::number(skipped);

        QSet<QString> taken(in.script.namedParams.cbegin(), in.script.namedParams.cend());
        QStringList cols, params, columnNames;
        QList<bool> desc;
        bool ok = true;
        for (const QJsonValue &s : sort) {
            const QJsonObject sb = body(s);
            const QJsonValue node = sb.value(QStringLiteral("node"));
            const QStringList f = columnRef(node);
            // NULLS FIRST/LAST and USING need the expanded NULL-aware form: not handled.
            if (f.isEmpty() || f.size() > 2 || f.last() == u"*"
                || sb.value(QStringLiteral("sortby_nulls")).toString() != u"SORTBY_NULLS_DEFAULT"
                || sb.value(QStringLiteral("sortby_dir")).toString() == u"SORTBY_USING") {
                ok = false;
                break;
            }
            cols << st.text(st.qualifiedName(st.firstToken(node)));
            columnNames << f.last();
            const QString p = freshName(QStringLiteral("last_") + f.last(), taken);
            taken.insert(p);
            params << u'$' + p;
            desc << (sb.value(QStringLiteral("sortby_dir")).toString() == u"SORTBY_DESC");
        }
        if (!ok) continue;
        const bool sameDirection = std::all_of(desc.cbegin(), desc.cend(), [&](bool d) { return d == desc.first(); });
        QString cond;
        if (sameDirection) {
            const QString op = desc.first() ? QStringLiteral("<") : QStringLiteral(">");
            cond = cols.size() == 1 ? QStringLiteral("%1 %2 %3").arg(cols.first(), op, params.first())
                                    : QStringLiteral("(%1) %2 (%3)")
                                          .arg(cols.join(QStringLiteral(", ")), op, params.join(QStringLiteral(", ")));
        } else {
            // (a, b) < (x, y) compares both columns in one direction; mixed directions need the spelled-out form.
            QStringList terms;
            for (int i = 0; i < cols.size(); ++i) {
                QStringList t;
                for (int j = 0; j < i; ++j)
                    t << QStringLiteral("%1 = %2").arg(cols.at(j), params.at(j));
                t << QStringLiteral("%1 %2 %3")
                         .arg(cols.at(i), desc.at(i) ? QStringLiteral("<") : QStringLiteral(">"), params.at(i));
                terms << (t.size() == 1 ? t.first() : u'(' + t.join(QStringLiteral(" AND ")) + u')');
            }
            cond = u'(' + terms.join(QStringLiteral(" OR ")) + u')';
        }

        QList<SqlEdit> edits;
        const QJsonValue where = sel.value(QStringLiteral("whereClause"));
        if (!where.isUndefined()) {
            const TokRange r = st.clauseExpression(where);
            if (!r.isValid()) continue;
            if (isBoolOp(where, QLatin1StringView("OR_EXPR"))) {
                edits << SqlEdit { st.startOf(r.first), st.startOf(r.first), QStringLiteral("(") };
                edits << SqlEdit { st.endOf(r.last), st.endOf(r.last), QStringLiteral(") AND ") + cond };
            } else {
                edits << SqlEdit { st.endOf(r.last), st.endOf(r.last), QStringLiteral(" AND ") + cond };
            }
        } else {
            const int fromLast = st.fromClauseLastToken();
            if (fromLast < 0) continue;
            edits << SqlEdit { st.endOf(fromLast), st.endOf(fromLast), QStringLiteral(" WHERE ") + cond };
        }
        // Drop "OFFSET n [ROW|ROWS]" with the blank before it.
        const int valueTok = st.firstToken(offset);
        const int offsetTok = valueTok - 1;
        if (!in.tokens.isWord(offsetTok, QLatin1StringView("OFFSET")) || offsetTok < 1) continue;
        int lastTok = valueTok;
        if (in.tokens.isWord(lastTok + 1, QLatin1StringView("ROW"))
            || in.tokens.isWord(lastTok + 1, QLatin1StringView("ROWS")))
            ++lastTok;
        edits << SqlEdit { st.endOf(offsetTok - 1), st.endOf(lastTok), QString() };

        Rewrite r;
        r.rule = id();
        r.replaces = { si };
        r.statements = { st.edited(edits) };
        r.title = QStringLiteral("Keyset pagination: continue after (%1) instead of OFFSET %2")
                      .arg(params.join(QStringLiteral(", ")), offsetText);
        const QString total = QStringLiteral("The ORDER BY (%1) is total: its columns include a unique key, otherwise "
                                             "rows with equal sort keys are skipped or repeated between pages.")
                                  .arg(cols.join(QStringLiteral(", ")));
        r.preconditions << total
                        << QStringLiteral("The sort columns are never NULL (a row comparison with NULL is NULL, so "
                                          "such rows would never appear).")
                        << QStringLiteral("The application passes the previous page's last (%1) as %2 instead of a "
                                          "page number (%3); pages can no longer be reached by number directly.")
                               .arg(columnNames.join(QStringLiteral(", ")), params.join(QStringLiteral(", ")),
                                   paramOffset ? QStringLiteral("the OFFSET parameter %1 is gone").arg(offsetText)
                                               : QStringLiteral("OFFSET %1").arg(offsetText));
        if (auto order = RuleSupport::orderTotalCheck(sel)) {
            order->required = true;
            order->precondition = total;
            order->whenFalse
                = QStringLiteral("No unique index lies within the ORDER BY columns: add the primary key as "
                                 "the last sort column first.");
            r.checks << *order;
        }
        for (const QJsonValue &s : sort) {
            const QStringList f = columnRef(body(s).value(QStringLiteral("node")));
            const auto t = RuleSupport::resolveTable(
                sel.value(QStringLiteral("fromClause")).toArray(), f.size() == 2 ? f.first() : QString());
            if (!t) continue;
            CatalogCheck c = CatalogChecks::notNull(t->schemaname, t->relname, f.last());
            c.precondition = r.preconditions.at(1);
            c.whenFalse = QStringLiteral("%1.%2 may be NULL: rows with a NULL sort key would be lost.")
                              .arg(t->relname, f.last());
            r.checks << c;
        }
        r.mapping.kind = QStringLiteral("none");
        r.mapping.description
            = QStringLiteral("With %1 set to the previous page's last row, the After returns the rows "
                             "OFFSET %2 returns; this needs that row, so rows are not compared "
                             "automatically.")
                  .arg(params.join(QStringLiteral(", ")), offsetText);
        r.explanation = QStringLiteral("OFFSET %1 makes PostgreSQL produce and throw away %2 before the page, so "
                                       "every later page is slower. With an index on the ORDER BY columns, the keyset "
                                       "condition starts the index scan right after the previous page's last row: each "
                                       "page costs the same. The new parameters %3 are the sort values of the last row "
                                       "the application showed (named $last_<column>, numbered $last_<column>_2, ... "
                                       "when the name is taken).")
                            .arg(offsetText,
                                paramOffset ? QStringLiteral("that many rows") : QStringLiteral("%1 rows").arg(skipped),
                                params.join(QStringLiteral(", ")));
        out << r;
    }
    return out;
}

} // namespace PlanLens
