// The prepared statements a SQLite connection keeps between calls.
//
// Preparing is a large part of a small statement's cost, so every statement
// that runs with the same text again is kept, in one cache per connection.
// A statement is found by its text, or, for the statements of the fixed
// operations (insert, get, update, ...), by the table definition it was made
// for and the operation, which spares building the text on every call.
#pragma once

#include "sqlite_statement.hpp"

#include <cstddef>
#include <functional>
#include <string>
#include <unordered_map>

namespace leadbook::sqlite {

class StatementCache {
public:
    /// What a fixed operation's statement is made for: a table or child
    /// table definition (by address: definitions live as long as the
    /// program), an operation number of the caller's choosing and, for
    /// multi-row statements, the number of rows.
    struct Key {
        const void* definition = nullptr;
        int operation = 0;
        std::size_t rows = 0;
    };

    explicit StatementCache(sqlite3* db) : db_(db) {}
    StatementCache(const StatementCache&) = delete;
    StatementCache& operator=(const StatementCache&) = delete;

    /// The statement for `key`, prepared from make_sql() on first use; reset
    /// and unbound, ready to bind. Valid until the cache is cleared.
    Statement& get(const Key& key, const std::function<std::string()>& make_sql);
    /// The statement for `sql`, prepared on first use; reset and unbound.
    Statement& get(const std::string& sql);
    /// Finalizes every statement (before the connection closes).
    void clear() { statements_.clear(); }

private:
    struct Slot {
        Key key;
        std::string sql; ///< set for statements found by text
        bool operator==(const Slot& other) const {
            return key.definition == other.key.definition && key.operation == other.key.operation &&
                   key.rows == other.key.rows && sql == other.sql;
        }
    };
    struct SlotHash {
        std::size_t operator()(const Slot& slot) const noexcept;
    };

    Statement& ready(Statement& statement) {
        statement.reset();
        return statement;
    }

    sqlite3* db_;
    std::unordered_map<Slot, Statement, SlotHash> statements_;
};

} // namespace leadbook::sqlite
