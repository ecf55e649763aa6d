// leadbook/error.hpp: the one error type of the C++ API.
//
// Every failure of the C++ API is thrown as leadbook::Error. Its code() is an
// ErrorCode whose numeric values are the C ABI's leadbook_status values, one
// to one, so the C layer maps errors without a table; what() says in words
// what went wrong and names the field, line or file involved.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace leadbook {

/// Error categories. The numbers are part of the stable C ABI (see
/// capi/leadbook.h, leadbook_status): never renumber, only append.
enum class ErrorCode : int {
    ok = 0,
    invalid_argument = 1, ///< a NULL pointer, a malformed call
    not_found = 2,        ///< the record, user or file does not exist
    validation = 3,       ///< input that breaks a rule (blank name, bad e-mail, bad JSON)
    conflict = 4,         ///< a stale version (someone else saved first), or a name already taken
    busy = 5,             ///< the database stayed locked past the busy timeout
    storage = 6,          ///< the database failed (I/O, corruption, constraint)
    not_a_database = 7,   ///< the file is not a leadbook/SQLite database
    schema_too_new = 8,   ///< the file was written by a newer leadbook
    internal = 9,         ///< a bug in leadbook; please report it
    out_of_memory = 10,
    cancelled = 11, ///< a callback asked to stop; the operation rolled back
    read_only = 12, ///< a write to a database opened read-only (by option or a read-only file)
    corrupt = 13,   ///< the file is damaged or carries objects or values leadbook did not write
    misuse = 14,    ///< a call the C ABI cannot serve: a closed handle, a callback calling back
                    ///< into the handle it was called from
};

/// Stable lower-case name of a code ("not_found"), for messages and bindings.
std::string_view error_code_name(ErrorCode code) noexcept;

class Error : public std::runtime_error {
public:
    Error(ErrorCode code, const std::string& message) : std::runtime_error(message), code_(code) {}
    ErrorCode code() const noexcept { return code_; }

private:
    ErrorCode code_;
};

[[noreturn]] inline void fail(ErrorCode code, const std::string& message) {
    throw Error(code, message);
}

} // namespace leadbook
