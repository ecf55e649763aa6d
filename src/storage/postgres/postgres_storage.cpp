// The PostgreSQL backend: the Storage operations over libpq.
//
// One connection per handle for writes and for reads inside a transaction;
// reads outside a transaction stream on a second connection in a read-only
// REPEATABLE READ transaction (one snapshot, whatever is written meanwhile).
// SQL text comes from the SQLite backend's sql_builder.hpp in its PostgreSQL
// dialect (names from TableDef, values always sent apart), the schema from
// pg_schema.hpp. Writers take turns through a transaction-scoped advisory
// lock (pg_schema.hpp, begin_write_sql).
#include "pg_connection.hpp"
#include "pg_schema.hpp"
#include "storage/buffered_cursor.hpp"
#include "storage/rows_with_ids.hpp"
#include "storage/sqlite/sql_builder.hpp"

#include <leadbook/postgres_storage.hpp>

#include <algorithm>
#include <functional>
#include <utility>

namespace leadbook {

namespace {

using namespace postgres;
using sqlite::Dialect;
using sqlite::quote;
using sqlite::Sql;

constexpr Dialect pg = Dialect::postgres;
/// Rows fetched from a server-side cursor at a time.
constexpr int fetch_rows = 1000;

/// `sql` with PostgreSQL's parameter numbers.
std::string numbered(const std::string& sql) { return sqlite::postgres_numbered(sql); }

using storage_rows::BufferedCursor;

/// One server-side cursor, read a batch at a time.
struct Stream {
    std::string name;
    std::size_t columns = 0;
    Result batch;
    int at = 0;
    bool done = false;

    /// Whether a row is ready at `at`, fetching the next batch when needed.
    bool ready(Connection& db) {
        if (batch && at < PQntuples(batch.get())) return true;
        if (done) return false;
        batch = db.exec("FETCH " + std::to_string(fetch_rows) + " FROM " + name);
        at = 0;
        if (PQntuples(batch.get()) < fetch_rows) done = true;
        return PQntuples(batch.get()) > 0;
    }
    std::int64_t owner() const { return int_at(batch.get(), at, 0); }
    void read(Row& out) const {
        out.resize(columns);
        for (std::size_t i = 0; i < columns; ++i) out[i] = value_at(batch.get(), at, int(i) + 1);
    }
};

/// Rows of a read or select with the child rows of each merged in, from
/// one server-side cursor per statement (the child statements list the
/// rows' children in the rows' order). `release` runs once, when the rows
/// end or the cursor goes.
class PostgresCursor final : public RowCursor {
public:
    PostgresCursor(Connection& db, std::vector<Stream> streams, std::function<void()> release)
        : db_(db), streams_(std::move(streams)), release_(std::move(release)) {}
    ~PostgresCursor() override { end(); }

    bool next(ReadRow& out) override {
        if (!release_) return false;
        try {
            Stream& rows = streams_[0];
            if (!rows.ready(db_)) {
                end();
                return false;
            }
            out.id = rows.owner();
            rows.read(out.values);
            out.children.resize(streams_.size() - 1);
            for (std::size_t c = 1; c < streams_.size(); ++c) {
                auto& list = out.children[c - 1];
                list.clear();
                Stream& child = streams_[c];
                while (child.ready(db_) && child.owner() == out.id) {
                    list.emplace_back();
                    child.read(list.back());
                    ++child.at;
                }
            }
            ++rows.at;
        } catch (...) {
            end();
            throw;
        }
        return true;
    }

private:
    void end() noexcept {
        if (!release_) return;
        auto release = std::move(release_);
        release_ = nullptr;
        streams_.clear();
        release();
    }

    Connection& db_;
    std::vector<Stream> streams_;
    std::function<void()> release_;
};

class PostgresStorage final : public Storage {
public:
    PostgresStorage(const std::string& conninfo, std::span<const TableDef* const> tables,
                    const PostgresOptions& options)
        : conninfo_(conninfo), options_(options), tables_(tables.begin(), tables.end()),
          db_(conninfo, options) {
        open_schema(db_, tables, options);
    }
    ~PostgresStorage() override {
        if (depth_ > 0) db_.exec_quietly("ROLLBACK");
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
    void insert_with_ids(const TableDef& table, std::span<const ReadRow> rows) override;
    std::optional<std::string> setting(const std::string& key) override;
    void set_setting(const std::string& key, const std::string& value) override;
    std::vector<std::pair<std::string, std::string>> settings() override;
    std::vector<IntegrityProblem> check_integrity() override;

private:
    /// A second connection that cursors opened outside a transaction read
    /// on, each in its own read-only REPEATABLE READ transaction.
    struct Reader {
        Reader(const std::string& conninfo, const PostgresOptions& options)
            : db(conninfo, options) {}
        Connection db;
        bool in_use = false;
    };

    /// Runs `body` as a write: refused while a cursor reads inside this
    /// transaction; outside a transaction, in one of its own (so that it
    /// takes the write lock).
    template <class F> auto writing(F&& body) -> decltype(body()) {
        before_write();
        if (options_.read_only)
            fail(ErrorCode::read_only,
                 "the database (" + db_.where() + ") is open read-only; nothing was written");
        if (depth_ > 0) return body();
        begin(true);
        try {
            if constexpr (std::is_void_v<decltype(body())>) {
                body();
                commit();
            } else {
                auto result = body();
                commit();
                return result;
            }
        } catch (...) {
            rollback();
            throw;
        }
    }
    void before_write() const;
    /// A cursor over `statements` (the rows' first, then the child tables'),
    /// each an id (or owner id) followed by `columns[i]` values.
    std::unique_ptr<RowCursor> open_cursor(std::span<const Sql> statements,
                                           std::span<const std::size_t> columns);
    std::unique_ptr<RowCursor> read_one(const TableDef& table, std::int64_t id,
                                        const ReadShape& shape);
    /// COPY of rows under the ids they get: row_at(i) under ids[i], with
    /// an entity each for a record table.
    void copy_rows(const TableDef& table, std::span<const std::int64_t> ids,
                   const std::function<const Row&(std::size_t)>& row_at);
    /// COPY of child rows: rows[i] for owners[i].
    void copy_children(const ChildTableDef& child, std::span<const std::int64_t> owners,
                       std::span<const std::vector<Row>> rows);

    std::string conninfo_;
    PostgresOptions options_;
    std::vector<const TableDef*> tables_;
    Connection db_;
    std::vector<std::unique_ptr<Reader>> readers_;
    int depth_ = 0;
    int open_cursors_ = 0; ///< cursors reading on the main connection
    /// Grows whenever cursors of the main connection may have been closed
    /// by the server (a transaction or savepoint ended by rollback, a commit).
    std::uint64_t epoch_ = 0;
    std::uint64_t cursor_names_ = 0;
};

// ---- transactions -------------------------------------------------------------

void PostgresStorage::begin(bool write) {
    if (write && options_.read_only)
        fail(ErrorCode::read_only,
             "the database (" + db_.where() + ") is open read-only; nothing was written");
    if (depth_ == 0) {
        if (write) {
            try {
                db_.exec(begin_write_sql(options_.lock_timeout_ms));
            } catch (const Error& e) {
                db_.exec_quietly("ROLLBACK");
                if (e.code() == ErrorCode::busy)
                    fail(ErrorCode::busy, "another connection kept writing to the database (" +
                                              db_.where() + ") for longer than the lock timeout (" +
                                              std::to_string(options_.lock_timeout_ms) +
                                              " ms); nothing was written, try again");
                throw;
            }
        } else {
            db_.exec("BEGIN ISOLATION LEVEL REPEATABLE READ");
        }
    } else {
        db_.exec("SAVEPOINT sp" + std::to_string(depth_));
    }
    ++depth_;
}

void PostgresStorage::commit() {
    if (depth_ == 0) fail(ErrorCode::internal, "commit without a transaction");
    if (depth_ == 1) {
        --depth_;
        ++epoch_;
        auto r = db_.exec("COMMIT");
        // COMMIT of a transaction a failed statement aborted rolls it back.
        if (std::string(PQcmdStatus(r.get())) == "ROLLBACK")
            fail(ErrorCode::storage, "PostgreSQL (" + db_.where() +
                                         ") rolled the transaction back: a statement in it "
                                         "had failed; nothing of it was written");
        return;
    }
    db_.exec("RELEASE SAVEPOINT sp" + std::to_string(depth_ - 1));
    --depth_;
}

void PostgresStorage::rollback() noexcept {
    if (depth_ == 0) return;
    --depth_;
    ++epoch_;
    if (depth_ == 0) {
        db_.exec_quietly("ROLLBACK");
    } else {
        const std::string sp = "sp" + std::to_string(depth_);
        db_.exec_quietly(("ROLLBACK TO SAVEPOINT " + sp + "; RELEASE SAVEPOINT " + sp).c_str());
    }
}

void PostgresStorage::before_write() const {
    if (open_cursors_ > 0)
        fail(ErrorCode::conflict,
             "a find or report of this book is still being read inside this transaction; "
             "read it to its end or close it before writing (or read it outside the "
             "transaction, where it keeps its own view)");
}

// ---- rows -----------------------------------------------------------------------

std::int64_t PostgresStorage::insert(const TableDef& table, const Row& row) {
    if (row.size() != table.columns.size())
        fail(ErrorCode::internal, "row does not match table " + table.name);
    return writing([&] {
        const std::size_t n = table.columns.size();
        std::vector<Value> params;
        std::string sql;
        if (table.kind.empty()) {
            sql = numbered(sqlite::insert_sql(table)) + " RETURNING id";
            params.assign(row.begin(), row.end());
        } else {
            // The entity and the row in one statement: one round trip.
            sql = "WITH e AS (INSERT INTO entities (record_kind) VALUES ($1) RETURNING id) "
                  "INSERT INTO " +
                  quote(table.name) + " (id, record_kind, " + sqlite::column_list(table.columns) +
                  ") VALUES ((SELECT id FROM e), $1";
            for (std::size_t i = 0; i < n; ++i) sql += ", $" + std::to_string(i + 2);
            sql += ") RETURNING id";
            params.push_back(Value(table.kind));
            params.insert(params.end(), row.begin(), row.end());
        }
        auto r = db_.exec(sql, params);
        return int_at(r.get(), 0, 0);
    });
}

namespace {

/// The sequence `table`'s new ids come from, as an SQL expression: the one
/// of record ids, or the table's own identity column's.
std::string id_sequence(const TableDef& table) {
    return table.kind.empty() ? "pg_get_serial_sequence('" + quote(table.name) + "', 'id')"
                              : std::string("'entity_ids'");
}

} // namespace

std::vector<std::int64_t> PostgresStorage::insert_many(const TableDef& table,
                                                       std::span<const Row> rows) {
    for (const Row& row : rows)
        if (row.size() != table.columns.size())
            fail(ErrorCode::internal, "row does not match table " + table.name);
    if (rows.empty()) return {};
    if (rows.size() == 1) return {insert(table, rows[0])}; // one round trip, not two
    return writing([&] {
        // The ids first, in one statement (COPY returns none), then COPY:
        // from the sequence of record ids, or the table's own.
        const std::string sequence = id_sequence(table);
        const Value n(std::int64_t(rows.size()));
        auto r = db_.exec("SELECT nextval(" + sequence + ") FROM generate_series(1, $1::bigint)",
                          std::span<const Value>(&n, 1));
        std::vector<std::int64_t> ids(rows.size());
        for (std::size_t i = 0; i < ids.size(); ++i) ids[i] = int_at(r.get(), int(i), 0);
        std::sort(ids.begin(), ids.end());
        copy_rows(table, ids, [&](std::size_t i) -> const Row& { return rows[i]; });
        return ids;
    });
}

void PostgresStorage::copy_rows(const TableDef& table, std::span<const std::int64_t> ids,
                                const std::function<const Row&(std::size_t)>& row_at) {
    std::string entities, data;
    for (std::size_t i = 0; i < ids.size(); ++i) {
        const std::string id = std::to_string(ids[i]);
        data += id;
        if (!table.kind.empty()) {
            entities += id + "\t";
            append_copy_value(entities, Value(table.kind));
            entities += "\n";
            data += "\t";
            append_copy_value(data, Value(table.kind));
        }
        for (const auto& v : row_at(i)) {
            data += "\t";
            append_copy_value(data, v);
        }
        data += "\n";
    }
    if (!table.kind.empty()) db_.copy_in("COPY entities (id, record_kind) FROM STDIN", entities);
    db_.copy_in("COPY " + quote(table.name) + " (id, " +
                    (table.kind.empty() ? "" : "record_kind, ") +
                    sqlite::column_list(table.columns) + ") FROM STDIN",
                data);
}

void PostgresStorage::insert_with_ids(const TableDef& table, std::span<const ReadRow> rows) {
    if (rows.empty()) return;
    storage_rows::check_shape(table, rows);
    writing([&] {
        std::vector<std::int64_t> ids;
        ids.reserve(rows.size());
        for (const ReadRow& row : rows) ids.push_back(row.id);
        copy_rows(table, ids, [&](std::size_t i) -> const Row& { return rows[i].values; });
        storage_rows::for_each_child_list(
            table, rows, [&](const ChildTableDef& child, const auto& owners, const auto& lists) {
                copy_children(child, owners, lists);
            });
        // Ids made later come after the copied ones.
        const std::string owner = table.kind.empty() ? quote(table.name) : "entities";
        db_.exec("SELECT setval(" + id_sequence(table) + ", (SELECT max(id) FROM " + owner + "))");
    });
}

bool PostgresStorage::exists(const TableDef& table, std::int64_t id) {
    std::vector<Value> params = {Value(id)};
    if (!table.kind.empty()) params.push_back(Value(table.kind));
    return PQntuples(db_.exec(numbered(sqlite::exists_sql(table)), params).get()) > 0;
}

UpdateResult PostgresStorage::update(const TableDef& table, std::int64_t id, const Row& row,
                                     std::optional<std::int64_t> expected_version) {
    if (row.size() != table.columns.size())
        fail(ErrorCode::internal, "row does not match table " + table.name);
    return writing([&] {
        const bool versioned = expected_version && table.version_column >= 0;
        const std::size_t n = table.columns.size();
        std::string sql = numbered(sqlite::update_sql(table, versioned));
        std::vector<Value> params(row.begin(), row.end());
        params.push_back(Value(id));
        if (versioned) params.push_back(Value(*expected_version));
        if (!table.kind.empty()) {
            // Parameters are numbered without gaps: the record type moves up.
            if (!versioned) {
                const std::string from = "$" + std::to_string(n + 3);
                sql.replace(sql.rfind(from), from.size(), "$" + std::to_string(n + 2));
            }
            params.push_back(Value(table.kind));
        }
        if (changed_rows(db_.exec(sql, params)) > 0) return UpdateResult::updated;
        return exists(table, id) ? UpdateResult::stale_version : UpdateResult::not_found;
    });
}

bool PostgresStorage::change_kind(const TableDef& from, const TableDef& to, std::int64_t id) {
    if (from.name != to.name || from.kind.empty() || to.kind.empty())
        fail(ErrorCode::internal, "change_kind needs two record types of one table");
    return writing([&] {
        const std::vector<Value> params = {Value(to.kind), Value(id), Value(from.kind)};
        auto r = db_.exec("WITH e AS (UPDATE entities SET record_kind = $1 WHERE id = $2 AND "
                          "record_kind = $3) UPDATE " +
                              quote(from.name) +
                              " SET record_kind = $1 WHERE id = $2 AND record_kind = $3",
                          params);
        return changed_rows(r) > 0;
    });
}

bool PostgresStorage::remove(const TableDef& table, std::int64_t id) {
    return writing([&] {
        std::vector<Value> params = {Value(id)};
        if (!table.kind.empty()) params.push_back(Value(table.kind));
        return changed_rows(db_.exec(numbered(sqlite::remove_sql(table)), params)) > 0;
    });
}

// ---- reads ----------------------------------------------------------------------

std::unique_ptr<RowCursor> PostgresStorage::open_cursor(std::span<const Sql> statements,
                                                        std::span<const std::size_t> columns) {
    Connection* db = &db_;
    Reader* reader = nullptr;
    if (depth_ == 0) {
        for (auto& r : readers_)
            if (!r->in_use) reader = r.get();
        if (!reader) {
            readers_.push_back(std::make_unique<Reader>(conninfo_, options_));
            reader = readers_.back().get();
        }
        db = &reader->db;
    }
    std::function<void()> release;
    if (reader) {
        reader->db.exec("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY");
        reader->in_use = true;
        release = [this, reader] {
            reader->db.exec_quietly("COMMIT"); // closes the cursors
            reader->in_use = false;
            std::size_t idle = 0;
            for (auto& r : readers_) idle += r->in_use ? 0 : 1;
            if (idle > 2)
                std::erase_if(readers_, [reader](const auto& r) { return r.get() == reader; });
        };
    } else {
        ++open_cursors_;
        release = [this, epoch = epoch_, names = std::vector<std::string>(), first = cursor_names_,
                   count = statements.size()] {
            --open_cursors_;
            // Cursors a rollback or commit ended are gone already; closing
            // one that is not there would abort the transaction.
            if (epoch != epoch_ || depth_ == 0) return;
            std::string sql;
            for (std::size_t i = 0; i < count; ++i)
                sql += "CLOSE lb_cursor" + std::to_string(first + i) + ";";
            db_.exec_quietly(sql.c_str());
        };
    }
    std::vector<Stream> streams;
    try {
        for (std::size_t i = 0; i < statements.size(); ++i) {
            Stream s;
            s.name = "lb_cursor" + std::to_string(cursor_names_ + i);
            s.columns = columns[i];
            db->exec("DECLARE " + s.name + " NO SCROLL CURSOR FOR " + numbered(statements[i].text),
                     statements[i].binds);
            streams.push_back(std::move(s));
        }
    } catch (...) {
        cursor_names_ += statements.size();
        release();
        throw;
    }
    cursor_names_ += statements.size();
    return std::make_unique<PostgresCursor>(*db, std::move(streams), std::move(release));
}

std::unique_ptr<RowCursor> PostgresStorage::read_one(const TableDef& table, std::int64_t id,
                                                     const ReadShape& shape) {
    std::vector<Value> params = {Value(id)};
    if (!table.kind.empty()) params.push_back(Value(table.kind));
    // One statement: one round trip, one view.
    auto r = db_.exec(numbered(sqlite::read_one_sql(table, shape, pg)), params);
    const auto columns = sqlite::shape_columns(table, shape);
    auto cursor = std::make_unique<BufferedCursor>();
    ReadRow row;
    row.id = id;
    row.children.resize(shape.children.size());
    std::vector<std::vector<std::int64_t>> positions(shape.children.size());
    bool found = false;
    for (int i = 0; i < PQntuples(r.get()); ++i) {
        const auto part = int_at(r.get(), i, 0);
        if (part == 0) {
            found = true;
            row.values.resize(columns.size());
            for (std::size_t c = 0; c < columns.size(); ++c)
                row.values[c] =
                    value_as(r.get(), i, int(c) + 2, table.columns[std::size_t(columns[c])].type);
            continue;
        }
        const std::size_t list = std::size_t(part - 1);
        const auto& child = table.children.at(std::size_t(shape.children[list]));
        Row values(child.columns.size());
        for (std::size_t c = 0; c < values.size(); ++c)
            values[c] = value_as(r.get(), i, int(c) + 2, child.columns[c].type);
        row.children[list].push_back(std::move(values));
        positions[list].push_back(int_at(r.get(), i, 1));
    }
    if (!found) return cursor;
    for (std::size_t list = 0; list < positions.size(); ++list)
        storage_rows::sort_by_position(row.children[list], positions[list]);
    cursor->rows.push_back(std::move(row));
    return cursor;
}

std::unique_ptr<RowCursor> PostgresStorage::read(const TableDef& table, const Query& query,
                                                 const ReadShape& shape) {
    if (sqlite::is_id_lookup(query))
        return read_one(table, std::get<std::int64_t>(query.where[0].value), shape);
    std::vector<Sql> statements = {sqlite::read_sql(table, query, shape, pg)};
    std::vector<std::size_t> columns = {sqlite::shape_columns(table, shape).size()};
    for (int c : shape.children) {
        statements.push_back(sqlite::read_children_sql(table, query, c, pg));
        columns.push_back(table.children.at(std::size_t(c)).columns.size());
    }
    return open_cursor(statements, columns);
}

std::int64_t PostgresStorage::count(const TableDef& table, const Query& query) {
    const Sql sql = sqlite::count_sql(table, query, pg);
    return int_at(db_.exec(numbered(sql.text), sql.binds).get(), 0, 0);
}

std::unique_ptr<RowCursor> PostgresStorage::select(const TableDef& table, const Query& query,
                                                   std::span<const Projection> columns) {
    const std::vector<Sql> statements = {sqlite::select_sql(table, query, columns, pg)};
    const std::vector<std::size_t> widths = {columns.size()};
    return open_cursor(statements, widths);
}

std::vector<GroupCount> PostgresStorage::group_counts(const TableDef& table, const Query& query,
                                                      std::span<const std::string> group_by) {
    const Sql sql = sqlite::group_counts_sql(table, query, group_by, pg);
    auto r = db_.exec(numbered(sql.text), sql.binds);
    std::vector<GroupCount> out;
    for (int i = 0; i < PQntuples(r.get()); ++i) {
        GroupCount g;
        for (std::size_t k = 0; k < group_by.size(); ++k)
            g.key.push_back(value_at(r.get(), i, int(k)));
        g.count = int_at(r.get(), i, int(group_by.size()));
        out.push_back(std::move(g));
    }
    return out;
}

std::int64_t PostgresStorage::update_where(const TableDef& table, const Query& query,
                                           std::span<const int> columns, const Row& values,
                                           bool bump_version) {
    const Sql sql = sqlite::update_where_sql(table, query, columns, values, bump_version, pg);
    if (sql.text.empty()) return 0;
    return writing([&] { return changed_rows(db_.exec(numbered(sql.text), sql.binds)); });
}

std::int64_t PostgresStorage::update_columns(const TableDef& table, std::span<const int> columns,
                                             std::span<const std::int64_t> ids,
                                             std::span<const Row> values) {
    if (ids.size() != values.size())
        fail(ErrorCode::internal, "update_columns: ids and values differ");
    const std::string sql = numbered(sqlite::update_columns_sql(table, columns));
    return writing([&] {
        std::int64_t changed = 0;
        std::vector<Value> params;
        for (std::size_t r = 0; r < ids.size(); ++r) {
            if (values[r].size() != columns.size())
                fail(ErrorCode::internal, "update_columns: a row has the wrong number of values");
            params.assign(values[r].begin(), values[r].end());
            params.push_back(Value(ids[r]));
            if (!table.kind.empty()) params.push_back(Value(table.kind));
            changed += changed_rows(db_.exec(sql, params));
        }
        return changed;
    });
}

// ---- child rows -----------------------------------------------------------------

void PostgresStorage::copy_children(const ChildTableDef& child,
                                    std::span<const std::int64_t> owners,
                                    std::span<const std::vector<Row>> rows) {
    std::string data;
    for (std::size_t o = 0; o < owners.size() && o < rows.size(); ++o)
        for (std::size_t r = 0; r < rows[o].size(); ++r) {
            if (rows[o][r].size() != child.columns.size())
                fail(ErrorCode::internal, "child row does not match table " + child.name);
            data += std::to_string(owners[o]) + "\t" + std::to_string(r);
            for (const auto& v : rows[o][r]) {
                data += "\t";
                append_copy_value(data, v);
            }
            data += "\n";
        }
    if (data.empty()) return;
    db_.copy_in("COPY " + quote(child.name) + " (owner_id, position, " +
                    sqlite::column_list(child.columns) + ") FROM STDIN",
                data);
}

void PostgresStorage::insert_children(const ChildTableDef& child, std::int64_t owner,
                                      std::span<const Row> rows) {
    if (rows.empty()) return;
    const std::vector<Row> list(rows.begin(), rows.end());
    writing([&] { copy_children(child, {&owner, 1}, {&list, 1}); });
}

void PostgresStorage::insert_children_many(const ChildTableDef& child,
                                           std::span<const std::int64_t> owners,
                                           std::span<const std::vector<Row>> rows) {
    writing([&] { copy_children(child, owners, rows); });
}

void PostgresStorage::replace_children(const ChildTableDef& child, std::int64_t owner,
                                       std::span<const Row> rows) {
    const std::vector<Row> list(rows.begin(), rows.end());
    writing([&] {
        const Value id(owner);
        db_.exec(numbered(sqlite::delete_children_sql(child)), std::span<const Value>(&id, 1));
        copy_children(child, {&owner, 1}, {&list, 1});
    });
}

std::int64_t PostgresStorage::delete_children_where(const ChildTableDef& child, int column,
                                                    const Value& value) {
    const std::string sql = numbered(sqlite::delete_children_where_sql(child, column, pg));
    return writing([&] { return changed_rows(db_.exec(sql, std::span<const Value>(&value, 1))); });
}

// ---- settings -------------------------------------------------------------------

std::optional<std::string> PostgresStorage::setting(const std::string& key) {
    const Value k(key);
    auto r = db_.exec("SELECT value FROM settings WHERE key = $1", std::span<const Value>(&k, 1));
    if (PQntuples(r.get()) == 0) return std::nullopt;
    return std::string(PQgetvalue(r.get(), 0, 0));
}

void PostgresStorage::set_setting(const std::string& key, const std::string& value) {
    writing([&] {
        const std::vector<Value> params = {Value(key), Value(value)};
        db_.exec("INSERT INTO settings (key, value) VALUES ($1, $2) "
                 "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                 params);
    });
}

std::vector<std::pair<std::string, std::string>> PostgresStorage::settings() {
    auto r = db_.exec("SELECT key, value FROM settings ORDER BY key");
    std::vector<std::pair<std::string, std::string>> out;
    for (int i = 0; i < PQntuples(r.get()); ++i)
        out.emplace_back(PQgetvalue(r.get(), i, 0), PQgetvalue(r.get(), i, 1));
    return out;
}

std::vector<IntegrityProblem> PostgresStorage::check_integrity() {
    if (depth_ != 0) fail(ErrorCode::invalid_argument, "check() inside a transaction");
    // PostgreSQL keeps types and references itself; what it cannot know is
    // which tables are leadbook's.
    std::vector<IntegrityProblem> out;
    for (const auto& name : foreign_tables(db_, tables_))
        out.push_back(IntegrityProblem{"schema", "table '" + name + "' is not leadbook's"});
    return out;
}

} // namespace

std::unique_ptr<Storage> open_postgres_storage(const std::string& conninfo,
                                               std::span<const TableDef* const> tables,
                                               const PostgresOptions& options) {
    return std::make_unique<PostgresStorage>(conninfo, tables, options);
}

} // namespace leadbook
