// leadbook/postgres_storage.hpp: the PostgreSQL backend of the Storage interface.
//
//   auto storage = leadbook::open_postgres_storage("postgresql://crm.example/leads",
//                                                  leadbook::LeadBook::schema_tables());
//   leadbook::LeadBook book(std::move(storage));
//
// LeadBook::open does this for you when given a `postgresql://` or
// `postgres://` URI; open the storage yourself to wrap it or to set
// PostgresOptions. Several processes on several machines may share one
// database: writers take turns (one write transaction at a time, through a
// transaction-scoped advisory lock), readers never wait. docs/storage.md
// says what is stored how.
#pragma once

#include <leadbook/storage.hpp>

#include <memory>
#include <span>
#include <string>

namespace leadbook {

/// Options of the PostgreSQL backend.
struct PostgresOptions {
    /// How long a write transaction waits for another connection's write
    /// transaction to end (PostgreSQL's `lock_timeout`), in ms; past it the
    /// write fails with ErrorCode::busy.
    int lock_timeout_ms = 10000;
    /// How long connecting may take, in seconds, unless the connection
    /// string says otherwise (libpq's `connect_timeout`).
    int connect_timeout_s = 10;
    /// Create leadbook's tables in an empty database.
    bool create = true;
    /// Never write: reads work, every write (and a database that would need
    /// creating or migrating) fails with ErrorCode::read_only.
    bool read_only = false;
};

/// Connects to the PostgreSQL database `conninfo` names (a `postgresql://`
/// or `postgres://` URI or a `key=value` connection string, read by libpq:
/// PGHOST, PGPORT, PGUSER, PGPASSWORD, `.pgpass` and service files apply as
/// they do to psql) with `tables` as the current schema. An empty database
/// (no tables in its current schema) gets leadbook's tables and the current
/// schema version; an older leadbook schema is migrated forward, under the
/// write lock, in one transaction. Refused, with the database left as it
/// was: a database that cannot be reached or logged into
/// (ErrorCode::storage, naming the host, port, database and user, never
/// the password), a database holding tables that are not leadbook's
/// (ErrorCode::not_a_database), one whose leadbook schema is newer than
/// this library's (ErrorCode::schema_too_new), an empty one when
/// `options.create` is false (ErrorCode::not_found).
std::unique_ptr<Storage> open_postgres_storage(const std::string& conninfo,
                                               std::span<const TableDef* const> tables,
                                               const PostgresOptions& options = {});

/// The schema version this library writes into a PostgreSQL database (its
/// `leadbook_schema` table).
int postgres_schema_version() noexcept;

/// `conninfo` with its password left out, for messages: a URI keeps its
/// form without the password, a `key=value` string loses its `password`
/// pair. A string libpq cannot read comes back as "(unreadable connection
/// string)".
std::string redacted_conninfo(const std::string& conninfo);

/// Whether `location` names a PostgreSQL database (starts with
/// `postgresql://` or `postgres://`) rather than a file.
bool is_postgres_uri(const std::string& location) noexcept;

} // namespace leadbook
