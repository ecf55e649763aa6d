// leadbook/storage.hpp: the storage interface every backend implements.
//
// Storage knows tables of rows, not leads: LeadBook (leadbook.hpp) derives a
// TableDef for each record type from its Boost.Describe description, turns
// records into Rows and back, and applies every rule (validation, versions,
// timestamps). A backend only has to store rows, run simple filtered and
// sorted queries, and provide transactions, which keeps a second backend
// (PostgreSQL) a matter of days. One conformance suite
// (tests/storage_conformance_test.cpp) runs against every backend.
//
// Column and table names in TableDef come from type descriptions, never from
// user text; a backend may put them into SQL after checking that a Query only
// names columns of the table it is run on.
//
// The contract every backend keeps (SQLite and PostgreSQL; the conformance
// suite checks each point on both):
//
// - Text compares by bytes (UTF-8, so code point order). A `nocase` column
//   compares, sorts, groups and is indexed with the ASCII letters A-Z folded
//   to a-z and nothing else: "ACME" equals "acme", "É" does not equal "é"
//   (SQLite: NOCASE; PostgreSQL: lower() under COLLATE "C", which folds
//   ASCII only). Condition::exact compares byte for byte even there.
// - `contains` and `starts_with` ignore ASCII case on every column, nocase or
//   not, and take `%`, `_` and `\` literally (SQLite: LIKE; PostgreSQL:
//   lower() of both sides with LIKE).
// - NULL is the smallest value: first in ascending order, last in
//   descending order, first among group_counts' groups. NULL satisfies
//   `is_empty`, `eq` with a NULL value and `ne` with any other value, and no
//   other comparison. Rows of equal sort keys come by id.
// - One write transaction at a time per database, across connections and
//   processes: begin(true) takes the write lock at once, waiting at most the
//   backend's timeout (SQLite: busy_timeout_ms; PostgreSQL: lock_timeout on
//   a transaction-scoped advisory lock), then throws ErrorCode::busy having
//   written nothing. A write outside a transaction takes it for itself.
//   Readers never wait for the writer and never see what it has not
//   committed.
// - A cursor reads one view (read() says which): outside a transaction the
//   database as it was when it was opened, whatever is written meanwhile,
//   by this Storage or any other connection; inside one, the transaction's
//   view, and writing through this Storage while it is open is
//   ErrorCode::conflict.
// - After an Error inside a transaction, roll back: the transaction, or the
//   savepoint (an inner begin()) the failed call ran in. Nothing else is
//   promised to work before that (PostgreSQL refuses every statement of a
//   transaction a statement failed in; SQLite would go on). Rolling back to
//   a savepoint leaves the outer transaction usable. rollback() never throws.
// - Only hints, which a backend may ignore without changing any result:
//   ColumnDef::indexed, insert_many and insert_children_many doing the work
//   in fewer statements, bulk_load and its BulkLoadHint.
//
// Where the two backends differ, beyond speed: SQLite stores a value of
// another type than its column's as it comes (a double in an integer
// column), PostgreSQL refuses it (ErrorCode::validation); group_counts of a
// nocase column shows one spelling of each group, SQLite any of them,
// PostgreSQL the smallest by bytes; text may hold a NUL byte only in SQLite.
#pragma once

#include <leadbook/error.hpp>
#include <leadbook/values.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace leadbook {

/// One stored value: NULL, integer, real, text (UTF-8) or blob.
using Value = std::variant<std::monostate, std::int64_t, double, std::string, Bytes>;
/// A row's values in the order of its table's columns (the id is apart).
using Row = std::vector<Value>;

enum class ColumnType { integer, real, text, blob };

struct ColumnDef {
    std::string name;
    ColumnType type = ColumnType::text;
    bool nullable = false; ///< NULL allowed (optional fields)
    bool indexed = false;  ///< filters and reports use it: keep an index
    bool nocase = false;   ///< compare and index case-insensitively (names, e-mails)
};

/// A table of rows that belong to an owner record (a list field such as
/// `emails`): each row has the owner's id and a position, then `columns`.
struct ChildTableDef {
    std::string name;
    std::vector<ColumnDef> columns;
};

/// A table of records. Rows have an integer id assigned by storage. When
/// `kind` is set, several record types share the table and ids come from one
/// sequence shared by every record table (so a history item or an
/// opportunity can link to any record by id alone); the kind separates them.
struct TableDef {
    std::string name;
    std::string kind; ///< "" for tables with their own ids (users)
    std::vector<ColumnDef> columns;
    std::vector<ChildTableDef> children;
    /// Index of the `version` column, or -1 when rows are not versioned.
    int version_column = -1;

    int column_index(std::string_view column) const;
};

enum class CompareOp {
    eq,
    ne,
    lt,
    le,
    gt,
    ge,
    contains,
    starts_with,
    in,
    is_empty,
    has,
    any,
    all,
    exists
};

/// `column op value` on a column of the queried table. `in` uses `values`;
/// `has` names a child table of plain values ("links") or one column of a
/// child table ("emails.address") in `column` and is true for rows with a
/// child row whose value there equals `value` (compared as that column
/// compares: "emails.address" without case);
/// `is_empty` is true for NULL and for the empty string; `ne` is true for
/// NULL against a value. `exact` compares text byte for byte even on
/// case-insensitive columns ("Acme" differs from "ACME").
///
/// Groups (no column): `any` is true when one of `terms` is, `all` when
/// each is; `exists` when a row of `linked` (another table, or a child table
/// described as one) exists that is tied to the row and for which each of
/// `terms` (conditions on `linked`) holds. It is tied by
/// `linked.link_column = row.outer_column`, or, when `link_child` names a
/// child table of `linked` (a list of ids such as a history item's links),
/// by a row of that child table whose `link_column` is the row's
/// `outer_column`. `negate` turns any condition into its opposite.
/// `as_number` compares a text column as a number (rows of a user-defined
/// field whose `type` column is "number").
struct Condition {
    std::string column;
    CompareOp op = CompareOp::eq;
    Value value;
    std::vector<Value> values;
    bool exact = false;
    std::vector<Condition> terms = {};
    bool negate = false;
    const TableDef* linked = nullptr;
    std::string link_child = {};
    std::string link_column = {};
    std::string outer_column = "id";
    bool as_number = false;
};

struct SortKey {
    std::string column; ///< "id" sorts by id
    bool descending = false;
};

/// Conditions are combined with AND. Rows come in `order_by` order, then by id.
struct Query {
    std::vector<Condition> where;
    std::vector<SortKey> order_by;
    std::int64_t limit = -1; ///< -1: no limit
    std::int64_t offset = 0;
};

enum class UpdateResult { updated, not_found, stale_version };

/// A column a select returns: a column of the table, or (when `child` is
/// set) a column of the first row, by position, of one of its child tables
/// (a record's first e-mail address). "id" is the row's id.
struct Projection {
    std::string column;
    std::string child; ///< child table name, or empty
};

/// One group of a group_counts: the values of the grouped columns, in order.
struct GroupCount {
    Row key;
    std::int64_t count = 0;
};

/// Which columns and which lists Storage::read returns of each row.
struct ReadShape {
    /// Indexes into TableDef::columns, in the order wanted; empty with
    /// `all_columns` set means every column in table order.
    std::vector<int> columns;
    bool all_columns = true;
    /// Indexes into TableDef::children of the child tables whose rows come
    /// with each row, in the order wanted.
    std::vector<int> children;

    /// Every column and every child table: a whole record.
    static ReadShape whole(const TableDef& table);
    /// `columns` only, plus the child tables `children` (indexes).
    static ReadShape of(std::vector<int> columns, std::vector<int> children = {});
};

/// A row read by Storage::read or Storage::select.
struct ReadRow {
    std::int64_t id = 0;
    Row values; ///< the requested columns, in the requested order
    /// Per requested child table, in the order requested: the owner's rows
    /// in position order. Empty for Storage::select.
    std::vector<std::vector<Row>> children;
};

/// Rows streamed from a read or select, read as they are consumed: memory
/// does not grow with the number of rows. Valid while its Storage lives.
/// A cursor that has returned false keeps returning false.
class RowCursor {
public:
    virtual ~RowCursor() = default;
    /// Reads the next row into `row`; false when there are no more.
    virtual bool next(ReadRow& row) = 0;
};

/// What a caller knows about a bulk load it announces (Storage::bulk_load).
struct BulkLoadHint {
    /// The load adds at least as many rows as the table held before it (and
    /// a few thousand at least): keeping secondary indexes up to date row by
    /// row may then cost more than building them again afterwards.
    bool outgrows_table = false;
};

/// A bulk load under way (Storage::bulk_load). Destroying it ends the load:
/// what the backend changed for it goes back to normal. The base class is
/// the guard of a backend that changes nothing.
class BulkLoad {
public:
    BulkLoad() = default;
    BulkLoad(const BulkLoad&) = delete;
    BulkLoad& operator=(const BulkLoad&) = delete;
    virtual ~BulkLoad() = default;
    /// Catches up, before the transaction commits, on the work the backend
    /// put off (SQLite: builds the deferred indexes). Throws when that fails;
    /// the caller then rolls the transaction back. Calling it again does
    /// nothing.
    virtual void finish() {}
};

/// One thing Storage::check_integrity found wrong.
struct IntegrityProblem {
    /// "integrity" (damaged pages, indexes that disagree with their table),
    /// "foreign_key" (a row refers to a row that does not exist), "value" (a
    /// value of the wrong type in a column), "schema" (tables, columns or
    /// objects that are not leadbook's).
    std::string kind;
    /// What is wrong, in words, naming the table (and row) involved.
    std::string message;
};

class Storage {
public:
    virtual ~Storage() = default;

    /// Transactions nest: only the outermost commits. A write transaction
    /// takes the write lock at once, so read-modify-write sequences inside it
    /// see no interleaved writer.
    virtual void begin(bool write) = 0;
    virtual void commit() = 0;
    virtual void rollback() noexcept = 0;

    /// Inserts a row and returns its new id.
    virtual std::int64_t insert(const TableDef& table, const Row& row) = 0;
    /// Inserts rows in order, as insert() does each, and returns their ids.
    /// Backends may do it in fewer statements; the default calls insert().
    /// When it fails, some of the rows may have been written: the caller
    /// rolls back its transaction or savepoint.
    virtual std::vector<std::int64_t> insert_many(const TableDef& table,
                                                  std::span<const Row> rows) {
        std::vector<std::int64_t> ids;
        ids.reserve(rows.size());
        for (const Row& row : rows) ids.push_back(insert(table, row));
        return ids;
    }
    virtual bool exists(const TableDef& table, std::int64_t id) = 0;
    /// Replaces a row. When `expected_version` is set, the row is written only
    /// if its stored version equals it (optimistic concurrency).
    virtual UpdateResult update(const TableDef& table, std::int64_t id, const Row& row,
                                std::optional<std::int64_t> expected_version) = 0;
    /// Makes row `id` of type `from` a row of type `to` (two record types
    /// sharing one table, such as leads and business contacts): the row,
    /// its id and its child rows stay. False if `from` has no such row.
    virtual bool change_kind(const TableDef& from, const TableDef& to, std::int64_t id) = 0;
    /// Deletes a row and its child rows; false if there was none.
    virtual bool remove(const TableDef& table, std::int64_t id) = 0;
    /// The rows matching `query`, in its order (then by id) within its limit
    /// and offset, each with the columns and child rows `shape` asks for.
    ///
    /// - A record comes with its lists: a query that is exactly `id eq N`
    ///   reads the row and every requested list in one statement; any other
    ///   query reads no statement per row (the lists stream alongside the
    ///   rows).
    /// - One view: outside a transaction, the cursor reads the database as
    ///   it was when read() was called, whatever this Storage or another
    ///   connection writes while it is open (no row twice, none skipped
    ///   because it changed). Inside a transaction it reads the
    ///   transaction's view, and a write through this Storage while such a
    ///   cursor is still open fails at once (ErrorCode::conflict, naming the
    ///   open cursor) rather than changing what the cursor reads; finish or
    ///   destroy the cursor first. (A backend with one connection only, SQLite
    ///   in memory, keeps the view outside a transaction by reading the rows
    ///   at once.)
    virtual std::unique_ptr<RowCursor> read(const TableDef& table, const Query& query,
                                            const ReadShape& shape) = 0;
    virtual std::int64_t count(const TableDef& table, const Query& query) = 0;

    /// The rows matching `query` (with its order, limit and offset), each
    /// with the values of `columns`, computed in the database in one query.
    /// ReadRow::children stays empty. The same view rules as read().
    virtual std::unique_ptr<RowCursor> select(const TableDef& table, const Query& query,
                                              std::span<const Projection> columns) = 0;
    /// Counts the rows matching `query` per distinct value of `group_by`
    /// (columns of the table), ordered by those values (NULL first).
    virtual std::vector<GroupCount> group_counts(const TableDef& table, const Query& query,
                                                 std::span<const std::string> group_by) = 0;
    /// Sets `columns` to `values` in every row matching `query` (limit and
    /// order are ignored); when `bump_version`, the version column grows by
    /// one in each. Returns how many rows changed.
    virtual std::int64_t update_where(const TableDef& table, const Query& query,
                                      std::span<const int> columns, const Row& values,
                                      bool bump_version) = 0;
    /// Sets `columns` of the rows `ids` to their `values` (one Row per id),
    /// leaving the other columns (and the version) as they are. Returns how
    /// many rows there were.
    virtual std::int64_t update_columns(const TableDef& table, std::span<const int> columns,
                                        std::span<const std::int64_t> ids,
                                        std::span<const Row> values) = 0;

    /// Adds child rows for an owner that has none yet (a new record).
    virtual void insert_children(const ChildTableDef& child, std::int64_t owner,
                                 std::span<const Row> rows) = 0;
    /// Adds the child rows of many new owners: rows[i] for owners[i], as
    /// insert_children does for each. The default calls insert_children.
    /// When it fails, some of the rows may have been written, as with
    /// insert_many.
    virtual void insert_children_many(const ChildTableDef& child,
                                      std::span<const std::int64_t> owners,
                                      std::span<const std::vector<Row>> rows) {
        for (std::size_t i = 0; i < owners.size() && i < rows.size(); ++i)
            insert_children(child, owners[i], rows[i]);
    }
    /// Replaces all child rows of `owner`.
    virtual void replace_children(const ChildTableDef& child, std::int64_t owner,
                                  std::span<const Row> rows) = 0;
    /// Deletes the child rows, of every owner, whose `column` equals `value`;
    /// returns how many.
    virtual std::int64_t delete_children_where(const ChildTableDef& child, int column,
                                               const Value& value) = 0;

    /// Announces a bulk load: the caller is about to write many rows into
    /// `table` and its child tables, rows that refer only to rows that exist
    /// or that the load adds itself (records and their lists under ids it
    /// has just made). Call it inside the write transaction that writes them,
    /// or just before that transaction begins; keep the guard until the
    /// transaction has ended, and call BulkLoad::finish() before the commit.
    /// The backend decides what, if anything, it changes meanwhile (SQLite
    /// defers the table's text indexes when the load outgrows the table, and
    /// stops looking up references when called outside a transaction).
    /// Only a hint: reads stay correct, a rollback undoes what the load
    /// changed, and a backend that does nothing (the default) is right.
    virtual std::unique_ptr<BulkLoad> bulk_load(const TableDef& table, const BulkLoadHint& hint) {
        (void)table;
        (void)hint;
        return std::make_unique<BulkLoad>();
    }

    /// Writes rows read whole (ReadShape::whole) from another database of
    /// the same schema, keeping their ids: each row with ReadRow::id as its
    /// id and ReadRow::children as the rows of every child table of `table`,
    /// in table order. For moving a book (copy_book, leadbook/copy.hpp) into
    /// an empty database; the ids must be free. Ids made later (insert) come
    /// after every id written so. When it fails, some rows may have been
    /// written, as with insert_many. The default refuses (ErrorCode::storage):
    /// a backend that can store chosen ids overrides it.
    virtual void insert_with_ids(const TableDef& table, std::span<const ReadRow> rows) {
        (void)rows;
        fail(ErrorCode::storage,
             "this storage cannot take rows with their ids (table " + table.name + ")");
    }

    /// A database-wide setting, or nullopt when it was never set.
    virtual std::optional<std::string> setting(const std::string& key) = 0;
    virtual void set_setting(const std::string& key, const std::string& value) = 0;
    /// Every setting as (key, value), by key. The default knows none.
    virtual std::vector<std::pair<std::string, std::string>> settings() { return {}; }

    /// Reads the whole stored database and reports what is wrong with it:
    /// damaged pages or indexes, references that lead nowhere, values of
    /// the wrong type, objects the backend did not create. Empty when all is
    /// well. A backend that keeps nothing it could check (the default)
    /// reports nothing.
    virtual std::vector<IntegrityProblem> check_integrity() { return {}; }
};

} // namespace leadbook
