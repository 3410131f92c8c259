// SPDX-License-Identifier: MIT
#include "sqlscript.h"

#include <pg_query.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSet>

#include <algorithm>
#include <functional>

namespace PlanLens {

QString statementKindName(StatementKind k)
{
    switch (k) {
    case StatementKind::Select: return QStringLiteral("select");
    case StatementKind::SelectLocking: return QStringLiteral("select-locking");
    case StatementKind::Insert: return QStringLiteral("insert");
    case StatementKind::Update: return QStringLiteral("update");
    case StatementKind::Delete: return QStringLiteral("delete");
    case StatementKind::Merge: return QStringLiteral("merge");
    case StatementKind::Ddl: return QStringLiteral("ddl");
    case StatementKind::Utility: return QStringLiteral("utility");
    case StatementKind::Transaction: return QStringLiteral("transaction");
    case StatementKind::Explain: return QStringLiteral("explain");
    case StatementKind::Call: return QStringLiteral("call");
    case StatementKind::Other: return QStringLiteral("other");
    }
    return QString();
}

int SqlScript::charIndex(int byteOffset) const
{
    if (byteToChar.isEmpty())
        return 0;
    return byteToChar.at(std::clamp(byteOffset, 0, int(byteToChar.size()) - 1));
}

bool SqlScript::anyWrites() const
{
    return std::any_of(statements.cbegin(), statements.cend(), [](const SqlStatement &s) { return s.writes; });
}

namespace {

// Replaces $name (a letter after '$', outside strings, quoted identifiers, dollar quotes and comments) by $n.
// The replacement is padded with spaces to the original length where it fits, so locations stay put.
struct NamedParamRewrite {
    QString text;
    QStringList names;
    QList<int> toOriginal;   // index in text → index in the user's text (size text.size() + 1)
};

NamedParamRewrite numberNamedParams(const QString &sql, int firstNumber)
{
    NamedParamRewrite out;
    out.text.reserve(sql.size());
    out.toOriginal.reserve(sql.size() + 1);
    // Copies sql[from, from + count) unchanged.
    auto copy = [&](int from, int count) {
        out.text += QStringView(sql).mid(from, count);
        for (int k = 0; k < count; ++k)
            out.toOriginal << from + k;
    };
    const int n = int(sql.size());
    int i = 0;
    auto isIdentStart = [](QChar c) { return c.isLetter() || c == u'_'; };
    auto isIdent = [](QChar c) { return c.isLetterOrNumber() || c == u'_'; };
    while (i < n) {
        const QChar c = sql.at(i);
        if (c == u'\'' || c == u'"') {                       // string or quoted identifier
            int j = i + 1;
            while (j < n) {
                if (sql.at(j) == c) {
                    if (j + 1 < n && sql.at(j + 1) == c) { j += 2; continue; }
                    break;
                }
                ++j;
            }
            copy(i, std::min(j + 1, n) - i);
            i = j + 1;
            continue;
        }
        if (c == u'-' && i + 1 < n && sql.at(i + 1) == u'-') {  // line comment
            int j = sql.indexOf(u'\n', i);
            if (j < 0) j = n;
            copy(i, j - i);
            i = j;
            continue;
        }
        if (c == u'/' && i + 1 < n && sql.at(i + 1) == u'*') {  // block comment (PostgreSQL nests them)
            int depth = 0, j = i;
            while (j < n) {
                if (sql.at(j) == u'/' && j + 1 < n && sql.at(j + 1) == u'*') { ++depth; j += 2; continue; }
                if (sql.at(j) == u'*' && j + 1 < n && sql.at(j + 1) == u'/') { j += 2; if (--depth == 0) break; continue; }
                ++j;
            }
            copy(i, j - i);
            i = j;
            continue;
        }
        if (c == u'$') {
            // dollar quote: $$ or $tag$
            int j = i + 1;
            while (j < n && isIdent(sql.at(j)) && !sql.at(j).isDigit()) ++j;
            if (j < n && sql.at(j) == u'$' && (j == i + 1 || isIdentStart(sql.at(i + 1)))) {
                const QString tag = sql.mid(i, j + 1 - i);
                const int close = sql.indexOf(tag, j + 1);
                const int stop = close < 0 ? n : close + int(tag.size());
                copy(i, stop - i);
                i = stop;
                continue;
            }
            if (i + 1 < n && isIdentStart(sql.at(i + 1)) && (i == 0 || !isIdent(sql.at(i - 1)))) {
                int k = i + 1;
                while (k < n && isIdent(sql.at(k))) ++k;
                const QString name = sql.mid(i + 1, k - i - 1);
                int idx = int(out.names.indexOf(name));
                if (idx < 0) { out.names << name; idx = int(out.names.size()) - 1; }
                QString rep = u'$' + QString::number(firstNumber + idx);
                if (rep.size() < k - i) rep += QString(k - i - rep.size(), u' ');
                out.text += rep;
                // Every character of the number stands for the name: a span starting in it starts at '$', one
                // ending after it ends after the name.
                for (int r = 0; r < rep.size(); ++r)
                    out.toOriginal << std::min(i + r, k - 1);
                i = k;
                continue;
            }
        }
        copy(i, 1);
        ++i;
    }
    out.toOriginal << n;
    return out;
}

int highestPositionalParam(const QString &sql)
{
    static const QRegularExpression re(QStringLiteral("\\$(\\d+)"));
    // Named parameters are numbered from here on (highest + 1, + 2, ...): counted up to 10^9 so that cannot
    // overflow an int ($2147483647 did). No server binds that many parameters (the protocol counts them in 16 bits).
    constexpr int maxCounted = 1000000000;
    int best = 0;
    for (auto it = re.globalMatch(sql); it.hasNext();)
        best = std::max(best, std::min(it.next().captured(1).toInt(), maxCounted));
    return best;
}

void lineColumn(const QString &text, int index, int &line, int &column)
{
    line = 1;
    column = 1;
    for (int i = 0; i < index && i < text.size(); ++i) {
        if (text.at(i) == u'\n') { ++line; column = 1; } else { ++column; }
    }
}

bool containsKey(const QJsonValue &v, const QString &key)
{
    if (v.isObject()) {
        const QJsonObject o = v.toObject();
        for (auto it = o.begin(); it != o.end(); ++it) {
            if (it.key() == key || containsKey(it.value(), key))
                return true;
        }
    } else if (v.isArray()) {
        const QJsonArray a = v.toArray();
        for (const QJsonValue &e : a)
            if (containsKey(e, key))
                return true;
    }
    return false;
}

// --- Function calls that may write ------------------------------------------------------------------------

// Built-ins that write or act outside the statement: refused unless writes are allowed.
bool isWritingBuiltin(const QString &name, bool &sideEffectOnly)
{
    static const QSet<QString> writes = {
        QStringLiteral("nextval"), QStringLiteral("setval"),
        QStringLiteral("set_config"),
        QStringLiteral("lo_import"), QStringLiteral("lo_export"), QStringLiteral("lo_unlink"),
        QStringLiteral("lo_create"), QStringLiteral("lo_creat"), QStringLiteral("lo_from_bytea"),
        QStringLiteral("lo_put"), QStringLiteral("lo_truncate"), QStringLiteral("lo_truncate64"),
        QStringLiteral("lowrite"), QStringLiteral("lo_open"),
        QStringLiteral("dblink_exec"),
        QStringLiteral("txid_current"), QStringLiteral("pg_current_xact_id"),
        QStringLiteral("pg_switch_wal"), QStringLiteral("pg_create_restore_point"),
        QStringLiteral("pg_create_physical_replication_slot"), QStringLiteral("pg_create_logical_replication_slot"),
        QStringLiteral("pg_drop_replication_slot"), QStringLiteral("pg_logical_emit_message"),
        QStringLiteral("pg_import_system_collations"), QStringLiteral("brin_summarize_new_values"),
        QStringLiteral("brin_summarize_range"), QStringLiteral("brin_desummarize_range"),
        QStringLiteral("gin_clean_pending_list"), QStringLiteral("pg_replication_origin_create"),
        QStringLiteral("pg_replication_origin_drop"),
    };
    static const QSet<QString> sideEffects = {
        QStringLiteral("pg_advisory_lock"), QStringLiteral("pg_advisory_lock_shared"),
        QStringLiteral("pg_advisory_xact_lock"), QStringLiteral("pg_advisory_xact_lock_shared"),
        QStringLiteral("pg_try_advisory_lock"), QStringLiteral("pg_try_advisory_lock_shared"),
        QStringLiteral("pg_try_advisory_xact_lock"), QStringLiteral("pg_try_advisory_xact_lock_shared"),
        QStringLiteral("pg_advisory_unlock"), QStringLiteral("pg_advisory_unlock_shared"),
        QStringLiteral("pg_advisory_unlock_all"),
        QStringLiteral("pg_notify"),
        QStringLiteral("pg_terminate_backend"), QStringLiteral("pg_cancel_backend"),
        QStringLiteral("pg_reload_conf"), QStringLiteral("pg_rotate_logfile"),
        QStringLiteral("pg_promote"), QStringLiteral("pg_wal_replay_pause"), QStringLiteral("pg_wal_replay_resume"),
        QStringLiteral("pg_backup_start"), QStringLiteral("pg_backup_stop"),
        QStringLiteral("pg_log_backend_memory_contexts"),
        QStringLiteral("pg_file_write"), QStringLiteral("pg_file_unlink"), QStringLiteral("pg_file_rename"),
        QStringLiteral("pg_file_sync"),
        QStringLiteral("dblink_connect"), QStringLiteral("dblink_send_query"),
    };
    if (writes.contains(name) || name.startsWith(u"pg_stat_reset")) {
        sideEffectOnly = false;
        return true;
    }
    if (sideEffects.contains(name)) {
        sideEffectOnly = true;
        return true;
    }
    return false;
}

// Built-ins known not to write. Anything else unqualified (or in a schema other than pg_catalog) may be a user
// function, which can write: it is refused unless writes are allowed.
bool isReadOnlyBuiltin(const QString &name)
{
    static const QSet<QString> names = [] {
        const char *const list[] = {
            // aggregates
            "count", "sum", "min", "max", "avg", "array_agg", "string_agg", "bool_and", "bool_or", "every",
            "json_agg", "jsonb_agg", "json_object_agg", "jsonb_object_agg", "json_agg_strict", "jsonb_agg_strict",
            "json_object_agg_strict", "jsonb_object_agg_strict", "json_object_agg_unique", "jsonb_object_agg_unique",
            "xmlagg", "bit_and", "bit_or", "bit_xor", "range_agg", "range_intersect_agg",
            "stddev", "stddev_pop", "stddev_samp", "variance", "var_pop", "var_samp", "corr", "covar_pop",
            "covar_samp", "regr_avgx", "regr_avgy", "regr_count", "regr_intercept", "regr_r2", "regr_slope",
            "regr_sxx", "regr_sxy", "regr_syy", "mode", "percentile_cont", "percentile_disc", "any_value",
            // window functions
            "row_number", "rank", "dense_rank", "lag", "lead", "first_value", "last_value", "nth_value", "ntile",
            "percent_rank", "cume_dist",
            // strings
            "lower", "upper", "initcap", "length", "char_length", "character_length", "octet_length", "bit_length",
            "substr", "substring", "trim", "btrim", "ltrim", "rtrim", "replace", "translate", "concat", "concat_ws",
            "format", "left", "right", "position", "strpos", "split_part", "repeat", "reverse", "lpad", "rpad",
            "overlay", "ascii", "chr", "starts_with", "quote_ident", "quote_literal", "quote_nullable",
            "regexp_match", "regexp_matches", "regexp_replace", "regexp_split_to_array", "regexp_split_to_table",
            "regexp_count", "regexp_instr", "regexp_like", "regexp_substr", "normalize", "is_normalized",
            "to_hex", "to_ascii", "unistr", "string_to_table", "md5", "sha224", "sha256", "sha384", "sha512",
            "encode", "decode", "convert", "convert_from", "convert_to", "get_byte", "get_bit", "set_byte",
            "set_bit", "bit_count", "text", "to_tsvector", "to_tsquery", "plainto_tsquery", "phraseto_tsquery",
            "websearch_to_tsquery", "ts_rank", "ts_rank_cd", "ts_headline", "setweight", "similarity",
            "word_similarity", "soundex", "difference", "levenshtein", "unaccent",
            // dates and times
            "to_char", "to_date", "to_timestamp", "to_number", "date_trunc", "date_part", "date_bin", "extract",
            "age", "now", "current_date", "current_time", "current_timestamp", "localtime", "localtimestamp",
            "clock_timestamp", "statement_timestamp", "transaction_timestamp", "timeofday", "timezone",
            "make_date", "make_time", "make_timestamp", "make_timestamptz", "make_interval", "justify_days",
            "justify_hours", "justify_interval", "isfinite", "date", "overlaps",
            // numbers
            "abs", "round", "ceil", "ceiling", "floor", "trunc", "mod", "power", "pow", "sqrt", "cbrt", "exp", "ln",
            "log", "log10", "sign", "div", "pi", "degrees", "radians", "sin", "cos", "tan", "asin", "acos", "atan",
            "atan2", "gcd", "lcm", "factorial", "random", "setseed", "width_bucket", "scale", "min_scale", "trim_scale",
            "greatest", "least", "numeric", "int4", "int8", "float8",
            // arrays and sets
            "generate_series", "generate_subscripts", "unnest", "array_length", "array_position", "array_positions",
            "cardinality", "array_to_string", "string_to_array", "array_append", "array_prepend", "array_cat",
            "array_remove", "array_replace", "array_dims", "array_lower", "array_upper", "array_ndims",
            "array_fill", "array_to_json", "trim_array",
            // json
            "to_json", "to_jsonb", "row_to_json", "json_build_object", "jsonb_build_object", "json_build_array",
            "jsonb_build_array", "json_object", "jsonb_object", "json_array_length", "jsonb_array_length",
            "json_array_elements", "jsonb_array_elements", "json_array_elements_text", "jsonb_array_elements_text",
            "json_each", "jsonb_each", "json_each_text", "jsonb_each_text", "json_extract_path",
            "jsonb_extract_path", "json_extract_path_text", "jsonb_extract_path_text", "json_object_keys",
            "jsonb_object_keys", "json_populate_record", "jsonb_populate_record", "json_populate_recordset",
            "jsonb_populate_recordset", "json_to_record", "jsonb_to_record", "json_to_recordset",
            "jsonb_to_recordset", "json_strip_nulls", "jsonb_strip_nulls", "json_typeof", "jsonb_typeof",
            "jsonb_set", "jsonb_set_lax", "jsonb_insert", "jsonb_pretty", "jsonb_path_exists", "jsonb_path_match",
            "jsonb_path_query", "jsonb_path_query_array", "jsonb_path_query_first", "jsonb_concat",
            "jsonb_exists", "jsonb_exists_any", "jsonb_exists_all", "jsonb_contains", "jsonb_contained",
            "array_to_json", "json_scalar", "json_serialize",
            // ranges
            "lower_inf", "upper_inf", "isempty", "range_merge", "int4range", "int8range", "numrange", "tsrange",
            "tstzrange", "daterange",
            // system information and misc
            "pg_sleep", "pg_sleep_for", "pg_sleep_until", "version", "current_setting", "pg_typeof", "current_user",
            "current_role", "session_user", "current_schema", "current_schemas", "current_database",
            "current_catalog", "pg_backend_pid", "inet_client_addr", "inet_server_addr", "pg_postmaster_start_time",
            "gen_random_uuid", "uuid_generate_v4", "pg_column_size", "pg_relation_size", "pg_table_size",
            "pg_total_relation_size", "pg_indexes_size", "pg_database_size", "pg_size_pretty", "pg_size_bytes",
            "pg_get_viewdef", "pg_get_indexdef", "pg_get_constraintdef", "pg_get_expr", "pg_get_userbyid",
            "format_type", "obj_description", "col_description", "has_table_privilege", "has_schema_privilege",
            "has_column_privilege", "pg_has_role", "pg_is_in_recovery", "to_regclass", "to_regtype",
            "pg_collation_for", "collation_for", "num_nulls", "num_nonnulls", "nullif", "row", "exists",
            "pg_input_is_valid", "txid_current_if_assigned", "pg_current_xact_id_if_assigned",
            "txid_snapshot_xmin", "pg_current_snapshot", "xmlelement", "xmlforest", "xmlconcat", "xpath",
            "xpath_exists", "xmlexists", "host", "network", "masklen", "family", "inet", "cidr", "point", "box",
            "circle", "area", "center", "st_distance", "st_dwithin", "st_contains", "st_intersects", "st_makepoint",
            "st_setsrid", "st_x", "st_y", "st_astext", "st_asgeojson",
        };
        QSet<QString> out;
        for (const char *n : list)
            out.insert(QLatin1String(n));
        return out;
    }();
    return names.contains(name);
}

QString stringNode(const QJsonValue &v)   // {"String": {"sval": "x"}} (libpg_query 15) or {"str": "x"}
{
    const QJsonObject s = v.toObject().value(QStringLiteral("String")).toObject();
    return s.contains(QStringLiteral("sval")) ? s.value(QStringLiteral("sval")).toString()
                                              : s.value(QStringLiteral("str")).toString();
}

// The first function call in the tree that may write, with the reason sentence; empty if there is none.
QString mayWriteCall(const QJsonValue &v)
{
    if (v.isObject()) {
        const QJsonObject o = v.toObject();
        if (o.contains(QStringLiteral("FuncCall"))) {
            const QJsonObject fc = o.value(QStringLiteral("FuncCall")).toObject();
            QStringList parts;
            for (const QJsonValue &p : fc.value(QStringLiteral("funcname")).toArray())
                parts << stringNode(p);
            const QString name = parts.isEmpty() ? QString() : parts.last().toLower();
            const bool qualified = parts.size() > 1;
            const bool catalog = qualified && parts.size() == 2 && parts.first() == u"pg_catalog";
            // Calls the grammar itself makes for SQL syntax (EXTRACT, SUBSTRING ... FROM, AT TIME ZONE, ...).
            const bool sqlSyntax = fc.value(QStringLiteral("funcformat")).toString() == u"COERCE_SQL_SYNTAX";
            const QString shown = parts.join(u'.') + QStringLiteral("()");
            bool sideEffectOnly = false;
            if (!name.isEmpty() && (!qualified || catalog) && isWritingBuiltin(name, sideEffectOnly))
                return sideEffectOnly
                    ? QStringLiteral("calls %1, which has side effects (allow writes to run it)").arg(shown)
                    : QStringLiteral("calls %1, which writes (allow writes to run it; it is rolled back)").arg(shown);
            if (!sqlSyntax && (qualified ? !catalog || !isReadOnlyBuiltin(name) : !isReadOnlyBuiltin(name)))
                return QStringLiteral("calls %1, a function PlanLens cannot prove read-only").arg(shown);
        }
        for (auto it = o.begin(); it != o.end(); ++it) {
            const QString r = mayWriteCall(it.value());
            if (!r.isEmpty())
                return r;
        }
    } else if (v.isArray()) {
        for (const QJsonValue &e : v.toArray()) {
            const QString r = mayWriteCall(e);
            if (!r.isEmpty())
                return r;
        }
    }
    return QString();
}

// True when libpg_query's JSON of the script may hold `"key"` (a field, a node type or a string value) somewhere:
// a byte search that lets classify() and the rules skip walking the tree for what it cannot contain (the tree
// walks were most of the cost of analysing a logged plan). Empty JSON (a script not parsed): true.
bool mayContainKey(QByteArrayView treeJson, const char *key)
{
    return treeJson.isEmpty() || treeJson.contains(QByteArray('"' + QByteArray(key) + '"'));
}

bool containsKeyIn(QByteArrayView treeJson, const QJsonObject &body, const char *key)
{
    return mayContainKey(treeJson, key) && containsKey(body, QString::fromLatin1(key));
}

void classify(SqlStatement &st, QByteArrayView treeJson)
{
    const QString type = st.tree.isEmpty() ? QString() : st.tree.begin().key();
    const QJsonObject body = st.tree.value(type).toObject();
    auto write = [&](StatementKind k, const QString &why) {
        st.kind = k;
        st.writes = true;
        st.writeReason = why;
    };
    if (type == u"SelectStmt") {
        st.kind = StatementKind::Select;
        if (containsKeyIn(treeJson, body, "InsertStmt") || containsKeyIn(treeJson, body, "UpdateStmt")
            || containsKeyIn(treeJson, body, "DeleteStmt") || containsKeyIn(treeJson, body, "MergeStmt"))
            write(StatementKind::Select, QStringLiteral("it has a data-modifying WITH clause"));
        else if (containsKeyIn(treeJson, body, "intoClause"))
            write(StatementKind::Ddl, QStringLiteral("SELECT INTO creates a table"));
        else if (containsKeyIn(treeJson, body, "lockingClause"))
            write(StatementKind::SelectLocking, QStringLiteral("SELECT ... FOR UPDATE/SHARE locks rows"));
        else if (const QString why = mayContainKey(treeJson, "FuncCall") ? mayWriteCall(body) : QString(); !why.isEmpty())
            write(StatementKind::Select, why);
    } else if (type == u"InsertStmt") {
        write(StatementKind::Insert, QStringLiteral("INSERT writes rows"));
    } else if (type == u"UpdateStmt") {
        write(StatementKind::Update, QStringLiteral("UPDATE writes rows"));
    } else if (type == u"DeleteStmt") {
        write(StatementKind::Delete, QStringLiteral("DELETE removes rows"));
    } else if (type == u"MergeStmt") {
        write(StatementKind::Merge, QStringLiteral("MERGE writes rows"));
    } else if (type == u"VariableSetStmt" || type == u"VariableShowStmt" || type == u"DiscardStmt"
               || type == u"LoadStmt") {
        st.kind = StatementKind::Utility;
    } else if (type == u"TransactionStmt") {
        st.kind = StatementKind::Transaction;
        st.writes = true;
        st.writeReason = QStringLiteral("PlanLens runs every statement in its own transaction and rolls it back");
    } else if (type == u"ExplainStmt") {
        st.kind = StatementKind::Explain;
        SqlStatement inner;
        inner.tree = body.value(QStringLiteral("query")).toObject();
        classify(inner, treeJson);
        st.writes = inner.writes;
        st.writeReason = inner.writeReason;
    } else if (type == u"CallStmt" || type == u"DoStmt" || type == u"CopyStmt") {
        write(StatementKind::Call, QStringLiteral("CALL, DO and COPY may write and cannot be checked beforehand"));
    } else if (type.endsWith(u"Stmt")) {
        write(StatementKind::Ddl, QStringLiteral("%1 changes the schema or the server").arg(type.chopped(4)));
    } else {
        st.kind = StatementKind::Other;
    }
}

void collectParams(const QJsonValue &v, QList<QPair<int, int>> &out)   // (number, byte location)
{
    if (v.isObject()) {
        const QJsonObject o = v.toObject();
        if (o.contains(QStringLiteral("ParamRef"))) {
            const QJsonObject p = o.value(QStringLiteral("ParamRef")).toObject();
            out.append({p.value(QStringLiteral("number")).toInt(), p.value(QStringLiteral("location")).toInt()});
            return;
        }
        for (auto it = o.begin(); it != o.end(); ++it)
            collectParams(it.value(), out);
    } else if (v.isArray()) {
        for (const QJsonValue &e : v.toArray())
            collectParams(e, out);
    }
}

} // namespace

Result<SqlScript> parseSqlScript(const QString &sql)
{
    SqlScript script;
    script.text = sql;
    const int firstNamed = highestPositionalParam(sql) + 1;
    const NamedParamRewrite named = numberNamedParams(sql, firstNamed);
    script.namedParams = named.names;
    // libpg_query parses the rewritten text; every offset given out is mapped back to the user's text.
    const QString &exec = named.text;
    script.utf8 = exec.toUtf8();
    // libpg_query counts bytes of the rewritten text: byteToExec maps them to its characters, byteToChar on to
    // the user's text (the two differ only where a short name got a longer number, e.g. $a → $10).
    QList<int> byteToExec(script.utf8.size() + 1);
    auto execIndex = [&](int byteOffset) {
        return byteToExec.value(std::clamp(byteOffset, 0, int(byteToExec.size()) - 1));
    };
    {
        int ci = 0;
        int b = 0;
        while (ci < exec.size()) {
            const QChar c = exec.at(ci);
            int units = 1;
            int bytes = 1;
            const uint cp = c.unicode();
            if (c.isHighSurrogate() && ci + 1 < exec.size()) { units = 2; bytes = 4; }
            else if (cp >= 0x800) bytes = 3;
            else if (cp >= 0x80) bytes = 2;
            for (int k = 0; k < bytes && b + k < byteToExec.size(); ++k)
                byteToExec[b + k] = ci;
            b += bytes;
            ci += units;
        }
        for (; b < byteToExec.size(); ++b)
            byteToExec[b] = int(exec.size());
    }
    script.byteToChar.resize(byteToExec.size());
    for (qsizetype b = 0; b < byteToExec.size(); ++b)
        script.byteToChar[b] = named.toOriginal.value(byteToExec.at(b), int(sql.size()));

    PgQueryParseResult res = pg_query_parse(script.utf8.constData());
    if (res.error) {
        ParseError err;
        err.message = QString::fromUtf8(res.error->message);
        const int idx = script.charIndex(std::max(0, res.error->cursorpos - 1));
        lineColumn(sql, idx, err.line, err.column);
        err.message = QStringLiteral("SQL %1 (line %2, column %3)").arg(err.message).arg(err.line).arg(err.column);
        pg_query_free_parse_result(res);
        return err;
    }
    script.treeJson = QByteArray(res.parse_tree);
    pg_query_free_parse_result(res);
    const QByteArray &treeJson = script.treeJson;
    const QJsonDocument doc = QJsonDocument::fromJson(treeJson);

    const QJsonArray stmts = doc.object().value(QStringLiteral("stmts")).toArray();
    for (const QJsonValue &sv : stmts) {
        const QJsonObject so = sv.toObject();
        SqlStatement st;
        const int byteStart = so.value(QStringLiteral("stmt_location")).toInt(0);
        // stmt_len 0 means "to the end of the string".
        int byteLen = so.value(QStringLiteral("stmt_len")).toInt(0);
        if (byteLen == 0) byteLen = int(script.utf8.size()) - byteStart;
        st.treeByteOffset = 0;   // libpg_query locations are relative to the whole script
        st.tree = so.value(QStringLiteral("stmt")).toObject();
        int s = execIndex(byteStart);
        int e = execIndex(byteStart + byteLen);
        // Skip the blanks and comments between the previous ';' and this statement.
        for (bool moved = true; moved && s < e;) {
            moved = false;
            while (s < e && exec.at(s).isSpace()) { ++s; moved = true; }
            if (s + 1 < e && exec.at(s) == u'-' && exec.at(s + 1) == u'-') {
                const int nl = int(exec.indexOf(u'\n', s));
                s = nl < 0 || nl > e ? e : nl + 1;
                moved = true;
            } else if (s + 1 < e && exec.at(s) == u'/' && exec.at(s + 1) == u'*') {
                const int close = int(exec.indexOf(QStringLiteral("*/"), s + 2));
                s = close < 0 || close + 2 > e ? e : close + 2;
                moved = true;
            }
        }
        while (e > s && (exec.at(e - 1).isSpace() || exec.at(e - 1) == u';')) --e;
        st.start = named.toOriginal.value(s, int(sql.size()));
        st.end = named.toOriginal.value(e, int(sql.size()));
        st.text = sql.mid(st.start, st.end - st.start);
        st.executableText = exec.mid(s, e - s);
        classify(st, treeJson);

        QList<QPair<int, int>> refs;
        if (script.mayContain("ParamRef"))
            collectParams(st.tree, refs);
        for (const auto &[number, loc] : refs) {
            ParamUse p;
            p.number = number;
            p.start = script.charIndex(loc);
            int k = p.start + 1;
            while (k < sql.size() && sql.at(k).isDigit()) ++k;
            p.length = k - p.start;
            if (!script.namedParams.isEmpty() && number >= firstNamed) {
                p.name = script.namedParams.value(number - firstNamed);
                p.length = int(p.name.size()) + 1;
            }
            st.params << p;
        }
        st.fingerprint = sqlFingerprint(st.executableText);
        script.statements << st;
    }
    if (script.statements.isEmpty()) {
        ParseError err;
        err.line = 1;
        err.column = 1;
        err.message = QStringLiteral("The SQL text holds no statement.");
        return err;
    }
    return script;
}

bool SqlScript::mayContain(const char *key) const
{
    return mayContainKey(treeJson, key);
}

QString sqlFingerprint(const QString &sql)
{
    const QByteArray utf8 = sql.toUtf8();
    PgQueryFingerprintResult r = pg_query_fingerprint(utf8.constData());
    QString out;
    if (!r.error && r.fingerprint_str)
        out = QString::fromLatin1(r.fingerprint_str);
    pg_query_free_fingerprint_result(r);
    return out;
}

} // namespace PlanLens
