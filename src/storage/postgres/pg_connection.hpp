// One libpq connection of the PostgreSQL backend: connecting (with the
// password kept out of every message), statements with their values sent
// as text, results read back as leadbook Values, COPY, and the mapping of
// PostgreSQL's errors to ErrorCode.
#pragma once

#include <leadbook/postgres_storage.hpp>
#include <leadbook/storage.hpp>

#include <libpq-fe.h>

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <unordered_map>

namespace leadbook::postgres {

struct ResultFree {
    void operator()(PGresult* r) const noexcept { PQclear(r); }
};
using Result = std::unique_ptr<PGresult, ResultFree>;

class Connection {
public:
    /// Connects, or throws ErrorCode::storage naming where it tried.
    Connection(const std::string& conninfo, const PostgresOptions& options);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    /// "host H port P, database D, user U": where this connection goes.
    const std::string& where() const noexcept { return where_; }
    PGconn* get() const noexcept { return conn_; }

    /// Runs `sql` (one or more statements, no parameters); throws on failure.
    /// A CREATE, ALTER or DROP (a migration) drops the prepared statements
    /// first, so none outlives the tables it was planned on.
    Result exec(const std::string& sql);
    /// Runs one statement with `$1`... parameters sent as text. A SELECT,
    /// INSERT, UPDATE, DELETE or WITH is prepared on this connection the
    /// first time its text is run, so the server parses and plans it once
    /// (a connection keeps at most `max_prepared`; past that they are
    /// dropped and prepared again as used). A pooler in transaction mode,
    /// which moves a session's statements between server connections, does
    /// not keep prepared statements: connect to the server or to a pooler
    /// in session mode.
    Result exec(const std::string& sql, std::span<const Value> params);
    /// Runs `sql` and ignores a failure (ROLLBACK, CLOSE on the way out).
    void exec_quietly(const char* sql) noexcept;
    /// COPY `copy_sql` (a COPY ... FROM STDIN) with `data` in COPY's text format.
    void copy_in(const std::string& copy_sql, const std::string& data);

    /// Throws the Error `result` (or the connection) reports, if any.
    void check(const Result& result, const std::string& sql);

    static constexpr std::size_t max_prepared = 256;

private:
    void forget_prepared();

    PGconn* conn_ = nullptr;
    /// The statements prepared on this connection: SQL text to name.
    std::unordered_map<std::string, std::string> prepared_;
    std::uint64_t next_prepared_ = 0;
    std::string where_;
    std::string password_; ///< cut out of any message that would show it
};

/// The value at (`row`, `column`) of `result`, by the column's type.
Value value_at(const PGresult* result, int row, int column);
/// The text value at (`row`, `column`) read as a value of `type` (a value
/// sent as text: read_one_sql).
Value value_as(const PGresult* result, int row, int column, ColumnType type);
/// The integer at (`row`, `column`).
std::int64_t int_at(const PGresult* result, int row, int column);
/// `value` in COPY's text format, appended to `out`.
void append_copy_value(std::string& out, const Value& value);
/// The number of rows a command changed.
std::int64_t changed_rows(const Result& result);

} // namespace leadbook::postgres
