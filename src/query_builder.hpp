// query_builder.hpp: a RecordQuery (JSON field names and values) checked
// against a record type's fields and turned into a storage Query.
#pragma once

#include <leadbook/leadbook.hpp>

#include "record_schema.hpp"

namespace leadbook::detail {

/// The field a query names, or an Error(validation) that says why not.
const FieldInfo& query_field(const std::vector<FieldInfo>& fields,
                             const std::vector<ListFieldInfo>& lists, std::string_view name);

/// Error(validation) naming the limit when `count` things of a query
/// (`what`) are more than `limit` (leadbook/limits.hpp, named `limit_name`).
void check_query_limit(std::size_t count, std::size_t limit, std::string_view limit_name,
                       std::string_view what);
/// The limits of leadbook/limits.hpp on conditions, sort keys and `in`
/// values; build_query checks them first.
void check_query_limits(const RecordQuery& query);

/// The storage conditions of `filters` (groups, user-defined fields and
/// linked records too), fields checked and values converted; the limits
/// are not checked here (check_query_limits).
std::vector<Condition> build_conditions(const std::vector<FieldInfo>& fields,
                                        const std::vector<ListFieldInfo>& lists,
                                        const std::vector<Filter>& filters);

/// `query` for storage: fields checked and mapped to columns, values
/// converted; Error(validation) for a bad field, value or a limit passed.
Query build_query(const std::vector<FieldInfo>& fields, const std::vector<ListFieldInfo>& lists,
                  const RecordQuery& query);

template <class T> Query build_query(const RecordSchema<T>& schema, const RecordQuery& query) {
    return build_query(schema.fields, schema.lists, query);
}

} // namespace leadbook::detail
