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
    ValueKind kind = ValueKind::other;
};

template <class M> constexpr bool is_timestamp_member() {
    return std::is_same_v<M, Timestamp> || std::is_same_v<M, std::optional<Timestamp>>;
}

template <class T> struct unwrap_optional { using type = T; };
template <class T> struct unwrap_optional<std::optional<T>> { using type = T; };

/// What a member's stored value is; ids (a user's, an account's, the
/// record's own) and versions are integers that are not amounts.
template <class M> ValueKind kind_of(std::string_view name) {
    using V = typename unwrap_optional<M>::type;
    if (name == "id" || name == "version" || name == "linked_to" || name.ends_with("_id") ||
        is_user_field(name))
        return ValueKind::identifier;
    if constexpr (std::is_same_v<V, Money>)
        return ValueKind::money;
    else if constexpr (std::is_same_v<V, Timestamp>)
        return ValueKind::time;
    else if constexpr (std::is_same_v<V, Date>)
        return ValueKind::date;
    else if constexpr (std::is_same_v<V, std::string>)
        return ValueKind::text;
    else if constexpr (std::is_same_v<V, bool> || std::is_enum_v<V>)
        return ValueKind::other;
    else if constexpr (std::is_integral_v<V>)
        return ValueKind::integer;
    else if constexpr (std::is_floating_point_v<V>)
        return ValueKind::real;
    else
        return ValueKind::other;
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
            const std::string name = json_prefix + d.name;
            out.push_back(FieldReader{name, child, column_prefix + d.name, &read_into<M>,
                                      is_timestamp_member<M>(), kind_of<M>(name)});
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
    f.kind = reader->kind;
    if (reader->child_table.empty()) f.column = schema.table.column_index(column);
    if (const ColumnDef* def = column_def(schema.table, reader->child_table, column))
        f.nocase = def->nocase;
    else if (column != "id")
        fail(ErrorCode::internal, "report field " + at + " has no stored column");
    return f;
}

std::string function_words(ReportFunction f) {
    switch (f) {
    case ReportFunction::sum: return "Sum";
    case ReportFunction::average: return "Average";
    case ReportFunction::minimum: return "Minimum";
    case ReportFunction::maximum: return "Maximum";
    case ReportFunction::distinct_count: return "Distinct";
    }
    return "?";
}

std::string kind_words(ValueKind kind) {
    switch (kind) {
    case ValueKind::integer:
    case ValueKind::real: return "a number field";
    case ValueKind::money: return "a money field";
    case ValueKind::date: return "a date field";
    case ValueKind::time: return "a time field";
    case ValueKind::text: return "a text field";
    case ValueKind::identifier: return "a field of ids";
    case ValueKind::other: break;
    }
    return "not a number field";
}

void read_custom_number(const Value& stored, boost::json::value& out) {
    if (const auto* d = std::get_if<double>(&stored))
        out = *d;
    else if (const auto* t = std::get_if<std::string>(&stored))
        set_string(out, *t);
    else if (const auto* i = std::get_if<std::int64_t>(&stored))
        out = *i != 0;
    else
        out = nullptr;
}

/// The totals of a definition, checked against the record type's fields
/// and its user-defined fields.
template <class T>
void plan_totals(ReportPlan& plan, const ReportDefinition& definition,
                 std::span<const CustomFieldType> custom_fields) {
    if (definition.totals.size() > limits::report_columns)
        invalid("totals: the report has " + std::to_string(definition.totals.size()) +
                " totals; the limit (report_columns) is " + std::to_string(limits::report_columns));
    for (std::size_t i = 0; i < definition.totals.size(); ++i) {
        const auto& t = definition.totals[i];
        const std::string where = "totals[" + std::to_string(i) + "]";
        PlannedTotal total;
        total.function = t.function;
        std::string heading;
        if (t.field.starts_with("custom.")) {
            const std::string name = t.field.substr(7);
            const CustomFieldType* found = nullptr;
            for (const auto& c : custom_fields)
                if (c.name == name) found = &c;
            if (!found)
                invalid(where + ": there is no user-defined field '" + name + "' of " +
                        plan.noun_plural);
            total.custom = name;
            total.column = -1;
            total.kind = found->type == FieldType::number ? ValueKind::real
                         : found->type == FieldType::date ? ValueKind::date
                                                          : ValueKind::text;
            total.read = &read_custom_number;
            heading = name;
        } else {
            const PlannedField f = resolve<T>(t.field, where, true);
            total.kind = f.kind;
            total.column = f.column;
            total.read = f.read;
            total.nocase = f.nocase;
            heading = f.heading;
            if (f.column < 0)
                invalid(where + ": field '" + t.field + "' is " + kind_words(f.kind) +
                        " and has no " + std::string(enum_name(t.function)));
        }
        const bool amount = total.kind == ValueKind::integer || total.kind == ValueKind::real ||
                            total.kind == ValueKind::money;
        const bool ordered =
            amount || total.kind == ValueKind::date || total.kind == ValueKind::time;
        switch (t.function) {
        case ReportFunction::sum:
        case ReportFunction::average:
            if (!amount)
                invalid(where + ": field '" + t.field + "' is " + kind_words(total.kind) + "; " +
                        std::string(enum_name(t.function)) + " needs a number or money field");
            break;
        case ReportFunction::minimum:
        case ReportFunction::maximum:
            if (!ordered)
                invalid(where + ": field '" + t.field + "' is " + kind_words(total.kind) + "; " +
                        std::string(enum_name(t.function)) +
                        " needs a number, money, date or time field");
            break;
        case ReportFunction::distinct_count: break;
        }
        if (!t.weighted_by.empty()) {
            if (t.function != ReportFunction::sum)
                invalid(where + ": weighted_by goes with the function sum only");
            const PlannedField w = resolve<T>(t.weighted_by, where + ".weighted_by", true);
            if (w.kind != ValueKind::integer || w.column < 0)
                invalid(where + ".weighted_by: field '" + t.weighted_by + "' is " +
                        kind_words(w.kind) + "; a weight is a percent (number) field");
            total.weight = w.column;
        }
        total.name = t.name;
        if (total.name.empty())
            total.name = (t.weighted_by.empty() ? "" : "weighted_") +
                         std::string(enum_name(t.function)) + "_" + t.field;
        for (const auto& other : plan.totals)
            if (other.name == total.name)
                invalid(where + ": the name '" + total.name +
                        "' is taken by another total; give one a different name");
        total.heading = function_words(t.function) + " of " + heading;
        if (t.function == ReportFunction::distinct_count) total.heading = "Distinct " + heading;
        if (!t.weighted_by.empty())
            total.heading =
                "Weighted sum of " + heading + " (by " + heading_for(t.weighted_by) + ")";
        plan.totals.push_back(std::move(total));
    }
}

/// The relative date filters as conditions on the stored values.
template <class T>
void plan_date_filters(ReportPlan& plan, const ReportDefinition& definition, Timestamp now) {
    // Filters and date filters together stay within one query's limit.
    check_query_limit(definition.filters.size() + definition.date_filters.size(),
                      limits::query_conditions, "query_conditions", "filters and date filters");
    for (std::size_t i = 0; i < definition.date_filters.size(); ++i) {
        const auto& f = definition.date_filters[i];
        const std::string where = "date_filters[" + std::to_string(i) + "]";
        const PlannedField field = resolve<T>(f.field, where, true);
        if (field.kind != ValueKind::date && field.kind != ValueKind::time)
            invalid(where + ": field '" + f.field + "' is " + kind_words(field.kind) +
                    ", not a date or time field");
        const std::int64_t most = max_periods(f.period);
        if (f.relative != ReportRelative::this_period && (f.count < 1 || f.count > most))
            invalid(where + ".count: " + std::to_string(f.count) + " is not a length; use 1 to " +
                    std::to_string(most) + " (" + std::string(enum_name(f.period)) + "s)");
        if (f.relative == ReportRelative::this_period && f.count != 1)
            invalid(where + ".count: 'this_period' is one period; leave count out");
        const bool time = field.kind == ValueKind::time;
        const std::int64_t today = local_day(*plan.zone, now.millis);
        const std::int64_t current = period_index(f.period, today);
        std::int64_t from = current, to = current + 1;
        if (f.relative == ReportRelative::last) {
            from = current - f.count;
            to = current;
        } else if (f.relative == ReportRelative::next) {
            from = current + 1;
            to = current + 1 + f.count;
        }
        auto bound = [&](std::int64_t index) -> std::int64_t {
            const std::int64_t day = period_start(f.period, index);
            if (!time) return day;
            return plan.zone->to_utc(day * 86400) * 1000;
        };
        plan.where.where.push_back(
            Condition{field.projection.column, CompareOp::ge, Value{bound(from)}, {}, false});
        plan.where.where.push_back(
            Condition{field.projection.column, CompareOp::lt, Value{bound(to)}, {}, false});
    }
}

template <class T>
ReportPlan plan_for(const ReportDefinition& definition, std::string noun,
                    std::span<const CustomFieldType> custom_fields, Timestamp now) {
    const auto& schema = RecordSchema<T>::get();
    ReportPlan plan;
    plan.table = &schema.table;
    plan.noun_plural = std::move(noun);
    for (std::size_t i = 0; i < schema.table.children.size(); ++i)
        if (schema.table.children[i].name == "custom_fields") plan.custom_child = int(i);
    plan.zone = TimeZone::load(definition.time_zone);

    if (definition.group_by.size() > 3)
        invalid("group_by: at most three levels of grouping (got " +
                std::to_string(definition.group_by.size()) + ")");
    plan_totals<T>(plan, definition, custom_fields);
    for (std::size_t i = 0; i < definition.group_by.size(); ++i) {
        const auto& g = definition.group_by[i];
        const std::string where = "group_by[" + std::to_string(i) + "]";
        for (std::size_t j = 0; j < i; ++j)
            if (g.field == definition.group_by[j].field &&
                g.period == definition.group_by[j].period)
                invalid("group_by: field '" + g.field + "' is named twice");
        PlannedField f = resolve<T>(g.field, where, true);
        f.period = g.period;
        f.order = g.order;
        f.descending = g.descending;
        if (g.period) {
            if (f.kind != ValueKind::date && f.kind != ValueKind::time)
                invalid(where + ".period: field '" + g.field + "' is " + kind_words(f.kind) +
                        ", not a date or time field; only dates and times have periods");
            f.heading += " (" + std::string(enum_name(*g.period)) + ")";
        }
        if (g.order == ReportGroupOrder::total) {
            bool found = false;
            for (std::size_t t = 0; t < plan.totals.size(); ++t)
                if (plan.totals[t].name == g.total) {
                    f.order_total = t;
                    found = true;
                }
            if (!found)
                invalid(where + ".total: '" + g.total + "' is not one of the report's totals" +
                        (plan.totals.empty() ? std::string(" (it has none)") : std::string()));
        } else if (!g.total.empty()) {
            invalid(where + ".total: goes with order 'total' only");
        }
        plan.groups.push_back(std::move(f));
    }
    // Groups come from the database as counts when they are plain values in
    // key order; otherwise the report layer makes them from the rows. Rows
    // follow the groups: in one query ordered by the group fields while SQL
    // can give that order (a period orders as its field does only as the
    // last level), else one query per group of the levels down to the last
    // one that SQL cannot order.
    for (std::size_t i = 0; i < plan.groups.size(); ++i) {
        const auto& g = plan.groups[i];
        if (g.period || g.order != ReportGroupOrder::key || !plan.totals.empty())
            plan.aggregated = true;
        const bool sql_order =
            g.order == ReportGroupOrder::key && (!g.period || i + 1 == plan.groups.size());
        if (!sql_order) plan.segment_levels = i + 1;
    }
    if (!plan.totals.empty()) plan.aggregated = true;
    for (std::size_t i = plan.segment_levels; i < plan.groups.size(); ++i)
        plan.rows.order_by.push_back(
            SortKey{plan.groups[i].projection.column, plan.groups[i].descending});

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
    plan_date_filters<T>(plan, definition, now);
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

    plan.chart = definition.chart;
    const bool by_period = !plan.groups.empty() && plan.groups[0].period;
    auto refuse_chart = [&](const std::string& needs) {
        invalid("chart: a " + std::string(enum_name(definition.chart)) + " chart needs " + needs);
    };
    switch (definition.chart) {
    case ReportChart::automatic:
        plan.chart = plan.groups.empty()      ? ReportChart::none
                     : by_period              ? ReportChart::column
                     : plan.groups.size() > 1 ? ReportChart::stacked_bars
                                              : ReportChart::bars;
        break;
    case ReportChart::none: break;
    case ReportChart::bars:
    case ReportChart::pie:
    case ReportChart::donut:
        if (plan.groups.empty()) refuse_chart("groups (group_by)");
        break;
    case ReportChart::stacked_bars:
        if (plan.groups.size() < 2) refuse_chart("two levels of groups (group_by)");
        break;
    case ReportChart::column:
    case ReportChart::line:
        if (!by_period)
            refuse_chart("a first group level by period (group_by[0] with a \"period\")");
        break;
    }

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

ReportPlan plan_report(const ReportDefinition& definition,
                       std::span<const CustomFieldType> custom_fields, Timestamp now) {
    switch (definition.record_type) {
    case ReportRecordType::leads: return plan_for<Lead>(definition, "leads", custom_fields, now);
    case ReportRecordType::business_contacts:
        return plan_for<BusinessContact>(definition, "business contacts", custom_fields, now);
    case ReportRecordType::accounts:
        return plan_for<Account>(definition, "accounts", custom_fields, now);
    case ReportRecordType::opportunities:
        return plan_for<Opportunity>(definition, "opportunities", custom_fields, now);
    }
    fail(ErrorCode::validation, "record_type: unknown record type");
}

FieldOwner field_owner(ReportRecordType type) noexcept {
    switch (type) {
    case ReportRecordType::leads: return FieldOwner::lead;
    case ReportRecordType::business_contacts: return FieldOwner::business_contact;
    case ReportRecordType::accounts: return FieldOwner::account;
    case ReportRecordType::opportunities: return FieldOwner::opportunity;
    }
    return FieldOwner::lead;
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
