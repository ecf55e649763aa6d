// A prepared SQLite statement with RAII, binding and reading leadbook Values,
// and the mapping of SQLite result codes to leadbook errors.
#pragma once

#include <leadbook/error.hpp>
#include <leadbook/storage.hpp>

#include <sqlite3.h>

#include <string>
#include <string_view>
#include <utility>

namespace leadbook::sqlite {

inline ErrorCode code_for(int rc) {
    switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return ErrorCode::busy;
    case SQLITE_NOTADB: return ErrorCode::not_a_database;
    case SQLITE_NOMEM: return ErrorCode::out_of_memory;
    case SQLITE_CANTOPEN: return ErrorCode::not_found;
    case SQLITE_READONLY: return ErrorCode::read_only;
    case SQLITE_CORRUPT: return ErrorCode::corrupt;
    default: return ErrorCode::storage;
    }
}

/// Throws a leadbook Error unless rc is a success code.
inline void check(sqlite3* db, int rc, std::string_view context) {
    if (rc == SQLITE_OK || rc == SQLITE_ROW || rc == SQLITE_DONE) return;
    std::string message = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    if ((rc & 0xff) == SQLITE_BUSY)
        message = "the database stayed locked by another connection past the busy timeout (" +
                  message + ")";
    fail(code_for(rc), "SQLite: " + message + " [" + std::string(context.substr(0, 120)) + "]");
}

/// Runs SQL that returns no rows (DDL, PRAGMA, SAVEPOINT), unprepared.
inline void exec(sqlite3* db, const std::string& sql) {
    check(db, sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), sql);
}

class Statement {
public:
    Statement() = default;
    Statement(sqlite3* db, const std::string& sql) {
        check(db,
              sqlite3_prepare_v3(db, sql.c_str(), int(sql.size()), SQLITE_PREPARE_PERSISTENT,
                                 &stmt_, nullptr),
              sql);
    }
    Statement(Statement&& other) noexcept : stmt_(std::exchange(other.stmt_, nullptr)) {}
    Statement& operator=(Statement&& other) noexcept {
        if (this != &other) {
            sqlite3_finalize(stmt_);
            stmt_ = std::exchange(other.stmt_, nullptr);
        }
        return *this;
    }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    ~Statement() { sqlite3_finalize(stmt_); }

    void reset() {
        sqlite3_reset(stmt_);
        sqlite3_clear_bindings(stmt_);
    }

    /// Binds a value. SQLite copies text and blobs unless `borrow` is set, in
    /// which case `value` must outlive the statement's next run.
    void bind(int index, const Value& value, bool borrow = false) {
        auto lifetime = borrow ? SQLITE_STATIC : SQLITE_TRANSIENT;
        int rc = std::visit(
            [&](const auto& v) {
                using V = std::decay_t<decltype(v)>;
                if constexpr (std::is_same_v<V, std::monostate>)
                    return sqlite3_bind_null(stmt_, index);
                else if constexpr (std::is_same_v<V, std::int64_t>)
                    return sqlite3_bind_int64(stmt_, index, v);
                else if constexpr (std::is_same_v<V, double>)
                    return sqlite3_bind_double(stmt_, index, v);
                else if constexpr (std::is_same_v<V, std::string>)
                    return sqlite3_bind_text64(stmt_, index, v.data(), v.size(), lifetime,
                                               SQLITE_UTF8);
                else
                    return sqlite3_bind_blob64(stmt_, index, v.data.data(), v.data.size(),
                                               lifetime);
            },
            value);
        check(sqlite3_db_handle(stmt_), rc, "bind");
    }

    /// Steps once: true when a row is ready, false when done.
    bool step(sqlite3* db) {
        int rc = sqlite3_step(stmt_);
        if (rc == SQLITE_ROW) return true;
        if (rc == SQLITE_DONE) return false;
        // A failed statement must not stay "in progress": a kept BEGIN that
        // hit a busy database would otherwise block every later COMMIT.
        try {
            check(db, rc, sqlite3_sql(stmt_));
        } catch (...) {
            sqlite3_reset(stmt_);
            throw;
        }
        return false;
    }
    /// Runs a statement that returns no rows, then resets it.
    void run(sqlite3* db) {
        while (step(db)) {}
        sqlite3_reset(stmt_);
    }

    std::int64_t column_int64(int i) const { return sqlite3_column_int64(stmt_, i); }
    std::string column_text(int i) const {
        const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, i));
        return p ? std::string(p, std::size_t(sqlite3_column_bytes(stmt_, i))) : std::string();
    }
    /// The value of column `i` into `out`, reusing the text or blob buffer
    /// `out` holds (reads of many rows allocate less).
    void column_into(int i, Value& out) const {
        switch (sqlite3_column_type(stmt_, i)) {
        case SQLITE_INTEGER: out = sqlite3_column_int64(stmt_, i); return;
        case SQLITE_FLOAT: out = sqlite3_column_double(stmt_, i); return;
        case SQLITE_TEXT: {
            const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, i));
            const auto n = std::size_t(sqlite3_column_bytes(stmt_, i));
            if (auto* text = std::get_if<std::string>(&out))
                text->assign(p ? p : "", n);
            else
                out = std::string(p ? p : "", n);
            return;
        }
        case SQLITE_BLOB: out = column_value(i); return;
        default: out = std::monostate{}; return;
        }
    }
    Value column_value(int i) const {
        switch (sqlite3_column_type(stmt_, i)) {
        case SQLITE_INTEGER: return sqlite3_column_int64(stmt_, i);
        case SQLITE_FLOAT: return sqlite3_column_double(stmt_, i);
        case SQLITE_TEXT: return column_text(i);
        case SQLITE_BLOB: {
            const auto* p = static_cast<const std::uint8_t*>(sqlite3_column_blob(stmt_, i));
            Bytes b;
            b.data.assign(p, p + sqlite3_column_bytes(stmt_, i));
            return b;
        }
        default: return std::monostate{};
        }
    }

private:
    sqlite3_stmt* stmt_ = nullptr;
};

} // namespace leadbook::sqlite
