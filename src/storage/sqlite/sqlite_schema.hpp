// The SQLite backend's schema: DDL derived from the table definitions, the
// checks made before a file is touched, and the forward migrations.
#pragma once

#include <leadbook/storage.hpp>

#include <sqlite3.h>

#include <span>
#include <string>

namespace leadbook::sqlite {

/// Written into every leadbook file (PRAGMA application_id), "LDBK".
constexpr int application_id = 0x4C44424B;
/// The schema version this code writes. Add a migration when it grows.
constexpr int schema_version = 3;

/// Reads the file's application id and schema version without writing
/// anything, and refuses (throws) a file that is not SQLite or not a
/// leadbook database, or whose schema is newer than this code's.
void check_database_file(sqlite3* db, const std::string& path);

/// Creates the schema of a new file, or migrates an older one forward, and
/// checks that every table and column of `tables` is there; then writes the
/// application id and the current schema version. Runs inside the caller's
/// write transaction.
void create_or_migrate(sqlite3* db, std::span<const TableDef* const> tables,
                       const std::string& path);

/// CREATE INDEX (IF NOT EXISTS) for `column` of a record table; tables
/// several record types share index it after the record type.
std::string index_sql(const std::string& table, const std::string& column, bool shared_ids);
/// CREATE INDEX (IF NOT EXISTS) for `column` of a child table.
std::string child_index_sql(const std::string& child, const std::string& column);
/// The quoted name of the index of `column` in `table` ("records_full_name").
std::string index_name(const std::string& table, const std::string& column);

} // namespace leadbook::sqlite
