// report_plan.hpp: a ReportDefinition checked against its record type and
// turned into what storage runs: projections for the row query, group
// columns for the count query, and how each stored value reads back as JSON
// and as text.
#pragma once

#include <leadbook/reports.hpp>
#include <leadbook/storage.hpp>

#include <functional>
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

/// A column or group field of a report, resolved against the record type.
struct PlannedField {
    std::string name;      ///< JSON name: "full_name", "emails.address"
    std::string heading;   ///< "Name", "E-mail"
    Projection projection; ///< what the row query selects
    ValueReader read = nullptr;
    bool user_id = false;   ///< a user's id: shown as the user's name
    bool timestamp = false; ///< shown as "2026-11-27 09:30"
    bool nocase = false;    ///< stored text compares ignoring case
};

struct ReportPlan {
    const TableDef* table = nullptr;
    std::string noun_plural; ///< "leads", "business contacts"
    std::vector<PlannedField> groups;
    std::vector<PlannedField> columns;
    Query rows;  ///< filters, order (groups, sort keys), limit, offset
    Query where; ///< the filters alone, for counting
    std::string title;
};

/// Checks `definition` (Error(validation) naming the field, operator or
/// value) and plans it. Nothing touches storage.
ReportPlan plan_report(const ReportDefinition& definition);

/// The projections of the row query: the group fields, then the columns.
std::vector<Projection> row_projections(const ReportPlan& plan);

/// Fields holding a user's id, shown as the user's name.
bool is_user_field(std::string_view name);

/// "full_name" -> "Name", "score.stars" -> "Stars", "job_title" -> "Job title".
std::string heading_for(std::string_view field);

} // namespace leadbook::detail
