// facade.hpp: what the library's source files share about records: a record
// type's derived schema, messages that name it, and reading records with
// their lists from storage. Writing goes through write_path.hpp.
#pragma once

#include <leadbook/leadbook.hpp>

#include "query_builder.hpp"
#include "record_schema.hpp"

namespace leadbook::detail {

/// The storage LeadBook::open opens for `path` (a file, or a PostgreSQL
/// database by URI), without the defaults a LeadBook adds.
std::unique_ptr<Storage> open_storage(const std::string& path, const OpenOptions& options);

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
            fail(ErrorCode::validation,
                 "field '" + std::string(kv.key()) + "' is kept by leadbook and cannot be set");
}

inline const boost::json::object& as_object(const boost::json::value& v, std::string_view what) {
    const auto* o = v.if_object();
    if (!o) fail(ErrorCode::validation, std::string(what) + " must be a JSON object");
    return *o;
}

/// The record a whole-shape read returned (ReadShape::whole).
template <class T> T load(const ReadRow& row) {
    T record{};
    const auto& s = schema<T>();
    s.from_row(row.id, row.values, record);
    for (std::size_t i = 0; i < s.children.size(); ++i)
        s.children[i].convert.from_rows(row.children[i], record);
    return record;
}

/// The records of type T that `query` finds, with their lists, streamed.
template <class T> std::unique_ptr<RowCursor> read_records(Storage& storage, const Query& query) {
    static const ReadShape whole = ReadShape::whole(schema<T>().table);
    return storage.read(schema<T>().table, query, whole);
}

/// The child table definition named `name` of T's table.
template <class T> const ChildTableDef& child_table(std::string_view name) {
    for (const auto& b : schema<T>().children)
        if (b.table.name == name) return b.table;
    fail(ErrorCode::internal, "no child table " + std::string(name));
}

/// The record `id` of type T with its lists (one statement), or nullopt.
template <class T> std::optional<T> read(Storage& storage, Id id) {
    Query q;
    q.where.push_back(Condition{"id", CompareOp::eq, Value(id), {}});
    auto rows = read_records<T>(storage, q);
    ReadRow row;
    if (!rows->next(row)) return std::nullopt;
    return load<T>(row);
}

/// The records of type T that `query` finds, with their lists.
template <class T> std::vector<T> read_where(Storage& storage, const RecordQuery& query) {
    std::vector<T> out;
    auto rows = read_records<T>(storage, build_query(schema<T>(), query));
    ReadRow row;
    while (rows->next(row)) out.push_back(load<T>(row));
    return out;
}

template <class T> std::int64_t count_where(Storage& storage, const RecordQuery& query) {
    return storage.count(schema<T>().table, build_query(schema<T>(), query));
}

/// Ids of the rows of T matching one condition, in id order.
template <class T> std::vector<Id> ids_where(Storage& storage, Condition condition) {
    Query q;
    q.where.push_back(std::move(condition));
    std::vector<Id> ids;
    auto rows = storage.read(schema<T>().table, q, ReadShape::of({}));
    ReadRow row;
    while (rows->next(row)) ids.push_back(row.id);
    return ids;
}

/// The stored record `id`, which must be at `version`: else not_found or
/// a conflict that says which version it is at.
template <class T> T current_at_version(Storage& storage, Id id, std::int64_t version) {
    auto current = read<T>(storage, id);
    if (!current) not_found<T>(id);
    if (current->version != version)
        fail(ErrorCode::conflict, type_name<T>() + " " + std::to_string(id) +
                                      " was changed by someone else (it is at version " +
                                      std::to_string(current->version) +
                                      ", the update was for version " + std::to_string(version) +
                                      "); reload it and try again");
    return std::move(*current);
}

} // namespace leadbook::detail::facade
