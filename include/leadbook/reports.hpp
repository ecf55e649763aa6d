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

/// A grouping level. In JSON either the field name ("assigned_to") or
/// {"field": "score.stars", "descending": true}.
struct ReportGroupBy {
    std::string field;
    bool descending = false;
    bool operator==(const ReportGroupBy&) const = default;
};
BOOST_DESCRIBE_STRUCT(ReportGroupBy, (), (field, descending))

/// What a report shows. JSON keys are the member names; unknown keys are
/// rejected by name.
struct ReportDefinition {
    ReportRecordType record_type = ReportRecordType::leads;
    std::string title;                   ///< empty: made from the record type and groups
    std::vector<std::string> columns;    ///< empty: the record type's default columns
    std::vector<Filter> filters;         ///< combined with AND, as in a find
    std::vector<ReportSort> sort;        ///< within the groups
    std::vector<ReportGroupBy> group_by; ///< at most two levels, scalar fields only
    std::optional<std::int64_t> limit;   ///< rows shown; groups count every match
    std::optional<std::int64_t> offset;
    bool operator==(const ReportDefinition&) const = default;
};
BOOST_DESCRIBE_STRUCT(ReportDefinition, (),
                      (record_type, title, columns, filters, sort, group_by, limit, offset))

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
std::span<const std::string_view> builtin_report_names() noexcept;
/// A built-in report's definition, or nullopt for other names (exact match).
std::optional<ReportDefinition> builtin_report(std::string_view name);

/// One group of a report and its count (of every matching record), with
/// its subgroups when the report groups on two levels.
struct ReportGroup {
    boost::json::value key; ///< the field's JSON value (a user id for assigned_to)
    std::string label;      ///< as people read it ("Ana Silva", "(none)")
    std::int64_t count = 0;
    std::vector<ReportGroup> subgroups;
};
BOOST_DESCRIBE_STRUCT(ReportGroup, (), (key, label, count, subgroups))

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
    std::size_t level = 0;             ///< 0: the top level, 1: a subgroup
    std::string label;                 ///< as people read the group's key
    std::optional<std::int64_t> count; ///< unknown when the group was not counted
};

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
    /// Title, description, columns, group fields, total and groups as JSON.
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
