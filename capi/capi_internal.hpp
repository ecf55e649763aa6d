// Internal to the C ABI (not installed): the handle types every capi/*.cpp
// file shares and the one way they turn C++ exceptions into leadbook_status
// codes, error messages and the calling thread's last error.
#pragma once

#include "leadbook.h"

#include <leadbook/leadbook.hpp>

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <new>
#include <optional>
#include <string>
#include <string_view>

namespace leadbook::capi {

/// The first member of every handle: what state it is in. A pointer that
/// was closed, or never was a handle, does not hold `open_magic`.
inline constexpr std::uint32_t open_magic = 0x4c42'4f50;   // "LBOP"
inline constexpr std::uint32_t closed_magic = 0x4c42'434c; // "LBCL"

} // namespace leadbook::capi

struct leadbook_db {
    explicit leadbook_db(leadbook::LeadBook opened)
        : open_book(std::move(opened)), book(*open_book) {}

    std::uint32_t magic = leadbook::capi::open_magic;
    /// Set while a call on this handle runs: a call that arrives meanwhile
    /// (from a change listener or a progress callback, or another thread)
    /// is LEADBOOK_MISUSE.
    std::atomic<bool> in_call{false};
    std::optional<leadbook::LeadBook> open_book; ///< empty once closed
    leadbook::LeadBook& book;                    ///< *open_book, while open
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

/// LEADBOOK_MISUSE when `db` is not an open handle or a call on it is
/// running (a callback calling back into it, or a second thread); else
/// marks `db` as in a call, until end_call, and returns LEADBOOK_OK.
/// Misuse is told through the thread's last error only: the handle's own
/// message belongs to the call that runs.
inline leadbook_status begin_call(leadbook_db* db) noexcept {
    if (db->magic != open_magic)
        return record(nullptr, LEADBOOK_MISUSE,
                      db->magic == closed_magic
                          ? "the handle was closed"
                          : "the pointer is not a leadbook handle (closed long ago, or never one)");
    if (db->in_call.exchange(true))
        return record(nullptr, LEADBOOK_MISUSE,
                      "a call on this handle is running: a change listener or progress callback "
                      "may not call back into the handle it was called from, and a handle is "
                      "used by one thread at a time");
    return LEADBOOK_OK;
}

inline void end_call(leadbook_db* db) noexcept { db->in_call.store(false); }

/// Runs `body` (which returns nothing) and turns every exception into a
/// status. A `db` that is not NULL must be an open handle with no call on
/// it running (begin_call), else LEADBOOK_MISUSE and `body` does not run.
template <class F> leadbook_status guarded(leadbook_db* db, F&& body) noexcept {
    if (db) {
        if (const leadbook_status misuse = begin_call(db); misuse != LEADBOOK_OK) return misuse;
    }
    struct EndCall {
        leadbook_db* db;
        ~EndCall() {
            if (db) end_call(db);
        }
    } end{db};
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

/// A T read by its description from the JSON object text `json`; `what`
/// names it when the text is not an object ("a query must be a JSON object").
template <class T> T read_object(const char* json, std::string_view what) {
    auto v = leadbook::parse_json(json);
    if (!v.is_object())
        leadbook::fail(ErrorCode::validation, std::string(what) + " must be a JSON object");
    return leadbook::from_json<T>(v);
}

/// A query {"where": [...], "order_by": [...], "limit": n, "offset": n}
/// read by RecordQuery's description; NULL is the empty query.
inline leadbook::RecordQuery read_query(const char* query_json) {
    if (!query_json) return {};
    return read_object<leadbook::RecordQuery>(query_json, "a query");
}

} // namespace leadbook::capi
