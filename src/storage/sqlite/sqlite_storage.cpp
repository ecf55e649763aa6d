// The SQLite storage backend.
//
// One connection per handle, WAL journal, a busy timeout, foreign keys on,
// prepared statements only. SQL text is assembled from TableDef names (which
// come from type descriptions) and never from values: values are always bound.
// Statements for the fixed operations are prepared once per table and kept.
#include "sqlite_statement.hpp"

#include <leadbook/sqlite_storage.hpp>

#include <sqlite3.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <map>
#include <set>
#include <tuple>
#include <unordered_map>

namespace leadbook {

namespace {

using sqlite::Statement;
using sqlite::check;

/// Written into every leadbook file (PRAGMA application_id), "LDBK".
constexpr int application_id = 0x4C44424B;
/// The schema version this code writes. Add a migration when it grows.
constexpr int schema_version = 3;

/// A forward migration from version `to - 1` to `to`: SQL to run, then
/// tables (by name) to create from the current table definitions, for
/// tables that are new in that version.
struct Migration {
    int to;
    std::vector<std::string> sql;
    std::vector<std::string> new_tables;
    /// Tables that gain columns: every column of the current definition
    /// the file lacks is added with its default (and index).
    std::vector<std::string> grown_tables = {};
};

const std::vector<Migration> migrations = {
    // 2: scoring criteria and database settings.
    {2,
     {"CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID"},
     {"scoring_criteria"}},
    // 3: business contacts (details columns), history, opportunities, sales
    // stages, user-defined fields, saved reports; the record-type column is renamed so that
    // records may have a field named "kind".
    {3,
     {"ALTER TABLE entities RENAME COLUMN kind TO record_kind",
      "ALTER TABLE records RENAME COLUMN kind TO record_kind",
      "ALTER TABLE accounts RENAME COLUMN kind TO record_kind"},
     {"history", "opportunities", "sales_stages", "field_definitions", "saved_reports"},
     {"records"}},
};

std::string quote(std::string_view name) {
    std::string out = "\"";
    out += name;
    out += '"';
    return out;
}

const char* sql_type(ColumnType t) {
    switch (t) {
    case ColumnType::integer: return "INTEGER";
    case ColumnType::real: return "REAL";
    case ColumnType::text: return "TEXT";
    case ColumnType::blob: return "BLOB";
    }
    return "BLOB";
}

std::string column_ddl(const ColumnDef& c) {
    std::string out = quote(c.name) + " " + sql_type(c.type);
    if (c.nocase) out += " COLLATE NOCASE";
    if (!c.nullable) {
        out += " NOT NULL DEFAULT ";
        switch (c.type) {
        case ColumnType::integer: out += "0"; break;
        case ColumnType::real: out += "0.0"; break;
        case ColumnType::text: out += "''"; break;
        case ColumnType::blob: out += "x''"; break;
        }
    }
    return out;
}

/// The index of `column` of a record table; shared-id tables (several
/// record types in one table) index it per record type.
/// The name of the index of `column` in `table` ("records_full_name").
std::string index_name(const std::string& table, const std::string& column) {
    return quote(table + "_" + column);
}

std::string index_sql(const std::string& table, const std::string& column, bool shared_ids) {
    const std::string columns = shared_ids ? "record_kind, " + quote(column) : quote(column);
    return "CREATE INDEX IF NOT EXISTS " + index_name(table, column) + " ON " + quote(table) +
           " (" + columns + ")";
}

std::string child_index_sql(const std::string& child, const std::string& column) {
    return "CREATE INDEX IF NOT EXISTS " + index_name(child, column) + " ON " + quote(child) +
           " (" + quote(column) + ")";
}

/// Tables several record types share ("records" for leads and contacts) get
/// the union of their columns.
struct MergedTable {
    std::string name;
    bool shared_ids = false;
    std::vector<ColumnDef> columns;
};

void merge_columns(std::vector<ColumnDef>& into, const std::vector<ColumnDef>& from) {
    for (const auto& c : from) {
        bool present = false;
        for (const auto& existing : into)
            if (existing.name == c.name) present = true;
        if (!present) into.push_back(c);
    }
}

class SqliteCursor final : public RowCursor {
public:
    SqliteCursor(sqlite3* db, Statement statement, std::size_t columns)
        : db_(db), statement_(std::move(statement)), columns_(columns) {}

    bool next(std::int64_t& id, Row& row) override {
        if (!statement_.step(db_)) return false;
        id = statement_.column_int64(0);
        row.resize(columns_);
        for (std::size_t i = 0; i < columns_; ++i) row[i] = statement_.column_value(int(i) + 1);
        return true;
    }

private:
    sqlite3* db_;
    Statement statement_;
    std::size_t columns_;
};

/// Rows of a scan or select. With a child table, its rows come from a
/// second statement reading the child table in (owner, position) order,
/// merged with the owners in id order: two sequential reads instead of one
/// index look-up per owner.
class SqliteScanCursor final : public ScanCursor {
public:
    SqliteScanCursor(sqlite3* db, Statement owners, std::size_t columns,
                     std::optional<Statement> children = std::nullopt, std::size_t child_columns = 0)
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
        while (child_ready_ && children_->column_int64(0) < out.id) child_ready_ = children_->step(db_);
        while (child_ready_ && children_->column_int64(0) == out.id) {
            Row child(child_columns_);
            for (std::size_t i = 0; i < child_columns_; ++i) child[i] = children_->column_value(int(i) + 1);
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

class SqliteStorage final : public Storage {
public:
    SqliteStorage(const std::string& path, std::span<const TableDef* const> tables,
                  const SqliteOptions& options);
    ~SqliteStorage() override {
        cache_.clear();
        batch_cache_.clear();
        sql_cache_.clear();
        sqlite3_close_v2(db_);
    }

    void begin(bool write) override;
    void commit() override;
    void rollback() noexcept override;

    std::int64_t insert(const TableDef& table, const Row& row) override;
    std::vector<std::int64_t> insert_many(const TableDef& table, std::span<const Row> rows) override;
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
    std::int64_t update_columns(const TableDef& table, std::span<const int> columns,
                                std::span<const std::int64_t> ids,
                                std::span<const Row> values) override;
    std::unique_ptr<ScanCursor> select(const TableDef& table, const Query& query,
                                       std::span<const Projection> columns) override;
    std::vector<GroupCount> group_counts(const TableDef& table, const Query& query,
                                         std::span<const std::string> group_by) override;
    std::int64_t update_where(const TableDef& table, const Query& query,
                              std::span<const int> columns, const Row& values,
                              bool bump_version) override;
    std::vector<Row> children(const ChildTableDef& child, std::int64_t owner) override;
    std::int64_t delete_children_where(const ChildTableDef& child, int column,
                                       const Value& value) override;
    std::optional<std::string> setting(const std::string& key) override;
    void set_setting(const std::string& key, const std::string& value) override;
    void insert_children(const ChildTableDef& child, std::int64_t owner,
                         std::span<const Row> rows) override;
    void replace_children(const ChildTableDef& child, std::int64_t owner,
                          std::span<const Row> rows) override;
    void insert_children_many(const ChildTableDef& child, std::span<const std::int64_t> owners,
                              std::span<const std::vector<Row>> rows) override;
    void defer_indexes(const TableDef& table) override;
    void restore_indexes(const TableDef& table) override;
    void check_references(bool on) override {
        // SQLite ignores the pragma inside a transaction.
        if (depth_ == 0) exec(on ? "PRAGMA foreign_keys = ON" : "PRAGMA foreign_keys = OFF");
    }

private:
    enum Op { op_insert_entity, op_insert, op_get, op_exists, op_update, op_update_versioned,
              op_remove, op_children, op_delete_children, op_insert_child, op_count };

    Statement& cached(const void* key, Op op, const std::function<std::string()>& make_sql);
    /// A statement of `rows` rows (multi-row INSERTs), kept like cached().
    Statement& cached_batch(const void* key, Op op, std::size_t rows,
                            const std::function<std::string()>& make_sql);
    void exec(const std::string& sql) { check(db_, sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr), sql); }
    int pragma_int(const char* pragma);
    void create_schema(std::span<const TableDef* const> tables);
    void create_tables(std::span<const TableDef* const> tables,
                       const std::vector<std::string>* only);
    void add_missing_columns(std::span<const TableDef* const> tables, const std::string& table);
    void verify_schema(std::span<const TableDef* const> tables);
    std::string where_sql(const TableDef& table, const Query& query, std::vector<Value>& binds,
                          const std::string& alias = {});
    std::string order_sql(const TableDef& table, const Query& query, const std::string& alias = {});
    std::string column_ref(const TableDef& table, const std::string& column,
                           const std::string& alias = {});
    Statement& cached_sql(const std::string& sql);

    sqlite3* db_ = nullptr;
    int depth_ = 0;
    std::map<std::pair<const void*, int>, Statement> cache_;
    std::map<std::tuple<const void*, int, std::size_t>, Statement> batch_cache_;
    std::unordered_map<std::string, Statement> sql_cache_;
};

SqliteStorage::SqliteStorage(const std::string& path, std::span<const TableDef* const> tables,
                             const SqliteOptions& options) {
    const bool in_memory = path == ":memory:" || path.empty();
    if (!in_memory && !options.create && !std::filesystem::exists(path))
        fail(ErrorCode::not_found, "database file '" + path + "' does not exist");
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
    if (options.create) flags |= SQLITE_OPEN_CREATE;
    int rc = sqlite3_open_v2(in_memory ? ":memory:" : path.c_str(), &db_, flags, nullptr);
    if (rc != SQLITE_OK) {
        std::string message = db_ ? sqlite3_errmsg(db_) : "out of memory";
        sqlite3_close_v2(db_);
        db_ = nullptr;
        fail(rc == SQLITE_CANTOPEN ? ErrorCode::not_found : ErrorCode::storage,
             "cannot open '" + path + "': " + message);
    }
    try {
        sqlite3_extended_result_codes(db_, 1);
        sqlite3_busy_timeout(db_, options.busy_timeout_ms);
        // Read-only look first: a file that is not ours must stay untouched.
        int version = 0;
        int app_id = 0;
        std::int64_t tables_present = 0;
        try {
            version = pragma_int("PRAGMA user_version");
            app_id = pragma_int("PRAGMA application_id");
            Statement s(db_, "SELECT count(*) FROM sqlite_master");
            s.step(db_);
            tables_present = s.column_int64(0);
        } catch (const Error& e) {
            if (e.code() == ErrorCode::not_a_database)
                fail(ErrorCode::not_a_database,
                     "'" + path + "' is not a leadbook database (not a SQLite file)");
            throw;
        }
        if (app_id != application_id && (version != 0 || tables_present != 0))
            fail(ErrorCode::not_a_database,
                 "'" + path + "' is a SQLite database but not a leadbook one");
        if (version > schema_version)
            fail(ErrorCode::schema_too_new,
                 "'" + path + "' has schema version " + std::to_string(version) +
                     ", newer than this leadbook (" + std::to_string(schema_version) +
                     "); upgrade leadbook to open it");

        exec("PRAGMA foreign_keys = ON");
        // SQLite's default page cache (2 MiB) and temporary files: a 64 MiB
        // cache with temp_store = MEMORY made no measurable difference to a
        // 100,000-row import and made sorting a 1,000,000-row report ~35%
        // slower (a bigger cache also sizes the sorter's in-memory runs).
        if (!in_memory) {
            exec("PRAGMA journal_mode = WAL");
            exec("PRAGMA synchronous = NORMAL");
        }
        begin(true);
        try {
            // Another process may have created or migrated it meanwhile.
            version = pragma_int("PRAGMA user_version");
            if (version > schema_version)
                fail(ErrorCode::schema_too_new, "'" + path + "' has a newer schema version");
            if (version == 0) {
                create_schema(tables);
            } else {
                for (const auto& m : migrations) {
                    if (m.to <= version) continue;
                    for (const auto& sql : m.sql) exec(sql);
                    create_tables(tables, &m.new_tables);
                    for (const auto& name : m.grown_tables) add_missing_columns(tables, name);
                }
            }
            verify_schema(tables);
            exec("PRAGMA application_id = " + std::to_string(application_id));
            exec("PRAGMA user_version = " + std::to_string(schema_version));
            commit();
        } catch (...) {
            rollback();
            throw;
        }
    } catch (...) {
        cache_.clear();
        sqlite3_close_v2(db_);
        db_ = nullptr;
        throw;
    }
}

int SqliteStorage::pragma_int(const char* pragma) {
    Statement s(db_, pragma);
    s.step(db_);
    return static_cast<int>(s.column_int64(0));
}

void SqliteStorage::create_schema(std::span<const TableDef* const> tables) {
    exec("CREATE TABLE entities (id INTEGER PRIMARY KEY AUTOINCREMENT, record_kind TEXT NOT NULL)");
    exec("CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID");
    create_tables(tables, nullptr);
}

void SqliteStorage::create_tables(std::span<const TableDef* const> tables,
                                  const std::vector<std::string>* only) {
    auto wanted = [&](const std::string& name) {
        return !only || std::find(only->begin(), only->end(), name) != only->end();
    };
    std::vector<MergedTable> merged;
    std::map<std::string, ChildTableDef> children;
    for (const TableDef* t : tables) {
        if (!wanted(t->name)) continue;
        auto it = std::find_if(merged.begin(), merged.end(),
                               [&](const MergedTable& m) { return m.name == t->name; });
        if (it == merged.end()) {
            merged.push_back(MergedTable{t->name, !t->kind.empty(), {}});
            it = merged.end() - 1;
        }
        merge_columns(it->columns, t->columns);
        for (const auto& c : t->children) {
            auto [slot, fresh] = children.try_emplace(c.name, c);
            if (!fresh) merge_columns(slot->second.columns, c.columns);
        }
    }
    for (const auto& t : merged) {
        std::string sql = "CREATE TABLE " + quote(t.name) + " (";
        if (t.shared_ids)
            sql += "id INTEGER PRIMARY KEY REFERENCES entities(id) ON DELETE CASCADE, record_kind TEXT NOT NULL";
        else
            sql += "id INTEGER PRIMARY KEY AUTOINCREMENT";
        // Blobs last: scans that do not need a photo then never read past it.
        for (int pass = 0; pass < 2; ++pass)
            for (const auto& c : t.columns)
                if ((c.type == ColumnType::blob) == (pass == 1)) sql += ", " + column_ddl(c);
        sql += ")";
        exec(sql);
        for (const auto& c : t.columns)
            if (c.indexed) exec(index_sql(t.name, c.name, t.shared_ids));
    }
    for (const auto& [name, c] : children) {
        std::string sql = "CREATE TABLE IF NOT EXISTS " + quote(name) +
                          " (owner_id INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,"
                          " position INTEGER NOT NULL";
        for (const auto& col : c.columns) sql += ", " + column_ddl(col);
        sql += ", PRIMARY KEY (owner_id, position)) WITHOUT ROWID";
        exec(sql);
        for (const auto& col : c.columns)
            if (col.indexed) exec(child_index_sql(name, col.name));
    }
}

void SqliteStorage::add_missing_columns(std::span<const TableDef* const> tables,
                                        const std::string& table) {
    std::set<std::string> present;
    {
        Statement s(db_, "SELECT name FROM pragma_table_info(?1)");
        s.bind(1, Value(table));
        while (s.step(db_)) present.insert(s.column_text(0));
    }
    for (const TableDef* t : tables) {
        if (t->name != table) continue;
        for (const auto& c : t->columns) {
            if (present.count(c.name)) continue;
            exec("ALTER TABLE " + quote(table) + " ADD COLUMN " + column_ddl(c));
            present.insert(c.name);
            if (c.indexed) exec(index_sql(table, c.name, !t->kind.empty()));
        }
    }
}

void SqliteStorage::verify_schema(std::span<const TableDef* const> tables) {
    auto check_columns = [&](const std::string& table, const std::vector<ColumnDef>& columns) {
        std::set<std::string> present;
        Statement s(db_, "SELECT name FROM pragma_table_info(?1)");
        s.bind(1, Value(table));
        while (s.step(db_)) present.insert(s.column_text(0));
        if (present.empty())
            fail(ErrorCode::storage, "the database has no table '" + table +
                                         "'; the file's schema does not match its version");
        for (const auto& c : columns)
            if (!present.count(c.name))
                fail(ErrorCode::storage, "table '" + table + "' has no column '" + c.name +
                                             "'; the file's schema does not match its version");
    };
    for (const TableDef* t : tables) {
        check_columns(t->name, t->columns);
        for (const auto& c : t->children) check_columns(c.name, c.columns);
    }
}

void SqliteStorage::begin(bool write) {
    // The outermost statements run for every operation: keep them prepared.
    if (depth_ == 0)
        cached_sql(write ? "BEGIN IMMEDIATE" : "BEGIN").run(db_);
    else
        exec("SAVEPOINT sp" + std::to_string(depth_));
    ++depth_;
}

void SqliteStorage::commit() {
    if (depth_ == 0) fail(ErrorCode::internal, "commit without a transaction");
    if (depth_ == 1) {
        cached_sql("COMMIT").run(db_);
    } else {
        exec("RELEASE sp" + std::to_string(depth_ - 1));
    }
    --depth_;
}

void SqliteStorage::rollback() noexcept {
    if (depth_ == 0) return;
    --depth_;
    if (depth_ == 0) {
        sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    } else {
        std::string sp = "sp" + std::to_string(depth_);
        sqlite3_exec(db_, ("ROLLBACK TO " + sp + "; RELEASE " + sp).c_str(), nullptr, nullptr,
                     nullptr);
    }
}

Statement& SqliteStorage::cached_batch(const void* key, Op op, std::size_t rows,
                                       const std::function<std::string()>& make_sql) {
    auto it = batch_cache_.find({key, int(op), rows});
    if (it == batch_cache_.end())
        it = batch_cache_.emplace(std::tuple{key, int(op), rows}, Statement(db_, make_sql())).first;
    it->second.reset();
    return it->second;
}

Statement& SqliteStorage::cached(const void* key, Op op,
                                 const std::function<std::string()>& make_sql) {
    auto it = cache_.find({key, op});
    if (it == cache_.end()) it = cache_.emplace(std::pair{key, int(op)}, Statement(db_, make_sql())).first;
    it->second.reset();
    return it->second;
}

namespace {
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
} // namespace

std::int64_t SqliteStorage::insert(const TableDef& table, const Row& row) {
    if (row.size() != table.columns.size())
        fail(ErrorCode::internal, "row does not match table " + table.name);
    if (table.kind.empty()) {
        auto& s = cached(&table, op_insert, [&] {
            return "INSERT INTO " + quote(table.name) + " (" + column_list(table.columns) +
                   ") VALUES (" + placeholders(1, table.columns.size()) + ")";
        });
        for (std::size_t i = 0; i < row.size(); ++i) s.bind(int(i) + 1, row[i], true);
        s.run(db_);
        return sqlite3_last_insert_rowid(db_);
    }
    auto& entity = cached(&table, op_insert_entity,
                          [] { return std::string("INSERT INTO entities (record_kind) VALUES (?1)"); });
    entity.bind(1, Value(table.kind));
    entity.run(db_);
    std::int64_t id = sqlite3_last_insert_rowid(db_);
    auto& s = cached(&table, op_insert, [&] {
        return "INSERT INTO " + quote(table.name) + " (id, record_kind, " + column_list(table.columns) +
               ") VALUES (?1, ?2, " + placeholders(3, table.columns.size()) + ")";
    });
    s.bind(1, Value(id));
    s.bind(2, Value(table.kind));
    for (std::size_t i = 0; i < row.size(); ++i) s.bind(int(i) + 3, row[i], true);
    s.run(db_);
    return id;
}

// The batch statements are INSERT OR FAIL: a statement that fails keeps
// the rows it wrote before the failure instead of undoing them. An
// INSERT of many rows that may undo itself (ABORT, the default) makes
// SQLite copy each page it changes into a statement journal first: in a
// 100,000-lead import that was about 145,000 writes (285 MB) to a
// temporary file. Callers undo a failed batch with their transaction or
// savepoint (Storage::insert_many says so).
namespace {
/// Rows per multi-row INSERT: enough to spread a statement's fixed cost,
/// within SQLite's limit on parameters (999 before 3.32).
std::size_t rows_per_insert(std::size_t parameters_per_row) {
    return std::clamp<std::size_t>(999 / std::max<std::size_t>(parameters_per_row, 1), 1, 64);
}
} // namespace

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
        auto& entities = cached_batch(&table, op_insert_entity, n, [&] {
            std::string sql = "INSERT OR FAIL INTO entities (record_kind) VALUES (?1)";
            for (std::size_t r = 1; r < n; ++r) sql += ", (?1)";
            return sql;
        });
        entities.bind(1, Value(table.kind));
        entities.run(db_);
        // One statement gives its rows consecutive ids (AUTOINCREMENT: each
        // the largest so far plus one), the last of them being last_insert_rowid.
        const std::int64_t first = sqlite3_last_insert_rowid(db_) - std::int64_t(n) + 1;
        auto& s = cached_batch(&table, op_insert, n, [&] {
            std::string sql = "INSERT OR FAIL INTO " + quote(table.name) + " (id, record_kind, " +
                              column_list(table.columns) + ") VALUES ";
            for (std::size_t r = 0; r < n; ++r)
                sql += (r ? ", (?" : "(?") + std::to_string(r * width + 2) + ", ?1, " +
                       placeholders(r * width + 3, table.columns.size()) + ")";
            return sql;
        });
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
    auto& s = cached(&table, op_get, [&] {
        return "SELECT " + column_list(table.columns) + " FROM " + quote(table.name) +
               " WHERE id = ?1" + kind_clause(table, 2);
    });
    s.bind(1, Value(id));
    if (!table.kind.empty()) s.bind(2, Value(table.kind));
    if (!s.step(db_)) return std::nullopt;
    Row row(table.columns.size());
    for (std::size_t i = 0; i < row.size(); ++i) row[i] = s.column_value(int(i));
    s.reset();
    return row;
}

bool SqliteStorage::exists(const TableDef& table, std::int64_t id) {
    auto& s = cached(&table, op_exists, [&] {
        return "SELECT 1 FROM " + quote(table.name) + " WHERE id = ?1" + kind_clause(table, 2);
    });
    s.bind(1, Value(id));
    if (!table.kind.empty()) s.bind(2, Value(table.kind));
    bool found = s.step(db_);
    s.reset();
    return found;
}

UpdateResult SqliteStorage::update(const TableDef& table, std::int64_t id, const Row& row,
                                   std::optional<std::int64_t> expected_version) {
    if (row.size() != table.columns.size())
        fail(ErrorCode::internal, "row does not match table " + table.name);
    const bool versioned = expected_version && table.version_column >= 0;
    const int n = int(table.columns.size());
    auto& s = cached(&table, versioned ? op_update_versioned : op_update, [&] {
        std::string sql = "UPDATE " + quote(table.name) + " SET ";
        for (int i = 0; i < n; ++i) {
            if (i) sql += ", ";
            sql += quote(table.columns[std::size_t(i)].name) + " = ?" + std::to_string(i + 1);
        }
        sql += " WHERE id = ?" + std::to_string(n + 1);
        if (versioned)
            sql += " AND " + quote(table.columns[std::size_t(table.version_column)].name) + " = ?" +
                   std::to_string(n + 2);
        sql += kind_clause(table, n + 3);
        return sql;
    });
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
    auto& row = cached_sql("UPDATE " + quote(from.name) +
                           " SET record_kind = ?1 WHERE id = ?2 AND record_kind = ?3");
    row.bind(1, Value(to.kind));
    row.bind(2, Value(id));
    row.bind(3, Value(from.kind));
    row.run(db_);
    if (sqlite3_changes(db_) == 0) return false;
    auto& entity = cached_sql("UPDATE entities SET record_kind = ?1 WHERE id = ?2");
    entity.bind(1, Value(to.kind));
    entity.bind(2, Value(id));
    entity.run(db_);
    return true;
}

bool SqliteStorage::remove(const TableDef& table, std::int64_t id) {
    // Shared-id tables delete the entity: rows and child rows cascade.
    auto& s = cached(&table, op_remove, [&] {
        if (table.kind.empty()) return "DELETE FROM " + quote(table.name) + " WHERE id = ?1";
        return std::string("DELETE FROM entities WHERE id = ?1 AND record_kind = ?2");
    });
    s.bind(1, Value(id));
    if (!table.kind.empty()) s.bind(2, Value(table.kind));
    s.run(db_);
    return sqlite3_changes(db_) > 0;
}

std::string SqliteStorage::where_sql(const TableDef& table, const Query& query,
                                     std::vector<Value>& binds, const std::string& alias) {
    const std::string prefix = alias.empty() ? std::string() : alias + ".";
    auto param = [&](Value v) {
        binds.push_back(std::move(v));
        return "?" + std::to_string(binds.size());
    };
    auto column_of = [&](const std::string& name) -> std::string {
        if (name == "id") return prefix + "id";
        int i = table.column_index(name);
        if (i < 0) fail(ErrorCode::validation, "no field '" + name + "' in " + table.name);
        return prefix + quote(table.columns[std::size_t(i)].name);
    };
    auto like_pattern = [](const Value& v, bool prefix_only) {
        const auto* s = std::get_if<std::string>(&v);
        if (!s) fail(ErrorCode::validation, "contains and starts_with need text");
        std::string out = prefix_only ? "" : "%";
        for (char c : *s) {
            if (c == '%' || c == '_' || c == '\\') out += '\\';
            out += c;
        }
        return out + "%";
    };
    std::string sql = " WHERE 1";
    // A "has" on a member of list entries ("emails.address" has x) is
    // answered from that column's index, then by id; the record type must not
    // tempt SQLite into scanning a whole (record_kind, ...) index instead
    // ("+" keeps an index from serving it). A "has" on a list of plain values
    // ("links" has 42) may match thousands of rows: there, walking an ordered
    // (record_kind, ...) index and stopping at the page's end is the better
    // plan for the newest-first history of a record.
    const bool by_children =
        std::any_of(query.where.begin(), query.where.end(), [](const Condition& c) {
            return c.op == CompareOp::has && c.column.find('.') != std::string::npos;
        });
    if (!table.kind.empty())
        sql += std::string(" AND ") + (by_children ? "+" : "") + prefix +
               "record_kind = " + param(Value(table.kind));
    for (const auto& c : query.where) {
        if (c.op == CompareOp::has) {
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
                fail(ErrorCode::validation, "no list of values '" + c.column + "' in " + table.name);
            sql += " AND " + prefix + "id IN (SELECT owner_id FROM " + quote(child->name) +
                   " WHERE " + quote(column->name) + " = " + param(c.value) +
                   (c.exact ? " COLLATE BINARY" : "") + ")";
            continue;
        }
        std::string col = column_of(c.column);
        const bool is_null = std::holds_alternative<std::monostate>(c.value);
        sql += " AND ";
        switch (c.op) {
        case CompareOp::eq:
            sql += is_null ? col + " IS NULL"
                           : col + " = " + param(c.value) + (c.exact ? " COLLATE BINARY" : "");
            break;
        case CompareOp::ne:
            sql += col + " IS NOT " + param(c.value) + (c.exact ? " COLLATE BINARY" : "");
            break;
        case CompareOp::lt: sql += col + " < " + param(c.value); break;
        case CompareOp::le: sql += col + " <= " + param(c.value); break;
        case CompareOp::gt: sql += col + " > " + param(c.value); break;
        case CompareOp::ge: sql += col + " >= " + param(c.value); break;
        case CompareOp::contains:
            sql += col + " LIKE " + param(like_pattern(c.value, false)) + " ESCAPE '\\'";
            break;
        case CompareOp::starts_with:
            sql += col + " LIKE " + param(like_pattern(c.value, true)) + " ESCAPE '\\'";
            break;
        case CompareOp::in: {
            if (c.values.empty()) {
                sql += "0";
                break;
            }
            sql += col + " IN (";
            for (std::size_t i = 0; i < c.values.size(); ++i)
                sql += (i ? ", " : "") + param(c.values[i]);
            sql += ")";
            break;
        }
        case CompareOp::is_empty: sql += "(" + col + " IS NULL OR " + col + " = '')"; break;
        case CompareOp::has: break; // handled above
        }
    }
    return sql;
}

std::string SqliteStorage::column_ref(const TableDef& table, const std::string& column,
                                      const std::string& alias) {
    const std::string prefix = alias.empty() ? std::string() : alias + ".";
    if (column == "id") return prefix + "id";
    int i = table.column_index(column);
    if (i < 0) fail(ErrorCode::validation, "no field '" + column + "' in " + table.name);
    return prefix + quote(table.columns[std::size_t(i)].name);
}

std::string SqliteStorage::order_sql(const TableDef& table, const Query& query,
                                     const std::string& alias) {
    std::string sql = " ORDER BY ";
    for (const auto& key : query.order_by)
        sql += column_ref(table, key.column, alias) + (key.descending ? " DESC, " : ", ");
    sql += (alias.empty() ? "" : alias + ".") + "id";
    if (query.limit >= 0 || query.offset > 0) {
        sql += " LIMIT " + std::to_string(query.limit >= 0 ? query.limit : -1);
        sql += " OFFSET " + std::to_string(std::max<std::int64_t>(query.offset, 0));
    }
    return sql;
}

std::unique_ptr<ScanCursor> SqliteStorage::select(const TableDef& table, const Query& query,
                                                  std::span<const Projection> columns) {
    std::vector<Value> binds;
    std::string sql = "SELECT t.id";
    for (const auto& p : columns) {
        if (p.child.empty()) {
            sql += ", " + column_ref(table, p.column, "t");
            continue;
        }
        const ChildTableDef* child = nullptr;
        for (const auto& c : table.children)
            if (c.name == p.child) child = &c;
        int ci = -1;
        if (child)
            for (std::size_t i = 0; i < child->columns.size(); ++i)
                if (child->columns[i].name == p.column) ci = int(i);
        if (ci < 0) fail(ErrorCode::validation, "no field '" + p.child + "." + p.column + "'");
        // The first entry of the list, by position (the primary key's order).
        sql += ", (SELECT c." + quote(child->columns[std::size_t(ci)].name) + " FROM " +
               quote(child->name) + " AS c WHERE c.owner_id = t.id ORDER BY c.position LIMIT 1)";
    }
    sql += " FROM " + quote(table.name) + " AS t" + where_sql(table, query, binds, "t") +
           order_sql(table, query, "t");
    Statement s(db_, sql);
    for (std::size_t i = 0; i < binds.size(); ++i) s.bind(int(i) + 1, binds[i]);
    return std::make_unique<SqliteScanCursor>(db_, std::move(s), columns.size());
}

std::vector<GroupCount> SqliteStorage::group_counts(const TableDef& table, const Query& query,
                                                    std::span<const std::string> group_by) {
    std::vector<Value> binds;
    std::string keys;
    for (const auto& g : group_by) keys += (keys.empty() ? "" : ", ") + column_ref(table, g);
    std::string sql = "SELECT " + (keys.empty() ? std::string() : keys + ", ") + "count(*) FROM " +
                      quote(table.name) + where_sql(table, query, binds);
    if (!keys.empty()) sql += " GROUP BY " + keys + " ORDER BY " + keys;
    Statement s(db_, sql);
    for (std::size_t i = 0; i < binds.size(); ++i) s.bind(int(i) + 1, binds[i]);
    std::vector<GroupCount> out;
    while (s.step(db_)) {
        GroupCount g;
        for (std::size_t i = 0; i < group_by.size(); ++i) g.key.push_back(s.column_value(int(i)));
        g.count = s.column_int64(int(group_by.size()));
        out.push_back(std::move(g));
    }
    return out;
}

std::unique_ptr<RowCursor> SqliteStorage::find(const TableDef& table, const Query& query) {
    std::vector<Value> binds;
    std::string sql = "SELECT id, " + column_list(table.columns) + " FROM " + quote(table.name) +
                      where_sql(table, query, binds) + order_sql(table, query);
    Statement s(db_, sql);
    for (std::size_t i = 0; i < binds.size(); ++i) s.bind(int(i) + 1, binds[i]);
    return std::make_unique<SqliteCursor>(db_, std::move(s), table.columns.size());
}

std::int64_t SqliteStorage::count(const TableDef& table, const Query& query) {
    std::vector<Value> binds;
    std::string sql = "SELECT count(*) FROM ";
    if (query.limit >= 0 || query.offset > 0)
        sql += "(SELECT id FROM " + quote(table.name) + where_sql(table, query, binds) +
               " LIMIT " + std::to_string(query.limit >= 0 ? query.limit : -1) + " OFFSET " +
               std::to_string(std::max<std::int64_t>(query.offset, 0)) + ")";
    else
        sql += quote(table.name) + where_sql(table, query, binds);
    Statement s(db_, sql);
    for (std::size_t i = 0; i < binds.size(); ++i) s.bind(int(i) + 1, binds[i]);
    s.step(db_);
    return s.column_int64(0);
}

Statement& SqliteStorage::cached_sql(const std::string& sql) {
    auto it = sql_cache_.find(sql);
    if (it == sql_cache_.end()) it = sql_cache_.emplace(sql, Statement(db_, sql)).first;
    it->second.reset();
    return it->second;
}


std::unique_ptr<ScanCursor> SqliteStorage::scan(const TableDef& table, const Query& query,
                                                std::span<const int> columns,
                                                const ChildTableDef* child) {
    std::vector<Value> binds;
    std::string sql = "SELECT t.id";
    for (int c : columns) {
        if (c < 0 || std::size_t(c) >= table.columns.size())
            fail(ErrorCode::internal, "scan column out of range");
        sql += ", t." + quote(table.columns[std::size_t(c)].name);
    }
    sql += " FROM " + quote(table.name) + " AS t" + where_sql(table, query, binds, "t") +
           " ORDER BY t.id";
    Statement owners(db_, sql);
    for (std::size_t i = 0; i < binds.size(); ++i) owners.bind(int(i) + 1, binds[i]);
    if (!child) return std::make_unique<SqliteScanCursor>(db_, std::move(owners), columns.size());
    Statement children(db_, "SELECT owner_id, " + column_list(child->columns) + " FROM " +
                                quote(child->name) + " ORDER BY owner_id, position");
    return std::make_unique<SqliteScanCursor>(db_, std::move(owners), columns.size(),
                                              std::move(children), child->columns.size());
}

std::int64_t SqliteStorage::update_columns(const TableDef& table, std::span<const int> columns,
                                          std::span<const std::int64_t> ids,
                                          std::span<const Row> values) {
    if (ids.size() != values.size() || columns.empty())
        fail(ErrorCode::internal, "update_columns: ids and values differ");
    std::string sql = "UPDATE " + quote(table.name) + " SET ";
    for (std::size_t i = 0; i < columns.size(); ++i) {
        int c = columns[i];
        if (c < 0 || std::size_t(c) >= table.columns.size())
            fail(ErrorCode::internal, "update_columns: column out of range");
        sql += (i ? ", " : "") + quote(table.columns[std::size_t(c)].name) + " = ?" +
               std::to_string(i + 1);
    }
    const int n = int(columns.size());
    sql += " WHERE id = ?" + std::to_string(n + 1) + kind_clause(table, n + 2);
    auto& s = cached_sql(sql);
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

std::int64_t SqliteStorage::update_where(const TableDef& table, const Query& query,
                                         std::span<const int> columns, const Row& values,
                                         bool bump_version) {
    if (columns.size() != values.size())
        fail(ErrorCode::internal, "update_where: columns and values differ");
    std::vector<Value> binds;
    std::string set;
    for (std::size_t i = 0; i < columns.size(); ++i) {
        int c = columns[i];
        if (c < 0 || std::size_t(c) >= table.columns.size())
            fail(ErrorCode::internal, "update_where: column out of range");
        binds.push_back(values[i]);
        set += (set.empty() ? "" : ", ") + quote(table.columns[std::size_t(c)].name) + " = ?" +
               std::to_string(binds.size());
    }
    if (bump_version) {
        if (table.version_column < 0) fail(ErrorCode::internal, "table has no version");
        const std::string v = quote(table.columns[std::size_t(table.version_column)].name);
        set += (set.empty() ? "" : ", ") + v + " = " + v + " + 1";
    }
    if (set.empty()) return 0;
    std::string sql = "UPDATE " + quote(table.name) + " SET " + set + where_sql(table, query, binds);
    Statement s(db_, sql);
    for (std::size_t i = 0; i < binds.size(); ++i) s.bind(int(i) + 1, binds[i]);
    s.run(db_);
    return sqlite3_changes(db_);
}

std::int64_t SqliteStorage::delete_children_where(const ChildTableDef& child, int column,
                                                  const Value& value) {
    if (column < 0 || std::size_t(column) >= child.columns.size())
        fail(ErrorCode::internal, "delete_children_where: column out of range");
    auto& s = cached_sql("DELETE FROM " + quote(child.name) + " WHERE " +
                         quote(child.columns[std::size_t(column)].name) + " = ?1");
    s.bind(1, value);
    s.run(db_);
    return sqlite3_changes(db_);
}

std::optional<std::string> SqliteStorage::setting(const std::string& key) {
    auto& s = cached_sql("SELECT value FROM settings WHERE key = ?1");
    s.bind(1, Value(key));
    if (!s.step(db_)) return std::nullopt;
    std::string value = s.column_text(0);
    s.reset();
    return value;
}

void SqliteStorage::set_setting(const std::string& key, const std::string& value) {
    auto& s = cached_sql("INSERT INTO settings (key, value) VALUES (?1, ?2) "
                         "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
    s.bind(1, Value(key));
    s.bind(2, Value(value));
    s.run(db_);
}

std::vector<Row> SqliteStorage::children(const ChildTableDef& child, std::int64_t owner) {
    auto& s = cached(&child, op_children, [&] {
        return "SELECT " + column_list(child.columns) + " FROM " + quote(child.name) +
               " WHERE owner_id = ?1 ORDER BY position";
    });
    s.bind(1, Value(owner));
    std::vector<Row> rows;
    while (s.step(db_)) {
        Row row(child.columns.size());
        for (std::size_t i = 0; i < row.size(); ++i) row[i] = s.column_value(int(i));
        rows.push_back(std::move(row));
    }
    return rows;
}

void SqliteStorage::replace_children(const ChildTableDef& child, std::int64_t owner,
                                     std::span<const Row> rows) {
    auto& del = cached(&child, op_delete_children, [&] {
        return "DELETE FROM " + quote(child.name) + " WHERE owner_id = ?1";
    });
    del.bind(1, Value(owner));
    del.run(db_);
    insert_children(child, owner, rows);
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
        auto& s = cached_batch(&child, op_insert_child, n, [&] {
            std::string sql = "INSERT OR FAIL INTO " + quote(child.name) + " (owner_id, position, " +
                              column_list(child.columns) + ") VALUES ";
            for (std::size_t r = 0; r < n; ++r)
                sql += (r ? ", (" : "(") + placeholders(r * width + 1, width) + ")";
            return sql;
        });
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

void SqliteStorage::insert_children(const ChildTableDef& child, std::int64_t owner,
                                    std::span<const Row> rows) {
    if (rows.empty()) return;
    auto& ins = cached(&child, op_insert_child, [&] {
        return "INSERT INTO " + quote(child.name) + " (owner_id, position, " +
               column_list(child.columns) + ") VALUES (?1, ?2, " +
               placeholders(3, child.columns.size()) + ")";
    });
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

// Loading many rows into a table with its indexes in place updates every
// index once per row. Indexes of text (names, companies, e-mail addresses,
// sources) get their keys in no particular order, each update a search from
// the root to some page; building such an index afterwards is one sort.
// Numeric keys of new rows mostly come in order (timestamps) or are unset,
// which SQLite appends cheaply: those indexes stay. DDL is transactional in
// SQLite, so a rollback brings the dropped indexes back by itself.
void SqliteStorage::defer_indexes(const TableDef& table) {
    if (depth_ == 0) fail(ErrorCode::internal, "defer_indexes outside a write transaction");
    for (const auto& c : table.columns)
        if (c.indexed && c.type == ColumnType::text)
            exec("DROP INDEX IF EXISTS " + index_name(table.name, c.name));
    for (const auto& child : table.children)
        for (const auto& c : child.columns)
            if (c.indexed && c.type == ColumnType::text)
                exec("DROP INDEX IF EXISTS " + index_name(child.name, c.name));
}

void SqliteStorage::restore_indexes(const TableDef& table) {
    if (depth_ == 0) fail(ErrorCode::internal, "restore_indexes outside a write transaction");
    for (const auto& c : table.columns)
        if (c.indexed) exec(index_sql(table.name, c.name, !table.kind.empty()));
    for (const auto& child : table.children)
        for (const auto& c : child.columns)
            if (c.indexed) exec(child_index_sql(child.name, c.name));
}

} // namespace

std::unique_ptr<Storage> open_sqlite_storage(const std::string& path,
                                             std::span<const TableDef* const> tables,
                                             const SqliteOptions& options) {
    return std::make_unique<SqliteStorage>(path, tables, options);
}

int sqlite_schema_version() noexcept { return schema_version; }

} // namespace leadbook
