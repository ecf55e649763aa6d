// leadbook/reports.hpp: reports over leads, contacts, accounts and opportunities.
//
//   leadbook::Reports reports(book);
//   auto report = reports.run("leads_by_score");            // built-in or saved name
//   for (const auto& group : report.groups()) ...             // counted in the database
//   while (auto row = report.next_row()) ...                  // streamed, group order first
//   report.write("html", "scores.html");                      // or "csv", "json"
//
//   auto def = leadbook::parse_report_definition(R"({"record_type": "leads",
//       "columns": ["full_name", "rating"], "group_by": ["assigned_to"],
//       "filters": [{"field": "rating", "op": "eq", "value": "hot"}],
//       "sort": [{"field": "full_name", "descending": true}]})");
//   reports.save("Hot leads", def);                           // category "Leads"
//
// A definition names fields as the record types' JSON does ("full_name",
// "score.stars"); a column may also be the first entry of a list
// ("emails.address", "phones.number"). Everything is checked against the
// record type's description before anything runs or is stored; errors are
// Error(validation) naming the field, operator or value. Filters are the
// conditions of a find (leadbook::Filter, leadbook/query.hpp): the same
// operators, JSON and messages ("'filters[0].op': 'like' is not an
// operator; use one of: eq, ne, ...").
//
// A report runs as one parameterised SQL query for its rows (ordered by the
// group fields, then the sort keys) and one GROUP BY query for its group
// counts; nothing loads every record. Writers stream: a million-row CSV
// needs little memory.
#pragma once

#include <leadbook/error.hpp>
#include <leadbook/json.hpp>
#include <leadbook/query.hpp>
#include <leadbook/types.hpp>

#include <boost/describe/class.hpp>
#include <boost/describe/enum.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <iosfwd>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace leadbook {

class LeadBook;

/// The records a report is about.
enum class ReportRecordType { leads, business_contacts, accounts, opportunities };
BOOST_DESCRIBE_ENUM(ReportRecordType, leads, business_contacts, accounts, opportunities)

struct ReportSort {
    std::string field;
    bool descending = false;
    bool operator==(const ReportSort&) const = default;
};
BOOST_DESCRIBE_STRUCT(ReportSort, (), (field, descending))

/// A calendar period a date or time field is grouped or filtered by. A
/// week is an ISO week (Monday to Sunday, "2026-W48"); a quarter is
/// "2026-Q4".
enum class ReportPeriod { day, week, month, quarter, year };
BOOST_DESCRIBE_ENUM(ReportPeriod, day, week, month, quarter, year)

/// How the groups of a level are ordered: by their key (the default), by
/// their count, or by one of the report's totals (named by `total`).
enum class ReportGroupOrder { key, count, total };
BOOST_DESCRIBE_ENUM(ReportGroupOrder, key, count, total)

/// A grouping level. In JSON either the field name ("assigned_to") or an
/// object: {"field": "created_at", "period": "month"},
/// {"field": "stage", "order": "total", "total": "sum_total",
/// "descending": true}. `period` groups a date or time field by day,
/// week, month, quarter or year (in the definition's time zone); `order`
/// sorts the groups by key, count or a total, ascending unless
/// `descending`.
struct ReportGroupBy {
    std::string field;
    bool descending = false;
    std::optional<ReportPeriod> period;
    ReportGroupOrder order = ReportGroupOrder::key;
    std::string total; ///< the total's name, with order "total"
    bool operator==(const ReportGroupBy&) const = default;
};
BOOST_DESCRIBE_STRUCT(ReportGroupBy, (), (field, descending, period, order, total))

/// What a total computes over a field's values in each group and over the
/// whole report. Values that are empty (null) are left out; `count` of a
/// group counts its records.
enum class ReportFunction { sum, average, minimum, maximum, distinct_count };
BOOST_DESCRIBE_ENUM(ReportFunction, sum, average, minimum, maximum, distinct_count)

/// A total of a report: `function` over `field`. Sums and averages take
/// number and money fields (a user-defined number field as
/// "custom.<name>"); minimum and maximum also dates and times; a distinct
/// count any field. Money stays exact: sums are exact, an average is
/// rounded to the cent (halves away from zero). `weighted_by` names a
/// percent field (0 to 100, such as an opportunity's "probability") that
/// weighs each value of a sum: the probability-weighted pipeline is
/// {"field": "total", "function": "sum", "weighted_by": "probability"}.
/// `name` is the total's key in JSON; empty: made from the function and
/// the field ("sum_total", "weighted_sum_total", "average_custom.budget").
struct ReportTotal {
    std::string field;
    ReportFunction function = ReportFunction::sum;
    std::string weighted_by;
    std::string name;
    bool operator==(const ReportTotal&) const = default;
};
BOOST_DESCRIBE_STRUCT(ReportTotal, (), (field, function, weighted_by, name))

/// Which periods a relative date filter keeps, counted from the current
/// one at the time the report runs: `this` the current period, `last` the
/// `count` whole periods before it, `next` the `count` after it.
enum class ReportRelative { this_period, last, next };
BOOST_DESCRIBE_ENUM(ReportRelative, this_period, last, next)

/// A filter on a date or time field relative to when the report runs, in
/// the definition's time zone: {"field": "created_at", "relative": "last",
/// "count": 7, "period": "day"} keeps the seven days before today;
/// {"field": "expected_close", "relative": "this_period", "period":
/// "month"} this month; "last" with count 1 and "quarter" last quarter.
/// `count` is 1 or more, and at most 100 years of its periods.
struct ReportDateFilter {
    std::string field;
    ReportRelative relative = ReportRelative::this_period;
    ReportPeriod period = ReportPeriod::day;
    std::int64_t count = 1;
    bool operator==(const ReportDateFilter&) const = default;
};
BOOST_DESCRIBE_STRUCT(ReportDateFilter, (), (field, relative, period, count))

/// The chart of a report's HTML page. `automatic` picks bars, stacked
/// bars with two levels, or a column chart when the first level is a
/// period. `pie` and `donut` show the shares of one level; `column` and
/// `line` need a first level grouped by a period.
enum class ReportChart { automatic, none, bars, stacked_bars, pie, donut, column, line };
BOOST_DESCRIBE_ENUM(ReportChart, automatic, none, bars, stacked_bars, pie, donut, column, line)

/// What a report shows. JSON keys are the member names; unknown keys are
/// rejected by name.
struct ReportDefinition {
    ReportRecordType record_type = ReportRecordType::leads;
    std::string title;                   ///< empty: made from the record type and groups
    std::vector<std::string> columns;    ///< empty: the record type's default columns
    std::vector<Filter> filters;         ///< combined with AND, as in a find
    std::vector<ReportSort> sort;        ///< within the groups
    std::vector<ReportGroupBy> group_by; ///< at most three levels, scalar fields only
    std::optional<std::int64_t> limit;   ///< rows shown; groups count every match
    std::optional<std::int64_t> offset;
    std::vector<ReportTotal> totals;            ///< per group and for the whole report
    std::vector<ReportDateFilter> date_filters; ///< combined with the filters (AND)
    /// A time zone of the system's database ("Europe/Berlin") that periods
    /// and relative date filters of time fields are reckoned in; empty: UTC.
    std::string time_zone;
    ReportChart chart = ReportChart::automatic;
    bool operator==(const ReportDefinition&) const = default;
};
BOOST_DESCRIBE_STRUCT(ReportDefinition, (),
                      (record_type, title, columns, filters, sort, group_by, limit, offset, totals,
                       date_filters, time_zone, chart))

// JSON of the members that are not plain described data (a group level's
// short form). Found by argument-dependent lookup from the generic
// conversion in json.hpp.
void read_json(const boost::json::value& v, ReportGroupBy& out, std::string_view path);
boost::json::value to_json(const ReportGroupBy& v);
struct ReportGroup;
boost::json::value to_json(const ReportGroup& v);

/// A definition from JSON (text or value); Error(validation) names a bad
/// or unknown key. Field names are checked when the report runs or is saved.
ReportDefinition parse_report_definition(std::string_view json_text);
ReportDefinition report_definition_from_json(const boost::json::value& v);
std::string report_definition_to_json_text(const ReportDefinition& definition);

/// "leads_by_assigned_to", "leads_by_assigned_to_and_rating", "leads_by_score".
/// They show open leads only (a filter status = open, in the definition):
/// to report disqualified leads, run a copy with another status filter.
std::span<const std::string_view> builtin_report_names() noexcept;
/// A built-in report's definition, or nullopt for other names (exact match).
std::optional<ReportDefinition> builtin_report(std::string_view name);

/// One group of a report, its count (of every matching record) and
/// totals, with its subgroups when the report groups on more levels.
struct ReportGroup {
    boost::json::value key; ///< the field's JSON value (a user id for assigned_to)
    std::string label;      ///< as people read it ("Ana Silva", "(none)")
    std::int64_t count = 0;
    std::vector<ReportGroup> subgroups;
    /// The report's totals over this group, by total name (money as
    /// "1200.50", numbers as numbers, null when no value was there).
    boost::json::object totals;
};
BOOST_DESCRIBE_STRUCT(ReportGroup, (), (key, label, count, subgroups, totals))

/// A column (or grouping field) of a report.
struct ReportColumn {
    std::string field;   ///< "full_name", "emails.address"
    std::string heading; ///< "Name", "E-mail"
};
BOOST_DESCRIBE_STRUCT(ReportColumn, (), (field, heading))

/// One row: the record's id, its group keys (one per level) and the
/// values of the columns, as JSON values and as text people read (a user's
/// name for assigned_to, "yes"/"no", "2026-11-27 09:30").
struct ReportRow {
    Id id = 0;
    std::vector<boost::json::value> group_keys;
    std::vector<std::string> group_labels;
    std::vector<boost::json::value> values;
    std::vector<std::string> texts;
};

/// A group that starts at a row, for printing a heading with its count
/// above the row (see Report::groups_starting).
struct ReportGroupStart {
    std::size_t level = 0;             ///< 0: the top level, 1 and 2: subgroups
    std::string label;                 ///< as people read the group's key
    std::optional<std::int64_t> count; ///< unknown when the group was not counted
    boost::json::object totals;        ///< the group's totals, by name
};

/// A total's JSON value as people read it: money and text as they are,
/// other numbers rounded to two decimals without trailing zeros ("600.25",
/// "3.67", "50"), nothing as "". JSON keeps the exact value.
std::string report_total_text(const boost::json::value& total);

/// A report being run: its groups (counted in the database when first
/// asked for) and its rows (streamed by next_row). The writers write the
/// whole report from its first row whatever next_row has read. Valid while
/// its LeadBook lives; used by one thread at a time.
class Report {
public:
    Report(Report&&) noexcept;
    Report& operator=(Report&&) noexcept;
    ~Report();

    const ReportDefinition& definition() const noexcept;
    const std::string& title() const noexcept;
    /// The filters in words: "Rating is hot and Stars is at least 3".
    const std::string& description() const noexcept;
    const std::vector<ReportColumn>& columns() const noexcept;
    const std::vector<ReportColumn>& group_fields() const noexcept;

    /// The groups, top level first (empty when the report does not group).
    const std::vector<ReportGroup>& groups();
    /// How many records match the filters (limit and offset aside).
    std::int64_t total();
    /// The definition's totals over every matching record, by name.
    const boost::json::object& totals();
    /// The totals' names (ReportColumn::field) and headings ("Sum of
    /// Total"), in the definition's order.
    const std::vector<ReportColumn>& total_fields() const noexcept;

    /// The next row, or nullopt after the last one.
    std::optional<ReportRow> next_row();
    /// The same into `row`, reusing its buffers; false after the last row.
    bool next_row(ReportRow& row);
    /// Starts the rows again from the first.
    void rewind();
    /// The groups that start at `row`, the latest row next_row read: the
    /// top level first, then the subgroup (none while the row's groups go
    /// on). Rows must be asked about in the order they were read.
    std::vector<ReportGroupStart> groups_starting(const ReportRow& row);
    /// {"id": 7, "group": [{"field", "key", "label"}...], "values": {field: value},
    ///  "text": {field: text}}: how rows cross the C ABI and JSON output.
    boost::json::object row_json(const ReportRow& row) const;
    /// Title, description, columns, group fields, total, totals (and their
    /// headings as "total_fields") and groups as JSON.
    boost::json::object summary_json();

    /// Writers: the whole report, streamed. CSV cells that a spreadsheet
    /// would run as a formula are written as text; HTML is one page with
    /// inline CSS and an SVG chart of the group counts, no script.
    void write_csv(std::ostream& out);
    void write_json(std::ostream& out);
    void write_html(std::ostream& out);
    /// format "csv", "json" or "html" (else Error(validation)) to the file
    /// `path` (replaced); Error(not_found) when it cannot be written. The
    /// file is written as leadbook/import.hpp's export_csv_file says: a
    /// link is followed, mode and owner kept, a non-regular file refused.
    void write(std::string_view format, const std::string& path);
    void write(std::string_view format, std::ostream& out);

    struct State;

private:
    friend class Reports;
    explicit Report(std::unique_ptr<State> state);
    std::unique_ptr<State> state_;
};

/// A report the user can open: built-in or saved.
struct ReportInfo {
    std::string name;
    std::string category;
    std::string title;
    bool builtin = false;
    Id id = 0; ///< the saved report's id; 0 for built-ins
};
BOOST_DESCRIBE_STRUCT(ReportInfo, (), (name, category, title, builtin, id))

/// Runs reports and keeps named ones, on top of LeadBook::saved_reports().
/// Saved names are unique ignoring case and may not be a built-in name.
class Reports {
public:
    explicit Reports(LeadBook& book) : book_(&book) {}

    /// Checks a definition against its record type's fields without running it.
    void validate(const ReportDefinition& definition) const;
    Report run(const ReportDefinition& definition);
    /// A built-in report or a saved one (re-validated; see open()).
    Report run(std::string_view name);
    /// `name_or_definition` is a JSON object (starts with '{') or a name.
    Report run_text(std::string_view name_or_definition);

    /// Validates and stores `definition` under `name`. An existing name is
    /// ErrorCode::conflict unless `replace`, which overwrites its definition
    /// and category. Returns the stored record.
    SavedReport save(const std::string& name, const ReportDefinition& definition,
                     const std::string& category = "Leads", bool replace = false);
    /// The definition of a built-in or saved report. A saved definition
    /// that no longer fits its record type (a field that has gone) is
    /// ErrorCode::validation naming the report and the field; a missing
    /// name is ErrorCode::not_found.
    ReportDefinition open(std::string_view name);
    /// Built-in and saved reports, by category then name; a category (any
    /// case) keeps only its reports.
    std::vector<ReportInfo> list(const std::optional<std::string>& category = std::nullopt);
    SavedReport rename(std::string_view old_name, const std::string& new_name);
    void remove(std::string_view name);

private:
    std::optional<SavedReport> find_saved(std::string_view name);
    LeadBook* book_;
};

} // namespace leadbook
