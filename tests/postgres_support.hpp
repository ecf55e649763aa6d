// The PostgreSQL server the tests run against: CTest starts one
// (tests/postgres/server.sh, the `postgres` fixture) and names its
// connection file in LEADBOOK_TEST_POSTGRES; each test takes a new database
// of its own on it. Without the server a test fails: it never skips.
#pragma once

#include <leadbook/error.hpp>

#include <libpq-fe.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <random>
#include <string>
#include <unistd.h>

namespace leadbook::test {

/// "host=... port=... user=..." of the test server.
inline std::string postgres_server() {
    const char* file = std::getenv("LEADBOOK_TEST_POSTGRES");
    if (!file || !*file)
        throw std::runtime_error(
            "LEADBOOK_TEST_POSTGRES is not set: run the PostgreSQL tests "
            "through ctest, which starts the server (tests/postgres/server.sh)");
    std::ifstream in(file);
    std::string conninfo;
    if (!std::getline(in, conninfo) || conninfo.empty())
        throw std::runtime_error(std::string("no PostgreSQL test server: cannot read ") + file);
    return conninfo;
}

/// Runs `sql` on the test server's `postgres` database.
inline void postgres_admin(const std::string& sql) {
    PGconn* conn = PQconnectdb((postgres_server() + " dbname=postgres").c_str());
    if (PQstatus(conn) != CONNECTION_OK) {
        std::string message = PQerrorMessage(conn);
        PQfinish(conn);
        throw std::runtime_error("cannot reach the PostgreSQL test server: " + message);
    }
    PGresult* r = PQexec(conn, sql.c_str());
    const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK;
    std::string message = PQresultErrorMessage(r);
    PQclear(r);
    PQfinish(conn);
    if (!ok) throw std::runtime_error("test server: " + sql + ": " + message);
}

/// The name of a new, empty database on the test server.
inline std::string new_postgres_database() {
    static std::atomic<int> counter{0};
    std::random_device rd;
    const std::string name = "leadbook_test_" + std::to_string(::getpid()) + "_" +
                             std::to_string(counter++) + "_" + std::to_string(rd() % 100000);
    postgres_admin("CREATE DATABASE " + name);
    return name;
}

/// A connection string (key=value form) for a new, empty database.
inline std::string new_postgres_conninfo() {
    return postgres_server() + " dbname=" + new_postgres_database();
}

/// The value of `key` in the test server's connection string.
inline std::string postgres_server_field(const std::string& key) {
    const std::string conninfo = postgres_server();
    const auto at = conninfo.find(key + "=");
    if (at == std::string::npos) return {};
    const auto start = at + key.size() + 1;
    return conninfo.substr(start, conninfo.find(' ', start) - start);
}

/// A `postgresql://` URI for a new, empty database.
inline std::string new_postgres_uri() {
    const std::string db = new_postgres_database();
    return "postgresql:///" + db + "?host=" + postgres_server_field("host") +
           "&port=" + postgres_server_field("port") + "&user=" + postgres_server_field("user");
}

} // namespace leadbook::test
