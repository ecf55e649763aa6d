// Checking a report definition against its record type's description and
// planning its queries. Field names, SQL columns and value conversions all
// come from RecordSchema<T> (one walk over describe_members); filters go
// through the same query builder as Collection<T>::find.
#include "report_plan.hpp"

#include "../query_builder.hpp"
#include "../record_schema.hpp"

#include <cctype>
#include <limits>

namespace leadbook::detail {

namespace {

/// A field a report can show: a scalar of the record, or a scalar of the
/// elements of one of its lists (shown for the list's first entry).
struct FieldReader {
    std::string name;         ///< "company", "score.stars", "emails.address"
    std::string child_table;  ///< "emails", or empty
    std::string child_column; ///< the element's column, for child fields
    ValueReader read = nullptr;
    bool timestamp = false;
};

template <class M> constexpr bool is_timestamp_member() {
    return std::is_same_v<M, Timestamp> || std::is_same_v<M, std::optional<Timestamp>>;
}

void set_string(boost::json::value& out, std::string_view text) {
    if (auto* s = out.if_string())
        s->assign(text);
    else
        out = text;
}

template <class M> void read_into(const Value& stored, boost::json::value& out) {
    if (std::holds_alternative<std::monostate>(stored)) {
        out = nullptr;
    } else if constexpr (std::is_same_v<M, std::string>) {
        const auto* text = std::get_if<std::string>(&stored);
        if (!text) damaged_value("text");
        set_string(out, *text);
    } else if constexpr (is_timestamp_member<M>()) {
        const auto* millis = std::get_if<std::int64_t>(&stored);
        if (!millis) damaged_value("a time");
        char buffer[40];
        set_string(out, format_timestamp(*millis, buffer));
    } else {
        M member{};
        ScalarColumn<M>::from_value(stored, member);
        out = to_json(member);
    }
}

template <class T>
void collect_readers(std::vector<FieldReader>& out, const std::string& json_prefix,
                     const std::string& column_prefix, const std::string& child) {
    boost::mp11::mp_for_each<public_members<T>>([&](auto d) {
        using M = std::remove_cvref_t<decltype(std::declval<T&>().*d.pointer)>;
        if constexpr (is_vector<M>::value) {
            using E = typename M::value_type;
            if constexpr (Described<E>)
                if (child.empty()) collect_readers<E>(out, std::string(d.name) + ".", "", d.name);
        } else if constexpr (is_string_map<M>::value) {
            // custom fields: not report columns (yet)
        } else if constexpr (Described<M>) {
            collect_readers<M>(out, json_prefix + d.name + ".", column_prefix + d.name + "_",
                               child);
        } else {
            out.push_back(FieldReader{json_prefix + d.name, child, column_prefix + d.name,
                                      &read_into<M>, is_timestamp_member<M>()});
        }
    });
}

template <class T> const std::vector<FieldReader>& readers() {
    static const std::vector<FieldReader> all = [] {
        std::vector<FieldReader> out;
        collect_readers<T>(out, "", "", "");
        return out;
    }();
    return all;
}

const ColumnDef* column_def(const TableDef& table, const std::string& child,
                            const std::string& column) {
    if (child.empty()) {
        int i = table.column_index(column);
        return i < 0 ? nullptr : &table.columns[std::size_t(i)];
    }
    for (const auto& c : table.children)
        if (c.name == child)
            for (const auto& col : c.columns)
                if (col.name == column) return &col;
    return nullptr;
}

[[noreturn]] void invalid(const std::string& message) { fail(ErrorCode::validation, message); }

template <class T> std::vector<std::string> default_columns() {
    if constexpr (std::is_same_v<T, Account>)
        return {"name", "phones.number", "emails.address", "modified_at"};
    else if constexpr (std::is_same_v<T, Opportunity>)
        return {"title", "stage", "total", "probability", "expected_close", "assigned_to"};
    else
        return {"full_name",   "company", "phones.number", "emails.address",
                "score.stars", "source",  "modified_at"};
}

template <class T>
PlannedField resolve(const std::string& name, std::string_view where, bool scalar_only) {
    const auto& schema = RecordSchema<T>::get();
    const FieldReader* reader = nullptr;
    for (const auto& r : readers<T>())
        if (r.name == name) reader = &r;
    const std::string at = "'" + name + "'";
    if (!reader) {
        if (schema.is_list(name))
            invalid(std::string(where) + ": field " + at + " is a list" +
                    (scalar_only
                         ? " and cannot be grouped by"
                         : "; name a field of its first entry, such as '" + name + ".<field>'"));
        invalid(std::string(where) + ": unknown field " + at);
    }
    if (scalar_only && !reader->child_table.empty())
        invalid(std::string(where) + ": field " + at + " belongs to the list '" +
                reader->child_table + "' and cannot be grouped by");
    PlannedField f;
    f.name = name;
    f.heading = heading_for(name);
    f.read = reader->read;
    f.timestamp = reader->timestamp;
    f.user_id = is_user_field(name);
    std::string column = reader->child_column;
    if (reader->child_table.empty()) {
        const FieldInfo* info = schema.field(name);
        if (!info) invalid(std::string(where) + ": unknown field " + at);
        column = info->column;
        if (scalar_only && info->type == ColumnType::blob)
            invalid(std::string(where) + ": field " + at +
                    " holds binary data and cannot be grouped by");
    }
    f.projection = Projection{column, reader->child_table};
    if (const ColumnDef* def = column_def(schema.table, reader->child_table, column))
        f.nocase = def->nocase;
    else if (column != "id")
        fail(ErrorCode::internal, "report field " + at + " has no stored column");
    return f;
}

template <class T> ReportPlan plan_for(const ReportDefinition& definition, std::string noun) {
    const auto& schema = RecordSchema<T>::get();
    ReportPlan plan;
    plan.table = &schema.table;
    plan.noun_plural = std::move(noun);

    if (definition.group_by.size() > 2)
        invalid("group_by: at most two levels of grouping (got " +
                std::to_string(definition.group_by.size()) + ")");
    for (std::size_t i = 0; i < definition.group_by.size(); ++i) {
        const auto& g = definition.group_by[i];
        if (i == 1 && g.field == definition.group_by[0].field)
            invalid("group_by: field '" + g.field + "' is named twice");
        plan.groups.push_back(resolve<T>(g.field, "group_by[" + std::to_string(i) + "]", true));
        plan.rows.order_by.push_back(SortKey{plan.groups.back().projection.column, g.descending});
    }

    const auto columns = definition.columns.empty() ? default_columns<T>() : definition.columns;
    if (columns.size() > limits::report_columns)
        invalid("columns: the report has " + std::to_string(columns.size()) +
                " columns; the limit (report_columns) is " +
                std::to_string(limits::report_columns));
    {
        RecordQuery all;
        all.where = definition.filters;
        check_query_limits(all);
        check_query_limit(definition.sort.size() + definition.group_by.size(),
                          limits::query_sort_keys, "query_sort_keys", "sort keys and groups");
    }
    for (std::size_t i = 0; i < columns.size(); ++i)
        plan.columns.push_back(resolve<T>(columns[i], "columns[" + std::to_string(i) + "]", false));

    for (std::size_t i = 0; i < definition.filters.size(); ++i) {
        RecordQuery one;
        one.where.push_back(definition.filters[i]);
        try {
            auto built = build_query(schema, one);
            for (auto& c : built.where) plan.where.where.push_back(std::move(c));
        } catch (const Error& e) {
            fail(e.code(), "filters[" + std::to_string(i) + "]: " + e.what());
        }
    }
    plan.rows.where = plan.where.where;

    for (std::size_t i = 0; i < definition.sort.size(); ++i) {
        const auto& key = definition.sort[i];
        try {
            const FieldInfo& f = query_field(schema.fields, schema.lists, key.field);
            plan.rows.order_by.push_back(SortKey{f.column, key.descending});
        } catch (const Error& e) {
            fail(e.code(), "sort[" + std::to_string(i) + "]: " + e.what());
        }
    }
    if (definition.limit && *definition.limit < 0) invalid("limit: cannot be negative");
    if (definition.offset && *definition.offset < 0) invalid("offset: cannot be negative");
    plan.rows.limit = definition.limit.value_or(-1);
    plan.rows.offset = definition.offset.value_or(0);

    plan.title = definition.title;
    if (plan.title.empty()) {
        plan.title = plan.noun_plural;
        plan.title[0] = char(std::toupper(static_cast<unsigned char>(plan.title[0])));
        for (std::size_t i = 0; i < plan.groups.size(); ++i)
            plan.title += (i ? " and " : " by ") + plan.groups[i].heading;
    }
    return plan;
}

} // namespace

ReportPlan plan_report(const ReportDefinition& definition) {
    switch (definition.record_type) {
    case ReportRecordType::leads: return plan_for<Lead>(definition, "leads");
    case ReportRecordType::business_contacts:
        return plan_for<BusinessContact>(definition, "business contacts");
    case ReportRecordType::accounts: return plan_for<Account>(definition, "accounts");
    case ReportRecordType::opportunities: return plan_for<Opportunity>(definition, "opportunities");
    }
    fail(ErrorCode::validation, "record_type: unknown record type");
}

std::vector<Projection> row_projections(const ReportPlan& plan) {
    std::vector<Projection> out;
    out.reserve(plan.groups.size() + plan.columns.size());
    for (const auto& g : plan.groups) out.push_back(g.projection);
    for (const auto& c : plan.columns) out.push_back(c.projection);
    return out;
}

bool is_user_field(std::string_view name) { return name == "assigned_to" || name == "modified_by"; }

std::string_view format_timestamp(std::int64_t millis, char (&buffer)[40]) {
    thread_local std::int64_t cached_day = std::numeric_limits<std::int64_t>::min();
    thread_local std::string day_text;
    std::int64_t seconds = millis / 1000, ms = millis % 1000;
    if (ms < 0) {
        ms += 1000;
        seconds -= 1;
    }
    std::int64_t days = seconds / 86400, rest = seconds % 86400;
    if (rest < 0) {
        rest += 86400;
        days -= 1;
    }
    if (days != cached_day) {
        day_text = Timestamp{days * 86'400'000}.to_string();
        day_text.resize(day_text.find('T'));
        cached_day = days;
    }
    std::size_t n = day_text.copy(buffer, 20);
    auto two = [&](std::int64_t v) {
        buffer[n++] = char('0' + v / 10);
        buffer[n++] = char('0' + v % 10);
    };
    buffer[n++] = 'T';
    two(rest / 3600);
    buffer[n++] = ':';
    two(rest / 60 % 60);
    buffer[n++] = ':';
    two(rest % 60);
    if (ms) {
        buffer[n++] = '.';
        buffer[n++] = char('0' + ms / 100);
        two(ms % 100);
    }
    buffer[n++] = 'Z';
    return {buffer, n};
}

std::string heading_for(std::string_view field) {
    static constexpr std::pair<std::string_view, std::string_view> named[] = {
        {"full_name", "Name"},          {"emails.address", "E-mail"},
        {"phones.number", "Phone"},     {"web_pages.url", "Web page"},
        {"score.stars", "Stars"},       {"score.percent", "Score %"},
        {"modified_at", "Modified"},    {"created_at", "Created"},
        {"modified_by", "Modified by"}, {"assigned_to", "Assigned to"},
        {"account_id", "Account"},      {"expected_close", "Expected close"}};
    for (const auto& [name, heading] : named)
        if (name == field) return std::string(heading);
    std::string out;
    for (char c : field) out += (c == '_' || c == '.') ? ' ' : c;
    if (!out.empty()) out[0] = char(std::toupper(static_cast<unsigned char>(out[0])));
    return out;
}

} // namespace leadbook::detail
