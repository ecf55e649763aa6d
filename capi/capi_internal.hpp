// Internal to the C ABI (not installed): the handle types every capi/*.cpp
// file shares and the one way they turn C++ exceptions into leadbook_status
// codes, error messages and the calling thread's last error.
#pragma once

#include "leadbook.h"

#include <leadbook/leadbook.hpp>

#include <cstdlib>
#include <cstring>
#include <functional>
#include <new>
#include <optional>
#include <string>

struct leadbook_db {
    leadbook::LeadBook book;
    std::string errmsg;
    leadbook_status errcode = LEADBOOK_OK;
};

namespace leadbook::capi {

/// The calling thread's last failure message (leadbook_last_error).
std::string& last_error();

/// Stores `status` and `message` on `db` (when not NULL) and as the thread's
/// last error; returns `status`.
inline leadbook_status record(leadbook_db* db, leadbook_status status, std::string message) {
    if (db) {
        db->errcode = status;
        db->errmsg = message;
    }
    last_error() = std::move(message);
    return status;
}

/// Runs `body` (which returns nothing) and turns every exception into a status.
template <class F> leadbook_status guarded(leadbook_db* db, F&& body) noexcept {
    try {
        body();
        if (db) {
            db->errcode = LEADBOOK_OK;
            db->errmsg.clear();
        }
        return LEADBOOK_OK;
    } catch (const leadbook::Error& e) {
        return record(db, static_cast<leadbook_status>(e.code()), e.what());
    } catch (const std::bad_alloc&) {
        return record(db, LEADBOOK_OUT_OF_MEMORY, "out of memory");
    } catch (const std::exception& e) {
        return record(db, LEADBOOK_INTERNAL, std::string("internal error: ") + e.what());
    } catch (...) {
        return record(db, LEADBOOK_INTERNAL, "internal error");
    }
}

/// Fails with invalid_argument and `what` unless `ok`.
inline void require(bool ok, const char* what) {
    if (!ok) leadbook::fail(ErrorCode::invalid_argument, what);
}

/// A copy of `text` in memory the caller frees with leadbook_free.
inline char* owned_copy(const std::string& text) {
    auto* out = static_cast<char*>(std::malloc(text.size() + 1));
    if (!out) throw std::bad_alloc();
    std::memcpy(out, text.data(), text.size() + 1);
    return out;
}

/// Hands `record` to the caller as JSON in *out_json (when out_json is not NULL).
template <class T> void give(char** out_json, const T& record) {
    if (out_json) *out_json = owned_copy(leadbook::serialize_json(leadbook::to_json(record)));
}

/// Parses a query object {"where": [...], "order_by": ..., "limit": n, "offset": n};
/// NULL is the empty query.
leadbook::RecordQuery parse_query(const char* query_json);

/// Parses a selection {"ids": [...]} or {"where": [...]}.
leadbook::Selection parse_selection(const char* selection_json);

} // namespace leadbook::capi
