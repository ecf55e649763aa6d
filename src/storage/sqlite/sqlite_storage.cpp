// The SQLite backend: the Storage operations on one connection.
//
// One connection per handle, opened by sqlite_open.hpp (WAL journal, a busy
// timeout, foreign keys on, the file distrusted), prepared statements only. SQL text comes from
// sql_builder.hpp (names from TableDef, values always bound), the schema from sqlite_schema.hpp,
// and the statements that run again are kept in one StatementCache.
#include "sql_builder.hpp"
#include "sqlite_open.hpp"
#include "sqlite_schema.hpp"
#include "sqlite_statement.hpp"
#include "statement_cache.hpp"
#include "storage/buffered_cursor.hpp"
#include "storage/rows_with_ids.hpp"

#include <leadbook/sqlite_storage.hpp>

#include <sqlite3.h>

#include <algorithm>
#include <exception>
#include <functional>
#include <utility>

namespace leadbook {

namespace {

using namespace sqlite;

/// Reads `columns` values of the current row of `statement`, from column
/// `first` on, into `out` (reusing its text buffers).
void read_values(const Statement& statement, int first, std::size_t columns, Row& out) {
    out.resize(columns);
    for (std::size_t i = 0; i < columns; ++i) statement.column_into(first + int(i), out[i]);
}

using storage_rows::BufferedCursor;

/// The child rows of one child table that come with the rows of a read.
struct ChildStream {
    Statement* statement = nullptr;
    std::size_t columns = 0;
    /// Reads every row of the child table by owner id (the rows come by id
    /// and the query cannot use an index): owners the rows skip are skipped
    /// here. Otherwise the stream holds exactly the rows' children, in the
    /// rows' order.
    bool every_owner = false;
    bool ready = false;
};

/// Rows of a read or select, with their child rows merged from one
/// statement per child table. `release` runs once, when the rows end or the
/// cursor goes: it ends the cursor's hold on its connection.
class SqliteReadCursor final : public RowCursor {
public:
    SqliteReadCursor(sqlite3* db, Statement* rows, std::size_t columns,
                     std::vector<ChildStream> children, std::vector<Statement> owned,
                     std::function<void()> release)
        : db_(db), rows_(rows), columns_(columns), children_(std::move(children)),
          owned_(std::move(owned)), release_(std::move(release)) {
        try {
            // The first steps fix the view the cursor reads.
            pending_ = rows_->step(db_);
            for (auto& child : children_) child.ready = child.statement->step(db_);
        } catch (...) {
            end();
            throw;
        }
        if (!pending_) end();
    }
    ~SqliteReadCursor() override { end(); }

    bool next(ReadRow& out) override {
        if (!pending_) return false;
        try {
            out.id = rows_->column_int64(0);
            read_values(*rows_, 1, columns_, out.values);
            out.children.resize(children_.size());
            for (std::size_t c = 0; c < children_.size(); ++c) {
                ChildStream& child = children_[c];
                auto& rows = out.children[c];
                rows.clear();
                if (child.every_owner)
                    while (child.ready && child.statement->column_int64(0) < out.id)
                        child.ready = child.statement->step(db_);
                while (child.ready && child.statement->column_int64(0) == out.id) {
                    rows.emplace_back();
                    read_values(*child.statement, 1, child.columns, rows.back());
                    child.ready = child.statement->step(db_);
                }
            }
            pending_ = rows_->step(db_);
        } catch (...) {
            end();
            throw;
        }
        if (!pending_) end();
        return true;
    }

private:
    void end() noexcept {
        pending_ = false;
        if (!release_) return;
        rows_->reset();
        for (auto& child : children_) child.statement->reset();
        owned_.clear();
        auto release = std::move(release_);
        release_ = nullptr;
        release();
    }

    sqlite3* db_;
    Statement* rows_;
    std::size_t columns_;
    std::vector<ChildStream> children_;
    std::vector<Statement> owned_; ///< statements prepared for this cursor alone
    std::function<void()> release_;
    bool pending_ = false; ///< rows_ holds a row next() has not returned
};

/// A statement with its values bound, for one run.
Statement prepared(sqlite3* db, const Sql& sql) {
    Statement s(db, sql.text);
    for (std::size_t i = 0; i < sql.binds.size(); ++i) s.bind(int(i) + 1, sql.binds[i]);
    return s;
}

class SqliteStorage final : public Storage {
public:
    SqliteStorage(const std::string& path, std::span<const TableDef* const> tables,
                  const SqliteOptions& options);
    ~SqliteStorage() override {
        readers_.clear();
        statements_.clear();
        sqlite3_close_v2(db_);
    }

    void begin(bool write) override;
    void commit() override;
    void rollback() noexcept override;

    std::int64_t insert(const TableDef& table, const Row& row) override;
    std::vector<std::int64_t> insert_many(const TableDef& table,
                                          std::span<const Row> rows) override;
    bool exists(const TableDef& table, std::int64_t id) override;
    UpdateResult update(const TableDef& table, std::int64_t id, const Row& row,
                        std::optional<std::int64_t> expected_version) override;
    bool remove(const TableDef& table, std::int64_t id) override;
    bool change_kind(const TableDef& from, const TableDef& to, std::int64_t id) override;
    std::unique_ptr<RowCursor> read(const TableDef& table, const Query& query,
                                    const ReadShape& shape) override;
    std::int64_t count(const TableDef& table, const Query& query) override;
    std::unique_ptr<RowCursor> select(const TableDef& table, const Query& query,
                                      std::span<const Projection> columns) override;
    std::vector<GroupCount> group_counts(const TableDef& table, const Query& query,
                                         std::span<const std::string> group_by) override;
    std::int64_t update_where(const TableDef& table, const Query& query,
                              std::span<const int> columns, const Row& values,
                              bool bump_version) override;
    std::int64_t update_columns(const TableDef& table, std::span<const int> columns,
                                std::span<const std::int64_t> ids,
                                std::span<const Row> values) override;
    void insert_children(const ChildTableDef& child, std::int64_t owner,
                         std::span<const Row> rows) override;
    void insert_children_many(const ChildTableDef& child, std::span<const std::int64_t> owners,
                              std::span<const std::vector<Row>> rows) override;
    void replace_children(const ChildTableDef& child, std::int64_t owner,
                          std::span<const Row> rows) override;
    std::int64_t delete_children_where(const ChildTableDef& child, int column,
                                       const Value& value) override;
    std::unique_ptr<BulkLoad> bulk_load(const TableDef& table, const BulkLoadHint& hint) override;
    void insert_with_ids(const TableDef& table, std::span<const ReadRow> rows) override;
    std::optional<std::string> setting(const std::string& key) override;
    void set_setting(const std::string& key, const std::string& value) override;
    std::vector<std::pair<std::string, std::string>> settings() override;
    std::vector<IntegrityProblem> check_integrity() override;

private:
    friend class SqliteBulkLoad;

    /// A second connection to the same file that cursors opened outside a
    /// transaction read on, each in its own read transaction: in WAL mode
    /// that is a snapshot no later write changes. One cursor per reader at
    /// a time, so its statements can be kept.
    struct Reader {
        explicit Reader(sqlite3* connection) : db(connection), statements(connection) {}
        ~Reader() {
            statements.clear();
            sqlite3_close_v2(db);
        }
        sqlite3* db;
        StatementCache statements;
        bool in_use = false;
    };
    /// Where a cursor reads: its connection, the cache of statements it may
    /// keep (none on the main connection, where several cursors may be open
    /// at once), and what ends its hold.
    struct Lease {
        sqlite3* db = nullptr;
        StatementCache* statements = nullptr;
        std::function<void()> release;
    };
    Lease lease();
    /// The cursor a read or select returns: `cursor` itself, or, for an
    /// in-memory database outside a transaction (one connection, so no
    /// snapshot to keep), its rows read at once: a copy is the view.
    std::unique_ptr<RowCursor> keeping_view(std::unique_ptr<RowCursor> cursor);
    /// The statement for `sql` on the lease's connection: kept in its cache,
    /// or prepared for this cursor alone (added to `owned`).
    Statement* statement_for(const Lease& lease, const Sql& sql, std::vector<Statement>& owned);
    /// One child table's statement for open_cursor (see ChildStream).
    struct ChildSql {
        Sql sql;
        std::size_t columns = 0;
        bool every_owner = false;
    };
    /// A cursor over `rows_sql` (the id, then `columns` values) with the
    /// child rows of `children` merged in, on a connection lease() chooses,
    /// keeping its view (keeping_view). Every statement's text is built by
    /// the caller first, so a query the table cannot answer is refused before
    /// a connection is taken.
    std::unique_ptr<RowCursor> open_cursor(const Sql& rows_sql, std::size_t columns,
                                           std::span<const ChildSql> children);
    /// Refuses a write while a cursor reads on the main connection.
    void before_write() const;
    /// The row `id` with the shape's lists, in one statement.
    std::unique_ptr<RowCursor> read_one(const TableDef& table, std::int64_t id,
                                        const ReadShape& shape);

    void drop_text_indexes(const TableDef& table);
    void create_indexes(const TableDef& table);
    /// Foreign keys go back on once the outermost transaction has ended.
    void references_on_after_transaction() noexcept;

    /// The fixed operations whose statements are kept per table definition.
    enum Operation {
        insert_entity,
        insert_row,
        row_exists,
        update_row,
        update_versioned_row,
        remove_row,
        read_whole_record,
        delete_child_rows,
        insert_child_row,
        insert_child_rows
    };
    Statement& cached(const void* definition, Operation op,
                      const std::function<std::string()>& make_sql, std::size_t rows = 0) {
        return statements_.get(StatementCache::Key{definition, op, rows}, make_sql);
    }

    /// Refuses a write transaction on a read-only book or on a file that
    /// was moved or deleted since it was opened (its writes would be lost).
    void check_writable();

    OpenedDatabase opened_;
    sqlite3* db_ = nullptr;
    std::string path_;
    SqliteOptions options_;
    std::vector<const TableDef*> tables_;
    std::vector<std::unique_ptr<Reader>> readers_;
    int open_cursors_ = 0; ///< cursors reading on the main connection
    int depth_ = 0;
    bool references_off_ = false;        ///< a bulk load switched foreign keys off
    bool references_on_pending_ = false; ///< ...and ended inside a transaction
    StatementCache statements_;
};

SqliteStorage::SqliteStorage(const std::string& path, std::span<const TableDef* const> tables,
                             const SqliteOptions& options)
    : opened_(open_database(path, tables, options)), db_(opened_.db), path_(path),
      options_(options), tables_(tables.begin(), tables.end()), statements_(db_) {}

// ---- transactions -------------------------------------------------------------

void SqliteStorage::check_writable() {
    if (opened_.read_only)
        fail(ErrorCode::read_only, "'" + path_ + "' is open read-only; nothing was written");
    if (!opened_.in_memory && database_has_moved(db_))
        fail(ErrorCode::storage, "'" + path_ +
                                     "' was moved, renamed or deleted since it was opened; "
                                     "nothing was written (open the file where it is now)");
}

void SqliteStorage::begin(bool write) {
    // The outermost statements run for every operation: keep them prepared.
    if (depth_ == 0 && write) check_writable();
    if (depth_ == 0)
        statements_.get(write ? "BEGIN IMMEDIATE" : "BEGIN").run(db_);
    else
        exec(db_, "SAVEPOINT sp" + std::to_string(depth_));
    ++depth_;
}

void SqliteStorage::commit() {
    if (depth_ == 0) fail(ErrorCode::internal, "commit without a transaction");
    if (depth_ == 1)
        statements_.get("COMMIT").run(db_);
    else
        exec(db_, "RELEASE sp" + std::to_string(depth_ - 1));
    --depth_;
    if (depth_ == 0 && references_on_pending_) references_on_after_transaction();
}

void SqliteStorage::rollback() noexcept {
    if (depth_ == 0) return;
    --depth_;
    if (depth_ == 0) {
        sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
        if (references_on_pending_) references_on_after_transaction();
    } else {
        std::string sp = "sp" + std::to_string(depth_);
        sqlite3_exec(db_, ("ROLLBACK TO " + sp + "; RELEASE " + sp).c_str(), nullptr, nullptr,
                     nullptr);
    }
}

// ---- rows -----------------------------------------------------------------------

std::int64_t SqliteStorage::insert(const TableDef& table, const Row& row) {
    before_write();
    if (row.size() != table.columns.size())
        fail(ErrorCode::internal, "row does not match table " + table.name);
    if (table.kind.empty()) {
        auto& s = cached(&table, insert_row, [&] { return insert_sql(table); });
        for (std::size_t i = 0; i < row.size(); ++i) s.bind(int(i) + 1, row[i], true);
        s.run(db_);
        return sqlite3_last_insert_rowid(db_);
    }
    auto& entity = cached(
        &table, insert_entity, [] { return insert_entities_sql(1); }, 1);
    entity.bind(1, Value(table.kind));
    entity.run(db_);
    const std::int64_t id = sqlite3_last_insert_rowid(db_);
    auto& s = cached(&table, insert_row, [&] { return insert_sql(table); });
    s.bind(1, Value(id));
    s.bind(2, Value(table.kind));
    for (std::size_t i = 0; i < row.size(); ++i) s.bind(int(i) + 3, row[i], true);
    s.run(db_);
    return id;
}

std::vector<std::int64_t> SqliteStorage::insert_many(const TableDef& table,
                                                     std::span<const Row> rows) {
    before_write();
    if (table.kind.empty()) return Storage::insert_many(table, rows);
    for (const Row& row : rows)
        if (row.size() != table.columns.size())
            fail(ErrorCode::internal, "row does not match table " + table.name);
    const std::size_t width = table.columns.size() + 1; // the id, then the columns
    const std::size_t chunk = rows_per_insert(width);
    std::vector<std::int64_t> ids;
    ids.reserve(rows.size());
    for (std::size_t at = 0; at < rows.size(); at += chunk) {
        const std::size_t n = std::min(chunk, rows.size() - at);
        auto& entities = cached(
            &table, insert_entity, [&] { return insert_entities_sql(n); }, n);
        entities.bind(1, Value(table.kind));
        entities.run(db_);
        // One statement gives its rows consecutive ids (AUTOINCREMENT: each
        // the largest so far plus one), the last of them being last_insert_rowid.
        const std::int64_t first = sqlite3_last_insert_rowid(db_) - std::int64_t(n) + 1;
        auto& s = cached(
            &table, insert_row, [&] { return insert_many_sql(table, n); }, n);
        s.bind(1, Value(table.kind));
        for (std::size_t r = 0; r < n; ++r) {
            const int base = int(r * width) + 2;
            s.bind(base, Value(first + std::int64_t(r)));
            const Row& row = rows[at + r];
            for (std::size_t i = 0; i < row.size(); ++i) s.bind(base + 1 + int(i), row[i], true);
            ids.push_back(first + std::int64_t(r));
        }
        s.run(db_);
    }
    return ids;
}

void SqliteStorage::insert_with_ids(const TableDef& table, std::span<const ReadRow> rows) {
    before_write();
    if (rows.empty()) return;
    // AUTOINCREMENT keeps the largest id written so: later ids come after it.
    auto& s = statements_.get(insert_with_id_sql(table));
    const int first_column = table.kind.empty() ? 2 : 3;
    storage_rows::check_shape(table, rows);
    for (const ReadRow& row : rows) {
        if (!table.kind.empty()) {
            auto& entity = statements_.get(insert_entity_with_id_sql());
            entity.bind(1, Value(row.id));
            entity.bind(2, Value(table.kind));
            entity.run(db_);
            s.bind(2, Value(table.kind));
        }
        s.bind(1, Value(row.id));
        for (std::size_t i = 0; i < row.values.size(); ++i)
            s.bind(first_column + int(i), row.values[i], true);
        s.run(db_);
    }
    storage_rows::for_each_child_list(
        table, rows, [&](const ChildTableDef& child, const auto& owners, const auto& lists) {
            insert_children_many(child, owners, lists);
        });
}

bool SqliteStorage::exists(const TableDef& table, std::int64_t id) {
    auto& s = cached(&table, row_exists, [&] { return exists_sql(table); });
    s.bind(1, Value(id));
    if (!table.kind.empty()) s.bind(2, Value(table.kind));
    const bool found = s.step(db_);
    s.reset();
    return found;
}

UpdateResult SqliteStorage::update(const TableDef& table, std::int64_t id, const Row& row,
                                   std::optional<std::int64_t> expected_version) {
    before_write();
    if (row.size() != table.columns.size())
        fail(ErrorCode::internal, "row does not match table " + table.name);
    const bool versioned = expected_version && table.version_column >= 0;
    const int n = int(table.columns.size());
    auto& s = cached(&table, versioned ? update_versioned_row : update_row,
                     [&] { return update_sql(table, versioned); });
    for (int i = 0; i < n; ++i) s.bind(i + 1, row[std::size_t(i)], true);
    s.bind(n + 1, Value(id));
    if (versioned) s.bind(n + 2, Value(*expected_version));
    if (!table.kind.empty()) s.bind(n + 3, Value(table.kind));
    s.run(db_);
    if (sqlite3_changes(db_) > 0) return UpdateResult::updated;
    return exists(table, id) ? UpdateResult::stale_version : UpdateResult::not_found;
}

bool SqliteStorage::change_kind(const TableDef& from, const TableDef& to, std::int64_t id) {
    before_write();
    if (from.name != to.name || from.kind.empty() || to.kind.empty())
        fail(ErrorCode::internal, "change_kind needs two record types of one table");
    auto& row = statements_.get("UPDATE " + quote(from.name) +
                                " SET record_kind = ?1 WHERE id = ?2 AND record_kind = ?3");
    row.bind(1, Value(to.kind));
    row.bind(2, Value(id));
    row.bind(3, Value(from.kind));
    row.run(db_);
    if (sqlite3_changes(db_) == 0) return false;
    auto& entity = statements_.get("UPDATE entities SET record_kind = ?1 WHERE id = ?2");
    entity.bind(1, Value(to.kind));
    entity.bind(2, Value(id));
    entity.run(db_);
    return true;
}

bool SqliteStorage::remove(const TableDef& table, std::int64_t id) {
    before_write();
    auto& s = cached(&table, remove_row, [&] { return remove_sql(table); });
    s.bind(1, Value(id));
    if (!table.kind.empty()) s.bind(2, Value(table.kind));
    s.run(db_);
    return sqlite3_changes(db_) > 0;
}

// ---- reads ----------------------------------------------------------------------

std::unique_ptr<RowCursor> SqliteStorage::keeping_view(std::unique_ptr<RowCursor> cursor) {
    if (depth_ > 0 || !opened_.in_memory) return cursor;
    auto buffered = std::make_unique<BufferedCursor>();
    ReadRow row;
    while (cursor->next(row)) buffered->rows.push_back(std::move(row));
    return buffered;
}

SqliteStorage::Lease SqliteStorage::lease() {
    // Inside a transaction a cursor must see the transaction's writes: the
    // main connection. So must every cursor of an in-memory database.
    if (depth_ > 0 || opened_.in_memory) {
        ++open_cursors_;
        return Lease{db_, nullptr, [this] { --open_cursors_; }};
    }
    Reader* reader = nullptr;
    for (auto& r : readers_)
        if (!r->in_use) reader = r.get();
    if (!reader) {
        readers_.push_back(std::make_unique<Reader>(open_reader(path_, options_)));
        reader = readers_.back().get();
    }
    reader->statements.get("BEGIN").run(reader->db);
    reader->in_use = true;
    return Lease{reader->db, &reader->statements, [this, reader] {
                     sqlite3_exec(reader->db, "COMMIT", nullptr, nullptr, nullptr);
                     reader->in_use = false;
                     // Keep two idle readers at most.
                     std::size_t idle = 0;
                     for (auto& r : readers_) idle += r->in_use ? 0 : 1;
                     if (idle > 2)
                         std::erase_if(readers_,
                                       [reader](const auto& r) { return r.get() == reader; });
                 }};
}

Statement* SqliteStorage::statement_for(const Lease& lease, const Sql& sql,
                                        std::vector<Statement>& owned) {
    Statement* statement = nullptr;
    if (lease.statements) {
        statement = &lease.statements->get(sql.text);
    } else {
        owned.emplace_back(lease.db, sql.text);
        statement = &owned.back();
    }
    for (std::size_t i = 0; i < sql.binds.size(); ++i) statement->bind(int(i) + 1, sql.binds[i]);
    return statement;
}

void SqliteStorage::before_write() const {
    if (open_cursors_ > 0)
        fail(ErrorCode::conflict,
             "a find or report of this book is still being read inside this transaction; "
             "read it to its end or close it before writing (or read it outside the "
             "transaction, where it keeps its own view)");
}

std::unique_ptr<RowCursor> SqliteStorage::read_one(const TableDef& table, std::int64_t id,
                                                   const ReadShape& shape) {
    bool whole = shape.all_columns && shape.children.size() == table.children.size();
    for (std::size_t i = 0; whole && i < shape.children.size(); ++i)
        whole = shape.children[i] == int(i);
    Statement& s =
        whole ? cached(&table, read_whole_record, [&] { return read_one_sql(table, shape); })
              : statements_.get(read_one_sql(table, shape));
    s.bind(1, Value(id));
    if (!table.kind.empty()) s.bind(2, Value(table.kind));
    // One statement, read whole at once: one view, and the connection is
    // free again when this returns.
    const std::size_t columns = shape_columns(table, shape).size();
    auto cursor = std::make_unique<BufferedCursor>();
    ReadRow row;
    row.id = id;
    row.children.resize(shape.children.size());
    // Each list's positions as read: the rows come in no promised order.
    std::vector<std::vector<std::int64_t>> positions(shape.children.size());
    bool found = false;
    try {
        while (s.step(db_)) {
            const auto part = s.column_int64(0);
            if (part == 0) {
                found = true;
                read_values(s, 2, columns, row.values);
                continue;
            }
            const std::size_t list = std::size_t(part - 1);
            const auto& child = table.children[std::size_t(shape.children[list])];
            row.children[list].emplace_back();
            read_values(s, 2, child.columns.size(), row.children[list].back());
            positions[list].push_back(s.column_int64(1));
        }
    } catch (...) {
        s.reset();
        throw;
    }
    if (!found) return cursor;
    for (std::size_t list = 0; list < positions.size(); ++list)
        storage_rows::sort_by_position(row.children[list], positions[list]);
    cursor->rows.push_back(std::move(row));
    return cursor;
}

/// Whether `query` reads every row of its table by id anyway (no order, no
/// page, no condition an index answers): then each child table is best read
/// whole, in one pass in owner order, beside the rows.
bool reads_every_row_by_id(const TableDef& table, const Query& query) {
    if (!query.order_by.empty() || query.limit >= 0 || query.offset > 0) return false;
    for (const auto& c : query.where) {
        if (c.op == CompareOp::has || c.column == "id") return false;
        const int i = table.column_index(c.column);
        if (i < 0 || table.columns[std::size_t(i)].indexed) return false;
    }
    return true;
}

std::unique_ptr<RowCursor> SqliteStorage::open_cursor(const Sql& rows_sql, std::size_t columns,
                                                      std::span<const ChildSql> children) {
    Lease held = lease();
    std::unique_ptr<RowCursor> cursor;
    std::vector<Statement> owned;
    owned.reserve(1 + children.size()); // pointers into it stay valid
    try {
        Statement* rows = statement_for(held, rows_sql, owned);
        std::vector<ChildStream> streams;
        for (const auto& child : children)
            streams.push_back(ChildStream{statement_for(held, child.sql, owned), child.columns,
                                          child.every_owner});
        cursor = std::make_unique<SqliteReadCursor>(held.db, rows, columns, std::move(streams),
                                                    std::move(owned),
                                                    std::exchange(held.release, nullptr));
    } catch (...) {
        if (held.release) held.release();
        throw;
    }
    return keeping_view(std::move(cursor));
}

std::unique_ptr<RowCursor> SqliteStorage::read(const TableDef& table, const Query& query,
                                               const ReadShape& shape) {
    if (is_id_lookup(query))
        return read_one(table, std::get<std::int64_t>(query.where[0].value), shape);
    // Build every statement's text first: a query the table cannot answer is
    // refused before the cursor takes a connection.
    const Sql rows_sql = read_sql(table, query, shape);
    const bool every_owner = reads_every_row_by_id(table, query);
    std::vector<ChildSql> children;
    for (int c : shape.children) {
        Sql sql = every_owner ? Sql{all_children_sql(table.children.at(std::size_t(c))), {}}
                              : read_children_sql(table, query, c);
        children.push_back(
            ChildSql{std::move(sql), table.children[std::size_t(c)].columns.size(), every_owner});
    }
    return open_cursor(rows_sql, shape_columns(table, shape).size(), children);
}

std::int64_t SqliteStorage::count(const TableDef& table, const Query& query) {
    Statement s = prepared(db_, count_sql(table, query));
    s.step(db_);
    return s.column_int64(0);
}

std::unique_ptr<RowCursor> SqliteStorage::select(const TableDef& table, const Query& query,
                                                 std::span<const Projection> columns) {
    return open_cursor(select_sql(table, query, columns), columns.size(), {});
}

std::vector<GroupCount> SqliteStorage::group_counts(const TableDef& table, const Query& query,
                                                    std::span<const std::string> group_by) {
    Statement s = prepared(db_, group_counts_sql(table, query, group_by));
    std::vector<GroupCount> out;
    while (s.step(db_)) {
        GroupCount g;
        for (std::size_t i = 0; i < group_by.size(); ++i) g.key.push_back(s.column_value(int(i)));
        g.count = s.column_int64(int(group_by.size()));
        out.push_back(std::move(g));
    }
    return out;
}

std::int64_t SqliteStorage::update_where(const TableDef& table, const Query& query,
                                         std::span<const int> columns, const Row& values,
                                         bool bump_version) {
    before_write();
    const Sql sql = update_where_sql(table, query, columns, values, bump_version);
    if (sql.text.empty()) return 0;
    prepared(db_, sql).run(db_);
    return sqlite3_changes(db_);
}

std::int64_t SqliteStorage::update_columns(const TableDef& table, std::span<const int> columns,
                                           std::span<const std::int64_t> ids,
                                           std::span<const Row> values) {
    before_write();
    if (ids.size() != values.size())
        fail(ErrorCode::internal, "update_columns: ids and values differ");
    auto& s = statements_.get(update_columns_sql(table, columns));
    const int n = int(columns.size());
    std::int64_t changed = 0;
    for (std::size_t r = 0; r < ids.size(); ++r) {
        if (values[r].size() != columns.size())
            fail(ErrorCode::internal, "update_columns: a row has the wrong number of values");
        for (int i = 0; i < n; ++i) s.bind(i + 1, values[r][std::size_t(i)], true);
        s.bind(n + 1, Value(ids[r]));
        if (!table.kind.empty()) s.bind(n + 2, Value(table.kind), false);
        s.run(db_);
        changed += sqlite3_changes(db_);
    }
    return changed;
}

// ---- child rows -----------------------------------------------------------------

void SqliteStorage::insert_children(const ChildTableDef& child, std::int64_t owner,
                                    std::span<const Row> rows) {
    before_write();
    if (rows.empty()) return;
    auto& ins = cached(
        &child, insert_child_row, [&] { return insert_child_sql(child); }, 1);
    for (std::size_t r = 0; r < rows.size(); ++r) {
        if (rows[r].size() != child.columns.size())
            fail(ErrorCode::internal, "child row does not match table " + child.name);
        ins.reset();
        ins.bind(1, Value(owner));
        ins.bind(2, Value(std::int64_t(r)));
        for (std::size_t i = 0; i < rows[r].size(); ++i) ins.bind(int(i) + 3, rows[r][i], true);
        ins.run(db_);
    }
}

void SqliteStorage::insert_children_many(const ChildTableDef& child,
                                         std::span<const std::int64_t> owners,
                                         std::span<const std::vector<Row>> rows) {
    before_write();
    struct Entry {
        std::int64_t owner;
        std::int64_t position;
        const Row* row;
    };
    std::vector<Entry> entries;
    for (std::size_t o = 0; o < owners.size() && o < rows.size(); ++o)
        for (std::size_t r = 0; r < rows[o].size(); ++r) {
            if (rows[o][r].size() != child.columns.size())
                fail(ErrorCode::internal, "child row does not match table " + child.name);
            entries.push_back(Entry{owners[o], std::int64_t(r), &rows[o][r]});
        }
    const std::size_t width = child.columns.size() + 2;
    const std::size_t chunk = rows_per_insert(width);
    for (std::size_t at = 0; at < entries.size(); at += chunk) {
        const std::size_t n = std::min(chunk, entries.size() - at);
        auto& s = cached(
            &child, insert_child_rows, [&] { return insert_children_sql(child, n); }, n);
        for (std::size_t r = 0; r < n; ++r) {
            const Entry& e = entries[at + r];
            const int base = int(r * width) + 1;
            s.bind(base, Value(e.owner));
            s.bind(base + 1, Value(e.position));
            for (std::size_t i = 0; i < e.row->size(); ++i)
                s.bind(base + 2 + int(i), (*e.row)[i], true);
        }
        s.run(db_);
    }
}

void SqliteStorage::replace_children(const ChildTableDef& child, std::int64_t owner,
                                     std::span<const Row> rows) {
    before_write();
    auto& del = cached(&child, delete_child_rows, [&] { return delete_children_sql(child); });
    del.bind(1, Value(owner));
    del.run(db_);
    insert_children(child, owner, rows);
}

std::int64_t SqliteStorage::delete_children_where(const ChildTableDef& child, int column,
                                                  const Value& value) {
    before_write();
    auto& s = statements_.get(delete_children_where_sql(child, column));
    s.bind(1, value);
    s.run(db_);
    return sqlite3_changes(db_);
}

// ---- bulk loads -----------------------------------------------------------------

/// SQLite's bulk load: when announced outside a transaction, foreign-key
/// look-ups stay off until the load ends (SQLite ignores the pragma inside
/// a transaction); when announced inside a write transaction for a load that
/// outgrows its table, the table's text indexes are dropped and built again
/// by finish().
class SqliteBulkLoad final : public BulkLoad {
public:
    SqliteBulkLoad(SqliteStorage& storage, const TableDef& table, const BulkLoadHint& hint)
        : storage_(storage), table_(table), unwinding_(std::uncaught_exceptions()) {
        if (storage_.depth_ == 0 && !storage_.references_off_) {
            // The rows refer to rows that exist or that the load adds: the
            // look-ups were about 7% of an import's work.
            exec(storage_.db_, "PRAGMA foreign_keys = OFF");
            storage_.references_off_ = references_off_ = true;
        }
        if (storage_.depth_ > 0 && hint.outgrows_table) {
            storage_.drop_text_indexes(table_);
            indexes_dropped_ = true;
        }
    }

    ~SqliteBulkLoad() override {
        // While unwinding, the transaction is about to roll back, which
        // brings the dropped indexes back by itself.
        if (indexes_dropped_ && std::uncaught_exceptions() == unwinding_) {
            try {
                finish();
            } catch (...) {
                // finish() is where the caller hears of a failure.
            }
        }
        if (references_off_) storage_.references_on_after_transaction();
    }

    void finish() override {
        if (!indexes_dropped_) return;
        storage_.create_indexes(table_);
        indexes_dropped_ = false;
    }

private:
    SqliteStorage& storage_;
    const TableDef& table_;
    int unwinding_;
    bool references_off_ = false;
    bool indexes_dropped_ = false;
};

std::unique_ptr<BulkLoad> SqliteStorage::bulk_load(const TableDef& table,
                                                   const BulkLoadHint& hint) {
    return std::make_unique<SqliteBulkLoad>(*this, table, hint);
}

void SqliteStorage::references_on_after_transaction() noexcept {
    if (depth_ > 0) {
        references_on_pending_ = true;
        return;
    }
    references_off_ = references_on_pending_ = false;
    // Only a connection that can no longer run anything fails here.
    sqlite3_exec(db_, "PRAGMA foreign_keys = ON", nullptr, nullptr, nullptr);
}

// Loading many rows into a table with its indexes in place updates every
// index once per row. Indexes of text (names, companies, e-mail addresses,
// sources) get their keys in no particular order, each update a search from
// the root to some page; building such an index afterwards is one sort.
// Numeric keys of new rows mostly come in order (timestamps) or are unset,
// which SQLite appends cheaply: those indexes stay. DDL is transactional in
// SQLite, so a rollback brings the dropped indexes back by itself.
void SqliteStorage::drop_text_indexes(const TableDef& table) {
    for (const auto& c : table.columns)
        if (c.indexed && c.type == ColumnType::text)
            exec(db_, "DROP INDEX IF EXISTS " + index_name(table.name, c.name));
    for (const auto& child : table.children)
        for (const auto& c : child.columns)
            if (c.indexed && c.type == ColumnType::text)
                exec(db_, "DROP INDEX IF EXISTS " + index_name(child.name, c.name));
}

void SqliteStorage::create_indexes(const TableDef& table) {
    for (const auto& c : table.columns)
        if (c.indexed) exec(db_, index_sql(table.name, c.name, !table.kind.empty()));
    for (const auto& child : table.children)
        for (const auto& c : child.columns)
            if (c.indexed) exec(db_, child_index_sql(child.name, c.name));
}

// ---- settings -------------------------------------------------------------------

std::optional<std::string> SqliteStorage::setting(const std::string& key) {
    auto& s = statements_.get("SELECT value FROM settings WHERE key = ?1");
    s.bind(1, Value(key));
    if (!s.step(db_)) return std::nullopt;
    std::string value = s.column_text(0);
    s.reset();
    return value;
}

void SqliteStorage::set_setting(const std::string& key, const std::string& value) {
    before_write();
    auto& s = statements_.get("INSERT INTO settings (key, value) VALUES (?1, ?2) "
                              "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
    s.bind(1, Value(key));
    s.bind(2, Value(value));
    s.run(db_);
}

std::vector<std::pair<std::string, std::string>> SqliteStorage::settings() {
    auto& s = statements_.get("SELECT key, value FROM settings ORDER BY key");
    std::vector<std::pair<std::string, std::string>> out;
    while (s.step(db_)) out.emplace_back(s.column_text(0), s.column_text(1));
    s.reset();
    return out;
}

// ---- checks ---------------------------------------------------------------------

std::vector<IntegrityProblem> SqliteStorage::check_integrity() {
    if (depth_ != 0) fail(ErrorCode::invalid_argument, "check() inside a transaction");
    return integrity_problems(db_, tables_);
}

} // namespace

std::unique_ptr<Storage> open_sqlite_storage(const std::string& path,
                                             std::span<const TableDef* const> tables,
                                             const SqliteOptions& options) {
    return std::make_unique<SqliteStorage>(path, tables, options);
}

} // namespace leadbook
