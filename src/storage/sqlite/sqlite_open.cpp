// Opening a SQLite database file safely (sqlite_open.hpp).
#include "sqlite_open.hpp"

#include "sql_builder.hpp"
#include "sqlite_schema.hpp"
#include "sqlite_statement.hpp"

#include <filesystem>

namespace leadbook::sqlite {

namespace {

sqlite3* open_connection(const std::string& path, const SqliteOptions& options, bool in_memory) {
    if (!in_memory && (!options.create || options.read_only) && !std::filesystem::exists(path))
        fail(ErrorCode::not_found, "database file '" + path + "' does not exist");
    int flags = SQLITE_OPEN_NOMUTEX;
    if (options.read_only && !in_memory)
        flags |= SQLITE_OPEN_READONLY;
    else
        flags |= SQLITE_OPEN_READWRITE | (options.create ? SQLITE_OPEN_CREATE : 0);
    sqlite3* db = nullptr;
    const char* vfs = options.vfs.empty() ? nullptr : options.vfs.c_str();
    if (vfs && !sqlite3_vfs_find(vfs))
        fail(ErrorCode::validation, "no SQLite VFS named '" + options.vfs + "' is registered");
    int rc = sqlite3_open_v2(in_memory ? ":memory:" : path.c_str(), &db, flags, vfs);
    if (rc != SQLITE_OK) {
        std::string message = db ? sqlite3_errmsg(db) : "out of memory";
        sqlite3_close_v2(db);
        fail(rc == SQLITE_CANTOPEN ? ErrorCode::not_found : code_for(rc),
             "cannot open '" + path + "': " + message);
    }
    return db;
}

/// Settings for a file that may come from anywhere: SQLite's defensive
/// mode (no writable schema, no shadow-table writes), no functions called
/// from the schema unless SQLite marks them harmless, and neither triggers
/// nor views (leadbook creates none; one found is refused anyway).
void distrust_the_file(sqlite3* db) {
    const std::pair<int, int> settings[] = {{SQLITE_DBCONFIG_DEFENSIVE, 1},
                                            {SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0},
                                            {SQLITE_DBCONFIG_ENABLE_TRIGGER, 0},
                                            {SQLITE_DBCONFIG_ENABLE_VIEW, 0}};
    for (const auto& [option, value] : settings) {
        int now = -1;
        check(db, sqlite3_db_config(db, option, value, &now), "sqlite3_db_config");
        if (now != value) fail(ErrorCode::internal, "SQLite refused a safety setting");
    }
}

void refuse_foreign_objects(sqlite3* db, std::span<const TableDef* const> tables,
                            const std::string& path) {
    const auto found = foreign_objects(db, tables);
    if (found.empty()) return;
    std::string list;
    for (std::size_t i = 0; i < found.size() && i < 5; ++i) list += (i ? ", " : "") + found[i];
    if (found.size() > 5) list += " and " + std::to_string(found.size() - 5) + " more";
    fail(ErrorCode::corrupt,
         "'" + path + "' holds objects leadbook did not create (" + list + "); it was not opened");
}

std::string pragma_text(sqlite3* db, const char* pragma) {
    Statement s(db, pragma);
    return s.step(db) ? s.column_text(0) : std::string();
}

/// Runs `body` in a transaction of its own (BEGIN or BEGIN IMMEDIATE).
template <class F> void in_transaction(sqlite3* db, bool write, F&& body) {
    exec(db, write ? "BEGIN IMMEDIATE" : "BEGIN");
    try {
        body();
        exec(db, "COMMIT");
    } catch (...) {
        sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
        throw;
    }
}

void ready(OpenedDatabase& opened, const std::string& path, std::span<const TableDef* const> tables,
           const SqliteOptions& options) {
    sqlite3* db = opened.db;
    sqlite3_extended_result_codes(db, 1);
    sqlite3_busy_timeout(db, options.busy_timeout_ms);
    distrust_the_file(db);
    // SQLite opens a file it may not write read-only by itself.
    if (sqlite3_db_readonly(db, "main") == 1) opened.read_only = true;
    // Read-only look first: a file that is not ours must stay untouched.
    const int version = check_database_file(db, path);
    exec(db, "PRAGMA foreign_keys = ON");
    // A file of this version is only read: opening never waits for a
    // writer. Anything else is created or migrated under the write lock
    // (which reads the version again: another process may have done it).
    bool current = false;
    in_transaction(db, false, [&] {
        refuse_foreign_objects(db, tables, path);
        current = version == schema_version;
        if (current) verify_schema(db, tables);
    });
    if (!current) {
        if (opened.read_only)
            fail(ErrorCode::read_only,
                 "'" + path + "' is open read-only but " +
                     (version == 0
                          ? std::string("is empty and needs leadbook's tables")
                          : "has schema version " + std::to_string(version) +
                                " and must be upgraded to " + std::to_string(schema_version)) +
                     "; open it once with write access");
        in_transaction(db, true, [&] {
            refuse_foreign_objects(db, tables, path);
            create_or_migrate(db, tables, path);
        });
    }
    // Only now, with the file known to be sound, may opening change it.
    // SQLite's default page cache (2 MiB) and temporary files: a 64 MiB
    // cache with temp_store = MEMORY made no measurable difference to a
    // 100,000-row import and made sorting a 1,000,000-row report ~35%
    // slower (a bigger cache also sizes the sorter's in-memory runs).
    if (!opened.in_memory && !opened.read_only) {
        // A file in WAL mode already needs no lock to stay so.
        if (pragma_text(db, "PRAGMA journal_mode") != "wal") exec(db, "PRAGMA journal_mode = WAL");
    }
    if (!opened.in_memory)
        exec(db, options.full_sync ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL");
}

} // namespace

OpenedDatabase open_database(const std::string& path, std::span<const TableDef* const> tables,
                             const SqliteOptions& options) {
    if (path.empty())
        fail(ErrorCode::validation,
             "the database path is empty; name a file, or \":memory:\" for a database in memory");
    OpenedDatabase opened;
    opened.in_memory = path == ":memory:";
    opened.read_only = options.read_only && !opened.in_memory;
    opened.db = open_connection(path, options, opened.in_memory);
    try {
        ready(opened, path, tables, options);
    } catch (...) {
        sqlite3_close_v2(opened.db);
        throw;
    }
    return opened;
}

sqlite3* open_reader(const std::string& path, const SqliteOptions& options) {
    SqliteOptions reader = options;
    reader.create = false;
    sqlite3* db = open_connection(path, reader, false);
    try {
        sqlite3_extended_result_codes(db, 1);
        sqlite3_busy_timeout(db, options.busy_timeout_ms);
        distrust_the_file(db);
        exec(db, "PRAGMA query_only = ON");
    } catch (...) {
        sqlite3_close_v2(db);
        throw;
    }
    return db;
}

bool database_has_moved(sqlite3* db) {
    int moved = 0;
    // SQLITE_NOTFOUND: a VFS that cannot tell (SQLite's unix VFS can).
    if (sqlite3_file_control(db, "main", SQLITE_FCNTL_HAS_MOVED, &moved) != SQLITE_OK) return false;
    return moved != 0;
}

} // namespace leadbook::sqlite
