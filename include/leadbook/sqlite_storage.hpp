// leadbook/sqlite_storage.hpp: the SQLite backend of the Storage interface.
//
//   auto storage = leadbook::open_sqlite_storage("crm.db", leadbook::LeadBook::schema_tables());
//   leadbook::LeadBook book(std::move(storage));
//
// LeadBook::open does this for you; open the storage yourself to wrap it
// (a test double, a logging layer) or to set SqliteOptions.
#pragma once

#include <leadbook/storage.hpp>

#include <memory>
#include <span>
#include <string>

namespace leadbook {

/// Options of the SQLite backend.
struct SqliteOptions {
    /// How long a writer waits for another connection's lock, in ms.
    int busy_timeout_ms = 10000;
    /// Create the file if it does not exist.
    bool create = true;
};

/// Opens (or creates) a SQLite database at `path` (":memory:" for a private
/// in-memory one) with `tables` as the current schema: a new file gets the
/// schema and the current schema version; an older file is migrated forward
/// in one transaction; a file that is not SQLite (ErrorCode::not_a_database)
/// or has a newer schema version (ErrorCode::schema_too_new) is left as it
/// was and an Error is thrown.
std::unique_ptr<Storage> open_sqlite_storage(const std::string& path,
                                             std::span<const TableDef* const> tables,
                                             const SqliteOptions& options = {});

/// The schema version this library writes (SQLite `PRAGMA user_version`).
int sqlite_schema_version() noexcept;

} // namespace leadbook
