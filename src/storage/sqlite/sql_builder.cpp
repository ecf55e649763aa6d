// SQL text for the SQLite backend (sql_builder.hpp).
#include "sql_builder.hpp"

#include <algorithm>
#include <charconv>

namespace leadbook::sqlite {

std::string quote(std::string_view name) {
    std::string out = "\"";
    out += name;
    out += '"';
    return out;
}

std::string column_list(const std::vector<ColumnDef>& columns) {
    std::string out;
    for (const auto& c : columns) {
        if (!out.empty()) out += ", ";
        out += quote(c.name);
    }
    return out;
}

std::string placeholders(std::size_t first, std::size_t count) {
    std::string out;
    for (std::size_t i = 0; i < count; ++i) {
        if (i) out += ", ";
        out += "?" + std::to_string(first + i);
    }
    return out;
}

std::string kind_clause(const TableDef& table, int param) {
    return table.kind.empty() ? std::string() : " AND record_kind = ?" + std::to_string(param);
}

// 999: SQLite's limit on parameters before 3.32.
std::size_t rows_per_insert(std::size_t parameters_per_row) {
    return std::clamp<std::size_t>(999 / std::max<std::size_t>(parameters_per_row, 1), 1, 64);
}

namespace {

std::string prefix_of(const std::string& alias) {
    return alias.empty() ? std::string() : alias + ".";
}

const std::string& checked_column(const TableDef& table, int column, std::string_view what) {
    if (column < 0 || std::size_t(column) >= table.columns.size())
        fail(ErrorCode::internal, std::string(what) + ": column out of range");
    return table.columns[std::size_t(column)].name;
}

std::string like_pattern(const Value& v, bool prefix_only) {
    const auto* s = std::get_if<std::string>(&v);
    if (!s) fail(ErrorCode::validation, "contains and starts_with need text");
    std::string out = prefix_only ? "" : "%";
    for (char c : *s) {
        if (c == '%' || c == '_' || c == '\\') out += '\\';
        out += c;
    }
    return out + "%";
}

std::string limit_sql(const Query& query, Dialect dialect = Dialect::sqlite) {
    if (query.limit < 0 && query.offset <= 0) return {};
    const std::string limit = query.limit >= 0               ? std::to_string(query.limit)
                              : dialect == Dialect::postgres ? "ALL"
                                                             : "-1";
    return " LIMIT " + limit + " OFFSET " + std::to_string(std::max<std::int64_t>(query.offset, 0));
}

/// The column definition `column` names, or nullptr for "id".
const ColumnDef* column_def(const TableDef& table, const std::string& column) {
    const int i = table.column_index(column);
    return i < 0 ? nullptr : &table.columns[std::size_t(i)];
}

/// Whether PostgreSQL compares `column` through lower() (a case-insensitive
/// column compared without `exact`).
bool folds(Dialect dialect, const ColumnDef* column, bool exact = false) {
    return dialect == Dialect::postgres && column && column->nocase && !exact;
}

/// A parameter as PostgreSQL folds it: lower() of its bytes, ASCII only
/// (the "C" collation), as SQLite's NOCASE folds.
std::string folded_param(const std::string& param) {
    return "lower((" + param + ")::text COLLATE \"C\")";
}

/// An `in` list longer than this goes into one parameter (a JSON array for
/// SQLite, an array for PostgreSQL) instead of one parameter a value: a
/// statement binds at most 32,766 parameters in SQLite (by default) and
/// 65,535 in PostgreSQL, and long lists of parameters parse slowly.
constexpr std::size_t in_list_parameters = 64;

std::string number_text(const Value& v) {
    char buffer[32];
    const auto r = std::holds_alternative<std::int64_t>(v)
                       ? std::to_chars(buffer, buffer + sizeof buffer, std::get<std::int64_t>(v))
                       : std::to_chars(buffer, buffer + sizeof buffer, std::get<double>(v));
    return std::string(buffer, r.ptr);
}

/// `values` as one text: a JSON array (SQLite's json_each reads it) or a
/// PostgreSQL array literal; text folded to ASCII lower case when `fold`.
/// Blobs have no such form: Error(validation).
std::string in_list_text(const std::vector<Value>& values, bool pg, bool fold) {
    std::string out = pg ? "{" : "[";
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (i) out += ',';
        const Value& v = values[i];
        if (std::holds_alternative<std::monostate>(v)) {
            out += pg ? "NULL" : "null";
        } else if (std::holds_alternative<std::int64_t>(v) || std::holds_alternative<double>(v)) {
            out += number_text(v);
        } else if (const auto* text = std::get_if<std::string>(&v)) {
            out += '"';
            for (char c : *text) {
                if (fold && c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
                if (c == '"' || c == '\\') {
                    out += '\\';
                    out += c;
                } else if (!pg && static_cast<unsigned char>(c) < 0x20) {
                    static const char hex[] = "0123456789abcdef";
                    out += "\\u00";
                    out += hex[(c >> 4) & 0xF];
                    out += hex[c & 0xF];
                } else {
                    out += c;
                }
            }
            out += '"';
        } else {
            fail(ErrorCode::validation, "an 'in' list of more than " +
                                            std::to_string(in_list_parameters) +
                                            " values cannot hold binary values");
        }
    }
    out += pg ? "}" : "]";
    return out;
}

/// The PostgreSQL array type of a column's values ("id": bigint).
const char* pg_array_type(const ColumnDef* def) {
    if (!def) return "bigint[]";
    switch (def->type) {
    case ColumnType::integer: return "bigint[]";
    case ColumnType::real: return "double precision[]";
    case ColumnType::text: return "text[]";
    case ColumnType::blob: return "bytea[]";
    }
    return "text[]";
}

} // namespace

std::string column_ref(const TableDef& table, const std::string& column, const std::string& alias) {
    if (column == "id") return prefix_of(alias) + "id";
    int i = table.column_index(column);
    if (i < 0) fail(ErrorCode::validation, "no field '" + column + "' in " + table.name);
    return prefix_of(alias) + quote(table.columns[std::size_t(i)].name);
}

namespace {

/// Writes the SQL of conditions; `binds` collects their values, and
/// subqueries of linked rows get aliases l1, l2, ... (k1, ... for their
/// link lists).
struct ConditionWriter {
    std::vector<Value>& binds;
    Dialect dialect;
    int aliases = 0;

    std::string param(Value v) {
        binds.push_back(std::move(v));
        return "?" + std::to_string(binds.size());
    }

    /// `c` on `table` (its columns prefixed with `alias.`) as one SQL
    /// expression, true for the rows it keeps.
    std::string sql(const TableDef& table, const Condition& c, const std::string& alias) {
        std::string expr = plain(table, c, alias);
        // NOT of a condition that is unknown (NULL) for a row keeps the row:
        // "rating is not hot" includes records without a rating.
        return c.negate ? "(" + expr + ") IS NOT TRUE" : expr;
    }

private:
    std::string plain(const TableDef& table, const Condition& c, const std::string& alias) {
        const bool pg = dialect == Dialect::postgres;
        const std::string prefix = prefix_of(alias);
        switch (c.op) {
        case CompareOp::any:
        case CompareOp::all: {
            if (c.terms.empty())
                return c.op == CompareOp::all ? (pg ? "true" : "1") : (pg ? "false" : "0");
            std::string out = "(";
            for (std::size_t i = 0; i < c.terms.size(); ++i)
                out += (i ? (c.op == CompareOp::any ? " OR " : " AND ") : "") +
                       sql(table, c.terms[i], alias);
            return out + ")";
        }
        case CompareOp::exists: return exists(table, c, alias);
        case CompareOp::has: {
            // "links" (a list of plain values) or "emails.address" (a column
            // of a list of entries); the column's index answers it.
            const auto dot = c.column.find('.');
            const std::string list = c.column.substr(0, dot);
            const ChildTableDef* child = nullptr;
            for (const auto& ch : table.children)
                if (ch.name == list) child = &ch;
            const ColumnDef* column = nullptr;
            if (child && dot == std::string::npos && child->columns.size() == 1)
                column = &child->columns[0];
            if (child && dot != std::string::npos)
                for (const auto& col : child->columns)
                    if (col.name == c.column.substr(dot + 1)) column = &col;
            if (!column)
                fail(ErrorCode::validation,
                     "no list of values '" + c.column + "' in " + table.name);
            const bool fold = folds(dialect, column, c.exact);
            return prefix + "id IN (SELECT owner_id FROM " + quote(child->name) + " WHERE " +
                   (fold ? "lower(" + quote(column->name) + ")" : quote(column->name)) + " = " +
                   (fold ? folded_param(param(c.value)) : param(c.value)) +
                   (c.exact && !pg ? " COLLATE BINARY" : "") + ")";
        }
        default: break;
        }
        const ColumnDef* def = column_def(table, c.column);
        const bool fold = folds(dialect, def, c.exact);
        std::string raw = column_ref(table, c.column, alias);
        if (c.as_number)
            raw = "CASE WHEN " + prefix + "\"type\" = 'number' THEN CAST(" + raw +
                  (pg ? " AS double precision)" : " AS REAL)") + " END";
        const std::string col = fold ? "lower(" + raw + ")" : raw;
        // A value as the column compares it.
        auto value = [&](const Value& v) { return fold ? folded_param(param(v)) : param(v); };
        const bool is_null = std::holds_alternative<std::monostate>(c.value);
        const std::string binary = c.exact && !pg ? " COLLATE BINARY" : "";
        switch (c.op) {
        case CompareOp::eq:
            return is_null ? raw + " IS NULL" : col + " = " + value(c.value) + binary;
        case CompareOp::ne:
            return col + (pg ? " IS DISTINCT FROM " : " IS NOT ") + value(c.value) + binary;
        case CompareOp::lt: return col + " < " + value(c.value);
        case CompareOp::le: return col + " <= " + value(c.value);
        case CompareOp::gt: return col + " > " + value(c.value);
        case CompareOp::ge: return col + " >= " + value(c.value);
        case CompareOp::contains:
        case CompareOp::starts_with: {
            const std::string pattern =
                param(like_pattern(c.value, c.op == CompareOp::starts_with));
            if (!pg) return col + " LIKE " + pattern + " ESCAPE '\\'";
            // SQLite's LIKE ignores ASCII case on every column: lower() of
            // both sides (of the text of a number), by bytes.
            const bool text = def && def->type == ColumnType::text && !c.as_number;
            return "lower(" + (text ? raw : raw + "::text COLLATE \"C\"") + ") LIKE " +
                   folded_param(pattern) + " ESCAPE '\\'";
        }
        case CompareOp::in: {
            if (c.values.empty()) return pg ? "false" : "0";
            if (c.values.size() > in_list_parameters) {
                const std::string list = param(Value(in_list_text(c.values, pg, fold)));
                return pg ? col + " = ANY(CAST(" + list + " AS " +
                                (c.as_number ? "double precision[]" : pg_array_type(def)) + "))"
                          : col + " IN (SELECT value FROM json_each(" + list + "))";
            }
            std::string out = col + " IN (";
            for (std::size_t i = 0; i < c.values.size(); ++i)
                out += (i ? ", " : "") + value(c.values[i]);
            return out + ")";
        }
        case CompareOp::is_empty:
            // (PostgreSQL does not compare a number with '': only text is.)
            if (pg && !(def && def->type == ColumnType::text && !c.as_number))
                return raw + " IS NULL";
            return "(" + raw + " IS NULL OR " + raw + " = '')";
        default: break;
        }
        fail(ErrorCode::internal, "a condition of an unknown kind");
    }

    std::string exists(const TableDef& table, const Condition& c, const std::string& alias) {
        if (!c.linked) fail(ErrorCode::internal, "a linked condition without its table");
        const TableDef& linked = *c.linked;
        const std::string n = std::to_string(++aliases);
        const std::string l = "l" + n;
        // The row's own column, named with its table when it has no alias
        // (a subquery's own columns would hide it otherwise).
        const std::string outer =
            (alias.empty() ? quote(table.name) : alias) + "." +
            (c.outer_column == "id" ? std::string("id") : quote(c.outer_column));
        if (c.outer_column != "id") column_ref(table, c.outer_column); // checks the name
        std::string out = "EXISTS (SELECT 1 FROM ";
        if (!c.link_child.empty()) {
            const ChildTableDef* child = nullptr;
            for (const auto& ch : linked.children)
                if (ch.name == c.link_child) child = &ch;
            if (!child)
                fail(ErrorCode::validation, "no list '" + c.link_child + "' in " + linked.name);
            const std::string k = "k" + n;
            out += quote(child->name) + " AS " + k + " JOIN " + quote(linked.name) + " AS " + l +
                   " ON " + l + ".id = " + k + ".owner_id WHERE " + k + "." + quote(c.link_column) +
                   " = " + outer;
        } else {
            out += quote(linked.name) + " AS " + l + " WHERE " + l + "." +
                   (c.link_column == "id" ? std::string("id") : quote(c.link_column)) + " = " +
                   outer;
        }
        if (!linked.kind.empty())
            out += " AND " + l + ".record_kind = " + param(Value(linked.kind));
        for (const auto& term : c.terms) out += " AND " + sql(linked, term, l);
        return out + ")";
    }
};

} // namespace

std::string where_sql(const TableDef& table, const Query& query, std::vector<Value>& binds,
                      const std::string& alias, Dialect dialect) {
    const bool pg = dialect == Dialect::postgres;
    const std::string prefix = prefix_of(alias);
    ConditionWriter writer{binds, dialect};
    std::string sql = pg ? " WHERE true" : " WHERE 1";
    // A "has" on a member of list entries ("emails.address" has x) is
    // answered from that column's index, then by id; the record type must not
    // tempt SQLite into scanning a whole (record_kind, ...) index instead
    // ("+" keeps an index from serving it). A "has" on a list of plain values
    // ("links" has 42) may match thousands of rows: there, walking an ordered
    // (record_kind, ...) index and stopping at the page's end is the better
    // plan for the newest-first history of a record.
    const bool by_children =
        std::any_of(query.where.begin(), query.where.end(), [](const Condition& c) {
            return c.op == CompareOp::has && !c.negate && c.column.find('.') != std::string::npos;
        });
    if (!table.kind.empty())
        sql += std::string(" AND ") + (by_children && !pg ? "+" : "") + prefix +
               "record_kind = " + writer.param(Value(table.kind));
    for (const auto& c : query.where) sql += " AND " + writer.sql(table, c, alias);
    return sql;
}

std::string order_keys_sql(const TableDef& table, const Query& query, const std::string& alias,
                           Dialect dialect) {
    std::string sql = " ORDER BY ";
    for (const auto& key : query.order_by) {
        std::string col = column_ref(table, key.column, alias);
        if (folds(dialect, column_def(table, key.column))) col = "lower(" + col + ")";
        // PostgreSQL sorts NULL last ascending; SQLite (and the contract) first.
        if (dialect == Dialect::postgres)
            col += key.descending ? " DESC NULLS LAST" : " NULLS FIRST";
        else if (key.descending)
            col += " DESC";
        sql += col + ", ";
    }
    return sql + prefix_of(alias) + "id";
}

std::string order_sql(const TableDef& table, const Query& query, const std::string& alias,
                      Dialect dialect) {
    return order_keys_sql(table, query, alias, dialect) + limit_sql(query, dialect);
}

Sql count_sql(const TableDef& table, const Query& query, Dialect dialect) {
    Sql out;
    out.text = "SELECT count(*) FROM ";
    const std::string limit = limit_sql(query, dialect);
    if (!limit.empty())
        out.text += "(SELECT id FROM " + quote(table.name) +
                    where_sql(table, query, out.binds, {}, dialect) + limit +
                    (dialect == Dialect::postgres ? ") AS page" : ")");
    else
        out.text += quote(table.name) + where_sql(table, query, out.binds, {}, dialect);
    return out;
}

Sql group_counts_sql(const TableDef& table, const Query& query,
                     std::span<const std::string> group_by, Dialect dialect) {
    Sql out;
    // PostgreSQL groups a case-insensitive column by lower() and shows the
    // group's smallest spelling; SQLite groups by NOCASE and shows one of them.
    std::string shown, keys, order;
    for (const auto& g : group_by) {
        const std::string col = column_ref(table, g);
        const bool fold = folds(dialect, column_def(table, g));
        const std::string key = fold ? "lower(" + col + ")" : col;
        shown += (shown.empty() ? "" : ", ") + (fold ? "min(" + col + ")" : col);
        keys += (keys.empty() ? "" : ", ") + key;
        order += (order.empty() ? "" : ", ") + key +
                 (dialect == Dialect::postgres ? " NULLS FIRST" : "");
    }
    out.text = "SELECT " + (shown.empty() ? std::string() : shown + ", ") + "count(*) FROM " +
               quote(table.name) + where_sql(table, query, out.binds, {}, dialect);
    if (!keys.empty()) out.text += " GROUP BY " + keys + " ORDER BY " + order;
    return out;
}

Sql update_where_sql(const TableDef& table, const Query& query, std::span<const int> columns,
                     const Row& values, bool bump_version, Dialect dialect) {
    if (columns.size() != values.size())
        fail(ErrorCode::internal, "update_where: columns and values differ");
    Sql out;
    std::string set;
    for (std::size_t i = 0; i < columns.size(); ++i) {
        const std::string& name = checked_column(table, columns[i], "update_where");
        out.binds.push_back(values[i]);
        set += (set.empty() ? "" : ", ") + quote(name) + " = ?" + std::to_string(out.binds.size());
    }
    if (bump_version) {
        if (table.version_column < 0) fail(ErrorCode::internal, "table has no version");
        const std::string v = quote(table.columns[std::size_t(table.version_column)].name);
        set += (set.empty() ? "" : ", ") + v + " = " + v + " + 1";
    }
    if (set.empty()) return {};
    out.text = "UPDATE " + quote(table.name) + " SET " + set +
               where_sql(table, query, out.binds, {}, dialect);
    return out;
}

std::vector<int> shape_columns(const TableDef& table, const ReadShape& shape) {
    if (!shape.all_columns) {
        for (int c : shape.columns) checked_column(table, c, "read");
        return shape.columns;
    }
    std::vector<int> all(table.columns.size());
    for (std::size_t i = 0; i < all.size(); ++i) all[i] = int(i);
    return all;
}

const ChildTableDef& shape_child(const TableDef& table, int child) {
    if (child < 0 || std::size_t(child) >= table.children.size())
        fail(ErrorCode::internal, "read: child table out of range");
    return table.children[std::size_t(child)];
}

bool is_id_lookup(const Query& query) {
    return query.where.size() == 1 && query.where[0].column == "id" && !query.where[0].negate &&
           query.where[0].op == CompareOp::eq &&
           std::holds_alternative<std::int64_t>(query.where[0].value) && query.limit != 0 &&
           query.offset <= 0;
}

std::string read_one_sql(const TableDef& table, const ReadShape& shape, Dialect dialect) {
    // PostgreSQL wants one type per column of a UNION: every value as text.
    const std::string as_text = dialect == Dialect::postgres ? "::text" : "";
    const std::vector<int> columns = shape_columns(table, shape);
    std::size_t width = columns.size();
    for (int c : shape.children) width = std::max(width, shape_child(table, c).columns.size());
    auto padding = [&](std::size_t used) {
        std::string out;
        for (std::size_t i = used; i < width; ++i) out += ", NULL";
        return out;
    };
    // Every arm: the part (0 the row, 1.. a child table), the position, then
    // `width` values. No ORDER BY: sorting a compound SELECT costs SQLite a
    // sorter per arm (it made a get by id 25% slower than seven plain
    // statements); the part says where a row belongs and the reader puts
    // each list in position order.
    std::string sql = "SELECT 0, 0";
    for (int c : columns) sql += ", " + quote(table.columns[std::size_t(c)].name) + as_text;
    sql += padding(columns.size()) + " FROM " + quote(table.name) + " WHERE id = ?1" +
           kind_clause(table, 2);
    for (std::size_t i = 0; i < shape.children.size(); ++i) {
        const ChildTableDef& child = shape_child(table, shape.children[i]);
        sql += " UNION ALL SELECT " + std::to_string(i + 1) + ", position";
        for (const auto& c : child.columns) sql += ", " + quote(c.name) + as_text;
        sql +=
            padding(child.columns.size()) + " FROM " + quote(child.name) + " WHERE owner_id = ?1";
    }
    return sql;
}

Sql read_sql(const TableDef& table, const Query& query, const ReadShape& shape, Dialect dialect) {
    Sql out;
    out.text = "SELECT t.id";
    for (int c : shape_columns(table, shape))
        out.text += ", t." + quote(table.columns[std::size_t(c)].name);
    out.text += " FROM " + quote(table.name) + " AS t" +
                where_sql(table, query, out.binds, "t", dialect) +
                order_sql(table, query, "t", dialect);
    return out;
}

Sql read_children_sql(const TableDef& table, const Query& query, int child_index, Dialect dialect) {
    const ChildTableDef& child = shape_child(table, child_index);
    Sql out;
    out.text = "SELECT t.id";
    for (const auto& c : child.columns) out.text += ", c." + quote(c.name);
    out.text += " FROM " + quote(table.name) + " AS t JOIN " + quote(child.name) +
                " AS c ON c.owner_id = t.id" + where_sql(table, query, out.binds, "t", dialect);
    // A page: the owners are the page's rows, chosen as the rows' own
    // statement chooses them.
    if (!limit_sql(query).empty())
        out.text += " AND t.id IN (SELECT p.id FROM " + quote(table.name) + " AS p" +
                    where_sql(table, query, out.binds, "p", dialect) +
                    order_sql(table, query, "p", dialect) + ")";
    out.text += order_keys_sql(table, query, "t", dialect) + ", c.position";
    return out;
}

std::string all_children_sql(const ChildTableDef& child) {
    return "SELECT owner_id, " + column_list(child.columns) + " FROM " + quote(child.name) +
           " ORDER BY owner_id, position";
}

Sql select_sql(const TableDef& table, const Query& query, std::span<const Projection> columns,
               Dialect dialect) {
    Sql out;
    out.text = "SELECT t.id";
    for (const auto& p : columns) {
        if (p.child.empty()) {
            out.text += ", " + column_ref(table, p.column, "t");
            continue;
        }
        const ChildTableDef* child = nullptr;
        for (const auto& c : table.children)
            if (c.name == p.child) child = &c;
        const ColumnDef* column = nullptr;
        if (child)
            for (const auto& c : child->columns)
                if (c.name == p.column) column = &c;
        if (!column) fail(ErrorCode::validation, "no field '" + p.child + "." + p.column + "'");
        // The first entry of the list, by position (the primary key's order).
        out.text += ", (SELECT c." + quote(column->name) + " FROM " + quote(child->name) +
                    " AS c WHERE c.owner_id = t.id ORDER BY c.position LIMIT 1)";
    }
    out.text += " FROM " + quote(table.name) + " AS t";
    out.text +=
        where_sql(table, query, out.binds, "t", dialect) + order_sql(table, query, "t", dialect);
    return out;
}

std::string insert_sql(const TableDef& table) {
    if (table.kind.empty())
        return "INSERT INTO " + quote(table.name) + " (" + column_list(table.columns) +
               ") VALUES (" + placeholders(1, table.columns.size()) + ")";
    return "INSERT INTO " + quote(table.name) + " (id, record_kind, " + column_list(table.columns) +
           ") VALUES (?1, ?2, " + placeholders(3, table.columns.size()) + ")";
}

std::string insert_with_id_sql(const TableDef& table) {
    if (!table.kind.empty()) return insert_sql(table);
    return "INSERT INTO " + quote(table.name) + " (id, " + column_list(table.columns) +
           ") VALUES (?1, " + placeholders(2, table.columns.size()) + ")";
}

std::string insert_entity_with_id_sql() {
    return "INSERT INTO entities (id, record_kind) VALUES (?1, ?2)";
}

// The batch statements are INSERT OR FAIL: a statement that fails keeps
// the rows it wrote before the failure instead of undoing them. An
// INSERT of many rows that may undo itself (ABORT, the default) makes
// SQLite copy each page it changes into a statement journal first: in a
// 100,000-lead import that was about 145,000 writes (285 MB) to a
// temporary file. Callers undo a failed batch with their transaction or
// savepoint (Storage::insert_many says so).
std::string insert_many_sql(const TableDef& table, std::size_t rows) {
    const std::size_t width = table.columns.size() + 1; // the id, then the columns
    std::string sql = "INSERT OR FAIL INTO " + quote(table.name) + " (id, record_kind, " +
                      column_list(table.columns) + ") VALUES ";
    for (std::size_t r = 0; r < rows; ++r)
        sql += (r ? ", (?" : "(?") + std::to_string(r * width + 2) + ", ?1, " +
               placeholders(r * width + 3, table.columns.size()) + ")";
    return sql;
}

std::string insert_entities_sql(std::size_t rows) {
    std::string sql = "INSERT OR FAIL INTO entities (record_kind) VALUES (?1)";
    for (std::size_t r = 1; r < rows; ++r) sql += ", (?1)";
    return sql;
}

std::string exists_sql(const TableDef& table) {
    return "SELECT 1 FROM " + quote(table.name) + " WHERE id = ?1" + kind_clause(table, 2);
}

std::string update_sql(const TableDef& table, bool versioned) {
    const std::size_t n = table.columns.size();
    std::string sql = "UPDATE " + quote(table.name) + " SET ";
    for (std::size_t i = 0; i < n; ++i)
        sql += (i ? ", " : "") + quote(table.columns[i].name) + " = ?" + std::to_string(i + 1);
    sql += " WHERE id = ?" + std::to_string(n + 1);
    if (versioned) {
        if (table.version_column < 0) fail(ErrorCode::internal, "table has no version");
        sql += " AND " + quote(table.columns[std::size_t(table.version_column)].name) + " = ?" +
               std::to_string(n + 2);
    }
    return sql + kind_clause(table, int(n) + 3);
}

std::string update_columns_sql(const TableDef& table, std::span<const int> columns) {
    if (columns.empty()) fail(ErrorCode::internal, "update_columns: no columns");
    std::string sql = "UPDATE " + quote(table.name) + " SET ";
    for (std::size_t i = 0; i < columns.size(); ++i)
        sql += (i ? ", " : "") + quote(checked_column(table, columns[i], "update_columns")) +
               " = ?" + std::to_string(i + 1);
    const int n = int(columns.size());
    return sql + " WHERE id = ?" + std::to_string(n + 1) + kind_clause(table, n + 2);
}

std::string remove_sql(const TableDef& table) {
    // Shared-id tables delete the entity: rows and child rows cascade.
    if (table.kind.empty()) return "DELETE FROM " + quote(table.name) + " WHERE id = ?1";
    return "DELETE FROM entities WHERE id = ?1 AND record_kind = ?2";
}

std::string insert_child_sql(const ChildTableDef& child) {
    return "INSERT INTO " + quote(child.name) + " (owner_id, position, " +
           column_list(child.columns) + ") VALUES (?1, ?2, " +
           placeholders(3, child.columns.size()) + ")";
}

std::string insert_children_sql(const ChildTableDef& child, std::size_t rows) {
    const std::size_t width = child.columns.size() + 2;
    std::string sql = "INSERT OR FAIL INTO " + quote(child.name) + " (owner_id, position, " +
                      column_list(child.columns) + ") VALUES ";
    for (std::size_t r = 0; r < rows; ++r)
        sql += (r ? ", (" : "(") + placeholders(r * width + 1, width) + ")";
    return sql;
}

std::string delete_children_sql(const ChildTableDef& child) {
    return "DELETE FROM " + quote(child.name) + " WHERE owner_id = ?1";
}

std::string delete_children_where_sql(const ChildTableDef& child, int column, Dialect dialect) {
    if (column < 0 || std::size_t(column) >= child.columns.size())
        fail(ErrorCode::internal, "delete_children_where: column out of range");
    const ColumnDef& def = child.columns[std::size_t(column)];
    if (folds(dialect, &def))
        return "DELETE FROM " + quote(child.name) + " WHERE lower(" + quote(def.name) +
               ") = " + folded_param("?1");
    return "DELETE FROM " + quote(child.name) + " WHERE " + quote(def.name) + " = ?1";
}

std::string postgres_numbered(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    char quoted = 0; // the quote character of the name or string we are in
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == quoted) quoted = 0;
        } else if (c == '\'' || c == '"') {
            quoted = c;
        } else if (c == '?' && i + 1 < text.size() && text[i + 1] >= '0' && text[i + 1] <= '9') {
            out += '$';
            continue;
        }
        out += c;
    }
    return out;
}

} // namespace leadbook::sqlite
