// Small helpers the benchmark programs share: scratch database files and
// checking raw SQLite result codes in the baselines.
#pragma once

#include <sqlite3.h>

#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>

namespace leadbook::bench {

/// A path for a database file in the benchmarks' scratch folder:
/// $LEADBOOK_BENCH_DIR (default: the system temp folder)/leadbook-bench/.
inline std::string scratch(const std::string& name) {
    const char* given = std::getenv("LEADBOOK_BENCH_DIR");
    const std::filesystem::path base =
        given && *given ? std::filesystem::path(given) : std::filesystem::temp_directory_path();
    const auto dir = base / "leadbook-bench";
    std::filesystem::create_directories(dir);
    return (dir / name).string();
}

/// Removes a database file with its WAL and shared-memory files.
inline void remove_db(const std::string& path) {
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
}

/// Throws unless `rc` is a success code of a raw SQLite call.
inline void check(int rc, sqlite3* db) {
    if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
        throw std::runtime_error(sqlite3_errmsg(db));
}

} // namespace leadbook::bench
