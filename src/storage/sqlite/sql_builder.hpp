// SQL text for the SQLite backend, built from table definitions and queries.
//
// Pure functions: they read a TableDef (whose names come from type
// descriptions) and a Query, and return SQL text with `?N` parameters plus
// the values to bind, in order. Values never enter the text. A Query that
// names a column its table does not have is refused (ErrorCode::validation)
// before any SQL exists. Nothing here touches a database, so the tests check
// the text and parameters directly (tests/sql_builder_test.cpp).
#pragma once

#include <leadbook/storage.hpp>

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace leadbook::sqlite {

/// The SQL a statement is written for. The text always numbers its
/// parameters `?1`, `?2`, ...; a PostgreSQL backend turns them into `$1`,
/// `$2`, ... (postgres_numbered in this header). What differs in meaning:
/// PostgreSQL compares case-insensitive columns through `lower()` (its
/// text columns compare by bytes, `COLLATE "C"`), matches contains and
/// starts_with on `lower()` of both sides (SQLite's LIKE ignores ASCII case
/// on every column), says where NULLs sort (first ascending, as SQLite
/// does), and spells booleans, limits and NULL-safe comparisons its way.
enum class Dialect { sqlite, postgres };

/// SQL text and the values for its `?1`, `?2`, ... parameters.
struct Sql {
    std::string text;
    std::vector<Value> binds;
};

/// `name` as a quoted SQL identifier.
std::string quote(std::string_view name);
/// The quoted names of `columns`, comma separated.
std::string column_list(const std::vector<ColumnDef>& columns);
/// `?first, ?first+1, ...`: `count` numbered parameters.
std::string placeholders(std::size_t first, std::size_t count);
/// " AND record_kind = ?param" for tables several record types share, else "".
std::string kind_clause(const TableDef& table, int param);
/// Rows per multi-row INSERT of rows of `parameters_per_row` values: enough
/// to spread a statement's fixed cost, within SQLite's parameter limit.
std::size_t rows_per_insert(std::size_t parameters_per_row);

/// The quoted column `column` of `table` ("id" is the row id), prefixed
/// with `alias.` when given; refuses names the table does not have.
std::string column_ref(const TableDef& table, const std::string& column,
                       const std::string& alias = {});
/// " WHERE ..." for `query.where` (and the record type of shared tables),
/// appending the values it needs to `binds`.
std::string where_sql(const TableDef& table, const Query& query, std::vector<Value>& binds,
                      const std::string& alias = {}, Dialect dialect = Dialect::sqlite);
/// " ORDER BY ..., id" of `query`, without its limit.
std::string order_keys_sql(const TableDef& table, const Query& query, const std::string& alias = {},
                           Dialect dialect = Dialect::sqlite);
/// " ORDER BY ..., id" and LIMIT/OFFSET of `query`.
std::string order_sql(const TableDef& table, const Query& query, const std::string& alias = {},
                      Dialect dialect = Dialect::sqlite);

/// Counts the rows matching `query` (within its limit and offset).
Sql count_sql(const TableDef& table, const Query& query, Dialect dialect = Dialect::sqlite);
/// The grouped columns, then count(*), per distinct value of `group_by`,
/// in ascending order of those values.
Sql group_counts_sql(const TableDef& table, const Query& query,
                     std::span<const std::string> group_by, Dialect dialect = Dialect::sqlite);
/// Sets `columns` (indexes into table.columns) to `values` in the rows
/// matching `query`; when `bump_version`, adds one to the version column.
/// The text is empty when there is nothing to set.
Sql update_where_sql(const TableDef& table, const Query& query, std::span<const int> columns,
                     const Row& values, bool bump_version, Dialect dialect = Dialect::sqlite);

/// The columns a read returns (indexes into table.columns), checked.
std::vector<int> shape_columns(const TableDef& table, const ReadShape& shape);
/// Whether `query` is exactly `id eq N` (a record by its id).
bool is_id_lookup(const Query& query);
/// One record by id with its lists, in one statement: `?1` the id, `?2` the
/// record type of shared tables. Each result row is (part, position,
/// values...): part 0 is the record's own row (the shape's columns), part
/// i the rows of the shape's i-th child table, in any order; unused values
/// are NULL.
/// (PostgreSQL: every value as text, read back by its column's type.)
std::string read_one_sql(const TableDef& table, const ReadShape& shape,
                         Dialect dialect = Dialect::sqlite);
/// The id and the shape's columns of the rows matching `query`, in its order.
Sql read_sql(const TableDef& table, const Query& query, const ReadShape& shape,
             Dialect dialect = Dialect::sqlite);
/// The rows of child table `child` (an index into table.children) of the
/// rows matching `query`: owner id, then the child's columns, in the order
/// of the rows (read_sql's) and then by position.
Sql read_children_sql(const TableDef& table, const Query& query, int child,
                      Dialect dialect = Dialect::sqlite);
/// Every row of `child`: owner, then the columns, by owner and position.
std::string all_children_sql(const ChildTableDef& child);
/// The id and the projected columns of the rows matching `query`, in its
/// order; a projection of a child column reads the owner's first child row.
Sql select_sql(const TableDef& table, const Query& query, std::span<const Projection> columns,
               Dialect dialect = Dialect::sqlite);

// ---- statements run with the same text many times (kept prepared) ----------

/// INSERT of one row: `?1..?n` the columns; for shared-id tables `?1` the
/// id and `?2` the record type come first.
std::string insert_sql(const TableDef& table);
/// INSERT of one row with its id: `?1` the id, (for shared-id tables `?2`
/// the record type,) then the columns. A shared-id table's entity is
/// inserted apart (insert_entity_with_id_sql).
std::string insert_with_id_sql(const TableDef& table);
/// INSERT of the entity `?1` of record type `?2`.
std::string insert_entity_with_id_sql();
/// INSERT of `rows` rows of a shared-id table: `?1` the record type, then
/// per row its id and columns (1 + columns parameters per row).
std::string insert_many_sql(const TableDef& table, std::size_t rows);
/// INSERT of `rows` new entities (shared ids) of the record type `?1`.
std::string insert_entities_sql(std::size_t rows);
/// Whether row `?1` exists (and is of the table's record type, `?2`).
std::string exists_sql(const TableDef& table);
/// UPDATE of every column of row `?n+1`; when `versioned`, only if its
/// version is `?n+2`; the record type is `?n+3`.
std::string update_sql(const TableDef& table, bool versioned);
/// UPDATE of `columns` (parameters `?1..?k`) of row `?k+1` (record type `?k+2`).
std::string update_columns_sql(const TableDef& table, std::span<const int> columns);
/// DELETE of row `?1` (and, for shared ids, its entity of record type `?2`).
std::string remove_sql(const TableDef& table);
/// INSERT of one child row: owner `?1`, position `?2`, then the columns.
std::string insert_child_sql(const ChildTableDef& child);
/// INSERT of `rows` child rows: per row owner, position, columns.
std::string insert_children_sql(const ChildTableDef& child, std::size_t rows);
/// DELETE of the child rows of owner `?1`.
std::string delete_children_sql(const ChildTableDef& child);
/// DELETE of the child rows, of every owner, whose `column` equals `?1`.
std::string delete_children_where_sql(const ChildTableDef& child, int column,
                                      Dialect dialect = Dialect::sqlite);

/// `text` with its `?N` parameters written `$N`, as PostgreSQL numbers
/// them (quoted names and strings are left alone).
std::string postgres_numbered(std::string_view text);

} // namespace leadbook::sqlite
