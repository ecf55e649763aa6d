// The SQLite backend's schema: DDL derived from the table definitions, the
// checks made before a file is touched, and the forward migrations.
#pragma once

#include <leadbook/storage.hpp>

#include <sqlite3.h>

#include <span>
#include <string>
#include <vector>

namespace leadbook::sqlite {

/// Written into every leadbook file (PRAGMA application_id), "LDBK".
constexpr int application_id = 0x4C44424B;
/// The schema version this code writes. Add a migration when it grows.
constexpr int schema_version = 8;

/// Reads the file's application id and schema version without writing
/// anything, and refuses (throws) a file that is not SQLite or not a
/// leadbook database, or whose schema is newer than this code's, or whose
/// version cannot be one leadbook wrote (ErrorCode::corrupt). Returns the
/// schema version (0: a new, empty file).
int check_database_file(sqlite3* db, const std::string& path);

/// Creates the schema of a new file, or migrates an older one forward, and
/// checks that every table and column of `tables` is there; then writes the
/// application id and the current schema version. Runs inside the caller's
/// write transaction. A file whose tables do not match its version (a
/// migration step fails) is ErrorCode::corrupt.
void create_or_migrate(sqlite3* db, std::span<const TableDef* const> tables,
                       const std::string& path);

/// Checks, without writing, that every table and column of `tables` is in
/// the file (ErrorCode::corrupt otherwise).
void verify_schema(sqlite3* db, std::span<const TableDef* const> tables);

/// The objects of the file's schema that leadbook does not create for
/// `tables` (triggers, views, virtual tables, other tables and indexes), in
/// words ("trigger 'audit' on table 'records'"); empty when there are none.
std::vector<std::string> foreign_objects(sqlite3* db, std::span<const TableDef* const> tables);

/// CREATE INDEX (IF NOT EXISTS) for `column` of a record table; tables
/// several record types share index it after the record type.
std::string index_sql(const std::string& table, const std::string& column, bool shared_ids);
/// CREATE INDEX (IF NOT EXISTS) for `column` of a child table.
std::string child_index_sql(const std::string& child, const std::string& column);
/// The quoted name of the index of `column` in `table` ("records_full_name").
std::string index_name(const std::string& table, const std::string& column);

} // namespace leadbook::sqlite
