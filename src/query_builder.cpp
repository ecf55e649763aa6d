#include "query_builder.hpp"

#include <algorithm>
#include <optional>

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

namespace {

/// Filters (groups and their members) and `in` values of `filters`, and how
/// deep their groups nest.
struct FilterCounts {
    std::size_t filters = 0;
    std::size_t in_values = 0;
    std::size_t depth = 0;
};

void count_filters(const std::vector<Filter>& filters, std::size_t depth, FilterCounts& counts) {
    if (filters.empty()) return;
    counts.depth = std::max(counts.depth, depth);
    for (const auto& filter : filters) {
        ++counts.filters;
        if (filter.op == FilterOp::in && filter.value.is_array())
            counts.in_values += filter.value.get_array().size();
        count_filters(filter.any, depth + 1, counts);
        count_filters(filter.all, depth + 1, counts);
    }
}

/// The user-defined fields' rows as a table an `exists` condition reads.
const TableDef& custom_fields_table(const std::string& name) {
    static const TableDef table{name, "", custom_columns(), {}, -1};
    if (table.name != name) fail(ErrorCode::internal, "user-defined fields in two tables");
    return table;
}

/// The text of a user-defined field's value as it is stored (custom_to_row).
Value custom_value(const boost::json::value& v, const std::string& field, bool& number) {
    if (v.is_number()) {
        number = true;
        return Value(v.to_number<double>());
    }
    if (const auto* s = v.if_string()) return Value(std::string(*s));
    if (const auto* b = v.if_bool()) return Value(std::string(*b ? "true" : "false"));
    fail(ErrorCode::validation, "'" + field +
                                    "' is a user-defined field: compare it with a number, a "
                                    "text, a date (\"2026-12-01\") or true/false");
}

/// `custom.NAME op value`: a row of the record's user-defined fields with
/// that name whose value compares; `ne` and `is_empty` are the records
/// without such a row.
Condition custom_condition(const ListFieldInfo& list, const Filter& filter) {
    const std::string name = filter.field.substr(7);
    if (name.empty()) fail(ErrorCode::validation, "'custom.': a user-defined field needs a name");
    Condition c;
    c.op = CompareOp::exists;
    c.linked = &custom_fields_table(list.child_table);
    c.link_column = "owner_id";
    c.terms.push_back(Condition{"name", CompareOp::eq, Value(name), {}, true});
    Condition value;
    value.column = "value";
    value.exact = true;
    bool number = false;
    switch (filter.op) {
    case FilterOp::is_empty:
        value.op = CompareOp::ne;
        value.value = Value(std::string());
        c.negate = true;
        break;
    case FilterOp::eq:
    case FilterOp::ne:
        if (filter.value.is_null()) {
            value.op = CompareOp::ne;
            value.value = Value(std::string());
            c.negate = filter.op == FilterOp::eq;
            break;
        }
        value.op = CompareOp::eq;
        value.value = custom_value(filter.value, filter.field, number);
        c.negate = filter.op == FilterOp::ne;
        break;
    case FilterOp::in: {
        const auto* a = filter.value.if_array();
        if (!a || a->empty())
            fail(ErrorCode::validation,
                 "'in' on field '" + filter.field + "' needs a non-empty list of values");
        value.op = CompareOp::in;
        std::optional<bool> numbers;
        for (const auto& item : *a) {
            bool is_number = false;
            value.values.push_back(custom_value(item, filter.field, is_number));
            if (numbers && *numbers != is_number)
                fail(ErrorCode::validation,
                     "'in' on field '" + filter.field + "' needs numbers only or texts only");
            numbers = is_number;
        }
        number = numbers.value_or(false);
        break;
    }
    case FilterOp::contains:
    case FilterOp::starts_with:
        if (!filter.value.is_string())
            fail(ErrorCode::validation, "'" + std::string(enum_name(filter.op)) + "' on '" +
                                            filter.field + "' needs a text value");
        value.op = filter.op == FilterOp::contains ? CompareOp::contains : CompareOp::starts_with;
        value.value = Value(std::string(filter.value.get_string()));
        break;
    case FilterOp::lt:
    case FilterOp::le:
    case FilterOp::gt:
    case FilterOp::ge:
        if (filter.value.is_bool() || filter.value.is_null())
            fail(ErrorCode::validation, "'" + std::string(enum_name(filter.op)) + "' on '" +
                                            filter.field +
                                            "' needs a number, a text or a date to compare with");
        value.op = compare_op(filter.op);
        value.value = custom_value(filter.value, filter.field, number);
        break;
    case FilterOp::has: break; // refused before
    }
    value.as_number = number;
    if (number) value.exact = false;
    c.terms.push_back(std::move(value));
    return c;
}

/// Builds the storage conditions of filters on one record type.
struct ConditionBuilder {
    const std::vector<FieldInfo>& fields;
    const std::vector<ListFieldInfo>& lists;

    const FieldInfo* field(std::string_view name) const {
        for (const auto& f : fields)
            if (f.name == name) return &f;
        return nullptr;
    }

    std::vector<Condition> build(const std::vector<Filter>& filters) const {
        std::vector<Condition> out;
        out.reserve(filters.size());
        for (const auto& filter : filters) out.push_back(build(filter));
        return out;
    }

    Condition build(const Filter& filter) const {
        Condition c = plain(filter);
        if (filter.negate) c.negate = !c.negate;
        return c;
    }

    template <class T> static Condition linked_to(const Filter& filter) {
        const auto& schema = RecordSchema<T>::get();
        Condition c;
        c.op = CompareOp::exists;
        c.linked = &schema.table;
        c.terms = ConditionBuilder{schema.fields, schema.lists}.build(filter.all);
        return c;
    }

    Condition plain(const Filter& filter) const {
        if (!filter.any.empty()) {
            Condition c;
            c.op = CompareOp::any;
            c.terms = build(filter.any);
            return c;
        }
        if (!filter.linked.empty()) {
            if (filter.linked == "history") {
                Condition c = linked_to<HistoryItem>(filter);
                for (const auto& l : RecordSchema<HistoryItem>::get().lists)
                    if (l.name == "links") c.link_child = l.child_table;
                for (const auto& t : c.linked->children)
                    if (t.name == c.link_child && !t.columns.empty())
                        c.link_column = t.columns[0].name;
                return c;
            }
            if (filter.linked == "opportunities") {
                Condition c = linked_to<Opportunity>(filter);
                for (const auto& f : RecordSchema<Opportunity>::get().fields)
                    if (f.name == "linked_to") c.link_column = f.column;
                return c;
            }
            if (filter.linked == "account") {
                const FieldInfo* account = field("account_id");
                if (!account)
                    fail(ErrorCode::validation,
                         "'linked': only leads and business contacts have an account");
                Condition c = linked_to<Account>(filter);
                c.link_column = "id";
                c.outer_column = account->column;
                return c;
            }
            fail(ErrorCode::validation,
                 "'linked' is history, opportunities or account, not '" + filter.linked + "'");
        }
        if (!filter.all.empty()) {
            Condition c;
            c.op = CompareOp::all;
            c.terms = build(filter.all);
            return c;
        }
        return condition(filter);
    }

    Condition condition(const Filter& filter) const {
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
            return c;
        }
        if (filter.field.starts_with("custom.") && !field(filter.field)) {
            for (const auto& l : lists)
                if (l.name == "custom") return custom_condition(l, filter);
            fail(ErrorCode::validation, "unknown field '" + filter.field +
                                            "' (this record type has no user-defined "
                                            "fields)");
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
        return c;
    }
};

} // namespace

void check_query_limits(const RecordQuery& query) {
    FilterCounts counts;
    count_filters(query.where, 0, counts);
    check_query_limit(counts.filters, limits::query_conditions, "query_conditions", "conditions");
    if (counts.depth > limits::query_nesting)
        fail(ErrorCode::validation, "the query's filter groups nest " +
                                        std::to_string(counts.depth) +
                                        " levels deep; the limit (query_nesting) is " +
                                        std::to_string(limits::query_nesting));
    check_query_limit(query.order_by.size(), limits::query_sort_keys, "query_sort_keys",
                      "sort keys");
    check_query_limit(counts.in_values, limits::query_in_values, "query_in_values",
                      "values in its 'in' lists");
}

std::vector<Condition> build_conditions(const std::vector<FieldInfo>& fields,
                                        const std::vector<ListFieldInfo>& lists,
                                        const std::vector<Filter>& filters) {
    return ConditionBuilder{fields, lists}.build(filters);
}

Query build_query(const std::vector<FieldInfo>& fields, const std::vector<ListFieldInfo>& lists,
                  const RecordQuery& query) {
    check_query_limits(query);
    Query out;
    out.where = build_conditions(fields, lists, query.where);
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
