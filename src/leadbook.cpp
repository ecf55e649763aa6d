// The LeadBook facade: records in and out of storage, with the rules.
#include <leadbook/leadbook.hpp>

#include "query_builder.hpp"
#include "record_schema.hpp"
#include "validation.hpp"

#include <algorithm>
#include <array>

namespace leadbook {

std::string_view library_version() noexcept { return "0.1.0"; }

namespace {

template <class T> const detail::RecordSchema<T>& schema() {
    return detail::RecordSchema<T>::get();
}

/// "lead", "account", "user": how messages name a record type.
template <class T> std::string type_name() {
    std::string kind(detail::RecordTraits<T>::kind);
    return kind.empty() ? std::string(detail::RecordTraits<T>::table).substr(0, 4) : kind;
}

template <class T> [[noreturn]] void not_found(Id id) {
    fail(ErrorCode::not_found, type_name<T>() + " " + std::to_string(id) + " does not exist");
}

/// Rejects the fields leadbook keeps (id, version, timestamps) by name.
void reject_system_fields(const boost::json::object& fields) {
    for (const auto& kv : fields)
        if (detail::is_system_field(kv.key()))
            fail(ErrorCode::validation, "field '" + std::string(kv.key()) +
                                            "' is kept by leadbook and cannot be set");
}

const boost::json::object& as_object(const boost::json::value& v, std::string_view what) {
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

} // namespace

// ---- Cursor -----------------------------------------------------------------

template <class T>
Cursor<T>::Cursor(LeadBook& book, std::unique_ptr<RowCursor> rows)
    : book_(&book), rows_(std::move(rows)) {}

template <class T> Cursor<T>::~Cursor() = default;

template <class T> std::optional<T> Cursor<T>::next() {
    if (!rows_) return std::nullopt;
    std::int64_t id = 0;
    Row row;
    if (!rows_->next(id, row)) {
        rows_.reset(); // done: release the statement at once
        return std::nullopt;
    }
    return load<T>(book_->storage(), id, row);
}

// ---- Collection -------------------------------------------------------------

template <class T> T Collection<T>::store_new(T record) {
    Storage& storage = book_->storage();
    detail::Validator validator(*book_);
    validator.check(record, nullptr);
    record.created_at = record.modified_at = Timestamp::now();
    record.modified_by = book_->acting_user();
    record.version = 1;
    const auto& s = schema<T>();
    record.id = storage.insert(s.table, s.to_row(record));
    for (const auto& b : s.children) {
        auto rows = b.convert.to_rows(record);
        storage.insert_children(b.table, record.id, rows);
    }
    return record;
}

template <class T> T Collection<T>::add(const T& record) {
    return book_->write_transaction([&] { return store_new(record); });
}

template <class T> T Collection<T>::add_json(const boost::json::value& fields) {
    const auto& object = as_object(fields, "a new " + type_name<T>());
    reject_system_fields(object);
    return add(from_json<T>(fields));
}

template <class T> std::vector<Id> Collection<T>::add_many(std::span<const T> records) {
    return book_->write_transaction([&] {
        std::vector<Id> ids;
        ids.reserve(records.size());
        for (std::size_t i = 0; i < records.size(); ++i) {
            try {
                ids.push_back(store_new(records[i]).id);
            } catch (const Error& e) {
                throw Error(e.code(), "record " + std::to_string(i) + ": " + e.what() +
                                          " (nothing was added)");
            }
        }
        return ids;
    });
}

template <class T> std::vector<Id> Collection<T>::add_many_json(const boost::json::value& array) {
    const auto* a = array.if_array();
    if (!a) fail(ErrorCode::validation, "add_many needs a JSON array of records");
    std::vector<T> records;
    records.reserve(a->size());
    for (std::size_t i = 0; i < a->size(); ++i) {
        try {
            reject_system_fields(as_object((*a)[i], "each record"));
            records.push_back(from_json<T>((*a)[i]));
        } catch (const Error& e) {
            throw Error(e.code(), "record " + std::to_string(i) + ": " + e.what() +
                                      " (nothing was added)");
        }
    }
    return add_many(records);
}

template <class T> std::optional<T> Collection<T>::try_get(Id id) {
    Storage& storage = book_->storage();
    Transaction tx(storage, false); // one snapshot for the row and its lists
    auto row = storage.get(schema<T>().table, id);
    if (!row) return std::nullopt;
    T record = load<T>(storage, id, *row);
    tx.commit();
    return record;
}

template <class T> T Collection<T>::get(Id id) {
    auto record = try_get(id);
    if (!record) not_found<T>(id);
    return std::move(*record);
}

template <class T> bool Collection<T>::exists(Id id) {
    return book_->storage().exists(schema<T>().table, id);
}

namespace {

template <class T>
T store_update(LeadBook& book, const T& current, T updated) {
    Storage& storage = book.storage();
    detail::Validator validator(book);
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

} // namespace

template <class T>
T Collection<T>::update(Id id, std::int64_t version, const boost::json::object& changes) {
    reject_system_fields(changes);
    return book_->write_transaction([&] {
        T current = current_at_version(*this, id, version);
        T updated = current;
        assign_json(updated, boost::json::value(changes));
        return store_update(*book_, current, std::move(updated));
    });
}

template <class T> T Collection<T>::replace(const T& record) {
    return book_->write_transaction([&] {
        T current = current_at_version(*this, record.id, record.version);
        return store_update(*book_, current, record);
    });
}

template <class T> void Collection<T>::remove(Id id) {
    book_->write_transaction([&] {
        if (!book_->storage().remove(schema<T>().table, id)) not_found<T>(id);
    });
}

template <class T> Cursor<T> Collection<T>::find(const RecordQuery& query) {
    return Cursor<T>(*book_, book_->storage().find(schema<T>().table,
                                                   detail::build_query(schema<T>(), query)));
}

template <class T> std::int64_t Collection<T>::count(const RecordQuery& query) {
    return book_->storage().count(schema<T>().table, detail::build_query(schema<T>(), query));
}

template class Collection<Lead>;
template class Collection<Account>;
template class Collection<User>;
template class Cursor<Lead>;
template class Cursor<Account>;
template class Cursor<User>;

// ---- LeadBook ---------------------------------------------------------------

std::span<const TableDef* const> LeadBook::schema_tables() {
    static const std::array<const TableDef*, 3> tables = {
        &schema<User>().table, &schema<Account>().table, &schema<Lead>().table};
    return tables;
}

LeadBook LeadBook::open(const std::string& path, const OpenOptions& options) {
    SqliteOptions sqlite_options;
    sqlite_options.busy_timeout_ms = options.busy_timeout_ms;
    sqlite_options.create = options.create;
    return LeadBook(open_sqlite_storage(path, schema_tables(), sqlite_options), options);
}

LeadBook::LeadBook(std::unique_ptr<Storage> storage, const OpenOptions& options)
    : storage_(std::move(storage)) {
    if (!storage_) fail(ErrorCode::invalid_argument, "LeadBook needs a storage");
    set_acting_user(options.as_user);
}

LeadBook::LeadBook(LeadBook&& other) noexcept
    : storage_(std::move(other.storage_)), acting_user_(other.acting_user_) {}

LeadBook& LeadBook::operator=(LeadBook&& other) noexcept {
    storage_ = std::move(other.storage_);
    acting_user_ = other.acting_user_;
    return *this; // the collections keep pointing at *this
}

LeadBook::~LeadBook() = default;

void LeadBook::set_acting_user(std::optional<Id> user) {
    if (user && !users_.exists(*user))
        fail(ErrorCode::not_found, "user " + std::to_string(*user) + " does not exist");
    acting_user_ = user;
}

Lead LeadBook::add_time_stamp(Id lead_id, std::int64_t version, std::string_view text) {
    return write_transaction([&] {
        Lead current = current_at_version(leads_, lead_id, version);
        Lead updated = current;
        std::string line = Timestamp::now().to_string().substr(0, 16);
        line[10] = ' ';
        line += " UTC";
        if (acting_user_)
            if (auto user = users_.try_get(*acting_user_)) line += " " + user->name;
        if (!text.empty()) {
            line += ": ";
            line += text;
        }
        if (!updated.notes.empty() && updated.notes.back() != '\n') updated.notes += '\n';
        updated.notes += line;
        return store_update(*this, current, std::move(updated));
    });
}

} // namespace leadbook
