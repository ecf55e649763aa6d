// The PostgreSQL backend's schema: DDL derived from the table definitions
// (storage/merged_schema.hpp, as SQLite's), the schema version in a table of
// its own, the checks made before anything is written, and migrations run
// under the write lock.
#pragma once

#include "pg_connection.hpp"

#include <leadbook/storage.hpp>

#include <span>
#include <string>
#include <vector>

namespace leadbook::postgres {

/// The schema version this code writes. Add a migration when it grows.
constexpr int schema_version = 5;

/// The statements that begin a write transaction: wait at most
/// `lock_timeout_ms` for the write lock (a transaction-scoped advisory lock
/// of this database, so writers take turns; ErrorCode::busy past it).
std::string begin_write_sql(int lock_timeout_ms);

/// Readies the database `connection` is connected to for `tables`: a
/// current one is only read; an empty one gets the schema and an older one
/// is migrated, both under the write lock in one transaction. Throws, having
/// written nothing, for a database of another application, a newer schema,
/// or (when `create` is false) an empty database.
void open_schema(Connection& connection, std::span<const TableDef* const> tables,
                 const PostgresOptions& options);

/// Tables of the database's schema that leadbook did not create.
std::vector<std::string> foreign_tables(Connection& connection,
                                        std::span<const TableDef* const> tables);

} // namespace leadbook::postgres
