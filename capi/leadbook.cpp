// The C ABI: converts arguments, calls the C++ API inside one try/catch,
// maps leadbook::Error codes to leadbook_status one to one. No logic here
// that C++ users would miss.
#include "capi_internal.hpp"

#include <leadbook/book_tuning.hpp>
#include <leadbook/copy.hpp>
#include <leadbook/field_schema.hpp>
#include <leadbook/leadbook.hpp>

#include <algorithm>
#include <cstdlib>
#include <deque>
#include <mutex>
#include <functional>
#include <memory>
#include <cstring>
#include <new>
#include <string>

struct leadbook_scorer {
    leadbook::ScoreCalculator calculator;
};

struct leadbook_cursor {
    leadbook_db* db;
    /// The next record as JSON, or nullopt at the end.
    std::function<std::optional<std::string>()> next;
    std::string current;
};

namespace leadbook::capi {

std::string& last_error() {
    thread_local std::string message;
    return message;
}

/// Calls body(collection) with the typed collection `c` names.
template <class F> void with_collection(leadbook_db* db, leadbook_collection c, F&& body) {
    switch (c) {
    case LEADBOOK_LEADS: body(db->book.leads()); return;
    case LEADBOOK_ACCOUNTS: body(db->book.accounts()); return;
    case LEADBOOK_USERS: body(db->book.users()); return;
    case LEADBOOK_CRITERIA: body(db->book.criteria()); return;
    case LEADBOOK_CONTACTS: body(db->book.contacts()); return;
    case LEADBOOK_HISTORY: body(db->book.history()); return;
    case LEADBOOK_OPPORTUNITIES: body(db->book.opportunities()); return;
    case LEADBOOK_STAGES: body(db->book.stages()); return;
    case LEADBOOK_FIELDS: body(db->book.fields()); return;
    case LEADBOOK_SAVED_REPORTS: body(db->book.saved_reports()); return;
    case LEADBOOK_MATCHING_RULES: body(db->book.matching_rules()); return;
    case LEADBOOK_DISQUALIFY_REASONS: body(db->book.disqualify_reasons()); return;
    case LEADBOOK_PICK_LISTS: body(db->book.pick_lists()); return;
    default: break;
    }
    leadbook::fail(ErrorCode::invalid_argument,
                   "unknown collection " + std::to_string(static_cast<int>(c)));
}

/// The enum value `name` names; ErrorCode::validation naming the choices.
template <class E> E enum_argument(const char* name, const char* what) {
    auto value = leadbook::enum_from_name<E>(name);
    if (!value)
        leadbook::fail(ErrorCode::validation, std::string(what) + " must be one of " +
                                                  leadbook::detail::enum_names<E>() + ", not '" +
                                                  name + "'");
    return *value;
}

} // namespace leadbook::capi

using namespace leadbook::capi;
using leadbook::ErrorCode;

extern "C" {

const char* leadbook_version(void) { return LEADBOOK_VERSION_STRING; }

int leadbook_version_number(void) { return LEADBOOK_VERSION_NUMBER; }

// ErrorCode's underlying type is int, so any status converts to it;
// error_code_name says "unknown" for values it has no name for.
static_assert(static_cast<int>(ErrorCode::cancelled) == LEADBOOK_CANCELLED);
static_assert(static_cast<int>(ErrorCode::read_only) == LEADBOOK_READ_ONLY);
static_assert(static_cast<int>(ErrorCode::corrupt) == LEADBOOK_CORRUPT);
static_assert(static_cast<int>(ErrorCode::misuse) == LEADBOOK_MISUSE);

// The C header's limits are leadbook/limits.hpp's.
static_assert(LEADBOOK_MAX_TEXT_BYTES == leadbook::limits::text_bytes);
static_assert(LEADBOOK_MAX_LONG_TEXT_BYTES == leadbook::limits::long_text_bytes);
static_assert(LEADBOOK_MAX_QUERY_CONDITIONS == leadbook::limits::query_conditions);
static_assert(LEADBOOK_MAX_QUERY_SORT_KEYS == leadbook::limits::query_sort_keys);
static_assert(LEADBOOK_MAX_QUERY_IN_VALUES == leadbook::limits::query_in_values);
static_assert(LEADBOOK_MAX_QUERY_TEXT_BYTES == leadbook::limits::query_text_bytes);
static_assert(LEADBOOK_MAX_REPORT_COLUMNS == leadbook::limits::report_columns);
static_assert(LEADBOOK_MAX_IMPORT_ISSUES_LISTED == leadbook::limits::import_issues_listed);
static_assert(LEADBOOK_MAX_WORKBOOK_ENTRY_BYTES == leadbook::limits::workbook_entry_bytes);
static_assert(LEADBOOK_MAX_WORKBOOK_ROWS == leadbook::limits::workbook_rows);

const char* leadbook_status_name(int status) {
    return leadbook::error_code_name(static_cast<ErrorCode>(status)).data();
}

const char* leadbook_last_error(void) { return last_error().c_str(); }

void leadbook_free(void* pointer) { std::free(pointer); }

leadbook_status leadbook_field_schema(char** out_json) {
    return guarded(nullptr, [&] {
        require(out_json != nullptr, "leadbook_field_schema: out_json is NULL");
        give(out_json, leadbook::field_schema());
    });
}

leadbook_status leadbook_open(const char* path, const char* options_json, leadbook_db** out) {
    return guarded(nullptr, [&] {
        require(path != nullptr, "leadbook_open: path is NULL");
        require(out != nullptr, "leadbook_open: out is NULL");
        leadbook::OpenOptions options;
        if (options_json)
            options = read_object<leadbook::OpenOptions>(options_json, "open options");
        *out = new leadbook_db(leadbook::LeadBook::open(path, options));
    });
}

leadbook_status leadbook_copy(const char* source, const char* destination, char** out_json) {
    return guarded(nullptr, [&] {
        require(source && destination, "leadbook_copy: source and destination must not be NULL");
        auto report = leadbook::copy_book(source, destination);
        if (out_json) give(out_json, report);
    });
}

namespace {

/// Closed handles whose memory is kept (the most recent few), so that a
/// call with one finds closed_magic in it and is LEADBOOK_MISUSE.
constexpr std::size_t kept_closed_handles = 16;

void keep_closed(leadbook_db* db) {
    static std::mutex mutex;
    static std::deque<std::unique_ptr<leadbook_db>> closed;
    std::unique_ptr<leadbook_db> oldest;
    const std::lock_guard lock(mutex);
    closed.emplace_back(db);
    if (closed.size() > kept_closed_handles) {
        oldest = std::move(closed.front());
        closed.pop_front();
    }
}

} // namespace

void leadbook_close(leadbook_db* db) {
    if (!db) return;
    if (begin_call(db) != LEADBOOK_OK) return; // closed already, or inside a call: stays as it is
    db->magic = closed_magic;
    db->errcode = LEADBOOK_MISUSE;
    db->errmsg = "the handle was closed";
    db->open_book.reset();
    end_call(db);
    keep_closed(db);
}

leadbook_status leadbook_check(leadbook_db* db, char** out_json) {
    return guarded(db, [&] {
        require(db && out_json, "leadbook_check: db and out_json must not be NULL");
        give(out_json, db->book.check());
    });
}

const char* leadbook_errmsg(const leadbook_db* db) {
    return db ? db->errmsg.c_str() : last_error().c_str();
}

leadbook_status leadbook_errcode(const leadbook_db* db) {
    return db ? db->errcode : LEADBOOK_INVALID_ARGUMENT;
}

leadbook_status leadbook_set_acting_user(leadbook_db* db, int64_t user_id) {
    return guarded(db, [&] {
        require(db != nullptr, "leadbook_set_acting_user: db is NULL");
        db->book.set_acting_user(user_id ? std::optional<leadbook::Id>(user_id) : std::nullopt);
    });
}

leadbook_status leadbook_add(leadbook_db* db, leadbook_collection collection, const char* json,
                             char** out_json) {
    return guarded(db, [&] {
        require(db && json, "leadbook_add: db and json must not be NULL");
        auto v = leadbook::parse_json(json);
        with_collection(db, collection,
                        [&](auto& records) { give(out_json, records.add_json(v)); });
    });
}

leadbook_status leadbook_add_many(leadbook_db* db, leadbook_collection collection,
                                  const char* json_array, int64_t** out_ids, size_t* out_count) {
    return guarded(db, [&] {
        require(db && json_array, "leadbook_add_many: db and json_array must not be NULL");
        auto v = leadbook::parse_json(json_array);
        with_collection(db, collection, [&](auto& records) {
            auto ids = records.add_many_json(v);
            if (out_count) *out_count = ids.size();
            if (out_ids) {
                *out_ids = nullptr;
                if (!ids.empty()) {
                    auto* copy = static_cast<int64_t*>(std::malloc(ids.size() * sizeof(int64_t)));
                    if (!copy) throw std::bad_alloc();
                    std::memcpy(copy, ids.data(), ids.size() * sizeof(int64_t));
                    *out_ids = copy;
                }
            }
        });
    });
}

leadbook_status leadbook_get(leadbook_db* db, leadbook_collection collection, int64_t id,
                             char** out_json) {
    return guarded(db, [&] {
        require(db && out_json, "leadbook_get: db and out_json must not be NULL");
        with_collection(db, collection, [&](auto& records) { give(out_json, records.get(id)); });
    });
}

namespace {

/// The changes of an update: a JSON object of fields.
boost::json::object changes_object(const char* changes_json) {
    auto v = leadbook::parse_json(changes_json);
    auto* changes = v.if_object();
    if (!changes) leadbook::fail(ErrorCode::validation, "changes must be a JSON object");
    return std::move(*changes);
}

} // namespace

leadbook_status leadbook_update(leadbook_db* db, leadbook_collection collection, int64_t id,
                                int64_t version, const char* changes_json, char** out_json) {
    return guarded(db, [&] {
        require(db && changes_json, "leadbook_update: db and changes_json must not be NULL");
        const auto changes = changes_object(changes_json);
        with_collection(db, collection, [&](auto& records) {
            give(out_json, records.update(id, version, changes));
        });
    });
}

leadbook_status leadbook_update_latest(leadbook_db* db, leadbook_collection collection, int64_t id,
                                       const char* changes_json, char** out_json) {
    return guarded(db, [&] {
        require(db && changes_json, "leadbook_update_latest: db and changes_json must not be NULL");
        const auto changes = changes_object(changes_json);
        with_collection(db, collection,
                        [&](auto& records) { give(out_json, records.update_latest(id, changes)); });
    });
}

leadbook_status leadbook_delete(leadbook_db* db, leadbook_collection collection, int64_t id) {
    return guarded(db, [&] {
        require(db != nullptr, "leadbook_delete: db is NULL");
        with_collection(db, collection, [&](auto& records) { records.remove(id); });
    });
}

leadbook_status leadbook_find(leadbook_db* db, leadbook_collection collection,
                              const char* query_json, leadbook_cursor** out) {
    return guarded(db, [&] {
        require(db && out, "leadbook_find: db and out must not be NULL");
        auto query = read_query(query_json);
        auto cursor = std::make_unique<leadbook_cursor>();
        cursor->db = db;
        with_collection(db, collection, [&](auto& records) {
            auto rows =
                std::make_shared<std::decay_t<decltype(records.find(query))>>(records.find(query));
            cursor->next = [rows]() -> std::optional<std::string> {
                auto record = rows->next();
                if (!record) return std::nullopt;
                return leadbook::serialize_json(leadbook::to_json(*record));
            };
        });
        *out = cursor.release();
    });
}

leadbook_status leadbook_cursor_next(leadbook_cursor* cursor, const char** out_json) {
    return guarded(cursor ? cursor->db : nullptr, [&] {
        require(cursor && out_json, "leadbook_cursor_next: cursor and out_json must not be NULL");
        auto json = cursor->next();
        if (!json) {
            *out_json = nullptr;
            return;
        }
        cursor->current = std::move(*json);
        *out_json = cursor->current.c_str();
    });
}

void leadbook_cursor_free(leadbook_cursor* cursor) { delete cursor; }

leadbook_status leadbook_count(leadbook_db* db, leadbook_collection collection,
                               const char* query_json, int64_t* out_count) {
    return guarded(db, [&] {
        require(db && out_count, "leadbook_count: db and out_count must not be NULL");
        auto query = read_query(query_json);
        with_collection(db, collection, [&](auto& records) { *out_count = records.count(query); });
    });
}

leadbook_status leadbook_lead_add_time_stamp(leadbook_db* db, int64_t id, int64_t version,
                                             const char* text, char** out_json) {
    return guarded(db, [&] {
        require(db != nullptr, "leadbook_lead_add_time_stamp: db is NULL");
        give(out_json, db->book.add_time_stamp(id, version, text ? text : ""));
    });
}

leadbook_status leadbook_bulk_edit(leadbook_db* db, leadbook_collection collection,
                                   const char* selection_json, const char* field,
                                   const char* value_json, int64_t* out_changed) {
    return guarded(db, [&] {
        require(db && selection_json && field,
                "leadbook_bulk_edit: db, selection_json and field must not be NULL");
        auto selection = leadbook::selection_from_json(leadbook::parse_json(selection_json));
        boost::json::value value = value_json ? leadbook::parse_json(value_json) : nullptr;
        with_collection(db, collection, [&](auto& records) {
            auto n = records.bulk_edit(selection, field, value);
            if (out_changed) *out_changed = n;
        });
    });
}

leadbook_status leadbook_assign(leadbook_db* db, leadbook_collection collection,
                                const char* selection_json, int64_t user_id, int64_t* out_changed) {
    return guarded(db, [&] {
        require(db && selection_json, "leadbook_assign: db and selection_json must not be NULL");
        auto selection = leadbook::selection_from_json(leadbook::parse_json(selection_json));
        with_collection(db, collection, [&](auto& records) {
            auto n = records.assign(selection,
                                    user_id ? std::optional<leadbook::Id>(user_id) : std::nullopt);
            if (out_changed) *out_changed = n;
        });
    });
}

leadbook_status leadbook_add_change_listener(leadbook_db* db, leadbook_change_fn fn,
                                             void* user_data, uint64_t* out_token) {
    return guarded(db, [&] {
        require(db && fn, "leadbook_add_change_listener: db and fn must not be NULL");
        auto token = db->book.add_change_listener(
            [fn, user_data](const std::vector<leadbook::ChangeGroup>& changes) {
                std::string json = leadbook::serialize_json(leadbook::to_json(changes));
                fn(json.c_str(), user_data);
            });
        if (out_token) *out_token = token;
    });
}

leadbook_status leadbook_remove_change_listener(leadbook_db* db, uint64_t token) {
    return guarded(db, [&] {
        require(db != nullptr, "leadbook_remove_change_listener: db is NULL");
        if (!db->book.remove_change_listener(token))
            leadbook::fail(ErrorCode::not_found,
                           "no change listener " + std::to_string(token) + " on this handle");
    });
}

leadbook_status leadbook_lead_convert(leadbook_db* db, int64_t id, int64_t version,
                                      char** out_json) {
    return guarded(db, [&] {
        require(db != nullptr, "leadbook_lead_convert: db is NULL");
        give(out_json, db->book.convert_lead(id, version));
    });
}

leadbook_status leadbook_lead_disqualify(leadbook_db* db, int64_t id, int64_t version,
                                         const char* reason, char** out_json) {
    return guarded(db, [&] {
        require(db != nullptr, "leadbook_lead_disqualify: db is NULL");
        require(reason != nullptr, "leadbook_lead_disqualify: reason is NULL");
        give(out_json, db->book.disqualify_lead(id, version, reason));
    });
}

leadbook_status leadbook_lead_reopen(leadbook_db* db, int64_t id, int64_t version,
                                     char** out_json) {
    return guarded(db, [&] {
        require(db != nullptr, "leadbook_lead_reopen: db is NULL");
        give(out_json, db->book.reopen_lead(id, version));
    });
}

leadbook_status leadbook_history_unlink(leadbook_db* db, int64_t item_id, int64_t record_id,
                                        char** out_json) {
    return guarded(db, [&] {
        require(db != nullptr, "leadbook_history_unlink: db is NULL");
        auto item = db->book.unlink_history(item_id, record_id);
        if (item)
            give(out_json, *item);
        else if (out_json)
            *out_json = nullptr; // the item was deleted
    });
}

leadbook_status leadbook_lead_score_breakdown(leadbook_db* db, int64_t id, char** out_json) {
    return guarded(db, [&] {
        require(db && out_json, "leadbook_lead_score_breakdown: db and out_json must not be NULL");
        give(out_json, db->book.score_breakdown(id));
    });
}

leadbook_status leadbook_find_duplicates(leadbook_db* db, int64_t id, const char* record_json,
                                         char** out_json) {
    return guarded(db, [&] {
        require(db && out_json, "leadbook_find_duplicates: db and out_json must not be NULL");
        if (record_json)
            give(out_json, db->book.find_duplicates(leadbook::from_json<leadbook::Lead>(
                               leadbook::parse_json(record_json))));
        else
            give(out_json, db->book.find_duplicates(id));
    });
}

leadbook_status leadbook_pick_list(leadbook_db* db, const char* record_type, const char* list,
                                   char** out_json) {
    return guarded(db, [&] {
        require(db && record_type && list && out_json,
                "leadbook_pick_list: db, record_type, list and out_json must not be NULL");
        give(out_json,
             db->book.pick_list(enum_argument<leadbook::RecordType>(record_type, "record_type"),
                                enum_argument<leadbook::PickList>(list, "list")));
    });
}

leadbook_status leadbook_pick_list_reorder(leadbook_db* db, const char* record_type,
                                           const char* list, const char* names_json,
                                           char** out_json) {
    return guarded(db, [&] {
        require(db && record_type && list && names_json && out_json,
                "leadbook_pick_list_reorder: db, record_type, list, names_json and out_json "
                "must not be NULL");
        const auto type = enum_argument<leadbook::RecordType>(record_type, "record_type");
        const auto which = enum_argument<leadbook::PickList>(list, "list");
        std::vector<std::string> names;
        leadbook::read_json(leadbook::parse_json(names_json), names, "names");
        give(out_json, db->book.reorder_pick_list(type, which, names));
    });
}

leadbook_status leadbook_pick_list_delete(leadbook_db* db, int64_t id, const char* replacement,
                                          int64_t* out_moved) {
    return guarded(db, [&] {
        require(db, "leadbook_pick_list_delete: db must not be NULL");
        const auto moved = db->book.delete_pick_list_entry(
            id, replacement ? std::optional<std::string>(replacement) : std::nullopt);
        if (out_moved) *out_moved = moved;
    });
}

leadbook_status leadbook_duplicate_groups(leadbook_db* db, char** out_json) {
    return guarded(db, [&] {
        require(db && out_json, "leadbook_duplicate_groups: db and out_json must not be NULL");
        give(out_json, db->book.duplicate_groups());
    });
}

leadbook_status leadbook_merge(leadbook_db* db, const char* request_json, char** out_json) {
    return guarded(db, [&] {
        require(db && request_json, "leadbook_merge: db and request_json must not be NULL");
        const auto request =
            leadbook::from_json<leadbook::MergeRequest>(leadbook::parse_json(request_json));
        auto result = db->book.merge(request.survivor, request.others, request.choose);
        if (out_json) give(out_json, result);
    });
}

leadbook_status leadbook_possible_duplicates(leadbook_db* db, char** out_json) {
    return guarded(db, [&] {
        require(db && out_json, "leadbook_possible_duplicates: db and out_json must not be NULL");
        give(out_json, db->book.possible_duplicates());
    });
}

leadbook_status leadbook_scorer_new(const int32_t* signed_points, size_t count,
                                    leadbook_scorer** out) {
    return guarded(nullptr, [&] {
        require(out != nullptr, "leadbook_scorer_new: out is NULL");
        require(signed_points != nullptr || count == 0,
                "leadbook_scorer_new: signed_points is NULL");
        auto calc = leadbook::ScoreCalculator::from_points(
            std::span<const int32_t>(signed_points, signed_points ? count : 0));
        *out = new leadbook_scorer{std::move(calc)};
    });
}

void leadbook_scorer_free(leadbook_scorer* scorer) { delete scorer; }

size_t leadbook_scorer_words_per_record(const leadbook_scorer* scorer) {
    return scorer ? scorer->calculator.words_per_record() : 0;
}

int32_t leadbook_scorer_max_points(const leadbook_scorer* scorer) {
    return scorer ? scorer->calculator.max_points() : 0;
}

leadbook_status leadbook_scorer_score(const leadbook_scorer* scorer, const uint64_t* masks,
                                      size_t records, int32_t* out_stars, int32_t* out_points,
                                      int32_t* out_percent) {
    return guarded(nullptr, [&] {
        require(scorer != nullptr, "leadbook_scorer_score: scorer is NULL");
        require(masks != nullptr || records == 0, "leadbook_scorer_score: masks is NULL");
        scorer->calculator.score_batch(masks, records, out_stars, out_points, out_percent);
    });
}

} // extern "C"

leadbook_status leadbook_tune_weights(const uint64_t* masks, const uint8_t* outcomes, size_t count,
                                      const int32_t* current_points, size_t criteria,
                                      char** out_json) {
    return guarded(nullptr, [&] {
        require(out_json != nullptr, "leadbook_tune_weights: out_json is NULL");
        require((masks && outcomes) || count == 0,
                "leadbook_tune_weights: masks and outcomes must not be NULL");
        require(current_points || criteria == 0, "leadbook_tune_weights: current_points is NULL");
        const std::size_t words = std::max<std::size_t>(1, (criteria + 63) / 64);
        give(out_json,
             leadbook::tune_weights(
                 std::span<const uint64_t>(masks, masks ? count * words : 0),
                 std::span<const uint8_t>(outcomes, outcomes ? count : 0),
                 std::span<const int32_t>(current_points, current_points ? criteria : 0)));
    });
}

leadbook_status leadbook_scoring_tune(leadbook_db* db, const char* record_type, const int64_t* ids,
                                      const uint8_t* converted, size_t count, int dry_run,
                                      char** out_json) {
    return guarded(db, [&] {
        require(db && record_type && out_json,
                "leadbook_scoring_tune: db, record_type and out_json must not be NULL");
        require((ids && converted) || count == 0,
                "leadbook_scoring_tune: ids and converted must not be NULL");
        auto type = leadbook::enum_from_name<leadbook::RecordType>(record_type);
        if (!type)
            leadbook::fail(ErrorCode::validation,
                           std::string("record_type must be one of ") +
                               leadbook::detail::enum_names<leadbook::RecordType>() + ", not '" +
                               record_type + "'");
        std::vector<leadbook::OutcomeLabel> labels(count);
        for (size_t i = 0; i < count; ++i) labels[i] = {ids[i], converted[i] != 0};
        give(out_json, leadbook::tune_scoring(db->book, *type, labels, dry_run != 0));
    });
}

namespace {

leadbook::RecordType record_type_named(const char* record_type) {
    auto type = leadbook::enum_from_name<leadbook::RecordType>(record_type);
    if (!type)
        leadbook::fail(ErrorCode::validation,
                       std::string("record_type must be one of ") +
                           leadbook::detail::enum_names<leadbook::RecordType>() + ", not '" +
                           record_type + "'");
    return *type;
}

} // namespace

leadbook_status leadbook_grade_bands(leadbook_db* db, const char* record_type, char** out_json) {
    return guarded(db, [&] {
        require(db && record_type && out_json,
                "leadbook_grade_bands: db, record_type and out_json must not be NULL");
        give(out_json, db->book.grade_bands(record_type_named(record_type)));
    });
}

leadbook_status leadbook_set_grade_bands(leadbook_db* db, const char* record_type,
                                         const char* bands_json, int64_t* out_regraded) {
    return guarded(db, [&] {
        require(db && record_type && bands_json,
                "leadbook_set_grade_bands: db, record_type and bands_json must not be NULL");
        const auto type = record_type_named(record_type);
        std::vector<leadbook::GradeBand> bands;
        leadbook::read_json(leadbook::parse_json(bands_json), bands, "bands");
        const auto regraded = db->book.set_grade_bands(type, bands);
        if (out_regraded) *out_regraded = regraded;
    });
}
