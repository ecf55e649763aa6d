#include "record_schema.hpp"

#include <charconv>
#include <cstdio>

namespace leadbook {

int TableDef::column_index(std::string_view column) const {
    for (std::size_t i = 0; i < columns.size(); ++i)
        if (columns[i].name == column) return static_cast<int>(i);
    return -1;
}

ReadShape ReadShape::whole(const TableDef& table) {
    ReadShape shape;
    for (std::size_t i = 0; i < table.children.size(); ++i) shape.children.push_back(int(i));
    return shape;
}

ReadShape ReadShape::of(std::vector<int> columns, std::vector<int> children) {
    ReadShape shape;
    shape.columns = std::move(columns);
    shape.all_columns = false;
    shape.children = std::move(children);
    return shape;
}

namespace detail {

bool is_system_field(std::string_view name) {
    for (auto f : system_fields)
        if (f == name) return true;
    return false;
}

void damaged_value(const std::string& what) {
    fail(ErrorCode::corrupt, "a stored value is not " + what +
                                 ": the database file is damaged or was altered "
                                 "(check() lists what is wrong)");
}

void ScalarColumn<std::string>::from_value(const Value& v, std::string& out) {
    if (const auto* s = std::get_if<std::string>(&v))
        out = *s;
    else if (std::holds_alternative<std::monostate>(v))
        out.clear();
    else
        damaged_value("text");
}

void ScalarColumn<bool>::from_value(const Value& v, bool& out) {
    const auto* i = std::get_if<std::int64_t>(&v);
    if (!i) damaged_value("a yes/no");
    out = *i != 0;
}

void ScalarColumn<double>::from_value(const Value& v, double& out) {
    if (const auto* d = std::get_if<double>(&v))
        out = *d;
    else if (const auto* i = std::get_if<std::int64_t>(&v))
        out = static_cast<double>(*i);
    else
        damaged_value("a number");
}

void ScalarColumn<Timestamp>::from_value(const Value& v, Timestamp& out) {
    const auto* i = std::get_if<std::int64_t>(&v);
    if (!i) damaged_value("a time");
    out.millis = *i;
}

void ScalarColumn<Date>::from_value(const Value& v, Date& out) {
    const auto* i = std::get_if<std::int64_t>(&v);
    if (!i) damaged_value("a date");
    out.days = static_cast<std::int32_t>(*i);
}

void ScalarColumn<Bytes>::from_value(const Value& v, Bytes& out) {
    if (const auto* b = std::get_if<Bytes>(&v))
        out = *b;
    else if (std::holds_alternative<std::monostate>(v))
        out.data.clear();
    else
        damaged_value("binary");
}

// Custom fields are stored as (name, type, value-as-text): the type keeps
// "5" the number apart from "5" the text.
std::vector<ColumnDef> custom_columns() {
    return {ColumnDef{"name", ColumnType::text, false, true, false},
            ColumnDef{"type", ColumnType::text, false, false, false},
            ColumnDef{"value", ColumnType::text, false, false, false}};
}

void custom_to_row(const std::string& name, const CustomValue& value, Row& row) {
    row.push_back(name);
    std::visit(
        [&](const auto& x) {
            using X = std::decay_t<decltype(x)>;
            if constexpr (std::is_same_v<X, std::string>) {
                row.push_back(std::string("text"));
                row.push_back(x);
            } else if constexpr (std::is_same_v<X, double>) {
                char buf[64];
                auto r = std::to_chars(buf, buf + sizeof buf, x);
                row.push_back(std::string("number"));
                row.push_back(std::string(buf, r.ptr));
            } else if constexpr (std::is_same_v<X, Date>) {
                row.push_back(std::string("date"));
                row.push_back(x.to_string());
            } else {
                row.push_back(std::string("yes_no"));
                row.push_back(std::string(x ? "true" : "false"));
            }
        },
        value);
}

void custom_from_row(const Row& row, CustomFields& out) {
    if (row.size() < 3) fail(ErrorCode::storage, "stored custom field row is short");
    const auto* name = std::get_if<std::string>(&row[0]);
    const auto* type = std::get_if<std::string>(&row[1]);
    const auto* text = std::get_if<std::string>(&row[2]);
    if (!name || !type || !text) fail(ErrorCode::storage, "stored custom field is malformed");
    if (*type == "text") {
        out[*name] = *text;
    } else if (*type == "number") {
        double d = 0;
        auto r = std::from_chars(text->data(), text->data() + text->size(), d);
        if (r.ec != std::errc()) fail(ErrorCode::storage, "stored custom number is malformed");
        out[*name] = d;
    } else if (*type == "date") {
        auto d = Date::parse(*text);
        if (!d) fail(ErrorCode::storage, "stored custom date is malformed");
        out[*name] = *d;
    } else if (*type == "yes_no") {
        out[*name] = *text == "true";
    } else {
        fail(ErrorCode::storage, "stored custom field has unknown type '" + *type + "'");
    }
}

} // namespace detail
} // namespace leadbook
