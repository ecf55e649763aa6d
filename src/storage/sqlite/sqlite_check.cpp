// What Storage::check_integrity finds in a SQLite file (sqlite_open.hpp).
#include "sql_builder.hpp"
#include "sqlite_open.hpp"
#include "sqlite_schema.hpp"
#include "sqlite_statement.hpp"

#include <map>
#include <set>

namespace leadbook::sqlite {

namespace {

/// The SQLite storage classes a column of `type` may hold besides NULL.
/// Column affinity turns numbers into text in a TEXT column and numeric
/// text into numbers in an INTEGER or REAL one, so anything else was put
/// there by something other than leadbook, or damaged.
const char* allowed_types(ColumnType type) {
    switch (type) {
    case ColumnType::integer: return "'integer'";
    case ColumnType::real: return "'real', 'integer'";
    case ColumnType::text: return "'text'";
    case ColumnType::blob: return nullptr; // a blob column takes any value
    }
    return nullptr;
}

void check_values(sqlite3* db, const std::string& table, const std::vector<ColumnDef>& columns,
                  std::vector<IntegrityProblem>& out) {
    // One scan of the table counts the misfits of every column.
    std::string sql;
    std::vector<const ColumnDef*> checked;
    for (const auto& c : columns) {
        const char* allowed = allowed_types(c.type);
        if (!allowed) continue;
        sql += std::string(sql.empty() ? "SELECT " : ", ") + "sum(typeof(" + quote(c.name) +
               ") NOT IN ('null', " + allowed + "))";
        checked.push_back(&c);
    }
    if (checked.empty()) return;
    sql += " FROM " + quote(table);
    Statement s(db, sql);
    if (!s.step(db)) return;
    for (std::size_t i = 0; i < checked.size(); ++i)
        if (const auto n = s.column_int64(int(i)); n > 0)
            out.push_back({"value", "table '" + table + "', column '" + checked[i]->name +
                                        "': " + std::to_string(n) + " value" + (n == 1 ? "" : "s") +
                                        " of the wrong type"});
}

} // namespace

std::vector<IntegrityProblem> integrity_problems(sqlite3* db,
                                                 std::span<const TableDef* const> tables) {
    std::vector<IntegrityProblem> out;
    // A page damaged badly enough stops a check with SQLITE_CORRUPT: that
    // is then what it reports, and the next check runs.
    auto run = [&](const char* kind, auto&& body) {
        try {
            body();
        } catch (const Error& e) {
            if (e.code() != ErrorCode::corrupt && e.code() != ErrorCode::storage) throw;
            out.push_back({kind, e.what()});
        }
    };
    run("integrity", [&] {
        Statement s(db, "PRAGMA integrity_check");
        while (s.step(db))
            if (std::string line = s.column_text(0); line != "ok")
                out.push_back({"integrity", std::move(line)});
    });
    run("foreign_key", [&] {
        Statement s(db, "PRAGMA foreign_key_check");
        while (s.step(db))
            out.push_back({"foreign_key", "table '" + s.column_text(0) + "', row " +
                                              std::to_string(s.column_int64(1)) +
                                              ": refers to a missing row of '" + s.column_text(2) +
                                              "'"});
    });
    run("schema", [&] {
        for (auto& object : foreign_objects(db, tables))
            out.push_back({"schema", object + " was not created by leadbook"});
    });
    // Tables several record types share hold the union of their columns.
    std::map<std::string, std::vector<ColumnDef>> columns;
    for (const TableDef* t : tables) {
        auto& table = columns[t->name];
        table.insert(table.end(), t->columns.begin(), t->columns.end());
        for (const auto& c : t->children) {
            auto& child = columns[c.name];
            child.insert(child.end(), c.columns.begin(), c.columns.end());
        }
    }
    for (auto& [table, list] : columns) {
        std::set<std::string> seen;
        std::erase_if(list, [&](const ColumnDef& c) { return !seen.insert(c.name).second; });
        run("value", [&] { check_values(db, table, list, out); });
    }
    return out;
}

} // namespace leadbook::sqlite
