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

#include <leadbook/sqlite_storage.hpp>

#include <sqlite3.h>

#include <algorithm>
#include <exception>

namespace leadbook {

namespace {

using namespace sqlite;

class SqliteCursor final : public RowCursor {
public:
    SqliteCursor(sqlite3* db, Statement statement, std::size_t columns)
        : db_(db), statement_(std::move(statement)), columns_(columns) {}

    bool next(std::int64_t& id, Row& row) override {
        // Once done, stay done: another step would run the query again.
        if (done_) return false;
        if (!statement_.step(db_)) {
            done_ = true;
            return false;
        }
        id = statement_.column_int64(0);
        row.resize(columns_);
        for (std::size_t i = 0; i < columns_; ++i) row[i] = statement_.column_value(int(i) + 1);
        return true;
    }

private:
    sqlite3* db_;
    Statement statement_;
    std::size_t columns_;
    bool done_ = false;
};

/// Rows of a scan or select. With a child table, its rows come from a
/// second statement reading the child table in (owner, position) order,
/// merged with the owners in id order: two sequential reads instead of one
/// index look-up per owner.
class SqliteScanCursor final : public ScanCursor {
public:
    SqliteScanCursor(sqlite3* db, Statement owners, std::size_t columns,
                     std::optional<Statement> children = std::nullopt,
                     std::size_t child_columns = 0)
        : db_(db), owners_(std::move(owners)), children_(std::move(children)), columns_(columns),
          child_columns_(child_columns) {
        if (children_) child_ready_ = children_->step(db_);
    }

    bool next(ScannedRow& out) override {
        // SQLite would run a finished statement again: stay finished.
        if (done_) return false;
        if (!owners_.step(db_)) {
            done_ = true;
            return false;
        }
        out.id = owners_.column_int64(0);
        out.values.resize(columns_);
        for (std::size_t i = 0; i < columns_; ++i) out.values[i] = owners_.column_value(int(i) + 1);
        out.children.clear();
        if (!children_) return true;
        while (child_ready_ && children_->column_int64(0) < out.id)
            child_ready_ = children_->step(db_);
        while (child_ready_ && children_->column_int64(0) == out.id) {
            Row child(child_columns_);
            for (std::size_t i = 0; i < child_columns_; ++i)
                child[i] = children_->column_value(int(i) + 1);
            out.children.push_back(std::move(child));
            child_ready_ = children_->step(db_);
        }
        return true;
    }

private:
    sqlite3* db_;
    Statement owners_;
    std::optional<Statement> children_;
    std::size_t columns_, child_columns_;
    bool child_ready_ = false;
    bool done_ = false;
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
        statements_.clear();
        sqlite3_close_v2(db_);
    }

    void begin(bool write) override;
    void commit() override;
    void rollback() noexcept override;

    std::int64_t insert(const TableDef& table, const Row& row) override;
    std::vector<std::int64_t> insert_many(const TableDef& table,
                                          std::span<const Row> rows) override;
    std::optional<Row> get(const TableDef& table, std::int64_t id) override;
    bool exists(const TableDef& table, std::int64_t id) override;
    UpdateResult update(const TableDef& table, std::int64_t id, const Row& row,
                        std::optional<std::int64_t> expected_version) override;
    bool remove(const TableDef& table, std::int64_t id) override;
    bool change_kind(const TableDef& from, const TableDef& to, std::int64_t id) override;
    std::unique_ptr<RowCursor> find(const TableDef& table, const Query& query) override;
    std::int64_t count(const TableDef& table, const Query& query) override;
    std::unique_ptr<ScanCursor> scan(const TableDef& table, const Query& query,
                                     std::span<const int> columns,
                                     const ChildTableDef* child) override;
    std::unique_ptr<ScanCursor> select(const TableDef& table, const Query& query,
                                       std::span<const Projection> columns) override;
    std::vector<GroupCount> group_counts(const TableDef& table, const Query& query,
                                         std::span<const std::string> group_by) override;
    std::int64_t update_where(const TableDef& table, const Query& query,
                              std::span<const int> columns, const Row& values,
                              bool bump_version) override;
    std::int64_t update_columns(const TableDef& table, std::span<const int> columns,
                                std::span<const std::int64_t> ids,
                                std::span<const Row> values) override;
    std::vector<Row> children(const ChildTableDef& child, std::int64_t owner) override;
    void insert_children(const ChildTableDef& child, std::int64_t owner,
                         std::span<const Row> rows) override;
    void insert_children_many(const ChildTableDef& child, std::span<const std::int64_t> owners,
                              std::span<const std::vector<Row>> rows) override;
    void replace_children(const ChildTableDef& child, std::int64_t owner,
                          std::span<const Row> rows) override;
    std::int64_t delete_children_where(const ChildTableDef& child, int column,
                                       const Value& value) override;
    std::unique_ptr<BulkLoad> bulk_load(const TableDef& table, const BulkLoadHint& hint) override;
    std::optional<std::string> setting(const std::string& key) override;
    void set_setting(const std::string& key, const std::string& value) override;
    std::vector<IntegrityProblem> check_integrity() override;

private:
    friend class SqliteBulkLoad;
    void drop_text_indexes(const TableDef& table);
    void create_indexes(const TableDef& table);
    /// Foreign keys go back on once the outermost transaction has ended.
    void references_on_after_transaction() noexcept;

    /// The fixed operations whose statements are kept per table definition.
    enum Operation {
        insert_entity,
        insert_row,
        get_row,
        row_exists,
        update_row,
        update_versioned_row,
        remove_row,
        child_rows,
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
    std::vector<const TableDef*> tables_;
    int depth_ = 0;
    bool references_off_ = false;        ///< a bulk load switched foreign keys off
    bool references_on_pending_ = false; ///< ...and ended inside a transaction
    StatementCache statements_;
};

SqliteStorage::SqliteStorage(const std::string& path, std::span<const TableDef* const> tables,
                             const SqliteOptions& options)
    : opened_(open_database(path, tables, options)), db_(opened_.db), path_(path),
      tables_(tables.begin(), tables.end()), statements_(db_) {}

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

std::optional<Row> SqliteStorage::get(const TableDef& table, std::int64_t id) {
    auto& s = cached(&table, get_row, [&] { return get_sql(table); });
    s.bind(1, Value(id));
    if (!table.kind.empty()) s.bind(2, Value(table.kind));
    if (!s.step(db_)) return std::nullopt;
    Row row(table.columns.size());
    for (std::size_t i = 0; i < row.size(); ++i) row[i] = s.column_value(int(i));
    s.reset();
    return row;
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
    auto& s = cached(&table, remove_row, [&] { return remove_sql(table); });
    s.bind(1, Value(id));
    if (!table.kind.empty()) s.bind(2, Value(table.kind));
    s.run(db_);
    return sqlite3_changes(db_) > 0;
}

std::unique_ptr<RowCursor> SqliteStorage::find(const TableDef& table, const Query& query) {
    return std::make_unique<SqliteCursor>(db_, prepared(db_, find_sql(table, query)),
                                          table.columns.size());
}

std::int64_t SqliteStorage::count(const TableDef& table, const Query& query) {
    Statement s = prepared(db_, count_sql(table, query));
    s.step(db_);
    return s.column_int64(0);
}

std::unique_ptr<ScanCursor> SqliteStorage::scan(const TableDef& table, const Query& query,
                                                std::span<const int> columns,
                                                const ChildTableDef* child) {
    Statement owners = prepared(db_, scan_sql(table, query, columns));
    if (!child) return std::make_unique<SqliteScanCursor>(db_, std::move(owners), columns.size());
    return std::make_unique<SqliteScanCursor>(db_, std::move(owners), columns.size(),
                                              Statement(db_, all_children_sql(*child)),
                                              child->columns.size());
}

std::unique_ptr<ScanCursor> SqliteStorage::select(const TableDef& table, const Query& query,
                                                  std::span<const Projection> columns) {
    return std::make_unique<SqliteScanCursor>(db_, prepared(db_, select_sql(table, query, columns)),
                                              columns.size());
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
    const Sql sql = update_where_sql(table, query, columns, values, bump_version);
    if (sql.text.empty()) return 0;
    prepared(db_, sql).run(db_);
    return sqlite3_changes(db_);
}

std::int64_t SqliteStorage::update_columns(const TableDef& table, std::span<const int> columns,
                                           std::span<const std::int64_t> ids,
                                           std::span<const Row> values) {
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

std::vector<Row> SqliteStorage::children(const ChildTableDef& child, std::int64_t owner) {
    auto& s = cached(&child, child_rows, [&] { return children_sql(child); });
    s.bind(1, Value(owner));
    std::vector<Row> rows;
    while (s.step(db_)) {
        Row row(child.columns.size());
        for (std::size_t i = 0; i < row.size(); ++i) row[i] = s.column_value(int(i));
        rows.push_back(std::move(row));
    }
    return rows;
}

void SqliteStorage::insert_children(const ChildTableDef& child, std::int64_t owner,
                                    std::span<const Row> rows) {
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
    auto& del = cached(&child, delete_child_rows, [&] { return delete_children_sql(child); });
    del.bind(1, Value(owner));
    del.run(db_);
    insert_children(child, owner, rows);
}

std::int64_t SqliteStorage::delete_children_where(const ChildTableDef& child, int column,
                                                  const Value& value) {
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
    auto& s = statements_.get("INSERT INTO settings (key, value) VALUES (?1, ?2) "
                              "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
    s.bind(1, Value(key));
    s.bind(2, Value(value));
    s.run(db_);
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
