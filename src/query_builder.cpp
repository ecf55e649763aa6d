#include "query_builder.hpp"

#include <algorithm>

namespace leadbook::detail {

namespace {

/// The storage comparison a filter's operator runs as.
CompareOp compare_op(FilterOp op) {
    switch (op) {
    case FilterOp::eq: return CompareOp::eq;
    case FilterOp::ne: return CompareOp::ne;
    case FilterOp::lt: return CompareOp::lt;
    case FilterOp::le: return CompareOp::le;
    case FilterOp::gt: return CompareOp::gt;
    case FilterOp::ge: return CompareOp::ge;
    case FilterOp::contains: return CompareOp::contains;
    case FilterOp::starts_with: return CompareOp::starts_with;
    case FilterOp::in: return CompareOp::in;
    case FilterOp::is_empty: return CompareOp::is_empty;
    case FilterOp::has: return CompareOp::has;
    }
    fail(ErrorCode::validation, "unknown operator " + std::to_string(static_cast<int>(op)) +
                                    "; use one of: " + detail::enum_names<FilterOp>());
}

} // namespace

const FieldInfo& query_field(const std::vector<FieldInfo>& fields,
                             const std::vector<ListFieldInfo>& lists, std::string_view name) {
    for (const auto& f : fields)
        if (f.name == name) return f;
    for (const auto& l : lists)
        if (l.name == name)
            fail(ErrorCode::validation,
                 "field '" + std::string(name) + "' is a list and cannot be filtered or sorted on");
    fail(ErrorCode::validation, "unknown field '" + std::string(name) + "'");
}

void check_query_limit(std::size_t count, std::size_t limit, std::string_view limit_name,
                       std::string_view what) {
    if (count <= limit) return;
    fail(ErrorCode::validation, "the query has " + std::to_string(count) + " " + std::string(what) +
                                    "; the limit (" + std::string(limit_name) + ") is " +
                                    std::to_string(limit));
}

void check_query_limits(const RecordQuery& query) {
    check_query_limit(query.where.size(), limits::query_conditions, "query_conditions",
                      "conditions");
    check_query_limit(query.order_by.size(), limits::query_sort_keys, "query_sort_keys",
                      "sort keys");
    std::size_t in_values = 0;
    for (const auto& filter : query.where)
        if (filter.op == FilterOp::in && filter.value.is_array())
            in_values += filter.value.get_array().size();
    check_query_limit(in_values, limits::query_in_values, "query_in_values",
                      "values in its 'in' lists");
}

Query build_query(const std::vector<FieldInfo>& fields, const std::vector<ListFieldInfo>& lists,
                  const RecordQuery& query) {
    check_query_limits(query);
    Query out;
    for (const auto& filter : query.where) {
        const CompareOp op = compare_op(filter.op);
        if (op == CompareOp::has) {
            // "links has 42": a list of plain values that holds the value;
            // "emails.address has x@y": a list with an entry whose member is
            // that text (compared as storage compares it: e-mail addresses
            // without case).
            const auto dot = filter.field.find('.');
            const std::string name = filter.field.substr(0, dot);
            const ListFieldInfo* list = nullptr;
            for (const auto& l : lists)
                if (l.name == name) list = &l;
            Condition c;
            c.op = CompareOp::has;
            if (list && dot == std::string::npos && list->element_to_value) {
                c.column = list->child_table;
                c.value = list->element_to_value(filter.value, filter.field);
            } else if (list && dot != std::string::npos &&
                       std::find(list->text_members.begin(), list->text_members.end(),
                                 filter.field.substr(dot + 1)) != list->text_members.end()) {
                if (!filter.value.is_string())
                    fail(ErrorCode::validation,
                         "'has' on '" + filter.field + "' needs a text value");
                c.column = list->child_table + "." + filter.field.substr(dot + 1);
                c.value = std::string(filter.value.get_string());
            } else {
                fail(ErrorCode::validation, "'has' needs a list of plain values or a text part "
                                            "of list entries (emails.address); '" +
                                                filter.field + "' is neither");
            }
            out.where.push_back(std::move(c));
            continue;
        }
        const FieldInfo& field = query_field(fields, lists, filter.field);
        Condition c;
        c.column = field.column;
        c.op = op;
        switch (op) {
        case CompareOp::is_empty: break;
        case CompareOp::in: {
            const auto* a = filter.value.if_array();
            if (!a || a->empty())
                fail(ErrorCode::validation,
                     "'in' on field '" + filter.field + "' needs a non-empty list of values");
            for (const auto& v : *a) c.values.push_back(field.to_value(v, filter.field));
            break;
        }
        case CompareOp::contains:
        case CompareOp::starts_with:
            if (field.type != ColumnType::text)
                fail(ErrorCode::validation, "'" + std::string(enum_name(filter.op)) +
                                                "' needs a text field; '" + filter.field +
                                                "' is not text");
            c.value = field.to_value(filter.value, filter.field);
            if (const auto* text = std::get_if<std::string>(&c.value);
                text && text->size() > limits::query_text_bytes)
                fail(ErrorCode::validation,
                     "the text '" + std::string(enum_name(filter.op)) + "' looks for in '" +
                         filter.field + "' is " + std::to_string(text->size()) +
                         " bytes long; the limit (query_text_bytes) is " +
                         std::to_string(limits::query_text_bytes) + " bytes");
            break;
        default:
            if (filter.value.is_null() && (op == CompareOp::eq || op == CompareOp::ne))
                c.value = std::monostate{};
            else
                c.value = field.to_value(filter.value, filter.field);
        }
        out.where.push_back(std::move(c));
    }
    for (const auto& key : query.order_by) {
        bool descending = !key.empty() && key[0] == '-';
        std::string_view name =
            descending ? std::string_view(key).substr(1) : std::string_view(key);
        out.order_by.push_back(SortKey{query_field(fields, lists, name).column, descending});
    }
    if (query.limit < -1) fail(ErrorCode::validation, "limit cannot be negative");
    if (query.offset < 0) fail(ErrorCode::validation, "offset cannot be negative");
    out.limit = query.limit;
    out.offset = query.offset;
    return out;
}

} // namespace leadbook::detail
