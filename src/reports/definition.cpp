// Report definitions as JSON, and the built-in reports.
#include <leadbook/reports.hpp>

#include "report_plan.hpp"

#include "../case_fold.hpp"

#include <array>

namespace leadbook {

void read_json(const boost::json::value& v, ReportGroupBy& out, std::string_view path) {
    if (const auto* s = v.if_string()) {
        out.field = std::string(*s);
        out.descending = false;
        return;
    }
    detail::read_members(v, out, path);
}

boost::json::value to_json(const ReportGroupBy& v) {
    if (!v.descending && !v.period && v.order == ReportGroupOrder::key && v.total.empty())
        return boost::json::value(v.field);
    boost::json::object out{{"field", v.field}};
    if (v.descending) out["descending"] = true;
    if (v.period) out["period"] = enum_name(*v.period);
    if (v.order != ReportGroupOrder::key) out["order"] = enum_name(v.order);
    if (!v.total.empty()) out["total"] = v.total;
    return out;
}

boost::json::value to_json(const ReportGroup& v) {
    boost::json::object out{{"key", v.key}, {"label", v.label}, {"count", v.count}};
    if (!v.subgroups.empty()) {
        boost::json::array subgroups;
        for (const auto& g : v.subgroups) subgroups.push_back(to_json(g));
        out["subgroups"] = std::move(subgroups);
    }
    if (!v.totals.empty()) out["totals"] = v.totals;
    return out;
}

ReportDefinition report_definition_from_json(const boost::json::value& v) {
    if (!v.is_object()) fail(ErrorCode::validation, "a report definition must be a JSON object");
    return from_json<ReportDefinition>(v);
}

ReportDefinition parse_report_definition(std::string_view json_text) {
    return report_definition_from_json(parse_json(json_text));
}

std::string report_definition_to_json_text(const ReportDefinition& definition) {
    boost::json::value v = to_json(definition);
    // Absent limits stay absent rather than null, as does an is_empty
    // filter's unused value: shorter, and the same on reading.
    auto& o = v.as_object();
    if (!definition.limit) o.erase("limit");
    if (!definition.offset) o.erase("offset");
    if (definition.title.empty()) o.erase("title");
    if (definition.totals.empty()) o.erase("totals");
    if (definition.date_filters.empty()) o.erase("date_filters");
    if (definition.time_zone.empty()) o.erase("time_zone");
    if (definition.chart == ReportChart::automatic) o.erase("chart");
    if (auto* totals = o.if_contains("totals"))
        for (auto& t : totals->as_array()) {
            auto& to = t.as_object();
            if (to.at("weighted_by").as_string().empty()) to.erase("weighted_by");
            if (to.at("name").as_string().empty()) to.erase("name");
        }
    auto& filters = o.at("filters").as_array();
    for (std::size_t i = 0; i < filters.size(); ++i) {
        const Filter& f = definition.filters[i];
        if (f.op == FilterOp::is_empty && f.value.is_null()) filters[i].as_object().erase("value");
    }
    return serialize_json(v);
}

// ---- built-in reports --------------------------------------------------------

namespace {

constexpr std::array<std::string_view, 3> builtin_names = {
    "leads_by_assigned_to", "leads_by_assigned_to_and_rating", "leads_by_score"};

/// What Business Contact Manager's lead reports show: who, how to reach
/// them, how good a lead they are, where they came from, when last touched.
std::vector<std::string> lead_columns() {
    return {"full_name",   "company", "phones.number", "emails.address",
            "score.stars", "source",  "modified_at"};
}

} // namespace

std::span<const std::string_view> builtin_report_names() noexcept { return builtin_names; }

std::optional<ReportDefinition> builtin_report(std::string_view name) {
    ReportDefinition d;
    d.record_type = ReportRecordType::leads;
    d.columns = lead_columns();
    d.sort = {ReportSort{"full_name", false}};
    // Open leads only: a report of the others says so in its own filters
    // (a copy of the definition with another status filter, or none).
    d.filters = {Filter{"status", FilterOp::eq, boost::json::value("open")}};
    if (name == "leads_by_assigned_to") {
        d.title = "Leads by Assigned To";
        d.group_by = {ReportGroupBy{"assigned_to", false}};
    } else if (name == "leads_by_assigned_to_and_rating") {
        d.title = "Leads by Assigned To and Rating";
        d.group_by = {ReportGroupBy{"assigned_to", false}, ReportGroupBy{"rating", false}};
    } else if (name == "leads_by_score") {
        d.title = "Leads by Score";
        d.group_by = {ReportGroupBy{"score.stars", true}};
    } else {
        return std::nullopt;
    }
    return d;
}

} // namespace leadbook

namespace leadbook::detail {

namespace {

struct CustomRename {
    const std::string from;
    const std::string to;
    bool changed = false;

    void field(std::string& name) {
        if (name != from) return;
        name = to;
        changed = true;
    }

    /// `filters` on records of `owner` (nullopt: of a type without
    /// user-defined fields); `target` the records whose field is renamed.
    void filters(std::vector<Filter>& list, std::optional<FieldOwner> owner, FieldOwner target) {
        for (auto& f : list) {
            if (owner == target) field(f.field);
            filters(f.any, owner, target);
            if (f.linked.empty()) {
                filters(f.all, owner, target);
                continue;
            }
            std::optional<FieldOwner> linked;
            if (f.linked == "opportunities") linked = FieldOwner::opportunity;
            if (f.linked == "account") linked = FieldOwner::account;
            filters(f.all, linked, target);
        }
    }
};

/// Replaces `from` (any case) by `to` in the values of the filters on
/// `field` in `list`, and in its groups on the same records (not in linked
/// filters: those read other records).
bool rename_value(std::vector<Filter>& list, const std::string& field, const std::string& from,
                  const std::string& to) {
    const std::string folded = fold_case(from);
    auto rename = [&](boost::json::value& v) {
        const auto* text = v.if_string();
        if (!text || fold_case(*text) != folded) return false;
        v = to.c_str();
        return true;
    };
    bool changed = false;
    for (auto& f : list) {
        if (f.field == field) {
            if (auto* values = f.value.if_array())
                for (auto& v : *values) changed |= rename(v);
            else
                changed |= rename(f.value);
        }
        changed |= rename_value(f.any, field, from, to);
        if (f.linked.empty()) changed |= rename_value(f.all, field, from, to);
    }
    return changed;
}

} // namespace

bool rename_list_value(ReportDefinition& definition, ReportRecordType type,
                       const std::string& field, const std::string& from, const std::string& to) {
    if (definition.record_type != type) return false;
    return rename_value(definition.filters, field, from, to);
}

bool rename_custom_field(ReportDefinition& definition, FieldOwner owner, const std::string& from,
                         const std::string& to) {
    CustomRename rename{"custom." + from, "custom." + to};
    rename.filters(definition.filters, field_owner(definition.record_type), owner);
    if (field_owner(definition.record_type) == owner) {
        for (auto& c : definition.columns) rename.field(c);
        for (auto& s : definition.sort) rename.field(s.field);
        for (auto& g : definition.group_by) rename.field(g.field);
        for (auto& t : definition.totals) {
            // A total named after its field takes the new name; groups
            // ordered by it follow.
            auto derived = [&] {
                return (t.weighted_by.empty() ? "" : "weighted_") +
                       std::string(enum_name(t.function)) + "_" + t.field;
            };
            const std::string before = derived();
            rename.field(t.field);
            rename.field(t.weighted_by);
            if (t.name.empty() && derived() != before)
                for (auto& g : definition.group_by)
                    if (g.total == before) g.total = derived();
        }
        for (auto& d : definition.date_filters) rename.field(d.field);
    }
    return rename.changed;
}

} // namespace leadbook::detail
