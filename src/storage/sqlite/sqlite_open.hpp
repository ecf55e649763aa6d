// Opening a SQLite database file safely: the connection's settings for an
// untrusted file, the read-only look before anything is written, the schema
// created or migrated only when it must be, and the checks made later on
// the open file (moved or deleted, integrity).
#pragma once

#include <leadbook/sqlite_storage.hpp>
#include <leadbook/storage.hpp>

#include <sqlite3.h>

#include <span>
#include <string>
#include <vector>

namespace leadbook::sqlite {

/// An open connection and what opening it found out.
struct OpenedDatabase {
    sqlite3* db = nullptr;
    /// Writes are refused: asked for, or the file could not be opened for
    /// writing.
    bool read_only = false;
    bool in_memory = false;
};

/// Opens `path` (":memory:" for a private in-memory database; "" is
/// refused) and readies it for `tables`: a file of the current schema
/// version is only read (no write lock is taken, so opening never waits for
/// a writer); a new or older file is created or migrated in one write
/// transaction. Throws, with the connection closed, when the file is not a
/// leadbook database, is newer, carries objects leadbook did not create, or
/// does not match its schema version.
OpenedDatabase open_database(const std::string& path, std::span<const TableDef* const> tables,
                             const SqliteOptions& options);

/// A second connection to the file `path` that open_database opened, for
/// reading only (the snapshot of a cursor): the same options, VFS and
/// safety settings, no schema work, writes refused (`query_only`).
sqlite3* open_reader(const std::string& path, const SqliteOptions& options);

/// True when the main database file of `db` was moved, renamed or deleted
/// since it was opened (SQLITE_FCNTL_HAS_MOVED); a stat() of the file.
bool database_has_moved(sqlite3* db);

/// Everything `PRAGMA integrity_check` and `PRAGMA foreign_key_check` find,
/// values whose type does not fit their column, and objects leadbook did
/// not create (Storage::check_integrity).
std::vector<IntegrityProblem> integrity_problems(sqlite3* db,
                                                 std::span<const TableDef* const> tables);

} // namespace leadbook::sqlite
