// The book a facade test runs on: in memory, or, when the environment
// variable LEADBOOK_TEST_BACKEND is "postgres", a new database of its own on
// the PostgreSQL test server. CTest runs the facade suites a second time
// that way (the facade_postgres test, tests/CMakeLists.txt).
#pragma once

#include <leadbook/leadbook.hpp>

#include "postgres_support.hpp"

#include <cstdlib>
#include <string>

namespace leadbook::test {

/// Whether this run puts its books on PostgreSQL.
inline bool on_postgres() {
    const char* backend = std::getenv("LEADBOOK_TEST_BACKEND");
    return backend && std::string(backend) == "postgres";
}

/// A new, empty book (see above).
inline LeadBook new_book(const OpenOptions& options = {}) {
    return LeadBook::open(on_postgres() ? new_postgres_uri() : std::string(":memory:"), options);
}

} // namespace leadbook::test
