// report_plan.hpp: a ReportDefinition checked against its record type and
// turned into what storage runs: projections for the row query, group
// columns for the count query, and how each stored value reads back as JSON
// and as text.
#pragma once

#include <leadbook/activities.hpp>
#include <leadbook/reports.hpp>
#include <leadbook/storage.hpp>

#include "periods.hpp"

#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace leadbook::detail {

/// Reads a field's stored Value back as the field's JSON value into `out`,
/// reusing its string buffer when it holds one (rows are read in a loop).
using ValueReader = void (*)(const Value& stored, boost::json::value& out);

/// Timestamp::to_string()'s text ("2026-11-27T09:30:00Z", ".123" only with
/// milliseconds) written into `buffer` without allocating; the calendar day
/// is cached per thread, as report rows mostly share few days.
std::string_view format_timestamp(std::int64_t millis, char (&buffer)[40]);

/// What a stored value is, for totals and periods.
enum class ValueKind { integer, real, money, date, time, text, identifier, other };

/// A column or group field of a report, resolved against the record type.
struct PlannedField {
    std::string name;      ///< JSON name: "full_name", "emails.address"
    std::string heading;   ///< "Name", "E-mail"
    Projection projection; ///< what the row query selects
    ValueReader read = nullptr;
    bool user_id = false;   ///< a user's id: shown as the user's name
    bool timestamp = false; ///< shown as "2026-11-27 09:30"
    bool nocase = false;    ///< stored text compares ignoring case
    ValueKind kind = ValueKind::other;
    int column = -1;                    ///< index in the table's columns; -1: the id
    std::optional<ReportPeriod> period; ///< a group level by period
    ReportGroupOrder order = ReportGroupOrder::key;
    std::size_t order_total = 0; ///< index into ReportPlan::totals, with order "total"
    bool descending = false;
};

/// A total of the report, resolved: which stored value it reads and how.
struct PlannedTotal {
    std::string name;    ///< key in JSON: "sum_total"
    std::string heading; ///< "Sum of Total"
    ReportFunction function = ReportFunction::sum;
    ValueKind kind = ValueKind::other;
    int column = -1;    ///< index in the table's columns; -1: a user-defined field
    std::string custom; ///< the user-defined field's name
    int weight = -1;    ///< the weighing percent column, or -1
    ValueReader read = nullptr;
    bool nocase = false;
};

/// A user-defined field a report may total: its name and type.
struct CustomFieldType {
    std::string name;
    FieldType type = FieldType::text;
};

struct ReportPlan {
    const TableDef* table = nullptr;
    std::string noun_plural; ///< "leads", "business contacts"
    std::vector<PlannedField> groups;
    std::vector<PlannedField> columns;
    std::vector<PlannedTotal> totals;
    Query rows;  ///< filters, order (groups, sort keys), limit, offset
    Query where; ///< the filters alone, for counting
    std::string title;
    std::shared_ptr<const TimeZone> zone;
    /// Groups are made in the report layer (totals, periods, groups not in
    /// key order) rather than counted by the database.
    bool aggregated = false;
    /// Rows are read group by group, one query per group of the first
    /// `segment_levels` levels (their order is not one SQL can give).
    std::size_t segment_levels = 0;
    int custom_child = -1;                 ///< the table's child table of user-defined fields
    ReportChart chart = ReportChart::none; ///< the chart the HTML page draws
};

/// Checks `definition` (Error(validation) naming the field, operator or
/// value) and plans it, with relative date filters reckoned from `now`.
/// `custom_fields` are the user-defined fields of its record type (totals
/// may name them as "custom.<name>"). Nothing touches storage.
ReportPlan plan_report(const ReportDefinition& definition,
                       std::span<const CustomFieldType> custom_fields = {},
                       Timestamp now = Timestamp::now());

/// The owner of user-defined fields a report's records have.
FieldOwner field_owner(ReportRecordType type) noexcept;

/// Renames the user-defined field `from` of `owner` records to `to`
/// wherever `definition` names it ("custom.from" in its columns, filters,
/// linked filters on such records, sort, groups, totals and date filters).
/// Returns whether anything changed.
bool rename_custom_field(ReportDefinition& definition, FieldOwner owner, const std::string& from,
                         const std::string& to);

/// Renames the value `from` (any case) of the pick-list field `field`
/// ("rating", "source") of `type` records to `to` in the filters of
/// `definition` that compare that field with it: the value itself, or a
/// member of an `in` list; either/or groups and nested groups included.
/// Returns whether anything changed.
bool rename_list_value(ReportDefinition& definition, ReportRecordType type,
                       const std::string& field, const std::string& from, const std::string& to);

/// The projections of the row query: the group fields, then the columns.
std::vector<Projection> row_projections(const ReportPlan& plan);

/// Fields holding a user's id, shown as the user's name.
bool is_user_field(std::string_view name);

/// "full_name" -> "Name", "score.stars" -> "Stars", "job_title" -> "Job title".
std::string heading_for(std::string_view field);

} // namespace leadbook::detail
