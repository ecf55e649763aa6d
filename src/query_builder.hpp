// query_builder.hpp: a RecordQuery (JSON field names and values) checked
// against a record type's fields and turned into a storage Query.
#pragma once

#include <leadbook/leadbook.hpp>

#include "record_schema.hpp"

namespace leadbook::detail {

/// The field a query names, or an Error(validation) that says why not.
const FieldInfo& query_field(const std::vector<FieldInfo>& fields,
                             const std::vector<ListFieldInfo>& lists, std::string_view name);

Query build_query(const std::vector<FieldInfo>& fields, const std::vector<ListFieldInfo>& lists,
                  const RecordQuery& query);

template <class T> Query build_query(const RecordSchema<T>& schema, const RecordQuery& query) {
    return build_query(schema.fields, schema.lists, query);
}

} // namespace leadbook::detail
