// SPDX-License-Identifier: MIT
#include "anonymizer.h"

#include "planrewrite.h"
#include "plan/planinput.h"
#include "plan/planparser.h"
#include "sql/sqlscript.h"
#include "sql/sqlspan.h"

#include <QJsonArray>
#include <QRegularExpression>

#include <algorithm>

namespace PlanLens {

namespace {

QString sl(const char *s) { return QString::fromLatin1(s); }

QSet<QString> setOf(std::initializer_list<const char *> words)
{
    QSet<QString> out;
    for (const char *w : words)
        out.insert(QString::fromLatin1(w));
    return out;
}

// The words PostgreSQL's deparser (ruleutils.c) prints in plan expressions, and the SQL keywords a truncated
// query text may hold. A bare word that is none of these, nor a function or a type, is a column. `name`,
// `owner`, `data`, ... are keywords too but common column names, so they are not listed.
const QSet<QString> &expressionKeywords()
{
    static const QSet<QString> words = setOf({
        "and", "or", "not", "is", "null", "true", "false", "any", "all", "some", "case", "when", "then", "else",
        "end", "in", "like", "ilike", "similar", "to", "escape", "between", "symmetric", "asymmetric", "distinct",
        "from", "desc", "asc", "nulls", "first", "last", "using", "collate", "filter", "where", "order", "by", "over",
        "partition", "rows", "range", "groups", "preceding", "following", "unbounded", "current", "row", "array",
        "exists", "cast", "as", "at", "time", "zone", "with", "without", "interval", "unknown", "exclude", "ties",
        "others", "no", "only", "select", "values", "default", "year", "month", "day", "hour", "minute", "second",
        "extract", "overlay", "placing", "position", "substring", "trim", "both", "leading", "trailing", "for",
        "normalize", "nfc", "nfd", "nfkc", "nfkd", "overlaps", "isnull", "notnull", "grouping", "sets", "rollup",
        "cube", "current_date", "current_time", "current_timestamp", "localtime", "localtimestamp", "current_user",
        "current_role", "session_user", "user", "current_catalog", "current_schema", "coalesce", "greatest",
        "least", "nullif", "operator", "within", "group", "having", "limit", "offset", "fetch", "next", "join",
        "left", "right", "inner", "outer", "full", "cross", "on", "union", "intersect", "except", "insert", "into",
        "update", "set", "delete", "returning", "recursive", "materialized", "lateral", "natural", "of", "nowait",
        "skip", "locked", "share", "key", "ordinality", "explain", "analyze", "verbose", "buffers", "format",
        "json", "text", "xml", "yaml", "costs", "timing", "settings", "summary", "wal", "begin", "commit",
        "rollback", "tablesample", "repeatable", "conflict", "do", "nothing", "constraint", "merge", "matched",
        "window", "xmlelement", "xmlattributes", "xmlconcat", "xmlforest", "xmlparse", "xmlpi", "xmlroot",
        "xmlserialize", "xmlexists", "document", "content", "variadic", "unique",
    });
    return words;
}

// Words that continue a type name after `::` ("character varying", "timestamp with time zone").
const QSet<QString> &typeContinuations()
{
    static const QSet<QString> words = setOf({"varying", "precision", "with", "without", "time", "zone"});
    return words;
}

// Words EXPLAIN itself puts into expressions and subplan names.
bool isPlanVocabulary(QStringView w)
{
    return w == u"SubPlan" || w == u"InitPlan" || w == u"hashed" || w == u"PARTIAL" || w == u"CTE"
        || w == u"returns" || w == u"alternatives";
}

QString unquoteIdent(QStringView quoted)
{
    QString s = quoted.mid(1, quoted.size() >= 2 ? quoted.size() - 2 : 0).toString();
    s.replace(sl("\"\""), sl("\""));
    return s;
}

// A name as PostgreSQL stores it: unquoted words fold to lower case, quoted ones are taken literally.
QString nameKey(const SqlTokens &t, int i)
{
    if (t.at(i).kind == SqlTokenKind::QuotedIdent)
        return unquoteIdent(t.tokenText(i));
    return t.tokenText(i).toString().toLower();
}

bool isText(const SqlTokens &t, int i, QStringView s)
{
    return i >= 0 && i < t.size() && t.tokenText(i) == s;
}

// Copies text[from, to) without its comments: a `--` comment is dropped up to its line end, a block comment
// becomes one blank (it may separate two tokens). Comments are free text: they leak like names.
void appendWithoutComments(QString &out, QStringView text, int from, int to)
{
    int i = from;
    while (i < to) {
        if (text.at(i) == u'-' && i + 1 < to && text.at(i + 1) == u'-') {
            while (i < to && text.at(i) != u'\n')
                ++i;
            continue;
        }
        if (text.at(i) == u'/' && i + 1 < to && text.at(i + 1) == u'*') {
            int depth = 0;
            while (i < to) {
                if (text.at(i) == u'/' && i + 1 < to && text.at(i + 1) == u'*') {
                    ++depth;
                    i += 2;
                } else if (text.at(i) == u'*' && i + 1 < to && text.at(i + 1) == u'/') {
                    i += 2;
                    if (--depth == 0)
                        break;
                } else {
                    ++i;
                }
            }
            out += u' ';
            continue;
        }
        out += text.at(i);
        ++i;
    }
}

int kindRank(Anonymizer::Kind k)
{
    using K = Anonymizer::Kind;
    switch (k) {
    case K::Table: return 9;
    case K::Cte: return 8;
    case K::Index: return 7;
    case K::Schema: return 6;
    case K::Function: return 5;
    case K::Type: return 4;
    case K::Trigger:
    case K::Constraint: return 3;
    case K::Alias: return 2;
    case K::Column:
    case K::Param: return 1;
    }
    return 0;
}

} // namespace

QString Anonymizer::kindName(Kind k)
{
    switch (k) {
    case Kind::Table: return sl("table");
    case Kind::Column: return sl("column");
    case Kind::Index: return sl("index");
    case Kind::Alias: return sl("alias");
    case Kind::Schema: return sl("schema");
    case Kind::Function: return sl("function");
    case Kind::Cte: return sl("cte");
    case Kind::Type: return sl("type");
    case Kind::Trigger: return sl("trigger");
    case Kind::Constraint: return sl("constraint");
    case Kind::Param: return sl("param");
    }
    return sl("name");
}

// The rule for what is kept: a function, type or schema that ships with PostgreSQL (pg_catalog) and that queries
// use everywhere. Knowing that a query calls lower() or casts to timestamptz says nothing about the schema, and
// the findings need some of them (implicit-cast reads the cast's type). Anything else is the user's.
const QSet<QString> &Anonymizer::builtinFunctions()
{
    static const QSet<QString> names = setOf({
        "count", "sum", "avg", "min", "max", "lower", "upper", "length", "char_length", "octet_length", "now",
        "coalesce", "greatest", "least", "nullif", "abs", "round", "floor", "ceil", "ceiling", "trunc", "mod",
        "power", "sqrt", "date_trunc", "date_part", "extract", "to_char", "to_date", "to_timestamp", "to_number",
        "generate_series", "unnest", "array_agg", "string_agg", "json_agg", "jsonb_agg", "json_object_agg",
        "jsonb_object_agg", "row_number", "rank", "dense_rank", "percent_rank", "cume_dist", "ntile", "lag", "lead",
        "first_value", "last_value", "nth_value", "bool_and", "bool_or", "every", "concat", "concat_ws", "substr",
        "substring", "replace", "trim", "btrim", "ltrim", "rtrim", "position", "strpos", "left", "right",
        "split_part", "md5", "random", "array_length", "array_position", "array_remove", "array_append",
        "cardinality", "jsonb_build_object", "json_build_object", "jsonb_array_elements", "json_array_elements",
        "jsonb_each", "json_each", "jsonb_extract_path", "jsonb_extract_path_text", "to_tsvector", "to_tsquery",
        "plainto_tsquery", "websearch_to_tsquery", "ts_rank", "age", "current_setting", "set_config", "nextval",
        "currval", "setval", "pg_sleep", "percentile_cont", "percentile_disc", "mode", "stddev", "variance",
        "regexp_replace", "regexp_match", "regexp_matches", "lpad", "rpad", "format", "initcap", "reverse",
        "date", "timezone", "make_date", "make_interval", "clock_timestamp", "statement_timestamp",
        "transaction_timestamp", "gen_random_uuid", "uuid_generate_v4", "hashtext", "pg_backend_pid", "row",
        "array", "exists", "any", "all", "cast", "isfinite", "justify_days", "array_to_string", "string_to_array",
        "textlike", "texteq", "int4eq", "int8eq", "pg_typeof", "num_nonnulls", "num_nulls", "xmlagg", "json_table",
    });
    return names;
}

const QSet<QString> &Anonymizer::builtinTypes()
{
    static const QSet<QString> names = setOf({
        "int", "int2", "int4", "int8", "smallint", "integer", "bigint", "numeric", "decimal", "real", "float",
        "float4", "float8", "double", "precision", "text", "varchar", "bpchar", "char", "character", "varying",
        "name", "bool", "boolean", "date", "time", "timetz", "timestamp", "timestamptz", "interval", "uuid", "json",
        "jsonb", "bytea", "oid", "regclass", "regproc", "regprocedure", "regtype", "regconfig", "inet", "cidr",
        "macaddr", "money", "tsvector", "tsquery", "xml", "bit", "varbit", "point", "record", "anyarray",
        "anyelement", "void", "cstring", "int4range", "int8range", "numrange", "tsrange", "tstzrange", "daterange",
        "unknown", "with", "without", "zone", "serial", "bigserial", "citext", "ltree", "hstore",
    });
    return names;
}

const QSet<QString> &Anonymizer::builtinSchemas()
{
    static const QSet<QString> names = setOf({"pg_catalog", "public", "information_schema", "pg_toast", "$user"});
    return names;
}

bool Anonymizer::keepName(const QString &key, Kind kind) const
{
    if (key.isEmpty() || key.startsWith(u'*'))   // "*VALUES*", "*SELECT* 1": names EXPLAIN makes up
        return true;
    switch (kind) {
    case Kind::Function: return builtinFunctions().contains(key.toLower());
    case Kind::Type: return builtinTypes().contains(key.toLower());
    case Kind::Schema: return builtinSchemas().contains(key);
    // Foreign keys run as system triggers named RI_ConstraintTrigger_<a|c>_<oid>; trigger-dominating reads it.
    case Kind::Trigger: return key.startsWith(sl("RI_ConstraintTrigger"));
    default: return false;
    }
}

QString Anonymizer::tokenFor(const QString &name, Kind kind)
{
    const auto it = m_names.constFind(name);
    if (it != m_names.constEnd())
        return it->token;
    // A schema may really have a table called table_1 (test schemas do): such a token is skipped.
    QString token;
    do {
        token = QStringLiteral("%1_%2").arg(kindName(kind)).arg(++m_counts[int(kind)]);
    } while (m_reserved.contains(token) || m_names.contains(token));
    m_names.insert(name, Entry{kind, token});
    m_reverse.insert(token, name);
    m_order.append(name);
    return token;
}

QString Anonymizer::anonymizeName(const QString &name, Kind kind)
{
    if (keepName(name, kind))
        return name;
    return tokenFor(name, kind);
}

// Strings become 'str_N' by content. LIKE wildcards at either end stay: like-leading-wildcard and the prefix
// index advice read them, and they tell nothing about the data.
QString Anonymizer::stringToken(QStringView literal)
{
    QString content;
    const qsizetype q = literal.indexOf(u'\'');
    if (literal.startsWith(u'$')) {
        const qsizetype tagEnd = literal.indexOf(u'$', 1);
        content = literal.mid(tagEnd + 1, literal.size() - 2 * (tagEnd + 1)).toString();
    } else if (q >= 0 && literal.size() >= q + 2) {
        content = literal.mid(q + 1, literal.size() - q - 2).toString();
        content.replace(sl("''"), sl("'"));
    } else {
        content = literal.toString();
    }
    QString &token = m_strings[content];
    if (token.isEmpty())
        token = QStringLiteral("str_%1").arg(m_strings.size());
    auto isWild = [](QChar c) { return c == u'%' || c == u'_'; };
    qsizetype lead = 0;
    while (lead < content.size() && isWild(content.at(lead)))
        ++lead;
    qsizetype trail = 0;
    while (lead < content.size() && trail < content.size() - lead && isWild(content.at(content.size() - 1 - trail)))
        ++trail;
    return u'\'' + content.left(lead) + token + content.right(trail) + u'\'';
}

QString Anonymizer::anonymizeLiteral(const QString &value)
{
    const QString quoted = stringToken(u'\'' + QString(value).replace(u'\'', QStringLiteral("''")) + u'\'');
    return quoted.mid(1, quoted.size() - 2);
}

// The Nth distinct numeric literal becomes N (N.0 for a fraction): still a number of the same kind, so the text
// parses and casts the same way, and equal values stay equal.
QString Anonymizer::numberToken(QStringView literal)
{
    const QString key = literal.toString();
    QString &token = m_numbers[key];
    if (token.isEmpty()) {
        const bool fraction = key.contains(u'.') || key.contains(u'e') || key.contains(u'E');
        token = QString::number(m_numbers.size()) + (fraction ? sl(".0") : QString());
    }
    return token;
}

QString Anonymizer::anonymizeExpression(QStringView expr)
{
    const SqlTokens t(expr.toString());
    QString out;
    out.reserve(expr.size() + 16);
    int copied = 0;
    bool prevType = false;   // the previous word was (part of) a type name after ::
    for (int i = 0; i < t.size(); ++i) {
        const SqlToken &tok = t.at(i);
        appendWithoutComments(out, expr, copied, tok.start);
        copied = tok.end;
        const QStringView text = t.tokenText(i);
        QString repl = text.toString();
        bool isType = false;
        switch (tok.kind) {
        case SqlTokenKind::String:
            repl = stringToken(text);
            break;
        case SqlTokenKind::Number:
            // "SubPlan 2", "InitPlan 1": the number links the subplan to its node, not a constant.
            if (!(i > 0 && (t.tokenText(i - 1) == u"SubPlan" || t.tokenText(i - 1) == u"InitPlan")))
                repl = numberToken(text);
            break;
        case SqlTokenKind::Param:
            if (text.size() > 1 && !text.at(1).isDigit())
                repl = u'$' + tokenFor(text.mid(1).toString(), Kind::Param);
            break;
        case SqlTokenKind::Word:
        case SqlTokenKind::QuotedIdent: {
            const bool quoted = tok.kind == SqlTokenKind::QuotedIdent;
            const QString key = nameKey(t, i);
            const bool afterDot = isText(t, i - 1, u".");
            const bool beforeDot = isText(t, i + 1, u".");
            const bool call = isText(t, i + 1, u"(");
            const bool typePos = isText(t, i - 1, u"::") || (prevType && typeContinuations().contains(key));
            const auto known = m_names.constFind(key);
            if (!quoted && !afterDot && isPlanVocabulary(text)) {
                break;
            } else if (typePos && !beforeDot) {
                isType = true;
                if (!builtinTypes().contains(key) && !expressionKeywords().contains(key))
                    repl = tokenFor(key, Kind::Type);
            } else if (call && !beforeDot) {
                if (!builtinFunctions().contains(key) && !expressionKeywords().contains(key))
                    repl = tokenFor(key, Kind::Function);
            } else if (beforeDot) {
                // A qualifier: alias, table or schema. PostgreSQL's own schemas stay.
                if (!builtinSchemas().contains(key) || known != m_names.constEnd())
                    repl = known != m_names.constEnd() ? known->token
                                                       : tokenFor(key, isText(t, i + 3, u".") ? Kind::Schema : Kind::Alias);
            } else if (!quoted && !afterDot && expressionKeywords().contains(key)
                       && !(known != m_names.constEnd() && known->kind != Kind::Function && known->kind != Kind::Type)) {
                break;
            } else if (known != m_names.constEnd()) {
                repl = known->token;
            } else if (!keepName(key, Kind::Column)) {
                repl = tokenFor(key, Kind::Column);
            }
            break;
        }
        default:
            break;
        }
        prevType = isType;
        out += repl;
    }
    appendWithoutComments(out, expr, copied, int(expr.size()));
    return out;
}

QString Anonymizer::anonymizeNames(QStringView names, Kind kind)
{
    const SqlTokens t(names.toString());
    QString out;
    int copied = 0;
    int nameIndex = 0;   // position in "schema.rel alias": the first dotted chain is `kind`, what follows an alias
    for (int i = 0; i < t.size(); ++i) {
        const SqlToken &tok = t.at(i);
        out += names.mid(copied, tok.start - copied);
        copied = tok.end;
        QString repl = t.tokenText(i).toString();
        if (tok.kind == SqlTokenKind::Word || tok.kind == SqlTokenKind::QuotedIdent) {
            const QString key = nameKey(t, i);
            // EXPLAIN prints names with quote_identifier: an unquoted one is already as stored (lower case).
            const QString stored = tok.kind == SqlTokenKind::QuotedIdent ? key : t.tokenText(i).toString();
            Kind k = nameIndex == 0 ? kind : Kind::Alias;
            if (isText(t, i + 1, u"."))
                k = Kind::Schema;
            if (m_names.contains(stored) || !keepName(stored, k))
                repl = anonymizeName(stored, k);
            if (!isText(t, i + 1, u"."))
                ++nameIndex;
        } else if (isText(t, i, u",")) {
            nameIndex = 0;
        } else if (tok.kind == SqlTokenKind::String) {
            repl = stringToken(t.tokenText(i));
        }
        out += repl;
    }
    out += names.mid(copied);
    return out;
}

void Anonymizer::registerPlanNames(const Plan &plan)
{
    auto reg = [this](QString name, Kind kind) {
        if (name.size() >= 2 && name.startsWith(u'"') && name.endsWith(u'"'))
            name = unquoteIdent(name);
        if (!name.isEmpty() && !keepName(name, kind))
            tokenFor(name, kind);
    };
    for (const PlanNode &n : plan.nodes)
        for (const QString &name : {n.relationName, n.schema, n.indexName, n.detail().cteName, n.detail().functionName, n.alias})
            m_reserved.insert(name);
    // Tables first: TEXT repeats the table as its alias when there is none, and that name is a table.
    for (const PlanNode &n : plan.nodes)
        reg(n.relationName, Kind::Table);
    for (const Trigger &tr : plan.triggers)
        reg(tr.relation, Kind::Table);
    for (const PlanNode &n : plan.nodes) {
        reg(n.schema, Kind::Schema);
        reg(n.indexName, Kind::Index);
        reg(n.detail().cteName, Kind::Cte);
        reg(n.detail().functionName, Kind::Function);
    }
    for (const PlanNode &n : plan.nodes)
        reg(n.alias, Kind::Alias);
    for (const Trigger &tr : plan.triggers)
        reg(tr.name, Kind::Trigger);
}

namespace {

// Walks libpg_query's JSON tree and names the identifiers it holds by what they are.
class SqlNameCollector
{
public:
    explicit SqlNameCollector(QHash<QString, Anonymizer::Kind> &out) : m_out(out) { }

    void walk(const QJsonValue &v)
    {
        if (v.isArray()) {
            for (const QJsonValue &e : v.toArray())
                walk(e);
            return;
        }
        if (!v.isObject())
            return;
        const QJsonObject o = v.toObject();
        using K = Anonymizer::Kind;
        for (auto it = o.begin(); it != o.end(); ++it) {
            const QString key = it.key();
            const QJsonValue val = it.value();
            if (key == u"A_Const" || key == u"DefElem")
                continue;   // constants are literals (replaced as such); options name no object of the user
            const QJsonObject body = val.toObject();
            if (key == u"RangeVar") {
                add(body.value(sl("catalogname")).toString(), K::Schema);
                add(body.value(sl("schemaname")).toString(), K::Schema);
                add(body.value(sl("relname")).toString(), K::Table);
            } else if (key == u"ColumnRef") {
                const QStringList f = strings(body.value(sl("fields")));
                const qsizetype n = f.size();
                const bool star = body.value(sl("fields")).toArray().last().toObject().contains(sl("A_Star"));
                const qsizetype col = star ? n : n - 1;   // f holds no entry for *
                if (!star && n >= 1)
                    add(f.at(n - 1), K::Column);
                if (col >= 1)
                    add(f.at(col - 1), K::Alias);
                if (col >= 2)
                    add(f.at(col - 2), K::Schema);
            } else if (key == u"FuncCall") {
                addQualified(strings(body.value(sl("funcname"))), K::Function);
            } else if (key == u"TypeName") {
                addQualified(strings(body.value(sl("names"))), K::Type);
            } else if (key == u"ResTarget" || key == u"IndexElem") {
                add(body.value(sl("name")).toString(), K::Column);
            } else if (key == u"ColumnDef") {
                add(body.value(sl("colname")).toString(), K::Column);
            } else if (key == u"CommonTableExpr") {
                add(body.value(sl("ctename")).toString(), K::Cte);
            } else if (key == u"IndexStmt") {
                add(body.value(sl("idxname")).toString(), K::Index);
            } else if (key == u"Constraint") {
                add(body.value(sl("conname")).toString(), K::Constraint);
            } else if (key == u"aliasname") {
                add(val.toString(), K::Alias);
            } else if (key == u"colnames" || key == u"aliascolnames") {
                for (const QString &c : strings(val))
                    add(c, K::Column);
            }
            if (key == u"A_Expr") {   // its "name" is the operator
                walk(body.value(sl("lexpr")));
                walk(body.value(sl("rexpr")));
                continue;
            }
            walk(val);
        }
    }

private:
    static QStringList strings(const QJsonValue &list)
    {
        QStringList out;
        for (const QJsonValue &e : list.toArray()) {
            const QJsonObject s = e.toObject().value(sl("String")).toObject();
            if (s.contains(sl("sval")))
                out << s.value(sl("sval")).toString();
        }
        return out;
    }
    void addQualified(const QStringList &names, Anonymizer::Kind last)
    {
        for (qsizetype i = 0; i < names.size(); ++i)
            add(names.at(i), i + 1 == names.size() ? last : Anonymizer::Kind::Schema);
    }
    void add(const QString &name, Anonymizer::Kind kind)
    {
        if (name.isEmpty())
            return;
        const auto it = m_out.constFind(name);
        if (it == m_out.constEnd() || kindRank(*it) < kindRank(kind))
            m_out.insert(name, kind);
    }
    QHash<QString, Anonymizer::Kind> &m_out;
};

} // namespace

void Anonymizer::collectSqlNames(const SqlScript &script)
{
    m_sqlNames.clear();
    SqlNameCollector collector(m_sqlNames);
    for (const SqlStatement &st : script.statements)
        collector.walk(st.tree);
    for (auto it = m_sqlNames.cbegin(); it != m_sqlNames.cend(); ++it)
        m_reserved.insert(it.key());
}

// Rewrites SQL token by token: a word is replaced when libpg_query's tree names it as an identifier (keywords used
// as names included); a quoted identifier always is.
QString Anonymizer::rewriteSql(const QString &sql, const QSet<int> &keepWords, QList<int> *outStarts,
                               QSet<int> *replaced)
{
    const SqlTokens t(sql);
    QString out;
    out.reserve(sql.size() + 32);
    int copied = 0;
    for (int i = 0; i < t.size(); ++i) {
        const SqlToken &tok = t.at(i);
        appendWithoutComments(out, sql, copied, tok.start);
        copied = tok.end;
        if (outStarts)
            outStarts->append(int(out.size()));
        const QStringView text = t.tokenText(i);
        QString repl = text.toString();
        if (keepWords.contains(i)) {
            // left as typed: a keyword where the same word is elsewhere a name
        } else if (tok.kind == SqlTokenKind::String) {
            repl = stringToken(text);
        } else if (tok.kind == SqlTokenKind::Number) {
            repl = numberToken(text);
        } else if (tok.kind == SqlTokenKind::Param) {
            if (text.size() > 1 && !text.at(1).isDigit())
                repl = u'$' + tokenFor(text.mid(1).toString(), Kind::Param);
        } else if (tok.kind == SqlTokenKind::Word || tok.kind == SqlTokenKind::QuotedIdent) {
            const QString key = nameKey(t, i);
            const auto it = m_sqlNames.constFind(key);
            Kind kind = it != m_sqlNames.constEnd() ? *it : Kind::Column;
            const bool call = isText(t, i + 1, u"(") && !isText(t, i + 1, u".");
            const bool typePos = isText(t, i - 1, u"::");
            if (call && builtinFunctions().contains(key))
                kind = Kind::Function;
            if (typePos && builtinTypes().contains(key))
                kind = Kind::Type;
            const bool named = tok.kind == SqlTokenKind::QuotedIdent || it != m_sqlNames.constEnd();
            if (named && !keepName(key, kind))
                repl = tokenFor(key, kind);
        }
        if (replaced && repl != text)
            replaced->insert(i);
        out += repl;
    }
    appendWithoutComments(out, sql, copied, int(sql.size()));
    return out;
}

Result<QString> Anonymizer::anonymizeSql(const QString &sql)
{
    const Result<SqlScript> parsed = parseSqlScript(sql);
    if (isError(parsed))
        return std::get<ParseError>(parsed);
    collectSqlNames(std::get<SqlScript>(parsed));
    // A name that is also a keyword of the same statement (a column called "first" next to NULLS FIRST) makes the
    // keyword a token too, and the result does not parse. The error's position names that token: it is put back
    // as typed and the text rewritten again, a few times at most; then we refuse rather than hand out broken SQL.
    QSet<int> keep;
    for (int attempt = 0; attempt < 16; ++attempt) {
        QList<int> starts;
        QSet<int> changed;
        const QString out = rewriteSql(sql, keep, &starts, &changed);
        const Result<SqlScript> again = parseSqlScript(out);
        if (!isError(again))
            return out;
        ParseError e = std::get<ParseError>(again);
        qsizetype at = 0;
        for (int line = 1; line < e.line && at >= 0; ++line)
            at = out.indexOf(u'\n', at) + 1;
        at += std::max(0, e.column - 1);
        int token = -1;
        for (int i = 0; i < starts.size() && starts.at(i) <= at; ++i)
            token = i;
        // The parser may stop one token early (NULLS looks ahead at FIRST): the culprit is the first changed token
        // at the error or just after it.
        int culprit = -1;
        for (int i = std::max(token, 0); token >= 0 && i < std::min(token + 3, int(starts.size())) && culprit < 0; ++i)
            if (changed.contains(i))
                culprit = i;
        if (e.line <= 0 || culprit < 0) {
            e.message = QStringLiteral("the anonymized SQL would not parse (%1); please report this query shape")
                            .arg(e.message);
            return e;
        }
        keep.insert(culprit);
    }
    return ParseError{0, 0, QStringLiteral("the anonymized SQL would not parse; please report this query shape")};
}

QString Anonymizer::anonymizeQueryText(const QString &sql)
{
    const Result<SqlScript> parsed = parseSqlScript(sql);
    if (isError(parsed))
        return anonymizeExpression(sql);
    collectSqlNames(std::get<SqlScript>(parsed));
    return rewriteSql(sql);
}

Result<QString> Anonymizer::anonymizePlan(const QString &planText)
{
    const CleanedInput cleaned = cleanPlanInput(planText);
    const PlanFormat format = sniffFormat(cleaned.text);
    const Result<Plan> parsed = parsePlan(cleaned.text, format);
    if (isError(parsed))
        return cleaned.toInput(std::get<ParseError>(parsed));
    m_format = format;
    registerPlanNames(std::get<Plan>(parsed));
    const QString plan = cleaned.text.toString();
    QString out;
    switch (format) {
    case PlanFormat::Json: out = anonymizeJsonPlan(plan, *this); break;
    case PlanFormat::Yaml: out = anonymizeYamlPlan(plan, *this); break;
    case PlanFormat::Xml: out = anonymizeXmlPlan(plan, *this); break;
    default: out = anonymizeTextPlan(plan, *this); break;
    }
    // auto_explain's "duration: … ms" sits in the log prefix taken away above; it is the statement's time, so it
    // comes back on a bare prefix line (no timestamp, user or database).
    if (cleaned.logDurationMs) {
        static const QRegularExpression duration(QStringLiteral("duration: ([0-9.]+) ms"));
        const QRegularExpressionMatch m = duration.match(planText);
        if (m.hasMatch())
            out = QStringLiteral("LOG:  duration: %1 ms  plan:\n").arg(m.captured(1)) + out;
    }
    return out;
}

QJsonObject Anonymizer::mapJson() const
{
    QJsonObject out;
    QHash<QString, QJsonObject> byKind;
    for (const QString &name : m_order) {
        const Entry &e = m_names.value(name);
        byKind[kindName(e.kind)].insert(name, e.token);
    }
    for (auto it = byKind.cbegin(); it != byKind.cend(); ++it)
        out.insert(it.key(), it.value());
    QJsonObject strings;
    for (auto it = m_strings.cbegin(); it != m_strings.cend(); ++it)
        strings.insert(it.key(), it.value());
    QJsonObject numbers;
    for (auto it = m_numbers.cbegin(); it != m_numbers.cend(); ++it)
        numbers.insert(it.key(), it.value());
    out.insert(sl("string"), strings);
    out.insert(sl("number"), numbers);
    return out;
}

QJsonObject Anonymizer::tokenCounts() const
{
    QJsonObject out;
    for (Kind k : {Kind::Table, Kind::Column, Kind::Index, Kind::Alias, Kind::Schema, Kind::Function, Kind::Cte,
                   Kind::Type, Kind::Trigger, Kind::Constraint, Kind::Param})
        out.insert(kindName(k), m_counts.value(int(k)));
    out.insert(sl("string"), int(m_strings.size()));
    out.insert(sl("number"), int(m_numbers.size()));
    return out;
}

QString Anonymizer::originalName(const QString &token) const
{
    return m_reverse.value(token);
}

QStringList Anonymizer::names(Kind kind) const
{
    QStringList out;
    for (const QString &name : m_order)
        if (m_names.value(name).kind == kind)
            out << name;
    return out;
}

} // namespace PlanLens
