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
    /// Open without ever writing (SQLite's SQLITE_OPEN_READONLY): reads work,
    /// every write fails with ErrorCode::read_only. A file SQLite cannot open
    /// for writing (its permissions, a read-only medium) is opened this way
    /// without being asked; root may write any file whatever its mode, so for
    /// root only this option or a read-only medium makes a book read-only.
    bool read_only = false;
    /// `PRAGMA synchronous = FULL` instead of NORMAL: every commit is synced
    /// to disk before it returns, so a power cut loses no committed write
    /// (NORMAL may lose the last commits, never the file; docs/storage.md).
    bool full_sync = false;
    /// The name of a registered SQLite VFS (sqlite3_vfs_register) to open
    /// the file with; empty for SQLite's default.
    std::string vfs;
};

/// Opens (or creates) a SQLite database at `path` (":memory:" for a private
/// in-memory one; "" is refused with ErrorCode::validation) with `tables` as
/// the current schema: a new file gets the schema and the current schema
/// version; an older file is migrated forward in one transaction; a file
/// that is not SQLite (ErrorCode::not_a_database) or has a newer schema
/// version (ErrorCode::schema_too_new) is left as it was and an Error is
/// thrown. Opening a file of the current version only reads, so it never
/// waits for another connection's write. The file is treated as untrusted
/// (SQLite's defensive mode, no functions from its schema, no triggers or
/// views): one that holds objects leadbook did not create (a trigger, a
/// view, a table) or whose tables do not match its schema version is
/// refused with ErrorCode::corrupt and left as it was. A read-only open of a
/// file that would need creating or migrating fails with ErrorCode::read_only.
std::unique_ptr<Storage> open_sqlite_storage(const std::string& path,
                                             std::span<const TableDef* const> tables,
                                             const SqliteOptions& options = {});

/// The schema version this library writes (SQLite `PRAGMA user_version`).
int sqlite_schema_version() noexcept;

} // namespace leadbook
