// facade.hpp: the pieces of the LeadBook facade its source files share:
// a record type's derived schema, messages that name it, loading a record
// with its lists, and the two ways a record is written (new, update).
#pragma once

#include <leadbook/leadbook.hpp>

#include "record_schema.hpp"
#include "validation.hpp"

#include <algorithm>

namespace leadbook::detail {

/// A new database gets default criteria and sales stages, once: what a user
/// deletes later does not come back.
void install_default_criteria_once(LeadBook& book);
void install_default_stages_once(LeadBook& book);

/// What deleting a record takes with it, before the row goes: history
/// links to it (orphaned notes and phone logs are deleted), opportunities
/// linked to it, and, for an account, the account link of its leads and
/// contacts. The tag argument selects the record type.
template <class T> void before_remove(LeadBook&, const T&, Id) {}
void before_remove(LeadBook& book, const Lead&, Id id);
void before_remove(LeadBook& book, const BusinessContact&, Id id);
void before_remove(LeadBook& book, const Account&, Id id);
void before_remove(LeadBook& book, const Opportunity&, Id id);
void before_remove(LeadBook& book, const SalesStage&, Id id);

} // namespace leadbook::detail

namespace leadbook::detail::facade {

template <class T> const RecordSchema<T>& schema() { return RecordSchema<T>::get(); }

/// "lead", "business contact", "user": how messages name a record type.
template <class T> std::string type_name() { return std::string(RecordTraits<T>::noun); }

template <class T> [[noreturn]] void not_found(Id id) {
    fail(ErrorCode::not_found, type_name<T>() + " " + std::to_string(id) + " does not exist");
}

/// Rejects the fields leadbook keeps (id, version, timestamps) by name.
inline void reject_system_fields(const boost::json::object& fields) {
    for (const auto& kv : fields)
        if (is_system_field(kv.key()))
            fail(ErrorCode::validation, "field '" + std::string(kv.key()) +
                                            "' is kept by leadbook and cannot be set");
}

inline const boost::json::object& as_object(const boost::json::value& v, std::string_view what) {
    const auto* o = v.if_object();
    if (!o) fail(ErrorCode::validation, std::string(what) + " must be a JSON object");
    return *o;
}

template <class T> void load_children(Storage& storage, Id id, T& record) {
    for (const auto& b : schema<T>().children) b.convert.from_rows(storage.children(b.table, id), record);
}

template <class T> T load(Storage& storage, Id id, const Row& row) {
    T record{};
    schema<T>().from_row(id, row, record);
    load_children(storage, id, record);
    return record;
}

/// The child table definition named `name` of T's table.
template <class T> const ChildTableDef& child_table(std::string_view name) {
    for (const auto& b : schema<T>().children)
        if (b.table.name == name) return b.table;
    fail(ErrorCode::internal, "no child table " + std::string(name));
}

/// What changes besides the record itself, inside the caller's
/// transaction: a criterion edit rescores the records of its type, a sales
/// stage edit moves the probability of its opportunities.
template <class T> void after_write(LeadBook&, const T&) {}
void after_write(LeadBook& book, const ScoringCriterion& criterion);
void after_write(LeadBook& book, const SalesStage& stage);

/// What a new record gets before it is written: the checks, its timestamps,
/// the acting user, version 1.
template <class T> void prepare_new(LeadBook& book, Validator& validator, T& record) {
    validator.check(record, nullptr);
    record.created_at = record.modified_at = Timestamp::now();
    record.modified_by = book.acting_user();
    record.version = 1;
}

/// Writes a prepared record and its lists; sets its id.
template <class T> void insert_new(LeadBook& book, T& record) {
    Storage& storage = book.storage();
    const auto& s = schema<T>();
    record.id = storage.insert(s.table, s.to_row(record));
    for (const auto& b : s.children) {
        auto rows = b.convert.to_rows(record);
        storage.insert_children(b.table, record.id, rows);
    }
    book.note_change(RecordTraits<T>::collection, ChangeKind::added, {&record.id, 1});
}

/// Writes prepared records and their lists with one storage call per table
/// (what insert_new does for each, in order); sets their ids.
template <class T> void insert_new_many(LeadBook& book, std::span<T> records) {
    if (records.empty()) return;
    Storage& storage = book.storage();
    const auto& s = schema<T>();
    std::vector<Row> rows;
    rows.reserve(records.size());
    for (const auto& record : records) rows.push_back(s.to_row(record));
    const std::vector<std::int64_t> ids = storage.insert_many(s.table, rows);
    if (ids.size() != records.size()) fail(ErrorCode::internal, "storage returned too few ids");
    for (std::size_t i = 0; i < records.size(); ++i) records[i].id = ids[i];
    std::vector<std::vector<Row>> lists(records.size());
    for (const auto& b : s.children) {
        for (std::size_t i = 0; i < records.size(); ++i) lists[i] = b.convert.to_rows(records[i]);
        storage.insert_children_many(b.table, ids, lists);
    }
    book.note_change(RecordTraits<T>::collection, ChangeKind::added, ids);
}

template <class T> T store_new(LeadBook& book, Validator& validator, T record) {
    prepare_new(book, validator, record);
    insert_new(book, record);
    return record;
}

/// Record types whose checks never look at other records of their own type,
/// so that a batch can be checked first and written at once.
template <class T>
inline constexpr bool checked_alone = std::is_same_v<T, Lead> || std::is_same_v<T, BusinessContact>;


template <class T>
T store_update(LeadBook& book, const T& current, T updated) {
    Storage& storage = book.storage();
    Validator validator(book);
    validator.check(updated, &current);
    updated.id = current.id;
    updated.created_at = current.created_at;
    updated.modified_at = std::max(Timestamp::now(), current.modified_at);
    updated.modified_by = book.acting_user();
    updated.version = current.version + 1;
    const auto& s = schema<T>();
    switch (storage.update(s.table, current.id, s.to_row(updated), current.version)) {
    case UpdateResult::updated: break;
    case UpdateResult::not_found: not_found<T>(current.id);
    case UpdateResult::stale_version:
        fail(ErrorCode::conflict, type_name<T>() + " " + std::to_string(current.id) +
                                      " was changed by someone else; reload it and try again");
    }
    for (const auto& b : s.children) {
        auto before = b.convert.to_rows(current);
        auto after = b.convert.to_rows(updated);
        if (before != after) storage.replace_children(b.table, current.id, after);
    }
    book.note_change(RecordTraits<T>::collection, ChangeKind::updated, {&updated.id, 1});
    after_write(book, updated);
    return updated;
}

template <class T> T current_at_version(Collection<T>& records, Id id, std::int64_t version) {
    auto current = records.try_get(id);
    if (!current) not_found<T>(id);
    if (current->version != version)
        fail(ErrorCode::conflict,
             type_name<T>() + " " + std::to_string(id) + " was changed by someone else (it is at version " +
                 std::to_string(current->version) + ", the update was for version " +
                 std::to_string(version) + "); reload it and try again");
    return std::move(*current);
}


} // namespace leadbook::detail::facade
