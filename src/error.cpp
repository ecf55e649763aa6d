#include <leadbook/error.hpp>

namespace leadbook {

std::string_view error_code_name(ErrorCode code) noexcept {
    switch (code) {
    case ErrorCode::ok: return "ok";
    case ErrorCode::invalid_argument: return "invalid_argument";
    case ErrorCode::not_found: return "not_found";
    case ErrorCode::validation: return "validation";
    case ErrorCode::conflict: return "conflict";
    case ErrorCode::busy: return "busy";
    case ErrorCode::storage: return "storage";
    case ErrorCode::not_a_database: return "not_a_database";
    case ErrorCode::schema_too_new: return "schema_too_new";
    case ErrorCode::internal: return "internal";
    case ErrorCode::out_of_memory: return "out_of_memory";
    case ErrorCode::cancelled: return "cancelled";
    case ErrorCode::read_only: return "read_only";
    case ErrorCode::corrupt: return "corrupt";
    case ErrorCode::misuse: return "misuse";
    }
    return "unknown";
}

} // namespace leadbook
