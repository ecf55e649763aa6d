// The SQLite backend's schema and migrations (sqlite_schema.hpp).
#include "sqlite_schema.hpp"

#include "sql_builder.hpp"
#include "storage/merged_schema.hpp"
#include "sqlite_statement.hpp"

#include <leadbook/sqlite_storage.hpp>

#include <algorithm>
#include <map>
#include <set>

namespace leadbook {

int sqlite_schema_version() noexcept { return sqlite::schema_version; }

namespace sqlite {

namespace {

/// A forward migration from version `to - 1` to `to`: SQL to run, then
/// tables (by name) to create from the current table definitions, for
/// tables that are new in that version.
struct Migration {
    int to;
    std::vector<std::string> sql;
    std::vector<std::string> new_tables;
    /// Tables that gain columns: every column of the current definition
    /// the file lacks is added with its default (and index).
    std::vector<std::string> grown_tables = {};
    /// SQL to run last, once the new columns exist (to fill them).
    std::vector<std::string> sql_after = {};
};

const std::vector<Migration> migrations = {
    // 2: scoring criteria and database settings.
    {2,
     {"CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID"},
     {"scoring_criteria"}},
    // 3: business contacts (details columns), history, opportunities, sales
    // stages, user-defined fields, saved reports; the record-type column is renamed so that
    // records may have a field named "kind".
    {3,
     {"ALTER TABLE entities RENAME COLUMN kind TO record_kind",
      "ALTER TABLE records RENAME COLUMN kind TO record_kind",
      "ALTER TABLE accounts RENAME COLUMN kind TO record_kind"},
     {"history", "opportunities", "sales_stages", "field_definitions", "saved_reports"},
     {"records"}},
    // 4: a scoring criterion may be worth explicit points.
    {4, {}, {}, {"scoring_criteria"}},
    // 5: matching rules and the blocking keys of records under them.
    {5, {}, {"matching_rules", "match_keys"}},
    // 6: a lead's status and disqualify reason (business contacts are
    // qualified), and the editable list of disqualify reasons.
    {6,
     {},
     {"disqualify_reasons"},
     {"records"},
     {"UPDATE records SET status = CASE record_kind WHEN 'lead' THEN 'open' ELSE 'qualified' "
      "END"}},
    // 7: the pick lists (rating, source) of leads and business contacts.
    {7, {}, {"pick_list_entries"}},
    // 8: a lead's or business contact's score has a grade.
    {8, {}, {}, {"records"}},
};

const char* sql_type(ColumnType t) {
    switch (t) {
    case ColumnType::integer: return "INTEGER";
    case ColumnType::real: return "REAL";
    case ColumnType::text: return "TEXT";
    case ColumnType::blob: return "BLOB";
    }
    return "BLOB";
}

std::string column_ddl(const ColumnDef& c) {
    std::string out = quote(c.name) + " " + sql_type(c.type);
    if (c.nocase) out += " COLLATE NOCASE";
    if (!c.nullable) {
        out += " NOT NULL DEFAULT ";
        switch (c.type) {
        case ColumnType::integer: out += "0"; break;
        case ColumnType::real: out += "0.0"; break;
        case ColumnType::text: out += "''"; break;
        case ColumnType::blob: out += "x''"; break;
        }
    }
    return out;
}

int pragma_int(sqlite3* db, const char* pragma) {
    Statement s(db, pragma);
    s.step(db);
    return static_cast<int>(s.column_int64(0));
}

std::set<std::string> columns_present(sqlite3* db, const std::string& table) {
    std::set<std::string> present;
    Statement s(db, "SELECT name FROM pragma_table_info(?1)");
    s.bind(1, Value(table));
    while (s.step(db)) present.insert(s.column_text(0));
    return present;
}

void create_tables(sqlite3* db, std::span<const TableDef* const> tables,
                   const std::vector<std::string>* only) {
    const auto schema = storage_schema::merged_schema(tables, only);
    const auto& merged = schema.tables;
    const auto& children = schema.children;
    const auto& owners = schema.owners;
    for (const auto& t : merged) {
        std::string sql = "CREATE TABLE " + quote(t.name) + " (";
        if (t.shared_ids)
            sql += "id INTEGER PRIMARY KEY REFERENCES entities(id) ON DELETE CASCADE, record_kind "
                   "TEXT NOT NULL";
        else
            sql += "id INTEGER PRIMARY KEY AUTOINCREMENT";
        // Blobs last: scans that do not need a photo then never read past it.
        for (int pass = 0; pass < 2; ++pass)
            for (const auto& c : t.columns)
                if ((c.type == ColumnType::blob) == (pass == 1)) sql += ", " + column_ddl(c);
        sql += ")";
        exec(db, sql);
        for (const auto& c : t.columns)
            if (c.indexed) exec(db, index_sql(t.name, c.name, t.shared_ids));
    }
    for (const auto& [name, c] : children) {
        std::string sql = "CREATE TABLE IF NOT EXISTS " + quote(name) +
                          " (owner_id INTEGER NOT NULL REFERENCES " + quote(owners.at(name)) +
                          "(id) ON DELETE CASCADE,"
                          " position INTEGER NOT NULL";
        for (const auto& col : c.columns) sql += ", " + column_ddl(col);
        sql += ", PRIMARY KEY (owner_id, position)) WITHOUT ROWID";
        exec(db, sql);
        for (const auto& col : c.columns)
            if (col.indexed) exec(db, child_index_sql(name, col.name));
    }
}

void create_schema(sqlite3* db, std::span<const TableDef* const> tables) {
    exec(db,
         "CREATE TABLE entities (id INTEGER PRIMARY KEY AUTOINCREMENT, record_kind TEXT NOT NULL)");
    exec(db, "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID");
    create_tables(db, tables, nullptr);
}

void add_missing_columns(sqlite3* db, std::span<const TableDef* const> tables,
                         const std::string& table) {
    std::set<std::string> present = columns_present(db, table);
    for (const TableDef* t : tables) {
        if (t->name != table) continue;
        for (const auto& c : t->columns) {
            if (present.count(c.name)) continue;
            exec(db, "ALTER TABLE " + quote(table) + " ADD COLUMN " + column_ddl(c));
            present.insert(c.name);
            if (c.indexed) exec(db, index_sql(table, c.name, !t->kind.empty()));
        }
    }
}

/// (type, name) of every object of the schema leadbook creates for
/// `tables`, read back from a new in-memory database given that schema, so
/// that the list comes from the one code that creates it.
std::set<std::pair<std::string, std::string>> own_objects(std::span<const TableDef* const> tables) {
    sqlite3* memory = nullptr;
    if (sqlite3_open_v2(":memory:", &memory, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) !=
        SQLITE_OK) {
        sqlite3_close_v2(memory);
        fail(ErrorCode::out_of_memory, "cannot open an in-memory database");
    }
    std::set<std::pair<std::string, std::string>> objects;
    try {
        create_schema(memory, tables);
        Statement s(memory, "SELECT type, name FROM sqlite_master");
        while (s.step(memory)) objects.emplace(s.column_text(0), s.column_text(1));
    } catch (...) {
        sqlite3_close_v2(memory);
        throw;
    }
    sqlite3_close_v2(memory);
    return objects;
}

} // namespace

void verify_schema(sqlite3* db, std::span<const TableDef* const> tables) {
    auto check_columns = [&](const std::string& table, const std::vector<ColumnDef>& columns) {
        const std::set<std::string> present = columns_present(db, table);
        if (present.empty())
            fail(ErrorCode::corrupt, "the database has no table '" + table +
                                         "'; the file's schema does not match its version");
        for (const auto& c : columns)
            if (!present.count(c.name))
                fail(ErrorCode::corrupt, "table '" + table + "' has no column '" + c.name +
                                             "'; the file's schema does not match its version");
    };
    for (const TableDef* t : tables) {
        check_columns(t->name, t->columns);
        for (const auto& c : t->children) check_columns(c.name, c.columns);
    }
}

std::vector<std::string> foreign_objects(sqlite3* db, std::span<const TableDef* const> tables) {
    const auto own = own_objects(tables);
    std::vector<std::string> found;
    Statement s(db, "SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_master");
    while (s.step(db)) {
        const std::string type = s.column_text(0), name = s.column_text(1);
        const std::string table = s.column_text(2), sql = s.column_text(3);
        // SQLite's own: indexes of UNIQUE and PRIMARY KEY constraints,
        // AUTOINCREMENT counters and ANALYZE statistics.
        if (type == "index" && name.rfind("sqlite_autoindex_", 0) == 0) continue;
        if (type == "table" && (name == "sqlite_sequence" || name.rfind("sqlite_stat", 0) == 0))
            continue;
        const bool virtual_table =
            sql.size() >= 20 && sqlite3_strnicmp(sql.c_str(), "CREATE VIRTUAL", 14) == 0;
        if (own.count({type, name}) && !virtual_table) continue;
        std::string what = (virtual_table ? "virtual table" : type) + " '" + name + "'";
        if (type == "trigger" || type == "index") what += " on table '" + table + "'";
        found.push_back(what);
    }
    return found;
}

int check_database_file(sqlite3* db, const std::string& path) {
    int version = 0;
    int app_id = 0;
    std::int64_t tables_present = 0;
    try {
        version = pragma_int(db, "PRAGMA user_version");
        app_id = pragma_int(db, "PRAGMA application_id");
        Statement s(db, "SELECT count(*) FROM sqlite_master");
        s.step(db);
        tables_present = s.column_int64(0);
    } catch (const Error& e) {
        if (e.code() == ErrorCode::not_a_database)
            fail(ErrorCode::not_a_database,
                 "'" + path + "' is not a leadbook database (not a SQLite file)");
        throw;
    }
    if (app_id != application_id && (version != 0 || tables_present != 0))
        fail(ErrorCode::not_a_database,
             "'" + path + "' is a SQLite database but not a leadbook one");
    if (version > schema_version)
        fail(ErrorCode::schema_too_new,
             "'" + path + "' has schema version " + std::to_string(version) +
                 ", newer than this leadbook (" + std::to_string(schema_version) +
                 "); upgrade leadbook to open it");
    if (version < 0 || (version == 0 && tables_present != 0))
        fail(ErrorCode::corrupt, "'" + path + "' has schema version " + std::to_string(version) +
                                     " but holds tables: the file is damaged or was altered");
    return version;
}

void create_or_migrate(sqlite3* db, std::span<const TableDef* const> tables,
                       const std::string& path) {
    // Another process may have created or migrated it since the first look.
    const int version = pragma_int(db, "PRAGMA user_version");
    if (version > schema_version)
        fail(ErrorCode::schema_too_new, "'" + path + "' has a newer schema version");
    if (version == 0) {
        create_schema(db, tables);
    } else {
        for (const auto& m : migrations) {
            if (m.to <= version) continue;
            try {
                for (const auto& sql : m.sql) exec(db, sql);
                create_tables(db, tables, &m.new_tables);
                for (const auto& name : m.grown_tables) add_missing_columns(db, tables, name);
                for (const auto& sql : m.sql_after) exec(db, sql);
            } catch (const Error& e) {
                if (e.code() != ErrorCode::storage) throw;
                // The tables are not those of the version the file names.
                fail(ErrorCode::corrupt,
                     "'" + path + "' says schema version " + std::to_string(version) +
                         " but its tables do not match that version (upgrading to " +
                         std::to_string(m.to) + " failed: " + e.what() + ")");
            }
        }
    }
    verify_schema(db, tables);
    exec(db, "PRAGMA application_id = " + std::to_string(application_id));
    exec(db, "PRAGMA user_version = " + std::to_string(schema_version));
}

std::string index_name(const std::string& table, const std::string& column) {
    return quote(table + "_" + column);
}

std::string index_sql(const std::string& table, const std::string& column, bool shared_ids) {
    const std::string columns = shared_ids ? "record_kind, " + quote(column) : quote(column);
    return "CREATE INDEX IF NOT EXISTS " + index_name(table, column) + " ON " + quote(table) +
           " (" + columns + ")";
}

std::string child_index_sql(const std::string& child, const std::string& column) {
    return "CREATE INDEX IF NOT EXISTS " + index_name(child, column) + " ON " + quote(child) +
           " (" + quote(column) + ")";
}

} // namespace sqlite
} // namespace leadbook
